from preaudit.extractors.base import FieldReader
from tests.helpers import line, page, rows

KNOWN = ["姓名", "性别", "校(院)长姓名", "层次", "学历类别", "在线验证码"]


def test_a_label_inside_a_longer_known_label_does_not_match():
    r = FieldReader([page(rows(["校(院)长姓名 王五", "姓名 张伟"]))], KNOWN)
    assert r.after_label(["姓名"]).text == "张伟"
    # without the known labels too: 姓名 inside 校(院)长姓名王五 is a weaker match than a line opening with it
    assert FieldReader([page(rows(["校(院)长姓名 王五", "姓名 张伟"]))]).after_label(["姓名"]).text == "张伟"
    # and where it is the only one, it is still read
    assert FieldReader([page(rows(["校(院)长姓名 王五"]))]).after_label(["姓名"]).text == "王五"


def test_an_empty_cell_followed_by_the_next_label_reads_nothing():
    lines = [line("层次", 0.1, 0.1, 0.15, 0.12), line("学历类别", 0.5, 0.1, 0.6, 0.12), line("普通高等教育", 0.65, 0.1, 0.8, 0.12),
             line("性别", 0.1, 0.14, 0.15, 0.16), line("男", 0.2, 0.14, 0.22, 0.16)]
    r = FieldReader([page(lines)], KNOWN)
    assert r.after_label(["层次"]) is None
    assert r.after_label(["学历类别"]).text == "普通高等教育"


def test_a_merged_row_is_cut_at_a_label_standing_as_its_own_word():
    r = FieldReader([page(rows(["姓名 张伟 性别 男"]))], KNOWN)
    assert r.after_label(["姓名"]).text == "张伟"
    assert r.after_label(["性别"]).text == "男"


def test_below_means_under_the_label_not_a_row_neighbour_that_sorts_after_it():
    # a scan: the value 张伟 sits a little lower than its label and left of nothing; the row's
    # other cell (女) sorts after 性别 but is to its left
    lines = [line("女", 0.70, 0.104, 0.72, 0.124), line("性别", 0.50, 0.100, 0.55, 0.120), line("姓名", 0.10, 0.101, 0.15, 0.121)]
    r = FieldReader([page(lines)], KNOWN)
    assert r.after_label(["性别"]).text == "女"
    assert r.after_label(["姓名"]) is None  # nothing right of it that is not a label, nothing below


def test_a_value_below_printed_in_groups_is_joined():
    lines = [line("在线验证码", 0.25, 0.56, 0.35, 0.58), line("A1B2", 0.25, 0.60, 0.29, 0.62), line("C3D4", 0.30, 0.60, 0.34, 0.62),
             line("E5F6", 0.35, 0.60, 0.39, 0.62), line("G7H8", 0.40, 0.60, 0.44, 0.62)]
    r = FieldReader([page(lines)], KNOWN)
    assert r.after_label(["在线验证码"], pattern=r"([A-Z0-9]{16})").text == "A1B2C3D4E5F6G7H8"


def test_section_spans_half_way_to_the_neighbouring_section_labels():
    lines = [line("本人承诺", 0.1, 0.38, 0.18, 0.40), line("承诺人：张伟 2024年8月20日", 0.25, 0.40, 0.6, 0.42),
             line("公示时间：2024年8月22日至2024年8月29日", 0.25, 0.47, 0.6, 0.49), line("公示情况", 0.1, 0.49, 0.18, 0.51)]
    r = FieldReader([page(lines)], ["本人承诺", "公示情况"])
    texts = [n for _, _, n in r.section(["本人承诺"], ["本人承诺", "公示情况"])]
    assert texts == ["本人承诺", "承诺人:张伟2024年8月20日"]


# --------------------------------------------------------------------------- issue 12: candidates by geometry

import pytest  # noqa: E402

from preaudit.extractors.common import SHAPES, read_date, read_text, ticked_option  # noqa: E402

