"""Red seals (公章) on page images: found by colour and shape, their ring text unwrapped for OCR.

A seal is a red ring, round or oval, 3–5 cm across. We mask red in HSV, close the gaps between
the ring's characters, and keep contours whose ellipse fit is large enough, not too elongated and
hollow (a ring, not a red block or a line of red text). The text around the ring is unwrapped with
a polar transform into a straight strip that the OCR engine can read.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.model import BBox

MIN_DIAMETER = 0.12  # share of the page's shorter side: ~25 mm on A4 (unit seals are 38–42 mm;
# a red fingerprint (按手印) beside a signature is ~15 mm and must not count as a seal)
MAX_DIAMETER = 0.5
MAX_ASPECT = 1.8  # oval seals are up to ~4.5 x 3 cm
MIN_RED_SHARE = 0.04  # of the ellipse's area: a seal is hollow, but not empty
MAX_RED_SHARE = 0.75


@dataclass(frozen=True)
class Seal:
    bbox: BBox  # page-relative
    center: tuple[float, float]  # pixels
    axes: tuple[float, float]  # semi-axes, pixels
    red_share: float

    def to_json(self) -> dict:
        return {"bbox": self.bbox.as_list(), "red_share": round(self.red_share, 3)}


def red_mask(image: np.ndarray) -> np.ndarray:
    """Pixels that are clearly red (both ends of the hue circle), as 0/255."""
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    low = cv2.inRange(hsv, (0, 70, 70), (12, 255, 255))
    high = cv2.inRange(hsv, (160, 70, 70), (180, 255, 255))
    return cv2.bitwise_or(low, high)


def find_seals(image: np.ndarray) -> list[Seal]:
    """Red ring-shaped marks on a BGR page image, largest first."""
    if image is None or image.size == 0:
        return []
    h, w = image.shape[:2]
    short = min(h, w)
    mask = red_mask(image)
    if cv2.countNonZero(mask) < 0.0005 * h * w:
        return []
    k = max(3, int(short * 0.015)) | 1
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    seals: list[Seal] = []
    for contour in contours:
        if len(contour) < 5:
            continue
        (cx, cy), (d1, d2), _angle = cv2.fitEllipse(contour)
        big, small = max(d1, d2), min(d1, d2)
        if small <= 0 or not (MIN_DIAMETER * short <= big <= MAX_DIAMETER * short) or big / small > MAX_ASPECT:
            continue
        x, y, bw, bh = cv2.boundingRect(contour)
        ellipse_area = np.pi * (d1 / 2) * (d2 / 2)
        red_share = cv2.countNonZero(mask[y : y + bh, x : x + bw]) / max(ellipse_area, 1.0)
        if not (MIN_RED_SHARE <= red_share <= MAX_RED_SHARE):
            continue
        seals.append(
            Seal(
                bbox=BBox(x0=x / w, y0=y / h, x1=(x + bw) / w, y1=(y + bh) / h),
                center=(cx, cy),
                axes=(d1 / 2, d2 / 2),
                red_share=red_share,
            )
        )
    return sorted(seals, key=lambda s: -(s.axes[0] * s.axes[1]))


def unwrap_ring_text(image: np.ndarray, seal: Seal, copies: int = 2) -> np.ndarray:
    """The seal's outer ring as a straight strip (dark text on white), repeated so that text
    crossing the cut is whole at least once. Characters stand upright, reading left to right."""
    radius = max(seal.axes)
    mask = red_mask(image)
    size = int(radius * 2 * np.pi)
    # warpPolar: rows = angle (0..360 from +x, clockwise in image coordinates), cols = radius.
    polar = cv2.warpPolar(mask, (int(radius), size), seal.center, radius, cv2.WARP_POLAR_LINEAR)
    band = polar[:, int(radius * 0.55) : int(radius * 0.98)]
    # Rotate so the angle runs along x and the ring's outside is up: text then stands upright.
    strip = cv2.rotate(band, cv2.ROTATE_90_COUNTERCLOCKWISE)
    strip = np.concatenate([strip] * copies, axis=1)
    strip = cv2.bitwise_not(strip)
    pad = strip.shape[0] // 3
    strip = cv2.copyMakeBorder(strip, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    return cv2.cvtColor(strip, cv2.COLOR_GRAY2BGR)
