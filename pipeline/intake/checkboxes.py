"""Tick boxes on the page image: which option of a row 「□事业单位 □国有企业 ☑非公经济组织」 is marked.

OCR often returns such a row as the bare option names: the recogniser drops the box glyphs, and a
tick drawn by hand is no character at all. The boxes are seen on the image instead:
- `find_boxes`: around the options' OCR line, squares of the text's size whose four sides are
  straight strokes (an opening keeps the sides of a box and drops the hooks of characters and the
  slant of a hand tick), each empty or marked by the ink inside it (a tick, a cross, a filled ■);
- `chosen_option`: the boxes lined up with the options read in the text. One box stands before
  each option, and between two boxes stand the first option's characters (as wide as a box each),
  so a square that leaves no room for them is a character that prints an enclosing square (国, 团),
  not a box. The marked box of the arrangement that fits best is the choice. A ticked box that
  was not seen is not guessed (a box lost where it touches its text leaves the same gap).

The numbers are in pipeline/intake/checkboxes.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from preaudit.pipeline.model import BBox


@lru_cache(maxsize=1)
def settings() -> dict[str, float]:
    return yaml.safe_load(Path(__file__).with_name("checkboxes.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Box:
    """A tick box in page coordinates (0–1) and whether something is marked in it."""

    x0: float
    y0: float
    x1: float
    y1: float
    marked: bool
    share: float  # ink inside the box (its sides set aside)


def find_boxes(image: Any, line: BBox, close: int = 3) -> list[Box]:
    """The tick boxes on the row of an OCR line (a little before it too: the recogniser drops the
    first box), left to right. `close`: the strokes are thickened by this many pixels to close a
    box's corners (1: not at all, where a low-resolution box stands a pixel or two from its text)."""
    import cv2

    if image is None or getattr(image, "ndim", 0) < 2:
        return []
    cfg = settings()
    h_img, w_img = image.shape[:2]
    lh = (line.y1 - line.y0) * h_img
    if lh < 6:
        return []
    pad_y = 0.35 * lh
    r0, r1 = max(0, int(line.y0 * h_img - pad_y)), min(h_img, int(line.y1 * h_img + pad_y))
    c0 = max(0, int(line.x0 * w_img - cfg["reach_left"] * lh))
    c1 = min(w_img, int(line.x1 * w_img + cfg["reach_right"] * lh))
    crop = image[r0:r1, c0:c1]
    if crop.size == 0:
        return []
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    k = max(3, int(round(cfg["stroke"] * lh)))
    strokes = cv2.bitwise_or(cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, k), np.uint8)),
                             cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((k, 1), np.uint8)))
    if close > 1:
        strokes = cv2.dilate(strokes, np.ones((close, close), np.uint8))
    contours, hierarchy = cv2.findContours(strokes, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    out: list[Box] = []
    for i, contour in enumerate(contours):
        if hierarchy[0][i][3] != -1:
            continue
        x, y, w, h = cv2.boundingRect(contour)
        if not (cfg["min_side"] * lh <= h <= cfg["max_side"] * lh and cfg["min_side"] * lh <= w <= cfg["max_side"] * lh):
            continue
        if not cfg["min_aspect"] <= w / h <= cfg["max_aspect"]:
            continue
        whole = float(np.count_nonzero(ink[y:y + h, x:x + w])) / (w * h)
        hollow = hierarchy[0][i][2] != -1
        if not hollow and whole < cfg["filled_share"]:
            continue
        m = max(1, int(round(cfg["inset"] * min(w, h))))
        inner = ink[y + m:y + h - m, x + m:x + w - m]
        share = float(np.count_nonzero(inner)) / inner.size if inner.size else 0.0
        out.append(Box(x0=(c0 + x) / w_img, y0=(r0 + y) / h_img, x1=(c0 + x + w) / w_img, y1=(r0 + y + h) / h_img,
                       marked=share >= cfg["marked_share"], share=round(share, 3)))
    out.sort(key=lambda b: b.x0)
    return out


def _fit(slots: list[tuple[float, float]], lengths: list[int], end: float, advance: float) -> float | None:
    """How far the boxes at `slots` (x0, x1; one per option, in order) are from leaving each
    option's characters the room they need before the next box (or the end of the text); None
    when one of them leaves too little."""
    min_room = settings()["min_room"]
    score = 0.0
    for j, (_x0, x1) in enumerate(slots):
        nxt = slots[j + 1][0] if j + 1 < len(slots) else end
        room, need = nxt - x1, lengths[j] * advance
        if room < min_room * need:
            return None
        score += abs(room - need) / advance
    return score


def read_row(image: Any, line: BBox, lengths: list[int]) -> tuple[int | None, str]:
    """`chosen_option` on the boxes of an OCR line's row, each closing of checkboxes.yaml tried in
    turn until the boxes line up with the options."""
    for close in settings()["close"]:
        index, how = chosen_option(_in_row(find_boxes(image, line, int(close)), line), lengths, line.x1)
        if how:
            return (index, how) if how != "lined" else (None, "")
    return None, ""


def _in_row(boxes: list[Box], line: BBox) -> list[Box]:
    """The boxes that may stand before the row's options: where the OCR line begins at an empty box
    (one starts within a box's width of its left edge; a character read as a square holds ink), a
    square ending before the line is a character of the label (性质's 质 read as a marked box), not
    the first option's box, which the line holds."""
    opening = [b for b in boxes if not b.marked and line.x0 - 0.25 * (b.x1 - b.x0) <= b.x0 <= line.x0 + 1.5 * (b.x1 - b.x0)]
    if not opening:
        return boxes
    return [b for b in boxes if b.x1 > line.x0]


def chosen_option(boxes: list[Box], lengths: list[int], end: float) -> tuple[int | None, str]:
    """Which option (its index among the options in reading order, `lengths` their characters)
    the boxes mark, and how: "ticked" (its box holds the mark), "lined" (the boxes line up with
    the options, but none or several are marked: no choice) or "" (the boxes do not line up with
    the options). `end`: where the options' text ends (x, page share)."""
    k = len(lengths)
    if k < 2 or not boxes:
        return None, ""
    empty = [b for b in boxes if not b.marked]
    marked = [b for b in boxes if b.marked]
    advance = float(np.median([b.x1 - b.x0 for b in (empty or boxes)]))
    if advance <= 0:
        return None, ""
    best: tuple[float, int | None] | None = None
    need = k - len(empty)
    if need >= 0:
        for chosen in combinations(marked, need):
            slots = sorted(empty + list(chosen), key=lambda b: b.x0)
            score = _fit([(b.x0, b.x1) for b in slots], lengths, end, advance)
            if score is None:
                continue
            picks = [j for j, b in enumerate(slots) if b.marked]
            pick = picks[0] if len(picks) == 1 else None
            if best is None or score < best[0]:
                best = (score, pick)
    if best is not None:  # the boxes line up: the one marked, else none ("lined": no other look)
        return (best[1], "ticked") if best[1] is not None else (None, "lined")
    # a ticked box not seen is not guessed from the gap it leaves: a box lost where it touches its
    # text leaves the same gap, and an empty box read as the choice would be a false finding
    return None, ""


# --------------------------------------------------------------------------- a circled option

def circled(image: Any, spans: list[tuple[float, float]], y0: float, y1: float) -> int | None:
    """Which option of a row a hand circled (a form that asks 请在相应选项上画○): the option whose
    span one ring encloses. A ring is a stroke wider than a character and about as tall as the
    text or taller, thin for its size (little ink in its box), once the table's straight rules are
    set aside; glyphs are smaller, rules are straight. `spans` are the options' x ranges and `y0`/`y1`
    the row's text, in page coordinates. None when no option or several are ringed, or a ring
    covers more than one option."""
    import cv2

    if image is None or getattr(image, "ndim", 0) < 2 or len(spans) < 2:
        return None
    cfg = settings()["circle"]
    h_img, w_img = image.shape[:2]
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    lh = (y1 - y0) * h_img
    if lh < 6:
        return None
    top = max(0, int((y0 - cfg["reach"] * (y1 - y0)) * h_img))
    bottom = min(h_img, int(np.ceil((y1 + cfg["reach"] * (y1 - y0)) * h_img)))
    band = (gray[top:bottom] < cfg["ink"]).astype(np.uint8)
    if image.ndim == 3:  # a red seal over the row is no hand's ring
        b, g, r = (image[top:bottom, :, c].astype(np.int16) for c in range(3))
        band &= ((r - np.maximum(g, b)) < cfg["red"]).astype(np.uint8)
    k = max(3, int(cfg["rule"] * lh))
    rules = cv2.morphologyEx(band, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    rules |= cv2.morphologyEx(band, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(band & (1 - rules), 8)
    ringed: set[int] = set()
    for x, _y, w, h, area in stats[1:count]:
        if not (w >= cfg["min_width"] * lh and cfg["min_height"] * lh <= h <= cfg["max_height"] * lh
                and area <= cfg["max_fill"] * w * h):
            continue
        inside = [_share(span, x / w_img, (x + w) / w_img) for span in spans]
        held = [i for i, share in enumerate(inside) if share >= cfg["encloses"]]
        if len(held) != 1 or any(share > cfg["grazes"] for i, share in enumerate(inside) if i != held[0]):
            return None  # a ring round two options, or one that cuts through another: no choice
        ringed.add(held[0])
    return ringed.pop() if len(ringed) == 1 else None


def _share(span: tuple[float, float], a: float, b: float) -> float:
    """How much of `span` lies between a and b."""
    width = span[1] - span[0]
    return max(0.0, min(span[1], b) - max(span[0], a)) / width if width > 0 else 0.0


# --------------------------------------------------------------------------- an option ticked on its words

def ticked_over(image: Any, spans: list[tuple[float, float]], y0: float, y1: float,
                above: list[tuple[float, float, float, float]] = ()) -> int | None:
    """Which option of a row a hand ticked on its words (a form that asks 在相应选项上打"√" and prints no
    box): a mark of about a character's size standing over the option, in the band just above the row's
    text and below a table's rule across the options, once the straight rules and a seal's red are set
    aside. Every mark in the band must lie over one and the same option; None when no mark is there, marks
    lie over more than one option or between them, one is a word or a blot, or a line read above the row
    (`above`: boxes of the page's lines, page coordinates) reaches into the band over the options: a mark
    cannot be told from its text. `spans` are the options' x ranges and `y0`/`y1` the row's text, in
    page coordinates."""
    import cv2

    if image is None or getattr(image, "ndim", 0) < 2 or len(spans) < 2:
        return None
    cfg = settings()["tick_over"]
    h_img, w_img = image.shape[:2]
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    lh = (y1 - y0) * h_img
    if lh < 6:
        return None
    top = max(0, int((y0 - cfg["reach"] * (y1 - y0)) * h_img))
    bottom = min(h_img, int((y0 + cfg["dip"] * (y1 - y0)) * h_img))
    if bottom - top < 4:
        return None
    band = (gray[top:bottom] < cfg["ink"]).astype(np.uint8)
    if image.ndim == 3:  # a red seal over the row is no hand's tick
        b, g, r = (image[top:bottom, :, c].astype(np.int16) for c in range(3))
        band &= ((r - np.maximum(g, b)) < cfg["red"]).astype(np.uint8)
    k = max(3, int(cfg["rule"] * lh))
    rules = cv2.morphologyEx(band, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    rules |= cv2.morphologyEx(band, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    # a table's rule across the options bounds the band: what stands over it is the row above's (a
    # scanned rule breaks up, so a row of ink over `rule_share` of the options' extent is one)
    c0, c1 = max(0, int(spans[0][0] * w_img)), min(w_img, int(np.ceil(spans[-1][1] * w_img)))
    ruled = np.flatnonzero(band[:, c0:c1].sum(axis=1) >= cfg["rule_share"] * (c1 - c0))
    band = band & (1 - rules)
    if ruled.size:
        band[:ruled.max() + 1] = 0
    start = (top + (ruled.max() + 1 if ruled.size else 0)) / h_img
    if any(by1 > start and bx1 > spans[0][0] and bx0 < spans[-1][1] for bx0, _by0, bx1, by1 in above):
        return None
    count, _, stats, _ = cv2.connectedComponentsWithStats(band, 8)
    over: set[int] = set()
    slack = cfg["slack"] * lh / w_img
    for x, y, w, h, area in stats[1:count]:
        mid = (x + w / 2) / w_img
        if not spans[0][0] - slack <= mid <= spans[-1][1] + slack:
            continue  # beside the options: another cell's
        if h < cfg["min_height"] * lh:
            continue  # flat: a speck, what is left of a rule, the tops of the row's own characters
        if w < cfg["min_width"] * lh:
            continue  # a piece of a cell's upright rule (too short in the band to be set aside as one)
        if w > cfg["max_width"] * lh or area > cfg["max_fill"] * w * h:
            return None  # a printed word or a solid blot: no tick
        held = [i for i, (a, b) in enumerate(spans) if a - slack <= mid <= b + slack]
        if len(held) != 1:
            return None
        over.add(held[0])
    return over.pop() if len(over) == 1 else None
