"""Evidence for findings: which field to show, crops cut once, ID numbers blacked out, no crashes."""

from __future__ import annotations

import base64

import cv2
import numpy as np
import pymupdf
import pytest

from preaudit.pipeline.intake.crops import PageCropper
from preaudit.pipeline.report.evidence import CropMaker, choose_fields, evidence_groups
from preaudit.pipeline.model import BBox, Document, DocType, FieldValue, Finding
from preaudit.pipeline.report.html import render_html
from tests.pipeline.report.report_builders import FULL_ID, build_report


def _doc(doc_type: DocType, *names: str) -> Document:
    return Document(file="x.pdf", page=1, doc_type=doc_type, fields={n: FieldValue(value="v") for n in names})


def _decode(uri: str) -> np.ndarray:
    data = base64.b64decode(uri.split(",", 1)[1])
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)


# --------------------------------------------------------------------------- choosing fields


def test_field_named_in_evidence_wins():
    doc = _doc(DocType.CONTRACT_FILING, "employer", "employee_name", "employee_id_number")
    f = Finding(code="NAME_MISMATCH", message="m", documents=[0], evidence={"document": "contract_filing", "field": "employee_name"})
    assert choose_fields(f, doc) == ["employee_name"]


def test_sources_name_fields_per_document_type():
    front = _doc(DocType.ID_CARD_FRONT, "name", "id_number")
    contract = _doc(DocType.CONTRACT_FILING, "employer", "employee_id_number")
    f = Finding(code="ID_NUMBER_INVALID", message="m", documents=[0, 1], evidence={"sources": [
        {"document": "declared", "field": "id_number"},
        {"document": "contract_filing", "field": "employee_id_number"},
        {"document": "id_card_front", "field": "id_number"},
    ]})
    assert choose_fields(f, front) == ["id_number"]
    assert choose_fields(f, contract) == ["employee_id_number"]


def test_evidence_keys_that_are_field_names_are_used_also_nested():
    contract = _doc(DocType.CONTRACT_FILING, "employer", "start_date", "end_date", "open_ended")
    f = Finding(code="CONTRACT_EXPIRED", message="m", documents=[0], evidence={
        "as_of": "2024-09-10",
        "contracts": [{"document": "contract_filing", "file": "x.pdf", "start_date": "2021-07-01", "end_date": "2024-06-30", "open_ended": False}],
    })
    assert choose_fields(f, contract) == ["start_date", "end_date"]  # False locates nothing


def test_code_mapping_then_document_default():
    pension = _doc(DocType.PENSION_CERTIFICATE, "name", "employer", "months")
    streak = Finding(code="INSURANCE_STREAK_SHORT", message="m", documents=[0], evidence={"unpaid": ["2024-06"]})
    assert choose_fields(streak, pension) == ["months"]
    unit = Finding(code="UNIT_MISMATCH", message="m", documents=[0], evidence={"declared_unit": "甲"})
    assert choose_fields(unit, pension) == ["employer"]
    unknown = Finding(code="SOMETHING_NEW", message="m", documents=[0])
    assert choose_fields(unknown, pension) == ["name", "employer"]


def test_fields_a_document_lacks_are_not_chosen():
    back = _doc(DocType.ID_CARD_BACK)
    f = Finding(code="ID_CARD_EXPIRED", message="m", documents=[0], evidence={"valid_until": "2020-01-01"})
    assert choose_fields(f, back) == []


# --------------------------------------------------------------------------- crops


@pytest.fixture()
def report(tmp_path):
    return build_report(tmp_path / "申报人")


def test_each_region_is_cut_once(report):
    with CropMaker(report, PageCropper()) as crops:
        render_html(report, crops)
        first = crops.cut
        render_html(report, crops, for_print=True)
        for f in report.findings:
            evidence_groups(report, f, crops)
        assert crops.cut == first
    keys = {
        (d.file, fv.page, tuple(fv.bbox.as_list()))
        for f in report.findings for i in f.documents for d in [report.documents[i]]
        for fv in d.fields.values() if fv.bbox is not None and d.file != "合同/劳动合同备案表.pdf"
    }
    assert 0 < first <= len(keys)


def test_missing_corrupt_and_outside_files_give_no_crop(report, tmp_path):
    (tmp_path / "申报人" / "身份证正面.jpg").write_bytes(b"\xff\xd8 broken")
    (tmp_path / "申报人" / "社保_参保证明.pdf").write_bytes(b"%PDF-1.7 garbage")
    escaped = Document(file="../outside.pdf", page=1, doc_type=DocType.OTHER,
                       fields={"name": FieldValue(value="x", bbox=BBox(x0=0.1, y0=0.1, x1=0.2, y1=0.2))})
    outside = pymupdf.open()
    outside.new_page()
    (tmp_path / "outside.pdf").write_bytes(outside.tobytes())  # readable, but not the applicant's
    with CropMaker(report, PageCropper()) as crops:
        for doc in [*report.documents, escaped]:
            for fv in doc.fields.values():
                key, crop = crops.crop_for(doc, fv)
                assert crop is None
    html = render_html(report, CropMaker(report, PageCropper()))
    assert "无可用截图" in html and "data:image" not in html


