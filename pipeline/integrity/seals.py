"""Red seals (公章) on page images: found by the cues every seal has, their ring text unwrapped for OCR.

A seal is a closed (or nearly closed) ring of ink, round or oval, 3–5 cm across, with glyphs along
the inside of the ring (and maybe a star or a line of text in the middle). Nothing else is assumed:
not the stamp's proportions, nor a solid star, nor a single ring, nor a pure red.

1. Colour relative to the page's own paper. A photo under warm light makes the paper orange and
   black text brown; a scan makes it grey-yellow. Each channel is divided by a local estimate of
   the paper (a coarse max filter), which removes colour casts and uneven light at once; then
   "red" is how much the red channel exceeds both others there (`_redness`): stamp-pad red, dark
   red, red-orange, magenta-ish and faded pink ink all do, blue and black ink do not. The
   threshold rises with the page's own noise, and under a cyan or blue cast along black text
   (JPEG keeps colour at half resolution, so the paper there turns the cast's complement, red).
2. Where red ink clusters at seal size, an ellipse is fitted to the cluster's outer rim (RANSAC
   over rim points taken in different directions, then refined on all the page's red), so a
   fingerprint or a red word touching the seal, or a ring with gaps, does not pull the fit. A
   second pass does the same in fainter red, for seals too pale to hold together.
3. The fit is judged by what makes a seal: ink along the ellipse in most directions (a faded or
   broken ring, or one crossing black text, still covers most of them), little red just outside
   it, glyphs inside it, hollow rather than solid. A red fingerprint (~15 mm) is below the
   smallest seal; a red title, header or rule is far from round; a solid disc is not hollow; blue
   ink is not red.

A grayscale image (a grayscale scan or photocopy: its channels are equal) cannot show a red seal:
`scan_seals` says so (`gray_data=True`) and the caller must not read that as "no seal". A colour
image with no colour on it (`colour=False`) is either an unstamped black-and-white page or a
photocopy scanned or photographed in colour: the caller says it is unsure. On both, a round seal
is still looked for by its shape (`_gray_rings`: a thin circle of ink with less ink just inside and
outside it and glyphs within); found, it is a seal (`kind="shape"`).

Ring text: the ring band is unwrapped along the fitted ellipse (an elliptic polar transform,
sampled evenly along the arc) into a straight strip of dark glyphs on white, cut where the ring
text has its widest gap (so that text starting anywhere on the ring comes out whole), at a few
radius bands, in both reading directions (`ring_strips`); `reading_of` turns the OCR lines of a
strip into a `Reading`, and `Reading.clean` says whether it may be held against anyone.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np

from preaudit.pipeline.model import BBox

MIN_DIAMETER = 0.10  # of the page's shorter side: ~21 mm on A4. Unit seals are 38–45 mm across,
# oval 合同专用章 40–50 × 30 mm; a red fingerprint (按手印) beside a signature is ~15 mm and must not count
MAX_DIAMETER = 0.5
MAX_ASPECT = 1.8
WORK_SHORT = 800  # detection runs on a copy whose shorter side is at most this many pixels
MIN_REDNESS = 0.08  # red channel over the larger of green and blue, relative to the paper (1.0)
MIN_RING = 0.55  # share of directions in which ink lies on the fitted ellipse
PLAIN_RING = 0.85  # a ring this whole needs no glyph evidence inside it
MAX_OUTSIDE = 0.35  # share of directions with red just outside the ring
MIN_GLYPHS = 0.15  # share of directions with ink inside the ring (ring text, star, centre text)
MAX_FILL = 0.35  # red share of the inside: a seal is hollow (ring text, star: ~0.05-0.2); a red disc,
# or a face in a photo (skin reads red against white paper: ~0.45-0.6), is not
MAX_RIM = 0.12  # of the radius: how deep red reaches inward from the ring (a ring line: ~0.04-0.10;
# a face in a portrait, skin being red against white paper: 0.15 and more)
# A page whose red covers this share is printed in red (a carbonless form's one ink): where no seal
# is found, its straight rules (at least RULE_LENGTH of the shorter side) are set aside and the
# rings looked for again.
RED_PRINT_SHARE = 0.02
RULE_LENGTH = 0.08
MIN_COLOUR_PIXELS = 40  # chromatic pixels (work scale) for a page to "show colour" at all
ANGLES = 144
NATIVE_MARGIN = 3.0  # of the radius: the crop a ring is judged again in at the page's own resolution
ARC_SHARES = (0.45, 0.3)  # contiguous shares of a cluster's rim that a fit may rest on (overlapping stamps)
ARC_STARTS = 12  # where such arcs start round the rim


@dataclass(frozen=True)
class Seal:
    bbox: BBox  # page-relative
    center: tuple[float, float]  # pixels of the image given
    axes: tuple[float, float]  # semi-axes (major, minor), pixels
    red_share: float
    angle: float = 0.0  # degrees: the major axis from +x, clockwise in image coordinates
    ring: float = 1.0  # share of directions with ink on the ring
    glyphs: float = 1.0  # share of directions with ink inside the ring
    kind: str = "red"  # red: found by its red ink; shape: a ring of ink on a page without colour

    def to_json(self) -> dict:
        return {"bbox": self.bbox.as_list(), "red_share": round(self.red_share, 3), "ring": round(self.ring, 3),
                "shape": "oval" if self.axes[0] > 1.15 * self.axes[1] else "round", "kind": self.kind}


@dataclass(frozen=True)
class SealScan:
    """What a page shows: the seals found, and whether it shows any colour. A grayscale image
    (`gray_data`) cannot show a red seal at all; a colour image with no colour on it (`colour`
    False) may be a colour scan of an unstamped black-and-white page, or of a photocopy."""

    seals: list[Seal] = field(default_factory=list)
    colour: bool = True  # chromatic ink on the page (a seal, a blue signature, a logo)
    gray_data: bool = False  # the image itself holds no colour (its channels are equal)


# --------------------------------------------------------------------------- colour

def _work(image: np.ndarray) -> tuple[np.ndarray, float]:
    """A BGR copy with the shorter side at most WORK_SHORT, and its scale to the original."""
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    h, w = image.shape[:2]
    scale = min(1.0, WORK_SHORT / min(h, w))
    if scale < 1.0:
        image = cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    return image, scale


Planes = tuple[np.ndarray, np.ndarray, np.ndarray]  # B, G, R as float32, relative to the paper


def paper_relative(image: np.ndarray) -> tuple[Planes, np.ndarray, np.ndarray]:
    """Each channel divided by the local paper colour (float32 planes B, G, R, paper ~1.0); where
    the estimate is trustworthy (not a dark backdrop around a photographed page); and how far the
    paper's red falls short of its brightest channel (a cyan or blue cast, 0..1)."""
    h, w = image.shape[:2]
    f = 160.0 / min(h, w)
    small = cv2.resize(image, (max(8, round(w * f)), max(8, round(h * f))), interpolation=cv2.INTER_AREA)
    k = max(3, round(min(small.shape[:2]) * 0.1)) | 1  # ~20 mm on A4: wider than a seal's star
    bg = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    bg = cv2.blur(bg.astype(np.float32), (k, k))
    bright = bg.max(axis=2)
    valid_small = (bright > max(60.0, 0.45 * float(np.percentile(bright, 90)))).astype(np.uint8)
    cast_small = np.clip((np.maximum(bg[:, :, 0], bg[:, :, 1]) - bg[:, :, 2]) / np.maximum(bright, 8.0), 0.0, 1.0)
    inv = cv2.resize(1.0 / np.maximum(bg, 8.0), (w, h), interpolation=cv2.INTER_LINEAR)
    valid = cv2.resize(valid_small, (w, h), interpolation=cv2.INTER_NEAREST) > 0
    cast = cv2.resize(cast_small, (w, h), interpolation=cv2.INTER_LINEAR)
    rel = cv2.multiply(image.astype(np.float32), inv)
    return tuple(cv2.split(rel)), valid, cast  # type: ignore[return-value]


