"""单位出具的学历证明 (001 §五(四)): who, which school, which major and 学历, when graduated; who signed
for the unit, when, and the unit itself.

001 §五(四) takes this certificate where the diploma cannot be verified online (a diploma before
2001, a 技工院校 class): the unit checks the applicant's 档案 and its head of personnel signs and
stamps a written certificate. Two shapes are read:

- a labelled form (学历证明表): 姓名 / 身份证号 / 毕业院校 / 所学专业 / 学历 / 毕业时间 / 人事部门负责人签字 /
  单位（盖章）, read by label like the other forms;
- a letter (兹证明张伟……于2000年7月毕业于云南大学化学专业，取得本科学历……特此证明): the labels file's
  regexes over the text joined line to line, tried where a label gives nothing.

A graduation written to the month only (2000年7月毕业) is kept as YYYY-MM: no day is made up. The
unit is the certifying unit of the signature block (the line that names a unit, under or before
（盖章）). `has_seal` is emitted as None: the seal detector (preaudit.pipeline.integrity.facts) fills
it from the page image, as for the other letters the unit stamps.
"""

from __future__ import annotations

import re

from preaudit.extractors.base import ROUTE_FACTORS, FieldReader, Hit, field_from_hit, load_labels, register
from preaudit.extractors.common import (MONTH_OR_DATE, SHAPES, clean_value, date_or_month, dates_in_rows, read_date,
                                        read_fields, read_id_number, reader_for, tiers)
from preaudit.pipeline.model import DocType, FieldValue, Page
from preaudit.pipeline.values.text import nfkc

LABELS = load_labels("education_unit_proof")
FIELDS = ("name", "id_number", "school", "major", "level", "graduation_date", "unit", "signer", "date", "has_seal")
_LEVELS = [nfkc(w) for w in LABELS["levels"]]  # most telling first: a 技工院校 class before the 技工学校 it names
_SUFFIXES = "|".join(re.escape(nfkc(s)) for s in sorted(LABELS["school_suffixes"], key=len, reverse=True))
_SEAL_WORDS = re.compile(r"[(（\[【]?(?:盖章|公章|签章|印章)[)）\]】]?")


@register(DocType.EDUCATION_UNIT_PROOF)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    fields = read_fields(r, LABELS, ("name", "school", "major", "signer"))
    fields["id_number"] = read_id_number(r, LABELS["labels"]["id_number"], anywhere=True)
    fields["level"] = _level(r)
    fields["graduation_date"] = _graduation(r)
    fields["unit"] = _unit(r)
    fields["date"] = _date(r)
    for name in ("name", "school", "major"):
        if fields[name].value is None or not _fits(name, str(fields[name].value)):
            fields[name] = _prose(r, name) or (fields[name] if fields[name].value is not None and _fits(name, str(fields[name].value))
                                               else FieldValue())
    fields["has_seal"] = FieldValue(value=None, confidence=0.0)
    return {k: fields[k] for k in FIELDS}


def _fits(name: str, value: str) -> bool:
    """Whether a reading has the shape of its field: a person's name, a school's name, a major."""
    if name == "name":
        return SHAPES["person_name"].accept()(value) is not None
    if name == "school":
        return bool(re.search(rf"(?:{_SUFFIXES})(?:\(.*\))?$", nfkc(value))) and len(nfkc(value)) >= 4
    if name == "major":
        t = nfkc(value)
        return bool(re.search(r"[\u4e00-\u9fff]", t)) and not re.search(r"\d{4}", t) and len(t) <= 30
    return True


def _pattern(text: str) -> str:
    return text.replace("SUFFIXES", _SUFFIXES).replace("DATE", MONTH_OR_DATE)


