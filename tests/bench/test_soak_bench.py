"""bench/soak.py runs end to end on a tiny batch (two distinct applicants, four copies, one cold)
and writes the figures and the plot it promises. The real OCR engine, as the other bench tests:
the scenario cycle restricted to one fault keeps it to text PDFs and two ID photos. No timing is
asserted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.ocr
ROOT = Path(__file__).resolve().parents[2]


def test_soak_bench_writes_rss_samples_and_the_plot(tmp_path):
    import cv2

    out, png = tmp_path / "soak.json", tmp_path / "soak.png"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "soak.py"), "--applicants", "4", "--distinct", "2",
                           "--cold", "1", "--seed", "3", "--faults", "name_mismatch", "--interval", "0.2",
                           "--work", str(tmp_path / "work"), "--json", str(out), "--png", str(png)],
                          cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "preaudit.bench.soak/1"
    assert data["corpus"]["distinct"] == 2 and data["corpus"]["applicants"] == 4
    assert data["samples"] and all(len(s) == 2 and s[1] > 0 for s in data["samples"])
    done = data["completed"]
    assert [d["i"] for d in done] == [1, 2, 3, 4]
    assert len({d["key"] for d in done}) == 4  # four folders, each its own applicant
    assert all(d["rss_mb"] > 0 and {"wall", "cpu", "ocr_misses", "t"} <= set(d) for d in done)
    assert done[0]["ocr_misses"] > 0  # the cold one was OCRed
    assert done[2]["ocr_misses"] == 0 and done[3]["ocr_misses"] == 0  # copies: cache hits
    s = data["summary"]
    assert s["applicants"] == 4 and s["ref"] == 2
    assert s["rss_at_ref_mb"] > 0 and s["rss_at_last_mb"] > 0 and s["peak_rss_mb"] >= s["rss_at_last_mb"]
    assert s["cold"]["applicants"] == 1 and s["warm"]["applicants"] == 3
    assert data["child"]["audited"] == 4
    reports = sorted((tmp_path / "work" / "reports").glob("*/report.json"))
    assert len(reports) == 4
    img = cv2.imread(str(png))
    assert img is not None and img.shape[0] > 100 and img.shape[1] > 100
