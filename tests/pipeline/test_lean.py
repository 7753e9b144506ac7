"""pymupdf's layout model stays unloaded (issue 17: memory and start-up per process), and nothing in
the project needs it."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT

PROBE = (
    "import sys\n"
    "import preaudit.pipeline.run\n"
    "import pymupdf\n"
    "doc = pymupdf.open(); page = doc.new_page(); page.insert_text((72, 72), 'x'); page.get_text('dict')\n"
    "print(pymupdf._get_layout is None, sys.modules.get('pymupdf.layout') is None)\n"
)


def test_importing_the_pipeline_keeps_the_layout_model_out() -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["True", "True"]


def test_no_project_code_asks_for_page_layout() -> None:
    calls = re.compile(r"\.get_layout\(|find_tables\(|pymupdf\.layout|pymupdf4llm")
    found = []
    for package in ("pipeline", "extractors", "validators", "flows", "fixtures", "workbench", "bench"):
        for path in (ROOT / package).rglob("*.py"):
            if path.name == "lean.py":
                continue
            if calls.search(path.read_text(encoding="utf-8")):
                found.append(str(path.relative_to(ROOT)))
    assert found == []
