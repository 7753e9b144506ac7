"""Seniority (资历): education + months of professional work must reach the applied level.

Evidence rule (what the attachments can prove):

- The months needed come from the policy's `requirements` table (education -> level -> months;
  e.g. Panlong 001 §二(二)1–5: 本科 +12 -> 助理级), plus `unrelated_major_months` when the declared
  专业对口 is 否 (001 §二(五)). Education from the declared 学历 (else the 学信网 record's 层次),
  mapped through `education_aliases` (技工院校 classes count as 中专/大专/本科, 001 §二(三)). An
  education or level the table does not list is not judged (the series standards decide).
- The start is the graduation date of the 学信网 record of that education, else (001 §五(四)) of the
  unit's 学历证明 or the foreign degree's 认证书 that stand in for it (a month alone counts from its
  first day); for a qualification such as 高级工: the issue date of a qualification certificate naming it. The reference date is
  the policy's `count_until`: as_of, the publicity end (Panlong 001 §二(四): 以用人单位公示期时间为
  截止时间) or a fixed date (Qujing 2023-12-31, Pingliang 2022-12-31).
- Short by the calendar: fewer months from the start month to the reference month (both counted)
  than needed is SENIORITY_SHORT whatever else was uploaded.
- Public institutions (001 §二(四): 事业单位以《事业单位聘用通知书》或《事业单位人员工资审批表》为准): whole
  months from the earliest start either shows (the 聘用通知书's 聘用期限 start, the 工资审批表's 起薪/变动
  时间, a month alone from its first day; not before the graduation) to the reference date. Fewer
  than needed is SENIORITY_SHORT; `basis` names the document the count started from.
- Everyone else (001 §二(四): 实际缴费累计月数): paid months on the pension certificates from the
  start month to the reference month. Enough is enough. A certificate covers the months from its
  first to its last row and, with `certificate_covers_months` (Panlong 12: §五(五)2(1) 必须显示
  最近一年缴费明细), the months that many back from its print month: a covered month it does not
  list as paid was not paid. Too few proves the applicant short only when even counting every
  month of the period outside that coverage as paid the total stays below the requirement (paid +
  uncovered < required): a 本科 graduate of 2023-07 whose August certificate lists 9 paid months
  from 2023-12 has at most 9 + 2 (2023-07, 08) = 11 < 12. A certificate showing the usual last
  12 months cannot prove a 大专 graduate of 2021 short of 36 months, so that case is
  SENIORITY_UNVERIFIED (a note for the reviewer, its own rule so that the policy grades it
  separately), never SENIORITY_SHORT. Without a start date too few is always unverified.
- Nothing to count (no certificate rows, no readable notice) leaves the question to DOC_MISSING /
  FIELD_UNREADABLE: no finding.
- A level reached through a lower title (`via_title`; Panlong 001 §二(二)1: 中专 -> 员级, then 取得员级
  职称后再从事本专业工作满48个月 -> 助理级) counts from the declared 取得现职称时间 instead of the
  graduation, with the same evidence as above; the unrelated-major year is not added (001 §二(五):
  首次申报 only). Where the manifest lacks the current title or its date, the uploaded 职称证书 of that
  title supplies them (start_source `title_certificate`, resting on the certificate's reading).
  Without either, the claim cannot be checked: SENIORITY_UNVERIFIED asking for them, never SENIORITY_SHORT. A declared
  current title of another level is another route (转系列, the series standards): not judged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from preaudit.pipeline.model import TITLE_LEVELS, Case, Document, DocType, Finding, TitleLevel, year_month
from preaudit.pipeline.values.text import month_index, nfkc
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import doc_label, match_key, unit_type_of
from preaudit.validators.rules._dates import full_months, month_of, months_spanned
from preaudit.validators.rules._titles import current, declared_current_level, title_start

LEVELS = TITLE_LEVELS
CountUntil = Literal["as_of", "publicity_end"] | date


class TitleRoute(BaseModel):
    """A level reached through a lower title (`via_title`): `months` of work after obtaining `title`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: TitleLevel
    months: int = Field(ge=0)


