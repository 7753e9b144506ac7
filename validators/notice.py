"""What a notice says about itself: its dates (`Timeline`) and whom it covers (`Scope`).

Both sit at the top of a policy file, once, and reach every rule that names them as a param
(validators/policy.py POLICY_LEVEL_PARAMS). Every value is optional: a notice that fixes no date
or scope leaves the rules that need it silent.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class Timeline(BaseModel):
    """The dates a notice fixes (inclusive days; the hours it names are in the policy's comments)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    application_opens: date | None = None  # first day of the applicants' online filing
    application_closes: date | None = None  # last day of it
    recommendation_by: date | None = None  # the unit's assessment and publicity done and reported by
    review_ends: date | None = None  # the bureau's review ends


def application_year(timeline: Timeline, as_of: date) -> int:
    """The year an application belongs to (002 §六(五), 003 §二 Q25: 一个年度内只能申报一次): the
    notice's own year, from the first date its timeline fixes (the filing window, else the
    recommendation deadline, else the end of the review); a notice that fixes none (the guide)
    files the application in the year of its reference date."""
    for day in (timeline.application_opens, timeline.application_closes, timeline.recommendation_by,
                timeline.review_ends):
        if day is not None:
            return day.year
    return as_of.year


class Scope(BaseModel):
    """Whom a notice covers: levels, series and specialties (empty lists: not restricted)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    levels: list[str] = Field(default_factory=list)  # 员级 | 助理级 | 中级 | 副高级 | 正高级
    series: list[str] = Field(default_factory=list)  # the series covered (words of the declared 申报系列)
    excluded_series: list[str] = Field(default_factory=list)  # series (or specialties) outside it
    specialties: list[str] = Field(default_factory=list)  # specialties covered (words of 申报专业)
    levels_by_specialty: dict[str, list[str]] = Field(default_factory=dict)  # a specialty covered at these levels only
    # the levels each series has at all (003 §二 Q3: 高等学校教师无员级), words of the declared 申报系列
    levels_by_series: dict[str, list[str]] = Field(default_factory=dict)
