"""Libraries' optional models the pipeline never uses, kept from loading in every process.

pymupdf 2.0 imports `pymupdf.layout` on `import pymupdf` when the pymupdf-layout wheel is installed
(it is a dependency of pymupdf 2.0), and that builds an ONNX Runtime layout-analysis session at
import: about 55 MB of RSS and 0.5 s in every process that opens a PDF (the command line, each
reader process, each flow worker). It serves only `Page.get_layout()` and `find_tables(use_layout=...)`,
which nothing here calls (tests/pipeline/test_lean.py checks both). Marking the module absent makes
pymupdf's own `try: import pymupdf.layout except ImportError` take its no-layout branch.

`pipeline/__init__.py` imports this module before anything imports pymupdf.
"""

from __future__ import annotations

import sys

UNUSED_MODULES: tuple[str, ...] = ("pymupdf.layout",)


def keep_unused_modules_out() -> None:
    """Mark the unused optional modules absent (a no-op for one already imported)."""
    for name in UNUSED_MODULES:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


keep_unused_modules_out()
