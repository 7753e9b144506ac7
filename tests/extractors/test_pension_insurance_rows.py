"""A 社会保险个人参保证明 that lists every insurance (issue 12, the fifth blind generation): a summary
of the insurances (险种 | 参保状态 | 参保起始年月 | 本期缴费月数) above the payment table, whose month
cell is merged over the 养老/失业/工伤 rows and printed on the middle one. The payment table is the
header naming the most columns; its months are the 养老 rows' (extractors/pension_certificate.py
`_pension_rows`); the unit and region that every insurance row repeats are one
value, never a cell wrapped over two lines."""

from __future__ import annotations

from preaudit.extractors.pension_certificate import read_table
from preaudit.extractors.tables import _repeats
from tests.helpers import line, page

UNIT = "昆明北辰建筑设计有限公司"
MONTHS = ["2023-09", "2023-10", "2023-11", "2023-12"]
KINDS = ("基本养老保险", "失业保险", "工伤保险")


def _sheet(others: tuple[str, str] = ("4500.00", "足额到账")) -> list:
    """The print; `others` is the base and status on the 失业 and 工伤 rows."""
    out = [line("云南省社会保险个人参保证明", 0.30, 0.077, 0.70, 0.10), line("一、参保险种", 0.08, 0.209, 0.18, 0.223)]
    for text, a, b in (("险种", 0.163, 0.195), ("参保状态", 0.318, 0.374), ("参保起始年月", 0.446, 0.528),
                       ("本期缴费月数", 0.589, 0.672), ("单位比例", 0.725, 0.782)):
        out.append(line(text, a, 0.232, b, 0.245))
    for k, kind in enumerate(KINDS):
        y = 0.251 + 0.019 * k
        out += [line(kind, 0.139, y, 0.221, y + 0.012), line("正常参保", 0.316, y, 0.373, y + 0.012),
                line("2023-09", 0.462, y, 0.513, y + 0.012), line("12", 0.621, y, 0.639, y + 0.012),
                line("16.0%", 0.734, y, 0.774, y + 0.012)]
    out.append(line("缴费明细", 0.108, 0.317, 0.18, 0.33))
    for text, a, b in (("费款所属期", 0.093, 0.161), ("险种", 0.209, 0.240), ("缴费基数", 0.290, 0.344), ("单位缴费", 0.371, 0.425),
                       ("缴费单位", 0.610, 0.665), ("统筹区", 0.776, 0.819), ("到账标志", 0.852, 0.907)):
        out.append(line(text, a, 0.340, b, 0.353))
    y = 0.357
    for month in MONTHS:
        for k, kind in enumerate(KINDS):
            base, status = ("4500.00", "足额到账") if k == 0 else others
            out += [line(kind, 0.186, y, 0.263, y + 0.012), line(base, 0.293, y, 0.341, y + 0.012),
                    line(("720.00", "31.50", "22.50")[k], 0.378, y, 0.418, y + 0.012),
                    line(UNIT, 0.516, y, 0.664, y + 0.012), line("昆明市", 0.778, y, 0.817, y + 0.012),
                    line(status, 0.855, y, 0.906, y + 0.012)]
            if k == 1:  # the merged month cell, printed in its middle
                out.append(line(month, 0.100, y, 0.153, y + 0.012))
            y += 0.0145
    return out


def test_the_payment_table_is_read_under_the_insurance_summary():
    rows = read_table([page(_sheet(), width=1653, height=2339)]).rows()
    assert [r.month for r in rows] == MONTHS
    assert all((r.employer, r.region, r.status, r.base) == (UNIT, "昆明市", "paid", 4500.0) for r in rows)


def test_the_months_are_the_pension_rows_not_the_other_insurances():
    """The month stands level with the 失业 row, under the 养老 row right below the header: the
    month is the 养老 row's, and a 失业 or 工伤 row (here unpaid, at another base) is no month of
    the pension record, nor a row whose month was not read (the table is whole)."""
    table = read_table([page(_sheet(("3000.00", "欠缴")), width=1653, height=2339)])
    rows = table.rows()
    assert [r.month for r in rows] == MONTHS
    assert all((r.status, r.base, r.insurance) == ("paid", 4500.0, "pension") for r in rows)
    assert table.unread == [] and table.field().confidence > 0.9


def test_a_table_without_the_insurance_column_is_read_as_before():
    lines = [ln for ln in _sheet() if ln.text not in KINDS or ln.bbox.y0 < 0.3]
    rows = read_table([page(lines, width=1653, height=2339)]).rows()
    assert [r.month for r in rows] == MONTHS and all(r.insurance is None for r in rows)


def test_a_repeated_value_is_no_wrapped_cell():
    assert _repeats(UNIT, UNIT) and _repeats("金碧物流有限公司", "昆明金碧物流有限公司")
    assert not _repeats("昆明金碧物流", "有限公司") and not _repeats("云南滇池建设工程", "(集团)有限公司")
