"""A name signed beside 承诺人签名： with a red fingerprint pressed on it (004 附件3, blind generation 6): no
seal, so the second look under seals does not come, and the page reading finds the label and loses the
name under the print. Where red ink lies at an empty signer label's place, the place is read again with
the red cleared, and a name found there is added, read less surely. Another party's label on the same
row (单位审核（签名）盖章：) is no value read beside it; a place without red is not read again."""

from __future__ import annotations

import cv2
import numpy as np

from preaudit.pipeline.intake.preprocess import Prepared
from preaudit.pipeline.integrity.underseal import read_under_seals
from tests.helpers import line

PAGE = [line("个人申报专业技术资格诚信承诺书", 0.26, 0.13, 0.74, 0.156),
        line("承诺人签名：", 0.12, 0.507, 0.253, 0.529), line("单位审核（签名）盖章：", 0.504, 0.509, 0.756, 0.528),
        line("2024年08月20日", 0.151, 0.619, 0.344, 0.643)]


class PlaceOcr:
    """Reads back a name (relative to the crop) for the signer's place, and records the calls."""

    def __init__(self, text: str = "杨丽华"):
        self.text, self.variants = text, []

    def read(self, sha, page, image, variant=""):
        self.variants.append(variant)
        return [line(self.text, 0.08, 0.3, 0.35, 0.7, conf=0.97)]


def _page(pressed: bool) -> Prepared:
    upright = np.full((2339, 1653, 3), 250, np.uint8)
    if pressed:  # a fingerprint's red ridges over the name's place, right of the label
        for r in range(8, 60, 7):
            cv2.ellipse(upright, (480, 1215), (r, int(r * 1.3)), 0, 0, 360, (90, 60, 225), 2)
    return Prepared(image=upright.copy(), upright=upright, variant="v3:test")


def test_a_name_under_a_fingerprint_is_read_again_and_added_less_surely():
    ocr = PlaceOcr()
    out = read_under_seals(ocr, "0" * 64, 1, _page(pressed=True), PAGE)
    added = [ln for ln in out if ln.text == "杨丽华"]
    assert len(added) == 1 and added[0].confidence < 0.9
    assert 0.25 < added[0].bbox.x0 < 0.45 and 0.48 < added[0].bbox.cy < 0.56  # beside 承诺人签名, on its row
    assert ocr.variants and all("under-print" in v for v in ocr.variants)
    assert [ln.text for ln in out].index("杨丽华") < [ln.text for ln in out].index("2024年08月20日")  # reading order


def test_no_red_at_the_place_no_second_reading():
    ocr = PlaceOcr()
    assert read_under_seals(ocr, "0" * 64, 1, _page(pressed=False), PAGE) == PAGE
    assert ocr.variants == []


def test_what_the_second_reading_finds_must_be_a_name():
    for text in ("单位公章", "2024年8月", "专用章"):  # a seal's words, a date: never a signer's name
        assert read_under_seals(PlaceOcr(text), "0" * 64, 1, _page(pressed=True), PAGE) == PAGE, text
