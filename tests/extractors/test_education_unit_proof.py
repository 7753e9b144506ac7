"""单位出具的学历证明 (001 §五(四)): the letter and the form as drawn (text layer), and wordings the
fixtures never draw (an official letter's title, a 技工院校 class, a date in Chinese numerals)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pymupdf
import pytest

from preaudit.extractors.education_unit_proof import FIELDS, extract
from preaudit.fixtures import forms
from preaudit.fixtures.records import EducationProof
from preaudit.fixtures.render import pdf_metadata, rasterise, subset_and_bytes
from preaudit.pipeline.intake.classify import group_pages
from preaudit.pipeline.intake.render import text_layer_lines
from preaudit.pipeline.model import DocType, Page
from tests.helpers import line, page, rows

PROOF = EducationProof("张伟", "男", "530102197803071238", "云南大学", "化学", "本科", date(1996, 9, 1),
                       date(2000, 7, 1), "昆明云岭科技有限公司", "李明", date(2024, 8, 15), "106731200005001234")


def _text_pages(drawn) -> list[Page]:
    data = subset_and_bytes(drawn.doc, pdf_metadata("2024-08-15", "", ""))
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return [Page(file="学历证明.pdf", file_sha256="0" * 64, number=i + 1, width=round(p.rect.width),
                     height=round(p.rect.height), source="pdf_text", lines=text_layer_lines(p)) for i, p in enumerate(doc)]


@pytest.mark.parametrize("draw", [forms.draw_education_proof_letter, forms.draw_education_proof_table],
                         ids=["letter", "table"])
def test_drawn_layouts_read_from_their_text_layer(draw):
    drawn = draw(PROOF)
    [group] = group_pages(_text_pages(drawn))
    assert group.doc_type is DocType.EDUCATION_UNIT_PROOF
    got = {k: v.value for k, v in extract(group.pages).items()}
    assert set(got) == set(FIELDS)
    expected = {k: v for k, v in drawn.fields.items() if k != "has_seal"}
    assert {k: got[k] for k in expected} == expected
    assert got["graduation_date"] == ("2000-07" if drawn.layout == "letter" else "2000-07-01")
    assert got["has_seal"] is None  # the seal detector fills it from the page image


def test_an_official_letter_about_a_technical_school_graduate():
    """Wording not drawn by the fixtures: 关于…同志学历情况的证明, 人力资源部, a date in Chinese numerals."""
    f = extract([page(rows([
        "关于王芳同志学历情况的证明",
        "王芳同志系我公司职工。经查阅其人事档案，该同志1999年7月毕业于昆明市技工学校机电一体化专业高级工班。",
        "人力资源部负责人：赵强",
        "云南某某机械有限公司",
        "二〇二四年八月十六日",
    ]))])
    assert {k: v.value for k, v in f.items()} == {
        "name": "王芳", "id_number": None, "school": "昆明市技工学校", "major": "机电一体化", "level": "高级工班",
        "graduation_date": "1999-07", "unit": "云南某某机械有限公司", "signer": "赵强", "date": "2024-08-16",
        "has_seal": None,
    }


def test_a_grid_form_read_cell_by_cell():
    cells = [("姓名", "李强", "性别", "男"), ("身份证号", "530102197803071238", "", ""),
             ("毕业学校", "云南省轻工业学校", "", ""), ("专业", "食品工程", "学历", "中专"),
             ("毕业日期", "1998.07", "", ""), ("人事部门负责人签字", "周红", "日期", "2024年8月20日")]
    lines = [line("学历证明表", 0.35, 0.05, 0.65, 0.08), line("经审查本人档案，情况属实。", 0.08, 0.5, 0.6, 0.53)]
    for i, row in enumerate(cells):
        y = 0.15 + 0.05 * i
        for text, x in zip(row, (0.08, 0.30, 0.62, 0.74)):
            if text:
                lines.append(line(text, x, y, x + 0.012 * max(2, len(text)), y + 0.02))
    f = extract([page(lines)])
    got = {k: v.value for k, v in f.items()}
    assert got["name"] == "李强" and got["id_number"] == "530102197803071238"
    assert (got["school"], got["major"], got["level"]) == ("云南省轻工业学校", "食品工程", "中专")
    assert (got["graduation_date"], got["signer"], got["date"]) == ("1998-07", "周红", "2024-08-20")


def test_the_unit_is_never_a_date_or_an_instruction():
    f = extract([page(rows(["学历证明", "兹证明张伟，2000年7月毕业于云南大学，取得本科学历。经审查本人档案属实。",
                            "（单位盖章）", "2024年8月15日"]))])
    assert f["unit"].value is None
    assert f["date"].value == "2024-08-15" and f["graduation_date"].value == "2000-07"


def test_missing_fields_are_emitted():
    f = extract([page(rows(["学历证明"]))])
    assert set(f) == set(FIELDS) and all(v.value is None for v in f.values())


@pytest.mark.parametrize(("seal_unit", "expected"), [("", True), (None, False)])
def test_the_seal_detector_says_whether_the_letter_is_stamped(seal_unit, expected):
    """001 §五(四) 签字、盖章: has_seal as for the other letters the unit stamps (integrity/facts.py)."""
    from preaudit.pipeline.integrity.facts import document_meta
    from preaudit.pipeline.model import Document, FieldValue, SourceFile

    drawn = forms.draw_education_proof_letter(EducationProof(**{**PROOF.__dict__, "seal_unit": seal_unit}))
    image = np.ascontiguousarray(rasterise(drawn.page, 100))
    sf = SourceFile(path="学历证明.jpg", abs_path="/nonexistent", sha256="ab" * 32, size=1, kind="image")
    pg = Page(file=sf.path, file_sha256=sf.sha256, number=1, width=image.shape[1], height=image.shape[0],
              source="ocr", lines=[]).with_image(image)
    doc = Document(file=sf.path, file_sha256=sf.sha256, page=1, pages=[1], doc_type=DocType.EDUCATION_UNIT_PROOF,
                   source="ocr", fields={"has_seal": FieldValue(value=None, confidence=0.0)})
    assert document_meta(sf, doc, [pg], None, None).value("has_seal") is expected


# --------------------------------------------------------------------------- a letter headed 证  明

_LETTERS = {
    # the unit's letterhead over a title of two spaced characters; the archive checked, graduation to the month
    "archive-checked": (["昆明某某建设工程有限公司", "证    明",
                         "兹有我单位职工王芳，女，身份证号码：530102197803071238。经查阅本人人事",
                         "档案，该同志于1994年9月进入云南工业大学土木工程专业学习，1998年7月毕业，学历为",
                         "大学本科。上述学历与本人档案记载一致，特此证明。",
                         "人事部门负责人（签字）：赵强", "昆明某某建设工程有限公司", "2024年8月16日"],
                        {"name": "王芳", "id_number": "530102197803071238", "school": "云南工业大学",
                         "major": "土木工程", "level": "大学本科", "graduation_date": "1998-07",
                         "unit": "昆明某某建设工程有限公司", "signer": "赵强", "date": "2024-08-16"}),
    # another wording: 经审查档案, 毕业于, a 证明书 title, the 人力资源部 signing
    "reviewed": (["证 明 书", "经审查档案，我公司员工李强同志1999年7月毕业于昆明市技工学校机电一体化专业，",
                  "学历为中专。", "特此证明。", "人力资源部负责人：周红", "云南某某机械有限公司", "二〇二四年八月二十日"],
                 {"name": "李强", "school": "昆明市技工学校", "major": "机电一体化", "level": "中专",
                  "graduation_date": "1999-07", "unit": "云南某某机械有限公司", "signer": "周红", "date": "2024-08-20"}),
}


@pytest.mark.parametrize("key", list(_LETTERS))
def test_a_letter_headed_only_zhengming_is_typed_and_read(key):
    """A letter headed 证  明 (spaces between the characters) that certifies a graduation from the 档案
    checked is the unit's 学历证明 (the layout family archive-letter): typed so, and read."""
    texts, expected = _LETTERS[key]
    [group] = group_pages([page(rows(texts))])
    assert group.doc_type is DocType.EDUCATION_UNIT_PROOF
    got = {k: v.value for k, v in extract(group.pages).items()}
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("texts", [
    # an employment certificate headed 证  明, naming the 档案 and a graduation
    ["证  明", "兹证明张伟同志系我公司在职职工，2000年7月毕业于云南大学，本科学历，2005年3月起在我公司工作至今。",
     "其人事档案由我公司人力资源部管理。", "特此证明。", "人力资源部", "2024年8月15日"],
    # an income certificate drawn the same way
    ["证  明", "兹证明张伟同志为我单位职工，2000年7月毕业后到我单位工作，月收入8000元。人事档案存于我单位。",
     "特此证明。", "人事部门负责人：李明", "昆明云岭科技有限公司"],
    ["在职证明", "兹证明张伟同志（本科学历，2000年毕业于云南大学）系我单位职工，人事档案在我单位。", "特此证明。"],
    # a 推荐报告 and a 委托函 that speak of the applicants' 学历 and 档案
    ["关于推荐中建三局集团有限公司昆明分公司张伟等2名同志参加初级职称考核认定的报告", "证明",
     "经审查本人档案，张伟同志2016年7月毕业于昆明理工大学，本科学历。", "现推荐其参加考核认定。", "中国建筑第三工程局有限公司"],
    ["2022年度甘肃省职称评审委托函", "证明", "现委托甘肃省工程系列职称评审委员会对张伟同志代评职称。",
     "经审查档案，该同志2010年7月毕业于兰州交通大学，本科学历。", "国网甘肃省电力公司"],
], ids=["employment", "income", "titled-employment", "recommendation", "delegation"])
def test_other_letters_of_the_unit_are_no_education_proof(texts):
    [group] = group_pages([page(rows(texts))])
    assert group.doc_type is not DocType.EDUCATION_UNIT_PROOF


