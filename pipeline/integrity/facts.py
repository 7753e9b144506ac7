"""Integrity facts gathered per document while its pages are at hand: seals, PDF structure, fonts.

These facts go into `Document.meta` and the fraud rules judge them under the policy. Seal ring
text is read with the same OCR engine (and cache) as the pages. Pixels and the PDF come from the
file as intake read it (a SourceDocument, pipeline/intake/source.py): nothing here opens a file.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from preaudit.pipeline.errors import InputError
from preaudit.pipeline.model import BBox, DocType, Document, FieldValue, Page, SourceFile
from preaudit.pipeline.intake.classify import photo_spec
from preaudit.pipeline.intake.ocr import OcrCache
from preaudit.pipeline.intake.portraitlike import backdrop
from preaudit.pipeline.intake.source import SourceDocument
from preaudit.pipeline.integrity.marks import MarkScan, places, scan_marks
from preaudit.pipeline.integrity.pdfmeta import font_anomalies, pdf_facts
from preaudit.pipeline.integrity.seals import Reading, Seal, reading_of, ring_strips, ring_variant, scan_seals

log = logging.getLogger(__name__)

SEAL_DPI = 100  # enough for a 4 cm seal to be ~160 px across
MAX_SEALS_READ = 2
NO_SEAL_TYPES = {DocType.PHOTO}
# Seals whose ring text matters: those the applying unit stamps (001 §五(三)–(七)). The filing
# office's and the insurance agency's seals are not read, to save an OCR call per document.
SEAL_TEXT_TYPES = {
    DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK, DocType.XUEXIN_RECORD, DocType.XUEXIN_DEGREE,
    DocType.PUBLICITY_FORM, DocType.PLEDGE, DocType.EMPLOYMENT_NOTICE, DocType.OTHER,
    DocType.EDUCATION_UNIT_PROOF,  # 001 §五(四): 单位人事部门负责人签字、盖章
    DocType.SALARY_APPROVAL,  # the unit's and the approving bureau's seals
    DocType.DISPATCH_AGREEMENT,  # 001 §五(五): 签字盖章复印件; both parties stamp it
    DocType.BRANCH_RECOMMENDATION,  # 001 §五(五)2(5): the 总公司's 推荐报告 原件, under its seal
    DocType.REVIEW_DELEGATION,  # 004 附件2: 单位人事（职改）部门章或公章
    DocType.PLAGIARISM_REPORT,  # 004 附件1 §四: 经用人单位审核无误后，加盖本单位公章上传
}


def _image_for(sf: SourceFile, page: Page, source: SourceDocument | None) -> np.ndarray | None:
    """The page's pixels: the image OCR read, else (a PDF page read from its text layer) the
    page rendered at SEAL_DPI by the file as read."""
    if page.image is not None:
        return page.image
    if sf.kind == "pdf" and source is not None:
        try:
            return source.page(page.number).image(dpi=SEAL_DPI)
        except Exception:  # noqa: BLE001 - a page we cannot render has no image, not a crash
            log.warning("cannot render %s p.%s for the seal check", sf.path, page.number, exc_info=True)
            return None
    return None


def _vector_page(sf: SourceFile, page: Page, source: SourceDocument | None) -> bool:
    """Whether a PDF page read from its text layer holds no raster image: its colours are then
    exactly what the file says, and a page without colour truly shows no red seal (a scan or
    photocopy held in the PDF is a raster image, and may have lost its colour)."""
    if sf.kind != "pdf" or page.source != "pdf_text" or source is None:
        return False
    try:
        return not source.page(page.number).has_images()
    except Exception:  # noqa: BLE001 - unknown: treat as a raster page
        return False


def pdf_structure(source: SourceDocument) -> dict[str, Any]:
    """The PDF structure facts (pipeline/integrity/pdfmeta.py) of a file as intake read it."""
    try:
        with source.pdf() as doc:
            return pdf_facts(source.data, doc)
    except InputError:  # encrypted or broken: what the bytes alone say
        return pdf_facts(source.data)


def _read_ring(sf: SourceFile, page: Page, image: np.ndarray, i: int, seal: Seal, ocr: OcrCache) -> list[Reading]:
    """Readings of the seal's ring text, best first: the text band found from the seal's own
    rings first, then fixed bands, then the same turned 180° (text running the other way), until
    one reading is clean (sure, common characters, names a unit)."""
    readings: list[Reading] = []
    key = ring_variant(i, seal)
    for flip in (False, True):
        for strip in ring_strips(image, seal, flip=flip):
            lines = ocr.read(sf.sha256, page.number, strip.image, variant=f"{key}:{strip.name}")
            readings.append(reading_of(lines, strip.name))
            if readings[-1].clean:
                return sorted(readings, key=lambda r: -r.quality)
        if any(r.names_unit for r in readings):
            break
    return sorted(readings, key=lambda r: -r.quality)


def seal_facts(
    sf: SourceFile, doc: Document, pages: list[Page], ocr: OcrCache | None, source: SourceDocument | None = None
) -> tuple[list[dict[str, Any]] | None, dict[str, Any]]:
    """Seals on the document's pages, with the ring text read where an engine is available, and
    whether the pages could show one at all.

    Returns (seals, check): `seals` is the list of seals found (empty: looked and found none), or
    None when no seal was found and a page could not show a red seal (a grayscale image: a
    grayscale scan or photocopy); `check` says which (`checked`, `reason`, `pages`,
    `blind_pages`) and lists `achromatic_pages`: colour images without any colour on them (an
    unstamped black-and-white page, or a photocopy scanned in colour), where "no seal" is unsure.
    `source` (the file as read) renders the pages that were read from a PDF text layer; without
    it such pages have no image."""
    if doc.doc_type in NO_SEAL_TYPES:
        return None, {"checked": False, "reason": "not_stamped"}
    found: list[dict[str, Any]] = []
    blind: list[int] = []
    achromatic: list[int] = []
    no_image = False
    for page in pages:
        image = _image_for(sf, page, source)
        if image is None:
            blind.append(page.number)
            no_image = True
            continue
        vector = _vector_page(sf, page, source)
        scan = scan_seals(image, shapes=not vector)
        if scan.gray_data and not vector:
            blind.append(page.number)  # a grayscale image: a red seal cannot show
        elif not scan.colour and not vector:
            achromatic.append(page.number)  # colour image, no colour on it: maybe a photocopy
        for i, seal in enumerate(scan.seals):
            fact: dict[str, Any] = {"page": page.number, **seal.to_json(), "text": None}
            if ocr is not None and i < MAX_SEALS_READ and doc.doc_type in SEAL_TEXT_TYPES:
                readings = _read_ring(sf, page, image, i, seal, ocr)
                best = readings[0] if readings and readings[0].text else None
                fact["text"] = best.text if best else None
                fact["text_confidence"] = round(best.confidence, 3) if best else None
                fact["text_clean"] = bool(best and best.clean)
                fact["readings"] = [r.to_json() for r in readings if r.text]
            found.append(fact)
    check = {"checked": bool(found) or not blind, "pages": [p.number for p in pages]}
    if blind:
        check["blind_pages"] = blind
    if achromatic:
        check["achromatic_pages"] = achromatic
    if not found and blind:
        check["reason"] = "no_image" if no_image else "grayscale"
        return None, check
    return found, check


# the signer's name on each signed document type, where the extractor reads it
SIGNER_FIELD = {DocType.PLEDGE: "name", DocType.EDUCATION_UNIT_PROOF: "signer"}


def mark_facts(sf: SourceFile, doc: Document, pages: list[Page], seals: list[dict[str, Any]] | None,
               source: SourceDocument | None = None) -> dict[str, Any] | None:
    """The hand marks at the document's signing place (pipeline/integrity/marks.py): on the first
    page whose lines hold the signature's label, the signature and the fingerprint, each yes / no
    / unknown with its box; None for a type not signed by hand here."""
    if doc.doc_type.value not in places():
        return None
    name = doc.value(SIGNER_FIELD.get(doc.doc_type, "name"))
    name = name if isinstance(name, str) else None
    first: dict[str, Any] | None = None
    for page in pages:
        image = _image_for(sf, page, source)
        if image is None:
            continue
        boxes = [BBox(**dict(zip(("x0", "y0", "x1", "y1"), s["bbox"]))) for s in seals or []
                 if isinstance(s, dict) and s.get("page") == page.number and len(s.get("bbox") or []) == 4]
        scan: MarkScan = scan_marks(image, page.lines, doc.doc_type.value, seal_boxes=boxes, name=name)
        fact = {"page": page.number, **scan.to_json()}
        if scan.label is not None:
            return fact
        first = first or fact
    return first or {"page": None, "label": None, "signature": {"state": "unknown", "reason": "no_image"},
                     "fingerprint": {"state": "unknown", "reason": "no_image"}}


def _mark_field(fact: dict[str, Any] | None, which: str) -> FieldValue:
    """A mark as a field: True / False / None (unknown), with the box looked at as its evidence."""
    mark = (fact or {}).get(which) or {}
    value = {"yes": True, "no": False}.get(mark.get("state"))
    box = mark.get("bbox")
    bbox = BBox(x0=box[0], y0=box[1], x1=box[2], y1=box[3]) if isinstance(box, list) and len(box) == 4 else None
    return FieldValue(value=value, confidence=0.8 if value is not None else 0.0, bbox=bbox,
                      page=(fact or {}).get("page") if bbox is not None else None)


def document_meta(
    sf: SourceFile, doc: Document, pages: list[Page], ocr: OcrCache | None, pdf: dict[str, Any] | None,
    source: SourceDocument | None = None,
) -> Document:
    """The document with its integrity facts in `meta` (and `has_seal` filled for the letters that
    carry it: pledges, the unit's 学历证明);
    `source` is the file as intake read it (render's `RenderResult.source`)."""
    meta: dict[str, Any] = dict(doc.meta)
    try:
        meta["seals"], meta["seal_check"] = seal_facts(sf, doc, pages, ocr, source)
    except Exception as exc:  # noqa: BLE001 - a seal check must never lose the document
        log.warning("seal check failed on %s: %s", sf.path, exc)
        meta["seals"], meta["seal_check"] = None, {"checked": False, "reason": "error"}
    if doc.doc_type.value in places():
        try:
            meta["marks"] = mark_facts(sf, doc, pages, meta["seals"], source)
        except Exception as exc:  # noqa: BLE001 - a mark check must never lose the document
            log.warning("mark check failed on %s: %s", sf.path, exc)
            meta["marks"] = None
    if doc.doc_type is DocType.PHOTO and pages and pages[0].image is not None:
        # the backdrop's colour (003 Q23(2): 蓝底), from the pixels as read
        found = backdrop(pages[0].image, photo_spec())
        meta["backdrop"] = found.to_json() if found is not None else None
    if pdf is not None:
        meta["pdf"] = pdf
        if doc.source == "pdf_text":
            meta["font_anomalies"] = _font_anomalies(source, doc) if source is not None else []
    fields = doc.fields
    if "has_seal" in fields:
        # None (unknown) when the pages could not show a red seal: never "no seal" by default
        seen = None if meta["seals"] is None else bool(meta["seals"])
        fields = {**fields, "has_seal": FieldValue(value=seen, confidence=0.9 if seen is not None else 0.0)}
    if meta.get("marks") is not None or doc.doc_type.value in places():
        fields = {**fields, "signed": _mark_field(meta.get("marks"), "signature")}
        if doc.doc_type is DocType.PLEDGE:
            fields["fingerprint"] = _mark_field(meta.get("marks"), "fingerprint")
    return doc.model_copy(update={"meta": meta, "fields": fields})


def _font_anomalies(source: SourceDocument, doc: Document) -> list[dict[str, Any]]:
    try:
        with source.pdf() as pdf:
            return font_anomalies(pdf, doc.pages, doc.fields)
    except InputError:  # unreadable here means no font facts, not a crash
        return []
