"""劳动合同备案表 and 劳动合同书: employer (甲方), employee, term, open-ended or not, signing date.

Both forms carry the same fields (CONTRACT.md), so one reader serves both types; each type has its
own labels file so their anchors can diverge.

The term (合同期限) is printed in many ways, and the reader takes them in this order:
1. the clause options of a 劳动合同书 (（一）固定期限：自…起至…止 / （二）无固定期限：自…起 /
   （三）以完成一定工作任务为期限：自…起), of which only the chosen one is filled in (or ticked, or
   named: 按下列第二种方式);
2. the term's region on a filing form: the rows of the 合同期限 / 合同类型 row header, read as
   visual rows (handwritten numbers beside a printed 年 月 日 join their row), with its tick boxes
   (□固定期限 ☑无固定期限: the ticked one decides `open_ended`; a printed but unticked 无固定期限
   never does) and its dates placed by their markers (起/自/起始 before or 起 after the start,
   止/至/终止 before or 止 after the end; else in order);
3. separate start/end labels (合同起始日期 …), also as a table intersection (合同期限 × 起/止);
4. a roster (劳动合同备案花名册, 就业登记（劳动用工备案）人员花名册: one row per employee under a header row of
   labels), its term in a start and an end column or in one (合同起止日期: 20230401-20250331, or
   20230416起 for an open-ended one).

The signing date is 签订日期 beside its label; a contract without one (a 续订劳动合同书 dated by hand
under each signature) is dated in its signature block, where its labels file names the block's
labels (`signature_labels`; a filing form names none: the date under its 备案机构（盖章） is the
filing's, not the signing's).

Rosters: the extractor cannot tell the applicant's row (it never sees the declared data). One
filled, plausible row is read as the document's employee; when several are, the employee and term
fields are left empty and every row goes to the extra field `employees` (a list of {name,
id_number, start_date, end_date, open_ended, sign_date, confidence, bbox, boxes: each value's own
cell}) for `resolve_roster`, which pipeline/run.py calls with the declared applicant.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from preaudit.extractors.base import ROUTE_FACTORS, FieldReader, Hit, Row, char_height, field_from_hit, load_labels, register
from preaudit.extractors.common import (ANY_DATE, best_id_number, boxed_option, signature_block_date, date_on_label_row, date_value, dates_in_rows, read_date,
                                        read_id_number, read_text, ticked_option, tiers)
from preaudit.extractors.rosters import applicant_row
from preaudit.pipeline.model import BBox, DocType, FieldValue, Page
from preaudit.pipeline.values.shapes import date_problem, is_blank, person_name_problem
from preaudit.pipeline.values.text import nfkc

_DATE = r"\d{4}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?"
KINDS = ("fixed", "open", "task")


def read_contract(pages: list[Page], labels: dict) -> dict[str, FieldValue]:
    r = FieldReader(pages, known_labels(labels))
    stops = labels["stop_labels"]
    start, end, open_ended = _term(r, labels)
    fields = {
        "employer": read_text(r, labels["employer"], stops, kind="unit"),
        "employee_name": read_text(r, labels["employee_name"], stops, kind="person_name"),
        "employee_id_number": read_id_number(r, [x for t in tiers(labels["employee_id_number"]) for x in t]),
        "start_date": start,
        "end_date": end,
        "open_ended": open_ended,
        "sign_date": _sign_date(r, labels),
    }
    _roster(r, labels, fields)
    return fields


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


# --------------------------------------------------------------------------- the term


def _kind_words(labels: dict) -> dict[str, list[str]]:
    return {kind: [nfkc(w) for w in labels["term_kinds"][kind]] for kind in KINDS}


def _kind_of(option: str | None, labels: dict) -> str | None:
    if option is None:
        return None
    return next((k for k, words in _kind_words(labels).items() if option in words), None)


def _term(r: FieldReader, labels: dict) -> tuple[FieldValue, FieldValue, FieldValue]:
    chosen = _term_option(r, labels)
    if chosen is not None:
        return chosen
    region = _term_region(r, labels)
    # dates by their own labels first (合同开始日期 over its value, 起始日期 | 终止日期 cells), then
    # the dates of the term's region placed by their markers
    start = _labelled_date(r, labels, "start")
    end = _labelled_date(r, labels, "end")
    kind: str | None = None
    kind_field = FieldValue()
    if region:
        kind, kind_field, rows = _region_choice(region, labels, r.pages)
        s_hit, e_hit = _placed_dates(rows, labels)
        if s_hit is not None and start.value is None:
            start = field_from_hit(s_hit[0], s_hit[1])
        if e_hit is not None and end.value is None and (s_hit is None or e_hit[1] != start.value):
            end = field_from_hit(e_hit[0], e_hit[1])
    if kind == "open":
        end = FieldValue()
    if kind is None:
        kind, kind_field = _kind_by_label(r, labels)
    if kind == "open":
        anchor = kind_field
        end = FieldValue(value=None, confidence=anchor.confidence, bbox=anchor.bbox, page=anchor.page, source=anchor.source)
        return start, end, kind_field.model_copy(update={"value": True})
    if kind in ("fixed", "task"):
        return start, end, kind_field.model_copy(update={"value": False})
    # No choice printed or ticked: a fixed term shows its end date; without one, not knowing
    # whether the contract is open-ended is said with a low confidence (the rule then leaves
    # the question open).
    if end.value is not None:
        return start, end, end.model_copy(update={"value": False})
    return start, end, FieldValue(value=False, confidence=0.5)


def _term_option(r: FieldReader, labels: dict) -> tuple[FieldValue, FieldValue, FieldValue] | None:
    """The filled-in one of the printed ways to fix the term (固定期限 自…至… / 无固定期限 自…起 /
    以完成一定工作任务为期限 自…起), read over the visual rows joined (a date written by hand into a
    printed 年 月 日 reads whole). Where several are filled in, the one ticked or named
    (按下列第二种方式) wins."""
    rows = r.rows()
    if not rows:
        return None
    texts = [row.text for row in rows]
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t)
    flat = without_instructions("".join(texts), labels)

    def hit_at(s: int, e: int) -> Hit:
        k = max(i for i, p in enumerate(starts) if p <= s)
        return rows[k].hit(s - starts[k], min(e - starts[k], len(texts[k])))

    def row_of(pos: int) -> int:
        return max(i for i, p in enumerate(starts) if p <= pos)

    filled: list[tuple[str, int, list[tuple[int, int, str]]]] = []
    for kind, pattern in labels.get("term_options", {}).items():
        for m in re.finditer(pattern.replace("DATE", _DATE), flat):
            if m.lastindex and row_of(m.start()) != row_of(max(m.start(), m.start(1) - 1)):
                continue  # an option's word and its 自 stand on one row (the next row is another field)
            dates = [(m.start(g), m.end(g), date_value(m.group(g))) for g in range(1, (m.lastindex or 0) + 1) if m.group(g)]
            if dates and all(d for _, _, d in dates):
                filled.append((kind, m.start(), dates))
    # a clause that names no kind (本合同于…生效，于…终止): the option the contract names (第（1）种方式),
    # else a fixed term for a clause with its end
    named_kind = _named_option(flat, labels)
    filled = [(named_kind or ("fixed" if len(dates) >= 2 else "open"), at, dates) if kind == "clause" else (kind, at, dates)
              for kind, at, dates in filled]
    if not filled:
        return None
    kinds = {kind for kind, _, _ in filled}
    if len(kinds) > 1:
        named = _named_option(flat, labels)
        ticked, _how = ticked_option(flat, [w for k in KINDS for w in labels["term_kinds"][k]])
        pick = named or _kind_of(ticked, labels)
        filled = [f for f in filled if f[0] == pick] or filled
    kind, _, dates = filled[0]
    s0, e0, v0 = dates[0]
    start = field_from_hit(hit_at(s0, e0), v0)
    if kind == "fixed" and len(dates) >= 2:
        s1, e1, v1 = dates[1]
        return start, field_from_hit(hit_at(s1, e1), v1), field_from_hit(hit_at(s0, e0), False)
    anchor = hit_at(s0, e0)
    empty = FieldValue(value=None, confidence=anchor.confidence, bbox=anchor.bbox, page=anchor.page, source=anchor.source)  # type: ignore[arg-type]
    if kind == "open":
        return start, empty, field_from_hit(anchor, True)
    if kind == "task":
        return start, FieldValue(), field_from_hit(anchor, False)
    return None


def without_instructions(text: str, labels: dict) -> str:
    """`text` with each bracketed instruction to the one who fills the form in blanked out, its length
    kept: (填写年限或“无固定期限”), (无固定期限的，终止日期划“/”。) name a kind of term without choosing it."""
    marks = labels["instruction_marks"]

    def blank(m: re.Match[str]) -> str:
        return "#" * len(m.group(0)) if any(w in m.group(1) for w in marks) else m.group(0)

    return re.sub(r"[(（]([^()（）]{1,40})[)）]", blank, text)


def _named_option(flat: str, labels: dict) -> str | None:
    """按下列第二种方式确定劳动合同期限: the kind of the option numbered 二 (the numbers are read
    off the options as printed: （一）固定期限 …)."""
    m = re.search(r"第([一二三123])种", flat)
    if not m:
        return None
    number = {"1": "一", "2": "二", "3": "三"}.get(m.group(1), m.group(1))
    words = sorted(((w, k) for k, ws in _kind_words(labels).items() for w in ws), key=lambda x: -len(x[0]))
    for w, k in words:
        if re.search(rf"\({number}\)[^()]{{0,3}}{re.escape(w)}", flat):
            return k
    return None


def _term_labels(labels: dict) -> list[str]:
    return [nfkc(x) for key in ("term", "contract_type") for x in labels[key]]


def _term_words(labels: dict) -> list[str]:
    """Labels and words that belong to the term's region (a neighbour of these is no boundary)."""
    out = _term_labels(labels) + [nfkc(x) for key in ("start_date", "end_date") for x in labels[key]]
    out += [w for ws in _kind_words(labels).values() for w in ws]
    out += [nfkc(x) for x in labels["term_markers"]["start"] + labels["term_markers"]["end"]]
    return out


