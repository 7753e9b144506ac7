"""Scope: whether the declared level, series and specialty are ones the notice covers at all.

A notice covers some levels (Panlong 001: 员级/助理级 only; Qujing 002: 高/中级; Pingliang 004:
中/高级, 水利 高级 only), some series (Pingliang: 工程) and excludes others (001 §一(三): the
以考代评 series). The declared data is the applicant's own statement, so a declared level or series
outside the notice is certain; a specialty judged by its words is not (free text: 土木工程 is 建筑
without saying so), so those findings ask the reviewer.
"""

from __future__ import annotations

from collections.abc import Iterator

from preaudit.pipeline.model import Case, Finding
from preaudit.pipeline.values.text import nfkc
from preaudit.validators.notice import Scope
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import join_cn

LEVELS = ("员级", "助理级", "中级", "副高级", "正高级")

# The words a declared 申报级别 may use, longest first wins, and the levels each can mean: 初级 is
# 员级 or 助理级, 高级 alone 副高级 or 正高级; title names as the engineering series spells them.
LEVEL_WORDS: dict[str, frozenset[str]] = {
    "正高级工程师": frozenset({"正高级"}),
    "高级工程师": frozenset({"副高级"}),
    "助理工程师": frozenset({"助理级"}),
    "工程师": frozenset({"中级"}),
    "技术员": frozenset({"员级"}),
    "正高级": frozenset({"正高级"}),
    "副高级": frozenset({"副高级"}),
    "助理级": frozenset({"助理级"}),
    "正高": frozenset({"正高级"}),
    "副高": frozenset({"副高级"}),
    "中级": frozenset({"中级"}),
    "员级": frozenset({"员级"}),
    "初级": frozenset({"员级", "助理级"}),
    "高级": frozenset({"副高级", "正高级"}),
    "助理": frozenset({"助理级"}),
}


def levels_named(text: str | None) -> frozenset[str]:
    """The levels a declared 申报级别 can mean (empty when it names none we know)."""
    flat = nfkc(text or "")
    for word in sorted(LEVEL_WORDS, key=len, reverse=True):
        if word in flat:
            return LEVEL_WORDS[word]
    return frozenset()


def _first_word(text: str | None, words: list[str]) -> str | None:
    flat = nfkc(text or "")
    return next((w for w in sorted(words, key=len, reverse=True) if nfkc(w) and nfkc(w) in flat), None)


def _declared(case: Case, name: str) -> str | None:
    value = getattr(case.declared, name, None) if case.declared is not None else None
    return value if isinstance(value, str) and nfkc(value) else None


# 001 §一(一)(二) (初级 考核认定: 员级、助理级); 002 title (高中级职称评审); 004 §二 (中高级, 水利（高级）);
# 003 §二 Q3 (我省可以评哪些职称: the levels of each of the 29 series; 高等学校教师无员级).
@rule("scope.level")
def scope_level(case: Case, *, scope: Scope) -> Iterator[Finding]:
    """LEVEL_OUT_OF_SCOPE when the declared 申报级别 can mean no level the declared 申报系列 has at
    all (`levels_by_series`, 003 Q3's table), or no level the notice covers (for the declared
    specialty, where `levels_by_specialty` narrows it). A level word we do not know, a series not
    in the table, or no policy scope, is not judged."""
    declared = _declared(case, "level")
    meant = levels_named(declared)
    if not meant:
        return
    series = _declared(case, "series")
    named = _first_word(series, list(scope.levels_by_series))
    if named is not None and not meant & set(scope.levels_by_series[named]):
        has = sorted(scope.levels_by_series[named], key=LEVELS.index)
        yield finding(
            "LEVEL_OUT_OF_SCOPE",
            f"申报系列为“{series}”，申报级别为“{declared}”：{named}系列只设{join_cn(has)}职称，"
            "没有所申报的级别。请更正申报级别或申报系列。",
            evidence={"declared_level": declared, "declared_series": series, "series": named, "series_levels": has},
            relied_on=[(None, "level"), (None, "series")],
        )
        return
    if not scope.levels:
        return
    allowed, because = list(scope.levels), None
    specialty = _declared(case, "specialty")
    narrowed = _first_word(specialty, list(scope.levels_by_specialty))
    if narrowed is not None:
        allowed, because = scope.levels_by_specialty[narrowed], narrowed
    if meant & set(allowed):
        return
    where = f"{because}专业" if because else "本次申报"
    yield finding(
        "LEVEL_OUT_OF_SCOPE",
        f"申报级别为“{declared}”，{where}只受理{join_cn(sorted(allowed, key=LEVELS.index))}职称，"
        "不在本通知的申报范围内。请按申报级别选择相应的申报渠道，或更正申报级别。",
        evidence={"declared_level": declared, "allowed_levels": allowed,
                  "specialty": specialty, "narrowed_by": because},
        relied_on=[(None, "level")] + ([(None, "specialty")] if because else []),
    )


