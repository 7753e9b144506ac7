"""Page previews: every page the report's documents were read from, as a small JPEG in OUT.

The applicant's source files are not in OUT and may be gone when a reviewer opens the workbench,
so at audit time each page a document refers to (its pages and its fields' pages) is cut once,
whole, by the same crop source and the same code path as the evidence crops
(`CropMaker.page_picture`): in the geometry the field boxes refer to, so boxes drawn over it line
up, and with the hidden digits of every ID number on the page blacked out as in the crops.

Written owner-only and atomically as OUT/<key>/pages/<n>.jpg (n = 1, 2, … in the order pages are
first referred to), with OUT/<key>/pages/index.json saying which document page is which image:
numbers only, no file names, no ID numbers, and the digest of the report.json it belongs to (a
reader trusts the previews only while that report.json stands). A page that cannot be read is
skipped; previews of an earlier report that are not written again are removed.

On a page read from a PDF text layer the crop source masks every ID-like run of its own
characters; on an OCR-read page only the boxes of ID-number fields can be masked, so such a page
where an ID number was read without a box (or an ID card whose number has none) gets no preview.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from preaudit.pipeline.model import DocType, Report
from preaudit.pipeline.report.evidence import CropMaker
from preaudit.pipeline.report.wording import is_id_field
from preaudit.pipeline.report.outdir import write_private, write_private_text

PAGES_DIR = "pages"
INDEX_NAME = "index.json"
SCHEMA = 1
PREVIEW_PX = 1100  # longest side of a preview, pixels (a text-layer page is rendered at it, a raster one shrunk to it)
PREVIEW_QUALITY = 70
QUALITIES = (PREVIEW_QUALITY, 68, 72, 66, 74, 64)
DIGIT_RUN = re.compile(rb"[0-9]{15}")  # 15 digits: the shortest (old) ID number

PageKey = tuple[str, int, bool]  # (file, page, read by OCR)


@dataclass
class PreviewIndex:
    """What index.json says: image number -> size, and document index -> page -> image number."""

    report_sha256: str
    images: dict[int, tuple[int, int]] = field(default_factory=dict)
    documents: dict[int, dict[int, int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "report_sha256": self.report_sha256,
            "images": {str(n): {"width": w, "height": h} for n, (w, h) in self.images.items()},
            "documents": {str(d): {str(p): n for p, n in pages.items()} for d, pages in self.documents.items()},
        }


def page_refs(report: Report) -> dict[PageKey, list[tuple[int, int]]]:
    """Each page to preview, in first-referred order, with the (document, page) pairs shown on it.
    A page is taken as OCR-read when its document or any field boxed on it was read by OCR."""
    refs: dict[PageKey, list[tuple[int, int]]] = {}
    for d, doc in enumerate(report.documents):
        numbers = list(dict.fromkeys([*(doc.pages or [doc.page]), *(fv.page or doc.page for fv in doc.fields.values())]))
        for number in numbers:
            if not isinstance(number, int) or number < 1:
                continue
            ocr = doc.source == "ocr" or any(
                (fv.source or doc.source) == "ocr" for fv in doc.fields.values()
                if fv.bbox is not None and (fv.page or doc.page) == number
            )
            refs.setdefault((doc.file, number, ocr), []).append((d, number))
    return refs


def id_unboxed(report: Report, file: str, number: int) -> bool:
    """Whether an ID number may show unmasked on an OCR-read page: a document on it has an ID-number
    field without a box there (unread, or read without one), or is an ID card with no boxed number.
    Masks on such pages come only from the boxes of ID fields, so the page gets no preview."""
    for doc in report.documents:
        if doc.file != file or number not in [*(doc.pages or [doc.page]), doc.page]:
            continue
        ids = {name: fv for name, fv in doc.fields.items() if is_id_field(name)}
        boxed_here = [fv for fv in ids.values() if fv.bbox is not None and (fv.page or doc.page) == number]
        if any(fv.bbox is None and (fv.page or doc.page) == number for fv in ids.values()):
            return True
        if any(fv.bbox is None and fv.page is None and len(doc.pages or [doc.page]) > 1 for fv in ids.values()):
            return True  # read from an unknown page of the document: it may be this one
        if doc.doc_type == DocType.ID_CARD_FRONT and not boxed_here:
            return True
    return False


@dataclass(frozen=True)
class Preview:
    """A page preview as coded: JPEG bytes and their size in pixels."""

    data: bytes
    width: int
    height: int
    mime: str = "image/jpeg"


def to_jpeg(image: np.ndarray) -> Preview | None:
    """The page's pixels (BGR, masks already painted, at preview size) coded once as a JPEG of
    quality about PREVIEW_QUALITY, by Pillow (libjpeg-turbo; the report layer keeps off OpenCV,
    tests/pipeline/test_layers.py): the crop source hands over pixels, not a picture to decode again.

    A flat area can code as a long run of one byte; where that reads as a run of digits (an
    ID-like string to every scanner that checks OUT for leaked numbers), the next quality is taken."""
    if image is None or image.size == 0:
        return None
    rgb = Image.fromarray(np.ascontiguousarray(image[:, :, ::-1]) if image.ndim == 3 else image)
    for quality in QUALITIES:
        buf = io.BytesIO()
        rgb.save(buf, "JPEG", quality=quality)
        if not DIGIT_RUN.search(data := buf.getvalue()):
            return Preview(data, int(image.shape[1]), int(image.shape[0]))
    return None


def write_previews(folder: Path, report: Report, maker: CropMaker | None, report_sha256: str) -> PreviewIndex:
    """Write OUT/<key>/pages/*.jpg and index.json for `report` (folder = OUT/<key>); without a
    crop source, only remove old previews. Returns what index.json says."""
    pages = Path(folder) / PAGES_DIR
    (pages / INDEX_NAME).unlink(missing_ok=True)  # the old index no longer speaks for the images
    index = PreviewIndex(report_sha256)
    if maker is not None:
        for (file, number, ocr), shown in page_refs(report).items():
            if ocr and id_unboxed(report, file, number):
                continue  # privacy over courtesy: no mask could be placed
            doc = report.documents[shown[0][0]]
            picture = maker.page_picture(doc, number, ocr=ocr, max_px=PREVIEW_PX, encoder=to_jpeg)
            if picture is None:
                continue
            n = len(index.images) + 1
            write_private(pages / f"{n}.jpg", picture.data)
            index.images[n] = (picture.width, picture.height)
            for d, p in shown:
                index.documents.setdefault(d, {})[p] = n
    _remove_stale(pages, {f"{n}.jpg" for n in index.images})
    if index.images:
        write_private_text(pages / INDEX_NAME, json.dumps(index.to_json(), ensure_ascii=False))
    return index


def _remove_stale(pages: Path, keep: set[str]) -> None:
    """Previews (and the index) of an earlier report that this one did not write again."""
    if not pages.is_dir():
        return
    for path in pages.iterdir():
        if path.suffix == ".jpg" and path.name not in keep and path.is_file():
            path.unlink(missing_ok=True)
