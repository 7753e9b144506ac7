"""preaudit pipeline: ingest, render, OCR, classify, data model, report writing."""

from preaudit.pipeline import offline as _offline  # noqa: F401 - network switches before any engine import

__version__ = "0.1.0"