_CLAUSE_NUMBER = re.compile(r"第[一二三四五六七八九十\d]{1,3}条\s*")


def _term_region(r: FieldReader, labels: dict) -> list[Row]:
    """The visual rows of the term's row headers (合同期限, 合同类型): from half-way to the row
    label above (a merged cell's options and dates may sit above its label) down to the next row
    label, each row cut where another field's label stands (签订日期 in the same grid row)."""
    term_words = set(_term_words(labels))
    found = [at for at in r.find_labels(_term_labels(labels), at_start=True) if at.exact]
    if not found:
        found = [at for at in r.find_labels(_term_labels(labels), at_start=True)]
    if not found:
        # a typed contract's clause heading: 第一条 合同期限 本合同为…, the term's words right after the
        # clause's number (never a term word inside the clause's running text)
        found = [at for at in r.find_labels(_term_labels(labels)) if at.exact
                 and _CLAUSE_NUMBER.fullmatch(r.lines[at.index][2][:at.start])]
    seen: set[int] = set()
    region: list[Row] = []
    for at in found[:3]:
        page_no, line, _ = r.lines[at.index]
        h = char_height(line)
        boundaries = [ln.bbox.cy for p, ln, n in r.lines
                      if p == page_no and ln is not line and ln.bbox.x0 <= line.bbox.x1 + h
                      and _opens_with_label(r, n) and not any(n.startswith(w) for w in term_words)]
        above = max((y for y in boundaries if y < line.bbox.y0 - 0.2 * h), default=None)
        below = min((y for y in boundaries if y > line.bbox.y1 + 0.2 * h), default=None)
        top = (above + line.bbox.cy) / 2 if above is not None else line.bbox.y0 - 0.5 * h
        # down to the next row label (a term wraps onto the lines under it), up to half-way to the
        # row label above (the label of a merged cell stands in its middle)
        bottom = below - 0.6 * h if below is not None else line.bbox.y1 + 4 * h
        top = max(top, line.bbox.y0 - 4 * h)
        bottom = min(bottom, line.bbox.y1 + 6 * h)
        blocked: float | None = None  # the column of another field's label (签订日期 over its value)
        for row in r.rows(page_no):
            cy = row.bbox.cy
            if top <= cy <= bottom and id(row) not in seen:
                seen.add(id(row))
                if blocked is not None and any(t.bbox.x0 >= blocked - 0.01 and any(t.text.startswith(w) for w in term_words)
                                               for t in row.tokens):
                    blocked = None  # a term label heads that column from here down (合同终止日期)
                cut, at_x = _cut_row(r, row, term_words, blocked)
                if at_x is not None:
                    blocked = at_x
                region.append(cut)
    return [row for row in region if row.tokens]


