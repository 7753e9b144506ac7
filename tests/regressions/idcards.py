"""ID cards, signed A4 copies, 1-inch photos and look-alikes drawn here, for issue 12.

Nothing is taken from fixtures/: the cards are drawn with Pillow in Noto Sans SC / Noto Serif SC
(PyPI `pylopdf-fonts-zh-cn`) or, where present, a Debian Kai/Ming face, to the layout the law
fixes for the second-generation card (GB 11643 number; front: 姓名 性别 民族 出生 住址 公民身份号码
with the portrait on the right; back: the emblem, 中华人民共和国 居民身份证, 签发机关 有效期限), at
other proportions, spacings and colours than the synthetic corpus. Then they are put on A4 copies
(stacked, side by side, tilted, under a seal and a handwritten 此复印件与原件一致), photographed
(perspective, colour cast, blur, JPEG) or turned by quarter turns.

Every drawing is deterministic (numpy generators seeded by the caller).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from stdnum.cn import ric

try:  # Pillow comes with the OCR stack; the fonts with the dev extra
    from PIL import Image, ImageDraw, ImageFont
except ImportError:  # pragma: no cover
    Image = ImageDraw = ImageFont = None  # type: ignore[assignment]

CARD_MM = (85.6, 54.0)
PX_PER_MM = 10.0  # a card is drawn 856 x 540 px
_DEBIAN = Path("/usr/share/fonts/truetype")


def _noto(kind: str) -> str | None:
    try:
        import pylopdf_fonts_zh_cn as pkg
    except ImportError:
        return None
    path = Path(pkg.serif_path() if kind == "serif" else pkg.sans_path())
    return str(path) if path.is_file() else None


@lru_cache(maxsize=None)
def font_file(face: str) -> str | None:
    """sans | serif (Noto, from the registry) | kai | ming (Debian, optional)."""
    if face in ("sans", "serif"):
        return _noto(face)
    candidates = {"kai": ["lxgw-wenkai/LXGWWenKai-Regular.ttf", "arphic/ukai.ttc"], "ming": ["arphic/uming.ttc"]}[face]
    for rel in candidates:
        if (_DEBIAN / rel).is_file():
            return str(_DEBIAN / rel)
    return None


def available() -> bool:
    return Image is not None and font_file("sans") is not None and font_file("serif") is not None


def faces() -> list[str]:
    return [f for f in ("sans", "serif", "kai", "ming") if font_file(f)]


@lru_cache(maxsize=None)
def _font(face: str, size: int):  # noqa: ANN202
    path = font_file(face) or font_file("sans")
    return ImageFont.truetype(path, size)


def id_number(area: str, birth: date, seq: str) -> str:
    body = f"{area}{birth:%Y%m%d}{seq}"
    return body + ric.calc_check_digit(body + "0")  # stdnum wants a placeholder check digit


@dataclass
class Card:
    name: str = "欧阳明轩"
    gender: str = "男"
    ethnicity: str = "汉"
    birth: date = date(1988, 11, 23)
    address: str = "云南省曲靖市麒麟区南宁西路二十六号附一号"
    number: str = ""
    authority: str = "曲靖市公安局麒麟分局"
    valid_from: date = date(2016, 5, 9)
    valid_until: date | None = date(2036, 5, 9)

    def __post_init__(self) -> None:
        if not self.number:
            self.number = id_number("530302", self.birth, "031" if self.gender == "男" else "042")

    @property
    def validity(self) -> str:
        until = "长期" if self.valid_until is None else f"{self.valid_until:%Y.%m.%d}"
        return f"{self.valid_from:%Y.%m.%d}-{until}"


@dataclass
class Style:
    label_face: str = "sans"
    value_face: str = "serif"
    label_px: int = 26  # label glyph height (a real card prints labels ~2.3 mm, values ~3 mm)
    value_px: int = 34
    label_colour: tuple[int, int, int] = (70, 110, 170)  # RGB; the card's blue labels
    spaced_labels: bool = True  # 姓 名 as printed on the card, with a gap
    background: tuple[int, int, int] = (236, 240, 238)
    faint_labels: float = 1.0  # 1 = as printed; 0.25 = washed out to a quarter of the contrast
    extra: dict = field(default_factory=dict)


def _blank_card(style: Style, rng: np.random.Generator) -> "Image.Image":
    w, h = round(CARD_MM[0] * PX_PER_MM), round(CARD_MM[1] * PX_PER_MM)
    img = Image.new("RGB", (w, h), style.background)
    d = ImageDraw.Draw(img)
    # a faint guilloche of waves, as the card's security print
    for k in range(14):
        y0 = 30 + k * 38
        pts = [(x, y0 + 9 * math.sin(x / 37.0 + k)) for x in range(0, w, 8)]
        d.line(pts, fill=tuple(max(0, c - 10) for c in style.background), width=2)
    d.rounded_rectangle((1, 1, w - 2, h - 2), radius=32, outline=(150, 150, 150), width=3)
    return img


def _label(d, xy, text: str, style: Style) -> float:
    f = _font(style.label_face, style.label_px)
    colour = tuple(round(255 - (255 - c) * style.faint_labels) for c in style.label_colour)
    shown = "  ".join(text) if style.spaced_labels and len(text) == 2 else text
    d.text(xy, shown, font=f, fill=colour, anchor="ls")
    return xy[0] + d.textlength(shown, font=f)


def _value(d, xy, text: str, style: Style, size: int | None = None) -> float:
    f = _font(style.value_face, size or style.value_px)
    d.text(xy, text, font=f, fill=(20, 20, 24), anchor="ls")
    return xy[0] + d.textlength(text, font=f)


def _wrap(d, text: str, width: float, style: Style) -> list[str]:
    f = _font(style.value_face, style.value_px)
    out, cur = [], ""
    for ch in text:
        if d.textlength(cur + ch, font=f) > width and cur:
            out.append(cur)
            cur = ch
        else:
            cur += ch
    return out + [cur] if cur else out


def portrait(size: tuple[int, int], rng: np.random.Generator, background=(250, 250, 250), jacket=None) -> np.ndarray:
    """A head-and-shoulders figure (BGR): hair, an oval face, a neck and a jacket, drawn with
    jitter, on a plain background. No text."""
    w, h = size
    img = np.full((h, w, 3), background[::-1], np.uint8)
    cx = w // 2 + int(rng.integers(-w // 20, w // 20 + 1))
    skin = tuple(int(v) for v in (150 + rng.integers(0, 40), 175 + rng.integers(0, 30), 215 + rng.integers(0, 30)))  # BGR
    jacket = tuple(int(v) for v in rng.integers(20, 90, 3)) if jacket is None else tuple(jacket)
    cv2.ellipse(img, (cx, int(h * 1.02)), (int(w * 0.48), int(h * 0.32)), 0, 180, 360, jacket, -1)
    cv2.rectangle(img, (cx - w // 10, int(h * 0.55)), (cx + w // 10, int(h * 0.75)), skin, -1)
    cv2.ellipse(img, (cx, int(h * 0.38)), (int(w * 0.27), int(h * 0.26)), 0, 0, 360, (25, 25, 30), -1)  # hair
    cv2.ellipse(img, (cx, int(h * 0.44)), (int(w * 0.22), int(h * 0.24)), 0, 0, 360, skin, -1)
    for dx in (-1, 1):
        cv2.circle(img, (cx + dx * int(w * 0.08), int(h * 0.42)), max(2, w // 45), (40, 30, 30), -1)
    cv2.line(img, (cx - w // 14, int(h * 0.56)), (cx + w // 14, int(h * 0.56)), (60, 60, 150), max(2, w // 70))
    return img


def draw_front(card: Card, style: Style | None = None, rng: np.random.Generator | None = None, template: bool = False) -> np.ndarray:
    """The portrait face (BGR). `template`: labels and outline only, no values, no portrait."""
    style = style or Style()
    rng = rng or np.random.default_rng(0)
    img = _blank_card(style, rng)
    d = ImageDraw.Draw(img)
    x, gap = 52, 26
    rows = [105, 170, 235, 300]
    vx = _label(d, (x, rows[0]), "姓名", style) + gap
    if not template:
        _value(d, (vx, rows[0]), card.name, style)
    gx = _label(d, (x, rows[1]), "性别", style) + gap
    if not template:
        _value(d, (gx, rows[1]), card.gender, style)
    nx = _label(d, (x + 200, rows[1]), "民族", style) + gap
    if not template:
        _value(d, (nx, rows[1]), card.ethnicity, style)
    bx = _label(d, (x, rows[2]), "出生", style) + gap
    if not template:
        f = _font(style.value_face, style.value_px)
        cur = bx
        for part, word in ((str(card.birth.year), "年"), (str(card.birth.month), "月"), (str(card.birth.day), "日")):
            cur = _value(d, (cur, rows[2]), part, style) + 8
            cur = _label(d, (cur, rows[2]), word, Style(**{**style.__dict__, "spaced_labels": False})) + 14
        del f
    ax = _label(d, (x, rows[3]), "住址", style) + gap
    if not template:
        for i, part in enumerate(_wrap(d, card.address, 545 - ax, style)[:3]):
            _value(d, (ax, rows[3] + i * 46), part, style)
    lx = _label(d, (x, 468), "公民身份号码", Style(**{**style.__dict__, "spaced_labels": False})) + 40
    if not template:
        f = _font("sans", style.value_px + 4)
        cur = lx
        for ch in card.number:
            d.text((cur, 468), ch, font=f, fill=(20, 20, 24), anchor="ls")
            cur += d.textlength(ch, font=f) + 3
    out = cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)
    if not template:
        pic = portrait((240, 300), rng, background=tuple(style.background))
        out[70:370, 580:820] = pic
    else:
        cv2.rectangle(out, (580, 70), (820, 370), (170, 170, 170), 2)
    return out


def draw_back(card: Card, style: Style | None = None, rng: np.random.Generator | None = None, template: bool = False) -> np.ndarray:
    style = style or Style()
    rng = rng or np.random.default_rng(0)
    img = _blank_card(style, rng)
    d = ImageDraw.Draw(img)
    # the emblem: a red disc with a yellow star and ring
    d.ellipse((50, 40, 190, 180), fill=(200, 40, 36))
    d.ellipse((70, 60, 170, 160), outline=(240, 200, 40), width=6)
    cx, cy, r = 120, 110, 34
    star = [(cx + (r if i % 2 == 0 else r * 0.4) * math.sin(i * math.pi / 5), cy - (r if i % 2 == 0 else r * 0.4) * math.cos(i * math.pi / 5)) for i in range(10)]
    d.polygon(star, fill=(250, 215, 40))
    f_title = _font(style.label_face, 38)
    d.text((250, 95), "中 华 人 民 共 和 国", font=f_title, fill=(30, 30, 34), anchor="ls")
    f_big = _font(style.label_face, 64)
    d.text((240, 185), "居民身份证", font=f_big, fill=(30, 30, 34), anchor="ls")
    sx = _label(d, (150, 400), "签发机关", Style(**{**style.__dict__, "spaced_labels": False})) + 30
    vx = _label(d, (150, 470), "有效期限", Style(**{**style.__dict__, "spaced_labels": False})) + 30
    if not template:
        _value(d, (sx, 400), card.authority, style)
        f = _font("sans", style.value_px)
        d.text((vx, 470), card.validity, font=f, fill=(20, 20, 24), anchor="ls")
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


# --------------------------------------------------------------------------- pages

A4_PX = (1654, 2339)  # 200 dpi


def _paste(page: np.ndarray, card: np.ndarray, centre: tuple[float, float], scale: float, angle: float) -> None:
    """Paste `card` (BGR) into `page` centred at `centre`, scaled and rotated `angle` degrees
    counter-clockwise (multiplied, as a photocopy prints on paper)."""
    h, w = card.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, scale)
    m[0, 2] += centre[0] - w / 2
    m[1, 2] += centre[1] - h / 2
    warped = cv2.warpAffine(card, m, (page.shape[1], page.shape[0]), flags=cv2.INTER_AREA, borderValue=(255, 255, 255))
    np.minimum(page, warped, out=page)


def ink_text(page: np.ndarray, xy: tuple[int, int], text: str, size: int, colour=(30, 40, 120), angle: float = 0.0, face: str = "kai") -> None:
    """Handwriting-like text (BGR colour) laid on the page, optionally rotated."""
    f = _font(face if font_file(face) else "serif", size)
    tmp = Image.new("L", (int(size * (len(text) + 2)), int(size * 1.8)), 0)
    ImageDraw.Draw(tmp).text((size // 2, int(size * 1.3)), text, font=f, fill=255, anchor="ls")
    mask = np.asarray(tmp.rotate(angle, expand=True, resample=Image.BICUBIC), dtype=np.float32) / 255.0
    x, y = xy
    h, w = mask.shape
    h, w = min(h, page.shape[0] - y), min(w, page.shape[1] - x)
    region = page[y:y + h, x:x + w].astype(np.float32)
    m = mask[:h, :w, None]
    page[y:y + h, x:x + w] = (region * (1 - m) + np.array(colour, np.float32) * m).astype(np.uint8)


def seal(page: np.ndarray, centre: tuple[int, int], text: str, radius: int = 150, colour=(40, 40, 215)) -> None:
    """A round red seal (BGR) multiplied onto the page: ring, star, ring text."""
    ink = np.full(page.shape, 255, np.uint8)
    cv2.circle(ink, centre, radius, colour, 7)
    cx, cy = centre
    pts = np.array([(cx + (radius * 0.28 if i % 2 == 0 else radius * 0.11) * math.sin(i * math.pi / 5),
                     cy - (radius * 0.28 if i % 2 == 0 else radius * 0.11) * math.cos(i * math.pi / 5)) for i in range(10)], np.int32)
    cv2.fillPoly(ink, [pts], colour)
    f = _font("sans", int(radius * 0.22))
    n = len(text)
    for i, ch in enumerate(text):
        a = math.radians(-120 + 240 * i / max(1, n - 1))
        tmp = Image.new("L", (int(radius * 0.3), int(radius * 0.3)), 0)
        ImageDraw.Draw(tmp).text((int(radius * 0.15), int(radius * 0.15)), ch, font=f, fill=255, anchor="mm")
        glyph = np.asarray(tmp.rotate(-math.degrees(a), resample=Image.BICUBIC))
        gx = int(cx + radius * 0.75 * math.sin(a) - glyph.shape[1] / 2)
        gy = int(cy - radius * 0.75 * math.cos(a) - glyph.shape[0] / 2)
        sub = ink[gy:gy + glyph.shape[0], gx:gx + glyph.shape[1]]
        sub[glyph[: sub.shape[0], : sub.shape[1]] > 128] = colour
    np.minimum(page, ink, out=page)


def a4_copy(front: np.ndarray, back: np.ndarray, arrangement: str = "stacked", tilt: tuple[float, float] = (0.0, 0.0),
            signed: bool = True, stamped: bool = True, grey: bool = True, scale: float = 1.17) -> np.ndarray:
    """An A4 page (200 dpi, BGR) with both faces copied at life size (`scale` px per card px),
    then signed and stamped. Arrangements: stacked | side_by_side (A4 landscape) | diagonal."""
    if arrangement == "side_by_side":
        page = np.full((A4_PX[0], A4_PX[1], 3), 255, np.uint8)
        centres = [(A4_PX[1] * 0.27, A4_PX[0] * 0.33), (A4_PX[1] * 0.73, A4_PX[0] * 0.33)]
    elif arrangement == "diagonal":
        page = np.full((A4_PX[1], A4_PX[0], 3), 255, np.uint8)
        centres = [(A4_PX[0] * 0.34, A4_PX[1] * 0.19), (A4_PX[0] * 0.64, A4_PX[1] * 0.52)]
    else:
        page = np.full((A4_PX[1], A4_PX[0], 3), 255, np.uint8)
        centres = [(A4_PX[0] * 0.5, A4_PX[1] * 0.2), (A4_PX[0] * 0.5, A4_PX[1] * 0.45)]
    for face, centre, angle in ((front, centres[0], tilt[0]), (back, centres[1], tilt[1])):
        copy = face
        if grey:
            g = cv2.cvtColor(face, cv2.COLOR_BGR2GRAY)
            g = cv2.convertScaleAbs(g, alpha=1.25, beta=-40)  # a photocopy: more contrast, no colour
            copy = cv2.cvtColor(g, cv2.COLOR_GRAY2BGR)
        _paste(page, copy, centre, scale, angle)
    h, w = page.shape[:2]
    if signed:
        ink_text(page, (int(w * 0.12), int(h * (0.70 if arrangement != "side_by_side" else 0.64))), "此复印件与原件一致", 64, angle=3)
        ink_text(page, (int(w * 0.45), int(h * (0.78 if arrangement != "side_by_side" else 0.76))), "欧阳明轩 2024.8.12", 58, angle=2)
    if stamped:
        seal(page, (int(w * 0.62), int(h * (0.47 if arrangement != "side_by_side" else 0.4))), "曲靖市麒麟区农业技术推广中心")
    return page


def photograph(page: np.ndarray, rng: np.random.Generator, tilt: float = 0.08, cast: tuple[float, float, float] = (0.92, 1.0, 1.12),
               backdrop: tuple[int, int, int] = (70, 80, 95), blur: float = 1.2, long_side: int = 2600, margin: float = 0.12) -> np.ndarray:
    """A phone photo of `page` lying on a desk: perspective, a colour cast (warm lamp), uneven
    light, blur and noise."""
    h, w = page.shape[:2]
    mx, my = int(w * margin), int(h * margin)
    canvas_w, canvas_h = w + 2 * mx, h + 2 * my
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    jitter = lambda s: float(rng.uniform(-s, s))  # noqa: E731
    dst = np.float32([
        [mx + jitter(tilt * w), my + jitter(tilt * h * 0.5)],
        [mx + w + jitter(tilt * w), my + jitter(tilt * h * 0.5)],
        [mx + w + jitter(tilt * w * 0.5), my + h + jitter(tilt * h * 0.3)],
        [mx + jitter(tilt * w * 0.5), my + h + jitter(tilt * h * 0.3)],
    ])
    m = cv2.getPerspectiveTransform(src, dst)
    out = cv2.warpPerspective(page, m, (canvas_w, canvas_h), borderValue=backdrop)
    f = out.astype(np.float32)
    f *= np.array(cast, np.float32)[None, None, :]
    yy, xx = np.mgrid[0:canvas_h, 0:canvas_w].astype(np.float32)
    light = 0.82 + 0.18 * (xx / canvas_w) * (1 - 0.4 * yy / canvas_h)
    f *= light[:, :, None]
    f += rng.normal(0, 4.0, f.shape).astype(np.float32)
    out = np.clip(f, 0, 255).astype(np.uint8)
    if blur:
        out = cv2.GaussianBlur(out, (0, 0), blur)
    scale = long_side / max(out.shape[:2])
    return cv2.resize(out, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def card_photo(face: np.ndarray, rng: np.random.Generator, turn: int | None = None, backdrop=(60, 55, 50), tilt: float = 0.05) -> np.ndarray:
    """A phone photo of one card on a desk, optionally turned by a quarter turn (cv2 code)."""
    out = photograph(face, rng, tilt=tilt, backdrop=backdrop, long_side=1600, margin=0.18, blur=0.8)
    return out if turn is None else cv2.rotate(out, turn)


def jpeg(img: np.ndarray, quality: int = 70) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def jpeg_bytes(img: np.ndarray, quality: int = 80) -> bytes:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return buf.tobytes()


def image_pdf(img: np.ndarray, quality: int = 75) -> bytes:
    """An image-only PDF (A4, the picture fills the page), as a scanner or a phone app writes."""
    import pymupdf

    doc = pymupdf.open()
    h, w = img.shape[:2]
    pw, ph = (595.0, 842.0) if h >= w else (842.0, 595.0)
    page = doc.new_page(width=pw, height=ph)
    page.insert_image(page.rect, stream=jpeg_bytes(img, quality))
    data = doc.tobytes()
    doc.close()
    return data


def text_page(lines: list[tuple[str, int, bool]], face: str = "serif", size: tuple[int, int] = A4_PX[:2]) -> np.ndarray:
    """A plain A4 page (BGR) of text lines: (text, glyph px, centred)."""
    img = Image.new("RGB", size, (255, 255, 255))
    d = ImageDraw.Draw(img)
    y = 220
    for text, px, centred in lines:
        f = _font(face, px)
        x = (size[0] - d.textlength(text, font=f)) / 2 if centred else 170
        d.text((x, y), text, font=f, fill=(15, 15, 15), anchor="ls")
        y += int(px * 1.9)
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def charity_waiver() -> np.ndarray:
    """A 承诺书 that has nothing to do with 职称: a charity walk's liability waiver."""
    return text_page([
        ("2024昆明滇池公益健步行", 60, True),
        ("参赛安全承诺书", 70, True),
        ("本人自愿报名参加2024昆明滇池公益健步行活动，承诺如下：", 40, False),
        ("一、本人身体健康，无心脏病、高血压等不宜参加长距离步行的疾病。", 40, False),
        ("二、本人遵守活动规程和交通规则，服从工作人员指挥。", 40, False),
        ("三、活动中因本人原因造成的人身伤害和财产损失由本人承担。", 40, False),
        ("四、本人同意主办方在宣传中使用活动期间拍摄的照片。", 40, False),
        ("承诺人（签字）：", 40, False),
        ("紧急联系人及电话：", 40, False),
        ("日期：2024年7月20日", 40, False),
    ])


