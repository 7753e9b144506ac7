"""Decisions under uncertainty (issue 12): an error rests only on certain values; a finding that
rests on an unsure reading is a warning that asks for a human look, with the figures that decided it."""

from __future__ import annotations

from stdnum.cn import ric

from preaudit.pipeline.values.certainty import assess_case
from preaudit.pipeline.model import FieldValue, Severity
from tests.validators.builders import ID, NAME, UNIT, contract, make_id, declared, id_front, make_case, pension, pledge, publicity, xuexin
from preaudit.validators import run_rules
from preaudit.validators.registry import UNSURE_PREFIX


def ocr(value, confidence=0.98):
    return FieldValue(value=value, confidence=confidence, source="ocr")


def text(value):
    return FieldValue(value=value, confidence=1.0, source="pdf_text")


def findings_of(case, policy, code):
    found, errors = run_rules(case, policy)
    assert not errors
    return [f for f in found if f.code == code]


# --------------------------------------------------------------------------- certainty of values


def test_text_layer_value_is_certain():
    case = assess_case(make_case(xuexin(name=text(NAME))))
    fv = case.documents[0].fields["name"]
    assert fv.certainty == "certain" and "文字层" in fv.why


def test_low_confidence_reading_is_unsure():
    case = assess_case(make_case(pledge(name=ocr("王芳", 0.61)), decl=None))
    fv = case.documents[0].fields["name"]
    assert fv.certainty == "unsure" and any("0.61" in w for w in fv.why)


def test_label_read_as_a_name_is_unsure():
    case = assess_case(make_case(pledge(name=ocr("签字并按手印")), decl=None))
    assert case.documents[0].fields["name"].certainty == "unsure"


def test_low_confidence_reading_that_agrees_with_the_declared_value_is_certain():
    case = assess_case(make_case(pledge(name=ocr(NAME, 0.7))))
    fv = case.documents[0].fields["name"]
    assert fv.certainty == "certain" and any("申报信息" in w for w in fv.why)


# --------------------------------------------------------------------------- names


def test_lookalike_misread_on_one_scan_is_a_warning(policy):
    case = make_case(id_front(name=ocr(NAME)), contract(employee_name=ocr("张玮")), pension(name=ocr(NAME)))
    [f] = findings_of(case, policy, "NAME_MISMATCH")
    assert f.severity is Severity.WARNING
    assert f.message.startswith(UNSURE_PREFIX)
    assert f.evidence["graded"]["policy_severity"] == "error"
    assert {r["certainty"] for r in f.evidence["certainty"]} == {"certain", "unsure"}
    assert [(r.document, r.field) for r in f.relied_on] == [(1, "employee_name"), (None, "name")]


def test_lookalike_name_on_a_text_layer_is_an_error(policy):
    case = make_case(id_front(name=ocr(NAME)), contract(employee_name=text("张玮")))
    [f] = findings_of(case, policy, "NAME_MISMATCH")
    assert f.severity is Severity.ERROR and "graded" not in f.evidence


def test_same_lookalike_on_two_documents_is_an_error(policy):
    """Two independent readings do not misread alike: the documents really say 张玮."""
    case = make_case(contract(employee_name=ocr("张玮")), pension(name=ocr("张玮")))
    found = findings_of(case, policy, "NAME_MISMATCH")
    assert found and all(f.severity is Severity.ERROR for f in found)


def test_a_lone_reading_against_the_rest_is_a_warning(policy):
    """The wrong line taken for the value reads confidently too (a pledge's 不属于公务员): one
    OCR reading that no other source repeats does not make an error."""
    case = make_case(id_front(name=ocr(NAME)), contract(employee_name=ocr("李娜")))
    [f] = findings_of(case, policy, "NAME_MISMATCH")
    assert f.severity is Severity.WARNING and f.message.startswith(UNSURE_PREFIX)
    assert any("仅此一份材料" in w for r in f.evidence["certainty"] for w in r.get("why", []))


def test_clearly_different_name_on_two_scans_is_an_error(policy):
    case = make_case(id_front(name=ocr(NAME)), contract(employee_name=ocr("李娜")), pension(name=ocr("李娜")))
    found = findings_of(case, policy, "NAME_MISMATCH")
    assert found and all(f.severity is Severity.ERROR for f in found)


def test_clearly_different_name_on_a_text_layer_is_an_error(policy):
    case = make_case(id_front(name=ocr(NAME)), contract(employee_name=text("李娜")))
    [f] = findings_of(case, policy, "NAME_MISMATCH")
    assert f.severity is Severity.ERROR


def test_garbage_beside_a_name_is_a_warning(policy):
    case = make_case(id_front(name=ocr(NAME)), pledge(name=ocr("张伟丨", 0.95)))
    [f] = findings_of(case, policy, "NAME_MISMATCH")
    assert f.severity is Severity.WARNING


# --------------------------------------------------------------------------- ID numbers


