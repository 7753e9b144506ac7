"""seniority.months (SENIORITY_SHORT) and seniority.evidence (SENIORITY_UNVERIFIED).

kunming-panlong-2024q3: months counted to the publicity end (001 §二(四)); the builders' publicity
form ends 2024-08-29, so the reference month is 2024-08. The usual certificate shows 2023-09..2024-08.
"""

from __future__ import annotations

from datetime import date

import pytest

from preaudit.pipeline.model import DocType
from tests.validators.builders import codes, declared, doc, make_case, months, pension, publicity, xuexin


def _case(education="本科", level="助理级", graduated="2023-07-01", rows=None, *, major_matches=True,
          unit_type="非公经济组织", publicity_end="2024-08-29", xuexin_level=None, extra=(), **title):
    level_text = xuexin_level or {"硕士": "硕士研究生", "博士": "博士研究生", "大专": "专科"}.get(education, education)
    docs = [xuexin(graduation_date=graduated, level=level_text), publicity(publicity_end=publicity_end)]
    if rows is not False:
        docs.append(pension(months("2024-08", 12) if rows is None else rows))
    docs.extend(extra)
    decl = declared(education=education, level=level, major_matches=major_matches, unit_type=unit_type, **title)
    return make_case(*docs, decl=decl)


def _verdict(check, case) -> str:
    short = check(case, "seniority.months")
    unverified = check(case, "seniority.evidence")
    assert not (short and unverified)
    return "short" if short else ("unverified" if unverified else "ok")


@pytest.mark.parametrize(
    ("kw", "expected", "source"),
    [
        # 001 §二(二)4: 本科 +12 months -> 助理级
        (dict(graduated="2023-07-01"), "ok", "12 paid months since graduation"),
        (dict(graduated="2023-09-01"), "ok", "exactly 12 months possible and paid (2023-09..2024-08)"),
        (dict(graduated="2023-10-01"), "short", "11 months possible by the calendar"),
        (dict(graduated="2023-09-01", rows=months("2024-08", 12, unpaid=("2024-06",))), "short",
         "certificate shows every month since graduation, 11 paid"),
        (dict(graduated="2015-07-01", rows=months("2024-08", 12, unpaid=("2024-06",))), "unverified",
         "11 paid in the 12 shown; earlier months not shown"),
        (dict(graduated="2023-07-01", publicity_end="2024-07-31"), "unverified",
         "§二(四): counted to the publicity end: 11 paid up to 2024-07, 2023-07/08 not shown"),
        # 001 §二(二)2: 大专 +36 -> 助理级
        (dict(education="大专", graduated="2021-07-01"), "unverified", "a 12-month certificate cannot prove 36"),
        (dict(education="大专", graduated="2022-09-01"), "short", "24 months since graduation < 36"),
        (dict(education="大专", graduated="2021-09-01", rows=months("2024-08", 36)), "ok",
         "exactly 36 paid since graduation"),
        (dict(education="大专", graduated="2021-09-01", rows=months("2024-08", 36, unpaid=("2022-01",))),
         "short", "35 paid, certificate reaches back to the graduation"),
        (dict(education="大专", graduated="2021-10-01", rows=months("2024-08", 36)), "short",
         "35 months possible by the calendar"),
        # 001 §二(二)5: 硕士 -> 助理级 次月
        (dict(education="硕士", graduated="2024-07-01"), "ok", "graduated in July, August paid"),
        (dict(education="硕士", graduated="2024-08-01"), "ok", "the month of the reference: 1 month"),
        (dict(education="硕士", graduated="2024-09-01"), "short", "graduated after the publicity"),
        # 003 §二 Q18: 博士 -> 中级 directly
        (dict(education="博士", level="中级", graduated="2024-07-01"), "ok", "博士 -> 中级"),
        # a level the notice sets no months for is left to the series standard
        (dict(education="本科", level="中级", graduated="2024-07-01"), "ok", "本科 -> 中级 not judged"),
        # 001 §二(二)1: 中专 +12 -> 员级 (员级 +48 -> 助理级: the via_title tests below)
        (dict(education="中专", level="员级", graduated="2023-09-01"), "ok", "中专 -> 员级, 12"),
        (dict(education="中专", level="员级", graduated="2023-10-01"), "short", "中专 -> 员级, 11 possible"),
        # 001 §二(三): 技工院校 高级工班 = 大专, 预备技师班 = 本科
        (dict(education="技工院校高级工班", graduated="2023-07-01", xuexin_level="高级工班"), "short",
         "高级工班 counts as 大专: 14 < 36"),
        (dict(education="预备技师班", graduated="2023-07-01", xuexin_level="预备技师班"), "ok",
         "预备技师班 counts as 本科"),
        # 001 §二(五): unrelated major +12 months
        (dict(graduated="2023-09-01", major_matches=False), "short", "本科 needs 24: 12 possible"),
        (dict(graduated="2015-07-01", major_matches=False), "unverified", "24 needed, 12 shown"),
        (dict(graduated="2023-09-01", major_matches=None), "ok", "专业对口 not declared: no extra"),
    ],
)
def test_seniority_table(check, kw, expected, source):
    assert _verdict(check, _case(**kw)) == expected, source


