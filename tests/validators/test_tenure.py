"""seniority.tenure (SENIORITY_SHORT), seniority.tenure_note (SENIORITY_UNVERIFIED) and
seniority.current_title (CURRENT_TITLE_MISSING) under pingliang-2022-engineering.

004 §四(三): 任职年限 counted to 2022-12-31 from the 聘任 month (事业单位) or the month the current title
was obtained (other units), both months counted: a title of 2018-01 has 2018-01..2022-12 = 60 months,
one of 2018-02 has 59. The policy has no thresholds (the Gansu standard is not among the notices);
the tests give one (副高级 for 本科: 60 months held as 中级) where they test the judgement.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.validators.builders import codes, declared, make_case

POLICY = "pingliang-2022-engineering"
RULES = ("seniority.tenure", "seniority.tenure_note", "seniority.current_title")
SIXTY = {"副高级": {"本科": 60}}


def _case(level="副高级", current="中级", title=None, appointed=None, unit_type="企业", application_type=None,
          education="本科"):
    return make_case(decl=declared(level=level, education=education, unit_type=unit_type,
                                   current_title_level=current, current_title_date=title,
                                   appointment_date=appointed, application_type=application_type))


def _all(check_in, case, **params) -> list[str]:
    return sorted(c for rule_id in RULES for c in codes(check_in(POLICY, case, rule_id, **params)))


@pytest.mark.parametrize(
    ("kw", "expected", "source"),
    [
        (dict(title=date(2018, 1, 31)), [], "60 months held: enough"),
        (dict(title=date(2018, 1, 1)), [], "the day within the month does not count (当月起计算)"),
        (dict(title=date(2018, 2, 1)), ["SENIORITY_SHORT"], "59 months"),
        (dict(unit_type="事业单位", title=date(2015, 1, 1), appointed=date(2018, 1, 5)), [],
         "a public institution counts from the 聘任 month: 60"),
        (dict(unit_type="事业单位", title=date(2015, 1, 1), appointed=date(2018, 2, 5)), ["SENIORITY_SHORT"],
         "聘任 2018-02: 59, though the title is older"),
        (dict(unit_type="事业单位", title=date(2018, 2, 1)), ["CURRENT_TITLE_MISSING", "SENIORITY_SHORT"],
         "no 聘任时间: even from the title only 59, so short; and the 聘任时间 is asked for"),
        (dict(unit_type="事业单位", title=date(2017, 1, 1)), ["CURRENT_TITLE_MISSING", "SENIORITY_UNVERIFIED"],
         "no 聘任时间: 72 from the title is only the most the applicant can have"),
        (dict(current="助理级", title=date(2010, 1, 1)), ["SENIORITY_UNVERIFIED"],
         "the threshold is for 中级 held: another current title is noted, not judged"),
        (dict(education="大专", title=date(2018, 2, 1)), ["SENIORITY_UNVERIFIED"], "no number for 大专"),
        (dict(title=None), ["CURRENT_TITLE_MISSING"], "no date to count from"),
        (dict(level="助理级", title=None), [], "004 reviews 中级 and 高级 only"),
        (dict(level="中级", current=None, application_type="首次认定"), [], "a first recognition has no current title"),
    ],
)
def test_tenure_table_with_a_threshold(check_in, kw, expected, source):
    assert _all(check_in, _case(**kw), thresholds=SIXTY) == expected, source


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        (dict(title=date(2018, 2, 1)), ["SENIORITY_UNVERIFIED"]),
        (dict(title=date(2010, 2, 1)), ["SENIORITY_UNVERIFIED"]),
        (dict(level="中级", current="助理级", title=date(2021, 7, 1)), ["SENIORITY_UNVERIFIED"]),
        (dict(level="正高级", current="副高级", title=date(2016, 3, 1)), ["SENIORITY_UNVERIFIED"]),
        (dict(title=None), ["CURRENT_TITLE_MISSING"]),
    ],
)
def test_the_built_in_policy_has_no_thresholds_so_it_only_notes_the_count(check_in, kw, expected):
    assert _all(check_in, _case(**kw)) == expected


def test_the_note_states_the_counted_tenure_for_the_reviewer(check_in):
    [f] = check_in(POLICY, _case(title=date(2017, 12, 15)), "seniority.tenure_note")
    assert f.severity.value == "info"
    assert f.message.startswith("申报副高级职称：任职年限从取得现职称资格（2017-12-15）的当月起计算至2022-12-31，"
                                "为61个月（5年1个月）。")
    assert "《甘肃省工程系列职称评价条件标准》" in f.message
    assert (f.evidence["tenure_months"], f.evidence["start_source"], f.evidence["count_until"]) == (
        61, "current_title_date", "2022-12-31")
    assert f.evidence["required_months"] is None


def test_a_public_institution_note_says_the_count_is_at_most(check_in):
    [f] = check_in(POLICY, _case(unit_type="事业单位", title=date(2017, 1, 1)), "seniority.tenure_note")
    assert "从取得现职称资格（2017-01-01）的当月起" in f.message and "实际任职年限可能更短" in f.message
    assert f.evidence["appointment_date_missing"] is True
    [g] = check_in(POLICY, _case(unit_type="事业单位", title=date(2017, 1, 1), appointed=date(2019, 3, 1)),
                   "seniority.tenure_note")
    assert "从聘任（2019-03-01）的当月起" in g.message and g.evidence["tenure_months"] == 46


def test_short_is_an_error_with_its_count(check_in):
    [f] = check_in(POLICY, _case(title=date(2018, 2, 1)), "seniority.tenure", thresholds=SIXTY)
    assert f.code == "SENIORITY_SHORT" and f.severity.value == "error"
    assert "须取得中级职称后任职满60个月" in f.message and "仅59个月" in f.message
    assert (f.evidence["tenure_months"], f.evidence["required_months"]) == (59, 60)
    assert {(r.document, r.field) for r in f.relied_on} >= {(None, "current_title_date")}


@pytest.mark.parametrize(
    ("kw", "missing"),
    [
        (dict(current=None), ["现有职称级别", "取得现职称时间"]),
        (dict(), ["取得现职称时间"]),
        (dict(unit_type="事业单位", title=date(2017, 1, 1)), ["聘任时间"]),
        (dict(unit_type="事业单位", current=None), ["聘任时间", "现有职称级别", "取得现职称时间"]),
        (dict(application_type="转系列"), ["取得现职称时间"]),  # 004 §四(五): 填报现有同级职称
    ],
)
def test_a_missing_start_date_is_a_warning_that_asks_for_it(check_in, kw, missing):
    [f] = check_in(POLICY, _case(**kw), "seniority.current_title")
    assert f.code == "CURRENT_TITLE_MISSING" and f.severity.value == "warning"
    assert f.evidence["missing"] == missing and f"请在推荐人员名单中填写{'、'.join(missing)}" in f.message


def test_without_declared_data_nothing_is_counted(check_in):
    assert all(check_in(POLICY, make_case(decl=None), r) == [] for r in RULES)


def test_the_three_rules_share_the_policy_params():
    from preaudit.validators import load_policy

    p = load_policy(POLICY)
    params = p.params_for("seniority.tenure")
    assert params == p.params_for("seniority.tenure_note") == p.params_for("seniority.current_title")
    assert (params["levels"], params["count_until"], params["thresholds"]) == (
        ["中级", "副高级", "正高级"], date(2022, 12, 31), {})
