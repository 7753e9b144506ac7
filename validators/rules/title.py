"""The current title (职称证书) and the applications that rest on it: 晋升, 转系列, 调入.

- documents.title_certificate: the certificate of the current title is required where the declared
  path rests on one (DOC_MISSING): the 申报类型s the notice names (`application_types`), a level
  reached through a lower title (`via_title`, 001 §二(二)1 员级 + 48), or an applied level counted from
  the title held (`levels`, 004 §四(三)).
- title.consistency: the certificate against the declared 现有职称级别 and 取得现职称时间
  (TITLE_LEVEL_MISMATCH, TITLE_DATE_MISMATCH). Name and ID number are the identity rules' (the
  certificate's `name` and `id_number` are compared with every other document's).
- title.series_change (申报类型 转系列): the same level as held (SERIES_CHANGE_LEVEL); .series_change_months
  and .series_change_evidence: months in the new post (SERIES_CHANGE_SHORT; SERIES_CHANGE_UNVERIFIED
  without the declared 聘任时间).
- title.promotion_series (申报类型 晋升): no promotion across series without a 转系列 (SERIES_CROSS), and
  not too soon after one (SERIES_CHANGE_SHORT).
- title.transfer (申报类型 调入): the title held is confirmed, not raised (TRANSFER_LEVEL); .transfer_trial
  and .transfer_evidence: after a trial of `trial_months` under the new contract (TRANSFER_TRIAL_SHORT;
  TRANSFER_UNVERIFIED without a start).

A value read from a certificate by OCR that only it shows is at most a warning against the declared
data (`_titles.ocr_only`); the declared data is the applicant's own statement and certain.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, Literal

from preaudit.pipeline.model import TITLE_LEVELS, Case, DocType, Finding, TitleLevel
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import doc_label, unit_type_of
from preaudit.validators.rules._dates import full_months
from preaudit.validators.rules._titles import (Held, current, declared_current_level, held, ocr_only, rank,
                                               same_series)
from preaudit.validators.rules.scope import levels_named
from preaudit.validators.rules.seniority import TitleRoute

Until = Literal["as_of"] | date
_OCR = "证书上的该项为文字识别结果，且无其他材料印证，可能为识别差异"


def _applied_level(case: Case) -> str | None:
    """The one level the declared 申报级别 names (中级, 工程师 -> 中级), else None (初级 names two)."""
    named = levels_named(case.declared.level if case.declared else None)
    return next(iter(named)) if len(named) == 1 else None


def _type(case: Case) -> str | None:
    return case.declared.application_type if case.declared is not None else None


def _current(case: Case) -> tuple[str | None, list[tuple[int | None, str]], Held | None]:
    """The current level: declared (certain), else the highest certificate's (as read)."""
    declared = declared_current_level(case)
    if declared is not None:
        return declared, [(None, "current_title_level")], current(case, declared)
    h = current(case)
    return (h.level, [(h.index, "title_level")], h) if h is not None else (None, [], None)


def _reference(case: Case, until: Until) -> date:
    return until if isinstance(until, date) else case.as_of


