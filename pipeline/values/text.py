"""Text normalisation shared by extractors and validators (OCR and text-layer noise)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# Middle dots seen in minority names: keep them all as U+00B7 so 阿依古丽·买买提 compares equal.
_DOTS = "\u00b7\u2022\u2027\u30fb\uff65\u0387\u16eb\u2219"
_SPACE = re.compile(r"\s+")


def nfkc(text: str) -> str:
    """NFKC (full-width -> half-width, （） -> ()), unify middle dots, strip spaces.

    PP-OCR models return ASCII brackets for full-width ones and put spaces between Chinese and
    digits (OCR.md), so every comparison starts here.
    """
    t = unicodedata.normalize("NFKC", text or "")
    for d in _DOTS:
        t = t.replace(d, "·")
    return _SPACE.sub("", t)


def normalize_name(name: str | None) -> str:
    """A person's name for comparison: NFKC, no spaces, unified middle dot."""
    return nfkc(name or "")


def normalize_unit(unit: str | None) -> str:
    """A unit name for comparison: NFKC, no spaces or brackets' width differences."""
    return nfkc(unit or "")


# a speck read beside 年 or 月 (出生1999年7月.6日 on a photocopy) does not break a date
_DATE = re.compile(r"(\d{4})\s*(?:[.·,、]?年[.·,、]?|[.\-/])\s*(\d{1,2})\s*(?:[.·,、]?月[.·,、]?|[.\-/])\s*(\d{1,2})\s*日?")
_DATE8 = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_MONTH = re.compile(r"(\d{4})\s*[年.\-/]?\s*(\d{1,2})\s*月?")
# a month written month first (09/2023: a bilingual print's MM/YYYY), never part of a longer date
_MONTH_FIRST = re.compile(r"(?<![\d/.])(1[0-2]|0?[1-9])\s*/\s*((?:19|20)\d{2})(?![\d/])")


def year_first(text: str) -> str:
    """`text` with each month written month first (09/2023) written year first (2023-09), for the
    readers that take months year first."""
    return _MONTH_FIRST.sub(r"\2-\1", text)
_DAY_CUT = re.compile(r"年\s*\d{1,2}\s*月\s*\d{1,2}$")


def day_cut(text: str | None) -> bool:
    """Whether a date written with 年 and 月 ends at its day without the 日 the style prints: the
    recogniser may have read the 日 as a figure (2日 as 29) or lost a figure with it (30日 under a
    seal as 3), so the day is not known for sure."""
    return _DAY_CUT.search(nfkc(text or "")) is not None


def parse_date(text: str | None) -> date | None:
    """Parse 2024年8月15日, 2024.08.15, 2024-08-15, 2024/8/15 or 20240815 into a date."""
    if not text:
        return None
    t = nfkc(text)
    m = _DATE.search(t) or _DATE8.search(t)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_month(text: str | None) -> str | None:
    """Parse 202403, 2024-03, 2024年3月, 2024.03 into 'YYYY-MM'; a cell that is only 03/2024 (the month
    first, as a bilingual print writes it) too."""
    if not text:
        return None
    t = nfkc(text)
    if _MONTH_FIRST.fullmatch(t.strip()):
        t = year_first(t.strip())
    m = re.fullmatch(r"(\d{4})(\d{2})", t) or _MONTH.search(t)
    if not m:
        return None
    y, mo = int(m.group(1)), int(m.group(2))
    if not (1 <= mo <= 12 and 1900 <= y <= 2200):
        return None
    return f"{y:04d}-{mo:02d}"


def month_index(month: str) -> int:
    """'YYYY-MM' -> a running month number, for month arithmetic."""
    y, m = month.split("-")
    return int(y) * 12 + int(m) - 1


def month_from_index(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def add_months(month: str, delta: int) -> str:
    return month_from_index(month_index(month) + delta)


# Chinese numerals: certificates and issued letters print dates as 二〇一九年十二月三十日 (二0一九 too).
CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int | None:
    """一 .. 三十一 -> 1 .. 31."""
    if not text:
        return None
    if "十" in text:
        tens, _, units = text.partition("十")
        value = (CN_DIGIT.get(tens, 0) if tens else 1) * 10 + (CN_DIGIT.get(units, 0) if units else 0)
        return value
    return CN_DIGIT.get(text) if len(text) == 1 else None


def parse_cn_date(text: str) -> str | None:
    """二〇一九年十二月三十日 -> 2019-12-30; 二〇一九年十二月 -> 2019-12 (no day printed)."""
    m = re.search(r"([〇○零O0一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月(?:([一二三四五六七八九十]{1,3})日?)?", nfkc(text))
    if not m:
        return None
    year = int("".join(str(CN_DIGIT[c]) for c in m.group(1)))
    month = cn_number(m.group(2))
    day = cn_number(m.group(3) or "")
    if month is None or not 1 <= month <= 12:
        return None
    if m.group(3) is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day or 0).isoformat()
    except ValueError:
        return None
