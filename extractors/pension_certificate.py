"""养老保险个人参保证明: holder, ID number, region, print date and the monthly payment table.

The monthly rows are read by geometry, never by a table model (PaddleOCR's drop bordered rows,
OCR.md). On each page the table's header row (repeated on every page of the 12333 print; a
page without one continues the previous page's table) gives the columns. Every line in the
month column that holds a month opens a row; every other line below the header joins the row
whose month line is nearest in height, within half a row pitch, and goes to the column it
overlaps most. So a cell wrapped onto two lines and a 序号 that OCR misread (一 for 1) still
fall into their row, and a note or footer falls into none. A line that covers several columns
(OCR merged cells) is split by patterns in the header's column order; on a page whose header
OCR merged into one line (cell positions unknown, order known) each visual row is read so.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from extractors.base import FieldReader, load_labels, register
from extractors.common import read_date, read_id_number, read_text
from pipeline.model import BBox, DocType, FieldValue, Page, TextLine
from pipeline.text import month_from_index, month_index, nfkc

LABELS = load_labels("pension_certificate")
_YEAR_MONTH = r"((?:19|20)\d{2})\s*(?:[-./年一—–~_]\s*(1[0-2]|0?[1-9])(?!\d)|(0[1-9]|1[0-2])(?!\d))\s*月?"
_MONTH_START = re.compile("^" + _YEAR_MONTH)
_MONTH_SEARCH = re.compile(_YEAR_MONTH)
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{1,2}|\d{3,7}")
_SEQ = re.compile(r"\d{1,3}")  # a row number (序号)
_SEQ_PREFIX = re.compile(r"^(?:\d{1,3}|\S)\s*[|]?\s+(?=(?:19|20)\d{2})")
_REGION = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:市本级|本级|自治州|地区|盟|市|州|县|区)")
# the end of an employer's name, where a region run into it (OCR merged the cells) begins
_EMPLOYER_END = re.compile(r"(?:公司|厂|院|所|中心|局|站|店|社|会|部|学校|集团|馆|处|室|队|场|行|园)")
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1"})
_DEFAULT_ORDER = ["month", "employer", "base", "region", "status"]
_TEXT_COLUMNS = ("employer", "region")
_READ_COLUMNS = ("month", "employer", "base", "region", "status")  # not 序号 nor columns we do not read
# Every label printed on the certificate: a neighbour that is a label is no value, and a value
# ends where the next label stands (姓名：欧阳志远　公民身份号码：…).
_KNOWN = [label for key in ("name", "id_number", "employer", "region", "print_date") for label in LABELS[key]] + list(
    LABELS.get("form_labels", [])
)


@register(DocType.PENSION_CERTIFICATE)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = FieldReader(pages, _KNOWN)
    stops = LABELS["stop_labels"]
    months, months_bbox, months_conf, months_page, source = read_months(pages)
    return {
        "name": read_text(r, LABELS["name"], stops),
        "id_number": read_id_number(r, LABELS["id_number"]),
        "region": read_text(r, LABELS["region"], stops),
        "employer": read_text(r, LABELS["employer"], stops),
        "print_date": read_date(r, LABELS["print_date"]),
        "months": FieldValue(
            value=months or None,
            confidence=months_conf,
            bbox=months_bbox,
            page=months_page,
            source=source,  # type: ignore[arg-type]
        ),
    }


def _norm_keep_spaces(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


# ---------------------------------------------------------------- cell values


def _month_match(m: re.Match[str]) -> str:
    return f"{m.group(1)}-{int(m.group(2) or m.group(3)):02d}"


def _month_cell(text: str) -> str | None:
    """The month a month cell holds (202403, 2024-03, 2024.3, 2024年03月, a 序号 before it),
    also when OCR read a 0 as O or a 1 as l."""
    for t in (_norm_keep_spaces(text), _norm_keep_spaces(text).translate(_DIGIT_LOOKALIKES)):
        m = _MONTH_START.match(_SEQ_PREFIX.sub("", t))
        if m:
            return _month_match(m)
    return None


def _status(text: str) -> str | None:
    t = nfkc(text)
    for word in LABELS["unpaid_status"]:
        if word in t:
            return "unpaid"
    for word in LABELS["paid_status"]:
        if word in t:
            return "paid"
    return None


def _base(text: str) -> float | None:
    m = _NUMBER.search(nfkc(text))
    if not m:
        return None
    try:
        return float(m.group(0).replace(",", ""))
    except ValueError:
        return None


def _split_employer_region(seg: str, employer_first: bool) -> tuple[str, str]:
    """An employer and a region OCR ran together: split at whitespace, else where the
    employer's name ends (…公司) and a region name (…市) fills the rest."""
    parts = seg.split()
    if len(parts) >= 2:
        return (" ".join(parts[:-1]), parts[-1]) if employer_first else (parts[0], " ".join(parts[1:]))
    t = nfkc(seg)
    if employer_first:
        for m in reversed(list(_EMPLOYER_END.finditer(t))):
            tail = t[m.end():]
            if tail and _REGION.fullmatch(tail):
                return t[: m.end()], tail
        return t, ""
    m = _REGION.match(t)
    return (m.group(0), t[m.end():]) if m and m.end() < len(t) else (t, "")


