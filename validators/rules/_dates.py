"""Date arithmetic the rules share: whole months, working days (调休 counted), retirement month.

Everything here is a pure function of its arguments; hypothesis tests pin the month and
working-day arithmetic (tests/validators/test_dates.py).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

from preaudit.pipeline.values.text import add_months, month_index


def month_of(d: date) -> str:
    """date -> 'YYYY-MM'."""
    return f"{d.year:04d}-{d.month:02d}"


def add_months_to_date(d: date, n: int) -> date:
    """`d` moved by `n` calendar months; the day is clipped to the target month's length
    (2024-01-31 + 1 month = 2024-02-29)."""
    y, m0 = divmod(d.year * 12 + d.month - 1 + n, 12)
    return date(y, m0 + 1, min(d.day, calendar.monthrange(y, m0 + 1)[1]))


def full_months(start: date, end: date) -> int:
    """Whole months from `start` (first day worked) through `end` (last day, inclusive).

    The largest n with `add_months_to_date(start, n) <= end + 1 day`: 2023-09-01..2024-08-31 is
    12 months, ..2024-08-30 is 11. 0 when `end` is before `start`.
    """
    if end < start:
        return 0
    stop = end + timedelta(days=1)
    n = max((end.year - start.year) * 12 + end.month - start.month - 1, 0)
    while add_months_to_date(start, n + 1) <= stop:
        n += 1
    return n


def months_spanned(first: date, last: date) -> int:
    """Calendar months touched from `first`'s month through `last`'s month, both counted (the most
    monthly insurance payments that can fall in the period); 0 when `last` is before `first`."""
    if last < first:
        return 0
    return month_index(month_of(last)) - month_index(month_of(first)) + 1


# --------------------------------------------------------------------------- working days


def calendar_covers(year: int) -> bool:
    """Whether the bundled holiday calendar (chinesecalendar) has the State Council's holiday and
    adjusted-working-day (调休) arrangement for `year`."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@dataclass(frozen=True)
class WorkingDays:
    """Working days in an inclusive date range, and the years counted without the holiday data."""

    count: int
    fallback_years: tuple[int, ...]  # weekends-only: the calendar does not cover these years

    @property
    def exact(self) -> bool:
        return not self.fallback_years


def working_days(start: date, end: date) -> WorkingDays:
    """Working days from `start` to `end`, both included.

    Statutory holidays are excluded and adjusted working days (调休, e.g. Sunday 2024-09-29)
    counted, from chinesecalendar. A year the package does not cover is counted weekends-only
    (Mon–Fri) and returned in `fallback_years` so that the caller can say so.
    """
    if end < start:
        return WorkingDays(0, ())
    covered = {y: calendar_covers(y) for y in range(start.year, end.year + 1)}
    count = 0
    d = start
    while d <= end:
        if covered[d.year]:
            count += chinese_calendar.is_workday(d)
        else:
            count += d.weekday() < 5
        d += timedelta(days=1)
    return WorkingDays(count, tuple(y for y, ok in covered.items() if not ok))


# --------------------------------------------------------------------------- retirement

# 全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定（2024-09-13, in force 2025-01-01):
# from January 2025 the statutory retirement age rises from 60 to 63 for men, from 55 to 58 and from
# 50 to 55 for women, by one month every 4 months (every 2 months for the 50 category), starting
# with the people whose original retirement month is 2025-01.
REFORM_START = "2025-01"


@dataclass(frozen=True)
class RetirementScheme:
    """One category of the 2025 gradual reform."""

    key: str  # male_60 | female_55 | female_50
    original_years: int
    step_months: int  # the delay grows by one month per `step_months` months of birth
    cap_months: int

    @property
    def first_birth_month(self) -> str:
        """The first birth month whose retirement is delayed (original retirement 2025-01)."""
        return add_months(REFORM_START, -12 * self.original_years)


MALE_60 = RetirementScheme("male_60", 60, 4, 36)
FEMALE_55 = RetirementScheme("female_55", 55, 4, 36)
FEMALE_50 = RetirementScheme("female_50", 50, 2, 60)
SCHEMES = {s.key: s for s in (MALE_60, FEMALE_55, FEMALE_50)}


def retirement_delay(birth_month: str, scheme: RetirementScheme) -> int:
    """Months added to the original retirement age for someone born in `birth_month`."""
    k = month_index(birth_month) - month_index(scheme.first_birth_month)
    if k < 0:
        return 0
    return min(k // scheme.step_months + 1, scheme.cap_months)


def retirement_month(birth_month: str, scheme: RetirementScheme) -> str:
    """The month ('YYYY-MM') in which someone born in `birth_month` reaches statutory retirement
    age: born 1965-01 (men) -> 2025-02; 1971-04 (women, 55) -> 2026-08; 1963-12 (men) -> 2023-12."""
    return add_months(birth_month, 12 * scheme.original_years + retirement_delay(birth_month, scheme))
