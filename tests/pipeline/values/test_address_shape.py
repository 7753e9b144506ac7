"""An ID card's 住址 begins with its province (GA 450: the household address from the province down).
A reading that begins elsewhere (路775号, 五华区建设路775号) is a later line of it, the first one lost
(issue 12, the fourth blind generation: certain and wrong), so it is never certain."""

from __future__ import annotations

import pytest

from preaudit.pipeline.model import FieldValue
from preaudit.pipeline.values.certainty import default_settings, own_certainty
from preaudit.pipeline.values.shapes import address_problem


@pytest.mark.parametrize("address", ["云南省昆明市五华区建设路775号", "北京市东城区东华门街道", "内蒙古自治区呼和浩特市新城区",
                                     "广西壮族自治区南宁市青秀区民族大道1号"])
def test_whole_addresses_have_the_shape(address):
    assert address_problem(address) is None


@pytest.mark.parametrize("address", ["路775号", "五华区建设路775号", "昆明市盘龙区北京路1号", "", "   "])
def test_later_lines_and_blanks_do_not(address):
    assert address_problem(address) is not None


def test_an_address_read_from_its_second_line_is_unsure_however_confident():
    fv = FieldValue(value="路839号", confidence=0.99, raw="路839号", source="ocr")  # type: ignore[arg-type]
    certainty, why = own_certainty("address", fv, default_settings())
    assert certainty == "unsure" and any("住址" in w for w in why)
    whole = FieldValue(value="云南省昆明市官渡区春城路839号", confidence=0.99, source="ocr")  # type: ignore[arg-type]
    assert own_certainty("address", whole, default_settings())[0] == "certain"
