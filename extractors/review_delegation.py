"""职称评审委托函 (004 §二, 附件2《2022年度甘肃省职称评审委托函》): the delegating unit (the 中央在甘单位 or
外省单位 that signs), the unit whose staff are delegated (XX单位, its 下属单位), the people named, the
评审委员会's 系列 / 专业 / 级别, the date and the seal.

The template's clause 现委托甘肃省XX系列XX专业XX级别职称评审委员会对XX单位XX等XX位同志……代评职称 is read
by the labels file's regex over the text joined line to line; the unit and the names after 对 are
parted at the unit's last suffix (公司, 局, 院 …). Where the clause names no unit, 某单位为我单位下属…
gives it. The signing unit is the signature block's (preaudit.extractors.letters), above the
委托评审人员名单 that follows the letter. `names` is joined by 、 (one letter serves several people: it
carries no `name`). `has_seal` is emitted as None: the seal detector fills it from the page image.
"""

from __future__ import annotations

import re

from preaudit.extractors.base import FieldReader, field_from_hit, load_labels, register
from preaudit.extractors.branch_recommendation import split_names
from preaudit.extractors.common import SHAPES, clean_value, read_fields, reader_for
from preaudit.extractors.letters import letter_date, listed_names, signing_unit
from preaudit.pipeline.model import DocType, FieldValue, Page
from preaudit.pipeline.values.text import nfkc

LABELS = load_labels("review_delegation")
FIELDS = ("issuer", "unit", "names", "series", "specialty", "level", "date", "has_seal")
_SUFFIXES = sorted((nfkc(s) for s in LABELS["unit_suffixes"]), key=len, reverse=True)
_LEVELS = [nfkc(w) for w in LABELS["levels"]]
_LIST_HEADS = ["委托评审人员名单", "序号"]
_BLANK = re.compile(r"^(?:XX|xx|××|某+)$")


@register(DocType.REVIEW_DELEGATION)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    fields = {name: FieldValue() for name in FIELDS}
    fields["issuer"] = signing_unit(r, LABELS, "issuer", _LIST_HEADS)
    found = r.match_text(LABELS["prose"]["delegation"])
    if found is not None:
        m, hit = found
        series, specialty, level, tail = (clean_value(m.group(i) or "") for i in (1, 2, 3, 4))
        if series and not _BLANK.match(series):
            fields["series"] = field_from_hit(hit, series)
        if specialty and not _BLANK.match(specialty):
            fields["specialty"] = field_from_hit(hit, specialty)
        word = next((w for w in _LEVELS if w in level), None)
        if word is not None:
            fields["level"] = field_from_hit(hit, word)
        unit, names = _part(tail)
        if unit:
            fields["unit"] = field_from_hit(hit, unit)
        if names:
            fields["names"] = field_from_hit(hit, "、".join(names))
    if fields["unit"].value is None:
        fields["unit"] = read_fields(r, LABELS, ("unit",))["unit"]
        if fields["unit"].value is None:
            fields["unit"] = _subordinate(r) or FieldValue()
    fields["names"] = listed_names(r, fields["names"], LABELS["labels"]["names"])
    fields["date"] = letter_date(r, LABELS["labels"]["date"], LABELS["stop_labels"], _LIST_HEADS)
    fields["has_seal"] = FieldValue(value=None, confidence=0.0)
    return {k: fields[k] for k in FIELDS}


def _part(tail: str) -> tuple[str | None, list[str]]:
    """XX单位张伟、李娜 -> (XX单位, [张伟, 李娜]): the unit ends at the last unit suffix after which
    the rest reads as names."""
    best: tuple[str | None, list[str]] = (None, split_names(tail))
    for i in range(len(tail), 1, -1):
        head = tail[:i]
        if any(head.endswith(s) for s in _SUFFIXES):
            names = split_names(tail[i:]) if tail[i:] else []
            if names or not tail[i:]:
                return head, names
    return best


def _subordinate(r: FieldReader) -> FieldValue | None:
    accept = SHAPES["unit"].accept()
    for pattern in LABELS["prose"]["unit"]:
        found = r.match_text(pattern)
        if found is not None:
            value = clean_value(found[0].group(1))
            value = re.sub(r"^(?:我单位|我公司|本单位)", "", value)
            if accept(value) is not None:
                return field_from_hit(found[1], value)
    return None
