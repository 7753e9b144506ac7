"""A 公示结果证明 letter names its unit only where it stamps (云南翠湖环保科技有限公司（盖章） under the head's
signature; issue 12, blind family result-proof): that is the form's unit, read less surely. A label
printed with the seal's place (单位名称（盖章）) names no unit."""

from __future__ import annotations

from preaudit.extractors.publicity_form import extract
from tests.helpers import page, rows

LETTER = ["职称申报评审材料公示结果证明", "兹证明朱涛同志系我单位在职专业技术人员，我单位已按规定对其申报材料进行公示。",
          "公示时间 2024年8月22日至8月29日", "公示结果 公示期间未收到任何异议", "特此证明。", "单位负责人"]


def test_the_unit_that_stamps_a_letter_is_its_unit():
    f = extract([page(rows(LETTER + ["云南翠湖环保科技有限公司（盖章）", "二〇二四年八月三十日"]))])
    assert f["unit"].value == "云南翠湖环保科技有限公司" and f["unit"].confidence < 0.9


def test_a_label_at_the_seals_place_names_no_unit():
    f = extract([page(rows(LETTER + ["单位名称（盖章）", "二〇二四年八月三十日"]))])
    assert not f["unit"].found
