"""A whole audit, model loading included, opens no network connection and resolves no host."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.ocr
def test_audit_makes_no_network_connection(sample, tmp_path):
    # One applicant with scans and PDFs: exercises ingest, text layer, OCR model load, rules, report.
    folder = next(p for p in sorted(sample["batch"].iterdir()) if p.is_dir())
    log = tmp_path / "net.log"
    env = dict(os.environ, PREAUDIT_NET_LOG=str(log), PREAUDIT_STATE_DIR=str(tmp_path / "state"),
               HOME=str(tmp_path / "home"), PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("guard_run.py")), "audit", str(folder), "--out", str(tmp_path / "out"), "--no-cache"],
        env=env, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    attempts = log.read_text(encoding="utf-8") if log.exists() else ""
    assert attempts == "", f"network attempts during an audit:\n{attempts}"
    assert (tmp_path / "out" / folder.name / "report.json").exists()
