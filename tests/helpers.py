"""Small builders for tests: pages from text lines, PDFs with a text layer."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from preaudit.pipeline.model import BBox, Page, TextLine


def line(text: str, x0: float, y0: float, x1: float, y1: float, conf: float = 0.99, source: str = "ocr") -> TextLine:
    return TextLine(text=text, bbox=BBox(x0=x0, y0=y0, x1=x1, y1=y1), confidence=conf, source=source)  # type: ignore[arg-type]


def page(lines: list[TextLine], width: int = 1000, height: int = 630, number: int = 1, source: str = "ocr") -> Page:
    return Page(file="x.jpg", file_sha256="0" * 64, number=number, width=width, height=height, source=source, lines=lines)  # type: ignore[arg-type]


def rows(texts: list[str], top: float = 0.1, step: float = 0.06, x0: float = 0.05) -> list[TextLine]:
    """One line per text, stacked vertically, each 60 % of the page wide."""
    return [line(t, x0, top + i * step, x0 + 0.6, top + i * step + 0.04) for i, t in enumerate(texts)]


def write_text_pdf(path: Path, lines: list[tuple[float, float, str]], fontname: str = "china-s") -> Path:
    """A one-page A4 PDF with a real text layer: (x, y, text) in points."""
    doc = pymupdf.open()
    pg = doc.new_page(width=595, height=842)
    for x, y, text in lines:
        pg.insert_text((x, y), text, fontname=fontname, fontsize=11)
    doc.save(path)
    doc.close()
    return path


def text_deliveries(*keep: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    """Scenario delivery overrides that make every A4 document a text PDF (the ID copy stays a scan):
    for command-line tests about one document, whose other documents' OCR is covered elsewhere and
    only cost minutes. `keep` overrides first: (doc_type, delivery) pairs the test is about."""
    from preaudit.pipeline.model import DocType

    skip = {DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK, DocType.PHOTO, DocType.OTHER, DocType.QUALIFICATION_CERTIFICATE}
    chosen = {t.value: "text_pdf" for t in DocType if t not in skip} | dict(keep)
    return tuple(sorted(chosen.items()))


# columns of an employment system's filing roster (就业登记（劳动用工备案）人员花名册): left and right edges
_ROSTER_COLUMNS = [("序号", 0.08, 0.11), ("姓名", 0.13, 0.19), ("性别", 0.2, 0.23), ("公民身份号码", 0.26, 0.41),
                   ("用工形式", 0.45, 0.51), ("合同期限类型", 0.52, 0.61), ("合同起止日期", 0.64, 0.78), ("签订日期", 0.82, 0.89)]


def filing_roster(people: list[tuple[str, str, str, str]], unit: str = "昆明北辰建筑设计有限公司",
                  title: str = "就业登记（劳动用工备案）人员花名册") -> Page:
    """A text-layer page of a contract filing roster printed from the employment system: one row
    per person (name, ID number, term as printed: 20230401-20250331 or 20230416起, signing date
    20230330); a term ending in 起 is printed as 无固定期限."""
    lines = [line("云南省就业创业信息管理系统", 0.07, 0.023, 0.24, 0.037, 1.0, "pdf_text"),
             line(title, 0.27, 0.054, 0.73, 0.082, 1.0, "pdf_text"),
             line(f"单位名称（盖章）：{unit}", 0.07, 0.097, 0.43, 0.114, 1.0, "pdf_text"),
             line("统一社会信用代码：91530103MA43NCK2MM", 0.07, 0.118, 0.42, 0.135, 1.0, "pdf_text"),
             line("业务类型：劳动合同备案", 0.54, 0.118, 0.72, 0.135, 1.0, "pdf_text")]
    lines += [line(label, x0, 0.152, x1, 0.167, 1.0, "pdf_text") for label, x0, x1 in _ROSTER_COLUMNS]
    for i, (name, number, term, signed) in enumerate(people):
        y = 0.186 + 0.036 * i
        kind = "无固定期限" if term.endswith("起") else "固定期限"
        cells = [str(i + 1), name, "男", number, "合同制", kind, term, signed]
        lines += [line(text, x0, y, x1, y + 0.0145, 1.0, "pdf_text") for text, (_, x0, x1) in zip(cells, _ROSTER_COLUMNS)]
    y = 0.186 + 0.036 * len(people) + 0.02
    lines += [line(f"合计：{len(people)}人", 0.07, y, 0.2, y + 0.015, 1.0, "pdf_text"),
              line("经办机构（盖章）：", 0.55, y + 0.04, 0.7, y + 0.055, 1.0, "pdf_text"),
              line("审核日期：20230509", 0.55, y + 0.1, 0.75, y + 0.115, 1.0, "pdf_text")]
    return page(lines, width=595, height=842, source="pdf_text")
