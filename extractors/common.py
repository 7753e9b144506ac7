"""Value readers shared by several document types: ID numbers, dates, names, unit names."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from preaudit.extractors.base import (GAP_GLYPHS, ROUTE_FACTORS, Accept, Candidate, FieldReader, Hit, Row, char_height, field_from_hit, is_hanzi,
                                      instruction_only)
from preaudit.pipeline.values.idnumber import is_valid_id_number
from preaudit.pipeline.model import ID_LIKE, BBox, FieldValue
from preaudit.pipeline.values.shapes import date_problem, is_blank, is_han, person_name_problem, unit_name_problem, vocabulary
from preaudit.pipeline.values.text import CN_DIGIT, cn_number, nfkc, parse_cn_date, parse_date, parse_month

# A printed date: 2024年08月15日, 2024.08.15, 2024-8-15 (after NFKC, spaces removed).
DATE = r"\d{4}[年.\-/]\d{1,2}[月.\-/]\d{1,2}日?"
_LOOSE_DATE = r"\d{4}\D{0,2}\d{1,2}\D{0,2}\d{1,2}日?"
# Certificates print dates in Chinese numerals: 二〇一九年十二月三十日 (二0一九 too), sometimes without the day.
# (the 日 may be lost under a seal: 二〇二四年八月三十)
CN_DATE = r"[〇○零O0一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日?)?"
ANY_DATE = re.compile(rf"{DATE}|{CN_DATE}")

_ID_RUN = re.compile(r"[0-9ODQIL|ZSBX]{15,}")
# Characters OCR returns for a digit of an ID number: O for 0, l for 1, S for 5, B for 8. Taken as
# digits only inside a run that is otherwise an ID number, and only when the result validates.
_OCR_DIGITS = str.maketrans({"O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "|": "1", "Z": "2", "S": "5", "B": "8"})
_TRAILING_JUNK = re.compile(r"[|丨:：,，;；]+$")
# Specks OCR reads between a label and its value (姓名.黄涛, 签发机关·昆明市公安局…): no value starts
# with one (the middle dot of 阿依古丽·买买提 sits inside the name).
_LEADING_JUNK = re.compile(r"^[.,，。·•、:：;；|丨_'\"`]+")


def id_number_valid(number: str | None) -> bool:
    """An 18-character number of GB 11643 structure: province code, a real birth date, check digit
    (an area code is not held against it: pipeline/values/idnumber.py)."""
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
            if ID_LIKE.fullmatch(window):
                printed.append(window)
                continue
            digits = window[:17].translate(_OCR_DIGITS) + (window[17] if window[17] == "X" else window[17].translate(_OCR_DIGITS))
            if ID_LIKE.fullmatch(digits) and digits not in mapped:
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
    证书编号, which is no ID number). Of the numbers beside the label, one that passes GB 11643
    wins; an invalid one is kept as read when there is no valid one.

    `anywhere`: on a document whose only long number is the ID number (the card itself), a number
    that validates (GB 11643) is also taken without its label, when OCR lost or cut the label.
    """
    cand = read_best(reader, [labels], SHAPES["id_number"], pattern=r"([0-9Xx×ODQILlZSB|]{15,})")
    if cand is not None:
        value, _valid = best_id_number(cand.text)
        # An invalid number is kept as read: ID_NUMBER_INVALID reports it; its confidence stays
        # the reading's, so a clearly printed wrong number is not also called unreadable.
        return field_from_hit(cand.hit, value)
    if anywhere:
        for item in reader.lines:
            value, valid = best_id_number(item[2])
            if value is not None and valid:
                m = re.search("|".join(re.escape(c) for c in (value, value.lower())), item[2])
                span = m.span() if m else (0, len(item[2]))
                return field_from_hit(reader.hit(item, *span), value)
    return FieldValue()


def date_value(text: str | None) -> str | None:
    """A printed date (Arabic or Chinese numerals) as YYYY-MM-DD, or None."""
    if not text:
        return None
    parsed = parse_date(text)
    return parsed.isoformat() if parsed else parse_cn_date(text)


# A date, or a month alone (2000年7月, 2000.07): a graduation is often written to the month only.
MONTH_OR_DATE = r"\d{4}[年.\-/]\d{1,2}(?:月(?:\d{1,2}日)?|[.\-/]\d{1,2}日?)?"


