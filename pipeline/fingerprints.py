"""Fingerprints of documents for reuse detection across applicants and batches.

Exact: the file's sha256, and for born-digital pages the hash of their normalised text.
Near-exact: a 64-bit difference hash (dHash) of 1-inch photos and of the portrait on an ID card,
so a re-scan or a re-compressed copy of the same picture still matches. Whole pages are not
hashed: forms (pledges, publicity forms, ID card backs) look alike for everyone and differ only in
a few characters, which a page hash cannot see. Identifiers: 学信网 verification codes,
certificate numbers, and ID numbers with the name they were printed with.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.model import DocType, Document, Page
from pipeline.text import nfkc

IDENTIFIER_FIELDS = {
    DocType.XUEXIN_RECORD: ("verification_code", "certificate_number"),
    DocType.XUEXIN_DEGREE: ("verification_code", "certificate_number"),
    DocType.QUALIFICATION_CERTIFICATE: ("certificate_number",),
}


@dataclass(frozen=True)
class Fingerprint:
    kind: str  # file_sha256 | text_sha256 | photo_dhash | verification_code | certificate_number | id_number
    value: str
    file: str
    doc_type: str
    extra: str = ""  # for id_number: the normalised name printed with it


def dhash(image: np.ndarray, size: int = 8) -> str:
    """64-bit difference hash as 16 hex digits (robust to scaling, compression, brightness)."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    small = cv2.resize(gray, (size + 1, size), interpolation=cv2.INTER_AREA)
    bits = (small[:, 1:] > small[:, :-1]).flatten()
    return f"{int(''.join('1' if b else '0' for b in bits), 2):0{size * size // 4}x}"


def hamming(a: str, b: str) -> int:
    return bin(int(a, 16) ^ int(b, 16)).count("1")


def id_hash(id_number: str) -> str:
    """A stable token for an ID number, so the index never stores the number itself."""
    return hashlib.sha256(("preaudit-id:" + nfkc(id_number).upper()).encode()).hexdigest()[:32]


def _portrait(doc: Document, page: Page) -> np.ndarray | None:
    """The portrait area of an ID card front: right of the text, above the number line."""
    image = page.image
    if image is None or not page.lines:
        return None
    number = doc.fields.get("id_number")
    text_right = max((ln.bbox.x1 for ln in page.lines if number is None or number.bbox is None or ln.bbox.y1 < number.bbox.y0), default=0.6)
    top = min(ln.bbox.y0 for ln in page.lines)
    bottom = number.bbox.y0 if number is not None and number.bbox is not None else 0.8
    h, w = image.shape[:2]
    x0, x1, y0, y1 = int((text_right + 0.01) * w), w, int(top * h), int(bottom * h)
    if x1 - x0 < 0.1 * w or y1 - y0 < 0.2 * h:
        return None
    return image[y0:y1, x0:x1]


def document_fingerprints(doc: Document, pages: list[Page]) -> list[Fingerprint]:
    """The fingerprints of one document (file hash included)."""
    t = doc.doc_type.value
    out = [Fingerprint("file_sha256", doc.file_sha256, doc.file, t)]
    for page in pages:
        if page.source == "pdf_text" and page.lines:
            text = nfkc("".join(ln.text for ln in page.lines))
            out.append(Fingerprint("text_sha256", hashlib.sha256(text.encode()).hexdigest(), doc.file, t))
        elif page.image is not None and doc.doc_type == DocType.PHOTO:
            out.append(Fingerprint("photo_dhash", dhash(page.image), doc.file, t))
    if doc.doc_type == DocType.ID_CARD_FRONT and pages:
        portrait = _portrait(doc, pages[0])
        if portrait is not None:
            out.append(Fingerprint("photo_dhash", dhash(portrait), doc.file, t))
    for name in IDENTIFIER_FIELDS.get(doc.doc_type, ()):
        value = doc.value(name)
        if isinstance(value, str) and len(nfkc(value)) >= 8:
            out.append(Fingerprint(name, nfkc(value).upper(), doc.file, t))
    for id_field, name_field in (("id_number", "name"), ("employee_id_number", "employee_name")):
        number, name = doc.value(id_field), doc.value(name_field)
        if isinstance(number, str) and len(number) == 18 and isinstance(name, str) and name:
            out.append(Fingerprint("id_number", id_hash(number), doc.file, t, extra=nfkc(name)))
    return out
