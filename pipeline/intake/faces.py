"""ID card faces on a page (a signed A4 copy, a photo of a desk): found, straightened and read one
by one.

A copy of both faces carries two cards of 85.6 × 54 mm, wherever and however the applicant laid
them on the copier or the desk: side by side, stacked, askew, turned. Read as part of the whole
page, a face lies small, tilted or under a seal, and its labels and values come apart (a label
and its value in boxes on different rows of a tilted card). So a page whose reading shows an ID
card but not both faces with their values is looked at again: each card-shaped outline
(a convex quadrilateral of the card's proportions) is warped upright at a readable size and
read on its own, right way up or upside down, whichever reads as a card face
(preaudit.pipeline.intake.orientation's judge). The reading keeps its own coordinates (the card's frame) and the
map from them to the page, so that the ID card extractor reads the face as a card and reports its
boxes on the page (evidence crops are cut from the page as read).

Pages carry their face readings in `FacedPage.faces` (private: OCR text never reaches report.json
through page geometry).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from pydantic import PrivateAttr

from preaudit.pipeline.model import BBox, Page, TextLine
from preaudit.pipeline.intake.ocr import OcrCache
from preaudit.pipeline.intake.preprocess import suppress_red

CARD_RATIO = 85.6 / 54.0
RATIO_RANGE = (1.40, 1.80)  # a card's outline as found (rounded corners, a little perspective)
AREA_RANGE = (0.02, 0.45)  # of the page: a face on an A4 copy is ~5–8 %; a photo of one card more
MIN_FILL = 0.82  # the outline's area / its rotated rectangle's area (a card, not a shape of text)
FACE_WIDTH = 1300  # pixels the face is read at (a card's text is ~30 px high then)
MAX_FACES = 4
VERSION = "f1"  # part of the OCR cache key of face readings


@dataclass
class FaceReading:
    """One card face read on its own: lines in the face's frame (page-relative boxes of the
    upright face image), and the map from that frame to the page (both 0..1)."""

    lines: list[TextLine]
    to_page: np.ndarray  # 3x3 homography: face (u, v, 1) -> page (x, y, w)
    turn: int  # degrees the warped face was turned before reading (0 or 180)
    quad: list[list[float]] = field(default_factory=list)  # the outline on the page, page-relative

    def box_on_page(self, b: BBox) -> BBox:
        return map_box(self.to_page, b)


class FacedPage(Page):
    """A page with the card faces found on it read one by one (`faces`)."""

    _faces: Any = PrivateAttr(default=None)

    @property
    def faces(self) -> list[FaceReading]:
        return list(self._faces or [])


def with_faces(page: Page, faces: list[FaceReading]) -> Page:
    if not faces:
        return page
    out = FacedPage(**{k: getattr(page, k) for k in Page.model_fields})
    out._faces = faces
    return out.with_image(page.image)


def faces_of(page: Page) -> list[FaceReading]:
    return page.faces if isinstance(page, FacedPage) else []


def map_box(h: np.ndarray, b: BBox) -> BBox:
    """The axis-aligned box, on the page, of a face-frame box."""
    pts = np.array([[b.x0, b.y0, 1], [b.x1, b.y0, 1], [b.x1, b.y1, 1], [b.x0, b.y1, 1]], dtype=np.float64).T
    out = h @ pts
    xs, ys = out[0] / out[2], out[1] / out[2]
    return BBox(x0=float(max(0.0, xs.min())), y0=float(max(0.0, ys.min())), x1=float(min(1.0, xs.max())), y1=float(min(1.0, ys.max())))


# --------------------------------------------------------------------------- finding the cards


def _order_landscape(pts: np.ndarray) -> np.ndarray:
    """Corners tl, tr, br, bl with the long side on top (a card reads landscape)."""
    c = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - c[1], pts[:, 0] - c[0])
    pts = pts[np.argsort(angles)]  # clockwise in image coordinates, starting anywhere
    # start at the corner nearest the top-left, then make the first edge the long one
    start = int(np.argmin(pts.sum(axis=1)))
    pts = np.roll(pts, -start, axis=0)
    if np.linalg.norm(pts[1] - pts[0]) < np.linalg.norm(pts[3] - pts[0]):
        pts = np.roll(pts, -1, axis=0)  # the long side runs down: take the turn that lays it on top
    return pts.astype(np.float32)


def find_cards(image: np.ndarray) -> list[np.ndarray]:
    """Card-shaped outlines on a page image: quadrilaterals (page pixels, tl tr br bl, long side
    first) of the card's proportions, of a card's size on a page, filled like a rectangle."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    scale = min(1.0, 1000 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    edges = cv2.dilate(cv2.Canny(blur, 20, 60), np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    page_area = small.shape[0] * small.shape[1]
    found: list[tuple[float, np.ndarray, tuple]] = []
    for contour in contours:
        area = cv2.contourArea(contour)
        if not AREA_RANGE[0] * page_area <= area <= AREA_RANGE[1] * page_area:
            continue
        rect = cv2.minAreaRect(contour)
        (cx, cy), (w, h), _ = rect
        if min(w, h) <= 0:
            continue
        ratio = max(w, h) / min(w, h)
        if not RATIO_RANGE[0] <= ratio <= RATIO_RANGE[1] or area < MIN_FILL * w * h:
            continue
        hull = cv2.convexHull(contour)
        approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
        pts = approx.reshape(-1, 2).astype(np.float32) if len(approx) == 4 else cv2.boxPoints(rect).astype(np.float32)
        found.append((area, pts / scale, (cx / scale, cy / scale, max(w, h) / scale)))
    # the same card yields an outer and an inner outline: keep the larger of outlines sharing a centre
    kept: list[tuple[float, np.ndarray, tuple]] = []
    for item in sorted(found, key=lambda f: -f[0]):
        cx, cy, size = item[2]
        if any(abs(cx - k[2][0]) < 0.2 * k[2][2] and abs(cy - k[2][1]) < 0.2 * k[2][2] for k in kept):
            continue
        kept.append(item)
    return [_order_landscape(k[1]) for k in kept[:MAX_FACES]]


