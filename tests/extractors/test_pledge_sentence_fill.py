"""003 Q23(3) (昆明 承诺书): 在参加2021年＿＿专业技术职称申报中, the specialty and level written into the
blank, read over the visual row (OCR splits the printed words and the written box); 承诺人(申报人)."""

from __future__ import annotations

import pytest

from preaudit.extractors.pledge import extract
from tests.helpers import line, page

HEAD = [line("承诺书", 0.45, 0.08, 0.55, 0.1)]
TAIL = "专业技术职称申报中，对申报评审表所填报内容和提供的"


def _pg(lines):
    return page(HEAD + lines, width=1000, height=1414)


@pytest.mark.parametrize(("written", "value"), [
    ("计算机应用技术助理级", "计算机应用技术助理级"),
    ("环境工程（助理级）", "环境工程(助理级)"),
    ("软件工程 助理级", "软件工程助理级"),
])
def test_the_written_box_between_the_printed_words(written, value):
    row = [line("在参加2021年", 0.1, 0.2, 0.25, 0.215), line(written, 0.26, 0.196, 0.45, 0.219, 0.8),
           line(TAIL, 0.46, 0.2, 0.9, 0.215)]
    f = extract([_pg(row)])
    assert f["specialty_level"].value == value
    assert f["specialty_level"].bbox.x0 >= 0.26  # the written box, not the printed words


@pytest.mark.parametrize("printed", ["在参加2021年          专业技术职称申报中，对申报评审表",
                                     "在参加二〇二一年          职称申报中，对申报评审表"])
def test_one_printed_line_with_a_wide_blank(printed):
    row = [line(printed, 0.1, 0.2, 0.9, 0.215), line("环境工程（助理级）", 0.27, 0.19, 0.43, 0.212, 0.8)]
    assert extract([_pg(row)])["specialty_level"].value == "环境工程(助理级)"


@pytest.mark.parametrize("printed", ["在参加2021年          专业技术职称申报中，对申报评审表",
                                     "在参加2021年________专业技术职称申报中，对申报评审表"])
def test_a_blank_left_empty_is_no_value(printed):
    assert extract([_pg([line(printed, 0.1, 0.2, 0.9, 0.215)])])["specialty_level"].value is None


@pytest.mark.parametrize("label", ["承诺人(申报人)：", "承诺人（申报人）：", "承诺人（申报人）"])
def test_the_signer_label_with_its_bracket(label):
    signing = [line("单位经办人：", 0.1, 0.8, 0.25, 0.815), line(label, 0.3, 0.8, 0.45, 0.815),
               line("单位法定代表人：", 0.6, 0.8, 0.78, 0.815)]
    assert extract([_pg(signing)])["name"].value is None  # never 申报人
    assert extract([_pg(signing + [line("张伟", 0.46, 0.795, 0.53, 0.818, 0.8)])])["name"].value == "张伟"
    assert extract([_pg([line(label + "李磊", 0.3, 0.8, 0.5, 0.815)])])["name"].value == "李磊"
