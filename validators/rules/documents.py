"""Completeness: declared data present, required attachments present, required fields legible."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from preaudit.pipeline.model import NO_TEXT_READ, Case, DocType, Finding, year_month
from preaudit.validators.attachments import ConditionalDocument, DocumentGroup, NotOnline, RequiredEntry, members
from preaudit.validators.registry import finding, rule
from preaudit.pipeline.values.text import nfkc
from preaudit.validators.rules._common import doc_label, extracted, field_label, safe_value, unit_type_of


# CONTRACT.md: without a manifest row (001 §三(一)3 附件3 推荐人员名单) or applicant.yaml the
# identity is taken from the ID card; the reviewer should know the declared data was not checked.
@rule("declared.present")
def declared_present(case: Case) -> Iterator[Finding]:
    """DECLARED_DATA_MISSING when the case has no declared data."""
    if case.declared is None:
        yield finding(
            "DECLARED_DATA_MISSING",
            "未找到该申报人在推荐人员名单（或 applicant.yaml）中的申报信息，"
            "已以身份证信息作为申报信息进行核对；请单位核实并补充申报信息。",
            evidence={"key": case.key},
        )


# 001 §五(三) 附件1 身份证正反面; §五(四) 附件2 学历 (the 备案表, or where it cannot be verified online the
# unit's certificate after checking the 档案, or for a foreign degree the 学历学位认证书); §五(五) 附件3 工作证明
# （事业单位: 聘用通知书; 企业: 参保证明 + 劳动合同备案表）; §五(六) 附件4 公示表; §五(七) 附件5 承诺书.
@rule("documents.required")
def documents_required(
    case: Case,
    *,
    required_documents: dict[str, list[RequiredEntry]],
    unit_types: dict[str, list[str]],
    default_unit_type: str = "enterprise",
    document_names: dict[DocType, str] | None = None,
    condition_words: dict[str, dict[str, list[str]]] | None = None,
) -> Iterator[Finding]:
    """DOC_MISSING for each required attachment of the applicant's unit type that is absent: a
    document type none of whose documents is present, or a group (`any_of`) none of whose members is.

    The unit type comes from the declared 单位性质 (`unit_types` maps each type to the words that
    select it), else `default_unit_type`. A group's message names every alternative (A或B或C). Where
    the group says when its online record cannot exist (`when_not_online`: a 技工院校 学历, a graduation
    before the year 学信网 registers from) and the applicant is such a case, the message says the
    record may not exist and asks for the member to give instead; it is still DOC_MISSING. A
    conditional entry (`{document, when}`) is required only where its condition holds
    (`condition_holds`: `dispatched`, a declared 用工单位; `degree_route`; `out_of_province_branch`;
    `delegated_unit`; `post_change`; `paper_not_in_cnki`, a declared paper marked 知网:否; `major_mismatch`),
    and its message says why.
    """
    unit_type = unit_type_of(case, unit_types, default_unit_type)
    required = required_documents.get(unit_type, required_documents.get(default_unit_type, []))
    present = {d.doc_type.value for d in case.documents}
    declared_type = case.declared.unit_type if case.declared else None
    for entry in required:
        kinds = [DocType(t) for t in members(entry)]
        if any(t.value in present for t in kinds):
            continue
        because = (condition_holds(case, entry.when, (condition_words or {}).get(entry.when))
                   if isinstance(entry, ConditionalDocument) else None)
        if isinstance(entry, ConditionalDocument) and because is None:
            continue
        names = [doc_label(t, document_names) for t in kinds]
        key = kinds[0].value
        # pages that fit no type but show this type's words may be it (another city's form):
        # its absence is then not certain, and a reviewer's look settles it
        maybe = sorted({d.file for d in case.documents
                        if d.doc_type is DocType.OTHER and {t.value for t in kinds} & set(d.meta.get("resembles") or [])})
        evidence: dict[str, Any] = {
            "document": key,
            "document_name": names[0],
            "unit_type": unit_type,
            "declared_unit_type": declared_type,
        }
        message = f"未上传{names[0]}，请补充上传。"
        if because is not None:
            evidence["condition"] = because
            message = f"{because['why']}，未上传{'或'.join(names)}，请补充上传。"
            if len(names) > 1:
                evidence["alternatives"] = [{"document": t.value, "document_name": n} for t, n in zip(kinds, names)]
        if isinstance(entry, DocumentGroup):
            offline = _not_online(case, entry.when_not_online)
            evidence["alternatives"] = [
                {"document": t.value, "document_name": n, "status": _status(t, entry.when_not_online, offline)}
                for t, n in zip(kinds, names)
            ]
            message = f"未上传{'或'.join(names)}，请补充上传其中一种。"
            if offline is not None and entry.when_not_online is not None:
                rule_ = entry.when_not_online
                record, instead = doc_label(rule_.record, document_names), doc_label(rule_.instead, document_names)
                others = [n for t, n in zip(kinds, names) if t not in (rule_.record, rule_.instead)]
                also = f"；亦可上传{'或'.join(others)}" if others else ""
                message = (f"未上传学历证明材料。{offline['why']}，{record}可能无法出具，"
                           f"请改为上传{instead}{also}。")
                evidence["not_online"] = {k: v for k, v in offline.items() if k != "why"}
        # a file in which the recogniser read nothing may be this very document
        unread = sorted(f.path for f in case.files if f.status == "unreadable" and f.reason == NO_TEXT_READ)
        if maybe or unread:
            evidence["possibly_in"] = maybe + unread
        yield finding(
            "DOC_MISSING",
            message,
            evidence=evidence,
            unsure=([f"未能确认类型的文件含有{'或'.join(names)}的用语，可能即是该材料：{'、'.join(maybe)}"] if maybe else [])
            + ([f"未识别出文字的文件可能即是该材料：{'、'.join(unread)}"] if unread else []),
        )


# The words each condition looks for are the policy's (`condition_words` of documents.required: the
# notice's own words and places, e.g. 在平 for Pingliang); a condition without its words never holds.


def _declared_unit_texts(case: Case) -> tuple[str | None, str | None, str]:
    """The declared 单位性质 and 申报单位 as typed, and both NFKC-joined (what the words are sought in)."""
    d = case.declared
    unit_type = d.unit_type if d is not None else None
    unit = d.unit if d is not None else None
    flat = " ".join(nfkc(x) for x in (unit_type, unit) if isinstance(x, str))
    return unit_type, unit, flat


def _unit_evidence(when: str, unit_type: str | None, unit: str | None, words: list[str], why: str) -> dict[str, Any]:
    return {"when": when, "unit_type": unit_type, "unit": unit, "words": words, "why": why}


def condition_holds(case: Case, when: str, words: dict[str, list[str]] | None = None) -> dict[str, Any] | None:
    """Why a conditional entry's condition holds for the applicant ({`when`, the declared value,
    `why` in Chinese}), or None when it does not.

    `dispatched`: a 用工单位 is declared (001 §三(一)2, §五(五)2(3): 属劳务派遣公司的申报人员).
    `degree_route`: the declared 学历 names a degree a level rests on (003 §二 Q18(2): 硕士学位或双学士学位
    直接认定助理级，博士学位直接认定中级), so the degree's proof is owed (Q20(2) 学位证书复印件).
    `out_of_province_branch`: the declared 单位性质 or 申报单位 says 外省 (省外) and 分公司 (分支机构), and
    names no 中央, 省属 or 市属 unit (001 §三(一)2, §五(五)2(5): the 总公司's 推荐报告 is owed).
    `delegated_unit`: the declared 单位性质 or 申报单位 says 中央在平 (在甘, 驻平), or 外省 with 分支机构, 分公司
    or 在平 (004 §二: the 委托函 is owed). Only explicit words count: a 分公司 alone may be a Yunnan
    company's, and the finding is an error.
    `major_mismatch`: the declared 专业对口 is 否 (003 §二 Q12: 毕业专业与所申报专业不相符的 shows 专业培训累计
    半年以上, a 进修结业证书 of three 主要科目, a year of study or a 市级行业主管部门's 业务培训); not declared
    (None) is not 否.
    `words`: the policy's words for the condition (`condition_words`): `degrees` (degree_route);
    `outside`, `branch`, `excluded` (out_of_province_branch); `central`, `outside`, `branch`
    (delegated_unit); `posts`, `levels` (post_change). Without them a word condition does not hold.
    `post_change`: the declared 原岗位类别 names a 管理 or 工勤 post and the declared level is one of
    `levels` (003 §二 Q10(3): 申报评审中、高级职称的，需提供《事业单位工作人员岗位（职务）变动工资审批表》).
    """
    check = _CONDITIONS.get(when)
    if check is None:
        raise ValueError(f"unknown condition {when!r}")  # the policy's model refuses it before
    return check(case, {k: [nfkc(x) for x in v] for k, v in (words or {}).items()})


Words = dict[str, list[str]]


def _degree_route(case: Case, w: Words) -> dict[str, Any] | None:
    education = case.declared.education if case.declared is not None else None
    word = next((x for x in w.get("degrees", []) if x in nfkc(education or "")), None)
    if word is None:
        return None
    return {"when": "degree_route", "education": education,
            "why": f"申报信息填写的学历为“{education}”（按{word}学位认定职称须提供学位证明）"}


def _dispatched(case: Case, w: Words) -> dict[str, Any] | None:
    user_unit = case.declared.user_unit if case.declared is not None else None
    if not (isinstance(user_unit, str) and nfkc(user_unit)):
        return None
    return {"when": "dispatched", "user_unit": user_unit, "why": f"申报信息填写了用工单位“{user_unit}”（劳务派遣人员）"}


def _out_of_province_branch(case: Case, w: Words) -> dict[str, Any] | None:
    unit_type, unit, flat = _declared_unit_texts(case)
    outside = [x for x in w.get("outside", []) if x in flat]
    branch = [x for x in w.get("branch", []) if x in flat]
    if not (outside and branch) or any(x in flat for x in w.get("excluded", [])):
        return None
    return _unit_evidence("out_of_province_branch", unit_type, unit, outside + branch,
                          f"申报信息填写的{_said(unit_type, unit, outside + branch)}（外省企业分公司）")


def _delegated_unit(case: Case, w: Words) -> dict[str, Any] | None:
    unit_type, unit, flat = _declared_unit_texts(case)
    central = [x for x in w.get("central", []) if x in flat]
    branch = [x for x in w.get("branch", []) if x in flat]
    outside = [x for x in w.get("outside", []) if x in flat]
    if not (central or (outside and branch)):
        return None
    hits = central or outside + branch
    kind = "中央在平单位" if central else "外省单位在平分支机构"
    return _unit_evidence("delegated_unit", unit_type, unit, hits, f"申报信息填写的{_said(unit_type, unit, hits)}（{kind}）")


def _post_change(case: Case, w: Words) -> dict[str, Any] | None:
    d = case.declared
    former, level = (d.former_post, d.level) if d is not None else (None, None)
    post = next((x for x in w.get("posts", []) if x in nfkc(former or "")), None)
    senior = next((x for x in w.get("levels", []) if x == nfkc(level or "")), None)
    if post is None or senior is None:
        return None
    return {"when": "post_change", "former_post": former, "level": level,
            "why": f"申报信息填写的原岗位类别为“{former}”、申报级别为{level}（{post}岗位转专业技术岗位申报中、高级）"}


def _major_mismatch(case: Case, w: Words) -> dict[str, Any] | None:
    if (case.declared.major_matches if case.declared is not None else None) is not False:
        return None
    return {"when": "major_mismatch", "major_matches": "否",
            "why": "申报信息填写的专业对口为“否”（所学专业与申报专业不相符，须提供专业培训或进修证明）"}


# 003 §二 Q10(3): 申报评审中、高级职称的，需提供《事业单位工作人员岗位（职务）变动工资审批表》.
@rule("documents.post_change_form")
def documents_post_change_form(case: Case, *, words: dict[str, list[str]] | None = None,
                               form: str = "岗位变动") -> Iterator[Finding]:
    """POST_CHANGE_FORM_MISSING where the `post_change` condition holds (`words`: its `posts` and
    `levels`, as in documents.required) and salary approval tables are uploaded, each read as a
    form other than `form` (正常晋升, 新参加工作). A table whose form was not read could be the right
    one: then nothing is said. A missing table is DOC_MISSING (documents.required)."""
    because = condition_holds(case, "post_change", words)
    tables = list(case.of_type(DocType.SALARY_APPROVAL))
    if because is None or not tables:
        return
    forms = [d.value("form") for _, d in tables]
    if any(f is None or f == form for f in forms):
        return
    read = "、".join(sorted({str(f) for f in forms}))
    yield finding(
        "POST_CHANGE_FORM_MISSING",
        f"{because['why']}，须提供《事业单位工作人员岗位（职务）变动工资审批表》；已上传的工资审批表为“{read}”表，"
        "请补充上传岗位（职务）变动工资审批表。",
        documents=[i for i, _ in tables],
        evidence={"condition": because, "forms_read": forms, "form_needed": form},
    )


def _paper_not_in_cnki(case: Case) -> dict[str, Any] | None:
    """004 附件1 §四: “中国知网”未收录的论文……出具查重报告……加盖本单位公章上传. Holds where a declared paper
    says 知网:否 (not declared = not asked)."""
    papers = case.declared.papers if case.declared is not None else None
    out = [(n, p) for n, p in enumerate(papers or (), 1) if p.in_cnki is False]
    if not out:
        return None
    names = "、".join(f"《{p.title}》" if p.title else f"第{n}篇" for n, p in out)
    return {"when": "paper_not_in_cnki", "papers": [n for n, _ in out], "titles": [p.title for _, p in out],
            "why": f"申报信息填写的论文{names}未被“中国知网”收录（须由用人单位联系“中国知网”查重并加盖单位公章上传查重报告）"}


# Each condition a conditional entry may name (`when`), as a function of the case and the policy's words.
_CONDITIONS: dict[str, Callable[[Case, Words], dict[str, Any] | None]] = {
    "degree_route": _degree_route,
    "dispatched": _dispatched,
    "out_of_province_branch": _out_of_province_branch,
    "delegated_unit": _delegated_unit,
    "post_change": _post_change,
    "paper_not_in_cnki": lambda case, _w: _paper_not_in_cnki(case),
    "major_mismatch": _major_mismatch,
}


def _said(unit_type: str | None, unit: str | None, words: list[str]) -> str:
    """单位性质为“…” / 申报单位为“…”: whichever declared value holds the words."""
    parts = [f"{label}为“{value}”" for label, value in (("单位性质", unit_type), ("申报单位", unit))
             if isinstance(value, str) and any(w in nfkc(value) for w in words)]
    return "、".join(parts)


def _status(t: DocType, rule_: NotOnline | None, offline: dict[str, Any] | None) -> str:
    """What the message says of one alternative: `may_not_exist` (the online record of a case
    that cannot have one), `asked` (the member asked for instead), else `accepted`."""
    if rule_ is not None and offline is not None:
        if t == rule_.record:
            return "may_not_exist"
        if t == rule_.instead:
            return "asked"
    return "accepted"


def _graduation(case: Case) -> tuple[date, str] | None:
    """The graduation date and where it comes from: the declared 毕业时间, else the latest date a
    document reads as a graduation (`graduation_date`) or a degree's award (`award_date`)."""
    if case.declared is not None and case.declared.graduation_date is not None:
        return case.declared.graduation_date, "declared"
    read = [(d.date(name) or _month_start(d.value(name)), d.doc_type.value)
            for d in case.documents for name in ("graduation_date", "award_date")]
    read = [(when, source) for when, source in read if when is not None]
    return max(read) if read else None


def _month_start(value: Any) -> date | None:
    month = year_month(value) if isinstance(value, str) else None
    return date(int(month[:4]), int(month[5:]), 1) if month else None


def _not_online(case: Case, rule_: NotOnline | None) -> dict[str, Any] | None:
    """Why this applicant's online record cannot exist (001 §五(四) 无法通过网上准确查询核实), or None:
    the declared 学历 is a 技工院校 class (001 §二(三), 003 §二 Q9), or the graduation came before
    the first year the record covers."""
    if rule_ is None:
        return None
    education = case.declared.education if case.declared else None
    if education:
        hit = next((w for w in rule_.education if nfkc(w) and nfkc(w) in nfkc(education)), None)
        if hit is not None:
            return {"reason": "education", "education": education, "matched": hit,
                    "why": f"申报学历为“{education}”，技工院校学历不在学信网登记"}
    if rule_.graduated_before is not None:
        graduated = _graduation(case)
        if graduated is not None and graduated[0].year < rule_.graduated_before:
            when, source = graduated
            where = "申报信息" if source == "declared" else doc_label(source)
            return {"reason": "graduated_before", "graduation_year": when.year, "graduation_source": source,
                    "graduated_before": rule_.graduated_before,
                    "why": f"毕业时间为{when.year}年（{where}），学信网仅登记{rule_.graduated_before}年及以后毕业的学历"}
    return None


# 001 §五: every attachment must be legible (签字盖章复印件/原件); a field the rules need but could
# not be read is reported so that the applicant re-uploads a clearer copy.
@rule("fields.required")
def fields_required(
    case: Case,
    *,
    required_fields: dict[DocType, list[str]],
    min_confidence: float = 0.8,
) -> Iterator[Finding]:
    """FIELD_UNREADABLE for each required field of a present document that is missing or whose
    confidence is below `min_confidence`, unless that value is certain all the same: a reading the
    certainty step (pipeline/values/certainty.py) found to agree with the other documents or the
    declared data is established, and asking for a clearer copy of it would be a correction the
    applicant cannot make sense of (a held-out 劳动合同备案表's 乙方姓名 read at 0.73 that seven other
    documents spell the same way).

    A document with no fields at all was read by no extractor (its type has none yet, or the
    extractor crashed, which the report records as a processing error): there is nothing to
    judge, so it is skipped. An extractor emits every field it knows, found or not.

    A roster of several people (`employees`: a 备案花名册, a 工资审批表 list) whose person's fields
    are empty lists no row of the applicant's (pipeline/run.py `resolve_rosters`): a clearer copy
    would not help, so one finding says so and asks the reviewer to look at the roster.
    """
    for i, doc in enumerate(case.documents):
        if not extracted(doc):
            continue
        roster = _roster_without_applicant(case, i, required_fields.get(doc.doc_type, []))
        if roster is not None:
            yield roster
            continue
        for name in required_fields.get(doc.doc_type, []):
            fv = doc.fields.get(name)
            found = fv is not None and fv.found
            confidence = round(fv.confidence, 4) if fv is not None else 0.0
            if found and (confidence >= min_confidence or fv.certainty == "certain"):
                continue
            what = f"{doc_label(doc.doc_type)}（文件“{doc.file}”）中的“{field_label(doc.doc_type, name)}”"
            problem = "无法识别" if not found else "识别不清"
            yield finding(
                "FIELD_UNREADABLE",
                f"{what}{problem}，请重新上传清晰、完整的材料。",
                documents=[i],
                evidence={
                    "document": doc.doc_type.value,
                    "file": doc.file,
                    "page": fv.page if fv is not None and fv.page else doc.page,
                    "field": name,
                    "found": found,
                    "confidence": confidence,
                    "min_confidence": min_confidence,
                    "value": (
                        safe_value(name, fv.value)
                        if found and fv is not None and not isinstance(fv.value, (list, dict))
                        else None
                    ),
                },
            )


# the fields that say whose row of a roster was taken (pipeline/run.py resolve_rosters)
ROSTER_PERSON_FIELDS = ("employee_name", "employee_id_number", "name", "id_number")


def _roster_without_applicant(case: Case, index: int, required: list[str]) -> Finding | None:
    """FIELD_UNREADABLE for a roster of several people none of whose rows is the applicant's: the
    required fields its rows fill are all empty (a roster's unit is read apart from its rows)."""
    doc = case.documents[index]
    roster = doc.fields.get("employees")
    if roster is None or not isinstance(roster.value, list) or len(roster.value) < 2:
        return None
    missing = [n for n in required if not (doc.fields.get(n) is not None and doc.fields[n].found)]
    if not missing or any(doc.fields.get(n) is not None and doc.fields[n].found for n in ROSTER_PERSON_FIELDS):
        return None  # the applicant's row was found (by name or number): a value of it is unreadable
    who = f"申报人{case.declared.name}" if case.declared is not None and case.declared.name else "申报人"
    return finding(
        "FIELD_UNREADABLE",
        f"{doc_label(doc.doc_type)}（文件“{doc.file}”）列有{len(roster.value)}人（花名册或名单），未找到{who}所在的行"
        f"（姓名、身份证号均未对上），无法读取{'、'.join(field_label(doc.doc_type, n) for n in missing)}，请人工核对。",
        documents=[index],
        evidence={
            "document": doc.doc_type.value,
            "file": doc.file,
            "page": roster.page or doc.page,
            "field": missing[0],
            "fields": missing,
            "found": False,
            "roster_rows": len(roster.value),
            "reason": "applicant_not_on_roster",
        },
    )


# 001 §五(八): 附件6职业准入证书上传原件。教师、司法、公证等行业有准入规定的需提供，档案系列上传岗位基础知识培训
# 结业证书; §二(六) 有从业准入要求的职称系列，须先取得相应的职业（执业）资格.
@rule("documents.qualification")
def documents_qualification(
    case: Case,
    *,
    series_words: list[str],
    document_names: dict[DocType, str] | None = None,
) -> Iterator[Finding]:
    """DOC_MISSING when the declared 申报系列 or 申报专业 contains one of `series_words` (a
    profession with an entry qualification) and no qualification_certificate was uploaded."""
    if case.declared is None or case.of_type(DocType.QUALIFICATION_CERTIFICATE):
        return
    declared = " ".join(v for v in (case.declared.series, case.declared.specialty) if v)
    hit = next((w for w in series_words if nfkc(w) and nfkc(w) in nfkc(declared)), None)
    if hit is None:
        return
    name = doc_label(DocType.QUALIFICATION_CERTIFICATE, document_names)
    yield finding(
        "DOC_MISSING",
        f"申报{declared}须先取得相应的职业（执业）资格，未上传{name}，请补充上传。",
        evidence={"document": DocType.QUALIFICATION_CERTIFICATE.value, "document_name": name,
                  "series": case.declared.series, "specialty": case.declared.specialty, "matched": hit},
    )


# 001 §五(一): 考核认定表中“主要工作业绩”填写不少于400字.
@rule("declared.work_summary")
def work_summary(case: Case, *, min_chars: int = 400) -> Iterator[Finding]:
    """WORK_SUMMARY_SHORT when the declared 主要工作业绩 (`Declared.work_summary`) has fewer than
    `min_chars` characters (NFKC, whitespace not counted; punctuation counts). Silent when the
    declared data carries no work summary."""
    text = case.declared.work_summary if case.declared else None
    if not isinstance(text, str) or not text.strip():
        return
    n = len(nfkc(text))
    if n >= min_chars:
        return
    yield finding(
        "WORK_SUMMARY_SHORT",
        f"“主要工作业绩”仅{n}字，不足{min_chars}字。请补充填写本人任职以来的主要专业技术工作业绩，"
        f"不少于{min_chars}字。",
        evidence={"characters": n, "min_chars": min_chars},
    )