def test_bad_page_numbers_and_boxes_give_no_crop(report):
    doc = report.documents[1]
    with CropMaker(report, PageCropper()) as crops:
        assert crops.crop_for(doc, FieldValue(value="x", bbox=BBox(x0=0.1, y0=0.1, x1=0.2, y1=0.2), page=9))[1] is None
        assert crops.crop_for(doc, FieldValue(value="x", bbox=BBox(x0=1.2, y0=1.2, x1=1.5, y1=1.5), page=1))[1] is None
        assert crops.crop_for(doc, FieldValue(value="x", bbox=None))[1] is None


def _dark_fraction(img: np.ndarray, x0: float, x1: float, y: float) -> float:
    h, w = img.shape[:2]
    row = img[int(y * h), int(x0 * w):max(int(x0 * w) + 1, int(x1 * w))]
    return float(np.mean(np.all(np.abs(row.astype(int) - 40) <= 12, axis=-1)))


@pytest.mark.parametrize("doc_index", [0, 1], ids=["photo-ocr", "pdf-text-layer"])
def test_id_number_crops_black_out_the_hidden_digits(report, doc_index):
    doc = report.documents[doc_index]
    fv = doc.fields["id_number"]
    with CropMaker(report, PageCropper()) as crops:
        _, crop = crops.crop_for(doc, fv)
    assert crop is not None
    img = _decode(crop.data_uri)
    # where the box sits inside the crop (padding as in CropMaker._cut)
    from preaudit.pipeline.report import evidence as ev

    b = fv.bbox
    pad_y = min(max(b.height * ev.PAD_Y_LINE, ev.PAD_Y_MIN), ev.PAD_Y_MAX)
    rx0, rx1 = max(0.0, b.x0 - ev.PAD_LEFT), min(1.0, b.x1 + ev.PAD_RIGHT)
    ry0, ry1 = max(0.0, b.y0 - pad_y), min(1.0, b.y1 + pad_y)
    to_x = lambda x: (x - rx0) / (rx1 - rx0)  # noqa: E731
    mid_y = ((b.y0 + b.y1) / 2 - ry0) / (ry1 - ry0)
    step = (b.x1 - b.x0) / len(FULL_ID)
    hidden = (to_x(b.x0 + step * 6.6), to_x(b.x0 + step * 13.4))  # characters 7..14
    first6 = (to_x(b.x0 + step * 0.3), to_x(b.x0 + step * 4.7))
    last = (to_x(b.x0 + step * 15.3), to_x(b.x1 - step * 0.3))
    assert _dark_fraction(img, *hidden, mid_y) > 0.95
    assert _dark_fraction(img, *first6, mid_y) < 0.2
    assert _dark_fraction(img, *last, mid_y) < 0.2


def test_crops_elsewhere_on_a_page_are_not_blacked_out(report):
    doc = report.documents[1]
    with CropMaker(report, PageCropper()) as crops:
        _, crop = crops.crop_for(doc, doc.fields["employer"])
    img = _decode(crop.data_uri)
    assert np.mean(np.all(np.abs(img.astype(int) - 40) <= 12, axis=-1)) < 0.01


def test_a_tall_narrow_region_is_shown_small_enough_for_one_page(report):
    from preaudit.pipeline.report.evidence import MAX_SHOW_HEIGHT_PT

    doc = report.documents[1]
    strip = FieldValue(value="x", bbox=BBox(x0=0.1, y0=0.02, x1=0.15, y1=0.98), page=1)
    with CropMaker(report, PageCropper()) as crops:
        _, crop = crops.crop_for(doc, strip)
    img = _decode(crop.data_uri)
    assert crop.width_pt * img.shape[0] / img.shape[1] <= MAX_SHOW_HEIGHT_PT + 1


def test_a_pdf_renamed_jpg_still_gets_its_crops(report, tmp_path):
    """Intake types a file by its bytes; so must the crops (issue 14)."""
    folder = tmp_path / "申报人"
    (folder / "社保_参保证明.pdf").rename(folder / "社保_参保证明.jpg")
    renamed = report.model_copy(update={"documents": [
        d.model_copy(update={"file": "社保_参保证明.jpg"}) if d.file == "社保_参保证明.pdf" else d
        for d in report.documents]})
    pension = next(d for d in renamed.documents if d.file == "社保_参保证明.jpg")
    with CropMaker(renamed, PageCropper()) as crops:
        _, crop = crops.crop_for(pension, pension.fields["employer"])
    assert crop is not None