def split_cells(text: str, order: list[str]) -> dict[str, str]:
    """Cell texts of a line in which OCR merged the cells of the columns `order` (left to right).

    Patterns take what they can tell apart: the month, the status word and the base (the last
    amount); the text left on each side of the base goes to the text columns on that side, in
    the header's order.
    """
    t = _norm_keep_spaces(text)
    cells: dict[str, str] = {}
    if "month" in order:
        t = _SEQ_PREFIX.sub("", t)
        m = _MONTH_SEARCH.search(t)
        if m:
            cells["month"] = _month_match(m)
            t = (t[: m.start()] + " " + t[m.end():]).strip()
    if "status" in order:
        for word in LABELS["unpaid_status"] + LABELS["paid_status"]:
            idx = t.find(word)
            if idx >= 0:
                cells["status"] = word
                t = (t[:idx] + " " + t[idx + len(word):]).strip()
                break
    segments = {"before": t, "after": ""}
    text_keys = [k for k in order if k in _TEXT_COLUMNS]
    groups = {"before": text_keys, "after": []}
    if "base" in order:
        numbers = list(_NUMBER.finditer(t))
        if numbers:
            number = numbers[-1]
            cells["base"] = number.group(0)
            segments = {"before": t[: number.start()], "after": t[number.end():]}
            at = order.index("base")
            groups = {
                "before": [k for k in text_keys if order.index(k) < at],
                "after": [k for k in text_keys if order.index(k) > at],
            }
    for side, keys in groups.items():
        seg = segments[side].strip(" |")
        if not keys or not seg:
            continue
        if len(keys) == 1:
            cells[keys[0]] = seg
            continue
        first, second = _split_employer_region(seg, keys[0] == "employer")
        cells[keys[0]], cells[keys[1]] = first, second
    return {k: v for k, v in cells.items() if v}


def _row(cells: dict[str, str]) -> dict[str, Any]:
    region = nfkc(cells.get("region", "")).strip("|") or None
    if region:
        m = _REGION.match(region)
        region = m.group(0) if m and m.end() >= len(region) - 1 else region
    return {
        "month": _month_cell(cells.get("month", "")),
        "employer": nfkc(cells.get("employer", "")).strip("|") or None,
        "region": region,
        "base": _base(cells.get("base", "")),
        "status": _status(cells.get("status", "")),
    }


def parse_row_text(text: str, order: list[str] | None = None) -> dict[str, Any] | None:
    """One row whose cells OCR merged into one text (a 序号 first, when the print numbers rows)."""
    t = _SEQ_PREFIX.sub("", _norm_keep_spaces(text))
    if not _MONTH_START.match(t):
        return None
    return _row(split_cells(t, order or _DEFAULT_ORDER))


