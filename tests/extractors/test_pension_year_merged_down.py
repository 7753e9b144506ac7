"""A 参保证明 whose 年度 cell is merged down over its months, the 月份 column printing the month of the
year alone (blind generation 8: an online hall's certificate photographed on a monitor). No month was
read, and every clean applicant's 缴费明细 was unreadable."""

from preaudit.extractors.pension_certificate import extract
from tests.helpers import line, page

HEAD = [("年度", 0.10, 0.14), ("月份", 0.18, 0.22), ("缴费单位", 0.30, 0.42), ("统筹区", 0.50, 0.55),
        ("缴费基数(元)", 0.58, 0.66), ("缴费状态", 0.72, 0.78)]


def _certificate(months: list[tuple[int, int]], year_cells: set[int]) -> list:
    """The table's rows in the order given, (year, month); the year printed once, in the middle of the
    run of its months, for the years in `year_cells`."""
    lines = [line("云南省城镇职工基本养老保险个人参保证明", 0.3, 0.05, 0.7, 0.07),
             line("姓名：杨丽", 0.1, 0.10, 0.2, 0.12), line("公民身份号码：530103199203196461", 0.3, 0.10, 0.55, 0.12),
             line("参保地：昆明市", 0.6, 0.10, 0.7, 0.12)]
    lines += [line(t, x0, 0.20, x1, 0.215) for t, x0, x1 in HEAD]
    rows: dict[int, list[float]] = {}
    for i, (year, month) in enumerate(months):
        y = 0.24 + 0.03 * i
        rows.setdefault(year, []).append(y)
        cells = [f"{month}月", "昆明云岭科技有限公司", "昆明市", "5600.00", "已到账"]
        lines += [line(t, x0, y, x1, y + 0.015) for t, (_, x0, x1) in zip(cells, HEAD[1:])]
    for year, ys in rows.items():
        if year in year_cells:
            mid = (ys[0] + ys[-1]) / 2
            lines.append(line(str(year), 0.10, mid, 0.14, mid + 0.015))
    return sorted(lines, key=lambda ln: (ln.bbox.y0, ln.bbox.x0))


def _months(months, year_cells):
    f = extract([page(_certificate(months, year_cells), width=2339, height=1653)])
    return [(m["month"], m["status"]) for m in f["months"].value or []], f["months"]


OLDEST_FIRST = [(2023, m) for m in range(9, 13)] + [(2024, m) for m in range(1, 9)]


def test_each_month_takes_the_year_of_its_merged_cell():
    got, _ = _months(OLDEST_FIRST, {2023, 2024})
    assert got == [(f"{y}-{m:02d}", "paid") for y, m in OLDEST_FIRST]
    newest_first = list(reversed(OLDEST_FIRST))
    got, _ = _months(newest_first, {2023, 2024})
    assert sorted(got) == [(f"{y}-{m:02d}", "paid") for y, m in OLDEST_FIRST]


def test_a_run_whose_year_was_lost_takes_its_neighbours_less_surely():
    got, field = _months(OLDEST_FIRST, {2024})
    assert got == [(f"{y}-{m:02d}", "paid") for y, m in OLDEST_FIRST]
    assert field.confidence < 0.9
