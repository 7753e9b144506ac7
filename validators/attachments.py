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

beside plain types (`- pledge`). `required_entry` reads one entry, whether from YAML (a string or
a mapping) or already read (the Policy hands its values to the rule).
"""

from __future__ import annotations

from typing import Annotated, Any

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


def _read_entry(value: Any) -> DocType | DocumentGroup:
    """One `required_documents` entry: a document type's name, a group mapping, or either already
    read. Raises ValueError with what is wrong (pydantic reports it with its place)."""
    if isinstance(value, (DocType, DocumentGroup)):
        return value
    if isinstance(value, str):
        try:
            return DocType(value)
        except ValueError:
            known = ", ".join(t.value for t in DocType)
            raise ValueError(f"unknown document type {value!r} (known: {known})") from None
    if isinstance(value, dict):
        if "any_of" not in value:
            raise ValueError(f"a group needs the key 'any_of' (got keys {sorted(map(str, value))})")
        try:
            return DocumentGroup.model_validate(value)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            msg = f"unknown document type {err['input']!r}" if err["type"] == "enum" else err["msg"]
            msg = msg.removeprefix("Value error, ")
            raise ValueError(f"{where}: {msg}" if where else msg) from None
    raise ValueError("an entry is a document type or a mapping with 'any_of'")


def _dump_entry(entry: DocType | DocumentGroup) -> str | dict[str, Any]:
    """An entry as the policy file writes it (a type's name, or the group's mapping): for the
    policy's JSON (the resume fingerprint, pipeline/ops/resume.py)."""
    if isinstance(entry, DocumentGroup):
        return entry.model_dump(mode="json", exclude_none=True)
    return DocType(entry).value


RequiredEntry = Annotated[DocType | DocumentGroup, PlainValidator(_read_entry), PlainSerializer(_dump_entry)]


def members(entry: DocType | DocumentGroup) -> tuple[DocType, ...]:
    """The document types that meet an entry: the type itself, or the group's members."""
    return entry.any_of if isinstance(entry, DocumentGroup) else (entry,)


def required_types(entries: list[DocType | DocumentGroup]) -> set[DocType]:
    """Every document type an entry list names (a group's members included)."""
    return {t for entry in entries for t in members(entry)}
