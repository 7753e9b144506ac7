"""A faxed year × month matrix (issue 12, blind generation 5): each month's cell holds 正常 or nothing and
the row ends with its 月数. A cell the fax smudged (主常 for 正常) is read as no status; where the row's
月数 is exactly the paid cells plus such unread ones, they are paid, read less surely (the row's own
total vouches for them); where it is not, they stay unread and the table says so."""

from __future__ import annotations

from preaudit.extractors.pension_certificate import read_table
from tests.helpers import line, page

UNIT = "云南翠湖环保科技有限公司"


def _matrix(count_2023: str) -> list:
    out = [line("险种：企业职工基本养老保险", 0.08, 0.213, 0.29, 0.228), line("年度", 0.093, 0.244, 0.128, 0.261),
           line("缴费单位", 0.209, 0.245, 0.266, 0.259), line("统筹区", 0.349, 0.244, 0.397, 0.261),
           line("月数", 0.882, 0.246, 0.916, 0.261)]
    out += [line(f"{k}月", 0.488 + 0.0328 * (k - 1), 0.245, 0.515 + 0.0328 * (k - 1), 0.261) for k in range(1, 13)]
    for y, year, cells, count in ((0.275, "2023", {9: "正常", 10: "主常", 11: "正常", 12: "正常"}, count_2023),
                                  (0.304, "2024", {k: "正常" for k in range(1, 9)}, "8")):
        out += [line(year, 0.09, y, 0.129, y + 0.015), line(UNIT, 0.142, y, 0.293, y + 0.015),
                line("昆明市", 0.35, y, 0.396, y + 0.015), line(count, 0.891, y, 0.909, y + 0.015)]
        out += [line(text, 0.488 + 0.0328 * (k - 1), y, 0.518 + 0.0328 * (k - 1), y + 0.015) for k, text in cells.items()]
    return out


def test_a_smudged_cell_the_rows_count_vouches_for_is_paid_less_surely():
    table = read_table([page(_matrix("4"))])
    rows = table.rows()
    assert [r.month for r in rows] == [f"2023-{m:02d}" for m in range(9, 13)] + [f"2024-{m:02d}" for m in range(1, 9)]
    assert all(r.status == "paid" for r in rows)
    assert 0.8 <= table.field().confidence < 0.9  # never certain, yet no FIELD_UNREADABLE


def test_a_count_that_does_not_add_up_leaves_the_cell_unread():
    table = read_table([page(_matrix("5"))])
    october = next(r for r in table.rows() if r.month == "2023-10")
    assert october.status is None and table.field().confidence <= 0.5


def test_a_count_that_agrees_vouches_for_faint_cells_but_never_makes_them_certain():
    faint = [ln.model_copy(update={"confidence": 0.74}) if ln.text == "正常" else ln for ln in _matrix("4")]
    table = read_table([page(faint)])
    assert all(r.status == "paid" for r in table.rows())
    assert 0.8 <= table.field().confidence < 0.9
    wrong = [ln.model_copy(update={"confidence": 0.74}) if ln.text == "正常" else ln for ln in _matrix("3")]
    assert read_table([page(wrong)]).field().confidence < 0.8  # a total that disagrees vouches for nothing
