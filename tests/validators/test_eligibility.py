"""eligibility.retirement_age: the statutory retirement age under the 2025 gradual reform."""

from __future__ import annotations

from datetime import date

import pytest

from tests.validators.builders import codes, declared, id_front, make_case, make_id


def _person(birth: str, gender: str, *, category=None, as_of=date(2024, 9, 20), in_declared=True):
    seq = "001" if gender == "男" else "002"  # the 17th digit: odd for 男
    number = make_id("530103", birth.replace("-", ""), seq)
    front = id_front(id_number=number, birth_date=birth, gender=gender)
    decl = declared(id_number=number, staff_category=category) if in_declared else declared(id_number=None)
    return make_case(front, decl=decl, as_of=as_of)


@pytest.mark.parametrize(
    ("birth", "gender", "category", "as_of", "retired", "retires", "source"),
    [
        # 001 §一(二) 离退休人员不得申报; 003 §二 Q4 达到国家法定退休年龄; retirement months of the reform
        ("1965-01-15", "男", None, "2025-01-31", False, "2025-02", "60y1m: the month before"),
        ("1965-01-15", "男", None, "2025-02-01", True, "2025-02", "the retirement month itself"),
        ("1965-12-03", "男", None, "2026-02-28", False, "2026-03", "60y3m"),
        ("1965-12-03", "男", None, "2026-03-01", True, "2026-03", ""),
        ("1971-04-20", "女", "干部", "2026-07-31", False, "2026-08", "55 -> +4 months"),
        ("1971-04-20", "女", "干部", "2026-08-01", True, "2026-08", ""),
        ("1975-06-30", "男", None, "2038-01-31", False, "2038-02", "60 -> +32 months"),
        ("1975-06-30", "男", None, "2038-02-01", True, "2038-02", ""),
        ("1976-06-10", "女", "工人", "2027-02-28", False, "2027-03", "50 -> +9 months"),
        ("1976-06-10", "女", "工人", "2027-03-01", True, "2027-03", ""),
        ("1984-11-11", "女", "工人", "2039-10-31", False, "2039-11", "50 -> 55, the cap"),
        ("1984-11-11", "女", "工人", "2039-11-01", True, "2039-11", ""),
        ("1963-12-25", "男", None, "2023-11-30", False, "2023-12", "before the reform: 60"),
        ("1963-12-25", "男", None, "2024-09-20", True, "2023-12", "retired before the application"),
        ("1990-03-07", "男", None, "2024-09-20", False, "2053-03", "young"),
    ],
)
def test_retirement_table(check, birth, gender, category, as_of, retired, retires, source):
    case = _person(birth, gender, category=category, as_of=date.fromisoformat(as_of))
    found = check(case, "eligibility.retirement_age")
    assert codes(found) == (["RETIREMENT_AGE"] if retired else []), source
    if retired:
        assert found[0].evidence["retirement_month"] == retires


def test_message_explains_age_and_what_to_do(check):
    [f] = check(_person("1963-12-25", "男"), "eligibility.retirement_age")
    assert f.severity.value == "error"
    assert "1963年12月出生，男，法定退休年龄为60周岁，应于2023年12月退休" in f.message
    assert "批准延迟退休" in f.message
    assert f.evidence["category_assumed"] is False and f.evidence["id_number_masked"].count("*") == 8


def test_female_category_is_assumed_55_and_the_finding_says_so(check):
    # Born 1969-03: as a 干部 (55) she retired 2024-03; as a 工人 (50) long before.
    [f] = check(_person("1969-03-02", "女", category=None), "eligibility.retirement_age")
    assert f.evidence["category"] == "female_55" and f.evidence["category_assumed"] is True
    assert "未填写人员身份，按原法定退休年龄55周岁的女职工计算" in f.message


def test_declared_category_decides_between_50_and_55(check):
    # Born 1972-03, as_of 2024-09: a 工人 (50, 2022-03) has retired; a 干部 (55 +, 2027-...) has not.
    assert codes(check(_person("1972-03-02", "女", category="工人"), "eligibility.retirement_age")) == ["RETIREMENT_AGE"]
    assert check(_person("1972-03-02", "女", category="干部"), "eligibility.retirement_age") == []
    assert check(_person("1972-03-02", "女", category=None), "eligibility.retirement_age") == []


def test_female_default_is_a_policy_param(check):
    case = _person("1972-03-02", "女", category=None)
    [f] = check(case, "eligibility.retirement_age", female_default=50)
    assert f.evidence["category"] == "female_50" and f.evidence["category_assumed"] is True


def test_birth_date_from_the_id_card_without_a_declared_number(check):
    case = _person("1963-12-25", "男", in_declared=False)
    [f] = check(case, "eligibility.retirement_age")
    assert f.evidence["id_source"] == "id_card_front" and f.documents == [0]


def test_no_usable_id_number_is_not_judged(check):
    case = make_case(id_front(id_number="53010319631325001X"), decl=declared(id_number="123"))
    assert check(case, "eligibility.retirement_age") == []