@dataclass
class Assessment:
    """The seniority verdict for one case: ok | short | unverified | skip, with its evidence."""

    status: str
    education: str | None = None
    level: str | None = None
    required: int = 0
    counted: int | None = None
    possible: int | None = None
    start: date | None = None
    start_source: str | None = None
    reference: date | None = None
    reference_source: str | None = None
    basis: str | None = None  # calendar | employment_notice | salary_approval | insurance
    shown_from: str | None = None
    counted_from: date | None = None  # public institutions: the start the document of `basis` shows
    shown_to: str | None = None
    title: str | None = None  # via_title: the lower title the months count from
    current_title: str | None = None  # the declared 现有职称级别 (via_title)
    unrelated_added: int = 0  # months added for an unrelated major (001 §二(五))
    documents: list[int] = field(default_factory=list)
    relied: list[tuple[int | None, str]] = field(default_factory=list)  # the values the verdict rests on

    def evidence(self, unrelated: bool) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self.title is not None:
            extra = {"via_title": self.title, "current_title_level": self.current_title}
        return extra | {
            "education": self.education,
            "level": self.level,
            "required_months": self.required,
            "unrelated_major": unrelated,
            "counted_months": self.counted,
            "possible_months": self.possible,
            "start": self.start.isoformat() if self.start else None,
            "start_source": self.start_source,
            "count_until": self.reference.isoformat() if self.reference else None,
            "count_until_source": self.reference_source,
            "basis": self.basis,
            **({"counted_from": self.counted_from.isoformat()} if self.counted_from else {}),
            "certificate_months": [self.shown_from, self.shown_to] if self.shown_from else None,
        }


# Where the education and its date are read, in order: the 学信网 record, else what 001 §五(四) takes
# in its place (the unit's certificate after checking the 档案, a foreign degree's certification):
# (type, field of the 学历 or degree, field of its date).
EDUCATION_SOURCES: tuple[tuple[DocType, str, str], ...] = (
    (DocType.XUEXIN_RECORD, "level", "graduation_date"),
    (DocType.EDUCATION_UNIT_PROOF, "level", "graduation_date"),
    (DocType.FOREIGN_DEGREE_CERTIFICATION, "degree", "award_date"),
)


# Where a public institution's 履职年限 start (001 §二(四)): the 聘用通知书's term, the 工资审批表's 起薪时间.
PUBLIC_START_TYPES = (DocType.EMPLOYMENT_NOTICE, DocType.SALARY_APPROVAL)


def _education_text(case: Case) -> tuple[str | None, str]:
    if case.declared is not None and case.declared.education:
        return case.declared.education, "declared"
    for doc_type, level_field, _ in EDUCATION_SOURCES:
        for _, d in case.of_type(doc_type):
            if isinstance(d.value(level_field), str) and nfkc(d.value(level_field)):
                return d.value(level_field), doc_type.value
    return None, ""


def _graduated(d: Document, name: str) -> date | None:
    """A graduation date, or the first day of a graduation month (2000-07: the letter says no day)."""
    when = d.date(name)
    if when is None and isinstance(d.value(name), str):
        month = year_month(d.value(name))
        when = date(int(month[:4]), int(month[5:]), 1) if month else None
    return when


def _start(
    case: Case, education: str, keys: list[str], aliases: dict[str, str], qualification_based: list[str]
) -> tuple[date | None, str | None, int | None]:
    if education in qualification_based:
        for i, d in case.of_type(DocType.QUALIFICATION_CERTIFICATE):
            name = d.value("certificate_name")
            issued = d.date("issue_date")
            if isinstance(name, str) and nfkc(education) in nfkc(name) and issued:
                return issued, "qualification_certificate", i
        return None, None, None
    for doc_type, level_field, date_field in EDUCATION_SOURCES:
        dates = []
        for i, d in case.of_type(doc_type):
            graduated = _graduated(d, date_field)
            if graduated and match_key(d.value(level_field), keys, aliases) == education:
                dates.append((graduated, i))
        if dates:
            graduated, i = max(dates)
            return graduated, doc_type.value, i
    return None, None, None


