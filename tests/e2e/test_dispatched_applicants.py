"""001 §三(一)2, §五(五)2(3) on the command line: a row with 用工单位 asks for the dispatch agreement; the
corpus's dispatched applicants come out clean, or with the faults seeded (issue 15, absent 4)."""

from __future__ import annotations

import csv
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

HEADER = ["文件夹", "姓名", "身份证号", "申报单位", "申报系列", "申报专业", "申报级别", "学历", "专业对口", "申报日期", "单位性质",
          "用工单位"]
ROW = {"姓名": "张伟", "身份证号": "530103199003070012", "申报单位": "云南众诚人力资源服务有限公司", "申报系列": "工程",
       "申报专业": "计算机应用", "申报级别": "助理级", "学历": "本科", "专业对口": "是", "申报日期": "2024-09-10",
       "单位性质": "非公经济组织"}


def _reports(out: Path) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*/report.json")}


def test_a_row_with_a_user_unit_is_asked_for_the_agreement(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    with (batch / "applicants.csv").open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, HEADER)
        writer.writeheader()
        for folder, user_unit in (("dispatched", "昆明市盘龙区政务服务中心"), ("not_dispatched", "无")):
            (batch / folder).mkdir()
            (batch / folder / "note.txt").write_text("x", encoding="utf-8")  # unsupported: nothing to OCR
            writer.writerow(ROW | {"文件夹": folder, "用工单位": user_unit})
    out = tmp_path / "out"
    main(["audit", str(batch), "--out", str(out), "--no-cache", "--no-progress"])
    missing = {key: [f for f in r["findings"] if f["code"] == "DOC_MISSING"
                     and f["evidence"]["document"] == "dispatch_agreement"] for key, r in _reports(out).items()}
    assert missing["not_dispatched"] == []
    [f] = missing["dispatched"]
    assert f["severity"] == "error" and f["evidence"]["condition"]["user_unit"] == "昆明市盘龙区政务服务中心"
    assert "派遣协议" in f["message"]


def _applicant(key: str, tmp_path: Path, **changes):
    scenario = replace(scenario_named(key), id_form="copy", **changes)
    rng = np.random.default_rng([5, 41])
    app = build_applicant(41, scenario, persona.pick_names(np.random.default_rng(41), 1)[0],
                          persona.unit_named(scenario.fixed_unit), rng)
    batch = tmp_path / "batch"
    files = write_planned(batch / app.folder, app, rng, {})
    (batch / "applicants.csv").write_bytes(manifest_csv([app]))
    out = tmp_path / "out"
    main(["audit", str(batch), "--out", str(out), "--state-dir", str(tmp_path / "state"), "--no-progress"])
    [report] = _reports(out).values()
    return app, files, report


TEXT = tuple((t, "text_pdf") for t in ("xuexin_record", "xuexin_degree", "pension_certificate", "contract_filing",
                                       "labor_contract", "pledge", "publicity_form", "dispatch_agreement"))


@pytest.mark.ocr
@pytest.mark.parametrize("layout", ["agreement", "confirmation"])
def test_a_clean_dispatched_applicant_passes(tmp_path, layout):
    """The off-cycle clean_dispatched applicant (fixtures/scenarios.py), every A4 document a text PDF."""
    app, files, report = _applicant("clean_dispatched", tmp_path, deliveries=TEXT,
                                    layouts=(("dispatch_agreement", layout),))
    assert "dispatch_agreement" in {f["doc_type"] for f in files.values()}
    assert [f["code"] for f in report["findings"]] == [] and report["verdict"] == "pass"
    agreement = next(d for d in report["documents"] if d["type"] == "dispatch_agreement")
    assert agreement["fields"]["user_unit"]["value"] == app.declared["user_unit"]
    assert agreement["fields"]["has_seal"]["value"] is True


@pytest.mark.ocr
def test_the_dispatch_faults_are_reported(tmp_path):
    """The cycle's dispatch_faults applicant: another 用工单位 on a text-layer agreement (certain: an
    error), a term that ended, and a publicity form with the dispatch company's seal only."""
    _, _, report = _applicant("dispatch_faults", tmp_path, deliveries=TEXT)
    # only the dispatch codes: the scanned ID copy of this draw is another matter (it may lose a face)
    found = {f["code"]: f for f in report["findings"] if f["code"].startswith("DISPATCH")}
    assert set(found) == {"DISPATCH_PARTY_MISMATCH", "DISPATCH_PERIOD", "DISPATCH_SEAL"}
    assert found["DISPATCH_PARTY_MISMATCH"]["severity"] == "error"
    assert found["DISPATCH_SEAL"]["severity"] == "warning" and found["DISPATCH_SEAL"]["evidence"]["seals_found"] == 1
    assert report["verdict"] == "reject"
