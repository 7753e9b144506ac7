"""Publicity form (公示表): working days of the publicity, the order of its dates, 单位性质, and what it
lists of the applicant (学历、资历、业绩)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from preaudit.pipeline.model import Case, DocType, Document, Finding
from preaudit.pipeline.values.text import nfkc
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import declared_attr, doc_label, extracted, iso, join_cn, match_key
from preaudit.validators.rules._dates import working_days


@dataclass(frozen=True)
class _Form:
    index: int
    doc: Document
    start: date | None
    end: date | None
    pledge: date | None
    opinion: date | None

    @property
    def label(self) -> str:
        return doc_label(self.doc.doc_type)


def _forms(case: Case) -> list[_Form]:
    return [
        _Form(
            i,
            d,
            d.date("publicity_start"),
            d.date("publicity_end"),
            d.date("pledge_date"),
            d.date("unit_opinion_date"),
        )
        for i, d in case.of_type(DocType.PUBLICITY_FORM)
    ]


def _years(years: tuple[int, ...]) -> str:
    return join_cn(f"{y}年" for y in years)


# 001 §五(六): 公示时间不少于5个工作日（周末节假日不包括在内）; 001 §三(一)2; 002 §三(一); 003 §一(二)1;
# 004 §五(三). Adjusted working days (调休) are working days; statutory holidays are not.
@rule("publicity.working_days")
def publicity_working_days(case: Case, *, min_working_days: int = 5) -> Iterator[Finding]:
    """PUBLICITY_TOO_SHORT when a publicity form's period (start and end both included) has fewer
    than `min_working_days` working days. Weekends and statutory holidays are excluded and 调休
    working days counted (chinesecalendar); a year the calendar does not cover is counted
    weekends-only, which the finding says (and `publicity.calendar` warns about). A form whose
    dates are unread, or whose end precedes its start (PUBLICITY_DATE_ORDER), is skipped."""
    for f in _forms(case):
        if f.start is None or f.end is None or f.end < f.start:
            continue
        wd = working_days(f.start, f.end)
        if wd.count >= min_working_days:
            continue
        how = (
            "（已扣除周末和法定节假日，调休上班日计入）"
            if wd.exact
            else f"（{_years(wd.fallback_years)}无节假日数据，仅扣除了周末）"
        )
        yield finding(
            "PUBLICITY_TOO_SHORT",
            f"{f.label}的公示时间为{f.start.isoformat()}至{f.end.isoformat()}，"
            f"仅{wd.count}个工作日{how}，不足{min_working_days}个工作日。"
            f"请在单位内部重新公示不少于{min_working_days}个工作日，公示期满后上传新的公示表原件。",
            documents=[f.index],
            evidence={
                "publicity_start": f.start.isoformat(),
                "publicity_end": f.end.isoformat(),
                "working_days": wd.count,
                "min_working_days": min_working_days,
                "calendar": "chinesecalendar" if wd.exact else "weekends_only",
                "fallback_years": list(wd.fallback_years),
            },
        )


# 001 §五(六) (周末节假日不包括在内): working days are exact only where the holiday calendar is known;
# the reviewer must check the holidays of a year the bundled calendar does not cover.
@rule("publicity.calendar")
def publicity_calendar(case: Case) -> Iterator[Finding]:
    """PUBLICITY_CALENDAR_FALLBACK when a publicity period falls (partly) in a year chinesecalendar
    does not cover, so that its working days were counted with weekends only."""
    for f in _forms(case):
        if f.start is None or f.end is None or f.end < f.start:
            continue
        wd = working_days(f.start, f.end)
        if wd.exact:
            continue
        yield finding(
            "PUBLICITY_CALENDAR_FALLBACK",
            f"{f.label}的公示时间{f.start.isoformat()}至{f.end.isoformat()}在{_years(wd.fallback_years)}，"
            f"本程序没有该年度的法定节假日和调休安排，工作日按仅扣除周末计算为{wd.count}天，"
            "未扣除法定节假日。请单位人工核对公示期是否满足工作日要求。",
            documents=[f.index],
            evidence={
                "publicity_start": f.start.isoformat(),
                "publicity_end": f.end.isoformat(),
                "weekday_count": wd.count,
                "fallback_years": list(wd.fallback_years),
            },
        )


# 001 §五(六): 考核认定公示表中“本人郑重承诺”落款日期需早于公示时间；“单位审核意见”落款日期需在公示期满结束后.
@rule("publicity.date_order")
def publicity_date_order(case: Case) -> Iterator[Finding]:
    """PUBLICITY_DATE_ORDER, one per problem: the pledge (本人郑重承诺) date is not before the
    publicity start; the unit opinion (单位审核意见) date is not after the publicity end; the end
    is before the start. Unread dates are not compared. Each problem is graded by the two dates it
    compares (`relied_on`), never by the form's other dates: an opinion date under the seal's ring
    does not make a late pledge date unsure."""
    for f in _forms(case):
        base = {
            "publicity_start": iso(f.start),
            "publicity_end": iso(f.end),
            "pledge_date": iso(f.pledge),
            "unit_opinion_date": iso(f.opinion),
        }
        if f.start and f.end and f.end < f.start:
            yield finding(
                "PUBLICITY_DATE_ORDER",
                f"{f.label}的公示结束日期（{f.end.isoformat()}）早于开始日期（{f.start.isoformat()}），"
                "请核对公示起止日期后上传正确的公示表原件。",
                documents=[f.index],
                evidence=base | {"problem": "end_before_start"},
                relied_on=[(f.index, "publicity_start"), (f.index, "publicity_end")],
            )
        if f.pledge and f.start and not f.pledge < f.start:
            yield finding(
                "PUBLICITY_DATE_ORDER",
                f"{f.label}中“本人郑重承诺”的落款日期（{f.pledge.isoformat()}）须早于公示开始日期"
                f"（{f.start.isoformat()}），请更正承诺落款日期后上传公示表原件。",
                documents=[f.index],
                evidence=base | {"problem": "pledge_not_before_start"},
                relied_on=[(f.index, "pledge_date"), (f.index, "publicity_start")],
            )
        if f.opinion and f.end and not f.opinion > f.end:
            # An opinion dated before the publicity even began contradicts its own words (已在本单位
            # 公示…无异议) and is what a misread gives (2024.8.30 read 2024.8.3, a stamped 2024 read
            # 2021): the reviewer is asked to look, never told the form is wrong.
            early = f.start is not None and f.opinion < f.start
            yield finding(
                "PUBLICITY_DATE_ORDER",
                f"{f.label}中“单位审核意见”的落款日期（{f.opinion.isoformat()}）须在公示期满"
                f"（{f.end.isoformat()}）之后，请在公示期满后签署单位审核意见并上传公示表原件。",
                documents=[f.index],
                evidence=base | {"problem": "opinion_not_after_end"},
                relied_on=[(f.index, "unit_opinion_date"), (f.index, "publicity_end")],
                unsure=["单位审核意见的落款日期早于公示开始日期，与审核意见所述公示情况矛盾，疑为识别差异，请人工核对"] if early else (),
            )


# 001 §五(六): 私营单位的单位性质必须勾选“非公经济组织”.
@rule("publicity.unit_type")
def publicity_unit_type(
    case: Case,
    *,
    private_words: list[str],
    required_choice: str = "非公经济组织",
) -> Iterator[Finding]:
    """PUBLICITY_UNIT_TYPE when the declared 单位性质 names a private unit (one of `private_words`)
    and a publicity form's 单位性质 was read and is not `required_choice`. Silent when either is
    unknown (a declared plain 企业 may be state-owned)."""
    declared = declared_attr(case, "unit_type")
    flat = nfkc(declared) if isinstance(declared, str) else ""
    if not flat or not any(nfkc(w) and nfkc(w) in flat for w in private_words):
        return
    for i, d in case.of_type(DocType.PUBLICITY_FORM):
        value = d.value("unit_type")
        if not isinstance(value, str) or not nfkc(value) or nfkc(required_choice) in nfkc(value):
            continue
        yield finding(
            "PUBLICITY_UNIT_TYPE",
            f"{doc_label(d.doc_type)}的单位性质为“{value}”，申报单位为{declared}，"
            f"私营单位的单位性质须勾选“{required_choice}”，请更正后上传公示表原件。",
            documents=[i],
            evidence={"form_unit_type": value, "declared_unit_type": declared,
                      "required_choice": required_choice},
        )


# --------------------------------------------------------------------------- what the form lists

def _listed(d: Document, parts: dict[str, list[str]]) -> tuple[list[str], list[str], list[str]]:
    """The parts a form lists with a value read, those whose label is printed but whose value was
    not read (the extractor keeps the label as `raw`), and those of which nothing is on the form."""
    read, unread, absent = [], [], []
    for part, names in parts.items():
        fields = [d.fields[n] for n in names if n in d.fields]
        if any(fv.found for fv in fields):
            read.append(part)
        elif any(fv.raw for fv in fields):
            unread.append(part)
        else:
            absent.append(part)
    return read, unread, absent


def _content_forms(case: Case, parts: dict[str, list[str]]) -> Iterator[tuple[int, Document, list[str], list[str], list[str]]]:
    """Publicity forms that were read (an extractor ran and read something) and know the parts' fields."""
    names = {n for fields in parts.values() for n in fields}
    for i, d in case.of_type(DocType.PUBLICITY_FORM):
        if not extracted(d) or not names & set(d.fields) or not any(fv.found for fv in d.fields.values()):
            continue  # not read at all: FIELD_UNREADABLE / DOC_UNREADABLE say so
        yield (i, d, *_listed(d, parts))