def tilt(quad: np.ndarray) -> float:
    """How far a card outline's top edge is from level, in degrees (0..45)."""
    dx, dy = quad[1] - quad[0]
    angle = abs(float(np.degrees(np.arctan2(dy, dx)))) % 90
    return min(angle, 90 - angle)


# --------------------------------------------------------------------------- reading them

Judge = Callable[[list[TextLine]], Any]  # -> preaudit.pipeline.intake.orientation.Verdict


def _turn_matrix(turn: int) -> np.ndarray:
    """Face-frame coordinates (0..1) after a clockwise `turn` -> before it."""
    if turn == 180:
        return np.array([[-1, 0, 1], [0, -1, 1], [0, 0, 1]], dtype=np.float64)
    return np.eye(3)


def read_face(ocr: OcrCache, sha256: str, number: int, page_image: np.ndarray, quad: np.ndarray, judge: Judge) -> FaceReading:
    """Warp one card outline upright at FACE_WIDTH, read it (and upside down, when that reads
    better as a card face), and keep the map back to the page."""
    ph, pw = page_image.shape[:2]
    width = FACE_WIDTH
    height = round(width / CARD_RATIO)
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    warp = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    face = cv2.warpPerspective(page_image, warp, (width, height), flags=cv2.INTER_CUBIC, borderValue=(255, 255, 255))
    key = ",".join(f"{v / s:.3f}" for x, y in quad for v, s in ((x, pw), (y, ph)))
    best: tuple[float, int, list[TextLine]] | None = None
    for turn in (0, 180):
        img = face if turn == 0 else cv2.rotate(face, cv2.ROTATE_180)
        lines = ocr.read(sha256, number, suppress_red(img), variant=f"face:{VERSION}:{key}:rot{turn}")
        verdict = judge(lines)
        if best is None or verdict.score > best[0]:
            best = (verdict.score, turn, lines)
        if verdict.confident:
            break
    assert best is not None
    _, turn, lines = best
    # face frame (0..1, after the turn) -> face pixels -> page pixels -> page (0..1)
    to_face_px = np.diag([width, height, 1.0]) @ _turn_matrix(turn)
    to_page = np.diag([1.0 / pw, 1.0 / ph, 1.0]) @ np.linalg.inv(warp) @ to_face_px
    quad_rel = [[round(float(x) / pw, 4), round(float(y) / ph, 4)] for x, y in quad]
    return FaceReading(lines=lines, to_page=to_page, turn=turn, quad=quad_rel)


def read_faces(ocr: OcrCache, sha256: str, number: int, page_image: np.ndarray, judge: Judge) -> list[FaceReading]:
    """Every card face found on a page image, read on its own."""
    return [read_face(ocr, sha256, number, page_image, quad, judge) for quad in find_cards(page_image)]


class FacePart(Page):
    """One card face of a page, as a document's page: `lines` on the page (page-relative boxes,
    for everything that cuts from the page), and the face's own reading (`reading`) for the ID
    card extractor, which reads the face in its frame and maps its boxes back."""

    _reading: Any = PrivateAttr(default=None)

    @property
    def reading(self) -> FaceReading | None:
        return self._reading


def face_part(page: Page, reading: FaceReading) -> Page:
    """The page restricted to one face read on its own."""
    lines = [ln.model_copy(update={"bbox": reading.box_on_page(ln.bbox)}) for ln in reading.lines]
    data = {k: getattr(page, k) for k in Page.model_fields}
    data["lines"] = lines
    out = FacePart(**data)
    out._reading = reading
    return out.with_image(page.image)


def reading_of(page: Page) -> FaceReading | None:
    return page.reading if isinstance(page, FacePart) else None
