"""PDF structure facts for tamper checks: revisions and what each changed, producer/creator,
dates, fonts.

Nothing here judges: the `fraud.pdf_edited` rule weighs these facts against the policy (which
producers an editor writes, how long after creation a modification is suspicious). The facts are
chosen for what an honest issued PDF does *not* show:

- Incremental updates are split into revisions (each ends in `startxref … %%EOF`; the first
  part of a linearised file is not one) and every earlier revision is opened on its own and
  compared page by page with the next: content streams, images and form XObjects, fonts and
  annotations other than signature widgets. A digital signature (学信网 reports carry one) or a
  metadata or DSS update appends a revision that leaves every page as it was; an editor's save
  changes a page. Words added and removed between revisions are kept as evidence.
- Fonts: issued PDFs use several fonts (labels in one, values in another, digits in a Latin
  font, a title or a verification code in a font of its own), so a field in a font used nowhere
  else is recorded with what would make it more than that: the font embedded unlike every other
  font of the document, the span off the baseline that every other row of the document keeps,
  or the span printed over other text.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

import pymupdf

from preaudit.pipeline.model import BBox, FieldValue
from preaudit.pipeline.locks import MUPDF_LOCK
from preaudit.pipeline.values.text import nfkc

_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz]|[+\-]\d{2}'?\d{2}'?)?")
# the end of one revision: the cross-reference offset and the end-of-file marker
_REVISION_END = re.compile(rb"startxref\s+(\d+)\s*%%EOF[ \t]*(?:\r\n|\r|\n)?")
_LINEARIZED = re.compile(rb"/Linearized\b(.{0,400}?)>>", re.S)
_LIN_LENGTH = re.compile(rb"/L\s+(\d+)")
MAX_REVISIONS = 12  # revisions compared (the newest); more are counted, not opened
MAX_WORDS_SHOWN = 6


def parse_pdf_date(text: str | None) -> datetime | None:
    """`D:20240815093000+08'00'` -> an aware datetime; a date without a zone stays naive (local
    time of whatever wrote it: the rule compares it with another date's wall clock)."""
    if not text:
        return None
    m = _PDF_DATE.search(text)
    if not m:
        return None
    parts = [int(g) if g else d for g, d in zip(m.groups()[:6], (0, 1, 1, 0, 0, 0))]
    zone = m.group(7)
    tz: timezone | None = None
    if zone in ("Z", "z"):
        tz = timezone.utc
    elif zone:
        digits = zone.replace("'", "")
        sign = 1 if digits[0] == "+" else -1
        tz = timezone(sign * timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5] or 0)))
    try:
        return datetime(*parts, tzinfo=tz)  # type: ignore[misc]
    except ValueError:
        return None


def revision_ends(raw: bytes) -> tuple[list[int], bool]:
    """Byte offsets where each revision of the file ends, oldest first, and whether the file is
    linearised. The first-page section of a linearised file ends in its own `%%EOF`; it is part
    of the first revision, which ends at the linearisation dictionary's /L."""
    ends = [m.end() for m in _REVISION_END.finditer(raw)]
    linearized = False
    head = _LINEARIZED.search(raw[:2048])
    if head:
        length = _LIN_LENGTH.search(head.group(1))
        if length:
            linearized = True
            first_end = int(length.group(1))
            ends = [e for e in ends if e >= first_end - 64]
    return ends, linearized


def _digest_page(doc: pymupdf.Document, page: pymupdf.Page) -> tuple[str, Counter[str], int]:
    """(digest of what the page shows, its words, signature widgets on it).

    The digest covers the content streams, every image and form XObject and font the page uses,
    and annotations other than signature widgets (a signature's appearance is the signer's)."""
    h = hashlib.sha256(page.read_contents())
    for xref in sorted({img[0] for img in page.get_images(full=True)} | {x[0] for x in page.get_xobjects()}):
        try:
            h.update(doc.xref_stream_raw(xref) or b"")
        except Exception:  # noqa: BLE001 - an unreadable stream still differs from a readable one
            h.update(b"?")
    for font in sorted(page.get_fonts(full=True)):
        h.update(f"{font[3]}|{font[1]}|{font[2]}".encode())
    signatures = 0
    for annot in page.annots() or []:
        h.update(f"{annot.type[1]}|{annot.rect}|{annot.info.get('content', '')}".encode())
    for widget in page.widgets() or []:
        if widget.field_type == pymupdf.PDF_WIDGET_TYPE_SIGNATURE:
            signatures += 1
            continue
        h.update(f"{widget.field_type}|{widget.field_name}|{widget.field_value}|{widget.rect}".encode())
    words = Counter(nfkc(w[4]) for w in page.get_text("words"))
    return h.hexdigest(), words, signatures


