"""report.html / report.pdf / summary.xlsx from small hand-built reports (no OCR)."""

from __future__ import annotations

import html as htmllib
import io
import json
import re
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from openpyxl import load_workbook

from preaudit.pipeline.intake.crops import PageCropper
from preaudit.pipeline.intake.ingest import Batch
from preaudit.pipeline.model import DocType, Report, Severity, doc_type_names, mask_id_number, mask_ids_in_text
from preaudit.pipeline.report.writer import write_applicant, write_batch
from preaudit.pipeline.report.html import notice_groups, notice_text, render_html
from preaudit.pipeline.report.pdf import BODY
from preaudit.pipeline.report.wording import display_width
from tests.pipeline.report.report_builders import ANY_FULL_ID, FULL_ID, OTHER_ID, UNIT, build_report

CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("report")
    report = build_report(root / "in" / "测试申报人_01")
    out = root / "out"
    folder = write_applicant(report, out, crops=PageCropper())
    rows = write_batch(Batch(root=root / "in", applicants=[]), [report], out, report.policy)
    return {"report": report, "folder": folder, "out": out, "rows": rows}


def pdf_body_text(pdf: pymupdf.Document) -> str:
    """The text of every page's body (page footers left out), whitespace removed."""
    text = "".join(page.get_text("text", clip=BODY) for page in pdf)
    return re.sub(r"[\s\u200b]+", "", text)


def html_text(html: str) -> str:
    """Visible text of the HTML (tags and data: URIs gone, entities decoded), whitespace removed."""
    body = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    body = re.sub(r"<[^>]+>", "", body)
    return re.sub(r"[\s\u200b]+", "", htmllib.unescape(body))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------- files


def test_write_applicant_writes_json_html_and_a4_pdf(written):
    folder = written["folder"]
    for name in ("report.json", "report.html", "report.pdf"):
        assert (folder / name).stat().st_size > 0, name
    with pymupdf.open(folder / "report.pdf") as pdf:
        assert pdf.page_count >= 2
        for page in pdf:
            assert abs(page.rect.width - 595) < 1 and abs(page.rect.height - 842) < 1


def test_pdf_fonts_are_embedded_and_subset(written):
    data = (written["folder"] / "report.pdf").read_bytes()
    assert len(data) < 600_000  # the whole CJK font would be ~1.8 MB
    with pymupdf.open(stream=data, filetype="pdf") as pdf:
        fonts = {f[3] for page in pdf for f in page.get_fonts()}
        embedded = [pdf.extract_font(f[0]) for page in pdf for f in page.get_fonts()]
    assert any("Droid" in f or "CJK" in f or "Fallback" in f for f in fonts), fonts
    assert all(e[3] for e in embedded), "every font must be embedded"


# --------------------------------------------------------------------------- Chinese glyphs


