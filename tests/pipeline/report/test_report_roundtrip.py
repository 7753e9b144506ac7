"""report.json loads back into a Report (issue 14): re-audits and the review workbench start from it."""

from __future__ import annotations

import json

from preaudit.pipeline.model import FieldRef, Report
from preaudit.pipeline.report.writer import report_json, write_applicant
from tests.pipeline.report.report_builders import FULL_ID, build_report


def test_report_json_round_trips(tmp_path):
    report = build_report(tmp_path / "src")
    report = report.model_copy(update={"findings": [
        f.model_copy(update={"relied_on": [FieldRef(document=0, field="name"), FieldRef(document=None, field="name")]})
        for f in report.findings]})
    written = json.loads((write_applicant(report, tmp_path / "out") / "report.json").read_text(encoding="utf-8"))
    back = Report.from_json(written)
    assert report_json(back) == written
    assert back.verdict == report.verdict and back.as_of == report.as_of
    assert [f.relied_on for f in back.findings] == [f.relied_on for f in report.findings]
    # the full number stays where report.json keeps it (documents' fields), and nowhere else
    assert back.id_number != FULL_ID and any(
        fv.value == FULL_ID for d in back.documents for fv in d.fields.values())


def test_report_json_carries_the_case_with_the_declared_id_masked(tmp_path):
    """Issue 16: report.json's `case` block rebuilds the Case; the declared ID number only masked,
    with a reference to the document field that reads it (null when none does)."""
    import json as _json

    from preaudit.pipeline.model import Report as _Report
    from preaudit.pipeline.report.writer import report_json as _report_json
    from tests.workbench.correction_builders import FULL_ID as _FULL, OTHER_ID as _OTHER, judged_report

    data = _report_json(judged_report(tmp_path / "a"))
    case = data["case"]
    assert case["declared"]["id_number"] == "530102********1238"
    assert case["id_number_ref"] == {"document": 0, "field": "id_number"}
    assert data["documents"][0]["fields"]["id_number"]["value"] == _FULL
    assert case["declared"]["name"] == "张三" and case["as_of_source"] in ("cli", "declared", "policy", "audit_date")
    rest = dict(data)
    rest["documents"] = [{k: v for k, v in d.items() if k != "fields"} for d in data["documents"]]
    assert _FULL not in _json.dumps(rest, ensure_ascii=False)
    back = _Report.from_json(data)
    assert back.case is not None and back.case.id_number_ref is not None and back.case.declared.name == "张三"
    assert _report_json(back)["case"] == case
    assert _report_json(judged_report(tmp_path / "b", declared_id=_OTHER))["case"]["id_number_ref"] is None
