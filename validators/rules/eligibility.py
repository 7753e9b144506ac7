"""Eligibility exclusions with document evidence: the statutory retirement age, and a record on
the 失信/黑名单 list the Auditor was given (001 §六(一), 004 §五(五)).

The other exclusion of 001 §一(二) / 003 Q4, civil servants (公务员、参公管理人员), has no document
that shows it, so no rule checks it; the pledge (承诺书) covers it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from preaudit.pipeline.model import Case, DocType, Finding
from preaudit.pipeline.values.idnumber import ID_FIELDS
from preaudit.pipeline.values.text import month_index, nfkc
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import decode_id, identity_number, mask, norm_id, sure_refs
from preaudit.validators.rules._dates import FEMALE_50, FEMALE_55, MALE_60, RetirementScheme, month_of, retirement_month


def _id_number(case: Case) -> tuple[str, str, int | None] | None:
    """(number, source, document index) of the first ID number that encodes a birth date: the
    declared one, else the ID-card front's, else any document's."""
    if case.declared is not None and decode_id(norm_id(case.declared.id_number)):
        return norm_id(case.declared.id_number), "declared", None
    ordered = case.of_type(DocType.ID_CARD_FRONT) + [
        (i, d) for i, d in enumerate(case.documents) if d.doc_type is not DocType.ID_CARD_FRONT
    ]
    for i, d in ordered:
        for name in ID_FIELDS:
            number = norm_id(d.value(name))
            if decode_id(number):
                return number, d.doc_type.value, i
    return None


def _female_scheme(staff_category: Any, words_50: list[str], words_55: list[str]) -> RetirementScheme | None:
    text = nfkc(staff_category) if isinstance(staff_category, str) else ""
    if not text:
        return None
    if any(nfkc(w) in text for w in words_50):
        return FEMALE_50
    if any(nfkc(w) in text for w in words_55):
        return FEMALE_55
    return None


def _ym(month: str) -> str:
    y, m = month.split("-")
    return f"{y}年{int(m)}月"


def _age(scheme: RetirementScheme, birth_month: str, retire: str) -> str:
    months = month_index(retire) - month_index(birth_month)
    years, rest = divmod(months, 12)
    return f"{years}周岁" + (f"{rest}个月" if rest else "")


# 001 §一(二): 离退休人员不得申报职称; 003 §二 Q4: 达到国家法定离退休年龄人员（不含按规定批准延迟退休并在
# 延迟退休期内的人员）不得参加职称申报评审. Retirement ages: the 2025 gradual reform (validators/rules/_dates.py).
@rule("eligibility.retirement_age")
def retirement_age(
    case: Case,
    *,
    female_default: Literal[55, 50] = 55,
    female_50_words: list[str] | None = None,
    female_55_words: list[str] | None = None,
) -> Iterator[Finding]:
    """RETIREMENT_AGE when the applicant reached statutory retirement age by the as_of month.

    Birth month and gender come from the ID number (declared, else the ID card). Men: 60 -> 63;
    women: 55 -> 58 or 50 -> 55 by the declared 人员身份 (`female_50_words` e.g. 工人,
    `female_55_words` e.g. 干部); when it is not declared, `female_default` is assumed and the
    finding says so. Retirement age is reached in the retirement month (003 Q4 counts by month).
    """
    found_id = _id_number(case)
    if found_id is None:
        return
    number, source, index = found_id
    decoded = decode_id(number)
    if decoded is None:  # pragma: no cover - _id_number only returns decodable numbers
        return
    birth, gender = decoded
    birth_month = month_of(birth)
    assumed = False
    if gender == "男":
        scheme = MALE_60
    else:
        category = case.declared.staff_category if case.declared else None
        scheme = _female_scheme(category, female_50_words or ["工人"], female_55_words or ["干部"])
        if scheme is None:
            scheme, assumed = (FEMALE_50 if female_default == 50 else FEMALE_55), True
    retire = retirement_month(birth_month, scheme)
    if month_index(month_of(case.as_of)) < month_index(retire):
        return
    who = "男" if gender == "男" else ("女" if assumed else f"女（{'工人' if scheme is FEMALE_50 else '干部'}）")
    note = ""
    if assumed:
        note = (
            f"（申报信息未填写人员身份，按原法定退休年龄{scheme.original_years}周岁的女职工计算；"
            "如人员身份不同，请补充申报信息中的人员身份）"
        )
    yield finding(
        "RETIREMENT_AGE",
        f"根据身份证号，申报人{_ym(birth_month)}出生，{who}，法定退休年龄为{_age(scheme, birth_month, retire)}，"
        f"应于{_ym(retire)}退休{note}；申报日（{case.as_of.isoformat()}）已达到法定退休年龄，不得申报职称。"
        "如身份证号有误请更正；如属按规定批准延迟退休并在延迟退休期内的人员，请上传批准材料。",
        documents=[index] if index is not None else [],
        evidence={
            "birth_month": birth_month,
            "gender": gender,
            "category": scheme.key,
            "category_assumed": assumed,
            "retirement_month": retire,
            "as_of": case.as_of.isoformat(),
            "id_number_masked": mask(number),
            "id_source": source,
        },
        relied_on=[(index, "id_number") if index is None or "id_number" in case.documents[index].fields
                   else (index, "employee_id_number")],
    )


# 001 §六(一): 弄虚作假……记入职称评审诚信档案库……记录期限为3年，记录期内不得参加职称考核认定; 003 §一(一)1
# (云人社发〔2020〕57号); 004 §五(五): 一律取消申报资格并列入职称评审“黑名单”.
@rule("eligibility.blacklist")
def blacklist(case: Case) -> Iterator[Finding]:
    """BLACKLISTED when a row of the 失信/黑名单 list (--blacklist, read by the Auditor; the rows naming
    this applicant's ID number are in `Case.blacklist`) is in force on the reference date: its 期限
    not yet passed, or none given. An error only when the ID number was read certainly from the
    applicant's documents and the list names the same person: a number only declared or read
    unsurely, a 期限 that cannot be read, or another name on the list's row, and a reviewer looks.
    The list's name and reason stay in the evidence; the message says only that the applicant is
    on it and until when."""
    rows = [r for r in case.blacklist if not (r.get("until") and r["until"] < case.as_of.isoformat())]
    if not rows:
        return
    _, refs, certain = identity_number(case)
    doubts = []
    if not certain:
        doubts.append("申报人的身份证号未能从身份证件上确定识别")
    name = case.declared.name if case.declared and case.declared.name else None
    if name is None:
        front = case.first(DocType.ID_CARD_FRONT)
        name = front[1].value("name") if front else None
    if any(r.get("listed_name") and name and nfkc(r["listed_name"]) != nfkc(str(name)) for r in rows):
        doubts.append("名单中该身份证号对应的姓名与申报人姓名不一致")
    if any(r.get("until_raw") and not r.get("until") for r in rows):
        doubts.append("名单中的期限无法识别")
    ends = sorted(r["until"] for r in rows if r.get("until"))
    until = f"（记录期限至{ends[-1]}）" if ends and len(ends) == len(rows) else ""
    yield finding(
        "BLACKLISTED",
        f"申报人列于职称评审失信（黑名单）名单中{until}，记录期内不得申报职称。请单位核实；如名单有误，请向名单发布部门申请更正。",
        evidence={"as_of": case.as_of.isoformat(), "entries": rows},
        relied_on=sure_refs(case, refs),
        unsure=doubts,
    )