def _opens_with_label(r: FieldReader, norm: str) -> bool:
    return any(norm.startswith(k) for k in r.known) or r.is_label(norm)


def _cut_row(r: FieldReader, row: Row, term_words: set[str], blocked: float | None) -> tuple[Row, float | None]:
    """A row up to the first token that opens another field's label (签订日期 beside 合同期限), and
    that label's left edge. Below such a label (`blocked`), its column holds its value (a value
    printed under its label): the row stops there too, unless a term label stands there."""
    kept = []
    texts = [t.text for t in row.tokens]
    cut_at: float | None = None
    for k, tok in enumerate(row.tokens):
        rest = "".join(texts[k:])
        term_here = any(rest.startswith(w) for w in term_words)
        if k and not term_here and any(rest.startswith(lb) for lb in r.known if lb not in term_words and len(lb) >= 2):
            cut_at = tok.bbox.x0
            break
        if blocked is not None and tok.bbox.x0 >= blocked - 0.01 and not term_here:
            break
        kept.append(tok)
    return Row(row.page, tuple(kept)), cut_at


def _region_choice(region: list[Row], labels: dict, pages: list[Page]) -> tuple[str | None, FieldValue, list[Row]]:
    """The ticked kind of term in the region, the field to anchor it, and the rows its dates are
    on: where each option stands on rows of its own (☑固定期限 起…止… / □无固定期限 起…), the
    chosen option's rows. Where OCR lost the boxes and a hand tick (a row of bare option names),
    the boxes are looked at on the page image (`_boxed_kind`); else an end written as 长期 after
    the range's 至 says the term has no end (`_open_end`)."""
    options = [w for k in KINDS for w in labels["term_kinds"][k]]
    text = without_instructions("".join(row.text for row in region), labels)
    option, how = ticked_option(text, options)
    kind = _kind_of(option, labels)
    if kind is None:
        boxed = _boxed_kind(region, labels, pages)
        if boxed is not None:
            return boxed[0], boxed[1], region
        return _open_end(region, labels)
    # the row that carries the chosen option, and the rows down to the next option's row
    at = [i for i, row in enumerate(region) if option in row.text and _option_alone(row.text, option, labels)]
    others = [i for i, row in enumerate(region)
              if any(w in row.text for w in options if w != option and not (w in option or option in w))]
    i0 = at[0] if at else None
    rows = region
    if i0 is not None and others and all(i != i0 for i in others):
        nxt = min((i for i in others if i > i0), default=len(region))
        rows = region[i0:nxt]
    row = region[i0] if i0 is not None else region[0]
    k = row.text.find(option)
    hit = row.hit(max(0, k - 1), k + len(option)) if k >= 0 else row.hit(0, len(row.text))
    factor = ROUTE_FACTORS["checkbox_inferred"] if how == "inferred" else 1.0
    return kind, FieldValue(value=None, confidence=round(hit.confidence * factor, 4), bbox=hit.bbox, page=hit.page,
                            source=hit.source, raw=hit.text), rows  # type: ignore[arg-type]


