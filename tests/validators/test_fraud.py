"""Fraud and tamper rules: duplicates, edited PDFs, ID card validity, plausible age."""

from datetime import date

import pytest

from preaudit.pipeline.model import DocType, Document
from tests.validators.builders import codes, doc, id_back, make_case, make_id
from preaudit.validators.rules import fraud

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
        ([_dup("photo_dhash", distance=4)], 1),  # threshold inclusive (64-bit, indexes made before photo_hash)
        ([_dup("photo_dhash", distance=5)], 0),
        ([_dup("photo_hash", distance=16)], 1),  # 144-bit 1-inch photo hash
        ([_dup("photo_hash", distance=17)], 0),
        ([_dup("portrait_dhash", distance=16)], 1),  # the ID portrait's own, wider threshold (144 bits)
        ([_dup("portrait_dhash", distance=17)], 0),
        ([_dup("id_number", other_name="李娜")], 1),
        ([], 0),
    ],
)
def test_duplicate_document_grouping_and_photo_threshold(hits, expected):
    case = make_case(doc(DocType.XUEXIN_RECORD, file="学历.pdf")).model_copy(update={"duplicates": hits})
    found = list(fraud.duplicate_document(case, max_photo_distance=4, max_photo_hash_distance=16,
                                          max_portrait_distance=16))
    assert len(found) == expected
    if found:
        assert found[0].code == "DUPLICATE_DOCUMENT" and found[0].documents == [0]
        # the applicant reads the message: the other applicant is in the reviewer-only evidence only
        assert "李娜" not in found[0].message and "b.pdf" not in found[0].message and "其他申报人" in found[0].message
        assert found[0].evidence["other_applicant"] == "李娜_02" and found[0].evidence["other_files"] == ["b.pdf"]


def _content(**figures) -> dict:
    return _dup("content", file="社保.jpg", doc_type="pension_certificate", figures={"holder": "id", **figures})


CONTENT = {"min_content_text_similarity": 0.5, "min_content_rows_similarity": 0.75, "min_content_rows": 3,
           "max_content_page_distance": 24}


@pytest.mark.parametrize(
    ("figures", "passed"),
    [
        ({"text": 0.62, "rows": 1.0, "rows_n": 12, "units": 1.0}, ["rows", "text"]),  # photographed again
        ({"text": 0.31, "rows": 0.8, "rows_n": 12}, ["rows"]),  # rows read, text poorly
        ({"text": 0.2, "rows": 0.9, "rows_n": 2}, None),  # too few rows to say
        ({"text": 0.5}, ["text"]),  # threshold inclusive
        ({"text": 0.49, "page_distance": 24, "page_bits": 256}, ["page"]),  # re-saved: the image itself
        ({"text": 0.49, "page_distance": 25, "page_bits": 256}, None),
    ],
)
def test_content_reuse_counts_by_the_policys_figures(figures, passed):
    case = make_case(doc(DocType.PENSION_CERTIFICATE, file="社保.jpg")).model_copy(
        update={"duplicates": [_content(**figures)]})
    found = list(fraud.duplicate_document(case, **CONTENT))
    assert len(found) == (0 if passed is None else 1)
    if found:
        signal = found[0].evidence["signals"][0]
        assert signal["kind"] == "content" and signal["passed"] == passed and signal["holder"] == "id"
        assert signal["other_file"] == "b.pdf" and signal["other_batch"] == "2024q2"
        assert signal["text"] == figures["text"] and signal["thresholds"]["text"] == 0.5
        assert "同一持有人的材料内容相同" in found[0].message


def test_every_duplicate_finding_names_signal_other_applicant_file_and_figures():
    hits = [_dup("file_sha256"), _dup("photo_hash", distance=3, figures={"bits": 144}), _content(text=0.9)]
    case = make_case(doc(DocType.XUEXIN_RECORD, file="学历.pdf"),
                     doc(DocType.PENSION_CERTIFICATE, file="社保.jpg")).model_copy(update={"duplicates": hits})
    found = list(fraud.duplicate_document(case, **CONTENT))
    assert len(found) == 2
    for f in found:
        assert f.evidence["other_applicant"] == "李娜_02" and f.evidence["other_files"] == ["b.pdf"]
        for signal in f.evidence["signals"]:
            assert signal["kind"] and signal["label"] and signal["other_file"] == "b.pdf"
            assert any(k in signal for k in ("similarity", "distance", "text"))
    photo = next(s for f in found for s in f.evidence["signals"] if s["kind"] == "photo_hash")
    assert (photo["distance"], photo["max_distance"], photo["bits"]) == (3, 16, 144)


def test_content_kind_off_in_the_policy_reports_nothing():
    case = make_case(doc(DocType.PENSION_CERTIFICATE, file="社保.jpg")).model_copy(
        update={"duplicates": [_content(text=0.9, rows=1.0, rows_n=12)]})
    assert list(fraud.duplicate_document(case, kinds=["file_sha256"], **CONTENT)) == []


PDF_OK = {"producer": "学信网", "creator": "", "incremental_updates": 0,
          "creation_date": "2024-08-15T09:30:00+08:00", "mod_date": "2024-08-15T09:30:00+08:00"}