# ---------------------------------------------------------------- geometry: rows and columns


def _visual_rows(lines: list[TextLine]) -> list[list[TextLine]]:
    """Lines grouped into visual rows (centres closer than half a line height), top to bottom."""
    out: list[list[TextLine]] = []
    for ln in sorted(lines, key=lambda item: item.bbox.cy):
        if out:
            last = out[-1]
            cy = sum(item.bbox.cy for item in last) / len(last)
            height = max(max(item.bbox.height for item in last), ln.bbox.height)
            if abs(ln.bbox.cy - cy) <= 0.5 * height:
                last.append(ln)
                continue
        out.append([ln])
    return [sorted(row, key=lambda item: item.bbox.x0) for row in out]


def _cell_key(text: str) -> str | None:
    """The column whose header label this cell is (a label, give or take a bracket or unit)."""
    norm = nfkc(text)
    for key, labels in LABELS["table"].items():
        for label in labels:
            if nfkc(label) in norm and len(norm) <= len(nfkc(label)) + 3:
                return key
    return None


def _label_positions(text: str) -> list[tuple[str, int, int]]:
    """(column, start, end) of each header label inside one line (OCR merged header cells)."""
    norm = nfkc(text)
    found: list[tuple[str, int, int]] = []
    taken: list[tuple[int, int]] = []
    labels = sorted(((nfkc(lb), key) for key, lbs in LABELS["table"].items() for lb in lbs), key=lambda p: -len(p[0]))
    for label, key in labels:
        if any(k == key for k, _, _ in found):
            continue
        idx = norm.find(label)
        while idx >= 0 and any(a < idx + len(label) and idx < b for a, b in taken):
            idx = norm.find(label, idx + 1)
        if idx >= 0:
            found.append((key, idx, idx + len(label)))
            taken.append((idx, idx + len(label)))
    return sorted(found, key=lambda f: f[1])


class _Columns:
    """The table header's cells: column name -> x-interval on the page, left to right.
    Header cells that name no column we read (个人缴费, 备注…) are kept, so that their cells
    are not taken for a neighbour's."""

    def __init__(self, cells: list[tuple[str, float, float]]) -> None:
        self.cells = sorted(cells, key=lambda c: (c[1] + c[2]) / 2)
        centres = [(x0 + x1) / 2 for _, x0, x1 in self.cells]
        bounds = [-1.0] + [(a + b) / 2 for a, b in zip(centres, centres[1:])] + [2.0]
        self.bands = [(key, bounds[i], bounds[i + 1]) for i, (key, _, _) in enumerate(self.cells)]
        self.centres = {key: c for (key, _, _), c in zip(self.cells, centres)}

    @property
    def order(self) -> list[str]:
        return [key for key, _, _ in self.cells]

    def spanned(self, ln: TextLine) -> list[str]:
        """The columns whose header centre this line covers (more than one: OCR merged cells)."""
        return [key for key in self.order if ln.bbox.x0 + 0.005 < self.centres[key] < ln.bbox.x1 - 0.005]

    def column(self, ln: TextLine) -> str:
        """The column this line overlaps most (a cell is narrower or wider than its header)."""
        return max(self.bands, key=lambda band: min(ln.bbox.x1, band[2]) - max(ln.bbox.x0, band[1]))[0]


def _header_cells(row: list[TextLine]) -> tuple[list[tuple[str, float, float]], bool]:
    """The header cells of a visual row, and whether OCR merged some of them into one line
    (their positions are then unknown: only their order is)."""
    cells: list[tuple[str, float, float]] = []
    merged = False
    unknown = 0
    for ln in row:
        key = _cell_key(ln.text)
        if key is not None:
            cells.append((key, ln.bbox.x0, ln.bbox.x1))
            continue
        found = _label_positions(ln.text)
        if not found:
            cells.append((f"_{unknown}", ln.bbox.x0, ln.bbox.x1))
            unknown += 1
            continue
        merged = merged or len(found) > 1
        n = max(len(nfkc(ln.text)), 1)
        w = ln.bbox.x1 - ln.bbox.x0
        for k, a, b in found:
            cells.append((k, ln.bbox.x0 + w * a / n, ln.bbox.x0 + w * b / n))
    seen: set[str] = set()
    out = []
    for c in cells:
        if c[0] not in seen:
            seen.add(c[0])
            out.append(c)
    return out, merged


