"""国(境)外学历学位认证书 (教育部留学服务中心; 001 §五(四) for graduates of foreign schools): the holder,
the certification's number, the foreign school and its country, the degree, its major and date,
and the certification's date.

Two shapes are read: a labelled certificate (姓名 / 学位(学历)授予机构 / 国家(地区) / 获得学位 / 专业 /
获得日期 / 认证书编号 / 认证日期), and a statement (张伟，男，……于2016年9月至2017年11月在英国利兹大学学习，
于2017年12月获得该校授予的理学硕士学位), whose phrases are regexes of the labels file tried where a
label gives nothing. The number has its own shape (教留服认英[2019]012345号) and is found without its
label too; its brackets, printed 〔〕 or 【】 as often as [], are written [ ]. The degree's date may be
a month alone (YYYY-MM); the certification's date is its label's, else the last full date of the
page (under the centre's seal).
"""

from __future__ import annotations

import re
import unicodedata

from preaudit.extractors.base import ROUTE_FACTORS, FieldReader, field_from_hit, load_labels, register
from preaudit.extractors.common import (MONTH_OR_DATE, clean_value, date_or_month, dates_in_rows, read_date, read_fields,
                                        reader_for, tiers)
from preaudit.pipeline.model import DocType, FieldValue, Page
from preaudit.pipeline.values.text import nfkc

LABELS = load_labels("foreign_degree_certification")
FIELDS = ("name", "certificate_number", "school", "country", "degree", "major", "award_date", "issue_date")
_BRACKETS = str.maketrans({"〔": "[", "【": "[", "(": "[", "〖": "[", "〕": "]", "】": "]", ")": "]", "〗": "]"})
_COUNTRIES = sorted((nfkc(c) for c in LABELS["countries"]), key=len, reverse=True)
_COUNTRY = "|".join(re.escape(c) for c in _COUNTRIES)
_DEGREE_WORDS = [nfkc(w).lower() for w in LABELS["degree_words"]]


@register(DocType.FOREIGN_DEGREE_CERTIFICATION)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    fields = read_fields(r, LABELS, ("name", "school", "country", "degree", "major"))
    fields["certificate_number"] = _number(r)
    for name in ("name", "degree", "major"):
        if fields[name].value is None or not _fits(name, str(fields[name].value)):
            fields[name] = _prose(r, name) or FieldValue()
    country, school = _study(r)
    if fields["country"].value is None or not _fits("country", str(fields["country"].value)):
        fields["country"] = country
    if fields["school"].value is None or not _fits("school", str(fields["school"].value)):
        fields["school"] = school
    if fields["country"].value is not None:
        fields["country"] = fields["country"].model_copy(update={"value": _country_of(str(fields["country"].value))})
    for name in ("school", "degree", "major"):
        fields[name] = _spaced(r, fields[name])
    fields["award_date"] = _award_date(r)
    fields["issue_date"] = _issue_date(r, fields["award_date"])
    return {k: fields[k] for k in FIELDS}


def _fits(name: str, value: str) -> bool:
    """Whether a reading has the shape of its field."""
    t = nfkc(value).strip(":：")
    if name == "name":
        return bool(re.fullmatch(r"[\u4e00-\u9fff·]{2,20}", t))
    if name == "degree":
        return any(w in t.lower() for w in _DEGREE_WORDS) and len(t) <= 40
    if name == "country":
        return _country_of(t) is not None
    if name == "school":
        return len(t) >= 2 and not re.search(r"\d{4}", t)
    if name == "major":  # not the statement's 专业为…。 read as a label's value
        return bool(t) and not re.search(r"\d{4}|[。，,;；]", t) and not t.startswith(("为", "是")) and len(t) <= 40
    return True


def _spaced(r: FieldReader, fv: FieldValue) -> FieldValue:
    """A value in Latin letters with the spaces of the printed line back (University of Leeds):
    the reader compares text without spaces, and a foreign school's name needs them."""
    value = fv.value
    if not isinstance(value, str) or not re.search(r"[A-Za-z]", value):
        return fv
    loose = re.compile(r"\s*".join(re.escape(ch) for ch in value))
    for _, line, _norm in r.lines:
        m = loose.search(unicodedata.normalize("NFKC", line.text))
        if m:
            return fv.model_copy(update={"value": re.sub(r"\s+", " ", m.group(0)).strip()})
    return fv


def _country_of(text: str) -> str | None:
    t = nfkc(text)
    return next((c for c in _COUNTRIES if c in t), None)


def _pattern(text: str) -> str:
    return text.replace("COUNTRY", _COUNTRY).replace("DATE", MONTH_OR_DATE)


def _prose(r: FieldReader, name: str) -> FieldValue | None:
    for pattern in LABELS["prose"].get(name, []):
        found = r.match_text(_pattern(pattern), sep="\n" if name == "name" else "")
        if found is None:
            continue
        m, hit = found
        value = clean_value(m.group(1))
        if value and _fits(name, value):
            return field_from_hit(hit, value)
    return None


def _study(r: FieldReader) -> tuple[FieldValue, FieldValue]:
    """(country, school) of the statement's 在英国利兹大学学习."""
    for pattern in LABELS["prose"]["study"]:
        found = r.match_text(_pattern(pattern))
        if found is None:
            continue
        m, hit = found
        school = clean_value(m.group(2))
        if _fits("school", school):
            return field_from_hit(hit, m.group(1)), field_from_hit(hit, school)
    return FieldValue(), FieldValue()


def _number(r: FieldReader) -> FieldValue:
    """The certification's number: its own shape anywhere (教留服认英[2019]012345号), else what its
    label gives."""
    shape = re.compile(LABELS["number_pattern"])
    for item in r.lines:
        m = shape.search(item[2].translate(_BRACKETS))
        if m:
            return field_from_hit(r.hit(item, m.start(1), m.end(1)), m.group(1))
    fv = read_fields(r, LABELS, ("certificate_number",))["certificate_number"]
    if fv.value is not None:
        return fv.model_copy(update={"value": str(fv.value).translate(_BRACKETS)})
    return fv


def _award_date(r: FieldReader) -> FieldValue:
    """The degree's date beside its label, else the statement's 于2017年12月获得…."""
    for labels in tiers(LABELS["labels"]["award_date"]):
        hit = r.after_label(labels, pattern=rf"({MONTH_OR_DATE})", stop_labels=LABELS["stop_labels"], at_start=True)
        if hit is not None and date_or_month(hit.text):
            return field_from_hit(hit, date_or_month(hit.text))
    for pattern in LABELS["prose"]["award_date"]:
        found = r.match_text(_pattern(pattern))
        if found is not None and date_or_month(found[0].group(1)):
            return field_from_hit(found[1], date_or_month(found[0].group(1)))
    return FieldValue()


def _issue_date(r: FieldReader, award: FieldValue) -> FieldValue:
    """The certification's date beside its label, else the last full date of the page that is not
    the degree's own, read less surely for having no label."""
    fv = read_date(r, LABELS["labels"]["issue_date"], LABELS["stop_labels"], at_start=True)
    if fv.value is not None:
        return fv
    dated = [(hit, value) for hit, value in dates_in_rows(r.rows()) if len(value) == 10 and value != award.value]
    return field_from_hit(*dated[-1], ROUTE_FACTORS["position"]) if dated else FieldValue()
