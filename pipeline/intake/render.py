"""SourceFile -> list[Page]: PDF text layers through PyMuPDF, everything else rendered and OCRed.

A born-digital PDF page whose text layer passes a sanity check (enough readable Chinese, and what
the rendered page shows: pipeline/intake/textcheck.py) is read without OCR; an image-only or garbled
page, or one whose text layer hides text or misses a pictured document, is rendered and sent to
the OCR engine, and what did not match is kept in `page.geometry` for the tamper rule. The file is
read once, as a SourceDocument (pipeline/intake/source.py), which the result hands on to the
integrity checks; images are decoded with OpenCV from its bytes (so Chinese file names work on
every platform). Each page carries its table rules (pipeline/intake/rulings.py: from the OCRed
image, or a text-layer page's vector drawings), by which a form's sections are bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pymupdf

from preaudit.pipeline.errors import InputError
from preaudit.pipeline.intake.limits import limits
from preaudit.pipeline.intake.source import (  # noqa: F401 - re-exported: render's names of old
    RENDER_DPI, SPAN_GAP_FACTOR, SourceDocument, _pixmap_to_bgr, decode_image_bytes, image_pixels, page_dpi,
    read_bytes, text_layer_lines,
)
from preaudit.pipeline.locks import MUPDF_LOCK  # noqa: F401 - re-exported
from preaudit.pipeline.model import Page, Rule, SourceFile, TextLine
from preaudit.pipeline.intake.ocr import OcrCache
from preaudit.pipeline.intake.classify import classify_lines, faces_complete, shows_card
from preaudit.pipeline.intake.cardlayout import cards_by_layout
from preaudit.pipeline.intake.faces import FaceReading, find_cards, read_face, tilt, with_faces
from preaudit.pipeline.model import DocType
from preaudit.pipeline.intake.orientation import Verdict, card_shaped, read_upright
from preaudit.pipeline.intake.rulings import image_rules, page_drawings, pdf_rules
from preaudit.pipeline.intake.vectorboxes import vector_boxes, with_boxes
from preaudit.pipeline.intake.textcheck import check_text_layer
from preaudit.pipeline.integrity.underseal import read_under_seals

_CJK = re.compile(r"[\u4e00-\u9fff]")
_GARBLE = re.compile(r"[\ufffd\u0000-\u0008]|\(cid:\d+\)")


@dataclass
class RenderResult:
    pages: list[Page]
    page_count: int
    # the file as read: integrity and any later stage ask it, never the path (close it when done)
    source: SourceDocument | None = None

    def close(self) -> None:
        """Let the file as read go (its open PDF, its kept pages)."""
        if self.source is not None:
            self.source.close()


def text_layer_is_usable(lines: list[TextLine]) -> bool:
    """Good enough to trust without OCR: some Chinese, little garbage, not a scan's stray layer."""
    text = "".join(line.text for line in lines)
    if len(text) < 20:
        return False
    if len(_GARBLE.findall(text)) > 0.02 * len(text):
        return False
    return len(_CJK.findall(text)) >= 4


def refuse_image_bombs(page: pymupdf.Page, number: int) -> None:
    """Refuse a page that holds an image over image.max_pixels: rendering it would decode the
    whole image first (a few KB of Flate can declare 30000 x 30000 pixels).

    Raises:
        InputError: such an image is on the page.
    """
    bound = limits().image_max_pixels
    for image in page.get_images(full=True):
        width, height = int(image[2] or 0), int(image[3] or 0)
        if width * height > bound:
            raise InputError(f"PDF 第{number}页含超大图片（{width}×{height} 像素，上限 {bound} 像素），未读取")