FORM = ["姓名", "性别", "工作单位", "用人单位名称", "承诺人", "日期", "地址", "劳动者姓名", "合同期限", "起始日期", "终止日期"]


def test_a_label_split_over_two_boxes_on_its_row_is_joined():
    lines = [line("姓", 0.1, 0.1, 0.12, 0.12), line("名", 0.17, 0.1, 0.19, 0.12), line("张伟", 0.3, 0.1, 0.36, 0.12)]
    r = FieldReader([page(lines)], FORM)
    assert read_text(r, ["姓名"], kind="person_name").value == "张伟"


def test_a_label_stacked_in_a_narrow_cell_is_joined():
    lines = [line("工作", 0.1, 0.1, 0.14, 0.115), line("单位", 0.1, 0.12, 0.14, 0.135), line("昆明云岭科技有限公司", 0.3, 0.11, 0.6, 0.125)]
    r = FieldReader([page(lines)], FORM)
    assert read_text(r, ["工作单位"], kind="unit").value == "昆明云岭科技有限公司"


def test_a_label_set_one_character_a_line_is_joined():
    lines = [line(ch, 0.1, 0.1 + 0.04 * k, 0.12, 0.115 + 0.04 * k) for k, ch in enumerate("合同期限")]
    lines.append(line("2022年7月1日至2025年6月30日", 0.3, 0.16, 0.6, 0.175))
    r = FieldReader([page(lines)], FORM)
    assert len(r.find_labels(["合同期限"])) == 1


def test_a_garbled_label_reads_only_where_unambiguous_and_less_surely():
    r = FieldReader([page(rows(["劳动者娃名：张伟"]))], FORM)
    value = read_text(r, ["劳动者姓名"], kind="person_name")
    assert value.value == "张伟" and value.confidence < 0.9
    # 用人单位各称 is one character from 用人单位名称 only: matched; a line one character from two
    # labels of the form is not
    r = FieldReader([page(rows(["起止日期 2022-07-01"]))], FORM)
    assert r.find_labels(["起始日期"]) == []


def test_an_instruction_beside_the_label_is_part_of_it():
    r = FieldReader([page(rows(["承诺人（签字并按手印）：张伟"]))], FORM)
    assert read_text(r, ["承诺人"], kind="person_name").value == "张伟"
    r = FieldReader([page(rows(["承诺人签字并按手印："]))], FORM)
    assert read_text(r, ["承诺人"], kind="person_name").value is None


def test_an_underlined_blank_reads_empty_not_the_line_below():
    lines = [line("用人单位名称：________", 0.1, 0.1, 0.5, 0.12), line("昆明云岭科技有限公司", 0.1, 0.14, 0.4, 0.16)]
    r = FieldReader([page(lines)], FORM)
    assert read_text(r, ["用人单位名称"], kind="unit").value is None
    # a label with nothing after it on its line: the value may stand under it
    lines = [line("用人单位名称", 0.1, 0.1, 0.3, 0.12), line("昆明云岭科技有限公司", 0.1, 0.14, 0.4, 0.16)]
    assert read_text(FieldReader([page(lines)], FORM), ["用人单位名称"], kind="unit").value == "昆明云岭科技有限公司"


def test_a_candidate_of_the_wrong_shape_is_refused_and_the_next_taken():
    lines = [line("XX市用人单位劳动合同备案表", 0.2, 0.05, 0.8, 0.08),
             line("用人单位名称", 0.1, 0.2, 0.25, 0.22), line("昆明云岭科技有限公司", 0.3, 0.2, 0.6, 0.22)]
    r = FieldReader([page(lines)], FORM)
    assert read_text(r, ["用人单位名称", "用人单位"], kind="unit").value == "昆明云岭科技有限公司"
    r = FieldReader([page(rows(["姓名：地址：", "姓名：张伟"]))], FORM)
    assert read_text(r, ["姓名"], kind="person_name").value == "张伟"


