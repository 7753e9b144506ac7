"""Kill and resume: a 6-applicant batch killed at about 60 % keeps every finished applicant's
reports, and the rerun audits only the rest (real OCR, a subprocess killed with SIGKILL). Six, not
twelve: the mechanism is the same, and the suite stays under its 15 minutes (this test was its
slowest, 142 s)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from preaudit.pipeline.ops.resume import read_record, record_vouches
from preaudit.pipeline.report.summary import report_is_valid, report_sha256
from tests.conftest import ROOT

pytestmark = pytest.mark.ocr
APPLICANTS = 6
KILL_AT = 4  # of 6 report.json files: about 60 %


def _finished(out: Path) -> list[str]:
    """Applicants whose three reports are complete (the completion record vouches for them)."""
    return sorted(
        p.parent.name for p in out.glob("*/report.json")
        if report_is_valid(p.parent) and record_vouches(p.parent, report_sha256(p.parent), read_record(p.parent))
    )


def test_a_batch_killed_at_60_percent_keeps_finished_reports_and_the_rerun_redoes_only_the_rest(tmp_path):
    from preaudit.fixtures.generate import generate_batch

    truth = generate_batch(tmp_path, APPLICANTS, 1)
    batch, out, state = tmp_path / "batch", tmp_path / "out", tmp_path / "state"
    # both runs use one copy of the code: the code is part of what a rerun compares
    code = tmp_path / "code"
    for package in ("pipeline", "extractors", "validators"):
        shutil.copytree(ROOT / package, code / "preaudit" / package, ignore=shutil.ignore_patterns("__pycache__"))
    cmd = [sys.executable, "-m", "preaudit.pipeline.cli", "audit", str(batch), "--out", str(out), "--state-dir", str(state), "--no-progress"]
    env = dict(os.environ, PYTHONPATH=str(code))  # code/preaudit/... comes before the editable install
    with (tmp_path / "first.log").open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=code, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 1800
            while proc.poll() is None and time.monotonic() < deadline and len(list(out.glob("*/report.json"))) < KILL_AT:
                time.sleep(0.05)
            assert proc.poll() is None, "the run ended before it could be killed"
            proc.kill()  # SIGKILL: no clean-up of any kind
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait(60)

    finished = _finished(out)
    assert KILL_AT - 1 <= len(finished) < APPLICANTS, finished  # the one being written may be half done
    for key in finished:
        data = json.loads((out / key / "report.json").read_text(encoding="utf-8"))
        assert data["schema"] == "preaudit.report/1" and data["verdict"] in ("pass", "needs_review", "reject")
    stamps = {k: (out / k / "report.json").stat().st_mtime_ns for k in finished}

    rerun = subprocess.run(cmd, cwd=code, env=env, capture_output=True, text=True, timeout=1800)
    assert rerun.returncode == 0, rerun.stdout[-2000:] + rerun.stderr[-3000:]
    data = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    everyone = sorted(truth["applicants"])
    assert sorted(data["run"]["skipped_keys"]) == finished
    assert sorted(data["run"]["audited_keys"]) == sorted(set(everyone) - set(finished))
    assert data["run"]["rejudged_keys"] == []  # no reuse between these six
    assert {k: (out / k / "report.json").stat().st_mtime_ns for k in finished} == stamps  # not rewritten
    assert _finished(out) == everyone
    assert data["counts"]["complete"] == APPLICANTS and data["counts"]["pending"] == 0
    assert all(row["complete"] for row in data["applicants"]) and len(data["applicants"]) == APPLICANTS
    assert f"未变化而跳过 {len(finished)} 人" in rerun.stdout
