"""A reviewer corrects a misread field: the correction is a trail row, the rules run again on the
corrected case, and decisions and the sign-off refer to the findings as re-run (issue 16)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from preaudit.pipeline.model import Report
from preaudit.pipeline.report.writer import report_json
from preaudit.workbench import trail
from preaudit.workbench.cases import Reports
from preaudit.workbench.corrections import Correction
from preaudit.workbench.rerun import DECLARED_ID_RULES, in_force, policy_named, rerun
from tests.pipeline.report.report_builders import ANY_FULL_ID
from tests.workbench.correction_builders import FULL_ID, MISREAD, NAME, OTHER_ID, judged_report, write_judged
from tests.workbench.workbench_builders import add_reviewers, csrf_of, login, make_client

KEY = "更正申报人"
CASE = f"/case/{KEY}"


@pytest.fixture()
def setup(tmp_path: Path):
    out = tmp_path / "out"
    write_judged(out, KEY)
    state = tmp_path / "state"
    add_reviewers(state)
    with make_client(out, state) as client:
        login(client, "李审核")
        yield client, out, state


def _filing_name_field(out: Path) -> tuple[int, str]:
    report = Reports(out).get(KEY).report
    index = next(i for i, d in enumerate(report.documents) if d.doc_type.value == "contract_filing")
    return index, "employee_name"


def _correct(client, document: int, field: str, value: str, reason: str):
    return client.post(f"{CASE}/correct", data={"csrf": csrf_of(client.get(CASE).text), "document": str(document),
                                                "field": field, "value": value, "reason": reason},
                       follow_redirects=False)


def test_the_pre_audit_has_the_name_mismatch(setup):
    client, out, _ = setup
    page = client.get(CASE).text
    assert "NAME_MISMATCH" in page and f"“{MISREAD}”" in page
    assert "已根据人工更正重新核验" not in page
    assert 'action="/case/' in page and "/correct" in page  # a correction form per field


def test_a_correction_reruns_the_rules_and_the_finding_is_gone(setup):
    client, out, state = setup
    doc, field = _filing_name_field(out)
    r = _correct(client, doc, field, NAME, "已核对合同备案表原件，系识别错误")
    assert r.status_code == 303, r.text[:500]
    page = client.get(CASE).text
    assert "已根据人工更正重新核验" in page
    banner = page[page.index('data-testid="rerun-banner"'):page.index("一次性告知单中的问题")]
    assert "已核对合同备案表原件" in banner and MISREAD in banner and NAME in banner
    disappeared = banner[banner.index('data-testid="disappeared"'):]
    assert "姓名不一致" in disappeared
    assert "NAME_MISMATCH" not in page.split("材料识别结果")[0].split("rerun-banner")[1].split("一次性告知单中的问题")[1]
    rows = trail.entries(out, KEY)
    assert [r.action for r in rows] == ["field_correction"]
    assert rows[0].payload["document"] == doc and rows[0].payload["field"] == field
    assert rows[0].payload["old_value"] == MISREAD and rows[0].payload["new_value"] == NAME
    assert trail.verify(out).ok
    # report.json is the pre-audit's record and is not touched
    data = json.loads((out / KEY / "report.json").read_text(encoding="utf-8"))
    assert any(f["code"] == "NAME_MISMATCH" for f in data["findings"])


def test_a_correction_without_a_reason_is_refused(setup):
    client, out, _ = setup
    doc, field = _filing_name_field(out)
    r = _correct(client, doc, field, NAME, "   ")
    assert r.status_code == 400
    assert "更正字段须填写理由" in r.text
    assert trail.entries(out, KEY) == []
    with pytest.raises(trail.TrailError):
        trail.append(out, user="x", role="单位审核", applicant=KEY, action="field_correction", payload={})


def test_decisions_and_sign_off_use_the_rerun_findings(setup):
    client, out, state = setup
    doc, field = _filing_name_field(out)
    before = Reports(out).get(KEY)
    assert _correct(client, doc, field, NAME, "原件核对").status_code == 303
    a = in_force(Reports(out).get(KEY), trail.entries(out, KEY), out, state)
    assert a.rerun is not None
    assert "NAME_MISMATCH" not in [f.code for f in a.report.findings]
    gone = {k.finding_id for k in before.keys} - {k.finding_id for k in a.keys}
    assert len(gone) == 1
    gone_key = next(k for k in before.keys if k.finding_id in gone)
    # a decision on the pre-audit's NAME_MISMATCH is refused: it is no finding in force
    r = client.post(f"{CASE}/decide", data={
        "csrf": csrf_of(client.get(CASE).text), "index": str(gone_key.index), "finding_id": gone_key.finding_id,
        "evidence_hash": gone_key.evidence_hash, "decision": "确认", "reason": ""}, follow_redirects=False)
    assert r.status_code in (400, 409)
    for k in a.keys:
        if a.report.findings[k.index].severity.value == "info":
            continue
        r = client.post(f"{CASE}/decide", data={
            "csrf": csrf_of(client.get(CASE).text), "index": str(k.index), "finding_id": k.finding_id,
            "evidence_hash": k.evidence_hash, "decision": "需补充", "reason": "请补充"}, follow_redirects=False)
        assert r.status_code == 303, r.text[:300]
    page = client.get(CASE).text
    form = re.search(r'<form method="post" action="[^"]*/sign".*?</form>', page, re.S)
    assert form is not None, page[-2000:]
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(0)))
    r = client.post(f"{CASE}/sign", data=data | {"opinion": "请补充材料"}, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    signed = [e for e in trail.entries(out, KEY) if e.action == "sign_off"][-1]
    from preaudit.workbench.decisions import snapshot
    assert signed.evidence_hash == snapshot(a.keys) != snapshot(before.keys)
    assert signed.payload["findings"] == len(a.keys)
    assert trail.verify(out).ok
    html = (out / KEY / "report.html").read_text(encoding="utf-8")
    assert "复核意见" in html and f"乙方姓名“{MISREAD}”" not in html  # the published report shows the re-run
    assert (out / KEY / "review.json").is_file()
    assert "已审" in client.get(CASE).text


def test_a_corrected_id_number_is_never_shown_in_full(setup):
    client, out, state = setup
    report = Reports(out).get(KEY).report
    doc = next(i for i, d in enumerate(report.documents) if d.doc_type.value == "contract_filing")
    assert _correct(client, doc, "employee_id_number", OTHER_ID, f"原件号码为{OTHER_ID}").status_code == 303
    page = client.get(CASE).text
    assert "已根据人工更正重新核验" in page
    assert not ANY_FULL_ID.search(page)
    row = trail.entries(out, KEY)[-1]
    assert not ANY_FULL_ID.search(json.dumps(row.payload, ensure_ascii=False) + row.reason)
    for path in out.rglob("*"):
        if path.is_file() and path.name not in ("report.json", trail.TRAIL_NAME):
            assert OTHER_ID not in path.read_text(encoding="utf-8", errors="replace"), path
    a = in_force(Reports(out).get(KEY), trail.entries(out, KEY), out, state)
    assert a.rerun is not None and a.rerun.applied and a.rerun.applied[0].value == OTHER_ID
    assert "ID_NUMBER_MISMATCH" in [f.code for f in a.report.findings]


# --------------------------------------------------------------------------- the re-run itself


def _read_back(report: Report) -> Report:
    return Report.from_json(report_json(report))


def test_a_rerun_without_corrections_gives_the_pre_audit_findings(tmp_path):
    for declared_id in (FULL_ID, OTHER_ID):
        report = _read_back(judged_report(tmp_path / "a", declared_id=declared_id))
        done = rerun(report, policy_named(report.policy), [])
        assert [f.to_json() for f in done.report.findings] == [f.to_json() for f in report.findings]
        assert not done.disappeared and not done.appeared


def test_the_declared_id_is_recovered_from_the_reading_not_from_a_correction(tmp_path):
    report = _read_back(judged_report(tmp_path / "a"))
    ref = report.case.id_number_ref
    assert ref is not None and report.documents[ref.document].fields[ref.field].value == FULL_ID
    wrong = Correction(ref.document, ref.field, OTHER_ID, "", "", "核对", "u", "t", 1)
    done = rerun(report, policy_named(report.policy), [wrong])
    assert done.id_known and not done.carried_over
    # the declared number stays the one read: the corrected card now differs from it
    assert "ID_NUMBER_MISMATCH" in [f.code for f in done.report.findings]


def test_an_unknown_declared_id_carries_over_its_findings(tmp_path):
    report = _read_back(judged_report(tmp_path / "a", declared_id=OTHER_ID))
    assert report.case.id_number_ref is None
    mismatches = [f for f in report.findings if f.code == "ID_NUMBER_MISMATCH"]
    assert mismatches
    index = next(i for i, d in enumerate(report.documents) if d.doc_type.value == "contract_filing")
    fix = Correction(index, "employee_name", NAME, NAME, MISREAD, "核对", "u", "t", 1)
    done = rerun(report, policy_named(report.policy), [fix])
    assert not done.id_known and "identity.id_number_consistency" in done.carried_over
    assert set(done.carried_over) <= DECLARED_ID_RULES
    carried = [f.to_json() for f in done.report.findings if f.rule_id in DECLARED_ID_RULES]
    assert carried == [f.to_json() for f in report.findings if f.rule_id in DECLARED_ID_RULES]
    assert "NAME_MISMATCH" not in [f.code for f in done.report.findings]


def test_a_report_without_the_case_block_cannot_be_corrected(client, out):
    login(client, "李审核")
    page = client.get("/case/p001").text
    r = client.post("/case/p001/correct", data={"csrf": csrf_of(page), "document": "0", "field": "id_number",
                                                "value": "x", "reason": "核对"}, follow_redirects=False)
    assert r.status_code == 400 and "缺少重新核验所需的申报信息" in r.text


def test_a_real_audit_carries_the_case_and_reruns_to_the_same_findings(audited):
    """The sample batch (OCR): every report.json has the case block with the declared ID masked and
    a reference to its reading, and a re-run without corrections gives the pre-audit's findings."""
    for key, data in audited["reports"].items():
        case = data["case"]
        declared = case["declared"] or {}
        if declared.get("id_number"):
            assert not ANY_FULL_ID.search(declared["id_number"]), key
            ref = case["id_number_ref"]
            if ref is not None:
                value = data["documents"][ref["document"]]["fields"][ref["field"]]["value"]
                assert value[:6] == declared["id_number"][:6] and value[-4:] == declared["id_number"][-4:], key
        report = Report.from_json(data)
        done = rerun(report, policy_named(report.policy), [])
        assert [f.to_json() for f in done.report.findings] == [f.to_json() for f in report.findings], key
