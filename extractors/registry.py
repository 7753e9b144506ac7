"""Imports every extractor module so that each registers itself with `extractors.base.register`."""

from extractors import contract, id_card, pension_certificate  # noqa: F401
