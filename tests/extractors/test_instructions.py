"""Instructions printed with a label are part of the label, never its value (issue 12, failure class 3;
blind generation 2: 单位类型（请在相应选项上画○） read as the publicity form's 单位类型)."""

from __future__ import annotations

from preaudit.extractors.base import instruction_only, skip_instruction
from preaudit.extractors.publicity_form import extract
from tests.helpers import page, rows


def test_a_bracketed_request_is_an_instruction_whatever_it_asks():
    assert instruction_only("(请在相应选项上画○)") and instruction_only("（请用正楷填写）")
    assert instruction_only("签字并按手印")
    assert not instruction_only("昆明市盘龙区青云小学") and not instruction_only("(集团)")


def test_the_value_starts_after_the_instruction():
    norm = "单位类型(请在相应选项上画○)非公经济组织"
    assert norm[skip_instruction(norm, len("单位类型")):] == "非公经济组织"


def test_a_forms_unit_type_is_never_its_instruction():
    f = extract([page(rows(["专业技术人员职称申报公示登记表", "姓名 朱晖", "单位类型(请在相应选项上画○)",
                            "机关事业单位 国有企业 非公经济组织 其他", "公示起止日期 2024.08.22-2024.08.29"]))])
    assert "请" not in str(f["unit_type"].value or "")