SIGNED = {"incremental_updates": 1, "content_updates": 0, "signature_updates": 1, "unverified_updates": 0,
          "revisions": [{"revision": 2, "verified": True, "changed_pages": [], "signature": True}]}
EDITED = {"incremental_updates": 1, "content_updates": 1, "signature_updates": 0, "unverified_updates": 0,
          "revisions": [{"revision": 2, "verified": True, "changed_pages": [1], "signature": False,
                         "added_text": ["已到账"]}]}
ODD = {"field": "name", "font": "SimSun", "page": 1, "bbox": [0.2, 0.2, 0.3, 0.22], "support": []}


@pytest.mark.parametrize(
    ("pdf", "anomalies", "flagged"),
    [
        (PDF_OK, [], False),
        (PDF_OK | {"incremental_updates": 1}, [], True),  # facts from before revisions were compared
        (PDF_OK | SIGNED, [], False),  # 学信网's digital signature appends a revision
        (PDF_OK | SIGNED | {"mod_date": "2024-08-15T09:30:12+08:00", "producer": "iText 5.5.13"}, [], False),
        (PDF_OK | EDITED, [], True),
        (PDF_OK | SIGNED | {"unverified_updates": 1}, [], True),  # a revision that could not be checked
        (PDF_OK | {"producer": "Adobe Acrobat Pro 2020"}, [], True),
        (PDF_OK | {"creator": "WPS Office"}, [], True),
        (PDF_OK | {"producer": "Acrobat Distiller 11.0 (Windows)"}, [], False),  # prints to PDF, no editor
        (PDF_OK | {"producer": "Skia/PDF m120", "creator": "Mozilla/5.0 Chrome"}, [], False),
        (PDF_OK | {"producer": "Microsoft: Print To PDF"}, [], False),
        (PDF_OK | {"producer": "wkhtmltopdf 0.12.6"}, [], False),
        (PDF_OK | {"mod_date": "2024-08-15T09:42:00+08:00"}, [], False),  # minutes later
        (PDF_OK | {"mod_date": "2024-08-16T09:30:00+08:00"}, [], False),  # 1 day: within the limit
        (PDF_OK | {"mod_date": "2024-08-17T09:31:00+08:00"}, [], False),  # 2 days later: alone, a template's date
        (PDF_OK | {"mod_date": "2024-08-17T09:31:00+08:00", "producer": "WPS"}, [], True),
        (PDF_OK | {"mod_date": "2024-08-14T09:30:00+08:00"}, [], False),  # a day before: within the tolerance
        (PDF_OK | {"mod_date": "2024-07-05T09:30:00+08:00"}, [], True),  # modified 41 days before created
        (PDF_OK | {"creation_date": "2024-08-15T09:30:00", "mod_date": "2024-08-15T01:30:05+00:00"}, [], False),
        (PDF_OK, [ODD], False),  # a font used by one value alone: issued reports do that
        (PDF_OK, [ODD | {"support": ["off_baseline"]}], True),
        (PDF_OK, [ODD | {"support": ["embedded_unlike_others"]}], True),
        (PDF_OK, [ODD | {"field": "update_date", "support": ["off_baseline"]}], False),  # not a watched field
    ],
)
def test_pdf_edited_signals(pdf, anomalies, flagged):
    d = _with_meta(doc(DocType.XUEXIN_RECORD, file="学历.pdf"), pdf=pdf, font_anomalies=anomalies)
    found = list(fraud.pdf_edited(make_case(d), doc_types=["xuexin_record"], editor_producers=EDITORS,
                                  converter_producers=["distiller", "pdfmaker"],
                                  max_incremental_updates=0, max_days_modified_after_creation=1))
    assert codes(found) == (["PDF_EDITED"] if flagged else [])


def test_pdf_edited_reports_supporting_facts_beside_a_signal():
    pdf = PDF_OK | EDITED | {"mod_date": "2024-08-28T09:30:00+08:00"}
    d = _with_meta(doc(DocType.PENSION_CERTIFICATE, file="社保.pdf"), pdf=pdf, font_anomalies=[ODD])
    found = list(fraud.pdf_edited(make_case(d), doc_types=["pension_certificate"], editor_producers=EDITORS))
    assert codes(found) == ["PDF_EDITED"]
    ev = found[0].evidence
    assert "已到账" in ev["signals"][0] and ev["content_updates"] == 1
    assert any("13 天后" in s for s in ev["supporting"]) and any("字体" in s for s in ev["supporting"])


def test_a_lone_font_anomaly_over_hidden_text_is_supported():
    hidden = {"1": {"hidden_text": [{"text": "未到账", "bbox": [0.21, 0.2, 0.29, 0.22]}]}}
    d = _with_meta(doc(DocType.XUEXIN_RECORD, file="学历.pdf"), pdf=PDF_OK, font_anomalies=[ODD], geometry=hidden)
    found = list(fraud.pdf_edited(make_case(d), doc_types=["xuexin_record"], editor_producers=EDITORS))
    assert found[0].evidence["font_anomalies"][0]["support"] == ["hidden_text"]
    assert len(found[0].evidence["signals"]) == 2  # the hidden text, and the font over it


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
    # pipeline/intake/render.py keeps text-layer runs the page does not show (a white box over 未到账)
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
