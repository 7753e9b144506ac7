"""劳务派遣 (dispatched) applicants: the dispatch agreement names the declared units, its term covers
the application date, and the publicity form carries both units' seals.

001 §三(一)2: 属劳务派遣公司的申报人员，还需提供劳务派遣公司和用人单位“双公示、双审核、双盖章”的相关证明材料及
劳务派遣公司的派遣协议; §五(五)2(3): 需一并上传劳务派遣公司的派遣协议. 003 §二 Q14(1): 派遣制人员以派遣单位
作为其工作单位进行申报. So the applying unit (申报单位) is the dispatch company, and the unit the
applicant works at is the declared 用工单位 (manifest column). The agreement itself is required by
`documents.required` (a conditional entry, validators/attachments.py).

Every comparison of a read value names the values it relied on: the rule layer grades it
(validators/registry.py), so a mismatch resting on an unsure reading is a warning asking for a
human look, never an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from preaudit.pipeline.model import Case, Document, DocType, Finding
from preaudit.pipeline.values.text import normalize_unit
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import current_contract, doc_label, iso
from preaudit.validators.rules.seals import names_some_unit, rings_of, unit_matcher


def _canonical(unit: str, equivalents: dict[str, str]) -> str:
    text = normalize_unit(unit)
    for old, new in equivalents.items():
        text = text.replace(normalize_unit(old), normalize_unit(new))
    return text


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and normalize_unit(value) else None


def declared_user_unit(case: Case) -> str | None:
    """The declared 用工单位, None when not declared (the applicant is then not known as dispatched)."""
    return _text(case.declared.user_unit) if case.declared is not None else None


def applying_unit(case: Case) -> tuple[str, int | None, str] | None:
    """The applying unit (the dispatch company for a dispatched applicant, 003 §二 Q14(1)) and where it
    comes from: the declared 申报单位, else the current contract's 甲方 (document index, field)."""
    if case.declared is not None and _text(case.declared.unit):
        return case.declared.unit or "", None, "unit"
    term = current_contract(case)
    employer = _text(term.doc.value("employer")) if term else None
    if term is not None and employer:
        return employer, term.index, "employer"
    return None


# 001 §三(一)2, §五(五)2(3) (劳务派遣公司的派遣协议); 003 §二 Q14(1) (以派遣单位作为其工作单位进行申报).
@rule("dispatch.parties")
def dispatch_parties(
    case: Case,
    *,
    min_similarity: float = 92.0,
    equivalents: dict[str, str] | None = None,
) -> Iterator[Finding]:
    """DISPATCH_PARTY_MISMATCH for each dispatch agreement whose 派遣单位 is not the applying unit (the
    declared 申报单位, else the current contract's 甲方), and for each whose 用工单位 is not the declared
    用工单位: rapidfuzz `fuzz.ratio` below `min_similarity` after `normalize_unit` and the
    `equivalents` replacements, as `unit.consistency` compares. A party the agreement does not show,
    or a declared value that is missing, is not compared. Where the declared 申报单位 is the agreement's
    用工单位, the message says that a dispatched applicant applies through the dispatch company."""
    eq = equivalents or {}
    applying = applying_unit(case)
    user_unit = declared_user_unit(case)

    def score(a: str, b: str) -> float:
        return round(fuzz.ratio(_canonical(a, eq), _canonical(b, eq)), 1)

    for i, d in case.of_type(DocType.DISPATCH_AGREEMENT):
        dispatcher, user = _text(d.value("dispatch_unit")), _text(d.value("user_unit"))
        if dispatcher and applying is not None:
            unit, where, field = applying
            s = score(dispatcher, unit)
            if s < min_similarity:
                swapped = user is not None and score(user, unit) >= min_similarity
                source = "申报单位" if where is None else f"{doc_label(case.documents[where].doc_type)}甲方（用人单位）"
                hint = ("劳务派遣人员应以派遣单位作为工作单位申报（申报单位填写劳务派遣公司），"
                        "用工单位填入“用工单位”一栏；" if swapped else "")
                yield finding(
                    "DISPATCH_PARTY_MISMATCH",
                    f"{doc_label(d.doc_type)}（文件“{d.file}”）的派遣单位“{dispatcher}”与{source}“{unit}”不一致。"
                    f"{hint}请核对申报单位，或上传申报单位（劳务派遣公司）与用工单位签订的派遣协议。",
                    documents=[i] + ([where] if where is not None else []),
                    evidence={"document": d.doc_type.value, "file": d.file, "party": "dispatch_unit",
                              "dispatch_unit": dispatcher, "declared_unit": unit, "score": s,
                              "min_similarity": min_similarity, "swapped": swapped},
                    relied_on=[(i, "dispatch_unit"), (where, field)],
                )
        if user and user_unit is not None:
            s = score(user, user_unit)
            if s < min_similarity:
                yield finding(
                    "DISPATCH_PARTY_MISMATCH",
                    f"{doc_label(d.doc_type)}（文件“{d.file}”）的用工单位“{user}”与申报信息填写的用工单位“{user_unit}”"
                    "不一致，请核对用工单位，或上传派往该用工单位的派遣协议。",
                    documents=[i],
                    evidence={"document": d.doc_type.value, "file": d.file, "party": "user_unit",
                              "user_unit": user, "declared_user_unit": user_unit, "score": s,
                              "min_similarity": min_similarity},
                    relied_on=[(i, "user_unit"), (None, "user_unit")],
                )


