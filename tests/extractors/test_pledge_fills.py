"""Pledges whose values are filled into the letter's own sentence (issue 12, blind families
id-header-fp and hand-copied): 本人＿郭晖＿，身份证号＿＿，申报＿物流工程＿专业＿助理级＿职称; a sentence copied
out by hand that wraps inside the value (申报电气工程助 / 理级职称); the signature under a fingerprint
not read, so the sentence's 本人… names who pledges, less surely."""

from __future__ import annotations

from preaudit.extractors.pledge import extract
from tests.helpers import line, page, rows

CLAUSES = ["1、本人符合所申报职称的申报条件，未受到影响申报的处分或处理；", "2、本人所提交的材料真实、准确、完整。"]


def test_a_two_blank_sentence_whose_second_line_opens_with_zhuanye():
    lines = [line("申报人诚信承诺书", 0.36, 0.08, 0.64, 0.11), line("本人郭晖", 0.15, 0.16, 0.27, 0.185),
             line("，身份证号530111199701179891", 0.33, 0.16, 0.70, 0.19), line("申报", 0.11, 0.20, 0.18, 0.225),
             line("物流工程", 0.16, 0.20, 0.27, 0.225), line("专业助理级", 0.38, 0.20, 0.50, 0.227),
             line("职称，现郑重承诺如下：", 0.55, 0.208, 0.77, 0.226)]
    lines += [line(t, 0.15, 0.26 + 0.03 * i, 0.85, 0.28 + 0.03 * i) for i, t in enumerate(CLAUSES)]
    lines += [line("承诺人（签名并按手印）：", 0.50, 0.58, 0.74, 0.59), line("日期：2024年9月11日", 0.50, 0.66, 0.78, 0.69)]
    f = extract([page(lines)])
    assert f["specialty_level"].value == "物流工程(助理级)"
    assert f["name"].value == "郭晖" and f["name"].confidence < 0.9  # the sentence's, not the signature


def test_a_copied_sentence_that_wraps_inside_the_value():
    f = extract([page(rows(["专业技术职称申报手写承诺书", "本人何颖，身份证号530103199111266602，申报电气工程助",
                            "理级职称，郑重承诺：本人所提交的全部申报材料真实、准确、有效。", "承诺人：何颖", "日期：2024.8.20"]))])
    assert f["specialty_level"].value == "电气工程助理级"
    assert f["name"].value == "何颖" and f["name"].confidence > 0.9  # the signature's


def test_the_letters_own_words_are_no_specialty():
    f = extract([page(rows(["职称申报承诺书", "本人自愿申报专业技术职称，", "本人符合所申报职称的申报条件。", "承诺人：何颖"]))])
    assert f["specialty_level"].value in (None, "")


def test_specks_on_a_photographed_letter_are_no_specialty_nor_a_break_in_its_sentence():
    """004 附件3 photographed under a lamp (blind generation 5): specks read as 1 and L lie between the
    sentence's two lines (现申报＿电子信息技术助理级 / 专业技术资格) and under the letter's own 申报专业技术资格.
    A speck is not a line of the sentence, and a value without a Han character is no specialty."""
    lines = [line("个人申报专业技术资格诚信承诺书", 0.34, 0.17, 0.75, 0.21),
             line("本人系云南博源信息产业有限公司", 0.26, 0.23, 0.65, 0.26), line("(单位)", 0.68, 0.235, 0.74, 0.255),
             line("工作人员，现申报 电子信息技术助理级", 0.21, 0.26, 0.55, 0.30), line("1", 0.644, 0.30, 0.656, 0.304, conf=0.4),
             line("专业技术资格。", 0.58, 0.31, 0.71, 0.335),
             line("本人承诺所提交的所有评审材料均为真实。如材料提供虚假、失实，本人自愿三年内停止", 0.20, 0.34, 0.83, 0.37),
             line("申报专业技术资格，并接受人社等部门的处理。", 0.20, 0.38, 0.59, 0.41), line("L", 0.43, 0.405, 0.446, 0.417),
             line("承诺人签名：", 0.18, 0.47, 0.29, 0.50), line("2024年8月21日", 0.20, 0.55, 0.37, 0.59)]
    f = extract([page(lines)])
    assert f["specialty_level"].value == "电子信息技术助理级"
    lines = [ln for ln in lines if ln.text not in ("工作人员，现申报 电子信息技术助理级", "专业技术资格。")]
    assert extract([page(lines)])["specialty_level"].value is None  # the speck alone is never the value


