"""insurance.streak and insurance.region: the months before the application date."""

from __future__ import annotations

from datetime import date

import pytest

from tests.validators.builders import codes, contract, declared, make_case, months, pension
from preaudit.validators.rules.insurance import required_window

# as_of 2024-09-20, end_offset_months 1, a certificate printed 2024-08-15 (builders.pension): the 6
# required months are 2024-03 .. 2024-08 when the certificate lists August, else 2024-02 .. 2024-07
# (an August print need not show August: the month is not yet posted, 001 §五(五)2(1)).


@pytest.mark.parametrize(
    ("rows", "education", "short"),
    [
        (months("2024-08", 6), "本科", False),  # exactly 6 paid months
        (months("2024-08", 5), "本科", True),  # 5: 2024-03 missing
        (months("2024-08", 12), "本科", False),
        (months("2024-07", 6), "本科", False),  # printed in August, shows to July: August not yet posted
        (months("2024-07", 5), "本科", True),  # ... and then 2024-02 is due
        (months("2024-08", 6, skip=("2024-05",)), "本科", True),  # a gap
        (months("2024-08", 6, unpaid=("2024-06",)), "本科", True),
        (months("2024-08", 1), "硕士", False),  # 硕士: the last month is enough
        (months("2024-08", 1), "硕士研究生", False),
        (months("2024-08", 1), "博士", False),
        (months("2024-06", 6), "硕士", True),  # ... but it must be the last month the certificate can show
        (months("2024-08", 1), "本科", True),
        (months("2024-08", 1), None, True),
    ],
)
def test_streak(check, rows, education, short):
    case = make_case(pension(rows), decl=declared(education=education))
    assert codes(check(case, "insurance.streak")) == (["INSURANCE_STREAK_SHORT"] if short else [])


def test_streak_message_lists_missing_and_unpaid_months(check):
    rows = months("2024-08", 6, skip=("2024-03", "2024-05"), unpaid=("2024-07",))
    [f] = check(make_case(pension(rows)), "insurance.streak")
    assert f.evidence["missing"] == ["2024-03", "2024-05"]
    assert f.evidence["unpaid"] == ["2024-07"]
    assert f.evidence["window"] == ["2024-03", "2024-08"]
    assert f.evidence["required_months"] == 6
    assert "2024-07 未缴费" in f.message
    assert "2024-03、2024-05 无缴费记录" in f.message
    assert "（2024-03至2024-08）" in f.message
    assert f.documents == [0]


def test_streak_without_declared_data_needs_the_full_months(check):
    case = make_case(pension(months("2024-08", 1)), decl=None)
    [f] = check(case, "insurance.streak")
    assert f.evidence["required_months"] == 6


def test_unreadable_table_is_left_to_field_unreadable(check):
    assert check(make_case(pension(months=None)), "insurance.streak") == []
    assert check(make_case(pension([])), "insurance.streak") == []


def test_rows_of_two_certificates_are_combined(check):
    case = make_case(pension(months("2024-05", 3)), pension(months("2024-08", 3)))
    assert check(case, "insurance.streak") == []


def test_months_in_other_spellings_are_understood(check):
    rows = [dict(r, month=r["month"].replace("-", "")) for r in months("2024-08", 6)]
    assert check(make_case(pension(rows)), "insurance.streak") == []


@pytest.mark.parametrize(
    ("as_of", "n", "offset", "window"),
    [
        (date(2024, 9, 20), 6, 1, ("2024-03", "2024-08")),
        (date(2024, 9, 1), 6, 1, ("2024-03", "2024-08")),
        (date(2024, 9, 30), 6, 1, ("2024-03", "2024-08")),
        (date(2024, 10, 1), 6, 1, ("2024-04", "2024-09")),
        (date(2024, 2, 15), 6, 1, ("2023-08", "2024-01")),  # across the year
        (date(2024, 9, 20), 6, 0, ("2024-04", "2024-09")),
        (date(2024, 9, 20), 1, 1, ("2024-08", "2024-08")),
    ],
)
def test_required_window(as_of, n, offset, window):
    got = required_window(as_of, None, n, None, offset)
    assert (got[0], got[-1]) == window
    assert len(got) == n


def test_window_by_education_first_matching_key():
    assert len(required_window(date(2024, 9, 20), "硕士", 6, {"硕士": 1, "博士": 1}, 1)) == 1
    assert len(required_window(date(2024, 9, 20), "本科", 6, {"硕士": 1, "博士": 1}, 1)) == 6


