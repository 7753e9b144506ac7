"""The extractor interface, the registry, and FieldReader: label-anchored reading of page lines.

An extractor is a pure function from the pages of one document to its fields. It never touches
files, the OCR engine or the policy. Anchor words and value patterns live in
`extractors/labels/<doc_type>.yaml`; OCR noise is absorbed by NFKC normalisation, by folding the
traditional forms OCR returns for simplified characters (labels/hanzi_variants.yaml: 黃 -> 黄), and
by fuzzy label matching (rapidfuzz), so `姓 名`, `姓名:` and `姓名：` all anchor the same field.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from pipeline.model import BBox, DocType, FieldValue, Page, TextLine
from pipeline.text import nfkc

Extractor = Callable[[list[Page]], dict[str, FieldValue]]
_REGISTRY: dict[DocType, Extractor] = {}
_LABEL_DIR = Path(__file__).with_name("labels")
_SEPARATORS = ":："


def register(doc_type: DocType) -> Callable[[Extractor], Extractor]:
    """Register the extractor of one document type (one per type)."""

    def wrap(fn: Extractor) -> Extractor:
        if doc_type in _REGISTRY:
            raise ValueError(f"extractor for {doc_type.value} registered twice")
        _REGISTRY[doc_type] = fn
        return fn

    return wrap


def extractor_for(doc_type: DocType) -> Extractor | None:
    import extractors.registry  # noqa: F401 - importing registers every extractor

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
        self.lines: list[tuple[int, TextLine, str]] = []
        for page in pages:
            for line in sorted(page.lines, key=lambda ln: (round(ln.bbox.cy, 3), ln.bbox.x0)):
                self.lines.append((page.number, line, normalize(line.text)))

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
            if any(norm.startswith(k) for k in self.known if k != label):
                return None  # the line starts with another label, not a misread of this one
            head = norm[: len(label)]
            if fuzz.ratio(head, label) >= fuzzy:
                return 0, len(label)
        return None

    def is_label(self, norm: str) -> bool:
        """Whether a cell's text is one of the form's labels rather than a value."""
        t = norm.strip(_SEPARATORS)
        for known in self.known:
            if t == known or (len(known) >= 3 and t.startswith(known)) or t.startswith(tuple(known + s for s in _SEPARATORS)):
                return True
        return False

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
                    if found is not None and (not at_start or found[0] <= 1):
                        break
                    found = None
                if found is not None:
                    found_lines.append((i, found[0], found[1]))
                    break
        # A label inside a word (学制 in 云南财经大学制药工程) is a weak match: lines where the label
        # opens the line or is followed by a colon, a digit or nothing come first.
        return sorted(found_lines, key=lambda f: self._inside_word(self.lines[f[0]][2], f[1], f[2]))

    @staticmethod
    def _inside_word(norm: str, start: int, end: int) -> bool:
        if start <= 1 or end >= len(norm):
            return False
        return not (norm[end] in _SEPARATORS or norm[end].isdigit() or norm[end].isspace())

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

    def _row_run(self, page_no: int, first: TextLine, norm: str) -> tuple[TextLine, str]:
        """`first` joined with the boxes that continue it on its row (OCR splits a value printed
        in groups, ABCD EFGH IJKL MNOP, into one box per group)."""
        row = sorted(
            (
                (ln, n)
                for p, ln, n in self.lines
                if p == page_no and ln is not first and ln.bbox.x0 >= first.bbox.x1 - 0.005
                and abs(ln.bbox.cy - first.bbox.cy) < 0.5 * max(first.bbox.height, ln.bbox.height)
            ),
            key=lambda item: item[0].bbox.x0,
        )
        line, text, x1 = first, norm, first.bbox.x1
        for ln, n in row:
            if ln.bbox.x0 - x1 > 1.5 * first.bbox.height or self.is_label(n):
                break
            text += n
            x1 = ln.bbox.x1
            line = TextLine(text=line.text + " " + ln.text, bbox=line.bbox.union(ln.bbox),
                            confidence=min(line.confidence, ln.confidence), source=line.source)
        return line, text

    def section(self, labels: list[str], boundaries: list[str]) -> list[tuple[int, TextLine, str]]:
        """The lines of a form section whose label cell carries one of `labels`.

        Section labels (`boundaries`, this one included) sit centred in their cells at the left
        of the form, so a section runs from halfway to the label above it to halfway to the
        label below it; the first and last sections are taken as tall again as that half.
        The lines are in reading order.
        """
        own = self._cells(self.label_lines(labels, at_start=True))
        if not own:
            return []
        i = own[0][0]
        page_no, line, _ = self.lines[i]
        cy = line.bbox.cy
        others = [
            self.lines[j][1].bbox.cy
            for j, _, _ in self._cells(self.label_lines(boundaries, at_start=True))
            if self.lines[j][0] == page_no and self.lines[j][1] is not line
        ]
        above = max((y for y in others if y < cy - line.bbox.height / 2), default=None)
        below = min((y for y in others if y > cy + line.bbox.height / 2), default=None)
        top = (above + cy) / 2 if above is not None else None
        bottom = (below + cy) / 2 if below is not None else None
        half = (cy - top) if top is not None else (bottom - cy) if bottom is not None else 0.1
        top = cy - half if top is None else top
        bottom = cy + half if bottom is None else bottom
        return [item for item in self.lines if item[0] == page_no and top <= item[1].bbox.cy <= bottom]

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
