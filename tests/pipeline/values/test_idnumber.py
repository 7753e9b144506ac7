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


# --------------------------------------------------------------------------- one list, one pattern (issue 14)


def test_the_id_fields_and_the_id_pattern_are_defined_once():
    """Every module that needs the fields holding an ID number imports `ID_FIELDS`, and every one
    that looks for an ID number in text uses the model's one pattern."""
    import re

    from tests.conftest import ROOT

    listed = re.compile(r"(?:=|\bin)\s*[(\[{]\s*[\"']id_number[\"'],\s*[\"']employee_id_number[\"']\s*[)\]}]")
    spelled = re.compile(r"\\d\{1[57]\}")
    lists, patterns = [], []
    for folder in ("pipeline", "extractors", "validators", "flows"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            rel = path.relative_to(ROOT).as_posix()
            lists += [rel] * len(listed.findall(text))
            patterns += [rel] * len(spelled.findall(text))
    assert lists == ["pipeline/values/idnumber.py"], lists
    assert patterns == ["pipeline/model.py", "pipeline/model.py"], patterns  # 18 characters | 15 digits
    assert "id_fields" not in (ROOT / "pipeline/report/labels.yaml").read_text(encoding="utf-8")


def test_the_one_pattern_masks_text_and_keeps_numbers_out_of_the_index():
    from preaudit.pipeline.integrity.fingerprints import _holder, _shingles
    from preaudit.pipeline.model import Document, DocType, FieldValue, mask_ids_in_text
    from preaudit.pipeline.report.wording import is_id_field
    from preaudit.pipeline.values.idnumber import ID_FIELDS
    from tests.helpers import line, page

    assert mask_ids_in_text("号码53010219900307123X错误") == "号码530102********123X错误"
    assert mask_ids_in_text("sha256 ab530102199003071234cd") == "sha256 ab530102199003071234cd"  # a hex digest stays
    assert all(is_id_field(f) for f in ID_FIELDS) and not is_id_field("name")
    doc = Document(file="a.pdf", page=1, doc_type=DocType.CONTRACT_FILING,
                   fields={"employee_id_number": FieldValue(value="530102199003071238")})
    assert _holder(doc)[0]  # the contract's employee number is the holder's
    # a number OCR ran into the next cell is shingled no more than one standing alone
    glued = _shingles([page([line("53010219900307123X202403", 0.1, 0.1, 0.5, 0.12)])])
    assert glued == _shingles([page([line("#202403", 0.1, 0.1, 0.5, 0.12)])])
