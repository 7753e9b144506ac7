"""SourceFile -> list[Page]: PDF text layers through PyMuPDF, everything else rendered and OCRed.

A born-digital PDF page whose text layer passes a sanity check (enough readable Chinese, and what
the rendered page shows: pipeline/intake/textcheck.py) is read without OCR; an image-only or garbled
page, or one whose text layer hides text or misses a pictured document, is rendered and sent to
the OCR engine, and what did not match is kept in `page.geometry` for the tamper rule. Images are decoded with OpenCV from bytes
(so Chinese file names work on every platform).
"""

from __future__ import annotations

import io
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pymupdf

from preaudit.pipeline.errors import InputError
from preaudit.pipeline.intake.limits import limits, raster_dpi
from preaudit.pipeline.model import BBox, Page, SourceFile, TextLine
from preaudit.pipeline.intake.walk import open_regular
from preaudit.pipeline.intake.ocr import OcrCache
from preaudit.pipeline.intake.classify import classify_lines, faces_complete, shows_card
from preaudit.pipeline.intake.faces import FaceReading, find_cards, read_face, tilt, with_faces
from preaudit.pipeline.model import DocType
from preaudit.pipeline.intake.orientation import Verdict, card_shaped, read_upright
from preaudit.pipeline.intake.textcheck import check_text_layer
from preaudit.pipeline.integrity.underseal import read_under_seals

RENDER_DPI = 200
# OpenCV's own guard, for a format whose header Pillow cannot read: read on its first decode.
os.environ.setdefault("OPENCV_IO_MAX_IMAGE_PIXELS", str(limits().image_max_pixels))
_CJK = re.compile(r"[\u4e00-\u9fff]")
_GARBLE = re.compile(r"[\ufffd\u0000-\u0008]|\(cid:\d+\)")
MUPDF_LOCK = threading.RLock()  # MuPDF is not thread-safe: every MuPDF call in the pipeline takes it
SPAN_GAP_FACTOR = 1.5  # a gap wider than this many font sizes splits a text-layer line into cells


@dataclass
class RenderResult:
    pages: list[Page]
    page_count: int


def _pixmap_to_bgr(pix: pymupdf.Pixmap) -> np.ndarray:
    arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
    if pix.n == 4:
        return cv2.cvtColor(arr, cv2.COLOR_RGBA2BGR)
    if pix.n == 1:
        return cv2.cvtColor(arr, cv2.COLOR_GRAY2BGR)
    return cv2.cvtColor(arr, cv2.COLOR_RGB2BGR)


def text_layer_lines(page: pymupdf.Page) -> list[TextLine]:
    """Lines of the PDF text layer, split into cells where spans are far apart (tables)."""
    width, height = page.rect.width or 1.0, page.rect.height or 1.0
    out: list[TextLine] = []
    data = page.get_text("dict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE)
    for block in data.get("blocks", []):
        for line in block.get("lines", []):
            cell_text, cell_box, last_x1, size = "", None, None, 10.0
            for span in line.get("spans", []):
                text = span.get("text", "")
                if not text.strip():
                    continue
                x0, y0, x1, y1 = span["bbox"]
                size = span.get("size", size) or size
                if cell_box is not None and last_x1 is not None and x0 - last_x1 > SPAN_GAP_FACTOR * size:
                    out.append(_line(cell_text, cell_box, width, height))
                    cell_text, cell_box = "", None
                cell_text += text
                box = (x0, y0, x1, y1)
                cell_box = box if cell_box is None else (
                    min(cell_box[0], x0), min(cell_box[1], y0), max(cell_box[2], x1), max(cell_box[3], y1)
                )
                last_x1 = x1
            if cell_box is not None and cell_text.strip():
                out.append(_line(cell_text, cell_box, width, height))
    return out


def _line(text: str, box: tuple[float, float, float, float], width: float, height: float) -> TextLine:
    x0, y0, x1, y1 = box
    return TextLine(
        text=text.strip(),
        bbox=BBox(x0=max(0, x0 / width), y0=max(0, y0 / height), x1=min(1, x1 / width), y1=min(1, y1 / height)),
        confidence=1.0,
        source="pdf_text",
    )


def text_layer_is_usable(lines: list[TextLine]) -> bool:
    """Good enough to trust without OCR: some Chinese, little garbage, not a scan's stray layer."""
    text = "".join(line.text for line in lines)
    if len(text) < 20:
        return False
    if len(_GARBLE.findall(text)) > 0.02 * len(text):
        return False
    return len(_CJK.findall(text)) >= 4


def page_dpi(page: pymupdf.Page, dpi: int) -> int:
    """`dpi`, or lower for a page so large that its raster would pass pdf.max_page_pixels."""
    return raster_dpi(page.rect.width, page.rect.height, dpi)


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


def render_pdf(sf: SourceFile, ocr: OcrCache | None) -> RenderResult:
    """Pages of a PDF: text layer where usable and true to the page, OCR of the rendered page elsewhere.

    MuPDF is not thread-safe, so all MuPDF work happens under MUPDF_LOCK and the OCR (the slow
    part, which releases the GIL) after it.
    """
    raw: list[tuple[int, list[TextLine], tuple[int, int], np.ndarray | None, dict]] = []
    with MUPDF_LOCK:
        try:
            doc = pymupdf.open(sf.abs_path)
        except Exception as exc:  # noqa: BLE001 - MuPDF raises several types for broken files
            # MuPDF names the file by its absolute path (a temporary folder for a zip): say its name
            raise InputError(f"PDF 文件损坏或无法打开：{str(exc).replace(sf.abs_path, sf.path)}") from exc
        with doc:
            if doc.needs_pass or doc.is_encrypted:
                raise InputError("PDF 文件已加密，无法读取")
            if doc.page_count == 0:
                raise InputError("PDF 文件没有页面")
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
                # rendered here; reports render evidence crops of text-layer pages themselves.
                image = None if check is not None and not check.disagrees else \
                    _pixmap_to_bgr(pdf_page.get_pixmap(dpi=dpi))
                raw.append((index + 1, lines, size, image, facts))
    pages: list[Page] = []
    for number, lines, (width, height), image, facts in raw:
        geometry: dict = dict(facts)
        faces: list[FaceReading] = []
        if image is not None:
            lines, image, ocr_geometry, faces = _ocr(ocr, sf, number, image)
            geometry.update(ocr_geometry)
            height, width = image.shape[:2]
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
            ).with_image(image),
            faces,
        ))
    return RenderResult(pages=pages, page_count=page_count)


