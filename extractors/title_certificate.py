"""职称证书 (专业技术资格证书, 专业技术职务任职资格证书, 职称电子证书): holder, ID number, the title
(资格名称 and its level), series and specialty, when it was obtained, the number, who issued it.

The current title a 晋升, 转系列 or 调入 rests on (001 §二(二)1, §二(七); 003 Q16–17; 004 §四(三)(五)).
It is not a `qualification_certificate`: that is a 职业资格 / 执业 licence (001 §五(八) 附件6, an entry
requirement of the profession), this is the 职称 the personnel system granted.

Two shapes are read, both by label (extractors/labels/title_certificate.yaml): the paper
certificate's inner page (资格名称 / 资格级别 / 评审委员会 / 批准时间 / 证书编号, the 发证机关 under its
seal) and the electronic certificate's table (系列 / 专业 / 资格名称 / 级别 / 取得时间 / 审批单位 /
电子证书编号). `title_level` is one of 员级 … 正高级: the 级别 cell where it names one level, else the
level the 资格名称 names (工程师 -> 中级): 初级 and 高级 alone name two. `series` is the 系列 cell as
printed, else the series the 资格名称 names (工程师 -> 工程). `obtained_date` prefers 取得/批准时间 over the
issue date; a month alone (2019年12月) stays YYYY-MM. `has_seal` is filled by the seal detector.
"""

from __future__ import annotations

import re

from preaudit.extractors.base import ROUTE_FACTORS, FieldReader, field_from_hit, load_labels, register
from preaudit.extractors.common import (CN_DATE, MONTH_OR_DATE, clean_value, date_or_month, read_fields,
                                        read_id_number, reader_for, tiers)
from preaudit.pipeline.model import DocType, FieldValue, Page
from preaudit.pipeline.values.text import nfkc

LABELS = load_labels("title_certificate")
FIELDS = ("name", "id_number", "title_name", "title_level", "series", "specialty", "obtained_date",
          "certificate_number", "issuing_body", "has_seal")
_LEVELS = {nfkc(k): v for k, v in LABELS["levels"].items()}
_TITLES = {nfkc(k): v for k, v in LABELS["title_names"].items()}
_SERIES_OF = {nfkc(k): v for k, v in LABELS["series_of_title"].items()}


def _longest(text: str, table: dict[str, str]) -> tuple[str, str] | None:
    """The longest key of `table` inside `text`, with its value."""
    flat = nfkc(text)
    hit = max((k for k in table if k in flat), key=len, default=None)
    return (hit, table[hit]) if hit is not None else None


def level_of(text: str | None) -> str | None:
    """The one title level a 级别 cell or a 资格名称 names (中级, 工程师 -> 中级), else None."""
    if not text:
        return None
    found = _longest(text, _LEVELS) or _longest(text, _TITLES)
    return found[1] if found else None


@register(DocType.TITLE_CERTIFICATE)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    fields = read_fields(r, LABELS, ("name", "title_name", "title_level", "series", "specialty",
                                     "certificate_number", "issuing_body"))
    fields["id_number"] = read_id_number(r, LABELS["labels"]["id_number"], anywhere=True)
    fields["title_name"] = _title_name(r, fields["title_name"])
    fields["title_level"] = _level(fields["title_level"], fields["title_name"])
    for spec in LABELS.get("compound", []):
        for name, fv in zip(spec["fields"], _compound(r, spec["labels"])):
            if fields[name].value is None and fv.value is not None:
                fields[name] = fv
    fields["series"] = _series(fields["series"], fields["title_name"])
    if fields["issuing_body"].value is None:
        fields["issuing_body"] = _issuer(r)
    fields["obtained_date"] = _obtained(r)
    fields["has_seal"] = FieldValue(value=None, confidence=0.0)
    return {k: fields[k] for k in FIELDS}


def _title_name(r: FieldReader, fv: FieldValue) -> FieldValue:
    """资格名称 beside its label when it names a title we know; else the first title name on the page
    (the paper certificate prints 工程师 on a line of its own under its label)."""
    if fv.value is not None and _longest(str(fv.value), _TITLES):
        return fv.model_copy(update={"value": _longest(str(fv.value), _TITLES)[0]})
    names = "|".join(re.escape(k) for k in sorted(_TITLES, key=len, reverse=True))
    for item in r.lines:
        if r.is_label(item[2]) and not re.search(rf"[:：]\s*(?:{names})", item[2]):
            continue
        m = re.search(rf"(?<![\u4e00-\u9fff])({names})(?:资格)?$", item[2])
        if m:
            return field_from_hit(r.hit(item, m.start(1), m.end(1)), m.group(1), ROUTE_FACTORS["position"])
    return fv if fv.value is not None else FieldValue()


def _level(fv: FieldValue, title: FieldValue) -> FieldValue:
    """The 级别 cell when it names one level; else the level of the 资格名称 (a derived value, as sure
    as the name it comes from)."""
    if fv.value is not None and _longest(str(fv.value), _LEVELS):
        return fv.model_copy(update={"value": _longest(str(fv.value), _LEVELS)[1]})
    if title.value is not None and level_of(str(title.value)):
        return title.model_copy(update={"value": level_of(str(title.value)), "raw": str(title.value)})
    return FieldValue()


def _series(fv: FieldValue, title: FieldValue) -> FieldValue:
    """The 系列 cell as printed, else the series the 资格名称 names (工程师 -> 工程)."""
    if fv.value is not None:
        return fv
    found = _longest(str(title.value), _SERIES_OF) if title.value is not None else None
    if found is None:
        return FieldValue()
    return title.model_copy(update={"value": found[1], "raw": str(title.value)})


_PAIRED = re.compile(r"^(.+?)(?:\((.+?)\)?|[/／、](.+))$")


def _compound(r: FieldReader, labels: list[str]) -> tuple[FieldValue, FieldValue]:
    """The two values of a label naming two fields (系列（专业）：工程系列（土木工程）): the head, and
    the part in brackets or after the slash; nothing where the value is not printed so."""
    cand = r.read(labels, stop_labels=LABELS["stop_labels"])
    m = _PAIRED.match(cand.text) if cand is not None else None
    if cand is None or m is None:
        return FieldValue(), FieldValue()
    g = 2 if m.group(2) is not None else 3
    head = cand.narrowed(cand.start + m.start(1), cand.start + m.end(1))
    tail = cand.narrowed(cand.start + m.start(g), cand.start + m.end(g))
    return field_from_hit(head.hit, clean_value(head.text)), field_from_hit(tail.hit, clean_value(tail.text))


def _issuer(r: FieldReader) -> FieldValue:
    """The granting body printed without a label: the last line that is such a body's name and
    nothing else (an electronic certificate's signature block, under its e-seal)."""
    shape = re.compile(LABELS["issuer_pattern"])
    found = [(item, m) for item in r.lines if (m := shape.match(item[2])) and not r.is_label(item[2])]
    if not found:
        return FieldValue()
    item, m = found[-1]
    return field_from_hit(r.hit(item, m.start(1), m.end(1)), m.group(1), ROUTE_FACTORS["position"])


def _obtained(r: FieldReader) -> FieldValue:
    """取得/批准时间 beside its label (a full date, else a month alone), else the issue date."""
    for labels in tiers(LABELS["labels"]["obtained_date"]):
        hit = r.after_label(labels, pattern=rf"({MONTH_OR_DATE}|{CN_DATE})", stop_labels=LABELS["stop_labels"])
        if hit is not None and date_or_month(hit.text):
            return field_from_hit(hit, date_or_month(hit.text))
    return FieldValue()
