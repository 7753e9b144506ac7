"""GB 11643 as the law reads it: a code ever in use is valid whatever the birth date (issue 12, class 1)."""

from __future__ import annotations

import pytest
from stdnum.cn import ric

from preaudit.pipeline.values.idnumber import check_id_number, is_valid_id_number


def with_check(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


@pytest.mark.parametrize(
    "number",
    [
        "370782198710011234",  # 诸城市: code from 1989, holder born 1987
        "530114198503120017",  # 呈贡区: code from 2011, holder born 1985
        with_check("53030219800101001"),  # 麒麟区: code from 1997, holder born 1980
    ],
)
def test_number_issued_before_its_code_is_valid(number):
    assert not ric.is_valid(number)  # the library asks the code to be in use at birth; the law does not
    check = check_id_number(number)
    assert check.valid and check.area_known
    assert is_valid_id_number(number)


def test_code_that_was_retired_is_still_valid():
    number = with_check("11010319800101001")  # 崇文区, merged away in 2010
    check = check_id_number(number)
    assert check.valid and check.area_known


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("53010319900307001", "length"),
        ("5301031990030700AX", "format"),
        (with_check("53010319900307001")[:-1] + ("0" if with_check("53010319900307001")[-1] != "0" else "1"), "checksum"),
        (with_check("53010319900230001"), "birth_date"),  # 30 February
        (with_check("53010318800101001"), "birth_date"),  # before 1900
        (with_check("99999919900307001"), "province"),  # no province has code 99
    ],
)
def test_certainly_invalid_numbers(number, problem):
    check = check_id_number(number)
    assert check.problem == problem and not check.valid


def test_county_code_unknown_to_the_table_is_valid_but_unknown():
    check = check_id_number(with_check("53019919900307001"))  # 云南 exists, 530199 is in no table
    assert check.valid and not check.area_known
