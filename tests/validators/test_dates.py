"""Month, working-day and retirement arithmetic (validators/rules/_dates.py), table and properties."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from preaudit.pipeline.values.text import add_months, month_from_index, month_index
from preaudit.validators.rules._dates import (
    FEMALE_50,
    FEMALE_55,
    MALE_60,
    SCHEMES,
    add_months_to_date,
    calendar_covers,
    full_months,
    month_of,
    months_spanned,
    retirement_delay,
    retirement_month,
    working_days,
)

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31))
covered_dates = st.dates(min_value=date(2005, 1, 1), max_value=date(2025, 12, 31))
months = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1940, 2060), st.integers(1, 12))

# --------------------------------------------------------------------------- months


@pytest.mark.parametrize(
    ("start", "end", "n"),
    [
        (date(2023, 9, 1), date(2024, 8, 31), 12),  # 001 §二(二)4: 满12个月, exactly
        (date(2023, 9, 1), date(2024, 8, 30), 11),  # one day short
        (date(2023, 9, 1), date(2023, 9, 30), 1),
        (date(2023, 9, 1), date(2023, 9, 29), 0),
        (date(2023, 9, 15), date(2024, 9, 14), 12),
        (date(2024, 1, 31), date(2024, 2, 28), 1),  # clipped to 2024-02-29
        (date(2024, 9, 1), date(2024, 8, 31), 0),  # end before start
    ],
)
def test_full_months_table(start, end, n):
    assert full_months(start, end) == n


@given(dates, st.integers(-600, 600))
def test_add_months_to_date_lands_in_the_right_month(d, n):
    moved = add_months_to_date(d, n)
    assert month_of(moved) == add_months(month_of(d), n)
    assert moved.day == d.day or moved.day < d.day  # clipped only at a month's end
    if d.day <= 28:
        assert moved.day == d.day


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31)).filter(lambda d: d.day <= 28),
       st.integers(0, 600))
def test_full_months_is_exact_at_the_day_before_the_anniversary(start, n):
    anniversary = add_months_to_date(start, n)
    assert full_months(start, anniversary - timedelta(days=1)) == n
    assert full_months(start, anniversary) == n
    if n > 0:
        assert full_months(start, anniversary - timedelta(days=2)) == n - 1


@given(dates, dates, dates)
def test_full_months_is_monotonic_in_the_end(start, a, b):
    lo, hi = sorted((a, b))
    assert 0 <= full_months(start, lo) <= full_months(start, hi)


@given(dates, dates)
def test_months_spanned_bounds_full_months(a, b):
    # A payment month is counted for each calendar month touched: never fewer than whole months.
    assert months_spanned(a, b) >= full_months(a, b)
    assert months_spanned(a, b) <= full_months(a, b) + 2


@given(months, st.integers(-1200, 1200))
def test_month_index_round_trip(month, n):
    assert month_from_index(month_index(month)) == month
    assert month_index(add_months(month, n)) - month_index(month) == n
    assert add_months(add_months(month, n), -n) == month


# --------------------------------------------------------------------------- working days


@pytest.mark.parametrize(
    ("start", "end", "n", "why"),
    [
        ("2024-08-22", "2024-08-29", 6, "001 §五(六) sample form: Thu..Thu"),
        ("2024-08-22", "2024-08-28", 5, "exactly 5"),
        ("2024-08-23", "2024-08-28", 4, "Fri + weekend + Mon..Wed: 4"),
        ("2024-09-27", "2024-10-08", 4, "国庆 2024: 9-29 (Sun) is a 调休 working day, 10-01..07 off"),
        ("2024-09-27", "2024-10-09", 5, "... one more day reaches 5"),
        ("2024-09-29", "2024-09-29", 1, "调休 Sunday counts"),
        ("2024-10-01", "2024-10-07", 0, "the holiday itself"),
        ("2024-10-12", "2024-10-12", 1, "调休 Saturday after 国庆"),
        ("2023-09-28", "2023-10-09", 4, "中秋+国庆 2023: 9-28, 10-7 (Sat), 10-8 (Sun), 10-9"),
    ],
)
def test_working_days_table(start, end, n, why):
    wd = working_days(date.fromisoformat(start), date.fromisoformat(end))
    assert (wd.count, wd.exact) == (n, True), why


def test_working_days_outside_the_calendar_fall_back_to_weekdays():
    assert not calendar_covers(2099)
    wd = working_days(date(2099, 9, 28), date(2099, 10, 9))
    assert wd.fallback_years == (2099,)
    assert wd.count == sum(1 for k in range(12) if (date(2099, 9, 28) + timedelta(days=k)).weekday() < 5)


def test_end_before_start_has_no_working_days():
    assert working_days(date(2024, 8, 29), date(2024, 8, 22)).count == 0


@settings(max_examples=200)
@given(covered_dates, st.integers(0, 60))
def test_working_days_match_the_calendar_day_by_day(start, span):
    end = start + timedelta(days=span)
    wd = working_days(start, end)
    expected = sum(chinese_calendar.is_workday(start + timedelta(days=k)) for k in range(span + 1))
    assert wd.exact and wd.count == expected
    assert 0 <= wd.count <= span + 1


@settings(max_examples=200)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)), st.integers(0, 40),
       st.integers(0, 40))
def test_working_days_are_additive(start, a, b):
    mid = start + timedelta(days=a)
    end = mid + timedelta(days=b + 1)
    whole = working_days(start, end).count
    assert whole == working_days(start, mid).count + working_days(mid + timedelta(days=1), end).count


@settings(max_examples=100)
@given(st.dates(min_value=date(2030, 1, 1), max_value=date(2040, 12, 24)), st.integers(0, 6))
def test_a_full_week_outside_the_calendar_has_five_working_days(start, extra):
    assert working_days(start, start + timedelta(days=6)).count == 5


# --------------------------------------------------------------------------- retirement


@pytest.mark.parametrize(
    ("birth", "scheme", "retires"),
    [
        ("1965-01", MALE_60, "2025-02"),  # first delayed cohort: +1 month
        ("1965-12", MALE_60, "2026-03"),  # +3
        ("1971-04", FEMALE_55, "2026-08"),  # +4
        ("1975-06", MALE_60, "2038-02"),  # +32
        ("1976-06", FEMALE_50, "2027-03"),  # +9 (one month per 2)
        ("1984-11", FEMALE_50, "2039-11"),  # +60, the cap
        ("1963-12", MALE_60, "2023-12"),  # before the reform: 60
        ("1964-12", MALE_60, "2024-12"),  # last undelayed cohort
        ("1969-12", FEMALE_55, "2024-12"),
        ("1974-12", FEMALE_50, "2024-12"),
        ("1976-09", MALE_60, "2039-09"),  # +36, 63 reached
        ("1990-03", MALE_60, "2053-03"),
        ("1981-09", FEMALE_55, "2039-09"),  # +36, 58 reached
    ],
)
def test_retirement_month_table(birth, scheme, retires):
    assert retirement_month(birth, scheme) == retires


@given(months, st.sampled_from(list(SCHEMES.values())))
def test_retirement_delay_is_capped_and_monotonic(birth, scheme):
    delay = retirement_delay(birth, scheme)
    assert 0 <= delay <= scheme.cap_months
    assert retirement_delay(add_months(birth, 1), scheme) in (delay, delay + 1) or delay == scheme.cap_months
    age = month_index(retirement_month(birth, scheme)) - month_index(birth)
    assert 12 * scheme.original_years <= age <= 12 * scheme.original_years + scheme.cap_months


@given(months, st.sampled_from(list(SCHEMES.values())))
def test_nobody_retires_before_2025_later_than_planned(birth, scheme):
    original = add_months(birth, 12 * scheme.original_years)
    if original < "2025-01":
        assert retirement_month(birth, scheme) == original
    else:
        assert retirement_month(birth, scheme) > original
