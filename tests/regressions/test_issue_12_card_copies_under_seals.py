"""Issue 12: an ID card back read from a signed and stamped A4 copy.

A unit stamps its seal over the copy, often over the back's two value lines. The page's seal
suppression (each red pixel takes its red channel) leaves a copier's or printer's dark red as a
grey ring, and the values under it were misread (2022.04.21-2032.04.21 as 122.04.7-2032.047, the
authority as 明市公安局五华分): FIELD_UNREADABLE for clean applicants, and a cut authority reported
as certain. Drawn here, not taken from any layout family:
- the seal's ink cleared for a second reading of the rows it crosses (preaudit.pipeline.intake.preprocess.clear_red);
- a second reading that gives a page line a value's shape it lacked replaces it (preaudit.pipeline.integrity.underseal);
- a period whose separator was read as a digit (2023.12.2612043.12.26);
- an issuing authority must begin with a place and end like a public-security organ, or it is
  unsure (preaudit.pipeline.values.shapes.authority_problem, pipeline/values/certainty.yaml kind `authority`).
"""

from __future__ import annotations

import hashlib

import cv2
import numpy as np
import pytest

from preaudit.pipeline.values import cards
from preaudit.pipeline.values.certainty import default_settings, own_certainty
from preaudit.pipeline.model import FieldValue, SourceFile
from preaudit.pipeline.intake.preprocess import Prepared, clear_red, suppress_red
from preaudit.pipeline.values.shapes import authority_problem
from preaudit.pipeline.integrity.underseal import read_under_seals, value_shaped
from tests.helpers import line
from tests.regressions import idcards

DARK_RED = (60, 50, 160)  # BGR: a copier's dark red seal ink, red channel ~160 of 255

# --------------------------------------------------------------------------- clearing the seal's ink


