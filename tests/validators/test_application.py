"""application.window, application.recommendation, application.date_required: the notice's dates;
application.returns (RETURNS_LAST): the declared 退回次数 against each notice's limit.

001 §四: 3 (申报系统中3次提出审核意见仍存在问题的，本年度不再受理); 003 §五(三): 4 (返回修改和重置流程的机会总共
为4次); 004 §五(六): 3 (退回次数不得超过3次). 002 sets none: qujing-2023 does not list the rule.
"""

from __future__ import annotations

from datetime import date

import pytest

from preaudit.pipeline.model import DocType, Severity
from tests.validators.builders import codes, declared, doc, make_case


@pytest.mark.parametrize(
    ("policy", "filed", "outside"),
    [
        # 001 §四: 2024-09-01 .. 2024-09-20
        ("kunming-panlong-2024q3", date(2024, 8, 31), True),
        ("kunming-panlong-2024q3", date(2024, 9, 1), False),
        ("kunming-panlong-2024q3", date(2024, 9, 20), False),
        ("kunming-panlong-2024q3", date(2024, 9, 21), True),
        ("kunming-panlong-2024q3", date(2024, 10, 8), True),
        # 004 §一: closes 2022-09-30, no opening day
        ("pingliang-2022-engineering", date(2022, 6, 1), False),
        ("pingliang-2022-engineering", date(2022, 9, 30), False),
        ("pingliang-2022-engineering", date(2022, 10, 1), True),
    ],
)
def test_application_window(check_in, policy, filed, outside):
    case = make_case(decl=declared(application_date=filed), as_of=filed)
    found = check_in(policy, case, "application.window")
    assert codes(found) == (["APPLICATION_WINDOW"] if outside else [])
    if outside:
        assert found[0].severity is Severity.ERROR and filed.isoformat() in found[0].message


def test_only_a_declared_date_is_judged(check_in):
    assert check_in("kunming-panlong-2024q3", make_case(decl=declared(application_date=None)),
                    "application.window") == []
    assert check_in("kunming-panlong-2024q3", make_case(decl=None), "application.window") == []


def _publicity(end: str | None):
    return doc(DocType.PUBLICITY_FORM, publicity_start="2024-08-15", publicity_end=end,
               pledge_date="2024-08-12", unit_opinion_date="2024-09-05")


@pytest.mark.parametrize(
    ("end", "late"),
    [("2024-08-22", False), ("2024-08-28", False), ("2024-08-29", False), ("2024-08-30", True),
     ("2024-09-18", True), (None, False)],
)
def test_recommendation_deadline(check_in, end, late):
    """001 §三(一)2–3: publicity done before the 名单 is reported by 2024-08-29; the unit's opinion
    (here 09-05) is filled in the online review and is not judged."""
    found = check_in("kunming-panlong-2024q3", make_case(_publicity(end)), "application.recommendation")
    assert codes(found) == (["RECOMMENDATION_LATE"] if late else [])
    if late:
        assert found[0].evidence == {"recommendation_by": "2024-08-29", "publicity_end": end}


def test_a_notice_without_a_deadline_is_silent(check_in):
    from preaudit.validators.notice import Timeline

    case = make_case(_publicity("2024-09-18"))
    assert check_in("kunming-panlong-2024q3", case, "application.recommendation", timeline=Timeline()) == []


@pytest.mark.parametrize(
    ("source", "flagged"),
    [("audit_date", True), ("declared", False), ("cli", False), ("policy", False)],
)
def test_date_required_when_the_audit_date_stood_in(check_in, source, flagged):
    case = make_case(decl=declared(application_date=None)).model_copy(update={"as_of_source": source})
    found = check_in("kunming-guide", case, "application.date_required")
    assert codes(found) == (["APPLICATION_DATE_MISSING"] if flagged else [])


# --------------------------------------------------------------------------- returns


def _returned(returns):
    return make_case(decl=declared(returns_count=returns))


@pytest.mark.parametrize(
    ("policy_id", "returns", "flagged"),
    [
        ("kunming-panlong-2024q3", None, False),
        ("kunming-panlong-2024q3", 0, False),
        ("kunming-panlong-2024q3", 1, False),
        ("kunming-panlong-2024q3", 2, True),  # the next return is the third and last
        ("kunming-panlong-2024q3", 3, True),
        ("kunming-guide", 2, False),
        ("kunming-guide", 3, True),  # 003: the fourth is the last
        ("kunming-guide", 4, True),
        ("pingliang-2022-engineering", 1, False),
        ("pingliang-2022-engineering", 2, True),
        ("pingliang-2022-engineering", 5, True),
    ],
)
def test_returns_boundary(check_in, policy_id, returns, flagged):
    found = check_in(policy_id, _returned(returns), "application.returns")
    assert codes(found) == (["RETURNS_LAST"] if flagged else [])
    assert all(f.severity.value == "warning" for f in found)


@pytest.mark.parametrize(
    ("policy_id", "max_returns"),
    [("kunming-panlong-2024q3", 3), ("kunming-guide", 4), ("pingliang-2022-engineering", 3)],
)
def test_each_notice_s_limit_is_in_its_policy(policy_id, max_returns):
    from preaudit.validators import load_policy

    policy = load_policy(policy_id)
    assert policy.params_for("application.returns")["max_returns"] == max_returns
    assert policy.rule("application.returns").source.startswith(policy.source + " §")


def test_qujing_sets_no_limit():
    from preaudit.validators import load_policy

    assert load_policy("qujing-2023").rule("application.returns") is None


def test_messages_say_what_is_left_and_what_follows(check_in):
    [last] = check_in("kunming-panlong-2024q3", _returned(2), "application.returns")
    assert "已退回2次，本通知规定退回最多3次，下一次退回即为最后一次" in last.message
    assert "超过后本年度不再受理个人的申报材料" in last.message and "一次性补正" in last.message
    assert last.evidence == {"returns_count": 2, "max_returns": 3, "returns_left": 1}
    [none] = check_in("kunming-guide", _returned(4), "application.returns")
    assert "4次退回机会已经用完" in none.message and "当前年度将无法进行申报" in none.message
    assert none.evidence["returns_left"] == 0


@pytest.mark.parametrize(
    ("filed", "kind", "off"),
    [
        # 003 §二 Q19: 2021 June and October; from 2022 January, April, July, October
        (date(2021, 6, 30), "首次认定", False),
        (date(2021, 7, 1), "首次认定", True),
        (date(2021, 10, 1), "首次认定", False),
        (date(2021, 4, 15), "首次认定", True),
        (date(2022, 1, 1), "首次认定", False),
        (date(2022, 2, 1), "首次认定", True),
        (date(2024, 3, 31), "首次认定", True),
        (date(2024, 4, 1), "首次认定", False),
        (date(2024, 7, 31), "首次认定", False),
        (date(2024, 10, 8), "首次认定", False),
        (date(2024, 11, 1), "首次认定", True),
        (date(2020, 3, 1), "首次认定", False),  # before the schedule: not judged
        (date(2024, 3, 1), "晋升", False),      # Q19 dates the graduates' recognition only
        (date(2024, 3, 1), None, False),
    ],
)
def test_recognition_months(check_in, filed, kind, off):
    case = make_case(decl=declared(application_date=filed, application_type=kind), as_of=filed)
    found = check_in("kunming-guide", case, "application.months")
    assert codes(found) == (["APPLICATION_MONTH"] if off else [])
    if off:
        assert found[0].severity is Severity.WARNING and filed.isoformat() in found[0].message