def _options_in(text: str, labels: dict) -> list[str]:
    """The term kinds printed in a row, in reading order (固定期限 inside 无固定期限 is not one)."""
    found: list[tuple[int, int, str]] = []
    for word in sorted((w for ws in _kind_words(labels).values() for w in ws), key=len, reverse=True):
        for m in re.finditer(re.escape(word), text):
            if not any(s < m.end() and m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), word))
    return [w for _, _, w in sorted(found)]


def _boxed_kind(region: list[Row], labels: dict, pages: list[Page]) -> tuple[str, FieldValue] | None:
    """The kind whose box is marked on the page image, on the region's row of bare option names
    (固定期限 无固定期限 以完成一定工作任务为期限, the boxes and the tick lost by OCR): one box before each
    option, lined up with them (common.boxed_option); None when no box is seen marked."""
    for row in region:
        options = _options_in(row.text, labels)
        if len(options) < 2:
            continue
        hit = row.hit(0, len(row.text))
        line = FieldValue(value=row.text, confidence=hit.confidence, bbox=hit.bbox, page=hit.page, source=hit.source)
        option, how = boxed_option(line, options, pages)
        kind = _kind_of(option, labels)
        if kind is not None and how == "ticked":
            k = row.text.find(option)
            at = row.hit(k, k + len(option))
            return kind, FieldValue(value=None, confidence=at.confidence, bbox=at.bbox, page=at.page, source=at.source,
                                    raw=at.text)  # type: ignore[arg-type]
    return None