def _revision_state(data: bytes) -> list[tuple[str, Counter[str], int]] | None:
    try:
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            if doc.needs_pass:
                return None
            return [_digest_page(doc, doc[i]) for i in range(doc.page_count)]
    except Exception:  # noqa: BLE001 - a prefix MuPDF cannot open is an unverifiable revision
        return None


def _mask(word: str) -> str:
    """Words go into evidence: an ID-number-like run is masked as everywhere else in reports."""
    return re.sub(r"(\d{6})\d{8}(\d{3}[\dXx])", r"\1********\2", word)


def revisions(raw: bytes) -> dict[str, Any]:
    """Incremental updates of a PDF and what each changed (see the module docstring)."""
    ends, linearized = revision_ends(raw)
    out: dict[str, Any] = {"linearized": linearized, "incremental_updates": max(0, len(ends) - 1),
                           "content_updates": 0, "signature_updates": 0, "unverified_updates": 0,
                           "revisions": []}
    if len(ends) < 2:
        return out
    ends = ends[-MAX_REVISIONS:]
    states = [_revision_state(raw[:end]) for end in ends]
    for k in range(1, len(ends)):
        before, after = states[k - 1], states[k]
        rev: dict[str, Any] = {"revision": k + 1, "bytes": ends[k] - ends[k - 1]}
        if before is None or after is None:
            rev["verified"] = False
            out["unverified_updates"] += 1
            out["revisions"].append(rev)
            continue
        changed = [i + 1 for i in range(max(len(before), len(after)))
                   if i >= len(before) or i >= len(after) or before[i][0] != after[i][0]]
        added: Counter[str] = Counter()
        removed: Counter[str] = Counter()
        for i in range(min(len(before), len(after))):
            added += after[i][1] - before[i][1]
            removed += before[i][1] - after[i][1]
        signed = sum(s[2] for s in after) > sum(s[2] for s in before)
        rev.update(verified=True, changed_pages=changed, signature=signed)
        if added:
            rev["added_text"] = [_mask(w) for w in sorted(added)[:MAX_WORDS_SHOWN]]
        if removed:
            rev["removed_text"] = [_mask(w) for w in sorted(removed)[:MAX_WORDS_SHOWN]]
        if changed:
            out["content_updates"] += 1
        elif signed:
            out["signature_updates"] += 1
        out["revisions"].append(rev)
    return out


def pdf_facts(raw: bytes, doc: pymupdf.Document | None = None) -> dict[str, Any]:
    """Structure and metadata of one PDF (JSON-serialisable), from its bytes and the document
    opened from them (a SourceDocument's `pdf()`; opened here from the bytes when not given).
    Nothing here opens a file."""
    startxrefs = len(re.findall(rb"startxref", raw))
    facts: dict[str, Any] = {"startxref_count": startxrefs, "eof_count": len(re.findall(rb"%%EOF", raw))}
    try:
        with MUPDF_LOCK:
            if doc is None:
                with pymupdf.open(stream=raw, filetype="pdf") as own:
                    meta, locked = own.metadata or {}, own.needs_pass
            else:
                meta, locked = doc.metadata or {}, doc.needs_pass
            if locked:
                return facts
            structure = revisions(raw)
    except Exception:  # noqa: BLE001 - a file MuPDF cannot open has no facts to give
        return facts
    created = parse_pdf_date(meta.get("creationDate"))
    modified = parse_pdf_date(meta.get("modDate"))
    facts.update(
        producer=meta.get("producer") or "",
        creator=meta.get("creator") or "",
        creation_date=created.isoformat() if created else None,
        mod_date=modified.isoformat() if modified else None,
        **structure,
    )
    return facts


