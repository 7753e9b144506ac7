"""Required attachments as a notice lists them: a document type, or a group any one of whose
members will do (`any_of`).

001 §五(四) asks for the 《教育部学历证书电子注册备案表》, and where the diploma cannot be verified
online for the unit's certificate after checking the 档案 (signed by the head of personnel and
stamped), or for a foreign degree the 国(境)外学历学位认证书: one requirement, three documents. A
policy writes it in its `required_documents` list as

    - any_of: [xuexin_record, education_unit_proof, foreign_degree_certification]
      when_not_online:              # optional: when the first kind of proof cannot exist
        record: xuexin_record
        graduated_before: 2001      # 学信网 registers diplomas from 2001 on
        education: [中级工班, 高级工班, 预备技师班, 技工院校]   # 技工院校 diplomas are not on 学信网
        instead: education_unit_proof

beside plain types (`- pledge`). An attachment only some applicants owe is a conditional entry:

    - document: dispatch_agreement
      when: dispatched              # a condition of CONDITIONS: here, a 用工单位 is declared

(001 §五(五)2(3): 属劳务派遣公司的申报人员，需一并上传劳务派遣公司的派遣协议). A conditional entry may name
documents that do instead (`also`): a degree the application rests on is proven by the 学信网
学位 report, or for a foreign degree by the 学历学位认证书 (003 §二 Q18(2), Q20(2)):

    - document: xuexin_degree
      also: [foreign_degree_certification]
      when: degree_route

A branch of an out-of-province company in 盘龙区 owes its 总公司's 推荐报告 (001 §五(五)2(5)), and a
中央在平 unit's or an out-of-province unit's branch's applicant in Pingliang the 委托函 (004 §二):

    - document: branch_recommendation
      when: out_of_province_branch
    - document: review_delegation
      when: delegated_unit

`required_entry` reads one entry,
whether from YAML (a string or a mapping) or already read (the Policy hands its values to the rule).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator, ValidationError, model_validator

from preaudit.pipeline.model import DocType


class NotOnline(BaseModel):
    """When the online record (`record`) of a group cannot exist, and which member to ask for
    instead: a graduation before `graduated_before` (a year), or a declared 学历 containing one of
    `education` (技工院校 classes)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    record: DocType
    graduated_before: int | None = Field(default=None, ge=1900, le=2200)
    education: tuple[str, ...] = ()
    instead: DocType


class DocumentGroup(BaseModel):
    """A requirement met by any one of `any_of` (two or more distinct document types)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    any_of: tuple[DocType, ...] = Field(min_length=2)
    when_not_online: NotOnline | None = None

    @model_validator(mode="after")
    def _check(self) -> "DocumentGroup":
        if len(set(self.any_of)) != len(self.any_of):
            raise ValueError(f"any_of lists a document type twice: {[t.value for t in self.any_of]}")
        rule = self.when_not_online
        if rule is not None:
            for key in ("record", "instead"):
                member = getattr(rule, key)
                if member not in self.any_of:
                    raise ValueError(f"when_not_online.{key} {member.value!r} is not one of any_of")
        return self


# The conditions a conditional entry may name, each decided on the declared data
# (validators/rules/documents.py `condition_holds`):
#   dispatched: the applicant declared a 用工单位 (the manifest column; 001 §三(一)2, §五(五)2(3))
#   degree_route: the declared 学历 names a degree the level rests on (硕士, 博士, 双学士: 003 §二 Q18(2)
#     认定 助理级 or 中级 directly on the degree)
#   out_of_province_branch: the declared 单位性质 or 申报单位 says in so many words that the unit is an
#     out-of-province company's branch (外省 and 分公司/分支机构; not 中央, 省属, 市属: 001 §三(一)2,
#     §五(五)2(5), which then asks for the 总公司's 推荐报告)
#   delegated_unit: the declared 单位性质 or 申报单位 says the unit is a 中央在平 unit or an out-of-province
#     unit's branch in Pingliang (004 §二, which then asks for the 委托函)
#   post_change: the declared 原岗位类别 is a 管理 or 工勤 post and the declared level is 中级 or above
#     (003 §二 Q10(3), which then asks for the 岗位（职务）变动工资审批表)
#   paper_not_in_cnki: a declared paper is marked 知网:否 (the 论文 cell; 004 附件1 §四 then asks for the
#     查重报告 the unit had CNKI staff make, under its seal)
#   major_mismatch: the declared 专业对口 is 否 (003 §二 Q12: the 专业培训 or 进修 certificate is then owed)
Condition = Literal["dispatched", "degree_route", "out_of_province_branch", "delegated_unit", "post_change",
                    "paper_not_in_cnki", "major_mismatch"]
CONDITIONS: tuple[str, ...] = get_args(Condition)


class ConditionalDocument(BaseModel):
    """A document type required only where `when` holds for the applicant."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    document: DocType
    also: tuple[DocType, ...] = ()  # documents that meet the entry as well
    when: Condition


Entry = DocType | DocumentGroup | ConditionalDocument


def _read_entry(value: Any) -> Entry:
    """One `required_documents` entry: a document type's name, a group mapping, or either already
    read. Raises ValueError with what is wrong (pydantic reports it with its place)."""
    if isinstance(value, (DocType, DocumentGroup, ConditionalDocument)):
        return value
    if isinstance(value, str):
        try:
            return DocType(value)
        except ValueError:
            known = ", ".join(t.value for t in DocType)
            raise ValueError(f"unknown document type {value!r} (known: {known})") from None
    if isinstance(value, dict):
        if "any_of" not in value and "document" not in value:
            raise ValueError(f"a group needs the key 'any_of', a conditional entry 'document' and 'when' "
                             f"(got keys {sorted(map(str, value))})")
        model = DocumentGroup if "any_of" in value else ConditionalDocument
        try:
            return model.model_validate(value)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            if err["type"] == "enum":
                msg = f"unknown document type {err['input']!r}"
            elif err["type"] == "literal_error":
                msg = f"unknown condition {err['input']!r} (known: {', '.join(CONDITIONS)})"
            else:
                msg = err["msg"]
            msg = msg.removeprefix("Value error, ")
            raise ValueError(f"{where}: {msg}" if where else msg) from None
    raise ValueError("an entry is a document type, a mapping with 'any_of' or one with 'document' and 'when'")


def _dump_entry(entry: Entry) -> str | dict[str, Any]:
    """An entry as the policy file writes it (a type's name, or the group's mapping): for the
    policy's JSON (the resume fingerprint, pipeline/ops/resume.py)."""
    if isinstance(entry, (DocumentGroup, ConditionalDocument)):
        return entry.model_dump(mode="json", exclude_none=True)
    return DocType(entry).value


RequiredEntry = Annotated[Entry, PlainValidator(_read_entry), PlainSerializer(_dump_entry)]


def members(entry: Entry) -> tuple[DocType, ...]:
    """The document types that meet an entry: the type itself, the group's members, or the
    conditional entry's document."""
    if isinstance(entry, DocumentGroup):
        return entry.any_of
    if isinstance(entry, ConditionalDocument):
        return (entry.document, *entry.also)
    return (entry,)


def required_types(entries: list[Entry]) -> set[DocType]:
    """Every document type an entry list names (a group's members included)."""
    return {t for entry in entries for t in members(entry)}
