"""A form section is its label's row between two table rules (FieldReader.section_bounds), where
the page's rules are known; the halfway guess between labels is kept where they are not."""

from __future__ import annotations

import cv2

from preaudit.extractors.base import FieldReader
from preaudit.extractors.publicity_form import _SECTIONS, extract
from preaudit.pipeline.intake.rulings import image_rules, pdf_rules
from preaudit.pipeline.model import Page, Rule
from tests.ruled_form import H, ROWS, draw, raster


def _page(lines, rules) -> Page:
    return Page(file="x.jpg", file_sha256="0" * 64, number=1, width=1240, height=1754, source="ocr",
                lines=lines, rules=rules)


def _photo_rules() -> list[Rule]:
    """The rules of the drawn form as a JPEG photo (noisy, the seal across the 单位意见 rule)."""
    doc, _ = draw()
    ok, buf = cv2.imencode(".jpg", raster(doc), [cv2.IMWRITE_JPEG_QUALITY, 50])
    assert ok
    return image_rules(cv2.imdecode(buf, cv2.IMREAD_COLOR))


def test_the_unit_date_low_in_a_tall_section_is_read_between_its_rules():
    _, lines = draw()
    for rules in (_photo_rules(), pdf_rules(draw()[0][0])):
        f = extract([_page(lines, rules)])
        assert f["unit_opinion_date"].value == "2024-08-30"
        assert f["pledge_date"].value == "2024-08-20"
        assert (f["publicity_start"].value, f["publicity_end"].value) == ("2024-08-22", "2024-08-29")
        _, top, bottom = FieldReader([_page(lines, rules)], _SECTIONS).section_bounds(["单位意见"], _SECTIONS)
        assert abs(top * H - ROWS[4]) < 2 and abs(bottom * H - ROWS[5]) < 2


def test_without_rules_the_halfway_guess_stands():
    _, lines = draw()
    r = FieldReader([_page(lines, [])], _SECTIONS)
    label = {ln.text: ln.bbox.cy for ln in lines}
    _, top, bottom = r.section_bounds(["单位意见"], _SECTIONS)
    assert top == (label["公示情况"] + label["单位意见"]) / 2
    assert bottom == (label["单位意见"] + label["备注"]) / 2
    # the date lies below that guess: the defect the rules mend
    assert extract([_page(lines, [])])["unit_opinion_date"].value is None


def test_a_lost_rule_falls_back_on_its_side_only():
    _, lines = draw()
    rules = [r for r in pdf_rules(draw()[0][0]) if abs(r.y0 * H - ROWS[4]) > 1]  # 公示情况 | 单位意见 lost
    r = FieldReader([_page(lines, rules)], _SECTIONS)
    label = {ln.text: ln.bbox.cy for ln in lines}
    _, top, bottom = r.section_bounds(["公示情况"], _SECTIONS)
    assert abs(top * H - ROWS[3]) < 1  # its own rule above
    assert bottom == (label["公示情况"] + label["单位意见"]) / 2  # not the rule under 单位意见
    texts = [n for _, _, n in r.section(["公示情况"], _SECTIONS)]
    assert not any("备注" in t or "2024年8月30日" in t for t in texts)
    _, top, bottom = r.section_bounds(["单位意见"], _SECTIONS)
    assert top == (label["公示情况"] + label["单位意见"]) / 2 and abs(bottom * H - ROWS[5]) < 1


def test_a_header_row_holding_its_label_alone_keeps_the_guess():
    """单位意见 printed as a row of its own over the section's text: the row is no section."""
    _, lines = draw()
    label = next(ln for ln in lines if ln.text == "单位意见")
    y0, y1 = label.bbox.y0 - 0.004, label.bbox.y1 + 0.004
    rules = [Rule(x0=0.08, y0=y, x1=0.92, y1=y) for y in (y0, y1)]
    guess = FieldReader([_page(lines, [])], _SECTIONS).section_bounds(["单位意见"], _SECTIONS)
    assert FieldReader([_page(lines, rules)], _SECTIONS).section_bounds(["单位意见"], _SECTIONS) == guess
