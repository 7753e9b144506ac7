"""The built-in rules; importing this package registers every one of them."""

from preaudit.validators.rules import (  # noqa: F401
    application,
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
    scope,
    seniority,
    tenure,
    unit,
)

__all__ = [
    "application",
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
    "scope",
    "seniority",
    "tenure",
    "unit",
]
