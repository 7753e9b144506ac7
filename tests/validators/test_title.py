"""The current title and what rests on it (validators/rules/title.py, _titles.py): the 职称证书 required
by the declared path, compared with the declared current title, 转系列 and 调入, each on both sides of
its boundary; and the certificate's date standing in for a missing 取得现职称时间 (seniority, tenure).

001 §二(二)1, §二(七); 003 §二 Q16–17; 004 §四(三)(五).
"""

from __future__ import annotations

from datetime import date

import pytest

from preaudit.pipeline.model import DocType, FieldValue
from preaudit.pipeline.values.certainty import assess_case
from preaudit.validators import load_policy, run_rules
from tests.validators.builders import ID, NAME, codes, contract, declared, doc, make_case

PANLONG, GUIDE, PINGLIANG = "kunming-panlong-2024q3", "kunming-guide", "pingliang-2022-engineering"


def text(value) -> FieldValue:
    return FieldValue(value=value, confidence=1.0, source="pdf_text")


def ocr(value, confidence: float = 0.97) -> FieldValue:
    return FieldValue(value=value, confidence=confidence, source="ocr")


def cert(level="中级", title="工程师", series="工程系列", obtained="2018-12-30", read=text, **kw):
    fields = {"name": NAME, "id_number": ID, "title_name": title, "title_level": level, "series": series,
              "specialty": "建筑工程施工", "obtained_date": obtained, "certificate_number": "GS2018123456",
              "issuing_body": "甘肃省人力资源和社会保障厅"} | kw
    return doc(DocType.TITLE_CERTIFICATE, file=f"职称证书_{level}_{series}.pdf",
               **{k: v if isinstance(v, FieldValue) else read(v) for k, v in fields.items()})


def decl(**kw):
    base = dict(level="副高级", series="工程系列", education="本科", application_type="晋升",
                current_title_level="中级", current_title_date=date(2018, 12, 30))
    return declared(**(base | kw))


# --------------------------------------------------------------------------- documents.title_certificate

@pytest.mark.parametrize(
    ("policy", "kw", "docs", "expected"),
    [
        (PINGLIANG, {}, [], ["DOC_MISSING"]),
        (PINGLIANG, {}, [cert()], []),
        (PINGLIANG, dict(application_type="首次认定", level="中级"), [], []),
        (PINGLIANG, dict(application_type=None, level="中级"), [], ["DOC_MISSING"]),  # 004 §四(三): 任职年限
        (GUIDE, dict(application_type="调入", level="中级"), [], ["DOC_MISSING"]),
        (PANLONG, dict(application_type=None, level="助理级", education="中专", current_title_level=None,
                       current_title_date=None), [], ["DOC_MISSING"]),  # 001 §二(二)1 员级 + 48
        (PANLONG, dict(application_type=None, level="助理级", education="本科", current_title_level=None,
                       current_title_date=None), [], []),  # 本科 -> 助理级 rests on no title
    ],
)
def test_the_certificate_is_required_where_the_declared_path_rests_on_a_title(check_in, policy, kw, docs, expected):
    found = check_in(policy, make_case(*docs, decl=decl(**kw)), "documents.title_certificate")
    assert codes(found) == expected
    if found:
        assert found[0].evidence["document"] == "title_certificate"


# --------------------------------------------------------------------------- title.consistency

@pytest.mark.parametrize(
    ("docs", "kw", "expected"),
    [
        ([cert()], {}, []),
        ([cert(obtained="2018-12")], {}, []),  # a month alone is compared to the month
        ([cert(obtained="2018-11-30")], {}, ["TITLE_DATE_MISMATCH"]),
        ([cert(obtained="2018-11")], {}, ["TITLE_DATE_MISMATCH"]),
        ([cert(level="助理级", title="助理工程师")], {}, ["TITLE_LEVEL_MISMATCH"]),
        ([cert(level="助理级", title="助理工程师", obtained="2013-12-30"), cert()], {}, []),  # the earlier title too
        ([cert(obtained="2018-11-30")], dict(current_title_date=None), []),  # nothing declared to compare
    ],
)
def test_the_certificate_agrees_with_the_declared_current_title(check_in, docs, kw, expected):
    assert codes(check_in(PINGLIANG, make_case(*docs, decl=decl(**kw)), "title.consistency")) == expected


