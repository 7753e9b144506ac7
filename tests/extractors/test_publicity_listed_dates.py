"""A 公示结果汇总表 listing several applicants, each signing their own row with a date (issue 12,
blind family roster-landscape): the applicant's pledge date is their row's own date, never the
first row's; a date inside the list is no date of the unit's opinion. Before, another person's
signing date made PUBLICITY_DATE_ORDER an error."""

from __future__ import annotations

from preaudit.extractors.publicity_form import extract, off_the_list, resolve_listed
from preaudit.pipeline.model import BBox, FieldValue
from tests.helpers import line, page

HEAD = ["序号", "姓名", "性别", "出生年月", "学历", "申报系列", "申报专业", "申报级别", "公示起止时间", "公示结果", "本人签字", "签字日期"]
PEOPLE = [("马子涵", "2024.8.19"), ("黄思远", "2024.8.18"), ("刘琳", "2024.8.20")]


def _lines() -> list:
    out = [line("2024年度专业技术职称申报人员公示结果汇总表", 0.28, 0.05, 0.71, 0.08),
           line("填报单位（盖章）：昆明云岭科技有限公司", 0.04, 0.11, 0.30, 0.135)]
    out += [line(t, 0.04 + 0.075 * i, 0.165, 0.04 + 0.075 * i + 0.05, 0.195) for i, t in enumerate(HEAD)]
    for k, (name, signed) in enumerate(PEOPLE):
        y = 0.22 + 0.06 * k
        cells = [str(k + 1), name, "女", "1999.06", "本科", "工程系列", "电气工程", "助理级", "2024.8.22-8.29", "无异议", name, signed]
        out += [line(t, 0.04 + 0.075 * i, y, 0.04 + 0.075 * i + 0.06, y + 0.03) for i, t in enumerate(cells)]
    out += [line("单位意见：以上人员申报材料已经本单位审核，并按规定公示，公示期间无异议，同意推荐。", 0.04, 0.47, 0.57, 0.50),
            line("单位负责人：李卫东", 0.04, 0.52, 0.25, 0.55)]
    return out


def test_the_applicants_pledge_date_is_their_rows_own():
    fields = extract([page(_lines(), width=1700, height=1200)])
    assert fields["pledge_date"].value is None and len(fields["employees"].value) == 3
    mine = resolve_listed(fields, "刘琳", None)
    assert (mine["name"].value, mine["pledge_date"].value) == ("刘琳", "2024-08-20")
    assert resolve_listed(fields, "马子涵", None)["pledge_date"].value == "2024-08-19"


def test_a_date_inside_the_list_is_no_date_of_the_units_opinion():
    fields = extract([page(_lines(), width=1700, height=1200)])
    listed = fields["employees"].value
    inside = FieldValue(value="2024-08-20", confidence=1.0, page=1, bbox=BBox(x0=0.87, y0=0.34, x1=0.93, y1=0.37))
    below = FieldValue(value="2024-08-30", confidence=1.0, page=1, bbox=BBox(x0=0.6, y0=0.58, x1=0.7, y1=0.61))
    assert off_the_list(inside, listed).value is None
    assert off_the_list(below, listed).value == "2024-08-30"
    assert off_the_list(inside, listed[:1]).value == "2024-08-20"  # one name is no list


def test_a_notice_that_only_lists_names_keeps_its_own_signing_date():
    lines = [ln for ln in _lines() if ln.text not in {s for _, s in PEOPLE}]
    lines += [line("申报人承诺：", 0.10, 0.57, 0.22, 0.59), line("本人对公示内容无异议，所提交申报材料真实有效。", 0.15, 0.60, 0.88, 0.62),
              line("申报人签名：刘琳", 0.50, 0.64, 0.70, 0.67), line("2024.8.21", 0.52, 0.69, 0.64, 0.71)]
    fields = extract([page(lines, width=1700, height=1200)])
    assert len(fields["employees"].value) == 3 and fields["pledge_date"].value is not None
