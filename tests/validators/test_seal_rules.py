"""seals.present, seals.text and pledge.specialty_level (test_seals.py is taken by tests/pipeline)."""

from __future__ import annotations

import pytest

from tests.validators.builders import UNIT, codes, declared, make_case, pledge, publicity


@pytest.mark.parametrize(
    ("has_seal", "missing"),
    [(True, False), (False, True), ("否", True), (None, False), ("是", False)],
)
def test_pledge_must_be_stamped(check, has_seal, missing):
    # 001 §五(七): 承诺书……加盖单位公章. None: the extractor could not judge.
    found = check(make_case(pledge(has_seal=has_seal)), "seals.present")
    assert codes(found) == (["SEAL_MISSING"] if missing else [])


def test_documents_not_listed_are_not_judged(check):
    from tests.validators.builders import id_front

    assert check(make_case(id_front(has_seal=False)), "seals.present") == []
    assert codes(check(make_case(id_front(has_seal=False)), "seals.present",
                       doc_types=["id_card_front"])) == ["SEAL_MISSING"]
    assert codes(check(make_case(publicity(has_seal=False)), "seals.present")) == ["SEAL_MISSING"]


@pytest.mark.parametrize(
    ("seal_text", "mismatch"),
    [
        (UNIT, False),
        (f"{UNIT}合同专用章", False),
        ("昆明盘龙云海科技有限责任公司", False),  # 有限责任公司 = 有限公司
        (["信用中国（云南昆明）", UNIT], False),  # one of the seals names the unit
        ("昆明新迪网络科技有限公司", True),
        (["昆明新迪网络科技有限公司"], True),
        (None, False),  # not read yet
    ],
)
def test_seal_names_the_applying_unit(check, seal_text, mismatch):
    found = check(make_case(pledge(seal_text=seal_text)), "seals.text")
    assert codes(found) == (["SEAL_TEXT_MISMATCH"] if mismatch else [])
    if mismatch:
        assert UNIT in found[0].message


def test_seal_compared_with_the_contract_employer_without_declared_data(check):
    from tests.validators.builders import contract

    case = make_case(contract(), pledge(seal_text="昆明新迪网络科技有限公司"), decl=None)
    assert codes(check(case, "seals.text")) == ["SEAL_TEXT_MISMATCH"]


@pytest.mark.parametrize(
    ("written", "flagged"),
    [
        ("计算机应用助理级", False),  # 001 §五(七): 申报专业+申报级别
        ("计算机应用（助理级）", False),
        ("计算机应用 助理级", False),
        ("计算机应用员级", True),  # wrong level
        ("计算机应用", True),  # no level
        ("电气工程助理级", True),  # wrong specialty
        (None, False),
    ],
)
def test_pledge_names_specialty_and_level(check, written, flagged):
    found = check(make_case(pledge(specialty_level=written)), "pledge.specialty_level")
    assert codes(found) == (["PLEDGE_SPECIALTY_MISMATCH"] if flagged else [])
    if flagged:
        assert "计算机应用助理级" in found[0].message


def test_pledge_not_judged_without_declared_specialty(check):
    case = make_case(pledge(specialty_level="电气工程助理级"), decl=declared(specialty=None))
    assert check(case, "pledge.specialty_level") == []


def _with_seals(document, seals):
    return document.model_copy(update={"meta": {"seals": seals}})


@pytest.mark.parametrize(
    ("seals", "missing"),
    [([], True), (None, False), ([{"page": 1, "text": UNIT}], False)],
)
def test_seal_detector_result_is_used_without_the_field(check, seals, missing):
    # The seal detector (pipeline/integrity.py) leaves meta["seals"]: [] looked and found none.
    case = make_case(_with_seals(publicity(), seals))
    found = check(case, "seals.present", doc_types=["publicity_form"])
    assert codes(found) == (["SEAL_MISSING"] if missing else [])


@pytest.mark.parametrize(
    ("texts", "mismatch"),
    [
        ([UNIT], False),
        (["昆明盘龙云诲科技有限公司"], False),  # one character misread on the ring
        (["昆明新迪网络科技有限公司"], True),
        (["昆明盘龙云诲科枝有限贵任公司"], False),  # two of six core characters and the legal form misread
        (["明盘龙云海科技有限公"], False),  # the ring read from its second character
        (["昆明盘龙江生物医药有限公司"], True),  # another unit of the same district
        (["昆明"], False),  # too short to judge
        ([None], False),  # ring not read
    ],
)
def test_seal_ring_text_from_the_detector(check, texts, mismatch):
    case = make_case(_with_seals(pledge(), [{"page": 1, "text": t} for t in texts]))
    assert codes(check(case, "seals.text")) == (["SEAL_TEXT_MISMATCH"] if mismatch else [])


@pytest.mark.parametrize(
    "reading",
    ["義明车风產计廳美為維公部", "二要二营", "营#"],  # a garbled ring, a fingerprint read as text
)
def test_a_reading_that_names_no_unit_is_not_judged(check, reading):
    case = make_case(_with_seals(publicity(), [{"page": 1, "text": reading}]))
    assert check(case, "seals.text") == []


def _copy_faces(seals, file="身份证复印件.pdf"):
    """Both faces read from one page of one file: a signed and stamped copy (001 §五(三))."""
    from tests.validators.builders import id_back, id_front

    return [_with_seals(d.model_copy(update={"file": file, "page": 1}), seals)
            for d in (id_front(), id_back())]


@pytest.mark.parametrize(("seals", "missing"), [([], True), (None, False), ([{"page": 1, "text": UNIT}], False)])
def test_id_copy_must_be_stamped_once_per_copy(check, seals, missing):
    found = check(make_case(*_copy_faces(seals)), "seals.present")
    assert codes(found) == (["SEAL_MISSING"] if missing else [])
    if missing:
        assert found[0].documents == [0, 1] and found[0].evidence["document"] == "id_copy"


def test_id_card_photographed_face_by_face_is_not_judged_for_a_seal(check):
    from tests.validators.builders import id_back, id_front

    faces = [_with_seals(id_front().model_copy(update={"file": "正面.jpg"}), []),
             _with_seals(id_back().model_copy(update={"file": "反面.jpg"}), [])]
    assert check(make_case(*faces), "seals.present") == []


def test_contract_filing_without_the_filing_office_seal(check):
    from tests.validators.builders import contract

    found = check(make_case(_with_seals(contract(), [])), "seals.present")
    assert codes(found) == ["SEAL_MISSING"] and "备案机构" in found[0].message


def test_id_copy_stamped_by_another_unit(check):
    found = check(make_case(*_copy_faces([{"page": 1, "text": "昆明新迪网络科技有限公司"}])), "seals.text")
    assert codes(found) == ["SEAL_TEXT_MISMATCH"] and found[0].documents == [0, 1]
    assert check(make_case(*_copy_faces([{"page": 1, "text": UNIT}])), "seals.text") == []


@pytest.mark.parametrize(
    ("reading", "judged"),
    [("昆明新迪网络科技有限公司", True), ("昆明業義物決舞海公司", False), ("昆明云終科挂為纖公司", False)],
)
def test_a_garbled_ring_reading_is_not_judged(check, reading, judged):
    # traditional / rare characters (業義決為纖) mark an OCR misread of the curved ring text
    found = check(make_case(_with_seals(publicity(), [{"page": 1, "text": reading}])), "seals.text")
    assert codes(found) == (["SEAL_TEXT_MISMATCH"] if judged else [])
