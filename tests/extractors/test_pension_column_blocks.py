"""A window or self-service print that sets each year out as a block (issue 12, blind family
window-year-blocks): the year above, 1月 … 12月 as columns, and the payment's parts as rows under
them (缴费基数, 到账标志 √ / 欠缴): a cell under a month's column is that month's."""

from __future__ import annotations

from preaudit.extractors.pension_certificate import column_blocks, extract
from tests.helpers import line, page

X0, STEP = 0.20, 0.06  # the first month column's left edge and the columns' pitch


def _block(y: float, year: int, cells: dict[int, tuple[str, str]], employer: str = "昆明金碧物流有限公司") -> list:
    out = [line(f"{year}年度", 0.08, y, 0.18, y + 0.015),
           line(f"缴费单位:{employer}", 0.08, y + 0.02, 0.45, y + 0.035), line("统筹区:昆明市", 0.55, y + 0.02, 0.70, y + 0.035),
           line("月份", 0.08, y + 0.05, 0.14, y + 0.065), line("缴费基数", 0.08, y + 0.075, 0.16, y + 0.09),
           line("到账标志", 0.08, y + 0.10, 0.16, y + 0.115)]
    for k in range(1, 13):
        x = X0 + (k - 1) * STEP
        out.append(line(f"{k}月", x + 0.01, y + 0.05, x + 0.04, y + 0.065))
        if k in cells:
            base, mark = cells[k]
            out.append(line(base, x, y + 0.075, x + 0.05, y + 0.09))
            out.append(line(mark, x + 0.015, y + 0.10, x + 0.03, y + 0.115))
    return out


def _print(blocks: list) -> list:
    return [line("职工基本养老保险缴费情况表", 0.3, 0.05, 0.7, 0.07), line("姓名: 吴雨桐", 0.08, 0.10, 0.3, 0.115),
            *blocks, line("截至2024年08月，累计实际缴费12个月。", 0.08, 0.80, 0.6, 0.815),
            line("打印时间:2024.08.27 13:21", 0.55, 0.85, 0.85, 0.865)]


def test_each_month_is_read_from_its_own_column():
    lines = _print(_block(0.20, 2023, {k: ("4500.00", "√") for k in range(9, 13)})
                   + _block(0.40, 2024, {k: ("4500.00", "√" if k != 3 else "欠缴") for k in range(1, 9)}))
    months = extract([page(lines)])["months"].value
    assert [m["month"] for m in months] == [f"2023-{k:02d}" for k in range(9, 13)] + [f"2024-{k:02d}" for k in range(1, 9)]
    assert [m["month"] for m in months if m["status"] == "unpaid"] == ["2024-03"]
    assert {m["employer"] for m in months} == {"昆明金碧物流有限公司"} and {m["base"] for m in months} == {4500.0}


def test_a_block_ends_at_the_next_year_and_a_column_without_a_cell_has_no_month():
    blocks = column_blocks([page(_print(_block(0.20, 2023, {11: ("4500.00", "√"), 12: ("4500.00", "√")})
                                        + _block(0.40, 2024, {1: ("4500.00", "√")})))])
    assert [r.month for r in blocks] == ["2023-11", "2023-12", "2024-01"]


def test_a_month_row_without_a_year_above_is_no_block():
    lines = [ln for ln in _print(_block(0.20, 2023, {9: ("4500.00", "√")})) if "年度" not in ln.text]
    assert column_blocks([page(lines)]) == []
