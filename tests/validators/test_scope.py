"""scope.level, scope.series, scope.specialty: who the notice covers, from the declared data."""

from __future__ import annotations

import pytest

from preaudit.pipeline.model import Severity
from preaudit.validators.registry import grade
from preaudit.validators.rules.scope import levels_named
from tests.validators.builders import codes, declared, make_case


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("员级", {"员级"}), ("助理级", {"助理级"}), ("中级", {"中级"}), ("副高级", {"副高级"}),
        ("正高级", {"正高级"}), ("初级", {"员级", "助理级"}), ("高级", {"副高级", "正高级"}),
        ("助理工程师", {"助理级"}), ("工程师", {"中级"}), ("高级工程师", {"副高级"}),
        ("正高级工程师", {"正高级"}), ("技术员", {"员级"}), ("讲师", set()), (None, set()), ("", set()),
    ],
)
def test_levels_named(text, levels):
    assert levels_named(text) == frozenset(levels)


@pytest.mark.parametrize(
    ("policy", "level", "specialty", "out"),
    [
        # 001 §一(一): Panlong is 初级 only
        ("kunming-panlong-2024q3", "员级", "计算机应用", False),
        ("kunming-panlong-2024q3", "助理级", "计算机应用", False),
        ("kunming-panlong-2024q3", "初级", "计算机应用", False),
        ("kunming-panlong-2024q3", "中级", "计算机应用", True),
        ("kunming-panlong-2024q3", "工程师", "计算机应用", True),
        ("kunming-panlong-2024q3", "副高级", "计算机应用", True),
        ("kunming-panlong-2024q3", "讲师", "计算机应用", False),  # a word we cannot place: not judged
        # 002: Qujing reviews 中级 and 高级
        ("qujing-2023", "员级", "计算机应用", True),
        ("qujing-2023", "助理级", "计算机应用", True),
        ("qujing-2023", "初级", "计算机应用", True),
        ("qujing-2023", "中级", "计算机应用", False),
        ("qujing-2023", "高级", "计算机应用", False),
        # 004 §一 §二: Pingliang 中/高级; 水利 only 高级
        ("pingliang-2022-engineering", "助理级", "机械设计", True),
        ("pingliang-2022-engineering", "中级", "机械设计", False),
        ("pingliang-2022-engineering", "中级", "水利水电工程", True),
        ("pingliang-2022-engineering", "副高级", "水利水电工程", False),
        ("pingliang-2022-engineering", "正高级", "农田水利", False),
        # the guide covers every level
        ("kunming-guide", "中级", "计算机应用", False),
    ],
)
def test_level_out_of_scope(check_in, policy, level, specialty, out):
    case = make_case(decl=declared(level=level, specialty=specialty))
    found = check_in(policy, case, "scope.level") if _runs(policy, "scope.level") else []
    assert codes(found) == (["LEVEL_OUT_OF_SCOPE"] if out else [])
    if out:
        assert found[0].severity is Severity.ERROR  # the applicant's own declaration: certain
        assert level in found[0].message


def _runs(policy_id: str, rule_id: str) -> bool:
    from preaudit.validators.policy import load_policy

    return load_policy(policy_id).rule(rule_id) is not None


def test_no_declared_level_is_not_judged(check_in):
    assert check_in("kunming-panlong-2024q3", make_case(decl=declared(level=None)), "scope.level") == []
    assert check_in("kunming-panlong-2024q3", make_case(decl=None), "scope.level") == []


@pytest.mark.parametrize(
    ("series", "specialty", "severity"),
    [
        ("工程", "计算机应用", None),
        ("工程系列", "机械", None),
        ("会计", "会计", Severity.ERROR),  # 001 §一(三): 以考代评
        ("经济系列", "人力资源管理", Severity.ERROR),
        ("卫生", "护理", Severity.ERROR),
        ("工程", "计算机软件", Severity.WARNING),  # only the specialty names it: the reviewer looks
        ("工程", "消防工程", Severity.WARNING),
        ("工程", "通信工程", Severity.WARNING),
        ("卫生系列", "药学", Severity.ERROR),
    ],
)
def test_series_excluded_in_panlong(check_in, series, specialty, severity):
    case = make_case(decl=declared(series=series, specialty=specialty))
    found = check_in("kunming-panlong-2024q3", case, "scope.series")
    if severity is None:
        assert found == []
    else:
        [f] = found
        assert (f.code, grade(f, case, f.severity).severity) == ("SERIES_EXCLUDED", severity)


@pytest.mark.parametrize(
    ("series", "excluded"),
    [("工程", False), ("工程技术", False), ("卫生", True), ("农业", True), (None, False)],
)
def test_pingliang_covers_the_engineering_series_only(check_in, series, excluded):
    found = check_in("pingliang-2022-engineering", make_case(decl=declared(series=series, level="中级")),
                     "scope.series")
    assert codes(found) == (["SERIES_EXCLUDED"] if excluded else [])


@pytest.mark.parametrize(
    ("specialty", "flagged"),
    [("机械设计制造", False), ("电气工程", False), ("建筑施工", False), ("环境保护监测", False),
     ("土木工程", True), ("护理", True), (None, False)],
)
def test_pingliang_specialty_is_a_question_for_the_reviewer(check_in, specialty, flagged):
    found = check_in("pingliang-2022-engineering", make_case(decl=declared(specialty=specialty, level="中级")),
                     "scope.specialty")
    assert codes(found) == (["SPECIALTY_OUT_OF_SCOPE"] if flagged else [])
    if flagged:
        assert found[0].unsure and "人工核对" in found[0].message


@pytest.mark.parametrize(
    ("series", "level", "out"),
    [
        # 003 §二 Q3: 高等学校教师 教授…助教, no 员级
        ("高等学校教师", "员级", True),
        ("高等学校教师系列", "助理级", False),
        ("高等学校教师", "正高级", False),
        ("高等学校教师", "初级", False),   # 初级 may mean 助理级 (助教): not certain, not judged out
        # 广告: 高级广告设计师, 广告设计师, 助理广告设计师 - no 正高级, no 员级
        ("广告", "正高级", True),
        ("广告", "副高级", False),
        ("广告", "高级", False),           # 高级 may mean 副高级
        ("广告", "员级", True),
        ("群众文化", "员级", True),
        ("翻译", "员级", True),
        ("中等专业学校教师", "员级", False),  # 教员: not 高等学校教师 although the words share 学校教师
        ("工程技术", "员级", False),
        ("出版", "员级", False),           # 技术设计员, 三级校对
        ("某某系列", "员级", False),       # a series not in the table: not judged
        (None, "员级", False),
    ],
)
def test_the_guide_knows_which_levels_each_series_has(check_in, series, level, out):
    found = check_in("kunming-guide", make_case(decl=declared(series=series, level=level)), "scope.level")
    assert codes(found) == (["LEVEL_OUT_OF_SCOPE"] if out else [])
    if out:
        assert found[0].severity is Severity.ERROR and "没有所申报的级别" in found[0].message