def _reference(case: Case, count_until: CountUntil) -> tuple[date, str, int | None]:
    """The date months are counted to, where it comes from, and the document it was read from."""
    if isinstance(count_until, date):
        return count_until, "policy", None
    if count_until == "publicity_end":
        ends = [(e, i) for i, d in case.of_type(DocType.PUBLICITY_FORM) if (e := d.date("publicity_end"))]
        if ends:
            end, i = max(ends)
            return end, "publicity_end", i
    return case.as_of, "as_of", None


def _via_title(case: Case, education: str, level: str, route: TitleRoute) -> Assessment:
    """The start of a `via_title` route: the declared date of the declared current title (ok), or
    unverified (no current title, or no date for it), or skip (a current title of another level)."""
    a = Assessment("ok", education=education, level=level, required=route.months, title=route.title)
    a.current_title = declared_current_level(case)
    by_certificate = a.current_title is None and current(case, route.title) is not None
    if by_certificate:
        a.current_title = route.title  # the manifest names none; the certificate of that title does
    if a.current_title is not None and a.current_title != route.title:
        return Assessment("skip", education=education, level=level)
    start = title_start(case, route.title) if a.current_title is not None else None
    if start is None:
        a.status, a.basis = "unverified", "current_title"
        return a
    a.start, a.start_source = start.when, start.source
    a.relied += ([] if by_certificate else [(None, "current_title_level")]) + list(start.relied)
    if start.index is not None:
        a.documents.append(start.index)
    return a


def assess(
    case: Case,
    *,
    requirements: dict[str, dict[str, int]],
    education_aliases: dict[str, str],
    unrelated_major_months: int,
    count_until: CountUntil,
    qualification_based: list[str],
    unit_types: dict[str, list[str]],
    default_unit_type: str,
    public_unit_types: list[str],
    certificate_covers_months: int = 0,
    via_title: dict[str, dict[str, TitleRoute]] | None = None,
) -> Assessment:
    """The seniority assessment the two rules share (see the module docstring)."""
    text, _ = _education_text(case)
    routes = via_title or {}
    keys = list(dict.fromkeys([*requirements, *routes]))
    education = match_key(text, keys, education_aliases)
    level = match_key(case.declared.level if case.declared else None, LEVELS)
    route = routes.get(education, {}).get(level) if education and level else None
    if route is not None:
        a = _via_title(case, education, level, route)
    elif education is None or level is None or level not in requirements.get(education, {}):
        return Assessment("skip", education=education, level=level)
    else:
        a = Assessment("ok", education=education, level=level, required=requirements[education][level])
        if case.declared is not None and case.declared.major_matches is False:
            a.unrelated_added = unrelated_major_months
            a.required += unrelated_major_months
        a.start, a.start_source, start_index = _start(
            case, education, keys, education_aliases, qualification_based
        )
        if start_index is not None:
            a.documents.append(start_index)
            fields = {t.value: (date_field, level_field) for t, level_field, date_field in EDUCATION_SOURCES}
            a.relied += ([(start_index, "issue_date")] if a.start_source == "qualification_certificate"
                         else [(start_index, f) for f in fields[a.start_source or "xuexin_record"]])
    if a.status != "ok":
        return a
    required = a.required
    a.reference, a.reference_source, reference_index = _reference(case, count_until)
    if reference_index is not None:
        a.documents.append(reference_index)
        a.relied.append((reference_index, "publicity_end"))
    if required <= 0:
        return a
    if a.start is not None:
        a.possible = months_spanned(a.start, a.reference)
        if a.possible < required:
            a.status, a.basis, a.counted = "short", "calendar", a.possible
            return a

    if unit_type_of(case, unit_types, default_unit_type) in public_unit_types:
        # either document will do (001 §二(四)); the earliest start counts most months, so a
        # shortfall stands whichever the reviewer takes
        starts = [
            (_graduated(d, "start_date"), i, d.doc_type.value)
            for i, d in case.of_type(*PUBLIC_START_TYPES)
        ]
        starts = [(s, i, t) for s, i, t in starts if s is not None]
        if not starts:
            return Assessment("skip", education=education, level=level, required=required)
        begun, i, a.basis = min(starts)
        a.counted_from = begun
        a.documents.append(i)
        a.relied.append((i, "start_date"))
        a.counted = full_months(max(begun, a.start or begun), a.reference)
        a.status = "ok" if a.counted >= required else "short"
        return a

    shown: set[str] = set()
    paid: set[str] = set()
    spans: list[tuple[int, int]] = []  # month-index ranges each certificate covers
    for i, d in case.of_type(DocType.PENSION_CERTIFICATE):
        listed: set[str] = set()
        for row in d.table("months"):
            listed.add(row.month)
            a.documents.append(i)
            if row.paid:
                paid.add(row.month)
        if not listed:
            continue
        a.relied.append((i, "months"))
        shown |= listed
        lo, hi = month_index(min(listed)), month_index(max(listed))
        printed = d.date("print_date")
        if printed is not None and certificate_covers_months > 0:
            end = month_index(month_of(printed))
            lo, hi = min(lo, end - certificate_covers_months + 1), max(hi, end)
        spans.append((lo, hi))
    if not shown:
        return Assessment("skip", education=education, level=level, required=required)

    def covered(k: int) -> bool:
        return any(lo <= k <= hi for lo, hi in spans)
    first = month_of(a.start) if a.start else None
    last = month_of(a.reference)
    a.basis = "insurance"
    a.shown_from, a.shown_to = min(shown), max(shown)
    a.counted = sum(1 for m in paid if (first is None or m >= first) and m <= last)
    if a.counted >= required:
        a.status = "ok"
        return a
    if first is not None:
        # A month the certificates cover but do not list as paid was not paid; every month of
        # the period outside what they cover might have been.
        period = range(month_index(first), month_index(last) + 1)
        unseen = sum(1 for k in period if not covered(k))
        a.possible = a.counted + unseen
        if a.possible < required:
            a.status = "short"
            return a
    a.status = "unverified"
    return a


