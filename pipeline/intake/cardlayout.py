"""An ID card face placed on a page by where its printed words stand, where its outline is lost.

faces.find_cards finds a card by its edges; on a patterned background (a checked tablecloth, wood
grain) the card's edges run into the pattern's and no outline is found, though the page's reading
shows the card's words. Each face prints its words at fixed places (card_layout.yaml, the GA 450
layout): the affine map (or, with the words in one column, the rotation, scale and shift) that
carries those places onto the words as read places the card, and its outline (widened: a card photographed at an angle is foreshortened) is read on its
own like a found one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from preaudit.pipeline.model import TextLine
from preaudit.pipeline.values.text import nfkc


@lru_cache(maxsize=1)
def layout() -> dict[str, Any]:
    return yaml.safe_load(Path(__file__).with_name("card_layout.yaml").read_text(encoding="utf-8"))


def _word_centre(line: TextLine, word: str, w: int, h: int) -> tuple[float, float] | None:
    """The middle of `word` in a line (by its share of the line's characters), in page pixels."""
    text = nfkc(line.text)
    k = text.find(word)
    if k < 0 or not text:
        return None
    b = line.bbox
    x = b.x0 + (b.x1 - b.x0) * (k + len(word) / 2) / len(text)
    return x * w, (b.y0 + b.y1) / 2 * h


def _similarity(src: np.ndarray, dst: np.ndarray) -> np.ndarray | None:
    """The rotation, scale and shift (2x3) that carries `src` points onto `dst` best (least squares)."""
    rows, rhs = [], []
    for (u, v), (x, y) in zip(src, dst):
        rows += [[u, -v, 1, 0], [v, u, 0, 1]]
        rhs += [x, y]
    sol, *_ = np.linalg.lstsq(np.array(rows, float), np.array(rhs, float), rcond=None)
    a, b, tx, ty = sol
    if a * a + b * b <= 0:
        return None
    return np.array([[a, -b, tx], [b, a, ty]])


def _affine(src: np.ndarray, dst: np.ndarray) -> np.ndarray | None:
    """The affine map (2x3) that carries `src` points onto `dst` best (least squares)."""
    a = np.hstack([src, np.ones((len(src), 1))])
    sol, _, rank, _ = np.linalg.lstsq(a, dst, rcond=None)
    return sol.T if rank == 3 else None


def place_face(lines: list[TextLine], face: str, w: int, h: int) -> np.ndarray | None:
    """The outline (page pixels, tl tr br bl) of one card face placed by its words, or None."""
    cfg = layout()
    spots: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for word, mm in cfg["faces"][face].items():
        at = next((c for ln in lines if (c := _word_centre(ln, nfkc(word), w, h)) is not None), None)
        if at is not None:
            spots.append(((float(mm[0]), float(mm[1])), at))
    if len(spots) < int(cfg["min_words"]):
        return None
    src = np.array([s for s, _ in spots])
    if np.ptp(src[:, 0]) < cfg["min_spread_mm"] and np.ptp(src[:, 1]) < cfg["min_spread_mm"]:
        return None
    dst = np.array([d for _, d in spots])
    # words spread both ways (the back's titles over its labels) fix an affine map, which follows a
    # card seen at an angle (foreshortened across); else a rotation and a scale
    spread = min(np.ptp(src[:, 0]), np.ptp(src[:, 1])) >= cfg["min_spread_mm"] and len(spots) >= 3
    fit = _affine(src, dst) if spread else _similarity(src, dst)
    if fit is None:
        return None
    cw, ch = cfg["card_mm"]
    m = float(cfg["margin"])
    corners = np.array([[-m * cw, -m * ch, 1], [cw * (1 + m), -m * ch, 1], [cw * (1 + m), ch * (1 + m), 1],
                        [-m * cw, ch * (1 + m), 1]], float)
    quad = (fit @ corners.T).T
    width = float(np.linalg.norm(quad[1] - quad[0]))
    if width < float(cfg["min_width"]) * w * (1 + 2 * m):
        return None
    return quad.astype(np.float32)


def cards_by_layout(lines: list[TextLine], w: int, h: int) -> list[np.ndarray]:
    """The outlines of the card faces a page's reading shows, placed by their words."""
    return [q for face in layout()["faces"] if (q := place_face(lines, face, w, h)) is not None]
