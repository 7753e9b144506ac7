"""application.once_a_year (APPLICATION_REPEATED, 002 §六(五), 003 §二 Q25) and eligibility.blacklist
(BLACKLISTED, 001 §六(一), 004 §五(五)): rules over what was looked up before them (Case.applications,
Case.blacklist), graded by how surely the ID number was read."""

from __future__ import annotations

from datetime import date

import pytest

from preaudit.pipeline.model import FieldValue
from preaudit.validators import load_policy
from preaudit.validators.notice import Timeline, application_year
from preaudit.validators.registry import run_rules
from tests.validators.builders import ID, declared, full_documents, id_front, make_case


def _case(applications=(), blacklist=(), *, sure=True, as_of=date(2024, 9, 20)):
    """Every attachment, all agreeing on the ID number (certain); or (`sure=False`) the ID card
    alone, its number read at 0.55 and repeated nowhere, the manifest declaring none (unsure)."""
    if sure:
        case = make_case(*full_documents(), as_of=as_of)
    else:
        case = make_case(id_front(id_number=FieldValue(value=ID, confidence=0.55)), as_of=as_of,
                         decl=declared(id_number=None))
    return case.model_copy(update={"applications": list(applications), "blacklist": list(blacklist)})


def _declared_only(applications=(), blacklist=()):
    """The number only typed into the manifest: no document prints it."""
    case = make_case(id_front(id_number=None))
    return case.model_copy(update={"applications": list(applications), "blacklist": list(blacklist)})


def _found(case, policy_id, code):
    findings, errors = run_rules(case, load_policy(policy_id))
    assert not errors
    return [f for f in findings if f.code == code]


QUJING_YEAR = application_year(load_policy("qujing-2023").timeline, date(2024, 9, 20))  # no timeline: the as_of's


def _app(year=QUJING_YEAR, certain=True, batch="/data/2023Q2/batch"):
    return {"batch": batch, "applicant": "张伟_07", "year": year, "certain": certain,
            "first_seen": "2023-05-02T08:00:00+00:00", "earlier": True}


# --------------------------------------------------------------------------- the year

@pytest.mark.parametrize(("timeline", "as_of", "year"), [
    (Timeline(application_opens=date(2023, 12, 20), application_closes=date(2024, 1, 10)), date(2024, 1, 5), 2023),
    (Timeline(review_ends=date(2022, 12, 31)), date(2023, 1, 5), 2022),
    (Timeline(), date(2024, 3, 1), 2024),
])
def test_the_year_is_the_notice_s(timeline, as_of, year):
    assert application_year(timeline, as_of) == year


# --------------------------------------------------------------------------- once a year (qujing: 2023)

def test_another_batch_of_the_same_year_is_a_warning_even_when_certain_in_both():
    """A resubmission after a 退回, audited from another batch folder, looks the same to the index:
    the unit says which, so the policies grade it a warning; the certainty still shows (no unsure)."""
    [f] = _found(_case([_app()]), "qujing-2023", "APPLICATION_REPEATED")
    assert f.severity.value == "warning" and not f.unsure and f.evidence["year"] == QUJING_YEAR
    assert f.evidence["applications"][0]["batch"] == "/data/2023Q2/batch"
    assert "2023Q2" not in f.message and "张伟" not in f.message and ID not in f.message


def test_another_year_is_no_finding():
    assert _found(_case([_app(QUJING_YEAR - 1), _app(QUJING_YEAR + 1)]), "qujing-2023", "APPLICATION_REPEATED") == []


def test_no_earlier_application_is_no_finding():
    assert _found(_case([]), "qujing-2023", "APPLICATION_REPEATED") == []


@pytest.mark.parametrize(("kw", "why"), [
    (dict(sure=False), "本次申报的身份证号未能从身份证件上确定识别"),
    (dict(other_certain=False), "另一批次申报中的身份证号未能确定识别"),
])
def test_an_unsure_reading_on_either_side_is_a_warning(kw, why):
    other_certain = kw.pop("other_certain", True)
    [f] = _found(_case([_app(certain=other_certain)], **kw), "qujing-2023", "APPLICATION_REPEATED")
    assert f.severity.value == "warning" and why in f.unsure


def test_a_number_only_declared_is_a_warning():
    [f] = _found(_declared_only([_app()]), "qujing-2023", "APPLICATION_REPEATED")
    assert f.severity.value == "warning" and "本次申报的身份证号未能从身份证件上确定识别" in f.unsure
    [f] = _found(_declared_only(blacklist=[_row()]), "kunming-panlong-2024q3", "BLACKLISTED")
    assert f.severity.value == "warning"


def test_panlong_sets_no_once_a_year_rule():
    """001 is a quarterly 考核认定 and says nothing of one application a year."""
    assert load_policy("kunming-panlong-2024q3").rule("application.once_a_year") is None
    assert load_policy("kunming-guide").rule("application.once_a_year").source == "003 §二 Q25"


# --------------------------------------------------------------------------- the 失信 list (panlong)

def _row(until="2026-05-01", name="张伟", until_raw=None):
    return {"list_file": "失信名单.csv", "line": 2, "listed_name": name, "reason": "提供虚假材料",
            "until": until, "until_raw": until_raw if until_raw is not None else (until or "")}


def test_a_listed_applicant_read_certainly_is_an_error_without_the_reason():
    [f] = _found(_case(blacklist=[_row()]), "kunming-panlong-2024q3", "BLACKLISTED")
    assert f.severity.value == "error" and f.rule_id == "eligibility.blacklist"
    assert "记录期限至2026-05-01" in f.message and "虚假" not in f.message
    assert f.evidence["entries"][0]["reason"] == "提供虚假材料"


@pytest.mark.parametrize(("until", "listed"), [
    ("2024-09-20", True),   # the record ends on the reference date: still in force that day
    ("2024-09-19", False),  # ended the day before
    (None, True),           # no 期限: in force
])
def test_the_record_s_end_on_both_sides_of_the_reference_date(until, listed):
    found = _found(_case(blacklist=[_row(until)]), "kunming-panlong-2024q3", "BLACKLISTED")
    assert bool(found) is listed


@pytest.mark.parametrize(("kw", "why"), [
    (dict(case=dict(sure=False)), "申报人的身份证号未能从身份证件上确定识别"),
    (dict(row=dict(name="李强")), "名单中该身份证号对应的姓名与申报人姓名不一致"),
    (dict(row=dict(until=None, until_raw="三年")), "名单中的期限无法识别"),
])
def test_doubts_make_it_a_warning(kw, why):
    case = _case(blacklist=[_row(**kw.get("row", {}))], **kw.get("case", {}))
    [f] = _found(case, "kunming-panlong-2024q3", "BLACKLISTED")
    assert f.severity.value == "warning" and why in f.unsure


def test_not_on_the_list_is_no_finding():
    assert _found(_case(), "kunming-panlong-2024q3", "BLACKLISTED") == []


@pytest.mark.parametrize("policy_id", ["kunming-panlong-2024q3", "qujing-2023", "kunming-guide",
                                       "pingliang-2022-engineering"])
def test_every_policy_takes_the_list(policy_id):
    assert load_policy(policy_id).rule("eligibility.blacklist") is not None