def test_handwriting_over_the_line_is_read_off_the_baseline_less_surely():
    lines = [line("承诺人：____________", 0.5, 0.5, 0.8, 0.52), line("张伟", 0.62, 0.475, 0.7, 0.5, conf=0.8)]
    r = FieldReader([page(lines)], FORM)
    value = read_text(r, ["承诺人"], kind="person_name")
    assert value.value == "张伟" and value.confidence == pytest.approx(0.8 * 0.95)


def test_handwriting_nearer_another_labels_row_is_not_taken():
    lines = [line("姓名：", 0.1, 0.1, 0.16, 0.12), line("张伟", 0.2, 0.096, 0.28, 0.122, conf=0.8),
             line("性别：", 0.1, 0.13, 0.16, 0.15)]
    r = FieldReader([page(lines)], FORM)
    assert read_text(r, ["性别"]).value is None


def test_a_date_written_into_a_printed_year_month_day_reads_on_its_row():
    lines = [line("日期：      年    月    日", 0.5, 0.5, 0.9, 0.516),
             line("2024", 0.57, 0.493, 0.63, 0.514, conf=0.75), line("8", 0.7, 0.494, 0.715, 0.514, conf=0.7),
             line("20", 0.79, 0.494, 0.815, 0.514, conf=0.8)]
    r = FieldReader([page(lines, width=1240, height=1754)], FORM)
    assert [row.text for row in r.rows()] == ["日期:2024年8月20日"]
    from preaudit.extractors.common import date_on_label_row, dates_in_rows

    hit, value = dates_in_rows(r.rows())[0]
    assert value == "2024-08-20" and hit.confidence == 0.7
    assert date_on_label_row(r, ["日期"]).value == "2024-08-20"


def test_a_value_at_the_intersection_of_row_and_column_headers():
    lines = [line("起始日期", 0.3, 0.1, 0.4, 0.115), line("终止日期", 0.55, 0.1, 0.65, 0.115),
             line("合同期限", 0.1, 0.14, 0.2, 0.155), line("2022-07-01", 0.3, 0.14, 0.42, 0.155), line("2025-06-30", 0.55, 0.14, 0.67, 0.155)]
    r = FieldReader([page(lines)], FORM)
    assert [c.text for c in r.cell(["合同期限"], ["终止日期"])] == ["2025-06-30"]
    assert [c.route for c in r.cell(["合同期限"], ["起始日期"])] == ["cell"]


def test_impossible_dates_are_refused():
    r = FieldReader([page(rows(["签订日期：2022年13月40日", "签订日期：2022年6月28日"]))], ["签订日期"])
    assert read_date(r, ["签订日期"]).value == "2022-06-28"


@pytest.mark.parametrize(("text", "chosen", "how"), [
    ("☑固定期限 □无固定期限 □以完成一定工作任务为期限", "固定期限", "ticked"),
    ("□固定期限 ☑无固定期限", "无固定期限", "ticked"),
    ("口固定期限 团无固定期限", "无固定期限", "ticked"),  # OCR: □ as 口, ☑ as 团
    ("口固定期限 V无固定期限 口以完成一定工作任务为期限", "无固定期限", "ticked"),
    ("固定期限（√） 无固定期限（ ）", "固定期限", "ticked"),
    ("口固定期限 无固定期限 口以完成一定工作任务为期限", "无固定期限", "inferred"),  # the tick and its box lost
    ("□固定期限 □无固定期限", None, ""),  # nothing ticked: no choice
    ("无固定期限", "无固定期限", "only"),
    ("固定期限 无固定期限", None, ""),  # both printed, no boxes: no choice
])
def test_ticked_option(text, chosen, how):
    assert ticked_option(text, ["固定期限", "无固定期限", "以完成一定工作任务为期限"]) == (chosen, how)


@pytest.mark.parametrize(("kind", "text", "ok"), [
    ("person_name", "签字并按手印", False), ("person_name", "甘肃省劳动局制", False), ("person_name", "张伟", True),
    ("person_name", "阿依古丽·买买提", True), ("unit", "劳动合同备案表", False), ("unit", "地址:__", False),
    ("unit", "昆明云岭科技有限公司", True), ("date", "2022年13月1日", False), ("id_number", "530102199003071238", True),
])
def test_shapes_refuse_labels_titles_and_instructions(kind, text, ok):
    verdict = SHAPES[kind].accept()(text)
    assert (verdict is not None and verdict[0] >= 1.0) is ok


