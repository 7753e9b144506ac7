"""养老保险个人参保证明: holder, ID number, region, print date and the monthly payment table.

The monthly rows are read by geometry, never by a table model (PaddleOCR's drop bordered rows,
OCR.md): every line that starts with a month anchors a row, the lines at the same height form
its cells, and the header's column positions say which cell is which. When OCR has merged cells
into one line, the row text is split by patterns instead.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from extractors.base import FieldReader, load_labels, register
from extractors.common import read_date, read_id_number, read_text
from pipeline.model import BBox, DocType, FieldValue, Page, TextLine
from pipeline.text import nfkc, parse_month

LABELS = load_labels("pension_certificate")
_MONTH_START = re.compile(r"^((?:19|20)\d{2})\s*[-./年]?\s*(0[1-9]|1[0-2])\s*月?")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{1,2}|\d{3,7}")
_SEQ = re.compile(r"\d{1,3}")  # a row number (序号)
_SEQ_PREFIX = re.compile(r"^\d{1,3}\s*[|]?\s+(?=(?:19|20)\d{2}\s*[-./年]?\s*(?:0[1-9]|1[0-2]))")
_REGION = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:市本级|本级|自治州|地区|盟|市|州|县|区)")


@register(DocType.PENSION_CERTIFICATE)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = FieldReader(pages)
    stops = LABELS["stop_labels"]
    months, months_bbox, months_conf, months_page, source = read_months(pages)
    return {
        "name": read_text(r, LABELS["name"], stops),
        "id_number": read_id_number(r, LABELS["id_number"]),
        "region": read_text(r, LABELS["region"], stops),
        "employer": read_text(r, LABELS["employer"], stops),
        "print_date": read_date(r, LABELS["print_date"]),
        "months": FieldValue(
            value=months or None,
            confidence=months_conf,
            bbox=months_bbox,
            page=months_page,
            source=source,  # type: ignore[arg-type]
        ),
    }


def _norm_keep_spaces(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _header_columns(lines: list[TextLine]) -> dict[str, float]:
    """x-centres of the table's header cells, keyed by column name."""
    columns: dict[str, float] = {}
    for line in lines:
        norm = nfkc(line.text)
        for key, labels in LABELS["table"].items():
            if key in columns:
                continue
            for label in labels:
                idx = norm.find(nfkc(label))
                if idx >= 0 and len(norm) <= len(label) + 2:
                    columns[key] = (line.bbox.x0 + line.bbox.x1) / 2
                    break
    return columns if {"month", "status"} <= columns.keys() else {}


def _status(text: str) -> str | None:
    t = nfkc(text)
    for word in LABELS["unpaid_status"]:
        if word in t:
            return "unpaid"
    for word in LABELS["paid_status"]:
        if word in t:
            return "paid"
    return None


def _base(text: str) -> float | None:
    m = _NUMBER.search(nfkc(text))
    if not m:
        return None
    try:
        return float(m.group(0).replace(",", ""))
    except ValueError:
        return None


def parse_row_text(text: str) -> dict[str, Any] | None:
    """Split one row whose cells OCR merged: month, employer, base, region, status in order
    (after a 序号, when the print numbers its rows)."""
    t = _SEQ_PREFIX.sub("", _norm_keep_spaces(text))
    m = _MONTH_START.match(t)
    if not m:
        return None
    month = f"{m.group(1)}-{m.group(2)}"
    rest = t[m.end():].strip(" |")
    status = _status(rest)
    for word in LABELS["unpaid_status"] + LABELS["paid_status"]:
        rest = rest.replace(word, " ")
    number = None
    for nm in _NUMBER.finditer(rest):
        number = nm
    base = float(number.group(0).replace(",", "")) if number else None
    employer_part, region_part = (rest[: number.start()], rest[number.end():]) if number else (rest, "")
    region_match = _REGION.search(nfkc(region_part))
    region = region_match.group(0) if region_match else nfkc(region_part) or None
    return {
        "month": month,
        "employer": nfkc(employer_part).strip("|") or None,
        "region": region,
        "base": base,
        "status": status,
    }


def _row_lines(anchor: TextLine, lines: list[TextLine]) -> list[TextLine]:
    tol = 0.6 * anchor.bbox.height
    return sorted(
        (ln for ln in lines if abs(ln.bbox.cy - anchor.bbox.cy) <= tol),
        key=lambda ln: ln.bbox.x0,
    )


def _assign_cells(row: list[TextLine], columns: dict[str, float]) -> dict[str, Any] | None:
    """Cells to columns by nearest header centre; None when a cell spans several columns."""
    centres = sorted(columns.items(), key=lambda kv: kv[1])
    cells: dict[str, str] = {}
    for line in row:
        cx = (line.bbox.x0 + line.bbox.x1) / 2
        spanned = [k for k, x in centres if line.bbox.x0 - 0.01 <= x <= line.bbox.x1 + 0.01]
        if len(spanned) > 1:
            return None
        key = min(centres, key=lambda kv: abs(kv[1] - cx))[0]
        cells[key] = (cells.get(key, "") + line.text).strip()
    month = parse_month(cells.get("month"))
    if month is None:
        return None
    region = nfkc(cells.get("region", "")) or None
    return {
        "month": month,
        "employer": nfkc(cells.get("employer", "")) or None,
        "region": region,
        "base": _base(cells.get("base", "")),
        "status": _status(cells.get("status", "")),
    }


def read_months(pages: list[Page]) -> tuple[list[dict[str, Any]], BBox | None, float, int | None, str | None]:
    """The monthly table rows, sorted by month, with the table's box and lowest confidence."""
    rows: dict[str, dict[str, Any]] = {}
    bbox: BBox | None = None
    conf = 1.0
    first_page: int | None = None
    source: str | None = None
    for page in pages:
        columns = _header_columns(page.lines)
        for anchor in page.lines:
            if not _MONTH_START.match(_norm_keep_spaces(anchor.text)):
                continue
            if len(nfkc(anchor.text)) > 8 and not columns:
                row_lines = [anchor]
            else:
                row_lines = _row_lines(anchor, page.lines)
            lead = row_lines[: row_lines.index(anchor)]
            if not all(_SEQ.fullmatch(nfkc(ln.text)) for ln in lead):
                continue  # a month-like value inside a row (a base of 2012.10) anchors nothing
            row_lines = row_lines[len(lead):]  # the 序号 cell of the 12333 print is not read
            row = _assign_cells(row_lines, columns) if columns else None
            if row is None:
                row = parse_row_text(" | ".join(ln.text for ln in row_lines))
            if row is None or row["month"] in rows or (row["status"] is None and row["base"] is None):
                continue
            rows[row["month"]] = row
            for ln in row_lines:
                bbox = ln.bbox if bbox is None else bbox.union(ln.bbox)
                conf = min(conf, ln.confidence)
            first_page = first_page or page.number
            source = anchor.source
    ordered = [rows[k] for k in sorted(rows)]
    return ordered, bbox, (conf if ordered else 0.0), first_page, source
