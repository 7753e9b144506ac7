"""The workbench in a real browser (Chromium through Playwright, the app on 127.0.0.1): login, the
queue's filters and search, a crop zoomed by its script, decisions (a 驳回 without reason refused),
sign-off by both levels, the trail verified and, once a row is edited, not; screenshots for the README.

One browser for the module; each test its own copy of the OUT folder, its own server and its own
browser contexts (cookies apart). See browser_harness.py for how Chromium is kept off the network;
after each test the native network guard's log (tests/flows/netguard, preloaded into Chromium) must
show no lookup and no connection beyond 127.0.0.1.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pymupdf
import pytest

from preaudit.pipeline.cli import main
from preaudit.workbench import trail
from preaudit.workbench.cases import Reports
from preaudit.workbench.decisions import needs_decision
from preaudit.workbench.signoff import LEVELS, may_sign
from tests.workbench.browser_harness import LiveServer, copy_out, network_attempts
from tests.workbench.workbench_builders import MAIN_KEY, PASSWORD, add_reviewers

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def _chromium_stays_on_loopback(browser):
    """After each test: Chromium resolved no name and connected nowhere but 127.0.0.1 (native guard)."""
    yield
    assert network_attempts(browser.guard) == []


@pytest.fixture()
def site(base_out, tmp_path):
    state = tmp_path / "state"
    add_reviewers(state)
    with LiveServer(copy_out(base_out, tmp_path / "out"), state) as server:
        yield server


@pytest.fixture()
def open_page(browser):
    """A fresh context (no cookies) per call; all closed at the end of the test."""
    contexts = []

    def make():
        ctx = browser.new_context(locale="zh-CN", viewport=VIEWPORT)
        ctx.set_default_timeout(15_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


def _login(page, site, name, password=PASSWORD, then="/"):
    page.goto(site.url + then)
    assert "/login" in page.url
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()


def _verdicts(out: Path) -> dict[str, str]:
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8"))["verdict"] for p in out.glob("*/report.json")}


def _row_keys(page) -> list[str]:
    return [r.get_attribute("data-key") for r in page.locator("[data-testid=queue-row]").all()]


def _required(site) -> list[int]:
    a = Reports(site.out).get(MAIN_KEY)
    return [k.index for k in a.keys if needs_decision(a.report.findings[k.index])]


def _decide(page, index, decision, reason=""):
    form = page.locator(f"#f{index} [data-testid=decide-form]")
    form.locator(f"[data-testid='decision-{decision}']").check()
    form.locator("[data-testid=reason]").fill(reason)
    with page.expect_navigation():
        form.locator("[data-testid=decide-submit]").click()


def _verify_exit(out: Path, capsys) -> tuple[int, str]:
    code = main(["review-log", str(out), "--verify"])
    return code, capsys.readouterr().err


def test_login_queue_filters_search_open_and_zoom(site, open_page):
    page = open_page()
    _login(page, site, "李审核", "not the password")
    assert page.locator("[data-testid=error]").inner_text() == "用户名或密码错误。"
    _login(page, site, "李审核")
    assert page.url.rstrip("/") == site.url
    assert page.locator("[data-testid=who]").inner_text() == "李审核（单位审核）"

    verdicts = _verdicts(site.out)
    assert page.locator("[data-testid=queue-total]").inner_text() == f"共 {len(verdicts)} 人"
    assert page.locator("[data-testid=queue-row]").count() == min(len(verdicts), 50)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "queue.png"))

    # filter by verdict: every row shown is a 不通过, as many as the reports say
    page.select_option("#verdict", "reject")
    with page.expect_navigation():
        page.click("[data-testid=filter-submit]")
    assert "verdict=reject" in page.url
    rejects = sum(v == "reject" for v in verdicts.values())
    assert page.locator("[data-testid=queue-total]").inner_text() == f"共 {rejects} 人"
    assert set(page.locator("[data-testid=row-verdict]").all_inner_texts()) == {"不通过"}
    # and by state: nothing is signed yet, everything is 未审
    page.select_option("#state", "已审")
    with page.expect_navigation():
        page.click("[data-testid=filter-submit]")
    assert page.locator("[data-testid=queue-empty]").is_visible()
    page.select_option("#state", "未审")
    with page.expect_navigation():
        page.click("[data-testid=filter-submit]")
    assert page.locator("[data-testid=queue-total]").inner_text() == f"共 {rejects} 人"
    assert set(page.locator("[data-testid=row-state]").all_inner_texts()) == {"未审"}

    # search by name, the filters cleared
    page.select_option("#verdict", "")
    page.select_option("#state", "")
    page.fill("#q", "申报人007")
    with page.expect_navigation():
        page.press("#q", "Enter")
    assert _row_keys(page) == ["p007"]
    name = Reports(site.out).get(MAIN_KEY).report.name
    page.fill("#q", name)
    with page.expect_navigation():
        page.click("[data-testid=filter-submit]")
    assert _row_keys(page) == [MAIN_KEY]

    # open the case from the queue
    with page.expect_navigation():
        page.click(f"[data-testid=queue-row][data-key='{MAIN_KEY}'] [data-testid=case-link]")
    assert page.url == f"{site.url}/case/{quote(MAIN_KEY)}"
    assert name in page.locator("h1").inner_text()
    assert page.locator("[data-testid=case-state]").inner_text() == "未审"
    page.screenshot(path=str(SHOTS / "case.png"))

    # zoom a crop: the script (CSP: own scripts only) shows it large, Esc and a click close it
    crops = page.locator("[data-testid=crop]")
    assert crops.count() > 0
    zoom = page.locator("#zoom")
    assert zoom.is_hidden()
    crop = crops.first
    crop.scroll_into_view_if_needed()
    crop.click()
    zoom.wait_for(state="visible")
    big = zoom.locator("img")
    assert big.get_attribute("src") == crop.get_attribute("src")
    assert big.evaluate("i => i.complete && i.naturalWidth > 0")
    assert big.bounding_box()["width"] > crop.bounding_box()["width"]
    page.keyboard.press("Escape")
    zoom.wait_for(state="hidden")
    crops.nth(crops.count() - 1).click()
    zoom.wait_for(state="visible")
    zoom.click()
    zoom.wait_for(state="hidden")
    assert big.get_attribute("src") is None


def test_decisions_sign_off_and_a_trail_that_verifies_until_edited(site, open_page, capsys):
    page = open_page()
    _login(page, site, "李审核", then=f"/case/{quote(MAIN_KEY)}")
    required = _required(site)
    assert len(required) >= 2
    assert "尚有" in page.locator("[data-testid=sign-refusal]").inner_text()
    assert page.locator("#sign-form").count() == 0

    # a 驳回 without a reason is refused, and nothing is written
    _decide(page, required[0], "驳回", "   ")
    assert "驳回须填写理由" in page.locator("[data-testid=error]").inner_text()
    assert trail.entries(site.out) == []
    # with a reason it is recorded and shown
    _decide(page, required[0], "驳回", "原件核对无误，识别偏差")
    assert page.url.endswith(f"#f{required[0]}")
    standing = page.locator(f"#f{required[0]} [data-testid=standing]")
    assert standing.get_attribute("data-decision") == "驳回"
    assert "原件核对无误，识别偏差" in standing.inner_text() and "李审核（单位审核）" in standing.inner_text()
    _decide(page, required[1], "确认")
    assert page.locator(f"#f{required[1]} [data-testid=standing]").get_attribute("data-decision") == "确认"
    assert page.locator("[data-testid=case-state]").inner_text() == "审核中"
    for i in required[2:]:
        _decide(page, i, "需补充")

    # every error and warning decided: the unit may sign
    assert page.locator("[data-testid=sign-refusal]").count() == 0
    final = page.locator("[data-testid=final] strong").inner_text()
    assert final == "不通过"  # an error was confirmed
    page.fill("#opinion", "请补传续签合同")
    with page.expect_navigation():
        page.click("[data-testid=sign-submit]")
    signature = page.locator("[data-testid=signature][data-role='单位审核']")
    assert f"{LEVELS['单位审核']}：{final}" in signature.inner_text() and "请补传续签合同" in signature.inner_text()
    [row] = [e for e in trail.entries(site.out) if e.action == "sign_off"]
    assert (row.user, row.payload["final_zh"], row.reason) == ("李审核", final, "请补传续签合同")
    # the sign-off regenerated the applicant's reports with the 复核意见, and wrote the 一次性告知单
    folder = site.out / MAIN_KEY
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "复核意见" in html and "李审核" in html and final in html
    with pymupdf.open(folder / "report.pdf") as pdf:
        text = "".join(p.get_text() for p in pdf)
    assert "复核意见" in text and "李审核" in text
    assert (folder / "notice.pdf").is_file()

    # the queue shows the case as reviewed
    page.goto(f"{site.url}/?state=" + quote("已审"))
    assert _row_keys(page) == [MAIN_KEY]

    # the trail verifies; edit one row and it no longer does
    code, err = _verify_exit(site.out, capsys)
    assert code == 0 and f"共{len(required) + 1}条" in err
    con = sqlite3.connect(trail.trail_path(site.out))
    con.execute("DROP TRIGGER trail_no_update")
    edited = con.execute("SELECT id FROM trail WHERE action = 'decision' AND reason != ''").fetchone()[0]
    con.execute("UPDATE trail SET reason = '' WHERE id = ?", (edited,))
    con.commit()
    con.close()
    code, err = _verify_exit(site.out, capsys)
    assert code == 1 and f"第{edited}条" in err


def test_the_review_level_cannot_sign_before_the_unit(site, open_page):
    a = Reports(site.out).get(MAIN_KEY)
    for i in _required(site):
        k = a.keys[i]
        trail.append(site.out, user="李审核", role="单位审核", applicant=MAIN_KEY, action="decision",
                     finding_id=k.finding_id, evidence_hash=k.evidence_hash, reason="",
                     payload={"decision": "需补充", "lineage": k.lineage, "code": a.report.findings[i].code})
    case = f"/case/{quote(MAIN_KEY)}"
    reviewer = open_page()
    _login(reviewer, site, "王复核", then=case)
    assert reviewer.locator("[data-testid=who]").inner_text() == "王复核（主管部门复核）"
    why = may_sign("主管部门复核", a.keys, trail.entries(site.out, MAIN_KEY))
    assert why and reviewer.locator("[data-testid=sign-refusal]").inner_text() == why
    assert reviewer.locator("#sign-form").count() == 0
    # a hand-made POST with the page's own token is refused too, with the same reason
    token = reviewer.locator("#sign-form, form.decide").first.locator("input[name=csrf]").get_attribute("value")
    from preaudit.workbench.signoff import snapshot

    r = reviewer.request.post(site.url + case + "/sign", form={"csrf": token, "snapshot": snapshot(a.keys)})
    assert r.status == 403 and why in r.text()
    assert [e for e in trail.entries(site.out) if e.action == "sign_off"] == []

    # once the unit has signed, the review level may
    unit = open_page()
    _login(unit, site, "李审核", then=case)
    with unit.expect_navigation():
        unit.click("[data-testid=sign-submit]")
    reviewer.reload()
    assert reviewer.locator("[data-testid=sign-refusal]").count() == 0
    reviewer.fill("#opinion", "同意单位审核意见")
    with reviewer.expect_navigation():
        reviewer.click("[data-testid=sign-submit]")
    roles = reviewer.locator("[data-testid=signature]").evaluate_all("ps => ps.map(p => p.dataset.role)")
    assert roles == ["单位审核", "主管部门复核"]
    assert LEVELS["主管部门复核"] in reviewer.locator("[data-testid=signature][data-role='主管部门复核']").inner_text()
    assert trail.verify(site.out).ok