def _signed_off_beside(unit_date: str = "2024年8月21日") -> list:
    """004 附件3 signed off by the unit beside the applicant (blind generation 6): 承诺人签名 on the left
    (the signature under a fingerprint, not read), 单位审核（签名）盖章 on the right with the reviewer's
    name written under it, each with its own date on one row."""
    return [line("个人申报专业技术资格诚信承诺书", 0.26, 0.13, 0.74, 0.156),
            line("本人系", 0.17, 0.207, 0.25, 0.234), line("昆明盘龙江生物医药有限公司", 0.25, 0.203, 0.55, 0.228),
            line("(单位)", 0.60, 0.21, 0.68, 0.234), line("工作人员，现申报制药工程助理级", 0.12, 0.245, 0.52, 0.274),
            line("专业技术资格。", 0.59, 0.251, 0.75, 0.272),
            line("承诺人签名：", 0.12, 0.507, 0.25, 0.529), line("单位审核（签名）盖章：", 0.50, 0.509, 0.76, 0.528),
            line("情况属实", 0.53, 0.543, 0.62, 0.562), line("李卫东", 0.65, 0.535, 0.77, 0.561, conf=0.72),
            line("2024年08月20日", 0.15, 0.619, 0.34, 0.643), line(unit_date, 0.555, 0.62, 0.81, 0.644)]


def test_the_units_reviewer_signing_beside_the_applicant_is_not_the_applicant():
    """The 签名 inside 单位审核（签名）盖章 is the unit's: the name under it is never the pledge's name,
    and of the two dates level with each other the one under 承诺人签名 is the applicant's."""
    f = extract([page(_signed_off_beside(), width=1653, height=2339)])
    assert f["name"].value != "李卫东"
    assert f["date"].value == "2024-08-20"
    assert f["specialty_level"].value == "制药工程助理级"
    # the unit's date written first in reading order changes nothing: the column decides
    f = extract([page(_signed_off_beside("2024年8月19日"), width=1653, height=2339)])
    assert f["date"].value == "2024-08-20"


def test_a_specialty_written_struck_and_written_again_is_not_sure():
    """003 Q23(3) 承诺书 where the applicant wrote 物流工程, struck it through and wrote 物流工程（助理级）
    after it (blind generation 6): the struck word is read too (物流程物流工程). A specialty that says a
    word twice is kept for the reviewer, never certain; a level that repeats a word of the specialty
    (工程管理（助理工程师）) is no such repetition."""
    def read(fill: str):
        return extract([page(rows(["职称申报承诺书", f"在参加2024年{fill}职称申报中，本人郑重承诺：", "承诺人：郭晖",
                                   "2024年8月20日"]))])["specialty_level"]
    struck = read("物流程物流工程（助理级）")
    assert struck.value == "物流程物流工程(助理级)" and struck.confidence <= 0.85
    for clean in ("物流工程（助理级）", "工程管理（助理工程师）", "给排水工程工程师"):
        assert read(clean).confidence > 0.9, clean


def test_a_note_in_brackets_before_the_labels_colon_is_part_of_the_label():
    """A unit's own 承诺书 (blind generation 7) prints 申报职称（专业+级别）：农学助理级: the bracketed note
    says what the blank holds; it is never part of the value."""
    f = extract([page(rows(["专业技术人员职称申报承诺书", "姓名：孙鹏", "工作单位：昆明市盘龙区农业技术推广站",
                            "申报职称（专业+级别）：农学助理级", "本人郑重承诺：", "承诺人签字（按手印）：孙鹏", "日期：2024年8月20日"]))])
    assert f["specialty_level"].value == "农学助理级"
    f = extract([page(rows(["职称申报承诺书", "申报职称：（助理级）农学", "承诺人：孙鹏"]))])
    assert f["specialty_level"].value != "农学"  # a bracket after the colon is the value's own


def test_the_letters_sentence_names_the_applicant_before_a_bracketed_number():
    """本人孙芳（身份证号：…） (blind generation 8, a ticked-clause letter filled in with a marker): the
    number in brackets after the name; the signature under the seal was unread, and so was the name."""
    f = extract([page(rows(["专业技术人员职称申报个人承诺书", "本人孙芳（身份证号：530111199906173469）",
                            "申报电气工程（助理级）职称，对以下事项逐项确认（请在□内打“√”）：",
                            "承诺人（签名、按手印）：", "单位（盖章）"]))])
    assert f["name"].value == "孙芳"
