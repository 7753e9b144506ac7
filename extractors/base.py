"""The extractor interface, the registry, and FieldReader: label-anchored reading of page lines.

An extractor is a pure function from the pages of one document to its fields. It never touches
files, the OCR engine or the policy. Anchor words and value patterns live in
`extractors/labels/<doc_type>.yaml`; OCR noise is absorbed by NFKC normalisation and by fuzzy
label matching (rapidfuzz), so `姓 名`, `姓名:` and `姓名：` all anchor the same field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
    or else the line just below.
    """

    def __init__(self, pages: list[Page]) -> None:
        self.pages = pages
        self.lines: list[tuple[int, TextLine, str]] = []
        for page in pages:
            for line in sorted(page.lines, key=lambda ln: (round(ln.bbox.cy, 3), ln.bbox.x0)):
                self.lines.append((page.number, line, nfkc(line.text)))

    @property
    def text(self) -> str:
        return "\n".join(norm for _, _, norm in self.lines)

    def _label_at(self, norm: str, label: str, fuzzy: int) -> tuple[int, int] | None:
        """Where `label` starts and ends in a normalised line (exact, else fuzzy at the start)."""
        idx = norm.find(label)
        if idx >= 0:
            return idx, idx + len(label)
        if fuzzy and len(norm) >= len(label) >= 2:
            head = norm[: len(label)]
            if fuzz.ratio(head, label) >= fuzzy:
                return 0, len(label)
        return None

    def _norm_offsets(self, raw: str, norm_end: int) -> int:
        """Map an offset in the normalised (space-free) text back to the raw line text."""
        count = 0
        for i, ch in enumerate(raw):
            if count >= norm_end:
                return i
            if nfkc(ch):
                count += len(nfkc(ch))
        return len(raw)

    def after_label(
        self,
        labels: list[str],
        pattern: str | None = None,
        fuzzy: int = 80,
        stop_labels: list[str] | None = None,
    ) -> Hit | None:
        """The text following any of `labels`; if `pattern` is given, its first match there."""
        regex = re.compile(pattern) if pattern else None
        stops = [nfkc(s) for s in (stop_labels or [])]
        ordered = sorted((nfkc(label) for label in labels), key=len, reverse=True)
        for i, (page_no, line, norm) in enumerate(self.lines):
            for label in ordered:
                found = self._label_at(norm, label, fuzzy)
                if found is None:
                    continue
                rest = norm[found[1]:].lstrip(_SEPARATORS)
                offset = len(norm) - len(rest)
                for stop in stops:
                    cut = rest.find(stop)
                    if cut > 0:
                        rest = rest[:cut]
                candidates: list[tuple[str, TextLine, int, int]] = []
                if rest:
                    candidates.append((rest, line, offset, offset + len(rest)))
                neighbour = self._right_or_below(i)
                if neighbour is not None:
                    n_line, n_norm = neighbour
                    candidates.append((n_norm.lstrip(_SEPARATORS), n_line, 0, len(n_norm)))
                for text, src_line, start, end in candidates:
                    value, s, e = text, start, end
                    if regex is not None:
                        m = regex.search(text)
                        if not m:
                            continue
                        value = m.group(1) if m.groups() else m.group(0)
                        s, e = start + m.start(), start + m.end()
                    if not value:
                        continue
                    raw_s = self._norm_offsets(src_line.text, s)
                    raw_e = self._norm_offsets(src_line.text, e)
                    return Hit(
                        text=value,
                        bbox=sub_bbox(src_line, raw_s, raw_e),
                        confidence=src_line.confidence,
                        page=page_no,
                        source=src_line.source,
                    )
                break  # one label per line: "有效期" must not re-match inside "有效期限"
        return None

    def _right_or_below(self, i: int) -> tuple[TextLine, str] | None:
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
            return min(same_row, key=lambda item: item[0].bbox.x0)
        if i + 1 < len(self.lines) and self.lines[i + 1][0] == page_no:
            nxt = self.lines[i + 1][1]
            if nxt.bbox.y0 - line.bbox.y1 < 2.5 * max(line.bbox.height, 0.005):
                return nxt, self.lines[i + 1][2]
        return None

    def search(self, pattern: str) -> Hit | None:
        """The first match of `pattern` anywhere (group 1 if it has groups)."""
        regex = re.compile(pattern)
        for page_no, line, norm in self.lines:
            m = regex.search(norm)
            if m:
                value = m.group(1) if m.groups() else m.group(0)
                s, e = (m.start(1), m.end(1)) if m.groups() else (m.start(), m.end())
                rs, re_ = self._norm_offsets(line.text, s), self._norm_offsets(line.text, e)
                return Hit(text=value, bbox=sub_bbox(line, rs, re_), confidence=line.confidence, page=page_no, source=line.source)
        return None

    def search_all(self, pattern: str) -> list[Hit]:
        regex = re.compile(pattern)
        hits = []
        for page_no, line, norm in self.lines:
            for m in regex.finditer(norm):
                value = m.group(1) if m.groups() else m.group(0)
                hits.append(Hit(text=value, bbox=line.bbox, confidence=line.confidence, page=page_no, source=line.source))
        return hits
