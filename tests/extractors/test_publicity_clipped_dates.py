"""The unit's signing date under its seal (extractors/publicity_form.py `section_date`): a year in
Chinese numerals that lost digits under the seal is completed, less surely; a month whose day is lost
is never read as a whole, certain date."""

from __future__ import annotations

from preaudit.extractors.publicity_form import extract
from tests.helpers import line, page


def form(unit_date: str) -> list:
    return [
        line("专业技术人员职称公示表", 0.3, 0.04, 0.7, 0.07),
        line("姓名", 0.15, 0.1, 0.25, 0.13), line("李文静", 0.3, 0.1, 0.4, 0.13),
        line("公示情况", 0.09, 0.2, 0.12, 0.3),
        line("公示时间：2024年8月22日—8月29日", 0.15, 0.21, 0.5, 0.23),
        line("本人承诺", 0.09, 0.35, 0.12, 0.45),
        line("本人承诺以上所填内容真实有效。", 0.15, 0.36, 0.7, 0.38),
        line("签名：李文静", 0.5, 0.41, 0.65, 0.43), line("2024年8月20日", 0.55, 0.44, 0.7, 0.46),
        line("单位意见", 0.09, 0.52, 0.12, 0.6),
        line("同意推荐。", 0.15, 0.53, 0.4, 0.55),
        line(unit_date, 0.55, 0.58, 0.72, 0.6, conf=0.95),
        line("备注", 0.09, 0.66, 0.12, 0.7),
        line("公示期不少于5个工作日。", 0.15, 0.67, 0.6, 0.69),
    ]


def test_a_chinese_numeral_date_whose_year_lost_digits_is_completed_less_surely() -> None:
    got = extract([page(form("二四年八月三十日"))])["unit_opinion_date"]
    assert got.value == "2024-08-30"
    assert got.confidence < 0.95


def test_a_whole_date_is_read_as_it_is() -> None:
    got = extract([page(form("二〇二四年八月三十日"))])["unit_opinion_date"]
    assert got.value == "2024-08-30" and got.confidence == 0.95


def test_a_day_whose_ri_was_lost_under_the_seal_still_reads() -> None:
    assert extract([page(form("二〇二四年八月三十"))])["unit_opinion_date"].value == "2024-08-30"


def test_a_month_whose_day_was_lost_is_read_less_surely() -> None:
    got = extract([page(form("二〇二四年八月"))])["unit_opinion_date"]
    assert got.value == "2024-08"
    assert got.confidence < 0.9  # below the certainty threshold: never a certain day


def test_a_vertical_section_label_read_in_two_overlapping_pieces_still_bounds_its_section() -> None:
    # OCR reads 单位意见 set one character a line as 单位意 and 见, their boxes overlapping a little
    lines = [ln for ln in form("2024年8月30日") if ln.text != "单位意见"]
    lines += [line("单位意", 0.09, 0.52, 0.12, 0.585), line("见", 0.09, 0.578, 0.12, 0.6)]
    assert extract([page(lines)])["unit_opinion_date"].value == "2024-08-30"
