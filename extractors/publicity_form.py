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

What the form lists of the applicant (003 §一(三)1: 学历、资历条件及学术、业绩成果) is read too: 学历
(`education`, `school_major`), 资历 (`current_title`, `title_date`, `years_worked`, `started_work`) and
业绩 (`achievements`: the text of the 主要工作业绩 section or cell). A value is the words of its cell,
never another label; where the label is printed but its cell is empty or unreadable the field's
value is None and its `raw` and box are the label's (the part is on the form, its value not read).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from preaudit.extractors.base import (ROUTE_FACTORS, FieldReader, Hit, field_from_hit, is_hanzi, line_rows, load_labels, register,
                                      sub_bbox)
from preaudit.extractors.common import (ANY_DATE, CN_DATE, DATE, SHAPES, boxed_option, circled_option, ticked_over_option, clean_value, clipped_dates_in_rows,
                                        clock_stamped, date_on_label_row, date_or_month, date_value, dates_in_rows, find_dates, read_date,
                                        off_the_clock, page_of, read_fields, reader_for, ticked_option)
from preaudit.extractors.rosters import applicant_row
from preaudit.pipeline.model import BBox, DocType, FieldValue, Page, TextLine, overlap_share
from preaudit.pipeline.values.shapes import is_blank, unit_name_problem
from preaudit.pipeline.values.text import day_cut, nfkc

LABELS = load_labels("publicity_form")
_SECTIONS = [label for labels in LABELS["sections"].values() for label in labels]
# every word the form prints as a label or a column's header (a list's header row holds only these)
_KNOWN_WORDS = [w for v in LABELS["labels"].values() for w in v] + LABELS["form_labels"] + LABELS["list_headers"]


@register(DocType.PUBLICITY_FORM)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    fields = read_fields(r, LABELS, ("name", "unit", "unit_type"))
    if not fields["unit"].found:
        fields["unit"] = stamped_unit(r)
    start, end = publicity_period(r)
    listed = listed_names(pages)
    if len(listed) >= 2:
        # a notice that lists several applicants: whose row is the applicant's, the pipeline knows
        # (pipeline/run.py resolve_rosters, `resolve_listed`); the name stays empty until then
        fields["name"] = FieldValue()
    extra = {"employees": FieldValue(value=listed, confidence=min(x["confidence"] for x in listed),
                                     page=listed[0]["page"])} if len(listed) >= 2 else {}
    return {
        **extra,
        "name": fields["name"],
        "unit": fields["unit"],
        # on a list whose people sign their own rows, the applicant's date is taken from their row
        "pledge_date": FieldValue() if _signed_rows(listed, start, end) else
        not_the_period(section_date(r, "pledge", "signer"), start, end),
        "publicity_start": start,
        "publicity_end": end,
        "unit_opinion_date": off_the_list(not_the_period(section_date(r, "unit_opinion", "opinion_seal"), start, end), listed),
        "unit_type": unit_type(fields["unit_type"], pages),
        **listed_content(r),
    }


# A signing date read off the very text the period was read from is one reading taken for two
# fields: the section it was found in reached past its own text. It is kept as what was read, at this
# factor, so that it is never certain (issue 12: a header-row form's pledge date was its 公示结束时间).
SHARED_READING_FACTOR = 0.5


def not_the_period(signed: FieldValue, start: FieldValue, end: FieldValue) -> FieldValue:
    """The signing date, made unsure where it is the period's own reading (same page, same box)."""
    if signed.bbox is None or not signed.found:
        return signed
    for period in (start, end):
        if period.bbox is not None and period.page == signed.page and _same_box(signed.bbox, period.bbox) \
                and signed.value == period.value:
            return signed.model_copy(update={"confidence": signed.confidence * SHARED_READING_FACTOR})
    return signed


def stamped_unit(r: FieldReader) -> FieldValue:
    """The unit named where it stamps the form (云南翠湖环保科技有限公司（盖章） under a 公示结果证明's
    signature), for a form that names it nowhere else: read less surely (no label of its own)."""
    pattern = re.compile(LABELS["stamped_unit"])
    for item in r.lines:
        m = pattern.match(item[2])
        if m and unit_name_problem(m.group(1)) is None:
            return field_from_hit(r.hit(item, *m.span(1)), m.group(1), ROUTE_FACTORS["position"])
    return FieldValue()


