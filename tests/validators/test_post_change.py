"""003 §二 Q10(3): a public institution's 管理 or 工勤 staff moved to a professional post who apply for
中、高级 provide the 《事业单位工作人员岗位（职务）变动工资审批表》 (condition `post_change`, on the declared
原岗位类别 and 申报级别), and the table they upload must be that form (documents.post_change_form)."""

from __future__ import annotations

import pytest

from preaudit.pipeline.model import DocType
from tests.validators.builders import codes, declared, doc, id_back, id_front, make_case, pledge, publicity, xuexin

GUIDE = "kunming-guide"


def _public_docs(*extra) -> list:
    return [id_front(), id_back(), xuexin(), doc(DocType.EMPLOYMENT_NOTICE), publicity(), pledge(), *extra]


def _decl(former_post, level="中级", unit_type="事业单位"):
    return declared(former_post=former_post, level=level, unit_type=unit_type, education="本科")


@pytest.mark.parametrize(
    ("former_post", "level", "owed"),
    [
        ("管理", "中级", True),
        ("管理岗位", "副高级", True),
        ("工勤技能", "正高级", True),
        ("工勤", "助理级", False),  # 初级: counted from the unit's 行文, no table asked (Q10(3))
        ("工勤", "员级", False),
        (None, "中级", False),  # no change declared
        ("专技", "中级", False),  # the manifest reader turns 专技 into None; as typed it names no post
    ],
)
def test_a_move_into_a_professional_post_owes_the_change_table(check_in, former_post, level, owed):
    case = make_case(*_public_docs(), decl=_decl(former_post, level))
    found = [f for f in check_in(GUIDE, case, "documents.required") if f.evidence["document"] == "salary_approval"]
    assert len(found) == (1 if owed else 0)
    if owed:
        [f] = found
        assert f.severity.value == "error"
        assert f.evidence["condition"]["when"] == "post_change"
        assert "岗位（职务）变动工资审批表" in f.message and former_post in f.message


def test_the_table_meets_it_and_enterprises_are_not_asked(check_in):
    ok = make_case(*_public_docs(doc(DocType.SALARY_APPROVAL, form="岗位变动")), decl=_decl("管理"))
    assert [f for f in check_in(GUIDE, ok, "documents.required") if f.evidence["document"] == "salary_approval"] == []
    enterprise = make_case(id_front(), id_back(), xuexin(), publicity(), pledge(),
                           decl=_decl("管理", unit_type="非公经济组织"))
    assert check_in(GUIDE, enterprise, "documents.required") == []


@pytest.mark.parametrize(
    ("forms", "flagged"),
    [
        (["岗位变动"], False),
        (["正常晋升"], True),  # a yearly step table is not the change table
        (["新参加工作", "正常晋升"], True),
        (["正常晋升", "岗位变动"], False),
        (["正常晋升", None], False),  # a table whose form was not read may be the one
        ([], False),  # missing altogether: DOC_MISSING's business
    ],
)
def test_the_table_must_be_the_change_form(check_in, forms, flagged):
    tables = [doc(DocType.SALARY_APPROVAL, file=f"t{n}.jpg", form=f) for n, f in enumerate(forms)]
    found = check_in(GUIDE, make_case(*_public_docs(*tables), decl=_decl("管理")), "documents.post_change_form")
    assert codes(found) == (["POST_CHANGE_FORM_MISSING"] if flagged else [])
    if flagged:
        assert found[0].severity.value == "warning" and "正常晋升" in found[0].message


def test_the_form_is_not_judged_without_the_change(check_in):
    case = make_case(*_public_docs(doc(DocType.SALARY_APPROVAL, form="正常晋升")), decl=_decl(None))
    assert check_in(GUIDE, case, "documents.post_change_form") == []