# 001 §一(三): 以考代评的经济、会计、统计、审计、卫生、翻译、出版、通信、计算机软件、消防工程等系列（专业）
# 及药学（药品）等不在本通知考核认定范围; 004 §二: 工程系列.
@rule("scope.series")
def scope_series(case: Case, *, scope: Scope) -> Iterator[Finding]:
    """SERIES_EXCLUDED when the declared 申报系列 names an excluded series, or names none of the
    series the notice covers (both certain: the applicant's own words). An excluded word found
    only in the declared 申报专业 is a warning for the reviewer: a specialty's name is free text."""
    series = _declared(case, "series")
    specialty = _declared(case, "specialty")
    hit = _first_word(series, scope.excluded_series)
    if hit is not None:
        yield finding(
            "SERIES_EXCLUDED",
            f"申报系列“{series}”属于{hit}等实行“以考代评”或不在本通知范围的系列（专业），"
            "不在本通知考核认定范围。请参加相应的全国统一考试，或更正申报系列。",
            evidence={"declared_series": series, "excluded": hit},
            relied_on=[(None, "series")],
        )
        return
    if series is not None and scope.series and _first_word(series, scope.series) is None:
        yield finding(
            "SERIES_EXCLUDED",
            f"申报系列“{series}”不在本通知的申报范围内（本通知只受理{join_cn(scope.series)}系列）。"
            "请通过相应系列的评审渠道申报，或更正申报系列。",
            evidence={"declared_series": series, "covered_series": list(scope.series)},
            relied_on=[(None, "series")],
        )
        return
    hit = _first_word(specialty, scope.excluded_series)
    if hit is not None:
        yield finding(
            "SERIES_EXCLUDED",
            f"申报专业“{specialty}”疑似属于实行“以考代评”或不在本通知范围的{hit}专业，请人工核对："
            "如属实，该专业不在本通知考核认定范围。",
            evidence={"declared_specialty": specialty, "excluded": hit},
            relied_on=[(None, "specialty")],
            unsure=[f"仅凭专业名称中的“{hit}”判断"],
        )


# 004 §二: 申报专业包括机械、材料、电子、电气、信息通信、……环境保护等专业.
@rule("scope.specialty")
def scope_specialty(case: Case, *, scope: Scope) -> Iterator[Finding]:
    """SPECIALTY_OUT_OF_SCOPE (for the reviewer, never certain) when the declared 申报专业 contains
    none of the specialties the notice lists: the list names fields, applicants name majors."""
    specialty = _declared(case, "specialty")
    if specialty is None or not scope.specialties or _first_word(specialty, scope.specialties):
        return
    yield finding(
        "SPECIALTY_OUT_OF_SCOPE",
        f"申报专业“{specialty}”不在本通知列出的申报专业（{join_cn(scope.specialties)}）中，"
        "请人工核对该专业是否属于上述专业范围。",
        evidence={"declared_specialty": specialty, "covered_specialties": list(scope.specialties)},
        relied_on=[(None, "specialty")],
        unsure=["专业名称与通知列出的专业名称不同，可能属于同一专业"],
    )
