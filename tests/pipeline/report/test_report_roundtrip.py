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
