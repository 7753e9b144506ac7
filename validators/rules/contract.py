"""Contract: a labour contract (备案表 or renewal) covers the application date and does not end soon."""

from __future__ import annotations

from collections.abc import Iterator

from preaudit.pipeline.model import Case, Finding
from preaudit.validators.notice import Timeline
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import contract_terms, doc_label


# 001 §五(五)2(2): 有效期内的《劳动合同备案表》（劳动合同期限过期须同时上传有效期内的续签劳动合同）.
@rule("contract.valid")
def contract_valid(case: Case) -> Iterator[Finding]:
    """CONTRACT_EXPIRED when no contract_filing / labor_contract covers as_of
    (start <= as_of <= end, or open-ended). A contract whose end cannot be read and is not marked
    open-ended leaves the question open (FIELD_UNREADABLE), so nothing is reported."""
    terms = contract_terms(case)
    if not terms:
        return  # DOC_MISSING covers an absent contract
    states = [t.state(case.as_of) for t in terms]
    if "covers" in states or "unknown" in states:
        return
    described = "；".join(t.describe() for t in terms)
    yield finding(
        "CONTRACT_EXPIRED",
        f"{described}，申报日（{case.as_of.isoformat()}）不在合同期内。"
        "请上传有效期内的劳动合同备案表或续签劳动合同。",
        documents=[t.index for t in terms],
        evidence={
            "as_of": case.as_of.isoformat(),
            "contracts": [t.evidence() | {"state": s} for t, s in zip(terms, states)],
        },
        relied_on=[(t.index, f) for t, s in zip(terms, states)
                   for f in (("start_date",) if s == "not_started" else ("end_date", "open_ended"))],
    )


# 001 §四: 昆明市盘龙区人力资源和社会保障局审核截止时间为2024年9月30日17:00. A contract that ends before the
# review is over may have lapsed when the district looks at it, so the applicant should upload the
# renewal now: the window runs from the application date to the policy's `timeline.review_ends`.
@rule("contract.expiring")
def contract_expiring(case: Case, *, timeline: Timeline) -> Iterator[Finding]:
    """CONTRACT_EXPIRING when the contracts covering as_of are all fixed-term and the latest of
    them ends on or before the day the review ends (`timeline.review_ends`). A policy whose
    notice names no review end leaves the rule silent."""
    review_ends = timeline.review_ends
    if review_ends is None:
        return
    covering = [t for t in contract_terms(case) if t.state(case.as_of) == "covers"]
    if not covering or any(t.open_ended for t in covering):
        return
    latest = max(covering, key=lambda t: t.end or case.as_of)
    if latest.end is None or latest.end > review_ends:
        return
    days = (latest.end - case.as_of).days
    yield finding(
        "CONTRACT_EXPIRING",
        f"{doc_label(latest.doc.doc_type)}的合同期限将于{latest.end.isoformat()}到期"
        f"（距申报日{days}天），早于审核截止日{review_ends.isoformat()}，审核期间可能过期，"
        "请及时续签并上传续签劳动合同。",
        documents=[latest.index],
        evidence=latest.evidence()
        | {"as_of": case.as_of.isoformat(), "days_left": days, "review_ends": review_ends.isoformat()},
        relied_on=[(latest.index, "end_date"), (latest.index, "open_ended")],
    )
