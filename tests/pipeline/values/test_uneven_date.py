"""An OCR'd date that pads one of month and day and not the other (审核日期：2024-08-3, the 0 of 30 lost
under a seal's ring; issue 12, an exposed OA print) is never certain: a printer pads both or neither."""

from __future__ import annotations

import pytest

from preaudit.pipeline.model import FieldValue
from preaudit.pipeline.values.certainty import default_settings, own_certainty


def _read(raw: str, value: str, source: str = "ocr") -> tuple[str, list[str]]:
    fv = FieldValue(value=value, confidence=0.99, raw=raw, source=source)  # type: ignore[arg-type]
    return own_certainty("unit_opinion_date", fv, default_settings())


@pytest.mark.parametrize("raw", ["审核日期：2024-08-3", "2024年08月3日", "2024.8.05"])
def test_uneven_padding_is_unsure(raw):
    certainty, why = _read(raw, "2024-08-03")
    assert certainty == "unsure" and any("位数不一致" in w for w in why)


@pytest.mark.parametrize("raw", ["2024-08-30", "2024-8-3", "2024年8月30日", "2024年08月03日"])
def test_even_padding_stays_certain(raw):
    assert _read(raw, "2024-08-03")[0] == "certain"


def test_a_text_layer_date_is_what_the_file_prints():
    assert _read("2024-08-3", "2024-08-03", source="pdf_text")[0] == "certain"
