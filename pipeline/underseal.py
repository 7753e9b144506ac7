"""A second look under red seals: a unit stamps its seal over the date it signs, and the full-page
text detector often loses the characters a ring crosses even after the red ink is suppressed.

Each seal's area of the OCR image (seal ink already suppressed) is read once more on its own; a
line found there that the page reading lacks is added when it carries digits (dates, numbers:
the values a seal covers), so the seal's own ring text never enters as page text.
"""

from __future__ import annotations

import re

from pipeline.model import BBox, TextLine
from pipeline.ocr import OcrCache
from pipeline.preprocess import Prepared
from pipeline.seals import find_seals

MAX_SEALS = 3
MARGIN = 0.25  # of the seal's size, added around it: the date runs out of the ring
MIN_DIGITS = 4
OVERLAP = 0.3  # a new line overlapping a page line by this share of the smaller box is the same line
_DIGIT = re.compile(r"\d")


def read_under_seals(ocr: OcrCache, sha256: str, number: int, prepared: Prepared, lines: list[TextLine]) -> list[TextLine]:
    """`lines` plus the digit-bearing lines that only a reading of each seal's area finds."""
    h, w = prepared.image.shape[:2]
    added: list[TextLine] = []
    for i, seal in enumerate(find_seals(prepared.upright)[:MAX_SEALS]):
        b = seal.bbox
        mx, my = (b.x1 - b.x0) * MARGIN, (b.y1 - b.y0) * MARGIN
        x0, y0 = max(0.0, b.x0 - mx), max(0.0, b.y0 - my)
        x1, y1 = min(1.0, b.x1 + mx), min(1.0, b.y1 + my)
        c0, r0, c1, r1 = int(x0 * w), int(y0 * h), int(x1 * w), int(y1 * h)
        if c1 - c0 < 16 or r1 - r0 < 16:
            continue
        crop = prepared.image[r0:r1, c0:c1]
        variant = f"{prepared.variant}:under-seal:{i}:{c0},{r0},{c1},{r1}"
        for ln in ocr.read(sha256, number, crop, variant=variant):
            if len(_DIGIT.findall(ln.text)) < MIN_DIGITS:
                continue
            cw, ch = (c1 - c0) / w, (r1 - r0) / h
            box = BBox(x0=x0 + ln.bbox.x0 * cw, y0=y0 + ln.bbox.y0 * ch, x1=x0 + ln.bbox.x1 * cw, y1=y0 + ln.bbox.y1 * ch)
            if any(box.overlap_share(other.bbox) >= OVERLAP for other in lines + added):
                continue
            added.append(ln.model_copy(update={"bbox": box}))
    out = list(lines)
    for ln in added:  # each before the first page line that starts below it; the reading order stays
        at = next((k for k, other in enumerate(out) if other.bbox.y0 > ln.bbox.y0), len(out))
        out.insert(at, ln)
    return out
