"""The workbench in a real browser (Chromium driven by Playwright, as tests/workbench/
test_browser_workbench.py): decisions carry over a re-audit that changed nothing and show as 过期 where
the evidence changed; a reviewer corrects a misread field through its form and the case is re-run."""

from __future__ import annotations

import pytest

from preaudit.workbench import trail
from tests.workbench.browser_harness import LiveServer, copy_out, network_attempts
from tests.workbench.correction_builders import MISREAD, NAME, write_judged
from tests.workbench.workbench_builders import PASSWORD, add_reviewers, bulk_report, write_json_report

VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(locale="zh-CN", viewport=VIEWPORT)
    ctx.set_default_timeout(15_000)
    yield ctx.new_page()
    ctx.close()
    assert network_attempts(browser.guard) == []  # Chromium stayed on loopback


def _login(page, url: str, name: str = "李审核") -> None:
    page.goto(url + "/")
    page.fill("#username", name)
    page.fill("#password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()


def _decide(page, index: int, decision: str, reason: str = "") -> None:
    form = page.locator(f"#f{index} [data-testid=decide-form]")
    form.locator(f"[data-testid='decision-{decision}']").check()
    form.locator("[data-testid=reason]").fill(reason)
    with page.expect_navigation():
        form.locator("[data-testid=decide-submit]").click()


def test_decisions_carry_over_an_unchanged_reaudit_and_go_stale_on_changed_evidence(base_out, tmp_path, page):
    state = tmp_path / "state"
    add_reviewers(state)
    with LiveServer(copy_out(base_out, tmp_path / "out"), state) as site:
        _login(page, site.url)
        page.goto(site.url + "/case/p001")
        _decide(page, 0, "确认")
        page.goto(site.url + "/case/p004")
        _decide(page, 0, "驳回", "合同已续签")
        # the applicants re-audited: p001 as it was, p004 with other evidence for its finding
        write_json_report(site.out, bulk_report(1))
        changed = bulk_report(4)
        f = changed.findings[0]
        write_json_report(site.out, changed.model_copy(update={"findings": [
            f.model_copy(update={"evidence": {"end_date": "2024-10-31"}})]}))
        page.goto(site.url + "/case/p001")
        assert page.locator("#f0 .outdated-badge").count() == 0 and "确认" in page.locator("#f0").inner_text()
        page.goto(site.url + "/case/p004")
        assert page.locator("#f0 .outdated-badge").count() >= 1 and "合同已续签" in page.locator("#f0").inner_text()


def test_a_field_corrected_through_its_form_reruns_the_case(tmp_path, page):
    out = tmp_path / "out"
    write_judged(out, "更正申报人")
    state = tmp_path / "state"
    add_reviewers(state)
    with LiveServer(out, state) as site:
        _login(page, site.url)
        page.goto(site.url + "/case/" + "更正申报人")
        assert "NAME_MISMATCH" in page.content()
        form = next(f for f in page.locator("[data-testid=correct-form]").all()
                    if f.locator("input[name=field]").get_attribute("value") == "employee_name")
        form.locator("xpath=ancestor::details").locator("summary").click()
        form.locator("input[name=value]").fill(NAME)
        form.locator("input[name=reason]").fill("已核对合同备案表原件，系识别错误")
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        banner = page.locator("[data-testid=rerun-banner]")
        assert "已根据人工更正重新核验" in banner.inner_text() and MISREAD in banner.inner_text()
        findings = page.content().split("一次性告知单中的问题")[1].split("材料识别结果")[0]
        assert "NAME_MISMATCH" not in findings
        assert [e.action for e in trail.entries(out, "更正申报人")] == ["field_correction"]
        assert trail.verify(out).ok
