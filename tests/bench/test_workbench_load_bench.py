"""bench/workbench_load.py runs end to end on a small OUT (no OCR) and writes its figures: every page
answered, the decisions it posts recorded in the trail. Timings are printed, never asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_workbench_load_bench_writes_its_figures(tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "workbench_load.py"), "--applicants", "30",
                           "--requests", "6", "--work", str(tmp_path / "w"), "--json", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["applicants"] == 30 and result["decisions"] >= 3
    assert result["queue"]["n"] == 6 and result["case"]["n"] == 6
    assert 0 < result["queue"]["p50_ms"] <= result["queue"]["p95_ms"] <= result["queue"]["max_ms"]
    reports = list((tmp_path / "w" / "out").glob("*/report.json"))
    assert len(reports) == 30