def _redness(rel: Planes, valid: np.ndarray) -> np.ndarray:
    """How far red exceeds both green and blue (paper-relative), 0 where the paper is unknown."""
    b, g, r = rel
    red = cv2.subtract(r, cv2.max(g, b))
    red[~valid] = 0.0
    return red


def _chroma(rel: Planes, valid: np.ndarray) -> np.ndarray:
    b, g, r = rel
    c = cv2.subtract(cv2.max(cv2.max(b, g), r), cv2.min(cv2.min(b, g), r))
    c[~valid] = 0.0
    return c


def _darkness(rel: Planes) -> np.ndarray:
    b, g, r = rel
    return np.clip(1.0 - (b + g + r) * (1.0 / 3.0), 0.0, 1.0)


def _noise(values: np.ndarray, signed: bool) -> tuple[float, float]:
    """(median, noise level) of a per-pixel measure over the page, robust to the few pixels of
    real ink: most pixels are paper or black text. A signed measure (redness) takes its noise from
    the side below the median, which red ink does not reach."""
    sample = np.sort(values[::4, ::4], axis=None)
    n = sample.size
    med = float(sample[n // 2])
    if signed:
        return med, med - float(sample[int(n * 0.16)])
    return med, float(sample[int(n * 0.75)] - sample[int(n * 0.25)])


def _threshold(values: np.ndarray) -> float:
    """MIN_REDNESS, raised above the page's own noise."""
    return _thresholds(values)[0]


def _thresholds(values: np.ndarray) -> tuple[float, float]:
    """(red, faint red): MIN_REDNESS raised above the page's own noise, and half of it but still
    clear of the noise."""
    med, noise = _noise(values, True)
    t = max(MIN_REDNESS, med + 5.0 * noise)
    return t, max(t / 2, med + 3.5 * noise)


def _gray_data(image: np.ndarray) -> bool:
    """Whether the image holds no colour at all: its three channels equal (within JPEG rounding)
    everywhere but at a handful of pixels. A colour scan's paper tint, a photo's cast or noise, a
    seal on white paper is colour data."""
    if image.ndim == 2 or image.shape[2] == 1:
        return True
    sample = np.ascontiguousarray(image[::3, ::3])
    b, g, r = cv2.split(sample)
    spread = cv2.max(cv2.absdiff(b, g), cv2.absdiff(g, r))
    return int(np.count_nonzero(spread >= 3)) < 20


def shows_colour(image: np.ndarray) -> bool:
    """Whether the page shows any colour beyond noise once its paper colour is taken out: ink of
    any hue (a red seal or fingerprint, a blue signature, a coloured logo). A grayscale scan or
    photocopy, or a photo of one, does not."""
    work, _ = _work(image)
    if _gray_data(work):
        return False
    rel, valid, _cast = paper_relative(work)
    return _shows_colour(rel, valid)


def _shows_colour(rel: Planes, valid: np.ndarray) -> bool:
    """Chromatic ink beyond the page's noise: a few connected pixels of it are enough (a thin
    blue signature counts; single noisy pixels do not)."""
    chroma = _chroma(rel, valid)
    med, noise = _noise(chroma, False)
    mask = (chroma > max(0.15, med + 8.0 * noise)).astype(np.uint8)
    if int(cv2.countNonZero(mask)) < MIN_COLOUR_PIXELS:
        return False
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return int(stats[1:, cv2.CC_STAT_AREA][stats[1:, cv2.CC_STAT_AREA] >= 4].sum()) >= MIN_COLOUR_PIXELS


def red_mask(image: np.ndarray) -> np.ndarray:
    """Pixels of red ink (relative to the paper; any red from dark red to magenta-ish), 0/255, at
    the image's own size."""
    work, scale = _work(image)
    mask = _red_mask_work(*paper_relative(work))
    if scale < 1.0:
        mask = cv2.resize(mask, (image.shape[1], image.shape[0]), interpolation=cv2.INTER_NEAREST)
    return mask


def _red_mask_work(rel: Planes, valid: np.ndarray, cast: np.ndarray | None = None,
                   weak: bool = False) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """The red mask at work scale; with `weak`, also a mask of fainter red (half the threshold).

    JPEG keeps colour at half resolution: under a cyan or blue cast the paper along black text
    takes on the complementary colour, red, by up to about half the cast's strength times how dark
    the text beside it is; the threshold rises by that much there."""
    red = _redness(rel, valid)
    t, faint = _thresholds(red)
    allowance = None
    if cast is not None and float(cast.max()) > 0.03:
        darkness = _darkness(rel)
        allowance = 0.6 * cast * cv2.dilate(darkness, np.ones((3, 3), np.uint8))
    masks = []
    for level in ((t, faint) if weak else (t,)):
        mask = ((red > level + allowance) if allowance is not None else (red > level)).astype(np.uint8) * 255
        # JPEG and sensor noise leave single red pixels: drop components of one or two pixels
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        small = stats[:, cv2.CC_STAT_AREA] < 3
        small[0] = False
        if small.any():
            mask[small[labels]] = 0
        masks.append(mask)
    return (masks[0], masks[1]) if weak else masks[0]


# --------------------------------------------------------------------------- ellipse fit and judgement

@dataclass
class _Ellipse:
    cx: float
    cy: float
    a: float  # semi-axis along `theta`
    b: float
    theta: float  # radians

    @classmethod
    def from_cv(cls, box) -> "_Ellipse":
        (cx, cy), (d1, d2), ang = box
        return cls(cx, cy, d1 / 2, d2 / 2, math.radians(ang))

    def points(self, phi: np.ndarray, rho: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Image coordinates at elliptic angle phi (radians) and normalised radius rho (1 = on it)."""
        ct, st = math.cos(self.theta), math.sin(self.theta)
        u, v = self.a * rho * np.cos(phi), self.b * rho * np.sin(phi)
        return self.cx + u * ct - v * st, self.cy + u * st + v * ct


@dataclass
class _Judged:
    ellipse: _Ellipse
    ring: float
    outside: float
    glyphs: float
    fill: float
    rim: float = 0.0  # how deep the red reaches inward from the ellipse, median over directions

    @property
    def score(self) -> float:
        return self.ring - 0.6 * self.outside


def _lookup(mask: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    h, w = mask.shape
    xi, yi = np.rint(x).astype(np.int32), np.rint(y).astype(np.int32)
    inside = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
    out = np.zeros(x.shape, bool)
    out[inside] = mask[yi[inside], xi[inside]] > 0
    return out


def _judge(mask: np.ndarray, e: _Ellipse, full: bool = False, weak: np.ndarray | None = None) -> _Judged:
    """Ring coverage (ink within the ellipse's band in each direction) and red just outside; with
    `full`, also glyph coverage inside and the red share of the inside. Ring and glyphs are
    looked for in `weak` (fainter red) when given: a faded seal's ink is pale."""
    small = max(min(e.a, e.b), 1.0)
    tol = max(0.05, 2.5 / small)
    phi = np.linspace(0, 2 * np.pi, ANGLES, endpoint=False)[:, None]
    step = 1.2 / small
    ink = weak if weak is not None else mask
    band = np.arange(1 - tol, 1 + tol + 1e-9, step)[None, :]
    ring = _lookup(ink, *e.points(phi, band)).any(axis=1).mean()
    out_r = np.arange(1 + 2 * tol + 0.04, 1.3, step)[None, :]
    outside = _lookup(mask, *e.points(phi, out_r)).any(axis=1).mean() if out_r.size else 0.0
    glyphs = fill = rim = 0.0
    if full:
        in_r = np.arange(0.25, 1 - 2 * tol, step)[None, :]
        if in_r.size:
            glyphs = _lookup(ink, *e.points(phi, in_r)).any(axis=1).mean()
            fill = _lookup(mask, *e.points(phi, in_r)).mean()
        # a ring is a line: going inward from where the red starts, it stops soon (a face or a
        # red disc goes on); the run of red from the outside in, in each direction
        down = np.arange(1 + tol, 0.25, -step)
        hits = _lookup(mask, *e.points(phi, down[None, :]))
        have = hits.any(axis=1)
        if have.any():
            first = np.argmax(hits, axis=1)
            filled = hits | (np.arange(down.size)[None, :] < first[:, None])
            end = np.where((~filled).any(axis=1), np.argmax(~filled, axis=1), down.size)
            rim = float(np.median((end - first)[have])) * step
    return _Judged(e, float(ring), float(outside), float(glyphs), float(fill), rim)


def _rim_points(pts: np.ndarray, bins: int = 72) -> np.ndarray:
    """The farthest point from the centroid in each of `bins` directions (x, y)."""
    c = pts.mean(axis=0)
    d = pts - c
    ang = ((np.arctan2(d[:, 1], d[:, 0]) + np.pi) / (2 * np.pi) * bins).astype(np.int32) % bins
    dist = np.hypot(d[:, 0], d[:, 1])
    order = np.lexsort((dist, ang))  # by bin, then distance: the last of each bin is the farthest
    last = np.r_[ang[order][1:] != ang[order][:-1], True]
    return pts[order][last].astype(np.float32)


def _cluster_rim(mask: np.ndarray) -> np.ndarray | None:
    """The outer rim of the red in a cluster crop (see `_rim_points`), None when too little."""
    ys, xs = np.nonzero(mask)
    if xs.size < 20:
        return None
    rim = _rim_points(np.column_stack([xs, ys]).astype(np.float32))
    return rim if len(rim) >= 8 else None


def _unexplained(rim: np.ndarray, found: list["_Ellipse"], margin: float = 0.12) -> np.ndarray:
    """The rim points that lie outside every found ellipse by more than `margin` of its radius:
    the part of a cluster's outline another stamp must account for."""
    keep = np.ones(len(rim), bool)
    for e in found:
        dx, dy = rim[:, 0] - e.cx, rim[:, 1] - e.cy
        c, s_ = math.cos(e.theta), math.sin(e.theta)
        u, v = (dx * c + dy * s_) / max(e.a, 1e-6), (-dx * s_ + dy * c) / max(e.b, 1e-6)
        keep &= np.hypot(u, v) > 1 + margin
    return rim[keep]


def _fit(mask: np.ndarray, rng: np.random.Generator, short: float, tries: int = 32,
         rim: np.ndarray | None = None) -> _Judged | None:
    """The ellipse that best explains the outer rim of the red in `mask` (a cluster crop), or the
    rim points given, among those of a seal's size and shape on a page whose shorter side is
    `short` pixels."""
    if rim is None:
        rim = _cluster_rim(mask)
    if rim is None or len(rim) < 8:
        return None
    c = rim.mean(axis=0)
    rim = rim[np.argsort(np.arctan2(rim[:, 1] - c[1], rim[:, 0] - c[0]))]
    n = len(rim)
    # five rim points from five different directions per try
    starts = rng.integers(0, n, size=(tries, 1))
    offsets = (np.arange(5)[None, :] * n) // 5 + rng.integers(0, max(1, n // 5), size=(tries, 5))
    samples = (starts + offsets) % n
    candidates = [cv2.fitEllipse(rim)]
    for idx in samples:
        try:
            candidates.append(cv2.fitEllipse(rim[idx]))
        except cv2.error:
            continue
    # Two stamps that overlap (a unit's and the approving bureau's, 双盖章) make one cluster whose
    # outer rim is two arcs: five points spread round it fit neither. Each seal owns a contiguous
    # part of that rim, so ellipses fitted to contiguous arcs find them one at a time.
    for share in ARC_SHARES:
        width = max(6, int(n * share))
        for start in range(0, n, max(1, n // ARC_STARTS)):
            try:
                candidates.append(cv2.fitEllipse(rim[(start + np.arange(width)) % n]))
            except cv2.error:
                continue
    lo, hi = 0.8 * MIN_DIAMETER * short / 2, 1.2 * MAX_DIAMETER * short / 2
    best: _Judged | None = None
    for box in candidates:
        e = _Ellipse.from_cv(box)
        if not (np.isfinite([e.cx, e.cy, e.a, e.b]).all()):
            continue
        big, small = max(e.a, e.b), min(e.a, e.b)
        if not (lo <= big <= hi) or big > 2.2 * small:
            continue
        j = _judge(mask, e)
        if best is None or j.score > best.score:
            best = j
            if j.score >= 0.97:
                break
    if best is None:
        return None
    return _refine(mask, best)


def _refine(mask: np.ndarray, best: _Judged, weak: np.ndarray | None = None) -> _Judged:
    """Fit again to the ink that lies on the chosen ellipse (outermost in each direction) while
    that explains the ring better; then judge it in full."""
    for _ in range(3):
        e = best.ellipse
        small = min(e.a, e.b)
        tol = max(0.08, 4.0 / small)
        phi = np.linspace(0, 2 * np.pi, ANGLES, endpoint=False)[:, None]
        rho = np.arange(1 - tol, 1 + tol, 1.0 / small)[None, :]
        x, y = e.points(phi, rho)
        hits = _lookup(mask, x, y)
        have = hits.any(axis=1)
        if have.sum() < 12:
            break
        outer = hits.shape[1] - 1 - np.argmax(hits[:, ::-1], axis=1)
        sel = np.nonzero(have)[0]
        px, py = x[sel, outer[sel]], y[sel, outer[sel]]
        refit = _judge(mask, _Ellipse.from_cv(cv2.fitEllipse(np.column_stack([px, py]).astype(np.float32))))
        if refit.score + 1e-6 < best.score:
            break
        best = refit
    return _judge(mask, best.ellipse, full=True, weak=weak)


def _accept(j: _Judged, short: float) -> bool:
    e = j.ellipse
    big, small = max(e.a, e.b), min(e.a, e.b)
    if not (MIN_DIAMETER * short <= 2 * big <= MAX_DIAMETER * short) or big / max(small, 1e-6) > MAX_ASPECT:
        return False
    if j.ring < MIN_RING or j.outside > MAX_OUTSIDE or j.fill > MAX_FILL or j.rim > MAX_RIM:
        return False
    return j.glyphs >= MIN_GLYPHS or j.ring >= PLAIN_RING


def _seals_in(mask: np.ndarray, short: float, weak: np.ndarray | None = None,
              sharper: Callable[[_Ellipse], _Judged | None] | None = None) -> list[_Judged]:
    """Seals in a red mask (work scale); `weak`: fainter red, for judging a fitted ring; `sharper`:
    a ring judged again at the page's own resolution, for one that fails only as too full."""
    k1 = max(3, round(short * 0.012)) | 1
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k1, k1)))
    k2 = max(3, round(short * 0.04)) | 1
    grouped = cv2.dilate(closed, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k2, k2)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(grouped, connectivity=8)
    found: list[_Judged] = []
    rng = np.random.default_rng(12)
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if max(w, h) < 0.8 * MIN_DIAMETER * short or min(w, h) < 0.5 * MIN_DIAMETER * short:
            continue
        crop = np.where(labels[y:y + h, x:x + w] == i, mask[y:y + h, x:x + w], 0).astype(np.uint8)
        total = cv2.countNonZero(crop)
        outline = _cluster_rim(crop)
        here: list[_Ellipse] = []  # found in this cluster, crop coordinates
        rest: np.ndarray | None = None  # the outline they leave unexplained
        for _ in range(3):  # seals that touch (two stamps side by side) share a cluster
            # after a first seal, the outline's unexplained arc is the next stamp's own rim (stamps
            # that overlap); failing that, what is left of the red once the seal is erased
            j = _fit(crop, rng, short, rim=rest) if rest is not None else None
            if j is None or _repeats(j.ellipse, here):
                j = _fit(crop, rng, short)
            if j is None or _repeats(j.ellipse, here):
                break
            e = j.ellipse
            # refined and judged on the whole page's red: a broken ring's arcs, the glyphs and the
            # star inside may be clusters of their own
            j = _refine(mask, _judge(mask, _Ellipse(e.cx + x, e.cy + y, e.a, e.b, e.theta)), weak)
            if not _accept(j, short) and sharper is not None and _only_full(j, short):
                j = sharper(j.ellipse) or j
            if not _accept(j, short):
                break
            found.append(j)
            g = j.ellipse
            here.append(_Ellipse(g.cx - x, g.cy - y, g.a, g.b, g.theta))
            cv2.ellipse(crop, ((e.cx, e.cy), (2 * e.a * 1.15, 2 * e.b * 1.15), math.degrees(e.theta)), 0, -1)
            rest = _unexplained(outline, here) if outline is not None else None
            if rest is not None and len(rest) < 8:
                rest = None
            if rest is None and cv2.countNonZero(crop) < 0.3 * total:
                break
    return found


def _only_full(j: _Judged, short: float) -> bool:
    """A ring that fails only by the red inside it (its fill or how deep its rim reaches): a small
    seal in a photo of a whole page, its ring, ring text and star run together by the page's
    reduction to work scale (blind generation 8's overhead-camera 公示表: rim 0.121, fill 0.30)."""
    e = j.ellipse
    big, small = max(e.a, e.b), min(e.a, e.b)
    return (MIN_DIAMETER * short <= 2 * big <= MAX_DIAMETER * short and big / max(small, 1e-6) <= MAX_ASPECT
            and j.ring >= MIN_RING and j.outside <= MAX_OUTSIDE and j.glyphs >= MIN_GLYPHS
            and (j.fill > MAX_FILL or j.rim > MAX_RIM))


def _native(image: np.ndarray, scale: float) -> Callable[[_Ellipse], _Judged | None] | None:
    """A judge of a work-scale ring on the page at its own resolution (None: the page is its own
    work scale). The ring must pass there as it is, refitted only to its own ink: the page's
    reduction merges a small seal's ring, text and star, its own resolution keeps them apart."""
    if scale >= 0.999:
        return None
    h, w = image.shape[:2]

    def judge(e: _Ellipse) -> _Judged | None:
        cx, cy, r = e.cx / scale, e.cy / scale, max(e.a, e.b) / scale
        x0, y0 = max(0, int(cx - NATIVE_MARGIN * r)), max(0, int(cy - NATIVE_MARGIN * r))
        x1, y1 = min(w, int(cx + NATIVE_MARGIN * r) + 1), min(h, int(cy + NATIVE_MARGIN * r) + 1)
        crop = image[y0:y1, x0:x1]
        if crop.ndim == 2 or min(crop.shape[:2]) < 16:
            return None
        rel, valid, cast = paper_relative(crop[:, :, :3])
        mask, weak = _red_mask_work(rel, valid, cast, weak=True)
        here = _Ellipse(cx - x0, cy - y0, e.a / scale, e.b / scale, e.theta)
        j = _refine(mask, _judge(mask, here), weak)
        if not _accept(j, min(h, w)):
            return None
        g = j.ellipse
        return _Judged(_Ellipse((g.cx + x0) * scale, (g.cy + y0) * scale, g.a * scale, g.b * scale, g.theta),
                       j.ring, j.outside, j.glyphs, j.fill, j.rim)

    return judge


def _repeats(e: "_Ellipse", found: list["_Ellipse"]) -> bool:
    """A fit centred within the middle of a seal already found: that seal again (its ring text
    or a ring within a double ring), not another stamp."""
    return any(math.hypot(e.cx - f.cx, e.cy - f.cy) < 0.35 * min(f.a, f.b) for f in found)


_RECENT: "OrderedDict[tuple, SealScan]" = OrderedDict()  # the same page image is scanned under
_RECENT_LOCK = threading.Lock()  # the seal (underseal.py) and for the integrity facts


def _image_key(image: np.ndarray) -> tuple:
    return (image.shape, str(image.dtype),
            hashlib.blake2b(np.ascontiguousarray(image).data, digest_size=16).hexdigest())


def scan_seals(image: np.ndarray, shapes: bool = True) -> SealScan:
    """The seals on a BGR page image (largest first) and whether the page shows colour at all.
    On a page without colour, with `shapes`, round seals are looked for by their shape alone
    (`kind="shape"`); pass False for a page whose lack of colour is certain (a vector PDF page)."""
    if image is None or image.size == 0:
        return SealScan([], False, True)
    key = (_image_key(image), shapes)
    with _RECENT_LOCK:
        if key in _RECENT:
            _RECENT.move_to_end(key)
            return _RECENT[key]
    scan = _scan(image, shapes)
    with _RECENT_LOCK:
        _RECENT[key] = scan
        while len(_RECENT) > 8:
            _RECENT.popitem(last=False)
    return scan


def _scan(image: np.ndarray, shapes: bool = True) -> SealScan:
    h, w = image.shape[:2]
    work, scale = _work(image)
    short = float(min(work.shape[:2]))
    rel, valid, cast = paper_relative(work)
    seals: list[Seal] = []
    colour = False
    gray_data = _gray_data(work)
    if not gray_data:
        mask, weak = _red_mask_work(rel, valid, cast, weak=True)
        if cv2.countNonZero(mask) >= 0.0003 * mask.size:
            found = _seals_in(mask, short, weak, _native(image, scale))
            # a faded seal may be too pale for the red mask to hold its ring together: look again
            # in the fainter red, away from the seals already found
            for j in _seals_in(weak, short, weak):
                if not any(math.hypot(j.ellipse.cx - f.ellipse.cx, j.ellipse.cy - f.ellipse.cy)
                           < max(f.ellipse.a, f.ellipse.b) for f in found):
                    found.append(j)
            if not found and cv2.countNonZero(mask) >= RED_PRINT_SHARE * mask.size:
                # a form printed in red (a carbonless 登记表): its rules join every seal to the table
                found = _seals_in(_without_rules(mask, short), short, _without_rules(weak, short))
            for j in found:
                e = j.ellipse
                big, small = max(e.a, e.b), min(e.a, e.b)
                angle = math.degrees(e.theta) + (0.0 if e.a >= e.b else 90.0)
                # the ellipse's bounding box, in the original image's pixels
                ct, st = math.cos(e.theta), math.sin(e.theta)
                hx, hy = math.hypot(e.a * ct, e.b * st), math.hypot(e.a * st, e.b * ct)
                x0, y0 = (e.cx - hx) / scale, (e.cy - hy) / scale
                x1, y1 = (e.cx + hx) / scale, (e.cy + hy) / scale
                seals.append(Seal(
                    bbox=BBox(x0=max(0.0, x0 / w), y0=max(0.0, y0 / h), x1=min(1.0, x1 / w), y1=min(1.0, y1 / h)),
                    center=(e.cx / scale, e.cy / scale), axes=(big / scale, small / scale),
                    red_share=j.fill, angle=angle % 180.0, ring=j.ring, glyphs=j.glyphs))
        colour = bool(seals) or _shows_colour(rel, valid)
    if not colour and shapes:
        seals = [Seal(bbox=BBox(x0=max(0.0, (cx - r) / scale / w), y0=max(0.0, (cy - r) / scale / h),
                                x1=min(1.0, (cx + r) / scale / w), y1=min(1.0, (cy + r) / scale / h)),
                      center=(cx / scale, cy / scale), axes=(r / scale, r / scale), red_share=0.0,
                      ring=ring, glyphs=glyphs, kind="shape")
                 for cx, cy, r, ring, glyphs in _gray_rings(rel, short)]
    return SealScan(sorted(seals, key=lambda s: -(s.axes[0] * s.axes[1])), colour, gray_data)


def _without_rules(mask: np.ndarray, short: float) -> np.ndarray:
    """The mask less its long straight runs, across or down (a table's rules, underlines): a seal's
    ring is curved, so a rule is never part of it."""
    n = max(3, int(RULE_LENGTH * short))
    across = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (n, 1)))
    down = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, n)))
    rules = cv2.dilate(cv2.bitwise_or(across, down), np.ones((3, 3), np.uint8))
    return cv2.bitwise_and(mask, cv2.bitwise_not(rules))


