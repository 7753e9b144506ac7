"""Integrity facts gathered per document while its pages are at hand: seals, PDF structure, fonts.

These facts go into `Document.meta` and the fraud rules judge them under the policy. Seal ring
text is read with the same OCR engine (and cache) as the pages.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.model import DocType, Document, FieldValue, Page, SourceFile
from pipeline.ocr import OcrCache
from pipeline.pdfmeta import font_anomalies
from pipeline.render import page_image
from pipeline.seals import find_seals, unwrap_ring_text

log = logging.getLogger(__name__)

SEAL_DPI = 100  # enough for a 4 cm seal to be ~160 px across
MAX_SEALS_READ = 2
NO_SEAL_TYPES = {DocType.PHOTO}
# Seals whose ring text matters: those the applying unit stamps (001 §五(三)–(七)). The filing
# office's and the insurance agency's seals are not read, to save an OCR call per document.
SEAL_TEXT_TYPES = {
    DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK, DocType.XUEXIN_RECORD, DocType.XUEXIN_DEGREE,
    DocType.PUBLICITY_FORM, DocType.PLEDGE, DocType.EMPLOYMENT_NOTICE, DocType.OTHER,
}


def _image_for(sf: SourceFile, page: Page) -> np.ndarray | None:
    if page.image is not None:
        return page.image
    if sf.kind == "pdf":
        return page_image(Path(sf.abs_path), page.number, SEAL_DPI)
    return None


def seal_facts(sf: SourceFile, doc: Document, pages: list[Page], ocr: OcrCache | None) -> list[dict[str, Any]]:
    """Seals on the document's pages, with the ring text read where an engine is available."""
    if doc.doc_type in NO_SEAL_TYPES:
        return []
    found: list[dict[str, Any]] = []
    for page in pages:
        image = _image_for(sf, page)
        if image is None:
            continue
        for i, seal in enumerate(find_seals(image)):
            fact = {"page": page.number, **seal.to_json(), "text": None}
            if ocr is not None and i < MAX_SEALS_READ and doc.doc_type in SEAL_TEXT_TYPES:
                strip = unwrap_ring_text(image, seal)
                lines = ocr.read(sf.sha256, page.number, strip, variant=f"seal:{i}:{seal.bbox.as_list()}")
                text = "".join(ln.text for ln in sorted(lines, key=lambda ln: -len(ln.text))[:1])
                fact["text"] = text or None
            found.append(fact)
    return found


def document_meta(sf: SourceFile, doc: Document, pages: list[Page], ocr: OcrCache | None, pdf: dict[str, Any] | None) -> Document:
    """The document with its integrity facts in `meta` (and `has_seal` filled for pledges)."""
    meta: dict[str, Any] = dict(doc.meta)
    try:
        meta["seals"] = seal_facts(sf, doc, pages, ocr)
    except Exception as exc:  # noqa: BLE001 - a seal check must never lose the document
        log.warning("seal check failed on %s: %s", sf.path, exc)
        meta["seals"] = None
    if pdf is not None:
        meta["pdf"] = pdf
        if doc.source == "pdf_text":
            meta["font_anomalies"] = font_anomalies(Path(sf.abs_path), doc.pages, doc.fields)
    fields = doc.fields
    if "has_seal" in fields and meta["seals"] is not None:
        fields = {**fields, "has_seal": FieldValue(value=bool(meta["seals"]), confidence=0.9)}
    return doc.model_copy(update={"meta": meta, "fields": fields})
