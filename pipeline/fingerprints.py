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
    kind: str  # file_sha256 | text_sha256 | photo_dhash | portrait_dhash | verification_code | certificate_number | id_number
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


MIN_LINE_CHARS = 2  # shorter OCR lines near the portrait are noise read off the photo, not text
FOREGROUND_DIFF = 40  # colour distance from the card around the portrait that counts as picture
INK_MAX_VALUE = 170  # darker than this (HSV value) is ink
INK_MIN_SATURATION = 70  # or more colourful than this
MIN_PART = 0.01  # share of the search area a piece of the picture must cover (not a speck)


def _portrait(doc: Document, page: Page) -> np.ndarray | None:
    """The portrait of an ID card front, cropped tight so that another photograph or scan of
    the same picture gives the same crop: the area right of the text lines and above the number
    line, then the bounding box of what differs from the card there."""
    image = page.image
    if image is None or not page.lines:
        return None
    number = doc.fields.get("id_number")
    nbox = number.bbox if number is not None and number.bbox is not None else None
    text = [ln for ln in page.lines if len(nfkc(ln.text).strip()) >= MIN_LINE_CHARS
            and (nbox is None or ln.bbox.y1 <= nbox.y0 + 0.005)]
    if not text:
        return None
    text_right = max(ln.bbox.x1 for ln in text)
    top = min(ln.bbox.y0 for ln in text)
    bottom = nbox.y0 if nbox is not None else 0.8
    h, w = image.shape[:2]
    x0, x1, y0, y1 = int((text_right + 0.01) * w), w, int(top * h), int(bottom * h)
    if x1 - x0 < 0.1 * w or y1 - y0 < 0.05 * h:
        return None
    roi = image[y0:y1, x0:x1]
    if roi.ndim == 2:
        roi = cv2.cvtColor(roi, cv2.COLOR_GRAY2BGR)
    strip = roi[:, : max(2, roi.shape[1] // 20)].reshape(-1, 3)
    card = np.median(strip, axis=0)
    diff = np.abs(roi.astype(np.int16) - card.astype(np.int16)).max(axis=2)
    mask = (diff > FOREGROUND_DIFF).astype(np.uint8)
    k = max(3, min(roi.shape[:2]) // 40) | 1
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    if count < 2:
        return None
    # the picture's parts (hair, face, clothes) may come apart: the box around every sizeable one
    parts = [stats[i] for i in range(1, count)
             if stats[i][cv2.CC_STAT_AREA] >= MIN_PART * roi.shape[0] * roi.shape[1]]
    if not parts:
        return None
    bx0 = min(p[0] for p in parts)
    by0 = min(p[1] for p in parts)
    bx1 = max(p[0] + p[2] for p in parts)
    by1 = max(p[1] + p[3] for p in parts)
    if bx1 - bx0 < 8 or by1 - by0 < 8:
        return None
    return _ink(roi[by0:by1, bx0:bx1])


def _ink(crop: np.ndarray) -> np.ndarray:
    """The crop narrowed to the picture's ink (hair, face, clothes: dark or coloured pixels),
    leaving out a light backdrop that one photograph separates from the card and another not."""
    hsv = cv2.cvtColor(crop, cv2.COLOR_BGR2HSV)
    ink = ((hsv[..., 2] < INK_MAX_VALUE) | (hsv[..., 1] > INK_MIN_SATURATION)).astype(np.uint8)
    k = max(3, min(crop.shape[:2]) // 40) | 1
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink)
    parts = [stats[i] for i in range(1, count)
             if stats[i][cv2.CC_STAT_AREA] >= MIN_PART * crop.shape[0] * crop.shape[1]]
    if not parts:
        return crop
    x0, y0 = min(p[0] for p in parts), min(p[1] for p in parts)
    x1, y1 = max(p[0] + p[2] for p in parts), max(p[1] + p[3] for p in parts)
    return crop[y0:y1, x0:x1] if x1 - x0 >= 8 and y1 - y0 >= 8 else crop


PORTRAIT_INSET = 0.04  # share of the crop trimmed off the top, left and right edges in variants
PORTRAIT_HASH_SIZE = 12  # 144-bit dHash: at 64 bits two people's ID portraits (same pose, same
# framing, often a low-resolution upload) come as close as two photographs of one picture


def portrait_hashes(crop: np.ndarray) -> list[str]:
    """144-bit dHashes of a portrait crop, histogram-equalised (a photocopy, a phone photo and a
    scan of one picture differ in contrast), and of the crop trimmed by PORTRAIT_INSET at the top,
    left and right (every combination): two photographs of one picture are cropped a few pixels
    apart, and the nearest pair of variants absorbs that (the index compares every pair)."""
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    crop = cv2.equalizeHist(gray)
    h, w = crop.shape[:2]
    dy, dx = int(h * PORTRAIT_INSET), int(w * PORTRAIT_INSET)
    out: list[str] = []
    for top in (0, dy):
        for left in (0, dx):
            for right in (0, dx):
                value = dhash(crop[top:h, left:w - right], PORTRAIT_HASH_SIZE)
                if value not in out:
                    out.append(value)
    return out


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
            out += [Fingerprint("portrait_dhash", v, doc.file, t) for v in portrait_hashes(portrait)]
    for name in IDENTIFIER_FIELDS.get(doc.doc_type, ()):
        value = doc.value(name)
        if isinstance(value, str) and len(nfkc(value)) >= 8:
            out.append(Fingerprint(name, nfkc(value).upper(), doc.file, t))
    for id_field, name_field in (("id_number", "name"), ("employee_id_number", "employee_name")):
        number, name = doc.value(id_field), doc.value(name_field)
        if isinstance(number, str) and len(number) == 18 and isinstance(name, str) and name:
            out.append(Fingerprint("id_number", id_hash(number), doc.file, t, extra=nfkc(name)))
    return out
