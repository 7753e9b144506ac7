"""Report writing: report.json + a minimal report.html per applicant, summary.csv + batch.json per batch.

Full ID numbers appear only in report.json's document fields (CONTRACT.md); every other text that
leaves this module goes through `mask_ids_in_text`.
"""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path
from typing import Any

from pipeline.ingest import Batch
from pipeline.model import Report, Severity, mask_id_number, mask_ids_in_text

VERDICT_ZH = {"pass": "通过", "needs_review": "需人工复核", "reject": "不通过"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SUMMARY_COLUMNS = [
    "key", "name", "id_number_masked", "unit", "level", "verdict", "verdict_zh",
    "errors", "warnings", "infos", "files", "unreadable_files", "top_findings", "report",
]
TOP_FINDINGS = 3


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def report_json(report: Report) -> dict[str, Any]:
    data = report.to_json()
    for finding in data["findings"]:
        finding["message"] = mask_ids_in_text(finding["message"])
    return data


def top_findings(report: Report, n: int = TOP_FINDINGS) -> list[str]:
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    ranked = sorted(report.findings, key=lambda f: order[f.severity])
    return [f"{f.code}: {mask_ids_in_text(f.message)}" for f in ranked[:n]]


def write_applicant(report: Report, out_dir: Path) -> Path:
    """Write OUT/<key>/report.json and report.html; returns the folder."""
    folder = out_dir / report.key
    _atomic_write(folder / "report.json", json.dumps(report_json(report), ensure_ascii=False, indent=2))
    _atomic_write(folder / "report.html", render_html(report))
    return folder


def render_html(report: Report) -> str:
    """A plain, self-contained Chinese page: header, the one-time correction list, files."""
    e = html.escape
    verdict = report.verdict
    items = "".join(
        f"<li><b>[{SEVERITY_ZH[f.severity.value]}] {e(f.code)}</b> {e(mask_ids_in_text(f.message))}</li>"
        for f in report.findings
    )
    files = "".join(
        f"<tr><td>{e(f.path)}</td><td>{e(f.status)}</td><td>{f.pages}</td><td>{e(f.reason)}</td><td><code>{e(f.sha256[:16])}</code></td></tr>"
        for f in report.files
    )
    docs = "".join(
        f"<tr><td>{i}</td><td>{e(d.doc_type.value)}</td><td>{e(d.file)}</td><td>{d.page}</td><td>{d.type_confidence:.2f}</td></tr>"
        for i, d in enumerate(report.documents)
    )
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>预审报告 {e(report.name)}</title>
<style>body{{font-family:sans-serif;max-width:960px;margin:2em auto}} table{{border-collapse:collapse}}
td,th{{border:1px solid #999;padding:2px 6px}} .v-pass{{color:#070}} .v-needs_review{{color:#a60}} .v-reject{{color:#b00}}</style>
</head><body>
<h1>职称申报材料预审报告</h1>
<p>申报人：{e(report.name)}　身份证号：{e(mask_id_number(report.id_number))}　申报单位：{e(report.unit)}　申报级别：{e(report.level)}</p>
<p>政策：{e(report.policy)}　审核基准日：{report.as_of.isoformat()}　结论：<b class="v-{verdict}">{VERDICT_ZH[verdict]}</b></p>
<h2>一次性告知单</h2><ol>{items or "<li>未发现问题</li>"}</ol>
<h2>识别的材料</h2><table><tr><th>#</th><th>类型</th><th>文件</th><th>页</th><th>置信度</th></tr>{docs}</table>
<h2>文件清单</h2><table><tr><th>文件</th><th>状态</th><th>页数</th><th>说明</th><th>SHA-256</th></tr>{files}</table>
<p><small>preaudit {e(report.pipeline_version)} · {e(report.policy)}</small></p>
</body></html>
"""


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
    """Write summary.csv (UTF-8 with BOM, opens in Excel) and batch.json; returns the rows."""
    rows = [summary_row(r, out_dir) for r in reports]
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / "summary.csv.tmp"
    with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=SUMMARY_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(out_dir / "summary.csv")
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
