"""A section whose label is a heading over its text (a header row across a table, 单位意见： on a
letter) runs from the heading down to the next section's label (FieldReader._heading_bounds), never
up into the section above (issue 12, blind families: a system print's pledge date was read as its
公示结束时间 above the 申报人承诺 header, and the pledge's own date as the unit's)."""

from __future__ import annotations

from preaudit.extractors.publicity_form import SHARED_READING_FACTOR, extract, not_the_period
from preaudit.pipeline.model import BBox, FieldValue
from tests.helpers import line, page


def _header_row_form(opinion_date: bool = True):
    lines = [
        line("专业技术职称申报公示表", 0.33, 0.06, 0.67, 0.09),
        line("姓名", 0.10, 0.14, 0.18, 0.16), line("王芳", 0.25, 0.14, 0.31, 0.16),
        line("工作单位", 0.10, 0.18, 0.20, 0.20), line("昆明某某科技有限公司", 0.25, 0.18, 0.50, 0.20),
        line("公示开始时间", 0.10, 0.30, 0.24, 0.32), line("公示结束时间", 0.30, 0.30, 0.44, 0.32),
        line("2024-08-22", 0.12, 0.34, 0.22, 0.36), line("2024-08-29", 0.30, 0.34, 0.40, 0.36),
        line("申报人承诺", 0.44, 0.40, 0.56, 0.42),
        line("本人已知晓职称申报有关规定，承诺所填报信息和提交的材料真实、完整、有效。", 0.08, 0.44, 0.92, 0.46),
        line("申报人（签字）：", 0.50, 0.52, 0.64, 0.54),
        line("日期：", 0.50, 0.56, 0.55, 0.58), line("2024-8-20", 0.56, 0.555, 0.68, 0.585, conf=0.97),
        line("所在单位意见", 0.43, 0.62, 0.57, 0.64),
        line("该同志申报材料已经本单位审核，并按规定在单位内部公示，公示期满无异议，同意推荐申报。", 0.08, 0.66, 0.92, 0.68),
        line("经办人：", 0.08, 0.76, 0.15, 0.78),
        line("单位（盖章）", 0.60, 0.74, 0.72, 0.76),
    ]
    if opinion_date:
        lines.append(line("2024年8月30日", 0.58, 0.79, 0.74, 0.81, conf=0.93))
    return page(lines, width=1240, height=1754)


def test_a_header_row_section_holds_the_text_under_it_not_the_row_above():
    f = extract([_header_row_form()])
    assert (f["publicity_start"].value, f["publicity_end"].value) == ("2024-08-22", "2024-08-29")
    assert f["pledge_date"].value == "2024-08-20"
    assert f["unit_opinion_date"].value == "2024-08-30"


def test_a_heading_section_without_its_date_takes_no_date_of_the_section_above():
    f = extract([_header_row_form(opinion_date=False)])
    assert f["pledge_date"].value == "2024-08-20"
    assert f["unit_opinion_date"].value != "2024-08-20"


def test_letter_headings_bound_their_sections():
    """A 情况说明 letter: 申报人承诺： and 单位意见： as headings at the left, each over its text."""
    lines = [
        line("职称申报公示情况说明", 0.33, 0.06, 0.67, 0.09),
        line("某某公司于2024年8月22日至2024年8月29日在单位办公楼公告栏对王芳同志申报有关情况进行了公示。", 0.08, 0.13, 0.92, 0.15),
        line("公示结果：公示期间无异议", 0.08, 0.22, 0.40, 0.24),
        line("申报人承诺：", 0.08, 0.30, 0.20, 0.32),
        line("本人对公示内容无异议，所提交申报材料真实有效，如有虚假，自愿承担一切后果。", 0.10, 0.34, 0.92, 0.36),
        line("申报人签名：", 0.50, 0.40, 0.62, 0.42),
        line("2024年8月20日", 0.52, 0.45, 0.68, 0.47),
        line("单位意见：", 0.08, 0.52, 0.18, 0.54),
        line("经公示无异议，同意推荐。", 0.10, 0.56, 0.40, 0.58),
        line("单位负责人（签字）：", 0.08, 0.63, 0.28, 0.65),
        line("2024年08月30日", 0.70, 0.66, 0.86, 0.68),
    ]
    f = extract([page(lines, width=1240, height=1754)])
    assert f["pledge_date"].value == "2024-08-20"
    assert f["unit_opinion_date"].value == "2024-08-30"


def test_a_label_cell_beside_its_text_is_no_heading():
    """The usual form: 本人承诺 in a cell at the left, its text and date to the right; the label's
    own row has text beside it, so the section is still the label's row."""
    lines = [
        line("公示时间", 0.08, 0.20, 0.18, 0.22), line("2024年8月22日至2024年8月29日", 0.25, 0.20, 0.60, 0.22),
        line("本人承诺", 0.08, 0.40, 0.18, 0.42),
        line("本人承诺所提交的材料真实有效。", 0.25, 0.34, 0.80, 0.36),
        line("承诺人：", 0.50, 0.40, 0.58, 0.42), line("2024年8月20日", 0.60, 0.46, 0.76, 0.48),
        line("单位审核意见", 0.08, 0.62, 0.20, 0.64), line("同意推荐。", 0.25, 0.58, 0.45, 0.60),
        line("2024年8月30日", 0.60, 0.68, 0.76, 0.70),
    ]
    f = extract([page(lines, width=1240, height=1754)])
    assert (f["pledge_date"].value, f["unit_opinion_date"].value) == ("2024-08-20", "2024-08-30")


def test_a_signing_date_that_is_the_period_s_own_reading_is_never_certain():
    box = BBox(x0=0.3, y0=0.34, x1=0.4, y1=0.36)
    end = FieldValue(value="2024-08-29", confidence=1.0, bbox=box, page=1, source="ocr")
    signed = FieldValue(value="2024-08-29", confidence=1.0, bbox=box, page=1, source="ocr")
    assert not_the_period(signed, FieldValue(), end).confidence == SHARED_READING_FACTOR
    elsewhere = signed.model_copy(update={"bbox": BBox(x0=0.5, y0=0.56, x1=0.6, y1=0.58)})
    assert not_the_period(elsewhere, FieldValue(), end).confidence == 1.0
