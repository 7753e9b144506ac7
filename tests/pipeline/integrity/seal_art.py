"""Seals, pages and marks drawn for the seal tests, on purpose NOT with fixtures/render.stamp: the
detector must find seals it was not developed on (issue 12). Everything is drawn here with PyMuPDF
(glyphs, rings, stars) and cv2/numpy (ink texture, colour, photographs, scans).

`seal_alpha` draws one seal as ink coverage (0..1); `page` draws an A4 page of black text;
`apply_ink` lays a coloured ink over a page the way ink lies on paper (multiplied, so black text
under red ink stays black); `photograph`, `scan_gray` and `jpeg` degrade a page.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import pymupdf

FONT = "china-s"
MM = 72 / 25.4  # points per millimetre

# BGR inks: stamp-pad red, dark (oxidised) red, red-orange, magenta-ish, faded pink; blue (not a seal)
INKS = {
    "red": (38, 36, 212),
    "dark_red": (40, 30, 140),
    "red_orange": (30, 85, 230),
    "magenta": (120, 40, 195),
    "pink": (150, 150, 235),
    "blue": (170, 60, 30),
}

LOREM = ("本人郑重承诺所提交的申报材料真实有效，如有弄虚作假，自愿承担相应责任并接受处理。"
         "申报人员应当遵守国家法律法规，恪守职业道德，认真履行岗位职责，按时完成工作任务。")


def _render_gray(doc_page: pymupdf.Page, dpi: float) -> np.ndarray:
    pix = doc_page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width).copy()


def _glyph(page: pymupdf.Page, x: float, y: float, ch: str, size: float, angle_deg: float) -> None:
    """A glyph centred on (x, y), turned by angle_deg clockwise (its top towards the outside of a
    ring when angle_deg is the ring position measured clockwise from 12 o'clock)."""
    origin = pymupdf.Point(x - size / 2, y + size * 0.36)
    page.insert_text(origin, ch, fontname=FONT, fontsize=size, color=(0, 0, 0),
                     morph=(pymupdf.Point(x, y), pymupdf.Matrix(-angle_deg)))


def _star(cx: float, cy: float, r: float) -> list[pymupdf.Point]:
    return [pymupdf.Point(cx + (r if i % 2 == 0 else r * 0.4) * math.cos(-math.pi / 2 + i * math.pi / 5),
                          cy + (r if i % 2 == 0 else r * 0.4) * math.sin(-math.pi / 2 + i * math.pi / 5))
            for i in range(10)]


def seal_alpha(ring_text: str, *, shape: str = "round", star: str | None = "solid", double: bool = False,
               center_text: str = "", bottom_text: str = "", width_mm: float = 40.0, dpi: float = 150,
               span_deg: float | None = None, start_deg: float = 0.0) -> np.ndarray:
    """Ink coverage (float32 0..1) of one seal, `width_mm` wide (an oval is 2/3 as tall).

    shape: round | oval; star: solid | hollow | None; double: an inner thin ring as well;
    span_deg: the arc the ring text covers (centred on 12 o'clock, turned by start_deg)."""
    w = width_mm * MM
    h = w if shape == "round" else w * 0.66
    pad = 2.0
    doc = pymupdf.open()
    pg = doc.new_page(width=w + 2 * pad, height=h + 2 * pad)
    cx, cy = pg.rect.width / 2, pg.rect.height / 2
    rx, ry = w / 2 - 1.2, h / 2 - 1.2
    ring = 1.1 * MM if not double else 1.4 * MM
    sh = pg.new_shape()
    sh.draw_oval(pymupdf.Rect(cx - rx, cy - ry, cx + rx, cy + ry))
    sh.finish(color=(0, 0, 0), width=ring)
    tx, ty = rx - ring, ry - ring  # text runs inside this
    if double:
        gap = 1.0 * MM
        sh.draw_oval(pymupdf.Rect(cx - tx + gap, cy - ty + gap, cx + tx - gap, cy + ty - gap))
        sh.finish(color=(0, 0, 0), width=0.35 * MM)
        tx, ty = tx - gap - 0.4 * MM, ty - gap - 0.4 * MM
    n = max(1, len(ring_text))
    size = min(ty * 0.27, 6.5 * MM) if shape == "round" else min(ty * 0.3, 5.5 * MM)
    span = span_deg if span_deg is not None else min(270.0, 17.0 * n + 30.0) if shape == "round" \
        else min(230.0, 15.0 * n + 40.0)
    if star:
        sr = min(rx, ry) * (0.30 if shape == "round" else 0.22)
        scy = cy if shape == "round" else cy - ry * 0.05
        if star == "solid":
            sh.draw_polyline(_star(cx, scy, sr))
            sh.finish(color=None, fill=(0, 0, 0), closePath=True)
        else:
            sh.draw_polyline(_star(cx, scy, sr))
            sh.finish(color=(0, 0, 0), width=0.5 * MM, closePath=True)
    sh.commit()
    # ring text: characters evenly spaced by arc length along an inner ellipse, clockwise
    r_x, r_y = tx - size * 0.62, ty - size * 0.62
    t = np.radians(np.linspace(-180.0, 180.0, 3601))  # parameter from 12 o'clock, clockwise
    xs, ys = r_x * np.sin(t), -r_y * np.cos(t)
    arc = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(xs), np.diff(ys)))])
    arc -= np.interp(0.0, t, arc)  # 0 at 12 o'clock
    half = np.interp(math.radians(span / 2), t, arc)  # the span measured at the ellipse's top
    for i, ch in enumerate(ring_text):
        s_i = -half + 2 * half * (i + 0.5) / n
        a = float(np.interp(s_i, arc, t)) + math.radians(start_deg)
        px, py = cx + r_x * math.sin(a), cy - r_y * math.cos(a)
        nx, ny = math.sin(a) / r_x, -math.cos(a) / r_y  # the ellipse's outward normal
        _glyph(pg, px, py, ch, size, math.degrees(math.atan2(nx, -ny)))
    if bottom_text:  # a seal's 防伪编码 along the bottom, read counter-clockwise, tops inward
        small = size * 0.5
        b_x, b_y = tx - small * 0.8, ty - small * 0.8
        bspan = min(100.0, 7.0 * len(bottom_text))
        for i, ch in enumerate(bottom_text):
            a = math.radians(180 + bspan / 2 - bspan * (i + 0.5) / len(bottom_text))
            px, py = cx + b_x * math.sin(a), cy - b_y * math.cos(a)
            pg.insert_text(pymupdf.Point(px - small * 0.3, py + small * 0.36), ch, fontname="helv",
                           fontsize=small, color=(0, 0, 0),
                           morph=(pymupdf.Point(px, py), pymupdf.Matrix(-math.degrees(a) + 180)))
    if center_text:
        cs = min(size * 0.8, (rx * 1.1) / max(len(center_text), 1))
        y = cy + (min(rx, ry) * 0.55 if star and shape == "round" else ry * 0.25)
        x0 = cx - cs * len(center_text) / 2
        pg.insert_text(pymupdf.Point(x0, y + cs * 0.36), center_text, fontname=FONT, fontsize=cs, color=(0, 0, 0))
    gray = _render_gray(pg, dpi)
    doc.close()
    return (1.0 - gray.astype(np.float32) / 255.0).clip(0, 1)


