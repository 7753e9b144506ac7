"""Dates under a unit's seal get a second look; the seal's own ring text never becomes page text."""

import cv2
import numpy as np

from preaudit.pipeline.intake.preprocess import Prepared
from preaudit.pipeline.integrity.underseal import read_under_seals
from tests.helpers import line


class CropOcr:
    """Reads back fixed lines (relative to the crop) for the seal area, and records the calls."""

    def __init__(self, crop_lines):
        self.crop_lines = crop_lines
        self.variants = []

    def read(self, sha, page, image, variant=""):
        self.variants.append(variant)
        return self.crop_lines


def _stamped_page() -> Prepared:
    upright = np.full((1400, 1000, 3), 255, np.uint8)
    cv2.circle(upright, (700, 900), 150, (0, 0, 220), 12)  # a unit seal's red ring
    image = upright.copy()
    image[np.where((upright == (0, 0, 220)).all(axis=2))] = 255  # seal ink suppressed for OCR
    return Prepared(image=image, upright=upright, variant="v3:test")


PAGE = [line("单位审核意见", 0.1, 0.60, 0.2, 0.62), line("单位盖章", 0.62, 0.62, 0.75, 0.64),
        line("附件：无", 0.1, 0.80, 0.2, 0.82)]


def test_a_date_only_the_seal_reading_finds_is_added_in_reading_order():
    crop = [line("2024年08月30日", 0.45, 0.62, 0.85, 0.66),  # the date under the ring
            line("明盘龙江生物医药有限公司", 0.1, 0.1, 0.9, 0.2),  # the ring text: no digits
            line("单位盖章", 0.40, 0.30, 0.60, 0.34)]  # already on the page
    ocr = CropOcr(crop)
    out = read_under_seals(ocr, "0" * 64, 1, _stamped_page(), PAGE)
    assert [ln.text for ln in out] == ["单位审核意见", "单位盖章", "2024年08月30日", "附件：无"]
    date = out[2].bbox
    assert 0.55 < date.x0 < date.x1 < 0.95 and 0.6 < date.y0 < date.y1 < 0.75  # back on the page
    # the seal's area as the page reads it, then its rows with the ink cleared (underseal.yaml scales)
    assert len(ocr.variants) == 3 and all("under-seal" in v for v in ocr.variants)
    assert ":ink" not in ocr.variants[0] and all(":ink" in v for v in ocr.variants[1:])


def test_a_page_without_a_seal_is_not_read_again():
    blank = np.full((1400, 1000, 3), 255, np.uint8)
    ocr = CropOcr([line("2024年08月30日", 0.1, 0.1, 0.5, 0.2)])
    assert read_under_seals(ocr, "0" * 64, 1, Prepared(image=blank, upright=blank, variant="v"), PAGE) == PAGE
    assert ocr.variants == []


def test_a_date_the_cleared_reading_reads_otherwise_stays_but_is_never_sure():
    # the ring crosses the 3 of 2024-08-30: the page reads 2024-08-10, the seal's cleared rows 08-30
    page = [line("单位审核意见", 0.1, 0.50, 0.3, 0.52), line("审核日期：2024-08-10", 0.52, 0.62, 0.80, 0.64, conf=0.96)]
    seal = _stamped_page()
    crop = [line("审核日期：2024-08-30", 0.0, 0.40, 1.0, 0.48)]
    out = read_under_seals(CropOcr(crop), "0" * 64, 1, seal, page)
    assert [ln.text for ln in out] == ["单位审核意见", "审核日期：2024-08-10"]  # which one is right is not known
    assert out[1].confidence == 0.6 and out[0] is page[0]
    # the same date written another way is no dispute, and a reading that agrees changes nothing
    for on_page, cleared in (("审核日期：2024-08-30", "审核日期：2024年8月30日"), ("审核日期：2024-08-10", "审核日期：2024-08-10")):
        kept = [line(on_page, 0.52, 0.62, 0.80, 0.64, conf=0.96)]
        got = read_under_seals(CropOcr([line(cleared, 0.0, 0.40, 1.0, 0.48)]), "0" * 64, 1, seal, kept)
        assert got == kept, cleared


class ScaledOcr(CropOcr):
    """The seal's area read plain, then its cleared rows at each scale, each reading its own lines."""

    def __init__(self, per_call):
        super().__init__([])
        self.per_call = list(per_call)

    def read(self, sha, page, image, variant=""):
        self.variants.append(variant)
        return self.per_call.pop(0) if self.per_call else []