def test_short_message_states_rule_and_evidence(check):
    [f] = check(_case(education="大专", graduated="2022-09-01"), "seniority.months")
    assert f.code == "SENIORITY_SHORT" and f.severity.value == "error"
    assert "以大专学历申报助理级职称，须从事专业工作满36个月" in f.message
    assert "毕业（2022-09-01）至2024-08-29最多只有24个月" in f.message and "资历年限不足" in f.message
    assert f.evidence["required_months"] == 36 and f.evidence["possible_months"] == 24
    assert f.evidence["count_until_source"] == "publicity_end" and f.evidence["basis"] == "calendar"


def test_unverified_is_a_note_that_asks_for_the_full_history(check):
    [f] = check(_case(education="大专", graduated="2021-07-01"), "seniority.evidence")
    assert f.code == "SENIORITY_UNVERIFIED" and f.severity.value == "info"
    assert "只显示2023-09至2024-08的缴费记录" in f.message and "无法证明已满36个月" in f.message
    assert f.evidence["counted_months"] == 12 and f.evidence["certificate_months"] == ["2023-09", "2024-08"]


def test_unrelated_major_is_named_in_the_message(check):
    [f] = check(_case(graduated="2023-09-01", major_matches=False), "seniority.months")
    assert "另加12个月" in f.message and f.evidence["required_months"] == 24


def test_without_graduation_date_enough_paid_months_suffice(check):
    case = _case(graduated=None)
    assert _verdict(check, case) == "ok"
    short = _case(graduated=None, rows=months("2024-08", 12, unpaid=("2024-01",)))
    assert _verdict(check, short) == "unverified"


def test_education_falls_back_to_the_xuexin_level(check):
    case = make_case(xuexin(graduation_date="2023-10-01", level="本科"), publicity(), pension(),
                     decl=declared(education=None))
    assert codes(check(case, "seniority.months")) == ["SENIORITY_SHORT"]


def test_publicity_end_unread_counts_to_as_of(check):
    case = _case(graduated="2023-10-01", publicity_end=None)  # as_of 2024-09-20: 12 months possible
    assert check(case, "seniority.months") == []
    [f] = check(case, "seniority.evidence")  # 2023-10..2024-08 paid = 11, 2024-09 not shown
    assert f.evidence["count_until_source"] == "as_of"
    assert (f.evidence["counted_months"], f.evidence["possible_months"]) == (11, 12)


def test_months_the_certificate_does_not_show_might_be_paid(check):
    # 本科 graduated 2023-03: 2023-03..2024-08 is 18 months; 2023-09..2024-08 shown, 4 unpaid -> 8
    # paid + 6 unseen = 14 >= 12: not provably short. With 7 unpaid: 5 + 6 = 11 < 12: short.
    four = months("2024-08", 12, unpaid=("2023-10", "2023-11", "2023-12", "2024-01"))
    assert _verdict(check, _case(graduated="2023-03-01", rows=four)) == "unverified"
    seven = months("2024-08", 12, unpaid=tuple(f"2023-{m:02d}" for m in (9, 10, 11, 12)) + ("2024-01", "2024-02", "2024-03"))
    [f] = check(_case(graduated="2023-03-01", rows=seven), "seniority.months")
    assert (f.evidence["counted_months"], f.evidence["possible_months"]) == (5, 11)
    assert "实际缴费仅5个月" in f.message


def test_no_certificate_leaves_it_to_doc_missing(check):
    assert _verdict(check, _case(education="大专", graduated="2021-07-01", rows=False)) == "ok"