def _other_valid(number: str, positions: tuple[int, ...]) -> str:
    """`number` with digits changed at `positions` (0-based) and the check digit made right again."""
    digits = list(number[:17])
    for p in positions:
        digits[p] = str((int(digits[p]) + 1) % 10)
    body = "".join(digits)
    return body + ric.calc_check_digit(body + "0")


def test_two_misread_digits_on_one_document_while_four_agree_is_a_warning(policy):
    misread = _other_valid(ID, (14, 15))
    case = make_case(id_front(id_number=ocr(ID)), xuexin(id_number=text(ID)), pension(id_number=ocr(ID)),
                     publicity(), contract(employee_id_number=ocr(misread)))
    [f] = findings_of(case, policy, "ID_NUMBER_MISMATCH")
    assert f.severity is Severity.WARNING


def test_another_persons_number_is_an_error(policy):
    other = make_id("530102", "19851111", "245")  # another person: other area, birth and sequence
    case = make_case(id_front(id_number=ocr(ID)), pension(id_number=ocr(other)))
    [f] = findings_of(case, policy, "ID_NUMBER_MISMATCH")
    assert f.severity is Severity.ERROR


def test_checksum_broken_by_ocr_while_others_agree_is_a_warning(policy):
    broken = ID[:16] + ("0" if ID[16] != "0" else "1") + ID[17]
    case = make_case(id_front(id_number=ocr(ID)), xuexin(id_number=text(ID)), pension(id_number=ocr(broken)))
    invalid = findings_of(case, policy, "ID_NUMBER_INVALID")
    assert invalid and all(f.severity is Severity.WARNING for f in invalid)


def test_declared_number_with_a_wrong_check_digit_is_an_error(policy):
    bad = ID[:17] + ("0" if ID[17] != "0" else "1")
    case = make_case(id_front(id_number=ocr(bad)), decl=declared(id_number=bad))
    [f] = findings_of(case, policy, "ID_NUMBER_INVALID")
    assert f.severity is Severity.ERROR


def test_numbers_issued_before_their_area_code_pass(policy):
    for number in ("370782198710011234", "530114198503120017"):
        case = make_case(decl=declared(id_number=number))
        assert findings_of(case, policy, "ID_NUMBER_INVALID") == []


def test_area_code_unknown_to_the_table_is_a_warning(policy):
    body = "53019919900307001"
    number = body + ric.calc_check_digit(body + "0")
    case = make_case(decl=declared(id_number=number))
    [f] = findings_of(case, policy, "ID_NUMBER_INVALID")
    assert f.severity is Severity.WARNING and f.evidence["reason"] == "region_unknown"


# --------------------------------------------------------------------------- units


def test_garbled_unit_name_is_a_warning(policy):
    garbled = UNIT.replace("科技", "科枝")  # 技/枝: a look-alike the recogniser confuses
    case = make_case(pension(employer=ocr(garbled), rows=[]), contract(employer=text(UNIT)))
    [f] = findings_of(case, policy, "UNIT_MISMATCH")
    assert f.severity is Severity.WARNING


def test_another_unit_read_on_two_scans_is_an_error(policy):
    other = "云南滇源电力工程有限公司"
    case = make_case(pension(employer=ocr(other), rows=[]), contract(employer=ocr(other)),
                     publicity(unit=text(UNIT)))
    found = findings_of(case, policy, "UNIT_MISMATCH")
    assert found and all(f.severity is Severity.ERROR for f in found)


def test_another_unit_read_once_is_a_warning(policy):
    case = make_case(pension(employer=ocr("云南滇源电力工程有限公司"), rows=[]), contract(employer=text(UNIT)))
    [f] = findings_of(case, policy, "UNIT_MISMATCH")
    assert f.severity is Severity.WARNING


# --------------------------------------------------------------------------- every error is graded

# Codes whose errors rest on facts, not on values read from a page: a file that is absent or
# unreadable, a duplicate file, the declared data itself.
FACT_CODES = {"DOC_MISSING", "DOC_UNREADABLE", "DUPLICATE_DOCUMENT", "WORK_SUMMARY_SHORT", "DECLARED_DATA_MISSING",
              "CONTINUING_EDUCATION_MISSING", "PAPER_SIMILARITY_HIGH"}


