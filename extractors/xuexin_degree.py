"""学位在线验证报告 (学信网): degree, awarding unit, major, award date, certificate number."""

from __future__ import annotations

from extractors.base import load_labels, register
from extractors.common import read_fields, reader_for
from pipeline.model import DocType, FieldValue, Page

LABELS = load_labels("xuexin_degree")
FIELDS = (
    "name", "id_number", "degree", "school", "major", "award_date", "certificate_number",
    "verification_code", "valid_until",
)


@register(DocType.XUEXIN_DEGREE)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    return read_fields(reader_for(pages, LABELS), LABELS, FIELDS)