def test_one_cleared_reading_that_agrees_with_the_page_settles_it():
    """A roster's start date under the filing office's seal: the page and the cleared rows at scale 1
    read 20230101, the 2x reading 20250101. One cleared reading agreeing with the page settles it."""
    page = [line("单位审核意见", 0.1, 0.50, 0.3, 0.52), line("审核日期：2024-08-10", 0.52, 0.62, 0.80, 0.64, conf=0.96)]
    same, other = line("审核日期：2024-08-10", 0.0, 0.40, 1.0, 0.48), line("审核日期：2024-08-30", 0.0, 0.40, 1.0, 0.48)
    assert read_under_seals(ScaledOcr([[], [same], [other]]), "0" * 64, 1, _stamped_page(), page) == page
    disputed = read_under_seals(ScaledOcr([[], [other], [other]]), "0" * 64, 1, _stamped_page(), page)
    assert disputed[1].confidence == 0.6


class ReadingsOcr:
    """Reads back one list of lines per call (the seal's area, then its cleared rows at each scale)."""

    def __init__(self, readings):
        self.readings = list(readings)

    def read(self, sha, page, image, variant=""):
        return self.readings.pop(0) if self.readings else []


def _crop_line(text, x0, y0, x1, y1):
    """A line given in page coordinates, as the seal's area (_stamped_page, with its margin) reads it."""
    a0, b0, a1, b1 = 0.475, 0.4821, 0.925, 0.8036
    return line(text, (x0 - a0) / (a1 - a0), (y0 - b0) / (b1 - b0), (x1 - a0) / (a1 - a0), (y1 - b0) / (b1 - b0))


def test_a_date_in_chinese_numerals_is_added_though_it_touches_the_row_below():
    """A 参保证明's 二〇二四年八月二十六日 under the e-seal: the reading of the seal's area clips the year
    (〇二四年), a cleared reading reads the ring's stroke as 二 (二二四年: no year of ours), the larger one
    reads it whole and replaces the clipped one. The date's box touches the seal's own 电子专用章 line
    below it, which is another row: no reading of that line."""
    page = PAGE[:2] + [line("电子专用章", 0.64, 0.670, 0.76, 0.690)] + PAGE[2:]
    where = (0.60, 0.655, 0.85, 0.678)
    ocr = ReadingsOcr([[_crop_line("〇二四年八月二十六日", *where), _crop_line("昆明市人力资源和社会保障局", 0.58, 0.60, 0.86, 0.62)],
                       [_crop_line("二二四年八月二十六日", *where)],
                       [_crop_line("二〇二四年八月二十六日", *where)]])
    out = read_under_seals(ocr, "0" * 64, 1, _stamped_page(), page)
    assert [ln.text for ln in out] == ["单位审核意见", "单位盖章", "二〇二四年八月二十六日", "电子专用章", "附件：无"]


def test_what_a_seal_covers_and_what_a_value_is():
    from preaudit.pipeline.integrity.underseal import carries_digits, value_shaped

    assert carries_digits("二〇二四年八月二十六日") and carries_digits("〇二四年八月") and carries_digits("日期2024.08")
    assert not carries_digits("昆明市人力资源和社会保障局") and not carries_digits("电子专用章")
    assert value_shaped("二〇二四年八月二十六日") and value_shaped("2024年8月26日")
    assert not value_shaped("二二四年八月二十六日") and not value_shaped("〇二四年八月二十六日")


def test_the_readings_of_a_line_read_anew_vote():
    """The page reads 二四年八月十 under the ring (no date); the seal's area reads 二〇二四年八月十日 and both
    cleared readings 二〇二四年八月三十日: two say 三十日, one 十日, so the line is 三十日 (held-out
    vertical-labels family). Where the readings split one against one (八月三日 / 八月三十日), what the
    line says cannot be told: the page's own reading stays, and a line only the second look found is
    not added at all."""
    where = (0.60, 0.655, 0.85, 0.678)
    page = PAGE[:2] + [line("二四年八月十", 0.61, 0.655, 0.84, 0.678, conf=0.93)] + PAGE[2:]
    ocr = ReadingsOcr([[_crop_line("二〇二四年八月十日", *where)], [_crop_line("二〇二四年八月三十日", *where)],
                       [_crop_line("二〇二四年八月三十日", *where)]])
    out = read_under_seals(ocr, "0" * 64, 1, _stamped_page(), page)
    assert [ln.text for ln in out] == ["单位审核意见", "单位盖章", "二〇二四年八月三十日", "附件：无"]
    # agreed, yet in Chinese numerals: never sure (the ring can hide 十 at every scale: 三十日 as 三日)
    assert out[2].confidence <= 0.6
    digits = ReadingsOcr([[_crop_line("2024年8月10日", *where)], [_crop_line("2024年8月30日", *where)],
                          [_crop_line("2024年8月30日", *where)]])
    page_digits = PAGE[:2] + [line("2024年8月", 0.61, 0.655, 0.84, 0.678, conf=0.93)] + PAGE[2:]
    read = read_under_seals(digits, "0" * 64, 1, _stamped_page(), page_digits)
    assert read[2].text == "2024年8月30日" and read[2].confidence > 0.9  # agreed in digits
    split = ReadingsOcr([[], [_crop_line("二〇二四年八月三日", *where)], [_crop_line("二〇二四年八月三十日", *where)]])
    assert [ln.text for ln in read_under_seals(split, "0" * 64, 1, _stamped_page(), page)][2] == "二四年八月十"
    split = ReadingsOcr([[], [_crop_line("二〇二四年八月三日", *where)], [_crop_line("二〇二四年八月三十日", *where)]])
    assert [ln.text for ln in read_under_seals(split, "0" * 64, 1, _stamped_page(), PAGE)] == [ln.text for ln in PAGE]
    alone = ReadingsOcr([[], [_crop_line("二〇二四年八月三十日", *where)], []])
    found = read_under_seals(alone, "0" * 64, 1, _stamped_page(), PAGE)
    assert [ln.text for ln in found][2] == "二〇二四年八月三十日" and found[2].confidence <= 0.6  # one reading: never sure