def _gray_rings(rel: Planes, short: float) -> list[tuple[float, float, float, float, float]]:
    """Round seals on a page without colour (a grayscale scan or photocopy): a circle of seal size
    (Hough) drawn as a line of ink in nearly every direction, with clearly less ink on one side of
    it (text around or under a seal covers both bands about equally; a seal's own name runs right
    inside its ring, so the clear side is often only the outside), and glyphs inside. One seal's
    ring and the circle of its name inside it are one seal: the outer is kept. Only ever evidence
    that a seal is there: (cx, cy, r, ring, glyphs), work pixels."""
    dark = _darkness(rel)
    ink = ((dark > 0.3) * 255).astype(np.uint8)
    smooth = cv2.GaussianBlur((255 - dark * 255).astype(np.uint8), (5, 5), 1.5)
    lo, hi = int(MIN_DIAMETER * short / 2), int(0.3 * MAX_DIAMETER * short)
    circles = cv2.HoughCircles(smooth, cv2.HOUGH_GRADIENT_ALT, dp=1.5, minDist=lo, param1=200, param2=0.6,
                               minRadius=lo, maxRadius=hi)
    out = []
    phi = np.linspace(0, 2 * np.pi, ANGLES, endpoint=False)[:, None]
    for cx, cy, r in (circles[0][:12] if circles is not None else []):
        e = _Ellipse(float(cx), float(cy), float(r), float(r), 0.0)
        tol = max(0.05, 2.5 / r)

        def cover(a: float, b: float) -> float:
            rho = np.arange(a, b, 1.0 / r)[None, :]
            return float(_lookup(ink, *e.points(phi, rho)).any(axis=1).mean()) if rho.size else 0.0

        ring = cover(1 - tol, 1 + tol)
        beside = min(cover(1 - 4 * tol, 1 - 2 * tol), cover(1 + 2 * tol, 1 + 4 * tol))
        glyphs = cover(0.3, 1 - 4 * tol)
        if ring >= 0.8 and ring - beside >= 0.25 and glyphs >= 0.3:
            out.append((float(cx), float(cy), float(r), ring, glyphs))
    out.sort(key=lambda c: -c[2])
    kept: list[tuple[float, float, float, float, float]] = []
    for c in out:
        if not any(math.hypot(c[0] - k[0], c[1] - k[1]) < 0.5 * k[2] for k in kept):
            kept.append(c)
    return kept


