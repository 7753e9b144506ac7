"""Retention (pipeline/ops/prune.py, `preaudit prune`): old Prefect results and OCR cache entries go."""

from __future__ import annotations

import os
import time

from preaudit.pipeline.cli import main
from preaudit.pipeline.ops.opsconfig import operations
from preaudit.pipeline.ops.prune import prune_state


def _file(path, days_old: float, now: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * 10)
    os.utime(path, (now - days_old * 86400, now - days_old * 86400))


def test_prune_removes_only_files_older_than_the_retention(tmp_path):
    now = time.time()
    _file(tmp_path / "prefect-results" / "old", 40, now)
    _file(tmp_path / "prefect-results" / "new", 1, now)
    _file(tmp_path / "ocr" / "ab" / "old.json", 31, now)
    _file(tmp_path / "ocr" / "cd" / "new.json", 29, now)
    _file(tmp_path / "fingerprints.sqlite", 400, now)  # hashes only: kept
    result = prune_state(tmp_path, 30, now=now)
    assert result.removed == {"prefect-results": 1, "ocr": 1} and result.kept == {"prefect-results": 1, "ocr": 1}
    assert not (tmp_path / "prefect-results" / "old").exists() and (tmp_path / "prefect-results" / "new").exists()
    assert not (tmp_path / "ocr" / "ab").exists()  # emptied folders go too
    assert (tmp_path / "ocr" / "cd" / "new.json").exists() and (tmp_path / "fingerprints.sqlite").exists()


def test_prune_command_uses_the_configured_retention_by_default(tmp_path, capsys):
    now = time.time()
    days = operations().retention_days
    _file(tmp_path / "prefect-results" / "old", days + 1, now)
    _file(tmp_path / "prefect-results" / "young", days - 1, now)
    assert main(["prune", "--state-dir", str(tmp_path)]) == 0
    assert not (tmp_path / "prefect-results" / "old").exists() and (tmp_path / "prefect-results" / "young").exists()
    assert main(["prune", "--state-dir", str(tmp_path), "--older-than", "0"]) == 0
    assert not (tmp_path / "prefect-results" / "young").exists()
    assert "删除" in capsys.readouterr().out
    assert main(["prune", "--state-dir", str(tmp_path / "missing")]) == 2
