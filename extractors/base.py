"""The extractor interface, the registry, and FieldReader: label-anchored reading of page lines.

An extractor is a pure function from the pages of one document to its fields. It never touches
files, the OCR engine or the policy. Anchor words and value patterns live in
`extractors/labels/<doc_type>.yaml`; OCR noise is absorbed by NFKC normalisation, by folding the
traditional forms OCR returns for simplified characters (labels/hanzi_variants.yaml: 黃 -> 黄), and
by fuzzy label matching (rapidfuzz), so `姓 名`, `姓名:` and `姓名：` all anchor the same field.

Labels are found anywhere on the page: split over two boxes or stacked in a narrow cell (joined at
construction, `merge_split_labels`), garbled by a character where no other label is as close
(`find_labels`, read less surely). Values are found by geometry in every direction
(`candidates`: the rest of the line, the next box on the row, a handwritten box a little off the
label's baseline, the line below; `cell`: a row and a column header's intersection; `table`: a
roster's rows; `rows`: visual rows, on which numbers written into a printed 年 月 日 read whole),
and `read` takes the best candidate the caller's shape check allows (extractors/common.py SHAPES):
a title, a label, an instruction or an empty blank is never a value. A weaker route lowers the
value's confidence (`ROUTE_FACTORS`), so that pipeline/values/certainty.py never calls it certain on the
strength of the engine's reading alone.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from preaudit.extractors.tables import panels
from preaudit.pipeline.model import BBox, DocType, FieldValue, Page, TextLine
from preaudit.pipeline.values.text import nfkc

Extractor = Callable[[list[Page]], dict[str, FieldValue]]
_REGISTRY: dict[DocType, Extractor] = {}
_LABEL_DIR = Path(__file__).with_name("labels")
_SEPARATORS = ":："
# a sentence's punctuation (after NFKC: ，→, ；→;): a line that holds one is running text
_SENTENCE_MARKS = ",;。、"


def register(doc_type: DocType) -> Callable[[Extractor], Extractor]:
    """Register the extractor of one document type (one per type)."""

    def wrap(fn: Extractor) -> Extractor:
        if doc_type in _REGISTRY:
            raise ValueError(f"extractor for {doc_type.value} registered twice")
        _REGISTRY[doc_type] = fn
        return fn

    return wrap


def extractor_for(doc_type: DocType) -> Extractor | None:
    import preaudit.extractors.registry  # noqa: F401 - importing registers every extractor

    return _REGISTRY.get(doc_type)


@lru_cache(maxsize=None)
def load_labels(doc_type: str) -> dict[str, Any]:
    return yaml.safe_load((_LABEL_DIR / f"{doc_type}.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _variant_table() -> dict[int, str]:
    return str.maketrans(load_labels("hanzi_variants")["variants"])


def fold(text: str) -> str:
    """Traditional forms (an OCR misread on a simplified-character form) -> simplified, one for one
    (the length is kept, so offsets into the text stay valid)."""
    return text.translate(_variant_table())


def nfkc_keep_spaces(text: str) -> str:
    """NFKC with the spaces kept (gaps between cells mark where a label stands)."""
    return unicodedata.normalize("NFKC", text or "")


def normalize(text: str) -> str:
    """How FieldReader sees a line: NFKC without spaces, traditional forms folded."""
    return fold(nfkc(text))


def reading_order(lines: list[TextLine]) -> list[TextLine]:
    """Top to bottom, left to right. Boxes side by side on one visual line stay in x order even
    where their centres differ a little (words filled in by hand on a printed line ride above or
    below it: 我单位为 | 中 | 央 | 在甘单位 …): a box joins the line opened by the box before it when
    it overlaps that box's height by half and no box of the line across more than half its width (a
    cell's second line under its first is another line)."""
    return [ln for row in line_rows(lines) for ln in row]


def line_rows(lines: list[TextLine]) -> list[list[TextLine]]:
    """The boxes of each visual line (reading_order), top to bottom, each left to right."""
    ordered = sorted(lines, key=lambda ln: (round(ln.bbox.cy, 3), ln.bbox.x0))
    rows: list[list[TextLine]] = []
    for ln in ordered:
        # the latest line still open at this height that takes the box (a glyph written lower than
        # its neighbours comes after boxes of the line that begin lower still)
        for row in reversed(rows):
            if row[0].bbox.y1 <= ln.bbox.y0:
                rows.append([ln])
                break
            if _same_visual_line(row, ln):
                row.append(ln)
                break
        else:
            rows.append([ln])
    return [sorted(row, key=lambda item: item.bbox.x0) for row in rows]


def _same_visual_line(row: list[TextLine], ln: TextLine) -> bool:
    seed = row[0].bbox
    b = ln.bbox
    h_seed, h = seed.y1 - seed.y0, b.y1 - b.y0
    if h_seed <= 0 or h <= 0 or max(h, h_seed) > 2 * min(h, h_seed):
        return False
    if min(seed.y1, b.y1) - max(seed.y0, b.y0) < 0.5 * min(h, h_seed):
        return False
    # glyphs written by hand on one line touch or overlap a little; a cell's line under another
    # covers most of its span
    return all(min(b.x1, o.bbox.x1) - max(b.x0, o.bbox.x0) <= 0.5 * min(b.x1 - b.x0, o.bbox.x1 - o.bbox.x0)
               for o in row)


@dataclass(frozen=True)
class Hit:
    """A located piece of text: the value string, where it sits, how sure we are."""

    text: str
    bbox: BBox
    confidence: float
    page: int
    source: str


def sub_bbox(line: TextLine, start: int, end: int) -> BBox:
    """Approximate the box of characters [start, end) of a line by their share of its width."""
    n = max(1, len(line.text))
    w = line.bbox.x1 - line.bbox.x0
    return BBox(
        x0=line.bbox.x0 + w * start / n,
        y0=line.bbox.y0,
        x1=line.bbox.x0 + w * min(end, n) / n,
        y1=line.bbox.y1,
    )


def field_from_hit(hit: Hit | None, value: Any, confidence_factor: float = 1.0) -> FieldValue:
    if hit is None:
        return FieldValue(value=None, confidence=0.0)
    return FieldValue(
        value=value,
        confidence=round(hit.confidence * confidence_factor, 4) if value is not None else 0.0,
        bbox=hit.bbox,
        page=hit.page,
        source=hit.source,  # type: ignore[arg-type]
        raw=hit.text,
    )


