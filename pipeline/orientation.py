"""Quarter-turn page orientation, judged from what the OCR engine makes of the page.

PP-OCR reads a page turned 90° clockwise almost perfectly but with vertical line boxes (it turns
tall crops itself), a page turned 90° counter-clockwise as vertical garbage, and a page upside
down as horizontal garbage with low confidence. So one OCR pass tells which turn, if any, to
undo; only pages that need it are read a second time.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.model import TextLine
from pipeline.ocr import OcrCache
from pipeline.preprocess import Prepared, prepare_for_ocr

MIN_LINES = 3  # fewer lines than this (a photo, a blank page) say nothing about orientation
MIN_CHARS = 8  # nor do fewer characters: specks read as 。1电 on a portrait photo
GOOD_CONFIDENCE = 0.85
VERTICAL_SHARE = 0.5
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


def read_upright(ocr: OcrCache, sha256: str, number: int, image: np.ndarray) -> tuple[list[TextLine], Prepared, int]:
    """OCR lines of a page image after undoing any quarter turn; returns the lines, the prepared
    (upright) image they are relative to, and the clockwise degrees applied."""
    prepared = prepare_for_ocr(image)
    h, w = prepared.image.shape[:2]
    lines = ocr.read(sha256, number, prepared.image, variant=prepared.variant)
    problem = diagnose(quality(lines, w, h))
    if problem is None:
        return lines, prepared, 0
    code, degrees = UNDO[problem]
    turned = prepare_for_ocr(cv2.rotate(image, code))
    th, tw = turned.image.shape[:2]
    turned_lines = ocr.read(sha256, number, turned.image, variant=f"{turned.variant}:rot{degrees}")
    before, after = quality(lines, w, h), quality(turned_lines, tw, th)
    better = after.vertical <= VERTICAL_SHARE and (
        after.confidence >= before.confidence + 0.05 or (problem == "turned_cw" and after.confidence >= before.confidence - 0.03)
    )
    if better:
        return turned_lines, turned, degrees
    return lines, prepared, 0