def find_seals(image: np.ndarray) -> list[Seal]:
    """Red ring-shaped marks on a BGR page image, largest first."""
    return scan_seals(image).seals


# --------------------------------------------------------------------------- ring text

STRIP_HEIGHT = 64  # pixels of the band in the strip: the recogniser reads lines ~48 px tall
SEAL_CROP_SIDE = 360  # the seal is read from a crop resampled to about this many pixels across


def seal_ink(image: np.ndarray, seal: Seal, margin: float = 1.12) -> tuple[np.ndarray, tuple[float, float], float]:
    """Ink of the seal's colour in a square crop around it as darkness 0..1 (float32), the seal's
    centre in the crop and the crop's scale (crop pixels per image pixel). Colour is judged
    relative to the crop's own paper (its bright pixels), so black text under the seal is not ink."""
    h, w = image.shape[:2]
    cx, cy = seal.center
    half = max(seal.axes) * margin
    x0, y0 = max(0, int(cx - half)), max(0, int(cy - half))
    x1, y1 = min(w, int(cx + half) + 1), min(h, int(cy + half) + 1)
    crop = image[y0:y1, x0:x1]
    if crop.ndim == 2:
        crop = cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)
    scale = SEAL_CROP_SIDE / max(1.0, 2 * half)
    if abs(scale - 1.0) > 0.05:
        crop = cv2.resize(crop, (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale))),
                          interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    img = crop.astype(np.float32)
    gray = img.mean(axis=2)
    paper_px = img[gray >= np.percentile(gray, 70)]
    paper = np.maximum(np.median(paper_px, axis=0), 8.0) if paper_px.size else np.full(3, 255.0, np.float32)
    rel = img / paper
    if np.ptp(rel, axis=2).max() < 0.06:  # no colour in the crop: ink is darkness
        ink = 1.0 - rel.mean(axis=2)
    else:
        ink = rel[:, :, 2] - np.maximum(rel[:, :, 1], rel[:, :, 0])
    top = float(np.percentile(ink, 99.0))
    ink = np.clip((ink - 0.04) / max(top - 0.04, 0.05), 0.0, 1.0).astype(np.float32)
    return ink, ((cx - x0) * scale, (cy - y0) * scale), scale


