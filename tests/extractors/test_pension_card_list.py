"""The 电子社保卡 参保证明 in a payment app, one screenshot per 年度 tab (blind generation 7): no header row;
each month a card of the month and the unit on the left, 基数 4200.00 and 已缴费 on the right, and the
name printed with the gender after it (姓名：何颖 女, read 何颖女). A cell whose column has no role, or
that is not what its column holds, fills the role its shape says; the gender the holder's number
confirms is no part of the name."""

from __future__ import annotations

from preaudit.extractors.pension_certificate import extract
from tests.helpers import line, page

UNIT = "昆明滇源电力工程有限公司"


def _shot(months: list[str], status: str = "已缴费"):
    lines = [line("电子社保卡", 0.44, 0.047, 0.56, 0.066), line("城镇职工基本养老保险个人参保证明", 0.255, 0.115, 0.562, 0.13),
             line("姓名：", 0.253, 0.163, 0.294, 0.178), line("何颖女", 0.349, 0.163, 0.414, 0.178),
             line("身份证号：", 0.253, 0.181, 0.323, 0.196), line("530103199111266602", 0.348, 0.183, 0.504, 0.196),
             line("参保单位：", 0.253, 0.219, 0.323, 0.233), line(UNIT, 0.35, 0.219, 0.535, 0.233),
             line("参保地：", 0.253, 0.236, 0.309, 0.252), line("昆明市", 0.348, 0.236, 0.399, 0.252)]
    for i, m in enumerate(months):
        y = 0.357 + 0.0695 * i
        lines += [line(m, 0.249, y, 0.34, y + 0.017), line("基数 4200.00", 0.653, y + 0.002, 0.75, y + 0.016),
                  line(UNIT, 0.252, y + 0.022, 0.413, y + 0.034), line(status, 0.69, y + 0.027, 0.739, y + 0.043),
                  line("统筹区：昆明市", 0.25, y + 0.039, 0.346, y + 0.05)]
    return page(lines, width=1653, height=2339)


def test_the_cards_months_are_read_by_their_cells_shapes():
    months = [f"2024年{m}月" for m in range(8, 0, -1)]
    got = extract([_shot(months)])["months"].value
    assert [m["month"] for m in got] == [f"2024-{m:02d}" for m in range(1, 9)]
    assert all(m["base"] == 4200.0 and m["status"] == "paid" and m["employer"] == UNIT for m in got)


def test_the_gender_printed_after_the_name_is_no_part_of_it():
    name = extract([_shot(["2024年8月"])])["name"]
    assert name.value == "何颖" and name.confidence < 0.9