def _is_header(cells: list[tuple[str, float, float]]) -> bool:
    found = {c[0] for c in cells}
    return "month" in found and len(found & {"employer", "base", "region", "status"}) >= 2


def _known(cells: list[tuple[str, float, float]]) -> int:
    return len({c[0] for c in cells if not c[0].startswith("_")})


def _find_header(vrows: list[list[TextLine]]) -> tuple[int, _Columns | None, list[str]] | None:
    """The header row of the monthly table: the index of its (last) visual row in `vrows`, its
    columns (None when OCR merged header cells into one line: their positions are unknown) and
    the column order. A header whose labels wrap in their cells (缴费 / 基数) spans two visual rows."""
    for i, row in enumerate(vrows):
        cells, merged = _header_cells(row)
        if not _is_header(cells) and i + 1 < len(vrows) and any(_cell_key(ln.text) for ln in row):
            nxt = vrows[i + 1]
            height = max(ln.bbox.height for ln in row + nxt)
            gap = min(ln.bbox.y0 for ln in nxt) - max(ln.bbox.y1 for ln in row)
            joined, joined_merged = _header_cells(_join_wrapped(row + nxt))
            if gap < 0.8 * height and _is_header(joined) and _known(joined) > _known(cells):
                cells, merged, i = joined, joined_merged, i + 1
        if _is_header(cells):
            order = [c[0] for c in sorted(cells, key=lambda c: c[1])]
            return i, (None if merged else _Columns(cells)), order
    return None


def _join_wrapped(lines: list[TextLine]) -> list[TextLine]:
    """Header labels wrapped in their cell (缴费 over 基数): lines stacked in one column joined."""
    out: list[TextLine] = []
    for ln in sorted(lines, key=lambda item: (item.bbox.y0, item.bbox.x0)):
        for k, other in enumerate(out):
            overlap = min(ln.bbox.x1, other.bbox.x1) - max(ln.bbox.x0, other.bbox.x0)
            if overlap > 0.5 * min(ln.bbox.x1 - ln.bbox.x0, other.bbox.x1 - other.bbox.x0):
                out[k] = TextLine(text=other.text + ln.text, bbox=other.bbox.union(ln.bbox),
                                  confidence=min(other.confidence, ln.confidence), source=ln.source)
                break
        else:
            out.append(ln)
    return sorted(out, key=lambda item: item.bbox.x0)


def _iou(a: BBox, b: BBox) -> float:
    ix = min(a.x1, b.x1) - max(a.x0, b.x0)
    iy = min(a.y1, b.y1) - max(a.y0, b.y0)
    if ix <= 0 or iy <= 0:
        return 0.0
    inter = ix * iy
    return inter / ((a.x1 - a.x0) * (a.y1 - a.y0) + (b.x1 - b.x0) * (b.y1 - b.y0) - inter)


def _visible(lines: list[TextLine]) -> list[TextLine]:
    """Drop text painted over by later text at the same spot: of two text-layer lines on one
    spot only the later one (in paint order) can be what the page shows, e.g. a status typed
    over a whited-out 未到账 in an edited PDF (the PDF_EDITED check reports the edit itself)."""
    hidden: set[int] = set()
    order = sorted(range(len(lines)), key=lambda i: lines[i].bbox.y0)
    for pos, i in enumerate(order):
        a = lines[i]
        for j in order[pos + 1:]:
            b = lines[j]
            if b.bbox.y0 > a.bbox.y1:
                break
            if a.source == b.source == "pdf_text" and _iou(a.bbox, b.bbox) > 0.6:
                hidden.add(min(i, j))
    return [ln for k, ln in enumerate(lines) if k not in hidden]


