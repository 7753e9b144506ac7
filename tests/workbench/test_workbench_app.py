"""The workbench's web app (FastAPI TestClient, no browser): login and CSRF, the queue, the case page,
decisions in the trail, carry-over after a re-audit, and no full ID number unless revealed."""

from __future__ import annotations

import re
from urllib.parse import quote

from preaudit.workbench import trail
from preaudit.workbench.cases import Reports
from preaudit.workbench.decisions import snapshot
from tests.workbench.workbench_builders import (
    FULL_ID, MAIN_KEY, OTHER_ID, PASSWORD, bulk_report, csrf_of, login, make_client, write_json_report,
)

ANY_FULL_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")
CASE = f"/case/{quote(MAIN_KEY)}"


def _keys(html: str) -> list[str]:
    return re.findall(r'href="/case/([^"/]+)"', html)


def _decide(client, path, index, decision, reason=""):
    page = client.get(path)
    html = page.text
    form = re.search(rf'<article[^>]*id="f{index}".*?</article>', html, re.S).group(0)
    data = {k: v for k, v in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)}
    data |= {"decision": decision, "reason": reason}
    return client.post(f"{path}/decide", data=data, follow_redirects=False)


def _sign(client, path, opinion=""):
    page = client.get(path).text
    form = re.search(r'<form method="post" action="[^"]*/sign".*?</form>', page, re.S)
    assert form is not None, re.search(r'id="signoff".*?</p>\s*<p[^>]*>.*?</p>', page, re.S).group(0)
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(0)))
    return client.post(f"{path}/sign", data=data | {"opinion": opinion}, follow_redirects=False)