def _graded(case, code):
    found, errors = run_rules(assess_case(case), load_policy(PINGLIANG))
    assert errors == []
    return [f for f in found if f.code == code]


def test_a_date_read_by_the_text_layer_is_an_error():
    [f] = _graded(make_case(cert(obtained="2018-11-30"), decl=decl()), "TITLE_DATE_MISMATCH")
    assert f.severity.value == "error"


def test_a_date_read_by_ocr_alone_is_a_warning_for_a_human_look():
    """One OCR reading against the declared date: a misread is likelier (pipeline/values/certainty.py)."""
    [f] = _graded(make_case(cert(obtained="2018-11-30", read=ocr), decl=decl()), "TITLE_DATE_MISMATCH")
    assert f.severity.value == "warning"


def test_a_low_confidence_level_is_a_warning():
    low = cert(level=ocr("助理级", 0.6), title=ocr("助理工程师", 0.6))
    [f] = _graded(make_case(low, decl=decl()), "TITLE_LEVEL_MISMATCH")
    assert f.severity.value == "warning"


def test_the_certificate_name_and_number_are_the_identity_rules():
    found, _ = run_rules(assess_case(make_case(cert(name=text("张玮")), decl=decl())), load_policy(PINGLIANG))
    assert [f.evidence["document"] for f in found if f.code == "NAME_MISMATCH"] == ["title_certificate"]


# --------------------------------------------------------------------------- 转系列

@pytest.mark.parametrize(
    ("policy", "kw", "expected"),
    [
        (PINGLIANG, dict(level="中级"), []),  # same level
        (PINGLIANG, dict(level="副高级"), ["SERIES_CHANGE_LEVEL"]),  # 004 §四(五) 当年度不得申报高一级
        (GUIDE, dict(level="副高级"), ["SERIES_CHANGE_LEVEL"]),
        (GUIDE, dict(level="中级", application_type="晋升"), []),
    ],
)
def test_a_series_change_keeps_the_level(check_in, policy, kw, expected):
    case = make_case(cert(), decl=decl(**(dict(application_type="转系列") | kw)))
    assert codes(check_in(policy, case, "title.series_change")) == expected


@pytest.mark.parametrize(
    ("appointed", "expected"),
    [(date(2023, 9, 1), []), (date(2023, 9, 2), ["SERIES_CHANGE_SHORT"]), (None, [])],
)
def test_panlong_twelve_months_in_the_new_post(check_in, appointed, expected):
    """001 §二(七): as of 2024-09-20, 2023-09-01 gives 12 whole months (2024-08-31), 2023-09-02 gives 11."""
    case = make_case(cert(level="员级", title="技术员"), as_of=date(2024, 8, 31),
                     decl=decl(level="员级", application_type="转系列", current_title_level="员级",
                               appointment_date=appointed, series="档案系列"))
    assert codes(check_in(PANLONG, case, "title.series_change_months")) == expected
    evidence = codes(check_in(PANLONG, case, "title.series_change_evidence"))
    assert evidence == ([] if appointed else ["SERIES_CHANGE_UNVERIFIED"])


@pytest.mark.parametrize(
    ("docs", "expected"),
    [
        ([cert()], []),  # 工程系列 held, 工程 applied
        ([cert(series="农业系列", title="农艺师")], ["SERIES_CROSS"]),  # 004 §四(五) 未转系列不得跨系列
        ([cert(series="农业系列", title="农艺师", obtained="2015-12-30"), cert(obtained="2021-12-30")], []),
        ([cert(series="农业系列", title="农艺师", obtained="2015-12-30"), cert(obtained="2022-01-01")],
         ["SERIES_CHANGE_SHORT"]),  # converted 2022: 当年度不得申报高一级 (and 11 months to 2022-12-31)
    ],
)
def test_a_promotion_stays_in_the_series_held(check_in, docs, expected):
    assert codes(check_in(PINGLIANG, make_case(*docs, decl=decl()), "title.promotion_series")) == expected


