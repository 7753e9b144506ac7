"""Contract: a labour contract (备案表 or renewal) covers the application date and does not end soon."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from preaudit.pipeline.model import Case, Finding
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


# 001 §四: 审核至2024年9月30日; a contract ending within the review window may have lapsed by the
# time the district reviews it, so the applicant should upload the renewal now.
@rule("contract.expiring")
def contract_expiring(case: Case, *, within_days: int = 30) -> Iterator[Finding]:
    """CONTRACT_EXPIRING when the contracts covering as_of are all fixed-term and the latest of
    them ends within `within_days` days after as_of."""
    covering = [t for t in contract_terms(case) if t.state(case.as_of) == "covers"]
    if not covering or any(t.open_ended for t in covering):
        return
    latest = max(covering, key=lambda t: t.end or case.as_of)
    if latest.end is None:  # cannot happen for a fixed-term "covers"; keeps the type checker calm
        return
    days = (latest.end - case.as_of).days
    if latest.end > case.as_of + timedelta(days=within_days):
        return
    yield finding(
        "CONTRACT_EXPIRING",
        f"{doc_label(latest.doc.doc_type)}的合同期限将于{latest.end.isoformat()}到期"
        f"（距申报日{days}天），审核期间可能过期，请及时续签并上传续签劳动合同。",
        documents=[latest.index],
        evidence=latest.evidence()
        | {"as_of": case.as_of.isoformat(), "days_left": days, "within_days": within_days},
        relied_on=[(latest.index, "end_date"), (latest.index, "open_ended")],
    )