def _text_under_a_dark_seal() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Black bars (the print) crossed by a dark red ring: the image, the print's mask, the ring's."""
    img = np.full((200, 400, 3), 240, np.uint8)
    print_mask = np.zeros(img.shape[:2], bool)
    for x in range(40, 360, 40):
        print_mask[90:110, x:x + 20] = True
    ring = np.zeros(img.shape[:2], np.uint8)
    cv2.circle(ring, (200, 100), 80, 255, 8)
    ring_mask = (ring > 0) & ~print_mask
    img[print_mask] = (25, 25, 25)
    img[ring_mask] = DARK_RED
    return img, print_mask, ring_mask


def test_the_seal_ink_is_cleared_and_the_print_under_it_stays():
    img, print_mask, ring_mask = _text_under_a_dark_seal()
    # the page's suppression leaves a dark red as a grey ring
    assert suppress_red(img)[ring_mask].mean() < 180
    cleared = clear_red(img, 25)
    assert cleared[ring_mask].mean() > 235  # the ring reads as paper
    assert cleared[print_mask].mean() < 60  # the print stays black
    assert cleared[~print_mask & ~ring_mask].mean() > 235


def test_an_area_without_red_is_left_as_it_is():
    img = np.full((50, 80, 3), 200, np.uint8)
    assert clear_red(img, 25) is img


# --------------------------------------------------------------------------- the second look


class AreaOcr:
    """An engine that sees the page through the area it is given: lines are given with their boxes
    on the page (the page is PAGE_W x PAGE_H), and each call returns those inside the area read
    (its pixels are in the cache key), relative to it: the page's suppressed seal area gives
    `plain`, the cleared rows (at each scale) give `cleared`."""

    def __init__(self, plain, cleared):
        self.plain, self.cleared = plain, cleared
        self.variants = []

    def read(self, sha, page, image, variant=""):
        self.variants.append(variant)
        cleared = ":ink" in variant
        c0, r0, c1, r1 = (int(v) for v in variant.split(":")[5 if cleared else 4].split(","))
        x0, y0, x1, y1 = c0 / PAGE_W, r0 / PAGE_H, c1 / PAGE_W, r1 / PAGE_H
        out = []
        for ln in self.cleared if cleared else self.plain:
            b = ln.bbox
            if b.x0 >= x0 and b.x1 <= x1 and b.y0 >= y0 and b.y1 <= y1:
                out.append(line(ln.text, (b.x0 - x0) / (x1 - x0), (b.y0 - y0) / (y1 - y0), (b.x1 - x0) / (x1 - x0),
                                (b.y1 - y0) / (y1 - y0), ln.confidence))
        return out


PAGE_W, PAGE_H = 1000, 1400


def _stamped_card_copy() -> Prepared:
    upright = np.full((PAGE_H, PAGE_W, 3), 240, np.uint8)
    cv2.circle(upright, (500, 700), 120, DARK_RED, 10)  # the unit's seal over the back's value lines
    return Prepared(image=suppress_red(upright), upright=upright, variant="v3:test")


# The page reading of a stamped back: labels, and the two values misread under the ring.
BACK_PAGE = [line("中华人民共和国", 0.35, 0.38, 0.60, 0.40), line("居民身份证", 0.35, 0.42, 0.62, 0.45),
             line("签发机关", 0.28, 0.49, 0.36, 0.51), line("明市公安局五华分", 0.40, 0.49, 0.58, 0.51),
             line("有效期限", 0.28, 0.52, 0.36, 0.54), line("122.04.7-2032.047", 0.40, 0.52, 0.58, 0.54)]


def test_a_cleared_reading_with_a_values_shape_replaces_the_misread_line():
    period = line("2022.04.21-2032.04.21", 0.40, 0.52, 0.59, 0.54)
    authority = line("昆明市公安局五华分局", 0.39, 0.49, 0.60, 0.51)
    ring = line("云南省明珠信息技术有限公司", 0.40, 0.45, 0.62, 0.48)  # no value's shape
    ocr = AreaOcr(plain=[], cleared=[ring, authority, period])
    out = read_under_seals(ocr, "0" * 64, 1, _stamped_card_copy(), BACK_PAGE)
    texts = [ln.text for ln in out]
    assert texts == ["中华人民共和国", "居民身份证", "签发机关", "昆明市公安局五华分局", "有效期限", "2022.04.21-2032.04.21"]
    assert 0.5 < out[5].bbox.cy < 0.55  # the new reading keeps its own box, on the page
    assert sum(":ink" in v for v in ocr.variants) == 2  # the cleared rows at two scales


def test_a_line_that_has_its_shape_already_is_never_replaced():
    page = [*BACK_PAGE[:3], line("昆明市公安局五华分局", 0.40, 0.49, 0.60, 0.51), BACK_PAGE[4],
            line("2022.04.21-2032.04.21", 0.40, 0.52, 0.59, 0.54)]
    other = line("2022.04.21-2042.04.21", 0.40, 0.52, 0.59, 0.54)  # shaped too: the page's stays
    ocr = AreaOcr(plain=[], cleared=[other])
    out = read_under_seals(ocr, "0" * 64, 1, _stamped_card_copy(), page)
    assert [(ln.text, ln.bbox) for ln in out] == [(ln.text, ln.bbox) for ln in page]
    # ... but read otherwise once the seal is cleared, it is never certain (underseal.yaml disputed_confidence)
    assert out[5].confidence == 0.6 and out[:5] == page[:5]
    agreeing = AreaOcr(plain=[], cleared=[line("2022.04.21-2032.04.21", 0.40, 0.52, 0.59, 0.54)])
    assert read_under_seals(agreeing, "0" * 64, 1, _stamped_card_copy(), page) == page


def test_a_misread_end_that_breaks_the_period_does_not_replace():
    # 2032.0420 is a date, but no period the law allows for a card that starts 2022.04.21
    misread = line("2022.04.21-2032.0420", 0.40, 0.52, 0.59, 0.54)
    ocr = AreaOcr(plain=[], cleared=[misread])
    assert read_under_seals(ocr, "0" * 64, 1, _stamped_card_copy(), BACK_PAGE) == BACK_PAGE


@pytest.mark.parametrize(
    ("text", "shaped"),
    [
        ("2022.04.21-2032.04.21", True), ("有效期限 2017.07.05-2027.07.05", True), ("2024年08月30日", True),
        ("签发机关昆明市公安局盘龙分局", True), ("昆明市公安局五华分局", True),
        ("122.04.7-2032.047", False), ("明市公安局五华分", False), ("明市公安局五华分局", False),
        ("2022.04.21-2032.0420", False), ("云南省明珠信息技术有限公司", False), ("居民身份证", False),
    ],
)
def test_what_has_a_values_shape(text, shaped):
    assert value_shaped(text) == shaped


# --------------------------------------------------------------------------- the period and the authority


def test_a_separator_read_as_a_digit_leaves_a_period_the_law_allows():
    v = cards.validity_period("有效期2023.12.2612043.12.26")
    assert v is not None and (v.start.isoformat(), v.end.isoformat(), v.inferred) == ("2023-12-26", "2043-12-26", True)
    # one digit on, only a period the law allows is taken
    assert cards.validity_period("2023.12.2612041.12.26") is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("昆明市公安局五华分局", None), ("富民县公安局", None), ("楚雄州公安局", None), ("楚雄彝族自治州公安局", None),
        ("上海市公安局浦东分局", None), ("广州市公安局天河区分局", None), ("公安县公安局", None),
        ("明市公安局五华分", "结尾"), ("昆明市公安局盘", "结尾"), ("明市公安局五华分局", "开头"), ("市公安局五华分局", "开头"),
        ("公安局盘龙分局", "开头"), ("2016.05.09", "非汉字"),
    ],
)
def test_an_authority_begins_with_a_place_and_ends_like_a_public_security_organ(text, problem):
    found = authority_problem(text)
    assert (found is None) if problem is None else (found is not None and problem in found), found


def test_an_authority_cut_short_is_unsure_however_confidently_read():
    settings = default_settings()
    cut = FieldValue(value="明市公安局五华分", confidence=0.98, page=1, source="ocr")
    certainty, why = own_certainty("issuing_authority", cut, settings)
    assert certainty == "unsure" and any("截断" in w for w in why)
    whole = FieldValue(value="昆明市公安局五华分局", confidence=0.98, page=1, source="ocr")
    assert own_certainty("issuing_authority", whole, settings)[0] == "certain"


# --------------------------------------------------------------------------- through the OCR engine

needs_fonts = pytest.mark.skipif(not idcards.available(), reason="Pillow with Noto Sans/Serif SC (pylopdf-fonts-zh-cn) needed")


def _copiers_seal(page: np.ndarray, centre: tuple[int, int], text: str, radius: int, colour=DARK_RED) -> None:
    """A unit's seal as a copier prints it: a thick dark red ring, bold ring text, a star,
    multiplied onto the page."""
    import math

    from PIL import Image, ImageDraw

    ink = np.zeros(page.shape[:2], np.uint8)
    cv2.circle(ink, centre, radius, 255, 14)
    cx, cy = centre
    star = np.array([(cx + (radius * 0.3 if i % 2 == 0 else radius * 0.12) * math.sin(i * math.pi / 5),
                      cy - (radius * 0.3 if i % 2 == 0 else radius * 0.12) * math.cos(i * math.pi / 5)) for i in range(10)], np.int32)
    cv2.fillPoly(ink, [star], 255)
    font = idcards._font("sans", int(radius * 0.3))
    size = int(radius * 0.42)
    for i, ch in enumerate(text):
        a = math.radians(-135 + 270 * i / max(1, len(text) - 1))
        tmp = Image.new("L", (size, size), 0)
        ImageDraw.Draw(tmp).text((size // 2, size // 2), ch, font=font, fill=255, anchor="mm")
        glyph = cv2.dilate(np.asarray(tmp.rotate(-math.degrees(a), resample=Image.BICUBIC)), np.ones((3, 3), np.uint8))
        gx, gy = int(cx + radius * 0.72 * math.sin(a) - size / 2), int(cy - radius * 0.72 * math.cos(a) - size / 2)
        sub = ink[gy:gy + size, gx:gx + size]
        np.maximum(sub, glyph[: sub.shape[0], : sub.shape[1]], out=sub)
    alpha = (ink.astype(np.float32) / 255.0)[..., None]
    tint = (1 - alpha) * 255 + alpha * np.array(colour, np.float32)
    page[:] = (page.astype(np.float32) * tint / 255.0).astype(np.uint8)


@pytest.mark.ocr
@needs_fonts
@pytest.mark.parametrize("centre", [(0.50, 0.50), (0.60, 0.49)])
def test_the_back_of_a_copy_stamped_over_its_values_in_dark_red(centre, ocr_cache, tmp_path):
    """Both faces stacked on an A4 copy, a copier's dark red seal over the back's value lines,
    scanned at 150 dpi: the authority and the period are read whole under it (before the cleared
    second look: 曲靖市公安局麒麟 and 曲靖市公安局镇麟分局)."""
    from preaudit.pipeline.run import read_file

    rng = np.random.default_rng(5)
    card = idcards.Card(name="李娜", gender="女", ethnicity="彝", address="云南省楚雄彝族自治州楚雄市鹿城镇永安路18号")
    style = idcards.Style(label_face="serif", value_face="sans", spaced_labels=False)
    page = idcards.a4_copy(idcards.draw_front(card, style, rng), idcards.draw_back(card, style, rng), "stacked",
                           signed=False, stamped=False, scale=0.8)
    h, w = page.shape[:2]
    _copiers_seal(page, (int(w * centre[0]), int(h * centre[1])), "云南省明珠信息技术有限公司", 170 if centre[0] < 0.55 else 160)
    scan = cv2.resize(page, None, fx=0.75, fy=0.75, interpolation=cv2.INTER_AREA)
    data = idcards.jpeg_bytes(scan, 80)
    path = tmp_path / "身份证复印件.jpg"
    path.write_bytes(data)
    sf = SourceFile(path=path.name, abs_path=str(path), sha256=hashlib.sha256(data).hexdigest(), size=len(data), kind="image")
    docs = {d.doc_type.value: d for d in read_file(sf, ocr_cache).documents}
    back = docs["id_card_back"]
    assert (back.value("valid_from"), back.value("valid_until")) == ("2016-05-09", "2036-05-09")
    assert back.value("issuing_authority") == "曲靖市公安局麒麟分局"


def test_a_reading_that_drops_the_lines_label_does_not_replace_it():
    page = [*BACK_PAGE[:4], line("有效期限122.04.7-2032.047", 0.28, 0.52, 0.58, 0.54)]
    value_only = line("2022.04.21-2032.04.21", 0.40, 0.52, 0.59, 0.54)  # the label not read again
    ocr = AreaOcr(plain=[], cleared=[value_only])
    assert read_under_seals(ocr, "0" * 64, 1, _stamped_card_copy(), page) == page
    whole = line("有效期限2022.04.21-2032.04.21", 0.285, 0.52, 0.59, 0.54)
    out = read_under_seals(AreaOcr(plain=[], cleared=[whole]), "0" * 64, 1, _stamped_card_copy(), page)
    assert out[-1].text == "有效期限2022.04.21-2032.04.21"


def test_a_print_date_whose_day_the_seal_took_is_read_again_with_its_label():
    """The 经办机构's seal over a pension certificate's 打印日期 (the day lost: 2024-08-): without
    it the certificate's coverage of the last 12 months is unknown, and a 本科 graduate insured for
    9 months is SENIORITY_UNVERIFIED instead of SENIORITY_SHORT (validators/rules/seniority.py)."""
    page = [line("累计实际缴费月数:9", 0.05, 0.30, 0.20, 0.32), line("打印日期：2024-08-", 0.40, 0.49, 0.55, 0.51),
            line("经办机构：云南省社会保险中心专用章", 0.40, 0.53, 0.62, 0.55)]
    whole = line("打印日期：2024-08-21", 0.40, 0.49, 0.58, 0.51)
    out = read_under_seals(AreaOcr(plain=[], cleared=[whole]), "0" * 64, 1, _stamped_card_copy(), page)
    assert [ln.text for ln in out] == ["累计实际缴费月数:9", "打印日期：2024-08-21", "经办机构：云南省社会保险中心专用章"]
