"""职称考核认定公示表 (001 §五(六) 附件4): who, which unit, and the dates of the procedure.

The basic-data grid (姓名, 工作单位, 单位性质 …) is read by label. The dates sit inside the form's
sections: the pledge date is the last date of the 本人承诺 section (next to 承诺人), the
publicity period follows 公示时间, and the unit opinion date is the last date of the
单位审核意见 section. A section is found by its label cell (FieldReader.section) and read as
visual rows: a date written by hand into a printed 年 月 日 (each number its own OCR box, a
little off the printed baseline) reads whole on its row. The period is read in every wording:
自A起至B止, A至B, A—B with the year only on A, 开始/结束 cells beside or under their labels.
A signing date a seal crosses may come back clipped (024年8月30日, 24.08.30, 202408.30): read
whole once completed, less surely, only where the section has no whole date. 单位性质 tick boxes
whose boxes or hand tick OCR lost are read on the page image (pipeline/intake/checkboxes.py).
"""

from __future__ import annotations

import re

from preaudit.extractors.base import ROUTE_FACTORS, FieldReader, field_from_hit, load_labels, register
from preaudit.extractors.common import (ANY_DATE, CN_DATE, DATE, boxed_option, clipped_dates_in_rows, date_on_label_row, date_value,
                               dates_in_rows, find_dates, read_date, read_fields, reader_for, ticked_option)
from preaudit.pipeline.model import DocType, FieldValue, Page
from preaudit.pipeline.values.text import nfkc

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
        "unit_type": unit_type(fields["unit_type"], pages),
    }


def unit_type(value: FieldValue, pages: list[Page] | None = None) -> FieldValue:
    """单位性质 as printed, or the ticked option when the form prints tick boxes (common.ticked_option;
    an option inferred from a lost tick is read less surely). Where OCR lost the boxes or the tick
    (a hand tick is no character), the boxes are looked at on the page image (common.boxed_option)."""
    text = value.value
    marks = LABELS["ticks"] + LABELS["boxes"]
    if not isinstance(text, str):
        return value
    pieces = [o for piece in re.split("|".join(re.escape(m) for m in marks), text) for o in _split_options(_bare(piece))]
    known = _known_options()
    printed = len(pieces) >= 2 and all(o in known for o in pieces)  # a row of options, boxes or not
    chosen, how = None, ""
    if any(m in text for m in marks):
        options = sorted(set(pieces), key=len, reverse=True)
        chosen, how = ticked_option(text, options, LABELS["ticks"], LABELS["boxes"])
        if how == "only":
            chosen, how = None, ""  # one option and no box: not a choice among boxes
    elif not printed:
        return value  # a single word is the value as written
    if how != "ticked" and printed:
        seen, seen_how = boxed_option(value, pieces, pages or [])
        if seen is not None:  # a marked box seen wins over an option inferred from the text
            chosen, how = seen, seen_how
    factor = ROUTE_FACTORS["checkbox_inferred"] if how == "inferred" else 1.0
    return value.model_copy(update={"value": chosen, "confidence": round(value.confidence * factor, 4) if chosen else 0.0})


def _bare(text: str) -> str:
    """The option names of a piece of the row, the spaces and separators between them dropped."""
    return re.sub(r"[\s,、;；:：]+", "", nfkc(text))


def _known_options() -> set[str]:
    return {nfkc(o) for o in LABELS["unit_type_options"]}


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
    """The signing date of a section: its last date (on its visual rows); else its last date that
    reads whole once its clipped year is completed (a seal crosses the unit's date: 024年8月30日,
    24.08.30), less surely; else the date after the anchor label, or on the anchor's row."""
    rows = r.section_rows(LABELS["sections"][section], _SECTIONS)
    dated = dates_in_rows(rows)
    if dated:
        hit, value = dated[-1]
        return field_from_hit(hit, value)
    clipped = clipped_dates_in_rows(rows, LABELS["clipped_dates"]["century"])
    if clipped:
        hit, value = clipped[-1]
        return field_from_hit(hit, value, LABELS["clipped_dates"]["factor"])
    value = read_date(r, LABELS["labels"][anchor])
    if value.value is not None:
        return value
    return date_on_label_row(r, LABELS["labels"][anchor])


def publicity_period(r: FieldReader) -> tuple[FieldValue, FieldValue]:
    """公示时间 A至B (beside, right of or under its label, or on its visual row); else 开始 / 结束
    dates by their own labels; else the first two dates of the 公示情况 section."""
    one: tuple | None = None
    for cand in r.candidates(LABELS["labels"]["publicity"]):
        if cand.blank:
            continue
        m = re.search(rf"(?:{DATE}|{CN_DATE}).*", cand.text)
        if not m:
            continue
        cand = cand.narrowed(cand.start + m.start(), cand.end)
        dates = _period(cand.text)
        if len(dates) >= 2:
            return field_from_hit(cand.hit, dates[0]), field_from_hit(cand.hit, dates[1])
        if dates and one is None:
            one = (cand.hit, dates[0])
    for at in r.find_labels(LABELS["labels"]["publicity"]):
        page_no, line, _ = r.lines[at.index]
        for row in r.rows(page_no):
            if row.bbox.y0 <= line.bbox.cy <= row.bbox.y1:
                k = row.text.find(at.label)
                rest_at = k + len(at.label) if k >= 0 else 0
                m = re.search(rf"(?:{DATE}|{CN_DATE}).*", row.text[rest_at:])
                if m:
                    dates = _period(m.group(0))
                    if len(dates) >= 2:
                        hit = row.hit(rest_at + m.start(), rest_at + m.end())
                        return field_from_hit(hit, dates[0]), field_from_hit(hit, dates[1])
    start = read_date(r, LABELS["labels"]["publicity_start"])
    end = read_date(r, LABELS["labels"]["publicity_end"])
    if start.value is not None and end.value is not None:
        return start, end
    # the section's first two dates, without the period's label: read less surely
    dated = dates_in_rows(r.section_rows(LABELS["sections"]["publicity"], _SECTIONS))
    if len(dated) >= 2:
        factor = ROUTE_FACTORS["position"]
        return field_from_hit(*dated[0], factor), field_from_hit(*dated[1], factor)
    if one is not None:
        return field_from_hit(*one), FieldValue()
    return start, end


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
