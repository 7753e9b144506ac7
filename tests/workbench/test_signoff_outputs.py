"""A sign-off through the app writes its outputs: the 复核意见 section in report.html/pdf, the
一次性告知单 PDF (notice.pdf) and the summary's 复核 columns; report.json stays as it was."""

from __future__ import annotations

import re
import stat

import pymupdf
from openpyxl import load_workbook

from preaudit.workbench import trail
from preaudit.workbench.cases import Reports
from tests.workbench.workbench_builders import FULL_ID, MAIN_KEY, OTHER_ID, csrf_of, login, make_client
from tests.pipeline.report.report_builders import ANY_FULL_ID

CASE = f"/case/{MAIN_KEY}"
# report.json's findings: 0 UNIT_MISMATCH, 1 INSURANCE_STREAK_SHORT, 2 ID_NUMBER_MISMATCH,
# 3 CONTRACT_EXPIRING, 4 DOC_UNREADABLE, 5 DOC_MISSING, 6 DECLARED_DATA_MISSING (info)
DECISIONS = {
    0: ("驳回", "系同一单位更名，已核实营业执照"),
    1: ("确认", "核对参保证明无误"),
    2: ("确认", "合同备案表证号录入错误"),
    3: ("需补充", "请补传续签合同"),
    4: ("确认", ""),
    5: ("需补充", "请补交承诺书原件"),
}


def _decide_all(client, out):
    a = Reports(out).get(MAIN_KEY)
    for index, (decision, reason) in DECISIONS.items():
        k = a.keys[index]
        r = client.post(f"{CASE}/decide", data={
            "csrf": csrf_of(client.get(CASE).text), "index": str(index), "finding_id": k.finding_id,
            "evidence_hash": k.evidence_hash, "decision": decision, "reason": reason}, follow_redirects=False)
        assert r.status_code == 303, r.text[:300]
    return a


def _sign(client, opinion):
    page = client.get(CASE).text
    form = re.search(r'<form method="post" action="[^"]*/sign".*?</form>', page, re.S)
    assert form is not None
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(0)))
    return client.post(f"{CASE}/sign", data=data | {"opinion": opinion}, follow_redirects=False)


def _pdf_text(path) -> str:
    with pymupdf.open(path) as doc:
        return "".join(page.get_text() for page in doc)


def _summary(out) -> dict[str, dict[str, object]]:
    ws = load_workbook(out / "summary.xlsx")["汇总"]
    header = [c.value for c in ws[1]]
    return {row[0]: dict(zip(header, row)) for row in ws.iter_rows(min_row=2, values_only=True)}


def test_a_sign_off_writes_the_review_into_the_reports(client, out, state):
    folder = out / MAIN_KEY
    json_before = (folder / "report.json").read_bytes()
    html_before = (folder / "report.html").read_text(encoding="utf-8")
    assert "复核意见" not in html_before and not (folder / "notice.pdf").exists()
    login(client, "李审核")
    a = _decide_all(client, out)
    assert _sign(client, "材料需补正，且证号不一致").status_code == 303
    [row] = [e for e in trail.entries(out) if e.action == "sign_off"]
    assert row.payload["final_zh"] == "不通过"  # an error confirmed

    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "复核意见" in html and "复核结论：不通过" in html and "单位审核意见" in html
    assert "李审核" in html and "材料需补正，且证号不一致" in html
    for decision, reason in DECISIONS.values():
        assert reason in html
    assert "主管部门复核意见" not in html
    # the pre-audit's parts stay byte for byte, crops included; report.json is not touched
    assert html.count("data:image/") == html_before.count("data:image/") > 0
    start = html_before.index("<h2>一、一次性告知单</h2>")
    assert html.endswith(html_before[start:])
    assert (folder / "report.json").read_bytes() == json_before
    assert FULL_ID not in html and OTHER_ID not in html

    pdf = _pdf_text(folder / "report.pdf")
    assert "复核意见" in pdf and "李审核" in pdf and "不通过" in pdf

    notice = _pdf_text(folder / "notice.pdf")
    report = a.report
    kept = [report.findings[i].message for i, (d, _) in DECISIONS.items() if d != "驳回"]
    flat = re.sub(r"[\s“”]", "", notice)
    for message in kept:
        assert re.sub(r"[\s“”]", "", message)[:8] in flat
    assert "续签合同" in notice and "承诺书" in notice and "需补充" in notice
    assert "与申报单位" not in notice  # the dismissed UNIT_MISMATCH is left out
    assert "昆明春城软件有限责任公司" in notice and "李审核" in notice  # the unit, the reviewer
    assert not ANY_FULL_ID.search(notice.replace("\n", "")) and "530102" in notice  # masked ID shown
    assert "申报人0" not in notice  # no other applicant
    for name in ("notice.pdf", "report.pdf", "report.html", "review.json"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600

    rows = _summary(out)
    assert (rows[MAIN_KEY]["复核结论"], rows[MAIN_KEY]["复核人"]) == ("不通过", "李审核")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rows[MAIN_KEY]["复核日期"])
    assert (rows["p001"]["复核结论"], rows["p001"]["复核人"], rows["p001"]["复核日期"]) == (None, None, None)
    csv_text = (out / "summary.csv").read_text(encoding="utf-8-sig")
    assert csv_text.splitlines()[0].endswith('"review_verdict","reviewer","review_date"')