def _glyph_problems(pdf: pymupdf.Document, dpi: int = 144) -> list[str]:
    """Chinese characters that came out as empty boxes: .notdef glyphs (id 0) in the text
    layer, or characters whose rendered pixels are blank or identical to a different character's."""
    problems = []
    zoom = dpi / 72
    for page in pdf:
        for span in page.get_texttrace():
            for ch in span["chars"]:
                if ch[1] == 0 or ch[0] == 0xFFFD:  # .notdef: the font had no glyph (an empty box)
                    problems.append(f"notdef U+{ch[0]:04X} p{page.number + 1}")
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
        seen: dict[bytes, str] = {}
        raw = page.get_text("rawdict")
        for block in raw["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    for ch in span["chars"]:
                        c = ch["c"]
                        if not CJK.match(c):
                            continue
                        x0, y0, x1, y1 = (round(v * zoom) for v in ch["bbox"])
                        cell = img[max(0, y0):y1, max(0, x0):x1].astype(np.int16)
                        ink = np.abs(cell - np.median(cell)) > 40 if cell.size else cell  # any colours
                        if cell.size == 0 or ink.sum() < 3:
                            problems.append(f"blank {c} p{page.number + 1}")
                            continue
                        if span["size"] < 9:
                            continue  # small print: too few pixels to tell glyphs apart reliably
                        sig = (_resize(ink.astype(np.uint8) * 255) > 127).tobytes()
                        other = seen.setdefault(sig, c)
                        if other != c:
                            problems.append(f"same pixels for {other} and {c} p{page.number + 1}")
    return problems


def _resize(cell: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.resize(cell, (24, 24), interpolation=cv2.INTER_AREA)


def test_pdf_renders_chinese_glyphs_not_boxes(written):
    with pymupdf.open(written["folder"] / "report.pdf") as pdf:
        text = pdf[0].get_text()
        assert "职称申报材料预审报告" in text and "一次性告知单" in text
        assert _glyph_problems(pdf) == []


def test_glyph_check_catches_empty_boxes():
    """The check above fails on a character no shipped font has (U+20000, CJK Ext. B)."""
    story = pymupdf.Story(html="<p style='font-size:14pt'>测试𠀀字</p>")
    writer_buf = io.BytesIO()
    writer = pymupdf.DocumentWriter(writer_buf)
    device = writer.begin_page(pymupdf.paper_rect("a5"))
    story.place(pymupdf.Rect(20, 20, 300, 300))
    story.draw(device)
    writer.end_page()
    writer.close()
    doc = pymupdf.open(stream=writer_buf.getvalue(), filetype="pdf")
    assert any(p.startswith("notdef") for p in _glyph_problems(doc))


# --------------------------------------------------------------------------- content


def test_every_finding_and_file_is_in_html_and_pdf(written):
    folder = written["folder"]
    data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    page = html_text((folder / "report.html").read_text(encoding="utf-8"))
    with pymupdf.open(folder / "report.pdf") as pdf:
        printed = pdf_body_text(pdf)
    for finding in data["findings"]:
        for where, text in (("html", page), ("pdf", printed)):
            assert finding["code"] in text, (where, finding["code"])
            assert squash(mask_ids_in_text(finding["message"])) in text, (where, finding["message"])
    for f in data["files"]:
        name = squash(mask_ids_in_text(f["path"]))
        assert name in page and name in printed, f["path"]
        assert f["sha256"] in page and f["sha256"] in printed


def test_header_shows_masked_id_unit_level_policy_and_verdict_badge(written):
    page = html_text((written["folder"] / "report.html").read_text(encoding="utf-8"))
    with pymupdf.open(written["folder"] / "report.pdf") as pdf:
        printed = pdf_body_text(pdf)
    for text in (page, printed):
        for expected in (mask_id_number(FULL_ID), UNIT, "助理级", "kunming-panlong-2024q3", "2024-09-10", "预审结论：不通过"):
            assert expected in text, expected


def test_no_full_id_number_outside_report_json(written):
    out = written["out"]
    folder = written["folder"]
    texts = {
        "report.html": (folder / "report.html").read_text(encoding="utf-8"),
        "summary.csv": (out / "summary.csv").read_text(encoding="utf-8-sig"),
        "batch.json": (out / "batch.json").read_text(encoding="utf-8"),
    }
    with pymupdf.open(folder / "report.pdf") as pdf:
        texts["report.pdf"] = "".join(p.get_text() for p in pdf) + json.dumps(pdf.metadata, ensure_ascii=False)
    wb = load_workbook(out / "summary.xlsx")
    texts["summary.xlsx"] = "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    for name, text in texts.items():
        visible = re.sub(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+", "", text)
        for full in (FULL_ID, OTHER_ID):
            assert full not in text, name
        assert not ANY_FULL_ID.search(visible), name


def test_id_number_fields_are_masked_in_the_field_tables(written):
    page = html_text((written["folder"] / "report.html").read_text(encoding="utf-8"))
    assert "公民身份号码" in page and "乙方身份证号" in page
    assert mask_id_number(OTHER_ID) in page


def test_notice_is_one_numbered_list_grouped_by_attachment(written):
    report: Report = written["report"]
    groups = notice_groups(report)
    listed = [f for g in groups for f in g.findings]
    actionable = [f for f in report.findings if f.severity != Severity.INFO]
    assert sorted(f.code for f in listed) == sorted(f.code for f in actionable)
    titles = [g.title for g in groups]
    assert titles[0].startswith("身份证正面") or titles[0].startswith("养老保险个人参保证明")
    assert any("坏文件.jpg" in t for t in titles) and "需补充上传的材料" in titles
    text = notice_text(report)
    numbers = [int(m) for m in re.findall(r"^(\d+)\. ", text, flags=re.M)]
    assert numbers == list(range(1, len(actionable) + 1))
    assert FULL_ID not in text and OTHER_ID not in text
    assert "一、" in text and "二、" in text


def test_each_finding_shows_crop_value_confidence_and_comparison(written):
    html = (written["folder"] / "report.html").read_text(encoding="utf-8")
    block = html.split("单位不一致", 1)[1].split('<div class="finding', 1)[0]
    assert block.count("data:image/png;base64,") >= 1  # the pension PDF's employer
    assert "无可用截图" in block  # the contract's file is gone
    assert "比对依据" in block and UNIT in block and "1.00" in block


def test_documents_section_lists_types_files_pages_and_unreadable_files(written):
    page = html_text((written["folder"] / "report.html").read_text(encoding="utf-8"))
    for text in ("身份证正面", "养老保险个人参保证明", "劳动合同备案表", "缴费明细", "2024-03至2024-08，共6个月，未缴费：2024-06"):
        assert text in page, text
    assert "无法读取或格式不支持的文件" in page and "图片文件损坏或格式无法识别" in page


def test_footer_carries_version_policy_and_report_json_digest(written):
    import hashlib

    folder = written["folder"]
    digest = hashlib.sha256((folder / "report.json").read_bytes()).hexdigest()
    page = html_text((folder / "report.html").read_text(encoding="utf-8"))
    assert digest in page and "preaudit0.1.0" in page
    with pymupdf.open(folder / "report.pdf") as pdf:
        for p in pdf:
            footer = p.get_text("text", clip=pymupdf.Rect(0, BODY.y1, p.rect.width, p.rect.height))
            assert digest[:16] in footer and "kunming-panlong-2024q3" in footer
            assert f"第 {p.number + 1}/{pdf.page_count} 页" in footer


def test_html_is_self_contained(written):
    html = (written["folder"] / "report.html").read_text(encoding="utf-8")
    srcs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert srcs and all(s.startswith("data:") for s in srcs)
    assert "<style>" in html


def test_report_without_source_folder_still_renders(tmp_path):
    report = build_report(tmp_path / "a").model_copy(update={"source_dir": str(tmp_path / "nowhere")})
    folder = write_applicant(report, tmp_path / "out", crops=PageCropper())
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "data:image" not in html and "无可用截图" in html
    assert (folder / "report.pdf").stat().st_size > 0


def test_long_names_wrap_instead_of_running_off_the_page(tmp_path):
    from preaudit.pipeline.model import FileRecord

    long = "scan_" + "0123456789abcdef" * 8 + ".pdf"
    report = build_report(tmp_path / "a").model_copy(update={"files": [FileRecord(path=long, sha256="f" * 64, status="unsupported")]})
    folder = write_applicant(report, tmp_path / "out")
    with pymupdf.open(folder / "report.pdf") as pdf:
        assert squash(long) in pdf_body_text(pdf)
        words = [w for p in pdf for w in p.get_text("words")]
        assert all(w[2] <= BODY.x1 + 1 for w in words), "text beyond the right margin"


def test_pass_report_says_nothing_to_correct(tmp_path):
    report = build_report(tmp_path / "a").model_copy(update={"findings": []})
    html = render_html(report)
    assert "通过" in html and "未发现需要申报人补正的问题" in html


# --------------------------------------------------------------------------- summary.xlsx


def test_summary_xlsx_has_applicant_and_finding_sheets(written):
    report: Report = written["report"]
    wb = load_workbook(written["out"] / "summary.xlsx")
    assert wb.sheetnames == ["汇总", "问题明细"]
    ws, wf = wb["汇总"], wb["问题明细"]
    header = [c.value for c in ws[1]]
    for col in ("申报人文件夹", "姓名", "身份证号", "申报单位", "申报级别", "预审结论", "错误", "警告", "主要问题"):
        assert col in header
    row = {h: c.value for h, c in zip(header, ws[2])}
    assert row["身份证号"] == mask_id_number(FULL_ID)
    assert row["预审结论"] == "不通过" and row["错误"] == 5 and row["警告"] == 1
    assert "单位不一致" in row["主要问题"]
    assert wf.max_row - 1 == len(report.findings)
    for sheet in (ws, wf):
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")


def test_summary_xlsx_colours_verdicts_and_fits_chinese_widths(written):
    wb = load_workbook(written["out"] / "summary.xlsx")
    ws = wb["汇总"]
    header = [c.value for c in ws[1]]
    verdict = ws.cell(2, header.index("预审结论") + 1)
    assert verdict.fill.fgColor.rgb.endswith("FFC7CE")  # 不通过: red
    unit_col = ws.column_dimensions[chr(ord("A") + header.index("申报单位"))]
    assert unit_col.width >= display_width(UNIT)
    sev = {c.value: c.fill.fgColor.rgb for c in wb["问题明细"]["C"][1:]}
    assert sev["错误"].endswith("FFC7CE") and sev["警告"].endswith("FFEB9C") and sev["提示"].endswith("DDEBF7")


def test_summary_csv_and_batch_json_still_written(written):
    out = written["out"]
    assert (out / "summary.csv").read_text(encoding="utf-8-sig").startswith('"key","name",')
    data = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert data["counts"]["reject"] == 1 and written["rows"][0]["verdict"] == "reject"


def test_every_contract_code_and_field_has_a_chinese_label():
    from preaudit.pipeline.report.wording import labels

    contract = (Path(__file__).resolve().parents[3] / "docs" / "contract.md").read_text(encoding="utf-8")
    codes = set(re.findall(r"^\| `([A-Z_]+)` \|", contract, flags=re.M))
    fields_part = contract.split("## Field names", 1)[1].split("## Finding codes", 1)[0]
    fields = {f for f in re.findall(r"`([a-z_]+)`", fields_part) if f not in {t.value for t in DocType}}
    lab = labels()
    assert codes and not codes - set(lab["codes"]), sorted(codes - set(lab["codes"]))
    assert fields and not fields - set(lab["fields"]) - {"month", "base", "status", "paid", "unpaid", "long_term", "null"}, sorted(fields - set(lab["fields"]))
    assert not {t.value for t in DocType} - set(doc_type_names())


def test_reports_can_be_written_from_a_thread_pool(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    reports = [build_report(tmp_path / f"in{i}").model_copy(update={"key": f"k{i}"}) for i in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        folders = list(pool.map(lambda r: write_applicant(r, tmp_path / "out", crops=PageCropper()), reports))
    for folder in folders:
        with pymupdf.open(folder / "report.pdf") as pdf:
            assert "职称申报材料预审报告" in pdf[0].get_text()


def test_duplicate_document_names_the_other_applicant_only_in_reviewer_only_evidence(tmp_path):
    from preaudit.pipeline.model import Case
    from preaudit.pipeline.report.html import REVIEWER_ONLY
    from preaudit.validators.rules.fraud import duplicate_document

    report = build_report(tmp_path / "a")
    hit = {"kind": "file_sha256", "file": "社保_参保证明.pdf", "doc_type": "pension_certificate", "other_applicant": "李娜_02",
           "other_file": "李娜社保.pdf", "other_batch": "2024q2"}
    case = Case(key=report.key, documents=report.documents, as_of=report.as_of, duplicates=[hit])
    found = [f.model_copy(update={"rule_id": "fraud.duplicate_document"}) for f in duplicate_document(case)]
    assert len(found) == 1
    report = report.model_copy(update={"findings": [*report.findings, *found]})
    notice = notice_text(report)
    assert "其他申报人" in notice and "李娜" not in notice and "李娜社保" not in notice
    html = render_html(report)
    applicant_part = html.split("二、审核发现及证据", 1)[0]
    assert "李娜" not in applicant_part
    block = html.split("材料与他人重复", 1)[1].split('<div class="finding', 1)[0]
    assert "李娜_02" in block and REVIEWER_ONLY in block
    assert "不得告知申报人" in html_text(html.split("二、审核发现及证据", 1)[1].split("</p>", 1)[0] + "</p>")


def test_new_education_proofs_are_named_from_the_one_table(tmp_path):
    """Issue 15: the unit's 学历证明 and a foreign-degree 认证书 get their Chinese names from
    pipeline/doc_types.yaml in the 一次性告知单 and the documents section; a group's DOC_MISSING is
    listed under 需补充上传的材料 with every alternative."""
    from preaudit.pipeline.model import Document, FieldValue, Finding

    report = build_report(tmp_path / "a")
    proof = Document(file="学历证明.pdf", page=1, pages=[1], doc_type=DocType.EDUCATION_UNIT_PROOF, source="pdf_text",
                     fields={"name": FieldValue(value="张三", confidence=1.0), "has_seal": FieldValue(value=False, confidence=0.9)})
    cert = Document(file="认证书.pdf", page=1, pages=[1], doc_type=DocType.FOREIGN_DEGREE_CERTIFICATION, source="pdf_text",
                    fields={"certificate_number": FieldValue(value="教留服认英[2019]012345号", confidence=1.0)})
    documents = [*report.documents, proof, cert]
    seal = Finding(code="SEAL_MISSING", severity=Severity.WARNING, message="学历证明未见单位公章，请加盖公章后重新上传。",
                   documents=[len(documents) - 2], rule_id="seals.present")
    missing = Finding(code="DOC_MISSING", severity=Severity.ERROR, rule_id="documents.required",
                      message="未上传《教育部学历证书电子注册备案表》（附件2）或单位学历证明或国(境)外学历学位认证书，请补充上传其中一种。",
                      evidence={"document": "xuexin_record", "alternatives": [
                          {"document": "xuexin_record", "document_name": "《教育部学历证书电子注册备案表》（附件2）", "status": "accepted"},
                          {"document": "education_unit_proof", "document_name": "单位学历证明", "status": "accepted"}]})
    report = report.model_copy(update={"documents": documents, "findings": [*report.findings, seal, missing]})
    titles = [g.title for g in notice_groups(report)]
    assert "单位出具的学历证明（文件：学历证明.pdf）" in titles
    assert "需补充上传的材料" in titles and "或单位学历证明或" in notice_text(report)
    html = render_html(report)
    assert "单位出具的学历证明" in html and "国(境)外学历学位认证书" in html
    assert "可提供的材料（任选其一）" in html  # evidence.alternatives labelled in Chinese
