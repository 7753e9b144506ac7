"""A page's horizontal table rules (ruled lines), from its image or its PDF vector drawings.

A form's section is the row of the table between two rules; where its label sits in that row is
the form designer's choice, so only the rules say how far a section reaches
(extractors/base.py FieldReader.section_bounds). The image is read in grey taken as the brightest
channel (a red or blue seal is light there, black ink stays dark), binarised adaptively (phone
light), thickened a little vertically (a page a degree or two askew), then opened with a long
horizontal kernel: text strokes and seal rings do not survive it, rules do. Each long thin
component is a rule; pieces of one rule are joined. The numbers are in rulings.yaml.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import yaml

from preaudit.pipeline.model import Rule


@lru_cache(maxsize=1)
def _conf() -> dict[str, Any]:
    return yaml.safe_load(Path(__file__).with_name("rulings.yaml").read_text(encoding="utf-8"))


def _grey(image: np.ndarray) -> np.ndarray:
    """Grey with coloured ink (seals, coloured print) light: the brightest channel."""
    if image.ndim == 3 and image.shape[2] >= 3:
        return image[:, :, :3].max(axis=2)
    return image if image.ndim == 2 else image[:, :, 0]


def image_rules(image: np.ndarray | None) -> list[Rule]:
    """The horizontal rules of a page image (BGR or grey), page-relative, top to bottom."""
    if image is None or image.size == 0 or min(image.shape[:2]) < 16:
        return []
    c = _conf()
    grey = _grey(image)
    h, w = grey.shape[:2]
    scale = min(1.0, c["work_width"] / w)
    if scale < 1.0:
        grey = cv2.resize(grey, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    grey = np.ascontiguousarray(grey, dtype=np.uint8)
    hh, ww = grey.shape
    block = max(3, int(c["block"] * ww) | 1)
    ink = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, c["offset"])
    ink = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (1, int(c["thicken"]))))
    length = max(3, int(c["open_length"] * ww))
    runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    pieces: list[Rule] = []
    for k in range(1, count):
        x, y, cw, ch, area = (int(v) for v in stats[k])
        if cw < c["min_length"] * ww / 2 or area / cw > c["max_thickness"] * ww:
            continue
        ys, xs = np.nonzero(labels[y:y + ch, x:x + cw] == k)
        edge = max(1, cw // 20)
        left, right = ys[xs < edge], ys[xs >= cw - edge]
        y0 = y + (float(left.mean()) if left.size else ch / 2)
        y1 = y + (float(right.mean()) if right.size else ch / 2)
        pieces.append(Rule(x0=x / ww, y0=(y0 + 0.5) / hh, x1=(x + cw) / ww, y1=(y1 + 0.5) / hh))
    return [r for r in join(pieces) if r.x1 - r.x0 >= c["min_length"]]


def join(pieces: list[Rule]) -> list[Rule]:
    """Pieces of one rule (cut by a seal, a fold, glare) joined, then sorted top to bottom."""
    c = _conf()
    out: list[Rule] = []
    for r in sorted(pieces, key=lambda r: r.x0):
        for i, o in enumerate(out):
            if r.x0 - o.x1 <= c["join_gap"] and o.x0 <= r.x0 and abs(o.y_at(r.x0) - r.y0) <= c["join_dy"]:
                out[i] = Rule(x0=o.x0, y0=o.y0, x1=max(o.x1, r.x1), y1=r.y1 if r.x1 > o.x1 else o.y1)
                break
        else:
            out.append(r)
    return sorted(out, key=lambda r: ((r.y0 + r.y1) / 2, r.x0))


def page_drawings(page: Any) -> list[dict]:
    """A PyMuPDF page's vector drawings, read once for its rules and its tick boxes (vectorboxes.py);
    none on a rotated page (not in the text layer's frame) or one whose drawings cannot be read.
    Call under MUPDF_LOCK."""
    if page.rotation:
        return []
    try:
        return page.get_drawings()
    except Exception:  # noqa: BLE001 - a page whose drawings cannot be read has none, not a crash
        return []


def pdf_rules(page: Any, drawings: list[dict] | None = None) -> list[Rule]:
    """The horizontal rules of a PyMuPDF page's vector drawings (a born-digital form read from its
    text layer, no image): thin horizontal strokes and thin filled rectangles, and the top and
    bottom edges of cell rectangles. Rotated pages give none (their drawings are not in the
    text layer's frame); call under MUPDF_LOCK."""
    c = _conf()
    rect = page.rect
    if page.rotation or rect.width <= 0 or rect.height <= 0:
        return []
    if drawings is None:
        drawings = page_drawings(page)
    if sum(len(d.get("items", ())) for d in drawings) > c["pdf_max_items"]:
        return []
    thin = c["pdf_max_thickness"]
    segments: list[tuple[float, float, float]] = []
    for d in drawings:
        for item in d.get("items", ()):
            if item[0] == "l":
                p, q = item[1], item[2]
                if abs(p.y - q.y) <= thin and abs(p.x - q.x) > 0:
                    segments.append(((p.y + q.y) / 2, min(p.x, q.x), max(p.x, q.x)))
            elif item[0] == "re":
                r = item[1]
                if r.height <= thin and _inked(d.get("fill")):
                    segments.append(((r.y0 + r.y1) / 2, r.x0, r.x1))
                elif r.height > thin and "s" in (d.get("type") or "") and _inked(d.get("color")):
                    segments += [(r.y0, r.x0, r.x1), (r.y1, r.x0, r.x1)]
    pieces = [Rule(x0=max(0.0, x0 / rect.width), y0=y / rect.height, x1=min(1.0, x1 / rect.width), y1=y / rect.height)
              for y, x0, x1 in segments if 0 <= y <= rect.height]
    return [r for r in join(pieces) if r.x1 - r.x0 >= c["min_length"]]


def _inked(colour: Any) -> bool:
    """A drawing colour that shows on white paper (white boxes hide things, they draw no rule)."""
    return colour is not None and len(colour) > 0 and min(colour) < 0.8
