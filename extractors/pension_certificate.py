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

The table is read by the reader beside the field reader (tables.py: header, columns, visual rows,
wrapped cells, seal text kept out) under this document's layout (`PensionTable`): the labels of
the columns by role (labels/pension_certificate.yaml `table`: any order, fuzzy, labels wrapped
over two lines joined), a month, a period's start or a year opening a row, and the columns told
apart by what their cells hold where the header is garbled or missing (a column of months, of
amounts, of status words, of unit names, of region names). A line that covers several columns
(OCR merged cells) is split by patterns in the columns' order (`split_cells`).

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
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import Hamming

from preaudit.extractors import tables
from preaudit.extractors.base import FieldReader, field_from_hit, line_rows, load_labels, register
from preaudit.extractors.common import (clipped_dates_in_rows, name_before_number, name_without_gender, read_date, read_id_number,
                                        read_text, unlabelled_name)
from preaudit.extractors.xuexin_record import candidates as label_candidates
from preaudit.extractors.tables import Cell, Columns, TableLayout, TableRow, cell_parts, joined, norm_keep_spaces, panel_span, read_rows
from preaudit.extractors.xuexin_record import date_of
from preaudit.pipeline.model import BBox, DocType, FieldValue, Page, PensionRow, TextLine
from preaudit.pipeline.values.shapes import contains_label_word, han_count, is_blank, is_han, person_name_problem, unit_name_problem
from preaudit.pipeline.values.text import month_from_index, month_index, nfkc, year_first

LABELS = load_labels("pension_certificate")
TABLE: dict[str, list[str]] = LABELS["table"]
INSURANCE_WORDS: dict[str, list[str]] = LABELS["insurance_words"]
INFERRED: dict[str, float] = LABELS["inferred_confidence"]

_DASHES = "\\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d~～_一"  # OCR and PDFs write every dash there is
_YM = r"((?:19|20)\d{2})\s*(?:[./年" + _DASHES + r"]\s*(1[0-2]|0?[1-9])(?!\d)|(0[1-9]|1[0-2])(?!\d))\s*月?份?"
_MONTH_START = re.compile("^" + _YM)
_MONTH_SEARCH = re.compile(_YM)
_RANGE = re.compile(_YM + r"\s*(?:至|到|止|[" + _DASHES + r"])\s*" + _YM)
_YEAR = re.compile(r"^((?:19|20)\d{2})(?:年度?)?$")
def _norm(text: str) -> str:
    """A cell's text as the month readers take it: spaces kept (tables.norm_keep_spaces), a month
    written month first turned year first (09/2023 -> 2023-09)."""
    return year_first(norm_keep_spaces(text))
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{1,2}|\d{3,7}")
_MONEY = re.compile(r"^[¥￥]?(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)元?$")
_INT = re.compile(r"^\d{1,3}$")
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
    id_number = _id_number(r)
    name = _checked_text(r, LABELS["name"], stops, person_name_problem)
    return {
        "name": name_without_gender(name, id_number) if name.value is not None else _unlabelled(r, id_number),
        "id_number": id_number,
        "region": _region_field(r, stops, newest),
        "employer": _employer_field(r, stops, newest),
        "print_date": _plausible_print_date(_foot_date(r, table, _print_date(r)), table),
        "months": table.field(),
    }


# ---------------------------------------------------------------- the personal block


_ROW_NUMBER = re.compile(r"^\d{1,4}(?=[\u4e00-\u9fff])")
_AMOUNT_BEFORE = re.compile(r"^\d+(?:\.\d+)?\s*[|｜]?\s*(?=[\u4e00-\u9fff]{4})")


def _checked_text(r: FieldReader, labels: list[str], stops: list[str], problem: Any) -> FieldValue:
    """The first label's value whose shape is plausible (a label or a title is refused), label by
    label in the order given; else the first value read without a row number before it, or as read
    but never sure (its shape is wrong)."""
    first = read_text(r, labels, stops)
    if first.value is None or problem(first.value) is None:
        return first
    for label in labels:
        fv = read_text(r, [label], stops)
        if fv.value is not None and problem(fv.value) is None:
            return fv
    # a row's 序号 run into the name cell (1林鹏: a spreadsheet export repeats the name on each row):
    # the name without it, less surely; else the value as read, kept for the reviewer and never sure
    bare = _ROW_NUMBER.sub("", nfkc(first.value)) if isinstance(first.value, str) else None
    if bare and bare != nfkc(first.value) and problem(bare) is None:
        return first.model_copy(update={"value": bare, "confidence": round(min(first.confidence, INFERRED["row_number_cut"]), 4)})
    return first.model_copy(update={"confidence": round(min(first.confidence, INFERRED["status_unread"]), 4)})


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
    return _clipped_print_date(r) or fv


def _clipped_print_date(r: FieldReader) -> FieldValue | None:
    """A date on its label's row whose year lost characters under the seal (对账日期：二二四年八月五日),
    completed in the labels file's century, read less surely."""
    clip = LABELS["clipped_dates"]
    for at in r.find_labels(LABELS["print_date"]):
        page_no, line, _ = r.lines[at.index]
        rows = [row for row in r.rows(page_no) if row.bbox.y0 <= line.bbox.cy <= row.bbox.y1]
        for hit, value in clipped_dates_in_rows(rows, int(clip["century"])):
            if hit.bbox.x0 >= line.bbox.x0:
                return field_from_hit(hit, value, float(clip["factor"]))
    return None


# a line that is a date and nothing else, in digits or in Chinese numerals (二〇二四年八月二十五日)
_DATE_ALONE = r"[\d年月日.\-/〇零一二三四五六七八九十]+"