def test_every_error_names_the_values_it_rests_on(policy):
    from tests.validators.builders import id_back, months

    faults = [
        make_case(id_front(), id_back(), xuexin(), pension(rows=months(unpaid=("2024-06",))), contract(), publicity(), pledge()),
        make_case(id_front(), id_back(), xuexin(), pension(rows=months(region="曲靖市")), contract(), publicity(), pledge()),
        make_case(id_front(), id_back(), xuexin(), pension(), contract(end_date="2024-06-30"), publicity(), pledge()),
        make_case(id_front(), id_back(), xuexin(), pension(), contract(), publicity(publicity_end="2024-08-26",
                                                                                   pledge_date="2024-08-23"), pledge()),
        make_case(id_front(), id_back(valid_until="2024-01-01"), xuexin(graduation_date="2024-07-01"), pension(),
                  contract(employer=text("云南滇源电力工程有限公司")), publicity(), pledge(name=text("李娜"))),
        make_case(id_front(birth_date="1960-03-07", id_number=make_id(birth="19600307")), id_back(), xuexin(), pension(),
                  contract(), publicity(), pledge(), decl=declared(id_number=make_id(birth="19600307"))),
    ]
    seen = set()
    for case in faults:
        found, errors = run_rules(case, policy)
        assert not errors
        for f in found:
            if f.severity is Severity.ERROR and f.code not in FACT_CODES:
                seen.add(f.code)
                assert f.relied_on, f"{f.code} ({f.rule_id}) names no value it rests on"
    assert {"INSURANCE_STREAK_SHORT", "INSURANCE_REGION", "CONTRACT_EXPIRED", "PUBLICITY_TOO_SHORT",
            "PUBLICITY_DATE_ORDER", "ID_CARD_EXPIRED", "SENIORITY_SHORT", "UNIT_MISMATCH", "NAME_MISMATCH",
            "RETIREMENT_AGE"} <= seen, seen


# --------------------------------------------------------------------------- issue 12, blind generation 2


def test_a_name_or_unit_of_no_such_shape_on_a_text_layer_is_unsure_and_no_error(policy):
    """A text layer vouches for its characters, not that the reader took the right ones: a contract's
    乙方 read as 三 and its 甲方 as 五、其他 are the wrong text taken, asked about, never an error."""
    case = make_case(id_front(name=ocr(NAME)), contract(employee_name=text("三"), employer=text("五、其他")),
                     pension(name=ocr(NAME)))
    fields = assess_case(case).documents[1].fields
    assert fields["employee_name"].certainty == "unsure" and fields["employer"].certainty == "unsure"
    assert [f.severity for f in findings_of(case, policy, "NAME_MISMATCH")] == [Severity.WARNING]
    assert all(f.severity is Severity.WARNING for f in findings_of(case, policy, "UNIT_MISMATCH"))


def test_a_wrong_check_digit_on_a_text_layer_stays_certain():
    bad = ID[:-1] + ("0" if ID[-1] != "0" else "1")
    case = assess_case(make_case(xuexin(id_number=text(bad)), decl=None))
    assert case.documents[0].fields["id_number"].certainty == "certain"


def test_one_hand_read_alike_on_two_forms_against_the_rest_is_a_warning(policy):
    """The applicant's signature on the pledge and on the publicity form, both read 刘寿 for 刘涛:
    they agree with each other, and the declared name, the card, the contract and the pension
    certificate say otherwise. Two readings of one hand are no independent evidence."""
    case = make_case(id_front(name=ocr(NAME)), contract(employee_name=ocr(NAME)), pension(name=ocr(NAME)),
                     pledge(name=ocr("李娜", 0.99)), publicity(name=ocr("李娜", 0.99)))
    assessed = assess_case(case)
    assert assessed.documents[3].fields["name"].certainty == "unsure"
    found = findings_of(case, policy, "NAME_MISMATCH")
    assert found and all(f.severity is Severity.WARNING for f in found)


def test_a_file_in_which_nothing_was_read_makes_its_own_and_a_missing_documents_error_a_look(policy):
    """A worn card photographed in low sun on a terrazzo sill (blind generation 9): the recogniser read
    no text in it, and a clean applicant was rejected twice over, DOC_UNREADABLE for the photo and
    DOC_MISSING for the ID card's front it was. A file that opened but gave no text may be readable to
    a person and may be the missing document: both ask for a look. A file that cannot be opened at
    all stays an error, and so does a missing document where every file was read."""
    from preaudit.pipeline.model import NO_TEXT_READ, FileRecord
    from tests.validators.builders import id_back

    blank = FileRecord(path="scan0038.png", sha256="1" * 64, status="unreadable", reason=NO_TEXT_READ)
    broken = FileRecord(path="scan0038.png", sha256="1" * 64, status="unreadable", reason="文件已损坏")
    docs = (id_back(), xuexin(), pension(), contract(), publicity(), pledge())
    for record, severity in ((blank, Severity.WARNING), (broken, Severity.ERROR)):
        case = assess_case(make_case(*docs, files=[record]))
        [unreadable] = findings_of(case, policy, "DOC_UNREADABLE")
        missing = [f for f in findings_of(case, policy, "DOC_MISSING") if f.evidence["document"] == "id_card_front"]
        assert unreadable.severity is severity and [f.severity for f in missing] == [severity], record.reason
    assert findings_of(assess_case(make_case(*docs, files=[blank])), policy, "DOC_MISSING")[0].evidence["possibly_in"] == ["scan0038.png"]
