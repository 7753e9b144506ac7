"""Small hand-built reports with real source files (a text-layer PDF, a photo) for report tests."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pymupdf

from preaudit.pipeline.model import BBox, Document, DocType, FieldValue, FileRecord, Finding, Report, Severity

FULL_ID = "530102199001011238"  # valid check digit
OTHER_ID = "530102199001011239"
NAME = "阿依古丽·买买提"
UNIT = "昆明春城软件有限责任公司"
OTHER_UNIT = "昆明新迪网络科技有限公司"
ANY_FULL_ID = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[0-9Xx]|\d{15})(?![0-9A-Za-z])")


def _box(page: pymupdf.Page, text: str) -> BBox:
    r = page.search_for(text)[0]
    w, h = page.rect.width, page.rect.height
    return BBox(x0=r.x0 / w, y0=r.y0 / h, x1=r.x1 / w, y1=r.y1 / h)


def write_pension_pdf(path: Path) -> dict[str, BBox]:
    """A pension certificate with a text layer; returns the boxes of its values."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((180, 80), "云南省城镇职工基本养老保险个人参保证明", fontname="china-s", fontsize=14)
    page.insert_text((60, 130), "姓名：", fontname="china-s", fontsize=11)
    page.insert_text((100, 130), NAME, fontname="china-s", fontsize=11)
    page.insert_text((300, 130), "身份证号：", fontname="china-s", fontsize=11)
    page.insert_text((360, 130), FULL_ID, fontname="helv", fontsize=11)
    page.insert_text((60, 160), "参保单位：", fontname="china-s", fontsize=11)
    page.insert_text((120, 160), OTHER_UNIT, fontname="china-s", fontsize=11)
    page.insert_text((60, 190), "打印日期：", fontname="china-s", fontsize=11)
    page.insert_text((120, 190), "2024-08-06", fontname="helv", fontsize=11)
    for i, month in enumerate(["202403", "202404", "202405", "202406", "202407", "202408"]):
        status = "未到账" if month == "202406" else "已到账"
        page.insert_text((60, 240 + 18 * i), month, fontname="helv", fontsize=10)
        page.insert_text((140, 240 + 18 * i), OTHER_UNIT, fontname="china-s", fontsize=10)
        page.insert_text((420, 240 + 18 * i), status, fontname="china-s", fontsize=10)
    boxes = {
        "name": _box(page, NAME),
        "id_number": _box(page, FULL_ID),
        "employer": _box(page, OTHER_UNIT),
        "print_date": _box(page, "2024-08-06"),
    }
    first, last = _box(page, "202403"), _box(page, "202408")
    boxes["months"] = BBox(x0=first.x0, y0=first.y0, x1=0.85, y1=last.y1)
    doc.save(path)
    doc.close()
    return boxes


def write_id_photo(path: Path) -> dict[str, BBox]:
    """An ID-card-like photo (JPEG); the number is drawn as text so its box is known."""
    h, w = 630, 1000
    img = np.full((h, w, 3), 235, np.uint8)
    cv2.rectangle(img, (20, 20), (w - 20, h - 20), (180, 160, 140), 3)
    cv2.putText(img, "NAME", (60, 140), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (30, 30, 30), 2)
    cv2.putText(img, FULL_ID, (300, 540), cv2.FONT_HERSHEY_SIMPLEX, 1.4, (20, 20, 20), 3)
    (tw, th), _ = cv2.getTextSize(FULL_ID, cv2.FONT_HERSHEY_SIMPLEX, 1.4, 3)
    ok, buf = cv2.imencode(".jpg", img)
    assert ok
    path.write_bytes(buf.tobytes())
    return {
        "name": BBox(x0=60 / w, y0=105 / h, x1=180 / w, y1=145 / h),
        "id_number": BBox(x0=300 / w, y0=(540 - th) / h, x1=(300 + tw) / w, y1=548 / h),
    }


def fv(value, box: BBox | None, conf: float = 1.0, source: str = "pdf_text") -> FieldValue:
    return FieldValue(value=value, confidence=conf, bbox=box, page=1 if box else None, source=source, raw=str(value) if value is not None else "")  # type: ignore[arg-type]