def test_a_spaced_title_read_as_one_box_per_character_is_still_the_title():
    """OCR reads 证      明 with a wide gap as two boxes on one line: together they are the title."""
    from tests.helpers import line
    body = rows(["兹证明张伟同志，2000年7月毕业于云南大学化学专业，本科学历。经查其人事档案属实。", "特此证明。",
                 "人事部门负责人：李明", "昆明云岭科技有限公司", "2024年8月15日"], top=0.2)
    title = [line("证", 0.42, 0.08, 0.46, 0.12), line("明", 0.54, 0.081, 0.58, 0.121)]
    [group] = group_pages([page(title + body)])
    assert group.doc_type is DocType.EDUCATION_UNIT_PROOF
    # and a lone 证 and 明 on different lines is no title
    apart = [line("证", 0.42, 0.08, 0.46, 0.12), line("明", 0.54, 0.14, 0.58, 0.18)]
    [group] = group_pages([page(apart + body)])
    assert group.doc_type is DocType.OTHER


def test_a_verification_form_is_read_row_by_row():
    """A 学历学位情况核查表 (the 档案 check as a form, issue 12, now typed as the unit's certificate):
    its rows are read by label, its headings (档案记载情况, 核查意见) are no values."""
    p = page(rows(["学历学位情况核查表", "序号 项目 档案记载情况", "1 姓名 王芳", "2 毕业学校 昆明市技工学校",
                   "3 所学专业 机电一体化", "4 毕业时间 1999.07", "核查意见 经核对本人人事档案，以上情况属实。",
                   "单位（盖章） 单位名称：云南某某机械有限公司", "人事负责人：赵强", "日期：2024年8月16日"]))
    f = extract([p])
    assert (f["name"].value, f["school"].value, f["major"].value) == ("王芳", "昆明市技工学校", "机电一体化")
    assert (f["graduation_date"].value, f["signer"].value, f["date"].value) == ("1999-07", "赵强", "2024-08-16")
    assert f["unit"].value == "云南某某机械有限公司"