def _elliptic_maps(center: tuple[float, float], a: float, b: float, theta: float, rho_in: float, rho_out: float,
                   start: float, height: int) -> tuple[np.ndarray, np.ndarray]:
    """cv2.remap maps that unwrap the band rho_in..rho_out of an ellipse (semi-axes a along
    theta, b across) into a strip: top row = outer edge, columns clockwise from elliptic angle
    `start`, evenly spaced along the arc (an oval's ends are not squeezed)."""
    mid = (rho_in + rho_out) / 2
    t = np.linspace(0.0, 2 * np.pi, 2049)
    ct, st = math.cos(theta), math.sin(theta)
    xs, ys = a * mid * np.cos(t + start), b * mid * np.sin(t + start)
    arc = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(xs), np.diff(ys)))])
    length = arc[-1]
    pixel = (rho_out - rho_in) * min(a, b) / height  # image pixels per strip row
    width = max(8, int(length / pixel))
    tt = np.interp(np.linspace(0.0, length, width, endpoint=False), arc, t) + start
    rr = np.linspace(rho_out, rho_in, height)
    u = a * rr[:, None] * np.cos(tt)[None, :]
    v = b * rr[:, None] * np.sin(tt)[None, :]
    return ((center[0] + u * ct - v * st).astype(np.float32), (center[1] + u * st + v * ct).astype(np.float32))


