"""事业单位聘用通知书 (001 §五(五)1 附件3 for public institutions): who, where, which post, the term.

Two shapes are read: a labelled form (姓名 / 聘用单位 / 聘用岗位 / 聘用期限 自…至…) and a letter
("张三同志：经研究，决定聘用你到…，聘用期限自…至…。"); the letter's phrases are regexes in the
labels file, tried over the text joined line to line when a label gives nothing. An open term
(无固定期限, 至退休) has no end date.
"""

from __future__ import annotations

from preaudit.extractors.base import FieldReader, field_from_hit, load_labels, register
from preaudit.extractors.common import clean_value, read_fields, read_term, reader_for
from preaudit.pipeline.model import DocType, FieldValue, Page

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
    """Start, end and open-endedness from 聘用期限 (extractors/common.py read_term)."""
    return read_term(r, LABELS["labels"]["term"], LABELS["range_separators"], LABELS["open_ended"], _TERM_SPAN)