def _describe(a: Assessment) -> str:
    if a.title is not None:
        return f"以{a.education}学历申报{a.level}职称，须取得{a.title}职称后再从事专业工作满{a.required}个月"
    extra = f"（所学专业与从事专业不一致，已另加{a.unrelated_added}个月）" if a.unrelated_added else ""
    return f"以{a.education}学历申报{a.level}职称，须从事专业工作满{a.required}个月{extra}"


def _since(a: Assessment) -> str:
    return f"（{a.counted_from.isoformat()}）" if a.counted_from else ""


def _start_text(a: Assessment) -> str:
    if a.start is None:
        return ""
    words = {"qualification_certificate": "取得该资格", "declared_title": f"取得{a.title}职称",
             "title_certificate": f"取得{a.title}职称（据职称证书，申报信息未填写取得现职称时间）"}
    what = words.get(a.start_source or "", "毕业")
    return f"{what}（{a.start.isoformat()}）"


# 001 §二(二)1–5: 中专 +12 -> 员级, 员级 +48 -> 助理级, 大专 +36, 高级工 +24, 本科 +12 -> 助理级, 硕士 次月;
# §二(三) 技工院校 classes = 中专/大专/本科; §二(四) months from paid insurance (enterprises) or the
# 聘用通知书 (public institutions), counted to the publicity; §二(五) unrelated major +12 months;
# 003 §二 Q18, Q21: 博士 -> 中级 directly.
@rule("seniority.months")
def seniority_months(
    case: Case,
    *,
    requirements: dict[str, dict[str, int]],
    education_aliases: dict[str, str] | None = None,
    unrelated_major_months: int = 12,
    count_until: CountUntil = "as_of",
    qualification_based: list[str] | None = None,
    unit_types: dict[str, list[str]] | None = None,
    default_unit_type: str = "enterprise",
    public_unit_types: list[str] | None = None,
    certificate_covers_months: int = 0,
    via_title: dict[str, dict[str, TitleRoute]] | None = None,
) -> Iterator[Finding]:
    """SENIORITY_SHORT when the evidence proves that education + months of work do not reach the
    declared level (see the module docstring for what counts as proof)."""
    a = assess(
        case, requirements=requirements, education_aliases=education_aliases or {},
        unrelated_major_months=unrelated_major_months, count_until=count_until,
        qualification_based=qualification_based or [], unit_types=unit_types or {},
        default_unit_type=default_unit_type, public_unit_types=public_unit_types or ["public_institution"],
        certificate_covers_months=certificate_covers_months, via_title=via_title,
    )
    if a.status != "short":
        return
    unrelated = bool(case.declared and case.declared.major_matches is False)
    until = a.reference.isoformat() if a.reference else ""
    if a.basis == "calendar":
        proof = f"{_start_text(a)}至{until}最多只有{a.possible}个月"
    elif a.basis == "employment_notice":
        proof = f"按{doc_label(DocType.EMPLOYMENT_NOTICE)}，聘用{_since(a)}{('及' + _start_text(a)) if a.start else ''}后至{until}仅满{a.counted}个月"
    elif a.basis == "salary_approval":
        proof = f"按{doc_label(DocType.SALARY_APPROVAL)}，起薪{_since(a)}{('及' + _start_text(a)) if a.start else ''}后至{until}仅满{a.counted}个月"
    else:
        proof = f"按养老保险个人参保证明，{_start_text(a)}后至{until}实际缴费仅{a.counted}个月"
        if a.possible is not None and a.possible > (a.counted or 0):
            proof += f"（参保证明未涵盖的{a.possible - (a.counted or 0)}个月即使均已缴费，最多也只有{a.possible}个月）"
    yield finding(
        "SENIORITY_SHORT",
        f"{_describe(a)}；{proof}，资历年限不足。"
        "请核对学历、申报级别和专业对口情况，待资历年限满足后再申报。",
        documents=sorted(set(a.documents)),
        evidence=a.evidence(unrelated),
        relied_on=list(dict.fromkeys(a.relied)),
    )


