"""Page images -> images ready for OCR (cv2 lives here).

Steps, each cheap and each skipped when it would not change anything:
- perspective: a photographed page or card lying on a backdrop is warped flat to its outline;
- deskew: the small rotation of a flatbed scan, estimated from row projection profiles (table
  rows are grouped by height afterwards, so a 1.5° skew across an A4 table matters);
- red suppression: seal ink over text is turned to paper colour for OCR (the seal itself is
  found on the untouched image by preaudit.pipeline.integrity.seals);
- resolution: the long side is brought within [MIN_SIDE, MAX_SIDE].
Quarter-turn orientation (0/90/180/270) needs the OCR engine's judgement and lives in
`preaudit.pipeline.intake.orientation`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

MAX_SIDE = 2400  # pixels; an A4 page at 200 dpi is 1654 x 2339
MIN_SIDE = 900  # an ID card photo smaller than this is upscaled
MAX_SKEW = 5.0  # degrees searched either way
MIN_SKEW = 0.3  # below this, rotating costs more than it brings
BACKDROP_CONTRAST = 40  # grey levels between the paper and what lies around it in a photo
# continuous-form paper's sprocket holes (ISO 2784: 4 mm holes every 12.7 mm, 5-7 mm in from the edge)
HOLES = {"diameter": (0.008, 0.04), "margin": 0.1, "min_column": 6}  # of the page's width
PAPER_SHARE = (0.2, 0.95)  # of a photo, the paper's bright region when a backdrop shows around it
VERSION = "v3"  # part of the OCR cache key: bump when the steps change


@dataclass(frozen=True)
class Prepared:
    image: np.ndarray  # what OCR reads: upright, level, sized, seal ink removed
    upright: np.ndarray  # the same geometry with the seals kept (seal checks, evidence crops)
    variant: str  # part of the OCR cache key: a change here must not reuse old results
    steps: dict = field(default_factory=dict)  # what was done, for the record


def _gray_small(image: np.ndarray, width: int = 800) -> tuple[np.ndarray, float]:
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    scale = min(1.0, width / gray.shape[1])
    if scale < 1.0:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return gray, scale


def paper_mask(gray: np.ndarray) -> np.ndarray | None:
    """Where the paper lies in a photo of a page on a darker backdrop whose outline is not a clean
    quadrilateral (a corner out of frame, a striped or grained desk): the largest bright region,
    its text filled in, drawn in a little from its edge. None where the paper fills the picture or
    no backdrop is clearly darker (scans, renders): those images are estimated whole, as before.

    Why: the skew profile sums dark pixels per row; a desk's stripes or grain are dark rows too,
    and at their own angle they outvote the page's text rows.
    """
    h, w = gray.shape
    k = max(3, (min(h, w) // 40) | 1)  # wider than a stroke, narrower than the paper
    smooth = cv2.medianBlur(gray, k)
    level, bright = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if not bright.any() or bright.all():
        return None
    paper, backdrop = float(np.median(smooth[bright > 0])), float(np.median(smooth[bright == 0]))
    if paper - backdrop < BACKDROP_CONTRAST:
        return None
    n, labels, stats, _ = cv2.connectedComponentsWithStats(bright, connectivity=4)
    if n < 2:
        return None
    big = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    share = stats[big, cv2.CC_STAT_AREA] / float(h * w)
    if not PAPER_SHARE[0] <= share <= PAPER_SHARE[1]:
        return None
    region = (labels == big).astype(np.uint8) * 255
    contours, _ = cv2.findContours(region, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = np.zeros_like(region)
    cv2.drawContours(filled, contours, -1, 255, thickness=cv2.FILLED)  # the text and rules inside
    return cv2.erode(filled, np.ones((2 * k + 1, 2 * k + 1), np.uint8)) > 0


def estimate_skew(image: np.ndarray, paper: np.ndarray | None = None) -> float:
    """Small-angle skew in degrees (positive = counter-clockwise), by projection profiles.

    Dark pixels are summed per row at each candidate angle; text rows line up (the profile's
    variance peaks) when the page is level. With `paper` (`paper_mask` of the image's
    `_gray_small`), only the dark pixels on the paper count.
    """
    gray, _ = _gray_small(image)
    ink = (gray < 160).astype(np.float32)
    if paper is not None:
        ink[~paper] = 0.0
    if ink.mean() < 0.002:
        return 0.0
    h, w = ink.shape
    centre = (w / 2, h / 2)

    def score(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rotated = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST)
        return float(np.var(rotated.sum(axis=1)))

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=score)
    fine = max(np.arange(coarse - 0.5, coarse + 0.51, 0.1), key=score)
    return round(float(fine), 2)


def rotate(image: np.ndarray, angle: float) -> np.ndarray:
    """Rotate by `angle` degrees (counter-clockwise) about the centre, paper-white borders."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))


