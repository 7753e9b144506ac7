"""论文查重报告 (004 附件1 §四): CNKI's 文本复制检测报告单 and the unit's 查重证明 as the fixtures draw them,
read from their text layers; wordings they never draw; what is and is not a 查重报告."""

from __future__ import annotations

from datetime import date

import pytest

from preaudit.extractors.plagiarism_report import FIELDS, extract, percent
from preaudit.fixtures import forms
from preaudit.fixtures.records import PlagiarismReport
from preaudit.pipeline.intake.classify import classify_page, group_pages
from preaudit.pipeline.model import DocType
from tests.extractors.test_branch_recommendation import text_pages
from tests.helpers import page, rows

REPORT = PlagiarismReport("桥梁检测技术研究", "张伟", 12.3, date(2022, 9, 5), "平凉市崆峒区建设工程有限公司")


@pytest.mark.parametrize("draw", [forms.draw_plagiarism_report_cnki, forms.draw_plagiarism_report_letter],
                         ids=["cnki", "letter"])
@pytest.mark.parametrize("similarity", [12.3, 25.0, 0.0])
def test_drawn_layouts_read_from_their_text_layer(draw, similarity):
    drawn = draw(PlagiarismReport(REPORT.title, REPORT.author, similarity, REPORT.checked, REPORT.unit))
    [group] = group_pages(text_pages(drawn, "查重报告.pdf"))
    assert group.doc_type is DocType.PLAGIARISM_REPORT
    got = {k: v.value for k, v in extract(group.pages).items()}
    assert set(got) == set(FIELDS)
    expected = {k: v for k, v in drawn.fields.items() if k != "has_seal"}
    assert {k: got[k] for k in expected} == expected
    assert got["has_seal"] is None  # the seal detector fills it from the page image


def test_the_whole_papers_figure_not_a_sections_or_a_single_sources():
    """去除本人已发表文献复制比, 单篇最大文字复制比 and the sections' 文字复制比 come before or after 总文字复制比."""
    f = extract([page(rows([
        "文本复制检测报告单",
        "去除本人已发表文献复制比：3.1%",
        "单篇最大文字复制比：2.0%",
        "篇名：一种新型混凝土的研究",
        "作者：李娜",
        "检测日期：2022年8月1日",
        "总文字复制比：18.40%",
        "序号 章节名 文字复制比",
        "1 第一章 30.2%",
    ]))])
    got = {k: f[k].value for k in ("title", "author", "similarity", "check_date")}
    assert got == {"title": "一种新型混凝土的研究", "author": "李娜", "similarity": "18.4", "check_date": "2022-08-01"}


def test_an_unseen_letter_with_a_repetition_rate():
    f = extract([page(rows([
        "关于王强同志论文查重情况的说明",
        "兹证明王强同志撰写的论文《黄土地区边坡稳定性分析》，经中国知网检测，重复率为9%。",
        "检测时间：2022年9月12日",
        "平凉市交通工程有限公司",
        "2022年9月15日",
    ]))])
    got = {k: f[k].value for k in ("title", "author", "similarity", "check_date")}
    assert got == {"title": "黄土地区边坡稳定性分析", "author": "王强", "similarity": "9", "check_date": "2022-09-12"}


def test_a_report_without_its_figure_reads_none():
    f = extract([page(rows(["文本复制检测报告单", "篇名：某论文", "作者：张伟", "总文字复制比："]))])
    assert f["similarity"].value is None


@pytest.mark.parametrize(("text", "value"), [("12.30%", "12.3"), ("0%", "0"), ("100", "100"), ("101%", None), ("无", None)])
def test_percent(text, value):
    assert percent(text) == value


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["文本复制检测报告单(全文标明引文)", "篇名：桥梁检测", "总文字复制比：12.3%"], DocType.PLAGIARISM_REPORT),
        (["论文查重报告", "论文题目：桥梁检测", "重复率：12%"], DocType.PLAGIARISM_REPORT),
        # a pledge promising true papers is no 查重报告
        (["个人申报专业技术资格诚信承诺书", "本人承诺所提供的学历证书、论文著作真实有效", "承诺人：张伟"], DocType.PLEDGE),
        # a figure of copied text with no paper it is of: nothing of ours
        (["复制比 统计", "第一季度 3%"], DocType.OTHER),
    ],
)
def test_classification(texts, expected):
    assert classify_page(page(rows(texts))).doc_type is expected