def date_or_month(text: str | None) -> str | None:
    """A printed date as YYYY-MM-DD, else a month alone as YYYY-MM (Arabic or Chinese numerals),
    else None: a letter that says 2000年7月毕业 says no day, and none is made up."""
    value = date_value(text)
    if value is not None:
        return value
    return parse_month(nfkc(text)) if text else None


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
    """A real date beside one of `labels` (an impossible or absurd one is refused and the next
    candidate taken)."""
    cand = read_best(reader, [labels], SHAPES["date"], pattern=rf"({_LOOSE_DATE}|{CN_DATE})", stop_labels=stop_labels, at_start=at_start)
    if cand is None:
        return FieldValue()
    return field_from_hit(cand.hit, date_value(cand.text))


def _named_in_sentence(text: str, end: int) -> bool:
    """Whether the date ending at `end` runs on into words (2024年8月22日起在…, 2024-08-22至…); its
    day's 日, or the 号 a hand writes for it (2024年8月20号), is the date's own."""
    if text[end:end + 1] in ("日", "号"):
        end += 1
    return end < len(text) and is_hanzi(text[end])


# a time of day (16:31, 09:05:12) or a weekday: a clock's stamp, never written beside a signature
# a time of day (10:22, 16:31:05), also run into the date before it as OCR reads a camera's stamp
# (2024-09-0214:59:14: hh:mm:ss is a clock whatever precedes it), or a weekday
_CLOCK = re.compile(r"(?<!\d)(?:[01]?\d|2[0-3])[:：][0-5]\d(?:[:：][0-5]\d)?(?!\d)|(?:[01]\d|2[0-3])[:：][0-5]\d[:：][0-5]\d(?!\d)"
                    r"|星期[一二三四五六日天]")


def _timestamped(row: Row) -> bool:
    """Whether a row carries a clock's stamp: a camera app's burnt-in 2024-08-31 16:31 星期六, a
    print's 打印时间 2024-08-15 10:22. A date on such a row is when a picture was taken or a page
    printed, never a signature's date."""
    return any(_CLOCK.search(t.text) for t in row.tokens)


def clock_stamped(r: FieldReader, page: int | None, box: BBox | None) -> bool:
    """Whether a box lies on a page row a clock stamped. A section's rows may leave out the stamp's
    time of day (a camera app burns it into the page's corner, outside the section's column), so
    the page's whole rows are asked."""
    if page is None or box is None:
        return False
    stamped = r.__dict__.setdefault("_stamped_rows", {})
    if page not in stamped:
        stamped[page] = [row.bbox for row in r.rows(page) if _timestamped(row)]
    return any(b.y0 <= box.cy <= b.y1 for b in stamped[page])


def off_the_clock(r: FieldReader, dated: list[tuple[Hit, str]]) -> list[tuple[Hit, str]]:
    """The dates that lie on no page row a clock stamped (clock_stamped)."""
    return [(hit, value) for hit, value in dated if not clock_stamped(r, hit.page, hit.bbox)]


def dates_in_rows(rows: Iterable[Row], signing: bool = False) -> list[tuple[Hit, str]]:
    """(hit, normalised date) of every real date on visual rows, in order: a date whose numbers
    were written by hand beside a printed 年 月 日 reads whole on its row. `signing`: only dates that
    may be a signature's, never one a sentence names (已于2024年8月22日起在本单位公示: a Han character
    follows it), nor one a clock stamped (a time of day or a weekday on its row); a signing date
    ends its line or stands before a bracket or a label's colon."""
    out = []
    for row in rows:
        text = row.text
        if signing and _timestamped(row):
            continue
        for m in ANY_DATE.finditer(text):
            value = date_value(m.group(0))
            if signing and _named_in_sentence(text, m.end()):
                continue
            if value and date_problem(value if len(value) == 10 else value + "-01") is None:
                out.append((row.hit(m.start(), m.end()), value))
    return out


