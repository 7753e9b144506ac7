"""任职年限: the months an applicant for a 中级 or 高级 title has held the current title (004 §四(三)).

004 §四(三): 学历、资历、工作年限，均计算到2022年12月31日为止。纳入岗位管理事业单位专业技术人才的任职年限
从聘任的当月计算；其他单位专业技术人才的任职年限，原则上从取得职称资格的当月起计算.

- The start is the declared 聘任时间 (`appointment_date`) for a unit of `public_unit_types`, else the
  declared 取得现职称时间 (`current_title_date`), else (the manifest lacks it) the date on the uploaded
  职称证书 of the current title (`title_certificate`: the count then rests on that reading). A public institution without its 聘任时间 is counted
  from the title date: a post is filled after the title is held, so that count is the most the
  applicant can have (enough proves nothing, too few proves short).
- The count runs from the start month through the month of `count_until`, both counted (当月起计算),
  on the declared dates only: they are certain, so a short count is an error.
- How many months each level needs is the series standard's (Pingliang: 《甘肃省工程系列职称评价条件
  标准》, 004 §四(一), not among the notices): `thresholds` (applied level -> education -> months in the
  level below) is optional. Without a number for the case the counted 任职年限 is a note for the
  reviewer (SENIORITY_UNVERIFIED, info), so that the reviewer reads the count instead of redoing it.
- Only the applied levels in `levels` are counted (004: 中级 and 高级); a 首次认定 has no current title
  to count from. A missing start date is CURRENT_TITLE_MISSING (warning) asking for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from preaudit.pipeline.model import TITLE_LEVELS, Case, Finding
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import match_key, unit_type_of
from preaudit.validators.rules._dates import months_spanned
from preaudit.validators.rules._titles import title_start

TenureUntil = Literal["as_of"] | date
_START_WORDS = {"appointment_date": "聘任", "current_title_date": "取得现职称资格",
                "title_certificate": "取得现职称资格（据职称证书，申报信息未填写取得现职称时间）"}


@dataclass
class Tenure:
    """The 任职年限 of one case: skip | missing | counted | ok | short, with what it rests on."""

    status: str
    level: str | None = None
    current_title: str | None = None
    education: str | None = None
    public: bool = False
    start: date | None = None
    start_source: str | None = None  # appointment_date | current_title_date
    appointment_missing: bool = False  # a public institution counted from the title date
    reference: date | None = None
    months: int | None = None
    required: int | None = None
    start_relied: list[tuple[int | None, str]] | None = None  # the certificate's fields, where it gave the start

    def evidence(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "current_title_level": self.current_title,
            "education": self.education,
            "public_institution": self.public,
            "start": self.start.isoformat() if self.start else None,
            "start_source": self.start_source,
            "appointment_date_missing": self.appointment_missing,
            "count_until": self.reference.isoformat() if self.reference else None,
            "tenure_months": self.months,
            "required_months": self.required,
        }

    def relied(self) -> list[tuple[int | None, str]]:
        if self.start_relied:
            return list(self.start_relied)
        return [(None, self.start_source)] if self.start_source else []


def count_tenure(
    case: Case,
    *,
    levels: list[str],
    count_until: TenureUntil,
    thresholds: dict[str, dict[str, int]],
    education_aliases: dict[str, str],
    unit_types: dict[str, list[str]],
    default_unit_type: str,
    public_unit_types: list[str],
) -> Tenure:
    """The 任职年限 the three rules share (see the module docstring)."""
    d = case.declared
    level = match_key(d.level if d else None, TITLE_LEVELS)
    if d is None or level is None or level not in levels or d.application_type == "首次认定":
        return Tenure("skip", level=level)
    t = Tenure("counted", level=level, current_title=d.current_title_level)
    t.public = unit_type_of(case, unit_types, default_unit_type) in public_unit_types
    t.reference = count_until if isinstance(count_until, date) else case.as_of
    start = title_start(case)
    if t.current_title is None and start is not None and start.index is not None:
        t.current_title = case.documents[start.index].value("title_level")
    if t.public and d.appointment_date is not None:
        t.start, t.start_source = d.appointment_date, "appointment_date"
    elif start is not None:
        # the declared 取得现职称时间, else (the manifest lacks it) the current title's certificate
        t.start = start.when
        t.start_source = "current_title_date" if start.source == "declared_title" else "title_certificate"
        t.start_relied = list(start.relied)
        t.appointment_missing = t.public
    else:
        t.status = "missing"
        t.appointment_missing = t.public
        return t
    t.months = months_spanned(t.start, t.reference)
    by_education = thresholds.get(level, {})
    t.education = match_key(d.education, by_education, education_aliases)
    below = TITLE_LEVELS[TITLE_LEVELS.index(level) - 1] if TITLE_LEVELS.index(level) > 0 else None
    if t.education is None or t.current_title != below:
        return t  # no number for this case: a note with the count
    t.required = by_education[t.education]
    if t.months < t.required:
        t.status = "short"  # counted from the earliest the declared dates allow
    elif not t.appointment_missing:
        t.status = "ok"
    return t


def _since(t: Tenure) -> str:
    word = _START_WORDS.get(t.start_source or "", "")
    return f"从{word}（{t.start.isoformat() if t.start else ''}）的当月起计算至{t.reference.isoformat() if t.reference else ''}"


def _years(months: int) -> str:
    y, m = divmod(months, 12)
    return f"{y}年{m}个月" if y and m else (f"{y}年" if y else f"{m}个月")


# 004 §四(三): 任职年限从聘任的当月（纳入岗位管理事业单位）或取得职称资格的当月起计算，计算到2022年12月31日为止.
@rule("seniority.tenure")
def tenure_short(
    case: Case,
    *,
    levels: list[str],
    count_until: TenureUntil,
    standard: str,
    thresholds: dict[str, dict[str, int]] | None = None,
    education_aliases: dict[str, str] | None = None,
    unit_types: dict[str, list[str]] | None = None,
    default_unit_type: str = "enterprise",
    public_unit_types: list[str] | None = None,
) -> Iterator[Finding]:
    """SENIORITY_SHORT when the policy's `thresholds` give the months the applied level needs for
    the declared education and current title, and the 任职年限 counted from the declared dates
    falls short (see the module docstring)."""
    t = count_tenure(case, levels=levels, count_until=count_until, thresholds=thresholds or {},
                     education_aliases=education_aliases or {}, unit_types=unit_types or {},
                     default_unit_type=default_unit_type, public_unit_types=public_unit_types or [])
    if t.status != "short":
        return
    upper = "（事业单位应从聘任当月起计算，申报信息未填写聘任时间，按取得现职称时间计算已是最长）" if t.appointment_missing else ""
    yield finding(
        "SENIORITY_SHORT",
        f"以{t.education}学历、{t.current_title}职称申报{t.level}职称，按{standard}须取得{t.current_title}职称后"
        f"任职满{t.required}个月；任职年限{_since(t)}仅{t.months}个月{upper}，任职年限不足。"
        "请核对现职称取得时间、聘任时间和申报级别，待任职年限满足后再申报。",
        evidence=t.evidence(),
        relied_on=t.relied() + [(None, "current_title_level"), (None, "education")],
    )


# 004 §四(三): the counted 任职年限 (from 聘任 or the title's month to 2022-12-31) for the reviewer, where the
# notice gives no number to compare it with (the series standard of 004 §四(一) sets them).
@rule("seniority.tenure_note")
def tenure_note(
    case: Case,
    *,
    levels: list[str],
    count_until: TenureUntil,
    standard: str,
    thresholds: dict[str, dict[str, int]] | None = None,
    education_aliases: dict[str, str] | None = None,
    unit_types: dict[str, list[str]] | None = None,
    default_unit_type: str = "enterprise",
    public_unit_types: list[str] | None = None,
) -> Iterator[Finding]:
    """SENIORITY_UNVERIFIED (a note) stating the counted 任职年限 when it could be counted but not
    judged: no threshold for the case, or a public institution counted from the title date for want
    of its 聘任时间 (the count is then only the most the applicant can have)."""
    t = count_tenure(case, levels=levels, count_until=count_until, thresholds=thresholds or {},
                     education_aliases=education_aliases or {}, unit_types=unit_types or {},
                     default_unit_type=default_unit_type, public_unit_types=public_unit_types or [])
    if t.status != "counted" or t.months is None:
        return
    why = (f"任职年限要求见{standard}，请审核人员对照核对" if t.required is None else
           f"按{standard}须满{t.required}个月")
    upper = ("单位为事业单位，任职年限应从聘任当月起计算，申报信息未填写聘任时间，以上按取得现职称时间计算，"
             "实际任职年限可能更短；") if t.appointment_missing else ""
    yield finding(
        "SENIORITY_UNVERIFIED",
        f"申报{t.level}职称：任职年限{_since(t)}，为{t.months}个月（{_years(t.months)}）。{upper}{why}。",
        evidence=t.evidence(),
        relied_on=t.relied(),
    )


# 004 §四(三): the count needs the 聘任 month (public institutions) or the month the current title was obtained;
# §四(五): 转系列申报需在系统中填报现有同级职称.
@rule("seniority.current_title")
def current_title(
    case: Case,
    *,
    levels: list[str],
    count_until: TenureUntil,
    standard: str,
    thresholds: dict[str, dict[str, int]] | None = None,
    education_aliases: dict[str, str] | None = None,
    unit_types: dict[str, list[str]] | None = None,
    default_unit_type: str = "enterprise",
    public_unit_types: list[str] | None = None,
) -> Iterator[Finding]:
    """CURRENT_TITLE_MISSING when an applicant for a level of `levels` (not a 首次认定) has not
    declared the date the 任职年限 counts from: 取得现职称时间, or 聘任时间 for a public institution."""
    t = count_tenure(case, levels=levels, count_until=count_until, thresholds=thresholds or {},
                     education_aliases=education_aliases or {}, unit_types=unit_types or {},
                     default_unit_type=default_unit_type, public_unit_types=public_unit_types or [])
    if t.status == "skip" or not (t.status == "missing" or t.appointment_missing):
        return
    d = case.declared
    wanted = [name for name, value, needed in (
        ("聘任时间", d.appointment_date if d else None, t.public),
        ("现有职称级别", d.current_title_level if d else None, not t.public or t.status == "missing"),
        ("取得现职称时间", d.current_title_date if d else None, not t.public or t.status == "missing"),
    ) if needed and value is None]
    basis = "聘任的当月" if t.public else "取得现职称资格的当月"
    yield finding(
        "CURRENT_TITLE_MISSING",
        f"申报{t.level}职称的任职年限从{basis}起计算，但申报信息中未填写{'、'.join(wanted)}，无法计算任职年限。"
        f"请在推荐人员名单中填写{'、'.join(wanted)}，并上传现职称证书{'和聘任文件' if t.public else ''}。",
        evidence=t.evidence() | {"missing": wanted},
        relied_on=[(None, "current_title_date")] + ([(None, "appointment_date")] if t.public else []),
    )
