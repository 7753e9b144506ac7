"""Applicants judged by the real rules (pipeline/run.py `judge_applicant`, no OCR) for the field
correction tests: one whose contract filing misreads the employee's name (NAME_MISMATCH), written to
an OUT folder with report.json, report.html and report.pdf."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from preaudit.pipeline.intake.ingest import ApplicantInput
from preaudit.pipeline.model import BBox, Declared, Document, DocType, FieldValue, FileRecord, Report
from preaudit.pipeline.report.writer import write_applicant
from preaudit.pipeline.run import Collected, judge_applicant
from preaudit.validators.policy import load_policy
from tests.pipeline.report.report_builders import FULL_ID, OTHER_ID

__all__ = ["FULL_ID", "OTHER_ID", "NAME", "MISREAD", "POLICY", "judged_report", "write_judged"]

NAME = "张三"
MISREAD = "张二"
UNIT = "昆明市盘龙区某某科技有限公司"
POLICY = "kunming-panlong-2024q3"


def _fv(value, y: float) -> FieldValue:
    return FieldValue(value=value, confidence=1.0, bbox=BBox(x0=0.3, y0=y, x1=0.6, y1=y + 0.02), page=1, source="pdf_text")


def judged_report(folder: Path, *, employee_name: str = MISREAD, declared_id: str = FULL_ID,
                  card_id: str = FULL_ID) -> Report:
    """An applicant judged by the policy's rules: the declared data, an ID card and a contract
    filing whose employee name reads `employee_name` (text layer: certain)."""
    declared = Declared(name=NAME, id_number=declared_id, unit=UNIT, series="工程", level="助理级",
                        application_date=date(2024, 9, 10))
    applicant = ApplicantInput(key=folder.name, folder=folder, files=[], declared=declared,
                               declared_source="applicant.yaml")
    front = Document(file="身份证正面.pdf", file_sha256="a" * 64, page=1, pages=[1], doc_type=DocType.ID_CARD_FRONT,
                     type_confidence=0.99, fields={"name": _fv(NAME, 0.1), "gender": _fv("男", 0.2),
                                                   "id_number": _fv(card_id, 0.3)})
    filing = Document(file="劳动合同备案表.pdf", file_sha256="b" * 64, page=1, pages=[1], doc_type=DocType.CONTRACT_FILING,
                      type_confidence=0.95, fields={"employer": _fv(UNIT, 0.1), "employee_name": _fv(employee_name, 0.2),
                                                    "employee_id_number": _fv(card_id, 0.3)})
    files = [FileRecord(path="身份证正面.pdf", sha256="a" * 64, status="processed", pages=1, size=1000),
             FileRecord(path="劳动合同备案表.pdf", sha256="b" * 64, status="processed", pages=1, size=2000)]
    collected = Collected(applicant, files, [front, filing], [], [])
    return judge_applicant(collected, load_policy(POLICY), date(2024, 9, 10))


def write_judged(out: Path, key: str = "更正申报人", **kwargs) -> Report:
    """Judge the applicant and write its reports to OUT/<key> (no crops: the files are made up)."""
    report = judged_report(out.parent / "src" / key, **kwargs)
    write_applicant(report, out)
    return report
