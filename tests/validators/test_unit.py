"""unit.consistency: declared unit vs latest insurance employer vs contract employer."""

from __future__ import annotations

import pytest

from preaudit.pipeline.model import DocType
from tests.validators.builders import UNIT, codes, contract, declared, make_case, months, pension

OTHER = "曲靖麒麟建设工程有限公司"


def _case(declared_unit=UNIT, insurance_unit=UNIT, contract_unit=UNIT, **kw):
    return make_case(
        pension(months(employer=insurance_unit), employer=insurance_unit),
        contract(employer=contract_unit),
        decl=declared(unit=declared_unit),
        **kw,
    )


@pytest.mark.parametrize(
    ("declared_unit", "insurance_unit", "contract_unit", "mismatch"),
    [
        (UNIT, UNIT, UNIT, False),
        ("昆明云海（集团）有限公司", "昆明云海(集团)有限公司", "昆明云海（集团）有限公司", False),  # 全角/半角
        ("昆明云海 (集团) 有限公司", "昆明云海（集团）有限公司", "昆明云海(集团)有限公司", False),  # spaces
        ("昆明盘龙云海科技有限责任公司", UNIT, UNIT, False),  # equivalents: 有限责任公司 = 有限公司
        (UNIT, OTHER, UNIT, True),
        (UNIT, UNIT, OTHER, True),
        (OTHER, UNIT, UNIT, True),
        (UNIT, "昆明盘龙云海科技有限公司（盘龙分公司）", UNIT, True),  # a branch is another unit
    ],
)
def test_three_units_compared(check, declared_unit, insurance_unit, contract_unit, mismatch):
    findings = check(_case(declared_unit, insurance_unit, contract_unit), "unit.consistency")
    assert codes(findings) == (["UNIT_MISMATCH"] if mismatch else [])


def test_evidence_shows_all_three_values_and_the_score(check):
    [f] = check(_case(insurance_unit=OTHER), "unit.consistency")
    ev = f.evidence
    assert (ev["declared_unit"], ev["insurance_unit"], ev["contract_unit"]) == (UNIT, OTHER, UNIT)
    assert ev["insurance_month"] == "2024-08"
    assert ev["scores"]["declared~contract"] == 100.0
    assert ev["score"] == min(ev["scores"].values()) < 92
    assert ev["min_similarity"] == 92
    assert f.documents == [0, 1]
    assert f"养老保险最近参保单位（2024-08）“{OTHER}”与申报单位“{UNIT}”不一致" in f.message


@pytest.mark.parametrize(("min_similarity", "mismatch"), [(92.3, False), (92.4, True)])
def test_similarity_threshold_both_sides(check, min_similarity, mismatch):
    # 昆明盘龙云海科技有限责任公司 vs 昆明盘龙云海科技有限公司: fuzz.ratio 92.3 without equivalents
    case = _case(declared_unit="昆明盘龙云海科技有限责任公司")
    findings = check(case, "unit.consistency", min_similarity=min_similarity, equivalents={})
    assert bool(findings) is mismatch


def test_latest_paid_month_decides_the_insurance_unit(check):
    rows = months("2024-02", 6, employer=OTHER) + months("2024-08", 6)
    case = make_case(pension(rows, employer=None), contract(), decl=declared())
    assert check(case, "unit.consistency") == []


def test_an_unpaid_latest_month_does_not_count(check):
    rows = months("2024-07", 6, employer=OTHER) + months("2024-08", 1, status="unpaid")
    case = make_case(pension(rows, employer=None), contract(), decl=declared())
    [f] = check(case, "unit.consistency")
    assert f.evidence["insurance_unit"] == OTHER
    assert f.evidence["insurance_month"] == "2024-07"


def test_certificate_employer_field_is_the_fallback(check):
    case = make_case(pension([], employer=OTHER), contract(), decl=declared())
    [f] = check(case, "unit.consistency")
    assert f.evidence["insurance_month"] is None
    assert "养老保险参保单位“" in f.message


def test_without_declared_data_insurance_and_contract_are_compared(check):
    case = make_case(pension(months(employer=OTHER)), contract(), decl=None)
    [f] = check(case, "unit.consistency")
    assert f.evidence["declared_unit"] is None
    assert list(f.evidence["scores"]) == ["insurance~contract"]


def test_one_unit_alone_is_not_compared(check):
    case = make_case(contract(employer=OTHER), decl=None)
    assert check(case, "unit.consistency") == []


def test_the_covering_contract_is_used_over_an_expired_one(check):
    old = contract(employer=OTHER, start_date="2019-01-01", end_date="2021-12-31")
    new = contract(DocType.LABOR_CONTRACT, start_date="2022-01-01", end_date="2026-12-31")
    case = make_case(pension(), old, new, decl=declared())
    assert check(case, "unit.consistency") == []
