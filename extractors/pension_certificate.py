"""养老保险个人参保证明 / 参保缴费证明 / 个人权益记录: holder, ID number, region, print date and
the payment table.

The table is read by geometry and by meaning, never by a table model (PaddleOCR's drop bordered
rows, OCR.md), on every layout the 12333 platforms and the provincial systems print:

- one row a month (缴费年月 | 单位名称 | 缴费基数 | 统筹区 | 到账情况, in any order, with extra
  columns such as 序号, 险种类型, 单位缴纳, 个人缴纳 that no rule reads);
- one row a period (起始年月 | 截止年月 | 缴费月数 | … | 缴费状态, or one 起止年月 cell): the
  period is expanded into its months;
- one row a year (年度 | 缴费单位 | 统筹区 | 1月 … 12月): each month's cell holds its base, a
  mark for an unpaid month (欠), or nothing.

Columns. The header row is found by its labels (labels/pension_certificate.yaml `table`: any
order, fuzzy, labels wrapped over two lines joined). Header cells that name no column are
kept, so that their cells are not taken for a neighbour's, and are given a role by their
cells' contents where the header's label was garbled (a column of months, of amounts, of status
words, of unit names, of region names). Without a header (a continuation page of a scan, a
header OCR lost or merged into one line) the columns are inferred from the cells alone: the
column of months anchors the rows, and the other columns are told apart by what they hold.

Rows. Every month (year, period start) in the anchor column opens a row; the lines of its
visual row belong to it, and a line between rows (a cell wrapped over two lines) joins the row
nearest to it when it lies in a text column. Each line goes to the column it overlaps most; a
line that covers several columns (OCR merged cells) is split by patterns in the columns' order.

Confidence. The `months` FieldValue is one value whose confidence the insurance rules rest on:
it is the lowest confidence of the cells those rules use: month and status of the newest 12
months (`confidence_months`: the print-date rule, the streak, seniority's paid months), employer
and region of the newest 7 (`confidence_place_months`: the unit and region rules); never the
base, the 序号 or a column no rule reads. It is lowered where a value was inferred (a month taken
from its neighbours, a status the print does not state, one read from a cell holding more than
the word, a period whose month count disagrees with its span) and falls below the policy's
FIELD_UNREADABLE minimum where a status could not be read or a row's month is lost among the
newest months: such a month is never silently paid.

The personal block (name, ID number, 参保单位, 参保地, 打印日期) is read by the shared reader, each
value checked for its shape (a name, a unit, a region, a real date); a unit or region the block
does not print is taken from the newest paid month, a little less surely; a print date before
the table's newest month is kept less surely (a digit misread under the seal).
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import Hamming, Levenshtein

from preaudit.extractors.base import FieldReader, field_from_hit, load_labels, register
from preaudit.extractors.common import read_date, read_id_number, read_text
from preaudit.extractors.xuexin_record import candidates as label_candidates
from preaudit.extractors.xuexin_record import date_of
from preaudit.pipeline.model import BBox, DocType, FieldValue, Page, TextLine
from preaudit.pipeline.values.shapes import is_blank, is_han, person_name_problem, unit_name_problem
from preaudit.pipeline.values.text import month_from_index, month_index, nfkc

LABELS = load_labels("pension_certificate")
TABLE: dict[str, list[str]] = LABELS["table"]
INFERRED: dict[str, float] = LABELS["inferred_confidence"]

_DASHES = "\\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d~～_一"  # OCR and PDFs write every dash there is
_YM = r"((?:19|20)\d{2})\s*(?:[./年" + _DASHES + r"]\s*(1[0-2]|0?[1-9])(?!\d)|(0[1-9]|1[0-2])(?!\d))\s*月?份?"
_MONTH_START = re.compile("^" + _YM)
_MONTH_SEARCH = re.compile(_YM)
_RANGE = re.compile(_YM + r"\s*(?:至|到|止|[" + _DASHES + r"])\s*" + _YM)
_YEAR = re.compile(r"^((?:19|20)\d{2})(?:年度?)?$")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{1,2}|\d{3,7}")
_MONEY = re.compile(r"^[¥￥]?(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)元?$")
_INT = re.compile(r"^\d{1,3}$")
_SEQ = re.compile(r"\d{1,3}")  # a row number (序号)
_SEQ_PREFIX = re.compile(r"^(?:\d{1,3}|\S)\s*[|]?\s+(?=(?:19|20)\d{2})")
_REGION = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:市本级|省本级|本级|自治州|地区|盟|市|州|县|区|旗)")
_PROVINCE_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:省|自治区)(?=[\u4e00-\u9fff]{2,}(?:市|州|地区|盟))")
_MONTH_OF_YEAR = re.compile(r"^(1[0-2]|0?[1-9])月份?$")
_CN_MONTHS = {c: i for i, c in enumerate(["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"], start=1)}
# the end of an employer's name, where a region run into it (OCR merged the cells) begins
_EMPLOYER_END = re.compile(r"(?:公司|厂|院|所|中心|局|站|店|社|会|部|学校|集团|馆|处|室|队|场|行|园)")
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1"})
_DEFAULT_ORDER = ["month", "employer", "base", "region", "status"]
_TEXT_ROLES = ("employer", "region")
_ANCHORS = ("month", "range", "start", "year")
_MOY = tuple(f"m{k}" for k in range(1, 13))  # month-of-year columns of a year grid
# the roles a row is read from (not 序号 nor columns no rule reads), and those the rules use
_READ_ROLES = frozenset({"month", "range", "start", "end", "count", "year", "employer", "base", "region", "status", *_MOY})
_RULE_ROLES = frozenset({"month", "range", "start", "end", "year", "employer", "region", "status", *_MOY})
# Every label printed on the certificate: a neighbour that is a label is no value, and a value
# ends where the next label stands (姓名：欧阳志远　公民身份号码：…).
_KNOWN = [label for key in ("name", "id_number", "employer", "region", "print_date") for label in LABELS[key]] + list(
    LABELS.get("form_labels", [])
)


@register(DocType.PENSION_CERTIFICATE)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = FieldReader(pages, _KNOWN)
    stops = LABELS["stop_labels"]
    table = read_table(pages)
    newest = table.newest_paid()
    return {
        "name": _checked_text(r, LABELS["name"], stops, person_name_problem),
        "id_number": _id_number(r),
        "region": _region_field(r, stops, newest),
        "employer": _employer_field(r, stops, newest),
        "print_date": _plausible_print_date(_foot_date(r, table, _print_date(r)), table),
        "months": table.field(),
    }


# ---------------------------------------------------------------- the personal block


def _checked_text(r: FieldReader, labels: list[str], stops: list[str], problem: Any) -> FieldValue:
    """The first label's value whose shape is plausible (a label or a title is refused), label by
    label in the order given; else the first value read."""
    first = read_text(r, labels, stops)
    if first.value is None or problem(first.value) is None:
        return first
    for label in labels:
        fv = read_text(r, [label], stops)
        if fv.value is not None and problem(fv.value) is None:
            return fv
    return first


def _id_number(r: FieldReader) -> FieldValue:
    fv = read_id_number(r, LABELS["id_number"])
    if fv.value is None:
        # the holder's number is the certificate's only 18-character number that validates
        fv = read_id_number(r, LABELS["id_number"], anywhere=True)
    return fv


def _print_date(r: FieldReader) -> FieldValue:
    """打印日期 / 打印时间 (with its clock) / 出具日期 …: a real date after its label."""
    fv = read_date(r, LABELS["print_date"])
    if fv.value is not None and len(str(fv.value)) == 10:
        return fv
    for text, hit in label_candidates(r, LABELS["print_date"], None):
        value = date_of(text)
        if value is not None:
            return field_from_hit(hit, value)
    # the label misread by a character (h具日期, 打印日朝): a line opening with it
    for item in r.lines:
        norm = item[2]
        for label in LABELS["print_date"]:
            if len(label) >= 4 and len(norm) > len(label) and Hamming.distance(norm[: len(label)], label) == 1:
                value = date_of(norm[len(label):])
                if value is not None:
                    return field_from_hit(r.hit(item, len(label), len(norm)), value, 0.95)
    return fv


def _foot_date(r: FieldReader, table: Table, fv: FieldValue) -> FieldValue:
    """The print date whose label OCR lost under the seal: a date standing alone on its line at
    the certificate's foot, below the table's last row (the issuer's date), read less surely."""
    if fv.value is not None or not table.rows():
        return fv
    last = max(table.rows(), key=lambda rec: (rec.page, max((ln.bbox.y1 for ln in rec.lines), default=0.0)))
    bottom = max((ln.bbox.y1 for ln in last.lines), default=0.0)
    found = None
    for item in r.lines:
        page_no, ln, norm = item
        if (page_no, ln.bbox.y0) <= (last.page, bottom) or len(norm) > 14:
            continue
        value = date_of(norm)
        if value is not None and re.fullmatch(r"[\d年月日.\-/]+", norm.translate(str.maketrans("", "", "\u2010\u2011"))):
            found = field_from_hit(r.hit(item, 0, len(norm)), value, INFERRED["month"])
    return found or fv


def _plausible_print_date(fv: FieldValue, table: Table) -> FieldValue:
    """A certificate is printed after the months it lists: a print date before the table's newest
    month was misread (a digit under the seal) or belongs to something else; kept, read less surely."""
    rows = table.rows()
    if fv.value is None or not rows or str(fv.value)[:7] >= (rows[-1].month or ""):
        return fv
    return fv.model_copy(update={"confidence": round(fv.confidence * INFERRED["month"], 4)})


def normalize_region(text: str | None) -> str | None:
    """A region as the rules compare it: the print's words, a province before a city dropped
    (云南省昆明市 -> 昆明市: the 统筹区 is the city)."""
    if text is None:
        return None
    t = nfkc(text).strip("|:：")
    if not t:
        return None
    return _PROVINCE_PREFIX.sub("", t)


def _region_field(r: FieldReader, stops: list[str], newest: dict[str, Any] | None) -> FieldValue:
    fv = read_text(r, LABELS["region"], stops)
    value = normalize_region(fv.value) if isinstance(fv.value, str) else None
    if value and _REGION.search(value):
        return fv.model_copy(update={"value": value})
    if newest and newest.get("region"):  # not printed in the personal block: the newest month's
        return FieldValue(value=newest["region"], confidence=round(newest["_conf"] * 0.95, 4), bbox=newest["_bbox"],
                          page=newest["_page"], source=newest["_source"])
    return fv.model_copy(update={"value": value}) if value else fv


def _employer_field(r: FieldReader, stops: list[str], newest: dict[str, Any] | None) -> FieldValue:
    fv = _checked_text(r, LABELS["employer"], stops, unit_name_problem)
    if fv.value is not None and unit_name_problem(fv.value) is None:
        return fv
    if newest and newest.get("employer") and unit_name_problem(newest["employer"]) is None:
        # the 参保单位 of the personal block not printed or not read: the newest paid month's employer
        return FieldValue(value=newest["employer"], confidence=round(newest["_conf"] * 0.95, 4), bbox=newest["_bbox"],
                          page=newest["_page"], source=newest["_source"])
    return fv


# ---------------------------------------------------------------- cell values


def _norm_keep_spaces(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _month_match(m: re.Match[str], offset: int = 0) -> str:
    return f"{m.group(1 + offset)}-{int(m.group(2 + offset) or m.group(3 + offset)):02d}"


def _month_cell(text: str) -> str | None:
    """The month a month cell holds (202403, 2024-03, 2024.3, 2024年03月, a 序号 before it),
    also when OCR read a 0 as O or a 1 as l."""
    for t in (_norm_keep_spaces(text), _norm_keep_spaces(text).translate(_DIGIT_LOOKALIKES)):
        m = _MONTH_START.match(_SEQ_PREFIX.sub("", t))
        if m:
            return _month_match(m)
    return None


def _range_cell(text: str) -> tuple[str, str] | None:
    """A period printed in one cell: 2024-01至2024-06, 202401-202406, 2024.01~2024.06."""
    for t in (nfkc(text), nfkc(text).translate(_DIGIT_LOOKALIKES)):
        m = _RANGE.search(t)
        if m:
            start, end = _month_match(m), _month_match(m, 3)
            if month_index(end) >= month_index(start):
                return start, end
    return None


def _year_cell(text: str) -> int | None:
    m = _YEAR.match(nfkc(text).translate(_DIGIT_LOOKALIKES))
    return int(m.group(1)) if m else None


@lru_cache(maxsize=1)
def _status_words() -> tuple[list[tuple[str, str]], dict[str, str]]:
    words = [(nfkc(w), "unpaid") for w in LABELS["unpaid_status"]] + [(nfkc(w), "paid") for w in LABELS["paid_status"]]
    marks = {nfkc(k): v for k, v in LABELS["status_marks"].items()}
    return words, marks


def read_status(text: str) -> tuple[str | None, bool]:
    """(paid | unpaid | None, whether the cell says it for certain). A cell that is a status word
    (or a mark: 是/否, 欠) is certain; a longer status word among other characters is taken less
    surely; a bare short word (到账, 正常) among other characters is no reading at all (夫到账
    may be 未到账 misread). Unpaid words are looked for first (未到账 holds 到账)."""
    t = re.sub(r"[\s|:：.,，。()（）\[\]]", "", nfkc(text))
    if not t:
        return None, False
    words, marks = _status_words()
    if t in marks:
        return marks[t], True
    for word, status in words:
        if t == word:
            return status, True
    for word, status in words:
        if len(word) >= 2 and word in t and (status == "unpaid" or len(word) >= 3):
            return status, False
    return None, False


def _status(text: str) -> str | None:
    return read_status(text)[0]


def _base(text: str) -> float | None:
    m = _NUMBER.search(nfkc(text))
    if not m:
        return None
    try:
        return float(m.group(0).replace(",", ""))
    except ValueError:
        return None


def _money(text: str) -> float | None:
    """An amount as a whole cell (3800.00, 4,200.00, ¥3800, 4200元), or None."""
    m = _MONEY.match(nfkc(text))
    if not m:
        return None
    try:
        return float(m.group(1).replace(",", ""))
    except ValueError:
        return None


def _region_value(text: str) -> str | None:
    region = nfkc(text).strip("|") or None
    if region:
        m = _REGION.match(region)
        region = m.group(0) if m and m.end() >= len(region) - 1 else region
    return normalize_region(region)


def _split_employer_region(seg: str, employer_first: bool) -> tuple[str, str]:
    """An employer and a region OCR ran together: split at whitespace, else where the
    employer's name ends (…公司) and a region name (…市) fills the rest."""
    parts = seg.split()
    if len(parts) >= 2:
        return (" ".join(parts[:-1]), parts[-1]) if employer_first else (parts[0], " ".join(parts[1:]))
    t = nfkc(seg)
    if employer_first:
        for m in reversed(list(_EMPLOYER_END.finditer(t))):
            tail = t[m.end():]
            if tail and _REGION.fullmatch(tail):
                return t[: m.end()], tail
        return t, ""
    m = _REGION.match(t)
    return (m.group(0), t[m.end():]) if m and m.end() < len(t) else (t, "")


def split_cells(text: str, order: list[str]) -> dict[str, str]:
    """Cell texts of a line in which OCR merged the cells of the columns `order` (left to right).

    Patterns take what they can tell apart: the months, the status word and the base (the last
    amount); the text left on each side of the base goes to the text columns on that side, in
    the columns' order. Month-of-year cells (a year grid) are split at whitespace.
    """
    t = _norm_keep_spaces(text)
    cells: dict[str, str] = {}
    moy = [k for k in order if k in _MOY]
    if moy:
        # a year grid's month cells: amounts or marks, one a cell, at the end of the text
        parts = t.split()
        tail: list[str] = []
        while parts and len(tail) < len(moy) and (_money(parts[-1]) is not None or read_status(parts[-1])[1]):
            tail.insert(0, parts.pop())
        if len(tail) != len(moy):
            return {}
        rest = [k for k in order if k not in _MOY]
        cells = split_cells(" ".join(parts), rest) if rest and parts else {}
        return {**cells, **dict(zip(moy, tail))}
    if "month" in order or "range" in order or "start" in order:
        t = _SEQ_PREFIX.sub("", t)
        rng = _RANGE.search(t) if "range" in order or ("start" in order and "end" in order) else None
        if rng:
            if "range" in order:
                cells["range"] = rng.group(0)
            else:
                cells["start"], cells["end"] = _month_match(rng), _month_match(rng, 3)
            t = (t[: rng.start()] + " " + t[rng.end():]).strip()
        else:
            m = _MONTH_SEARCH.search(t)
            if m:
                cells["month" if "month" in order else "start"] = _month_match(m)
                t = (t[: m.start()] + " " + t[m.end():]).strip()
    elif "end" in order:
        m = _MONTH_SEARCH.search(t)
        if m:
            cells["end"] = _month_match(m)
            t = (t[: m.start()] + " " + t[m.end():]).strip()
    if "year" in order:
        m = re.match(r"\s*((?:19|20)\d{2})(?:年度?)?(?!\d)", t)
        if m:
            cells["year"] = m.group(1)
            t = t[m.end():].strip()
    if "status" in order:
        for word in LABELS["unpaid_status"] + LABELS["paid_status"]:
            if len(word) < 2:
                continue
            idx = t.find(word)
            if idx >= 0:
                cells["status"] = word
                t = (t[:idx] + " " + t[idx + len(word):]).strip()
                break
    if "count" in order:
        m = re.search(r"(?:^|\s)(\d{1,3})(?:个月)?(?=\s|$)", t)
        if m and ("base" not in order or order.index("count") < order.index("base")):
            cells["count"] = m.group(1)
            t = (t[: m.start()] + " " + t[m.end():]).strip()
    segments = {"before": t, "after": ""}
    text_keys = [k for k in order if k in _TEXT_ROLES]
    groups = {"before": text_keys, "after": []}
    if "base" in order:
        numbers = list(_NUMBER.finditer(t))
        if numbers:
            # the base is the row's largest amount (the contributions are shares of it)
            number = max(reversed(numbers), key=lambda n: float(n.group(0).replace(",", "")))
            cells["base"] = number.group(0)
            segments = {"before": t[: number.start()], "after": t[number.end():]}
            at = order.index("base")
            groups = {
                "before": [k for k in text_keys if order.index(k) < at],
                "after": [k for k in text_keys if order.index(k) > at],
            }
    for side, keys in groups.items():
        seg = re.sub(r"(?:^|\s)[\d.,]+(?=\s|$)", " ", segments[side]).strip(" |")
        if not keys or not seg:
            continue
        if len(keys) == 1:
            cells[keys[0]] = seg
            continue
        first, second = _split_employer_region(seg, keys[0] == "employer")
        cells[keys[0]], cells[keys[1]] = first, second
    return {k: v for k, v in cells.items() if v}


def _row(cells: dict[str, str]) -> dict[str, Any]:
    status, certain = read_status(cells.get("status", ""))
    return {
        "month": _month_cell(cells.get("month", "")),
        "employer": nfkc(cells.get("employer", "")).strip("|") or None,
        "region": _region_value(cells.get("region", "")),
        "base": _base(cells.get("base", "")),
        "status": status,
    }


def parse_row_text(text: str, order: list[str] | None = None) -> dict[str, Any] | None:
    """One row whose cells OCR merged into one text (a 序号 first, when the print numbers rows)."""
    t = _SEQ_PREFIX.sub("", _norm_keep_spaces(text))
    if not _MONTH_START.match(t):
        return None
    return _row(split_cells(t, order or _DEFAULT_ORDER))


# ---------------------------------------------------------------- header: labels to roles


@lru_cache(maxsize=1)
def _labels_by_length() -> list[tuple[str, str]]:
    pairs = {(nfkc(label), role) for role, labels in TABLE.items() for label in labels}
    return sorted(pairs, key=lambda p: (-len(p[0]), p[1]))


def header_role(text: str) -> str | None:
    """The column role a header cell names (table roles of the labels file, `ignore` included,
    m1..m12 for a year grid's month columns), or None: the label exactly, a label with a few
    characters more (缴费基数(元)), else one garbled character (缴费年目, 到帐情况)."""
    t = nfkc(text).strip(":：|")
    if not t:
        return None
    m = _MONTH_OF_YEAR.match(t)
    if m:
        return f"m{int(m.group(1))}"
    if t.rstrip("份").endswith("月") and t.rstrip("份")[:-1] in _CN_MONTHS:
        return f"m{_CN_MONTHS[t.rstrip('份')[:-1]]}"
    labels = _labels_by_length()
    for label, role in labels:
        if t == label:
            return role
    for label, role in labels:
        if len(label) >= 2 and label in t:
            rest = t.replace(label, "", 1)
            if len(rest) <= 3 and (len(label) >= 3 or not any(is_han(c) for c in rest)):
                return role
    # OCR misreads a character in place (or drops one): one edit away, two for long labels, and
    # no label of another role as close
    best: tuple[int, str] | None = None
    ambiguous = False
    for label, role in labels:
        if len(label) < 3 or abs(len(label) - len(t)) > 1:
            continue
        limit = 1 if len(label) < 6 else 2
        d = Hamming.distance(t, label) if len(t) == len(label) else Levenshtein.distance(t, label, weights=(1, 1, 2))
        if d > limit:
            continue
        if best is None or d < best[0]:
            best, ambiguous = (d, role), False
        elif d == best[0] and role != best[1]:
            ambiguous = True
    return best[1] if best and not ambiguous else None


def _label_positions(text: str) -> list[tuple[str, int, int]]:
    """(role, start, end) of each header label inside one line (OCR merged header cells):
    whitespace-separated words when OCR kept the gaps, else labels found in the text."""
    raw = _norm_keep_spaces(text)
    words = list(re.finditer(r"\S+", raw))
    if len(words) >= 2:
        roles = [(header_role(w.group(0)), w) for w in words]
        if sum(1 for r, _ in roles if r) >= 2:
            out = []
            for k, (role, w) in enumerate(roles):
                out.append((role or f"_w{k}", w.start(), w.end()))
            return out
    norm = nfkc(text)
    found: list[tuple[str, int, int]] = []
    taken: list[tuple[int, int]] = []
    for label, key in _labels_by_length():
        if len(label) < 2 or any(k == key for k, _, _ in found) and key not in ("ignore",):
            continue
        idx = norm.find(label)
        while idx >= 0 and any(a < idx + len(label) and idx < b for a, b in taken):
            idx = norm.find(label, idx + 1)
        if idx >= 0:
            found.append((key, idx, idx + len(label)))
            taken.append((idx, idx + len(label)))
    for m in re.finditer(r"(1[0-2]|[1-9])月", norm):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            found.append((f"m{int(m.group(1))}", m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda f: f[1])


@dataclass
class Cell:
    key: str
    x0: float
    x1: float


class Columns:
    """The table's columns: role -> x-interval on the page, left to right. Columns whose role no
    rule reads (个人缴费, 备注, an unknown header cell) are kept, so that their cells are not
    taken for a neighbour's."""

    def __init__(self, cells: list[Cell]) -> None:
        seen: dict[str, int] = {}
        named: list[Cell] = []
        for c in sorted(cells, key=lambda c: (c.x0 + c.x1) / 2):
            key = c.key
            if key in seen or key == "ignore":
                seen[key] = seen.get(key, 0) + 1
                key = f"_{key}{seen[key]}"
            else:
                seen[key] = 0
            named.append(Cell(key, c.x0, c.x1))
        self.cells = named
        centres = [(c.x0 + c.x1) / 2 for c in self.cells]
        bounds = [-1.0] + [(a + b) / 2 for a, b in zip(centres, centres[1:])] + [2.0]
        self.bands = [(c.key, bounds[i], bounds[i + 1]) for i, c in enumerate(self.cells)]
        self.centres = {c.key: x for c, x in zip(self.cells, centres)}

    @property
    def order(self) -> list[str]:
        return [c.key for c in self.cells]

    def has(self, *roles: str) -> bool:
        return any(r in self.centres for r in roles)

    @property
    def anchor(self) -> str | None:
        if sum(1 for k in _MOY if k in self.centres) >= 6 and "year" in self.centres:
            return "year"
        return next((a for a in ("month", "range", "start") if a in self.centres), None)

    def spanned(self, ln: TextLine) -> list[str]:
        """The columns whose centre this line covers (more than one: OCR merged cells)."""
        return [key for key in self.order if ln.bbox.x0 + 0.005 < self.centres[key] < ln.bbox.x1 - 0.005]

    def column(self, ln: TextLine) -> str:
        """The column this line overlaps most (a cell is narrower or wider than its header)."""
        return max(self.bands, key=lambda band: min(ln.bbox.x1, band[2]) - max(ln.bbox.x0, band[1]))[0]


def _header_cells(row: list[TextLine]) -> tuple[list[Cell], bool]:
    """The header cells of a visual row, and whether OCR merged some of them into one line
    (their positions are then estimates: only their order is sure)."""
    cells: list[Cell] = []
    merged = False
    unknown = 0
    for ln in row:
        key = header_role(ln.text)
        if key is not None:
            cells.append(Cell(key, ln.bbox.x0, ln.bbox.x1))
            continue
        found = _label_positions(ln.text)
        if not found:
            cells.append(Cell(f"_{unknown}", ln.bbox.x0, ln.bbox.x1))
            unknown += 1
            continue
        merged = merged or len(found) > 1
        n = max(len(_norm_keep_spaces(ln.text)), 1)
        w = ln.bbox.x1 - ln.bbox.x0
        for k, a, b in found:
            cells.append(Cell(k if not k.startswith("_w") else f"_{unknown}{k}", ln.bbox.x0 + w * a / n, ln.bbox.x0 + w * b / n))
    return cells, merged


def _roles(cells: list[Cell]) -> set[str]:
    return {c.key for c in cells if not c.key.startswith("_")}


def _is_header(cells: list[Cell]) -> bool:
    roles = _roles(cells)
    moy = sum(1 for k in _MOY if k in roles)
    anchor = bool(roles & {"month", "range", "start"}) or moy >= 6
    data = roles & {"employer", "base", "region", "status", "count", "end"}
    if anchor and (data or moy >= 6):
        return True
    # the months' label garbled: three data columns make a header, the months come from content
    return len(roles & {"employer", "base", "region", "status"}) >= 3


def _join_wrapped(lines: list[TextLine]) -> list[TextLine]:
    """Header labels wrapped in their cell (缴费 over 基数): lines stacked in one column joined."""
    out: list[TextLine] = []
    for ln in sorted(lines, key=lambda item: (item.bbox.y0, item.bbox.x0)):
        for k, other in enumerate(out):
            overlap = min(ln.bbox.x1, other.bbox.x1) - max(ln.bbox.x0, other.bbox.x0)
            if overlap > 0.5 * min(ln.bbox.x1 - ln.bbox.x0, other.bbox.x1 - other.bbox.x0):
                out[k] = TextLine(text=other.text + ln.text, bbox=other.bbox.union(ln.bbox),
                                  confidence=min(other.confidence, ln.confidence), source=ln.source)
                break
        else:
            out.append(ln)
    return sorted(out, key=lambda item: item.bbox.x0)


@dataclass
class Header:
    index: int  # the (last) visual row of the header
    cells: list[Cell]
    merged: bool
    bottom: float

    @property
    def order(self) -> list[str]:
        return [c.key for c in sorted(self.cells, key=lambda c: c.x0)]


def _headers(vrows: list[list[TextLine]]) -> list[Header]:
    """Every visual row that reads as the table's header, top to bottom. A header whose labels
    wrap in their cells (缴费 / 基数) spans two visual rows."""
    out: list[Header] = []
    i = 0
    while i < len(vrows):
        row = vrows[i]
        cells, merged = _header_cells(row)
        last = i
        if i + 1 < len(vrows) and any(header_role(ln.text) for ln in row) and not any(
            re.search(r"\d", ln.text) for ln in vrows[i + 1]
        ):
            nxt = vrows[i + 1]
            height = max(ln.bbox.height for ln in row + nxt)
            gap = min(ln.bbox.y0 for ln in nxt) - max(ln.bbox.y1 for ln in row)
            joined, joined_merged = _header_cells(_join_wrapped(row + nxt))
            if gap < 0.8 * height and _is_header(joined) and len(_roles(joined)) > len(_roles(cells)):
                cells, merged, last = joined, joined_merged, i + 1
        if _is_header(cells):
            rows = vrows[i: last + 1]
            out.append(Header(last, cells, merged, max(ln.bbox.y1 for r in rows for ln in r)))
            i = last + 1
            continue
        i += 1
    return out


# ---------------------------------------------------------------- columns by meaning


def cell_kind(text: str) -> str | None:
    """What a cell holds, by its shape alone: month, range, year, status, money, int, region,
    unit, text, or None (empty, marks)."""
    t = nfkc(text)
    if not t or is_blank(t):
        return None
    if _range_cell(t):
        return "range"
    if _month_cell(t) and len(t) <= 12:
        return "month"
    if _year_cell(t):
        return "year"
    status, certain = read_status(t)
    if status and (certain or len(t) <= 6):
        return "status"
    if _INT.match(t):
        return "int"
    value = _money(t)
    if value is not None:
        return "money" if value >= 100 or "." in t else "int"
    if len(t) <= 12 and _REGION.fullmatch(normalize_region(t) or ""):
        return "region"
    if unit_name_problem(t) is None:
        return "unit"
    return "text" if any(is_han(c) for c in t) else None


def _classify(texts: list[str]) -> dict[str, float]:
    kinds = [cell_kind(t) for t in texts]
    seen = [k for k in kinds if k is not None]
    if not seen:
        return {}
    return {k: seen.count(k) / len(seen) for k in set(seen)}


def _median_money(texts: list[str]) -> float:
    values = [v for v in (_money(t) for t in texts) if v is not None]
    return statistics.median(values) if values else 0.0


def _assign_roles(columns: list[tuple[Cell, list[str]]], anchor_x: float, given: dict[int, str] | None = None) -> list[Cell]:
    """Roles for columns from their cells' contents (and the roles `given` by a header, kept
    where the contents do not contradict them)."""
    given = given or {}
    out: list[Cell] = []
    shares = [_classify(texts) for _, texts in columns]
    taken: set[str] = set(v for v in given.values() if not v.startswith("_"))
    roles: dict[int, str] = dict(given)

    def pick(role: str, kinds: tuple[str, ...], threshold: float, key: Any = None) -> None:
        if role in taken:
            return
        cands = [i for i, s in enumerate(shares) if i not in roles and sum(s.get(k, 0) for k in kinds) >= threshold]
        if not cands:
            return
        best = max(cands, key=key) if key else max(cands, key=lambda i: sum(shares[i].get(k, 0) for k in kinds))
        roles[best] = role
        taken.add(role)

    months = [i for i, s in enumerate(shares) if i not in roles and s.get("month", 0) >= 0.6]
    if "month" not in taken and "start" not in taken and "range" not in taken:
        if len(months) >= 2:
            roles[months[0]], roles[months[1]] = "start", "end"
            taken |= {"start", "end"}
        elif months:
            roles[months[0]] = "month"
            taken.add("month")
    elif "start" in taken and "end" not in taken and months:
        roles[months[0]] = "end"
        taken.add("end")
    pick("range", ("range",), 0.6)
    pick("status", ("status",), 0.5)
    pick("base", ("money",), 0.6, key=lambda i: _median_money(columns[i][1]))
    pick("region", ("region",), 0.5)
    pick("employer", ("unit",), 0.3, key=lambda i: (shares[i].get("unit", 0), statistics.median(len(nfkc(t)) for t in columns[i][1])))
    if "start" in taken:
        ints = [i for i, s in enumerate(shares) if i not in roles and s.get("int", 0) >= 0.6 and (columns[i][0].x0 + columns[i][0].x1) / 2 > anchor_x]
        if ints and "count" not in taken:
            roles[ints[0]] = "count"
    for i, (cell, _) in enumerate(columns):
        out.append(Cell(roles.get(i, f"_c{i}"), cell.x0, cell.x1))
    return out


def _cluster_columns(rows: list[list[TextLine]]) -> list[Cell]:
    """Column intervals from the data rows: the rows with the most common number of cells give
    the columns (their k-th cells' spans); lines of other rows that fall outside every column
    (a cell wrapped in every row) add one."""
    counts = [len(r) for r in rows]
    mode = max(set(counts), key=lambda n: (counts.count(n), n))
    clean = [r for r in rows if len(r) == mode]
    cols = [Cell("", statistics.median(r[k].bbox.x0 for r in clean), statistics.median(r[k].bbox.x1 for r in clean)) for k in range(mode)]
    extra: list[TextLine] = []
    for r in rows:
        for ln in r:
            if not any(min(ln.bbox.x1, c.x1) - max(ln.bbox.x0, c.x0) > 0.3 * (ln.bbox.x1 - ln.bbox.x0) for c in cols):
                extra.append(ln)
    while extra:
        seed = extra[0]
        group = [ln for ln in extra if min(ln.bbox.x1, seed.bbox.x1) - max(ln.bbox.x0, seed.bbox.x0) > 0]
        extra = [ln for ln in extra if ln not in group]
        if len(group) >= max(2, len(rows) // 2):
            cols.append(Cell("", min(ln.bbox.x0 for ln in group), max(ln.bbox.x1 for ln in group)))
    return sorted(cols, key=lambda c: c.x0)


def infer_columns(vrows: list[list[TextLine]], order: list[str] | None = None) -> Columns | None:
    """The table's columns from its cells alone (no header, or one whose cell positions are
    unknown): the rows are the visual rows that hold a month (or a period, or a year) at their
    left; `order` (a merged header's roles, left to right) names the columns where it has as
    many as the cells show."""
    rows: list[list[TextLine]] = []
    for row in vrows:
        kinds = [cell_kind(ln.text) for ln in row]
        if any(k in ("month", "range") for k in kinds[:3]) or (kinds and kinds[0] == "year" and len(row) >= 4) or (
            len(kinds) > 1 and kinds[0] == "int" and kinds[1] == "year" and len(row) >= 5
        ):
            rows.append(row)
    if not rows or (len(rows) < 2 and len(rows[0]) < 3):
        return None
    cols = _cluster_columns(rows)
    if len(cols) < 2:
        return None
    texts: list[list[str]] = [[] for _ in cols]
    probe = Columns([Cell(f"k{i}", c.x0, c.x1) for i, c in enumerate(cols)])
    for row in rows:
        for ln in row:
            texts[int(probe.column(ln)[1:])].append(ln.text)
    if order and len(order) == len(cols):
        # as many cells as the header (or the previous page) names: they are its columns, in order
        return Columns([Cell(k, c.x0, c.x1) for k, c in zip(order, cols)])
    years = [i for i, t in enumerate(texts) if _classify(t).get("year", 0) >= 0.6]
    anchor_x = (cols[0].x0 + cols[0].x1) / 2
    given: dict[int, str] = {}
    if years:
        # a year grid: the month-of-year columns are the amount columns right of the units
        given[years[0]] = "year"
    cells = _assign_roles(list(zip(cols, texts)), anchor_x, given)
    columns = Columns(cells)
    if columns.anchor is None:
        return None
    return columns


def refine_columns(columns: Columns, body: list[list[TextLine]]) -> Columns:
    """Give a role to header cells OCR could not read, by what their cells hold, where that role
    is missing (a column of months under a garbled 缴费年月, status words under an unknown label)."""
    unknown = [c for c in columns.cells if c.key.startswith("_") and not c.key.startswith("_ignore")]
    if not unknown:
        return columns
    texts: dict[str, list[str]] = {c.key: [] for c in unknown}
    for row in body[:60]:
        for ln in row:
            key = columns.column(ln)
            if key in texts and len(columns.spanned(ln)) <= 1:
                texts[key].append(ln.text)
    given = {i: c.key for i, c in enumerate(columns.cells) if not c.key.startswith("_") or c.key.startswith("_ignore")}
    pairs = [(Cell(c.key, c.x0, c.x1), texts.get(c.key, [])) for c in columns.cells]
    anchor = columns.anchor
    anchor_x = columns.centres.get(anchor, 0.0) if anchor else 0.0
    cells = _assign_roles(pairs, anchor_x, given)
    for c, old in zip(cells, columns.cells):
        if c.key.startswith("_c"):
            c.key = old.key
    return Columns(cells)


# ---------------------------------------------------------------- rows


def _visual_rows(lines: list[TextLine]) -> list[list[TextLine]]:
    """Lines grouped into visual rows (centres closer than half a line height), top to bottom."""
    out: list[list[TextLine]] = []
    for ln in sorted(lines, key=lambda item: item.bbox.cy):
        if out:
            last = out[-1]
            cy = sum(item.bbox.cy for item in last) / len(last)
            height = max(max(item.bbox.height for item in last), ln.bbox.height)
            if abs(ln.bbox.cy - cy) <= 0.5 * height:
                last.append(ln)
                continue
        out.append([ln])
    return [sorted(row, key=lambda item: item.bbox.x0) for row in out]


def _iou(a: BBox, b: BBox) -> float:
    ix = min(a.x1, b.x1) - max(a.x0, b.x0)
    iy = min(a.y1, b.y1) - max(a.y0, b.y0)
    if ix <= 0 or iy <= 0:
        return 0.0
    inter = ix * iy
    return inter / ((a.x1 - a.x0) * (a.y1 - a.y0) + (b.x1 - b.x0) * (b.y1 - b.y0) - inter)


def _visible(lines: list[TextLine]) -> list[TextLine]:
    """Drop text painted over by later text at the same spot: of two text-layer lines on one
    spot only the later one (in paint order) can be what the page shows, e.g. a status typed
    over a whited-out 未到账 in an edited PDF (the PDF_EDITED check reports the edit itself)."""
    hidden: set[int] = set()
    order = sorted(range(len(lines)), key=lambda i: lines[i].bbox.y0)
    for pos, i in enumerate(order):
        a = lines[i]
        for j in order[pos + 1:]:
            b = lines[j]
            if b.bbox.y0 > a.bbox.y1:
                break
            if a.source == b.source == "pdf_text" and _iou(a.bbox, b.bbox) > 0.6:
                hidden.add(min(i, j))
    return [ln for k, ln in enumerate(lines) if k not in hidden]


def _is_seal_text(ln: TextLine) -> bool:
    return any(w in nfkc(ln.text) for w in LABELS["seal_words"])


def _is_seq(text: str) -> bool:
    """A 序号 cell, as OCR reads it: a small number, or a short mark (一 for 1, ∞ for 8)."""
    t = nfkc(text)
    return bool(_SEQ.fullmatch(t)) or (0 < len(t) <= 2 and not t.isdigit())


def _anchor_value(text: str, anchor: str) -> bool:
    if anchor == "year":
        return _year_cell(text) is not None
    if anchor == "range":
        return _range_cell(text) is not None or _month_cell(text) is not None
    return _month_cell(text) is not None


def _opens_row(ln: TextLine, row: list[TextLine], columns: Columns | None) -> bool:
    """Whether this line opens a table row: a month (a period's start, a year) in the anchor
    column (without columns: a line starting with a month, with nothing but a 序号 before it on
    its visual row; a base of 2012.10 further right opens nothing)."""
    if columns is not None:
        anchor = columns.anchor or "month"
        spanned = columns.spanned(ln)
        if columns.column(ln) != anchor and anchor not in spanned:
            return False
        if len(spanned) > 1:
            # cells OCR merged: the row's month opens the text (打印时间:2024-09-03 is no row)
            head = _SEQ_PREFIX.sub("", _norm_keep_spaces(ln.text))
            if spanned[0] not in (anchor, "seq") or not re.match(r"(?:19|20)\d{2}", head):
                return False
            cells = split_cells(ln.text, [k for k in columns.order if k in spanned])
            return anchor in cells and _anchor_value(cells[anchor], anchor)
        return _anchor_value(ln.text, anchor)
    if not _MONTH_START.match(_SEQ_PREFIX.sub("", _norm_keep_spaces(ln.text))):
        return False
    lead = [item for item in row if item.bbox.x1 <= ln.bbox.x0 + 0.002]
    return all(_is_seq(item.text) for item in lead)


def _unread_month_row(row: list[TextLine], columns: Columns) -> TextLine | None:
    """A table row whose month OCR could not read (its status and base are there): the line
    that stands for it, so that its cells are not given to a neighbouring row."""
    if columns.anchor != "month":
        return None
    keys = {columns.column(ln): ln for ln in row if len(columns.spanned(ln)) <= 1}
    if "status" in keys and "base" in keys and _status(keys["status"].text) and _base(keys["base"].text) is not None:
        return keys.get("month") or keys["status"]
    return None


def _pitch(anchors: list[TextLine]) -> float:
    ys = sorted(a.bbox.cy for a in anchors)
    gaps = sorted(b - a for a, b in zip(ys, ys[1:]) if b - a > 0)
    if gaps:
        return gaps[len(gaps) // 2]
    return 2.0 * max(a.bbox.height for a in anchors)


@dataclass
class Record:
    """One month as the table shows it, with what the rules' certainty rests on."""

    month: str | None
    employer: str | None = None
    region: str | None = None
    base: float | None = None
    status: str | None = None
    conf: float = 1.0  # the month's and its status's cells (the streak, the print date, seniority)
    cap: float = 1.0  # lowered where a value was inferred
    place_conf: float = 1.0  # its employer's and region's cells (the unit and region rules)
    lines: list[TextLine] = field(default_factory=list)
    page: int = 1
    inferred_month: bool = False
    near: list[str] = field(default_factory=list)  # an unread month's neighbours

    def as_dict(self) -> dict[str, Any]:
        return {"month": self.month, "employer": self.employer, "region": self.region, "base": self.base, "status": self.status}


def _cells_of(lines: list[TextLine], columns: Columns) -> dict[str, list[tuple[float, float, str, float]]]:
    """Each line's text under its column (a line covering several columns split by patterns)."""
    parts: dict[str, list[tuple[float, float, str, float]]] = {}
    for ln in lines:
        spanned = columns.spanned(ln)
        if len(spanned) > 1:
            for key, value in split_cells(ln.text, [k for k in columns.order if k in spanned]).items():
                parts.setdefault(key, []).append((ln.bbox.cy, ln.bbox.x0, value, ln.confidence))
        else:
            parts.setdefault(columns.column(ln), []).append((ln.bbox.cy, ln.bbox.x0, ln.text, ln.confidence))
    return parts


def _joined(items: list[tuple[float, float, str, float]], sep: str) -> str:
    """A cell's pieces in reading order: lines top to bottom, boxes of one line left to right."""
    ordered: list[list[tuple[float, float, str, float]]] = []
    for item in sorted(items):
        if ordered and abs(item[0] - ordered[-1][0][0]) < 0.004:
            ordered[-1].append(item)
        else:
            ordered.append([item])
    return sep.join(sep.join(t for _, _, t, _ in sorted(line, key=lambda i: i[1])) for line in ordered)


def _records(row_lines: list[TextLine], columns: Columns, page_no: int, has_status: bool) -> list[Record]:
    """The months one table row stands for: one (a month row), a period's months, or a year's."""
    parts = _cells_of(row_lines, columns)
    if any(w in nfkc(t) for items in parts.values() for _, _, t, _ in items for w in LABELS["summary_words"]):
        return []
    cells: dict[str, str] = {}
    confs: dict[str, float] = {}
    for key, items in parts.items():
        if key in ("month", "start", "end", "range", "year"):
            texts = [t for _, _, t, _ in sorted(items)]
            cells[key] = next((t for t in texts if _anchor_value(t, "year" if key == "year" else "month") or _range_cell(t)), texts[0])
        else:
            cells[key] = _joined(items, "" if key in _TEXT_ROLES else " ")
        confs[key] = min(c for _, _, _, c in items)
    used = [ln for ln in row_lines if columns.column(ln) in _READ_ROLES or len(columns.spanned(ln)) > 1]
    rule_conf = min([confs[k] for k in confs if k in _RULE_ROLES and k not in _TEXT_ROLES] or [1.0])
    place_conf = min([confs[k] for k in confs if k in _TEXT_ROLES] or [1.0])
    employer = nfkc(cells.get("employer", "")).strip("|") or None
    region = _region_value(cells.get("region", ""))
    base = _base(cells.get("base", ""))
    status, certain = read_status(cells.get("status", ""))
    cap = 1.0
    if "status" in cells and status is not None and not certain:
        cap = min(cap, INFERRED["status_partial"])
    if status is None and not has_status:
        # no status column: a month listed with its base is a month paid, the print says no more
        status = "paid" if base else None
        cap = min(cap, INFERRED["status_default"])
    anchor = columns.anchor
    if anchor == "year":
        return _year_records(cells, confs, columns, employer, region, used, page_no)
    if anchor in ("start", "range"):
        span = _range_cell(cells.get("range", "")) if "range" in cells else None
        start = span[0] if span else _month_cell(cells.get("start", "") or cells.get("range", ""))
        end = span[1] if span else _month_cell(cells.get("end", ""))
        if not (status or base or employer or cells.get("count")):
            return []  # a month with nothing of a payment beside it is no row of the table
        if start is None:
            return [Record(None, employer, region, base, status, rule_conf, cap, place_conf, used, page_no)] if (status or base) else []
        count = cells.get("count")
        if end is None and count and re.fullmatch(r"\d{1,3}", nfkc(count)) and int(nfkc(count)) > 0:
            end = month_from_index(month_index(start) + int(nfkc(count)) - 1)  # 2024-01 至今, 8 months
        if end is None or month_index(end) < month_index(start) or month_index(end) - month_index(start) > 600:
            end = start
            cap = min(cap, INFERRED["month"]) if "end" in cells or span else cap
        n = month_index(end) - month_index(start) + 1
        if count and re.fullmatch(r"\d{1,3}", nfkc(count)):
            c = int(nfkc(count))
            if c == 0 and status is None:
                status = "unpaid"  # a period of no months paid
            elif c not in (0, n):
                cap = min(cap, INFERRED["month"])  # the count disagrees with the span: one was misread
        return [Record(month_from_index(month_index(start) + k), employer, region, base, status, rule_conf, cap, place_conf, used,
                       page_no) for k in range(n)]
    month = _month_cell(cells.get("month", ""))
    if status is None and base is None and month is None:
        return []
    if status is None and base is None:
        return []
    return [Record(month, employer, region, base, status, rule_conf, cap, place_conf, used, page_no)]


def _year_records(cells: dict[str, str], confs: dict[str, float], columns: Columns, employer: str | None,
                  region: str | None, used: list[TextLine], page_no: int) -> list[Record]:
    """A year grid's row: each month-of-year cell holds the month's base (paid), an unpaid mark
    (欠), or nothing (no record)."""
    year = _year_cell(cells.get("year", ""))
    if year is None:
        return []
    year_conf = confs.get("year", 1.0)
    place_conf = min(confs.get(k, 1.0) for k in ("employer", "region"))
    out: list[Record] = []
    for k in range(1, 13):
        text = cells.get(f"m{k}", "")
        if is_blank(text):
            continue
        value = _money(text.split()[0]) if text.split() else None
        status, certain = read_status(text)
        conf = min(year_conf, confs.get(f"m{k}", 1.0))
        month = f"{year:04d}-{k:02d}"
        if value is not None and value > 0:
            out.append(Record(month, employer, region, value, "paid", conf, 1.0, place_conf, used, page_no))
        elif status is not None:
            out.append(Record(month, employer, region, None, status, conf, 1.0 if certain else INFERRED["status_partial"],
                              place_conf, used, page_no))
        else:
            out.append(Record(month, employer, region, None, None, conf, INFERRED["status_unread"], place_conf, used, page_no))
    count = nfkc(cells.get("count", ""))
    if re.fullmatch(r"\d{1,2}", count) and int(count) != sum(1 for r in out if r.status == "paid"):
        for r in out:  # the row's paid months do not add up to its 月数: a cell was lost or misread
            r.cap = min(r.cap, INFERRED["month_unread"])
    bases = {r.base for r in out if r.base is not None}
    if len(bases) == 1:
        # an unpaid month prints no base: the row's (one employer, one year) base is its base
        for r in out:
            if r.base is None:
                r.base = next(iter(bases))
    return out


def _assign_members(body: list[list[TextLine]], anchors: list[TextLine], columns: Columns | None) -> dict[int, list[TextLine]]:
    """The lines of each anchor's row: its visual row, and the lines between rows (a cell wrapped
    over two lines) nearest to it, when they lie in a text column (a status or an amount does
    not wrap) or touch the row."""
    pitch = _pitch(anchors)
    row_of = {id(ln): k for k, row in enumerate(body) for ln in row}
    anchor_rows = {row_of[id(a)]: a for a in anchors}
    members: dict[int, list[TextLine]] = {id(a): [] for a in anchors}
    core: dict[int, tuple[float, float]] = {}
    for k, a in anchor_rows.items():
        lines = [ln for ln in body[k] if not _is_seal_text(ln)]
        members[id(a)] = lines
        core[id(a)] = (min(ln.bbox.y0 for ln in lines), max(ln.bbox.y1 for ln in lines))
    for k, row in enumerate(body):
        if k in anchor_rows:
            continue
        for ln in row:
            if _is_seal_text(ln) or any(w in nfkc(ln.text) for w in LABELS["summary_words"]):
                continue  # a seal's words, a 合计 row: no cell of a month's row

            def gap(a: TextLine) -> float:
                top, bottom = core[id(a)]
                return max(0.0, ln.bbox.y0 - bottom, top - ln.bbox.y1)

            nearest = min(anchors, key=lambda a: (gap(a), -a.bbox.cy if ln.bbox.cy > a.bbox.cy else a.bbox.cy))
            g = gap(nearest)
            plausible = 0.5 * nearest.bbox.height <= ln.bbox.height <= 1.8 * nearest.bbox.height
            if not plausible:
                continue
            if columns is not None:
                key = columns.column(ln)
                spans = len(columns.spanned(ln))
                text_col = key in _TEXT_ROLES or key.startswith("_")
                if spans > 1 and g > 0:
                    continue
                if g <= 0.2 * pitch or (text_col and g <= 0.6 * pitch):
                    members[id(nearest)].append(ln)
            # without columns a row is its visual row: nothing between rows can be placed
    return members


@dataclass
class Table:
    records: list[Record]
    unread: list[Record]

    def rows(self) -> list[Record]:
        by_month: dict[str, Record] = {}
        for r in self.records:
            if r.month is None:
                continue
            old = by_month.get(r.month)
            if old is None or (old.status != "paid" and r.status == "paid"):
                by_month[r.month] = r
        return [by_month[m] for m in sorted(by_month)]

    def newest_paid(self) -> dict[str, Any] | None:
        rows = self.rows()
        paid = [r for r in rows if r.status == "paid"] or rows
        if not paid:
            return None
        r = paid[-1]
        bbox = None
        for ln in r.lines:
            bbox = ln.bbox if bbox is None else bbox.union(ln.bbox)
        return {**r.as_dict(), "_conf": min(r.conf, r.cap, r.place_conf), "_bbox": bbox, "_page": r.page,
                "_source": r.lines[0].source if r.lines else None}

    def field(self) -> FieldValue:
        rows = self.rows()
        if not rows:
            return FieldValue(value=None, confidence=0.0)
        n = int(LABELS.get("confidence_months", 12))
        newest = month_index(rows[-1].month or "1900-01")
        cutoff = newest - n + 1
        place_cutoff = newest - int(LABELS.get("confidence_place_months", 7)) + 1
        matter = [r for r in rows if month_index(r.month or "1900-01") >= cutoff]
        conf = 1.0
        for r in matter:
            conf = min(conf, r.conf, r.cap)
            if month_index(r.month or "1900-01") >= place_cutoff:
                conf = min(conf, r.place_conf)
            if r.status is None:
                conf = min(conf, INFERRED["status_unread"])  # FIELD_UNREADABLE asks the reviewer
            if r.inferred_month:
                conf = min(conf, INFERRED["month"])
        for r in self.unread:
            # a row seen but its month not read, among the months that matter: the table is incomplete
            if not r.near or any(month_index(m) >= cutoff - 1 for m in r.near):
                conf = min(conf, INFERRED["month_unread"])
        bbox: BBox | None = None
        for r in rows:
            for ln in r.lines:
                bbox = ln.bbox if bbox is None else bbox.union(ln.bbox)
        first = min(rows, key=lambda r: r.page)
        source = next((r.lines[0].source for r in rows if r.lines), None)
        return FieldValue(value=[r.as_dict() for r in rows], confidence=round(conf, 4), bbox=bbox, page=first.page,
                          source=source)  # type: ignore[arg-type]


def _fill_unread_months(found: list[Record]) -> list[Record]:
    """A row whose month OCR could not read lies between two rows; rows are one month each,
    in order (oldest or newest first), so when its neighbours are two months apart it is the
    month between them. Otherwise it stays unread (month None): returned, so that the table's
    confidence says it is incomplete when it lies among the newest months."""
    unread: list[Record] = []
    for i, row in enumerate(found):
        if row.month is not None:
            continue
        before = found[i - 1].month if i > 0 else None
        after = found[i + 1].month if i + 1 < len(found) else None
        if before and after and abs(month_index(before) - month_index(after)) == 2:
            row.month = month_from_index((month_index(before) + month_index(after)) // 2)
            row.inferred_month = True
            continue
        row.near = [m for m in (before, after) if m]
        unread.append(row)
    return unread


def _page_columns(vrows: list[list[TextLine]], previous: Columns | None) -> tuple[Columns | None, list[list[TextLine]], list[str] | None]:
    """The columns of one page and its body rows: from the page's header (its cells refined by
    their contents), else from the cells alone, else the previous page's."""
    for header in _headers(vrows):
        body = vrows[header.index + 1:]
        if header.merged:
            inferred = infer_columns(body, header.order)
            if inferred is not None:
                return inferred, body, header.order
            return None, body, [k for k in header.order if not k.startswith("_")]
        columns = Columns(header.cells)
        if columns.anchor is not None:
            columns = _add_lost_columns(columns, body)
        columns = refine_columns(columns, body)
        if columns.anchor is None:
            continue
        if any(_opens_row(ln, row, columns) for row in body for ln in row):
            return columns, body, None
    if previous is not None:
        # a continuation page: the previous page's columns, placed where this page's cells are
        # (a scan or photo of the next page sits elsewhere on its picture)
        placed = infer_columns(vrows, previous.order)
        if placed is not None and placed.order == previous.order:
            return placed, vrows, None
        if any(_opens_row(ln, row, previous) for row in vrows for ln in row):
            return previous, vrows, None
    return infer_columns(vrows), vrows, None


def _add_lost_columns(columns: Columns, body: list[list[TextLine]]) -> Columns:
    """Columns whose header cell OCR lost: a column of cells in the table's rows under no header
    cell is added (its role then comes from its contents), so that its cells are not run into a
    neighbour's."""
    rows = [row for row in body if any(_opens_row(ln, row, columns) for ln in row)]
    if len(rows) < 2:
        return columns
    cells = list(columns.cells)
    for k, cluster in enumerate(_cluster_columns(rows)):
        if not any(min(cluster.x1, c.x1) - max(cluster.x0, c.x0) > 0 for c in cells) and not any(
            c.x0 - 0.01 <= (cluster.x0 + cluster.x1) / 2 <= c.x1 + 0.01 for c in cells
        ):
            cells.append(Cell(f"_lost{k}", cluster.x0, cluster.x1))
    return Columns(cells) if len(cells) > len(columns.cells) else columns


def read_table(pages: list[Page]) -> Table:
    """The payment table's months over all pages (a page without a header continues the table)."""
    found: list[Record] = []
    columns: Columns | None = None
    order = _DEFAULT_ORDER
    for page in pages:
        vrows = _visual_rows([ln for ln in _visible(page.lines) if not _is_seal_text(ln)])
        page_columns, body, text_order = _page_columns(vrows, columns)
        if page_columns is None and text_order is None and columns is None:
            text_order = order
        if page_columns is not None:
            columns = page_columns
        elif text_order is not None:
            order = [k for k in text_order if k != "seq"]
        cols = page_columns if page_columns is not None else (None if text_order is not None else columns)
        has_status = cols.has("status") if cols is not None else "status" in order
        anchors: list[TextLine] = []
        for row in body:
            opened = [ln for ln in row if _opens_row(ln, row, cols)]
            if not opened and cols is not None and anchors:
                unread = _unread_month_row(row, cols)
                opened = [unread] if unread is not None else []
            anchors.extend(opened[:1])
        if not anchors:
            continue
        members = _assign_members(body, anchors, cols)
        for anchor in anchors:
            row_lines = members[id(anchor)]
            if cols is None:
                ordered = sorted((ln for ln in row_lines if ln.bbox.x0 >= anchor.bbox.x0 - 0.002), key=lambda ln: (ln.bbox.x0, ln.bbox.y0))
                row = parse_row_text(" ".join(ln.text for ln in ordered), order)
                if row is None or (row["status"] is None and row["base"] is None):
                    continue
                conf = min(ln.confidence for ln in ordered)
                rec = Record(row["month"], row["employer"], row["region"], row["base"], row["status"], conf, 1.0, conf, ordered,
                             page.number)
                if rec.status is None and not has_status:
                    rec.status, rec.cap = ("paid" if rec.base else None), INFERRED["status_default"]
                found.append(rec)
                continue
            found.extend(_records(row_lines, cols, page.number, has_status))
    unread = _fill_unread_months(found)
    return Table(found, unread)


def read_months(pages: list[Page]) -> tuple[list[dict[str, Any]], BBox | None, float, int | None, str | None]:
    """The monthly table rows, sorted by month, with the table's box and confidence."""
    fv = read_table(pages).field()
    return fv.value or [], fv.bbox, fv.confidence, fv.page, fv.source