def build_report(folder: Path, *, missing_photo: bool = False) -> Report:
    """An applicant with a pension PDF, an ID photo, a contract whose file is gone, and bad files."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf_boxes = write_pension_pdf(folder / "社保_参保证明.pdf")
    photo_boxes = write_id_photo(folder / "身份证正面.jpg")
    if missing_photo:
        (folder / "身份证正面.jpg").unlink()
    (folder / "坏文件.jpg").write_bytes(b"not an image")
    months = [
        {"month": m, "employer": OTHER_UNIT, "region": "昆明市", "base": 4800.0, "status": "unpaid" if m == "2024-06" else "paid"}
        for m in ["2024-03", "2024-04", "2024-05", "2024-06", "2024-07", "2024-08"]
    ]
    id_front = Document(
        file="身份证正面.jpg", page=1, pages=[1], doc_type=DocType.ID_CARD_FRONT, type_confidence=0.99, source="ocr",
        fields={
            "name": fv(NAME, photo_boxes["name"], 0.97, "ocr"),
            "gender": fv("女", None, 0.0, "ocr"),
            "id_number": fv(FULL_ID, photo_boxes["id_number"], 0.99, "ocr"),
        },
    )
    pension = Document(
        file="社保_参保证明.pdf", page=1, pages=[1], doc_type=DocType.PENSION_CERTIFICATE, type_confidence=0.99,
        fields={
            "name": fv(NAME, pdf_boxes["name"]),
            "id_number": fv(FULL_ID, pdf_boxes["id_number"]),
            "employer": fv(OTHER_UNIT, pdf_boxes["employer"]),
            "print_date": fv("2024-08-06", pdf_boxes["print_date"]),
            "months": fv(months, pdf_boxes["months"]),
        },
    )
    contract = Document(
        file="合同/劳动合同备案表.pdf", page=1, pages=[1], doc_type=DocType.CONTRACT_FILING, type_confidence=0.95,
        fields={
            "employer": fv(OTHER_UNIT, BBox(x0=0.3, y0=0.2, x1=0.6, y1=0.22)),
            "employee_id_number": fv(OTHER_ID, BBox(x0=0.3, y0=0.3, x1=0.6, y1=0.32)),
            "end_date": fv("2024-06-30", BBox(x0=0.3, y0=0.4, x1=0.6, y1=0.42)),
        },
    )
    files = [
        FileRecord(path="身份证正面.jpg", sha256="a" * 64, status="processed", pages=1, size=1000),
        FileRecord(path="社保_参保证明.pdf", sha256="b" * 64, status="processed", pages=1, size=2000),
        FileRecord(path="合同/劳动合同备案表.pdf", sha256="c" * 64, status="processed", pages=1, size=3000),
        FileRecord(path="坏文件.jpg", sha256="d" * 64, status="unreadable", size=12, reason="图片文件损坏或格式无法识别"),
        FileRecord(path=f"{FULL_ID}{NAME}.docx", sha256="e" * 64, status="unsupported", size=9, reason="不支持的文件类型"),
    ]
    findings = [
        Finding(code="UNIT_MISMATCH", severity=Severity.ERROR, rule_id="unit.consistency",
                message=f"养老保险最近参保单位“{OTHER_UNIT}”与申报单位“{UNIT}”不一致，请核对。",
                documents=[1, 2], evidence={"declared_unit": UNIT, "insurance_unit": OTHER_UNIT, "contract_unit": OTHER_UNIT}),
        Finding(code="INSURANCE_STREAK_SHORT", severity=Severity.ERROR, rule_id="insurance.streak",
                message="养老保险个人参保证明显示申报日前6个月未连续缴费：2024-06 未缴费。",
                documents=[1], evidence={"required_months": 6, "window": ["2024-03", "2024-08"], "unpaid": ["2024-06"]}),
        Finding(code="ID_NUMBER_MISMATCH", severity=Severity.ERROR, rule_id="identity.id_number_consistency",
                message=f"劳动合同备案表的乙方身份证号（{OTHER_ID}）与申报身份证号（{FULL_ID}）不一致。",
                documents=[2, 0], evidence={"document": "contract_filing", "field": "employee_id_number",
                                            "found_masked": "530102********1239", "reference_masked": "530102********1238"}),
        Finding(code="CONTRACT_EXPIRING", severity=Severity.WARNING, rule_id="contract.expiring",
                message="劳动合同将于2024-06-30到期，请上传续签合同。", documents=[2],
                evidence={"end_date": "2024-06-30", "as_of": "2024-09-10"}),
        Finding(code="DOC_UNREADABLE", severity=Severity.ERROR, rule_id="files.readable",
                message="文件“坏文件.jpg”无法打开，请重新上传。", documents=[],
                evidence={"file": "坏文件.jpg", "status": "unreadable", "reason": "图片文件损坏或格式无法识别"}),
        Finding(code="DOC_MISSING", severity=Severity.ERROR, rule_id="documents.required",
                message="缺少职称申报承诺书原件（附件5），请补充上传。", documents=[],
                evidence={"document": "pledge", "document_name": "职称申报承诺书原件（附件5）"}),
        Finding(code="DECLARED_DATA_MISSING", severity=Severity.INFO, rule_id="declared.present",
                message="未找到申报信息，身份信息取自身份证。", documents=[], evidence={"key": "demo"}),
    ]
    return Report(
        key="测试申报人_01", name=NAME, id_number=FULL_ID, unit=UNIT, level="助理级",
        policy="kunming-panlong-2024q3", as_of=date(2024, 9, 10), files=files,
        documents=[id_front, pension, contract], findings=findings, pipeline_version="0.1.0",
        source_dir=str(folder),
    )