# 001 §二(二)1: 取得员级职称后再从事本专业工作满48个月; §二(七): 其晋升上一级职称时，同时上传前后取得的职称;
# 003 Q16: 外地调入人员 申报确认职称资格; Q17 变更系列; 004 §四(三) 任职年限从取得职称资格的当月起计算; §四(五)
# 转系列申报需在系统中填报现有同级职称.
@rule("documents.title_certificate")
def title_certificate_required(
    case: Case,
    *,
    application_types: list[str],
    levels: list[TitleLevel] | None = None,
    via_title: dict[str, dict[str, TitleRoute]] | None = None,
    document_names: dict[DocType, str] | None = None,
) -> Iterator[Finding]:
    """DOC_MISSING when no 职称证书 was uploaded and the declared path rests on a current title: a
    申报类型 of `application_types`, an applied level of `levels` (not a 首次认定), or a `via_title`
    route of the declared education and level (001 §二(二)1 中专 -> 助理级 through 员级)."""
    d = case.declared
    if d is None or case.of_type(DocType.TITLE_CERTIFICATE):
        return
    applied = _applied_level(case)
    because = None
    if d.application_type in application_types:
        because = f"申报类型为{d.application_type}"
    elif levels and applied in levels and d.application_type != "首次认定":
        because = f"申报{applied}职称的任职年限从取得现职称资格起计算"
    elif via_title and d.application_type != "首次认定":
        for education, routes in via_title.items():
            route = routes.get(applied or "")
            if route is not None and d.education and education in d.education:
                because = f"以{education}学历申报{applied}职称须先取得{route.title}职称"
                break
    if because is None:
        return
    name = doc_label(DocType.TITLE_CERTIFICATE, document_names)
    maybe = sorted({x.file for x in case.documents
                    if x.doc_type is DocType.OTHER and DocType.TITLE_CERTIFICATE.value in (x.meta.get("resembles") or [])})
    yield finding(
        "DOC_MISSING",
        f"{because}，须上传现有职称的{name}，未上传，请补充上传。",
        evidence={"document": DocType.TITLE_CERTIFICATE.value, "document_name": name, "needed_because": because,
                  "application_type": d.application_type, "declared_level": d.level}
                 | ({"possibly_in": maybe} if maybe else {}),
        relied_on=[(None, "application_type")] if d.application_type in application_types else [(None, "level")],
        unsure=[f"未能确认类型的文件含有{name}的用语，可能即是该材料：{'、'.join(maybe)}"] if maybe else [],
    )


# 001 §三(二)2: 审查申报材料的……与考核推荐时信息的一致性; 004 §四(五): 转系列申报需在系统中填报现有同级职称.
@rule("title.consistency")
def title_consistency(case: Case) -> Iterator[Finding]:
    """TITLE_LEVEL_MISMATCH when no uploaded certificate shows the declared 现有职称级别 (the highest one
    read is compared); TITLE_DATE_MISMATCH when the certificate of that level gives another date than the
    declared 取得现职称时间 (to the month where it prints only a month)."""
    d = case.declared
    certs = [h for h in held(case) if h.level is not None]
    declared = declared_current_level(case)
    if d is None or declared is None or not certs:
        return
    mine = current(case, declared)
    if mine is None:
        top = current(case)
        yield finding(
            "TITLE_LEVEL_MISMATCH",
            f"申报信息中的现有职称级别为{declared}，所附{doc_label(DocType.TITLE_CERTIFICATE)}为{top.level}"
            f"（{top.doc.value('title_name') or top.level}），不一致。请核对现有职称级别，并上传现有职称的证书。",
            documents=[top.index],
            evidence={"declared_current_level": declared, "certificate_level": top.level, "file": top.doc.file},
            relied_on=[(None, "current_title_level"), (top.index, "title_level")],
            unsure=[_OCR] if ocr_only(case, top, "title_level") else [],
        )
        return
    if d.current_title_date is None or mine.obtained_text is None:
        return
    claimed = d.current_title_date.isoformat()
    if claimed[: len(mine.obtained_text)] == mine.obtained_text:
        return
    yield finding(
        "TITLE_DATE_MISMATCH",
        f"申报信息中的取得现职称时间为{claimed}，所附{declared}{doc_label(DocType.TITLE_CERTIFICATE)}的取得（批准）时间为"
        f"{mine.obtained_text}，不一致。任职年限和资历均从取得职称时起计算，请按证书更正取得现职称时间。",
        documents=[mine.index],
        evidence={"declared_current_date": claimed, "certificate_date": mine.obtained_text, "file": mine.doc.file},
        relied_on=[(None, "current_title_date"), (mine.index, "obtained_date")],
        unsure=[_OCR] if ocr_only(case, mine, "obtained_date") else [],
    )


