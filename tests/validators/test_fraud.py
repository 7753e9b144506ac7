"""Fraud and tamper rules: duplicates, edited PDFs, ID card validity, plausible age."""

from datetime import date

import pytest

from pipeline.model import DocType, Document
from tests.validators.builders import codes, doc, id_back, make_case, make_id
from validators.rules import fraud

EDITORS = ["photoshop", "gimp", "wps", "acrobat", "pdf-xchange", "foxit", "ilovepdf"]


def _with_meta(d: Document, **meta) -> Document:
    return d.model_copy(update={"meta": meta})


def _dup(kind: str, file: str = "学历.pdf", distance: int = 0, **kw) -> dict:
    return {"kind": kind, "file": file, "doc_type": "xuexin_record", "other_applicant": "李娜_02", "other_file": "b.pdf",
            "other_batch": "2024q2", "distance": distance, **kw}


@pytest.mark.parametrize(
    ("hits", "expected"),
    [
        ([_dup("file_sha256")], 1),
        ([_dup("file_sha256"), _dup("verification_code")], 1),  # one finding per file and other applicant
        ([_dup("photo_dhash", distance=4)], 1),  # threshold inclusive
        ([_dup("photo_dhash", distance=5)], 0),
        ([_dup("portrait_dhash", distance=16)], 1),  # the ID portrait's own, wider threshold (144 bits)
        ([_dup("portrait_dhash", distance=17)], 0),
        ([_dup("id_number", other_name="李娜")], 1),
        ([], 0),
    ],
)
def test_duplicate_document_grouping_and_photo_threshold(hits, expected):
    case = make_case(doc(DocType.XUEXIN_RECORD, file="学历.pdf")).model_copy(update={"duplicates": hits})
    found = list(fraud.duplicate_document(case, max_photo_distance=4, max_portrait_distance=16))
    assert len(found) == expected
    if found:
        assert found[0].code == "DUPLICATE_DOCUMENT" and "李娜_02" in found[0].message
        assert found[0].evidence["other_applicant"] == "李娜_02" and found[0].documents == [0]


PDF_OK = {"producer": "学信网", "creator": "", "incremental_updates": 0,
          "creation_date": "2024-08-15T09:30:00+08:00", "mod_date": "2024-08-15T09:30:00+08:00"}


@pytest.mark.parametrize(
    ("pdf", "anomalies", "flagged"),
    [
        (PDF_OK, [], False),
        (PDF_OK | {"incremental_updates": 1}, [], True),
        (PDF_OK | {"producer": "Adobe Acrobat Pro 2020"}, [], True),
        (PDF_OK | {"creator": "WPS Office"}, [], True),
        (PDF_OK | {"mod_date": "2024-08-16T09:30:00+08:00"}, [], False),  # 1 day: within the limit
        (PDF_OK | {"mod_date": "2024-08-17T09:31:00+08:00"}, [], True),  # 2 days later
        (PDF_OK | {"mod_date": "2024-08-14T09:30:00+08:00"}, [], True),  # modified before created
        (PDF_OK, [{"field": "name", "font": "SimSun"}], True),
        (PDF_OK, [{"field": "update_date", "font": "SimSun"}], False),  # not a watched field
    ],
)
def test_pdf_edited_signals(pdf, anomalies, flagged):
    d = _with_meta(doc(DocType.XUEXIN_RECORD, file="学历.pdf"), pdf=pdf, font_anomalies=anomalies)
    found = list(fraud.pdf_edited(make_case(d), doc_types=["xuexin_record"], editor_producers=EDITORS,
                                  max_incremental_updates=0, max_days_modified_after_creation=1))
    assert codes(found) == (["PDF_EDITED"] if flagged else [])


def test_pdf_edited_ignores_types_not_listed():
    d = _with_meta(doc(DocType.PLEDGE), pdf=PDF_OK | {"producer": "WPS"})
    assert list(fraud.pdf_edited(make_case(d), doc_types=["xuexin_record"], editor_producers=EDITORS)) == []


@pytest.mark.parametrize(
    ("start", "end", "flagged"),
    [
        ("2015-03-07", "2035-03-07", False),
        ("2015-03-07", "2025-03-07", False),
        ("2020-03-07", "2025-03-07", False),
        ("2015-03-07", "long_term", False),
        ("2015-03-07", "2030-03-07", True),  # 15 years
        ("2015-03-07", "2035-03-08", True),  # a day off
        ("2016-02-29", "2036-02-28", False),
    ],
)
def test_id_card_validity_period(start, end, flagged):
    case = make_case(id_back(valid_from=start, valid_until=end))
    assert codes(fraud.id_card_validity_period(case)) == (["ID_CARD_VALIDITY_INVALID"] if flagged else [])


@pytest.mark.parametrize(
    ("birth", "flagged"),
    [("19900307", False), ("20080921", False), ("20080922", True), ("19230922", False), ("19230921", True)],
)
def test_plausible_age_boundaries(birth, flagged):
    # as_of 2024-09-21: born 2008-09-21 is 16, a day later 15; born 1923-09-22 is 100, a day earlier 101.
    number = make_id(birth=birth)
    case = make_case(doc(DocType.ID_CARD_FRONT, id_number=number, name="张伟"), decl=None, as_of=date(2024, 9, 21))
    found = list(fraud.plausible_age(case, min_age=16, max_age=100))
    assert codes(found) == (["ID_NUMBER_INVALID"] if flagged else [])
    assert all(number not in f.message for f in found)


def test_pdf_edited_text_layer_hidden_on_the_rendered_page():
    # pipeline/render.py keeps text-layer runs the page does not show (a white box over 未到账)
    hidden = {"1": {"hidden_text": [{"text": "未到账", "bbox": [0.6, 0.4, 0.7, 0.42]}]}}
    d = _with_meta(doc(DocType.PENSION_CERTIFICATE, file="社保.pdf"), pdf=PDF_OK, geometry=hidden)
    found = list(fraud.pdf_edited(make_case(d), doc_types=["pension_certificate"], editor_producers=EDITORS))
    assert codes(found) == ["PDF_EDITED"]
    assert found[0].evidence["hidden_text"] == [{"page": 1, "text": "未到账", "bbox": [0.6, 0.4, 0.7, 0.42]}]
    assert "未到账" in found[0].message
    quiet = _with_meta(doc(DocType.PENSION_CERTIFICATE), pdf=PDF_OK, geometry={"1": {"turn": 0}})
    assert list(fraud.pdf_edited(make_case(quiet), doc_types=["pension_certificate"], editor_producers=EDITORS)) == []
    assert list(fraud.pdf_edited(make_case(d), doc_types=["pension_certificate"], editor_producers=EDITORS,
                                 min_hidden_chars=4)) == []