# 003 §一(三)1: 须将申报人员的学历、资历条件及学术、业绩成果等在本单位进行公示.
@rule("publicity.content")
def publicity_content(case: Case, *, parts: dict[str, list[str]]) -> Iterator[Finding]:
    """PUBLICITY_CONTENT_INCOMPLETE when a publicity form shows nothing of one of `parts` (part name
    -> the form's fields that list it): neither a value nor its label. A part whose label is
    printed but whose value was not read is listed (publicity.content_unread says so). OCR may
    miss a part, so the policy grades this a warning that asks for a look at the form."""
    for i, d, read, unread, absent in _content_forms(case, parts):
        if not absent:
            continue
        label = doc_label(d.doc_type)
        yield finding(
            "PUBLICITY_CONTENT_INCOMPLETE",
            f"{label}上未见申报人的{join_cn(absent)}。单位公示须列明申报人员的学历、资历条件及学术、业绩成果"
            f"（公示表中应有{join_cn(absent)}栏目及内容）。请人工核对{label}；确未公示该内容的，"
            "请补充公示不少于5个工作日后上传新的公示表原件。",
            documents=[i],
            evidence={"missing_parts": absent, "listed_parts": read + unread},
        )


# 003 §一(三)1: the part is on the form (its label printed), its value not read: for the reviewer.
@rule("publicity.content_unread")
def publicity_content_unread(case: Case, *, parts: dict[str, list[str]]) -> Iterator[Finding]:
    """PUBLICITY_CONTENT_UNREAD when a publicity form prints the label of one of `parts` but none of
    its values could be read (an empty cell, or writing OCR did not read): for the reviewer."""
    for i, d, read, unread, _absent in _content_forms(case, parts):
        if not unread:
            continue
        fields = [n for part in unread for n in parts[part] if n in d.fields and d.fields[n].raw]
        yield finding(
            "PUBLICITY_CONTENT_UNREAD",
            f"{doc_label(d.doc_type)}上有{join_cn(unread)}栏目，但未能识别其内容（栏目为空或字迹无法识别），请人工查看。",
            documents=[i],
            evidence={"unread_parts": unread, "labels": [d.fields[n].raw for n in fields], "fields": fields},
        )


