"""A pension print that names the unit and region once over each run of months paid there (a kiosk's
slip, issue 12 blind family kiosk-thermal-slip): 缴费单位：… / 统筹区：… over the months, then another
unit's head over the next months. Each month takes the head above it; the holder's own 参保单位 at the
top of the page names the current unit and is no month's; a head never becomes the month above's card."""

from __future__ import annotations

from preaudit.extractors.pension_certificate import read_table
from tests.helpers import line, page

OLD, NEW = ("曲靖麒麟化工有限公司", "曲靖市"), ("昆明云岭科技有限公司", "昆明市")


def _lines() -> list:
    out = [line("参保单位：", 0.385, 0.132, 0.425, 0.139), line(NEW[0], 0.451, 0.132, 0.541, 0.139),
           line("年月", 0.389, 0.200, 0.410, 0.209), line("缴费基数", 0.493, 0.200, 0.531, 0.209),
           line("状态", 0.590, 0.201, 0.610, 0.209)]
    y = 0.215
    for (unit, region), months in ((OLD, ("202403", "202404", "202405")), (NEW, ("202406", "202407", "202408"))):
        y += 0.012  # a group's head stands apart from the months above it
        out += [line("缴费单位：", 0.393, y, 0.430, y + 0.008), line(unit, 0.451, y, 0.541, y + 0.008),
                line("统筹区：", 0.391, y + 0.010, 0.425, y + 0.018), line(region, 0.451, y + 0.010, 0.479, y + 0.018)]
        y += 0.0195
        for m in months:
            out += [line(m, 0.390, y, 0.420, y + 0.008), line("4500.00", 0.497, y, 0.531, y + 0.008),
                    line("正常", 0.590, y, 0.610, y + 0.008)]
            y += 0.010
    return out


def test_each_month_takes_the_head_of_its_group():
    months = {r.month: r for r in read_table([page(_lines(), width=800, height=4000)]).rows()}
    assert sorted(months) == ["2024-03", "2024-04", "2024-05", "2024-06", "2024-07", "2024-08"]
    for m, r in months.items():
        want = OLD if m < "2024-06" else NEW
        assert (r.employer, r.region, r.status) == (*want, "paid"), m


def test_the_holders_own_unit_is_no_months_without_a_head():
    lines = [ln for ln in _lines() if not ln.text.startswith(("缴费单位", "统筹区")) and ln.text not in (OLD + NEW)[::1]
             or ln.text == NEW[0] and ln.bbox.y0 < 0.14]
    months = read_table([page(lines, width=800, height=4000)]).rows()
    assert months and all(r.employer is None and r.region is None for r in months)
