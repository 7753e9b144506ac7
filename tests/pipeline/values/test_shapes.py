"""Value shapes: labels, titles and instructions are no values (issue 12, class 3)."""

from __future__ import annotations

import pytest

from preaudit.pipeline.values.shapes import date_problem, is_blank, person_name_problem, unit_name_problem


@pytest.mark.parametrize("name", ["张伟", "欧阳志远", "阿依古丽·买买提", "李娜", "司马相如"])
def test_real_names_have_a_name_shape(name):
    assert person_name_problem(name) is None


@pytest.mark.parametrize("text", ["签字并按手印", "甘肃省劳动局制", "姓名", "承诺人签字", "张伟1990", "", "____", "张"])
def test_labels_and_instructions_are_no_names(text):
    assert person_name_problem(text) is not None


@pytest.mark.parametrize("unit", ["昆明盘龙云海科技有限公司", "云南滇池建设工程(集团)有限公司", "昆明市盘龙区农业技术推广站",
                                  "云南某某律师事务所(普通合伙)", "昆明市第一人民医院", "盘龙区青云小学"])
def test_real_units_have_a_unit_shape(unit):
    assert unit_name_problem(unit) is None


@pytest.mark.parametrize("text", ["劳动合同备案表", "地址:__", "单位名称", "(盖章)", "2024年8月", "用人单位(盖章)"])
def test_titles_and_blanks_are_no_units(text):
    assert unit_name_problem(text) is not None


@pytest.mark.parametrize("text", ["", "____", "——", " / ", "□", "无"])
def test_blanks(text):
    assert is_blank(text)


def test_dates_out_of_range_are_implausible():
    assert date_problem("2024-08-20") is None
    assert date_problem("1890-01-01") is not None
    assert date_problem("2024-13-01") is not None


@pytest.mark.parametrize("name", ["张伟", "欧阳娜娜", "覃小燕", "扎西多吉", "巴特尔", "次仁卓玛", "阿依古丽·买买提"])
def test_names_begin_with_a_surname_or_a_minority_first_syllable(name):
    assert person_name_problem(name) is None


@pytest.mark.parametrize("line", ["不属于公务员", "以上内容", "本人签字"])
def test_a_form_line_is_no_name_for_its_first_character(line):
    assert person_name_problem(line) is not None
