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
    # The seal detector (pipeline/integrity/facts.py) leaves meta["seals"]: [] looked and found none.
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


# --------------------------------------------------------------------------- issue 12: readings, confidence, no colour

def _read(text, confidence, *others):
    """A seal fact as pipeline/integrity/facts.py leaves it: the best reading and the others tried."""
    readings = [{"text": text, "confidence": confidence}] + [{"text": t, "confidence": c} for t, c in others]
    return {"page": 1, "text": text, "text_confidence": confidence, "readings": readings}


def test_a_clean_reading_of_another_unit_is_reported_with_its_evidence(check):
    found = check(make_case(_with_seals(pledge(), [_read("昆明新迪网络科技有限公司", 0.98)])), "seals.text")
    assert codes(found) == ["SEAL_TEXT_MISMATCH"]
    ev = found[0].evidence
    assert ev["seal_text"] == ["昆明新迪网络科技有限公司"] and ev["unit"] == UNIT
    assert ev["text_confidence"] == [0.98] and ev["readings"][0][0]["text"] == "昆明新迪网络科技有限公司"
    assert found[0].unsure == []


def test_a_less_sure_reading_of_another_unit_says_it_is_unsure(check):
    found = check(make_case(_with_seals(pledge(), [_read("昆明新迪网络科技有限公司", 0.9)])), "seals.text")
    assert codes(found) == ["SEAL_TEXT_MISMATCH"] and found[0].unsure
    assert "0.90" in found[0].unsure[0]


def test_an_unsure_reading_is_no_evidence(check):
    # below the policy's min_text_confidence (0.85): a garbled ring may read as anything
    found = check(make_case(_with_seals(pledge(), [_read("昆明新迪网络科技有限公司", 0.62)])), "seals.text")
    assert found == []


@pytest.mark.parametrize(
    "reading",
    ["昆明盘龙云诲科技有限公司",  # one character misread
     "昆明盘龙去海科技有限公司",
     "盘龙云海科技有限公司昆明",  # read from the middle of the ring
     "明盘龙云海科技有限公司"],  # the first glyph lost in a gap of the ring
)
def test_the_applying_unit_read_badly_is_not_another_unit(check, reading):
    assert check(make_case(_with_seals(pledge(), [_read(reading, 0.97)])), "seals.text") == []


def test_another_reading_of_the_same_seal_naming_the_unit_clears_it(check):
    seal = _read("昆明盘龙江生物医药有限公司", 0.93, ("昆明盘龙云海科技有限公司", 0.88))
    assert check(make_case(_with_seals(pledge(), [seal])), "seals.text") == []
    # but a short fragment of another reading does not: every company has 有限公司
    seal = _read("昆明新迪网络科技有限公司", 0.97, ("有限公司", 0.99))
    assert codes(check(make_case(_with_seals(pledge(), [seal])), "seals.text")) == ["SEAL_TEXT_MISMATCH"]


def _gray(document):
    """What the seal detector leaves for a grayscale scan: unknown, and why."""
    return document.model_copy(update={"meta": {"seals": None, "seal_check": {
        "checked": False, "reason": "grayscale", "pages": [1], "blind_pages": [1]}}})


def test_a_grayscale_page_is_not_reported_as_missing_its_seal(check):
    case = make_case(_gray(pledge(has_seal=None)), _gray(publicity()))
    assert check(case, "seals.present") == []
    found = check(case, "seals.not_checked")
    assert codes(found) == ["SEAL_NOT_CHECKED", "SEAL_NOT_CHECKED"]
    assert all(f.severity.value == "info" and f.evidence["reason"] == "grayscale" for f in found)


def test_a_seal_found_or_missing_on_a_colour_page_is_not_unchecked(check):
    case = make_case(_with_seals(publicity(), []), pledge(has_seal=True))
    assert check(case, "seals.not_checked") == []
    assert codes(check(case, "seals.present")) == ["SEAL_MISSING"]


def test_a_grayscale_id_copy_is_not_checked_once_per_copy(check):
    faces = [_gray(d) for d in _copy_faces(None)]
    assert check(make_case(*faces), "seals.present") == []
    found = check(make_case(*faces), "seals.not_checked")
    assert codes(found) == ["SEAL_NOT_CHECKED"] and found[0].documents == [0, 1]


def test_no_seal_on_a_page_without_any_colour_is_reported_unsure(check):
    # a colour image with no colour on it: an unstamped page, or a photocopy scanned in colour
    doc = publicity().model_copy(update={"meta": {"seals": [], "seal_check": {
        "checked": True, "pages": [1], "achromatic_pages": [1]}}})
    found = check(make_case(doc), "seals.present", doc_types=["publicity_form"])
    assert codes(found) == ["SEAL_MISSING"] and found[0].unsure
    assert found[0].evidence["achromatic_pages"] == [1]
    assert check(make_case(doc), "seals.not_checked") == []