def fade(alpha: np.ndarray, rng: np.random.Generator, strength: float = 0.6, gaps: int = 3) -> np.ndarray:
    """Uneven, broken ink: blotchy coverage, speckle, and `gaps` arcs of the ring missing."""
    h, w = alpha.shape
    blot = cv2.resize(rng.random((max(2, h // 18), max(2, w // 18))).astype(np.float32), (w, h),
                      interpolation=cv2.INTER_CUBIC)
    speck = rng.random((h, w)).astype(np.float32)
    keep = np.clip(1.0 - strength * (1.2 - blot), 0.15, 1.0) * (speck > strength * 0.35)
    out = alpha * keep
    yy, xx = np.mgrid[0:h, 0:w]
    ang = (np.degrees(np.arctan2(xx - w / 2, -(yy - h / 2))) + 360) % 360
    for _ in range(gaps):
        a0 = rng.uniform(0, 360)
        width = rng.uniform(12, 30)
        out[((ang - a0) % 360) < width] *= 0.0
    return out


def rotate_alpha(alpha: np.ndarray, degrees: float) -> np.ndarray:
    h, w = alpha.shape
    side = int(math.hypot(h, w)) + 2
    canvas = np.zeros((side, side), np.float32)
    y0, x0 = (side - h) // 2, (side - w) // 2
    canvas[y0:y0 + h, x0:x0 + w] = alpha
    m = cv2.getRotationMatrix2D((side / 2, side / 2), -degrees, 1.0)
    return cv2.warpAffine(canvas, m, (side, side), flags=cv2.INTER_LINEAR)


def fingerprint_alpha(dpi: float, rng: np.random.Generator, height_mm: float = 15.0) -> np.ndarray:
    """A 按手印: an oval of broken concentric ridges, ~15 mm tall."""
    h = int(height_mm / 25.4 * dpi)
    w = int(h * 0.75)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    u, v = (xx - w / 2) / (w / 2), (yy - h / 2) / (h / 2)
    r = np.sqrt(u ** 2 + v ** 2)
    theta = np.arctan2(v, u)
    ridges = 0.5 + 0.5 * np.sin(r * 18 * math.pi + 0.8 * np.sin(theta * 2))
    noise = cv2.resize(rng.random((max(2, h // 8), max(2, w // 8))).astype(np.float32), (w, h))
    inside = np.clip(1.0 - r ** 3, 0, 1)
    return ((ridges > 0.5 + 0.2 * (noise - 0.5)) * inside * 0.85).astype(np.float32)


def page(dpi: float = 150, lines: int = 22, title: str = "职称申报承诺书", top_mm: float = 30.0,
         seed: int = 0) -> np.ndarray:
    """A white A4 page of black Chinese text (BGR uint8)."""
    doc = pymupdf.open()
    pg = doc.new_page(width=595, height=842)
    pg.insert_text((230, top_mm * MM), title, fontname=FONT, fontsize=18)
    rng = np.random.default_rng(seed)
    y = top_mm * MM + 40
    for i in range(lines):
        start = int(rng.integers(0, 40))
        text = (LOREM * 2)[start:start + 38]
        pg.insert_text((60, y), text, fontname=FONT, fontsize=11.5)
        y += 26
    gray = _render_gray(pg, dpi)
    doc.close()
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


def red_text(image: np.ndarray, text: str, x_mm: float, y_mm: float, size_pt: float, dpi: float,
             ink: tuple[int, int, int] = INKS["red"]) -> np.ndarray:
    """`text` printed in colour at (x_mm, y_mm) (a red title, a 红头)."""
    doc = pymupdf.open()
    pg = doc.new_page(width=595, height=842)
    pg.insert_text((x_mm * MM, y_mm * MM), text, fontname=FONT, fontsize=size_pt)
    alpha = 1.0 - _render_gray(pg, dpi).astype(np.float32) / 255.0
    doc.close()
    h, w = image.shape[:2]
    return apply_ink(image, alpha[:h, :w], (0, 0), ink)


def apply_ink(image: np.ndarray, alpha: np.ndarray, top_left: tuple[int, int],
              ink: tuple[int, int, int], density: float = 1.0) -> np.ndarray:
    """Ink of colour `ink` (BGR) with coverage `alpha`, its top-left corner at (x, y), multiplied
    onto the page."""
    out = image.copy()
    x, y = top_left
    h, w = alpha.shape
    H, W = out.shape[:2]
    x0, y0, x1, y1 = max(0, x), max(0, y), min(W, x + w), min(H, y + h)
    a = alpha[y0 - y:y1 - y, x0 - x:x1 - x, None] * density
    colour = np.array(ink, np.float32) / 255.0
    region = out[y0:y1, x0:x1].astype(np.float32) * (1.0 - a * (1.0 - colour))
    out[y0:y1, x0:x1] = region.clip(0, 255).astype(np.uint8)
    return out


def place(image: np.ndarray, alpha: np.ndarray, center: tuple[int, int], ink: tuple[int, int, int],
          density: float = 1.0) -> np.ndarray:
    h, w = alpha.shape
    return apply_ink(image, alpha, (center[0] - w // 2, center[1] - h // 2), ink, density)


def signature(image: np.ndarray, x: int, y: int, rng: np.random.Generator, colour=(40, 30, 25),
              scale: float = 1.0) -> np.ndarray:
    """A scribbled signature (polylines) with its top-left near (x, y)."""
    out = image.copy()
    for k in range(3):
        t = np.linspace(0, 1, 40)
        xs = x + (k * 45 + t * 40 + 8 * np.sin(t * 12 + k)) * scale
        ys = y + (20 + 14 * np.sin(t * 9 + k * 2) + rng.normal(0, 1.5, t.size)) * scale
        pts = np.stack([xs, ys], axis=1).astype(np.int32)
        cv2.polylines(out, [pts], False, colour, max(1, int(2 * scale)), cv2.LINE_AA)
    return out


def jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def photograph(image: np.ndarray, rng: np.random.Generator, cast: tuple[float, float, float] = (0.80, 0.95, 1.10),
               quality: int = 70) -> np.ndarray:
    """A phone photo of the page: slight perspective, colour cast (BGR gains), uneven light,
    blur, sensor noise, JPEG."""
    h, w = image.shape[:2]
    d = 0.03
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    jitter = rng.uniform(-d, d, (4, 2)).astype(np.float32) * np.float32([w, h])
    dst = (src + jitter).astype(np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    out = cv2.warpPerspective(image, m, (w, h), borderValue=(255, 255, 255)).astype(np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 0.82 + 0.18 * (xx / w) * 0.6 + 0.18 * (1 - yy / h) * 0.4
    out = out * light[:, :, None] * np.float32(cast)[None, None, :]
    out = cv2.GaussianBlur(out, (3, 3), 0.8)
    out += rng.normal(0, 3.0, out.shape).astype(np.float32)
    return jpeg(out.clip(0, 255).astype(np.uint8), quality)


def scan_gray(image: np.ndarray, rng: np.random.Generator, quality: int = 80) -> np.ndarray:
    """A grayscale scan or photocopy of the page, kept as three equal channels."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).astype(np.float32)
    gray = gray * 0.95 + rng.normal(0, 2.0, gray.shape).astype(np.float32)
    gray = gray.clip(0, 255).astype(np.uint8)
    return jpeg(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), quality)