def _covers(d: Document, as_of: date) -> str:
    """covers | ended | not_started | unknown (no start read, or a fixed term whose end was not read)."""
    start, end = d.date("start_date"), d.date("end_date")
    if start is None:
        return "unknown"
    if as_of < start:
        return "not_started"
    if end is None:
        return "unknown"
    return "covers" if as_of <= end else "ended"


# 001 §五(五)2(3): the agreement proves the dispatched work, which must hold when the applicant applies
# (as §五(五)2(2) asks of the contract: 有效期内).
@rule("dispatch.period")
def dispatch_period(case: Case) -> Iterator[Finding]:
    """DISPATCH_PERIOD when no dispatch agreement's 派遣期限 covers as_of (start <= as_of <= end).
    An agreement whose start or end cannot be read (or that has no end) leaves the question open, so
    nothing is reported: the reviewer reads it (FIELD_UNREADABLE where the policy requires the field)."""
    agreements = case.of_type(DocType.DISPATCH_AGREEMENT)
    states = [(i, d, _covers(d, case.as_of)) for i, d in agreements]
    if not states or any(s in ("covers", "unknown") for _, _, s in states):
        return
    described = "；".join(f"文件“{d.file}”的派遣期限为{iso(d.date('start_date'))}至{iso(d.date('end_date'))}"
                         for _, d, _ in states)
    yield finding(
        "DISPATCH_PERIOD",
        f"{doc_label(DocType.DISPATCH_AGREEMENT)}{described}，申报日（{case.as_of.isoformat()}）不在派遣期限内。"
        "请上传有效期内的派遣协议（或续签的派遣协议）。",
        documents=[i for i, _, _ in states],
        evidence={"as_of": case.as_of.isoformat(),
                  "agreements": [{"file": d.file, "agreement_start": iso(d.date("start_date")),
                                  "agreement_end": iso(d.date("end_date")), "state": s} for _, d, s in states]},
        relied_on=[(i, "start_date" if s == "not_started" else "end_date") for i, _, s in states],
    )