# --------------------------------------------------------------------------- public institutions


def _notice(start: str):
    return doc(DocType.EMPLOYMENT_NOTICE, name="张伟", employer="昆明市盘龙区某事业单位",
               start_date=start, end_date=None, position="技术员")


@pytest.mark.parametrize(
    ("start", "publicity_end", "expected", "source"),
    [
        ("2023-09-01", "2024-08-31", "ok", "001 §二(四) 聘用通知书: 12 whole months"),
        ("2023-09-01", "2024-08-30", "short", "one day short of 12 months"),
        ("2022-01-01", "2024-08-29", "ok", "long enough"),
    ],
)
def test_public_institution_counts_from_the_employment_notice(check, start, publicity_end, expected, source):
    case = _case(graduated="2023-07-01", rows=False, unit_type="事业单位", publicity_end=publicity_end,
                 extra=[_notice(start)])
    assert _verdict(check, case) == expected, source


def test_public_institution_counts_only_after_graduation(check):
    # Employed since 2020, graduated 2023-10-01: 2023-10-01..2024-09-29 is 11 whole months.
    case = _case(graduated="2023-10-01", rows=False, unit_type="事业单位", publicity_end="2024-09-29",
                 extra=[_notice("2020-01-01")])
    [f] = check(case, "seniority.months")
    assert f.evidence["counted_months"] == 11 and f.evidence["basis"] == "employment_notice"


def _salary(start: str):
    return doc(DocType.SALARY_APPROVAL, name="张伟", unit="昆明市盘龙区某事业单位", position="专业技术岗位十二级",
               start_date=start, approver="昆明市盘龙区人力资源和社会保障局", approval_date="2024-01-10", form="正常晋升")


@pytest.mark.parametrize(
    ("start", "publicity_end", "expected", "source"),
    [
        ("2023-09-01", "2024-08-31", "ok", "001 §二(四) 工资审批表: 12 whole months from the 起薪时间"),
        ("2023-09-01", "2024-08-30", "short", "one day short of 12 months"),
        ("2023-09", "2024-08-31", "ok", "a month alone counts from its first day"),
        ("2023-10", "2024-08-31", "short", "2023-10-01..2024-08-31: 10 whole months"),
    ],
)
def test_public_institution_counts_from_the_salary_approval(check, start, publicity_end, expected, source):
    case = _case(graduated="2023-07-01", rows=False, unit_type="事业单位", publicity_end=publicity_end,
                 extra=[_salary(start)])
    assert _verdict(check, case) == expected, source


def test_the_earliest_of_notice_and_salary_approval_counts_and_is_named(check):
    """001 §二(四): 以聘用通知书或工资审批表为准: either will do, so the earlier start decides."""
    earlier_salary = _case(graduated="2023-07-01", rows=False, unit_type="事业单位", publicity_end="2024-08-31",
                           extra=[_notice("2023-11-01"), _salary("2023-09")])
    assert _verdict(check, earlier_salary) == "ok"
    both_late = _case(graduated="2023-07-01", rows=False, unit_type="事业单位", publicity_end="2024-08-31",
                      extra=[_notice("2023-11-01"), _salary("2023-12-01")])
    [f] = check(both_late, "seniority.months")
    assert f.evidence["basis"] == "employment_notice" and f.evidence["counted_from"] == "2023-11-01"
    assert "聘用通知书" in f.message
    salary_first = _case(graduated="2023-07-01", rows=False, unit_type="事业单位", publicity_end="2024-08-31",
                         extra=[_notice("2024-01-01"), _salary("2023-12")])
    [f] = check(salary_first, "seniority.months")
    assert f.evidence["basis"] == "salary_approval" and f.evidence["counted_from"] == "2023-12-01"
    assert "工资审批表，起薪（2023-12-01）" in f.message and f.evidence["counted_months"] == 9


def test_an_enterprise_salary_approval_does_not_count(check):
    """The 工资审批表 is a public institution's: an enterprise applicant's months are its insurance."""
    case = _case(graduated="2023-10-01", extra=[_salary("2020-01-01")])
    assert _verdict(check, case) == "short"


def test_public_institution_without_notice_is_not_judged(check):
    case = _case(education="大专", graduated="2021-07-01", rows=False, unit_type="事业单位")
    assert _verdict(check, case) == "ok"


