"""A pension print that shows each month as a card (issue 12, blind family app-long-screenshot): the
month and its status on one row, 缴费基数：… 单位：… 个人：… under it, the paying unit and its region
under that. Each month takes its card's lines: the employer and region rules see the months paid in
another city."""

from __future__ import annotations

from preaudit.extractors.pension_certificate import extract, read_table
from tests.helpers import line, page

CARDS = [("2024年08月", "昆明金碧物流有限公司", "昆明市", "5800.00"),
         ("2024年07月", "昆明金碧物流有限公司", "昆明市", "5800.00"),
         ("2024年06月", "曲靖麒麟化工有限公司", "曲靖市", "5600.00"),
         ("2024年05月", "曲靖麒麟化工有限公司", "曲靖市", "5600.00")]


def _lines(cards=CARDS, second_row: bool = True) -> list:
    out = [line("养老保险缴费明细", 0.36, 0.03, 0.64, 0.05), line("高静", 0.07, 0.075, 0.15, 0.094),
           line("社会保障号码：530112199504015480", 0.07, 0.10, 0.48, 0.11), line("参保地：昆明市", 0.07, 0.13, 0.24, 0.14)]
    y = 0.25
    for month, unit, region, base in cards:
        out += [line(month, 0.058, y, 0.212, y + 0.013), line("已到账", 0.862, y, 0.928, y + 0.011)]
        if second_row:
            out += [line(f"缴费基数：{base}", 0.058, y + 0.017, 0.245, y + 0.027),
                    line("单位：928.00", 0.386, y + 0.017, 0.518, y + 0.027),
                    line("个人：464.00", 0.652, y + 0.017, 0.784, y + 0.027)]
        out += [line(unit, 0.058, y + 0.029, 0.263, y + 0.038), line(region, 0.880, y + 0.029, 0.942, y + 0.038)]
        y += 0.052
    return out


def test_each_month_takes_its_cards_unit_region_and_base():
    months = {r.month: r for r in read_table([page(_lines(), width=1080, height=2400)]).rows()}
    assert sorted(months) == ["2024-05", "2024-06", "2024-07", "2024-08"]
    for month, unit, region, base in CARDS:
        m = months[month[:4] + "-" + month[5:7]]
        assert (m.employer, m.region, m.base, m.status) == (unit, region, float(base), "paid"), month


def test_the_units_share_is_no_employer():
    """单位：928.00 is what the unit paid, not its name: the card's unit line names the employer."""
    months = extract([page(_lines(), width=1080, height=2400)])["months"].value
    assert all(m["employer"] != "928.00" and m["employer"].endswith("公司") for m in months)


def test_the_last_card_reaches_no_further_than_the_others():
    lines = _lines() + [line("温馨提示：本页面仅供参考，昆明市社会保险局", 0.058, 0.48, 0.90, 0.49)]
    months = {r.month: r for r in read_table([page(lines, width=1080, height=2400)]).rows()}
    assert months["2024-05"].employer == "曲靖麒麟化工有限公司"
    assert all(r.region in ("昆明市", "曲靖市") for r in months.values())
