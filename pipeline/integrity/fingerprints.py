"""Fingerprints of documents for reuse detection across applicants and batches.

Exact: the file's sha256, and for born-digital pages the hash of their normalised text.
Near-exact: difference hashes (dHash) of 1-inch photos (`photo_hash`, 144 bits, equalised; the
64-bit `photo_dhash` is still written so that indexes made before it keep matching) and of the
portrait on an ID card (`portrait_dhash`, 144 bits), so a re-scan or a re-compressed copy of the
same picture still matches while two people's pictures do not. Identifiers: 学信网 verification
codes, certificate numbers, and ID numbers with the name they were printed with.

By content (`content`): what a document says, for reuse that changes every byte (a certificate
photographed again, re-saved at another JPEG quality, rescaled). Forms look alike for everyone
(colleagues at one unit have pension certificates with the same unit, months and often the same
minimum 缴费基数; two people's pledges differ in a few characters), so a content fingerprint
carries what makes the document one person's: the holder's ID number (as a token) and name as
printed on it. Beside the holder it carries what the document says, compared with a similarity
rather than an exact hash so that OCR noise between two photographs of one page does not matter:
the pension table's rows (month + 缴费基数) and units, a bottom-k sketch of the page text's
character 3-grams, and a 256-bit difference hash of each raster page. pipeline/integrity/dupindex.py compares them
and `fraud.duplicate_document` applies the policy's thresholds.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from preaudit.pipeline.values.idnumber import ID_FIELDS, is_valid_id_number
from preaudit.pipeline.model import ID_ANYWHERE, DocType, Document, Page
from preaudit.pipeline.values.text import nfkc, normalize_name

IDENTIFIER_FIELDS = {
    DocType.XUEXIN_RECORD: ("verification_code", "certificate_number"),
    DocType.XUEXIN_DEGREE: ("verification_code", "certificate_number"),
    DocType.QUALIFICATION_CERTIFICATE: ("certificate_number",),
    DocType.TITLE_CERTIFICATE: ("certificate_number",),  # one holder's 职称证书 / 电子证书编号
    DocType.FOREIGN_DEGREE_CERTIFICATION: ("certificate_number",),  # 教留服认英[2019]012345号: one holder's
}


@dataclass(frozen=True)
class Fingerprint:
    # file_sha256 | text_sha256 | photo_hash | photo_dhash | portrait_dhash | verification_code |
    # certificate_number | id_number | content
    kind: str
    value: str
    file: str
    doc_type: str
    extra: str = ""  # for id_number: the normalised name printed with it


def dhash(image: np.ndarray, size: int = 8) -> str:
    """size*size-bit difference hash as hex digits (robust to scaling, compression, brightness)."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    small = cv2.resize(gray, (size + 1, size), interpolation=cv2.INTER_AREA)
    bits = (small[:, 1:] > small[:, :-1]).flatten()
    return f"{int(''.join('1' if b else '0' for b in bits), 2):0{size * size // 4}x}"


def hamming(a: str, b: str) -> int:
    """Bits that differ; hashes of different lengths (made by different versions) never match."""
    if len(a) != len(b):
        return 4 * max(len(a), len(b))
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
PHOTO_HASH_SIZE = 12  # 1-inch photos likewise: at 64 bits two people's drawn faces matched


def _equalised(image: np.ndarray) -> np.ndarray:
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    return cv2.equalizeHist(gray)


def portrait_hashes(crop: np.ndarray) -> list[str]:
    """144-bit dHashes of a portrait crop, histogram-equalised (a photocopy, a phone photo and a
    scan of one picture differ in contrast), and of the crop trimmed by PORTRAIT_INSET at the top,
    left and right (every combination): two photographs of one picture are cropped a few pixels
    apart, and the nearest pair of variants absorbs that (the index compares every pair)."""
    crop = _equalised(crop)
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


def photo_hash(image: np.ndarray) -> str:
    """144-bit dHash of a whole 1-inch photo, histogram-equalised: a copy re-saved at another
    JPEG quality or size keeps it within a few bits; another person's photo (same backdrop, same
    framing) differs in dozens."""
    return dhash(_equalised(image), PHOTO_HASH_SIZE)


# ----------------------------------------------------------------------------- by content

CONTENT_VERSION = 1
SKETCH_SIZE = 256  # bottom-k sketch of the page text's 3-gram hashes
PAGE_HASH_SIZE = 16  # 256-bit dHash of a raster page
SHINGLE = 3
# single-holder documents: each names the one person it belongs to
CONTENT_TYPES = {
    DocType.PENSION_CERTIFICATE, DocType.CONTRACT_FILING, DocType.LABOR_CONTRACT,
    DocType.XUEXIN_RECORD, DocType.XUEXIN_DEGREE, DocType.QUALIFICATION_CERTIFICATE,
    DocType.EMPLOYMENT_NOTICE, DocType.PUBLICITY_FORM, DocType.PLEDGE, DocType.ID_CARD_FRONT,
    DocType.EDUCATION_UNIT_PROOF, DocType.FOREIGN_DEGREE_CERTIFICATION, DocType.SALARY_APPROVAL,
    DocType.TITLE_CERTIFICATE, DocType.DISPATCH_AGREEMENT,
}
HOLDER_NAME_FIELDS = ("name", "employee_name")
_NOT_TEXT = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")