def image_pixels(data: bytes) -> tuple[int, int] | None:
    """(width, height) from an image's header, without decoding it (Pillow reads the header
    only); None where Pillow does not know the format."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as im:
                return im.size
    except Image.DecompressionBombError as exc:
        found = re.findall(r"\d+", str(exc))
        return (int(found[0]), 1) if found else (limits().image_max_pixels + 1, 1)
    except Exception:  # noqa: BLE001 - an unknown or broken header: OpenCV decides below
        return None


def decode_image(path: Path) -> np.ndarray:
    """Decode an image file from its bytes; EXIF orientation is applied by OpenCV.

    The header is read first: an image over image.max_pixels (pipeline/intake/limits.yaml) is refused
    before anything is decoded (a 0.9 MB PNG of 30000 x 30000 would take 2.7 GB).

    Raises:
        InputError: empty, over the bound, corrupt or not an image.
    """
    with open_regular(path) as fh:
        raw = fh.read()
    if not raw:
        raise InputError("文件为空（0 字节）")
    bound = limits().image_max_pixels
    size = image_pixels(raw)
    if size is not None and size[0] * size[1] > bound:
        shown = f"{size[0]}×{size[1]} 像素" if size[1] > 1 else f"{size[0]} 像素"
        raise InputError(f"图片像素过大（{shown}，上限 {bound} 像素），未读取")
    data = np.frombuffer(raw, dtype=np.uint8)
    image = cv2.imdecode(data, cv2.IMREAD_COLOR)
    if image is None or image.size == 0:
        raise InputError("图片文件损坏或格式无法识别")
    return image


def render_image(sf: SourceFile, ocr: OcrCache | None) -> RenderResult:
    decoded = decode_image(Path(sf.abs_path))
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
    ).with_image(image), faces)
    return RenderResult(pages=[page], page_count=1)


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
    quads = find_cards(upright)
    if not quads:
        return []
    probe = Page(file=sf.path, file_sha256=sf.sha256, number=number, width=w, height=h, source="ocr", lines=lines)
    if faces_complete(probe) and not any(tilt(q) > MAX_LEVEL_TILT for q in quads):
        return []
    readings = [read_face(ocr, sf.sha256, number, upright, quad, judge_reading) for quad in quads]
    return [r for r in readings if classify_lines(r.lines).doc_type in (DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK)]


def render_file(sf: SourceFile, ocr: OcrCache | None) -> RenderResult:
    """Pages of one source file.

    Raises:
        InputError: the file is empty, corrupt, encrypted or not a document.
    """
    if sf.size == 0:
        raise InputError("文件为空（0 字节）")
    if sf.kind == "pdf":
        return render_pdf(sf, ocr)
    if sf.kind == "image":
        return render_image(sf, ocr)
    raise InputError("不支持的文件类型")


def page_image(path: Path, number: int, dpi: int) -> np.ndarray | None:
    """Render one page of a PDF (1-based) on demand, e.g. for seal checks or evidence crops."""
    try:
        with MUPDF_LOCK, pymupdf.open(path) as doc:
            if not 0 < number <= doc.page_count:
                return None
            page = doc[number - 1]
            return _pixmap_to_bgr(page.get_pixmap(dpi=page_dpi(page, dpi)))
    except Exception:  # noqa: BLE001 - a page we cannot render has no image, not a crash
        return None
