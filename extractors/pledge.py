"""职称申报承诺书 (001 §五(七) 附件5): 承诺人, 申报专业及级别 as printed, date, seal.

`has_seal` is emitted as None: a seal is seen on the page image, not in its text, and the seal
detector (pipeline.integrity) fills the field after extraction.
"""

from __future__ import annotations

from extractors.base import FieldReader, field_from_hit, load_labels, register
from extractors.common import clean_value, dates_on, read_fields, reader_for
from pipeline.model import DocType, FieldValue, Page

LABELS = load_labels("pledge")


@register(DocType.PLEDGE)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    fields = read_fields(r, LABELS, ("name", "specialty_level", "date"))
    if fields["specialty_level"].value is None:
        fields["specialty_level"] = _specialty_and_level(r)
    if fields["date"].value is None:
        # The signing date often stands alone under 承诺人: the last date on the letter.
        dated = dates_on(r)
        if dated:
            fields["date"] = field_from_hit(*dated[-1])
    fields["has_seal"] = FieldValue(value=None, confidence=0.0)
    return fields


def _specialty_and_level(r: FieldReader) -> FieldValue:
    """申报专业 and 申报级别 printed apart: joined as 专业(级别). The labels must open their line:
    申报专业 is also a phrase of the letter's text (本人自愿申报专业技术职称)."""
    stops = LABELS["stop_labels"]
    spec = r.after_label(LABELS["labels"]["specialty"], stop_labels=stops, at_start=True)
    level = r.after_label(LABELS["labels"]["level"], stop_labels=stops, at_start=True)
    spec_text = clean_value(spec.text) if spec else ""
    level_text = clean_value(level.text) if level else ""
    if spec is None or not spec_text:
        return field_from_hit(level, level_text or None) if level else FieldValue()
    if level is None or not level_text:
        return field_from_hit(spec, spec_text)
    value = field_from_hit(spec, f"{spec_text}({level_text})")
    return value.model_copy(update={"confidence": min(spec.confidence, level.confidence)})
