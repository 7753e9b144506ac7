"""Helpers shared by the rules: Chinese labels, value coercion, masking, unit type, contracts.

Document types are named from the one table (pipeline/doc_types.yaml) unless the policy words an
attachment as its notice does; ID-number fields are pipeline/values/idnumber.py's `ID_FIELDS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from preaudit.pipeline.model import Case, Document, DocType, doc_type_name, mask_id_number
from preaudit.pipeline.values.idnumber import ID_FIELDS
from preaudit.pipeline.values.text import nfkc

FIELD_LABELS: dict[str, str] = {
    "name": "姓名",
    "employee_name": "乙方姓名",
    "id_number": "身份证号",
    "employee_id_number": "乙方身份证号",
    "gender": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "address": "住址",
    "issuing_authority": "签发机关",
    "valid_from": "有效期起始日期",
    "valid_until": "有效期截止日期",
    "region": "参保地",
    "employer": "单位名称",
    "print_date": "打印日期",
    "months": "缴费明细",
    "start_date": "合同起始日期",
    "end_date": "合同终止日期",
    "open_ended": "合同期限类型",
    "sign_date": "签订日期",
    "school": "学校名称",
    "major": "专业",
    "graduation_date": "毕业日期",
    "certificate_number": "证书编号",
    "verification_code": "在线验证码",
    "unit": "单位",
    "date": "日期",
    "has_seal": "公章",
    "level": "学历层次",
    "degree": "学位",
    "country": "国家（地区）",
    "signer": "签字人",
    "award_date": "获得学位日期",
    "issue_date": "发证日期",
    "title_name": "资格名称",
    "title_level": "职称级别",
    "series": "系列",
    "specialty": "专业",
    "obtained_date": "取得资格时间",
    "issuing_body": "发证（评审）机构",
}

# Field labels that read better for one document type.
_FIELD_LABELS_BY_DOC: dict[tuple[str, str], str] = {
    ("id_card_front", "id_number"): "公民身份号码",
    ("pension_certificate", "employer"): "参保单位",
    ("contract_filing", "employer"): "甲方（用人单位）",
    ("labor_contract", "employer"): "甲方（用人单位）",
    ("education_unit_proof", "unit"): "出具单位",
    ("education_unit_proof", "signer"): "人事部门负责人签字",
    ("education_unit_proof", "graduation_date"): "毕业时间",
    ("foreign_degree_certification", "school"): "国(境)外院校",
    ("foreign_degree_certification", "certificate_number"): "认证书编号",
    ("foreign_degree_certification", "award_date"): "获得学位日期",
    ("title_certificate", "certificate_number"): "证书编号（电子证书编号）",
}

# Fields that hold the holder's name.
NAME_FIELDS: tuple[str, ...] = ("name", "employee_name")


def doc_label(doc_type: DocType | str, names: Mapping[Any, str] | None = None) -> str:
    """A document type's name in a message: as the policy's notice words it (`names`, the
    policy's `document_names`) where given, else the one table's (pipeline/doc_types.yaml)."""
    key = doc_type.value if isinstance(doc_type, DocType) else str(doc_type)
    if names:
        for k, v in names.items():
            if (k.value if isinstance(k, DocType) else str(k)) == key:
                return v
    return doc_type_name(key)


def field_label(doc_type: DocType | str, field_name: str) -> str:
    key = doc_type.value if isinstance(doc_type, DocType) else str(doc_type)
    return _FIELD_LABELS_BY_DOC.get((key, field_name), FIELD_LABELS.get(field_name, field_name))


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def norm_id(value: Any) -> str:
    """An ID number for comparison: NFKC (full-width digits), no spaces, upper-case."""
    return nfkc(str(value)).upper() if value is not None else ""


def mask(value: Any) -> str:
    return mask_id_number(norm_id(value))


def safe_value(field_name: str, value: Any) -> Any:
    """A field value fit for evidence: ID numbers masked, dates as ISO strings."""
    if value is None:
        return None
    if field_name in ID_FIELDS:
        return mask(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def join_cn(items: Iterable[str]) -> str:
    return "、".join(items)


def unit_type_of(case: Case, unit_types: Mapping[str, list[str]], default: str) -> str:
    """The unit type key for the declared 单位性质: the first type one of whose words it contains."""
    declared = nfkc(case.declared.unit_type) if case.declared and case.declared.unit_type else ""
    if declared:
        for key, words in unit_types.items():
            if any(nfkc(w) and nfkc(w) in declared for w in words):
                return key
    return default


@dataclass(frozen=True)
class ContractTerm:
    """A contract's term as read from a contract_filing or labor_contract document."""

    index: int
    doc: Document
    start: date | None
    end: date | None
    open_ended: bool

    def state(self, as_of: date) -> str:
        """covers | ended | not_started | unknown (unreadable end without 无固定期限)."""
        if self.start is not None and as_of < self.start:
            return "not_started"
        if self.open_ended:
            return "covers"
        if self.end is None:
            return "unknown"
        return "covers" if as_of <= self.end else "ended"

    def evidence(self) -> dict[str, Any]:
        return {
            "document": self.doc.doc_type.value,
            "file": self.doc.file,
            "start_date": iso(self.start),
            "end_date": iso(self.end),
            "open_ended": self.open_ended,
        }

    def describe(self) -> str:
        start = iso(self.start) or "（起始日期不清）"
        end = "无固定期限" if self.open_ended else (iso(self.end) or "（终止日期不清）")
        return f"{doc_label(self.doc.doc_type)}的合同期限为{start}至{end}"


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return nfkc(value).lower() in {"true", "yes", "1", "是", "无固定期限"}
    return bool(value)


def contract_terms(case: Case) -> list[ContractTerm]:
    out = []
    for i, doc in case.of_type(DocType.CONTRACT_FILING, DocType.LABOR_CONTRACT):
        end_raw = doc.value("end_date")
        open_ended = _truthy(doc.value("open_ended")) or (
            isinstance(end_raw, str) and "无固定期限" in end_raw
        )
        out.append(
            ContractTerm(
                index=i,
                doc=doc,
                start=doc.date("start_date"),
                end=None if open_ended else doc.date("end_date"),
                open_ended=open_ended,
            )
        )
    return out


def current_contract(case: Case) -> ContractTerm | None:
    """The contract that covers as_of (longest-running first), else the one that ended last."""
    terms = contract_terms(case)
    if not terms:
        return None
    covering = [t for t in terms if t.state(case.as_of) == "covers"]
    if covering:
        return max(covering, key=lambda t: (t.open_ended, t.end or date.min))
    return max(terms, key=lambda t: (t.end or date.min, t.start or date.min))


def decode_id(number: str) -> tuple[date, str] | None:
    """(birth date, 男|女) encoded in an 18-character ID number (GB 11643: digits 7–14 are the birth
    date, the 17th is odd for 男), or None when it has none."""
    if len(number) != 18 or not number[:17].isdigit():
        return None
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    return birth, ("男" if int(number[16]) % 2 else "女")


def match_key(text: Any, keys: Iterable[str], aliases: Mapping[str, str] | None = None) -> str | None:
    """The key that `text` names: the longest alias or key contained in it (after NFKC), mapped
    through `aliases` (alias -> key). 高级工班 -> 大专 before 高级工; 硕士研究生 -> 硕士."""
    if not isinstance(text, str) or not nfkc(text):
        return None
    flat = nfkc(text)
    keys = list(keys)
    candidates = [(nfkc(a), k) for a, k in (aliases or {}).items() if k in keys]
    candidates += [(nfkc(k), k) for k in keys]
    for alias, key in sorted(candidates, key=lambda c: -len(c[0])):
        if alias and alias in flat:
            return key
    return None


def found(doc: Document, name: str) -> bool:
    """Whether the document has a non-empty value for `name`."""
    fv = doc.fields.get(name)
    return fv is not None and fv.found


def extracted(doc: Document) -> bool:
    """Whether an extractor ran on the document (it emits every field it knows, found or not);
    a document of a type without an extractor has no fields at all."""
    return bool(doc.fields)


def declared_attr(case: Case, name: str) -> Any:
    """A declared value by name, None when there is no declared data or no such attribute."""
    return getattr(case.declared, name, None) if case.declared is not None else None


def is_false(value: Any) -> bool:
    """An explicit no (False, 否, 无, false) - None and unreadable values are not."""
    if isinstance(value, bool):
        return value is False
    if isinstance(value, str):
        return nfkc(value).lower() in {"false", "no", "0", "否", "无", "未盖章"}
    return False


def identity_number(case: Case) -> tuple[str | None, list[tuple[int | None, str]], bool]:
    """The applicant's ID number as the pipeline keys the person (pipeline/run.py `Collected.person`:
    the declared number, else the ID card's), the values it rests on (every document field that
    prints it, else the declared number), and whether it was read certainly: some document prints
    it and that reading is certain. A number only typed into the manifest is no reading."""
    declared = case.declared.id_number if case.declared and case.declared.id_number else None
    number = declared
    if number is None:
        fronts = [d.value("id_number") for _, d in case.of_type(DocType.ID_CARD_FRONT) if d.value("id_number")]
        number = str(fronts[0]) if fronts else None
    if number is None:
        return None, [], False
    key = nfkc(number).upper()
    refs: list[tuple[int | None, str]] = []
    certain = False
    for i, d in enumerate(case.documents):
        for name in sorted(ID_FIELDS):
            fv = d.fields.get(name)
            if fv is not None and fv.value is not None and nfkc(str(fv.value)).upper() == key:
                refs.append((i, name))
                certain = certain or fv.certainty == "certain"
    if declared is not None:
        refs.append((None, "id_number"))
    return key, refs, certain


def sure_refs(case: Case, refs: list[tuple[int | None, str]]) -> list[tuple[int | None, str]]:
    """Of the values an ID number rests on (`identity_number`), the certain readings; all of them
    when none is certain (the finding then rests on unsure values and is graded down)."""
    sure = [r for r in refs if r[0] is not None and case.documents[r[0]].fields[r[1]].certainty == "certain"]
    return sure or refs
