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