def test_garbled_readings_do_not_outvote_a_whole_one():
    """The ring's stroke read as a 1 (2024年8月130日 in both cleared readings) is no date and casts no
    vote against the seal area's 2024年8月30日, which stands alone and so unsure; digits garbled into no
    shape (20.05.28242.05.) do not split a period of validity that checks itself (dev families)."""
    where = (0.60, 0.655, 0.85, 0.678)
    page = PAGE[:2] + [line("024年8月30日", 0.61, 0.655, 0.84, 0.678)] + PAGE[2:]
    ocr = ReadingsOcr([[_crop_line("2024年8月30日", *where)], [_crop_line("2024年8月130日", *where)],
                       [_crop_line("2024年8月130日", *where)]])
    out = read_under_seals(ocr, "0" * 64, 1, _stamped_page(), page)
    assert out[2].text == "2024年8月30日" and out[2].confidence <= 0.6
    ocr = ReadingsOcr([[_crop_line("20.05.28242.05.", *where)], [], [_crop_line("2022.05.28 2042.05.28", *where)]])
    out = read_under_seals(ocr, "0" * 64, 1, _stamped_page(), PAGE)
    assert out[2].text == "2022.05.28 2042.05.28" and out[2].confidence > 0.9


def _grey_ring_page() -> Prepared:
    """A bitonal scan's seal: a black ring with a black star and name inside, nothing red to clear."""
    upright = np.full((1400, 1000, 3), 255, np.uint8)
    cv2.circle(upright, (700, 900), 150, (0, 0, 0), 10)
    pts = np.array([[700 + 60 * np.cos(np.pi / 2 + k * 4 * np.pi / 5), 900 - 60 * np.sin(np.pi / 2 + k * 4 * np.pi / 5)]
                    for k in range(5)], np.int32)
    cv2.fillPoly(upright, [pts], (0, 0, 0))
    for k in range(14):  # the unit's name round the inside of the ring
        a = np.pi * (0.9 + 1.2 * k / 13)
        cv2.rectangle(upright, (int(700 + 118 * np.cos(a)) - 7, int(900 - 118 * np.sin(a)) - 7),
                      (int(700 + 118 * np.cos(a)) + 7, int(900 - 118 * np.sin(a)) + 7), (0, 0, 0), 2)
    return Prepared(image=upright.copy(), upright=upright, variant="v3:test")


def test_a_date_the_ring_crosses_or_stops_is_never_sure():
    """The recogniser reads a figure under a seal's ring at full confidence, right or wrong: a violet date
    stamp's 2024 with its 4 under the ring read 2021; a grey ring over the 0 of 2024.8.30 left 2024.8.3,
    which ends whole. Such a date is kept as read, never sure; away from the ring nothing changes."""
    crossed = line("2024年08月30日", 0.50, 0.633, 0.70, 0.653, conf=1.0)  # its 4 on the ring's left
    inside = line("2024年08月30日", 0.62, 0.633, 0.82, 0.653, conf=1.0)  # whole inside the ring
    stopped = line("日期：2024.8.3", 0.62, 0.633, 0.82, 0.653, conf=0.98)  # the next figure's place is on the ring
    short = line("日期：2024.8.30", 0.52, 0.633, 0.72, 0.653, conf=0.98)  # ends well inside
    number = line("530102199910028882", 0.50, 0.633, 0.75, 0.653, conf=1.0)  # checks itself
    for page, seal in ((_stamped_page(), "red"), (_grey_ring_page(), "grey")):
        for ln, sure in ((crossed, False), (inside, True), (stopped, False), (short, True), (number, True)):
            out = read_under_seals(CropOcr([]), "0" * 64, 1, page, [ln])
            assert [o.text for o in out] == [ln.text], (seal, ln.text)
            assert out[0].confidence == (ln.confidence if sure else 0.6), (seal, ln.text, ln.bbox.x0)