# --------------------------------------------------------------------------- fonts

BASELINE_TOLERANCE = 0.3  # points: text drawn on one row by a generator shares its baseline
MIN_OFF_BASELINE = 0.6  # points off the row's baseline that a hand-placed value shows
ALIGNED_SHARE = 0.9  # share of the document's row neighbours on one baseline for it to be the rule
MIN_ROW_PAIRS = 6  # neighbours needed to know the document's rule
SAME_SIZE = 0.1  # font sizes within 10 % of each other: text meant to share a baseline
MIN_OTHER_FONTS = 2  # fonts of the other kind of embedding for "embedded unlike every other"
OVERPRINT_SHARE = 0.3  # share of the odd span's box another font's text covers


def _overlaps(a: BBox, b: BBox) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def _base_name(font: str) -> str:
    """`ABCDEF+FangSong Regular` -> `FangSong Regular` (a subset's tag is not the font)."""
    return font.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", font) else font


class _Span:
    __slots__ = ("bbox", "font", "text", "size", "baseline", "x0", "x1", "page")

    def __init__(self, page: int, span: dict, w: float, h: float) -> None:
        x0, y0, x1, y1 = span["bbox"]
        self.page = page
        self.bbox = BBox(x0=x0 / w, y0=y0 / h, x1=x1 / w, y1=y1 / h)
        self.font = span.get("font", "")
        self.text = nfkc(span.get("text", "")).strip()
        self.size = float(span.get("size") or 0.0)
        self.baseline = float(span.get("origin", (x0, y1))[1])
        self.x0, self.x1 = x0, x1


def _spans(page: pymupdf.Page, number: int) -> list[_Span]:
    """Every non-blank text span of a page (page-relative boxes, baselines in points)."""
    w, h = page.rect.width or 1.0, page.rect.height or 1.0
    out = []
    for block in page.get_text("dict").get("blocks", []):
        for line in block.get("lines", []):
            for span in line.get("spans", []):
                if span.get("text", "").strip():
                    out.append(_Span(number, span, w, h))
    return out


def _embedding(doc: pymupdf.Document, numbers: list[int]) -> dict[str, bool]:
    """Font name (as spans name it) -> embedded, over the document's pages."""
    out: dict[str, bool] = {}
    for n in numbers:
        for xref, ext, _type, basefont, *_ in doc[n - 1].get_fonts(full=True):
            name = _base_name(basefont)
            out[name] = out.get(name, False) or ext not in ("n/a", "")
    return out


def _embedded_of(font: str, embedded: dict[str, bool]) -> bool | None:
    """Whether the font a span names is embedded (MuPDF shortens long span font names)."""
    if font in embedded:
        return embedded[font]
    squeeze = font.replace(" ", "").replace("-", "")
    found = [e for name, e in embedded.items()
             if name.replace(" ", "").replace("-", "").startswith(squeeze) and squeeze]
    return found[0] if len(set(found)) == 1 else None


def _same_row(a: _Span, b: _Span) -> bool:
    top, bottom = max(a.bbox.y0, b.bbox.y0), min(a.bbox.y1, b.bbox.y1)
    return bottom - top >= 0.5 * min(a.bbox.y1 - a.bbox.y0, b.bbox.y1 - b.bbox.y0)


def _row_neighbour(span: _Span, spans: list[_Span], skip: set[int]) -> _Span | None:
    """The nearest span on the same row, left of this one first (the label), else right."""
    row = [s for s in spans if id(s) not in skip and s.page == span.page and _same_row(s, span)]
    left = [s for s in row if s.x1 <= span.x0 + 1.0]
    if left:
        return max(left, key=lambda s: s.x1)
    right = [s for s in row if s.x0 >= span.x1 - 1.0]
    return min(right, key=lambda s: s.x0) if right else None