# 001 §二(四): 履职年限 of enterprises is the sum of actually paid months on the 参保证明, but §五(五)2(1)
# only asks the certificate to show the last 12 months: longer requirements need the reviewer. 001 §二(二)1
# counts 员级 +48 from obtaining 员级: without the declared current title that cannot be counted.
@rule("seniority.evidence")
def seniority_evidence(
    case: Case,
    *,
    requirements: dict[str, dict[str, int]],
    education_aliases: dict[str, str] | None = None,
    unrelated_major_months: int = 12,
    count_until: CountUntil = "as_of",
    qualification_based: list[str] | None = None,
    unit_types: dict[str, list[str]] | None = None,
    default_unit_type: str = "enterprise",
    public_unit_types: list[str] | None = None,
    certificate_covers_months: int = 0,
    via_title: dict[str, dict[str, TitleRoute]] | None = None,
) -> Iterator[Finding]:
    """SENIORITY_UNVERIFIED when the pension certificates show too few paid months for the level
    but do not reach back to the start (or the start date is unknown), or when a `via_title` level
    is claimed without the declared current title or its date: the attachments and the declared
    data neither prove nor disprove the seniority."""
    a = assess(
        case, requirements=requirements, education_aliases=education_aliases or {},
        unrelated_major_months=unrelated_major_months, count_until=count_until,
        qualification_based=qualification_based or [], unit_types=unit_types or {},
        default_unit_type=default_unit_type, public_unit_types=public_unit_types or ["public_institution"],
        certificate_covers_months=certificate_covers_months, via_title=via_title,
    )
    if a.status != "unverified":
        return
    unrelated = bool(case.declared and case.declared.major_matches is False)
    if a.basis == "current_title":
        missing = "取得现职称时间" if a.current_title else "现有职称级别和取得现职称时间"
        message = (f"{_describe(a)}；申报信息中未填写{missing}，无法核实资历年限。请在推荐人员名单中填写"
                   f"现有职称级别（{a.title}）和取得{a.title}职称的日期，并上传{a.title}职称证书，由单位核实。")
    else:
        since = f"{_start_text(a)}后" if a.start else ""
        message = (f"{_describe(a)}；所附养老保险个人参保证明只显示"
                   f"{a.shown_from}至{a.shown_to}的缴费记录，{since}至{a.reference.isoformat() if a.reference else ''}"
                   f"可见实际缴费{a.counted}个月，无法证明已满{a.required}个月。"
                   "请补充上传显示参加工作以来缴费记录的参保证明（或其他履职证明），由单位核实资历年限。")
    yield finding(
        "SENIORITY_UNVERIFIED",
        message,
        documents=sorted(set(a.documents)),
        evidence=a.evidence(unrelated),
        relied_on=list(dict.fromkeys(a.relied)),
    )
