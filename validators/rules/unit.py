"""Unit consistency: applying unit = latest insurance employer = contract employer (甲方)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from typing import Any

from rapidfuzz import fuzz

from preaudit.pipeline.values.certainty import default_settings, lookalike
from preaudit.pipeline.model import Case, DocType, Finding
from preaudit.pipeline.values.text import normalize_unit
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import current_contract, doc_label


def _latest_insurance_employer(case: Case) -> tuple[list[str], str | None, int, str] | None:
    """(readings of the unit, month, document index, field relied on) of the latest paid month.

    The table row's employer and the header's 参保单位, when they differ only as a misreading does
    (preaudit.pipeline.values.certainty.lookalike), are two readings of the same unit: both are kept, and the
    comparison takes the one nearer the other parties. Without paid rows, the header alone.
    """
    best: tuple[int, str, str, int] | None = None
    for i, doc in case.of_type(DocType.PENSION_CERTIFICATE):
        for row in doc.table("months"):
            if not row.paid or row.employer is None or not normalize_unit(row.employer):
                continue
            if best is None or row.month_index > best[0]:
                best = (row.month_index, row.month, row.employer, i)
    if best is not None:
        header = case.documents[best[3]].value("employer")
        readings = [best[2]]
        if isinstance(header, str) and lookalike("unit", normalize_unit(best[2]), normalize_unit(header), default_settings()):
            readings.append(header)  # the same unit read twice, once badly
        return readings, best[1], best[3], "months"
    for i, doc in case.of_type(DocType.PENSION_CERTIFICATE):
        employer = doc.value("employer")
        if isinstance(employer, str) and normalize_unit(employer):
            return [employer], None, i, "employer"
    return None


def _canonical(unit: str, equivalents: dict[str, str]) -> str:
    text = normalize_unit(unit)
    for old, new in equivalents.items():
        text = text.replace(normalize_unit(old), normalize_unit(new))
    return text


# 001 §二(二): 最后缴纳社保的单位与申报单位保持一致; §五(五)2(1) 参保单位与人事劳动合同签订单位及
# 申报单位信息需一致; §五(五)2(2) 劳动合同签订单位必须与养老保险参保单位一致.
@rule("unit.consistency")
def unit_consistency(
    case: Case,
    *,
    min_similarity: float = 92.0,
    equivalents: dict[str, str] | None = None,
) -> Iterator[Finding]:
    """UNIT_MISMATCH when two of {declared unit, latest paid month's insurance employer, current
    contract's employer} score below `min_similarity` (rapidfuzz `fuzz.ratio`, 0–100) after
    `normalize_unit` and the `equivalents` replacements (e.g. 有限责任公司 -> 有限公司)."""
    equivalents = equivalents or {}
    # key, Chinese label, readings of the unit, doc index, field relied on
    parties: list[tuple[str, str, list[str], int | None, str]] = []
    if case.declared is not None and normalize_unit(case.declared.unit):
        parties.append(("declared", "申报单位", [case.declared.unit or ""], None, "unit"))
    insurance = _latest_insurance_employer(case)
    if insurance is not None:
        readings, month, idx, field = insurance
        label = f"养老保险最近参保单位（{month}）" if month else "养老保险参保单位"
        parties.append(("insurance", label, readings, idx, field))
    contract = current_contract(case)
    if contract is not None:
        employer = contract.doc.value("employer")
        if isinstance(employer, str) and normalize_unit(employer):
            label = f"{doc_label(contract.doc.doc_type)}甲方（用人单位）"
            parties.append(("contract", label, [employer], contract.index, "employer"))
    if len(parties) < 2:
        return

    scores: dict[str, float] = {}
    differing = []
    relied: list[tuple[int | None, str]] = []
    for a, b in combinations(parties, 2):
        score, ra, rb = max(
            (round(fuzz.ratio(_canonical(x, equivalents), _canonical(y, equivalents)), 1), x, y)
            for x in a[2] for y in b[2]
        )
        scores[f"{a[0]}~{b[0]}"] = score
        if score < min_similarity:
            differing.append(f"{b[1]}“{rb}”与{a[1]}“{ra}”不一致")
            relied += [(a[3], a[4]), (b[3], b[4])]
    if not differing:
        return
    values = {key: readings[0] for key, _, readings, _, _ in parties}
    evidence: dict[str, Any] = {
        "declared_unit": values.get("declared"),
        "insurance_unit": values.get("insurance"),
        "insurance_month": insurance[1] if insurance else None,
        "contract_unit": values.get("contract"),
        "scores": scores,
        "score": min(scores.values()),
        "min_similarity": min_similarity,
    }
    yield finding(
        "UNIT_MISMATCH",
        f"{'；'.join(differing)}。申报单位、最后缴纳社保的单位与劳动合同签订单位须为同一单位，"
        "请核对申报单位，或上传与申报单位一致的参保证明和劳动合同备案表。",
        documents=[p[3] for p in parties if p[3] is not None],
        evidence=evidence,
        relied_on=list(dict.fromkeys(relied)),
    )
