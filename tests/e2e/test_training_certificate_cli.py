"""003 §二 Q12 on the command line (kunming-guide): an applicant who declared 专业对口 否 uploads a 专业培训 or
进修 certificate; without one DOC_MISSING, with one too short TRAINING_INSUFFICIENT (a warning)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from preaudit.fixtures import persona
from preaudit.fixtures.delivery import write_planned
from preaudit.fixtures.generate import manifest_csv
from preaudit.fixtures.scenarios import build_applicant, scenario_named
from preaudit.pipeline.cli import main

TEXT = tuple((t, "text_pdf") for t in ("xuexin_record", "xuexin_degree", "pension_certificate", "contract_filing",
                                       "labor_contract", "pledge", "publicity_form", "training_certificate"))


def _audit(key: str, tmp_path: Path, **changes):
    scenario = replace(scenario_named(key), id_form="copy", deliveries=TEXT, **changes)
    rng = np.random.default_rng([5, 43])
    unit = persona.UNITS[3]
    app = build_applicant(43, scenario, persona.pick_names(np.random.default_rng(43), 1)[0], unit, rng)
    batch = tmp_path / "batch"
    files = write_planned(batch / app.folder, app, rng, {})
    (batch / "applicants.csv").write_bytes(manifest_csv([app]))
    out = tmp_path / "out"
    main(["audit", str(batch), "--out", str(out), "--policy", scenario.policy, "--state-dir", str(tmp_path / "state"),
          "--no-progress"])
    [report] = [json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*/report.json")]
    return app, files, report


@pytest.mark.ocr
@pytest.mark.parametrize("layout", ["study", "training"])
def test_an_unrelated_major_with_its_certificate_passes(tmp_path, layout):
    app, files, report = _audit("clean_major_mismatch_training", tmp_path, layouts=(("training_certificate", layout),))
    assert app.declared["major_matches"] == "否"
    assert "training_certificate" in {f["doc_type"] for f in files.values()}
    assert [f["code"] for f in report["findings"]] == [] and report["verdict"] == "pass"
    cert = next(d for d in report["documents"] if d["type"] == "training_certificate")
    t = app.records.training
    assert cert["fields"]["institution"]["value"] == t.institution
    if layout == "study":
        assert cert["fields"]["subjects"]["value"] == [s for s, _, _ in t.subjects]
    else:
        assert cert["fields"]["start_date"]["value"] == t.start.isoformat()


@pytest.mark.ocr
def test_an_unrelated_major_without_a_certificate_is_asked_for_one(tmp_path):
    _, files, report = _audit("training_missing", tmp_path)
    assert "training_certificate" not in {f["doc_type"] for f in files.values()}
    [f] = [f for f in report["findings"] if f["code"] == "DOC_MISSING"]
    assert f["severity"] == "error" and f["evidence"]["document"] == "training_certificate"
    assert f["evidence"]["condition"]["when"] == "major_mismatch"
    assert [x["code"] for x in report["findings"]] == ["DOC_MISSING"] and report["verdict"] == "reject"


@pytest.mark.ocr
def test_a_training_too_short_is_a_warning(tmp_path):
    _, _, report = _audit("training_too_short", tmp_path)
    assert [f["code"] for f in report["findings"]] == ["TRAINING_INSUFFICIENT"]
    [f] = report["findings"]
    assert f["severity"] == "warning" and f["evidence"]["subject_count"] == 2
    assert report["verdict"] == "needs_review"