def _foot_date(r: FieldReader, table: Table, fv: FieldValue) -> FieldValue:
    """The print date whose label OCR lost under the seal: a date standing alone on its line at
    the certificate's foot, below the table's last row (the issuer's date), read less surely;
    else, on a certificate written as a letter whose months are in an annex, the date alone on
    its line under the letter's closing words (特此证明, then the issuer, then the date)."""
    if fv.value is not None:
        return fv
    if not table.rows():
        return _closing_date(r) or fv
    last = max(table.rows(), key=lambda rec: (rec.page, max((ln.bbox.y1 for ln in rec.lines), default=0.0)))
    # a sheet printed two-up ends its table in its last panel, whose rows need not be the lowest
    read_last = next((rec for rec in reversed(table.records) if rec.month is not None and rec.lines), last)
    if read_last.page == last.page and read_last is not last:
        last = read_last
    bottom = max((ln.bbox.y1 for ln in last.lines), default=0.0)
    span = (0.0, 1.0)
    if last.lines:
        sheet = next((pg for pg in r.pages if pg.number == last.page), None)
        landscape = sheet is not None and sheet.width > sheet.height
        span = panel_span([ln for p, ln, _ in r.lines if p == last.page], last.lines[0].bbox, landscape)
    found = None
    for item in r.lines:
        page_no, ln, norm = item
        if (page_no, ln.bbox.y0) <= (last.page, bottom) or len(norm) > 14:
            continue
        if page_no == last.page and not span[0] - 0.01 <= ln.bbox.x0 <= span[1] + 0.01:
            continue  # the other page of a two-up sheet
        value = date_of(norm)
        if value is not None and re.fullmatch(_DATE_ALONE, norm.translate(str.maketrans("", "", "\u2010\u2011"))):
            found = field_from_hit(r.hit(item, 0, len(norm)), value, INFERRED["month"])
    return found or _closing_date(r) or fv


def _closing_date(r: FieldReader) -> FieldValue | None:
    """The first date alone on its line after the letter's closing words (特此证明), on their page."""
    closing = [k for k, (_, _, norm) in enumerate(r.lines) if any(w in norm for w in LABELS["closing_words"])]
    if not closing:
        return None
    page_no = r.lines[closing[0]][0]
    for item in r.lines[closing[0] + 1:]:
        if item[0] != page_no:
            break
        norm = item[2]
        value = date_of(norm) if len(norm) <= 14 else None
        if value is not None and len(value) == 10 and re.fullmatch(_DATE_ALONE, norm):
            return field_from_hit(r.hit(item, 0, len(norm)), value, INFERRED["month"])
    return None


def _plausible_print_date(fv: FieldValue, table: Table) -> FieldValue:
    """A certificate is printed after the months it lists: a print date before the table's newest
    month was misread (a digit under the seal) or belongs to something else; kept, read less surely."""
    rows = table.rows()
    if fv.value is None or not rows or str(fv.value)[:7] >= (rows[-1].month or ""):
        return fv
    return fv.model_copy(update={"confidence": round(fv.confidence * INFERRED["month"], 4)})


def _unlabelled(r: FieldReader, id_number: FieldValue) -> FieldValue:
    """The holder's name where no label prints it: alone above the number (an app's card), else the
    letter's sentence naming them before the number (a counter's 兹证明…（公民身份号码…）)."""
    alone = unlabelled_name(r, id_number)
    return alone if alone.value is not None else name_before_number(r)


def normalize_region(text: str | None) -> str | None:
    """A region as the rules compare it: the print's words, a province before a city dropped
    (云南省昆明市 -> 昆明市: the 统筹区 is the city)."""
    if text is None:
        return None
    t = nfkc(text).strip("|:：")
    if not t:
        return None
    return _PROVINCE_PREFIX.sub("", t)