def test_glyphs_filled_in_by_hand_on_a_printed_line_stay_in_order():
    """Blanks written into by hand ride a little above or below the printed words, and each glyph
    overlaps its neighbour a little: the line still reads left to right; a cell's second line under
    its first (same column) stays a line of its own."""
    boxes = [line("现委托甘肃省", 0.10, 0.351, 0.28, 0.372), line("工程", 0.29, 0.347, 0.34, 0.373),
             line("系列", 0.35, 0.351, 0.39, 0.372), line("信", 0.446, 0.349, 0.469, 0.373),
             line("息", 0.467, 0.351, 0.491, 0.375), line("技", 0.490, 0.350, 0.513, 0.373),
             line("术", 0.505, 0.351, 0.529, 0.372), line("专业", 0.55, 0.351, 0.59, 0.372),
             line("副", 0.603, 0.350, 0.626, 0.371), line("高级", 0.627, 0.349, 0.672, 0.373),
             line("级别职称评审委员会", 0.686, 0.351, 0.875, 0.372),
             # a table row below: a two-line cell beside a one-line cell
             line("甘肃省工程系列电子信息", 0.46, 0.500, 0.61, 0.515), line("赵晖", 0.17, 0.508, 0.20, 0.525),
             line("技术专业副高级职称评审", 0.46, 0.515, 0.61, 0.530)]
    r = FieldReader([page(boxes)])
    assert r.text.split("\n")[:11] == ["现委托甘肃省", "工程", "系列", "信", "息", "技", "术", "专业", "副", "高级",
                                       "级别职称评审委员会"]
    rest = r.text.split("\n")[11:]
    assert rest.index("甘肃省工程系列电子信息") < rest.index("技术专业副高级职称评审")
# --------------------------------------------------------------------------- readers that generalise (branch readers2)


def test_a_value_under_a_header_label_stops_at_its_cells_border():
    # a roster's header row 姓名 | 性别 with 陈晖 and 男 on the row below, each in its own narrow cell,
    # as close as the groups of one value (as OCR read a landscape list printed from Excel)
    lines = [line("姓名", 0.106, 0.184, 0.133, 0.209), line("性别", 0.159, 0.184, 0.187, 0.208),
             line("陈晖", 0.106, 0.235, 0.134, 0.259), line("男", 0.165, 0.237, 0.180, 0.259)]
    r = FieldReader([page(lines)], KNOWN)
    assert r.read(["姓名"]).text == "陈晖"
    assert r.read(["性别"]).text == "男"


def test_a_value_under_a_lone_label_is_not_cut():
    # no label right of it: the label heads nothing narrower than its line, the groups are joined
    lines = [line("姓名", 0.106, 0.184, 0.133, 0.209), line("阿依古丽·", 0.106, 0.235, 0.160, 0.259),
             line("买买提", 0.165, 0.237, 0.200, 0.259)]
    assert FieldReader([page(lines)], KNOWN).read(["姓名"]).text == "阿依古丽·买买提"


def test_a_label_inside_a_word_of_a_value_does_not_open_its_line():
    # 按聘用岗位 is the value of 岗位工资, not the label 聘用岗位 with the opinion under it as its value
    lines = [line("岗位工资", 0.10, 0.30, 0.18, 0.32), line("按聘用岗位", 0.25, 0.30, 0.36, 0.32),
             line("同意。", 0.27, 0.35, 0.33, 0.37)]
    r = FieldReader([page(lines)], ["岗位工资", "聘用岗位"])
    assert r.find_labels(["聘用岗位"], at_start=True) == []
    assert r.read(["聘用岗位"], at_start=True) is None


