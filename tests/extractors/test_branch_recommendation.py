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
from tests.helpers import line, page, rows

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


def test_a_red_head_report_with_the_applicants_in_a_table():
    """The 总公司's red-head document: 文号, a title naming the first applicant only (等3名同志), the
    applicants in a table inside the letter (above 特此报告), the issuer and an upper-case date under the
    seal after it. The table does not end the letter; the names are its 姓名 column."""
    lines = [line(t, 0.2, y, 0.8, y + 0.03) for t, y in (
        ("四川华西集团有限公司文件", 0.06), ("华西集团人〔2024〕37号", 0.12),
        ("关于推荐四川华西集团有限公司云南分公司高晓燕等3名同志参加初级职称考核认定的报告", 0.18),
        ("昆明市盘龙区人力资源和社会保障局：", 0.24),
        ("四川华西集团有限公司云南分公司是我公司设立在昆明市盘龙区的分支机构。现推荐其参加初级职称考核认定：", 0.29))]
    cols = (0.16, 0.24, 0.36, 0.44)
    for i, row in enumerate((("序号", "姓名", "性别", "申报专业"), ("1", "高晓燕", "女", "建筑工程"),
                             ("2", "林芳", "女", "建筑工程"), ("3", "郭晓燕", "女", "工程造价"))):
        for text, x in zip(row, cols):
            lines.append(line(text, x, 0.36 + 0.04 * i, x + 0.014 * len(text), 0.38 + 0.04 * i))
    lines += [line("特此报告。", 0.12, 0.54, 0.3, 0.57), line("四川华西集团有限公司", 0.55, 0.62, 0.85, 0.65),
              line("二〇二四年八月十九日", 0.58, 0.67, 0.85, 0.70)]
    [group] = group_pages([page(lines)])
    assert group.doc_type is DocType.BRANCH_RECOMMENDATION
    got = {k: v.value for k, v in extract(group.pages).items()}
    assert {k: got[k] for k in ("issuer", "unit", "names", "date")} == {
        "issuer": "四川华西集团有限公司", "unit": "四川华西集团有限公司云南分公司", "names": "高晓燕、林芳、郭晓燕",
        "date": "2024-08-19"}


def test_names_the_letter_lists_itself_are_kept_over_a_table():
    """Where the text names as many as it says (张伟、李娜等2名), its names stand."""
    f = extract([page(rows(["关于推荐我公司昆明分公司人员参加初级职称考核认定的报告", "经考核，同意推荐张伟、李娜等2名同志参加考核认定。",
                            "序号 姓名", "姓名", "王五", "特此报告。", "云南某某集团有限公司", "2024年8月5日"]))])
    assert f["names"].value == "张伟、李娜"