def _shingles(pages: list[Page]) -> set[int]:
    """32-bit hashes of the character 3-grams of every line (letters, digits and CJK only; ID
    numbers left out, so that the index cannot be read back into one)."""
    out: set[int] = set()
    for page in pages:
        for line in page.lines:
            # ID numbers are never shingled: the index keeps none
            text = _NOT_TEXT.sub("", ID_ANYWHERE.sub("#", nfkc(line.text))).upper()
            grams = [text] if 0 < len(text) < SHINGLE else [text[i:i + SHINGLE] for i in range(len(text) - SHINGLE + 1)]
            for g in grams:
                out.add(int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "big"))
    return out


def sketch_similarity(a: list[int], b: list[int], k: int = SKETCH_SIZE) -> float:
    """Jaccard similarity of two shingle sets estimated from their bottom-k sketches."""
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    union = sorted(sa | sb)[:k]
    return sum(1 for x in union if x in sa and x in sb) / len(union)


def _unit(text: Any) -> str:
    return _NOT_TEXT.sub("", nfkc(str(text or "")))


def _rows(doc: Document) -> tuple[list[str], list[str]]:
    """A pension table's rows as `YYYY-MM|base` tokens, and its units (normalised)."""
    months = doc.value("months")
    if not isinstance(months, list):
        return [], []
    rows, units = set(), set()
    for m in months:
        if not isinstance(m, dict) or not m.get("month"):
            continue
        base = m.get("base")
        try:
            base_text = str(int(round(float(base)))) if base is not None else "?"
        except (TypeError, ValueError):
            base_text = "?"
        rows.add(f"{m['month']}|{base_text}")
        if m.get("employer"):
            units.add(_unit(m["employer"]))
    return sorted(rows), sorted(units)


def near_id_tokens(number: str) -> list[str]:
    """Tokens of an 18-character ID number with one position blanked, each: two readings of one
    number that differ in one character (an OCR misread) share a token, two people's numbers
    (which differ in several) do not; like `id_hash`, they never give the number back."""
    n = nfkc(number).upper()
    return [hashlib.sha256(f"preaudit-id-near:{i}:{n[:i]}?{n[i + 1:]}".encode()).hexdigest()[:8]
            for i in range(len(n))]


def _holder(doc: Document) -> tuple[str, list[str], str]:
    """(ID token, near-ID tokens, normalised name) of the person the document is about, as printed
    on it; the token only for a number that passes GB 11643 (a misread number proves nothing by
    itself), the near tokens for any 18-character reading."""
    token, near = "", []
    for f in ID_FIELDS:
        number = doc.value(f)
        if isinstance(number, str) and len(nfkc(number)) == 18:
            near = near_id_tokens(number)
            if is_valid_id_number(nfkc(number).upper()):
                token = id_hash(number)
            break
    name = ""
    for f in HOLDER_NAME_FIELDS:
        value = doc.value(f)
        if isinstance(value, str) and len(normalize_name(value)) >= 2:
            name = normalize_name(value)
            break
    return token, near, name


PAGE_HASH_MARGIN = 3  # grey levels a cell must be lighter than its left neighbour to set its bit


def page_hash(image: np.ndarray) -> str:
    """256-bit difference hash of a raster page, robust to JPEG re-encoding and rescaling: the
    page averaged down to 17x16 cells, a bit set where a cell is lighter than its left neighbour
    by more than a margin. A page is mostly paper: plain dHash (or equalising) turns the noise of
    equal white cells into bits, the margin leaves them 0."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    small = cv2.resize(gray, (PAGE_HASH_SIZE + 1, PAGE_HASH_SIZE), interpolation=cv2.INTER_AREA).astype(np.int16)
    bits = ((small[:, 1:] - small[:, :-1]) > PAGE_HASH_MARGIN).flatten()
    return f"{int(''.join('1' if b else '0' for b in bits), 2):0{PAGE_HASH_SIZE * PAGE_HASH_SIZE // 4}x}"


def content_fingerprint(doc: Document, pages: list[Page]) -> Fingerprint | None:
    """The document's content print (see the module docstring), None for types that name no
    single holder or when no holder is printed."""
    if doc.doc_type not in CONTENT_TYPES:
        return None
    holder_id, near, holder_name = _holder(doc)
    if not holder_id and not holder_name:
        return None
    shingles = _shingles(pages)
    rows, units = _rows(doc)
    images = [page_hash(p.image) for p in pages if p.source == "ocr" and p.image is not None]
    payload = {
        "v": CONTENT_VERSION, "id": holder_id, "id_near": near, "name": holder_name,
        "text": sorted(shingles)[:SKETCH_SIZE], "text_n": len(shingles),
        "rows": [hashlib.blake2b(r.encode(), digest_size=5).hexdigest() for r in rows],
        "units": units, "pages": images,
    }
    return Fingerprint("content", json.dumps(payload, separators=(",", ":"), ensure_ascii=False),
                       doc.file, doc.doc_type.value, extra=holder_id or f"name:{holder_name}")


def document_fingerprints(doc: Document, pages: list[Page]) -> list[Fingerprint]:
    """The fingerprints of one document (file hash included)."""
    t = doc.doc_type.value
    out = [Fingerprint("file_sha256", doc.file_sha256, doc.file, t)]
    for page in pages:
        if page.source == "pdf_text" and page.lines:
            text = nfkc("".join(ln.text for ln in page.lines))
            out.append(Fingerprint("text_sha256", hashlib.sha256(text.encode()).hexdigest(), doc.file, t))
        elif page.image is not None and doc.doc_type == DocType.PHOTO:
            out.append(Fingerprint("photo_hash", photo_hash(page.image), doc.file, t))
            out.append(Fingerprint("photo_dhash", dhash(page.image), doc.file, t))  # legacy indexes
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
    content = content_fingerprint(doc, pages)
    if content is not None:
        out.append(content)
    return out