def _aligned_share(spans: list[_Span], skip: set[int]) -> tuple[float, int]:
    """How many of the document's row neighbours share a baseline (the generator's rule)."""
    by_page: dict[int, list[_Span]] = {}
    for s in spans:
        if id(s) not in skip:
            by_page.setdefault(s.page, []).append(s)
    pairs = aligned = 0
    for page_spans in by_page.values():
        ordered = sorted(page_spans, key=lambda s: (round(s.baseline), s.x0))
        for a, b in zip(ordered, ordered[1:]):
            if _same_row(a, b) and b.x0 >= a.x1 - 1.0:
                pairs += 1
                aligned += abs(a.baseline - b.baseline) <= BASELINE_TOLERANCE
    return (aligned / pairs if pairs else 0.0), pairs


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", nfkc(text))


def font_anomalies(doc: pymupdf.Document, page_numbers: list[int], fields: dict[str, FieldValue]) -> list[dict[str, Any]]:
    """Fields whose text-layer font is used nowhere else in the document, each with the facts
    that would make it evidence of a retyped value (`support`, empty when there are none):

    - `embedded_unlike_others`: the font is embedded while every other font (at least two) is
      not, or the other way round: an editor's font among the issuing system's;
    - `off_baseline`: the span sits off its row's baseline by `baseline_offset` points, beside text
      of its own size, while the document's other row neighbours share theirs: a value placed by
      hand;
    - `overprint`: the span is printed over text in another font (the original under it).

    A font used only for one value is common in issued PDFs (a verification code in a font of
    its own), so the rule never counts one without support. Span text is not recorded (it may
    be an ID number). `doc` is the open PDF (a SourceDocument's `pdf()`)."""
    try:
        with MUPDF_LOCK:
            numbers = [n for n in page_numbers if 0 < n <= doc.page_count]
            spans = [s for n in numbers for s in _spans(doc[n - 1], n)]
            embedded = _embedding(doc, numbers)
    except Exception:  # noqa: BLE001 - unreadable here means no font facts, not a crash
        return []
    usage: Counter[str] = Counter()
    for s in spans:
        usage[s.font] += len(s.text)
    out: list[dict[str, Any]] = []
    for name, fv in fields.items():
        if fv.bbox is None or fv.source != "pdf_text" or isinstance(fv.value, list) or fv.value in (None, ""):
            continue
        value = _compact(str(fv.raw or fv.value))
        values = {value, _compact(str(fv.value))}
        # the field's own spans: inside its box and part of its value (not a label, nor a
        # watermark across the page)
        own = [s for s in spans if s.page == fv.page and _overlaps(s.bbox, fv.bbox)
               and s.bbox.overlap_share(fv.bbox) >= 0.5 and s.text
               and any(_compact(s.text) in v or v in _compact(s.text) for v in values if v)]
        counts: Counter[str] = Counter()
        for s in own:
            counts[s.font] += len(s.text)
        for font, count in counts.items():
            if usage[font] > count:
                continue
            odd = [s for s in own if s.font == font]
            skip = {id(s) for s in odd}
            record: dict[str, Any] = {"field": name, "font": font, "page": fv.page,
                                      "bbox": odd[0].bbox.as_list(), "support": []}
            mine = _embedded_of(font, embedded)
            others = [e for f in usage if f != font and usage[f] > 0
                      for e in [_embedded_of(f, embedded)] if e is not None]
            record["embedded"] = mine
            if mine is not None and len(others) >= MIN_OTHER_FONTS and all(e != mine for e in others):
                record["support"].append("embedded_unlike_others")
            neighbour = _row_neighbour(odd[0], spans, skip)
            share, pairs = _aligned_share(spans, skip)
            if neighbour is not None:
                offset = round(abs(odd[0].baseline - neighbour.baseline), 2)
                record |= {"baseline_offset": offset, "row_aligned_share": round(share, 3)}
                # text of another size may be centred in its cell by design: only like sizes count
                like = abs(odd[0].size - neighbour.size) <= SAME_SIZE * max(neighbour.size, 1.0)
                if like and pairs >= MIN_ROW_PAIRS and share >= ALIGNED_SHARE and offset >= MIN_OFF_BASELINE:
                    record["support"].append("off_baseline")
            under = [s for s in spans if id(s) not in skip and s.page == odd[0].page and s.font != font
                     and _overlaps(s.bbox, odd[0].bbox) and s.bbox.overlap_share(odd[0].bbox) >= OVERPRINT_SHARE]
            if under:
                record["support"].append("overprint")
            out.append(record)
    return out