def test_both_levels_signed_show_both_opinions(client, out, state):
    login(client, "李审核")
    _decide_all(client, out)
    assert _sign(client, "同意上报").status_code == 303
    with make_client(out, state) as other:
        login(other, "王复核")
        assert _sign(other, "复核同意单位意见").status_code == 303
    html = (out / MAIN_KEY / "report.html").read_text(encoding="utf-8")
    assert html.count("<h2>复核意见</h2>") == 1
    assert html.index("单位审核意见") < html.index("主管部门复核意见")
    assert "同意上报" in html and "复核同意单位意见" in html and "王复核" in html
    assert _summary(out)[MAIN_KEY]["复核人"] == "王复核"  # the latest sign-off
    assert "王复核" in _pdf_text(out / MAIN_KEY / "notice.pdf")


def test_a_sign_off_without_report_html_renders_one(client, out):
    login(client, "李审核")
    page = client.get("/case/p001").text
    form = re.search(r'<article[^>]*id="f0".*?</article>', page, re.S).group(0)
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    client.post("/case/p001/decide", data=data | {"decision": "驳回", "reason": "已在平台核实"})
    page = client.get("/case/p001").text
    form = re.search(r'<form method="post" action="[^"]*/sign".*?</form>', page, re.S).group(0)
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    assert client.post("/case/p001/sign", data=data, follow_redirects=False).status_code == 303
    html = (out / "p001" / "report.html").read_text(encoding="utf-8")
    assert "复核结论：通过" in html and "已在平台核实" in html
    assert "经审核，您的职称申报材料无需补正" in _pdf_text(out / "p001" / "notice.pdf")


def test_a_reaudit_that_leaves_the_sign_off_current_gets_its_section_back(client, out):
    import json

    from preaudit.pipeline.model import Report
    from preaudit.pipeline.report.summary import write_summary
    from preaudit.pipeline.report.writer import write_applicant

    login(client, "李审核")
    _decide_all(client, out)
    assert _sign(client, "同意").status_code == 303
    folder = out / MAIN_KEY
    report = Report.from_json(json.loads((folder / "report.json").read_text(encoding="utf-8")))
    write_applicant(report.model_copy(update={"pipeline_version": "9.9.9"}), out)  # same findings, new report.json
    assert "复核意见" not in (folder / "report.html").read_text(encoding="utf-8")
    write_summary(out, report.policy)  # as the batch run rebuilds it (write_batch)
    assert _summary(out)[MAIN_KEY]["复核人"] is None  # the record covers the old report.json
    assert "已审" in client.get(CASE).text  # the trail: still current
    assert "复核结论：不通过" in (folder / "report.html").read_text(encoding="utf-8")
    assert _summary(out)[MAIN_KEY]["复核人"] == "李审核"
