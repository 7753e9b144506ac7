"""An audited OUT folder built without OCR for the workbench tests: one full report (real files, crops,
report.html/pdf) and many small ones (report.json only) for the queue; reviewer accounts."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from preaudit.pipeline.intake.crops import PageCropper
from preaudit.pipeline.model import Document, DocType, FieldValue, FileRecord, Finding, Report, Severity
from preaudit.pipeline.report.outdir import write_private_text
from preaudit.pipeline.report.writer import report_json, write_applicant
from preaudit.workbench.app import create_app
from preaudit.workbench.users import add_user
from tests.pipeline.report.report_builders import FULL_ID, OTHER_ID, build_report

MAIN_KEY = "测试申报人_01"
BULK = 120
PASSWORD = "correct horse 9"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
__all__ = ["FULL_ID", "OTHER_ID", "MAIN_KEY", "BULK", "PASSWORD", "bulk_report", "build_out", "login", "csrf_of",
           "write_json_report"]


def bulk_report(i: int) -> Report:
    """A small applicant: errors when i % 3 == 0, a warning when i % 3 == 1, clean otherwise."""
    number = f"5301021990{i:04d}{i % 10}1{i % 7}"[:17] + "X"
    findings = []
    if i % 3 == 0:
        findings.append(Finding(code="DOC_MISSING", severity=Severity.ERROR, rule_id="documents.required",
                                message="缺少职称申报承诺书，请补充上传。", evidence={"document": "pledge"}))
    elif i % 3 == 1:
        findings.append(Finding(code="CONTRACT_EXPIRING", severity=Severity.WARNING, rule_id="contract.expiring",
                                message="劳动合同即将到期。", documents=[0], evidence={"end_date": "2024-09-30"}))
    doc = Document(file="id.jpg", page=1, pages=[1], doc_type=DocType.ID_CARD_FRONT, type_confidence=0.99, source="ocr",
                   fields={"id_number": FieldValue(value=number, confidence=0.99, source="ocr")})
    return Report(key=f"p{i:03d}", name=f"申报人{i:03d}", id_number=number, unit=f"单位{i % 5}", level="助理级",
                  policy="kunming-panlong-2024q3", as_of=date(2024, 9, 10),
                  files=[FileRecord(path="id.jpg", sha256=f"{i:064x}", status="processed", pages=1, size=10)],
                  documents=[doc], findings=findings, pipeline_version="0.1.0")


def write_json_report(out: Path, report: Report) -> None:
    """report.json only (what the queue reads), as the writer writes it."""
    write_private_text(out / report.key / "report.json", json.dumps(report_json(report), ensure_ascii=False, indent=2))


def build_out(root: Path) -> Path:
    out = root / "out"
    report = build_report(root / "src" / MAIN_KEY)
    write_applicant(report, out, crops=PageCropper())
    for i in range(BULK):
        write_json_report(out, bulk_report(i))
    return out


def csrf_of(html: str) -> str:
    m = CSRF.search(html)
    assert m is not None, html[:500]
    return m.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD):
    page = client.get("/login")
    return client.post("/login", data={"csrf": csrf_of(page.text), "username": name, "password": password, "next": "/"})


def make_client(out: Path, state: Path) -> TestClient:
    return TestClient(create_app(out, state), base_url="http://127.0.0.1")


def add_reviewers(state: Path) -> None:
    add_user("李审核", "单位审核", PASSWORD, state)
    add_user("王复核", "主管部门复核", PASSWORD, state)