# --------------------------------------------------------------------------- qualifications, policies


def _qualification(name: str, issued: str):
    return doc(DocType.QUALIFICATION_CERTIFICATE, certificate_name=name, name="张伟",
               certificate_number="S000000000001", issue_date=issued)


def test_senior_worker_counts_from_the_certificate(check):
    # 001 §二(二)3: 高级工 +24 months -> 助理级, counted from the qualification.
    short = _case(education="高级工", graduated=None, extra=[_qualification("高级工职业资格证书", "2023-01-05")])
    assert _verdict(check, short) == "short"  # 2023-01..2024-08 = 20 months
    unknown = _case(education="高级工", graduated=None)
    assert _verdict(check, unknown) == "unverified"


def test_count_until_is_a_policy_param(check):
    case = _case(graduated="2023-07-01")
    [f] = check(case, "seniority.months", count_until=date(2023, 12, 31))
    assert f.evidence["count_until"] == "2023-12-31" and f.evidence["count_until_source"] == "policy"


@pytest.mark.parametrize(
    ("policy_id", "rule_id", "count_until"),
    [("kunming-panlong-2024q3", "seniority.months", "publicity_end"),
     ("qujing-2023", "seniority.months", date(2023, 12, 31)),
     ("pingliang-2022-engineering", "seniority.tenure", date(2022, 12, 31)),  # 004 §四(三)
     ("kunming-guide", "seniority.months", "as_of")],
)
def test_each_policy_sets_its_reference_date(policy_id, rule_id, count_until):
    from preaudit.validators import load_policy

    assert load_policy(policy_id).params_for(rule_id)["count_until"] == count_until


def test_pingliang_counts_no_seniority_from_graduation():
    # issue 15 item 5: 004 counts 任职年限 from the current title, not months since graduation with
    # thresholds borrowed from 001/003 (validators/rules/tenure.py, tests/validators/test_tenure.py).
    from preaudit.validators import load_policy

    pingliang = load_policy("pingliang-2022-engineering")
    assert pingliang.rule("seniority.months") is None and pingliang.rule("seniority.evidence") is None


def test_qujing_checks_the_direct_routes_to_its_date(check_in):
    # 002 §三(一): 履职 counted to 2023-12-31; 003 §二 Q21: 技师 +3 years -> 中级.
    tech = [_qualification("技师职业资格证书", "2021-03-01")]
    case = _case(education="技师", level="中级", graduated=None, extra=tech)
    [f] = check_in("qujing-2023", case, "seniority.months")
    assert f.evidence["possible_months"] == 34 and f.evidence["count_until"] == "2023-12-31"
    ok = _case(education="技师", level="中级", graduated=None, extra=[_qualification("技师", "2021-01-01")],
               rows=months("2023-12", 36))
    assert check_in("qujing-2023", ok, "seniority.months") == []


def test_kunming_guide_has_no_unrelated_major_extra(check_in):
    # 003 §二 Q12 makes up an unrelated major by training; Q18: 本科 见习1年 -> 助理级.
    case = _case(graduated="2023-09-01", major_matches=False)
    assert check_in("kunming-guide", case, "seniority.months") == []


def test_months_the_certificate_covers_but_does_not_list_were_not_paid(check):
    # 001 §五(五)2(1): an August certificate shows the last 12 months (2023-09..2024-08). A 本科
    # graduate of 2023-07 insured from 2023-12 lists 9 months: at most 9 + 2 (2023-07, 08) = 11.
    case = _case(graduated="2023-07-01", rows=months("2024-08", 9))
    [f] = check(case, "seniority.months")
    assert (f.evidence["counted_months"], f.evidence["possible_months"]) == (9, 11)
    assert "未涵盖的2个月即使均已缴费，最多也只有11个月" in f.message
    # Without that rule of the notice only the listed range counts as covered: 9 + 5 unseen = 14.
    assert check(case, "seniority.months", certificate_covers_months=0) == []
    assert codes(check(case, "seniority.evidence", certificate_covers_months=0)) == ["SENIORITY_UNVERIFIED"]