def render_pdf(sf: SourceFile, ocr: OcrCache | None, source: SourceDocument | None = None) -> RenderResult:
    """Pages of a PDF: text layer where usable and true to the page, OCR of the rendered page elsewhere.

    MuPDF is not thread-safe, so all MuPDF work happens under MUPDF_LOCK (the SourceDocument's
    `pdf()`) and the OCR (the slow part, which releases the GIL) after it.

    Raises:
        InputError: the PDF is broken, encrypted, has no pages or holds an image bomb.
    """
    source = source or SourceDocument.of(sf)
    raw: list[tuple[int, list[TextLine], tuple[int, int], np.ndarray | None, dict, list[Rule]]] = []
    with source.pdf() as doc:
        page_count = doc.page_count
        # Past pdf.max_pages the rest is not read; the file record says so (DOC_TRUNCATED).
        for index in range(min(doc.page_count, limits().pdf_max_pages)):
            pdf_page = doc[index]
            refuse_image_bombs(pdf_page, index + 1)
            lines = text_layer_lines(pdf_page)
            dpi = page_dpi(pdf_page, RENDER_DPI)
            size = (round(pdf_page.rect.width * dpi / 72.0), round(pdf_page.rect.height * dpi / 72.0))
            check = check_text_layer(pdf_page) if text_layer_is_usable(lines) else None
            facts = {"hidden_text": check.hidden, "image_content": check.image_content} \
                if check is not None and check.disagrees else {}
            # Only pages whose text layer is missing, garbled or not what the page shows are
            # rendered here; integrity and evidence ask the SourceDocument for the others.
            image = None if check is not None and not check.disagrees else \
                source.page(index + 1).image(dpi=RENDER_DPI)
            # a text-layer page's table rules are its vector drawings (a rendered one's: its image)
            rules: list[Rule] = []
            if image is None:  # its tick boxes too, written into its lines (□ / ☑)
                drawings = page_drawings(pdf_page)
                rules = pdf_rules(pdf_page, drawings)
                lines = with_boxes(lines, vector_boxes(drawings), pdf_page.rect.width, pdf_page.rect.height)
            raw.append((index + 1, lines, size, image, facts, rules))
    pages: list[Page] = []
    for number, lines, (width, height), image, facts, rules in raw:
        geometry: dict = dict(facts)
        faces: list[FaceReading] = []
        if image is not None:
            lines, image, ocr_geometry, faces = _ocr(ocr, sf, number, image)
            geometry.update(ocr_geometry)
            height, width = image.shape[:2]
            rules = image_rules(image) if lines else []
        pages.append(with_faces(
            Page(
                file=sf.path,
                file_sha256=sf.sha256,
                number=number,
                width=width,
                height=height,
                source="pdf_text" if image is None else "ocr",
                lines=lines,
                geometry=geometry,
                rules=rules,
            ).with_image(image),
            faces,
        ))
    return RenderResult(pages=pages, page_count=page_count, source=source)


def decode_image(path: Path) -> np.ndarray:
    """Decode an image file (read once, never through a link); see source.decode_image_bytes.

    Raises:
        InputError: unreadable, empty, over the bound, corrupt or not an image.
    """
    return decode_image_bytes(read_bytes(path))


def render_image(sf: SourceFile, ocr: OcrCache | None, source: SourceDocument | None = None) -> RenderResult:
    source = source or SourceDocument.of(sf)
    decoded = source.page(1).image()
    assert decoded is not None  # an image file is one page; unreadable ones raise
    lines, image, geometry, faces = _ocr(ocr, sf, 1, decoded)
    # OCR may upscale a small photo: the photo specification needs the file's own pixel size.
    geometry = {**geometry, "source_size": [decoded.shape[1], decoded.shape[0]]}
    page = with_faces(Page(
        file=sf.path,
        file_sha256=sf.sha256,
        number=1,
        width=image.shape[1],
        height=image.shape[0],
        geometry=geometry,
        source="ocr",
        lines=lines,
        rules=image_rules(image) if lines else [],
    ).with_image(image), faces)
    return RenderResult(pages=[page], page_count=1, source=source)


# A card face askew on the page by more than this (degrees) is read on its own even when the page's
# reading has all the values: its labels and values come apart into boxes on different rows.
MAX_LEVEL_TILT = 4.0
# A reading that classifies with at least this score (its boxes level) needs no other quarter turn.
CONFIDENT_SCORE = 4.0


