"""Seals as other people draw them (issue 12): the detector was developed on fixtures/render.stamp;
these seals are drawn here (tests/pipeline/seal_art.py) in every style seen on real uploads, on
white paper, over text and signatures, photographed with a colour cast and JPEG, at 100–300 dpi,
and the red marks that are not seals (a fingerprint, a red title, a red table header) and a blue
stamp must not count. A grayscale page cannot show a red seal: it says so instead of "none"."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from preaudit.pipeline.integrity.seals import find_seals, scan_seals, shows_colour, text_bands, ring_profile, seal_ink
from tests.pipeline.integrity import seal_art as art

UNIT = "昆明盘龙云海科技有限公司"


def _seal(style: str, dpi: float, rng: np.random.Generator) -> np.ndarray:
    if style == "solid_star":
        return art.seal_alpha(UNIT, dpi=dpi, center_text="合同专用章")
    if style == "hollow_star":
        return art.seal_alpha(UNIT, star="hollow", dpi=dpi)
    if style == "no_star":
        return art.seal_alpha("曲靖市第一人民医院", star=None, center_text="业务专用章", dpi=dpi)
    if style == "double_ring":
        return art.seal_alpha(UNIT, double=True, dpi=dpi)
    if style == "oval":
        return art.seal_alpha(UNIT, shape="oval", star=None, center_text="合同专用章", width_mm=45, dpi=dpi)
    if style == "oval_star":
        return art.seal_alpha(UNIT, shape="oval", star="solid", width_mm=44, dpi=dpi)
    if style == "faded_broken":
        return art.fade(art.seal_alpha(UNIT, dpi=dpi), rng, strength=0.6, gaps=3)
    if style == "rotated_with_code":
        return art.rotate_alpha(art.seal_alpha(UNIT, bottom_text="5301020012345", dpi=dpi), 35)
    raise ValueError(style)


STYLES = ["solid_star", "hollow_star", "no_star", "double_ring", "oval", "oval_star", "faded_broken",
          "rotated_with_code"]


def _stamped(style: str, dpi: float, ink: str, seed: int, signature: bool = False,
             fingerprint: bool = False) -> tuple[np.ndarray, tuple[int, int]]:
    rng = np.random.default_rng(seed)
    page = art.page(dpi, seed=seed)
    h, w = page.shape[:2]
    center = (int(w * 0.62), int(h * 0.55))  # over the text
    if signature:
        page = art.signature(page, center[0] - int(0.3 * dpi), center[1] - int(0.1 * dpi), rng, scale=dpi / 100)
    page = art.place(page, _seal(style, dpi, rng), center, art.INKS[ink], density=0.9)
    if fingerprint:  # a 按手印 on the signature, touching the seal
        page = art.place(page, art.fingerprint_alpha(dpi, rng), (center[0] - int(0.75 * dpi), center[1] + int(0.25 * dpi)),
                         art.INKS["red"])
    return page, center


def _found_at(page: np.ndarray, center: tuple[int, int], tol: float = 0.02) -> bool:
    h, w = page.shape[:2]
    return any(abs(s.center[0] - center[0]) <= tol * w + 6 and abs(s.center[1] - center[1]) <= tol * h + 6
               for s in find_seals(page))


INKS = ["red", "dark_red", "red_orange", "magenta", "pink"]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("dpi", [100, 200])
def test_every_style_is_found_over_text(style, dpi):
    ink = INKS[(STYLES.index(style) + dpi // 100) % len(INKS)]
    page, center = _stamped(style, dpi, ink, seed=STYLES.index(style))
    assert _found_at(page, center), (style, dpi, ink)


@pytest.mark.parametrize("ink", INKS)
def test_every_red_is_found_at_300_dpi_with_a_signature_and_fingerprint(ink):
    page, center = _stamped("solid_star", 300, ink, seed=3, signature=True, fingerprint=True)
    seals = find_seals(page)
    assert _found_at(page, center)
    assert len(seals) == 1  # the fingerprint is not a second seal


@pytest.mark.parametrize("style", STYLES)
def test_photographed_with_a_colour_cast_and_jpeg(style):
    rng = np.random.default_rng(7 + STYLES.index(style))
    casts = [(0.78, 0.93, 1.10), (1.08, 1.0, 0.85), (0.95, 1.05, 0.9), (1.0, 0.92, 1.02)]
    page, center = _stamped(style, 150, INKS[STYLES.index(style) % 4], seed=11)
    photo = art.photograph(page, rng, cast=casts[STYLES.index(style) % len(casts)], quality=60)
    assert _found_at(photo, center, tol=0.05), style  # the perspective moves the seal a little


@pytest.mark.parametrize("dpi", [100, 150, 300])
def test_scanned_jpeg_at_low_quality(dpi):
    page, center = _stamped("faded_broken", dpi, "red", seed=dpi)
    assert _found_at(art.jpeg(page, 45), center)


def test_the_seal_is_fitted_round_or_oval():
    page, center = _stamped("solid_star", 200, "red", seed=1)
    (seal,) = find_seals(page)
    assert seal.axes[0] / seal.axes[1] < 1.08
    assert abs(2 * seal.axes[0] / 200 * 25.4 - 40) < 3  # 40 mm across
    page, center = _stamped("oval", 200, "red", seed=1)
    (seal,) = find_seals(page)
    assert 1.3 < seal.axes[0] / seal.axes[1] < 1.7 and seal.to_json()["shape"] == "oval"


# --------------------------------------------------------------------------- not seals

def _blank(dpi: float = 150, seed: int = 0) -> np.ndarray:
    return art.page(dpi, seed=seed)


@pytest.mark.parametrize("dpi", [100, 200, 300])
def test_fingerprints_are_not_seals(dpi):
    rng = np.random.default_rng(dpi)
    page = _blank(dpi)
    h, w = page.shape[:2]
    page = art.signature(page, int(0.55 * w), int(0.8 * h), rng, scale=dpi / 100)
    for k, ink in enumerate(["red", "dark_red", "magenta"]):
        page = art.place(page, art.fingerprint_alpha(dpi, rng, 14 + 2 * k), (int((0.3 + 0.2 * k) * w), int(0.82 * h)),
                         art.INKS[ink])
    scan = scan_seals(page)
    assert scan.seals == [] and scan.colour


@pytest.mark.parametrize("photo", [False, True])
def test_a_red_title_and_rule_are_not_seals(photo):
    dpi = 150
    page = art.red_text(_blank(dpi), "昆明市人力资源和社会保障局文件", 45, 22, 26, dpi)
    h, w = page.shape[:2]
    page[int(0.12 * h):int(0.12 * h) + 4, int(0.08 * w):int(0.92 * w)] = art.INKS["red"]
    if photo:
        page = art.photograph(page, np.random.default_rng(1))
    assert find_seals(page) == []


@pytest.mark.parametrize("filled", [False, True])
def test_a_red_table_header_is_not_a_seal(filled):
    dpi = 150
    page = _blank(dpi)
    h, w = page.shape[:2]
    ink = art.INKS["red"]
    y0, x0, x1, rh = int(0.5 * h), int(0.1 * w), int(0.9 * w), int(12 / 25.4 * dpi)
    for r in range(4):
        cv2.rectangle(page, (x0, y0 + r * rh), (x1, y0 + (r + 1) * rh), ink, 2)
    for c in range(1, 5):
        x = x0 + c * (x1 - x0) // 5
        cv2.line(page, (x, y0), (x, y0 + 4 * rh), ink, 2)
    page = art.red_text(page, "姓名    性别    出生年月    学历    单位", 28, 0.5 * 297 + 8, 12, dpi, ink)
    if filled:
        cv2.rectangle(page, (x0, y0 - rh), (x1, y0), ink, -1)
    assert find_seals(page) == []


def test_a_blue_stamp_is_not_a_red_seal():
    dpi = 150
    page = _blank(dpi)
    h, w = page.shape[:2]
    page = art.place(page, art.seal_alpha(UNIT, dpi=dpi), (int(0.6 * w), int(0.7 * h)), art.INKS["blue"])
    scan = scan_seals(page)
    assert scan.seals == [] and scan.colour  # the page shows colour: a red seal would have shown


def test_a_solid_red_disc_is_not_a_seal():
    page = _blank(150)
    cv2.circle(page, (600, 900), 118, art.INKS["red"], -1)
    assert find_seals(page) == []


@pytest.mark.parametrize("background", [(235, 235, 232), (220, 140, 60)])  # ID card grey, 蓝底
def test_a_portrait_is_not_a_seal(background):
    # skin reads as red against white paper; a face is a filled oval of it, not a ring
    page = _blank(150)
    x0, y0, w, h = 800, 250, 260, 330
    cv2.rectangle(page, (x0, y0), (x0 + w, y0 + h), background, -1)
    cv2.ellipse(page, (x0 + w // 2, y0 + 150), (75, 95), 0, 0, 360, (140, 170, 215), -1)  # face
    cv2.ellipse(page, (x0 + w // 2, y0 + 80), (85, 50), 0, 180, 360, (30, 30, 35), -1)  # hair
    cv2.ellipse(page, (x0 + w // 2, y0 + h), (120, 80), 0, 180, 360, (40, 30, 110), -1)  # dark red jumper
    cv2.line(page, (x0 + 110, y0 + 190), (x0 + 150, y0 + 190), (90, 90, 190), 4)  # lips
    for photo in (False, True):
        img = art.photograph(page, np.random.default_rng(3)) if photo else page
        assert find_seals(img) == [], photo


# --------------------------------------------------------------------------- no colour at all

@pytest.mark.parametrize("style", ["solid_star", "oval", "double_ring", "faded_broken"])
def test_a_grayscale_scan_cannot_show_a_red_seal(style):
    page, center = _stamped(style, 200, "red", seed=5, signature=True)
    gray = art.scan_gray(page, np.random.default_rng(5))
    scan = scan_seals(gray)
    assert scan.colour is False
    # only a seal's shape can be seen there, and only where the seal is
    assert all(s.kind == "shape" and abs(s.center[0] - center[0]) < 20 and abs(s.center[1] - center[1]) < 20
               for s in scan.seals)


def test_a_clear_round_seal_is_seen_by_its_shape_in_grayscale():
    page, center = _stamped("solid_star", 150, "dark_red", seed=12)
    (seal,) = scan_seals(art.scan_gray(page, np.random.default_rng(12))).seals
    assert seal.kind == "shape" and abs(seal.center[0] - center[0]) < 10 and abs(seal.center[1] - center[1]) < 10


@pytest.mark.parametrize("dpi", [100, 200])
def test_no_seal_shape_on_grayscale_pages_without_one(dpi):
    rng = np.random.default_rng(dpi)
    page = art.signature(_blank(dpi, seed=dpi), int(3 * dpi), int(9 * dpi), rng, scale=dpi / 100)
    page = art.place(page, art.fingerprint_alpha(dpi, rng), (int(3.5 * dpi), int(9.3 * dpi)), art.INKS["red"])
    page = art.red_text(page, "昆明市人力资源和社会保障局文件", 45, 22, 26, dpi)
    scan = scan_seals(art.scan_gray(page, rng))
    assert scan.colour is False and scan.seals == []


def test_a_photo_of_a_photocopy_shows_no_colour():
    page, _ = _stamped("oval", 150, "red", seed=6)
    copy = art.scan_gray(page, np.random.default_rng(6))
    photo = art.photograph(copy, np.random.default_rng(6), cast=(0.8, 0.95, 1.1))
    assert shows_colour(photo) is False
    scan = scan_seals(photo)
    assert scan.colour is False and scan.gray_data is False  # colour data, no colour on it
    assert scan_seals(copy).gray_data is True


def test_a_thin_blue_signature_is_colour():
    # a grayscale photocopy of an ID card signed in blue ink (此复印件与原件一致) is a colour page
    rng = np.random.default_rng(13)
    copy = art.scan_gray(_blank(200, seed=13), rng)
    signed = art.signature(copy, 900, 1900, rng, colour=(110, 40, 25), scale=1.0)
    assert shows_colour(art.jpeg(signed, 80)) is True


def test_a_colour_page_without_a_seal_says_none():
    page = art.signature(_blank(150), 700, 1300, np.random.default_rng(1), colour=(120, 40, 20), scale=1.5)
    scan = scan_seals(page)
    assert scan.colour is True and scan.seals == []


# --------------------------------------------------------------------------- ring text geometry

@pytest.mark.parametrize("style", ["solid_star", "double_ring", "oval"])
def test_the_text_band_lies_inside_the_ring(style):
    page, _ = _stamped(style, 200, "red", seed=2)
    (seal,) = find_seals(page)
    ink, c, scale = seal_ink(page, seal)
    low, high = text_bands(ring_profile(ink, c, seal.axes[0] * scale, seal.axes[1] * scale,
                                        np.radians(seal.angle)))[0]
    assert 0.45 <= low < high <= 0.95 and high - low >= 0.18


# --------------------------------------------------------------------------- facts for the rules

def _doc_and_page(image: np.ndarray, doc_type: str = "pledge"):
    from preaudit.pipeline.model import Document, DocType, FieldValue, Page, SourceFile

    sf = SourceFile(path="承诺书.jpg", abs_path="/nonexistent/承诺书.jpg", sha256="ab" * 32, size=1, kind="image")
    page = Page(file=sf.path, file_sha256=sf.sha256, number=1, width=image.shape[1], height=image.shape[0],
                source="ocr", lines=[]).with_image(image)
    fields = {"has_seal": FieldValue(value=None, confidence=0.0)} if doc_type == "pledge" else {}
    doc = Document(file=sf.path, file_sha256=sf.sha256, page=1, pages=[1], doc_type=DocType(doc_type),
                   source="ocr", fields=fields)
    return sf, doc, page


def test_grayscale_pledge_has_seal_unknown_not_no():
    from preaudit.pipeline.integrity.facts import document_meta

    page = art.signature(_blank(150, seed=8), 700, 1300, np.random.default_rng(8), scale=1.5)
    sf, doc, pg = _doc_and_page(art.scan_gray(page, np.random.default_rng(8)))
    out = document_meta(sf, doc, [pg], None, None)
    assert out.value("has_seal") is None  # unknown: a red seal could not have shown
    assert out.meta["seals"] is None and out.meta["seal_check"]["reason"] == "grayscale"
    # a seal's shape seen on the grayscale page is a seal
    page, _ = _stamped("solid_star", 150, "red", seed=12)
    sf, doc, pg = _doc_and_page(art.scan_gray(page, np.random.default_rng(12)))
    out = document_meta(sf, doc, [pg], None, None)
    assert out.value("has_seal") is True and out.meta["seals"][0]["kind"] == "shape"


def test_a_colour_photo_of_an_unstamped_black_and_white_page_is_checked_but_achromatic():
    from preaudit.pipeline.integrity.facts import document_meta

    photo = art.photograph(_blank(150, seed=14), np.random.default_rng(14), cast=(0.85, 0.95, 1.08))
    sf, doc, pg = _doc_and_page(photo)
    out = document_meta(sf, doc, [pg], None, None)
    assert out.value("has_seal") is False and out.meta["seal_check"]["achromatic_pages"] == [1]


def test_colour_pledge_with_and_without_a_seal():
    from preaudit.pipeline.integrity.facts import document_meta

    page, _ = _stamped("oval", 150, "dark_red", seed=9, signature=True)
    sf, doc, pg = _doc_and_page(art.photograph(page, np.random.default_rng(9)))
    out = document_meta(sf, doc, [pg], None, None)
    assert out.value("has_seal") is True and len(out.meta["seals"]) == 1
    blank = art.signature(_blank(150), 700, 1300, np.random.default_rng(2), colour=(120, 40, 20), scale=1.5)
    sf, doc, pg = _doc_and_page(blank)
    out = document_meta(sf, doc, [pg], None, None)
    assert out.value("has_seal") is False and out.meta["seals"] == [] and out.meta["seal_check"]["checked"]


# --------------------------------------------------------------------------- ring text, read (OCR)

@pytest.mark.ocr
@pytest.mark.parametrize(
    ("style", "ring_text", "condition"),
    [("round", "昆明盘龙云海科技有限公司", "clean"),
     ("round_double", "云南新迪网络科技有限公司", "photo"),
     ("round_turned", "曲靖市第一人民医院", "clean"),
     ("oval", "昆明春城软件有限责任公司", "clean"),
     ("oval", "楚雄州人力资源和社会保障局", "photo")],
)
def test_ring_text_is_read(ocr_cache, style, ring_text, condition):
    from preaudit.pipeline.integrity.facts import seal_facts

    dpi = 150
    if style == "oval":
        alpha = art.seal_alpha(ring_text, shape="oval", star=None, center_text="合同专用章", width_mm=46, dpi=dpi)
    elif style == "round_double":
        alpha = art.seal_alpha(ring_text, double=True, star="hollow", dpi=dpi)
    elif style == "round_turned":  # text starting at 7 o'clock, a 防伪编码 along the bottom
        alpha = art.rotate_alpha(art.seal_alpha(ring_text, star=None, center_text="业务专用章",
                                                bottom_text="5301020012345", dpi=dpi), 130)
    else:
        alpha = art.seal_alpha(ring_text, center_text="合同专用章", dpi=dpi)
    page = art.place(art.page(dpi, seed=4), alpha, (700, 1100), art.INKS["red"])
    if condition == "photo":
        page = art.photograph(page, np.random.default_rng(4), cast=(0.85, 0.95, 1.08), quality=75)
    sf, doc, pg = _doc_and_page(page)
    seals, check = seal_facts(sf, doc, [pg], ocr_cache)
    assert check["checked"] and len(seals) == 1
    fact = seals[0]
    from rapidfuzz.distance import Levenshtein

    assert Levenshtein.distance(fact["text"], ring_text) <= 1, fact
    assert fact["text_confidence"] >= 0.85


@pytest.mark.parametrize(("style_a", "style_b", "overlap"), [
    ("solid_star", "no_star", 0.45),  # a unit's seal and the bureau's over it (工资审批表, 双盖章)
    ("hollow_star", "double_ring", 0.3),
    ("solid_star", "oval", 0.5),
])
@pytest.mark.parametrize("dpi", [150, 200])
def test_two_overlapping_stamps_are_both_found(style_a, style_b, overlap, dpi):
    """Stamps that overlap make one cluster of red whose outer rim is two arcs; each is found."""
    rng = np.random.default_rng(dpi)
    page = art.page(dpi, seed=dpi)
    h, w = page.shape[:2]
    first = (int(w * 0.4), int(h * 0.6))
    shift = int((1 - overlap) * 42 / 25.4 * dpi)  # ~42 mm seals, `overlap` of a diameter shared
    second = (first[0] + shift, first[1] + int(0.1 * shift))
    page = art.place(page, _seal(style_a, dpi, rng), first, art.INKS["red"], density=0.9)
    page = art.place(page, _seal(style_b, dpi, rng), second, art.INKS["dark_red"], density=0.9)
    assert _found_at(page, first) and _found_at(page, second)
    assert len(find_seals(page)) == 2


@pytest.mark.parametrize("chars, span", [(14, 300.0), (16, 320.0)])
def test_a_grey_seal_whose_name_runs_close_round_its_ring_is_seen(chars, span):
    """A unit's seal in a grey document-feeder scan (blind generation 6): its long name fills the
    ring all round, right inside it, so only the outside of the ring is clear of ink. The shape is
    still a seal, seen once (its ring and the circle of its name are one)."""
    rng = np.random.default_rng(7)
    page = art.page(200, seed=7)
    h, w = page.shape[:2]
    center = (int(w * 0.62), int(h * 0.55))
    alpha = art.seal_alpha("昆明市盘龙区青云小学教务处专用章"[:chars], dpi=200, span_deg=span, width_mm=42)
    page = art.place(page, alpha, center, art.INKS["dark_red"], density=0.9)
    (seal,) = scan_seals(art.scan_gray(page, rng)).seals
    assert seal.kind == "shape" and abs(seal.center[0] - center[0]) < 10 and abs(seal.center[1] - center[1]) < 10


def _on_a_mat(dpi: float, blur: float, alpha: np.ndarray) -> tuple[np.ndarray, tuple[int, int]]:
    """An overhead camera's picture: the page on a dark mat filling the frame's height, the lens soft."""
    page = art.page(dpi, seed=3)
    h, w = page.shape[:2]
    center = (int(w * 0.62), int(h * 0.80))
    page = art.place(page, alpha, center, art.INKS["red"], density=0.9)
    canvas = np.full((int(h * 1.05), int(w * 1.45), 3), 38, np.uint8)
    oy, ox = (canvas.shape[0] - h) // 2, (canvas.shape[1] - w) // 2
    canvas[oy:oy + h, ox:ox + w] = page
    return art.jpeg(cv2.GaussianBlur(canvas, (0, 0), blur), 85), (center[0] + ox, center[1] + oy)


def test_a_small_soft_seal_is_judged_again_at_the_pages_own_resolution():
    """A page photographed whole on an overhead camera's mat (blind generation 8's 公示表): reduced to
    work scale, the seal's ring, ring text and star ran together and the ring read as too full
    (rim 0.121 over 0.12), so SEAL_MISSING fired on a stamped page. At the page's own resolution
    they are apart; a red disc stays no seal there either."""
    page, center = _on_a_mat(130, 3.5, art.seal_alpha(UNIT, dpi=130, width_mm=44))
    assert _found_at(page, center)
    disc = np.zeros((230, 230), np.float32)
    cv2.circle(disc, (115, 115), 110, 1.0, -1)
    page, center = _on_a_mat(130, 3.5, disc)
    assert not find_seals(page)
