"""A table header whose label carries a note in brackets, printed under it in the same cell
(费款所属期 / (起-止), issue 12, blind family etax-fee-detail): one cell, the label's column. Split in two,
the note took a column of its own, no month opened a row under the header, and the columns were
guessed from the cells: the 入库日期 became the month and the 电子税票号码 the base."""

from __future__ import annotations

from preaudit.extractors import tables
from preaudit.extractors.pension_certificate import PENSION_TABLE, header_role, read_table
from tests.helpers import line, page

HEAD = [("序号", 0.031, 0.050), ("缴费单位名称", 0.248, 0.303), ("参保地", 0.386, 0.414), ("征收品目", 0.468, 0.505),
        ("缴费基数", 0.560, 0.597), ("应缴费额", 0.624, 0.661), ("缴费状态", 0.748, 0.785), ("入库日期", 0.810, 0.848),
        ("电子税票号码", 0.891, 0.947)]


def _lines(period) -> list:  # noqa: ANN001
    out = [line(t, x0, 0.267, x1, 0.286) for t, x0, x1 in HEAD]
    out += [line("费款所属期", 0.093, 0.259, 0.140, 0.278), line("（起-止）", 0.096, 0.275, 0.137, 0.294)]
    for i, month in enumerate(("2024-08", "2024-07", "2024-06")):
        y = 0.305 + 0.032 * i
        start = period(month)
        cells = [(str(i + 1), 0.038, 0.043), (start, 0.086, 0.146), ("昆明云岭科技有限公司", 0.180, 0.273), ("昆明市", 0.386, 0.414),
                 ("企业职工基本养老保险费", 0.440, 0.534), ("4400.00", 0.562, 0.595), ("1056.00", 0.626, 0.659),
                 ("已缴费", 0.752, 0.780), (f"{month}-10", 0.805, 0.853), ("35327122030301171216", 0.872, 0.967)]
        out += [line(t, x0, y, x1, y + 0.019) for t, x0, x1 in cells]
    return out


def test_a_label_with_its_note_in_brackets_names_the_labels_column():
    assert header_role("费款所属期(起-止)") == header_role("费款所属期") == "month"
    assert header_role("缴费基数（元）") == "base"


def test_a_note_stacked_under_its_label_is_one_header_cell():
    vrows = tables._visual_rows(_lines(lambda m: f"{m}-01至{m}-28"))
    (header,) = tables._headers(PENSION_TABLE, vrows)
    assert header.order[:5] == ["seq", "month", "employer", "region", "_0"]


def test_the_months_are_the_periods_and_the_base_its_column():
    for period in (lambda m: f"{m}-01至{m}-28", lambda m: m.replace("-", "") * 1 + "-" + m.replace("-", "")):
        rows = {r.month: r for r in read_table([page(_lines(period), width=1600, height=900)]).rows()}
        assert sorted(rows) == ["2024-06", "2024-07", "2024-08"], period("2024-08")
        assert {(r.employer, r.base, r.status) for r in rows.values()} == {("昆明云岭科技有限公司", 4400.0, "paid")}


def test_two_header_cells_read_as_one_box_are_parted_and_a_units_code_is_no_unit():
    """序号所属期 (a dot-matrix counter print, issue 12 blind generation 4): two labels in one box are two
    columns, not 所属期 with two characters more; 单位编号 is the unit's code, a column no rule reads."""
    from preaudit.extractors import tables as T
    from preaudit.extractors.pension_certificate import PensionTable
    from preaudit.pipeline.model import BBox, TextLine

    layout = PensionTable()
    assert T.header_role(layout, "序号所属期") is None
    assert [k for k, _, _ in T._label_positions(layout, "序号所属期")] == ["seq", "month"]
    assert T.header_role(layout, "所属期(年月)") == "month" and T.header_role(layout, "单位编号") == "ignore"
    cells, merged = T._header_cells(layout, [TextLine(text="序号所属期", bbox=BBox(x0=0.09, y0=0.25, x1=0.18, y1=0.26)),
                                             TextLine(text="单位编号", bbox=BBox(x0=0.20, y0=0.25, x1=0.28, y1=0.26))])
    assert [c.key for c in cells] == ["seq", "month", "ignore"] and merged
