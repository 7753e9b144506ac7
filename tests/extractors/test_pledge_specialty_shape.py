"""申报专业+级别 on a pledge has the shape of a short name (issue 12, blind families): never a piece
of the letter's running text (的基本条件和专业条件, 在弄虚作假、学术不端等行为。) nor the ID number on the
line above its blank; a letter's two blanks (申报＿专业＿专业＿级别＿职称) and one blank after 现申报 read."""

from __future__ import annotations

import pytest

from preaudit.extractors.pledge import _specialty_verdict, extract
from tests.helpers import page, rows


@pytest.mark.parametrize("text", ["的基本条件和专业条", "在弄虚作假、学术不端等行为。", "530103199706096374",
                                  "符合所申报职称的申报条件，不存在弄虚作假"])
def test_running_text_and_numbers_are_no_specialty(text):
    assert _specialty_verdict(text) is None


@pytest.mark.parametrize("text", ["计算机应用技术(助理级)", "建筑设计助理级", "电子信息技术", "农学(中级)"])
def test_specialties_keep_their_shape(text):
    assert _specialty_verdict(text) is not None


def test_a_clause_that_names_the_title_applied_for_is_not_the_specialty():
    """A table pledge: 申报专业 and 申报级别 in their cells, and clause 1 says 符合所申报职称的基本条件和专业条件."""
    p = page(rows(["职称申报个人诚信承诺书", "姓名 孙芳 性别 女", "身份证号码 530111199906173469",
                   "工作单位 昆明滇源电力工程有限公司", "申报专业 电气工程", "申报级别 助理级", "本人郑重承诺：",
                   "1.本人具有良好的职业道德和学术作风，遵纪守法，符合所申报职称的基本条件和专业条件；",
                   "2.本人提交的身份证明、学历学位等材料均真实、有效。", "承诺人（签字、按手印）：", "承诺日期：2024.8.20"]))
    assert extract([p])["specialty_level"].value == "电气工程(助理级)"


def test_a_letter_with_two_blanks_reads_specialty_and_level():
    p = page(rows(["职称申报诚信承诺书", "昆明市人力资源和社会保障局：", "本人何婷，身份证号码530102199403011162",
                   "工作单位昆明盘龙江生物医药有限公司", "申报制药工程专业助理级职称。",
                   "本人已认真阅读职称申报评审的有关政策和规定，现郑重承诺：本人所提交的全部申报材料真实、准确、完整，"
                   "本人符合所申报职称的申报条件，不存在弄虚作假、学术不端等行为。", "承诺人（签名、手印）："]))
    assert extract([p])["specialty_level"].value == "制药工程(助理级)"


def test_one_blank_after_xian_shenbao_reads_whole():
    p = page(rows(["承诺书", "（专业技术职称申报用）", "本人刘晖，身份证号码530103199706096374",
                   "现申报＿＿建筑设计助理级＿＿职称，", "特作如下承诺：", "（一）所提交的学历、资历等申报材料真实、准确，无任何弄虚作假；"]))
    assert extract([p])["specialty_level"].value == "建筑设计助理级"