def _same_box(a, b) -> bool:  # noqa: ANN001
    """Two boxes that are mostly one (intersection over the smaller at least 0.8)."""
    return overlap_share((a.x0, a.y0, a.x1, a.y1), (b.x0, b.y0, b.x1, b.y1)) >= 0.8


_LIST_HEADS = {"姓名", "申报人", "申报人姓名"}


def _signed_rows(listed: list[dict], start: FieldValue, end: FieldValue) -> bool:
    """Whether a list's people date their own rows (a 签字日期 column): a date on a row besides the
    publicity period's. A notice that only lists names is signed once, below (情况说明)."""
    period = {start.value, end.value}
    return len(listed) >= 2 and any(d["value"] not in period for row in listed for d in row.get("dates", []))


def off_the_list(fv: FieldValue, listed: list[dict]) -> FieldValue:
    """A form-level date is never one of a list's rows (each person's own 签字日期 on a 公示结果汇总表):
    taken from inside the list's rows, it is no date of the form."""
    if len(listed) < 2 or fv.bbox is None:
        return fv
    on_page = [row["boxes"]["name"] for row in listed if row["page"] == (fv.page or row["page"])]
    if on_page and min(b[1] for b in on_page) <= fv.bbox.cy <= max(b[3] for b in on_page):
        return FieldValue()
    return fv


def _row_dates(row: list[TextLine], name: TextLine) -> list[dict]:
    """The whole dates on a listed person's row right of their name (their own 签字日期 among them),
    each with its cell's box."""
    out = []
    for ln in row:
        if ln.bbox.x0 <= name.bbox.x0:
            continue
        for m in ANY_DATE.finditer(nfkc(ln.text)):
            value = date_value(m.group(0))
            if value and len(value) == 10:
                b = ln.bbox
                out.append({"value": value, "confidence": ln.confidence, "box": [b.x0, b.y0, b.x1, b.y1]})
    return out


def listed_names(pages: list[Page]) -> list[dict]:
    """The names under a 姓名 column of a list of several applicants (a 公示 notice: 序号 / 姓名 / 性别 /
    申报专业 / 申报级别, one row each): the column's header stands in a row of headers only, and the
    names are the cells under it, each in a name's shape, down to the first row without one. A
    form's own 姓名 | 王芳 | 性别 | 男 row is no list (a value stands in its header row)."""
    heads = {nfkc(w) for w in _KNOWN_WORDS}
    accept = SHAPES["person_name"].accept()
    for page in pages:
        rows = line_rows(page.lines)
        for i, row in enumerate(rows):
            texts = [nfkc(ln.text).replace(" ", "") for ln in row]
            at = next((k for k, t in enumerate(texts) if t in _LIST_HEADS), None)
            others = [t for k, t in enumerate(texts) if k != at]
            if at is None or len(row) < 3 or sum(t in heads for t in others) < LABELS["list_header_known_share"] * len(others):
                continue
            head = row[at].bbox
            names: list[dict] = []
            empty = 0
            for below in rows[i + 1:]:
                cell = [ln for ln in below if min(ln.bbox.x1, head.x1) - max(ln.bbox.x0, head.x0) > 0]
                if not cell and empty < 2:
                    empty += 1  # a signature written above its row's line stands as a row of its own
                    continue
                empty = 0
                value = nfkc(cell[0].text).replace(" ", "") if len(cell) == 1 else ""
                if not value or accept(value) is None:
                    break
                b = cell[0].bbox
                names.append({"name": value, "confidence": cell[0].confidence, "page": page.number,
                              "boxes": {"name": [b.x0, b.y0, b.x1, b.y1]}, "dates": _row_dates(below, cell[0])})
            if len(names) >= 2:
                return names
    return []


