"""What the letters a unit signs share (issue 15: the 总公司's 推荐报告, 001 附件2; the 委托函, 004 附件2):
the signing unit of the signature block and the letter's date, where no label names them.

The signing unit is the last line (before `until`, a list that follows the letter) that is a unit's
name once its 盖章 instruction is taken off; the date the last full date before it, in Chinese
numerals or not. Both are read less surely (ROUTE_FACTORS["position"]) for having no label.
"""

from __future__ import annotations

import re

from preaudit.extractors.base import ROUTE_FACTORS, FieldReader, Hit, field_from_hit
from preaudit.extractors.common import SHAPES, dates_in_rows, read_date, read_fields
from preaudit.pipeline.model import FieldValue

SEAL_WORDS = re.compile(r"[(（\[【]?(?:盖章|公章|签章|印章)[)）\]】]?")


def _end(r: FieldReader, until: list[str]) -> int:
    """Index of the first line that opens with one of `until` (the list after the letter)."""
    for i, (_, _, norm) in enumerate(r.lines):
        if any(norm.startswith(u) for u in until):
            return i
    return len(r.lines)


def signing_unit(r: FieldReader, cfg: dict, field: str, until: list[str]) -> FieldValue:
    """The unit beside `field`'s labels, else the signature block's unit (see the module)."""
    fv = read_fields(r, cfg, (field,))[field]
    accept = SHAPES["unit"].accept()
    if fv.value is not None and accept(str(fv.value)) == (1.0, 1.0):
        return fv
    for item in reversed(r.lines[:_end(r, until)]):
        text = SEAL_WORDS.sub("", item[2]).strip(":：")
        if text.endswith((":", "：")) or item[2].rstrip().endswith((":", "：")):
            continue  # the addressee (甘肃省人力资源和社会保障厅：), not the signer
        if len(text) >= 4 and accept(text) == (1.0, 1.0):
            value = SHAPES["unit"].value(text)
            start = item[2].find(text)
            hit: Hit = r.hit(item, max(start, 0), max(start, 0) + len(text))
            return field_from_hit(hit, value, ROUTE_FACTORS["position"])
    return fv if fv.value is not None and not re.search(r"\d", str(fv.value)) else FieldValue()


def letter_date(r: FieldReader, labels: list[str], stop_labels: list[str] | None, until: list[str]) -> FieldValue:
    """The date beside its label, else the last full date of the letter (before `until`)."""
    fv = read_date(r, labels, stop_labels, at_start=True)
    if fv.value is not None:
        return fv
    end = _end(r, until)
    limit = (r.lines[end][0], r.lines[end][1].bbox.y0) if end < len(r.lines) else None
    dated = [(hit, value) for hit, value in dates_in_rows(r.rows()) if len(value) == 10
             and (limit is None or (hit.page or 0, hit.bbox.y0 if hit.bbox else 0.0) < limit)]
    return field_from_hit(*dated[-1], ROUTE_FACTORS["position"]) if dated else FieldValue()