class FieldReader:
    """Finds values by their labels on a document's pages.

    Lines are visited in reading order (page, top to bottom, left to right). A value is the rest
    of the label's line after the label, or else the nearest line to its right on the same row,
    or else the line just below it.

    `known_labels` are every label printed on the form (read or not). With them the reader
    understands two-column grids: a label never matches inside a longer label (姓名 in
    校(院)长姓名, 专业 in 获学位专业), and a neighbouring cell that is itself a label is not a
    value (an empty cell followed by the next label on the row reads as nothing).
    """

    def __init__(self, pages: list[Page], known_labels: Iterable[str] = ()) -> None:
        self.pages = pages
        self.known = sorted({nfkc(k) for k in known_labels if nfkc(k)}, key=len, reverse=True)
        self._known_set = set(self.known)
        self.lines: list[tuple[int, TextLine, str]] = []
        self._panel: dict[int, int] = {}  # a line's page of a two-up sheet (tables.panels), left first
        for page in pages:
            page_lines = list(page.lines)
            if self.known:
                aspect = page.height / page.width if page.width and page.height else 1.0
                page_lines = merge_split_labels(drop_gap_glyphs(page_lines, self.known), self.known, aspect)
            # a sheet holding two pages side by side is read page by page (tables.panels): the right
            # page's labels stand level with the left page's and would otherwise come first
            for k, panel in enumerate(panels(page_lines, bool(page.width and page.height and page.width > page.height))):
                for line in reading_order(panel):
                    self.lines.append((page.number, line, normalize(line.text)))
                    self._panel[id(line)] = k
        self._rows: dict[int, list[Row]] = {}
        # each page's height over its width: a character's height as a share of the page's height,
        # times this, is its width as a share of the page's width
        self._aspect = {page.number: (page.height / page.width if page.width and page.height else 1.0) for page in pages}

    @property
    def text(self) -> str:
        return "\n".join(norm for _, _, norm in self.lines)

    def _shadowed(self, norm: str, idx: int, label: str) -> bool:
        """Whether `label` at `idx` is part of a longer known label there (专业 in 获学位专业)."""
        for known in self.known:
            if len(known) <= len(label):
                break
            j = known.find(label)
            while j >= 0:
                if idx - j >= 0 and norm.startswith(known, idx - j):
                    return True
                j = known.find(label, j + 1)
        return False

    def _label_at(self, norm: str, label: str, fuzzy: int) -> tuple[int, int] | None:
        """Where `label` starts and ends in a normalised line (exact, else fuzzy at the start)."""
        idx = norm.find(label)
        exact = False
        while idx >= 0:
            exact = True
            if not self._shadowed(norm, idx, label):
                return idx, idx + len(label)
            idx = norm.find(label, idx + 1)
        if exact:
            return None
        if fuzzy and len(norm) >= len(label) >= 2:
            if any(k != label for k in self._opening_labels(norm)):
                return None  # the line starts with another label, not a misread of this one
            head = norm[: len(label)]
            if fuzz.ratio(head, label) >= fuzzy:
                return 0, len(label)
        return None

    def _opening_labels(self, norm: str) -> tuple[str, ...]:
        """The known labels a line starts with (cached: every label lookup asks it of every line)."""
        cache = self.__dict__.setdefault("_opening_cache", {})
        found = cache.get(norm)
        if found is None:
            found = cache[norm] = tuple(k for k in self.known if norm.startswith(k))
        return found

    def is_label(self, norm: str) -> bool:
        """Whether a cell's text is one of the form's labels rather than a value: the label, a label of
        three characters or more with anything after it, a label and its separator, or a label run
        into a number (学制4年: that label's own value, never another's)."""
        t = norm.strip(_SEPARATORS)
        for known in self.known:
            if t == known or (len(known) >= 3 and t.startswith(known)) or t.startswith(tuple(known + s for s in _SEPARATORS)):
                return True
            if t.startswith(known) and len(t) > len(known) and t[len(known)].isdigit():
                return True
        return False

    @staticmethod
    def skip_alias(norm: str, end: int, labels: list[str]) -> int:
        """Where a label's value starts once the same field's other labels printed right after it
        are passed: a bilingual form prints a label with its translation (颁发机构 Institution,
        持证人 Holder), and a contract its party's other name in brackets (用人单位（甲方）：), which is
        one label, never its value."""
        while True:
            rest = norm[end:]
            gap = len(rest) - len(rest.lstrip(_SEPARATORS))
            alias = next((x for x in labels if x and rest[gap:].startswith(x)), None)
            if alias is None:
                bracketed = next((x for x in labels if x and rest[gap:].startswith(f"({x})")), None)
                if bracketed is None:
                    return end
                alias = f"({bracketed})"
            end += gap + len(alias)

    def _norm_offsets(self, raw: str, norm_end: int) -> int:
        """Map an offset in the normalised (space-free) text back to the raw line text."""
        count = 0
        for i, ch in enumerate(raw):
            if count >= norm_end:
                return i
            if nfkc(ch):
                count += len(nfkc(ch))
        return len(raw)

    def label_lines(self, labels: list[str], fuzzy: int = 80, at_start: bool = False) -> list[tuple[int, int, int]]:
        """(line index, label start, label end) of every line carrying one of `labels`."""
        ordered = sorted((nfkc(label) for label in labels), key=len, reverse=True)
        found_lines = []
        for i, (_, _, norm) in enumerate(self.lines):
            # Every label exactly before any fuzzily: a longer variant (甲方(用人单位)名称) must not
            # match a shorter one that is printed (甲方(用人单位):) plus the value's first character.
            for tolerance in (0, fuzzy):
                found = None
                for label in ordered:
                    found = self._label_at(norm, label, tolerance)
                    if found is not None and (not at_start or opens_line(norm, found[0])):
                        break
                    found = None
                if found is not None:
                    found_lines.append((i, found[0], self.skip_alias(norm, found[1], ordered)))
                    break
        # A label inside a word (学制 in 云南财经大学制药工程) is a weak match: lines where the label
        # opens the line or is followed by a colon, a digit or nothing come first.
        return sorted(found_lines, key=lambda f: self._inside_word(self.lines[f[0]][2], f[1], f[2]))

    @staticmethod
    def _inside_word(norm: str, start: int, end: int) -> bool:
        if start <= 1 or end >= len(norm):
            return False
        return not (norm[end] in _SEPARATORS or norm[end].isdigit() or norm[end].isspace())

    @classmethod
    def _in_sentence(cls, norm: str, start: int, end: int) -> bool:
        """Whether a label found at [start, end) is a word inside a sentence: inside a word on a
        line that carries a sentence's punctuation (本人符合所申报职称的申报条件，不属于…)."""
        return cls._inside_word(norm, start, end) and any(p in norm for p in _SENTENCE_MARKS)

    def after_label(
        self,
        labels: list[str],
        pattern: str | None = None,
        fuzzy: int = 80,
        stop_labels: list[str] | None = None,
        at_start: bool = False,
    ) -> Hit | None:
        """The text following any of `labels`; if `pattern` is given, its first match there.

        `at_start`: the label must open its line (a form label, not a word in running text).
        """
        regex = re.compile(pattern) if pattern else None
        stops = [nfkc(s) for s in (stop_labels or [])]
        for i, _start, label_end in self.label_lines(labels, fuzzy, at_start):
            page_no, line, norm = self.lines[i]
            rest = norm[label_end:].lstrip(_SEPARATORS)
            offset = len(norm) - len(rest)
            rest = self._cut(rest, line.text[self._norm_offsets(line.text, offset):], stops)
            if rest and self.is_label(rest):
                continue  # the next label follows at once: this label's cell is empty
            candidates: list[tuple[str, TextLine, int, int]] = []
            if rest:
                candidates.append((rest, line, offset, offset + len(rest)))
            neighbour = self._right_or_below(i)
            if neighbour is not None:
                n_line, n_norm = neighbour
                n_text = n_norm.lstrip(_SEPARATORS)
                n_off = len(n_norm) - len(n_text)
                n_text = self._cut(n_text, n_line.text[self._norm_offsets(n_line.text, n_off):], stops)
                candidates.append((n_text, n_line, n_off, n_off + len(n_text)))
            for text, src_line, start, end in candidates:
                value, s, e = text, start, end
                if regex is not None:
                    m = regex.search(text)
                    if not m:
                        continue
                    value = m.group(1) if m.groups() else m.group(0)
                    s, e = (start + m.start(1), start + m.end(1)) if m.groups() else (start + m.start(), start + m.end())
                if value:
                    raw_s, raw_e = self._norm_offsets(src_line.text, s), self._norm_offsets(src_line.text, e)
                    return Hit(text=value, bbox=sub_bbox(src_line, raw_s, raw_e), confidence=src_line.confidence, page=page_no, source=src_line.source)
        return None

    def _cut(self, value: str, raw: str, stops: list[str]) -> str:
        """A value up to the next label on its line: an explicit stop label anywhere after its
        start, or a known label standing as its own word in the raw text (OCR keeps the gap
        between grid cells: 学校名称 云南民族大学 专业 计算机 cuts at 专业, 民族 stays)."""
        for stop in stops:
            cut = value.find(stop)
            while cut > 0 and not self._stands_as_label(value, raw, stop, cut):
                cut = value.find(stop, cut + 1)
            if cut > 0:
                value = value[:cut]
        if self.known:
            for m in re.finditer(r"\S+", raw):
                if m.start() == 0:
                    continue
                if self.is_label(normalize(m.group(0))):
                    keep = len(nfkc(raw[: m.start()]))
                    if 0 < keep < len(value):
                        value = value[:keep]
                    break
        return value

    @staticmethod
    def _stands_as_label(value: str, raw: str, stop: str, at: int) -> bool:
        """Whether a stop label found inside a value is the next label, not a word of the value.
        A label of three characters or more is taken anywhere (性别 and 公民身份号码 glued to a
        name by OCR); a two-character one (专业, 级别, 民族) also occurs inside values
        (会计专业技术资格, 云南民族大学), so it ends a value only where it stands as a label: a
        separator or nothing after it, or a gap before it in the printed text."""
        if len(stop) >= 3:
            return True
        after = value[at + len(stop): at + len(stop) + 1]
        return not after or after in _SEPARATORS or after.isdigit() or re.search(r"\s" + re.escape(stop), nfkc_keep_spaces(raw)) is not None

    def _right_or_below(self, i: int) -> tuple[TextLine, str] | None:
        """The cell right of line i on its row, else the line below it; never another label."""
        page_no, line, _ = self.lines[i]
        same_row = [
            (ln, norm)
            for p, ln, norm in self.lines
            if p == page_no
            and ln is not line
            # OCR boxes of a label and its value may overlap a little: compare centres.
            and (ln.bbox.x0 + ln.bbox.x1) / 2 > line.bbox.x1
            and ln.bbox.x0 > (line.bbox.x0 + line.bbox.x1) / 2
            and abs(ln.bbox.cy - line.bbox.cy) < 0.6 * max(line.bbox.height, ln.bbox.height)
        ]
        if same_row:
            ln, norm = min(same_row, key=lambda item: item[0].bbox.x0)
            if not self.is_label(norm):
                return ln, norm
            # The next cell on the row is a label: the value is below (labels stacked over their
            # values), or nothing (an empty grid cell, whose line below is the next row's label).
        # Below: the nearest line under this one that overlaps it horizontally (a scan's row
        # neighbours can sort after it; they are not below).
        height = max(line.bbox.height, 0.005)
        below = [
            (ln, norm)
            for p, ln, norm in self.lines
            if p == page_no
            and ln is not line
            and ln.bbox.cy > line.bbox.y1
            and ln.bbox.y0 > line.bbox.cy  # a tall box beside the label (a QR code read as 器) is not below it
            and ln.bbox.y0 - line.bbox.y1 < 2.5 * height
            and min(ln.bbox.x1, line.bbox.x1) > max(ln.bbox.x0, line.bbox.x0)
        ]
        if below:
            ln, norm = min(below, key=lambda item: (item[0].bbox.y0, item[0].bbox.x0))
            if self.is_label(norm):
                return None
            return self._row_run(page_no, ln, norm)
        return None

    def _row_run(self, page_no: int, first: TextLine, norm: str, x_max: float | None = None) -> tuple[TextLine, str]:
        """`first` joined with the boxes that continue it on its row (OCR splits a value printed
        in groups, ABCD EFGH IJKL MNOP, into one box per group), up to `x_max` (a cell's right
        border: a box centred past it is the next cell's)."""
        row = sorted(
            (
                (ln, n)
                for p, ln, n in self.lines
                if p == page_no and ln is not first and ln.bbox.x0 > first.bbox.x0
                # touching, or overlapping a little (glyphs written by hand), never across half a box
                and first.bbox.x1 - ln.bbox.x0 <= max(0.005, 0.5 * min(first.bbox.x1 - first.bbox.x0, ln.bbox.x1 - ln.bbox.x0))
                and abs(ln.bbox.cy - first.bbox.cy) < 0.5 * max(first.bbox.height, ln.bbox.height)
            ),
            key=lambda item: item[0].bbox.x0,
        )
        line, text, x1 = first, norm, first.bbox.x1
        for ln, n in row:
            if ln.bbox.x0 - x1 > 1.5 * first.bbox.height or self.is_label(n):
                break
            if x_max is not None and (ln.bbox.x0 + ln.bbox.x1) / 2 > x_max:
                break
            text += n
            x1 = ln.bbox.x1
            line = TextLine(text=line.text + " " + ln.text, bbox=line.bbox.union(ln.bbox),
                            confidence=min(line.confidence, ln.confidence), source=line.source)
        return line, text

    def section(self, labels: list[str], boundaries: list[str]) -> list[tuple[int, TextLine, str]]:
        """The lines of a form section whose label cell carries one of `labels`.

        Section labels (`boundaries`, this one included) sit in their cells at the left of the
        form. Where the page's table rules are known (Page.rules) a section is its label's row,
        from the rule above the label to the rule below it (sections differ in height, and a
        label need not be centred in its row); on a side without a rule it runs halfway to the
        neighbouring label, the first and last sections taken as tall again as that half.
        The lines are in reading order.
        """
        bounds = self.section_bounds(labels, boundaries)
        if bounds is None:
            return []
        page_no, top, bottom = bounds
        return [item for item in self.lines if item[0] == page_no and top <= item[1].bbox.cy <= bottom]

    def section_rows(self, labels: list[str], boundaries: list[str]) -> list[Row]:
        """`section`'s visual rows (a date written by hand into a printed 年 月 日 reads whole)."""
        bounds = self.section_bounds(labels, boundaries)
        if bounds is None:
            return []
        page_no, top, bottom = bounds
        return [row for row in self.rows(page_no) if top <= row.bbox.cy <= bottom]

    def section_bounds(self, labels: list[str], boundaries: list[str]) -> tuple[int, float, float] | None:
        """(page, top, bottom) of `section`."""
        own = self._cells(self.label_lines(labels, at_start=True))
        if not own:
            return None
        i = own[0][0]
        page_no, line, _ = self.lines[i]
        cy = line.bbox.cy
        other_lines = [
            self.lines[j][1]
            for j, _, _ in self._cells(self.label_lines(boundaries, at_start=True))
            if self.lines[j][0] == page_no and self.lines[j][1] is not line
        ]
        others = [ln.bbox.cy for ln in other_lines]
        above = max((y for y in others if y < cy - line.bbox.height / 2), default=None)
        below = min((y for y in others if y > cy + line.bbox.height / 2), default=None)
        heading = self._heading_bounds(page_no, line, other_lines)
        if heading is not None:
            return page_no, *heading
        top = (above + cy) / 2 if above is not None else None
        bottom = (below + cy) / 2 if below is not None else None
        half = (cy - top) if top is not None else (bottom - cy) if bottom is not None else 0.1
        top = cy - half if top is None else top
        bottom = cy + half if bottom is None else bottom
        ruled_top, ruled_bottom = self._cell_rules(page_no, line, above, below)
        ruled = (top if ruled_top is None else ruled_top, bottom if ruled_bottom is None else ruled_bottom)
        # a row holding the label alone is a header row over its section's text: not the section
        if (ruled_top is not None or ruled_bottom is not None) and any(
                p == page_no and ln is not line and ruled[0] <= ln.bbox.cy <= ruled[1] and ln.bbox.x0 >= line.bbox.x1
                for p, ln, _ in self.lines):
            return page_no, ruled[0], ruled[1]
        return page_no, top, bottom

    def _heading_bounds(self, page_no: int, line: TextLine,
                        boundaries: list[TextLine]) -> tuple[float, float] | None:
        """(top, bottom) of a section whose label is a heading over its text: alone on its visual
        row, with the section's text under it (lines that start left of the label's right edge and
        run well past it), as a header row across a table (申报人承诺 centred over the pledge) or a
        heading on a letter (单位意见：). Such a section runs from the heading down to the next
        section's label (the page's end for the last), never up into the section above: a label
        in a cell at the left of its text is no heading (its text is beside it), and neither is a
        label standing one character a line (the characters under it are no wider than it).
        None when the label is no heading."""
        box = line.bbox
        width = box.x1 - box.x0
        tops = [b.bbox.y0 for b in boundaries if b.bbox.y0 > box.y1 - 0.25 * box.height]
        bottom = min(tops, default=1.0)
        row_band = (box.y0 + 0.25 * box.height, box.y1 - 0.25 * box.height)
        under = False
        for p, ln, _ in self.lines:
            if p != page_no or ln is line:
                continue
            b = ln.bbox
            if b.y0 < row_band[1] and b.y1 > row_band[0]:
                return None  # something beside the label on its row: a label cell, not a heading
            if box.y1 <= b.cy < bottom and b.x0 < box.x1 and b.x1 > box.x1 + width:
                under = True
        return (box.y0, bottom) if under else None

    def _cell_rules(self, page_no: int, line: TextLine, above: float | None,
                    below: float | None) -> tuple[float | None, float | None]:
        """The table rules (Page.rules) that close a section label's cell: the nearest rule above
        the label's top and below its bottom, among those crossing the label's middle; None for a
        side without one, or whose nearest rule lies past the neighbouring label's middle (a rule
        the page's image lost: the cell found would swallow the next section)."""
        rules = next((p.rules for p in self.pages if p.number == page_no), [])
        if not rules:
            return None, None
        cx, box = (line.bbox.x0 + line.bbox.x1) / 2, line.bbox
        # an OCR box overhangs its glyphs a little: a rule may cut its edge by a share of a glyph
        slack = 0.3 * min(box.height, box.x1 - box.x0)
        ys = [r.y_at(cx) for r in rules if r.x0 <= cx <= r.x1]
        top = max((y for y in ys if y <= box.y0 + slack), default=None)
        bottom = min((y for y in ys if y >= box.y1 - slack), default=None)
        if top is not None and above is not None and top < above:
            top = None
        if bottom is not None and below is not None and bottom > below:
            bottom = None
        return top, bottom

    def _cells(self, found: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """Of the lines that open with a section label, those that are the label's cell (the
        label alone, give or take a colon), when there are such: a section's text may open with
        the same words (本人承诺所提交的材料真实… in the 本人承诺 section)."""
        cells = [f for f in found if len(self.lines[f[0]][2].rstrip(_SEPARATORS)) <= f[2] + 1]
        return cells or found

    def hit(self, item: tuple[int, TextLine, str], start: int, end: int) -> Hit:
        """A Hit for characters [start, end) of a reader line's normalised text."""
        page_no, line, norm = item
        raw_s, raw_e = self._norm_offsets(line.text, start), self._norm_offsets(line.text, end)
        return Hit(text=norm[start:end], bbox=sub_bbox(line, raw_s, raw_e), confidence=line.confidence, page=page_no, source=line.source)

    def search(self, pattern: str) -> Hit | None:
        """The first match of `pattern` anywhere (group 1 if it has groups)."""
        regex = re.compile(pattern)
        for item in self.lines:
            m = regex.search(item[2])
            if m:
                return self.hit(item, *m.span(1 if m.groups() else 0))
        return None

    def match_text(self, pattern: str, sep: str = "") -> tuple[re.Match[str], Hit] | None:
        """The first match of `pattern` in the document's lines joined by `sep` (running text
        that wraps from line to line), with a Hit for its group 1 (or the whole match) whose
        box is that of the line where it starts."""
        regex = re.compile(pattern)
        starts, pos = [], 0
        for _, _, norm in self.lines:
            starts.append(pos)
            pos += len(norm) + len(sep)
        m = regex.search(sep.join(norm for _, _, norm in self.lines))
        if not m or not self.lines:
            return None
        group = 1 if m.groups() else 0
        s, e = m.span(group)
        k = max(0, bisect_right(starts, s) - 1)
        norm = self.lines[k][2]
        located = self.hit(self.lines[k], s - starts[k], min(e - starts[k], len(norm)))
        return m, Hit(text=m.group(group), bbox=located.bbox, confidence=located.confidence, page=located.page, source=located.source)

    def search_text(self, pattern: str, sep: str = "") -> Hit | None:
        """`match_text`'s Hit alone."""
        found = self.match_text(pattern, sep)
        return found[1] if found else None

    def search_all(self, pattern: str) -> list[Hit]:
        regex = re.compile(pattern)
        hits = []
        for page_no, line, norm in self.lines:
            for m in regex.finditer(norm):
                value = m.group(1) if m.groups() else m.group(0)
                hits.append(Hit(text=value, bbox=line.bbox, confidence=line.confidence, page=page_no, source=line.source))
        return hits

    # ------------------------------------------------------------------ candidates by geometry
    #
    # `after_label` above returns the first thing after the first label. The readers below gather
    # every candidate a label offers, in every direction, so that a caller can refuse one that has
    # not the shape of its field (a title, an instruction, the next label, an empty blank) and take
    # the next: `candidates` lists them, `read` takes the best that `accept` allows.

    def find_labels(self, labels: Iterable[str], fuzzy: int = 80, at_start: bool = False) -> list[LabelAt]:
        """Every line carrying one of `labels`: exactly (traditional forms folded, spaces ignored,
        split boxes joined at construction), else fuzzily (rapidfuzz ratio at the line's start),
        else as an OCR garble of one character (two for long labels) where no other known label
        is as close. Exact matches first; a label inside a word after one that opens its line."""
        ordered = sorted({nfkc(label) for label in labels if nfkc(label)}, key=len, reverse=True)
        key = (tuple(ordered), fuzzy, at_start)
        memo = self.__dict__.setdefault("_found_cache", {})
        if key in memo:
            return list(memo[key])
        found: list[LabelAt] = []
        for i, (_, _, norm) in enumerate(self.lines):
            at: tuple[int, int, str, bool] | None = None
            for tolerance in (0, fuzzy):
                for label in ordered:
                    span = self._label_at(norm, label, tolerance)
                    if span is not None and (not at_start or opens_line(norm, span[0])):
                        at = (span[0], span[1], label, norm[span[0]: span[1]] == label)
                        break
                if at is not None:
                    break
            if at is None:
                at = self._garbled_label(norm, ordered)
            if at is None:
                continue
            start, end, label, exact = at
            found.append(LabelAt(i, start, end, self.skip_alias(norm, skip_instruction(norm, end), ordered), label, exact))
        memo[key] = sorted(found, key=lambda f: (not f.exact, self._inside_word(self.lines[f.index][2], f.start, f.end)))
        return list(memo[key])

    def _garbled_label(self, norm: str, ordered: list[str]) -> tuple[int, int, str, bool] | None:
        """A label misread by a character or two at the start of a line (劳动者娃名 for 劳动者姓名),
        taken only where it is unambiguous: no other label of the form is as close and the line
        does not open with another label."""
        if len(norm) < 3 or not is_hanzi(norm[0]) or self._opening_labels(norm):
            return None
        extra = frozenset(ordered) - frozenset(self.known)
        cache = self.__dict__.setdefault("_garble_cache", {})
        key = (norm, extra)
        if key not in cache:
            cache[key] = self._closest_label(norm, set(self.known) | extra)
        best = cache[key]
        if best is None or best[1] not in ordered:
            return None
        return 0, best[0], best[1], False

    def _closest_label(self, norm: str, pool: set[str]) -> tuple[int, str] | None:
        """(length of the line's head, label) of the one label of `pool` within one edit (two for
        labels of eight characters or more) of the line's head; None when none or several are."""
        best: tuple[int, int, str] | None = None
        ties = 0
        head3 = set(norm[:3])
        for label in sorted(pool, key=len, reverse=True):
            if len(label) < 4 or not head3 & set(label[:3]):
                continue  # one edit keeps at least one of the first characters in place
            if label in norm:
                continue  # printed whole inside the line (按聘用岗位): a word there, no misread label
            limit = 1 if len(label) < 8 else 2
            for size in (len(label), len(label) - 1, len(label) + 1):
                head = norm[:size]
                if len(head) < size:
                    continue
                d = Levenshtein.distance(head, label, score_cutoff=limit)
                if d > limit or d == 0:
                    continue
                if best is None or d < best[0]:
                    best, ties = (d, size, label), 0
                elif d == best[0] and label != best[2]:
                    ties += 1
                break
        if best is None or ties:
            return None
        return best[1], best[2]

    def candidates(self, labels: Iterable[str], stop_labels: list[str] | None = None, at_start: bool = False,
                   fuzzy: int = 80) -> Iterator[Candidate]:
        """Every value candidate of every occurrence of `labels`, best first per occurrence: the rest
        of the label's line (`inline`), the nearest box to its right on the row (`right`), a box
        right of it slightly above or below its baseline (`handwriting`: a name or a date written
        over an underline, read as a box of its own), the line under it (`below`). Blanks are
        listed too (their `blank` is set): an underline or an empty cell says the field is empty
        there, and the reader then looks no further below (the line below is another field's)."""
        stops = [nfkc(s) for s in (stop_labels or [])]
        labels = list(labels)
        for at in self.find_labels(labels, fuzzy, at_start):
            factor = 1.0 if at.exact else ROUTE_FACTORS["fuzzy_label"]
            page_no, line, norm = self.lines[at.index]
            rest = norm[at.value_start:].lstrip(_SEPARATORS)
            offset = len(norm) - len(rest)
            if rest:
                # the value runs on into boxes that continue the label's line on its row (申报职称:农学 |
                # (助理级), a value written in pieces): they are the rest of it
                line, norm = self._row_run(page_no, line, norm)
                rest = norm[offset:]
            rest = self._cut(rest, line.text[self._norm_offsets(line.text, offset):], stops)
            if rest and self.is_label(rest):
                continue  # the next label follows at once: this label's cell is empty
            underlined = False
            if rest:
                cand = Candidate(rest, page_no, line, norm, offset, offset + len(rest), "inline", factor, at.label)
                underlined = cand.blank and bool(rest.strip())
                yield cand
            if self._in_sentence(norm, at.start, at.end):
                continue  # a word of running text (所申报职称的申报条件，…): nothing beside or under it is its value
            yield from self._right_of(at, stops, factor)
            if not underlined:
                below = self._below(at.index)
                if below is not None:
                    b_line, b_norm = below
                    text = b_norm.lstrip(_SEPARATORS)
                    b_off = len(b_norm) - len(text)
                    text = self._cut(text, b_line.text[self._norm_offsets(b_line.text, b_off):], stops)
                    if text:
                        yield Candidate(text, page_no, b_line, b_norm, b_off, b_off + len(text), "below", factor, at.label)

    def read(self, labels: Iterable[str], accept: Accept | None = None, pattern: str | None = None,
             stop_labels: list[str] | None = None, at_start: bool = False, fuzzy: int = 80) -> Candidate | None:
        """The best candidate of `labels` that `accept` allows (`read_ranked` without the rank)."""
        found = self.read_ranked(labels, accept, pattern, stop_labels, at_start, fuzzy)
        return found[0] if found else None

    def read_ranked(self, labels: Iterable[str], accept: Accept | None = None, pattern: str | None = None,
                    stop_labels: list[str] | None = None, at_start: bool = False,
                    fuzzy: int = 80) -> tuple[Candidate, float] | None:
        """The best candidate of `labels` that `accept` allows (and `pattern` matches: its group 1,
        or the whole match, becomes the value), with its rank. `accept(text)` returns None to
        refuse a candidate, or (rank, factor): the first candidate of rank 1 wins; else the one of
        the highest rank, its confidence multiplied by `factor` (a value whose shape is only
        doubtful is read less surely). Blanks are never taken."""
        regex = re.compile(pattern) if pattern else None
        fallback: tuple[float, Candidate] | None = None
        for cand in self.candidates(labels, stop_labels, at_start, fuzzy):
            if regex is not None:
                m = regex.search(cand.text)
                if not m:
                    continue
                g = 1 if m.groups() else 0
                cand = cand.narrowed(cand.start + m.start(g), cand.start + m.end(g))
            if cand.blank:
                continue
            verdict = accept(cand.text) if accept is not None else (1.0, 1.0)
            if verdict is None:
                continue
            rank, weight = verdict
            if rank >= 1.0:
                return cand.weighted(weight), rank
            if fallback is None or rank > fallback[0]:
                fallback = (rank, cand.weighted(weight))
        return (fallback[1], fallback[0]) if fallback else None

    def _right_of(self, at: LabelAt, stops: list[str], factor: float) -> Iterator[Candidate]:
        """The boxes right of a label's end on its row (`right`), or a little above or below it
        (`handwriting`): the nearest one, joined with the boxes that continue it; never a label,
        and never a box that sits nearer another label's row."""
        page_no, line, norm = self.lines[at.index]
        x_from = sub_bbox(line, 0, self._norm_offsets(line.text, at.value_start)).x1
        h = char_height(line)
        across = h * max(1.0, self._aspect.get(page_no, 1.0))  # a character's width, across the page
        zone = []
        for p, ln, n in self.lines:
            if p != page_no or ln is line or ln.bbox.x1 - ln.bbox.x0 <= 0:
                continue
            cx = (ln.bbox.x0 + ln.bbox.x1) / 2
            # the value's box may overlap the label's end a little (OCR boxes run over)
            if cx <= x_from + 0.2 * across or ln.bbox.x0 < x_from - 0.6 * across:
                continue
            oh = char_height(ln)
            dy = abs(ln.bbox.cy - line.bbox.cy)
            if dy < 0.6 * max(h, oh):
                zone.append((ln.bbox.x0, ln, n, "right"))
            elif (ln.bbox.y1 > line.bbox.y0 - 1.0 * h and ln.bbox.y0 < line.bbox.y1 + 0.5 * h and dy < 1.3 * max(h, oh)
                  # written on the label's line: its middle at most half a character under the
                  # label's foot (a dot-matrix overprint fed a little crooked sits that low; a value
                  # printed under its own label, in the next column, sits lower)
                  and ln.bbox.cy <= line.bbox.y1 + 0.5 * h
                  and not self._label_above(page_no, ln, line)):
                zone.append((ln.bbox.x0, ln, n, "handwriting"))
        zone.sort(key=lambda z: z[0])
        for _, ln, n, route in zone:
            if self.is_label(n):
                if route == "right":
                    return  # the next label on the row: this label's cell is empty
                continue
            if route == "handwriting" and (self._nearer_label(page_no, ln, line)
                                           or self._closest_label(n, self._known_set) is not None):
                continue  # another label's row, or a label OCR garbled (入字日期): never this one's value
            joined, j_norm = self._row_run(page_no, ln, n)
            text = j_norm.lstrip(_SEPARATORS)
            off = len(j_norm) - len(text)
            text = self._cut(text, joined.text[self._norm_offsets(joined.text, off):], stops)
            if text:
                yield Candidate(text, page_no, joined, j_norm, off, off + len(text), route,
                                factor * ROUTE_FACTORS[route], at.label)
            return

    def _label_above(self, page_no: int, box: TextLine, own: TextLine) -> bool:
        """Whether a label other than `own` stands right over `box` (the box is that label's value)."""
        h = char_height(box)
        for p, ln, n in self.lines:
            if p != page_no or ln is own or ln is box:
                continue
            if (ln.bbox.cy < box.bbox.cy and box.bbox.y0 - ln.bbox.y1 < 1.5 * h
                    and min(ln.bbox.x1, box.bbox.x1) - max(ln.bbox.x0, box.bbox.x0) > 0.3 * (box.bbox.x1 - box.bbox.x0)
                    and self.is_label(n)):
                return True
        return False

    def _nearer_label(self, page_no: int, box: TextLine, own: TextLine) -> bool:
        """Whether a line left of `box` sits nearer its row than `own` and carries a known label, or
        stands between `own` and the box (a label OCR garbled, 入字日期: the box is its value)."""
        mine = abs(box.bbox.cy - own.bbox.cy)
        level = 0.5 * char_height(own)
        for p, ln, n in self.lines:
            if p != page_no or ln is own or ln is box or ln.bbox.x1 > (box.bbox.x0 + box.bbox.x1) / 2:
                continue
            if ln.bbox.x1 <= own.bbox.x0 and abs(ln.bbox.cy - own.bbox.cy) < level:
                continue  # a label of an earlier column on the label's own row: the same row, not another
            if abs(ln.bbox.cy - box.bbox.cy) < mine and (any(n.startswith(k) for k in self.known)
                                                         or ln.bbox.x0 >= own.bbox.x1):
                return True
        return False

    def _below(self, i: int) -> tuple[TextLine, str] | None:
        """The nearest line under line i that overlaps it horizontally, joined with its row's
        continuation; None when that line is a label."""
        page_no, line, _ = self.lines[i]
        height = max(char_height(line), 0.005)
        below = [
            (ln, norm)
            for p, ln, norm in self.lines
            if p == page_no
            and ln is not line
            and ln.bbox.cy > line.bbox.y1
            and ln.bbox.y0 > line.bbox.cy
            and ln.bbox.y0 - line.bbox.y1 < 2.5 * height
            and min(ln.bbox.x1, line.bbox.x1) > max(ln.bbox.x0, line.bbox.x0)
        ]
        if not below:
            return None
        ln, norm = min(below, key=lambda item: (item[0].bbox.y0, item[0].bbox.x0))
        if self.is_label(norm):
            return None
        return self._row_run(page_no, ln, norm, self._column_right(i))

    def _column_right(self, i: int) -> float | None:
        """The right border of the column a label heads when another label stands right of it on
        its row (a header row: 姓名 | 性别 | 出生年月): half-way between them. A value under the
        label stops there (陈晖 under 姓名, 男 under 性别, printed on one row, are two cells)."""
        page_no, line, _ = self.lines[i]
        h = char_height(line)
        right = [ln for p, ln, n in self.lines
                 if p == page_no and ln is not line and ln.bbox.x0 >= line.bbox.x1 - 0.2 * h
                 and abs(ln.bbox.cy - line.bbox.cy) < 0.6 * max(h, char_height(ln))]
        if not right:
            return None
        nearest = min(right, key=lambda ln: ln.bbox.x0)
        if not self.is_label(normalize(nearest.text)):
            return None
        return (line.bbox.x1 + nearest.bbox.x0) / 2

    # ------------------------------------------------------------------ tables and rows

    def cell(self, row_labels: Iterable[str], col_labels: Iterable[str], stop_labels: list[str] | None = None) -> Iterator[Candidate]:
        """The value at the intersection of a row header (合同期限, at the left of its row) and a
        column header (起始日期, over its column): boxes inside the row header's band whose centre
        lies in the column's span (half-way to the neighbouring headers)."""
        stops = [nfkc(s) for s in (stop_labels or [])]
        rows_at = self.find_labels(row_labels)
        cols_at = self.find_labels(col_labels)
        for r_at in rows_at:
            rp, rline, _ = self.lines[r_at.index]
            band = (rline.bbox.y0 - 0.3 * char_height(rline), rline.bbox.y1 + 0.3 * char_height(rline))
            for c_at in cols_at:
                cp, cline, _ = self.lines[c_at.index]
                if cp != rp or cline is rline or cline.bbox.cy >= band[0]:
                    continue  # the column header heads the rows below it
                x0, x1 = self._column_span(c_at.index)
                inside = [
                    (ln, n) for p, ln, n in self.lines
                    if p == rp and ln is not rline and ln is not cline
                    and x0 <= (ln.bbox.x0 + ln.bbox.x1) / 2 <= x1
                    and band[0] <= ln.bbox.cy <= band[1] and not self.is_label(n)
                ]
                if not inside:
                    continue
                inside.sort(key=lambda item: item[0].bbox.x0)
                joined, text = inside[0]
                for ln, n in inside[1:]:
                    joined = TextLine(text=joined.text + " " + ln.text, bbox=joined.bbox.union(ln.bbox),
                                      confidence=min(joined.confidence, ln.confidence), source=joined.source)
                    text += n
                value = self._cut(text.lstrip(_SEPARATORS), joined.text, stops)
                off = len(text) - len(text.lstrip(_SEPARATORS))
                factor = (1.0 if r_at.exact and c_at.exact else ROUTE_FACTORS["fuzzy_label"]) * ROUTE_FACTORS["cell"]
                yield Candidate(value, rp, joined, text, off, off + len(value), "cell", factor, r_at.label)

    def _column_span(self, i: int) -> tuple[float, float]:
        """The horizontal span of the column a header line heads: half-way to the nearest header
        boxes left and right of it on its row (a cell is wider than its text)."""
        page_no, line, _ = self.lines[i]
        h = char_height(line)
        row = [ln for p, ln, _ in self.lines
               if p == page_no and ln is not line and abs(ln.bbox.cy - line.bbox.cy) < 0.6 * max(h, char_height(ln))]
        left = [ln.bbox.x1 for ln in row if ln.bbox.x1 <= line.bbox.x0 + 0.2 * h]
        right = [ln.bbox.x0 for ln in row if ln.bbox.x0 >= line.bbox.x1 - 0.2 * h]
        width = line.bbox.x1 - line.bbox.x0
        x0 = (max(left) + line.bbox.x0) / 2 if left else line.bbox.x0 - width
        x1 = (min(right) + line.bbox.x1) / 2 if right else line.bbox.x1 + width
        return x0, x1

    def _table_spans(self, heads: dict[str, int]) -> dict[str, tuple[float, float]]:
        """Each header's column span (`_column_span`), cut half-way to every other header of the table
        beside it: a two-line header (劳动合同期限 over 起始日期 | 终止日期, then 签订日期) puts headers on
        bands a row measure misses, and no column reaches over another's header."""
        boxes = {k: self.lines[i][1].bbox for k, i in heads.items()}
        spans = {}
        for k, i in heads.items():
            x0, x1 = self._column_span(i)
            b = boxes[k]
            for other, ob in boxes.items():
                if other == k:
                    continue
                if ob.x1 <= b.x0:
                    x0 = max(x0, (ob.x1 + b.x0) / 2)
                elif ob.x0 >= b.x1:
                    x1 = min(x1, (ob.x0 + b.x1) / 2)
            spans[k] = (x0, x1)
        return spans

    def table(self, columns: dict[str, list[str]], min_columns: int = 2,
              headers: Iterable[str] = ()) -> list[dict[str, Candidate]]:
        """A table with a header row of labels and one record per row below it (a roster): the
        first row that carries the labels of at least `min_columns` columns is the header; each
        visual row under it, down to a row of labels or a gap, is a record, its cells the boxes in
        each header's column span. `headers`: the other columns' labels such a table prints (序号,
        性别, 工作岗位, 本人签名), which are no values in its header row."""
        others = [nfkc(x) for x in headers]
        found: list[dict[str, Candidate]] = []
        for page in self.pages:
            heads: dict[str, int] = {}
            for name, labels in columns.items():
                for at in self.find_labels(labels):
                    if self.lines[at.index][0] == page.number and at.exact:
                        heads.setdefault(name, at.index)
                        break
            if len(heads) < min_columns:
                continue
            # the header row: the most populous band of header boxes
            anchor = max(heads.values(), key=lambda i: sum(
                abs(self.lines[j][1].bbox.cy - self.lines[i][1].bbox.cy) < char_height(self.lines[i][1]) for j in heads.values()))
            a_line = self.lines[anchor][1]
            heads = {k: i for k, i in heads.items()
                     if abs(self.lines[i][1].bbox.cy - a_line.bbox.cy) < 1.5 * char_height(a_line)}
            if len(heads) < min_columns:
                continue
            # a header row holds labels only (a grid row of label | value | label | value is no header)
            header_row = [n for p, ln, n in self.lines
                          if p == page.number and abs(ln.bbox.cy - a_line.bbox.cy) < 0.6 * max(char_height(a_line), char_height(ln))]
            values = [n for n in header_row if not self.is_label(n) and not any(n.startswith(nfkc(x)) for ls in columns.values() for x in ls)
                      and not any(n.startswith(x) for x in others)]
            if len(values) > max(0, len(header_row) // 4):
                continue
            spans = self._table_spans(heads)
            header_bottom = max(self.lines[i][1].bbox.y1 for i in heads.values())
            h = char_height(a_line)
            body = [(ln, n) for p, ln, n in self.lines if p == page.number and ln.bbox.y0 > header_bottom - 0.2 * h]
            records: list[dict[str, Candidate]] = []
            for band in visual_rows([ln for ln, _ in body]):
                if records and band[0].bbox.y0 - last_bottom > 3.0 * h:
                    break
                norms = {id(ln): n for ln, n in body}
                cells = [(ln, norms[id(ln)]) for ln in band]
                if any(self.is_label(n) for _, n in cells) and not records:
                    continue  # a second header line (合同期限 over 起 and 止)
                if any(self.is_label(n) for _, n in cells):
                    break
                record: dict[str, Candidate] = {}
                for name, (x0, x1) in spans.items():
                    inside = sorted((c for c in cells if x0 <= (c[0].bbox.x0 + c[0].bbox.x1) / 2 <= x1), key=lambda c: c[0].bbox.x0)
                    if not inside:
                        continue
                    joined, text = inside[0]
                    for ln, n in inside[1:]:
                        joined = TextLine(text=joined.text + " " + ln.text, bbox=joined.bbox.union(ln.bbox),
                                          confidence=min(joined.confidence, ln.confidence), source=joined.source)
                        text += n
                    record[name] = Candidate(text, page.number, joined, text, 0, len(text), "cell", ROUTE_FACTORS["cell"], name)
                if not record:
                    break
                records.append(record)
                last_bottom = max(ln.bbox.y1 for ln in band)
            # a table printed over several pages repeats its header on each (an export's 打印标题):
            # each page's rows are read under its own header, all of them the one table's
            found.extend(records)
        return found
        return []

    def rows(self, page_no: int | None = None) -> list[Row]:
        """The pages' text as visual rows (every box on one horizontal band, left to right), boxes
        split at their inner gaps: a date written by hand into a printed 年　月　日, read as a box
        per number beside the printed box, reads as one date on its row."""
        out: list[Row] = []
        for page in self.pages:
            if page_no is not None and page.number != page_no:
                continue
            if page.number not in self._rows:
                lines = [ln for p, ln, _ in self.lines if p == page.number]
                aspect = page.height / page.width if page.width and page.height else 1.0
                # a two-up sheet's pages are rowed apart: the left page's line and the right
                # page's line level with it are no one row (a term wrapping onto its next line)
                sides = sorted({self._panel.get(id(ln), 0) for ln in lines})
                self._rows[page.number] = [row for k in sides for row in build_rows(
                    page.number, [ln for ln in lines if self._panel.get(id(ln), 0) == k], aspect)]
            out += self._rows[page.number]
        return out


# --------------------------------------------------------------------------- candidates, rows

# How much a route lowers a reading's confidence (pipeline/values/certainty.py calls an OCR value certain
# only at >= 0.90): a value beside an exactly read label keeps the engine's own figure; one found
# by a weaker route carries less, so that it is never certain on its own reading.
ROUTE_FACTORS: dict[str, float] = {
    "inline": 1.0,  # the rest of the label's line
    "right": 1.0,  # the next box on the label's row
    "below": 1.0,  # the box under the label
    "cell": 0.97,  # a table cell found by its row and column headers
    "handwriting": 0.95,  # a box off the label's baseline (written over an underline)
    "fuzzy_label": 0.9,  # anchored by a label read only approximately
    "checkbox_inferred": 0.85,  # the option left without a box when OCR lost the tick
    "position": 0.88,  # no label at all: where the value stands on the form
}

Accept = Callable[[str], "tuple[float, float] | None"]


@dataclass(frozen=True)
class LabelAt:
    """A label found on a line: where it is, where its value may start (after an instruction such
    as （签字并按手印）), which label, and whether it was read exactly."""

    index: int
    start: int
    end: int
    value_start: int
    label: str
    exact: bool


@dataclass(frozen=True)
class Candidate:
    """A value candidate: characters [start, end) of `norm` (the normalised text of `line`)."""

    text: str
    page: int
    line: TextLine
    norm: str
    start: int
    end: int
    route: str
    factor: float
    label: str

    @property
    def blank(self) -> bool:
        from preaudit.pipeline.values.shapes import is_blank

        return is_blank(self.text)

    @property
    def hit(self) -> Hit:
        raw = self.line.text

        def raw_offset(k: int) -> int:
            count = 0
            for i, ch in enumerate(raw):
                if count >= k:
                    return i
                count += len(normalize(ch))
            return len(raw)

        return Hit(text=self.text, bbox=sub_bbox(self.line, raw_offset(self.start), raw_offset(self.end)),
                   confidence=round(self.line.confidence * self.factor, 4), page=self.page, source=self.line.source)

    def narrowed(self, start: int, end: int) -> Candidate:
        return Candidate(self.norm[start:end], self.page, self.line, self.norm, start, end, self.route, self.factor, self.label)

    def weighted(self, weight: float) -> Candidate:
        if weight == 1.0:
            return self
        return Candidate(self.text, self.page, self.line, self.norm, self.start, self.end, self.route, self.factor * weight, self.label)


def is_hanzi(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


# what may stand before a label that opens its line: a tick box, a bullet, a required-field mark
_LEADS = "口囗□☐■●○•·*※"


# a section's number before its heading (二、合同期限, (二)合同期限, 2.合同期限); a clause's (第二条) opens
# running text, never a label's line
_ENUMERATOR = re.compile(r"(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十\d]{1,3}\)、?|\d{1,2}[.、])")


def opens_line(norm: str, start: int) -> bool:
    """Whether a label found at `start` opens its line: at its start, after one mark that is no
    part of a word (a label after a word's first character, 按聘用岗位, is a word of a value), or
    after the number of its section (二、合同期限)."""
    if start == 0 or (start == 1 and (not is_hanzi(norm[0]) or norm[0] in _LEADS)):
        return True
    m = _ENUMERATOR.match(norm)
    return m is not None and m.end() == start


def char_height(line: TextLine) -> float:
    """The height of one line of characters in a box (a label cell merged over two lines is twice
    as tall as its characters)."""
    h = line.bbox.y1 - line.bbox.y0
    w = line.bbox.x1 - line.bbox.x0
    n = max(1, len(nfkc(line.text)))
    if n >= 2 and h > 1.6 * w / n and h > 0:
        # taller than one line of its characters: a stacked cell (合同 over 期限, or a label set
        # one character a line); r rows of c square characters of size s: w*h = n*s*s
        return min(h, (w * h / n) ** 0.5)
    return h


@lru_cache(maxsize=1)
def _instruction_words() -> tuple[str, ...]:
    from preaudit.pipeline.values.shapes import vocabulary

    return tuple(sorted(vocabulary().get("instruction_words") or [], key=len, reverse=True))


def instruction_only(text: str) -> bool:
    """Whether `text` is made of form instructions alone (签字并按手印, 盖章, 本人签名)."""
    t = nfkc(text).strip("()[]【】:：")
    if not t:
        return False
    from preaudit.pipeline.values.shapes import vocabulary

    if t.startswith(tuple(vocabulary().get("instruction_openers") or ())):
        return True
    for word in _instruction_words():
        t = t.replace(word, "")
    return len(t.strip("并及和或与/、,，()")) == 0


def skip_instruction(norm: str, end: int) -> int:
    """Where a label's value starts: after an instruction printed with the label, in brackets
    (承诺人（签字并按手印）：) or before its colon (承诺人签字并按手印：)."""
    rest = norm[end:]
    m = re.match(r"[(\[【]([^()\[\]【】]{1,14})[)\]】]", rest)
    if m and instruction_only(m.group(1)):
        return end + m.end()
    # a note in brackets between the label and its colon says what the blank holds (申报职称（专业+
    # 级别）：): part of the label, never the value, whatever its words
    m = re.match(r"[(\[【]([^()\[\]【】\d]{1,10})[)\]】]\s*(?=[:：])", rest)
    if m:
        return end + m.end()
    m = re.match(r"([^:：\d()]{1,10})(?=[:：])", rest)
    if m and instruction_only(m.group(1)):
        return end + m.end()
    # the same note ending the label's cell, no colon after it (申报职称（专业+级别） | 农学助理级 in the
    # next cell): part of the label where its words only name fields (专业, 级别), never the value
    m = re.match(r"[(\[【]([^()\[\]【】\d]{1,10})[)\]】]\s*$", rest)
    if m and field_names_only(m.group(1)):
        return end + m.end()
    return end


def field_names_only(text: str) -> bool:
    """Whether `text` only names fields (专业+级别, 系列/专业, 单位全称): a note saying what a blank holds."""
    from preaudit.pipeline.values.shapes import vocabulary

    t = nfkc(text)
    for word in sorted(vocabulary().get("note_field_words") or [], key=len, reverse=True):
        t = t.replace(word, "")
    return len(t) < len(nfkc(text)) and len(t.strip("+＋并及和或与/、,， ")) == 0


# box and tick glyphs OCR reads into the wide gap of a spread label (姓　　名 read 姓☑名)
GAP_GLYPHS = "☑☐□■☒✓✔√⊠▣●◉×✗✘"


def drop_gap_glyphs(lines: list[TextLine], known: list[str]) -> list[TextLine]:
    """A spread label's gap that OCR read as a box glyph (姓　　名 as 姓☑名), turned back into a
    space: only where the label appears once the glyph is gone, so a tick before an option (☑非公经济
    组织) stays, and where a short line is, without it, a piece of a label set a character a line (意☑见 under
    单位审核). A glyph opening a piece of a split label (姓 | ☑名) is left to merge_split_labels."""
    out = []
    for ln in lines:
        text = ln.text
        for i, ch in enumerate(ln.text):
            if ch not in GAP_GLYPHS:
                continue
            spaced = text[:i] + " " + text[i + 1:]
            before, after = normalize(text), normalize(spaced)
            # the label whole across the gap, or the line a piece of one set a character a line in a
            # tall cell (单位审核 over 意☑见): merge_split_labels joins the pieces
            whole = any(k in after and k not in before for k in known if len(k) >= 2)
            piece = 2 <= len(after) <= 6 and not (set(after) & set(GAP_GLYPHS)) and any(
                after in k and after != k for k in known)
            if whole or piece:
                text = spaced
        out.append(ln if text == ln.text else ln.model_copy(update={"text": text}))
    return out


def merge_split_labels(lines: list[TextLine], known: list[str], aspect: float = 1.0) -> list[TextLine]:
    """A label OCR read as two boxes, side by side (姓　　名 with a wide gap, 用人 | 单位名称) or
    stacked in a narrow cell (合同 over 期限), joined into one line. Only where the pieces
    together begin with a known label and the first piece alone is no label. `aspect`: the page's
    height over its width; a gap across is measured in characters as wide as they are tall (on a
    portrait page a character's height is `aspect` times its share of the width)."""
    known_set = set(known)
    out = list(lines)
    changed = True
    while changed:
        changed = False
        norms = [normalize(ln.text) for ln in out]
        for a_i, a in enumerate(out):
            an = norms[a_i].rstrip(_SEPARATORS)
            if not an or len(an) > 8:
                continue
            prefixes = [k for k in known if k.startswith(an) and len(k) > len(an)]
            if an in known_set:
                # a label in its own right (所在单位) joins only the piece that completes a longer
                # label exactly (所在单位 over 审核意见)
                prefixes = [k for k in prefixes if any(normalize(b.text).rstrip(_SEPARATORS) == k[len(an):] for b in out)]
            if not prefixes:
                continue
            ha = char_height(a)
            best: tuple[float, int] | None = None
            for b_i, b in enumerate(out):
                if b_i == a_i:
                    continue
                bn = norms[b_i].lstrip(GAP_GLYPHS)  # the gap read as a glyph before the piece (姓 | ☑名)
                b_piece = bn.rstrip(_SEPARATORS)
                if not b_piece or not any(bn.startswith(k[len(an):]) or k[len(an):].startswith(b_piece) for k in prefixes):
                    continue
                hb = char_height(b)
                h = max(ha, hb)
                across = h * max(1.0, aspect)  # a character's width as a share of the page's width
                side = (abs(a.bbox.cy - b.bbox.cy) < 0.5 * h and -0.3 * across <= b.bbox.x0 - a.bbox.x1 < 5 * across
                        and any(bn.startswith(k[len(an):]) or k[len(an):].startswith(b_piece) and len(b_piece) <= 6 for k in prefixes))
                overlap = min(a.bbox.x1, b.bbox.x1) - max(a.bbox.x0, b.bbox.x0)
                # stacked: the next piece of the label under this one, in the same column; a label
                # set one character a line in a tall narrow cell spreads its characters apart
                reach = 2.5 * h if len(b_piece) == 1 else 1.2 * h
                # (OCR's boxes of a vertical label's pieces may overlap by half a character: 单位意 over 见)
                stacked = (0 <= b.bbox.y0 - a.bbox.y1 + 0.5 * h < reach
                           and b.bbox.cy > a.bbox.y1
                           and overlap > 0.5 * min(a.bbox.x1 - a.bbox.x0, b.bbox.x1 - b.bbox.x0)
                           and len(b_piece) <= 6
                           and any(k[len(an):].startswith(b_piece) for k in prefixes))
                if side or stacked:
                    distance = abs(b.bbox.x0 - a.bbox.x1) if side else b.bbox.y0 - a.bbox.y1
                    if best is None or distance < best[0]:
                        best = (distance, b_i)
            if best is None:
                continue
            b = out[best[1]]
            b_text = b.text.lstrip(GAP_GLYPHS + " ")
            merged = TextLine(text=a.text + b_text if _stacked(a, b) else a.text + " " + b_text,
                              bbox=a.bbox.union(b.bbox), confidence=min(a.confidence, b.confidence), source=a.source)
            out = [ln for k, ln in enumerate(out) if k not in (a_i, best[1])] + [merged]
            changed = True
            break
    return out


def _stacked(a: TextLine, b: TextLine) -> bool:
    return b.bbox.y0 >= a.bbox.y1 - 0.5 * char_height(a) and b.bbox.cy > a.bbox.y1


@dataclass(frozen=True)
class Token:
    """A piece of a box: a run of characters without an inner gap, with its approximate box."""

    text: str  # normalised
    bbox: BBox
    confidence: float
    source: str


@dataclass(frozen=True)
class Row:
    """One visual row of a page: tokens left to right, their normalised texts joined."""

    page: int
    tokens: tuple[Token, ...]

    @property
    def text(self) -> str:
        return "".join(t.text for t in self.tokens)

    @property
    def bbox(self) -> BBox:
        box = self.tokens[0].bbox
        for t in self.tokens[1:]:
            box = box.union(t.bbox)
        return box

    def hit(self, start: int, end: int) -> Hit:
        """A Hit for characters [start, end) of the row's text: the union of the tokens they
        fall in, at the lowest confidence among them."""
        pos, chosen = 0, []
        for t in self.tokens:
            if pos < end and pos + len(t.text) > start:
                chosen.append(t)
            pos += len(t.text)
        chosen = chosen or [self.tokens[0]]
        box = chosen[0].bbox
        for t in chosen[1:]:
            box = box.union(t.bbox)
        return Hit(text=self.text[start:end], bbox=box, confidence=min(t.confidence for t in chosen),
                   page=self.page, source=chosen[0].source)

    def as_item(self) -> tuple[int, TextLine, str]:
        """The row as a reader line (page, line, normalised text) for code that reads lines."""
        conf = min(t.confidence for t in self.tokens)
        return self.page, TextLine(text=self.text, bbox=self.bbox, confidence=conf, source=self.tokens[0].source), self.text  # type: ignore[arg-type]


def _advance(ch: str, h: float) -> float:
    """The printed width of a character in a line of height h: a Han character or a full-width
    sign is about square, a Latin letter or digit about half as wide."""
    return h if unicodedata.east_asian_width(ch) in "WF" else 0.55 * h


def tokens_of(line: TextLine, aspect: float = 1.0) -> list[Token]:
    """A box split at its inner gaps (spaces in its text), each piece with its place in the box.
    Characters take their printed widths and the gaps the rest of the box (a printed
    ____年__月__日 to be written in has wide gaps that OCR reads as one space each), so that boxes
    written into the gaps fall in order among the pieces. `aspect`: the page's height over its
    width (boxes are page-relative, so a square character is `aspect` times as wide as tall)."""
    raw = line.text
    w = line.bbox.x1 - line.bbox.x0
    h = (line.bbox.y1 - line.bbox.y0) * aspect
    pieces = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", raw)]
    if not pieces:
        return []
    ink = sum(_advance(ch, h) for _, _, p in pieces for ch in p)
    gaps = len(pieces) - 1 + (1 if pieces[0][0] > 0 else 0) + (1 if pieces[-1][1] < len(raw) else 0)
    if gaps and ink < w:
        gap = (w - ink) / gaps
        scale = 1.0
    else:
        gap, scale = 0.0, w / max(ink, 1e-9)
    out = []
    x = line.bbox.x0 + (gap if pieces[0][0] > 0 else 0.0)
    for _, _, piece in pieces:
        width = sum(_advance(ch, h) for ch in piece) * scale
        text = normalize(piece)
        if text:
            out.append(Token(text, BBox(x0=x, y0=line.bbox.y0, x1=x + width, y1=line.bbox.y1), line.confidence, line.source))
        x += width + gap
    return out


def visual_rows(lines: list[TextLine]) -> list[list[TextLine]]:
    """Lines grouped into horizontal bands (top to bottom), each band left to right. A band is set
    by its first (highest) member; a line joins it when its centre lies inside the band or it
    overlaps the band by half its height. A box much taller than the page's lines (a merged cell,
    a seal's ring text) stands alone."""
    if not lines:
        return []
    heights = sorted(ln.bbox.y1 - ln.bbox.y0 for ln in lines)
    typical = heights[len(heights) // 2]
    bands: list[tuple[float, float, list[TextLine]]] = []
    alone: list[tuple[float, float, list[TextLine]]] = []
    for ln in sorted(lines, key=lambda x: x.bbox.cy):
        h = ln.bbox.y1 - ln.bbox.y0
        if h > 2.2 * typical:
            alone.append((ln.bbox.y0, ln.bbox.y1, [ln]))
            continue
        if bands:
            y0, y1, members = bands[-1]
            overlap = min(y1, ln.bbox.y1) - max(y0, ln.bbox.y0)
            if y0 <= ln.bbox.cy <= y1 or overlap >= 0.5 * min(h, y1 - y0):
                members.append(ln)
                continue
        bands.append((ln.bbox.y0, ln.bbox.y1, [ln]))
    ordered = sorted(bands + alone, key=lambda b: (b[0] + b[1]) / 2)
    return [sorted(m, key=lambda x: (x.bbox.x0 + x.bbox.x1) / 2) for _, _, m in ordered]


def build_rows(page_no: int, lines: list[TextLine], aspect: float = 1.0) -> list[Row]:
    out = []
    for band in visual_rows(lines):
        tokens = sorted((t for ln in band for t in tokens_of(ln, aspect)), key=lambda t: (t.bbox.x0 + t.bbox.x1) / 2)
        if tokens:
            out.append(Row(page_no, tuple(tokens)))
    return out