def _is_seq(text: str) -> bool:
    """A 序号 cell, as OCR reads it: a small number, or a short mark (一 for 1, ∞ for 8)."""
    t = nfkc(text)
    return bool(_SEQ.fullmatch(t)) or (0 < len(t) <= 2 and not t.isdigit())


def _opens_row(ln: TextLine, row: list[TextLine], columns: _Columns | None) -> bool:
    """Whether this line opens a table row: a month in the month column (without columns: a
    line starting with a month, with nothing but a 序号 before it on its visual row; a base
    of 2012.10 further right opens nothing)."""
    if columns is not None:
        if columns.column(ln) != "month" and "month" not in columns.spanned(ln):
            return False
        if len(columns.spanned(ln)) > 1:
            return parse_row_text(ln.text, [k for k in columns.order if k in columns.spanned(ln)]) is not None
        return _month_cell(ln.text) is not None
    if not _MONTH_START.match(_SEQ_PREFIX.sub("", _norm_keep_spaces(ln.text))):
        return False
    lead = [item for item in row if item.bbox.x1 <= ln.bbox.x0 + 0.002]
    return all(_is_seq(item.text) for item in lead)


def _unread_month_row(row: list[TextLine], columns: _Columns) -> TextLine | None:
    """A table row whose month OCR could not read (its status and base are there): the line
    that stands for it, so that its cells are not given to a neighbouring row."""
    keys = {columns.column(ln): ln for ln in row if len(columns.spanned(ln)) <= 1}
    if "status" in keys and "base" in keys and _status(keys["status"].text) and _base(keys["base"].text) is not None:
        return keys.get("month") or keys["status"]
    return None