def test_every_page_needs_a_login(client):
    for path in ("/", CASE, f"{CASE}/report.html"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    assert login(client, "李审核", "wrong-password").status_code == 401
    assert login(client, "nobody", PASSWORD).status_code == 401
    r = login(client, "李审核")
    assert r.status_code == 200 and "审核队列" in r.text and "李审核（单位审核）" in r.text


def test_a_login_without_its_token_is_refused(client):
    client.get("/login")
    r = client.post("/login", data={"username": "李审核", "password": PASSWORD})
    assert r.status_code == 403 and client.get("/", follow_redirects=False).status_code == 303


def test_a_post_without_the_csrf_token_is_refused(client, out):
    login(client, "李审核")
    page = client.get(CASE).text
    assert csrf_of(page)
    for token in (None, "forged"):
        data = {"index": "0", "finding_id": "x", "evidence_hash": "y", "decision": "确认"}
        if token:
            data["csrf"] = token
        r = client.post(f"{CASE}/decide", data=data, follow_redirects=False)
        assert r.status_code == 403
        r = client.post(f"{CASE}/reveal", data=data | {"document": "0", "field": "id_number"})
        assert r.status_code == 403
    assert trail.entries(out) == []


def test_a_session_cookie_from_another_out_is_not_accepted(client, out, state, tmp_path):
    login(client, "李审核")
    other = tmp_path / "other"
    other.mkdir()
    with make_client(other, state) as c2:
        c2.cookies.update(client.cookies)
        assert c2.get("/", follow_redirects=False).status_code == 303


def test_queue_pages_filters_and_searches(client):
    login(client, "李审核")
    first = client.get("/?sort=key").text
    assert "共 121 人" in first and "第 1 / 3 页" in first and len(_keys(first)) == 50
    third = client.get("/?sort=key&page=3").text
    assert len(_keys(third)) == 21 and quote(MAIN_KEY) in _keys(third)
    rejects = client.get("/?verdict=reject&sort=key").text
    assert "共 41 人" in rejects  # p000, p003 … p117 and the main applicant
    assert "p001" not in _keys(rejects) and "p000" in _keys(rejects)
    clean = client.get("/?verdict=pass").text
    assert "共 40 人" in clean
    by_name = client.get("/?q=申报人007").text
    assert _keys(by_name) == ["p007"]
    masked = bulk_report(42).model_dump()["id_number"]
    by_id = client.get(f"/?q={masked[:6]}********{masked[-4:]}").text
    assert "p042" in _keys(by_id)
    assert "共 0 人" in client.get("/?q=没有这个人").text


def test_a_decision_is_recorded_with_user_role_and_evidence_hash(client, out):
    login(client, "李审核")
    applicant = Reports(out).get(MAIN_KEY)
    r = _decide(client, CASE, 0, "确认", "核对无误")
    assert r.status_code == 303 and r.headers["location"].endswith("#f0")
    [row] = trail.entries(out)
    k = applicant.keys[0]
    assert (row.user, row.role, row.applicant, row.action) == ("李审核", "单位审核", MAIN_KEY, "decision")
    assert row.finding_id == k.finding_id and row.evidence_hash == k.evidence_hash
    assert row.payload["decision"] == "确认" and row.reason == "核对无误"
    page = client.get(CASE).text
    assert "审核意见：<strong>确认</strong>" in page and "李审核（单位审核）" in page
    assert "审核中" in page
    assert trail.verify(out).ok


def test_a_dismissal_without_reason_is_refused(client, out):
    login(client, "李审核")
    r = _decide(client, CASE, 1, "驳回", "  ")
    assert r.status_code == 400 and "驳回须填写理由" in r.text
    assert trail.entries(out) == []
    assert _decide(client, CASE, 1, "驳回", "系识别差异，原件一致").status_code == 303


def test_the_second_role_sees_the_first_s_decisions(client, out, state):
    login(client, "李审核")
    _decide(client, CASE, 2, "需补充", "请补传续签合同")
    with make_client(out, state) as other:
        login(other, "王复核")
        page = other.get(CASE).text
        assert "需补充" in page and "李审核（单位审核）" in page and "请补传续签合同" in page


def test_the_queue_shows_the_review_state(client, out):
    login(client, "李审核")
    _decide(client, "/case/p001", 0, "确认")
    _decide(client, "/case/p004", 0, "确认")
    _decide(client, CASE, 0, "确认")
    assert _keys(client.get("/?state=已审").text) == []  # decided, not signed
    assert _sign(client, "/case/p001").status_code == 303
    assert _sign(client, "/case/p004").status_code == 303
    done = client.get("/?state=已审&sort=key").text
    assert _keys(done) == ["p001", "p004"]
    assert _keys(client.get("/?state=审核中").text) == [quote(MAIN_KEY)]
    assert "共 118 人" in client.get("/?state=未审").text


def test_sign_off_follows_the_decisions_and_the_roles(client, out, state):
    login(client, "李审核")
    page = client.get(CASE).text
    assert "尚有 6 项错误或警告未审核" in page and 'action="/case/' + quote(MAIN_KEY) + '/sign"' not in page
    applicant = Reports(out).get(MAIN_KEY)
    snap = snapshot(applicant.keys)
    r = client.post(f"{CASE}/sign", data={"csrf": csrf_of(page), "snapshot": snap})
    assert r.status_code == 400 and [e for e in trail.entries(out) if e.action == "sign_off"] == []
    with make_client(out, state) as other:
        login(other, "王复核")
        early = other.post(f"{CASE}/sign", data={"csrf": csrf_of(other.get(CASE).text), "snapshot": snap})
        assert early.status_code == 403 and "单位审核人员签署" in early.text
    for i, f in enumerate(applicant.report.findings):
        if f.severity.value == "error":
            _decide(client, CASE, i, "驳回", "识别差异")
        elif f.severity.value == "warning":
            _decide(client, CASE, i, "需补充")
    assert "依审核意见得出的结论：<strong>退回补正</strong>" in client.get(CASE).text
    assert client.post(f"{CASE}/sign", data={"snapshot": snap}).status_code == 403  # no CSRF token
    assert _sign(client, CASE, "请补传续签合同").status_code == 303
    [row] = [e for e in trail.entries(out) if e.action == "sign_off"]
    assert (row.user, row.role, row.payload["final"], row.payload["level"], row.reason) == (
        "李审核", "单位审核", "return", "单位审核意见", "请补传续签合同")
    with make_client(out, state) as other:
        login(other, "王复核")
        assert _sign(other, CASE).status_code == 303
        page = other.get(CASE).text
        assert "单位审核意见：<strong>退回补正</strong>" in page and "主管部门复核意见：<strong>退回补正</strong>" in page
    assert _keys(client.get("/?state=已审").text) == [quote(MAIN_KEY)]
    assert trail.verify(out).ok


def test_decisions_carry_over_or_show_as_outdated_after_a_reaudit(client, out):
    login(client, "李审核")
    _decide(client, "/case/p001", 0, "确认")
    _decide(client, "/case/p004", 0, "驳回", "合同已续签")
    _sign(client, "/case/p001")
    _sign(client, "/case/p004")
    write_json_report(out, bulk_report(1))  # re-audited, nothing changed
    changed = bulk_report(4)
    f = changed.findings[0]
    write_json_report(out, changed.model_copy(update={"findings": [f.model_copy(update={"evidence": {"end_date": "2024-10-31"}})]}))
    same = client.get("/case/p001").text
    assert "审核意见：<strong>确认</strong>" in same and "outdated-badge" not in same
    stale = client.get("/case/p004").text
    assert "审核意见：<strong>驳回</strong>" in stale and "outdated-badge" in stale
    assert _keys(client.get("/?state=已审").text) == ["p001"]
    assert "p004" in _keys(client.get("/?state=审核中").text)


def test_a_decision_on_evidence_that_changed_meanwhile_is_refused(client, out):
    login(client, "李审核")
    page = client.get("/case/p004").text
    form = re.search(r'<article[^>]*id="f0".*?</article>', page, re.S).group(0)
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)) | {"decision": "确认"}
    changed = bulk_report(4)
    f = changed.findings[0]
    write_json_report(out, changed.model_copy(update={"findings": [f.model_copy(update={"evidence": {"end_date": "2025-01-31"}})]}))
    r = client.post("/case/p004/decide", data=data)
    assert r.status_code == 409 and trail.entries(out) == []


