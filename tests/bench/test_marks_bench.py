"""bench/marks.py runs end to end on two drawn pledges (one clean, one unsigned) and writes the
figures it promises."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.ocr
ROOT = Path(__file__).resolve().parents[2]


def test_marks_bench_writes_its_figures(tmp_path):
    out = tmp_path / "marks.json"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "marks.py"), "--clean", "1", "--negative", "1",
                           "--seed", "3", "--work", str(tmp_path / "work"), "--json", str(out)],
                          cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "preaudit.bench.marks/1"
    assert [c["kind"] for c in data["cases"]] == ["clean", "unsigned"]
    for mark in ("signature", "fingerprint"):
        s = data["score"][mark]
        assert {"present", "absent", "false_no", "found", "false_yes"} <= set(s)
        assert s["false_no"] == 0  # the first requirement: no false alarm on a mark that is there
    assert data["score"]["signature"]["absent_total"] == 1
