"""专业培训 / 进修 of an applicant whose 毕业专业 is not the one applied for (003 §二 Q12)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from preaudit.pipeline.model import Case, DocType, Finding
from preaudit.pipeline.values.text import nfkc, parse_date, parse_month
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import extracted

# What the message calls each route of Q12, in the notice's order.
_ROUTES = ("training", "subjects", "study", "department")


def _bounds(start: Any, end: Any) -> tuple[date, date] | None:
    """The first and last day a certificate's term covers: a month alone (YYYY-MM) from its first day
    to its last (the generous reading: the finding is a warning asking for a look)."""
    first = parse_date(start) if isinstance(start, str) and len(start) == 10 else None
    if first is None and isinstance(start, str) and parse_month(start):
        y, m = map(int, parse_month(start).split("-"))
        first = date(y, m, 1)
    last = parse_date(end) if isinstance(end, str) and len(end) == 10 else None
    if last is None and isinstance(end, str) and parse_month(end):
        y, m = map(int, parse_month(end).split("-"))
        last = date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
    if first is None or last is None or last < first:
        return None
    return first, last


def _months(first: date, last: date) -> float:
    """Calendar months from `first` through `last`: whole months, then the days left over as a share
    of 31 (so that a day short of a whole month never rounds up to it)."""
    after = last + timedelta(days=1)
    whole = (after.year - first.year) * 12 + after.month - first.month
    if _shift(first, whole) > after:
        whole -= 1
    return whole + (after - _shift(first, whole)).days / 31


def _shift(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(d)


def _union_months(spans: list[tuple[date, date]]) -> float:
    """The months the spans cover together (累计: overlapping certificates count once)."""
    merged: list[list[date]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return sum(_months(a, b) for a, b in merged)


# 003 §二 Q12: 毕业专业与所申报专业不相符的……参加所从事专业的专业培训累计半年以上，或取得大专院校本专业主要科目三门
# 以上进修结业证书（含专业证书班），或参加大专院校本专业学习累计1年以上，或参加市级行业主管部门统一组织的业务培训
# 视为具备同专业能力要求.
@rule("education.training")
def training(
    case: Case,
    *,
    min_training_months: float,
    min_subjects: int,
    min_study_months: float,
    department_pattern: str,
) -> Iterator[Finding]:
    """TRAINING_INSUFFICIENT when an applicant who declared 专业对口 否 uploaded 专业培训 / 进修
    certificates (training_certificate) of which none meets a route of Q12: the spans they cover
    together (overlaps once) reach `min_training_months` (专业培训) or `min_study_months` (院校学习;
    a span that reaches it reaches the first too, and the evidence names both), the distinct 科目
    they list reach `min_subjects` (进修结业证书), or one was issued by a body matching
    `department_pattern` (市级行业主管部门's 业务培训). Silent when 专业对口 is 是 or not declared, and
    when no certificate is present (documents.required asks for it) or none has been read. The
    spans and subjects are OCR readings and Q12's list is open (等): the policy grades it a warning.
    """
    if case.declared is None or case.declared.major_matches is not False:
        return
    certs = [(i, d) for i, d in case.of_type(DocType.TRAINING_CERTIFICATE) if extracted(d)]
    if not certs:
        return
    spans: list[tuple[date, date]] = []
    subjects: list[str] = []
    department: str | None = None
    listed: list[dict[str, Any]] = []
    relied: list[tuple[int | None, str]] = [(None, "major_matches")]
    pattern = re.compile(department_pattern)
    for i, d in certs:
        bounds = _bounds(d.value("start_date"), d.value("end_date"))
        if bounds is not None:
            spans.append(bounds)
        own = [nfkc(s) for s in d.value("subjects") or [] if isinstance(s, str) and nfkc(s)]
        own = list(dict.fromkeys(own))
        subjects += [s for s in own if s not in subjects]
        body = d.value("institution")
        if department is None and isinstance(body, str) and pattern.search(nfkc(body)):
            department = body
        listed.append({"file": d.file, "institution": body, "course": d.value("course"),
                       "start_date": d.value("start_date"), "end_date": d.value("end_date"),
                       "months": round(_months(*bounds), 1) if bounds else None,
                       "subjects": own or None, "hours": d.value("hours")})
        relied += [(i, "start_date"), (i, "end_date"), (i, "subjects"), (i, "institution")]
    months = _union_months(spans) if spans else 0.0
    met = [route for route, ok in zip(_ROUTES, (
        bool(spans) and months >= min_training_months,
        len(subjects) >= min_subjects,
        bool(spans) and months >= min_study_months,
        department is not None,
    )) if ok]
    if met:
        return
    read = f"累计培训（学习）时间约{months:.1f}个月" if spans else "未能识别培训（进修）起止时间"
    yield finding(
        "TRAINING_INSUFFICIENT",
        f"申报信息填写的专业对口为“否”，上传的专业培训（进修）证明{read}、进修科目{len(subjects)}门，"
        f"未见达到所学专业与申报专业不相符时的要求（专业培训累计{min_training_months:g}个月以上，或大专院校本专业"
        f"主要科目{min_subjects}门以上进修结业证书，或大专院校本专业学习累计{min_study_months:g}个月以上，或市级行业"
        f"主管部门统一组织的业务培训）。请人工核对证明内容，或补充上传其他培训、进修证明。",
        documents=[i for i, _ in certs],
        evidence={"major_matches": "否", "certificates": listed, "training_months": round(months, 1),
                  "subject_count": len(subjects),
                  "routes": {"min_training_months": min_training_months, "min_subjects": min_subjects,
                             "min_study_months": min_study_months},
                  "department": department},
        relied_on=relied,
    )