def ring_profile(ink: np.ndarray, center: tuple[float, float], a: float, b: float, theta: float) -> np.ndarray:
    """Share of directions with ink at each normalised radius 0.00, 0.01 … 1.10."""
    rho = np.arange(0.0, 1.105, 0.01)
    phi = np.linspace(0, 2 * np.pi, 180, endpoint=False)
    ct, st = math.cos(theta), math.sin(theta)
    u = a * rho[None, :] * np.cos(phi)[:, None]
    v = b * rho[None, :] * np.sin(phi)[:, None]
    x = (center[0] + u * ct - v * st).astype(np.float32)
    y = (center[1] + u * st + v * ct).astype(np.float32)
    vals = cv2.remap(ink, x, y, cv2.INTER_LINEAR, borderValue=0)
    return (vals > 0.35).mean(axis=0)


def text_bands(profile: np.ndarray) -> list[tuple[float, float]]:
    """Radius bands (normalised) that may hold the ring text, best guess first: from just inside
    the innermost ring (a line of ink in nearly every direction, maybe doubled) down to where the
    glyphs stop; then two fixed bands as fallbacks."""
    rho = np.arange(profile.size) * 0.01
    bands: list[tuple[float, float]] = []
    outer = profile[80:].max() if profile.size > 80 else 0.0
    ring = np.nonzero((profile >= max(0.35, 0.6 * outer)) & (rho >= 0.7))[0]
    if ring.size:
        # the innermost ring line: ring lines follow each other closely (a double ring)
        k = ring.size - 1
        while k > 0 and ring[k] - ring[k - 1] <= 12:
            k -= 1
        i = int(ring[k]) - 2  # past the ring's anti-aliased edge
        top = i
        # the ring's fading inner edge and the blank between ring and glyphs
        while i > 30 and (profile[i] < 0.1 or profile[i] < profile[i + 1]):
            i -= 1
        if i > 30:
            # down through the glyphs until the profile stays low (the star or centre text may
            # follow after a gap)
            low, quiet = i, 0
            while low > 25 and quiet < 3:
                low -= 1
                quiet = quiet + 1 if profile[low] < 0.08 else 0
            low += quiet
            lo, hi = rho[low] - 0.03, rho[top] + 0.01
            lo = min(max(lo, hi - 0.45), hi - 0.18)
            bands.append((round(float(lo), 2), round(float(hi), 2)))
    for band in ((0.55, 0.93), (0.45, 0.82)):
        if not any(abs(band[0] - b[0]) < 0.05 and abs(band[1] - b[1]) < 0.05 for b in bands):
            bands.append(band)
    return bands


