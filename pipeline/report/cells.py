"""Text that goes into a spreadsheet, a CSV file or a terminal, made inert.

Folder names, file names and manifest cells are chosen by applicants. In a spreadsheet a text
starting with `=`, `+`, `-` or `@` is a live formula (`=cmd|' /C calc'!A0` runs a program through
DDE), in a terminal a control character moves the cursor or rewrites the screen. So:

- summary.xlsx: every text cell is written with the string data type (openpyxl would otherwise
  take `=…` for a formula) and control characters Excel refuses are replaced (`xlsx_text`);
- summary.csv: the OWASP CSV-injection rule (`csv_cell`): a cell starting with `=`, `+`, `-`, `@`,
  a tab or a carriage return gets a leading apostrophe, and the writer quotes every cell;
- the console: control characters are shown as `?` (`console_text`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE: characters an xlsx cannot hold
_XLSX_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def is_formula_like(text: str) -> bool:
    """A text a spreadsheet would evaluate (or a DDE payload) if it were not marked as text."""
    return text.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """One CSV cell under the OWASP rule: numbers as they are, text with a leading `'` when it
    starts like a formula. None becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def xlsx_text(value: Any) -> str:
    """Text an xlsx cell can hold (characters Excel refuses replaced by U+FFFD)."""
    return _XLSX_ILLEGAL.sub("\ufffd", "" if value is None else str(value))


def console_text(value: Any) -> str:
    """Text safe to print on a terminal: control characters (C0, C1, DEL) shown as `?`."""
    return "".join("?" if unicodedata.category(c) == "Cc" and c not in "\t" else c for c in str(value)).replace("\t", " ")


def display_width(text: str) -> int:
    """Columns a string takes on a terminal or in a spreadsheet: wide (CJK, full-width)
    characters count 2, combining marks 0."""
    width = 0
    for c in text:
        if unicodedata.combining(c):
            continue
        width += 2 if unicodedata.east_asian_width(c) in "WF" else 1
    return width


def pad(text: str, width: int) -> str:
    """`text` left-aligned in `width` display columns (never cut)."""
    return text + " " * max(0, width - display_width(text))