def _prose(r: FieldReader, name: str) -> FieldValue | None:
    """A value of the letter's running text (labels file `prose`), the first that fits its field."""
    for pattern in LABELS["prose"].get(name, []):
        found = r.match_text(_pattern(pattern), sep="\n" if name == "name" else "")
        if found is None:
            continue
        m, hit = found
        value = clean_value(m.group(1))
        if value and _fits(name, value):
            return field_from_hit(hit, value)
    return None


def _level(r: FieldReader) -> FieldValue:
    """The 学历 as printed: beside its label, else the letter's 取得…学历, else the most telling 学历
    word of the text (the labels file's order: a 技工院校 class before the 技工学校 it names)."""
    fv = read_fields(r, LABELS, ("level",))["level"]
    if fv.value is not None and _level_word(str(fv.value)):
        return fv.model_copy(update={"value": _level_word(str(fv.value))})
    prose = _prose_level(r)
    if prose is not None:
        return prose
    for word in _LEVELS:
        hit = r.search_text(f"({re.escape(word)})")
        if hit is not None:
            return field_from_hit(hit, word, ROUTE_FACTORS["position"])
    return FieldValue()


def _level_word(text: str) -> str | None:
    t = nfkc(text)
    return next((w for w in _LEVELS if w in t), None)


def _prose_level(r: FieldReader) -> FieldValue | None:
    for pattern in LABELS["prose"]["level"]:
        found = r.match_text(_pattern(pattern))
        if found is not None and _level_word(found[0].group(1)):
            return field_from_hit(found[1], _level_word(found[0].group(1)))
    return None


def _graduation(r: FieldReader) -> FieldValue:
    """毕业时间 beside its label, else the letter's 2000年7月毕业 / 毕业时间为… / 至2000年7月在…学习."""
    for labels in tiers(LABELS["labels"]["graduation_date"]):
        hit = r.after_label(labels, pattern=rf"({MONTH_OR_DATE}|[〇○零一二三四五六七八九]{{4}}年[一二三四五六七八九十]{{1,2}}月)",
                            stop_labels=LABELS["stop_labels"], at_start=True)
        if hit is not None and date_or_month(hit.text):
            return field_from_hit(hit, date_or_month(hit.text))
    for pattern in LABELS["prose"]["graduation_date"]:
        found = r.match_text(_pattern(pattern))
        if found is not None and date_or_month(found[0].group(1)):
            return field_from_hit(found[1], date_or_month(found[0].group(1)))
    return FieldValue()


def _unit(r: FieldReader) -> FieldValue:
    """The certifying unit: beside its label (单位（盖章）：…), else the last line of the letter that
    is a unit's name once its 盖章 instruction is taken off (the signature block)."""
    fv = read_fields(r, LABELS, ("unit",))["unit"]
    accept = SHAPES["unit"].accept()
    if fv.value is not None and accept(str(fv.value)) == (1.0, 1.0):
        return fv
    for item in reversed(r.lines):
        text = _SEAL_WORDS.sub("", item[2]).strip(":：")
        if len(text) >= 4 and accept(text) == (1.0, 1.0):
            value = SHAPES["unit"].value(text)
            start = item[2].find(text)
            hit: Hit = r.hit(item, max(start, 0), max(start, 0) + len(text))
            return field_from_hit(hit, value, ROUTE_FACTORS["position"])
    # a doubtful reading of the label (a unit's name that does not end like one), never a date
    doubtful = fv.value is not None and not re.search(r"\d", str(fv.value))
    return fv if doubtful else FieldValue()


def _date(r: FieldReader) -> FieldValue:
    """The letter's date: beside its label, else the last full date of the page (the signature
    block's, often in Chinese numerals), read less surely for having no label."""
    fv = read_date(r, LABELS["labels"]["date"], LABELS["stop_labels"], at_start=True)
    if fv.value is not None:
        return fv
    dated = [(hit, value) for hit, value in dates_in_rows(r.rows()) if len(value) == 10]
    return field_from_hit(*dated[-1], ROUTE_FACTORS["position"]) if dated else FieldValue()