def test_streak_as_of_comes_from_the_case(check):
    case = make_case(pension(months("2024-08", 6), print_date="2024-10-05"), as_of=date(2024, 10, 8))
    [f] = check(case, "insurance.streak")
    assert f.evidence["missing"] == ["2024-09"]


@pytest.mark.parametrize(
    ("rows", "printed", "as_of", "window", "finding"),
    [
        # the notice's own example: printed in August, the table ends in July
        (months("2024-07", 12), "2024-08-15", date(2024, 9, 20), ("2024-02", "2024-07"), False),
        # printed in August and August already posted: August is judged too
        (months("2024-08", 6), "2024-08-28", date(2024, 9, 20), ("2024-03", "2024-08"), False),
        (months("2024-08", 6, unpaid=("2024-08",)), "2024-08-28", date(2024, 9, 20), ("2024-03", "2024-08"), True),
        # printed in September: August should be there, and its absence is proof
        (months("2024-07", 12), "2024-09-03", date(2024, 9, 20), ("2024-03", "2024-08"), True),
        # an old print: judged on the months it can show (insurance.print_date says it is old)
        (months("2024-05", 12), "2024-06-10", date(2024, 9, 20), ("2023-12", "2024-05"), False),
        (months("2024-04", 6), "2024-06-10", date(2024, 9, 20), ("2023-12", "2024-05"), True),
        # no readable print date: a table ending the month before the due month is not held against
        # the applicant (the print month is unknown); one ending two months before is
        (months("2024-07", 6), None, date(2024, 9, 20), ("2024-02", "2024-07"), False),
        (months("2024-06", 6), None, date(2024, 9, 20), ("2024-02", "2024-07"), True),
    ],
)
def test_window_is_anchored_on_what_the_certificate_can_show(check, rows, printed, as_of, window, finding):
    from preaudit.validators.rules.insurance import _rows, window_end

    case = make_case(pension(rows, print_date=printed), as_of=as_of)
    last = window_end(case, _rows(case), 1)
    assert required_window(as_of, None, 6, None, 1, end=last.month)[::5] == list(window)
    got = check(case, "insurance.streak")
    assert codes(got) == (["INSURANCE_STREAK_SHORT"] if finding else [])
    if got:
        assert got[0].evidence["window"] == list(window)


# --------------------------------------------------------------------------- region


@pytest.mark.parametrize(
    ("rows", "outside"),
    [
        (months("2024-08", 12, region="昆明市"), {}),
        (months("2024-08", 12, region="云南省昆明市盘龙区"), {}),
        (months("2024-08", 6, regions={"2024-06": "曲靖市"}), {"曲靖市": ["2024-06"]}),
        (months("2024-08", 6, regions={"2024-03": "曲靖市", "2024-04": "曲靖市"}),
         {"曲靖市": ["2024-03", "2024-04"]}),
        (months("2024-08", 12, regions={"2024-02": "曲靖市"}), {}),  # outside the window
        (months("2024-08", 6, region="北京市"), {"北京市": [f"2024-0{m}" for m in range(3, 9)]}),
    ],
)
def test_region_of_required_months(check, rows, outside):
    findings = check(make_case(pension(rows)), "insurance.region")
    if not outside:
        assert findings == []
        return
    [f] = findings
    assert f.code == "INSURANCE_REGION"
    assert f.evidence["outside"] == outside
    assert "不在昆明" in f.message


def test_master_only_needs_the_last_month_in_region(check):
    rows = months("2024-08", 6, regions={"2024-05": "曲靖市"})
    case = make_case(pension(rows), decl=declared(education="硕士"))
    assert check(case, "insurance.region") == []


def test_region_falls_back_to_the_certificate_region(check):
    rows = months("2024-08", 6, region=None)
    assert codes(check(make_case(pension(rows, region="曲靖市")), "insurance.region")) == ["INSURANCE_REGION"]
    assert check(make_case(pension(rows, region="昆明市")), "insurance.region") == []
    assert check(make_case(pension(rows, region=None)), "insurance.region") == []  # unknown region


def test_a_paid_row_in_region_outweighs_an_unpaid_row_elsewhere(check):
    rows = months("2024-08", 6) + [{"month": "2024-08", "employer": "x", "region": "曲靖市",
                                    "base": 3500.0, "status": "unpaid"}]
    assert check(make_case(pension(rows)), "insurance.region") == []


