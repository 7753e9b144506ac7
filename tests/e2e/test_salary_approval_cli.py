"""001 §五(五)1 on the command line: a public institution's 聘用通知书 and 工资审批表 (issue 15); the
工资审批表's 起薪时间 is read and the applicant passes."""

from __future__ import annotations

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


def _reports(out: Path) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*/report.json")}


@pytest.mark.parametrize("layout", ["promotion", "standard"])
def test_a_public_institution_with_its_salary_approval_passes(tmp_path, layout):
    """The corpus's clean_public_salary_promotion applicant (fixtures/scenarios.py), the 工资审批表 a text PDF
    in the 正常晋升 layout or the new entrant's."""
    scenario = next(s for s in SCENARIOS if s.key == "clean_public_salary_promotion")
    scenario = replace(scenario, layouts=(("salary_approval", layout),),
                       deliveries=text_deliveries(), id_form="copy")
    rng = np.random.default_rng([5, 40])
    unit = next(u for u in persona.EXTRA_UNITS if u.name == scenario.fixed_unit)
    app = build_applicant(40, scenario, persona.pick_names(np.random.default_rng(40), 1)[0], unit, rng)
    batch = tmp_path / "batch"
    files = write_planned(batch / app.folder, app, rng, {})
    (batch / "applicants.csv").write_bytes(manifest_csv([app]))
    assert {f["doc_type"] for f in files.values()} >= {"salary_approval", "employment_notice"}
    out = tmp_path / "out"
    main(["audit", str(batch), "--out", str(out), "--state-dir", str(tmp_path / "state"), "--no-progress"])
    [report] = _reports(out).values()
    assert [f["code"] for f in report["findings"]] == [] and report["verdict"] == "pass"
    salary = next(d for d in report["documents"] if d["type"] == "salary_approval")
    expected = app.records.salary.promoted if layout == "promotion" else app.records.salary.started
    assert salary["fields"]["start_date"]["value"] == expected.isoformat()
    assert salary["fields"]["form"]["value"] == ("正常晋升" if layout == "promotion" else "新参加工作")