def resolve_listed(fields: dict[str, FieldValue], name: str | None, id_number: str | None) -> dict[str, FieldValue]:
    """A notice listing several applicants, once the applicant is known: the row with the
    applicant's name is the form's name (its cell's box and confidence); no such row, the fields
    unchanged (the name stays empty: FIELD_UNREADABLE asks the reviewer to look)."""
    listed = fields.get("employees")
    if listed is None or not isinstance(listed.value, list) or not name:
        return fields
    row = applicant_row(listed.value, name, id_number)
    if row is None:
        return fields
    box = row["boxes"]["name"]
    named = FieldValue(value=row["name"], confidence=row["confidence"], page=row["page"], source=listed.source,
                       bbox=BBox(x0=box[0], y0=box[1], x1=box[2], y1=box[3]), raw=row["name"])
    period = {fields[k].value for k in ("publicity_start", "publicity_end") if k in fields}
    signed = [d for d in row.get("dates", []) if d["value"] not in period]
    out = {**fields, "name": named}
    if len(signed) == 1:  # the row's own date beside the period: the applicant's signing
        d = signed[0]
        out["pledge_date"] = FieldValue(value=d["value"], confidence=d["confidence"], page=row["page"], source=listed.source,
                                        bbox=BBox(x0=d["box"][0], y0=d["box"][1], x1=d["box"][2], y1=d["box"][3]),
                                        raw=d["value"])
    return out


# The fields of what the form lists of the applicant, and how each value is checked.
CONTENT_FIELDS = ("education", "school_major", "current_title", "title_date", "years_worked", "started_work")


def listed_content(r: FieldReader) -> dict[str, FieldValue]:
    """学历, 资历 and 业绩 as the form lists them (003 §一(三)1): each field by its labels; the 业绩
    from its section (or the cell beside its label)."""
    out = {name: _listed(r, name) for name in CONTENT_FIELDS}
    out["achievements"] = achievements(r)
    return out


def _stop_word(text: str) -> bool:
    flat = nfkc(text)
    return any(nfkc(w) in flat for w in LABELS["value_stop_words"])


def _accept(name: str) -> Callable[[str], tuple[float, float] | None]:
    """Whether a candidate is a value of field `name` (rank 1) or none (None)."""
    words = [nfkc(w) for w in LABELS["education_words"]]

    def check(text: str) -> tuple[float, float] | None:
        value = clean_value(text)
        if not value or is_blank(value) or _stop_word(value) or len(value) > 40:
            return None
        if name == "education" and not any(w in value for w in words):
            return None
        if name in ("title_date", "started_work") and date_or_month(value) is None:
            return None
        return 1.0, 1.0

    return check


def _listed(r: FieldReader, name: str) -> FieldValue:
    """One listed field: the first candidate of its labels that passes `_accept`; else, where the
    label stands printed as a form's label, a value of None carrying the label's text and box."""
    labels = LABELS["labels"][name]
    found = r.read_ranked(labels, accept=_accept(name), stop_labels=LABELS["stop_labels"])
    if found is not None:
        cand = found[0]
        value = clean_value(cand.text)
        if name in ("title_date", "started_work"):
            value = date_or_month(value)
        return field_from_hit(cand.hit, value)
    return label_only(r, labels)


def label_only(r: FieldReader, labels: list[str]) -> FieldValue:
    """A field whose label is printed as a form's label (opening its line, alone or before a colon)
    but whose value was not read: value None, `raw` the label, its box the label's."""
    for at in r.find_labels(labels, fuzzy=0, at_start=True):
        page_no, line, norm = r.lines[at.index]
        rest = norm[at.end:]
        if rest.strip() and not rest.startswith((":", "：")) and not r.is_label(rest.strip(":：")):
            continue  # a word of running text (学历、资历、业绩等材料), not a label
        start, end = r._norm_offsets(line.text, at.start), r._norm_offsets(line.text, at.end)
        return FieldValue(value=None, confidence=0.0, bbox=sub_bbox(line, start, end), page=page_no,
                          source=line.source, raw=nfkc(line.text[start:end]))
    return FieldValue()


