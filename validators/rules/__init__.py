"""The built-in rules; importing this package registers every one of them."""

from validators.rules import contract, documents, files, identity, insurance, unit  # noqa: F401

__all__ = ["contract", "documents", "files", "identity", "insurance", "unit"]
