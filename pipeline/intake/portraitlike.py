"""Whether an image looks like a 1-inch ID photo (证件照), judged from what such a photo is.

003 Q23(2) asks for a head-and-shoulders photo on a plain backdrop. Whatever the backdrop colour,
the camera or the size, such a photo is: a backdrop of one colour along the top and the upper
sides; one figure standing out from it, roughly centred, cut by the bottom edge (the shoulders),
narrower at the top (the head) than at the bottom (the shoulders), covering a fair share of the
picture. A blank form, a card template, an empty page or a page of text has none of this: its
"figure" is thin strokes over a large white area. A print of a photo scanned again may carry a
paper margin around it: a uniform frame is trimmed first.

Thresholds live in pipeline/intake/classify.yaml (`photo.look`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

WORK_WIDTH = 160  # pixels: the judgement needs shapes, not detail


@dataclass(frozen=True)
class Look:
    photo: bool
    why: str


@dataclass(frozen=True)
class Backdrop:
    """A photo's backdrop: its colour (B, G, R median of the top and upper side strips), how much
    of those strips is that colour, and the colour's name (classify.yaml `photo.backdrop`), or
    None when the colour lies between the named ones."""

    bgr: tuple[int, int, int]
    plain: float
    name: str | None

    def to_json(self) -> dict:
        return {"bgr": list(self.bgr), "plain": round(self.plain, 3), "colour": self.name}


def _colour_distance(img: np.ndarray, colour: np.ndarray) -> np.ndarray:
    return np.abs(img.astype(np.int16) - colour.astype(np.int16)).max(axis=2)


def _trim_frame(img: np.ndarray, tolerance: int) -> np.ndarray:
    """Cut a margin (the paper around a printed photo, with a scanner's bed or a desk beyond its
    corners when tilted) off the image: the picture is what differs from the margin's colour and
    does not touch the image's edge."""
    h, w = img.shape[:2]
    ring = np.concatenate([img[0], img[-1], img[:, 0], img[:, -1]])
    frame = np.median(ring, axis=0)
    if np.mean(_colour_distance(ring[None], frame)[0] <= tolerance) < 0.4:
        return img  # no margin of one colour
    inside = (_colour_distance(img, frame) > tolerance).astype(np.uint8)
    inside = cv2.morphologyEx(inside, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(inside)
    best = None
    for i in range(1, count):
        x, y, bw, bh, area = stats[i]
        if x == 0 or y == 0 or x + bw >= w or y + bh >= h:
            continue  # touches the edge: the figure of an untrimmed photo, or the bed's corners
        if best is None or area > stats[best][4]:
            best = i
    if best is None:
        return img
    x, y, bw, bh, _ = stats[best]
    if bw * bh < 0.4 * h * w:
        return img
    # a tilted print: step in a little so that the corners of the margin stay out
    dy, dx = int(0.04 * bh), int(0.04 * bw)
    return img[y + dy:y + bh - dy, x + dx:x + bw - dx]


def judge(image: Any, spec: dict) -> Look:
    """Whether `image` (BGR) shows a head-and-shoulders figure on a plain backdrop."""
    if image is None or getattr(image, "ndim", 0) < 2:
        return Look(False, "no image")
    img = image if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    scale = WORK_WIDTH / img.shape[1]
    img = cv2.resize(img, (WORK_WIDTH, max(8, round(img.shape[0] * scale))), interpolation=cv2.INTER_AREA)
    img = cv2.GaussianBlur(img, (3, 3), 0)
    tol = int(spec.get("backdrop_tolerance", 40))
    trimmed = _trim_frame(img, tol)
    look = _judge(trimmed, spec, tol)
    if not look.photo and trimmed is not img:
        untrimmed = _judge(img, spec, tol)
        if untrimmed.photo:
            return untrimmed
    return look


def _strips(img: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the backdrop shows on any head-and-shoulders photo: the top strip and the upper
    part of both side strips (row and column indices)."""
    h, w = img.shape[:2]
    t, s = max(2, h // 16), max(2, w // 12)
    mask = np.zeros((h, w), bool)
    mask[:t] = True
    mask[: h // 2, :s] = True
    mask[: h // 2, w - s:] = True
    return np.nonzero(mask)


def backdrop(image: Any, spec: dict) -> Backdrop | None:
    """The backdrop of a photo (BGR image) with its colour named by `spec` (classify.yaml
    `photo`: `look` for the frame tolerance, `backdrop` for the colour names); None without an
    image. A print scanned again is trimmed of its paper margin first, as for the look."""
    if image is None or getattr(image, "ndim", 0) < 2:
        return None
    img = image if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    scale = WORK_WIDTH / img.shape[1]
    img = cv2.resize(img, (WORK_WIDTH, max(8, round(img.shape[0] * scale))), interpolation=cv2.INTER_AREA)
    img = cv2.GaussianBlur(img, (3, 3), 0)
    look = spec.get("look") or {}
    tol = int(look.get("backdrop_tolerance", 40))
    img = _trim_frame(img, tol)
    if img.shape[0] < 16 or img.shape[1] < 16:
        return None
    ys, xs = _strips(img)
    samples = img[ys, xs].astype(np.int16)
    median = np.median(samples, axis=0)
    plain = float(np.mean(np.abs(samples - median).max(axis=1) <= tol))
    bgr = tuple(int(round(v)) for v in median)
    return Backdrop(bgr, plain, colour_name(bgr, spec.get("backdrop") or {}))  # type: ignore[arg-type]


def colour_name(bgr: tuple[int, int, int], names: dict) -> str | None:
    """The name of a backdrop colour by hue, saturation and value (OpenCV's HSV: hue 0-179),
    from `names` (a name: {hue: [lo, hi], min_saturation, min_value, max_saturation}); the first
    that matches, None when none does (a colour between two names is not guessed)."""
    hsv = cv2.cvtColor(np.uint8([[list(bgr)]]), cv2.COLOR_BGR2HSV)[0, 0]
    hue, sat, val = int(hsv[0]), int(hsv[1]), int(hsv[2])
    for name, rule in names.items():
        lo, hi = rule.get("hue", [0, 179])
        in_hue = lo <= hue <= hi if lo <= hi else (hue >= lo or hue <= hi)  # red wraps round 0
        if (in_hue and sat >= int(rule.get("min_saturation", 0)) and sat <= int(rule.get("max_saturation", 255))
                and val >= int(rule.get("min_value", 0)) and val <= int(rule.get("max_value", 255))):
            return str(name)
    return None


def _judge(img: np.ndarray, spec: dict, tol: int) -> Look:
    h, w = img.shape[:2]
    if h < 16 or w < 16:
        return Look(False, "too small")
    # the backdrop: the top strip and the upper part of both side strips, as one colour that may
    # shade evenly across the picture (studio light, a gradient backdrop): a plane per channel
    ys, xs = _strips(img)
    samples = img[ys, xs].astype(np.float64)
    design = np.column_stack([np.ones(len(xs)), xs / w, ys / h])
    # one colour (its median), or an even shading (a plane fitted, refitted without the samples far off)
    flat = np.zeros((3, 3))
    flat[0] = np.median(samples, axis=0)
    coef, *_ = np.linalg.lstsq(design, samples, rcond=None)
    keep = np.abs(samples - design @ coef).max(axis=1) <= tol
    if keep.sum() >= 0.5 * len(keep):
        coef, *_ = np.linalg.lstsq(design[keep], samples[keep], rcond=None)
    plain, coef = max(((float(np.mean(np.abs(samples - design @ c).max(axis=1) <= tol)), i, c) for i, c in enumerate((flat, coef))),
                      key=lambda item: item[:2])[::2]
    if plain < float(spec.get("min_plain_backdrop", 0.75)):
        return Look(False, f"backdrop not plain ({plain:.2f})")
    gy, gx = np.mgrid[0:h, 0:w]
    backdrop = coef[0] + np.multiply.outer(gx / w, coef[1]) + np.multiply.outer(gy / h, coef[2])
    distance = np.abs(img.astype(np.float64) - backdrop).max(axis=2)
    # clothes close to the backdrop's colour (a white shirt on a white backdrop): the figure is
    # looked for again at a finer distance, the backdrop's shading being modelled
    look = _figure(distance > tol, spec)
    fine = float(spec.get("fine_tolerance", 16))
    if not look.photo and fine < tol:
        finer = _figure(distance > fine, spec)
        if finer.photo:
            return finer
    return look


def _lone_head(stat: np.ndarray, centroid: np.ndarray, w: int, h: int, spec: dict) -> bool:
    x, y, bw, bh, area = (int(v) for v in stat)
    lo, hi = spec.get("head_height", [0.3, 0.7])
    return (
        abs(centroid[0] / w - 0.5) <= float(spec.get("max_off_centre", 0.2))
        and y < 0.4 * h
        and lo * h <= bh <= hi * h
        and 0.25 * w <= bw <= 0.75 * w
        and 1.0 <= bh / max(1, bw) <= 2.5
        and area / max(1, bw * bh) >= float(spec.get("min_head_solidity", 0.6))
    )


def _figure(figure_mask: np.ndarray, spec: dict) -> Look:
    """Whether the largest thing standing out from the backdrop is a head and shoulders."""
    h, w = figure_mask.shape
    figure = figure_mask.astype(np.uint8)
    k = max(3, w // 40) | 1
    figure = cv2.morphologyEx(figure, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    figure = cv2.morphologyEx(figure, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(figure)
    if count < 2:
        return Look(False, "no figure")
    i = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    area = stats[i, cv2.CC_STAT_AREA] / (h * w)
    lo, hi = spec.get("figure_share", [0.12, 0.85])
    if not lo <= area <= hi:
        return Look(False, f"figure covers {area:.2f} of the picture")
    x, y, bw, bh = stats[i, 0], stats[i, 1], stats[i, 2], stats[i, 3]
    mask = labels == i
    widths = mask.sum(axis=1)
    bottom_rows = widths[y + bh - max(1, bh // 6): y + bh]
    cut_flat = float(bottom_rows.mean()) >= float(spec.get("min_cut_width", 0.85)) * float(widths.max())
    # a body the frame cuts: at the bottom edge, at a side edge below the head (shoulders leaving
    # the picture), or cut flat along the bottom of a printed photo
    lower = mask[y + bh // 2: y + bh]
    cut_at_side = bool(lower[:, 0].any() or lower[:, -1].any())
    if y + bh < h * (1 - float(spec.get("bottom_gap", 0.06))) and not cut_flat and not cut_at_side:
        # clothes the colour of the backdrop (a white shirt on white) leave the head alone: one
        # solid, upright blob of a head's size in the middle of the upper picture
        if _lone_head(stats[i], centroids[i], w, h, spec):
            return Look(True, "a head on a plain backdrop")
        return Look(False, "figure neither reaches the bottom edge nor is cut there")
    cx = centroids[i][0] / w
    if abs(cx - 0.5) > float(spec.get("max_off_centre", 0.2)):
        return Look(False, f"figure off centre ({cx:.2f})")
    head = float(widths[y: y + max(1, bh // 3)].mean())
    shoulders = float(bottom_rows.mean())
    if shoulders <= 0 or head > float(spec.get("max_head_to_shoulders", 0.85)) * shoulders:
        return Look(False, "no head above shoulders")
    solidity = stats[i, cv2.CC_STAT_AREA] / max(1, bw * bh)
    if solidity < float(spec.get("min_solidity", 0.35)):
        return Look(False, f"figure is strokes, not a body ({solidity:.2f})")
    return Look(True, "head and shoulders on a plain backdrop")