def suppress_red(image: np.ndarray) -> np.ndarray:
    """Seal ink to paper colour, so black text under a seal reads cleanly.

    Inside the red areas each pixel takes its red channel as grey: red ink is bright there and
    vanishes, black text printed under the ink stays dark (a date under a unit seal survives).
    """
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    red = cv2.bitwise_or(cv2.inRange(hsv, (0, 70, 70), (12, 255, 255)), cv2.inRange(hsv, (160, 70, 70), (180, 255, 255)))
    if cv2.countNonZero(red) == 0:
        return image
    red = cv2.dilate(red, np.ones((3, 3), np.uint8))  # the ink's anti-aliased rim too
    out = image.copy()
    r = image[:, :, 2]
    out[red > 0] = np.repeat(r[red > 0][:, None], 3, axis=1)
    return out


def red_share(image: np.ndarray) -> float:
    """The share of a colour image's pixels in red ink (a seal's, a fingerprint's): saturated red
    hues, as the seal suppression judges them."""
    return cv2.countNonZero(_red_mask(image)) / max(1, image.shape[0] * image.shape[1])


def _red_mask(image: np.ndarray) -> np.ndarray:
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    return cv2.bitwise_or(cv2.inRange(hsv, (0, 70, 70), (12, 255, 255)), cv2.inRange(hsv, (160, 70, 70), (180, 255, 255)))


def clear_red(image: np.ndarray, ink_percentile: float) -> np.ndarray:
    """Seal ink cleared from an area, for a second reading of what lies under it: the red channel
    alone (red ink is light in it, black print dark), stretched so that the seal's own ink level
    (`ink_percentile` of the red channel inside its red pixels) and anything lighter read as paper.
    A copier's dark red keeps a red channel of ~150 of 255 that suppress_red leaves as a grey ring;
    here it goes, with the pale grey of a card's printed labels (the values stay black). An area
    without red ink is returned as it is."""
    red = _red_mask(image)
    if cv2.countNonZero(red) == 0:
        return image
    r = image[:, :, 2].astype(np.float32)
    ink = max(float(np.percentile(r[red > 0], ink_percentile)), 1.0)
    grey = (np.clip(r / ink, 0.0, 1.0) * 255).astype(np.uint8)
    return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)