# A date whose year lost digits at its start or whose month lost its separator, as the recogniser
# returns a date a seal or a signature crosses: 024年8月30日, 24.08.30, 202408.30.
_CLIPPED_YEAR = re.compile(r"(?<!\d)(\d{2,3})[年.\-/](\d{1,2})[月.\-/](\d{1,2})日?")
_GLUED_MONTH = re.compile(r"(?<!\d)(\d{4})(\d{1,2})[月.\-/](\d{1,2})日?(?!\d)")  # 202408.30, 20248月30日 (年 lost)
# the same in Chinese numerals: 二四年八月三十日 (二〇二四 with 〇二 under the seal)
_CN_CLIPPED_YEAR = re.compile(r"(?<![〇○零O0一二三四五六七八九])([〇○零O0一二三四五六七八九]{2,3})年([一二三四五六七八九十]{1,2})月"
                              r"([一二三四五六七八九十]{1,3})日")


def completed_year(digits: str, century: int) -> int | None:
    """The year a clipped year's figures stand for, in `century`'s hundred years: two figures are its
    last two (24 is 2024, as 24.08.30 writes it); three lost one figure, which may have been any of
    the four (024 and 224 are 2024; 202 is 2002 or 2020..2029 and 204 is 2004 or 2014..2094), so
    they stand for a year only where one figure lost anywhere gives exactly one year. None else:
    a year whose figure a seal's ring hid is no year to complete by guessing."""
    if len(digits) == 2:
        return century + int(digits)
    years = {y for y in range(century, century + 100)
             if any(str(y)[:k] + str(y)[k + 1:] == digits for k in range(4))}
    return years.pop() if len(years) == 1 else None


def clipped_dates_in_rows(rows: Iterable[Row], century: int) -> list[tuple[Hit, str]]:
    """(hit, normalised date) of every date on visual rows that reads whole only once its year is
    completed (its last two digits in `century`: 024年 and 24. are 2024) or its month separated
    (202408.30): the last resort for a signing date under a seal, to be read less surely. A
    date that is not real or out of range is no candidate."""
    out = []
    for row in rows:
        text = row.text
        found = [(m, f"{completed_year(m.group(1), century)}-{m.group(2)}-{m.group(3)}") for m in _CLIPPED_YEAR.finditer(text)]
        found += [(m, f"{m.group(1)}-{m.group(2)}-{m.group(3)}") for m in _GLUED_MONTH.finditer(text)]
        found += [(m, f"{completed_year(''.join(str(CN_DIGIT[c]) for c in m.group(1)), century)}-{cn_number(m.group(2))}-"
                      f"{cn_number(m.group(3))}") for m in _CN_CLIPPED_YEAR.finditer(text)]
        for m, raw in sorted(found, key=lambda f: f[0].start()):
            if raw.startswith("None"):
                continue
            y, mo, d = raw.split("-")
            try:
                value = date(int(y), int(mo), int(d)).isoformat()
            except ValueError:
                continue
            if date_problem(value) is None:
                out.append((row.hit(m.start(), m.end()), value))
    return out


def date_on_label_row(r: FieldReader, spec: list[str]) -> FieldValue:
    """The first real date right of a label on the label's visual row."""
    for at in r.find_labels(spec):
        page_no, line, _ = r.lines[at.index]
        for row in r.rows(page_no):
            if not row.bbox.y0 <= line.bbox.cy <= row.bbox.y1:
                continue
            text = row.text
            label = nfkc(at.label)
            k = text.find(label)
            if k < 0:
                continue
            for m in ANY_DATE.finditer(text, k + len(label)):
                parsed = date_value(m.group(0))
                if parsed and len(parsed) == 10 and not date_problem(parsed):
                    factor = 1.0 if at.exact else ROUTE_FACTORS["fuzzy_label"]
                    return field_from_hit(row.hit(m.start(), m.end()), parsed, factor)
    return FieldValue()


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
    reader: FieldReader, spec: Any, pattern: str, stop_labels: list[str] | None = None, upper: bool = False, at_start: bool = False,
    kind: str = "text",
) -> FieldValue:
    """The first match of `pattern` after one of the labels (group 1 if it has one) that has the
    shape of `kind`."""
    shape = SHAPES.get(kind, SHAPES["text"])
    cand = read_best(reader, tiers(spec), shape, pattern=pattern, stop_labels=stop_labels, at_start=at_start)
    if cand is None:
        return FieldValue()
    value = shape.value(cand.text)
    if isinstance(value, str) and upper:
        value = value.upper()
    return field_from_hit(cand.hit, value or None)