def test_region_is_a_policy_param(check):
    rows = months("2024-08", 6, region="曲靖市")
    assert check(make_case(pension(rows)), "insurance.region", region="曲靖") == []


@pytest.mark.parametrize(("row_region", "outside"), [("盘龙区", False), ("安宁市", False), ("麒麟区", True)])
def test_districts_of_the_region_count_as_inside(check, row_region, outside):
    findings = check(make_case(pension(months("2024-08", 6, region=row_region))), "insurance.region")
    assert bool(findings) is outside


def test_a_month_with_unread_status_is_not_held_against_the_applicant(check):
    rows = months("2024-08", 6)
    rows[2] = dict(rows[2], status=None)  # 2024-05
    assert check(make_case(pension(rows)), "insurance.streak") == []
    rows[4] = dict(rows[4], status="unpaid")  # 2024-07
    [f] = check(make_case(pension(rows)), "insurance.streak")
    assert (f.evidence["unpaid"], f.evidence["unknown"]) == (["2024-07"], ["2024-05"])


# --------------------------------------------------------------------------- print date, months shown


@pytest.mark.parametrize(
    ("print_date", "flagged", "source"),
    [
        ("2024-07-31", True, "001 §五(五)2(1): 2024年8月份打印 - the day before"),
        ("2024-08-01", False, "first day of August"),
        ("2024-08-31", False, "last day of August"),
        ("2024-09-01", True, "the day after"),
        (None, False, "unread: not judged"),
    ],
)
def test_print_date_window(check, print_date, flagged, source):
    case = make_case(pension(print_date=print_date))
    found = [f for f in check(case, "insurance.print_date") if "print_date" in f.evidence]
    assert bool(found) is flagged, source
    if flagged:
        assert found[0].code == "INSURANCE_PRINT_DATE" and found[0].severity.value == "warning"
        assert "2024-08-01至2024-08-31期间打印" in found[0].message


@pytest.mark.parametrize(
    ("rows", "print_date", "employed_since", "flagged", "source"),
    [
        (months("2024-08", 12), "2024-08-15", "2022-07-01", False, "001 §五(五)2(1): the last 12 months"),
        (months("2024-07", 12), "2024-08-05", "2022-07-01", False, "printed early in August: up to July"),
        (months("2024-08", 11), "2024-08-15", "2022-07-01", True, "starts 2023-10 though employed since 2022"),
        (months("2024-08", 11), "2024-08-15", "2023-10-01", False, "employed from 2023-10: all there is"),
        (months("2024-08", 11), "2024-08-15", "2023-10-31", False, "hired late in 2023-10"),
        (months("2024-08", 10), "2024-08-15", "2023-10-01", True, "employed from 2023-10, listed from 2023-11"),
        (months("2024-08", 1), "2024-08-25", "2024-08-01", False, "a fresh graduate hired 2024-08"),
        (months("2024-08", 11), "2024-08-15", None, False, "no contract: the start is not judged"),
        (months("2024-06", 12), "2024-08-15", None, True, "stops at 2024-06, printed in August"),
        (months("2024-07", 12), "2024-08-15", None, False, "up to the month before printing"),
        (months("2024-08", 12, skip=("2024-02",)), "2024-08-15", "2022-07-01", False, "a gap is the streak's"),
        (months("2024-08", 24), "2024-08-15", "2020-01-01", False, "more is fine"),
        (months("2024-07", 12), None, None, True, "no print date: up to as_of's previous month (2024-08)"),
        (months("2024-08", 12), None, None, False, ""),
        ([], "2024-08-15", "2022-07-01", False, "unreadable table: FIELD_UNREADABLE"),
    ],
)
def test_months_listed(check, rows, print_date, employed_since, flagged, source):
    docs = [pension(rows, print_date=print_date)]
    if employed_since:
        docs.append(contract(start_date=employed_since))
    found = [f for f in check(make_case(*docs), "insurance.print_date") if "months_listed" in f.evidence]
    assert bool(found) is flagged, source
    if flagged:
        assert "须显示最近12个月" in found[0].message


def test_print_window_is_a_policy_param(check):
    case = make_case(pension(print_date="2024-09-02"))
    assert check(case, "insurance.print_date", print_until=None) == []
    assert check(case, "insurance.print_date", print_from=None, print_until=None) == []
