"""preaudit pipeline: ingest, render, OCR, classify, data model, report writing."""

__version__ = "0.1.0"