def clean_value(text: str) -> str:
    return _LEADING_JUNK.sub("", _TRAILING_JUNK.sub("", nfkc(text)))


def read_text(reader: FieldReader, labels: Any, stop_labels: list[str] | None = None, at_start: bool = False,
              kind: str = "text") -> FieldValue:
    """The value beside one of `labels` (a list, or tiers of lists) that has the shape of `kind`
    (text, person_name, unit): candidates in every direction, the first of a plausible shape."""
    shape = SHAPES.get(kind, SHAPES["text"])
    cand = read_best(reader, tiers(labels), shape, stop_labels=stop_labels, at_start=at_start)
    if cand is None:
        return FieldValue()
    return field_from_hit(cand.hit, shape.value(cand.text) or None)


def text_of(hit: Hit | None) -> str:
    return hit.text if hit else ""


# The kind of value a field holds when its labels file does not say (pipeline/values/certainty.yaml
# names the same fields): its candidates are checked against that shape.
DEFAULT_KINDS = {"name": "person_name", "employee_name": "person_name", "employer": "unit", "unit": "unit"}


def read_fields(reader: FieldReader, cfg: dict[str, Any], names: Iterable[str]) -> dict[str, FieldValue]:
    """Read fields the way the labels file says: `labels` (a list or tiers of lists), `kinds`
    (text, date, id_number, code, person_name, unit; the name decides where it is not given),
    `patterns` (a regex the value must match) and `at_start` (fields whose label must open its
    line, where the label is also a word of running text)."""
    kinds = cfg.get("kinds", {})
    starts = set(cfg.get("at_start", []))
    patterns = cfg.get("patterns", {})
    stops = cfg.get("stop_labels")
    out: dict[str, FieldValue] = {}
    for name in names:
        spec = cfg["labels"][name]
        kind = kinds.get(name) or DEFAULT_KINDS.get(name, "text")
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
            value = read_pattern(reader, spec, patterns[name], stops, upper=kind == "code", at_start=at_start,
                                 kind=kind if kind in SHAPES else "text")
        else:
            value = read_text(reader, spec, stops, at_start, kind=kind if kind in SHAPES else "text")
        out[name] = value
    return out


# --------------------------------------------------------------------------- shapes of values


@dataclass(frozen=True)
class Shape:
    """What a candidate's text gives (`value`: None when nothing) and how plausible that is
    (`verdict`: None refuses it; (rank, factor): rank 1 is taken at once, a lower rank only when
    nothing better comes, its confidence multiplied by `factor`)."""

    value: Callable[[str], Any]
    verdict: Callable[[Any], "tuple[float, float] | None"]

    def accept(self) -> Accept:
        def check(text: str) -> tuple[float, float] | None:
            value = self.value(text)
            return None if value is None or value == "" else self.verdict(value)

        return check


# A doubtful shape (a unit name that does not end like one, a name of seven characters): taken
# only when nothing better is found, and then below the certainty threshold (0.90).
SOFT = (0.5, 0.85)
_NAME_RUN = re.compile(r"^([\u3400-\u9fff\uf900-\ufaff·]+)")


def _text_value(text: str) -> str | None:
    value = clean_value(text)
    if not value or is_blank(value) or instruction_only(value):
        return None
    return value


def _strip_instruction_tail(value: str) -> str:
    """张伟（签字） -> 张伟; 昆明云岭科技有限公司(盖章) -> 昆明云岭科技有限公司."""
    m = re.search(r"[(\[【]([^()\[\]【】]{1,14})[)\]】]$", value)
    if m and instruction_only(m.group(1)):
        return value[: m.start()]
    return value


def _name_value(text: str) -> str | None:
    # (a name never opens with a box glyph: the gap after its label read as one, 姓名☑周斌)
    value = _text_value(text.lstrip(GAP_GLYPHS + " "))
    if value is None:
        return None
    value = _strip_instruction_tail(value)
    m = _NAME_RUN.match(value)
    if m and m.end() < len(value) and not value[m.end()].isalpha():
        value = m.group(1)  # 张伟2024年8月20日: the name glued to the date after it
    return value.strip("·") or None


def _name_verdict(value: str) -> tuple[float, float] | None:
    problem = person_name_problem(value)
    if problem is None:
        return 1.0, 1.0
    if problem.startswith("字数") and len(value) <= 10 and not any(w in value for w in vocabulary()["label_words"]):
        return SOFT  # 阿依古丽买买提 without its middle dot
    return None


