"""A contract that prints each party's label with its other name in brackets (用人单位（甲方）：…,
劳动者（乙方）：…; issue 12, blind family esign-digest): the bracket is part of the label. Before, the
value 「(甲方):云南…」 was refused, and the employer was taken from a later 甲方 — a section heading
(五、其他) — and the employee from the e-signature."""

from __future__ import annotations

from preaudit.extractors.contract import extract_labor_contract
from tests.helpers import page, rows


def test_a_partys_other_name_in_brackets_is_part_of_its_label():
    f = extract_labor_contract([page(rows([
        "劳动合同", "用人单位（甲方）：云南高原明珠信息技术有限公司", "劳动者（乙方）：胡萍", "公民身份号码：53011219921025796X",
        "一、合同期限", "本合同为固定期限劳动合同，期限自2021/01/01起至2025/12/31止。", "四、社会保险",
        "甲方依法为乙方参加社会保险。", "五、其他", "本合同未尽事宜按国家有关规定执行。", "甲方（电子签章）：", "乙方（电子签名）：胡莱"]))])
    assert f["employer"].value == "云南高原明珠信息技术有限公司"
    assert f["employee_name"].value == "胡萍"


def test_a_public_institutions_contract_names_its_parties_as_the_one_who_employs_and_the_one_employed():
    """事业单位聘用合同: 聘用单位（甲方） and 受聘人员（乙方） are the employer's and the employee's labels."""
    f = extract_labor_contract([page(rows([
        "事业单位聘用合同", "聘用单位（甲方）：云南省昆明市第一中学", "法定代表人：赵永明", "受聘人员（乙方）：马鹏",
        "居民身份证号码：530112200112167579", "一、聘用合同期限", "1.固定期限（√）：自2023年12月1日起至2026年11月30日止。"]))])
    assert f["employer"].value == "云南省昆明市第一中学"
    assert f["employee_name"].value == "马鹏"
    assert str(f["end_date"].value) == "2026-11-30"
