"""劳务派遣 applicants (001 §三(一)2, §五(五)2(3); 003 §二 Q14(1)): the dispatch agreement required for a
declared 用工单位, its parties against 申报单位 and 用工单位 (graded by certainty), its term against the
application date, and both units' seals on the publicity form."""

from __future__ import annotations

from typing import Any

import pytest

from preaudit.pipeline.model import DocType, Document, FieldValue, Severity
from preaudit.validators import PolicyError, load_policy, run_rules
from preaudit.validators.registry import UNSURE_PREFIX
from tests.validators.builders import (AS_OF, ID, NAME, UNIT, codes, declared, doc, full_documents, make_case,
                                       publicity)

USER = "昆明市盘龙区青云小学"
OTHER_USER = "昆明市五华区春城小学"


def agreement(**kw: Any) -> Document:
    """A dispatch agreement of the applying unit (UNIT, the dispatch company) with USER, 2023-03..2026-02."""
    fields = {"dispatch_unit": UNIT, "user_unit": USER, "name": NAME, "id_number": ID, "start_date": "2023-03-01",
              "end_date": "2026-02-28", "position": "信息技术", "sign_date": "2023-02-20", "has_seal": True} | kw
    return doc(DocType.DISPATCH_AGREEMENT, **fields)


def ocr(value, confidence=0.98):
    return FieldValue(value=value, confidence=confidence, source="ocr")


def text(value):
    return FieldValue(value=value, confidence=1.0, source="pdf_text")


def dispatched(**kw: Any):
    return declared(user_unit=USER, **kw)


def stamped(*rings: tuple[str, float]) -> Document:
    """A publicity form whose seal detector found one seal per ring reading (text, confidence)."""
    d = publicity()
    seals = [{"page": 1, "text": t, "text_confidence": c, "text_clean": True} for t, c in rings]
    return d.model_copy(update={"meta": {"seals": seals, "seal_check": {"checked": True, "pages": [1]}}})


# --------------------------------------------------------------------------- documents.required


def test_a_declared_user_unit_requires_the_agreement(check):
    [f] = check(make_case(*full_documents(), decl=dispatched()), "documents.required")
    assert f.code == "DOC_MISSING" and f.evidence["document"] == "dispatch_agreement"
    assert f.evidence["condition"] == {"when": "dispatched", "user_unit": USER,
                                       "why": f"申报信息填写了用工单位“{USER}”（劳务派遣人员）"}
    assert f"用工单位“{USER}”" in f.message and "劳务派遣公司的派遣协议" in f.message


def test_the_uploaded_agreement_meets_it(check):
    assert check(make_case(*full_documents(), agreement(), decl=dispatched()), "documents.required") == []


@pytest.mark.parametrize("user_unit", [None, "", "无", "/"])
def test_without_a_user_unit_no_agreement_is_asked(check, user_unit):
    from preaudit.pipeline.intake.manifest_cells import unit_name

    value = unit_name(user_unit)[0] if user_unit else user_unit
    assert check(make_case(*full_documents(), decl=declared(user_unit=value)), "documents.required") == []


def test_the_dispatched_unit_type_requires_it_without_a_user_unit(check):
    """单位性质 劳务派遣 selects the dispatched list, which names the agreement plainly."""
    [f] = check(make_case(*full_documents(), decl=declared(unit_type="劳务派遣")), "documents.required")
    assert f.evidence["document"] == "dispatch_agreement" and "condition" not in f.evidence


@pytest.mark.parametrize("unit_type", ["事业单位", "法定代表人"])
def test_other_unit_types_ask_for_it_when_dispatched(check, unit_type):
    case = make_case(*full_documents(), decl=dispatched(unit_type=unit_type))
    assert "dispatch_agreement" in [f.evidence["document"] for f in check(case, "documents.required")]


@pytest.mark.parametrize("policy_id", ["qujing-2023", "pingliang-2022-engineering", "kunming-guide"])
def test_notices_that_ask_for_no_agreement_do_not_require_it(check_in, policy_id):
    found = check_in(policy_id, make_case(*full_documents(), decl=dispatched()), "documents.required")
    assert "dispatch_agreement" not in [f.evidence["document"] for f in found]


def test_an_unknown_condition_is_refused_with_its_place(tmp_path):
    from tests.validators.test_policies import KUNMING

    path = tmp_path / "variant.yaml"
    path.write_text(KUNMING.read_text(encoding="utf-8").replace("when: dispatched", "when: seconded", 1),
                    encoding="utf-8")
    with pytest.raises(PolicyError, match="unknown condition 'seconded'") as exc:
        load_policy(str(path))
    assert exc.value.line is not None


