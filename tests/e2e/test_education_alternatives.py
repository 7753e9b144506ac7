"""001 §五(四) on the command line: the unit's 学历证明 stands in for the 学信网 report, and an
applicant who uploads neither is asked for the proof that can exist for them (issue 15)."""

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
from preaudit.fixtures.scenarios import SCENARIOS, build_applicant
from preaudit.pipeline.cli import main
from tests.helpers import text_deliveries

HEADER = ["文件夹", "姓名", "身份证号", "申报单位", "申报系列", "申报专业", "申报级别", "学历", "专业对口", "申报日期", "单位性质",
          "毕业时间"]
BASE = {"姓名": "张伟", "身份证号": "530103199003070012", "申报单位": "昆明盘龙云海科技有限公司", "申报系列": "工程",
        "申报专业": "计算机应用", "申报级别": "助理级", "学历": "本科", "专业对口": "是", "申报日期": "2024-09-10",
        "单位性质": "非公经济组织", "毕业时间": ""}


def _reports(out: Path) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*/report.json")}


def test_without_any_education_proof_the_message_fits_the_applicant(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    rows = {"recent": {"毕业时间": "2012-07"}, "old": {"毕业时间": "1999年7月"}, "technical": {"学历": "高级工班"}}
    with (batch / "applicants.csv").open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, HEADER)
        writer.writeheader()
        for folder, row in rows.items():
            (batch / folder).mkdir()
            (batch / folder / "note.txt").write_text("x", encoding="utf-8")  # unsupported: nothing to OCR
            writer.writerow(BASE | {"文件夹": folder} | row)
    out = tmp_path / "out"
    main(["audit", str(batch), "--out", str(out), "--no-cache", "--no-progress"])
    missing = {key: next(f for f in r["findings"] if f["code"] == "DOC_MISSING" and f["evidence"]["document"] == "xuexin_record")
               for key, r in _reports(out).items()}
    assert {f["severity"] for f in missing.values()} == {"error"}
    assert "或" in missing["recent"]["message"] and "not_online" not in missing["recent"]["evidence"]
    assert missing["old"]["evidence"]["not_online"]["graduation_year"] == 1999
    assert missing["technical"]["evidence"]["not_online"]["reason"] == "education"
    for key in ("old", "technical"):
        assert "可能无法出具" in missing[key]["message"] and "请改为上传" in missing[key]["message"]


@pytest.mark.parametrize("layout", ["letter", "table"])
def test_a_2000_graduate_with_the_unit_s_certificate_passes(tmp_path, layout):
    """The corpus's clean_unit_education_proof applicant (fixtures/scenarios.py), its 学历证明 a text PDF."""
    scenario = next(s for s in SCENARIOS if s.key == "clean_unit_education_proof")
    scenario = replace(scenario, layouts=(("education_unit_proof", layout),),
                       deliveries=text_deliveries(), id_form="copy")
    rng = np.random.default_rng([5, 39])
    app = build_applicant(39, scenario, persona.pick_names(np.random.default_rng(39), 1)[0], persona.UNITS[2], rng)
    batch = tmp_path / "batch"
    files = write_planned(batch / app.folder, app, rng, {})
    (batch / "applicants.csv").write_bytes(manifest_csv([app]))
    assert {f["doc_type"] for f in files.values()} >= {"education_unit_proof"}
    assert not {f["doc_type"] for f in files.values()} & {"xuexin_record", "xuexin_degree"}
    out = tmp_path / "out"
    main(["audit", str(batch), "--out", str(out), "--state-dir", str(tmp_path / "state"), "--no-progress"])
    [report] = _reports(out).values()
    assert [f["code"] for f in report["findings"]] == [] and report["verdict"] == "pass"
    proof = next(d for d in report["documents"] if d["type"] == "education_unit_proof")
    assert proof["fields"]["graduation_date"]["value"][:7] == "2000-07" and proof["fields"]["has_seal"]["value"] is True
