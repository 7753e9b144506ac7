"""summary.xlsx: the batch for a clerk: one row per applicant (汇总) and one row per finding (问题明细).

Frozen header, auto-filter, verdict and severity colours, column widths measured in display
columns (a Chinese character counts two). ID numbers are masked in every cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.model import Report, Severity, mask_id_number
from pipeline.report_text import (
    code_zh,
    display_width,
    doc_type_zh,
    finding_line,
    ranked_findings,
    safe,
    severity_zh,
    verdict_zh,
)

TOP_FINDINGS = 3
MAX_WIDTH = 60  # display columns; longer text wraps
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
VERDICT_FILLS = {
    "pass": PatternFill("solid", fgColor="C6EFCE"),
    "needs_review": PatternFill("solid", fgColor="FFEB9C"),
    "reject": PatternFill("solid", fgColor="FFC7CE"),
}
SEVERITY_FILLS = {
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFEB9C"),
    "info": PatternFill("solid", fgColor="DDEBF7"),
}

APPLICANT_COLUMNS = [
    "申报人文件夹", "姓名", "身份证号", "申报单位", "申报级别", "预审结论",
    "错误", "警告", "提示", "文件数", "无法读取的文件", "主要问题", "报告",
]
FINDING_COLUMNS = ["申报人文件夹", "姓名", "级别", "问题", "代码", "说明", "涉及材料", "规则"]


def _applicant_row(report: Report) -> list[Any]:
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in Severity}
    top = [finding_line(f) for f in ranked_findings(report) if f.severity != Severity.INFO][:TOP_FINDINGS]
    return [
        safe(report.key),
        safe(report.name),
        mask_id_number(report.id_number),
        safe(report.unit),
        safe(report.level),
        verdict_zh(report.verdict),
        counts[Severity.ERROR],
        counts[Severity.WARNING],
        counts[Severity.INFO],
        len(report.files),
        sum(1 for f in report.files if f.status != "processed"),
        "\n".join(f"{i}. {t}" for i, t in enumerate(top, 1)),
        safe(f"{report.key}/report.pdf"),
    ]


def _finding_rows(report: Report) -> list[list[Any]]:
    rows = []
    for f in ranked_findings(report):
        docs = [report.documents[i] for i in f.documents if 0 <= i < len(report.documents)]
        where = "；".join(f"{doc_type_zh(d.doc_type)}（{d.file}）" for d in docs)
        if not where and isinstance(f.evidence.get("file"), str):
            where = f.evidence["file"]
        rows.append([
            safe(report.key), safe(report.name), severity_zh(f.severity), code_zh(f.code), f.code,
            safe(f.message), safe(where), f.rule_id,
        ])
    return rows


def _fit_columns(ws: Worksheet, wrap_columns: set[int]) -> None:
    """Widths from the longest line of each column (CJK counts 2), capped; long text wraps."""
    for col in ws.iter_cols(min_row=1, max_row=ws.max_row):
        idx = col[0].column
        width = 4
        for cell in col:
            if cell.value is None:
                continue
            longest = max((display_width(line) for line in str(cell.value).split("\n")), default=0)
            width = max(width, longest)
        ws.column_dimensions[get_column_letter(idx)].width = min(MAX_WIDTH, width + 2)
        if idx in wrap_columns or width > MAX_WIDTH:
            for cell in col[1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _sheet(ws: Worksheet, header: list[str], rows: list[list[Any]]) -> None:
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, ws.max_row)}"
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top")


def write_summary_xlsx(reports: list[Report], path: Path, policy: str) -> Path:
    """Write summary.xlsx (two sheets) atomically; returns its path."""
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    _sheet(ws, APPLICANT_COLUMNS, [_applicant_row(r) for r in reports])
    verdict_col = APPLICANT_COLUMNS.index("预审结论") + 1
    link_col = APPLICANT_COLUMNS.index("报告") + 1
    for r_index, report in enumerate(reports, start=2):
        ws.cell(r_index, verdict_col).fill = VERDICT_FILLS[report.verdict]
        cell = ws.cell(r_index, link_col)
        if cell.value == f"{report.key}/report.pdf":  # no link when the folder name holds an ID number
            cell.hyperlink = cell.value
            cell.style = "Hyperlink"
    _fit_columns(ws, {APPLICANT_COLUMNS.index("主要问题") + 1})

    wf = wb.create_sheet("问题明细")
    finding_rows = [row for r in reports for row in _finding_rows(r)]
    _sheet(wf, FINDING_COLUMNS, finding_rows)
    sev_col = FINDING_COLUMNS.index("级别") + 1
    fill_by_zh = {severity_zh(s): SEVERITY_FILLS[s] for s in SEVERITY_FILLS}
    for row in range(2, wf.max_row + 1):
        cell = wf.cell(row, sev_col)
        if cell.value in fill_by_zh:
            cell.fill = fill_by_zh[cell.value]
    _fit_columns(wf, {FINDING_COLUMNS.index("说明") + 1, FINDING_COLUMNS.index("涉及材料") + 1})

    wb.properties.title = f"职称申报材料预审汇总 {policy}"
    wb.properties.creator = "preaudit"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path
