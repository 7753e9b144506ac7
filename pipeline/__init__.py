"""preaudit pipeline: ingest, render, OCR, classify, data model, report writing."""

from preaudit.pipeline import offline as _offline  # noqa: F401 - network switches before any engine import
from preaudit.pipeline import lean as _lean  # noqa: F401 - pymupdf's unused layout model stays unloaded

__version__ = "0.1.0"
# The policy an audit uses unless told otherwise (the CLI, the flows and AuditOptions share it).
DEFAULT_POLICY = "kunming-panlong-2024q3"