def test_a_label_after_a_mark_still_opens_its_line():
    r = FieldReader([page(rows(["*姓名：张伟", "□性别：男"]))], KNOWN)
    assert r.read(["姓名"], at_start=True).text == "张伟"
    assert r.read(["性别"], at_start=True).text == "男"


def test_a_label_printed_with_its_translation_is_one_label():
    # a bilingual cell 颁发机构 Institution, the value in the next cell: the English label is no value
    lines = [line("颁发机构 Institution", 0.10, 0.30, 0.30, 0.32), line("利兹大学", 0.35, 0.30, 0.45, 0.32),
             line("专业 Major", 0.10, 0.35, 0.30, 0.37), line("计算机科学", 0.35, 0.35, 0.47, 0.37)]
    r = FieldReader([page(lines)], ["颁发机构", "Institution", "专业", "Major"])
    assert r.read(["颁发机构", "Institution"]).text == "利兹大学"
    assert r.read(["专业", "Major"], at_start=True).text == "计算机科学"
    assert r.after_label(["颁发机构", "Institution"]).text == "利兹大学"


def test_a_spaced_label_split_wide_on_a_portrait_page_is_one_label():
    """姓　　名：刘涛 on an A4 report (issue 12, family beian-photo-left): OCR returns 「姓」 and
    「名：刘涛」 four characters apart. Boxes are shares of the page, so on a portrait page a
    character's width is its height's share times the page's height over its width: the gap is
    measured in characters, not in raw shares."""
    lines = [line("姓", 0.317, 0.152, 0.339, 0.168), line("名：刘涛", 0.423, 0.152, 0.506, 0.168),
             line("出生日期：1998年03月26日", 0.318, 0.210, 0.600, 0.226)]
    portrait = page(lines, width=1240, height=1754)
    assert FieldReader([portrait], ["姓名", "出生日期"]).after_label(["姓名"]).text == "刘涛"


def test_a_spread_labels_gap_read_as_a_box_glyph_is_a_gap():
    """姓　　名 in a grid cell, read 姓☑名 (or 姓 | ☑名) by PP-OCR (issue 12, a counter's 参保证明): the glyph
    is the gap, so the label is found; a tick before an option word stays a tick."""
    one = [line("姓☑名", 0.100, 0.105, 0.174, 0.127), line("郭子涵", 0.191, 0.106, 0.249, 0.125),
           line("性别", 0.359, 0.106, 0.416, 0.126), line("女", 0.436, 0.106, 0.463, 0.127)]
    assert FieldReader([page(one, 1240, 1754)], KNOWN).read(["姓名"]).text == "郭子涵"
    split = [line("姓", 0.101, 0.111, 0.127, 0.126), line("☑名", 0.122, 0.110, 0.168, 0.127),
             line("刘涛", 0.213, 0.110, 0.250, 0.127)]
    assert FieldReader([page(split, 1240, 1754)], KNOWN).read(["姓名"]).text == "刘涛"
    ticks = [line("单位性质", 0.1, 0.2, 0.2, 0.22), line("☑非公经济组织 □事业单位", 0.25, 0.2, 0.6, 0.22)]
    r = FieldReader([page(ticks)], KNOWN + ["单位性质"])
    assert [ln.text for _, ln, _ in r.lines][1] == "☑非公经济组织 □事业单位"


def test_a_heading_after_its_section_number_opens_its_line():
    """二、合同期限 (a contract's section heading): the label opens its line after the number; a clause's
    number (第二条) opens running text, and a label after a word's first character is still a word."""
    from preaudit.extractors.base import opens_line

    assert opens_line("二、合同期限", 2) and opens_line("(二)合同期限", 3) and opens_line("2.合同期限", 2)
    assert not opens_line("第二条工作岗位及工作性质", 3) and not opens_line("按聘用岗位", 1)
    assert not opens_line("一、本人符合所申报职称", 4)
    r = FieldReader([page(rows(["二、合同期限 三年", "本合同期限为三年"]))], ["合同期限"])
    assert r.read(["合同期限"], at_start=True).text == "三年"
