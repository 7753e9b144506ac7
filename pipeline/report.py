"""Report writing: report.json, report.html and report.pdf per applicant; summary.csv,
summary.xlsx and batch.json per batch.

Full ID numbers appear only in report.json's document fields (CONTRACT.md); every other text that
leaves this module goes through `mask_ids_in_text` (HTML/PDF/XLSX: pipeline.report_text.safe), and
evidence crops black out the hidden digits of ID numbers (pipeline.evidence).
"""

from __future__ import annotations

import csv
import json
import threading
from pathlib import Path
from typing import Any

from pipeline.ingest import Batch
from pipeline.evidence import CropMaker
from pipeline.render import MUPDF_LOCK
from pipeline.model import Report, Severity, mask_id_number, mask_ids_in_text
from pipeline.report_html import render_html
from pipeline.report_pdf import render_pdf
from pipeline.report_text import text_digest
from pipeline.summary_xlsx import write_summary_xlsx

VERDICT_ZH = {"pass": "通过", "needs_review": "需人工复核", "reject": "不通过"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SUMMARY_COLUMNS = [
    "key", "name", "id_number_masked", "unit", "level", "verdict", "verdict_zh",
    "errors", "warnings", "infos", "files", "unreadable_files", "top_findings", "report",
]
TOP_FINDINGS = 3
# MuPDF is not thread-safe: reports written from a thread pool (flows) take turns at the
# crops and the PDF layout. A report takes well under a second.
_MUPDF_LOCK = MUPDF_LOCK  # one lock for every MuPDF call in the process (pipeline.render)


def _atomic_write(path: Path, text: str) -> None:
    _atomic_write_bytes(path, text.encode("utf-8"))


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _masked(value: Any) -> Any:
    """Every string in a JSON structure with ID-like runs masked."""
    if isinstance(value, str):
        return mask_ids_in_text(value)
    if isinstance(value, list):
        return [_masked(v) for v in value]
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    return value


def report_json(report: Report) -> dict[str, Any]:
    """report.json: full ID numbers stay only in `documents[].fields` (CONTRACT.md).

    File names are masked too: the 1-inch photo must be named 身份证号+姓名 (003 Q23(2)).
    """
    data = report.to_json()
    fields = [d.pop("fields") for d in data["documents"]]
    data = _masked(data)
    for doc, f in zip(data["documents"], fields):
        doc["fields"] = f
    return data


def top_findings(report: Report, n: int = TOP_FINDINGS) -> list[str]:
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    ranked = sorted(report.findings, key=lambda f: order[f.severity])
    return [f"{f.code}: {mask_ids_in_text(f.message)}" for f in ranked[:n]]


def write_applicant(report: Report, out_dir: Path) -> Path:
    """Write OUT/<key>/report.json, report.html and report.pdf; returns the folder.

    Evidence crops are cut once from the applicant's source files and shared by the HTML and
    the PDF; a source file that is gone or unreadable only costs its crops (无可用截图).
    """
    folder = out_dir / report.key
    json_text = json.dumps(report_json(report), ensure_ascii=False, indent=2)
    _atomic_write(folder / "report.json", json_text)
    digest = text_digest(json_text)
    with _MUPDF_LOCK:
        with CropMaker(report) as crops:
            page = render_html(report, crops, json_sha256=digest)
            printable = render_html(report, crops, json_sha256=digest, for_print=True)
        pdf = render_pdf(report, printable, json_sha256=digest)
    _atomic_write(folder / "report.html", page)
    _atomic_write_bytes(folder / "report.pdf", pdf)
    return folder


def summary_row(report: Report, out_dir: Path) -> dict[str, Any]:
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in Severity}
    return {
        "key": report.key,
        "name": report.name,
        "id_number_masked": mask_id_number(report.id_number),
        "unit": report.unit,
        "level": report.level,
        "verdict": report.verdict,
        "verdict_zh": VERDICT_ZH[report.verdict],
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "infos": counts[Severity.INFO],
        "files": len(report.files),
        "unreadable_files": sum(1 for f in report.files if f.status != "processed"),
        "top_findings": "；".join(top_findings(report)),
        "report": str((out_dir / report.key / "report.json").relative_to(out_dir)),
    }


def write_batch(batch: Batch, reports: list[Report], out_dir: Path, policy: str, extra: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Write summary.csv (UTF-8 with BOM), summary.xlsx and batch.json; returns the rows."""
    rows = [summary_row(r, out_dir) for r in reports]
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / "summary.csv.tmp"
    with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=SUMMARY_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(out_dir / "summary.csv")
    write_summary_xlsx(reports, out_dir / "summary.xlsx", policy)
    verdicts = {v: sum(1 for r in reports if r.verdict == v) for v in VERDICT_ZH}
    data = {
        "schema": "preaudit.batch/1",
        "policy": policy,
        "applicants": rows,
        "counts": {"applicants": len(reports), **verdicts},
        "manifest": batch.manifest.name if batch.manifest else None,
        "unassigned_files": batch.stray_files,
        "notes": [mask_ids_in_text(n) for n in batch.notes],
        **(extra or {}),
    }
    _atomic_write(out_dir / "batch.json", json.dumps(data, ensure_ascii=False, indent=2))
    return rows