def test_a_month_missing_inside_the_listed_range_was_not_paid(check_in):
    # kunming-guide has no 12-month rule: the listed range 2023-09..2024-08 still covers 2024-02.
    case = _case(education="本科", graduated="2023-09-01", rows=months("2024-08", 12, skip=("2024-02",)))
    [f] = check_in("kunming-guide", case, "seniority.months", count_until=date(2024, 8, 31))
    assert (f.evidence["counted_months"], f.evidence["possible_months"]) == (11, 11)
    # counted to as_of (2024-09-20) the month 2024-09, beyond the certificate, might be paid
    assert check_in("kunming-guide", case, "seniority.months") == []


# --------------------------------------------------------------------------- 员级 +48 -> 助理级 (via_title)
# 001 §二(二)1: 取得员级职称后，再从事本专业工作满48个月 -> 助理级. Counted from the declared 取得现职称时间 to the
# publicity end (2024-08-29): a title of 2020-09 leaves 2020-09..2024-08 = 48 months, of 2020-10 only 47.


def _clerk(graduated="2014-07-01", **kw):
    return _case(education="中专", level="助理级", graduated=graduated, **kw)


@pytest.mark.parametrize(
    ("kw", "expected", "source"),
    [
        (dict(current_title_level="员级", current_title_date=date(2020, 9, 30), rows=months("2024-08", 48)), "ok",
         "48 months possible and 48 paid"),
        (dict(current_title_level="员级", current_title_date=date(2020, 10, 1), rows=months("2024-08", 48)), "short",
         "47 months possible by the calendar, whatever was paid"),
        (dict(current_title_level="员级", current_title_date=date(2020, 9, 30)), "unverified",
         "48 possible, the usual 12-month certificate shows 12"),
        (dict(current_title_level="员级", current_title_date=date(2020, 9, 1),
              rows=months("2024-08", 48, unpaid=("2022-03",))), "short",
         "the certificate reaches back to the title: 47 paid"),
        (dict(current_title_level="员级", current_title_date=date(2020, 9, 1), rows=months("2024-08", 48),
              major_matches=False), "ok", "§二(五) adds a year only at the first application"),
        (dict(), "unverified", "no current title declared: the 员级 route cannot be counted"),
        (dict(current_title_level="员级"), "unverified", "员级 declared without its date"),
        (dict(current_title_level="助理级", current_title_date=date(2023, 1, 1)), "ok",
         "already 助理级 (转系列, §二(七)): not this route"),
        (dict(graduated="2024-06-01"), "unverified",
         "the graduation no longer decides: 3 months since it are no proof of short"),
    ],
)
def test_via_title_table(check, kw, expected, source):
    assert _verdict(check, _clerk(**kw)) == expected, source


def test_via_title_short_is_an_error_on_the_declared_date(check):
    case = _clerk(current_title_level="员级", current_title_date=date(2020, 10, 1))
    [f] = check(case, "seniority.months")
    assert f.code == "SENIORITY_SHORT" and f.severity.value == "error"
    assert "以中专学历申报助理级职称，须取得员级职称后再从事专业工作满48个月" in f.message
    assert "取得员级职称（2020-10-01）至2024-08-29最多只有47个月" in f.message
    assert (f.evidence["required_months"], f.evidence["possible_months"]) == (48, 47)
    assert (f.evidence["via_title"], f.evidence["current_title_level"], f.evidence["start_source"]) == (
        "员级", "员级", "declared_title")
    relied = {(r.document, r.field) for r in f.relied_on}
    assert (None, "current_title_date") in relied


def test_via_title_short_stays_an_error_through_grading_and_rests_on_the_publicity_end():
    from preaudit.pipeline.model import FieldValue
    from preaudit.validators import load_policy, run_rules

    policy = load_policy("kunming-panlong-2024q3")
    case = _clerk(current_title_level="员级", current_title_date=date(2020, 10, 1))
    [f] = [f for f in run_rules(case, policy)[0] if f.rule_id == "seniority.months"]
    assert f.severity.value == "error"
    # the reference date read from the publicity form is what the count ends on: read unsurely, no error
    unsure = _clerk(current_title_level="员级", current_title_date=date(2020, 10, 1),
                    publicity_end=FieldValue(value="2024-08-29", confidence=0.3))
    [g] = [f for f in run_rules(unsure, policy)[0] if f.rule_id == "seniority.months"]
    assert g.severity.value == "warning" and g.evidence["graded"]["policy_severity"] == "error"