# another field's label and its colon inside a value (昆明市险种:企业职工基本养老保险记录数:12: the line
# prints three fields), and an English gloss after a place's Han name (昆明市 Kunming, a bilingual print)
_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\s*[A-Za-z][A-Za-z .,'()/-]*$")


def place_only(text: str) -> str:
    """A region's cell as the place it names: the line cut before another field's label (险种:), an
    English gloss after the Han name dropped. A place's name holds neither."""
    t = nfkc(text).strip(":： ")
    if ":" in t:  # the place ends where the next label begins: its own suffix (市, 区, 本级) says where
        head = t.split(":")[0]
        m = _REGION.match(head)
        t = m.group(0) if m else head
    return _GLOSS.sub("", t).strip()


def _region_field(r: FieldReader, stops: list[str], newest: dict[str, Any] | None) -> FieldValue:
    fv = read_text(r, LABELS["region"], stops)
    value = normalize_region(place_only(fv.value)) if isinstance(fv.value, str) else None
    if value and _REGION.search(value):
        return fv.model_copy(update={"value": value})
    if newest and newest.get("region"):  # not printed in the personal block: the newest month's
        return FieldValue(value=newest["region"], confidence=round(newest["_conf"] * 0.95, 4), bbox=newest["_bbox"],
                          page=newest["_page"], source=newest["_source"])
    if value and not _region_shaped(value):
        # no place's shape (缴费月份, a column header beside the label): kept for the reviewer, never sure
        return fv.model_copy(update={"value": value, "confidence": round(min(fv.confidence, INFERRED["status_unread"]), 4)})
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


def _month_match(m: re.Match[str], offset: int = 0) -> str:
    return f"{m.group(1 + offset)}-{int(m.group(2 + offset) or m.group(3 + offset)):02d}"


def _month_cell(text: str) -> str | None:
    """The month a month cell holds (202403, 2024-03, 2024.3, 2024年03月, a 序号 before it),
    also when OCR read a 0 as O or a 1 as l."""
    for t in (_norm(text), _norm(text).translate(_DIGIT_LOOKALIKES)):
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


def _place_doubt(employer: str | None, region: str | None) -> float:
    """How surely a row's unit and region cells can be read for what they are: a unit of no unit's
    shape (司, the end of a name wrapped in a merged cell) or a region of no place's shape (a header's
    缴费月份) is never certain, however clearly OCR read it."""
    if employer is not None and unit_name_problem(employer) is not None:
        return INFERRED["status_partial"]
    if region is not None and not _region_shaped(region):
        return INFERRED["status_partial"]
    return 1.0


def _region_shaped(region: str) -> bool:
    return contains_label_word(region) is None and (_REGION.search(region) is not None or region.endswith("省"))


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
    t = _norm(text)
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
    t = _SEQ_PREFIX.sub("", _norm(text))
    if not _MONTH_START.match(t):
        return None
    return _row(split_cells(t, order or _DEFAULT_ORDER))


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


# ---------------------------------------------------------------- the layout


def _anchor_value(text: str, anchor: str) -> bool:
    if anchor == "year":
        return _year_cell(text) is not None
    if anchor == "range":
        return _range_cell(text) is not None or _month_cell(text) is not None
    return _month_cell(text) is not None


class PensionTable(TableLayout):
    """The payment table as the 12333 platforms and the provincial systems print it: a month, a
    period or a year opens a row (labels/pension_certificate.yaml `table`)."""

    labels = TABLE
    anchors = ("month", "range", "start")
    text_roles = _TEXT_ROLES
    seal_words = tuple(LABELS["seal_words"])
    summary_words = tuple(LABELS["summary_words"])
    default_order = tuple(_DEFAULT_ORDER)

    def pattern_role(self, text: str) -> str | None:
        """m1..m12 for a year grid's month columns (3月, 三月份)."""
        m = _MONTH_OF_YEAR.match(text)
        if m:
            return f"m{int(m.group(1))}"
        if text.rstrip("份").endswith("月") and text.rstrip("份")[:-1] in _CN_MONTHS:
            return f"m{_CN_MONTHS[text.rstrip('份')[:-1]]}"
        return None

    def pattern_labels(self, text: str) -> list[tuple[str, int, int]]:
        return [(f"m{int(m.group(1))}", m.start(), m.end()) for m in re.finditer(r"(1[0-2]|[1-9])月", text)]

    def is_header(self, roles: set[str]) -> bool:
        moy = sum(1 for k in _MOY if k in roles)
        anchor = bool(roles & {"month", "range", "start"}) or moy >= 6
        data = roles & {"employer", "base", "region", "status", "count", "end"}
        if anchor and (data or moy >= 6):
            return True
        # the months' label garbled: three data columns make a header, the months come from content
        return len(roles & {"employer", "base", "region", "status"}) >= 3

    def header_rank(self, roles: Collection[str]) -> int:
        """A payment table has a base or a status column; a list of the units with their periods
        above it (序号 | 单位编号 | 参保单位名称 | 统筹区 | 起始年月 | 截止年月) names as many columns and neither."""
        return len({"base", "status"} & set(roles))

    def anchor_of(self, roles: Collection[str]) -> str | None:
        if sum(1 for k in _MOY if k in roles) >= 6 and "year" in roles:
            return "year"
        return super().anchor_of(roles)

    def is_data_row(self, row: list[TextLine]) -> bool:
        """A visual row holding a month (or a period) among its first cells, or a year at its left."""
        kinds = [cell_kind(ln.text) for ln in row]
        return any(k in ("month", "range") for k in kinds[:3]) or bool(kinds and kinds[0] == "year" and len(row) >= 4) or (
            len(kinds) > 1 and kinds[0] == "int" and kinds[1] == "year" and len(row) >= 5
        )

    def given_roles(self, texts: list[list[str]]) -> dict[int, str]:
        # a year grid: the month-of-year columns are the amount columns right of the units
        years = [i for i, t in enumerate(texts) if _classify(t).get("year", 0) >= 0.6]
        return {years[0]: "year"} if years else {}

    def assign_roles(self, columns: list[tuple[Cell, list[str]]], anchor_x: float, given: dict[int, str]) -> list[Cell]:
        return _assign_roles(columns, anchor_x, given)

    def is_anchor_value(self, text: str, anchor: str) -> bool:
        return _anchor_value(text, anchor)

    def opens_merged(self, text: str) -> bool:
        return re.match(r"(?:19|20)\d{2}", _SEQ_PREFIX.sub("", _norm(text))) is not None

    def opens_text_row(self, text: str) -> bool:
        return _MONTH_START.match(_SEQ_PREFIX.sub("", _norm(text))) is not None

    def unread_anchor(self, row: list[TextLine], columns: Columns) -> TextLine | None:
        """A row whose month OCR could not read (its status and base are there)."""
        if columns.anchor != "month":
            return None
        keys = {columns.column(ln): ln for ln in row if len(columns.spanned(ln)) <= 1}
        if "status" in keys and "base" in keys and _status(keys["status"].text) and _base(keys["base"].text) is not None:
            return keys.get("month") or keys["status"]
        return None

    def split_cells(self, text: str, order: list[str]) -> dict[str, str]:
        return split_cells(text, order)


PENSION_TABLE = PensionTable()


def header_role(text: str) -> str | None:
    """The column role a payment table's header cell names (table roles of the labels file,
    `ignore` included, m1..m12 for a year grid's month columns), or None."""
    return tables.header_role(PENSION_TABLE, text)


# ---------------------------------------------------------------- rows


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
    insurance: str | None = None  # what its 险种 cell names: "pension", "other", or None (no such cell, or unclear)

    def as_dict(self) -> dict[str, Any]:
        """The month as report.json shows it (a `PensionRow`'s dict)."""
        return PensionRow(month=self.month, employer=self.employer, region=self.region, base=self.base,
                          status=self.status).to_json()  # type: ignore[arg-type]


def _records(row_lines: list[TextLine], columns: Columns, page_no: int, has_status: bool) -> list[Record]:
    """The months one table row stands for: one (a month row), a period's months, or a year's."""
    parts = cell_parts(row_lines, columns)
    if any(w in nfkc(t) for items in parts.values() for _, _, t, _ in items for w in LABELS["summary_words"]):
        return []
    cells: dict[str, str] = {}
    confs: dict[str, float] = {}
    for key, items in parts.items():
        if key in ("month", "start", "end", "range", "year"):
            texts = [t for _, _, t, _ in sorted(items)]
            cells[key] = next((t for t in texts if _anchor_value(t, "year" if key == "year" else "month") or _range_cell(t)), texts[0])
        else:
            if key in _TEXT_ROLES and any(han_count(t) for _, _, t, _ in items):
                # a line of Latin words alone in a unit's or a place's cell is the header's gloss (a
                # bilingual print's Employer / Place under 缴费单位 / 参保地), never part of the name
                items = [i for i in items if han_count(i[2]) or any(ch.isdigit() for ch in i[2])]
            cells[key] = joined(items, "" if key in _TEXT_ROLES else " ")
        confs[key] = min(c for _, _, _, c in items)
    if columns.anchor == "month" and not _month_cell(cells.get("month", "")):
        # the month's cell run into its neighbour's and read as that column's (202309企业职工基本养老保险
        # under 险种类型): a cell of a column no rule reads that opens with a month holds the row's month
        for key in [k for k in cells if k not in _READ_ROLES]:
            month = _month_cell(cells[key])
            if month:
                cells["month"], confs["month"] = month, confs[key]
                break
    shaped = _by_shape(parts, cells, confs)
    used = [ln for ln in row_lines if columns.column(ln) in _READ_ROLES or len(columns.spanned(ln)) > 1
            or nfkc(ln.text) in shaped]
    rule_conf = min([confs[k] for k in confs if k in _RULE_ROLES and k not in _TEXT_ROLES] or [1.0])
    place_conf = min([confs[k] for k in confs if k in _TEXT_ROLES] or [1.0])
    employer = nfkc(cells.get("employer", "")).strip("|") or None
    if employer and _AMOUNT_BEFORE.match(employer):
        # a neighbour's amount run into the unit's cell (512昆明北辰…: a spreadsheet's 个人缴费 beside
        # 缴费单位名称): the unit without it, never sure
        employer = _AMOUNT_BEFORE.sub("", employer)
        place_conf = min(place_conf, INFERRED["status_partial"])
    region = _region_value(cells.get("region", ""))
    place_conf = min(place_conf, _place_doubt(employer, region))
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


_SHAPE_ROLES = {"money": "base", "status": "status", "region": "region", "unit": "employer"}


def _by_shape(parts: dict[str, list[Any]], cells: dict[str, str], confs: dict[str, float]) -> set[str]:
    """A card list set out as a table without a header (an app's 缴费记录: the month and the unit
    under it on the left, 基数 4200.00 and 已缴费 on the right): its columns hold several kinds of
    cell each, so a column's role leaves some of them unread. A cell of a column without a role, or
    one that is not what its column holds, fills the role its own shape says (after its label:
    基数 4200.00, 统筹区：昆明市), where the row has none. Returns the texts so placed."""
    placed: set[str] = set()
    for key, items in parts.items():
        for _, _, text, conf in sorted(items):
            t = nfkc(text)
            if not key.startswith("_") and (key not in ("month", "range", "year", "start", "end")
                                            or cell_kind(t) in ("month", "range", "year")):
                continue
            rest = t
            for role in ("base", "region", "employer"):
                label = next((x for x in sorted(map(nfkc, PENSION_TABLE.labels[role]), key=len, reverse=True)
                              if t.startswith(x)), None)
                if label is not None:
                    rest = t[len(label):].lstrip(":： ")
                    break
            role = _SHAPE_ROLES.get(cell_kind(rest) or "")
            if role is None or role in cells:
                continue
            cells[role] = rest
            confs[role] = conf
            placed.add(t)
    return placed


def _year_records(cells: dict[str, str], confs: dict[str, float], columns: Columns, employer: str | None,
                  region: str | None, used: list[TextLine], page_no: int) -> list[Record]:
    """A year grid's row: each month-of-year cell holds the month's base (paid), an unpaid mark
    (欠), or nothing (no record)."""
    year = _year_cell(cells.get("year", ""))
    if year is None:
        return []
    year_conf = confs.get("year", 1.0)
    place_conf = min(min(confs.get(k, 1.0) for k in ("employer", "region")), _place_doubt(employer, region))
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
    paid = sum(1 for r in out if r.status == "paid")
    unread = [r for r in out if r.status is None]
    if re.fullmatch(r"\d{1,2}", count):
        if int(count) == paid + len(unread):
            # the row's 月数 is its paid cells' count, the ones OCR could not read (主常 for 正常)
            # among them: they are paid, and it vouches for cells read faintly (a fax's 正常 at
            # 0.75), never more surely than an inferred status
            vouched = min(confs.get("count", 1.0), INFERRED["status_partial"], year_conf)  # not the year's
            for r in out:
                r.conf = max(r.conf, vouched)
            for r in unread:
                r.status, r.cap = "paid", INFERRED["status_partial"]  # in place of status_unread
        else:
            for r in out:  # the row's paid months do not add up to its 月数: a cell was lost or misread
                r.cap = min(r.cap, INFERRED["month_unread"])
    bases = {r.base for r in out if r.base is not None}
    if len(bases) == 1:
        # an unpaid month prints no base: the row's (one employer, one year) base is its base
        for r in out:
            if r.base is None:
                r.base = next(iter(bases))
    return out


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


def _insurance_kind(row_lines: list[TextLine], columns: Columns) -> str | None:
    """What a row's 险种 cell names: "pension" (养老), "other" (失业, 工伤 ...), or None where the
    table has no such column or the cell names neither or both."""
    if not columns.has("insurance"):
        return None
    text = nfkc("".join(ln.text for ln in row_lines if columns.column(ln) == "insurance" and len(columns.spanned(ln)) <= 1))
    pension = any(w in text for w in INSURANCE_WORDS["pension"])
    other = any(w in text for w in INSURANCE_WORDS["other"])
    return "pension" if pension and not other else "other" if other and not pension else None


def _centre_y(r: Record) -> float | None:
    return sum((ln.bbox.y0 + ln.bbox.y1) / 2 for ln in r.lines) / len(r.lines) if r.lines else None


def _pension_rows(found: list[Record]) -> list[Record]:
    """The pension record's rows where a print lists several insurances month by month (a 险种
    column: 基本养老保险 / 失业保险 / 工伤保险 under one merged 费款所属期 cell). A row of another
    insurance is no month of the record; the merged month cell stands level with one of its rows
    (the middle one), so a month read on another insurance's row belongs to the pension row
    nearest it on the page that has no month of its own, when no row that has one lies nearer."""
    others = [r for r in found if r.insurance == "other"]
    if not others:
        return found
    kept = [r for r in found if r.insurance != "other"]
    for o in others:
        y = _centre_y(o)
        if o.month is None or y is None:
            continue
        near = [(abs(cy - y), r) for r in kept if r.page == o.page and (cy := _centre_y(r)) is not None]
        if not near:
            continue
        _, best = min(near, key=lambda t: t[0])
        if best.month is None:
            best.month = o.month
            best.conf = min(best.conf, o.conf)
    return kept


def _cell_line(r: Record, value: str) -> TextLine | None:
    """The line of a record that printed `value` (its unit's or region's cell)."""
    return next((ln for ln in r.lines if value in nfkc(ln.text).strip("|") and len(nfkc(ln.text)) <= len(value) + 2), None)


def _carry_merged_cells(found: list[Record], pages: list[Page]) -> None:
    """A unit or region cell merged down over a run of months (rowspan, a counter's letter) stands
    level with one of them, and the other months of the run read none. The table's rules bound the
    merged cell: no rule crosses its column inside it, while the month columns are ruled row by
    row. A long name wraps inside the merged cell (云南高原明珠信息技术有限公 / 司), each line level
    with another month: the lines between the same two rules are one cell, joined top to bottom.
    Each month whose row lies between those rules takes the cell's value. Without rules on the page
    the run cannot be bounded; the months take the page's one value only when all its cells
    agree, less surely."""
    rules = {p.number: p.rules for p in pages}
    for role in _TEXT_ROLES:
        for page in {r.page for r in found}:
            mine = [r for r in found if r.page == page and _centre_y(r) is not None]
            filled = [r for r in mine if getattr(r, role) is not None]
            if not filled or len(filled) == len(mine):
                continue
            if not rules.get(page):
                values = {getattr(r, role) for r in filled}
                if len(values) == 1:
                    value, conf = values.pop(), min([f.place_conf for f in filled] + [INFERRED["month"]])
                    for r in mine:
                        if getattr(r, role) is None:
                            setattr(r, role, value)
                            r.place_conf = min(r.place_conf, conf)
                continue
            cells: dict[tuple[float, float], list[tuple[float, Record]]] = {}
            for src in filled:
                span = _merged_span(src, getattr(src, role), rules[page])
                if span is not None:
                    cells.setdefault(span, []).append((_cell_line(src, getattr(src, role)).bbox.y0, src))  # type: ignore[union-attr]
            for (top, bottom), parts in cells.items():
                parts.sort(key=lambda t: t[0])
                value = "".join(getattr(src, role) for _, src in parts)
                if len(parts) == 1:
                    conf = parts[0][1].place_conf
                else:  # the wrapped pieces joined: their reading, and the whole judged for its shape
                    lines = [_cell_line(src, getattr(src, role)) for _, src in parts]
                    shape = _place_doubt(value, None) if role == "employer" else _place_doubt(None, value)
                    conf = min([ln.confidence for ln in lines if ln is not None] + [shape])
                for r in mine:
                    if not top < (_centre_y(r) or 0) < bottom:
                        continue
                    piece = any(r is src for _, src in parts)
                    if getattr(r, role) is None or piece:
                        setattr(r, role, value)
                        # a piece's own doubt was its piece's shape: the whole's replaces it
                        r.place_conf = conf if piece and len(parts) > 1 else min(r.place_conf, conf)


def _merged_span(r: Record, value: str, rules: list[Any]) -> tuple[float, float] | None:
    """The rules above and below a record's cell that printed `value`, across the cell's middle."""
    cell = _cell_line(r, value)
    if cell is None:
        return None
    cx = (cell.bbox.x0 + cell.bbox.x1) / 2
    slack = 0.3 * cell.bbox.height
    ys = [ru.y_at(cx) for ru in rules if ru.x0 <= cx <= ru.x1]
    top = max((y for y in ys if y <= cell.bbox.y0 + slack), default=None)
    bottom = min((y for y in ys if y >= cell.bbox.y1 - slack), default=None)
    return None if top is None or bottom is None else (round(top, 4), round(bottom, 4))


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


_YEAR_HEADS = frozenset(nfkc(t) for t in TABLE["year"])
_MONTH_OF_YEAR_HEADS = frozenset(LABELS["month_of_year_heads"])


def years_merged_down(pages: list[Page]) -> list[Page]:
    """A table whose 年度 cell is merged down over its months and whose 月份 column prints the month of
    the year alone (年度 | 月份: 2023 | 9月 … 12月, 2024 | 1月 …: an online hall's certificate): each month
    cell is given its year, and the year cells are taken out of the rows. The months are split into runs
    where the month of the year turns back (12月 to 1月, or 1月 to 12月 newest first); a run takes the one
    year whose cell stands within it, and a run with none the year its neighbours imply, less surely.
    The page is otherwise as read; a page without such a header is returned as it is."""
    out = []
    for page in pages:
        lines = list(page.lines)
        heads = [ln for ln in lines if nfkc(ln.text).replace(" ", "") in _YEAR_HEADS]
        moys = [ln for ln in lines if nfkc(ln.text).replace(" ", "") in _MONTH_OF_YEAR_HEADS]
        pair = next(((y, m) for y in heads for m in moys if abs(y.bbox.cy - m.bbox.cy) < y.bbox.height
                     and m.bbox.x0 > y.bbox.x0), None)
        if pair is None:
            out.append(page)
            continue
        yh, mh = pair
        reach = 1.5 * max(yh.bbox.x1 - yh.bbox.x0, mh.bbox.x1 - mh.bbox.x0)
        below = [ln for ln in lines if ln.bbox.cy > mh.bbox.y1]
        months = sorted((ln for ln in below if _MONTH_OF_YEAR.match(nfkc(ln.text).replace(" ", ""))
                         and abs(_mid(ln) - _mid(mh)) <= reach), key=lambda ln: ln.bbox.cy)
        years = [ln for ln in below if _YEAR.match(nfkc(ln.text).replace(" ", ""))
                 and abs(_mid(ln) - _mid(yh)) <= reach and _mid(ln) < mh.bbox.x0]
        if len(months) < 2 or not years:
            out.append(page)
            continue
        number = [int(_MONTH_OF_YEAR.match(nfkc(ln.text).replace(" ", "")).group(1)) for ln in months]
        steps = [b - a for a, b in zip(number, number[1:])]
        newest_first = sum(1 for d in steps if d in (-1, 11)) > sum(1 for d in steps if d in (1, -11))
        runs: list[list[int]] = [[0]]
        for k in range(1, len(months)):
            turned = number[k] > number[k - 1] if newest_first else number[k] < number[k - 1]
            if turned:
                runs.append([])
            runs[-1].append(k)
        held: list[int | None] = []
        for run in runs:
            top, bottom = months[run[0]].bbox.y0, months[run[-1]].bbox.y1
            found = {int(_YEAR.match(nfkc(ln.text).replace(" ", "")).group(1)) for ln in years if top <= ln.bbox.cy <= bottom}
            held.append(found.pop() if len(found) == 1 else None)
        step = -1 if newest_first else 1
        given = list(held)
        for i in range(len(runs)):  # a run without its own year cell: its neighbour's, one year on
            if given[i] is None:
                before = next((given[j] + step * (i - j) for j in range(i - 1, -1, -1) if held[j] is not None), None)
                after = next((held[j] - step * (j - i) for j in range(i + 1, len(runs)) if held[j] is not None), None)
                given[i] = before if after is None or before == after else (after if before is None else None)
        dated = {}
        for i, run in enumerate(runs):
            if given[i] is None:
                continue
            for k in run:
                ln = months[k]
                conf = ln.confidence if held[i] is not None else min(ln.confidence, INFERRED["month"])
                dated[id(ln)] = ln.model_copy(update={"text": f"{given[i]}年{number[k]}月", "confidence": conf})
        used = {id(ln) for ln in years}
        new = [dated.get(id(ln), ln) for ln in lines if id(ln) not in used]
        out.append(page.model_copy(update={"lines": new}).with_image(page.image) if dated else page)
    return out


def _mid(ln: TextLine) -> float:
    return (ln.bbox.x0 + ln.bbox.x1) / 2


def read_table(pages: list[Page]) -> Table:
    """The payment table's months over all pages (a page without a header continues the table)."""
    found: list[Record] = []
    pages = years_merged_down(pages)
    rows = read_rows(PENSION_TABLE, pages)
    heads = group_heads(rows, pages)
    cards = month_cards(rows, pages, heads)
    for row in rows:
        has_status = row.columns.has("status") if row.columns is not None else "status" in row.order
        if row.columns is not None:
            records = _records(row.lines, row.columns, row.page, has_status)
            kind = _insurance_kind(row.lines, row.columns)
            for r in records:
                r.insurance = kind
            card = cards.get(id(row.anchor), [])
            if len(records) == 1 and card:  # one month, its card's lines under its row
                _fill_from_card(records[0], [ln for ln in row.lines if ln is not row.anchor] + card)
            found.extend(records)
            continue
        ordered = row.merged_lines()
        cells = parse_row_text(" ".join(ln.text for ln in ordered), row.order)
        if cells is None:
            continue
        card = cards.get(id(row.anchor), [])
        place_conf = min(ln.confidence for ln in ordered)
        if card:
            cells, used = _card_cells(cells, card)
            ordered = ordered + used
            place_conf = min([place_conf] + [ln.confidence for ln in used])
        if cells["status"] is None and cells["base"] is None:
            continue
        conf = min(ln.confidence for ln in row.merged_lines())
        rec = Record(cells["month"], cells["employer"], cells["region"], cells["base"], cells["status"], conf, 1.0,
                     place_conf, ordered, row.page)
        if rec.status is None and not has_status:
            rec.status, rec.cap = ("paid" if rec.base else None), INFERRED["status_default"]
        found.append(rec)
    found = _pension_rows(found)
    _fill_from_heads(found, heads)
    _carry_merged_cells(found, pages)
    _units_from_codes(found, pages)
    if not found:
        found = column_blocks(pages)
    unread = _fill_unread_months(found)
    return Table(found, unread)


_UNIT_CODE = re.compile(r"\d{6,20}")


def _units_from_codes(found: list[Record], pages: list[Page]) -> None:
    """A month that names its unit only by the unit's code (an 电子证照's 缴费明细: 单位编号
    530194465256) takes the name the document gives that code where it lists its units (序号 | 单位编号
    | 参保单位名称 | 统筹区 …): the code's line and a line of a unit's shape on one visual row, the code
    standing nowhere else with another name. In place; a code the list does not name stays unread."""
    if not any(r.employer is None for r in found):
        return
    names: dict[str, set[tuple[str, float]]] = {}
    for page in pages:
        for ln in page.lines:
            code = nfkc(ln.text)
            if not _UNIT_CODE.fullmatch(code):
                continue
            for other in page.lines:
                if other is ln or min(other.bbox.y1, ln.bbox.y1) - max(other.bbox.y0, ln.bbox.y0) < 0.5 * ln.bbox.height:
                    continue
                name = nfkc(other.text)
                if han_count(name) >= 4 and unit_name_problem(name) is None:
                    names.setdefault(code, set()).add((name, min(ln.confidence, other.confidence)))
    for r in found:
        if r.employer is not None or r.page is None:
            continue
        page = next((p for p in pages if p.number == r.page), None)
        row = [ln for ln in (page.lines if page else []) if r.lines and
               min(ln.bbox.y1, r.lines[0].bbox.y1) - max(ln.bbox.y0, r.lines[0].bbox.y0) >= 0.5 * r.lines[0].bbox.height]
        codes = {nfkc(ln.text) for ln in row if _UNIT_CODE.fullmatch(nfkc(ln.text))}
        named = {n for c in codes for n in names.get(c, ())}
        if len({n for n, _ in named}) == 1:  # one name, however often the list reads it: at its lowest confidence
            r.employer, r.place_conf = next(iter(named))[0], min([r.place_conf] + [c for _, c in named])


@dataclass(frozen=True)
class GroupHead:
    """A line over a run of months that names their unit or region (缴费单位：昆明云岭科技有限公司 /
    统筹区：昆明市 over the months paid there): it holds for the months below it, to the next one."""

    page: int
    y: float
    role: str  # employer | region
    value: str
    lines: tuple[TextLine, ...]


_HEAD_LABEL = re.compile(r"^([^:]{2,8}):(.+)$")
_HEAD_REACH = 3  # row pitches above the first month a group's head may stand (the holder's block is further up)


def group_heads(rows: list[TableRow], pages: list[Page]) -> list[GroupHead]:
    """The lines among a table's months, or just over the first, that name the unit or region of
    the months below them: a label of the table's employer or region column, a colon, a value of
    that kind. The holder's own 参保单位 further up the page is none: it names the current unit,
    not each month's."""
    out: list[GroupHead] = []
    for page in pages:
        mine = sorted((r for r in rows if r.page == page.number), key=lambda r: r.anchor.bbox.y0)
        if not mine:
            continue
        ys = [r.anchor.bbox.y0 for r in mine]
        gaps = sorted(b - a for a, b in zip(ys, ys[1:]) if b > a)
        pitch = gaps[len(gaps) // 2] if gaps else 2 * mine[0].anchor.bbox.height
        top, bottom = ys[0] - _HEAD_REACH * pitch, max(ln.bbox.y1 for r in mine for ln in r.lines)
        # a month's own visual row holds no head (a line between rows may have joined a row's cells)
        taken = {id(ln) for r in mine for ln in r.lines if abs(ln.bbox.cy - r.anchor.bbox.cy) < 0.5 * r.anchor.bbox.height}
        for label in page.lines:
            if id(label) in taken or not top <= label.bbox.y0 < bottom:
                continue
            vrow = [label]
            if _norm(label.text).rstrip().endswith(":"):  # the value in a box of its own beside it
                beside = [ln for ln in page.lines if ln is not label and id(ln) not in taken and ln.bbox.x0 >= label.bbox.x1 - 0.002
                          and abs(ln.bbox.cy - label.bbox.cy) < 0.5 * label.bbox.height]
                vrow += sorted(beside, key=lambda ln: ln.bbox.x0)[:1]
            for label_text, value in _head_pairs(_norm(" ".join(ln.text for ln in vrow)).replace(" ", "")):
                role = header_role(label_text)
                if role == "employer" and unit_name_problem(value) is None:
                    out.append(GroupHead(page.number, vrow[0].bbox.y0, role, value, tuple(vrow)))
                elif role == "region" and _region_value(value) and cell_kind(value) == "region":
                    out.append(GroupHead(page.number, vrow[0].bbox.y0, role, _region_value(value), tuple(vrow)))
    return out


def _head_pairs(text: str) -> list[tuple[str, str]]:
    """The label and value pairs of a group's head: one (缴费单位:昆明…), or several on one line where
    the table's own labels stand before their colons (单位编号:530156453774统筹区:昆明市: a section bar
    naming the unit's code and its region), each value running to the next such label."""
    known = _head_labels()
    cuts = []
    for colon in (i for i, ch in enumerate(text) if ch == ":"):
        label = next((k for k in known if text[:colon].endswith(k)), None)
        if label is None:
            # a label with one character misread (统等区): the longest run of Han characters before the
            # colon that still names a column
            run = re.search(r"[\u4e00-\u9fff]{2,8}$", text[:colon])
            label = next((run.group(0)[k:] for k in range(len(run.group(0)) - 1) if header_role(run.group(0)[k:])), None) if run else None
        if label is not None:
            cuts.append((colon - len(label), colon))
    if len(cuts) >= 2:
        return [(text[a:c], text[c + 1:(cuts[i + 1][0] if i + 1 < len(cuts) else len(text))]) for i, (a, c) in enumerate(cuts)]
    m = _HEAD_LABEL.match(text)
    return [(m.group(1), m.group(2))] if m else []


@lru_cache(maxsize=1)
def _head_labels() -> tuple[str, ...]:
    return tuple(sorted({nfkc(x) for labels in TABLE.values() for x in labels if len(nfkc(x)) >= 2}, key=len, reverse=True))


def _fill_from_heads(found: list[Record], heads: list[GroupHead]) -> None:
    """Each month without its unit or region takes the group's head above it (`group_heads`)."""
    for rec in found:
        if not rec.lines:
            continue
        y = max(ln.bbox.y0 for ln in rec.lines)  # a head that joined the month's row stands above its month
        for role in ("employer", "region"):
            if getattr(rec, role) is not None:
                continue
            above = [h for h in heads if h.page == rec.page and h.role == role and h.y < y]
            if above:
                head = max(above, key=lambda h: h.y)
                setattr(rec, role, head.value)
                rec.place_conf = min([rec.place_conf] + [ln.confidence for ln in head.lines])


def month_cards(rows: list[TableRow], pages: list[Page], heads: list[GroupHead] = ()) -> dict[int, list[TextLine]]:
    """The lines under each month of a table read without columns, down to the next month: an
    app's or a statement's month as a card (2024年08月 已到账 / 缴费基数：5800.00 单位：928.00 /
    昆明金碧物流有限公司 昆明市), whose lines below the month's own row fit no column. The last
    month's card reaches down as far as the others' do. Keyed by the id of the row's anchor."""
    out: dict[int, list[TextLine]] = {}
    for page in pages:
        mine = sorted((r for r in rows if r.page == page.number), key=lambda r: r.anchor.bbox.y0)
        if len(mine) < 2:
            continue
        bottoms = [max(ln.bbox.y1 for ln in r.lines) for r in mine]
        gaps = sorted(b.anchor.bbox.y0 - a for a, b in zip(bottoms, mine[1:]))
        reach = gaps[len(gaps) // 2]
        taken = {id(ln) for r in mine for ln in r.lines} | {id(ln) for h in heads for ln in h.lines}
        head_ys = sorted(h.y for h in heads if h.page == page.number)
        for k, r in enumerate(mine):
            top = bottoms[k]
            bottom = mine[k + 1].anchor.bbox.y0 if k + 1 < len(mine) else top + reach
            bottom = min([bottom] + [y for y in head_ys if y > top])  # a group's head ends the card above it
            out[id(r.anchor)] = [ln for ln in page.lines
                                 if id(ln) not in taken and top - 0.002 <= ln.bbox.cy < bottom
                                 and ln.bbox.x0 >= r.anchor.bbox.x0 - 0.01
                                 and not PENSION_TABLE.is_seal_text(ln)
                                 and not any(w in nfkc(ln.text) for w in LABELS["summary_words"])]
    return out


# the kind of value each role of a month holds (a card's 单位：928.00 is the unit's share, no employer)
_CARD_KINDS = {"employer": ("unit",), "region": ("region",), "base": ("money", "int"), "status": ("status",)}


def _card_cells(cells: dict[str, Any], card: list[TextLine]) -> tuple[dict[str, Any], list[TextLine]]:
    """A month's cells with what its card's lines add where the month's own row left a cell empty:
    a labelled value (缴费基数：5800.00) under its label's role, an unlabelled one (昆明金碧物流有限公司,
    昆明市) by its shape; a value of the wrong kind for its label is the label's other meaning."""
    out, used = dict(cells), []
    for ln in sorted(card, key=lambda x: (x.bbox.y0, x.bbox.x0)):
        for piece in _norm(ln.text).split():
            label, colon, value = piece.partition(":")
            role = header_role(label) if colon and value else None
            text = value if role else piece
            kind = cell_kind(text)
            if role is None:
                role = next((k for k, kinds in _CARD_KINDS.items() if kind in kinds and k != "base"), None)
            if role not in _CARD_KINDS or kind not in _CARD_KINDS[role] or out.get(role) is not None:
                continue
            out[role] = _row({role: text})[role]
            if ln not in used:
                used.append(ln)
    return out, used


def _fill_from_card(rec: Record, lines: list[TextLine]) -> None:
    """A month read under columns with its employer, region or base left empty: what the lines of
    its row and card say of them (`_card_cells`), never over a cell the columns read."""
    cells = {"month": rec.month, "employer": rec.employer, "region": rec.region, "base": rec.base, "status": rec.status}
    filled, used = _card_cells(cells, lines)
    if not used:
        return
    rec.employer, rec.region, rec.base = filled["employer"], filled["region"], filled["base"]
    rec.place_conf = min([rec.place_conf] + [ln.confidence for ln in used])
    rec.lines = rec.lines + [ln for ln in used if ln not in rec.lines]


_MONTH_HEAD = re.compile(r"^(1[0-2]|[1-9])月份?$")
_BLOCK_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_BLOCK_ROWS = 4  # the payment's parts a block prints under its months (基数, 标志, amounts)


def column_blocks(pages: list[Page]) -> list[Record]:
    """The months of a print that sets each year out as a block of its own (a window or
    self-service terminal's 缴费情况表): the year above (2023年度), the month-of-year as columns
    (1月 … 12月 on a header row) and the payment's parts as rows under them (缴费基数, 到账标志),
    so a cell under a month's column is that month's: an amount its base, a status word or mark
    its status. A month with no cell has no record. The employer and region are the block's
    (缴费单位: / 统筹区: between the year and the months)."""
    out: list[Record] = []
    for page in pages:
        rows = line_rows(page.lines)
        for i, row in enumerate(rows):
            heads: dict[int, TextLine] = {}
            for ln in row:
                m = _MONTH_HEAD.match(nfkc(ln.text).replace(" ", ""))
                if m:
                    heads[int(m.group(1))] = ln
            if len(heads) < 6:
                continue
            year, employer, region = _block_head(rows[:i])
            if year is None:
                continue
            out.extend(_block_months(rows[i + 1:i + 1 + _BLOCK_ROWS], heads, year, employer, region, page.number))
    return out


def _block_head(above: list[list[TextLine]]) -> tuple[int | None, str | None, str | None]:
    """The nearest year above a block's month row, and the employer and region printed between."""
    employer = region = None
    for row in reversed(above):
        texts = [nfkc(ln.text).replace(" ", "") for ln in row]
        for t in texts:
            for label in sorted(map(nfkc, LABELS["employer"]), key=len, reverse=True):
                if t.startswith(label) and len(t) > len(label) + 1 and employer is None:
                    employer = t[len(label):].lstrip(":：") or None
            for label in sorted(map(nfkc, LABELS["region"]), key=len, reverse=True):
                if t.startswith(label) and region is None:
                    region = _region_value(t[len(label):].lstrip(":："))
        for t in texts:
            m = _BLOCK_YEAR.fullmatch(t) or (_BLOCK_YEAR.match(t) if len(t) <= 8 else None)
            if m:
                return int(m.group(1)), employer, region
    return None, None, None


def _block_months(rows: list[list[TextLine]], heads: dict[int, TextLine], year: int, employer: str | None,
                  region: str | None, page_no: int) -> list[Record]:
    """The cells under a block's month columns, a row at a time, until a row with none."""
    centers = sorted(((ln.bbox.x0 + ln.bbox.x1) / 2, k) for k, ln in heads.items())
    gaps = [b[0] - a[0] for a, b in zip(centers, centers[1:])]
    half = (statistics.median(gaps) if gaps else 0.05) / 2
    cells: dict[int, dict[str, Any]] = {}
    lo, hi = centers[0][0] - half, centers[-1][0] + half
    for row in rows:
        read: list[tuple[int, TextLine, float | None, str | None, bool]] = []
        for ln in row:
            cx = (ln.bbox.x0 + ln.bbox.x1) / 2
            if not lo <= cx <= hi:
                continue  # a row's label at the left, or text beside the table
            near = min(centers, key=lambda c: abs(c[0] - cx))
            base = _money(ln.text)
            status, certain = read_status(ln.text)
            if status is None and (base is None or base <= 0 or abs(near[0] - cx) > half):
                read = []
                break  # words across the columns (the next block's year, a note): the block has ended
            read.append((near[1], ln, base, status, certain))
        if not read:
            break
        for k, ln, base, status, certain in read:
            cell = cells.setdefault(k, {"base": None, "status": None, "certain": True, "lines": []})
            cell["lines"].append(ln)
            if status is not None:
                cell["status"], cell["certain"] = status, certain
            else:
                cell["base"] = base
    has_status = any(c["status"] is not None for c in cells.values())
    out: list[Record] = []
    for k, cell in sorted(cells.items()):
        lines = [heads[k], *cell["lines"]]
        conf = min(ln.confidence for ln in lines)
        status, cap = cell["status"], 1.0 if cell["certain"] else INFERRED["status_partial"]
        if status is None:
            status, cap = (("paid", INFERRED["status_default"]) if cell["base"] and not has_status
                           else (None, INFERRED["status_unread"]))
        out.append(Record(f"{year:04d}-{k:02d}", employer, region, cell["base"], status, conf, cap, 1.0, lines, page_no))
    return out