def test_guide_promotion_waits_for_the_year_after_the_change(check_in):
    """003 §二 Q17(3): 下一年度后再申报评审晋升职称 (as of 2024-06-30)."""
    docs = [cert(series="农业系列", title="农艺师", obtained="2015-12-30")]
    same = make_case(*docs, cert(obtained="2024-01-10"), decl=decl(), as_of=date(2024, 6, 30))
    before = make_case(*docs, cert(obtained="2023-12-30"), decl=decl(), as_of=date(2024, 6, 30))
    assert codes(check_in(GUIDE, same, "title.promotion_series")) == ["SERIES_CHANGE_SHORT"]
    assert codes(check_in(GUIDE, before, "title.promotion_series")) == []


# --------------------------------------------------------------------------- 调入 (003 §二 Q16)

@pytest.mark.parametrize(
    ("start", "expected"),
    [("2024-03-21", []), ("2024-03-22", ["TRANSFER_TRIAL_SHORT"])],
)
def test_a_transfer_waits_half_a_year_from_the_contract(check_in, start, expected):
    """As of 2024-09-20: a contract from 2024-03-21 gives 6 whole months (to 09-20 inclusive), one from 03-22 gives 5."""
    case = make_case(cert(), contract(start_date=start), as_of=date(2024, 9, 20),
                     decl=decl(application_type="调入", level="中级"))
    assert codes(check_in(GUIDE, case, "title.transfer_trial")) == expected
    assert codes(check_in(GUIDE, case, "title.transfer_evidence")) == []


def test_a_transfer_without_a_contract_is_a_note(check_in):
    case = make_case(cert(), decl=decl(application_type="调入", level="中级"))
    assert codes(check_in(GUIDE, case, "title.transfer_evidence")) == ["TRANSFER_UNVERIFIED"]
    assert codes(check_in(GUIDE, case, "title.transfer_trial")) == []


@pytest.mark.parametrize(("level", "expected"), [("中级", []), ("副高级", ["TRANSFER_LEVEL"])])
def test_a_transfer_confirms_the_level_held(check_in, level, expected):
    case = make_case(cert(), decl=decl(application_type="调入", level=level))
    assert codes(check_in(GUIDE, case, "title.transfer")) == expected


# --------------------------------------------------------------------------- the certificate's date as the start

def test_tenure_counts_from_the_certificate_when_the_date_is_not_declared(check_in):
    """004 §四(三): 2018-01 .. 2022-12 = 60 months, from the certificate; the source is recorded."""
    case = make_case(cert(obtained="2018-01-15"), decl=decl(current_title_date=None))
    found = check_in(PINGLIANG, case, "seniority.tenure", thresholds={"副高级": {"本科": 60}})
    assert found == []
    [note] = check_in(PINGLIANG, case, "seniority.tenure_note")
    assert note.evidence["start_source"] == "title_certificate"
    assert note.evidence["tenure_months"] == 60
    short = make_case(cert(obtained="2018-02-01"), decl=decl(current_title_date=None))
    [f] = check_in(PINGLIANG, short, "seniority.tenure", thresholds={"副高级": {"本科": 60}})
    assert f.code == "SENIORITY_SHORT" and (0, "obtained_date") in [(r.document, r.field) for r in f.relied_on]
    assert check_in(PINGLIANG, case, "seniority.current_title") == []


def test_panlong_via_title_counts_from_the_yuanji_certificate(check):
    """001 §二(二)1: 员级 + 48 months; no 现有职称 declared, the 员级 certificate gives the start: 2020-10 ..
    2024-09 (as_of, no publicity form) is 48 calendar months, 2020-11 .. 2024-09 is 47."""
    yuan = cert(level="员级", title="技术员", obtained="2020-10-30")
    base = dict(level="助理级", education="中专", application_type="晋升", current_title_level=None,
                current_title_date=None)
    ok = check(make_case(yuan, decl=declared(**base)), "seniority.evidence")
    assert codes(ok) == []
    late = cert(level="员级", title="技术员", obtained="2020-11-01")
    [f] = check(make_case(late, decl=declared(**base)), "seniority.months")
    assert f.code == "SENIORITY_SHORT" and f.evidence["start_source"] == "title_certificate"
