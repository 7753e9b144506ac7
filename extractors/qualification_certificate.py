"""职业资格 / 执业证书 (001 §五 附件6): certificate name, holder, number, issue date.

The name is the 证书名称 label's value, else the certificate's title line as printed (…资格证书,
…执业证书). The number prefers a 证书编号 over a 管理号 (label tiers in the labels file). Issue
dates may be printed in Chinese numerals (二〇一九年十二月三十日); an unlabelled one is the last
date on the certificate that no other label claims (the date under the issuing authority's seal).
"""

from __future__ import annotations

import re

from preaudit.extractors.base import FieldReader, field_from_hit, load_labels, register
from preaudit.extractors.common import dates_on, read_fields, reader_for
from preaudit.pipeline.model import DocType, FieldValue, Page
from preaudit.pipeline.values.text import nfkc

LABELS = load_labels("qualification_certificate")
_TITLE = re.compile(LABELS["title_pattern"])
_OTHER_DATES = [nfkc(label) for label in LABELS["other_date_labels"]]


@register(DocType.QUALIFICATION_CERTIFICATE)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    fields = read_fields(r, LABELS, ("certificate_name", "name", "certificate_number", "issue_date"))
    if fields["certificate_name"].value is None:
        fields["certificate_name"] = _title(r)
    if fields["issue_date"].value is None:
        fields["issue_date"] = _unlabelled_date(r)
    return fields


def _title(r: FieldReader) -> FieldValue:
    for item in r.lines:
        m = _TITLE.search(item[2])
        if m and not r.is_label(item[2]):
            return field_from_hit(r.hit(item, m.start(1), m.end(1)), m.group(1))
    return FieldValue()


def _unlabelled_date(r: FieldReader) -> FieldValue:
    others = [item for item in r.lines if not any(label in item[2] for label in _OTHER_DATES)]  # not 出生日期 …
    dated = dates_on(r, others)
    return field_from_hit(*dated[-1]) if dated else FieldValue()
