"""Identity: the same 姓名 and 身份证号 everywhere, a valid number, birth/gender agreement, card validity."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from preaudit.pipeline.values.idnumber import ID_FIELDS, check_id_number
from preaudit.pipeline.model import Case, DocType, Finding
from preaudit.pipeline.values.text import nfkc, normalize_name
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import (
    NAME_FIELDS,
    decode_id,
    doc_label,
    field_label,
    iso,
    join_cn,
    mask,
    norm_id,
)


def _confident(case: Case, index: int, field_name: str, min_confidence: float) -> bool:
    fv = case.documents[index].fields.get(field_name)
    return fv is not None and fv.confidence >= min_confidence


# --------------------------------------------------------------------------- names


# DOMAIN.md rule 1 (001 §三(二)2 合法性、真实性、一致性): the same 姓名 on every document as on the
# declared application (or, without one, on the ID card). Look-alike characters (张伟/张玮) are a
# different person as far as the reviewer can tell, so only width/space/middle-dot noise is ignored.
@rule("identity.name_consistency")
def name_consistency(
    case: Case,
    *,
    fields: list[str] | None = None,
    min_confidence: float = 0.0,
) -> Iterator[Finding]:
    """NAME_MISMATCH for each document name field that differs from the reference name.

    The reference is the declared name, else the ID-card front's name. Names are compared after
    `normalize_name` and must then be equal. Values read below `min_confidence` are left to
    FIELD_UNREADABLE.
    """
    ref_name, ref_source, ref_index = None, None, None
    if case.declared is not None and normalize_name(case.declared.name):
        ref_name, ref_source = case.declared.name, "declared"
    else:
        front = case.first(DocType.ID_CARD_FRONT)
        if front is not None and isinstance(front[1].value("name"), str):
            if normalize_name(front[1].value("name")):
                ref_index, ref_name, ref_source = front[0], front[1].value("name"), "id_card_front"
    if ref_name is None:
        return
    ref_label = "申报姓名" if ref_source == "declared" else "身份证姓名"
    ref_norm = normalize_name(ref_name)
    for i, doc in enumerate(case.documents):
        if i == ref_index:
            continue
        for name in fields or NAME_FIELDS:
            value = doc.value(name)
            if not isinstance(value, str) or not normalize_name(value):
                continue
            if not _confident(case, i, name, min_confidence):
                continue
            if normalize_name(value) == ref_norm:
                continue
            yield finding(
                "NAME_MISMATCH",
                f"{doc_label(doc.doc_type)}中的{field_label(doc.doc_type, name)}“{value}”"
                f"与{ref_label}“{ref_name}”不一致，请核对后重新上传正确的材料。",
                documents=[i] + ([ref_index] if ref_index is not None else []),
                evidence={
                    "document": doc.doc_type.value,
                    "file": doc.file,
                    "field": name,
                    "found": value,
                    "reference": ref_name,
                    "reference_source": ref_source,
                },
                relied_on=[(i, name), (ref_index, "name")],
            )


# --------------------------------------------------------------------------- ID numbers


@dataclass(frozen=True)
class _IdSource:
    where: str  # Chinese, e.g. 劳动合同备案表的乙方身份证号
    document: str  # doc type or "declared"
    field: str
    index: int | None
    value: str  # normalised (NFKC, upper-case)


def _id_sources(case: Case, min_confidence: float) -> list[_IdSource]:
    out = []
    if case.declared is not None and norm_id(case.declared.id_number):
        out.append(_IdSource("申报信息中的身份证号", "declared", "id_number", None,
                             norm_id(case.declared.id_number)))
    for i, doc in enumerate(case.documents):
        for name in sorted(ID_FIELDS):
            value = norm_id(doc.value(name))
            if value and _confident(case, i, name, min_confidence):
                where = f"{doc_label(doc.doc_type)}的{field_label(doc.doc_type, name)}"
                out.append(_IdSource(where, doc.doc_type.value, name, i, value))
    return out


_REASONS = {
    "length": "位数不对（应为18位）",
    "format": "含有数字以外的字符（仅最后一位可为X）",
    "checksum": "校验位错误",
    "birth_date": "出生日期部分不是有效日期",
    "province": "地区码不是任何省级行政区划代码",
}


def _why_invalid(number: str) -> tuple[str, str, str | None] | None:
    """(reason code, Chinese reason, doubt) for a number that breaks GB 11643, None for a valid one.

    A valid structure whose six-digit area code the code table does not list is reported with a
    doubt: the table may lack the code (counties are recoded; people keep their numbers), so it is
    at most a warning. A code that was ever in use is valid whatever the birth date.
    """
    check = check_id_number(number)
    if check.problem is not None:
        reason = _REASONS[check.problem]
        if check.problem == "length":
            reason = f"位数不对（{len(number)}位，应为18位）"
        return ("region_code" if check.problem == "province" else check.problem), reason, None
    if not check.area_known:
        return ("region_unknown", "地区码不在行政区划代码表中",
                "地区码不在本系统的行政区划代码表中（代码表可能不全），请人工核对")
    return None


# DOMAIN.md rule 1: the number must pass GB 11643 (check digit, birth date, area code). Numbers are
# shown masked only (CONTRACT.md: full ID numbers appear only in documents[].fields).
@rule("identity.id_number_valid")
def id_number_valid(case: Case, *, min_confidence: float = 0.0) -> Iterator[Finding]:
    """ID_NUMBER_INVALID once per distinct ID number (declared and on documents) that fails
    `stdnum.cn.ric` validation."""
    by_value: dict[str, list[_IdSource]] = {}
    for s in _id_sources(case, min_confidence):
        by_value.setdefault(s.value, []).append(s)
    for value, sources in by_value.items():
        why = _why_invalid(value)
        if why is None:
            continue
        code, reason, doubt = why
        yield finding(
            "ID_NUMBER_INVALID",
            f"{join_cn(s.where for s in sources)}（{mask(value)}）{reason}，"
            "不是有效的公民身份号码，请核对后更正或重新上传正确的材料。",
            documents=[s.index for s in sources if s.index is not None],
            evidence={
                "id_number_masked": mask(value),
                "reason": code,
                "sources": [{"document": s.document, "field": s.field} for s in sources],
            },
            relied_on=[(s.index, s.field) for s in sources],
            unsure=[doubt] if doubt else [],
        )


def _differing_positions(a: str, b: str) -> list[int]:
    if len(a) != len(b):
        return []
    return [k + 1 for k, (x, y) in enumerate(zip(a, b)) if x != y]


# DOMAIN.md rule 1: the same 身份证号 on every document and on the declared application.
@rule("identity.id_number_consistency")
def id_number_consistency(case: Case, *, min_confidence: float = 0.0) -> Iterator[Finding]:
    """ID_NUMBER_MISMATCH for each document whose ID number differs from the reference number
    (the declared one, else the ID-card front's, else the first one read)."""
    sources = _id_sources(case, min_confidence)
    if len({s.value for s in sources}) < 2:
        return
    ref = next((s for s in sources if s.document == "declared"), None) or next(
        (s for s in sources if s.document == DocType.ID_CARD_FRONT.value), sources[0]
    )
    ref_label = "申报身份证号" if ref.document == "declared" else ref.where
    for s in sources:
        if s is ref or s.value == ref.value:
            continue
        positions = _differing_positions(s.value, ref.value)
        detail = (
            f"（第{join_cn(str(p) for p in positions)}位不同）"
            if positions
            else f"（位数不同：{len(s.value)}位与{len(ref.value)}位）"
        )
        yield finding(
            "ID_NUMBER_MISMATCH",
            f"{s.where}（{mask(s.value)}）与{ref_label}（{mask(ref.value)}）不一致{detail}，"
            "请核对后重新上传正确的材料。",
            documents=[i for i in (s.index, ref.index) if i is not None],
            evidence={
                "document": s.document,
                "field": s.field,
                "found_masked": mask(s.value),
                "reference_masked": mask(ref.value),
                "reference_source": ref.document,
                "differing_positions": positions,
            },
            relied_on=[(s.index, s.field), (ref.index, ref.field)],
        )


# --------------------------------------------------------------------------- birth date, gender


_from_number = decode_id  # (birth date, 男|女) from an 18-character number


def _gender(value: object) -> str | None:
    text = nfkc(str(value)) if value is not None else ""
    if "男" in text:
        return "男"
    if "女" in text:
        return "女"
    return None


# DOMAIN.md rule 1 (GB 11643): digits 7–14 are the birth date, the 17th is odd for 男, even for 女.
@rule("identity.birth_gender")
def birth_gender(case: Case, *, doc_types: list[DocType] | None = None) -> Iterator[Finding]:
    """ID_BIRTH_GENDER_MISMATCH when a document's `birth_date` or `gender` disagrees with the ID
    number (the document's own `id_number`, else the declared one)."""
    declared = norm_id(case.declared.id_number) if case.declared else ""
    types = [DocType(t) for t in (doc_types or [DocType.ID_CARD_FRONT])]
    for i, doc in case.of_type(*types):
        number = norm_id(doc.value("id_number")) or declared
        decoded = _from_number(number)
        if decoded is None:
            continue  # an unusable number is ID_NUMBER_INVALID's business
        id_birth, id_gender = decoded
        birth = doc.date("birth_date")
        gender = _gender(doc.value("gender"))
        label = doc_label(doc.doc_type)
        problems = []
        if birth is not None and birth != id_birth:
            problems.append(f"出生日期（{birth.isoformat()}）与身份证号中的出生日期不一致")
        if gender is not None and gender != id_gender:
            problems.append(f"性别“{gender}”与身份证号所示性别“{id_gender}”不一致")
        if not problems:
            continue
        yield finding(
            "ID_BIRTH_GENDER_MISMATCH",
            f"{label}中的{'；'.join(problems)}，请核对身份证号及{label}后重新上传正确的材料。",
            documents=[i],
            evidence={
                "document": doc.doc_type.value,
                "file": doc.file,
                "birth_date": iso(birth),
                "gender": gender,
                "id_birth_date": id_birth.isoformat(),
                "id_gender": id_gender,
                "id_number_masked": mask(number),
            },
            relied_on=[(i, f) for f, v in (("birth_date", birth), ("gender", gender)) if v is not None]
            + [(i, "id_number") if norm_id(doc.value("id_number")) else (None, "id_number")],
        )


# --------------------------------------------------------------------------- card validity

_LONG_TERM = {"long_term", "长期"}


# DOMAIN.md rule 1 / 001 §五(三): the ID card (附件1) must be valid on the application date.
@rule("identity.id_card_valid")
def id_card_valid(case: Case) -> Iterator[Finding]:
    """ID_CARD_EXPIRED when every ID-card back's `valid_until` is before as_of (`long_term`
    never expires; an unreadable date is left to FIELD_UNREADABLE)."""
    ends: list[tuple[date, int]] = []
    for i, doc in case.of_type(DocType.ID_CARD_BACK):
        value = doc.value("valid_until")
        if isinstance(value, str) and nfkc(value).lower() in _LONG_TERM:
            return
        end = doc.date("valid_until")
        if end is not None:
            ends.append((end, i))
    if not ends or any(end >= case.as_of for end, _ in ends):
        return
    end, i = max(ends)
    yield finding(
        "ID_CARD_EXPIRED",
        f"身份证有效期限截止于{end.isoformat()}，申报日（{case.as_of.isoformat()}）已过期，"
        "请换领新身份证后重新上传身份证正反面签字盖章复印件。",
        documents=[i],
        evidence={"valid_until": end.isoformat(), "as_of": case.as_of.isoformat()},
        relied_on=[(j, "valid_until") for _, j in ends],
    )