def achievements(r: FieldReader) -> FieldValue:
    """业绩 (主要工作业绩, 学术、业绩成果 …): the lines of its section right of the label cell, in reading
    order, joined; else the value beside the label (a grid cell); else the label alone (value None)."""
    labels = LABELS["sections"]["achievements"]
    section = r.section(labels, _SECTIONS)
    heads = [at for at in r.find_labels(labels, fuzzy=0, at_start=True)
             if any(r.lines[at.index][1] is line for _, line, _ in section)]
    if section and heads:
        head = heads[0]
        _, label_line, label_norm = r.lines[head.index]
        column = label_line.bbox.x1 if len(label_norm.rstrip(":：")) <= head.end + 1 else label_line.bbox.x0
        parts: list[tuple[str, TextLine]] = []
        for page_no, line, norm in section:
            if line is label_line:
                rest = norm[head.end:].lstrip(":：")
                if rest:
                    k = r._norm_offsets(line.text, len(norm) - len(rest))
                    parts.append((line.text[k:], line))
                continue
            if r.is_label(norm) or (line.bbox.x0 + line.bbox.x1) / 2 < column:
                continue  # another label (负责人, 日期) or a piece of the label's own cell
            parts.append((line.text, line))
        text = clean_value("".join(t for t, _ in parts))
        if text and not is_blank(text):
            lines = [ln for _, ln in parts]
            box = lines[0].bbox
            for ln in lines[1:]:
                box = box.union(ln.bbox)
            return FieldValue(value=text, confidence=round(min(ln.confidence for ln in lines), 4), bbox=box,
                              page=r.lines[head.index][0], source=lines[0].source, raw=text)
    found = r.read_ranked(labels, accept=_accept_text, stop_labels=LABELS["stop_labels"])
    if found is not None:
        return field_from_hit(found[0].hit, clean_value(found[0].text))
    return label_only(r, labels)


def _accept_text(text: str) -> tuple[float, float] | None:
    value = clean_value(text)
    return None if not value or is_blank(value) or _section_label(value) else (1.0, 1.0)


def _section_label(value: str) -> bool:
    """A section's text is running text; a label alone (本人承诺) is none."""
    flat = nfkc(value)
    return any(flat == nfkc(s) for labels in LABELS["sections"].values() for s in labels)


def unit_type(value: FieldValue, pages: list[Page] | None = None) -> FieldValue:
    """单位性质 as printed, or the ticked option when the form prints tick boxes (common.ticked_option;
    an option inferred from a lost tick is read less surely). Where OCR lost the boxes or the tick
    (a hand tick is no character), the boxes are looked at on the page image (common.boxed_option);
    an option ringed by hand is the choice (common.circled_option)."""
    text = value.value
    marks = LABELS["ticks"] + LABELS["boxes"]
    if not isinstance(text, str):
        return value
    if not any(is_hanzi(ch) for ch in text):
        # a tick written above the row read alone (”, √) names no kind of unit
        return value.model_copy(update={"value": None, "confidence": 0.0})
    pieces = [o for piece in re.split("|".join(re.escape(m) for m in marks), text) for o in _split_options(_bare(piece))]
    known = _known_options()
    printed = len(pieces) >= 2 and all(o in known for o in pieces)  # a row of options, boxes or not
    if len(pieces) == 1 and pieces[0] in known:
        # one option read as the value where the print sets each option apart (a text layer's spans,
        # a PDF form's boxes drawn beside them, written into its lines as □ / ☑ at intake): the row's
        # other options make it the first of a list, and their marks are the row's
        row = _row_options(value, pages or [])
        if len(row) >= 2:
            pieces, printed = [o for o, _, _ in row], True
            text = "".join(dict.fromkeys(raw for _, raw, _ in row))
            value = value.model_copy(update={"bbox": BBox(x0=min(b.x0 for *_, b in row), y0=min(b.y0 for *_, b in row),
                                                          x1=max(b.x1 for *_, b in row), y1=max(b.y1 for *_, b in row))})
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
    if (printed or len(set(pieces)) >= 2) and not any(b in text for b in LABELS["boxes"]):
        # a ring drawn round one option (请在相应选项上画○) is what the hand chose, over a tick OCR
        # read into a row that prints no box; a row that prints boxes asks for a tick in one, and
        # what looks like a ring there is the curl of a photographed page or a hand's stroke
        ringed = circled_option(value, sorted(set(pieces), key=pieces.index), pages or [])
        if ringed is not None:
            chosen, how = ringed, "circled"
        elif chosen is None and printed and _asks_tick_on_words(value, pages or []):
            # a tick drawn on an option's words (在相应选项上打"√"), seen on the image: read less surely
            over = ticked_over_option(value, sorted(set(pieces), key=pieces.index), pages or [])
            if over is not None:
                chosen, how = over, "inferred"
    factor = ROUTE_FACTORS["checkbox_inferred"] if how == "inferred" else 1.0
    if chosen is not None and not any(is_hanzi(ch) for ch in chosen):
        chosen = None  # the instruction's own mark (在相应选项上打“√”) names no kind of unit
    return value.model_copy(update={"value": chosen, "confidence": round(value.confidence * factor, 4) if chosen else 0.0})


