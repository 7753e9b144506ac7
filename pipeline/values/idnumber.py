"""Resident ID numbers (公民身份号码, GB 11643-1999): structure, check digit, birth date, area code.

A number keeps the area code of the county where it was first issued, and counties are renamed,
merged and recoded: a person born in 呈贡 in 1985 holds 530114…, a code the county got in 2011.
python-stdnum's `cn.ric` rejects such numbers because it also asks that the code was in use on
the birth date. The law asks no such thing, so here a code that was ever in use is valid. Only a
wrong check digit, an impossible birth date or a province code that never existed make a number
certainly invalid; a county code missing from the code table (taken from stdnum's `cn/loc`, a copy
of the GB/T 2260 history) may be a gap in the table, so it is reported as unknown, not invalid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from stdnum.cn import ric

Problem = Literal["length", "format", "checksum", "birth_date", "province"]

# The fields that hold a full ID number (the holder's, a contract's employee's): masked wherever a
# person reads them, never shingled nor logged. The one list: rules, reports and fingerprints use it
# (the one pattern of an ID number in text is pipeline/model.py's `ID_LIKE`).
ID_FIELDS: tuple[str, ...] = ("id_number", "employee_id_number")

# Province-level codes (GB/T 2260) besides those of the table: 台湾 71, 香港 81, 澳门 82 and 83
# (港澳台居民居住证 numbers share the structure).
_EXTRA_PROVINCES = frozenset({"71", "81", "82", "83"})
EARLIEST_BIRTH_YEAR = 1900


@lru_cache(maxsize=1)
def _table():  # noqa: ANN202 - stdnum's numdb object
    from stdnum import numdb

    return numdb.get("cn/loc")


_DIVISION_YEARS = re.compile(r"^\[[^\]]*\]")


@lru_cache(maxsize=1)
def division_names() -> frozenset[str]:
    """Every name the code table gives a province, prefecture or county, past ones included
    (昆明市, 五华区, 楚雄彝族自治州, 崇文区), without the years of use; the table's stand-ins for a
    group of codes (市辖区, 县) left out."""
    out: set[str] = set()

    def walk(entries: list) -> None:  # noqa: ANN001 - stdnum's numdb tuples
        for _length, _low, _high, props, children in entries:
            for value in props.values():
                for part in str(value).split(","):
                    name = _DIVISION_YEARS.sub("", part.strip())
                    if len(name) >= 2 and name not in ("市辖区", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                        out.add(name)
            walk(children)

    walk(_table().prefixes)
    return frozenset(out)


@lru_cache(maxsize=4096)
def _area(code6: str) -> tuple[bool, bool]:
    """(province known, county code ever in use) for the first six digits."""
    info = {k: v for _part, props in _table().info(code6) for k, v in props.items()}
    province = "province" in info or code6[:2] in _EXTRA_PROVINCES
    return province, "county" in info


@dataclass(frozen=True)
class IdCheck:
    """What GB 11643 says of one number: `problem` makes it certainly invalid; an unknown area
    code only means the code table does not list it."""

    number: str
    problem: Problem | None
    area_known: bool = False

    @property
    def valid(self) -> bool:
        return self.problem is None

    @property
    def birth_date(self) -> date | None:
        return birth_date(self.number) if self.problem not in ("length", "format", "birth_date") else None


def birth_date(number: str) -> date | None:
    """The birth date in digits 7–14, or None when they are no real date (or before 1900)."""
    if len(number) != 18 or not number[6:14].isdigit():
        return None
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    return born if born.year >= EARLIEST_BIRTH_YEAR else None


def check_id_number(number: str | None) -> IdCheck:
    """Judge an 18-character number (upper-case, no spaces) by GB 11643.

    Args:
        number: the number as read or declared.

    Returns:
        An IdCheck: `problem` names the first rule it breaks (length, format, checksum,
        birth_date, province), None when it breaks none; `area_known` whether the six-digit area
        code was ever in use according to the table.
    """
    n = (number or "").strip().upper()
    if len(n) != 18:
        return IdCheck(n, "length")
    if not n[:17].isdigit() or not (n[17].isdigit() or n[17] == "X"):
        return IdCheck(n, "format")
    if ric.calc_check_digit(n) != n[17]:
        return IdCheck(n, "checksum")
    if birth_date(n) is None:
        return IdCheck(n, "birth_date")
    province, county = _area(n[:6])
    if not province:
        return IdCheck(n, "province")
    return IdCheck(n, None, area_known=county)


def is_valid_id_number(number: str | None) -> bool:
    """Whether the number breaks none of GB 11643's rules (an area code unknown to the table is
    not held against it)."""
    return check_id_number(number).valid