# --------------------------------------------------------------------------- dispatch.parties


def test_matching_parties_are_silent(check):
    assert check(make_case(agreement(), decl=dispatched()), "dispatch.parties") == []


@pytest.mark.parametrize(
    ("dispatch_unit", "mismatch"),
    [
        ("昆明盘龙云海科技有限责任公司", False),  # equivalents: 有限责任公司 = 有限公司
        ("昆明盘龙云海科技(有限公司)", False),  # brackets and widths normalised
        ("云南众诚人力资源服务有限公司", True),
    ],
)
def test_the_dispatch_company_is_the_applying_unit(check, dispatch_unit, mismatch):
    found = check(make_case(agreement(dispatch_unit=dispatch_unit), decl=dispatched()), "dispatch.parties")
    assert codes(found) == (["DISPATCH_PARTY_MISMATCH"] if mismatch else [])
    if mismatch:
        assert found[0].evidence["party"] == "dispatch_unit" and found[0].evidence["declared_unit"] == UNIT


@pytest.mark.parametrize(("min_similarity", "mismatch"), [(92.3, False), (92.4, True)])
def test_similarity_threshold_both_sides(check, min_similarity, mismatch):
    # 昆明盘龙云海科技有限责任公司 vs 昆明盘龙云海科技有限公司: fuzz.ratio 92.3 without equivalents
    case = make_case(agreement(dispatch_unit="昆明盘龙云海科技有限责任公司"), decl=dispatched())
    found = check(case, "dispatch.parties", min_similarity=min_similarity, equivalents={})
    assert bool(found) is mismatch


def test_the_user_unit_is_the_declared_one(check):
    [f] = check(make_case(agreement(user_unit=OTHER_USER), decl=dispatched()), "dispatch.parties")
    assert f.evidence["party"] == "user_unit"
    assert (f.evidence["user_unit"], f.evidence["declared_user_unit"]) == (OTHER_USER, USER)
    assert f.relied_on[1].document is None and f.relied_on[1].field == "user_unit"


def test_an_undeclared_user_unit_is_not_compared(check):
    assert check(make_case(agreement(user_unit=OTHER_USER), decl=declared()), "dispatch.parties") == []


def test_the_user_unit_declared_as_the_applying_unit_is_named(check):
    """003 §二 Q14(1): a dispatched worker applies through the dispatch company, not the user unit."""
    case = make_case(agreement(), decl=declared(unit=USER, user_unit=USER))
    [f] = check(case, "dispatch.parties")
    assert f.evidence["swapped"] is True and "应以派遣单位作为工作单位申报" in f.message


def test_without_a_declared_unit_the_contract_employer_is_the_applying_unit(check):
    from tests.validators.builders import contract

    case = make_case(contract(), agreement(dispatch_unit="云南众诚人力资源服务有限公司"), decl=None)
    [f] = check(case, "dispatch.parties")
    assert f.evidence["declared_unit"] == UNIT and f.documents == [0, 1]


def test_a_party_not_read_is_not_compared(check):
    case = make_case(agreement(dispatch_unit=None, user_unit=None), decl=dispatched())
    assert check(case, "dispatch.parties") == []


def test_kunming_guide_compares_the_parties_too(check_in):
    case = make_case(agreement(dispatch_unit="云南众诚人力资源服务有限公司"), decl=dispatched())
    assert codes(check_in("kunming-guide", case, "dispatch.parties")) == ["DISPATCH_PARTY_MISMATCH"]


# --- graded by certainty: an error only on certain readings


def _graded(case, policy) -> list:
    found, errors = run_rules(case, policy)
    assert not errors
    return [f for f in found if f.code == "DISPATCH_PARTY_MISMATCH"]


def test_a_text_layer_mismatch_is_an_error(policy):
    [f] = _graded(make_case(agreement(dispatch_unit=text("云南众诚人力资源服务有限公司")), decl=dispatched()), policy)
    assert f.severity is Severity.ERROR and not f.message.startswith(UNSURE_PREFIX)


def test_an_ocr_reading_no_other_source_repeats_is_a_warning(policy):
    [f] = _graded(make_case(agreement(user_unit=ocr(OTHER_USER)), decl=dispatched()), policy)
    assert f.severity is Severity.WARNING and f.message.startswith(UNSURE_PREFIX)
    assert f.evidence["graded"]["policy_severity"] == "error"


def test_a_low_confidence_reading_is_a_warning(policy):
    [f] = _graded(make_case(agreement(dispatch_unit=ocr("云南众诚人力资源服务有限公司", 0.62)), decl=dispatched()), policy)
    assert f.severity is Severity.WARNING


