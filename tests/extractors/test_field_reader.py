from extractors.base import FieldReader
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