def margin_holes(image: np.ndarray) -> list[tuple[int, int, int]]:
    """The sprocket holes of continuous-form (针式打印) paper: round holes in a column down a side
    margin at an even pitch, as (x, y, radius) in the image's pixels. Empty when there is none.

    Why: OCR reads each hole as an O or 0 and joins it to the table row beside it, which shifts the
    row's columns. Only a column of at least `HOLES["min_column"]` alike circles, evenly spaced, in
    the outer margin counts: a punched pair of filing holes or a round seal never does.
    """
    gray, scale = _gray_small(image, 1000)
    h, w = gray.shape
    dark = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 12)
    contours, _ = cv2.findContours(dark, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    lo, hi = HOLES["diameter"]
    circles = []
    for c in contours:
        (x, y), r = cv2.minEnclosingCircle(c)
        area, perimeter = cv2.contourArea(c), cv2.arcLength(c, True)
        if not lo * w <= 2 * r <= hi * w or perimeter == 0 or area < 0.6 * np.pi * r * r:
            continue  # not round, or not filled out to its rim (a C, a bracket, a stroke)
        if 4 * np.pi * area / perimeter ** 2 < 0.75 or HOLES["margin"] * w < x < (1 - HOLES["margin"]) * w:
            continue
        circles.append((x, y, r))
    holes: list[tuple[int, int, int]] = []
    for side in (lambda x: x < w / 2, lambda x: x >= w / 2):
        column = sorted((c for c in circles if side(c[0])), key=lambda c: c[1])
        if len(column) < HOLES["min_column"]:
            continue
        xs, rs = np.array([c[0] for c in column]), np.array([c[2] for c in column])
        mid_x, mid_r = float(np.median(xs)), float(np.median(rs))
        column = [c for c in column if abs(c[0] - mid_x) <= mid_r and abs(c[2] - mid_r) <= 0.25 * mid_r]
        gaps = np.diff([c[1] for c in column])
        if len(column) < HOLES["min_column"] or not len(gaps):
            continue
        pitch = float(np.median(gaps))
        steps = gaps / pitch  # a hole hidden under a seal or lost at the page's edge: two steps
        if pitch < 3 * mid_r or np.any(np.abs(steps - np.round(steps)) > 0.15) or np.any(np.round(steps) < 1):
            continue
        holes += [(round(x / scale), round(y / scale), round(r / scale)) for x, y, r in column]
    return holes


def clear_margin_holes(image: np.ndarray) -> tuple[np.ndarray, int]:
    """The image with its sprocket holes (`margin_holes`) painted paper-white, and how many."""
    holes = margin_holes(image)
    if not holes:
        return image, 0
    out = image.copy()
    sample = image[::8, ::8]  # the paper's colour: what most of the page is
    median = np.median(sample.reshape(-1, image.shape[2]) if image.ndim == 3 else sample.ravel(), axis=0)
    paper = tuple(int(v) for v in median) if image.ndim == 3 else int(median)
    for x, y, r in holes:
        cv2.circle(out, (x, y), int(r * 1.35) + 2, paper, thickness=-1)
    return out, len(holes)


def _order(quad: np.ndarray) -> np.ndarray:
    """The four corners as top-left, top-right, bottom-right, bottom-left: clockwise around their
    centre from the corner nearest the image's top-left. (Picking each corner by the sum and the
    difference of its coordinates takes one corner twice when the outline is turned near 45°: a
    card lying askew on a sill was warped into a sliver and read no text.)"""
    pts = quad.reshape(4, 2).astype(np.float32)
    c = pts.mean(axis=0)
    pts = pts[np.argsort(np.arctan2(pts[:, 1] - c[1], pts[:, 0] - c[0]))]  # clockwise on screen (y down)
    first = int(np.argmin(pts.sum(axis=1)))
    return np.roll(pts, -first, axis=0).astype(np.float32)


def find_document_quad(image: np.ndarray) -> np.ndarray | None:
    """The outline of a page or card photographed on a darker/lighter backdrop, if clear.

    Only a convex four-cornered outline covering 25–92 % of the photo counts, and only when what
    lies outside it is clearly darker than the paper: a table's ruled border on a scanned page
    is also a big quadrilateral, and cropping to it would cut the page's header away.
    """
    gray, scale = _gray_small(image, 600)
    blur = cv2.GaussianBlur(gray, (5, 5), 0)
    edges = cv2.dilate(cv2.Canny(blur, 40, 120), np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    area = gray.shape[0] * gray.shape[1]
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        approx = cv2.approxPolyDP(contour, 0.02 * cv2.arcLength(contour, True), True)
        if len(approx) == 4 and cv2.isContourConvex(approx) and 0.25 * area <= cv2.contourArea(approx) <= 0.92 * area:
            inside = np.zeros(gray.shape, np.uint8)
            cv2.fillConvexPoly(inside, approx.reshape(4, 2), 255)
            paper = float(np.median(gray[inside > 0]))
            backdrop = float(np.median(gray[inside == 0]))
            if paper - backdrop >= BACKDROP_CONTRAST:
                return _order(approx.reshape(4, 2).astype(np.float32) / scale)
    return None


def warp_quad(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    tl, tr, br, bl = quad
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    return cv2.warpPerspective(image, cv2.getPerspectiveTransform(quad, target), (width, height), borderValue=(255, 255, 255))


def normalise_size(image: np.ndarray) -> np.ndarray:
    h, w = image.shape[:2]
    long_side = max(h, w)
    scale = MAX_SIDE / long_side if long_side > MAX_SIDE else MIN_SIDE / long_side if long_side < MIN_SIDE else 1.0
    if scale == 1.0:
        return image
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=interp)


def prepare_for_ocr(image: np.ndarray, outline: bool = True) -> Prepared:
    """Straighten, level, clean and size a page image for OCR; boxes stay page-relative to the
    returned image. `outline` False: no warp to an outline found (the picture as it came, levelled)."""
    steps: dict = {}
    quad = find_document_quad(image) if outline else None
    if quad is not None:
        image = warp_quad(image, quad)
        steps["perspective"] = [[round(float(x), 1), round(float(y), 1)] for x, y in quad]
    paper = paper_mask(_gray_small(image)[0]) if quad is None else None  # a warped outline has no backdrop left
    angle = estimate_skew(image, paper)
    if abs(angle) >= MIN_SKEW:
        image = rotate(image, angle)
        steps["deskew"] = angle
    if paper is not None:
        steps["paper"] = round(float(paper.mean()), 3)
    upright = normalise_size(image)
    cleared, holes = clear_margin_holes(upright)
    if holes:
        steps["holes"] = holes
    # the paper-only estimate and the cleared holes are new steps: their pages get their own cache key
    variant = (f"{VERSION}:{MIN_SIDE}-{MAX_SIDE}" + (":paper" if paper is not None else "") + (":holes" if holes else "")
               + ("" if outline else ":whole"))
    return Prepared(image=suppress_red(cleared), upright=upright, variant=variant, steps=steps)