def test_public_institution_counts_whole_months_after_the_title(check):
    # 001 §二(四): 事业单位 by the 聘用通知书; after obtaining 员级 on 2020-08-29, 2024-08-29 is 48 whole months.
    def case(title_date):
        return _clerk(current_title_level="员级", current_title_date=title_date, rows=False,
                      unit_type="事业单位", extra=[_notice("2014-09-01")])

    assert _verdict(check, case(date(2020, 8, 29))) == "ok"
    [f] = check(case(date(2020, 8, 31)), "seniority.months")
    assert f.evidence["counted_months"] == 47 and f.evidence["basis"] == "employment_notice"
    assert "聘用（2014-09-01）及取得员级职称（2020-08-31）后至2024-08-29仅满47个月" in f.message


@pytest.mark.parametrize(
    ("kw", "says", "missing"),
    [
        (dict(), "未填写现有职称级别和取得现职称时间", None),
        (dict(current_title_level="员级"), "未填写取得现职称时间", "员级"),
    ],
)
def test_via_title_without_the_current_title_asks_for_it(check, kw, says, missing):
    [f] = check(_clerk(**kw), "seniority.evidence")
    assert f.code == "SENIORITY_UNVERIFIED" and f.severity.value == "info"
    assert "须取得员级职称后再从事专业工作满48个月" in f.message and says in f.message
    assert "现有职称级别（员级）" in f.message
    assert f.evidence["via_title"] == "员级" and f.evidence["current_title_level"] == missing
    assert f.evidence["basis"] == "current_title"


def test_via_title_is_a_policy_table(check):
    # the number lives in the policy: a policy asking 员级 +36 accepts the title of 2020-10 (47 months)
    from preaudit.validators.rules.seniority import TitleRoute

    case = _clerk(current_title_level="员级", current_title_date=date(2020, 10, 1), rows=months("2024-08", 48))
    assert check(case, "seniority.months", via_title={"中专": {"助理级": TitleRoute(title="员级", months=36)}}) == []
    # and without the table 中专 -> 助理级 is a level the notice's months do not cover: not judged
    assert check(case, "seniority.months", via_title=None) == []


# --------------------------------------------------------------------------- 001 §五(四): no 学信网 record

@pytest.mark.parametrize(
    ("graduated", "expected"),
    [("2023-09", "ok"), ("2023-10", "short"), ("2023-10-01", "short"), ("2000-07", "ok")],
)
def test_the_unit_s_certificate_starts_the_count_without_a_xuexin_record(check, graduated, expected):
    """本科 +12 -> 助理级 (001 §二(二)4), counted from the graduation the unit's 学历证明 states; a month
    alone counts from its first day (2023-09..2024-08: 12 months)."""
    proof = doc(DocType.EDUCATION_UNIT_PROOF, name="张伟", level="本科", graduation_date=graduated)
    case = make_case(proof, publicity(), pension(months("2024-08", 12)), decl=declared(education="本科"))
    assert _verdict(check, case) == expected
    if expected == "short":
        [f] = check(case, "seniority.months")
        assert f.evidence["start_source"] == "education_unit_proof" and f.evidence["possible_months"] == 11


def test_a_xuexin_record_still_comes_first(check):
    proof = doc(DocType.EDUCATION_UNIT_PROOF, level="本科", graduation_date="2000-07-01")
    case = make_case(xuexin(graduation_date="2023-10-01", level="本科"), proof, publicity(), pension(),
                     decl=declared(education="本科"))
    [f] = check(case, "seniority.months")
    assert f.evidence["start_source"] == "xuexin_record" and f.evidence["start"] == "2023-10-01"


def test_a_foreign_degree_s_date_and_degree_stand_in(check):
    """硕士 -> 助理级 次月 (001 §二(二)5): the degree and its month from the 认证书, education undeclared."""
    cert = doc(DocType.FOREIGN_DEGREE_CERTIFICATION, degree="理学硕士学位", award_date="2024-09")
    case = make_case(cert, publicity(), pension(months("2024-08", 1)), decl=declared(education=None))
    [f] = check(case, "seniority.months")
    assert f.evidence["education"] == "硕士" and f.evidence["start_source"] == "foreign_degree_certification"
    cert = doc(DocType.FOREIGN_DEGREE_CERTIFICATION, degree="理学硕士学位", award_date="2024-07")
    assert check(make_case(cert, publicity(), pension(months("2024-08", 1)), decl=declared(education=None)),
                 "seniority.months") == []