def test_the_case_page_shows_groups_crops_compared_values_and_documents(client):
    login(client, "李审核")
    page = client.get(CASE).text
    assert "一、" in page and "二、" in page  # the 一次性告知单's groups
    assert "需补充上传的材料" in page
    assert "提示（供审核人员参考" in page
    assert re.search(r'<img src="data:image/(png|jpeg);base64,', page)
    assert "比对依据" in page and "材料识别结果" in page
    assert 'src="/static/workbench.js"' in page
    assert client.get("/static/workbench.css").status_code == 200


def test_no_full_id_number_in_any_page_or_export_unless_revealed(client, out, capsys):
    from preaudit.pipeline.cli import main

    login(client, "李审核")
    _decide(client, CASE, 2, "驳回", f"身份证号{FULL_ID}经核对无误")
    pages = [client.get(p).text for p in ("/", "/?page=3", "/?q=5301", CASE, f"{CASE}/report.html", "/case/p000")]
    pages.append(client.get("/login").text)
    for html in pages:
        assert not ANY_FULL_ID.search(html), ANY_FULL_ID.search(html).group(0)
    for fmt in ("csv", "json"):
        assert main(["review-log", str(out), "--format", fmt]) == 0
        text = capsys.readouterr().out
        assert "李审核" in text and not ANY_FULL_ID.search(text)


def test_revealing_an_id_number_is_logged(client, out, capsys):
    from preaudit.pipeline.cli import main

    login(client, "王复核")
    page = client.get(CASE).text
    assert "显示完整号码" in page
    r = client.post(f"{CASE}/reveal", data={"csrf": csrf_of(page), "document": "2", "field": "employee_id_number"})
    assert r.status_code == 200 and OTHER_ID in r.text and FULL_ID not in r.text
    [row] = trail.entries(out)
    assert (row.action, row.user, row.role, row.payload["document"], row.payload["field"]) == (
        "reveal_id", "王复核", "主管部门复核", 2, "employee_id_number")
    assert OTHER_ID not in client.get(CASE).text  # shown once, for that request
    not_an_id = client.post(f"{CASE}/reveal", data={"csrf": csrf_of(page), "document": "1", "field": "employer"})
    assert not_an_id.status_code == 400 and len(trail.entries(out)) == 1
    assert main(["review-log", str(out), "--format", "json"]) == 0
    assert OTHER_ID not in capsys.readouterr().out


def test_pages_are_offline_and_locked_down(client):
    login(client, "李审核")
    r = client.get(CASE)
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert r.headers["cache-control"] == "no-store"
    assert not re.search(r'(src|href)="(https?:)?//', r.text)
    q = client.get("/")
    assert not re.search(r'(src|href)="(https?:)?//', q.text)
    assert client.get("/docs").status_code == 404


def test_each_finding_shows_the_crops_report_html_gives_it(client, out):
    from preaudit.pipeline.report.wording import ranked_findings
    from preaudit.workbench.crops import crops_by_finding

    applicant = Reports(out).get(MAIN_KEY)
    crops = crops_by_finding(out / MAIN_KEY / "report.html")
    ranked = ranked_findings(applicant.report)
    assert len(crops) == len(ranked)
    streak = next(n for n, f in enumerate(ranked) if f.code == "INSURANCE_STREAK_SHORT")
    [uri] = crops[streak][1]  # the pension certificate (document 1) has one crop there
    login(client, "李审核")
    page = client.get(CASE).text
    index = next(i for i, f in enumerate(applicant.report.findings) if f.code == "INSURANCE_STREAK_SHORT")
    article = re.search(rf'<article[^>]*id="f{index}".*?</article>', page, re.S).group(0)
    assert re.findall(r'<img src="([^"]+)"', article) == [uri]
    missing = next(i for i, f in enumerate(applicant.report.findings) if f.code == "DOC_MISSING")
    assert "<img" not in re.search(rf'<article[^>]*id="f{missing}".*?</article>', page, re.S).group(0)


def test_indexes_from_forms_are_never_counted_from_the_end(client, out):
    login(client, "李审核")
    page = client.get(CASE).text
    token = csrf_of(page)
    r = client.post(f"{CASE}/reveal", data={"csrf": token, "document": "-1", "field": "employee_id_number"})
    assert r.status_code == 400 and OTHER_ID not in r.text
    r = client.post(f"{CASE}/decide", data={"csrf": token, "index": "-1", "finding_id": "x", "evidence_hash": "y",
                                            "decision": "确认"})
    assert r.status_code == 400 and trail.entries(out) == []
