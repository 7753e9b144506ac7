"""Finding identity (workbench/identity.py): a stable id and an evidence hash, so that decisions survive a
re-audit when nothing changed and show as outdated when the evidence did."""

from __future__ import annotations

from preaudit.pipeline.model import FileRecord, Finding, Severity
from preaudit.workbench.decisions import review_state, snapshot, standings
from preaudit.workbench.identity import finding_keys
from preaudit.workbench.trail import Entry
from tests.workbench.workbench_builders import bulk_report


def _decision(key, decision="确认"):
    return Entry(id=1, ts="2024-09-20T00:00:00", user="u", role="单位审核", applicant="k", finding_id=key.finding_id,
                 evidence_hash=key.evidence_hash, action="decision", reason="", prev_hash="", hash="",
                 payload={"decision": decision, "lineage": key.lineage})


def test_the_same_report_gives_the_same_ids():
    assert finding_keys(bulk_report(1)) == finding_keys(bulk_report(1))


def test_changed_evidence_keeps_the_id_and_changes_the_hash():
    before = bulk_report(1)
    f = before.findings[0]
    after = before.model_copy(update={"findings": [f.model_copy(update={"evidence": {"end_date": "2024-10-31"}})]})
    [a], [b] = finding_keys(before), finding_keys(after)
    assert a.finding_id == b.finding_id and a.evidence_hash != b.evidence_hash


def test_a_replaced_file_changes_the_id_but_not_the_lineage():
    before = bulk_report(1)
    after = before.model_copy(update={"files": [FileRecord(path="id.jpg", sha256="f" * 64, status="processed", pages=1)]})
    [a], [b] = finding_keys(before), finding_keys(after)
    assert a.finding_id != b.finding_id and a.lineage == b.lineage


def test_findings_about_different_things_have_different_ids():
    r = bulk_report(0)
    other = Finding(code="DOC_MISSING", severity=Severity.ERROR, rule_id="documents.required", message="缺少身份证",
                    evidence={"document": "id_card_front"})
    same = r.findings[0]
    keys = finding_keys(r.model_copy(update={"findings": [same, other, same]}))
    assert len({k.finding_id for k in keys}) == 3
    assert keys[2].finding_id == keys[0].finding_id + "#2"


def test_a_decision_carries_over_or_is_outdated():
    before = bulk_report(1)
    [k] = finding_keys(before)
    rows = [_decision(k)]
    assert standings([k], rows)[0].current
    assert review_state(before.findings, [k], rows) == "审核中"  # decided, not signed yet
    signed = Entry(id=2, ts="2024-09-20T00:00:01", user="u", role="单位审核", applicant="k", finding_id="",
                   evidence_hash=snapshot([k]), action="sign_off", reason="", prev_hash="", hash="", payload={})
    rows.append(signed)
    assert review_state(before.findings, [k], rows) == "已审"
    f = before.findings[0]
    changed = before.model_copy(update={"findings": [f.model_copy(update={"evidence": {"end_date": "2024-10-31"}})]})
    [k2] = finding_keys(changed)
    s = standings([k2], rows)[0]
    assert not s.current and s.decision == "确认"
    assert review_state(changed.findings, [k2], rows) == "审核中"  # the sign-off no longer covers the report
    assert review_state(changed.findings, [k2], []) == "未审"
