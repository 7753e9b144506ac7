"""Value readers shared by several document types: ID numbers, dates, names, unit names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from extractors.base import FieldReader, Hit, field_from_hit
from pipeline.idnumber import is_valid_id_number
from pipeline.model import FieldValue
from pipeline.text import nfkc, parse_date

# A printed date: 2024年08月15日, 2024.08.15, 2024-8-15 (after NFKC, spaces removed).
DATE = r"\d{4}[年.\-/]\d{1,2}[月.\-/]\d{1,2}日?"
_LOOSE_DATE = r"\d{4}\D{0,2}\d{1,2}\D{0,2}\d{1,2}日?"
# Certificates print dates in Chinese numerals: 二〇一九年十二月三十日 (二0一九 too), sometimes without the day.
CN_DATE = r"[〇○零O0一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?"
_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ANY_DATE = re.compile(rf"{DATE}|{CN_DATE}")

_ID_RUN = re.compile(r"[0-9ODQIL|ZSBX]{15,}")
_ID_SHAPE = re.compile(r"\d{17}[\dX]")
# Characters OCR returns for a digit of an ID number: O for 0, l for 1, S for 5, B for 8. Taken as
# digits only inside a run that is otherwise an ID number, and only when the result validates.
_OCR_DIGITS = str.maketrans({"O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "|": "1", "Z": "2", "S": "5", "B": "8"})
_TRAILING_JUNK = re.compile(r"[|丨:：,，;；]+$")
# Specks OCR reads between a label and its value (姓名.黄涛, 签发机关·昆明市公安局…): no value starts
# with one (the middle dot of 阿依古丽·买买提 sits inside the name).
_LEADING_JUNK = re.compile(r"^[.,，。·•、:：;；|丨_'\"`]+")


def id_number_valid(number: str | None) -> bool:
    """An 18-character number of GB 11643 structure: province code, a real birth date, check digit
    (an area code is not held against it: pipeline/idnumber.py)."""
    return is_valid_id_number(number)


def id_candidates(text: str) -> tuple[list[str], list[str]]:
    """The 18-character ID-number shapes inside `text`: (as printed, with OCR look-alikes taken as
    digits). OCR merges neighbouring cells ("53010219900307123X202403"), so every 18-character
    window of a run is a candidate."""
    t = nfkc(text).upper().replace("×", "X")
    printed: list[str] = []
    mapped: list[str] = []
    for m in _ID_RUN.finditer(t):
        run = m.group(0)
        for i in range(0, max(1, len(run) - 17)):
            window = run[i : i + 18]
            if len(window) != 18:
                continue
            if _ID_SHAPE.fullmatch(window):
                printed.append(window)
                continue
            digits = window[:17].translate(_OCR_DIGITS) + (window[17] if window[17] == "X" else window[17].translate(_OCR_DIGITS))
            if _ID_SHAPE.fullmatch(digits) and digits not in mapped:
                mapped.append(digits)
    return printed, mapped


def best_id_number(text: str) -> tuple[str | None, bool]:
    """The most plausible 18-character ID number inside `text`, and whether it validates.

    A candidate that passes GB 11643 (province code, birth date, check digit) wins, the number as
    printed before a reading with look-alikes (O -> 0): the check digit chooses between OCR's
    readings. Else the first number as printed, valid or not: a clearly printed wrong number is kept
    as read, so that ID_NUMBER_INVALID can report it.
    """
    printed, mapped = id_candidates(text)
    for cand in printed + mapped:
        if id_number_valid(cand):
            return cand, True
    return (printed[0], False) if printed else (None, False)


def read_id_number(reader: FieldReader, labels: list[str], anywhere: bool = False) -> FieldValue:
    """The ID number next to its own label (the rest of the label's line, the cell to its right or
    the line below): never another label's number (a 学信网 page without 证件号码 has an 18-digit
    证书编号, which is no ID number).

    `anywhere`: on a document whose only long number is the ID number (the card itself), a number
    that validates (GB 11643) is also taken without its label, when OCR lost or cut the label.
    """
    hit = reader.after_label(labels, pattern=r"([0-9Xx×ODQILlZSB|]{15,})")
    if hit is not None:
        value, _valid = best_id_number(hit.text)
        if value is not None:
            # An invalid number is kept as read: ID_NUMBER_INVALID reports it; its confidence stays
            # the reading's, so a clearly printed wrong number is not also called unreadable.
            return field_from_hit(hit, value)
    if anywhere:
        for item in reader.lines:
            value, valid = best_id_number(item[2])
            if value is not None and valid:
                m = re.search("|".join(re.escape(c) for c in (value, value.lower())), item[2])
                span = m.span() if m else (0, len(item[2]))
                return field_from_hit(reader.hit(item, *span), value)
    return FieldValue()


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
    return _LEADING_JUNK.sub("", _TRAILING_JUNK.sub("", nfkc(text)))


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