def _unit_value(text: str) -> str | None:
    value = _text_value(text)
    return _strip_instruction_tail(value) if value else None


_DATE_CHARS = re.compile(r"[\d〇零一二三四五六七八九十年月日号.\-/\s]")


def _unit_verdict(value: str) -> tuple[float, float] | None:
    if any(w in value for w in vocabulary()["unit_stop_words"]):
        return None  # a title, a label or an instruction: 劳动合同备案表, 地址：, 签字并按手印
    if date_value(value) is not None and not _DATE_CHARS.sub("", value):
        return None  # a date alone (二〇二四年八月三十日 under 单位名称（盖章）) is never a unit
    problem = unit_name_problem(value)
    if problem is None:
        return 1.0, 1.0
    if problem == "空白" or len(value) < 3:
        return None
    return SOFT


def _date_value(text: str) -> str | None:
    return date_value(text)


def _date_verdict(value: str) -> tuple[float, float] | None:
    full = value if len(value) == 10 else value + "-01"
    return None if date_problem(full) else (1.0, 1.0)


def _id_value(text: str) -> str | None:
    return best_id_number(text)[0]


def _id_verdict(value: str) -> tuple[float, float] | None:
    return (1.0, 1.0) if id_number_valid(value) else (0.5, 1.0)


SHAPES: dict[str, Shape] = {
    "text": Shape(_text_value, lambda v: (1.0, 1.0)),
    "code": Shape(_text_value, lambda v: (1.0, 1.0)),
    "person_name": Shape(_name_value, _name_verdict),
    "unit": Shape(_unit_value, _unit_verdict),
    "date": Shape(_date_value, _date_verdict),
    "id_number": Shape(_id_value, _id_verdict),
}


def register_shape(kind: str, shape: Shape) -> None:
    """A kind of value an extractor defines for its own fields (pledge: `specialty`)."""
    SHAPES.setdefault(kind, shape)


def read_best(reader: FieldReader, label_tiers: list[list[str]], shape: Shape, pattern: str | None = None,
              stop_labels: list[str] | None = None, at_start: bool = False) -> Candidate | None:
    """The best candidate over tiers of labels: the first tier that offers one of a plausible
    shape wins; else the best doubtful one of any tier."""
    fallback: tuple[float, Candidate] | None = None
    for labels in label_tiers:
        found = reader.read_ranked(labels, accept=shape.accept(), pattern=pattern, stop_labels=stop_labels, at_start=at_start)
        if found is None:
            continue
        cand, rank = found
        if rank >= 1.0:
            return cand
        if fallback is None or rank > fallback[0]:
            fallback = (rank, cand)
    return fallback[1] if fallback else None


