"""Completeness: declared data present, required attachments present, required fields legible."""

from __future__ import annotations

from collections.abc import Iterator

from preaudit.pipeline.model import Case, DocType, Finding
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
        # pages that fit no type but show this type's words may be it (another city's form):
        # its absence is then not certain, and a reviewer's look settles it
        maybe = sorted({d.file for d in case.documents
                        if d.doc_type is DocType.OTHER and key in (d.meta.get("resembles") or [])})
        evidence = {
            "document": key,
            "document_name": name,
            "unit_type": unit_type,
            "declared_unit_type": declared_type,
        }
        if maybe:
            evidence["possibly_in"] = maybe
        yield finding(
            "DOC_MISSING",
            f"未上传{name}，请补充上传。",
            evidence=evidence,
            unsure=[f"未能确认类型的文件含有{name}的用语，可能即是该材料：{'、'.join(maybe)}"] if maybe else [],
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
    confidence is below `min_confidence`.

    A document with no fields at all was read by no extractor (its type has none yet, or the
    extractor crashed, which the report records as a processing error): there is nothing to
    judge, so it is skipped. An extractor emits every field it knows, found or not.
    """
    for i, doc in enumerate(case.documents):
        if not extracted(doc):
            continue
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