# 003 §一(三)1 (the publicity lists the 学历) with the declared 学历: where both name a level and the
# form's reading is certain, a different level is worth a look (a warning, never an error: the
# form may list the first 学历 and the declaration the highest).
@rule("publicity.education")
def publicity_education(case: Case, *, levels: list[str], aliases: dict[str, str] | None = None) -> Iterator[Finding]:
    """PUBLICITY_EDUCATION_MISMATCH when the declared 学历 and a publicity form's listed 学历 (read
    certainly) name different `levels` (after `aliases`: 大学本科 -> 本科, 硕士研究生 -> 硕士).
    Silent when either names no level or the form's reading is not certain."""
    declared = declared_attr(case, "education")
    want = match_key(declared, levels, aliases)
    if want is None:
        return
    for i, d in case.of_type(DocType.PUBLICITY_FORM):
        fv = d.fields.get("education")
        if fv is None or not fv.found or fv.certainty != "certain":
            continue
        listed = match_key(fv.value, levels, aliases)
        if listed is None or listed == want:
            continue
        yield finding(
            "PUBLICITY_EDUCATION_MISMATCH",
            f"{doc_label(d.doc_type)}公示的学历为“{fv.value}”，申报的学历为“{declared}”，两者不一致。"
            "请核对：公示表所列学历有误的，更正后重新公示并上传公示表原件；申报信息有误的，更正申报信息。",
            documents=[i],
            evidence={"education": fv.value, "declared_education": declared, "form_level": listed,
                      "declared_education_level": want},
            relied_on=[(None, "education"), (i, "education")],
        )