def _row_options(value: FieldValue, pages: list[Page]) -> list[tuple[str, str, BBox]]:
    """The option names printed on the value's row from its place rightwards, each with its line's
    text and box, in reading order: lines that hold nothing but known options and their marks."""
    page = page_of(value, pages)
    if page is None or value.bbox is None:
        return []
    box, known, out = value.bbox, _known_options(), []
    marks = "".join(re.escape(m) for m in LABELS["ticks"] + LABELS["boxes"] if not m.isalpha() or not m.isascii())
    for ln in sorted(page.lines, key=lambda ln: ln.bbox.x0):
        b = ln.bbox
        if b.x1 <= box.x0 or min(b.y1, box.y1) - max(b.y0, box.y0) < 0.5 * min(b.y1 - b.y0, box.y1 - box.y0):
            continue
        names = _split_options(_bare(re.sub(f"[{marks}]", "", ln.text)))
        if names and all(o in known for o in names):
            out += [(o, ln.text, b) for o in names]
    return out


def _asks_tick_on_words(value: FieldValue, pages: list[Page]) -> bool:
    """Whether the form asks for the tick on the option itself (在相应选项上打"√", read near the row)."""
    cfg = LABELS["tick_on_words"]
    page = page_of(value, pages)
    if page is None or value.bbox is None:
        return False
    reach = cfg["reach"] * (value.bbox.y1 - value.bbox.y0)
    return any(re.search(cfg["asks"], nfkc(ln.text).replace('"', "").replace("“", "").replace("”", ""))
               and ln.bbox.y1 > value.bbox.y0 - reach and ln.bbox.y0 < value.bbox.y1 + reach for ln in page.lines)


def _bare(text: str) -> str:
    """The option names of a piece of the row, the spaces, separators and the brackets of a
    （√）/（ ） mark between them dropped."""
    return re.sub(r"[\s,、;；:：()\[\]【】]+", "", nfkc(text))


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


def _side_by_side(r: FieldReader, section: str) -> tuple[float, float]:
    """The part of the page's width a section holds: all of it, unless another section's heading
    stands beside its own at the same height (本人郑重承诺 and 单位审核意见 side by side in one row of the
    form): then from its own heading, where another stands on its left, to the nearest heading on
    its right."""
    others = [label for name, labels in LABELS["sections"].items() if name != section for label in labels]
    beside = [r.lines[at.index][:2] for at in r.find_labels(others)]
    lo, hi = 0.0, 1.0
    for own in r.find_labels(LABELS["sections"][section]):
        page_no, head, _ = r.lines[own.index]
        for p, line in beside:
            if p != page_no or line is head or min(line.bbox.y1, head.bbox.y1) - max(line.bbox.y0, head.bbox.y0) <= 0:
                continue
            if line.bbox.x0 >= head.bbox.x1:
                hi = min(hi, line.bbox.x0)
            elif line.bbox.x1 <= head.bbox.x0:
                lo = max(lo, head.bbox.x0)  # its heading opens its part of the row
    return lo, hi