def ticked_option(text: str, options: Iterable[str], ticks: Iterable[str] | None = None,
                  boxes: Iterable[str] | None = None) -> tuple[str | None, str]:
    """Which of the printed `options` is chosen in a row of tick boxes (□固定期限 ☑无固定期限):
    the one a tick mark stands before (or in brackets after: 固定期限（√）; or right after, in a row
    that prints every box after its option: 非公经济组织☑ 国有企业□); else, when every other
    option has its empty box and this one none, the one whose box OCR lost with its tick; else,
    when only one option is printed and no box at all, that one. Returns (option, how):
    how is "ticked", "inferred" (the lost box), "only" (a single option printed) or "" (no choice
    can be read: none ticked, or several)."""
    vocab = vocabulary().get("checkbox") or {}
    ticks = tuple(nfkc(t) for t in (ticks or vocab.get("ticks") or []))
    boxes = tuple(nfkc(b) for b in (boxes or vocab.get("boxes") or []))
    flat = nfkc(text)
    found: list[tuple[int, int, str]] = []
    for option in sorted({nfkc(o) for o in options}, key=len, reverse=True):
        k = flat.find(option)
        while k >= 0:
            if not any(s < k + len(option) and k < e for s, e, _ in found):
                found.append((k, k + len(option), option))
            k = flat.find(option, k + 1)
    if not found:
        return None, ""
    found.sort()
    # a row that prints each box after its option (非公经济组织☑ 国有企业□ …): nothing marks the first
    # option from before, and the row ends with a mark
    def marked(piece: str) -> bool:
        return any(m in piece for m in ticks + boxes)

    trailing = not marked(flat[:found[0][0]]) and marked(flat[found[-1][1]:found[-1][1] + 2])
    # a row whose first option has its bracketed mark before it ((√)非公经济组织 ( )社会组织): each
    # bracket belongs to the option after it, never to the one before
    bracket = r"[(\[【]\s*(\S?)\s*[)\]】]\s*$"
    leading = re.search(bracket, flat[:found[0][0]]) is not None
    marks: dict[int, str] = {}
    for n, (s, e, option) in enumerate(found):
        prev_end = found[n - 1][1] if n else 0
        before = flat[prev_end:s]
        after = flat[e: found[n + 1][0] if n + 1 < len(found) else len(flat)]
        if trailing:
            head = after.strip()[:1]
            marks[n] = "tick" if head in ticks else "box" if head in boxes else ""
            continue
        mark = ""
        bracketed = re.search(bracket, before)  # （√）非公经济组织, （ ）国有企业
        if before and before[-1:] in ticks or any(before.endswith(t) for t in ticks if len(t) > 1):
            mark = "tick"
        elif before[-1:] in boxes:
            mark = "box"
        elif bracketed and leading:
            mark = "tick" if bracketed.group(1) and bracketed.group(1) in ticks else "box"
        if not leading and re.match(r"^[(\[]?\s*(?:" + "|".join(re.escape(t) for t in ticks) + r")\s*[)\]]", after or "") \
                and mark != "tick":
            mark = "tick"
        marks[n] = mark
    ticked = [found[n][2] for n, m in marks.items() if m == "tick"]
    if len(ticked) == 1:
        return ticked[0], "ticked"
    if ticked:
        return None, ""
    unmarked = [found[n][2] for n, m in marks.items() if m == ""]
    boxed = [n for n, m in marks.items() if m == "box"]
    if len(unmarked) == 1 and len(boxed) >= 1:
        return unmarked[0], "inferred"
    if len(found) == 1 and not boxed:
        return found[0][2], "only"
    return None, ""


def page_of(value: FieldValue, pages: Iterable[Any]) -> Any:
    """The page a value was read on (the first page where it names none), or None."""
    return next((p for p in pages if p.number == (value.page or p.number)), None)


def boxed_option(value: FieldValue, options: list[str], pages: Iterable[Any]) -> tuple[str | None, str]:
    """Which of `options` (the option names read in `value`'s text, in reading order) is ticked,
    seen on the page image around `value`'s line (preaudit.pipeline.intake.checkboxes): for a row whose boxes or
    tick OCR lost. Returns (option, "ticked") when a marked box lines up with its option, else
    (None, ""): the page has no image (a text layer), no box or several are marked, or the boxes
    do not line up with the options."""
    from preaudit.pipeline.intake.checkboxes import read_row

    if value.bbox is None or len(options) < 2:
        return None, ""
    page = page_of(value, pages)
    image = getattr(page, "image", None) if page is not None else None
    if image is None:
        return None, ""
    index, how = read_row(image, value.bbox, [len(o) for o in options])
    return (options[index], how) if index is not None else (None, "")


def _option_row(value: FieldValue, options: list[str], pages: Iterable[Any]) -> tuple[Any, list[tuple[float, float]], float, float] | None:
    """The page, each option's x span and the row's text top and bottom, the options placed by the
    OCR lines on `value`'s row, each at its characters' share of its line; None on a text layer or when
    an option is not on the row."""
    if value.bbox is None or len(options) < 2:
        return None
    page = page_of(value, pages)
    image = getattr(page, "image", None) if page is not None else None
    if image is None:
        return None
    box = value.bbox
    row = [ln for ln in page.lines
           if min(ln.bbox.y1, box.y1) - max(ln.bbox.y0, box.y0) >= 0.5 * (ln.bbox.y1 - ln.bbox.y0)]
    spans, ys = [], []
    for option in options:
        at = next(((ln, nfkc(ln.text).find(option)) for ln in row if option in nfkc(ln.text)), None)
        if at is None:
            return None
        ln, i = at
        n, w = len(nfkc(ln.text)), ln.bbox.x1 - ln.bbox.x0
        spans.append((ln.bbox.x0 + w * i / n, ln.bbox.x0 + w * (i + len(option)) / n))
        ys += [ln.bbox.y0, ln.bbox.y1]
    return page, spans, min(ys), max(ys)


