"""Session fixtures: one generated sample batch, one OCR cache over one loaded engine."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def _state_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Keep model links, paddlex's cache and the OCR cache out of $HOME during tests."""
    state = tmp_path_factory.mktemp("state")
    os.environ["PREAUDIT_STATE_DIR"] = str(state)
    os.environ["PADDLE_PDX_CACHE_HOME"] = str(state / "paddlex")
    return state


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The bundled sample batch (8 applicants, seed 1) and its ground truth."""
    from preaudit.fixtures.generate import generate_batch

    out = tmp_path_factory.mktemp("sample")
    truth = generate_batch(out, 8, 1)
    return {"batch": out / "batch", "truth": truth, "truth_path": out / "truth.json"}


@pytest.fixture(scope="session")
def ocr_cache(_state_dir: Path):
    """One engine for the whole session (models load once, linked in the session's state
    directory), memory cache only."""
    from preaudit.pipeline.intake.ocr import OcrCache, make_engine

    return OcrCache(make_engine(os.environ.get("PREAUDIT_OCR_ENGINE", "paddle"), None, _state_dir), None)


@pytest.fixture(scope="session")
def audited(sample: dict, ocr_cache, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The sample batch audited once with the default policy; reports written to disk."""
    from preaudit.pipeline.intake.crops import PageCropper
    from preaudit.pipeline.report.writer import write_applicant, write_batch
    from preaudit.pipeline.run import audit_batch
    from preaudit.validators.policy import load_policy

    policy = load_policy("kunming-panlong-2024q3")
    result = audit_batch(sample["batch"], policy, ocr_cache)
    out = tmp_path_factory.mktemp("out")
    for report in result.reports:
        write_applicant(report, out, crops=PageCropper())
    write_batch(result.batch, result.reports, out, policy.policy)
    reports = {r.key: json.loads((out / r.key / "report.json").read_text(encoding="utf-8")) for r in result.reports}
    return {"out": out, "reports": reports, "result": result}
