"""Value readers shared by several document types: ID numbers, dates, names, unit names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from stdnum.cn import ric

from extractors.base import FieldReader, Hit, field_from_hit
from pipeline.model import FieldValue
from pipeline.text import nfkc, parse_date

# A printed date: 2024年08月15日, 2024.08.15, 2024-8-15 (after NFKC, spaces removed).
DATE = r"\d{4}[年.\-/]\d{1,2}[月.\-/]\d{1,2}日?"
_LOOSE_DATE = r"\d{4}\D{0,2}\d{1,2}\D{0,2}\d{1,2}日?"
# Certificates print dates in Chinese numerals: 二〇一九年十二月三十日 (二0一九 too), sometimes without the day.
CN_DATE = r"[〇○零O0一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?"
_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ANY_DATE = re.compile(rf"{DATE}|{CN_DATE}")

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


def _cn_number(text: str) -> int | None:
    """一 .. 三十一 -> 1 .. 31."""
    if not text:
        return None
    if "十" in text:
        tens, _, units = text.partition("十")
        value = (_CN_DIGIT.get(tens, 0) if tens else 1) * 10 + (_CN_DIGIT.get(units, 0) if units else 0)
        return value
    return _CN_DIGIT.get(text) if len(text) == 1 else None


def parse_cn_date(text: str) -> str | None:
    """二〇一九年十二月三十日 -> 2019-12-30; 二〇一九年十二月 -> 2019-12 (no day printed)."""
    m = re.search(r"([〇○零O0一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月(?:([一二三四五六七八九十]{1,3})日)?", nfkc(text))
    if not m:
        return None
    year = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
    month = _cn_number(m.group(2))
    day = _cn_number(m.group(3) or "")
    if month is None or not 1 <= month <= 12:
        return None
    if m.group(3) is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day or 0).isoformat()
    except ValueError:
        return None


def date_value(text: str | None) -> str | None:
    """A printed date (Arabic or Chinese numerals) as YYYY-MM-DD, or None."""
    if not text:
        return None
    parsed = parse_date(text)
    return parsed.isoformat() if parsed else parse_cn_date(text)


def find_dates(text: str) -> list[str]:
    """Every date in `text`, in order, normalised (unparseable ones left out)."""
    return [v for v in (date_value(m.group(0)) for m in ANY_DATE.finditer(nfkc(text))) if v]


def dates_on(reader: FieldReader, items: Iterable[tuple[int, Any, str]] | None = None) -> list[tuple[Hit, str]]:
    """(hit, normalised date) of every date on the reader's lines (or the given ones), in order."""
    out = []
    for item in reader.lines if items is None else items:
        for m in ANY_DATE.finditer(item[2]):
            value = date_value(m.group(0))
            if value:
                out.append((reader.hit(item, m.start(), m.end()), value))
    return out


def read_date(reader: FieldReader, labels: list[str], stop_labels: list[str] | None = None, at_start: bool = False) -> FieldValue:
    hit = reader.after_label(labels, pattern=rf"({_LOOSE_DATE}|{CN_DATE})", stop_labels=stop_labels, at_start=at_start)
    if hit is None:
        return FieldValue()
    return field_from_hit(hit, date_value(hit.text))


def tiers(spec: Any) -> list[list[str]]:
    """Labels from a labels file: a list, or a list of lists tried in order (most specific first)."""
    if spec and all(isinstance(item, list) for item in spec):
        return spec
    return [list(spec or [])]


def first_hit(reader: FieldReader, spec: Any, **kwargs: Any) -> Hit | None:
    """`after_label` over each tier of labels in turn."""
    for labels in tiers(spec):
        hit = reader.after_label(labels, **kwargs)
        if hit is not None:
            return hit
    return None


def form_labels(cfg: dict[str, Any]) -> list[str]:
    """Every label a labels file names (fields, sections and the other printed labels)."""
    out: list[str] = []

    def walk(item: Any) -> None:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, list):
            for x in item:
                walk(x)
        elif isinstance(item, dict):
            for x in item.values():
                walk(x)

    for key in ("labels", "sections", "form_labels"):
        walk(cfg.get(key))
    return out


def reader_for(pages: Iterable[Any], cfg: dict[str, Any]) -> FieldReader:
    """A FieldReader that knows every label of the form described by `cfg`."""
    return FieldReader(list(pages), form_labels(cfg))


def read_pattern(
    reader: FieldReader, spec: Any, pattern: str, stop_labels: list[str] | None = None, upper: bool = False, at_start: bool = False
) -> FieldValue:
    """The first match of `pattern` after one of the labels (group 1 if it has one)."""
    hit = first_hit(reader, spec, pattern=pattern, stop_labels=stop_labels, at_start=at_start)
    if hit is None:
        return FieldValue()
    value = clean_value(hit.text)
    return field_from_hit(hit, (value.upper() if upper else value) or None)


def clean_value(text: str) -> str:
    return _TRAILING_JUNK.sub("", nfkc(text))


def read_text(reader: FieldReader, labels: Any, stop_labels: list[str] | None = None, at_start: bool = False) -> FieldValue:
    hit = first_hit(reader, labels, stop_labels=stop_labels, at_start=at_start)
    return field_from_hit(hit, clean_value(hit.text) or None) if hit else FieldValue()


def text_of(hit: Hit | None) -> str:
    return hit.text if hit else ""


def read_fields(reader: FieldReader, cfg: dict[str, Any], names: Iterable[str]) -> dict[str, FieldValue]:
    """Read fields the way the labels file says: `labels` (a list or tiers of lists), `kinds`
    (text, date, id_number, code), `patterns` (a regex the value must match) and `at_start`
    (fields whose label must open its line, where the label is also a word of running text)."""
    kinds = cfg.get("kinds", {})
    starts = set(cfg.get("at_start", []))
    patterns = cfg.get("patterns", {})
    stops = cfg.get("stop_labels")
    out: dict[str, FieldValue] = {}
    for name in names:
        spec = cfg["labels"][name]
        kind = kinds.get(name, "text")
        at_start = name in starts
        if kind == "date":
            value = FieldValue()
            for labels in tiers(spec):
                value = read_date(reader, labels, stops, at_start)
                if value.value is not None:
                    break
        elif kind == "id_number":
            value = read_id_number(reader, [x for t in tiers(spec) for x in t])
        elif name in patterns:
            value = read_pattern(reader, spec, patterns[name], stops, upper=kind == "code", at_start=at_start)
        else:
            value = read_text(reader, spec, stops, at_start)
        out[name] = value
    return out
