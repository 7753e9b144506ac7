"""The built-in rules; importing this package registers every one of them."""

from preaudit.validators.rules import (  # noqa: F401
    contract,
    documents,
    education,
    eligibility,
    files,
    fraud,
    identity,
    insurance,
    photo,
    publicity,
    seals,
    seniority,
    unit,
)

__all__ = [
    "contract",
    "documents",
    "education",
    "eligibility",
    "files",
    "fraud",
    "identity",
    "insurance",
    "photo",
    "publicity",
    "seals",
    "seniority",
    "unit",
]