# 001 §三(一)2: 劳务派遣公司和用人单位“双公示、双审核、双盖章”.
@rule("dispatch.dual_seals")
def dispatch_dual_seals(
    case: Case,
    *,
    doc_types: list[DocType],
    min_similarity: float = 85.0,
    equivalents: dict[str, str] | None = None,
    region_prefixes: list[str] | None = None,
    legal_suffixes: list[str] | None = None,
    max_misread_share: float = 0.0,
    min_core_in_name: float = 0.0,
    lookalike_similarity: float = 0.0,
    unit_words: list[str] | None = None,
    max_rare_share: float = 1.0,
    min_text_confidence: float = 0.0,
) -> Iterator[Finding]:
    """DISPATCH_SEAL for each document of `doc_types` of a dispatched applicant (a declared 用工单位, or
    an uploaded dispatch agreement) that does not show the seals of both the dispatch company (the
    applying unit) and the 用工单位 (declared, else the agreement's): only one seal was found, or
    every seal found was read cleanly as some unit's name (`seals.text`'s test, same parameters) and
    none of them names one of the two. A document whose seals could not be looked for (grayscale:
    SEAL_NOT_CHECKED), without seals (SEAL_MISSING) or with a seal that could not be read is not
    judged. A seal's ring is read by OCR and a seal under another may be missed, so the finding
    always carries that doubt: it is never more than a warning asking for a look."""
    agreements = case.of_type(DocType.DISPATCH_AGREEMENT)
    user_unit = declared_user_unit(case)
    if user_unit is None:
        user_unit = next((_text(d.value("user_unit")) for _, d in agreements if _text(d.value("user_unit"))), None)
    applying = applying_unit(case)
    if applying is None and agreements:
        read = next((_text(d.value("dispatch_unit")) for _, d in agreements if _text(d.value("dispatch_unit"))), None)
        applying = (read, None, "unit") if read else None
    if user_unit is None or applying is None:
        return  # not known as dispatched, or no unit to look for
    units = {"dispatch_unit": applying[0], "user_unit": user_unit}
    params = dict(min_similarity=min_similarity, equivalents=equivalents or {}, region_prefixes=region_prefixes or [],
                  legal_suffixes=legal_suffixes or [], max_misread_share=max_misread_share,
                  min_core_in_name=min_core_in_name, lookalike_similarity=lookalike_similarity)
    matchers = {k: unit_matcher(u, **params) for k, u in units.items()}
    for i, d in case.of_type(*[DocType(t) for t in doc_types]):
        seals = d.meta.get("seals") if isinstance(d.meta, dict) else None
        if not isinstance(seals, list) or not seals:
            continue
        rings = rings_of(d)
        named = {k: any(m(t, n == 0) for ring in rings for n, (t, _) in enumerate(ring)) for k, m in matchers.items()}
        missing = [k for k, ok in named.items() if not ok]
        if not missing:
            continue
        clean = len(rings) == len(seals) and all(
            names_some_unit(ring[0][0], ring[0][1], unit_words=unit_words, max_rare_share=max_rare_share,
                            min_text_confidence=min_text_confidence) for ring in rings)
        if len(seals) >= 2 and not clean:
            continue  # two seals, one of them not read: no evidence either way
        names = {"dispatch_unit": f"劳务派遣公司“{units['dispatch_unit']}”", "user_unit": f"用工单位“{user_unit}”"}
        found = "仅识别到一枚印章" if len(seals) == 1 else f"识别到{len(seals)}枚印章"
        readings = [ring[0][0] for ring in rings]
        yield finding(
            "DISPATCH_SEAL",
            f"{doc_label(d.doc_type)}（文件“{d.file}”）{found}"
            + (f"（“{'”、“'.join(readings)}”）" if readings else "")
            + f"，未见{'和'.join(names[k] for k in missing)}的公章。劳务派遣人员须由劳务派遣公司和用工单位"
            "“双公示、双审核、双盖章”，请上传两家单位均已盖章的材料。",
            documents=[i],
            evidence={"document": d.doc_type.value, "file": d.file, "seals_found": len(seals),
                      "seal_text": readings, "missing_units": [units[k] for k in missing],
                      "dispatch_unit": units["dispatch_unit"], "user_unit": user_unit},
            unsure=["印章由图像识别，环形文字识别及相互重叠的印章可能有误差，请人工核对是否双盖章"],
        )