@pytest.mark.parametrize(("reading", "unit"), [
    ("环保科技有限公司云南翠", "云南翠湖环保科技有限公司"),  # the ring read from another point
    ("市区云小学", "昆明市盘龙区青云小学"),  # characters lost at the ends and under the star
    ("云南高原明息技术有限公司", "云南高原明珠信息技术有限公司"),
])
def test_a_partial_reading_of_the_units_own_ring_is_no_other_unit(reading, unit):
    from preaudit.validators.rules.seals import _said_in_name
    prefixes, suffixes = ["云南省", "云南", "昆明市", "昆明"], ["有限责任公司", "有限公司", "公司"]
    assert _said_in_name(reading, unit, prefixes, suffixes, 0.6)


@pytest.mark.parametrize(("reading", "unit"), [
    ("昆明新迪网络科技有限公司", "昆明北辰建筑设计有限公司"),
    ("云南翠湖建设工程有限公司", "云南翠湖环保科技有限公司"),  # same region and 翠湖, other business
    ("昆明滇池医药有限公司", "昆明盘龙江生物医药有限公司"),  # same trade, other name
])
def test_another_units_ring_says_words_the_name_does_not(reading, unit):
    from preaudit.validators.rules.seals import _said_in_name
    prefixes, suffixes = ["云南省", "云南", "昆明市", "昆明"], ["有限责任公司", "有限公司", "公司"]
    assert not _said_in_name(reading, unit, prefixes, suffixes, 0.6)


def test_a_character_read_as_its_look_alike_counts_as_found_in_the_name():
    # 昆明云岭科技: the ring lost 明 and 技 and read 岭 as 龄 (the recogniser's look-alikes)
    from preaudit.validators.rules.seals import _said_in_name
    prefixes, suffixes = ["云南省", "云南", "昆明市", "昆明"], ["有限责任公司", "有限公司", "公司"]
    assert not _said_in_name("昆云龄科有限公司", "昆明云岭科技有限公司", prefixes, suffixes, 0.6)
    assert _said_in_name("昆云龄科有限公司", "昆明云岭科技有限公司", prefixes, suffixes, 0.6, lookalike=0.5)
    # another unit's words stay another unit's with look-alikes allowed
    for reading, unit in [("昆明新迪网络科技有限公司", "昆明北辰建筑设计有限公司"),
                          ("云南翠湖建设工程有限公司", "云南翠湖环保科技有限公司"),
                          ("昆明滇池医药有限公司", "昆明盘龙江生物医药有限公司")]:
        assert not _said_in_name(reading, unit, prefixes, suffixes, 0.6, lookalike=0.5)


@pytest.mark.parametrize(("has_seal", "missing"), [(True, False), (False, True), (None, False)])
def test_the_unit_s_education_certificate_must_be_stamped(check, has_seal, missing):
    """001 §五(四): 单位人事部门负责人签字、盖章的书面证明 (Panlong); None: the pages could not show a seal."""
    from preaudit.pipeline.model import DocType
    from tests.validators.builders import doc

    found = check(make_case(doc(DocType.EDUCATION_UNIT_PROOF, has_seal=has_seal)), "seals.present")
    assert codes(found) == (["SEAL_MISSING"] if missing else [])


@pytest.mark.parametrize(
    ("written", "level", "flagged"),
    [
        ("高级工程师", "副高级", False),  # 004 附件3: 现申报____专业技术资格, the 资格 name alone
        ("土木工程高级工程师", "副高级", False),
        ("土木工程副高级", "副高级", False),
        ("工程师", "中级", False),
        ("工程师", "副高级", True),  # names 中级
        ("高级工程师", "中级", True),  # the longest name wins: not 工程师
        ("助理工程师", "中级", True),
        ("正高级工程师", "正高级", False),
        ("土木工程", "中级", True),  # no level
    ],
)
def test_pingliang_pledge_names_the_qualification(check_in, written, level, flagged):
    case = make_case(pledge(specialty_level=written), decl=declared(specialty="土木工程", level=level))
    found = check_in("pingliang-2022-engineering", case, "pledge.specialty_level")
    assert codes(found) == (["PLEDGE_SPECIALTY_MISMATCH"] if flagged else [])
    if flagged:
        assert "现申报" in found[0].message and found[0].severity == "warning"


def test_panlong_still_needs_the_specialty(check):
    # 001 §五(七) asks for 申报专业+申报级别: a level alone is not enough there
    case = make_case(pledge(specialty_level="助理工程师"), decl=declared(level="助理级"))
    assert codes(check(case, "pledge.specialty_level")) == ["PLEDGE_SPECIALTY_MISMATCH"]
