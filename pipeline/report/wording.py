"""Chinese wording for the human reports: labels from labels.yaml, value formatting, masking.

Everything a person reads in report.html, report.pdf or summary.xlsx is built from these helpers,
and every one of them masks ID numbers (`mask_ids_in_text`), so a full number cannot slip into a
printed page through a field value, a file name, a folder name or an evidence value.
"""

from __future__ import annotations

import hashlib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from preaudit.pipeline.report import cells
from preaudit.pipeline.model import Document, Finding, Report, Severity, doc_type_name, mask_id_number, mask_ids_in_text
from preaudit.pipeline.values.idnumber import ID_FIELDS

LABELS_PATH = Path(__file__).with_name("labels.yaml")
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    with LABELS_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _key(value: Any) -> str:
    return value.value if hasattr(value, "value") else str(value)


def verdict_zh(verdict: str) -> str:
    return labels()["verdicts"].get(verdict, verdict)


def severity_zh(severity: Severity | str) -> str:
    return labels()["severities"].get(_key(severity), _key(severity))


def status_zh(status: str) -> str:
    return labels()["file_status"].get(status, status)


def source_zh(source: str | None) -> str:
    return labels()["text_source"].get(source or "", source or "")


def doc_type_zh(doc_type: Any) -> str:
    """A document type's heading, from the one table of names (pipeline/doc_types.yaml); the
    declared data as 申报信息."""
    key = _key(doc_type)
    return labels()["doc_sources"].get(key) or doc_type_name(key)


def field_zh(doc_type: Any, field: str) -> str:
    by_doc = labels()["fields_by_doc"].get(_key(doc_type), {})
    return by_doc.get(field) or labels()["fields"].get(field, field)


def code_zh(code: str) -> str:
    return labels()["codes"].get(code, code)


def is_id_field(field: str) -> bool:
    """Whether the field holds a full ID number (shown masked in HTML/PDF/XLSX, blacked out in crops)."""
    return field in ID_FIELDS


def safe(text: Any) -> str:
    """Any text for a person to read: str() and every ID-like run masked."""
    return mask_ids_in_text("" if text is None else str(text))


def month_summary(rows: list[Any]) -> str:
    """The pension table in one line: range, count, and the months not paid."""
    months = [r for r in rows if isinstance(r, dict) and r.get("month")]
    if not months:
        return f"{len(rows)}行"
    ordered = sorted(str(r["month"]) for r in months)
    unpaid = [str(r["month"]) for r in months if r.get("status") == "unpaid"]
    text = f"{ordered[0]}至{ordered[-1]}，共{len(months)}个月"
    if unpaid:
        text += f"，未缴费：{'、'.join(sorted(unpaid))}"
    return text


def format_value(value: Any, field: str = "") -> str:
    """A field value as a person reads it (masked when the field holds an ID number)."""
    if value is None or value == "" or value == []:
        return "（未识别）"
    if field and is_id_field(field):
        return mask_id_number(str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        if field == "months" or (value and isinstance(value[0], dict) and "month" in value[0]):
            return safe(month_summary(value))
        return safe("、".join(format_value(v) for v in value))
    if isinstance(value, dict):
        return safe("；".join(f"{k}：{format_value(v)}" for k, v in value.items()))
    text = str(value)
    return safe(labels()["values"].get(text, text))


def format_evidence_value(key: str, value: Any) -> str:
    """One evidence value: doc types and field names in Chinese, lists and dicts flattened."""
    lab = labels()
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if key in lab["evidence_doc_keys"] and isinstance(value, str):
        return doc_type_zh(value)
    if key in lab["evidence_field_keys"] and isinstance(value, str):
        return field_zh("", value)
    if isinstance(value, str):
        table = lab["evidence_values"].get(key, {})
        return safe(table.get(value) or lab["values"].get(value, value))
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        if key == "window" and len(value) == 2 and all(isinstance(v, str) for v in value):
            return safe(f"{value[0]}至{value[1]}")
        return "；".join(format_evidence_item(v) for v in value) or "—"
    if isinstance(value, dict):
        return format_evidence_item(value)
    return safe(value)


def format_evidence_item(item: Any) -> str:
    if isinstance(item, dict):
        if set(item) == {"document", "field"}:  # {"document": "contract_filing", "field": "employee_id_number"}
            return f"{doc_type_zh(item['document'])}·{field_zh(item['document'], item['field'])}"
        return "，".join(f"{evidence_key_zh(k)}：{format_evidence_value(k, v)}" for k, v in item.items())
    if isinstance(item, list):
        return "、".join(format_evidence_item(v) for v in item)
    return format_evidence_value("", item)


def evidence_key_zh(key: str) -> str:
    return labels()["evidence_keys"].get(key, key)


CERTAINTY_ZH = {"certain": "确定", "unsure": "存疑"}


def _certainty_text(items: Any) -> str:
    """The values a finding relied on and how sure each is: 材料2·乙方姓名：存疑（…）."""
    out = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        doc = item.get("document")
        where = "申报信息" if doc == "declared" else f"材料{int(doc) + 1}" if isinstance(doc, int) else "材料"
        why = "；".join(str(w) for w in item.get("why") or [])
        sure = CERTAINTY_ZH.get(str(item.get("certainty")), "未判定")
        out.append(f"{where}·{field_zh('', str(item.get('field')))}：{sure}" + (f"（{why}）" if why else ""))
    return safe("；".join(out)) or "—"


def _graded_text(graded: Any) -> str:
    if not isinstance(graded, dict):
        return safe(graded)
    reasons = "；".join(str(r) for r in graded.get("reasons") or [])
    return safe(f"依据政策为{severity_zh(str(graded.get('policy_severity')))}，因识别结果不确定降为{severity_zh('warning')}，请人工核对：{reasons}")


def evidence_rows(finding: Finding) -> list[tuple[str, str]]:
    """(Chinese key, value) pairs of a finding's evidence dict, in its order; how sure the values
    relied on are, and why a finding was graded down, in words."""
    rows = []
    for k, v in finding.evidence.items():
        if k == "certainty":
            rows.append(("识别可靠性", _certainty_text(v)))
        elif k == "graded":
            rows.append(("分级说明", _graded_text(v)))
        else:
            rows.append((evidence_key_zh(k), format_evidence_value(k, v)))
    return rows


def document_title(doc: Document) -> str:
    pages = doc.pages or [doc.page]
    page_text = f"第{pages[0]}页" if len(pages) == 1 else f"第{pages[0]}–{pages[-1]}页"
    return safe(f"{doc_type_zh(doc.doc_type)}（{doc.file}，{page_text}）")


def ranked_findings(report: Report) -> list[Finding]:
    return sorted(report.findings, key=lambda f: SEVERITY_ORDER[f.severity])


def finding_line(finding: Finding) -> str:
    """`标题：说明` for summaries (masked)."""
    return safe(f"{code_zh(finding.code)}：{finding.message}")


def display_width(text: str) -> int:
    """Columns a string takes in a spreadsheet: wide (CJK, full-width) characters count 2."""
    return cells.display_width(text)


def text_digest(text: str) -> str:
    """SHA-256 of a written text file (UTF-8): `sha256sum report.json` gives the same."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
