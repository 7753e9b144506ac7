"""pledge.specialty_level with what the 昆明 承诺书 (003 Q23(3)) gets written into its blank: the
specialty and the level run together, bracketed or spaced, compared with the declared 专业 and 级别."""

from __future__ import annotations

import pytest

from tests.validators.builders import codes, declared, make_case, pledge


@pytest.mark.parametrize(
    ("written", "flagged"),
    [
        ("计算机应用技术助理级", False),
        ("计算机应用技术（助理级）", False),
        ("计算机应用技术 助理级", False),
        ("计算机应用技术中级", True),
        ("环境工程助理级", True),
        ("计算机应用技术", True),
    ],
)
def test_written_specialty_and_level(check, written, flagged):
    case = make_case(pledge(specialty_level=written), decl=declared(specialty="计算机应用技术", level="助理级"))
    assert codes(check(case, "pledge.specialty_level")) == (["PLEDGE_SPECIALTY_MISMATCH"] if flagged else [])


def test_a_title_names_the_level_where_the_policy_gives_aliases(check):
    case = make_case(pledge(specialty_level="计算机应用技术助理工程师"), decl=declared(specialty="计算机应用技术", level="助理级"))
    aliases = {"助理工程师": "助理级", "工程师": "中级"}
    assert codes(check(case, "pledge.specialty_level", level_aliases=aliases)) == []
    assert codes(check(case, "pledge.specialty_level")) == ["PLEDGE_SPECIALTY_MISMATCH"]  # 001: 专业+级别
