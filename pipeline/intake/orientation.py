"""Quarter-turn page orientation, judged from what the OCR engine makes of the page.

PP-OCR reads a page turned 90° clockwise almost perfectly but with vertical line boxes (it turns
tall crops itself), a page turned 90° counter-clockwise as vertical garbage, and a page upside
down as horizontal garbage with low confidence. So one OCR pass tells which turn, if any, to
undo; only pages that need it are read a second time.

That diagnosis can miss (a card photographed at 90° has few, short lines; faint print reads
with low confidence however it is turned). So where the caller can say what a reading is worth
(`judge`: how well the text classifies as a document), a page that does not read as a document
confidently and is worth another look (card-shaped, read poorly, or sparse) is read in the other
quarter turns too, and the turn whose text classifies best wins. A page that reads upright,
clearly and at length, and is still no known document, is left alone: turning it would not help.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from preaudit.pipeline.model import TextLine
from preaudit.pipeline.intake.ocr import OcrCache
from preaudit.pipeline.intake.preprocess import Prepared, prepare_for_ocr

MIN_LINES = 3  # fewer lines than this (a photo, a blank page) say nothing about orientation
MIN_CHARS = 8  # nor do fewer characters: specks read as 。1电 on a portrait photo
GOOD_CONFIDENCE = 0.85
VERTICAL_SHARE = 0.5
# A reading is worth trying in the other quarter turns when it does not classify confidently and
# the page is card-shaped (85.6 x 54 mm: 1.585, a 1-inch photo is 1.4 and A4 1.414), or read poorly
# (low confidence, many vertical boxes), or sparse (a card carries some 60-100 characters).
CARD_ASPECT = (1.47, 1.75)
CLEAR_CONFIDENCE = 0.93
CLEAR_VERTICAL = 0.25
SPARSE_CHARS = 40
MIN_CHARS_TO_TURN = 4  # a photo (no text) is never turned
# The turn that undoes each diagnosis, as cv2.rotate codes, with its name in degrees clockwise.
UNDO = {
    "turned_cw": (cv2.ROTATE_90_COUNTERCLOCKWISE, 270),
    "turned_ccw": (cv2.ROTATE_90_CLOCKWISE, 90),
    "upside_down": (cv2.ROTATE_180, 180),
}


@dataclass(frozen=True)
class Quality:
    lines: int
    chars: int
    confidence: float  # character-weighted mean
    vertical: float  # share of multi-character lines whose box is taller than wide


def quality(lines: list[TextLine], width: int, height: int) -> Quality:
    chars = sum(len(ln.text) for ln in lines) or 1
    conf = sum(ln.confidence * len(ln.text) for ln in lines) / chars
    long_lines = [ln for ln in lines if len(ln.text) >= 2]
    vertical = sum(1 for ln in long_lines if ln.bbox.height * height > 1.2 * (ln.bbox.x1 - ln.bbox.x0) * width)
    return Quality(len(lines), sum(len(ln.text) for ln in lines), conf, vertical / len(long_lines) if long_lines else 0.0)


def diagnose(q: Quality) -> str | None:
    if q.lines < MIN_LINES or q.chars < MIN_CHARS:
        return None
    if q.vertical > VERTICAL_SHARE:
        return "turned_cw" if q.confidence >= GOOD_CONFIDENCE else "turned_ccw"
    if q.confidence < GOOD_CONFIDENCE:
        return "upside_down"
    return None


@dataclass(frozen=True)
class Verdict:
    """What a reading is worth as a document: `score` (higher is better) and whether it is
    `confident` enough that no other turn need be read."""

    score: float
    confident: bool


Judge = Callable[[list[TextLine]], Verdict]
_CODES = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def card_shaped(image: Any) -> bool:
    h, w = image.shape[:2]
    ratio = max(h, w) / max(1, min(h, w))
    return CARD_ASPECT[0] <= ratio <= CARD_ASPECT[1]


def worth_turning(q: Quality, image: Any) -> bool:
    """Whether a reading that is no confident document might be one in another quarter turn."""
    if q.chars < MIN_CHARS_TO_TURN and not card_shaped(image):
        return False
    return card_shaped(image) or q.confidence < CLEAR_CONFIDENCE or q.vertical > CLEAR_VERTICAL or q.chars < SPARSE_CHARS


def _read_turn(ocr: OcrCache, sha256: str, number: int, image: np.ndarray, degrees: int) -> tuple[list[TextLine], Prepared]:
    turned = image if degrees == 0 else cv2.rotate(image, _CODES[degrees])
    prepared = prepare_for_ocr(turned)
    variant = prepared.variant if degrees == 0 else f"{prepared.variant}:rot{degrees}"
    lines = ocr.read(sha256, number, prepared.image, variant=variant)
    if not lines and "perspective" in prepared.steps:
        # an outline taken for the page's that is not (a card's shadow and a speckled sill's edges
        # joined into one quadrilateral) warps the text away: the picture as it came is read instead
        whole = prepare_for_ocr(turned, outline=False)
        variant = whole.variant if degrees == 0 else f"{whole.variant}:rot{degrees}"
        lines = ocr.read(sha256, number, whole.image, variant=variant)
        if lines:
            return lines, whole
    return lines, prepared


def read_upright(
    ocr: OcrCache, sha256: str, number: int, image: np.ndarray, judge: Judge | None = None
) -> tuple[list[TextLine], Prepared, int]:
    """OCR lines of a page image after undoing any quarter turn; returns the lines, the prepared
    (upright) image they are relative to, and the clockwise degrees applied.

    `judge`: what a reading is worth as a document; with it, a page that does not read as one
    confidently is also read in the quarter turns not yet tried (when `worth_turning`)."""
    lines, prepared = _read_turn(ocr, sha256, number, image, 0)
    h, w = prepared.image.shape[:2]
    chosen = (lines, prepared, 0)
    readings = {0: (lines, prepared)}
    problem = diagnose(quality(lines, w, h))
    if problem is not None:
        code, degrees = UNDO[problem]
        turned_lines, turned = _read_turn(ocr, sha256, number, image, degrees)
        readings[degrees] = (turned_lines, turned)
        th, tw = turned.image.shape[:2]
        before, after = quality(lines, w, h), quality(turned_lines, tw, th)
        better = after.vertical <= VERTICAL_SHARE and (
            after.confidence >= before.confidence + 0.05 or (problem == "turned_cw" and after.confidence >= before.confidence - 0.03)
        )
        if better:
            chosen = (turned_lines, turned, degrees)
    if judge is None:
        return chosen

    def rank(reading: tuple[list[TextLine], Prepared, int], verdict: Verdict) -> tuple[bool, bool, float, float]:
        """A reading as a document first, then one standing upright (boxes level, not on their
        side: PP-OCR reads a turned card's vertical boxes well enough to classify, but its fields
        lie in columns), then its score, then its confidence."""
        rh, rw = reading[1].image.shape[:2]
        q = quality(reading[0], rw, rh)
        return verdict.score > 0, q.vertical <= VERTICAL_SHARE, verdict.score, q.confidence

    verdict = judge(chosen[0])
    ch, cw = chosen[1].image.shape[:2]
    q = quality(chosen[0], cw, ch)
    if (verdict.confident and q.vertical <= VERTICAL_SHARE) or q.chars < MIN_CHARS_TO_TURN:
        return chosen
    best_rank, best = rank(chosen, verdict), chosen
    if worth_turning(q, chosen[1].upright):
        best, best_rank = _turned(ocr, sha256, number, image, chosen, readings, judge, rank, best, best_rank)
    if judge(best[0]).confident:
        return best
    # Still no confident document: the detector may have lost the long lines of a large, soft page
    # (a sheet held up to the camera fills the frame: its text is big and blurred at the page's own
    # resolution, and only the short lines are found). The page is read once more at a coarser scale.
    coarse = _coarse(ocr, sha256, number, best)
    if coarse is not None:
        r = rank(coarse, judge(coarse[0]))
        if r > best_rank:
            best = coarse
    return best


# the long side a page is read at once more when no reading of it is a confident document (see
# read_upright); a page no larger than this times COARSE_MARGIN is not read again
COARSE_SIDE = 1400
COARSE_MARGIN = 1.2


def _coarse(ocr: OcrCache, sha256: str, number: int,
            reading: tuple[list[TextLine], Prepared, int]) -> tuple[list[TextLine], Prepared, int] | None:
    """A reading of the chosen turn's page at COARSE_SIDE: its boxes are shares of the page, so they
    hold for the page's own image."""
    lines, prepared, degrees = reading
    h, w = prepared.image.shape[:2]
    if max(h, w) <= COARSE_SIDE * COARSE_MARGIN:
        return None
    f = COARSE_SIDE / max(h, w)
    small = cv2.resize(prepared.image, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    variant = f"{prepared.variant}{'' if degrees == 0 else f':rot{degrees}'}:coarse{COARSE_SIDE}"
    return ocr.read(sha256, number, small, variant=variant), prepared, degrees


def _turned(ocr: OcrCache, sha256: str, number: int, image: np.ndarray,
            chosen: tuple[list[TextLine], Prepared, int], readings: dict, judge: Judge, rank: Callable,
            best: tuple[list[TextLine], Prepared, int], best_rank: Any) -> tuple[tuple[list[TextLine], Prepared, int], Any]:
    """The best of the quarter turns not yet chosen, as read_upright ranks them."""
    for degrees in (0, 90, 180, 270):
        if degrees == chosen[2]:
            continue
        if degrees in readings:
            turned_lines, turned = readings[degrees]
        else:
            turned_lines, turned = _read_turn(ocr, sha256, number, image, degrees)
        v = judge(turned_lines)
        candidate = (turned_lines, turned, degrees)
        r = rank(candidate, v)
        if r > best_rank:
            best_rank, best = r, candidate
        if v.confident and r[1]:
            break
    return best, best_rank