# 001 §二(七): 原已具备初级职称，现需变更职称系列（专业）的人员，须变更岗位后在现岗位工作满12个月以上，再进行考核认定
# 新的初级职称; 003 Q17(1): 经半年以上试用……根据现有职称等级重新评审同等级专业技术职称资格, (3) 先按原级别完成系列的
# 变更; 004 §四(五): 转系列人员当年度不得申报高一级职称.
@rule("title.series_change")
def series_change(case: Case) -> Iterator[Finding]:
    """SERIES_CHANGE_LEVEL for a declared 转系列 whose applied level is not the level held (the declared
    现有职称级别, else the certificate's)."""
    if _type(case) != "转系列":
        return
    d = case.declared
    applied = _applied_level(case)
    held_level, relied, h = _current(case)
    if applied is not None and held_level is not None and applied != held_level:
        higher = rank(applied) > rank(held_level)
        yield finding(
            "SERIES_CHANGE_LEVEL",
            f"申报类型为转系列，现有职称为{held_level}，申报级别为{applied}。转系列须按现有职称等级申报同级职称"
            f"{'，当年度不得申报高一级职称' if higher else ''}；请按原级别申报转系列，完成转系列后再申报晋升。",
            documents=[h.index] if h is not None else [],
            evidence={"application_type": "转系列", "declared_level": d.level, "certificate_level": held_level},
            relied_on=[(None, "level"), *relied],
            unsure=[_OCR] if h is not None and relied[0][0] is not None and ocr_only(case, h, "title_level") else [],
        )


def _new_post(case: Case, min_months: int, count_until: Until) -> tuple[date, int | None] | None:
    """(the date counted to, whole months in the new post or None without a declared 聘任时间) of a
    declared 转系列, or None when there is nothing to count."""
    if _type(case) != "转系列" or min_months <= 0:
        return None
    d = case.declared
    until = _reference(case, count_until)
    return until, (full_months(d.appointment_date, until) if d.appointment_date is not None else None)


# 001 §二(七): 须变更岗位后在现岗位工作满12个月以上; 003 §二 Q17(1): 跨职务系列变动工作岗位，须……经半年以上试用.
@rule("title.series_change_months")
def series_change_months(case: Case, *, min_months: int, count_until: Until = "as_of") -> Iterator[Finding]:
    """SERIES_CHANGE_SHORT when fewer than `min_months` whole months run from the declared 聘任时间 (the
    post in the new series) to `count_until` for a declared 转系列."""
    counted = _new_post(case, min_months, count_until)
    if counted is None or counted[1] is None or counted[1] >= min_months:
        return
    (until, months), start = counted, case.declared.appointment_date
    yield finding(
        "SERIES_CHANGE_SHORT",
        f"申报类型为转系列，须在新岗位工作满{min_months}个月以上；按申报的聘任时间{start.isoformat()}至"
        f"{until.isoformat()}仅满{months}个月，不足。请满{min_months}个月后再申报转系列。",
        evidence={"application_type": "转系列", "start_date": start.isoformat(),
                  "counted_months": months, "min_months": min_months, "count_until": until.isoformat()},
        relied_on=[(None, "application_type"), (None, "appointment_date")],
    )


# 001 §二(七): 变更转岗的相关证明可以是聘书、合同、单位证明等形式; 003 §二 Q17(1).
@rule("title.series_change_evidence")
def series_change_evidence(case: Case, *, min_months: int, count_until: Until = "as_of") -> Iterator[Finding]:
    """SERIES_CHANGE_UNVERIFIED when a declared 转系列 gives no 聘任时间 to count the months in the new
    post from: a note asking for it and for the proof of the post change."""
    counted = _new_post(case, min_months, count_until)
    if counted is None or counted[1] is not None:
        return
    yield finding(
        "SERIES_CHANGE_UNVERIFIED",
        f"申报类型为转系列，须变更岗位后在现岗位工作满{min_months}个月以上；申报信息中未填写聘任（变更岗位）时间，无法核实。"
        "请填写聘任时间，并上传变更岗位的聘书、合同或单位证明。",
        evidence={"application_type": "转系列", "min_months": min_months},
    )


