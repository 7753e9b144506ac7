"""劳务派遣协议 (001 §三(一)2, §五(五)2(3)): both layouts the fixtures draw (text layer), and wordings they
never draw (the parties in the other order, a term on one line with 至, a clause naming the work only)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pymupdf
import pytest

from preaudit.extractors.dispatch_agreement import FIELDS, extract
from preaudit.fixtures import forms
from preaudit.fixtures.records import DispatchAgreement
from preaudit.fixtures.render import pdf_metadata, rasterise, subset_and_bytes
from preaudit.pipeline.intake.classify import classify_page, group_pages
from preaudit.pipeline.intake.render import text_layer_lines
from preaudit.pipeline.model import DocType, Page
from tests.helpers import page, rows

AGREEMENT = DispatchAgreement("云南众诚人力资源服务有限公司", "昆明市盘龙区政务服务中心", "张伟", "男", "530102199003071238",
                              "计算机应用技术", date(2023, 3, 1), date(2026, 2, 28), date(2023, 2, 20), "周丽华", "王海波")


def _text_pages(drawn) -> list[Page]:
    data = subset_and_bytes(drawn.doc, pdf_metadata("2023-02-20", "", ""))
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return [Page(file="派遣协议.pdf", file_sha256="0" * 64, number=i + 1, width=round(p.rect.width),
                     height=round(p.rect.height), source="pdf_text", lines=text_layer_lines(p)) for i, p in enumerate(doc)]


@pytest.mark.parametrize("draw", [forms.draw_dispatch_agreement, forms.draw_dispatch_confirmation],
                         ids=["agreement", "confirmation"])
def test_drawn_layouts_read_from_their_text_layer(draw):
    drawn = draw(AGREEMENT)
    [group] = group_pages(_text_pages(drawn))  # the agreement's last page continues its first
    assert group.doc_type is DocType.DISPATCH_AGREEMENT and len(group.pages) == len(drawn.doc)
    got = {k: v.value for k, v in extract(group.pages).items()}
    assert set(got) == set(FIELDS)
    expected = {k: v for k, v in drawn.fields.items() if k != "has_seal"}
    assert {k: got[k] for k in expected} == expected
    assert got["has_seal"] is None  # the seal detector fills it from the page image


def test_the_parties_in_the_other_order():
    """甲方 the user unit, 乙方 the dispatch company: the labels name the role, not the letter."""
    f = extract([page(rows([
        "劳务派遣协议书",
        "甲方（用工单位）：昆明滇中数字城市运营有限公司",
        "乙方（劳务派遣单位）：云南众诚人力资源服务有限公司",
        "派遣期限：2024年1月1日至2026年12月31日",
    ]))])
    assert (f["dispatch_unit"].value, f["user_unit"].value) == ("云南众诚人力资源服务有限公司", "昆明滇中数字城市运营有限公司")
    assert (f["start_date"].value, f["end_date"].value) == ("2024-01-01", "2026-12-31")
    assert f["name"].value is None and f["id_number"].value is None  # a company-to-company agreement


def test_a_term_without_end_has_no_end_date():
    f = extract([page(rows(["劳务派遣协议", "甲方（派遣单位）：云南众诚人力资源服务有限公司", "乙方（用工单位）：昆明市盘龙区政务服务中心",
                            "派遣期限：自2022年7月1日起，无固定期限。"]))])
    assert (f["start_date"].value, f["end_date"].value) == ("2022-07-01", None)


def test_the_work_from_the_clause_and_the_worker_by_label():
    f = extract([page(rows(["劳务派遣协议", "被派遣劳动者姓名：李娜", "身份证号码：53038119880615150X",
                            "岗位为档案数字化专员，工作地点为昆明市。"]))])
    assert (f["name"].value, f["id_number"].value, f["position"].value) == ("李娜", "53038119880615150X", "档案数字化专员")


def test_missing_fields_are_emitted():
    f = extract([page(rows(["劳务派遣协议"]))])
    assert set(f) == set(FIELDS) and all(v.value is None for v in f.values())


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["劳务派遣协议", "甲方（劳务派遣单位）：云南众诚人力资源服务有限公司", "乙方（用工单位）：昆明市盘龙区政务服务中心"],
         DocType.DISPATCH_AGREEMENT),
        (["劳务派遣人员派遣确认表", "派遣单位 云南众诚人力资源服务有限公司", "用工单位 昆明市盘龙区政务服务中心"],
         DocType.DISPATCH_AGREEMENT),
        # a dispatched worker's own labour contract names the 用工单位 and the 派遣期限 (劳动合同法 §58): still a contract
        (["劳动合同书", "甲方（用人单位）：云南众诚人力资源服务有限公司", "乙方（劳动者）：张伟",
          "甲方为劳务派遣单位，乙方被派遣至用工单位昆明市盘龙区政务服务中心工作，派遣期限为三年。", "工作内容", "劳动报酬"],
         DocType.LABOR_CONTRACT),
        # a letter mentioning 派遣 without the agreement's words stays other
        (["关于选派技术人员的通知", "现派遣张伟同志赴昆明参加培训。"], DocType.OTHER),
    ],
)
def test_classified_by_its_own_words(texts, expected):
    assert classify_page(page(rows(texts))).doc_type is expected


@pytest.mark.parametrize(("stamped", "has_seal"), [(True, True), (False, None)])
def test_the_seal_detector_says_whether_it_is_stamped(stamped, has_seal):
    """001 §五(五): 签字盖章复印件; both parties' seals are found (integrity/facts.py). An unstamped form
    printed in black shows no colour at all: a red seal could not show there, so it is unknown, never
    "not stamped"."""
    from preaudit.pipeline.integrity.facts import document_meta
    from preaudit.pipeline.model import Document, FieldValue, SourceFile

    drawn = forms.draw_dispatch_confirmation(DispatchAgreement(**{**AGREEMENT.__dict__, "stamped": stamped}))
    image = np.ascontiguousarray(rasterise(drawn.page, 100))
    sf = SourceFile(path="派遣协议.jpg", abs_path="/nonexistent", sha256="cd" * 32, size=1, kind="image")
    pg = Page(file=sf.path, file_sha256=sf.sha256, number=1, width=image.shape[1], height=image.shape[0],
              source="ocr", lines=[]).with_image(image)
    doc = Document(file=sf.path, file_sha256=sf.sha256, page=1, pages=[1], doc_type=DocType.DISPATCH_AGREEMENT,
                   source="ocr", fields={"has_seal": FieldValue(value=None, confidence=0.0)})
    meta = document_meta(sf, doc, [pg], None, None)
    assert meta.value("has_seal") is has_seal
    assert (len(meta.meta["seals"]) if stamped else meta.meta["seal_check"]["reason"]) == (2 if stamped else "grayscale")
