"""A page's form title, known or not, keeps it from being an ID card (issue 12, blind generation 2):
a filing form titled 职工劳动合同鉴证登记表 prints 姓名 / 性别 / 民族 / 出生 and the ID number like a card
front, and was typed as one. And the real titles of the documents that generation drew: the older
鉴证 filing, a filing office's 备案证明 letter, 学位中心's 学位认证报告, the 学位证书 itself (in traditional
characters too), a 公示 form titled …公示登记表 or …公示结果汇总表."""

from __future__ import annotations

import pytest

from preaudit.pipeline.intake.classify import classify_page
from preaudit.pipeline.model import DocType
from tests.helpers import line, page

PERSON = ["姓名 吴斌 性别 男 民族 汉", "出生 1995年3月7日", "住址 云南省昆明市盘龙区东风东路1号", "公民身份号码", "530102199503071239"]


def _page(title: str | None, body: list[str], centred: bool = True):
    lines = []
    if title is not None:
        x0 = 0.5 - 0.015 * len(title) if centred else 0.05
        lines.append(line(title, x0, 0.05, x0 + 0.03 * len(title), 0.08))
    lines += [line(t, 0.08, 0.14 + 0.05 * i, 0.08 + 0.025 * len(t), 0.17 + 0.05 * i) for i, t in enumerate(body)]
    return page(lines)


def test_an_unknown_forms_title_is_no_card():
    got = classify_page(_page("某某单位职工信息采集表", PERSON)).doc_type
    assert got not in (DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK, DocType.PHOTO)


def test_a_card_without_a_title_and_a_copys_header_stay_cards():
    assert classify_page(_page(None, PERSON)).doc_type == DocType.ID_CARD_FRONT
    assert classify_page(_page("居民身份证复印件", PERSON)).doc_type == DocType.ID_CARD_FRONT


def test_a_labelled_value_or_a_line_off_centre_is_no_title():
    assert classify_page(_page("单位名称：昆明某某科技有限公司登记表", PERSON)).doc_type == DocType.ID_CARD_FRONT
    assert classify_page(_page("职工信息采集表", PERSON, centred=False)).doc_type == DocType.ID_CARD_FRONT


@pytest.mark.parametrize(("title", "body", "expected"), [
    ("职工劳动合同鉴证登记表", ["用人单位名称 云南高原明珠信息技术有限公司", *PERSON, "合同期限 固定期限"], DocType.CONTRACT_FILING),
    ("劳动合同备案证明", ["云南高原明珠信息技术有限公司：", "兹证明你单位与职工吴斌签订的劳动合同，已在我局办理备案。"],
     DocType.CONTRACT_FILING),
    ("中国高等教育学位认证报告", ["1. 持证人姓名 吴斌", "4. 身份证件号码 530102199503071239", "5. 学位授予单位 云南大学"],
     DocType.XUEXIN_DEGREE),
    ("學士學位證書", ["吴斌，男，一九九五年三月七日生。在云南大学完成了本科学习计划，授予工学学士学位。", "证书编号：1067342017001234"],
     DocType.XUEXIN_DEGREE),
    ("专业技术人员职称申报公示登记表", ["姓名 吴斌", "申报专业 物流工程", "公示起止日期 2024.08.22-2024.08.29", "公示结果 无异议"],
     DocType.PUBLICITY_FORM),
    ("2024年度专业技术职称申报人员公示结果汇总表", ["序号 姓名 性别 申报专业 申报级别 公示起止时间 公示结果", "1 吴斌 男 物流工程 助理级"],
     DocType.PUBLICITY_FORM),
])
def test_the_real_titles_of_these_documents(title, body, expected):
    assert classify_page(_page(title, body)).doc_type == expected


def test_a_public_institutions_employment_contract_is_a_contract_not_the_notice():
    """A 事业单位聘用合同 is the contract a public institution signs (劳动合同法 §96): 甲方/乙方 and a
    term, typed labor_contract; the 聘用通知书 (001 §五(五)1) stays the notice."""
    contract = ["聘用单位（甲方）：云南省昆明市第一中学", "受聘人员（乙方）：吴斌", "居民身份证号码：530102199503071239",
                "一、聘用合同期限", "1.固定期限（√）：自2023年12月1日起至2026年11月30日止。", "被聘为专业技术岗位的，实行聘期考核。"]
    assert classify_page(_page("事业单位聘用合同", contract)).doc_type == DocType.LABOR_CONTRACT
    notice = ["吴斌同志：", "经研究，决定聘用你为我单位专业技术人员，聘用岗位为专业技术十二级岗位，",
              "聘用期限自2023年12月1日起至2026年11月30日止。请按规定签订聘用合同。"]
    assert classify_page(_page("事业单位聘用通知书", notice)).doc_type == DocType.EMPLOYMENT_NOTICE
