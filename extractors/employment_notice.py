"""事业单位聘用通知书 (001 §五(五)1 附件3 for public institutions): who, where, which post, the term.

Two shapes are read: a labelled form (姓名 / 聘用单位 / 聘用岗位 / 聘用期限 自…至…) and a letter
("张三同志：经研究，决定聘用你到…，聘用期限自…至…。"); the letter's phrases are regexes in the
labels file, tried over the text joined line to line when a label gives nothing. An open term
(无固定期限, 至退休) has no end date.
"""

from __future__ import annotations

import re

from preaudit.extractors.base import FieldReader, Hit, field_from_hit, load_labels, register
from preaudit.extractors.common import ANY_DATE, CN_DATE, DATE, clean_value, date_value, read_fields, reader_for
from preaudit.pipeline.model import DocType, FieldValue, Page
from preaudit.pipeline.values.text import nfkc

LABELS = load_labels("employment_notice")
_TERM_SPAN = 60  # characters after 聘用期限 that can hold its two dates


@register(DocType.EMPLOYMENT_NOTICE)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    fields = read_fields(r, LABELS, ("name", "employer", "position", "start_date", "end_date"))
    for name, sep in (("name", "\n"), ("employer", ""), ("position", "")):
        for pattern in LABELS["prose"][name]:
            if fields[name].value is not None:
                break
            hit = r.search_text(pattern, sep=sep)
            if hit is not None:
                fields[name] = field_from_hit(hit, clean_value(hit.text) or None)
    start, end, is_open = _term(r)
    if start.value is not None:
        fields["start_date"] = start
    if is_open:
        fields["end_date"] = FieldValue(value=None, confidence=start.confidence, bbox=start.bbox, page=start.page, source=start.source)
    elif end.value is not None:
        fields["end_date"] = end
    return {k: fields[k] for k in ("name", "employer", "start_date", "end_date", "position")}


def _term(r: FieldReader) -> tuple[FieldValue, FieldValue, bool]:
    """Start, end and open-endedness from 聘用期限: its line (or the cell right of it), else the
    running text after it (a letter whose sentence wraps)."""
    labels = LABELS["labels"]["term"]
    hit: Hit | None = r.after_label(labels, pattern=rf"((?:{DATE}|{CN_DATE}|自).*)")
    start, end, is_open = _parse_term(nfkc(hit.text)) if hit else (None, None, False)
    if start is None or (end is None and not is_open):
        alt = "|".join(re.escape(nfkc(label)) for label in sorted(labels, key=len, reverse=True))
        flat = r.search_text(rf"(?:{alt})[:：]?(.{{0,{_TERM_SPAN}}})")
        if flat is not None:
            hit = flat
            start, end, is_open = _parse_term(nfkc(flat.text).split("。")[0])
    if hit is None or start is None:
        return FieldValue(), FieldValue(), False
    return field_from_hit(hit, start), field_from_hit(hit, end) if end else FieldValue(), is_open


def _parse_term(text: str) -> tuple[str | None, str | None, bool]:
    """自A起至B止 -> (A, B, False); 自A起 / 自A起至退休 -> (A, None, True). The end date must
    follow the start at once: a later date (试用期至…, 请于…报到) is not the term's end."""
    first = ANY_DATE.search(text)
    if first is None:
        return None, None, False
    start = date_value(first.group(0))
    seps = "|".join(re.escape(s) for s in LABELS["range_separators"])
    m = re.match(rf"起?(?:{seps})({DATE}|{CN_DATE})", text[first.end():])
    end = date_value(m.group(1)) if m else None
    if end is not None:
        return start, end, False
    if any(nfkc(w) in text for w in LABELS["open_ended"]):
        return start, None, True
    # 自A起 and nothing after: open; 自A起至 and the line ends: the end is on the next line.
    dangling = re.match(rf"起?(?:{seps})", text[first.end():]) or first.end() == len(text)
    return start, None, not dangling
