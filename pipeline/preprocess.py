"""Page images -> images ready for OCR (cv2 lives here).

The walking skeleton normalises resolution only: PP-OCRv6 reads best when a text line is tens of
pixels high, and gains nothing from 4000-pixel phone photos but time. Orientation, deskew,
perspective and seal suppression come with the accuracy issue.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

MAX_SIDE = 2400  # pixels; an A4 page at 200 dpi is 1654 x 2339
MIN_SIDE = 900  # an ID card photo smaller than this is upscaled


@dataclass(frozen=True)
class Prepared:
    image: np.ndarray
    variant: str  # part of the OCR cache key: a change here must not reuse old results


def prepare_for_ocr(image: np.ndarray) -> Prepared:
    """Resize so the long side is within [MIN_SIDE, MAX_SIDE]; boxes stay page-relative."""
    h, w = image.shape[:2]
    long_side = max(h, w)
    scale = 1.0
    if long_side > MAX_SIDE:
        scale = MAX_SIDE / long_side
    elif long_side < MIN_SIDE:
        scale = MIN_SIDE / long_side
    if scale != 1.0:
        interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
        image = cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=interp)
    return Prepared(image=image, variant=f"resize:{MIN_SIDE}-{MAX_SIDE}")
