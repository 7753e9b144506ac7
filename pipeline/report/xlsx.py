"""summary.xlsx: the batch for a clerk: one row per applicant (汇总) and one row per finding (问题明细).

Frozen header, auto-filter, verdict and severity colours, column widths measured in display
columns (a Chinese character counts two). ID numbers are masked in every cell, and every text cell
is written as text (string data type), never as a formula: names come from applicants
(pipeline/report/cells.py). Built from report views (pipeline/report/summary.py), so it covers every report in OUT.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from preaudit.pipeline.report.cells import display_width, is_formula_like, xlsx_text
from preaudit.pipeline.model import mask_id_number
from preaudit.pipeline.report.outdir import write_private
from preaudit.pipeline.report.wording import code_zh, doc_type_zh, safe, severity_zh, verdict_zh
from preaudit.pipeline.report.summary import PENDING_ZH, ReportView

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
    "错误", "警告", "提示", "文件数", "无法读取的文件", "主要问题", "报告", "完成",
    "复核结论", "复核人", "复核日期",
]
FINDING_COLUMNS = ["申报人文件夹", "姓名", "级别", "问题", "代码", "说明", "涉及材料", "规则"]


def _line(f: dict[str, Any]) -> str:
    return safe(f"{code_zh(str(f.get('code', '')))}：{f.get('message', '')}")


def _applicant_row(view: ReportView) -> list[Any]:
    done = bool(view.verdict)
    top = [_line(f) for f in view.ranked() if f.get("severity") != "info"][:TOP_FINDINGS]
    return [
        safe(view.key),
        safe(view.name),
        mask_id_number(view.id_number_masked),
        safe(view.unit),
        safe(view.level),
        verdict_zh(view.verdict) if done else PENDING_ZH,
        view.count("error") if done else None,
        view.count("warning") if done else None,
        view.count("info") if done else None,
        view.file_count,
        sum(1 for f in view.files if f.get("status") != "processed") if done else None,
        "\n".join(f"{i}. {t}" for i, t in enumerate(top, 1)),
        safe(f"{view.key}/report.pdf") if done else "",
        "是" if view.complete else "否",
        safe(view.review_verdict),
        safe(view.reviewer),
        view.review_date,
    ]


def _finding_rows(view: ReportView) -> list[list[Any]]:
    rows = []
    for f in view.ranked():
        indexes = [i for i in f.get("documents") or [] if isinstance(i, int) and 0 <= i < len(view.documents)]
        where = "；".join(f"{doc_type_zh(view.documents[i][0])}（{view.documents[i][1]}）" for i in indexes)
        evidence = f.get("evidence") if isinstance(f.get("evidence"), dict) else {}
        if not where and isinstance(evidence.get("file"), str):
            where = evidence["file"]
        rows.append([
            safe(view.key), safe(view.name), severity_zh(str(f.get("severity", ""))), code_zh(str(f.get("code", ""))),
            str(f.get("code", "")), safe(f.get("message", "")), safe(where), str(f.get("rule_id", "")),
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


def _put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """One cell; text always with the string data type, never a formula (pipeline/report/cells.py)."""
    if isinstance(value, str):
        text = xlsx_text(value)
        cell = ws.cell(row=row, column=column, value=text)
        cell.data_type = "s"
        if is_formula_like(text):
            cell.quotePrefix = True  # stays text when a clerk edits the cell
        return cell
    return ws.cell(row=row, column=column, value=value)


def _sheet(ws: Worksheet, header: list[str], rows: list[list[Any]]) -> None:
    for c, text in enumerate(header, 1):
        cell = _put(ws, 1, c, text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            _put(ws, r, c, value).alignment = Alignment(vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, ws.max_row)}"


def xlsx_bytes(views: list[ReportView], policy: str) -> bytes:
    """summary.xlsx (two sheets) as bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    _sheet(ws, APPLICANT_COLUMNS, [_applicant_row(v) for v in views])
    verdict_col = APPLICANT_COLUMNS.index("预审结论") + 1
    link_col = APPLICANT_COLUMNS.index("报告") + 1
    for r_index, view in enumerate(views, start=2):
        if view.verdict in VERDICT_FILLS:
            ws.cell(r_index, verdict_col).fill = VERDICT_FILLS[view.verdict]
        cell = ws.cell(r_index, link_col)
        # a link only to a plain relative path: never when the folder name holds an ID number or
        # starts like a formula
        if view.verdict and cell.value == f"{view.key}/report.pdf" and not is_formula_like(cell.value):
            cell.hyperlink = cell.value
            cell.style = "Hyperlink"
            cell.data_type = "s"
    _fit_columns(ws, {APPLICANT_COLUMNS.index("主要问题") + 1})

    wf = wb.create_sheet("问题明细")
    finding_rows = [row for v in views for row in _finding_rows(v)]
    _sheet(wf, FINDING_COLUMNS, finding_rows)
    sev_col = FINDING_COLUMNS.index("级别") + 1
    fill_by_zh = {severity_zh(s): SEVERITY_FILLS[s] for s in SEVERITY_FILLS}
    for row in range(2, wf.max_row + 1):
        cell = wf.cell(row, sev_col)
        if cell.value in fill_by_zh:
            cell.fill = fill_by_zh[cell.value]
    _fit_columns(wf, {FINDING_COLUMNS.index("说明") + 1, FINDING_COLUMNS.index("涉及材料") + 1})

    wb.properties.title = xlsx_text(f"职称申报材料预审汇总 {policy}")
    wb.properties.creator = "preaudit"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_summary_xlsx(views: list[ReportView], path: Path, policy: str) -> Path:
    """Write summary.xlsx atomically (owner-only); returns its path."""
    write_private(path, xlsx_bytes(views, policy))
    return path
