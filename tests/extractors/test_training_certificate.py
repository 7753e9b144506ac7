"""专业培训 / 进修结业证书 (003 §二 Q12): both layouts the fixtures draw, read from their text layer, unseen
wordings (a sentence of completion, a labelled list of 科目), and what is not one."""

from __future__ import annotations

from datetime import date

import pymupdf
import pytest

from preaudit.extractors.training_certificate import FIELDS, extract
from preaudit.fixtures import training_forms
from preaudit.fixtures.records import TrainingCertificate
from preaudit.fixtures.render import pdf_metadata, subset_and_bytes
from preaudit.pipeline.intake.classify import classify_page, group_pages
from preaudit.pipeline.intake.render import text_layer_lines
from preaudit.pipeline.model import DocType, Page
from tests.helpers import page, rows

CERT = TrainingCertificate(
    "张伟", "男", "530103199003070012", "昆明理工大学继续教育学院", "建筑工程技术", date(2023, 3, 1), date(2023, 9, 30),
    date(2023, 10, 8), hours=240, subjects=(("建筑施工技术", 86, 64), ("建筑结构", 78, 64), ("工程测量", 91, 48)),
    number="KLG2023-0412")


def text_pages(drawn, file: str) -> list[Page]:
    data = subset_and_bytes(drawn.doc, pdf_metadata(drawn.created, "", ""))
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return [Page(file=file, file_sha256="0" * 64, number=i + 1, width=round(p.rect.width),
                     height=round(p.rect.height), source="pdf_text", lines=text_layer_lines(p)) for i, p in enumerate(doc)]


@pytest.mark.parametrize("layout", training_forms.LAYOUTS)
def test_drawn_layouts_read_from_their_text_layer(layout):
    drawn = training_forms.draw(CERT, layout)
    [group] = group_pages(text_pages(drawn, "培训证书.pdf"))
    assert group.doc_type is DocType.TRAINING_CERTIFICATE
    got = {k: v.value for k, v in extract(group.pages).items()}
    assert set(got) == set(FIELDS)
    assert {k: got[k] for k in drawn.fields} == drawn.fields
    assert got["has_seal"] is None  # the seal detector fills it from the page image
    if layout == "study":  # no ID number on a 进修结业证书; its hours are the table's, added up
        assert got["id_number"] is None and got["hours"] == 176


def test_a_sentence_of_completion():
    f = extract([page(rows([
        "结业证书",
        "学员张伟同志，于2023年3月1日至2023年9月30日参加昆明市住房和城乡建设局组织的建筑施工管理业务培训，",
        "共计120学时，经考核合格，准予结业。",
        "昆明市住房和城乡建设局",
        "2023年10月8日",
    ]))])
    assert {k: f[k].value for k in ("name", "institution", "course", "start_date", "end_date", "hours", "issue_date")} == {
        "name": "张伟", "institution": "昆明市住房和城乡建设局", "course": "建筑施工管理", "start_date": "2023-03-01",
        "end_date": "2023-09-30", "hours": 120, "issue_date": "2023-10-08"}
    assert f["subjects"].value is None


def test_subjects_on_one_labelled_line_and_months_alone():
    f = extract([page(rows([
        "进修结业证书",
        "姓名：张伟",
        "进修院校：云南农业大学",
        "进修专业：农学（专业证书班）",
        "进修时间：2022年9月至2023年7月",
        "进修科目：作物栽培学、植物保护学、土壤肥料学",
        "发证日期：2023年07月15日",
    ]))])
    assert f["subjects"].value == ["作物栽培学", "植物保护学", "土壤肥料学"]
    assert (f["start_date"].value, f["end_date"].value) == ("2022-09", "2023-07")
    assert f["institution"].value == "云南农业大学" and f["course"].value == "农学(专业证书班)"


def test_missing_fields_are_emitted():
    f = extract([page(rows(["结业证书"]))])
    assert set(f) == set(FIELDS) and all(v.value is None for v in f.values())


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["培训证明", "兹证明张伟同志于2023年3月至9月参加我单位组织的专业技术培训，共计240学时。"], DocType.TRAINING_CERTIFICATE),
        (["进修结业证书", "进修科目 成绩", "作物栽培学 85"], DocType.TRAINING_CERTIFICATE),
        # a diploma closes a course too, but is none
        (["毕业证书", "学生张伟，于2008年9月至2012年7月在本校计算机科学与技术专业四年制本科学习，修完教学计划规定的全部课程，准予毕业。"],
         DocType.OTHER),
        # the yearly 继续教育 hours (004 §四(四)) are not 003 Q12's training
        (["继续教育证书", "姓名 张伟", "培训学时 90", "结业"], DocType.OTHER),
    ],
)
def test_classification(texts, expected):
    got = classify_page(page(rows(texts))).doc_type
    if expected is DocType.OTHER:
        assert got is not DocType.TRAINING_CERTIFICATE
    else:
        assert got is expected
