"""申报专业+级别 on a pledge has the shape of a short name (issue 12, blind families): never a piece
of the letter's running text (的基本条件和专业条件, 在弄虚作假、学术不端等行为。) nor the ID number on the
line above its blank; a letter's two blanks (申报＿专业＿专业＿级别＿职称) and one blank after 现申报 read."""

from __future__ import annotations

import pytest

from preaudit.extractors.pledge import _specialty_verdict, extract
from tests.helpers import line, page, rows


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


@pytest.mark.parametrize("text", ["(专业)", "（专业）", "(级别)", "专业:", "(专业)(级别)"])
def test_a_parts_label_word_alone_is_no_specialty(text):
    assert _specialty_verdict(text) is None


def test_a_row_labelling_both_parts_reads_each_parts_value():
    """A 信用中国 letter: 申报职称：（专业）＿计算机应用技术＿（级别）助理级, the typed value a box of its own."""
    head = rows(["职称申报承诺书", "承诺人:郭子涵"], top=0.1)
    row = [line("申报职称：（专业）", 0.127, 0.211, 0.314, 0.228), line("计算机应用技术", 0.308, 0.207, 0.466, 0.235),
           line("(级别）助理级", 0.561, 0.205, 0.711, 0.233)]
    body = rows(["本人自愿参加专业技术职称申报，已认真阅读并知晓职称申报的有关政策规定，现郑重承诺如下：",
                 "承诺人签字（按手印）：", "日期:2024-8-20"], top=0.3)
    assert extract([page(head + row + body)])["specialty_level"].value == "计算机应用技术(助理级)"
    colons = rows(["职称申报承诺书", "申报职称 专业：农学 级别：中级", "承诺人签字（按手印）："])
    assert extract([page(colons)])["specialty_level"].value == "农学(中级)"
    # a part left blank gives nothing from the row: the empty blank is no value
    blank = rows(["职称申报承诺书", "申报职称：（专业）＿＿＿＿（级别）＿＿＿", "承诺人签字（按手印）："])
    assert extract([page(blank)])["specialty_level"].value is None


def test_a_label_word_inside_a_clause_takes_nothing_under_it():
    """Clause 1 ends its line on 不属于公务员（…）， and 未办理离退休手续 starts the next: 所申报职称 in the clause is
    no label, so the next line is not its value; the table's 申报专业 and 申报级别 are."""
    p = page(rows(["职称申报承诺书", "承诺人 高芳", "申报专业 物流工程", "申报级别 助理级", "本人郑重承诺：",
                   "一、本人符合所申报职称的申报条件，不属于公务员（含参照公务员法管理的工作人员），",
                   "未办理离退休手续；", "承诺人(手写签名并按手印)："]))
    assert extract([p])["specialty_level"].value == "物流工程(助理级)"
    # with no table at all, the clause gives nothing rather than the line under it
    q = page(rows(["职称申报承诺书", "一、本人符合所申报职称的申报条件，不属于公务员（含参照公务员法管理的工作人员），",
                   "未办理离退休手续；", "承诺人(手写签名并按手印)："]))
    assert extract([q])["specialty_level"].value is None


def test_a_value_written_on_in_a_box_of_its_own_is_read_whole():
    """申报职称:农学 | (助理级): the gel-pen level written on past the line's box, OCR's box for it
    overlapping the first (issue 12, blind generation 4)."""
    head = rows(["职称申报承诺书", "承诺人：胡颖"], top=0.1)
    row = [line("申报职称:农学", 0.109, 0.217, 0.299, 0.241), line("(助理级)", 0.281, 0.218, 0.378, 0.246)]
    body = rows(["本人自愿参加专业技术职称申报，已认真阅读并知晓职称申报的有关政策规定，现郑重承诺如下：",
                 "承诺人签字（按手印）："], top=0.3)
    assert extract([page(head + row + body)])["specialty_level"].value == "农学(助理级)"