def circled_option(value: FieldValue, options: list[str], pages: Iterable[Any]) -> str | None:
    """Which of `options` a hand circled on the page image (a form that asks 请在相应选项上画○: no
    box, and the ring is no character; OCR may even read a stray ☑ into the row). None on a text
    layer, when an option is not on the row, or when no option or several are ringed
    (preaudit.pipeline.intake.checkboxes.circled)."""
    from preaudit.pipeline.intake.checkboxes import circled

    placed = _option_row(value, options, pages)
    if placed is None:
        return None
    page, spans, y0, y1 = placed
    index = circled(page.image, spans, y0, y1)
    return options[index] if index is not None else None


def ticked_over_option(value: FieldValue, options: list[str], pages: Iterable[Any]) -> str | None:
    """Which of `options` a hand ticked on its words (a form that asks 在相应选项上打"√" and prints no
    box: the tick stands over the option, and is no character). None on a text layer, when an option is
    not on the row, or when no mark or marks over more than one option are seen
    (preaudit.pipeline.intake.checkboxes.ticked_over)."""
    from preaudit.pipeline.intake.checkboxes import ticked_over

    placed = _option_row(value, options, pages)
    if placed is None:
        return None
    page, spans, y0, y1 = placed
    above = [(ln.bbox.x0, ln.bbox.y0, ln.bbox.x1, ln.bbox.y1) for ln in page.lines if ln.bbox.cy < y0]
    index = ticked_over(page.image, spans, y0, y1, above)
    return options[index] if index is not None else None


# --------------------------------------------------------------------------- a term (期限) in running text


def parse_term(text: str, separators: Iterable[str], open_words: Iterable[str]) -> tuple[str | None, str | None, bool]:
    """自A起至B止 / A至B -> (A, B, False); 自A起 / 自A起至退休 / 无固定期限 -> (A, None, True). The end date
    must follow the start at once: a later date of the clause (试用期至…, 请于…报到) is not the term's
    end. 自A起至 with the line ending there: the end is on the next line (not open)."""
    first = ANY_DATE.search(text)
    if first is None:
        return None, None, False
    start = date_value(first.group(0))
    seps = "|".join(re.escape(s) for s in separators)
    m = re.match(rf"起?(?:{seps})({DATE}|{CN_DATE})", text[first.end():])
    end = date_value(m.group(1)) if m else None
    if end is not None:
        return start, end, False
    if any(nfkc(w) in text for w in open_words):
        return start, None, True
    dangling = re.match(rf"起?(?:{seps})", text[first.end():]) or first.end() == len(text)
    return start, None, not dangling


def read_term(r: FieldReader, labels: list[str], separators: Iterable[str], open_words: Iterable[str],
              span: int = 60) -> tuple[FieldValue, FieldValue, bool]:
    """Start, end and open-endedness of a term (聘用期限, 派遣期限): its label's line (or the cell right
    of it), else the running text after the label, `span` characters of it to the first 。 (a
    clause or letter whose sentence wraps)."""
    seps, opens = list(separators), list(open_words)
    hit: Hit | None = r.after_label(labels, pattern=rf"((?:{DATE}|{CN_DATE}|自).*)")
    start, end, is_open = parse_term(nfkc(hit.text), seps, opens) if hit else (None, None, False)
    if start is None or (end is None and not is_open):
        alt = "|".join(re.escape(nfkc(label)) for label in sorted(labels, key=len, reverse=True))
        flat = r.search_text(rf"(?:{alt})[:：为]?(.{{0,{span}}})")
        if flat is not None:
            hit = flat
            start, end, is_open = parse_term(nfkc(flat.text).split("。")[0], seps, opens)
    if hit is None or start is None:
        return FieldValue(), FieldValue(), False
    return field_from_hit(hit, start), (field_from_hit(hit, end) if end else FieldValue()), is_open