def _open_end(region: list[Row], labels: dict) -> tuple[str | None, FieldValue, list[Row]]:
    """A range whose end is written as 长期 (2021年12月1日至＿年＿月＿日 长期, 自…起至长期): no end, so
    open-ended, read as surely as an option inferred; else no kind."""
    pattern = re.compile(labels["open_end_pattern"])
    for row in region:
        m = pattern.search(row.text)
        if m:
            at = row.hit(m.start(1), m.end(1))
            factor = ROUTE_FACTORS["checkbox_inferred"]
            return "open", FieldValue(value=None, confidence=round(at.confidence * factor, 4), bbox=at.bbox, page=at.page,
                                      source=at.source, raw=at.text), region  # type: ignore[arg-type]
    return None, FieldValue(), region


def _option_alone(text: str, option: str, labels: dict) -> bool:
    """Whether `option` in `text` is that option and not part of a longer one (固定期限 in 无固定期限)."""
    longer = [w for ws in _kind_words(labels).values() for w in ws if option in w and w != option]
    spans = [(m.start(), m.end()) for w in longer for m in re.finditer(re.escape(w), text)]
    return any(not any(s <= m.start() and m.end() <= e for s, e in spans) for m in re.finditer(re.escape(option), text))


def _placed_dates(rows: list[Row], labels: dict) -> tuple[tuple[Hit, str] | None, tuple[Hit, str] | None]:
    """The start and end dates among the region's dates: by their markers (起/自/起始 before, 起
    after: start; 止/至/终止 before, 止 after: end), the others in order (start, then end)."""
    start_words = [nfkc(w) for w in labels["term_markers"]["start"]]
    end_words = [nfkc(w) for w in labels["term_markers"]["end"]]
    range_words = {nfkc(w) for w in labels["term_markers"]["range"]}
    start_after = tuple(nfkc(w) for w in labels["term_markers"]["start_after"])
    end_after = tuple(nfkc(w) for w in labels["term_markers"]["end_after"])
    other_terms = [nfkc(w) for w in labels["term_markers"].get("other_terms", [])]
    found: list[tuple[Hit, str, str | None]] = []
    for row in rows:
        text = row.text
        prev_end = 0
        for m in ANY_DATE.finditer(text):
            value = date_value(m.group(0))
            if not value or len(value) != 10 or date_problem(value, earliest=date(1950, 1, 1)):
                prev_end = m.end()
                continue
            before = text[max(prev_end, m.start() - 8): m.start()]
            after = text[m.end(): m.end() + 3]
            clause = re.split(r"[。；;，,]", text[:m.start()])[-1]
            if any(w in clause for w in other_terms):
                prev_end = m.end()
                continue  # 其中试用期至2023年3月31日止: the probation's end, not the contract's
            # a marker just before the date first (起 D1 止 D2: 止 after D1 is D2's), then after it
            role = None
            if any(before.endswith(w) or before.endswith(w + ":") for w in end_words):
                role = "end"
            elif any(before.endswith(w) or before.endswith(w + ":") for w in start_words):
                role = "start"
            elif after.startswith(end_after):
                role = "end"
            elif after.startswith(start_after) or after[:1] in range_words:
                role = "start"  # 2021年12月1日至…: the date before the range's 至 opens it
            found.append((row.hit(m.start(), m.end()), value, role))
            prev_end = m.end()
    if not found:
        return None, None
    start = next(((h, v) for h, v, role in found if role == "start"), None)
    end = next(((h, v) for h, v, role in found if role == "end"), None)
    free = [(h, v) for h, v, role in found if role is None]
    marked = start is not None or end is not None
    if start is None and free:
        start = free.pop(0)
        if not marked and not free:
            # the region's one date, with no marker read beside it (本合同于2025年12月31日终巾: 终止
            # garbled): whether it starts or ends the term is a guess, never a certain start
            h, v = start
            start = (Hit(text=h.text, bbox=h.bbox, confidence=h.confidence * ROUTE_FACTORS["position"], page=h.page, source=h.source), v)
    if end is None and free:
        end = free.pop(0)
    if start is not None and end is not None and end[1] < start[1]:
        if marked:  # an unmarked date before a marked start (a signing date in the cell below) is no end
            return start, None
        start, end = end, start
    return start, end