def _pitch(anchors: list[TextLine]) -> float:
    ys = sorted(a.bbox.cy for a in anchors)
    gaps = sorted(b - a for a, b in zip(ys, ys[1:]) if b - a > 0)
    if gaps:
        return gaps[len(gaps) // 2]
    return 2.0 * max(a.bbox.height for a in anchors)


def _row_from_lines(anchor: TextLine, lines: list[TextLine], columns: _Columns | None, order: list[str]) -> dict[str, Any] | None:
    """The row's cells: each line to its column by geometry; a line covering several columns
    (OCR merged cells) is split by patterns in the header's column order, and so is the whole
    row when the header's cell positions are unknown."""
    if columns is None:
        ordered = sorted(lines, key=lambda ln: (ln.bbox.x0, ln.bbox.y0))
        return parse_row_text(" ".join(ln.text for ln in ordered), [k for k in order if not k.startswith("_") and k != "seq"])
    parts: dict[str, list[tuple[float, float, str]]] = {}
    for ln in lines:
        spanned = columns.spanned(ln)
        if len(spanned) > 1:
            for key, value in split_cells(ln.text, [k for k in columns.order if k in spanned]).items():
                parts.setdefault(key, []).append((ln.bbox.y0, ln.bbox.x0, value))
        else:
            parts.setdefault(columns.column(ln), []).append((ln.bbox.y0, ln.bbox.x0, ln.text))
    cells: dict[str, str] = {}
    for key, items in parts.items():
        texts = [v for _, _, v in sorted(items)]  # a wrapped cell: its lines top to bottom
        if key == "month":
            cells[key] = next((v for v in texts if _month_cell(v)), texts[0])
        else:
            cells[key] = ("" if key in _TEXT_COLUMNS else " ").join(texts)
    return _row(cells)


def _fill_unread_months(found: list[dict[str, Any]]) -> None:
    """A row whose month OCR could not read lies between two rows; rows are one month each,
    in order (oldest or newest first), so when its neighbours are two months apart it is the
    month between them. Otherwise it stays unread (month None) and is dropped."""
    for i, row in enumerate(found):
        if row["month"] is not None or i == 0 or i + 1 >= len(found):
            continue
        before, after = found[i - 1]["month"], found[i + 1]["month"]
        if before and after and abs(month_index(before) - month_index(after)) == 2:
            row["month"] = month_from_index((month_index(before) + month_index(after)) // 2)
            row["_inferred"] = True


def read_months(pages: list[Page]) -> tuple[list[dict[str, Any]], BBox | None, float, int | None, str | None]:
    """The monthly table rows, sorted by month, with the table's box and lowest confidence."""
    found: list[dict[str, Any]] = []
    columns: _Columns | None = None
    order = _DEFAULT_ORDER
    for page in pages:
        vrows = _visual_rows(_visible(page.lines))
        header = _find_header(vrows)
        if header is not None:
            index, columns, order = header
            body = vrows[index + 1:]
        else:
            body = vrows  # a continuation page: the previous page's columns, if any
        anchors: list[TextLine] = []
        for row in body:
            opened = [ln for ln in row if _opens_row(ln, row, columns)]
            if not opened and columns is not None and anchors:
                unread = _unread_month_row(row, columns)
                opened = [unread] if unread is not None else []
            anchors.extend(opened[:1])
        if not anchors:
            continue
        pitch = _pitch(anchors)
        members: dict[int, list[TextLine]] = {id(a): [a] for a in anchors}
        for row in body:
            for ln in row:
                if id(ln) in members:
                    continue
                nearest = min(anchors, key=lambda a: abs(a.bbox.cy - ln.bbox.cy))
                near = abs(nearest.bbox.cy - ln.bbox.cy) <= 0.55 * pitch
                # a seal's text stamped over the table is not a cell: its words, or far taller/smaller
                plausible = 0.5 * nearest.bbox.height <= ln.bbox.height <= 1.8 * nearest.bbox.height and not any(
                    w in nfkc(ln.text) for w in LABELS["seal_words"]
                )
                if near and plausible:
                    members[id(nearest)].append(ln)
        row_of = {id(ln): row for row in body for ln in row}
        for anchor in anchors:
            row_lines = members[id(anchor)]
            if columns is None:  # only the anchor's own visual row, from the anchor rightwards
                same = row_of[id(anchor)]
                row_lines = [ln for ln in row_lines if any(ln is s for s in same) and ln.bbox.x0 >= anchor.bbox.x0 - 0.002]
            row = _row_from_lines(anchor, row_lines, columns, order)
            if row is None or (row["status"] is None and row["base"] is None):
                continue
            read = [
                ln for ln in row_lines
                if columns is None or columns.column(ln) in _READ_COLUMNS or len(columns.spanned(ln)) > 1
            ]
            row["_lines"], row["_page"] = read or [anchor], page.number
            found.append(row)
    _fill_unread_months(found)
    rows: dict[str, dict[str, Any]] = {}
    bbox: BBox | None = None
    conf = 1.0
    first_page: int | None = None
    source: str | None = None
    for row in found:
        if row["month"] is None:
            conf = min(conf, 0.5)  # a row seen but its month not read: the table is incomplete
            continue
        if row["month"] in rows:
            continue
        if row["status"] is None or row.get("_inferred"):
            # the validators do not hold an unread status against the applicant; FIELD_UNREADABLE
            # (confidence below the policy's minimum) asks the reviewer to look
            conf = min(conf, 0.5)
        lines = row.pop("_lines")
        page_number = row.pop("_page")
        rows[row["month"]] = row
        for ln in lines:
            bbox = ln.bbox if bbox is None else bbox.union(ln.bbox)
            conf = min(conf, ln.confidence)
        first_page = first_page or page_number
        source = source or lines[0].source
    ordered = [{k: v for k, v in rows[k].items() if not k.startswith("_")} for k in sorted(rows)]
    return ordered, bbox, (conf if ordered else 0.0), first_page, source
