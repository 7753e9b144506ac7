"""Completeness: declared data present, required attachments present, required fields legible."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.model import Case, DocType, Finding
from validators.registry import finding, rule
from validators.rules._common import doc_label, field_label, safe_value, unit_type_of


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


# 001 §五(三) 附件1 身份证正反面; §五(四) 附件2 学历; §五(五) 附件3 工作证明（事业单位: 聘用通知书;
# 企业: 参保证明 + 劳动合同备案表）; §五(六) 附件4 公示表; §五(七) 附件5 承诺书.
@rule("documents.required")
def documents_required(
    case: Case,
    *,
    required_documents: dict[str, list[DocType]],
    unit_types: dict[str, list[str]],
    default_unit_type: str = "enterprise",
    document_names: dict[DocType, str] | None = None,
) -> Iterator[Finding]:
    """DOC_MISSING for each document type the applicant's unit type requires and none is present.

    The unit type comes from the declared 单位性质 (`unit_types` maps each type to the words that
    select it), else `default_unit_type`.
    """
    unit_type = unit_type_of(case, unit_types, default_unit_type)
    required = required_documents.get(unit_type, required_documents.get(default_unit_type, []))
    present = {d.doc_type.value for d in case.documents}
    declared_type = case.declared.unit_type if case.declared else None
    for doc_type in required:
        key = DocType(doc_type).value
        if key in present:
            continue
        name = doc_label(key, document_names)
        yield finding(
            "DOC_MISSING",
            f"未上传{name}，请补充上传。",
            evidence={
                "document": key,
                "document_name": name,
                "unit_type": unit_type,
                "declared_unit_type": declared_type,
            },
        )


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
    confidence is below `min_confidence`."""
    for i, doc in enumerate(case.documents):
        for name in required_fields.get(doc.doc_type, []):
            fv = doc.fields.get(name)
            found = fv is not None and fv.found
            confidence = round(fv.confidence, 4) if fv is not None else 0.0
            if found and confidence >= min_confidence:
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
