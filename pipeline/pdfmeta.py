"""PDF structure facts for tamper checks: incremental saves, producer/creator, dates, fonts.

Nothing here judges: the `fraud.pdf_edited` rule weighs these facts against the policy (which
producers an issuing system uses, how long after creation a modification is suspicious).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pymupdf

from pipeline.model import BBox, FieldValue
from pipeline.render import MUPDF_LOCK

_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz]|[+\-]\d{2}'?\d{2}'?)?")


def parse_pdf_date(text: str | None) -> datetime | None:
    """`D:20240815093000+08'00'` -> an aware datetime (UTC when no zone is given)."""
    if not text:
        return None
    m = _PDF_DATE.search(text)
    if not m:
        return None
    parts = [int(g) if g else d for g, d in zip(m.groups()[:6], (0, 1, 1, 0, 0, 0))]
    tz = timezone.utc
    zone = m.group(7)
    if zone and zone not in ("Z", "z"):
        digits = zone.replace("'", "")
        sign = 1 if digits[0] == "+" else -1
        tz = timezone(sign * timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5] or 0)))
    try:
        return datetime(*parts, tzinfo=tz)  # type: ignore[misc]
    except ValueError:
        return None


def pdf_facts(path: Path) -> dict[str, Any]:
    """Structure and metadata of one PDF file (JSON-serialisable)."""
    raw = path.read_bytes()
    startxrefs = len(re.findall(rb"startxref", raw))
    facts: dict[str, Any] = {"startxref_count": startxrefs, "eof_count": len(re.findall(rb"%%EOF", raw))}
    try:
        with MUPDF_LOCK, pymupdf.open(path) as doc:
            meta = doc.metadata or {}
            linearized = bool(getattr(doc, "is_fast_webaccess", False))
    except Exception:  # noqa: BLE001 - a file MuPDF cannot open has no facts to give
        return facts
    created = parse_pdf_date(meta.get("creationDate"))
    modified = parse_pdf_date(meta.get("modDate"))
    # A linearised file legitimately carries two cross-reference sections.
    facts.update(
        producer=meta.get("producer") or "",
        creator=meta.get("creator") or "",
        creation_date=created.isoformat() if created else None,
        mod_date=modified.isoformat() if modified else None,
        linearized=linearized,
        incremental_updates=max(0, startxrefs - 1 - (1 if linearized else 0)),
    )
    return facts


def _overlaps(a: BBox, b: BBox) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def _spans(page: pymupdf.Page) -> list[tuple[BBox, str, int]]:
    """(page-relative box, font, characters) of every non-blank text span."""
    w, h = page.rect.width or 1.0, page.rect.height or 1.0
    out = []
    for block in page.get_text("dict").get("blocks", []):
        for line in block.get("lines", []):
            for span in line.get("spans", []):
                text = span.get("text", "").strip()
                if text:
                    x0, y0, x1, y1 = span["bbox"]
                    out.append((BBox(x0=x0 / w, y0=y0 / h, x1=x1 / w, y1=y1 / h), span.get("font", ""), len(text)))
    return out


def font_anomalies(path: Path, page_numbers: list[int], fields: dict[str, FieldValue]) -> list[dict[str, str]]:
    """Fields whose text-layer font is used nowhere else in the document.

    A value typed over the original in an editor usually comes in the editor's default font.
    """
    try:
        with MUPDF_LOCK, pymupdf.open(path) as doc:
            spans = {n: _spans(doc[n - 1]) for n in page_numbers if 0 < n <= doc.page_count}
    except Exception:  # noqa: BLE001 - unreadable here means no font facts, not a crash
        return []
    usage: Counter[str] = Counter()
    for page_spans in spans.values():
        for _, font, count in page_spans:
            usage[font] += count
    out: list[dict[str, str]] = []
    for name, fv in fields.items():
        if fv.bbox is None or fv.source != "pdf_text" or fv.page not in spans or isinstance(fv.value, list):
            continue
        own: Counter[str] = Counter()
        for box, font, count in spans[fv.page]:
            if _overlaps(box, fv.bbox):
                own[font] += count
        for font, count in own.items():
            if usage[font] <= count:
                out.append({"field": name, "font": font})
    return out