def section_date(r: FieldReader, section: str, anchor: str) -> FieldValue:
    """The signing date of a section: its last date (on its visual rows); else its last date that
    reads whole once its clipped year is completed (a seal crosses the unit's date: 024年8月30日,
    24.08.30, 二四年八月三十日), less surely; else a month whose day is lost, less surely; else the date after the anchor label, or on the anchor's row."""
    rows = r.section_rows(LABELS["sections"][section], _SECTIONS)
    # (a date named inside the section's sentence is no signing date: 已于2024年8月22日起在本单位公示)
    lo, hi = _side_by_side(r, section)
    dated = [(hit, value) for hit, value in off_the_clock(r, dates_in_rows(rows, signing=True))
             if lo <= (hit.bbox.x0 + hit.bbox.x1) / 2 <= hi]
    whole = [(hit, value) for hit, value in dated if len(value) == 10]
    if whole:
        hit, value = whole[-1]
        # 2024年8月3 ending its line without its 日: the day may have lost a figure (30日 under a seal
        # a grey scan left unfound), so it is read less surely
        cut = day_cut(hit.text)
        return field_from_hit(hit, value, LABELS["clipped_dates"]["factor"] if cut else 1.0)
    # a year completed under a seal is a guess: only one the form's latest whole date bears out is
    # read, a signing date being the form's last (0四年八月一十日 under the ring, 2004, on a form whose
    # pledge and publicity are of 2024, is none; a birth date further up is no measure)
    years = [int(v[:4]) for _, v in dates_in_rows(r.rows()) if len(v) == 10]
    clipped = [(hit, value) for hit, value in clipped_dates_in_rows(rows, LABELS["clipped_dates"]["century"])
               if not years or abs(int(value[:4]) - max(years)) <= 1]
    if clipped:
        hit, value = clipped[-1]
        return field_from_hit(hit, value, LABELS["clipped_dates"]["factor"])
    if dated:
        # a month without its day (2024年8月, the 30日 under the seal): a signing date is a day, so
        # the month is what could be read of it, never a certain value
        hit, value = dated[-1]
        return field_from_hit(hit, value, LABELS["clipped_dates"]["factor"])
    for value in (read_date(r, LABELS["labels"][anchor]), date_on_label_row(r, LABELS["labels"][anchor])):
        if value.value is not None and not clock_stamped(r, value.page, value.bbox):
            return value
    return FieldValue()


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
            return field_from_hit(cand.hit, dates[0]), _date_field(cand.hit, dates[1])
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
                        return field_from_hit(hit, dates[0]), _date_field(hit, dates[1])
    wrapped = _wrapped_period(r)
    if wrapped is not None:
        return wrapped
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


def _wrapped_period(r: FieldReader) -> tuple[FieldValue, FieldValue] | None:
    """公示时间 at the end of a paragraph's line whose period runs on to the next line (公示时间:2024年8 /
    月22日(星期四)至2024年8月29日): the rest of the label's line joined with the line under it, which
    overlaps it across (the paragraph's next line, not a cell of another column)."""
    for at in r.find_labels(LABELS["labels"]["publicity"]):
        page_no, line, norm = r.lines[at.index]
        rest = norm[at.value_start:].lstrip(":：")
        if len(_period(rest)) >= 2:
            continue  # the whole period is on the line: read above
        h = max(line.bbox.height, 0.004)
        under = [item for item in r.lines if item[0] == page_no and item[1] is not line
                 and line.bbox.cy + 0.5 * h < item[1].bbox.cy < line.bbox.y1 + 1.5 * h
                 and min(item[1].bbox.x1, line.bbox.x1) - max(item[1].bbox.x0, line.bbox.x0) > 0.5 * (line.bbox.x1 - line.bbox.x0)]
        if not under:
            continue
        nxt = min(under, key=lambda item: (item[1].bbox.cy, item[1].bbox.x0))
        dates = _period(rest + nxt[2])
        if len(dates) >= 2 and ANY_DATE.match(rest + nxt[2]) is not None:
            hit = r.hit(r.lines[at.index], len(norm) - len(rest), len(norm))
            return field_from_hit(hit, dates[0]), _date_field(r.hit(nxt, 0, len(nxt[2])), dates[1])
    return None


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
        if end is None:
            # the end's separator lost (2024-8-22至20248-29): the start's year, then its month and day;
            # read less surely, as the repair of a misread
            lost = re.match(rf"起?(?:{seps})({dates[0][:4]})(\d{{1,2}})[月.\-/](\d{{1,2}})(?!\d)", text[first.end():])
            value = date_value(f"{lost.group(1)}年{lost.group(2)}月{lost.group(3)}日") if lost else None
            end = _Repaired(value) if value else None
        if end:
            dates.append(end)
    return dates


class _Repaired(str):
    """A date of a period read by repairing a misread (its separator lost): never read surely."""


def _date_field(hit: Hit, value: str) -> FieldValue:
    factor = LABELS["clipped_dates"]["factor"] if isinstance(value, _Repaired) else 1.0
    return field_from_hit(hit, str(value), factor)
