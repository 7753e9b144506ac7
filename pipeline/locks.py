"""Process-wide locks shared by stages that must not import one another.

MuPDF is not thread-safe: every MuPDF call in the process takes MUPDF_LOCK, whether it reads a
user's file (preaudit.pipeline.intake.source) or lays out a report (preaudit.pipeline.report.pdf).
It lives here, at the root of the pipeline, so that the report writer can take it without
depending on intake.
"""

from __future__ import annotations

import threading

MUPDF_LOCK = threading.RLock()
