"""Tick boxes a born-digital page draws as vectors, written into its text-layer lines.

An e-signing platform's form (or any PDF form flattened to drawings) draws a small square before
each option and fills the chosen one, or draws its tick as a path inside it: the text layer holds
the option names alone (事业单位 | 国有企业 | 非公经济组织 | 社会组织) and a text-layer page has no
image, so neither the boxes nor the choice can be seen by the readers. Here each square of the
text's own size standing just before a line is written into that line as the glyph a typed form
prints, ☑ where it is filled or holds a mark and □ where it is empty: the readers then read the row
as they read a typed one ("□事业单位 □国有企业 ☑非公经济组织 □社会组织"). A square that stands
before no line, or is no box of the line's size, changes nothing. The numbers are in
pipeline/intake/vectorboxes.yaml. Call under MUPDF_LOCK.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from preaudit.pipeline.model import BBox, TextLine

TICKED, EMPTY = "☑", "□"


@lru_cache(maxsize=1)
def _conf() -> dict[str, Any]:
    return yaml.safe_load(Path(__file__).with_name("vectorboxes.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class VectorBox:
    """A square drawn on the page (PDF points) and whether it is marked (filled, or a path inside)."""

    x0: float
    y0: float
    x1: float
    y1: float
    marked: bool


def _inked(colour: Any) -> bool:
    """A colour that shows on white paper (a white fill hides, it marks nothing)."""
    return colour is not None and len(colour) > 0 and min(colour) < float(_conf()["inked_below"])


def vector_boxes(drawings: list[dict]) -> list[VectorBox]:
    """The squares among a page's vector drawings (rulings.page_drawings) drawn at text size, each
    marked or not. None on a page with more drawing items than a form."""
    c = _conf()
    if sum(len(d.get("items", ())) for d in drawings) > int(c["max_items"]):
        return []
    lo, hi, aspect = float(c["min_side"]), float(c["max_side"]), float(c["max_aspect"])
    squares, others = [], []
    for d in drawings:
        items = d.get("items", ())
        # a path of rectangles alone may draw several boxes at once; any other path is one shape
        rects = [it[1] for it in items] if items and all(it[0] == "re" for it in items) else [d.get("rect")]
        outlined = _inked(d.get("color")) and "s" in (d.get("type") or "")
        shows = outlined or _inked(d.get("fill"))
        for r in rects:
            if r is None:
                continue
            w, h = r.width, r.height
            # a box is outlined: a square only filled is a bullet (■ before a heading) or a module
            # of a drawn QR code, and marks nothing
            if outlined and lo <= min(w, h) and max(w, h) <= hi and max(w, h) <= aspect * min(w, h):
                squares.append((r, _inked(d.get("fill"))))
            elif shows:
                others.append(r)
    def within(o: Any, r: Any) -> bool:
        return (o is not r and o.x0 >= r.x0 - 0.5 and o.x1 <= r.x1 + 0.5 and o.y0 >= r.y0 - 0.5
                and o.y1 <= r.y1 + 0.5 and (o.width < r.width - 0.5 or o.height < r.height - 0.5))

    def touching(o: Any, r: Any) -> bool:
        """Squares of one size side by side or stacked within half a side: cells of a grid or a
        pattern (a drawn QR code, a 方格稿纸), never tick boxes, which words stand between."""
        side = max(r.width, r.height)
        return (o is not r and abs(o.width - r.width) < 0.2 * side and abs(o.height - r.height) < 0.2 * side
                and max(o.x0 - r.x1, r.x0 - o.x1) < 0.5 * side and max(o.y0 - r.y1, r.y0 - o.y1) < 0.5 * side)

    # a square-ish tick or cross drawn inside a box is the box's mark, not a box of its own
    marks = [o for o, _ in squares if any(within(o, r) for r, _ in squares)]
    out = []
    for r, filled in squares:
        if any(r is m for m in marks) or any(touching(o, r) for o, _ in squares):
            continue
        inside = any(within(o, r) for o in others + marks)
        out.append(VectorBox(r.x0, r.y0, r.x1, r.y1, filled or inside))
    return out


def with_boxes(lines: list[TextLine], boxes: list[VectorBox], width: float, height: float) -> list[TextLine]:
    """The text-layer lines (page-relative boxes on a page of `width` x `height` points), each line
    that a box stands just before opened with the box's glyph and its box widened over it."""
    if not boxes or not lines:
        return lines
    c = _conf()
    out = list(lines)
    for b in boxes:
        bx0, by0, bx1, by1 = b.x0 / width, b.y0 / height, b.x1 / width, b.y1 / height
        best, gap_best = None, None
        for i, ln in enumerate(out):
            lb = ln.bbox
            lh = lb.y1 - lb.y0
            if lh <= 0 or not c["min_height_share"] * lh <= by1 - by0 <= c["max_height_share"] * lh:
                continue
            if min(by1, lb.y1) - max(by0, lb.y0) < 0.5 * min(by1 - by0, lh):
                continue
            gap = (lb.x0 - bx1) * width / (lh * height)  # in the line's heights
            if -float(c["overlap"]) <= gap <= float(c["max_gap"]) and (gap_best is None or gap < gap_best):
                best, gap_best = i, gap
        if best is None or out[best].text[:1] in (TICKED, EMPTY):
            continue
        ln = out[best]
        glyph = TICKED if b.marked else EMPTY
        box = BBox(x0=min(bx0, ln.bbox.x0), y0=min(by0, ln.bbox.y0), x1=ln.bbox.x1, y1=max(by1, ln.bbox.y1))
        out[best] = ln.model_copy(update={"text": glyph + ln.text, "bbox": box})
    return out
