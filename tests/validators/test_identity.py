"""identity.*: names, ID number validity and consistency, birth date/gender, card validity."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from preaudit.pipeline.model import DocType
from tests.validators.builders import (
    AS_OF,
    ID,
    NAME,
    codes,
    contract,
    declared,
    doc,
    fv,
    id_back,
    id_front,
    make_case,
    make_id,
    pension,
)

# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("reference", "found", "mismatch"),
    [
        ("张伟", "张伟", False),
        ("张伟", "张玮", True),  # look-alike character: a different name
        ("张伟", "张 伟", False),  # OCR space
        ("张伟", "张伟伟", True),
        ("阿依古丽·买买提", "阿依古丽•买买提", False),  # middle-dot variants
        ("阿依古丽·买买提", "阿依古丽・买买提", False),
        ("阿依古丽·买买提", "阿依古丽买买提", True),  # a missing dot is not a dot variant
    ],
)
def test_contract_name_against_declared_name(check, reference, found, mismatch):
    case = make_case(id_front(name=reference), contract(employee_name=found),
                     decl=declared(name=reference))
    findings = check(case, "identity.name_consistency")
    assert codes(findings) == (["NAME_MISMATCH"] if mismatch else [])


def test_name_mismatch_message_tells_what_to_correct(check):
    case = make_case(id_front(), contract(employee_name="张玮"))
    [f] = check(case, "identity.name_consistency")
    assert f.message == "劳动合同备案表中的乙方姓名“张玮”与申报姓名“张伟”不一致，请核对后重新上传正确的材料。"
    assert f.documents == [1]
    assert f.evidence == {"document": "contract_filing", "file": "contract_filing.jpg",
                          "field": "employee_name", "found": "张玮", "reference": "张伟",
                          "reference_source": "declared"}


def test_id_card_name_is_checked_against_declared_name(check):
    case = make_case(id_front(name="张玮"), pension(), decl=declared(name="张伟"))
    [f] = check(case, "identity.name_consistency")
    assert f.evidence["document"] == "id_card_front"
    assert f.documents == [0]


@pytest.mark.parametrize("decl", [None, declared(name=None), declared(name="  ")])
def test_without_declared_name_the_id_card_is_the_reference(check, decl):
    case = make_case(id_front(name="张伟"), pension(name="张伟"), contract(employee_name="张玮"), decl=decl)
    [f] = check(case, "identity.name_consistency")
    assert f.evidence["reference_source"] == "id_card_front"
    assert "身份证姓名“张伟”" in f.message
    assert f.documents == [0, 2]


def test_every_document_with_a_name_field_is_compared(check):
    case = make_case(
        id_front(), pension(name="李伟"), contract(employee_name="张玮"),
        doc(DocType.PUBLICITY_FORM, name="张伟"), doc(DocType.PLEDGE, name="王伟"),
    )
    found = sorted(f.evidence["found"] for f in check(case, "identity.name_consistency"))
    assert found == ["张玮", "李伟", "王伟"]


def test_unread_names_are_left_to_field_unreadable(check):
    case = make_case(id_front(), contract(employee_name=None), pension(name=""))
    assert check(case, "identity.name_consistency") == []


@pytest.mark.parametrize(("confidence", "reported"), [(0.79, False), (0.80, True)])
def test_min_confidence_skips_doubtful_names(check, confidence, reported):
    case = make_case(id_front(), contract(employee_name=fv("张玮", confidence)))
    findings = check(case, "identity.name_consistency", min_confidence=0.80)
    assert bool(findings) is reported


def test_no_reference_name_no_finding(check):
    case = make_case(contract(employee_name="张玮"), decl=None)
    assert check(case, "identity.name_consistency") == []


# --------------------------------------------------------------------------- ID number validity

BAD_CHECK = ID[:-1] + ("0" if ID[-1] != "0" else "1")
BAD_DATE = make_id(birth="19901332")
BAD_AREA = make_id(area="999999")


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (ID, None),
        (ID.lower(), None),  # 'x' and 'X' are the same check digit
        (make_id(seq="002"), None),
        (BAD_CHECK, "checksum"),
        (BAD_DATE, "birth_date"),
        (BAD_AREA, "region_code"),
        (ID[:-1], "length"),
        (ID[:10] + "A" + ID[11:], "format"),
    ],
)
def test_declared_id_number_validity(check, number, reason):
    case = make_case(decl=declared(id_number=number))
    findings = check(case, "identity.id_number_valid")
    if reason is None:
        assert findings == []
    else:
        [f] = findings
        assert f.code == "ID_NUMBER_INVALID"
        assert f.evidence["reason"] == reason


def test_x_check_digit_is_valid(check):
    # find a number whose check digit is X and make sure it passes
    number = next(n for n in (make_id(seq=f"{s:03d}") for s in range(1, 200)) if n.endswith("X"))
    case = make_case(decl=declared(id_number=number))
    assert check(case, "identity.id_number_valid") == []


def test_one_invalid_number_is_reported_once_with_every_place_it_appears(check):
    case = make_case(id_front(id_number=BAD_CHECK), contract(employee_id_number=BAD_CHECK),
                     pension(id_number=ID), decl=declared(id_number=BAD_CHECK))
    [f] = check(case, "identity.id_number_valid")
    assert f.documents == [0, 1]
    assert [s["document"] for s in f.evidence["sources"]] == ["declared", "id_card_front", "contract_filing"]
    assert BAD_CHECK not in f.message
    assert f.evidence["id_number_masked"] == BAD_CHECK[:6] + "********" + BAD_CHECK[-4:]
    assert "校验位错误" in f.message


def test_two_different_invalid_numbers_are_two_findings(check):
    case = make_case(id_front(id_number=BAD_CHECK), contract(employee_id_number=BAD_DATE))
    assert sorted(f.evidence["reason"] for f in check(case, "identity.id_number_valid")) == [
        "birth_date", "checksum"]


# --------------------------------------------------------------------------- ID number consistency


@pytest.mark.parametrize(
    ("on_contract", "mismatch"),
    [
        (ID, False),
        (ID.lower(), False),
        (" ".join([ID[:6], ID[6:14], ID[14:]]), False),  # OCR spaces
        ("".join(chr(ord(c) + 0xFEE0) for c in ID), False),  # full-width digits
        (make_id(seq="003"), True),
        (make_id(area="530102"), True),
    ],
)
def test_contract_id_number_against_declared(check, on_contract, mismatch):
    case = make_case(id_front(), contract(employee_id_number=on_contract))
    assert codes(check(case, "identity.id_number_consistency")) == (
        ["ID_NUMBER_MISMATCH"] if mismatch else [])


def test_mismatch_names_the_differing_positions_without_the_full_number(check):
    other = make_id(seq="003")
    case = make_case(id_front(), contract(employee_id_number=other))
    [f] = check(case, "identity.id_number_consistency")
    assert f.evidence["differing_positions"] == [17, 18]
    assert "第17、18位不同" in f.message
    assert other not in f.message and ID not in f.message
    assert f.evidence["reference_source"] == "declared"
    assert f.documents == [1]


def test_without_declared_number_the_id_card_is_the_reference(check):
    other = make_id(seq="003")
    case = make_case(pension(id_number=other), id_front(), decl=declared(id_number=None))
    [f] = check(case, "identity.id_number_consistency")
    assert f.evidence["reference_source"] == "id_card_front"
    assert f.evidence["document"] == "pension_certificate"
    assert f.documents == [0, 1]


def test_id_card_differing_from_declared_is_a_mismatch(check):
    case = make_case(id_front(id_number=make_id(seq="005")), pension(), contract())
    [f] = check(case, "identity.id_number_consistency")
    assert f.evidence["document"] == "id_card_front"


# --------------------------------------------------------------------------- birth date and gender


@pytest.mark.parametrize(
    ("birth_date", "gender", "problems"),
    [
        ("1990-03-07", "男", []),
        ("1990年3月7日", "男", []),
        ("1990-03-08", "男", ["birth"]),
        ("1990-03-06", "男", ["birth"]),
        ("1990-03-07", "女", ["gender"]),
        ("1991-03-07", "女", ["birth", "gender"]),
        (None, None, []),
    ],
)
def test_id_card_birth_and_gender_against_number(check, birth_date, gender, problems):
    case = make_case(id_front(birth_date=birth_date, gender=gender))
    findings = check(case, "identity.birth_gender")
    if not problems:
        assert findings == []
        return
    [f] = findings
    assert f.code == "ID_BIRTH_GENDER_MISMATCH"
    assert ("出生日期" in f.message) == ("birth" in problems)
    assert ("性别" in f.message) == ("gender" in problems)
    assert f.evidence["id_birth_date"] == "1990-03-07"
    assert f.evidence["id_gender"] == "男"


def test_even_17th_digit_is_female(check):
    number = make_id(seq="002")
    case = make_case(id_front(id_number=number, gender="女"))
    assert check(case, "identity.birth_gender") == []


def test_birth_gender_falls_back_to_declared_number(check):
    case = make_case(id_front(id_number=None, gender="女"))
    [f] = check(case, "identity.birth_gender")
    assert f.evidence["gender"] == "女"


def test_undecodable_number_is_left_to_id_number_valid(check):
    case = make_case(id_front(id_number=BAD_DATE, birth_date="1990-03-07"))
    assert check(case, "identity.birth_gender") == []


def test_other_document_types_can_be_checked_by_policy(check):
    xuexin = doc(DocType.XUEXIN_RECORD, name=NAME, id_number=ID, gender="女", birth_date="1990-03-07")
    case = make_case(id_front(), xuexin)
    assert check(case, "identity.birth_gender", doc_types=["id_card_front"]) == []
    [f] = check(case, "identity.birth_gender", doc_types=["id_card_front", "xuexin_record"])
    assert f.evidence["document"] == "xuexin_record"


# --------------------------------------------------------------------------- card validity


@pytest.mark.parametrize(
    ("valid_until", "expired"),
    [
        ((AS_OF - timedelta(days=1)).isoformat(), True),
        (AS_OF.isoformat(), False),
        ((AS_OF + timedelta(days=1)).isoformat(), False),
        ("2014-05-01", True),
        ("long_term", False),
        ("长期", False),
        (None, False),  # unreadable: FIELD_UNREADABLE's business
    ],
)
def test_id_card_validity_on_as_of(check, valid_until, expired):
    case = make_case(id_front(), id_back(valid_until=valid_until))
    assert codes(check(case, "identity.id_card_valid")) == (["ID_CARD_EXPIRED"] if expired else [])


def test_expired_card_message_and_evidence(check):
    case = make_case(id_front(), id_back(valid_until="2024-09-19"))
    [f] = check(case, "identity.id_card_valid")
    assert f.evidence == {"valid_until": "2024-09-19", "as_of": "2024-09-20"}
    assert f.documents == [1]
    assert "2024-09-19" in f.message and "重新上传" in f.message


def test_a_new_card_back_next_to_an_old_one_is_enough(check):
    case = make_case(id_front(), id_back(valid_until="2020-01-01"), id_back(valid_until="2040-01-01"))
    assert check(case, "identity.id_card_valid") == []


def test_card_validity_uses_the_case_as_of(check):
    case = make_case(id_back(valid_until="2024-06-30"), as_of=date(2024, 6, 30))
    assert check(case, "identity.id_card_valid") == []