# 004 §四(五): 未转系列人员，不得跨系列申报高一级职称; 转系列人员当年度不得申报高一级职称，须在新系列（专业）聘任（用）
# 满1年以上; 003 Q17(3): 变更职务系列后拟晋升高一级职称的，先按原级别完成系列的变更，下一年度后再申报评审晋升职称.
@rule("title.promotion_series")
def promotion_series(
    case: Case,
    *,
    min_months: int = 0,
    next_year: bool = False,
    count_until: Until = "as_of",
) -> Iterator[Finding]:
    """For a declared 晋升: SERIES_CROSS when no certificate of the level held is in the declared 申报系列
    (a promotion across series without a 转系列); SERIES_CHANGE_SHORT when the certificate in the new series
    came from a 转系列 (another certificate of that level is in another series) and `min_months` do not run
    from its date to `count_until`, or (`next_year`) it is of the year counted to."""
    d = case.declared
    if _type(case) != "晋升" or d is None or not d.series:
        return
    held_level, _, _ = _current(case)
    at_level = [h for h in held(case) if h.level is not None and h.level == held_level and h.series]
    if not at_level:
        return
    in_series = [h for h in at_level if same_series(h.series, d.series)]
    if not in_series:
        h = at_level[-1]
        yield finding(
            "SERIES_CROSS",
            f"申报晋升{d.series}职称，所附现有{held_level}{doc_label(DocType.TITLE_CERTIFICATE)}为{h.series}"
            f"（{h.doc.value('title_name') or held_level}）。未转系列人员不得跨系列申报高一级职称；请先按原级别办理转系列，"
            "或按现有职称的系列申报。",
            documents=[h.index],
            evidence={"declared_series": d.series, "certificate_series": h.series, "certificate_level": held_level},
            relied_on=[(None, "series"), (h.index, "series")],
            unsure=[_OCR] if ocr_only(case, h, "series") else [],
        )
        return
    new = in_series[-1]
    if new.obtained is None or not any(not same_series(h.series, d.series) for h in at_level):
        return  # no 转系列 shown: the title was obtained in this series
    until = _reference(case, count_until)
    months = full_months(new.obtained, until)
    short = min_months > 0 and months < min_months
    same_year = next_year and new.obtained.year >= until.year
    if not (short or same_year):
        return
    need = f"须在新系列聘任满{min_months}个月以上" if short else "下一年度后方可申报晋升"
    yield finding(
        "SERIES_CHANGE_SHORT",
        f"所附{doc_label(DocType.TITLE_CERTIFICATE)}显示{new.obtained_text}转入{new.series}（{held_level}），"
        f"转系列人员{need}；至{until.isoformat()}仅满{months}个月。请满足后再申报晋升。",
        documents=[new.index],
        evidence={"declared_series": d.series, "certificate_series": new.series, "certificate_date": new.obtained_text,
                  "counted_months": months, "min_months": min_months, "count_until": until.isoformat()},
        relied_on=[(None, "series"), (new.index, "obtained_date"), (new.index, "series")],
    )


# 003 §二 Q16: 要求调入我市工作且仍从事原专业系列的在职在岗专业技术人员，在经半年以上试用（事业单位起算时间以事业单位聘用
# 合同为准、企业以劳动合同为准），并考核合格后，方可申报确认职称资格; 初级/中级/高级确认 by level.
@rule("title.transfer")
def transfer(case: Case) -> Iterator[Finding]:
    """TRANSFER_LEVEL for a declared 调入 whose applied level is not the level held: 调入 confirms the
    title (重新评审或者确认), it does not raise it."""
    if _type(case) != "调入":
        return
    d = case.declared
    applied = _applied_level(case)
    held_level, relied, h = _current(case)
    if applied is not None and held_level is not None and applied != held_level:
        yield finding(
            "TRANSFER_LEVEL",
            f"申报类型为调入（外地调入人员职称确认），现有职称为{held_level}，申报级别为{applied}。调入确认的是原有职称资格，"
            "请按现有职称级别申报确认；晋升须在确认后另行申报。",
            documents=[h.index] if h is not None else [],
            evidence={"application_type": "调入", "declared_level": d.level, "certificate_level": held_level},
            relied_on=[(None, "level"), *relied],
            unsure=[_OCR] if h is not None and relied[0][0] is not None and ocr_only(case, h, "title_level") else [],
        )


