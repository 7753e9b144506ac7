"""One source of pixels (issue 14): only intake reads user files and turns them into pixels.

An ast scan of each file's own imports (the import-linter contracts of pyproject.toml,
tests/test_architecture.py, say the first two too and will replace this scan):
- no module of pipeline/report/ or pipeline/integrity/ imports intake's render or preprocess
  (pixels come from a SourceDocument, crops from the crop source the writer is handed);
- pipeline/report/ imports nothing from pipeline/intake/, nor OpenCV; PyMuPDF only in
  report/pdf.py, which lays out the report itself;
- outside intake, PyMuPDF opens bytes in memory, never a path.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PIPELINE = ROOT / "pipeline"
PIXEL_MODULES = {"preaudit.pipeline.intake.render", "preaudit.pipeline.intake.preprocess"}
# A known exception, not a pattern: the second look under seals is a reading step that render
# calls on pixels already in memory (preprocess.clear_red, the Prepared page); it belongs in
# intake and moves there with the import-linter contract.
ALLOWED = {("integrity/underseal.py", "preaudit.pipeline.intake.preprocess")}


def _imports(path: Path) -> set[str]:
    """Every module a file imports (`from a.b import c` gives a.b and a.b.c)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out |= {f"{node.module}.{alias.name}" for alias in node.names}
    return out


def _modules(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (PIPELINE / folder).rglob("*.py"))


def test_report_and_integrity_do_not_import_render_or_preprocess():
    found = [
        (path.relative_to(PIPELINE).as_posix(), module)
        for path in _modules("report", "integrity")
        for module in sorted(_imports(path) & PIXEL_MODULES)
        if (path.relative_to(PIPELINE).as_posix(), module) not in ALLOWED
    ]
    assert not found, found


def test_the_report_depends_on_the_model_not_on_intake():
    found = []
    for path in _modules("report"):
        name = path.relative_to(PIPELINE).as_posix()
        for module in _imports(path):
            if module.startswith(("preaudit.pipeline.intake", "cv2")):
                found.append((name, module))
            elif module.startswith(("pymupdf", "fitz")) and name != "report/pdf.py":
                found.append((name, module))
    assert not found, found


def test_nothing_outside_intake_opens_a_path_with_pymupdf():
    found = []
    for folder in ("report", "integrity", "values", "ops"):
        for path in _modules(folder):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "open"
                        and isinstance(node.func.value, ast.Name) and node.func.value.id in ("pymupdf", "fitz")):
                    continue
                in_memory = any(k.arg == "stream" for k in node.keywords) or (
                    len(node.args) == 2 and isinstance(node.args[0], ast.Constant) and node.args[0].value == "pdf")
                if not in_memory:
                    found.append(f"{path.relative_to(PIPELINE).as_posix()}:{node.lineno}")
    assert not found, found


def test_the_scan_sees_what_it_looks_for():
    """A scan that finds nothing because it reads nothing would pass forever."""
    assert "preaudit.pipeline.intake.preprocess" in _imports(PIPELINE / "integrity" / "underseal.py")
    assert "preaudit.pipeline.intake.render" in _imports(PIPELINE / "run.py")
