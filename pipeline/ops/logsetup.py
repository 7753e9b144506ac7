"""Logging for the command line: one handler on stderr that masks ID numbers, and quiet libraries.

An ID number in a folder or file name must never reach a log line in full, tracebacks included.
The OCR libraries install coloured handlers of their own on import (paddlex prints "Creating
model: …" in green for every model); giving them ours first keeps them to warnings and errors
(everything with `-v`), masked, and above the progress bar (the handler writes to whatever
sys.stderr is when it writes, which rich redirects while a bar is drawn).
"""

from __future__ import annotations

import logging
import os
import sys

from preaudit.pipeline.model import mask_ids_in_text

# libraries that configure a handler of their own unless the logger has one already
QUIET_LOGGERS = ("paddlex", "RapidOCR", "paddleocr")


class MaskIdsFilter(logging.Filter):
    """Never let a full ID number reach a log line (message, arguments or traceback)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_ids_in_text(record.getMessage())
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_ids_in_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_ids_in_text(record.stack_info)
        return True


class _CurrentStderr:
    """sys.stderr as it is when written to (rich swaps it while a progress bar is up)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def setup_logging(verbose: bool) -> logging.Handler:
    """Root logging to stderr, masked; INFO with `verbose`, else warnings only. Returns the handler."""
    os.environ.setdefault("PADDLEOCR_DISABLE_AUTO_LOGGING_CONFIG", "1")  # paddleocr then logs through ours
    handler = logging.StreamHandler(_CurrentStderr())  # type: ignore[arg-type]
    handler.addFilter(MaskIdsFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    quiet = logging.StreamHandler(_CurrentStderr())  # type: ignore[arg-type]
    quiet.addFilter(MaskIdsFilter())
    quiet.setFormatter(handler.formatter)
    quiet.setLevel(logging.INFO if verbose else logging.WARNING)
    for name in QUIET_LOGGERS:
        lib = logging.getLogger(name)
        lib.handlers[:] = [quiet]
        lib.propagate = False
    return handler
