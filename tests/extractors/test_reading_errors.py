"""Reading errors found by the seed-7 accuracy benchmark (issue 4): a field is read only next to its
own label, ID numbers look like ID numbers, traditional forms OCR returns are folded, the label that
names a field wins over a bare party label, and an unread 性别 on a card comes from its number."""

import pytest

from preaudit.extractors.common import best_id_number
from preaudit.extractors.contract import extract_filing, extract_labor_contract
from preaudit.extractors.id_card import extract_front
from preaudit.extractors.xuexin_record import extract as extract_record
from tests.helpers import line, page, rows

ID = "530102199003071238"  # valid, 男 (17th digit 3)


@pytest.mark.parametrize(
    ("text", "expected", "valid"),
    [
        (ID, ID, True),
        ("53010219900307123X202403".replace("123X", "1238"), ID, True),  # merged cells: the valid window
        ("5301O2199003071238", ID, True),  # OCR read 0 as O: the check digit accepts the digit reading
        ("53010219900307l238", ID, True),  # l for 1
        ("530102199003071231", "530102199003071231", False),  # bad check digit: kept as printed
        ("106761201805225488", "106761201805225488", False),  # shaped like one, not an ID number
        ("1067612018O5225488", None, None),  # a look-alike reading is taken only when it validates
        ("5301021990", None, None),
    ],
)
def test_best_id_number(text, expected, valid):
    value, ok = best_id_number(text)
    assert value == expected
    if valid is not None:
        assert ok is valid


XUEXIN_SCREENSHOT = [
    "学信档案", "学历信息", "姓名：李芳", "性别：女", "出生日期：1996年01月08日", "民族：汉族", "入学日期：2014年09月01日",
    "毕(结)业日期：2018年07月01日", "学校名称：云南农业大学", "专业：计算机科学与技术", "层次：本科", "学制：4年",
    "学历类别：普通高等教育", "学习形式：普通全日制", "毕(结)业：毕业", "证书编号：106761201805225488", "校(院)长姓名：盛国强",
]


@pytest.mark.parametrize(
    ("texts", "id_number"),
    [
        (XUEXIN_SCREENSHOT, None),  # no 证件号码 on the page: the 证书编号 is not the ID number
        (XUEXIN_SCREENSHOT + [f"证件号码：{ID}"], ID),
        (XUEXIN_SCREENSHOT + ["证件号码：5301O2199003071238"], ID),
    ],
)
def test_xuexin_id_number_is_read_only_next_to_its_label(texts, id_number):
    f = extract_record([page(rows(texts, step=0.04), width=1440, height=1120)])
    assert f["id_number"].value == id_number
    assert f["certificate_number"].value == "106761201805225488"


def test_a_contract_reads_no_id_number_without_its_label():
    f = extract_filing([page(rows(["劳动合同备案表", "劳动者姓名 张伟", "备案编号 106761201805225488"]))])
    assert f["employee_id_number"].value is None


CARD = ["姓名 黄俊杰", "性别 男 民族 汉", "出生 1990年3月7日", "住址 云南省昆明市盘龙区北京路481号", f"公民身份号码 {ID}"]


@pytest.mark.parametrize(
    ("texts", "field", "expected"),
    [
        ([t.replace("民族 汉", "民族 漢") for t in CARD], "ethnicity", "汉"),  # OCR's traditional form
        ([t.replace("黄", "黃") for t in CARD], "name", "黄俊杰"),
        (CARD[:1] + ["性别", "民族汉"] + CARD[2:], "gender", "男"),  # the glyph after 性别 was not detected
        (CARD[:1] + ["性别", "民族汉"] + CARD[2:4] + ["公民身份号码 530102199003071231"], "gender", None),  # invalid number: no
        (CARD[:4] + [ID], "id_number", ID),  # the card's label lost, the valid number on its own line
        (CARD[:4] + ["530102199003071231"], "id_number", None),  # an unlabelled number must validate
    ],
)
def test_id_card_front(texts, field, expected):
    assert extract_front([page(rows(texts))])[field].value == expected


def test_a_gender_taken_from_the_number_is_less_sure_than_a_printed_one():
    f = extract_front([page(rows(CARD[:1] + ["性别", "民族汉"] + CARD[2:]))])
    assert 0.8 < f["gender"].confidence < f["id_number"].confidence


def test_filing_name_in_traditional_form_is_folded():
    f = extract_filing([page(rows(["劳动合同备案表", "用人单位名称 昆明北辰建筑设计有限公司", "劳动者姓名 黃俊杰", f"身份证号码 {ID}"]))])
    assert f["employee_name"].value == "黄俊杰"


def test_the_label_that_names_the_name_wins_over_the_cover_page_party_line():
    cover = page([line("劳动合同书", 0.3, 0.25, 0.7, 0.3), line("甲方（用人单位）：", 0.2, 0.5, 0.39, 0.51),
                  line("昆明金碧物流有限公司", 0.42, 0.5, 0.64, 0.51), line("乙方（劳动者）：", 0.2, 0.55, 0.36, 0.56),
                  line("黄琳", 0.42, 0.55, 0.47, 0.56, conf=0.78)], number=1)
    body = page(rows(["甲方（用人单位）名称：昆明金碧物流有限公司", "乙方（劳动者）姓名：黄琳", f"居民身份证号码：{ID}"]), number=2)
    f = extract_labor_contract([cover, body])
    assert f["employee_name"].value == "黄琳"
    assert f["employee_name"].confidence > 0.9


@pytest.mark.parametrize(
    ("texts", "field", "expected"),
    [
        (["姓名.黄涛"] + CARD[1:], "name", "黄涛"),  # a speck between label and value
        (["姓名 阿依古丽·买买提"] + CARD[1:], "name", "阿依古丽·买买提"),  # the middle dot inside stays
    ],
)
def test_specks_before_a_value_are_dropped(texts, field, expected):
    assert extract_front([page(rows(texts))])[field].value == expected


def test_a_label_inside_a_word_yields_to_the_label_that_opens_a_line():
    """学制 inside 云南财经大学制药工程 (a screenshot's heading) is not the 学制 field."""
    fields = extract_record([page(rows(["学历信息", "（云南财经大学制药工程）", "姓名：杨琳", "专业：制药工程",
                                        "层次：本科", "学制：4年"]))])
    assert fields["duration"].value == "4年" and fields["major"].value == "制药工程"
