"""A 公示 notice that lists several applicants (序号 / 姓名 / 性别 / 申报专业 / 申报级别): the form's name is
the applicant's row, once the pipeline knows the applicant, never the first row (issue 12, blind
family notice-result: a colleague's name gave NAME_MISMATCH)."""

from __future__ import annotations

from preaudit.extractors.publicity_form import extract, listed_names, resolve_listed
from tests.helpers import line, page


def _notice():
    return page([
        line("职称申报人员公示", 0.35, 0.08, 0.65, 0.11),
        line("序号", 0.10, 0.22, 0.16, 0.24), line("姓名", 0.22, 0.22, 0.28, 0.24), line("性别", 0.33, 0.22, 0.38, 0.24),
        line("申报专业", 0.45, 0.22, 0.58, 0.24), line("申报级别", 0.72, 0.22, 0.84, 0.24),
        line("1", 0.12, 0.26, 0.14, 0.28), line("郭磊", 0.22, 0.26, 0.28, 0.28), line("男", 0.34, 0.26, 0.36, 0.28),
        line("会计", 0.48, 0.26, 0.54, 0.28), line("中级", 0.74, 0.26, 0.80, 0.28),
        line("2", 0.12, 0.30, 0.14, 0.32), line("杨伟", 0.22, 0.30, 0.28, 0.32), line("男", 0.34, 0.30, 0.36, 0.32),
        line("软件工程", 0.46, 0.30, 0.56, 0.32), line("助理级", 0.73, 0.30, 0.81, 0.32),
        line("公示时间：自2024年8月22日起至8月29日止，共6个工作日。", 0.10, 0.36, 0.80, 0.38),
    ])


def test_the_names_of_a_list_are_kept_and_the_form_s_name_waits_for_the_applicant():
    f = extract([_notice()])
    assert [row["name"] for row in f["employees"].value] == ["郭磊", "杨伟"]
    assert f["name"].value is None
    assert resolve_listed(f, "杨伟", None)["name"].value == "杨伟"
    assert resolve_listed(f, "杨伟", None)["name"].bbox.y0 == 0.30
    assert resolve_listed(f, "何婷", None)["name"].value is None  # not on the list: nothing made up


def test_a_form_s_own_name_row_is_no_list():
    form = page([line("姓名", 0.10, 0.20, 0.16, 0.22), line("王芳", 0.20, 0.20, 0.28, 0.22),
                 line("性别", 0.35, 0.20, 0.40, 0.22), line("女", 0.45, 0.20, 0.47, 0.22),
                 line("工作单位", 0.10, 0.25, 0.20, 0.27), line("昆明某某科技有限公司", 0.25, 0.25, 0.50, 0.27)])
    assert listed_names([form]) == []
    assert extract([form])["name"].value == "王芳"