def test_an_ocr_reading_repeated_by_another_document_is_certain(policy):
    """The agreement's 派遣单位 agrees with the contract's 甲方: two readings do not misread alike."""
    from tests.validators.builders import contract

    other = "云南众诚人力资源服务有限公司"
    case = make_case(contract(employer=ocr(other)), agreement(dispatch_unit=ocr(other)), decl=dispatched())
    [f] = _graded(case, policy)
    assert f.severity is Severity.ERROR


# --------------------------------------------------------------------------- dispatch.period


@pytest.mark.parametrize(
    ("start", "end", "reported"),
    [
        ("2023-03-01", "2026-02-28", False),
        ("2023-03-01", AS_OF.isoformat(), False),  # ends on the day: covers it
        ("2023-03-01", "2024-09-19", True),  # ended the day before
        (AS_OF.isoformat(), "2026-02-28", False),  # starts on the day
        ("2024-09-21", "2026-02-28", True),  # starts the day after
    ],
)
def test_the_term_covers_the_application_date(check, start, end, reported):
    found = check(make_case(agreement(start_date=start, end_date=end), decl=dispatched()), "dispatch.period")
    assert codes(found) == (["DISPATCH_PERIOD"] if reported else [])


def test_an_unread_end_leaves_it_open(check):
    assert check(make_case(agreement(end_date=None), decl=dispatched()), "dispatch.period") == []


def test_one_current_agreement_of_two_is_enough(check):
    old = agreement(start_date="2020-03-01", end_date="2023-02-28")
    assert check(make_case(old, agreement(), decl=dispatched()), "dispatch.period") == []


def test_the_period_finding_names_the_term_and_is_a_warning(check, policy):
    [f] = check(make_case(agreement(end_date="2024-06-30"), decl=dispatched()), "dispatch.period")
    assert f.severity == "warning" or f.severity is Severity.WARNING
    assert f.evidence["agreements"][0]["agreement_end"] == "2024-06-30" and "2024-06-30" in f.message
    assert f.relied_on and f.relied_on[0].field == "end_date"


# --------------------------------------------------------------------------- dispatch.dual_seals


def test_both_seals_read_are_silent(check):
    case = make_case(stamped((UNIT, 0.97), (USER, 0.96)), agreement(), decl=dispatched())
    assert check(case, "dispatch.dual_seals") == []


def test_one_seal_is_a_warning_naming_the_missing_unit(check, policy):
    case = make_case(stamped((UNIT, 0.97)), agreement(), decl=dispatched())
    [f] = check(case, "dispatch.dual_seals")
    assert f.code == "DISPATCH_SEAL" and f.evidence["missing_units"] == [USER]
    assert f.evidence["seals_found"] == 1 and f"用工单位“{USER}”" in f.message
    assert f.unsure  # read from the image: the rule doubts itself, never an error
    [graded] = [g for g in run_rules(case, policy)[0] if g.code == "DISPATCH_SEAL"]
    assert graded.severity is Severity.WARNING


def test_two_clean_seals_of_which_none_is_the_user_unit(check):
    case = make_case(stamped((UNIT, 0.97), ("昆明市五华区春城小学", 0.96)), agreement(), decl=dispatched())
    [f] = check(case, "dispatch.dual_seals")
    assert f.evidence["missing_units"] == [USER] and f.evidence["seals_found"] == 2


def test_two_seals_one_unread_is_no_evidence(check):
    case = make_case(stamped((UNIT, 0.97), ("業義決為纖", 0.41)), agreement(), decl=dispatched())
    assert check(case, "dispatch.dual_seals") == []


def test_a_misread_ring_of_the_user_unit_still_names_it(check):
    case = make_case(stamped((UNIT, 0.97), ("昆明市盘龙区青云小孛", 0.9)), agreement(), decl=dispatched())
    assert check(case, "dispatch.dual_seals") == []


@pytest.mark.parametrize("seals", [None, []])
def test_a_form_without_judged_seals_is_left_to_the_seal_rules(check, seals):
    d = publicity().model_copy(update={"meta": {"seals": seals}})
    assert check(make_case(d, agreement(), decl=dispatched()), "dispatch.dual_seals") == []


def test_an_applicant_not_dispatched_is_not_judged(check):
    assert check(make_case(stamped((UNIT, 0.97)), decl=declared()), "dispatch.dual_seals") == []


def test_the_agreement_alone_marks_the_applicant_as_dispatched(check):
    case = make_case(stamped((UNIT, 0.97)), agreement(), decl=declared())
    [f] = check(case, "dispatch.dual_seals")
    assert f.evidence["user_unit"] == USER
