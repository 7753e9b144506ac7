"""Conditional documents on the declared unit (issue 15): the 总公司's 推荐报告 of an out-of-province
company's branch in 盘龙区 (001 §三(一)2, §五(五)2(5), 附件2: `out_of_province_branch`) and the 委托函 of a
中央在平 unit or an out-of-province unit's branch in Pingliang (004 §二, 附件2: `delegated_unit`). Both
sides of each condition: it holds on explicit words only."""

from __future__ import annotations

import pytest

from preaudit.pipeline.model import DocType
from preaudit.validators import load_policy
from tests.validators.builders import codes, declared, doc, full_documents, id_back, id_front, make_case, pledge, xuexin

PANLONG = "kunming-panlong-2024q3"
PINGLIANG = "pingliang-2022-engineering"


def _panlong_docs(unit_type: str) -> list:
    docs = full_documents()
    if "事业单位" in unit_type:
        docs += [doc(DocType.EMPLOYMENT_NOTICE), doc(DocType.SALARY_APPROVAL)]
    return docs


@pytest.mark.parametrize(
    ("unit_type", "unit", "owed"),
    [
        ("外省企业分公司", "中建三局集团有限公司昆明分公司", True),          # §三(一)2 in so many words
        ("企业（外省分公司）", "华东建设工程有限公司盘龙分公司", True),
        ("非公经济组织", "浙江外省贸易有限公司昆明分公司", True),            # 外省 and 分公司 in the 申报单位
        ("省外企业分支机构", "四川华西集团昆明分支机构", True),
        ("企业", "中建三局集团有限公司昆明分公司", False),                   # a 分公司 alone: maybe a Yunnan company's
        ("外省企业", "四川路桥建设集团有限公司", False),                     # 外省 but no branch
        ("中央在昆外省企业分公司", "中国铁建某某有限公司昆明分公司", False),  # §三(一)2 不含中央、省属和市属单位
        ("外省省属企业分公司", "某省建工集团昆明分公司", False),
        ("非公经济组织", "云南翠湖环保科技有限公司", False),
        (None, None, False),
    ],
)
def test_an_out_of_province_branch_owes_the_head_office_s_report(check_in, unit_type, unit, owed):
    decl = declared(unit_type=unit_type, unit=unit)
    found = check_in(PANLONG, make_case(*_panlong_docs(unit_type or ""), decl=decl), "documents.required")
    assert codes(found) == (["DOC_MISSING"] if owed else [])
    if owed:
        [f] = found
        assert f.severity.value == "error"
        assert f.evidence["document"] == "branch_recommendation"
        cond = f.evidence["condition"]
        assert cond["when"] == "out_of_province_branch" and (cond["unit_type"], cond["unit"]) == (unit_type, unit)
        assert "总公司" in f.message and "推荐报告" in f.message and "外省企业分公司" in f.message


def test_the_report_meets_the_requirement(check_in):
    decl = declared(unit_type="外省企业分公司", unit="中建三局集团有限公司昆明分公司")
    case = make_case(*full_documents(), doc(DocType.BRANCH_RECOMMENDATION), decl=decl)
    assert check_in(PANLONG, case, "documents.required") == []


@pytest.mark.parametrize("unit_type", ["外省企业分公司（劳务派遣）", "外省企业分公司（单位法人）", "外省在昆分公司（事业单位）"])
def test_every_panlong_unit_type_list_asks_for_it(check_in, unit_type):
    decl = declared(unit_type=unit_type, unit="中建三局集团有限公司昆明分公司")
    docs = _panlong_docs(unit_type) + [doc(DocType.DISPATCH_AGREEMENT)]
    found = check_in(PANLONG, make_case(*docs, decl=decl), "documents.required")
    assert [f.evidence["document"] for f in found] == ["branch_recommendation"]


def _pingliang_docs() -> list:
    return [id_front(), id_back(), xuexin(), pledge()]


@pytest.mark.parametrize(
    ("unit_type", "unit", "owed"),
    [
        ("中央在平单位", "中铁二十一局集团平凉工程有限公司", True),   # 004 §二 中央在平单位人员
        ("中央在甘企业", "中国电信股份有限公司平凉分公司", True),     # 附件2 writes 中央在甘单位
        ("外省企业在平分支机构", "陕西建工集团平凉分公司", True),     # 外省企事业单位在平分支机构
        ("外省在平事业单位", "某省地质勘查院平凉工作站", True),
        ("企业", "陕西建工集团平凉分公司", False),                    # a 分公司 alone: maybe a Gansu company's
        ("国有企业", "平凉市交通建设投资有限公司", False),
        ("事业单位", "平凉市水利水电勘测设计院", False),
        ("外省企业", "陕西建工集团有限公司", False),                  # 外省 but not here as a branch
        (None, None, False),
    ],
)
def test_a_delegated_unit_owes_the_delegation_letter(check_in, unit_type, unit, owed):
    decl = declared(unit_type=unit_type, unit=unit)
    found = check_in(PINGLIANG, make_case(*_pingliang_docs(), decl=decl), "documents.required")
    assert codes(found) == (["DOC_MISSING"] if owed else [])
    if owed:
        [f] = found
        assert f.severity.value == "error"
        assert f.evidence["document"] == "review_delegation"
        assert f.evidence["condition"]["when"] == "delegated_unit"
        assert "委托函" in f.message and unit_type in f.message


def test_the_delegation_letter_meets_the_requirement(check_in):
    decl = declared(unit_type="中央在平单位", unit="中铁二十一局集团平凉工程有限公司")
    case = make_case(*_pingliang_docs(), doc(DocType.REVIEW_DELEGATION), decl=decl)
    assert check_in(PINGLIANG, case, "documents.required") == []


def test_each_notice_asks_only_for_its_own_letter():
    """001 knows no 委托函, 004 no 总公司 推荐报告: each condition is its notice's."""
    def whens(policy_id: str) -> set[str]:
        lists = load_policy(policy_id).params_for("documents.required")["required_documents"]
        return {getattr(e, "when", None) for lst in lists.values() for e in lst} - {None}

    assert "out_of_province_branch" in whens(PANLONG) and "delegated_unit" not in whens(PANLONG)
    assert "delegated_unit" in whens(PINGLIANG) and "out_of_province_branch" not in whens(PINGLIANG)
    for policy_id, when in ((PANLONG, "out_of_province_branch"), (PINGLIANG, "delegated_unit")):
        lists = load_policy(policy_id).params_for("documents.required")["required_documents"]
        assert all(any(getattr(e, "when", None) == when for e in lst) for lst in lists.values()), policy_id
