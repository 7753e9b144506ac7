"""职称考核认定公示表 (001 §五(六) 附件4): who, which unit, and the dates of the procedure.

The basic-data grid (姓名, 工作单位, 单位性质 …) is read by label. The dates sit inside the form's
sections: the pledge date is the last date of the 本人承诺 section (next to 承诺人), the
publicity period follows 公示时间, and the unit opinion date is the last date of the
单位审核意见 section. A section is found by its label cell (FieldReader.section).
"""

from __future__ import annotations

import re

from extractors.base import FieldReader, field_from_hit, load_labels, register
from extractors.common import ANY_DATE, CN_DATE, DATE, date_value, dates_on, find_dates, read_fields, reader_for
from pipeline.model import DocType, FieldValue, Page
from pipeline.text import nfkc

LABELS = load_labels("publicity_form")
_SECTIONS = [label for labels in LABELS["sections"].values() for label in labels]


@register(DocType.PUBLICITY_FORM)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    fields = read_fields(r, LABELS, ("name", "unit", "unit_type"))
    start, end = publicity_period(r)
    return {
        "name": fields["name"],
        "unit": fields["unit"],
        "pledge_date": section_date(r, "pledge", "signer"),
        "publicity_start": start,
        "publicity_end": end,
        "unit_opinion_date": section_date(r, "unit_opinion", "opinion_seal"),
        "unit_type": unit_type(fields["unit_type"]),
    }


def unit_type(value: FieldValue) -> FieldValue:
    """单位性质 as printed, or the ticked option when the form prints tick boxes."""
    text = value.value
    marks = LABELS["ticks"] + LABELS["boxes"]
    if not isinstance(text, str) or not any(m in text for m in marks):
        return value
    pieces = re.split("(" + "|".join(re.escape(m) for m in marks) + ")", text)
    options: list[tuple[str | None, str]] = []  # (mark before the option, option)
    mark = None
    for piece in pieces:
        if piece in marks:
            mark = piece
        else:
            for k, option in enumerate(_split_options(piece.strip(" ,、;；"))):
                options.append((mark if k == 0 else None, option))
            mark = None
    ticked = [o for m, o in options if m in LABELS["ticks"]]
    if not ticked:  # OCR lost the tick: the one option without a box
        ticked = [o for m, o in options if m is None]
    chosen = ticked[0] if len(ticked) == 1 else None
    return value.model_copy(update={"value": chosen, "confidence": value.confidence if chosen else 0.0})


def _split_options(text: str) -> list[str]:
    """Box options OCR ran together (国有企业非公经济组织) split at the known option names."""
    known = sorted((nfkc(o) for o in LABELS["unit_type_options"]), key=len, reverse=True)
    starts, i = [], 0
    while i < len(text):
        hit = next((o for o in known if text.startswith(o, i)), None)
        if hit:
            starts.append(i)
            i += len(hit)
        else:
            i += 1
    cuts = sorted({0, *starts}) + [len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:]) if text[a:b]]


def section_date(r: FieldReader, section: str, anchor: str) -> FieldValue:
    """The signing date of a section: its last date; else the date after the anchor label."""
    dated = dates_on(r, r.section(LABELS["sections"][section], _SECTIONS))
    if dated:
        hit, value = dated[-1]
        return field_from_hit(hit, value)
    hit = r.after_label(LABELS["labels"][anchor], pattern=rf"({DATE}|{CN_DATE})")
    return field_from_hit(hit, date_value(hit.text)) if hit else FieldValue()


def publicity_period(r: FieldReader) -> tuple[FieldValue, FieldValue]:
    """公示时间 A至B, else the first two dates of the 公示情况 section."""
    hit = r.after_label(LABELS["labels"]["publicity"], pattern=rf"((?:{DATE}|{CN_DATE}).*)")
    dates = _period(nfkc(hit.text)) if hit else []
    if len(dates) >= 2:
        return field_from_hit(hit, dates[0]), field_from_hit(hit, dates[1])
    dated = dates_on(r, r.section(LABELS["sections"]["publicity"], _SECTIONS))
    if len(dated) >= 2:
        return field_from_hit(*dated[0]), field_from_hit(*dated[1])
    if dates:
        return field_from_hit(hit, dates[0]), FieldValue()
    return FieldValue(), FieldValue()


def _period(text: str) -> list[str]:
    """The dates of a period; an end printed without its year (至8月29日, -8.29) takes the start's
    year, one printed as a day alone (至29日) the start's year and month."""
    dates = find_dates(text)
    first = ANY_DATE.search(text)
    if len(dates) == 1 and first is not None:
        seps = "|".join(re.escape(s) for s in LABELS["range_separators"])
        m = re.match(rf"起?(?:{seps})(?:(\d{{1,2}})[月.\-/])?(\d{{1,2}})(?!\d)(日?)", text[first.end():])
        end = None
        if m and (m.group(1) or m.group(3)):
            month = m.group(1) or dates[0][5:7]
            end = date_value(f"{dates[0][:4]}年{month}月{m.group(2)}日")
        if end:
            dates.append(end)
    return dates
