"""学位在线验证报告 (学信网): degree, awarding unit, major, award date, certificate number.

Read like the education record (extractors/xuexin_record.py): the shared reader's readings,
each checked against what the field can be (a degree names 学士/硕士/博士; dates real; the
certificate number's digits; the 16-character verification code in groups of four), a reading
that does not fit giving way to the label's next candidate.
"""

from __future__ import annotations

from typing import Any

from preaudit.extractors.base import FieldReader, load_labels, register
from preaudit.extractors.common import read_fields, reader_for, unlabelled_name
from preaudit.extractors.xuexin_record import CHECKS as RECORD_CHECKS
from preaudit.extractors.xuexin_record import Check, checked
from preaudit.pipeline.model import DocType, FieldValue, Page
from preaudit.pipeline.values.text import nfkc

LABELS = load_labels("xuexin_degree")
FIELDS = (
    "name", "id_number", "degree", "school", "major", "award_date", "certificate_number",
    "verification_code", "valid_until",
)


def _degree(r: FieldReader, text: str, cfg: dict[str, Any]) -> str | None:
    t = nfkc(text).strip(":：|")
    if r.is_label(t) or not any(w in t for w in cfg.get("degree_words", [])) or len(t) > 16:
        return None
    return t


CHECKS: dict[str, Check] = {
    "name": RECORD_CHECKS["name"],
    "id_number": RECORD_CHECKS["id_number"],
    "degree": _degree,
    "school": RECORD_CHECKS["school"],
    "major": RECORD_CHECKS["major"],
    "award_date": RECORD_CHECKS["graduation_date"],
    "certificate_number": RECORD_CHECKS["certificate_number"],
    "verification_code": RECORD_CHECKS["verification_code"],
    "valid_until": RECORD_CHECKS["valid_until"],
}


@register(DocType.XUEXIN_DEGREE)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    out = checked(r, read_fields(r, LABELS, FIELDS), LABELS, CHECKS)
    if out["name"].value is None:
        # 学信网's newer report head prints the name large above 性别 and 证件号码, with no label
        out["name"] = unlabelled_name(r, out["id_number"])
    return out