def signature_block_date(r: FieldReader, labels: dict[str, Any]) -> FieldValue:
    """The last full date on or below the first line the signature block opens with (`signature_labels`
    of the labels file: 甲方（盖章）, 乙方（签名）…; a line with `running_text_marks` is a clause, not the
    block): a contract or agreement without a 签订日期 label is dated where its parties sign, and the
    dates of its body above (the term, an earlier contract renewed) are not its signing. Read less
    surely (ROUTE_FACTORS["position"]) for having no label."""
    words = tuple(nfkc(w) for w in labels.get("signature_labels", []))
    running = tuple(nfkc(m) for m in labels.get("running_text_marks", []))
    first = next((item for item in r.lines if words and item[2].startswith(words)
                  and not any(m in item[2] for m in running)), None)
    if first is None:
        return FieldValue()
    top = (first[0], first[1].bbox.y0 - char_height(first[1]) / 2)
    dated = [(hit, value) for hit, value in dates_in_rows(r.rows()) if len(value) == 10 and hit.bbox is not None
             and (hit.page or 0, hit.bbox.cy) >= top]
    return field_from_hit(*dated[-1], ROUTE_FACTORS["position"]) if dated else FieldValue()


NAME_ABOVE_NUMBER = 4  # lines above the holder's number where a profile prints the name alone


def unlabelled_name(r: FieldReader, id_number: FieldValue) -> FieldValue:
    """The holder's name printed alone without a label (an app's personal card, 学信网's report head:
    the name in large type, then 性别 / 证件号码 under it): a line that is nothing but a person's
    name, among the few lines above the holder's number on its page; read less surely (its place,
    no label)."""
    if id_number.value is None or id_number.bbox is None:
        return FieldValue()
    at = next((k for k, (p, ln, _) in enumerate(r.lines)
               if p == id_number.page and ln.bbox.y0 <= id_number.bbox.cy <= ln.bbox.y1), None)
    if at is None:
        return FieldValue()
    for k in range(at - 1, max(-1, at - 1 - NAME_ABOVE_NUMBER), -1):
        page_no, _, norm = r.lines[k]
        if page_no == id_number.page and norm and person_name_problem(norm) is None and is_han(norm[0]):
            return field_from_hit(r.hit(r.lines[k], 0, len(norm)), norm, ROUTE_FACTORS["position"])
    return FieldValue()


# A letter names its person right before the number in one sentence: 兹证明孙晓燕（公民身份号码：…）,
# 兹有我单位职工张伟，身份证号…: the name is the Han run that the number's label follows.
_NAMED_BEFORE_NUMBER = re.compile(r"([\u4e00-\u9fff·]{2,12}?)[(,，:：]?(?:公民身份号码|身份证号码|身份证号|证件号码)")
_LETTER_OPENING = re.compile(r"^(?:兹证明|兹有|证明|经查|经核实)?(?:我单位|我公司|本单位|本公司|参保人)?(?:在职职工|职工|员工|同志)?")


def name_before_number(r: FieldReader) -> FieldValue:
    """The person a letter's sentence names right before their ID number's label (兹证明孙晓燕
    （公民身份号码：…）), with the letter's opening words taken off; read less surely (its place in
    the sentence, no label of its own)."""
    for item in r.lines:
        norm = item[2]
        for m in _NAMED_BEFORE_NUMBER.finditer(norm):
            run = m.group(1)
            name = run[_LETTER_OPENING.match(run).end():]  # type: ignore[union-attr]
            if name and person_name_problem(name) is None:
                start = m.start(1) + (len(run) - len(name))
                return field_from_hit(r.hit(item, start, start + len(name)), name, ROUTE_FACTORS["position"])
    return FieldValue()


def name_without_gender(name: FieldValue, id_number: FieldValue) -> FieldValue:
    """A name read run into the 性别 printed after it (姓名：何颖 女, an app's card: 何颖女): the name
    without it, where the rest is a name and the holder's number says that gender (GB 11643: the
    17th digit odd for 男); read less surely (its end was cut by inference)."""
    text, number = name.value, id_number.value
    if not isinstance(text, str) or not isinstance(number, str) or len(number) != 18 or not number[16].isdigit():
        return name
    t = nfkc(text)
    gender = "男" if int(number[16]) % 2 else "女"
    if len(t) < 3 or t[-1] != gender or person_name_problem(t[:-1]) is not None:
        return name
    return name.model_copy(update={"value": t[:-1], "confidence": round(min(name.confidence, ROUTE_FACTORS["position"]), 4)})

