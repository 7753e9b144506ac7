"""The benchmarks run end to end on a tiny corpus and write the JSON they promise.

They are benchmarks, not tests: `make bench` runs them on the full corpus. Here each runs once
as a script (as `make bench` does), with the real OCR engine, on one or two applicants.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.ocr
ROOT = Path(__file__).resolve().parents[2]


def _run(script: str, *args: str, tmp: Path) -> None:
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


def test_accuracy_bench_writes_its_figures(tmp_path):
    out = tmp_path / "accuracy.json"
    # the cycle restricted to one fault is [clean, name_mismatch]: text PDFs and two ID photos each
    _run("accuracy.py", "--applicants", "2", "--seed", "3", "--faults", "name_mismatch",
         "--work", str(tmp_path / "acc"), "--json", str(out), tmp=tmp_path)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "preaudit.bench.accuracy/1"
    for key in ("documents", "documents_by_source", "fields", "codes", "false_alarm_rate",
                "verdict_accuracy", "verdict_accuracy_tolerant", "files", "applicants", "audit_seconds"):
        assert key in data, key
    assert data["corpus"]["applicants"] == 2
    assert {"id_card_front", "pension_certificate"} <= set(data["documents"])
    assert {"type_accuracy", "field_exact"} <= set(data["documents"]["id_card_front"])
    assert data["codes"]["NAME_MISMATCH"]["expected"] == 1
    assert data["files"]["accounted_for"] == 1.0


def test_speed_bench_writes_its_figures(tmp_path):
    out = tmp_path / "speed.json"
    _run("speed.py", "--applicants", "1", "--seed", "3", "--baseline-pages", "2",
         "--baseline-dpi", "100", "--work", str(tmp_path / "speed"), "--json", str(out), "--workers", "1",
         tmp=tmp_path)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "preaudit.bench.speed/1"
    stages = data["pipeline"]["stages"]
    assert {"ingest", "render", "ocr", "extract", "validate", "report"} <= set(stages)
    assert all({"wall", "cpu"} <= set(v) for v in stages.values())
    parts = data["pipeline"]["parts"]  # issue 17: the stages split further
    assert set(parts) == {"check", "seals", "detect", "recognise"}
    assert parts["detect"]["wall"] > 0 and parts["recognise"]["wall"] > 0
    assert parts["detect"]["wall"] + parts["recognise"]["wall"] <= stages["ocr"]["wall"] + 0.01
    assert parts["check"]["wall"] <= stages["render"]["wall"] + 0.01
    summary = data["summary"]
    assert {"text", "raster", "all"} <= set(summary["per_page"])
    assert summary["per_applicant"]["wall_mean"] > 0
    assert data["pipeline"]["peak_rss_mb"] > 0 and data["baseline"]["peak_rss_mb"] > 0
    assert summary["ratio"]["baseline_over_pipeline_total_wall"] > 0
    (cli,) = data["rounds"][0]["cli"]  # `preaudit audit --workers 1`, timed from outside
    assert cli["workers"] == 1 and cli["applicants"] == 1
    assert cli["wall"] > 0 and cli["cpu"] > 0 and cli["peak_rss_mb"] > 0