def _cut_angle(ink: np.ndarray, center, a, b, theta, band) -> float:
    """The elliptic angle at the middle of the widest gap in the band's glyphs: the ring text
    starts after it, wherever the seal was turned."""
    x, y = _elliptic_maps(center, a, b, theta, band[0], band[1], 0.0, 16)
    strip = cv2.remap(ink, x, y, cv2.INTER_LINEAR, borderValue=0)
    cols = (strip > 0.35).mean(axis=0) > 0.04
    n = cols.size
    if cols.all() or not cols.any():
        return math.pi / 2  # 6 o'clock
    # the longest circular run of empty columns
    doubled = np.concatenate([~cols, ~cols])
    best_len, best_end, run = 0, 0, 0
    for i, empty in enumerate(doubled):
        run = run + 1 if empty else 0
        if run > best_len and run <= n:
            best_len, best_end = run, i
    middle = (best_end - best_len / 2) % n
    return 2 * np.pi * middle / n  # evenly spaced along the arc ~ the angle, close enough for a cut


def ring_strip(ink: np.ndarray, center: tuple[float, float], a: float, b: float, theta: float,
               band: tuple[float, float], start: float, flip: bool = False, copies: int = 1) -> np.ndarray:
    """The band unwrapped into a BGR strip of dark glyphs on white, from `start` clockwise;
    `flip`: turned 180° (text running counter-clockwise, tops inward, as along a seal's bottom)."""
    x, y = _elliptic_maps(center, a, b, theta, band[0], band[1], start, STRIP_HEIGHT)
    strip = cv2.remap(ink, x, y, cv2.INTER_LINEAR, borderValue=0)
    if copies > 1:
        strip = np.concatenate([strip] * copies, axis=1)
    if flip:
        strip = strip[::-1, ::-1]
    strip = (255 - np.clip(strip * 255, 0, 255)).astype(np.uint8)
    pad = STRIP_HEIGHT // 2
    strip = cv2.copyMakeBorder(strip, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    return cv2.cvtColor(strip, cv2.COLOR_GRAY2BGR)


@dataclass(frozen=True)
class RingStrip:
    name: str  # what it is, for the OCR cache key: band and direction
    image: np.ndarray


def ring_variant(i: int, seal: Seal) -> str:
    """The OCR cache variant of the `i`-th seal's ring readings on a page: one key for every step that
    reads a ring (the seal facts, the second look under seals), so a ring is read once."""
    return f"seal2:{i}:{seal.bbox.as_list()}"


def ring_strips(image: np.ndarray, seal: Seal, flip: bool = False) -> list[RingStrip]:
    """Strips of the seal's ring text to read, most promising first: the text band found from the
    seal's own rings, then fixed bands; each cut at the widest gap of the text. With `flip`, the
    same strips turned 180° (counter-clockwise text)."""
    ink, center, scale = seal_ink(image, seal)
    a, b = seal.axes[0] * scale, seal.axes[1] * scale
    theta = math.radians(seal.angle)
    out: list[RingStrip] = []
    for band in text_bands(ring_profile(ink, center, a, b, theta)):
        start = _cut_angle(ink, center, a, b, theta, band)
        out.append(RingStrip(f"{band[0]:.2f}-{band[1]:.2f}{':flip' if flip else ''}",
                             ring_strip(ink, center, a, b, theta, band, start, flip)))
    return out


def unwrap_ring_text(image: np.ndarray, seal: Seal, copies: int = 2) -> np.ndarray:
    """The seal's ring text as one straight strip (dark text on white), the first of
    `ring_strips`, repeated `copies` times so that text crossing the cut is whole at least once."""
    ink, center, scale = seal_ink(image, seal)
    a, b = seal.axes[0] * scale, seal.axes[1] * scale
    theta = math.radians(seal.angle)
    band = text_bands(ring_profile(ink, center, a, b, theta))[0]
    start = _cut_angle(ink, center, a, b, theta, band)
    return ring_strip(ink, center, a, b, theta, band, start, copies=copies)


# --------------------------------------------------------------------------- readings

# Words a unit's name contains (公司, 局, 医院 …): a ring reading without one names no unit.
UNIT_WORDS = ["公司", "集团", "局", "院", "学校", "小学", "中学", "大学", "学院", "幼儿园", "中心",
              "站", "所", "厂", "委员会", "协会", "学会", "办公室", "事务所", "合作社", "工作部"]
CLEAN_CONFIDENCE = 0.9  # a ring reading at least this sure, naming a unit in common characters, is clean


def rare_share(text: str) -> float:
    """The share of the Chinese characters of `text` outside GB2312 level 1 (the 3,755 common
    simplified characters): high in a garbled OCR reading of a curved seal, low in a unit name."""
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return 0.0
    rare = 0
    for c in cjk:
        try:
            code = c.encode("gb2312")
        except UnicodeEncodeError:
            rare += 1
            continue
        rare += not (0xB0 <= code[0] <= 0xD7)
    return rare / len(cjk)


def _cjk(text: str) -> int:
    return sum("\u4e00" <= c <= "\u9fff" for c in text)


@dataclass(frozen=True)
class Reading:
    """One reading of a ring strip: the ring text (the strip's lines of Chinese, left to right;
    stray single glyphs and the digit line of a 防伪编码 left out) and its confidence (the
    weakest line's)."""

    text: str
    confidence: float
    strip: str = ""

    @property
    def names_unit(self) -> bool:
        return _cjk(self.text) >= 4 and any(w in self.text for w in UNIT_WORDS)

    @property
    def clean(self) -> bool:
        return self.names_unit and self.confidence >= CLEAN_CONFIDENCE and rare_share(self.text) <= 0.1

    @property
    def quality(self) -> float:
        """For choosing among readings: sure, long enough to be a name, naming a unit, common characters."""
        n = _cjk(self.text)
        return self.confidence * min(1.0, n / 6) * (1.0 if self.names_unit else 0.6) * (1.0 - rare_share(self.text))

    def to_json(self) -> dict:
        return {"text": self.text, "confidence": round(self.confidence, 3), "strip": self.strip}


def reading_of(lines, strip: str = "") -> Reading:
    """The ring text in the OCR lines of one strip (objects with .text, .confidence, .bbox)."""
    kept = []
    for ln in sorted(lines, key=lambda ln: ln.bbox.x0):
        text = "".join(ln.text.split())
        n = _cjk(text)
        if n == 0 or n < 0.5 * len(text):  # digits (a 防伪编码), Latin, punctuation
            continue
        if n == 1 and ln.confidence < 0.9:
            continue
        if ln.confidence < 0.5:
            continue
        kept.append((text, float(ln.confidence)))
    if not kept:
        return Reading("", 0.0, strip)
    return Reading("".join(t for t, _ in kept), min(c for _, c in kept), strip)