def _labelled_date(r: FieldReader, labels: dict, which: str) -> FieldValue:
    """合同起始日期 / 合同终止日期 beside their labels, else at the intersection of the term's row
    header and a 起 / 止 column header."""
    value = read_date(r, labels[f"{which}_date"])
    if value.value is not None:
        return value
    markers = [nfkc(w) for w in labels["term_markers"][which]]
    for cand in r.cell(_term_labels(labels), markers):
        found = ANY_DATE.search(cand.text)
        if found:
            parsed = date_value(found.group(0))
            if parsed and len(parsed) == 10 and not date_problem(parsed):
                return field_from_hit(cand.narrowed(cand.start + found.start(), cand.start + found.end()).hit, parsed)
    return FieldValue()


def _kind_by_label(r: FieldReader, labels: dict) -> tuple[str | None, FieldValue]:
    """合同类型：无固定期限 as a value beside its label (one option printed, no boxes)."""
    options = [w for k in KINDS for w in labels["term_kinds"][k]]
    for spec in (labels["contract_type"], labels["term"]):
        for cand in r.candidates(spec):
            if cand.blank:
                continue
            option, how = ticked_option(without_instructions(cand.text, labels), options)
            kind = _kind_of(option, labels)
            if kind is not None:
                factor = ROUTE_FACTORS["checkbox_inferred"] if how == "inferred" else 1.0
                return kind, field_from_hit(cand.hit, None, factor)
    return None, FieldValue()


# --------------------------------------------------------------------------- signing date, roster


def _sign_date(r: FieldReader, labels: dict) -> FieldValue:
    """签订日期 beside its label; else on the label's visual row (numbers written by hand into a
    printed 年 月 日); else the signature block's date (where the labels file names its labels)."""
    value = read_date(r, labels["sign_date"])
    if value.value is not None:
        return value
    value = date_on_label_row(r, labels["sign_date"])
    if value.value is not None:
        return value
    return signature_block_date(r, labels)


def _roster(r: FieldReader, labels: dict, fields: dict[str, FieldValue]) -> None:
    """A roster (one row per employee under a header row): one filled, plausible row is the
    employee; several leave the employee's fields empty and are listed in `employees` (see
    `resolve_roster`)."""
    columns = {key: [x for t in tiers(labels[spec]) for x in t] for key, spec in labels["roster_columns"].items()}
    records = r.table(columns, min_columns=3, headers=labels.get("roster_headers", ()))
    if len(records) < 2 and not (records and (_record_has(records[0], "start", "end") or _record_has(records[0], "term"))):
        return  # a single row under its labels is read by label (the value below its label)
    plausible = [rec for rec in records if _plausible(rec)]
    if not plausible:
        return
    rows = [_roster_row(rec, labels) for rec in plausible]
    if len(rows) == 1:
        fields.update(_row_fields(rows[0], fields))
        return
    first = rows[0]
    fields["employees"] = FieldValue(value=[{k: v for k, v in row.items() if not k.startswith("_")} for row in rows],
                                     confidence=min(row["confidence"] for row in rows), bbox=first["_bbox"],
                                     page=first["_page"], source=first["_source"])  # type: ignore[arg-type]
    for name in ("employee_name", "employee_id_number", "start_date", "end_date", "open_ended", "sign_date"):
        fields[name] = FieldValue()


