"""The 失信/黑名单 list (`--blacklist FILE`): people who may not apply while their record runs.

001 §六(一) (and 003 §一(一)1, 云人社发〔2020〕57号): 弄虚作假 is recorded in the 职称评审诚信档案库 for 3
years, during which the person may not apply; 004 §五(五) puts them on the 职称评审“黑名单”. The
bureau or the unit keeps that list; preaudit takes it as a csv (UTF-8 with or without BOM, or GBK)
or xlsx with a header row: 身份证号 (required; also 身份证号码, 公民身份号码, 证件号码) and optionally
姓名, 原因 and 期限 (the day the record ends: a date, or a range 2023-01-01至2026-01-01 whose last
date is taken; 长期/永久 or empty: in force).

It is read once, by the Auditor (the one place that builds resources), within blacklist.max_bytes
and blacklist.max_rows (pipeline/intake/limits.yaml), never through a link; an xlsx is bounded by its
parts' expanded size before openpyxl opens it. A file that cannot be read whole (over a bound, no
身份证号 column, an unknown encoding, a broken xlsx) raises InputError: a list read in part would
clear people it names. A row whose number has no ID number's shape is left out and said so in
`problems`. Numbers are kept only as their hashes (pipeline/integrity/fingerprints.py `id_hash`, as
the fingerprint index keeps them): the rules see the entry that names the applicant, never the list.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from preaudit.pipeline.errors import InputError
from preaudit.pipeline.integrity.fingerprints import id_hash
from preaudit.pipeline.intake.limits import limits, mib
from preaudit.pipeline.intake.walk import open_regular, read_text_bounded
from preaudit.pipeline.model import ID_LIKE
from preaudit.pipeline.values.text import nfkc, parse_date

HEADERS = {
    "身份证号": "id_number", "身份证号码": "id_number", "公民身份号码": "id_number", "证件号码": "id_number",
    "身份证件号码": "id_number",
    "姓名": "name",
    "原因": "reason", "失信原因": "reason", "事由": "reason", "失信行为": "reason",
    "期限": "until", "记录期限": "until", "有效期至": "until", "截止日期": "until", "期限至": "until",
}
IN_FORCE_WORDS = ("长期", "永久", "无期限")
_DATE = re.compile(r"\d{4}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?")


@dataclass(frozen=True)
class ListedPerson:
    """One row of the list: its line in the file, the number's hash, and what the row says."""

    line: int
    id_hash: str
    name: str = ""
    reason: str = ""
    until: date | None = None  # the day the record ends; None: in force, or `until_raw` unreadable
    until_raw: str = ""

    def to_json(self, file: str) -> dict[str, Any]:
        return {"list_file": file, "line": self.line, "listed_name": self.name, "reason": self.reason,
                "until": self.until.isoformat() if self.until else None, "until_raw": self.until_raw}


@dataclass(frozen=True)
class Blacklist:
    """The list as read: its file name and content hash, entries by number hash, rows left out."""

    file: str
    sha256: str
    entries: dict[str, tuple[ListedPerson, ...]] = field(default_factory=dict)
    rows: int = 0
    problems: tuple[str, ...] = ()

    def lookup(self, id_number: str | None) -> list[ListedPerson]:
        """The rows that name this ID number (normalised: full width, lower-case x)."""
        if not id_number:
            return []
        return list(self.entries.get(id_hash(nfkc(id_number).upper()), ()))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfkc(str(value)).strip()


def _until(text: str) -> date | None:
    """The last date of the cell (a range's end), or None."""
    found = [parse_date(m.group(0)) for m in _DATE.finditer(text)]
    found = [d for d in found if d is not None]
    return found[-1] if found else None


def _rows(path: Path) -> list[list[str]]:
    bound = limits()
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        with open_regular(path):  # never through a link, only a regular file
            pass
        try:
            with zipfile.ZipFile(path) as zf:
                size = sum(i.file_size for i in zf.infolist())
        except zipfile.BadZipFile as exc:
            raise InputError(f"{path.name} 不是有效的 xlsx 文件") from exc
        if size > bound.blacklist_max_bytes:
            raise InputError(f"{path.name} 解压后过大（{mib(size)}，上限 {mib(bound.blacklist_max_bytes)}）")
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken workbook
            raise InputError(f"{path.name} 无法读取：{type(exc).__name__}") from exc
        try:
            rows = []
            for row in wb.worksheets[0].iter_rows(values_only=True, max_col=len(HEADERS) + 8):
                rows.append([_cell(c) for c in row])
                if len(rows) > bound.blacklist_max_rows + 1:
                    raise InputError(f"{path.name} 行数超过上限（{bound.blacklist_max_rows}）")
        finally:
            wb.close()
        return rows
    if path.suffix.lower() != ".csv":
        raise InputError(f"{path.name} 不是 csv 或 xlsx 文件")
    text = read_text_bounded(path, bound.blacklist_max_bytes, mib(bound.blacklist_max_bytes))
    rows = []
    try:
        for row in csv.reader(io.StringIO(text), strict=True):  # an unclosed quote would swallow rows
            rows.append([_cell(c) for c in row])
            if len(rows) > bound.blacklist_max_rows + 1:
                raise InputError(f"{path.name} 行数超过上限（{bound.blacklist_max_rows}）")
    except csv.Error as exc:
        raise InputError(f"{path.name} 第 {len(rows) + 1} 行无法解析：{exc}") from exc
    return rows


def read_blacklist(path: Path) -> Blacklist:
    """The list in `path` (see the module docstring).

    Raises:
        InputError: the file cannot be read whole (missing, a link, over a bound, no 身份证号 column,
            an unknown encoding, a broken workbook).
    """
    path = Path(path)
    try:
        with open_regular(path) as fh:
            sha = hashlib.sha256(fh.read(limits().blacklist_max_bytes + 1)).hexdigest()
        rows = _rows(path)
    except OSError as exc:
        raise InputError(f"失信名单文件无法读取：{path.name}（{exc.strerror or type(exc).__name__}）") from exc
    rows = [r for r in rows if any(r)]
    if not rows:
        raise InputError(f"{path.name} 没有内容")
    header = [HEADERS.get(re.sub(r"\s+", "", h)) for h in rows[0]]
    if "id_number" not in header:
        raise InputError(f"{path.name} 缺少“身份证号”列（第一行须为表头）")
    entries: dict[str, list[ListedPerson]] = {}
    problems: list[str] = []
    for line, row in enumerate(rows[1:], start=2):
        cells = {key: row[i] for i, key in enumerate(header) if key and i < len(row) and key not in ()}
        number = re.sub(r"\s+", "", cells.get("id_number", "")).upper()
        if not ID_LIKE.fullmatch(number):
            problems.append(f"第 {line} 行身份证号格式不符，未读入")
            continue
        raw_until = cells.get("until", "")
        until = None if any(w in raw_until for w in IN_FORCE_WORDS) else _until(raw_until)
        person = ListedPerson(line, id_hash(number), cells.get("name", ""), cells.get("reason", ""), until, raw_until)
        entries.setdefault(person.id_hash, []).append(person)
    return Blacklist(path.name, sha, {k: tuple(v) for k, v in entries.items()}, len(rows) - 1, tuple(problems))