def _trial(case: Case, unit_types: dict[str, list[str]] | None, default_unit_type: str,
           public_unit_types: list[str] | None) -> tuple[str, tuple[date, int] | None] | None:
    """(the contract named, (its earliest start, document index) or None) of a declared 调入: the trial
    runs from the earliest start of the new unit's contract (聘用通知书 for a public institution, else the
    labour contract or its filing; the earliest is the most the applicant can have)."""
    if _type(case) != "调入":
        return None
    public = unit_type_of(case, unit_types or {}, default_unit_type) in (public_unit_types or ["public_institution"])
    kinds = (DocType.EMPLOYMENT_NOTICE,) if public else (DocType.LABOR_CONTRACT, DocType.CONTRACT_FILING)
    starts = [(s, i) for t in kinds for i, doc in case.of_type(t) if (s := doc.date("start_date")) is not None]
    return ("事业单位聘用合同（聘用通知书）" if public else "劳动合同"), (min(starts) if starts else None)


# 003 §二 Q16: 在经半年以上试用（事业单位起算时间以事业单位聘用合同为准、企业以劳动合同为准），并考核合格后，方可申报确认职称资格.
@rule("title.transfer_trial")
def transfer_trial(
    case: Case,
    *,
    trial_months: int,
    unit_types: dict[str, list[str]] | None = None,
    default_unit_type: str = "enterprise",
    public_unit_types: list[str] | None = None,
) -> Iterator[Finding]:
    """TRANSFER_TRIAL_SHORT when fewer than `trial_months` whole months run from the earliest start of
    the new unit's contract to the reference date for a declared 调入."""
    found = _trial(case, unit_types, default_unit_type, public_unit_types)
    if found is None or found[1] is None:
        return
    proof, (began, i) = found
    months = full_months(began, case.as_of)
    if months >= trial_months:
        return
    yield finding(
        "TRANSFER_TRIAL_SHORT",
        f"申报类型为调入，须经{trial_months}个月以上试用后方可申报确认职称；{proof}自{began.isoformat()}起，"
        f"至{case.as_of.isoformat()}仅满{months}个月。请试用期满并考核合格后再申报。",
        documents=[i],
        evidence={"application_type": "调入", "start_date": began.isoformat(), "counted_months": months,
                  "trial_months": trial_months},
        relied_on=[(None, "application_type"), (i, "start_date")],
    )


# 003 §二 Q16: 事业单位起算时间以事业单位聘用合同为准、企业以劳动合同为准.
@rule("title.transfer_evidence")
def transfer_evidence(
    case: Case,
    *,
    trial_months: int,
    unit_types: dict[str, list[str]] | None = None,
    default_unit_type: str = "enterprise",
    public_unit_types: list[str] | None = None,
) -> Iterator[Finding]:
    """TRANSFER_UNVERIFIED when a declared 调入 shows no contract start to count the trial from."""
    found = _trial(case, unit_types, default_unit_type, public_unit_types)
    if found is None or found[1] is not None:
        return
    proof = found[0]
    yield finding(
        "TRANSFER_UNVERIFIED",
        f"申报类型为调入，须经{trial_months}个月以上试用（以{proof}起算）并考核合格后方可申报确认；"
        f"未能从所附材料读出{proof}的起始日期，请上传{proof}，由单位核实试用期及考核结果。",
        evidence={"application_type": "调入", "trial_months": trial_months},
    )
