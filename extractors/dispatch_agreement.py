"""劳务派遣协议 (001 §三(一)2, §五(五)2(3)): the dispatch company, the user unit (用工单位), the dispatched
worker when named, the dispatch term, the post or nature of the work, the signing date and the seals.

001 asks for 派遣工作性质的内容及协议首尾页: the first page (the parties), the clause naming the work and
the last page (seals, 签订日期). Two shapes are read:

- the agreement's text: 甲方（劳务派遣单位）：… / 乙方（用工单位）：… by label (either party may be 甲方:
  the labels name the role), the clauses' 派遣张伟（身份证号：…）到乙方从事…工作 / 派遣期限：自…起至…止
  by the labels file's regexes over the text joined line to line where a label gives nothing;
- a confirmation form of one worker (派遣确认表): 派遣单位 / 用工单位 / 被派遣人姓名 / 身份证号码 /
  工作岗位 / 派遣期限 in a grid, read by label like the other forms.

The term is read as employment_notice reads 聘用期限 (自A起至B止, A至B); an agreement without an end
(无固定期限) has no end date. `has_seal` is emitted as None: the seal detector
(preaudit.pipeline.integrity.facts) fills it from the page image and reads both parties' rings.
"""

from __future__ import annotations

import re

from preaudit.extractors.base import FieldReader, field_from_hit, load_labels, register
from preaudit.extractors.common import (SHAPES, clean_value, read_fields, read_id_number, read_term,
                                        reader_for, signature_block_date)
from preaudit.pipeline.model import DocType, FieldValue, Page
from preaudit.pipeline.values.text import nfkc

LABELS = load_labels("dispatch_agreement")
FIELDS = ("dispatch_unit", "user_unit", "name", "id_number", "start_date", "end_date", "position", "sign_date",
          "has_seal")
_TERM_SPAN = 60  # characters after 派遣期限 that can hold its two dates


@register(DocType.DISPATCH_AGREEMENT)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    fields = read_fields(r, LABELS, ("dispatch_unit", "user_unit", "name", "position", "sign_date"))
    fields["id_number"] = read_id_number(r, LABELS["labels"]["id_number"], anywhere=True)
    for name, sep in (("name", "\n"), ("position", "")):
        if fields[name].value is not None and _fits(name, str(fields[name].value)):
            continue
        fields[name] = _prose(r, name, sep) or FieldValue()
    if fields["sign_date"].value is None:
        # no 签订日期 label: the date where the parties sign (派遣单位（盖章） … 用工单位（盖章）)
        fields["sign_date"] = signature_block_date(r, LABELS)
    start, end = _term(r)
    fields["start_date"], fields["end_date"] = start, end
    fields["has_seal"] = FieldValue(value=None, confidence=0.0)
    return {k: fields[k] for k in FIELDS}


def _fits(name: str, value: str) -> bool:
    if name == "name":
        return SHAPES["person_name"].accept()(value) is not None
    if name == "position":
        t = nfkc(value)
        return bool(re.search(r"[\u4e00-\u9fff]", t)) and not re.search(r"\d{4}", t) and len(t) <= 30
    return True


def _prose(r: FieldReader, name: str, sep: str) -> FieldValue | None:
    """A value of the clauses (labels file `prose`), the first that fits its field."""
    for pattern in LABELS["prose"].get(name, []):
        found = r.match_text(pattern, sep=sep)
        if found is None:
            continue
        value = clean_value(found[0].group(1))
        if value and _fits(name, value):
            return field_from_hit(found[1], value)
    return None


def _term(r: FieldReader) -> tuple[FieldValue, FieldValue]:
    """Start and end of 派遣期限 (extractors/common.py read_term); an open term has no end."""
    start, end, _ = read_term(r, LABELS["labels"]["term"], LABELS["range_separators"], LABELS["open_ended"], _TERM_SPAN)
    return start, end
