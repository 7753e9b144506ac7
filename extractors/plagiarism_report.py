"""论文查重报告 (004 附件1 §四): the paper's title, its author, the whole paper's similarity (总文字复制比 /
重复率, a percentage), the day it was checked and the unit's seal.

Two shapes are read: CNKI's 文本复制检测报告单 (篇名 / 作者 / 检测时间 / 总文字复制比 labelled, then a table of
sections whose own 文字复制比 are not the paper's: the labels file's first tier of similarity labels names
the whole paper's figure), and the unit's 查重证明 letter (经中国知网检测，张伟同志的论文《…》总文字复制比为12.3%),
whose running text the labels file's regexes read where a label gives nothing.

`similarity` is the percentage's number as text (12.3 for 12.30%). `has_seal` is emitted as None: the
seal detector (preaudit.pipeline.integrity.facts) fills it from the page image (加盖本单位公章上传).
"""

from __future__ import annotations

import re

from preaudit.extractors.base import FieldReader, field_from_hit, load_labels, register
from preaudit.extractors.common import SHAPES, clean_value, date_value, read_fields, reader_for
from preaudit.pipeline.model import DocType, FieldValue, Page

LABELS = load_labels("plagiarism_report")
FIELDS = ("title", "author", "similarity", "check_date", "has_seal")
_DATE = r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2}"
_TITLE_MARKS = re.compile(r"^[《<〈]|[》>〉]$")


@register(DocType.PLAGIARISM_REPORT)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    fields = read_fields(r, LABELS, ("title", "author", "similarity", "check_date"))
    if fields["title"].value is not None:
        title = _TITLE_MARKS.sub("", clean_value(str(fields["title"].value))).strip()
        fields["title"] = fields["title"].model_copy(update={"value": title or None})
    for name in ("title", "author", "similarity", "check_date"):
        if fields[name].value is None:
            fields[name] = _prose(r, name) or FieldValue()
    if fields["similarity"].value is not None:
        fields["similarity"] = fields["similarity"].model_copy(update={"value": percent(str(fields["similarity"].value))})
    fields["has_seal"] = FieldValue(value=None, confidence=0.0)
    return {k: fields[k] for k in FIELDS}


def percent(text: str) -> str | None:
    """12.30% / 12.3 -> "12.3" (0-100), else None."""
    m = re.search(r"\d{1,3}(?:\.\d+)?", text)
    if m is None or float(m.group(0)) > 100:
        return None
    return f"{float(m.group(0)):g}"


def _prose(r: FieldReader, name: str) -> FieldValue | None:
    """A value of the letter's running text (labels file `prose`), the first that has its field's shape."""
    for pattern in LABELS["prose"].get(name, []):
        found = r.match_text(pattern.replace("DATE", _DATE), sep="\n" if name == "author" else "")
        if found is None:
            continue
        m, hit = found
        value = clean_value(m.group(1))
        if name == "author" and SHAPES["person_name"].accept()(value) is None:
            continue
        if name == "check_date":
            value = date_value(value)
        if name == "similarity":
            value = percent(value)
        if value:
            return field_from_hit(hit, value)
    return None
