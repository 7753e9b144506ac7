"""上级单位推荐报告 (001 §三(一)2, §五(五)2(5), 附件2): both layouts the fixtures draw, read from their text
layer, and a wording they never draw."""

from __future__ import annotations

from datetime import date

import pymupdf
import pytest

from preaudit.extractors.branch_recommendation import FIELDS, extract
from preaudit.fixtures import forms
from preaudit.fixtures.records import BranchRecommendation
from preaudit.fixtures.render import pdf_metadata, subset_and_bytes
from preaudit.pipeline.intake.classify import classify_page, group_pages
from preaudit.pipeline.intake.render import text_layer_lines
from preaudit.pipeline.model import DocType, Page
from tests.helpers import page, rows

REPORT = BranchRecommendation("中国建筑第三工程局有限公司", "中建三局昆明分公司", ("张伟", "李娜"), date(2024, 8, 20))


def text_pages(drawn, file: str) -> list[Page]:
    data = subset_and_bytes(drawn.doc, pdf_metadata(drawn.created, "", ""))
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return [Page(file=file, file_sha256="0" * 64, number=i + 1, width=round(p.rect.width),
                     height=round(p.rect.height), source="pdf_text", lines=text_layer_lines(p)) for i, p in enumerate(doc)]


@pytest.mark.parametrize("draw", [forms.draw_branch_recommendation_letter, forms.draw_branch_recommendation_form],
                         ids=["letter", "form"])
def test_drawn_layouts_read_from_their_text_layer(draw):
    drawn = draw(REPORT)
    [group] = group_pages(text_pages(drawn, "推荐报告.pdf"))
    assert group.doc_type is DocType.BRANCH_RECOMMENDATION
    got = {k: v.value for k, v in extract(group.pages).items()}
    assert set(got) == set(FIELDS)
    expected = {k: v for k, v in drawn.fields.items() if k != "has_seal"}
    assert {k: got[k] for k in expected} == expected
    assert got["has_seal"] is None  # the seal detector fills it from the page image


def test_one_applicant_named_with_同志():
    f = extract([page(rows([
        "关于推荐云南分公司员工参加初级职称考核认定的报告",
        "昆明市盘龙区人力资源和社会保障局：",
        "华西建设集团有限公司云南分公司（以下简称分公司）为我公司在盘龙区登记的分公司。",
        "经考核，同意推荐该分公司赵雪梅同志参加初级职称考核认定。",
        "华西建设集团有限公司",
        "二〇二四年八月十八日",
    ]))])
    assert (f["issuer"].value, f["unit"].value, f["names"].value, f["date"].value) == (
        "华西建设集团有限公司", "华西建设集团有限公司云南分公司", "赵雪梅", "2024-08-18")


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # unseen wording: the title as 关于推荐……的报告, the superior unit named 上级单位
        (["关于推荐云南分公司员工参加初级职称考核认定的报告", "盘龙区人社局：", "我公司为具有企业法人资格的上级单位，同意推荐。"],
         DocType.BRANCH_RECOMMENDATION),
        # a unit's own 推荐表 of a branch's applicant: no 推荐报告
        (["专业技术人员职称考核认定推荐表", "姓名 张伟", "所在单位 中建三局昆明分公司", "推荐意见 同意推荐", "总公司意见"], DocType.OTHER),
        # the 推荐人员名单 (附件3) of a branch
        (["中建三局昆明分公司2024年3季度初级职称考核推荐人员名单", "序号 姓名 申报专业", "推荐报告附后"], DocType.OTHER),
        # the publicity form of a branch's applicant mentions the report but is the 公示表
        (["昆明市专业技术人员职称考核认定公示表", "单位 中建三局昆明分公司", "公示时间 2024年8月1日至8月7日", "总公司推荐报告已附"],
         DocType.PUBLICITY_FORM),
    ],
)
def test_classification(texts, expected):
    assert classify_page(page(rows(texts))).doc_type is expected