def judge_reading(lines: list[TextLine]) -> Verdict:
    """What an OCR reading is worth as a document (preaudit.pipeline.intake.orientation tries other quarter turns
    of a page whose reading is not confidently one): its classification score."""
    c = classify_lines(lines)
    if c.doc_type == DocType.OTHER:
        return Verdict(0.0, False)
    return Verdict(c.score, c.score >= CONFIDENT_SCORE)


def _ocr(
    ocr: OcrCache | None, sf: SourceFile, number: int, image: np.ndarray
) -> tuple[list[TextLine], np.ndarray, dict, list[FaceReading]]:
    """OCR lines of a raster page, the upright image their boxes are relative to, how that image
    was made from the source (quarter turn, perspective, deskew) for evidence crops, and the ID
    card faces on it read one by one (where needed)."""
    if ocr is None:
        return [], image, {}, []
    lines, prepared, turn = read_upright(ocr, sf.sha256, number, image, judge_reading)
    lines = read_under_seals(ocr, sf.sha256, number, prepared, lines)
    faces = _card_faces(ocr, sf, number, prepared.upright, lines)
    return lines, prepared.upright, {"turn": turn, "steps": prepared.steps}, faces


def _card_faces(ocr: OcrCache, sf: SourceFile, number: int, upright: np.ndarray, lines: list[TextLine]) -> list[FaceReading]:
    """The ID card faces of a page read one by one (preaudit.pipeline.intake.faces), where the page shows a card
    but its own reading does not give every face with its values (a face askew, small, under a
    seal): only pages that are no single card themselves, and only card-shaped outlines."""
    if not lines or card_shaped(upright) or not shows_card(lines):
        return []
    if classify_lines(lines).doc_type not in (DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK, DocType.OTHER):
        return []  # another document that shares the card's words (姓名, 出生 on a form)
    h, w = upright.shape[:2]
    # the outlines found by their edges, else placed by the card's words (an outline lost in a patterned background)
    quads = find_cards(upright) or cards_by_layout(lines, w, h)
    if not quads:
        return []
    probe = Page(file=sf.path, file_sha256=sf.sha256, number=number, width=w, height=h, source="ocr", lines=lines)
    if faces_complete(probe) and not any(tilt(q) > MAX_LEVEL_TILT for q in quads):
        return []
    readings = [read_face(ocr, sf.sha256, number, upright, quad, judge_reading) for quad in quads]
    return [r for r in readings if classify_lines(r.lines).doc_type in (DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK)]


def render_file(sf: SourceFile | SourceDocument, ocr: OcrCache | None) -> RenderResult:
    """Pages of one source file, and the file as read (`result.source`, for the stages after:
    close it when done). A SourceFile is read here; a SourceDocument is read already.

    Raises:
        InputError: the file is empty, corrupt, encrypted or not a document.
    """
    if isinstance(sf, SourceDocument):
        source: SourceDocument | None = sf
        record = SourceFile(path=sf.name, abs_path=sf.abs_path, sha256=sf.sha256, size=sf.size,
                            kind=sf.kind)  # type: ignore[arg-type]
    else:
        source, record = None, sf
    if record.size == 0:
        raise InputError("文件为空（0 字节）")
    if record.kind not in ("pdf", "image"):
        raise InputError("不支持的文件类型")
    source = source or SourceDocument.of(record)
    try:
        if record.kind == "pdf":
            return render_pdf(record, ocr, source)
        return render_image(record, ocr, source)
    except BaseException:
        source.close()
        raise


def page_image(path: Path, number: int, dpi: int) -> np.ndarray | None:
    """Render one page of a PDF file (1-based) at `dpi` (within pdf.max_page_pixels); None when
    it cannot be rendered. The pipeline asks its SourceDocument instead (`page(n).image(dpi=...)`)."""
    try:
        with SourceDocument.open(path) as source:
            return source.page(number).image(dpi=dpi) if source.kind == "pdf" else None
    except Exception:  # noqa: BLE001 - a page we cannot render has no image, not a crash
        return None
