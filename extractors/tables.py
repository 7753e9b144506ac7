"""Tables read by geometry and by meaning, never by a table model (PaddleOCR's drop bordered rows,
OCR.md): the reader beside the field reader (base.py) for every document that prints rows under a
header, whatever its columns are.

A `TableLayout` says what one kind of table holds: the labels of its columns by role, the roles
that open a row (the anchor), the columns whose cells wrap, the words that are never a cell (a
seal's ring text, a 合计 row), and how to tell a column by its cells where the header does not.
The reading is the same for every layout:

Columns. The header row is found by its labels (any order, fuzzy, labels wrapped over two lines
joined). Header cells that name no column are kept, so that their cells are not taken for a
neighbour's, and are given a role by their cells' contents where the label was garbled
(`TableLayout.assign_roles`). Without a header (a continuation page of a scan, a header OCR lost
or merged into one line) the columns are inferred from the cells alone: the anchor column anchors
the rows, and the other columns are told apart by what they hold.

Rows. Every anchor value (a month, a 序号, a name: the layout says) in the anchor column opens a
row; the lines of its visual row belong to it, and a line between rows (a cell wrapped over two
lines) joins the row nearest to it when it lies in a text column. Each line goes to the column it
overlaps most; a line that covers several columns (OCR merged cells) is split by the layout's
patterns in the columns' order. Text painted over by later text at the same spot and a seal's
words are never a cell.

Panels. A sheet printed two-up (two pages side by side) is read page by page, left then right
(`panels`): each panel is read as a page of its own.

`read_rows` gives each row's lines and columns; what a row means (a month paid, an employee) is the
layout's owner's business (pension_certificate.py).
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz.distance import Hamming, Levenshtein

from preaudit.pipeline.model import BBox, Page, TextLine
from preaudit.pipeline.values.shapes import is_han
from preaudit.pipeline.values.text import nfkc

IGNORE = "ignore"  # the role of a column no reader uses (amounts paid, 备注): kept as a column all the same
SEQ = "seq"  # the role of a row number (序号)
_SEQ = re.compile(r"\d{1,3}")

# a cell's piece: (centre y, left x, text, confidence)
Piece = tuple[float, float, str, float]


def norm_keep_spaces(text: str) -> str:
    """NFKC, the gaps between words kept (they separate cells OCR merged)."""
    return unicodedata.normalize("NFKC", text).strip()


@dataclass
class Cell:
    key: str
    x0: float
    x1: float


class TableLayout:
    """What one kind of table looks like. The data and the defaults below read a table whose header
    names its columns and whose anchor column holds any text; a subclass tells its own cells apart
    (a pension certificate's months, amounts and status words)."""

    labels: dict[str, list[str]] = {}  # role -> header labels (`ignore`: columns no reader uses)
    anchors: tuple[str, ...] = ()  # roles that open a row, the first present wins
    text_roles: tuple[str, ...] = ()  # columns whose cells wrap over lines (joined without a space)
    seal_words: tuple[str, ...] = ()  # a line holding one is a seal's text, never a cell
    summary_words: tuple[str, ...] = ()  # a row holding one (合计) is no row of the table
    default_order: tuple[str, ...] = ()  # the cells of a merged line when nothing says their order
    min_header_roles: int = 2  # named columns a header row shows at least (the anchor among them)

    @cached_property
    def labels_by_length(self) -> list[tuple[str, str]]:
        pairs = {(nfkc(label), role) for role, labels in self.labels.items() for label in labels}
        return sorted(pairs, key=lambda p: (-len(p[0]), p[1]))

    # -- header
    def pattern_role(self, text: str) -> str | None:
        """A role a header cell names by a pattern rather than a label (a year grid's 3月), or None."""
        return None

    def pattern_labels(self, text: str) -> list[tuple[str, int, int]]:
        """(role, start, end) of pattern-named header cells inside a merged header line."""
        return []

    def is_header(self, roles: set[str]) -> bool:
        """Whether a visual row naming these roles is the table's header."""
        named = roles - {IGNORE, SEQ}
        return self.anchor_of(named) is not None and len(named) >= self.min_header_roles

    def header_rank(self, roles: Collection[str]) -> int:
        """Of two headers naming as many columns, the one that ranks higher is tried first (a
        subclass says which roles only the table it reads has)."""
        return 0

    def anchor_of(self, roles: Collection[str]) -> str | None:
        """The role whose cells open the rows, among the columns present."""
        return next((a for a in self.anchors if a in roles), None)

    # -- columns by their cells
    def is_data_row(self, row: list[TextLine]) -> bool:
        """Whether a visual row is one of the table's rows, by its cells alone (no header)."""
        return False

    def given_roles(self, texts: list[list[str]]) -> dict[int, str]:
        """Roles for inferred columns (by index) known before the rest are told apart."""
        return {}

    def assign_roles(self, columns: list[tuple[Cell, list[str]]], anchor_x: float, given: dict[int, str]) -> list[Cell]:
        """Roles for columns from their cells' texts; the roles `given` by a header are kept, a column
        told by nothing is named `_c<index>`."""
        return [Cell(given.get(i, f"_c{i}"), cell.x0, cell.x1) for i, (cell, _) in enumerate(columns)]

    # -- rows
    def is_anchor_value(self, text: str, anchor: str) -> bool:
        """Whether a cell of the anchor column opens a row."""
        return bool(nfkc(text))

    def opens_merged(self, text: str) -> bool:
        """Whether a line covering several columns may open a row (its anchor cell is then split out
        and checked)."""
        return True

    def opens_text_row(self, text: str) -> bool:
        """Without columns: whether a line opens a row (its cells merged into one text)."""
        return False

    def is_seq(self, text: str) -> bool:
        """A 序号 cell, as OCR reads it: a small number, or a short mark (一 for 1, ∞ for 8)."""
        t = nfkc(text)
        return bool(_SEQ.fullmatch(t)) or (0 < len(t) <= 2 and not t.isdigit())

    def unread_anchor(self, row: list[TextLine], columns: Columns) -> TextLine | None:
        """A row whose anchor OCR could not read but whose other cells say it is a row: the line that
        stands for it, so that its cells are not given to a neighbouring row."""
        return None

    def split_cells(self, text: str, order: list[str]) -> dict[str, str]:
        """Cell texts of a line in which OCR merged the cells of the columns `order` (left to right):
        by default the words, when there are as many as columns."""
        words = norm_keep_spaces(text).split()
        return dict(zip(order, words)) if len(words) == len(order) else {}

    def is_seal_text(self, ln: TextLine) -> bool:
        return any(w in nfkc(ln.text) for w in self.seal_words)


class Columns:
    """The table's columns: role -> x-interval on the page, left to right. Columns whose role no
    reader uses (个人缴费, 备注, an unknown header cell) are kept, so that their cells are not
    taken for a neighbour's."""

    def __init__(self, cells: list[Cell], layout: TableLayout) -> None:
        self.layout = layout
        seen: dict[str, int] = {}
        named: list[Cell] = []
        for c in sorted(cells, key=lambda c: (c.x0 + c.x1) / 2):
            key = c.key
            if key in seen or key == IGNORE:
                seen[key] = seen.get(key, 0) + 1
                key = f"_{key}{seen[key]}"
            else:
                seen[key] = 0
            named.append(Cell(key, c.x0, c.x1))
        self.cells = named
        centres = [(c.x0 + c.x1) / 2 for c in self.cells]
        bounds = [-1.0] + [(a + b) / 2 for a, b in zip(centres, centres[1:])] + [2.0]
        self.bands = [(c.key, bounds[i], bounds[i + 1]) for i, c in enumerate(self.cells)]
        self.centres = {c.key: x for c, x in zip(self.cells, centres)}

    @property
    def order(self) -> list[str]:
        return [c.key for c in self.cells]

    def has(self, *roles: str) -> bool:
        return any(r in self.centres for r in roles)

    @property
    def anchor(self) -> str | None:
        return self.layout.anchor_of(self.centres)

    def spanned(self, ln: TextLine) -> list[str]:
        """The columns whose centre this line covers (more than one: OCR merged cells)."""
        return [key for key in self.order if ln.bbox.x0 + 0.005 < self.centres[key] < ln.bbox.x1 - 0.005]

    def column(self, ln: TextLine) -> str:
        """The column this line overlaps most (a cell is narrower or wider than its header)."""
        return max(self.bands, key=lambda band: min(ln.bbox.x1, band[2]) - max(ln.bbox.x0, band[1]))[0]


# ---------------------------------------------------------------- header: labels to roles


_NOTE = re.compile(r"\([^()]{1,8}\)$")


def header_role(layout: TableLayout, text: str) -> str | None:
    """The column role a header cell names (the layout's roles, `ignore` included, or a role named
    by a pattern), or None: the label exactly, a label with a few characters more (缴费基数(元)),
    else one garbled character (缴费年目, 到帐情况)."""
    t = nfkc(text).strip(":：|")
    note = _NOTE.search(t)
    if note and note.start() >= 2:  # a label with its note in brackets (费款所属期(起-止), 金额(元))
        t = t[:note.start()]
    if not t:
        return None
    role = layout.pattern_role(t)
    if role is not None:
        return role
    labels = layout.labels_by_length
    for label, role in labels:
        if t == label:
            return role
    for label, role in labels:
        if len(label) >= 2 and label in t:
            rest = t.replace(label, "", 1)
            if any(rest == other for other, _ in labels):
                continue  # two header cells OCR read as one (序号所属期): _label_positions parts them
            if len(rest) <= 3 and (len(label) >= 3 or not any(is_han(c) for c in rest)):
                return role
    # OCR misreads a character in place (or drops one): one edit away, two for long labels, and
    # no label of another role as close
    best: tuple[int, str] | None = None
    ambiguous = False
    for label, role in labels:
        if len(label) < 3 or abs(len(label) - len(t)) > 1:
            continue
        limit = 1 if len(label) < 6 else 2
        d = Hamming.distance(t, label) if len(t) == len(label) else Levenshtein.distance(t, label, weights=(1, 1, 2))
        if d > limit:
            continue
        if best is None or d < best[0]:
            best, ambiguous = (d, role), False
        elif d == best[0] and role != best[1]:
            ambiguous = True
    return best[1] if best and not ambiguous else None


def _label_positions(layout: TableLayout, text: str) -> list[tuple[str, int, int]]:
    """(role, start, end) of each header label inside one line (OCR merged header cells):
    whitespace-separated words when OCR kept the gaps, else labels found in the text."""
    raw = norm_keep_spaces(text)
    words = list(re.finditer(r"\S+", raw))
    if len(words) >= 2:
        roles = [(header_role(layout, w.group(0)), w) for w in words]
        if sum(1 for r, _ in roles if r) >= 2:
            out = []
            for k, (role, w) in enumerate(roles):
                out.append((role or f"_w{k}", w.start(), w.end()))
            return out
    norm = nfkc(text)
    found: list[tuple[str, int, int]] = []
    taken: list[tuple[int, int]] = []
    for label, key in layout.labels_by_length:
        if len(label) < 2 or any(k == key for k, _, _ in found) and key not in (IGNORE,):
            continue
        idx = norm.find(label)
        while idx >= 0 and any(a < idx + len(label) and idx < b for a, b in taken):
            idx = norm.find(label, idx + 1)
        if idx >= 0:
            found.append((key, idx, idx + len(label)))
            taken.append((idx, idx + len(label)))
    for key, start, end in layout.pattern_labels(norm):
        if not any(a < end and start < b for a, b in taken):
            found.append((key, start, end))
            taken.append((start, end))
    return sorted(found, key=lambda f: f[1])


def _header_cells(layout: TableLayout, row: list[TextLine]) -> tuple[list[Cell], bool]:
    """The header cells of a visual row, and whether OCR merged some of them into one line
    (their positions are then estimates: only their order is sure)."""
    cells: list[Cell] = []
    merged = False
    unknown = 0
    for ln in _join_wrapped(row):  # a label and its note stacked in one cell (费款所属期 / (起-止)) are one
        key = header_role(layout, ln.text)
        if key is not None:
            cells.append(Cell(key, ln.bbox.x0, ln.bbox.x1))
            continue
        found = _label_positions(layout, ln.text)
        if not found:
            cells.append(Cell(f"_{unknown}", ln.bbox.x0, ln.bbox.x1))
            unknown += 1
            continue
        merged = merged or len(found) > 1
        n = max(len(norm_keep_spaces(ln.text)), 1)
        w = ln.bbox.x1 - ln.bbox.x0
        for k, a, b in found:
            cells.append(Cell(k if not k.startswith("_w") else f"_{unknown}{k}", ln.bbox.x0 + w * a / n, ln.bbox.x0 + w * b / n))
    return cells, merged


def _roles(cells: list[Cell]) -> set[str]:
    return {c.key for c in cells if not c.key.startswith("_")}


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


@dataclass
class Header:
    index: int  # the (last) visual row of the header
    cells: list[Cell]
    merged: bool
    bottom: float

    @property
    def order(self) -> list[str]:
        return [c.key for c in sorted(self.cells, key=lambda c: c.x0)]


def _headers(layout: TableLayout, vrows: list[list[TextLine]]) -> list[Header]:
    """Every visual row that reads as the table's header, top to bottom. A header whose labels
    wrap in their cells (缴费 / 基数) spans two visual rows."""
    out: list[Header] = []
    i = 0
    while i < len(vrows):
        row = vrows[i]
        cells, merged = _header_cells(layout, row)
        last = i
        if i + 1 < len(vrows) and any(header_role(layout, ln.text) for ln in row) and not any(
            re.search(r"\d", ln.text) for ln in vrows[i + 1]
        ):
            nxt = vrows[i + 1]
            height = max(ln.bbox.height for ln in row + nxt)
            gap = min(ln.bbox.y0 for ln in nxt) - max(ln.bbox.y1 for ln in row)
            joined, joined_merged = _header_cells(layout, _join_wrapped(row + nxt))
            if gap < 0.8 * height and layout.is_header(_roles(joined)) and len(_roles(joined)) > len(_roles(cells)):
                cells, merged, last = joined, joined_merged, i + 1
        if layout.is_header(_roles(cells)):
            rows = vrows[i: last + 1]
            out.append(Header(last, cells, merged, max(ln.bbox.y1 for r in rows for ln in r)))
            i = last + 1
            continue
        i += 1
    return out


# ---------------------------------------------------------------- columns by their cells


def cluster_columns(rows: list[list[TextLine]]) -> list[Cell]:
    """Column intervals from the data rows: the rows with the most common number of cells give
    the columns (their k-th cells' spans); lines of other rows that fall outside every column
    (a cell wrapped in every row) add one."""
    counts = [len(r) for r in rows]
    mode = max(set(counts), key=lambda n: (counts.count(n), n))
    clean = [r for r in rows if len(r) == mode]
    cols = [Cell("", statistics.median(r[k].bbox.x0 for r in clean), statistics.median(r[k].bbox.x1 for r in clean)) for k in range(mode)]
    extra: list[TextLine] = []
    for r in rows:
        for ln in r:
            if not any(min(ln.bbox.x1, c.x1) - max(ln.bbox.x0, c.x0) > 0.3 * (ln.bbox.x1 - ln.bbox.x0) for c in cols):
                extra.append(ln)
    while extra:
        seed = extra[0]
        group = [ln for ln in extra if min(ln.bbox.x1, seed.bbox.x1) - max(ln.bbox.x0, seed.bbox.x0) > 0]
        extra = [ln for ln in extra if ln not in group]
        if len(group) >= max(2, len(rows) // 2):
            cols.append(Cell("", min(ln.bbox.x0 for ln in group), max(ln.bbox.x1 for ln in group)))
    return sorted(cols, key=lambda c: c.x0)


def infer_columns(layout: TableLayout, vrows: list[list[TextLine]], order: list[str] | None = None) -> Columns | None:
    """The table's columns from its cells alone (no header, or one whose cell positions are
    unknown): the rows are the visual rows the layout calls data rows; `order` (a merged
    header's roles, left to right) names the columns where it has as many as the cells show."""
    rows = [row for row in vrows if layout.is_data_row(row)]
    if not rows or (len(rows) < 2 and len(rows[0]) < 3):
        return None
    cols = cluster_columns(rows)
    if len(cols) < 2:
        return None
    texts: list[list[str]] = [[] for _ in cols]
    probe = Columns([Cell(f"k{i}", c.x0, c.x1) for i, c in enumerate(cols)], layout)
    for row in rows:
        for ln in row:
            texts[int(probe.column(ln)[1:])].append(ln.text)
    if order and len(order) == len(cols):
        # as many cells as the header (or the previous page) names: they are its columns, in order
        return Columns([Cell(k, c.x0, c.x1) for k, c in zip(order, cols)], layout)
    anchor_x = (cols[0].x0 + cols[0].x1) / 2
    cells = layout.assign_roles(list(zip(cols, texts)), anchor_x, layout.given_roles(texts))
    columns = Columns(cells, layout)
    if columns.anchor is None:
        return None
    return columns


def refine_columns(columns: Columns, body: list[list[TextLine]]) -> Columns:
    """Give a role to header cells OCR could not read, by what their cells hold, where that role
    is missing (a column of months under a garbled 缴费年月, status words under an unknown label)."""
    layout = columns.layout
    unknown = [c for c in columns.cells if c.key.startswith("_") and not c.key.startswith(f"_{IGNORE}")]
    if not unknown:
        return columns
    texts: dict[str, list[str]] = {c.key: [] for c in unknown}
    for row in body[:60]:
        for ln in row:
            key = columns.column(ln)
            if key in texts and len(columns.spanned(ln)) <= 1:
                texts[key].append(ln.text)
    given = {i: c.key for i, c in enumerate(columns.cells) if not c.key.startswith("_") or c.key.startswith(f"_{IGNORE}")}
    pairs = [(Cell(c.key, c.x0, c.x1), texts.get(c.key, [])) for c in columns.cells]
    anchor = columns.anchor
    anchor_x = columns.centres.get(anchor, 0.0) if anchor else 0.0
    cells = layout.assign_roles(pairs, anchor_x, given)
    for c, old in zip(cells, columns.cells):
        if c.key.startswith("_c"):
            c.key = old.key
    return Columns(cells, layout)


# ---------------------------------------------------------------- rows


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


# An n-up sheet (two pages printed side by side on a landscape sheet, "2 页/张"): its pages are told
# apart by a gutter no text line crosses, near the sheet's middle (`band`), at least `gap` wide, with
# each side holding at least `min_lines` lines over at least `min_height` of the sheet's height and a
# line at least `wide` of its half wide (each page's own title or paragraph). A single page never
# splits: its centred title crosses the middle, and a table's columns, however far apart, hold no
# line that wide on both sides of a gap. A booklet's page may end early (its last clause, then white):
# a quarter of the sheet's height is enough.
PANELS = {"band": (0.4, 0.6), "gap": 0.03, "min_lines": 8, "min_height": 0.25, "wide": 0.35}


def panels(lines: list[TextLine], landscape: bool = True) -> list[list[TextLine]]:
    """The lines of each page printed side by side on the sheet, left to right; one panel (all the
    lines) where there is no gutter or the sheet is not landscape. Why: a table's rows are visual
    rows; on a two-up print the left page's rows and the right page's rows (续表) share heights, and
    one header would read both."""
    if not landscape or len(lines) < 2 * PANELS["min_lines"]:
        return [lines]
    steps = 500
    covered = [False] * steps
    for ln in lines:
        for i in range(max(0, int(ln.bbox.x0 * steps)), min(steps, int(ln.bbox.x1 * steps) + 1)):
            covered[i] = True
    lo, hi = int(PANELS["band"][0] * steps), int(PANELS["band"][1] * steps)
    best, start = (0, 0), None
    for i in range(lo, hi + 1):
        free = i < hi and not covered[i]
        if free and start is None:
            start = i
        elif not free and start is not None:
            best, start = max(best, (i - start, start)), None
    width, first = best
    if width < PANELS["gap"] * steps:
        return [lines]
    cut = (first + width / 2) / steps
    sides = [[ln for ln in lines if ln.bbox.x1 <= cut], [ln for ln in lines if ln.bbox.x0 >= cut]]
    for side, half in zip(sides, (cut, 1.0 - cut)):
        if len(side) < PANELS["min_lines"] or max(ln.bbox.y1 for ln in side) - min(ln.bbox.y0 for ln in side) < PANELS["min_height"]:
            return [lines]
        if max(ln.bbox.x1 - ln.bbox.x0 for ln in side) < PANELS["wide"] * half:
            return [lines]
    return sides


def panel_span(lines: list[TextLine], probe: BBox, landscape: bool = True) -> tuple[float, float]:
    """The left and right edge of the panel (`panels`) the probe box's middle lies in: (0, 1) on
    a sheet of one page."""
    parts = panels(lines, landscape)
    if len(parts) == 1:
        return 0.0, 1.0
    middle = (probe.x0 + probe.x1) / 2
    left_end = max(ln.bbox.x1 for ln in parts[0])
    return (0.0, left_end) if middle <= left_end else (left_end, 1.0)


def _iou(a: BBox, b: BBox) -> float:
    ix = min(a.x1, b.x1) - max(a.x0, b.x0)
    iy = min(a.y1, b.y1) - max(a.y0, b.y0)
    if ix <= 0 or iy <= 0:
        return 0.0
    inter = ix * iy
    return inter / ((a.x1 - a.x0) * (a.y1 - a.y0) + (b.x1 - b.x0) * (b.y1 - b.y0) - inter)


def visible(lines: list[TextLine]) -> list[TextLine]:
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


def _opens_row(layout: TableLayout, ln: TextLine, row: list[TextLine], columns: Columns | None) -> bool:
    """Whether this line opens a table row: an anchor value in the anchor column (without
    columns: a line the layout says opens a row, with nothing but a 序号 before it on its visual
    row; a value of the anchor's shape further right opens nothing)."""
    if columns is not None:
        anchor = columns.anchor or layout.anchors[0]
        spanned = columns.spanned(ln)
        if columns.column(ln) != anchor and anchor not in spanned:
            return _runs_on(layout, ln, columns, anchor)
        if len(spanned) > 1:
            # cells OCR merged: the row's anchor opens the text (打印时间:2024-09-03 is no row)
            if spanned[0] not in (anchor, SEQ) or not layout.opens_merged(ln.text):
                return False
            cells = layout.split_cells(ln.text, [k for k in columns.order if k in spanned])
            return anchor in cells and layout.is_anchor_value(cells[anchor], anchor)
        return layout.is_anchor_value(ln.text, anchor)
    if not layout.opens_text_row(ln.text):
        return False
    lead = [item for item in row if item.bbox.x1 <= ln.bbox.x0 + 0.002]
    return all(layout.is_seq(item.text) for item in lead)


def _runs_on(layout: TableLayout, ln: TextLine, columns: Columns, anchor: str) -> bool:
    """Whether a line that begins in the anchor's column and runs on into the next one, where most
    of it lies, opens with an anchor value (202408企业职工基本养老保险: a month and its 险种 read as
    one line, under 险种类型): the row's anchor, run into its neighbour's cell."""
    band = next(b for b in columns.bands if b[0] == anchor)
    if not band[1] <= ln.bbox.x0 < band[2] or not layout.opens_merged(ln.text):
        return False
    order = columns.order
    nxt = order[order.index(anchor) + 1] if order.index(anchor) + 1 < len(order) else None
    if nxt is None or columns.column(ln) != nxt:
        return False
    cells = layout.split_cells(ln.text, [anchor, nxt])
    return anchor in cells and layout.is_anchor_value(cells[anchor], anchor)


def _pitch(anchors: list[TextLine]) -> float:
    ys = sorted(a.bbox.cy for a in anchors)
    gaps = sorted(b - a for a, b in zip(ys, ys[1:]) if b - a > 0)
    if gaps:
        return gaps[len(gaps) // 2]
    return 2.0 * max(a.bbox.height for a in anchors)


def _repeats(a: str, b: str) -> bool:
    """Whether two cells hold the same value (one read a little short): a wrapped cell goes on with
    new text, it never says its value again."""
    x, y = sorted((re.sub(r"\s+", "", nfkc(a)), re.sub(r"\s+", "", nfkc(b))), key=len)
    return len(x) >= 2 and x in y and len(x) >= 0.6 * len(y)


def _assign_members(layout: TableLayout, body: list[list[TextLine]], anchors: list[TextLine],
                    columns: Columns | None) -> dict[int, list[TextLine]]:
    """The lines of each anchor's row: its visual row, and the lines between rows (a cell wrapped
    over two lines) nearest to it, when they lie in a text column (a status or an amount does
    not wrap) or touch the row."""
    pitch = _pitch(anchors)
    row_of = {id(ln): k for k, row in enumerate(body) for ln in row}
    anchor_rows = {row_of[id(a)]: a for a in anchors}
    members: dict[int, list[TextLine]] = {id(a): [] for a in anchors}
    core: dict[int, tuple[float, float]] = {}
    for k, a in anchor_rows.items():
        lines = [ln for ln in body[k] if not layout.is_seal_text(ln)]
        members[id(a)] = lines
        core[id(a)] = (min(ln.bbox.y0 for ln in lines), max(ln.bbox.y1 for ln in lines))
    for k, row in enumerate(body):
        if k in anchor_rows:
            continue
        for ln in row:
            if layout.is_seal_text(ln) or any(w in nfkc(ln.text) for w in layout.summary_words):
                continue  # a seal's words, a 合计 row: no cell of a row

            def gap(a: TextLine) -> float:
                top, bottom = core[id(a)]
                return max(0.0, ln.bbox.y0 - bottom, top - ln.bbox.y1)

            nearest = min(anchors, key=lambda a: (gap(a), -a.bbox.cy if ln.bbox.cy > a.bbox.cy else a.bbox.cy))
            g = gap(nearest)
            plausible = 0.5 * nearest.bbox.height <= ln.bbox.height <= 1.8 * nearest.bbox.height
            if not plausible:
                continue
            if columns is not None:
                key = columns.column(ln)
                spans = len(columns.spanned(ln))
                text_col = key in layout.text_roles or key.startswith("_")
                if spans > 1 and g > 0:
                    continue
                if g > 0 and any(columns.column(m) == key and _repeats(m.text, ln.text) for m in members[id(nearest)]):
                    continue  # the cell's own value again: a row of its own (养老/失业/工伤 under one month)
                if g <= 0.2 * pitch or (text_col and g <= 0.6 * pitch):
                    members[id(nearest)].append(ln)
            # without columns a row is its visual row: nothing between rows can be placed
    return members


def _add_lost_columns(columns: Columns, body: list[list[TextLine]]) -> Columns:
    """Columns whose header cell OCR lost: a column of cells in the table's rows under no header
    cell is added (its role then comes from its contents), so that its cells are not run into a
    neighbour's."""
    rows = [row for row in body if any(_opens_row(columns.layout, ln, row, columns) for ln in row)]
    if len(rows) < 2:
        return columns
    cells = list(columns.cells)
    for k, cluster in enumerate(cluster_columns(rows)):
        if not any(min(cluster.x1, c.x1) - max(cluster.x0, c.x0) > 0 for c in cells) and not any(
            c.x0 - 0.01 <= (cluster.x0 + cluster.x1) / 2 <= c.x1 + 0.01 for c in cells
        ):
            cells.append(Cell(f"_lost{k}", cluster.x0, cluster.x1))
    return Columns(cells, columns.layout) if len(cells) > len(columns.cells) else columns


def _page_columns(layout: TableLayout, vrows: list[list[TextLine]],
                  previous: Columns | None) -> tuple[Columns | None, list[list[TextLine]], list[str] | None]:
    """The columns of one page and its body rows: from the page's header (its cells refined by
    their contents), else from the cells alone, else the previous page's. Of several headers on a
    page, the one naming the most columns is tried first: a summary of the insurances above the
    payment table (险种 | 参保起始年月 | 本期缴费月数) reads as a header too, with fewer columns; of as
    many, the one the layout ranks higher (`header_rank`)."""
    found = _headers(layout, vrows)

    def rank(h: Header) -> tuple[int, int]:
        roles = {c.key for c in h.cells if not c.key.startswith("_")}
        return -len(roles), -layout.header_rank(roles)

    for header in sorted(found, key=rank):
        body = vrows[header.index + 1:]
        if header.merged:
            inferred = infer_columns(layout, body, header.order)
            if inferred is not None:
                return inferred, body, header.order
            return None, body, [k for k in header.order if not k.startswith("_")]
        columns = Columns(header.cells, layout)
        if columns.anchor is not None:
            columns = _add_lost_columns(columns, body)
        columns = refine_columns(columns, body)
        if columns.anchor is None:
            continue
        if any(_opens_row(layout, ln, row, columns) for row in body for ln in row):
            return columns, body, None
    if previous is not None:
        # a continuation page: the previous page's columns, placed where this page's cells are
        # (a scan or photo of the next page sits elsewhere on its picture)
        placed = infer_columns(layout, vrows, previous.order)
        if placed is not None and placed.order == previous.order:
            return placed, vrows, None
        if any(_opens_row(layout, ln, row, previous) for row in vrows for ln in row):
            return previous, vrows, None
    return infer_columns(layout, vrows), vrows, None


@dataclass
class TableRow:
    """One row of a table as a page shows it: the line that opened it, every line that belongs to
    it, and the columns it was read under (None: no columns are known, and the row's cells are
    read from its text in `order`)."""

    page: int
    anchor: TextLine
    lines: list[TextLine]
    columns: Columns | None
    order: list[str] = field(default_factory=list)

    def parts(self) -> dict[str, list[Piece]]:
        """Each line's text under its column (a line covering several columns split by the layout's
        patterns)."""
        assert self.columns is not None, "a row read without columns has no cells by column"
        return cell_parts(self.lines, self.columns)

    def merged_lines(self) -> list[TextLine]:
        """The row's lines from its anchor rightwards, in reading order (a row without columns)."""
        return sorted((ln for ln in self.lines if ln.bbox.x0 >= self.anchor.bbox.x0 - 0.002),
                      key=lambda ln: (ln.bbox.x0, ln.bbox.y0))


def cell_parts(lines: list[TextLine], columns: Columns) -> dict[str, list[Piece]]:
    """Each line's text under its column (a line covering several columns split by patterns)."""
    parts: dict[str, list[Piece]] = {}
    for ln in lines:
        spanned = columns.spanned(ln)
        if len(spanned) > 1:
            for key, value in columns.layout.split_cells(ln.text, [k for k in columns.order if k in spanned]).items():
                parts.setdefault(key, []).append((ln.bbox.cy, ln.bbox.x0, value, ln.confidence))
        else:
            parts.setdefault(columns.column(ln), []).append((ln.bbox.cy, ln.bbox.x0, ln.text, ln.confidence))
    return parts


def joined(items: list[Piece], sep: str) -> str:
    """A cell's pieces in reading order: lines top to bottom, boxes of one line left to right."""
    ordered: list[list[Piece]] = []
    for item in sorted(items):
        if ordered and abs(item[0] - ordered[-1][0][0]) < 0.004:
            ordered[-1].append(item)
        else:
            ordered.append([item])
    return sep.join(sep.join(t for _, _, t, _ in sorted(line, key=lambda i: i[1])) for line in ordered)


def read_rows(layout: TableLayout, pages: list[Page]) -> list[TableRow]:
    """The table's rows over all pages, in page order (a page without a header continues the
    table under the previous page's columns)."""
    found: list[TableRow] = []
    columns: Columns | None = None
    order = [k for k in layout.default_order]
    for page, panel in ((page, panel) for page in pages for panel in panels(visible(page.lines), page.width > page.height)):
        vrows = _visual_rows([ln for ln in panel if not layout.is_seal_text(ln)])
        page_columns, body, text_order = _page_columns(layout, vrows, columns)
        if page_columns is None and text_order is None and columns is None:
            text_order = order
        if page_columns is not None:
            columns = page_columns
        elif text_order is not None:
            order = [k for k in text_order if k != SEQ]
        cols = page_columns if page_columns is not None else (None if text_order is not None else columns)
        anchors: list[TextLine] = []
        for row in body:
            opened = [ln for ln in row if _opens_row(layout, ln, row, cols)]
            # a row whose month is not read: after a read one, or under this page's own header (a
            # merged month cell level with its middle row leaves the row above it without one)
            if not opened and cols is not None and (anchors or page_columns is not None):
                unread = layout.unread_anchor(row, cols)
                opened = [unread] if unread is not None else []
            anchors.extend(opened[:1])
        if not anchors:
            continue
        members = _assign_members(layout, body, anchors, cols)
        found.extend(TableRow(page.number, anchor, members[id(anchor)], cols, list(order)) for anchor in anchors)
    return found
