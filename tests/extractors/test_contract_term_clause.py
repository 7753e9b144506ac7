"""A contract that states its kind and then names its term again in the same clause (本合同为固定期限
劳动合同，合同期限自…起至…止) reads its term (issue 12, blind family enterprise-chapters); the clause
bound still keeps a kind from taking the next sentence's dates."""

from __future__ import annotations

from preaudit.extractors.contract import extract_labor_contract as extract
from tests.helpers import page, rows


def _contract(term_line: str):
    return page(rows(["劳动合同", "甲方（用人单位）：云南高原明珠信息技术有限公司", "乙方（劳动者）：孙晓燕",
                      "居民身份证号码：530124197805035043", "第一章 劳动合同期限", term_line,
                      "月。其中试用期自2023年01月01日起共2个月。"]))


def test_the_kind_then_the_term_named_again_in_one_clause():
    f = extract([_contract("第一条 本合同为固定期限劳动合同，合同期限自2023年01月01日起至2025年12月31日止，共36个")])
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2023-01-01", "2025-12-31", False)


def test_a_kind_does_not_reach_past_its_sentence():
    f = extract([_contract("第一条 本合同为固定期限劳动合同。双方约定自2023年01月01日起至2025年12月31日止履行")])
    assert f["open_ended"].value is not True


def test_a_clause_that_names_no_kind_takes_effect_and_ends():
    """本合同于2024年7月1日生效，于2027年6月30日终止 (a city's model contract, issue 12 blind family
    city-model-signpage): the kind is chosen by number elsewhere (第（1）种方式); the clause's two dates
    are the term, a fixed one."""
    p = page(rows(["劳动合同书", "甲方（用人单位）：昆明金碧物流有限公司", "乙方（劳动者）：高芳", "一、劳动合同期限",
                   "第二条 甲乙双方选择以下第（1）种方式确定本合同期限：", "1. 固定期限；", "2. 无固定期限；",
                   "3. 以完成一定工作任务为期限。", "本合同于2024年7月1日生效，于2027年6月30日终止。"]))
    f = extract([p])
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2024-07-01", "2027-06-30", False)


def test_a_kind_named_only_in_a_bracketed_instruction_is_not_chosen():
    """A model contract's term clause tells how to fill it in: 本合同期限为三年（填写年限或“无固定期限”），
    then 自…起至…止 on the next line and （无固定期限的，终止日期划“/”。） under it (issue 12, blind family
    blank-term-seam). The bracketed instructions name 无固定期限 without choosing it: a fixed term."""
    p = page(rows(["劳动合同书", "甲方（用人单位）：云南高原明珠信息技术有限公司", "乙方（劳动者）：孙晓燕",
                   "居民身份证号码：530124197805035043", "二、合同期限", "第二条 本合同期限为三年（填写年限或“无固定期限”），",
                   "自2023年1月1日起至2025年12月31日止。", "（无固定期限的，终止日期划“/”。）", "三、工作内容和工作地点"]))
    f = extract([p])
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2023-01-01", "2025-12-31", False)
    # the contract that does choose it, in the same words, stays open-ended
    q = page(rows(["劳动合同书", "甲方（用人单位）：云南高原明珠信息技术有限公司", "乙方（劳动者）：孙晓燕", "二、合同期限",
                   "第二条 本合同为无固定期限劳动合同，自2023年1月1日起履行。", "（无固定期限的，终止日期划“/”。）"]))
    g = extract([q])
    assert (g["start_date"].value, g["open_ended"].value) == ("2023-01-01", True)


def test_the_probations_end_in_the_clause_is_not_the_terms():
    """本合同于2023年1月1日生效，其中试用期至2023年3月31日止。/ 本合同于2025年12月31日终止。 (a printed contract
    whose term is one sentence of blanks, blind generation 7): the probation's 至…止 is no end of the
    contract."""
    f = extract([page(rows(["劳动合同书", "甲方（用人单位）：云南高原明珠信息技术有限公司", "乙方（劳动者）：孙晓燕",
                            "一、劳动合同期限", "第一条本合同为固定期限劳动合同。",
                            "本合同于2023年1月1日生效，其中试用期至2023年3月31日止。", "本合同于2025年12月31日终止。"], step=0.033))])
    assert (f["start_date"].value, f["end_date"].value) == ("2023-01-01", "2025-12-31")


def test_a_lone_date_without_a_marker_is_no_certain_start():
    """The start garbled (2021年1月上日生) and the end's 终止 read 终巾: the region's one date has no marker,
    so whether it starts or ends the term is a guess, read less surely."""
    f = extract([page(rows(["劳动合同书", "甲方（用人单位）：云南高原明珠信息技术有限公司", "乙方（劳动者）：胡萍",
                            "一、劳动合同期限", "第一条本合同为固定期限劳动合同。",
                            "本合同古2021年1月上日生，其中试用期至2021年1月31日止。", "本合同于2025年12月31日终巾"], step=0.033))])
    assert f["start_date"].value == "2025-12-31" and f["start_date"].confidence < 0.9


def test_a_term_clause_headed_by_its_number_and_the_term_words():
    """A typed contract whose first clause is headed 第一条合同期限 and runs on (blind generation 8, a
    contract photographed through a sheet protector): the term's words follow the clause's number, and
    the start date wraps onto the next line (自2023年03月01 / 日起至…). No term date was read."""
    p = page(rows(["劳动合同（全日制用工）", "甲方（用人单位）：昆明金碧物流有限公司", "乙方（劳动者）：郭晖",
                   "规定，遵循合法、公平、平等自愿、协商一致、诚实信用的原则，签订本合同。",
                   "第一条合同期限本合同为固定期限劳动合同，期限36个月，自2023年03月01",
                   "日起至2026年02月28日止，其中试用期1个月，至2023年03月31日止。",
                   "第二条工作内容和工作地点乙方同意根据甲方工作需要，担任物流管理岗位工作。"]))
    f = extract([p])
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2023-03-01", "2026-02-28", False)
    # a term word inside a clause's running text is still no heading (第五条 … 在合同期限内 …)
    q = page(rows(["劳动合同（全日制用工）", "甲方（用人单位）：昆明金碧物流有限公司", "乙方（劳动者）：郭晖",
                   "第五条甲方在合同期限内应于2023年03月01日前为乙方缴纳社会保险。"]))
    assert extract([q])["start_date"].value is None
