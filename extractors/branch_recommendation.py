"""上级单位推荐报告 (001 §三(一)2, §五(五)2(5), 附件2《XX总公司初级职称考核认定推荐报告》): the superior
unit (具有企业法人资格, the 总公司) that recommends, the branch (分公司) it recommends the applicants of,
the applicants it names, the date and the seal.

001 prints only the template's title. Two shapes are read:

- a labelled form (推荐单位 / 被推荐单位 / 推荐人员 in a grid), read by label like the other forms;
- a letter (我公司XX分公司系……经考核，同意推荐张伟、李娜等2名同志参加……初级职称考核认定……), its
  clauses read by the labels file's regexes over the text joined line to line, the issuer from the
  signature block (preaudit.extractors.letters).

`names` is the names as listed, joined by 、 (several applicants share one report: it is no person's
own document, so it carries no `name`). `has_seal` is emitted as None: the seal detector
(preaudit.pipeline.integrity.facts) fills it from the page image.
"""

from __future__ import annotations

import re

from preaudit.extractors.base import FieldReader, field_from_hit, load_labels, register
from preaudit.extractors.common import SHAPES, clean_value, read_fields, reader_for
from preaudit.extractors.letters import letter_date, listed_names, signing_unit
from preaudit.pipeline.model import DocType, FieldValue, Page
from preaudit.pipeline.values.text import nfkc

LABELS = load_labels("branch_recommendation")
FIELDS = ("issuer", "unit", "names", "date", "has_seal")
_BRANCH = "|".join(re.escape(nfkc(s)) for s in sorted(LABELS["branch_suffixes"], key=len, reverse=True))
_LIST_HEADS = ["推荐人员名单", "序号"]
_CLAUSE = re.compile(r"[在的]|登记|注册")  # 我公司在盘龙区登记的分公司: a clause, not the branch's name


@register(DocType.BRANCH_RECOMMENDATION)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    fields = read_fields(r, LABELS, ("unit", "names"))
    fields["issuer"] = signing_unit(r, LABELS, "issuer", _LIST_HEADS)
    if fields["unit"].value is None or not is_branch(str(fields["unit"].value)):
        fields["unit"] = _prose(r, "unit") or FieldValue()
    names = split_names(str(fields["names"].value)) if fields["names"].value is not None else []
    if names:
        fields["names"] = fields["names"].model_copy(update={"value": "、".join(names)})
    else:
        fields["names"] = _prose(r, "names") or FieldValue()
    fields["names"] = listed_names(r, fields["names"], LABELS["roster_heads"])
    fields["date"] = letter_date(r, LABELS["labels"]["date"], LABELS["stop_labels"], _LIST_HEADS)
    fields["has_seal"] = FieldValue(value=None, confidence=0.0)
    return {k: fields[k] for k in FIELDS}


def is_branch(value: str) -> bool:
    return bool(re.search(rf"(?:{_BRANCH})$", nfkc(value))) and len(nfkc(value)) >= 5


def split_names(text: str) -> list[str]:
    """张伟、李娜 / 张伟，李娜 -> the names that have a person's name's shape (none when one has not)."""
    parts = [p for p in re.split(r"[、,，;；\s]+", nfkc(text)) if p]
    accept = SHAPES["person_name"].accept()
    ok = [p for p in parts if accept(p) is not None and 2 <= len(p) <= 6]
    return ok if ok and len(ok) == len(parts) else []


def _prose(r: FieldReader, name: str) -> FieldValue | None:
    for pattern in LABELS["prose"][name]:
        found = r.match_text(pattern.replace("BRANCH", _BRANCH))
        if found is None:
            continue
        value = clean_value(found[0].group(1))
        if name == "unit" and is_branch(value) and not _CLAUSE.search(value):
            return field_from_hit(found[1], value)
        if name == "names" and split_names(value):
            return field_from_hit(found[1], "、".join(split_names(value)))
    return None