# A date printed without separators in a roster's cell (20230401-20250331, 20230416起)
_PACKED_DATE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)")
# the row's fields, each with the column its value is read from
_ROW_FIELDS = (("name", "name", "employee_name"), ("id_number", "id_number", "employee_id_number"),
               ("start_date", "start", "start_date"), ("end_date", "end", "end_date"), ("sign_date", "sign", "sign_date"))


def _cell_dates(cell: Any) -> list[tuple[Hit, str, int]]:
    """The dates of a cell in order, each with its own box and where it ends in the cell's text:
    printed (2023.04.01, 2023年4月1日) or packed (20230401)."""
    text = cell.text
    spans = [(m.start(), m.end()) for m in ANY_DATE.finditer(text)]
    spans += [(m.start(), m.end()) for m in _PACKED_DATE.finditer(text) if not any(a <= m.start() < b for a, b in spans)]
    out = []
    for a, b in sorted(spans):
        value = date_value(text[a:b])
        if value and len(value) == 10:
            out.append((cell.narrowed(cell.start + a, cell.start + b).hit, value, b))
    return out


def _roster_term(rec: dict[str, Any], labels: dict, hits: dict[str, Hit]) -> bool:
    """The term from a roster's one term column (合同起止日期: 20230401-20250331; 20230416起 or
    20230416-长期 for an open-ended one): its dates go to `hits` as start and end; returns whether
    the cell says the contract has no end."""
    cell = rec.get("term")
    if cell is None:
        return False
    dates = _cell_dates(cell)
    if dates and "start" not in hits:
        hits["start"] = dates[0][0]
    if len(dates) >= 2 and "end" not in hits:
        hits["end"] = dates[1][0]
    text = cell.text
    if len(dates) == 1:
        rest = text[dates[0][2]:]
        if rest.startswith("起") and not any(w in rest for w in ("至", "止", "-", "到")):
            return True  # 自某日起 with no end: how an open-ended term is printed
    return any(nfkc(w) in text for w in labels.get("open_end_words", []) if len(w) > 1)


def _roster_row(rec: dict[str, Any], labels: dict) -> dict[str, Any]:
    """A roster row as a plain record (JSON-safe): its values, confidence, the row's box and each
    value's own box (`boxes`, kept for the row chosen once the applicant is known), plus the hits."""
    hits = {k: c.hit for k, c in rec.items()}
    kind = None
    if "type" in rec:
        option, _ = ticked_option(rec["type"].text, [w for k in KINDS for w in labels["term_kinds"][k]])
        kind = _kind_of(option, labels)
    term_open = _roster_term(rec, labels, hits)
    if term_open and kind is None:
        kind = "open"
    end_text = nfkc(rec["end"].text) if "end" in rec else ""
    if any(w in end_text for w in labels.get("open_end_words", [])):
        kind = "open"
    box = None
    for h in hits.values():
        box = h.bbox if box is None else box.union(h.bbox)
    any_hit = next(iter(hits.values()))
    dated = {k: date_value(hits[k].text) if k in hits else None for k in ("start", "end", "sign")}
    values = {
        "name": nfkc(rec["name"].text) if "name" in rec else None,
        "id_number": best_id_number(rec["id_number"].text)[0] if "id_number" in rec else None,
        "start_date": dated["start"],
        "end_date": dated["end"] if kind != "open" else None,
        "sign_date": dated["sign"],
    }
    boxes = {key: hits[col].bbox.as_list() for key, col, _ in _ROW_FIELDS if col in hits and values[key] is not None}
    kind_cell = hits.get("type") or hits.get("term")
    if kind_cell is not None:
        boxes["open_ended"] = kind_cell.bbox.as_list()
    return {
        **values,
        "open_ended": kind == "open",
        "confidence": round(min(h.confidence for h in hits.values()), 4),
        "bbox": box.as_list() if box else None,
        "boxes": boxes,
        "_hits": hits, "_bbox": box, "_page": any_hit.page, "_source": any_hit.source,
    }


