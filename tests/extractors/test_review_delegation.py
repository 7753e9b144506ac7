"""职称评审委托函 (004 §二, 附件2): the letter the fixtures draw (with its 名单), read from its text layer,
and wordings it never draws."""

from __future__ import annotations

from datetime import date

import pytest

from preaudit.extractors.review_delegation import FIELDS, extract
from preaudit.fixtures import forms
from preaudit.fixtures.records import ReviewDelegation
from preaudit.pipeline.intake.classify import classify_page, group_pages
from preaudit.pipeline.model import DocType
from tests.extractors.test_branch_recommendation import text_pages
from tests.helpers import line, page, rows

LETTER = ReviewDelegation("中国中铁二十一局集团有限公司", "中铁二十一局集团平凉工程有限公司", ("张伟", "李娜"), "工程", "机械",
                          "中级", date(2022, 9, 10))


def test_the_drawn_letter_reads_from_its_text_layer():
    drawn = forms.draw_review_delegation(LETTER)
    [group] = group_pages(text_pages(drawn, "委托函.pdf"))  # the 名单 continues the letter
    assert group.doc_type is DocType.REVIEW_DELEGATION and len(group.pages) == 2
    got = {k: v.value for k, v in extract(group.pages).items()}
    assert set(got) == set(FIELDS)
    expected = {k: v for k, v in drawn.fields.items() if k != "has_seal"}
    assert {k: got[k] for k in expected} == expected
    assert got["has_seal"] is None


def test_a_letter_without_a_specialty_and_one_person():
    f = extract([page(rows([
        "关于委托代评职称的函",
        "甘肃省人力资源和社会保障厅：",
        "陕西建工集团平凉分公司为我单位在平分支机构。",
        "现委托甘肃省工程系列副高级职称评审委员会对陕西建工集团平凉分公司王强同志代评职称。",
        "陕西建工集团有限公司",
        "2022年9月5日",
    ]))])
    got = {k: f[k].value for k in ("issuer", "unit", "names", "series", "specialty", "level", "date")}
    assert got == {"issuer": "陕西建工集团有限公司", "unit": "陕西建工集团平凉分公司", "names": "王强", "series": "工程",
                   "specialty": None, "level": "副高级", "date": "2022-09-05"}


def test_the_blank_template_names_nothing():
    """004 附件2 as printed (XX everywhere): no series, unit or names."""
    f = extract([page(rows([
        "2022年度甘肃省职称评审委托函",
        "现委托甘肃省XX系列XX专业XX级别职称评审委员会对XX单位XX等XX位同志（在编、编外、劳务派遣等）代评职称，具体名单见附件。",
    ]))])
    assert f["series"].value is None and f["specialty"].value is None and f["names"].value is None


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # unseen wording: 关于委托评审……的函, no 委托函 in the title
        (["关于委托评审专业技术职称的函", "甘肃省人社厅：", "我单位无工程系列评审委员会，请贵厅组织评审。"], DocType.REVIEW_DELEGATION),
        # a title certificate names its 评审委员会 and stays one
        (["专业技术资格证书", "姓名 张伟", "资格名称 工程师", "评审委员会 甘肃省工程系列中级职称评审委员会", "批准时间 2020年12月"],
         DocType.TITLE_CERTIFICATE),
    ],
)
def test_classification(texts, expected):
    assert classify_page(page(rows(texts))).doc_type is expected


def test_names_written_by_hand_without_their_commas_come_from_the_list():
    """OCR loses the hand-written 、 between names (郭涛 黄婷 -> 郭涛黄婷): the letter says 等2位, so the
    names are the typed 委托评审人员名单's 姓名 column. A subordinate unit filled in on a line of its own
    in the body is never the signer: the signature block follows 请予以办理为盼."""
    letter = page(rows(["2022年度甘肃省职称评审委托函", "甘肃省人力资源和社会保障厅：", "我单位为外省企业在平分支机构性质单位。",
                        "陕西建工集团股份有限公司平凉分公司", "为我单位下属独立法人单位，地址位于甘肃省平凉市崆峒区。",
                        "现委托甘肃省工程系列电子信息技术专业副高级级别职称评审委员会对陕西建工集团股份有限公司平凉分公司",
                        "郭涛 黄婷 等 2 位同志（在编）代评职称，具体名单见附件。", "请予以办理为盼。",
                        "联系人及电话：赵强 0933-8248455", "2022年9月14日"]))
    cells = [("序号", 0.05), ("姓名", 0.15), ("工作单位", 0.30), ("委托评审职称", 0.70)]
    lines = [line("委托评审人员名单", 0.35, 0.05, 0.65, 0.08)]
    for i, row in enumerate([[c for c, _ in cells], ["1", "郭涛", "陕西建工集团股份有限公司平凉分公司", "副高级"],
                             ["2", "黄婷", "陕西建工集团股份有限公司平凉分公司", "副高级"]]):
        for text, (_, x) in zip(row, cells):
            lines.append(line(text, x, 0.15 + 0.05 * i, x + 0.015 * len(text), 0.17 + 0.05 * i))
    got = {k: v.value for k, v in extract([letter, page(lines, number=2)]).items()}
    assert got["names"] == "郭涛、黄婷"
    assert got["unit"] == "陕西建工集团股份有限公司平凉分公司"
    assert got["issuer"] is None  # the signature was lost under the seal: nothing rather than the subordinate
    assert (got["series"], got["specialty"], got["level"], got["date"]) == ("工程", "电子信息技术", "副高级", "2022-09-14")
