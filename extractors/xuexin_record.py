"""教育部学历证书电子注册备案表 / 学历在线验证报告 (学信网): the education record.

A two-column grid of label cells with their values to the right (姓名 … 性别 …); FieldReader
knows every printed label, so a label never matches inside a longer one and an empty cell reads
as nothing rather than as the next label.
"""

from __future__ import annotations

from extractors.base import load_labels, register
from extractors.common import read_fields, reader_for
from pipeline.model import DocType, FieldValue, Page

LABELS = load_labels("xuexin_record")
FIELDS = (
    "name", "gender", "id_number", "birth_date", "enrollment_date", "graduation_date", "school",
    "major", "duration", "level", "education_type", "study_mode", "certificate_number",
    "verification_code", "valid_until", "update_date",
)


@register(DocType.XUEXIN_RECORD)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    return read_fields(reader_for(pages, LABELS), LABELS, FIELDS)
