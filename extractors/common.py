"""Value readers shared by several document types: ID numbers, dates, names, unit names."""

from __future__ import annotations

import re

from stdnum.cn import ric

from extractors.base import FieldReader, Hit, field_from_hit
from pipeline.model import FieldValue
from pipeline.text import nfkc, parse_date

_ID_RUN = re.compile(r"\d{17,}[0-9Xx]?|\d{15}")
_TRAILING_JUNK = re.compile(r"[|丨:：,，;；]+$")


def best_id_number(text: str) -> tuple[str | None, bool]:
    """The most plausible 18-character ID number inside `text`, and whether it validates.

    OCR merges neighbouring cells ("53010219900307123X202403"), so every 18-character window of a
    digit run is a candidate; one that passes GB 11643 (check digit and birth date) wins.
    """
    t = nfkc(text).upper().replace("×", "X")
    candidates: list[str] = []
    for m in _ID_RUN.finditer(t):
        run = m.group(0)
        for i in range(0, max(1, len(run) - 17)):
            cand = run[i : i + 18]
            if len(cand) == 18 and re.fullmatch(r"\d{17}[\dX]", cand):
                candidates.append(cand)
    for cand in candidates:
        if ric.is_valid(cand):
            return cand, True
    return (candidates[0], False) if candidates else (None, False)


def read_id_number(reader: FieldReader, labels: list[str]) -> FieldValue:
    """The ID number after its label, else any ID-shaped run on the document."""
    hit = reader.after_label(labels, pattern=r"(\d{6,}[0-9Xx]?)")
    if hit is None:
        hit = reader.search(r"(\d{17}[0-9Xx])")
    if hit is None:
        return FieldValue()
    # An invalid number is kept as read: ID_NUMBER_INVALID reports it; its confidence stays the
    # reading's, so a clearly printed wrong number is not also called unreadable.
    value, _valid = best_id_number(hit.text)
    return field_from_hit(hit, value)


def read_date(reader: FieldReader, labels: list[str]) -> FieldValue:
    hit = reader.after_label(labels, pattern=r"(\d{4}\D{0,2}\d{1,2}\D{0,2}\d{1,2}日?)")
    if hit is None:
        return FieldValue()
    parsed = parse_date(hit.text)
    return field_from_hit(hit, parsed.isoformat() if parsed else None)


def clean_value(text: str) -> str:
    return _TRAILING_JUNK.sub("", nfkc(text))


def read_text(reader: FieldReader, labels: list[str], stop_labels: list[str] | None = None) -> FieldValue:
    hit = reader.after_label(labels, stop_labels=stop_labels)
    return field_from_hit(hit, clean_value(hit.text) or None) if hit else FieldValue()


def text_of(hit: Hit | None) -> str:
    return hit.text if hit else ""
