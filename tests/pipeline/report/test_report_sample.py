"""The human reports of the audited sample batch (real OCR): complete, masked, Chinese rendered."""

from __future__ import annotations

import json

import pymupdf
import pytest
from openpyxl import load_workbook

from preaudit.pipeline.model import mask_ids_in_text
from tests.pipeline.report.report_builders import ANY_FULL_ID
from tests.pipeline.report.test_report import _glyph_problems, html_text, pdf_body_text, squash

pytestmark = pytest.mark.ocr


def _full_ids(data: dict) -> set[str]:
    return {
        str(fv["value"]) for d in data["documents"] for name, fv in d["fields"].items()
        if name in ("id_number", "employee_id_number") and fv.get("value")
    }


def test_every_applicant_has_html_and_pdf_with_every_finding_and_file(audited):
    out = audited["out"]
    for key, data in audited["reports"].items():
        folder = out / key
        page = html_text((folder / "report.html").read_text(encoding="utf-8"))
        with pymupdf.open(folder / "report.pdf") as pdf:
            printed = pdf_body_text(pdf)
            assert _glyph_problems(pdf) == [], key
        for f in data["findings"]:
            message = squash(mask_ids_in_text(f["message"]))
            assert f["code"] in page and message in page, (key, f["code"])
            assert f["code"] in printed and message in printed, (key, f["code"])
        for f in data["files"]:
            name = squash(mask_ids_in_text(f["path"]))
            assert name in page and name in printed, (key, f["path"])


def test_no_full_id_number_in_html_pdf_or_xlsx(audited):
    out = audited["out"]
    wb = load_workbook(out / "summary.xlsx")
    cells = "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    assert not ANY_FULL_ID.search(cells)
    for key, data in audited["reports"].items():
        full = _full_ids(data)
        assert full, key
        html = (out / key / "report.html").read_text(encoding="utf-8")
        with pymupdf.open(out / key / "report.pdf") as pdf:
            printed = "".join(p.get_text() for p in pdf) + json.dumps(pdf.metadata, ensure_ascii=False)
        for text in (html, printed, cells):
            assert not any(n in text for n in full), key
        assert not ANY_FULL_ID.search(html_text(html)) and not ANY_FULL_ID.search(printed), key


def test_summary_xlsx_has_a_row_per_applicant_and_per_finding(audited):
    wb = load_workbook(audited["out"] / "summary.xlsx")
    assert wb["汇总"].max_row - 1 == len(audited["reports"])
    assert wb["问题明细"].max_row - 1 == sum(len(d["findings"]) for d in audited["reports"].values())