def one_inch_photo(rng: np.random.Generator, background=(250, 130, 60), size=(390, 567), jacket=None) -> np.ndarray:
    """A 1-inch 证件照 (BGR): the figure on a plain (blue by default) background."""
    return portrait(size, rng, background=background[::-1], jacket=jacket)


def checked_cloth(size: tuple[int, int], square: int = 46, colour=(150, 90, 30), rng: np.random.Generator | None = None) -> np.ndarray:
    """A gingham tablecloth (white, a light and a full tone of `colour` in checks): a background whose
    edges run everywhere, so that a card's outline is lost in them."""
    h, w = size
    yy, xx = np.mgrid[0:h, 0:w]
    bands = ((xx // square) % 2) + ((yy // square) % 2)  # 0 white, 1 light, 2 full
    out = np.empty((h, w, 3), np.float32)
    full = np.array(colour, np.float32)
    light = 255 - (255 - full) * 0.5
    out[bands == 0] = 250
    out[bands == 1] = light
    out[bands == 2] = full
    if rng is not None:
        out += rng.normal(0, 6.0, out.shape).astype(np.float32)
    return np.clip(out, 0, 255).astype(np.uint8)


def card_on_cloth(face: np.ndarray, rng: np.random.Generator, lean: float = 0.22, turn_deg: float = -9.0,
                  long_side: int = 1600, share: float = 0.55) -> np.ndarray:
    """A phone photo of one card lying on a checked cloth, taken at a steep angle: the card's far
    edge shorter than its near one, turned a little, the card `share` of the picture's width."""
    ch, cw = face.shape[:2]
    canvas = checked_cloth((int(cw / share * 0.83), int(cw / share)), rng=rng)
    H, W = canvas.shape[:2]
    cx, cy, half = W / 2, H / 2, cw * 0.5
    depth = ch * 0.5 * (1 - lean)
    corners = np.array([[-half * (1 - lean), -depth], [half * (1 - lean), -depth], [half, depth], [-half, depth]])
    a = np.radians(turn_deg)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    dst = (corners @ rot.T + [cx, cy]).astype(np.float32)
    m = cv2.getPerspectiveTransform(np.float32([[0, 0], [cw, 0], [cw, ch], [0, ch]]), dst)
    warped = cv2.warpPerspective(face, m, (W, H))
    mask = cv2.warpPerspective(np.full((ch, cw), 255, np.uint8), m, (W, H)) > 0
    out = canvas.copy()
    out[mask] = warped[mask]
    out = cv2.GaussianBlur(out, (0, 0), 0.8)
    scale = long_side / max(out.shape[:2])
    return cv2.resize(out, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
