"""The 论文 cell's optional labelled elements (发表:…, 知网:…): read into Paper.published /
published_month / in_cnki, additively (a cell without them reads as before); an element that
cannot be read is named in the problem and left out, the paper kept; never a crash."""

from __future__ import annotations

from datetime import date

import pytest

from preaudit.pipeline.intake.ingest import _row_to_declared
from preaudit.pipeline.intake.manifest_cells import papers
from preaudit.pipeline.model import Paper


def _one(cell: str) -> Paper:
    read, problem = papers(cell)
    assert problem is None, problem
    [paper] = read
    return paper


def test_a_cell_without_elements_reads_as_before():
    paper = _one("核心;12%;否;桥梁检测技术研究")
    assert paper == Paper(journal_level="核心", similarity=12, supplement=False, title="桥梁检测技术研究")
    assert (paper.published, paper.published_month, paper.in_cnki) == (None, False, None)


@pytest.mark.parametrize(
    ("element", "published", "month"),
    [
        ("发表:2022-05", date(2022, 5, 1), True),
        ("发表：2022年5月", date(2022, 5, 1), True),
        ("发表时间:202209", date(2022, 9, 1), True),
        ("发表日期:2022-09-30", date(2022, 9, 30), False),
        ("发表 : 2022年10月1日", date(2022, 10, 1), False),
        ("发表:20221001", date(2022, 10, 1), False),
    ],
)
def test_the_publication_date_is_a_day_or_a_month(element, published, month):
    paper = _one(f"省级;20%;否;{element}")
    assert (paper.published, paper.published_month) == (published, month)
    assert paper.title is None


@pytest.mark.parametrize(("element", "flag"), [("知网:否", False), ("知网收录：是", True), ("知网:未收录", False)])
def test_cnki_is_yes_or_no(element, flag):
    assert _one(f"核心;10%;否;{element}").in_cnki is flag


def test_elements_come_in_any_order_around_the_title_which_keeps_its_semicolons():
    paper = _one("省级;8%;否;论A；知网:否；兼论B;发表:2022-05")
    assert paper.title == "论A；兼论B"
    assert (paper.published, paper.in_cnki) == (date(2022, 5, 1), False)


def test_a_label_inside_a_piece_is_title_text():
    # only a whole piece beginning with the label is an element
    paper = _one("省级;8%;否;论知网:否的检索")
    assert paper.title == "论知网:否的检索" and paper.in_cnki is None


@pytest.mark.parametrize(
    ("element", "says"),
    [
        ("发表:2022-13", "发表时间“2022-13”应为日期或年月"),
        ("发表:去年", "发表时间“去年”"),
        ("知网:也许", "知网收录“也许”应为是或否"),
        ("发表:2022-05;发表:2022-06", "发表重复填写"),
    ],
)
def test_an_unreadable_element_is_named_and_the_paper_kept(element, says):
    read, problem = papers(f"省级;20%;否;{element};一篇论文")
    [paper] = read
    assert paper.title == "一篇论文" and paper.similarity == 20
    assert says in problem and "该项未读取" in problem
    assert "[;发表:年月][;知网:是或否]" in problem  # the format, with the elements


def test_a_row_with_a_bad_element_keeps_the_row_and_notes_it():
    declared, problems = _row_to_declared({"姓名": "张伟", "申报级别": "中级", "论文": "核心;12%;否;发表:某月|省级;9%;否;知网:否"})
    [problem] = problems
    assert "第1篇" in problem and "其余1篇已读取" in problem
    assert [p.in_cnki for p in declared.papers] == [None, False]
    assert declared.level == "中级"