def _row_fields(row: dict[str, Any], current: dict[str, FieldValue]) -> dict[str, FieldValue]:
    """The document's employee fields from one roster row: each value with its cell's box and
    confidence where the hits are at hand (read in the extractor), else with the box kept in the
    row (`boxes`; the row's own box for a row listed without them) and the row's confidence."""
    hits: dict[str, Hit] = row.get("_hits") or {}
    boxes: dict[str, list[float]] = row.get("boxes") or {}
    anchor = current["employer"]

    def at(key: str, col: str | None, value: Any) -> FieldValue:
        hit = hits.get(col) if col else None
        if hit is not None:
            return field_from_hit(hit, value)
        box = boxes.get(key) or row.get("bbox")
        bbox = BBox(x0=box[0], y0=box[1], x1=box[2], y1=box[3]) if box else None
        return FieldValue(value=value, confidence=row.get("confidence", 0.0), bbox=bbox, page=anchor.page,
                          source=anchor.source, raw=str(value))

    out: dict[str, FieldValue] = {}
    for key, col, name in _ROW_FIELDS:
        if row.get(key) is not None:
            out[name] = at(key, col, row[key])
    if "employee_name" in out or "employee_id_number" in out:
        if row.get("open_ended"):
            out["end_date"] = FieldValue()
        kind_col = "type" if "type" in hits else "term" if "term" in hits else None
        if kind_col is not None or "open_ended" in boxes:
            out["open_ended"] = at("open_ended", kind_col, bool(row.get("open_ended")))
        else:
            keep = out.get("employee_name") or out["employee_id_number"]
            out["open_ended"] = keep.model_copy(update={"value": bool(row.get("open_ended"))})
    return out


def resolve_roster(fields: dict[str, FieldValue], name: str | None, id_number: str | None) -> dict[str, FieldValue]:
    """A roster's fields once the applicant is known (the pipeline knows the declared data, an
    extractor does not): the applicant's row (`rosters.applicant_row`: by ID number, else by name) fills the
    employee fields; without such a row, or on a document that is no roster of several, the fields
    are returned unchanged.

    Args:
        fields: a contract document's fields, as `read_contract` returns them.
        name: the declared applicant's name.
        id_number: the declared applicant's ID number.

    Returns:
        The fields with `employee_name`, `employee_id_number`, the term and `sign_date` of the
        applicant's row (confidence and box of the row), `employees` kept.
    """
    roster = fields.get("employees")
    if roster is None or not isinstance(roster.value, list):
        return fields
    row = applicant_row(roster.value, name, id_number)
    if row is None:
        return fields
    out = dict(fields)
    out.update(_row_fields(row, {"employer": roster}))
    return out


def _record_has(rec: dict[str, Any], *keys: str) -> bool:
    return all(k in rec and not is_blank(rec[k].text) for k in keys)


def _plausible(rec: dict[str, Any]) -> bool:
    """A roster row filled in with a name of a person's shape or a valid ID number."""
    name = rec.get("name")
    number = rec.get("id_number")
    name_ok = name is not None and person_name_problem(nfkc(name.text)) is None
    id_ok = number is not None and best_id_number(number.text)[1]
    return bool(name_ok or id_ok)


@register(DocType.CONTRACT_FILING)
def extract_filing(pages: list[Page]) -> dict[str, FieldValue]:
    return read_contract(pages, load_labels("contract_filing"))


@register(DocType.LABOR_CONTRACT)
def extract_labor_contract(pages: list[Page]) -> dict[str, FieldValue]:
    return read_contract(pages, load_labels("labor_contract"))
