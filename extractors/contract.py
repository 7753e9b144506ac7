"""劳动合同备案表 and 劳动合同书: employer (甲方), employee, term, open-ended or not, signing date.

Both forms carry the same fields (CONTRACT.md), so one reader serves both types; each type has its
own labels file so their anchors can diverge.
"""

from __future__ import annotations

import re

from extractors.base import FieldReader, field_from_hit, load_labels, register
from extractors.common import read_date, read_id_number, read_text
from pipeline.model import DocType, FieldValue, Page
from pipeline.text import nfkc, parse_date

_DATE = r"\d{4}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?"
_RANGE = r"(?:至|到|—|－|-|~|〜)"
_DANGLING = _DATE + r"起?" + _RANGE + r"$"  # a term line that ends after 至: its end date is on the next line


def read_contract(pages: list[Page], labels: dict) -> dict[str, FieldValue]:
    r = FieldReader(pages, known_labels(labels))
    stops = labels["stop_labels"]
    start, end, open_ended = _term(r, labels)
    return {
        "employer": read_text(r, labels["employer"], stops),
        "employee_name": read_text(r, labels["employee_name"], stops),
        "employee_id_number": read_id_number(r, labels["employee_id_number"]),
        "start_date": start,
        "end_date": end,
        "open_ended": open_ended,
        "sign_date": read_date(r, labels["sign_date"]),
    }


def known_labels(labels: dict) -> list[str]:
    """Every label printed on the form (not the words of a value such as 无固定期限): a neighbour
    that is a label is no value (a roster prints its labels in a row over their values), and a
    value ends where the next label stands (职工姓名：李娜　证件号码：…)."""
    keys = ("employer", "employee_name", "employee_id_number", "contract_type", "term", "start_date", "end_date", "sign_date")
    out: list[str] = list(labels.get("form_labels", []))
    for key in keys:
        spec = labels.get(key) or []
        out += [x for item in spec for x in (item if isinstance(item, list) else [item])]
    return out


def _term_option(r: FieldReader, labels: dict) -> tuple[FieldValue, FieldValue, FieldValue] | None:
    """The filled-in one of the printed ways to fix the term (固定期限 自…至… / 无固定期限 自…起)."""
    for kind, pattern in labels.get("term_options", {}).items():
        found = r.match_text(pattern.replace("DATE", _DATE))
        if found is None:
            continue
        m, hit = found
        dates = [parse_date(g) for g in m.groups()]
        if not all(dates):
            continue
        start = field_from_hit(hit, dates[0].isoformat())
        if kind == "fixed" and len(dates) >= 2:
            return start, field_from_hit(hit, dates[1].isoformat()), field_from_hit(hit, False)
        if kind == "open":
            none = FieldValue(value=None, confidence=hit.confidence, bbox=hit.bbox, page=hit.page, source=hit.source)  # type: ignore[arg-type]
            return start, none, field_from_hit(hit, True)
    return None


def _term(r: FieldReader, labels: dict) -> tuple[FieldValue, FieldValue, FieldValue]:
    """Start and end dates from 合同期限 (自…起至…止) or separate start/end labels."""
    chosen = _term_option(r, labels)
    if chosen is not None:
        return chosen
    open_words = [nfkc(w) for w in labels["open_ended"]]
    type_hit = r.after_label(labels["contract_type"])
    term_hit = r.after_label(labels["term"], pattern=rf"({_DATE}.*)")
    texts = [h for h in (type_hit, term_hit) if h is not None]
    is_open = any(any(w in nfkc(h.text) for w in open_words) for h in texts)
    start = end = FieldValue()
    if term_hit is not None:
        dates = re.findall(_DATE, nfkc(term_hit.text))
        if len(dates) == 1 and re.search(_DANGLING, nfkc(term_hit.text)):
            # 合同期限：自A起至 | B止 — the sentence wraps between its dates: read it joined.
            alt = "|".join(re.escape(nfkc(x)) for x in sorted(labels["term"], key=len, reverse=True))
            flat = r.search_text(rf"(?:{alt})[:：]?自?({_DATE}起?{_RANGE}{_DATE})")
            if flat is not None:
                term_hit, dates = flat, re.findall(_DATE, nfkc(flat.text))
        if dates:
            d0 = parse_date(dates[0])
            start = field_from_hit(term_hit, d0.isoformat() if d0 else None)
        if len(dates) >= 2 and not is_open:
            d1 = parse_date(dates[1])
            end = field_from_hit(term_hit, d1.isoformat() if d1 else None)
    if start.value is None:
        start = read_date(r, labels["start_date"])
    if end.value is None and not is_open:
        end = read_date(r, labels["end_date"])
    anchor = type_hit or term_hit
    if is_open:
        end = field_from_hit(anchor, None) if anchor else FieldValue()
        end = FieldValue(value=None, confidence=anchor.confidence if anchor else 0.0, bbox=end.bbox, page=end.page, source=end.source)
    open_field = field_from_hit(anchor, is_open) if anchor else FieldValue(value=False, confidence=0.5)
    return start, end, open_field


@register(DocType.CONTRACT_FILING)
def extract_filing(pages: list[Page]) -> dict[str, FieldValue]:
    return read_contract(pages, load_labels("contract_filing"))


@register(DocType.LABOR_CONTRACT)
def extract_labor_contract(pages: list[Page]) -> dict[str, FieldValue]:
    return read_contract(pages, load_labels("labor_contract"))
