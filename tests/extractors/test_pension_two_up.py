"""A pension certificate printed two pages to a landscape sheet (issue 12, the fifth blind
generation): the left page's table and the right page's 续表 stand side by side, the 续表's header
higher than the left page's, so their rows share heights. Each page is read as a page of its own
(tables.panels), left then right, and the issuer's date under the last page's rows is its print
date even where the left page's rows run lower."""

from __future__ import annotations

from preaudit.extractors.pension_certificate import extract, read_table
from preaudit.extractors.tables import panel_span, panels
from tests.helpers import line, page

UNIT = "昆明金碧物流有限公司"
LEFT = ["2023-09", "2023-10", "2023-11", "2023-12", "2024-01", "2024-02", "2024-03", "2024-04"]
RIGHT = ["2024-05", "2024-06", "2024-07", "2024-08"]


def _panel(x: float, title: str, header_y: float, months: list[str], first_no: int) -> list:
    """One A4 page's certificate at `x` (0 or 0.5) of the landscape sheet."""
    def at(text: str, a: float, b: float, y0: float, y1: float):  # noqa: ANN202
        return line(text, x + a, y0, x + b, y1)

    out = [at(title, 0.10, 0.38, 0.108, 0.126), at("姓名:高芳", 0.06, 0.10, 0.143, 0.16),
           at("公民身份号码:530111199910250869", 0.28, 0.40, 0.146, 0.158)]
    for text, a, b in (("序号", 0.05, 0.07), ("费款所属期", 0.075, 0.105), ("缴费单位", 0.11, 0.18), ("统筹区", 0.22, 0.25),
                       ("缴费基数", 0.26, 0.29), ("到账状态", 0.42, 0.45)):
        out.append(at(text, a, b, header_y, header_y + 0.014))
    y = header_y + 0.03
    for k, month in enumerate(months):
        for text, a, b in ((str(first_no + k), 0.055, 0.062), (month.replace("-", "."), 0.075, 0.104), (UNIT, 0.113, 0.182),
                           ("昆明市", 0.224, 0.248), ("4500.00", 0.26, 0.289), ("已缴费", 0.423, 0.448)):
            out.append(at(text, a, b, y, y + 0.014))
        y += 0.027
    return out


def _sheet(foot: str = "二〇二四年八月十二日") -> list:
    left = _panel(0.0, "云南省城镇职工基本养老保险个人参保证明", 0.28, LEFT, 1)
    right = _panel(0.5, "云南省城镇职工基本养老保险个人参保证明(续表)", 0.157, RIGHT, 9)
    right += [line("昆明市人力资源和社会保障局", 0.839, 0.358, 0.947, 0.377), line(foot, 0.867, 0.382, 0.946, 0.399),
              line("1/2", 0.45, 0.93, 0.46, 0.945), line("2/2", 0.938, 0.932, 0.952, 0.947)]
    return left + right


def test_a_two_up_sheet_is_two_panels_and_a_single_page_is_one():
    lines = _sheet()
    left, right = panels(lines)
    assert all(ln.bbox.x1 <= 0.5 for ln in left) and all(ln.bbox.x0 >= 0.5 for ln in right)
    assert len(left) + len(right) == len(lines)
    assert panel_span(lines, right[-1].bbox)[0] > 0.4 and panel_span(lines, left[0].bbox)[1] < 0.5
    # one page whose months stand in twin columns under one centred title is one page
    twin = [ln for ln in lines if "参保证明" not in ln.text] + [line("云南省城镇职工基本养老保险个人参保证明", 0.3, 0.05, 0.7, 0.07)]
    assert panels(twin) == [twin] and panel_span(twin, twin[0].bbox) == (0.0, 1.0)


def test_the_months_of_both_pages_are_read_in_order():
    rows = read_table([page(_sheet(), width=2339, height=1653)]).rows()
    assert [r.month for r in rows] == LEFT + RIGHT
    assert all((r.employer, r.region, r.status) == (UNIT, "昆明市", "paid") for r in rows)


def test_the_issuers_date_under_the_last_pages_rows_is_the_print_date():
    fields = extract([page(_sheet(), width=2339, height=1653)])
    assert fields["print_date"].value == "2024-08-12" and fields["print_date"].confidence < 0.95
    assert extract([page(_sheet("2024年08月12日"), width=2339, height=1653)])["print_date"].value == "2024-08-12"


def test_a_tables_wide_column_gap_is_no_gutter_and_a_portrait_sheet_never_splits():
    table = []
    for k in range(12):
        y = 0.1 + 0.06 * k
        table += [line(f"2024-{k % 12 + 1:02d}", 0.05, y, 0.12, y + 0.03), line(UNIT, 0.15, y, 0.35, y + 0.03),
                  line("昆明市", 0.65, y, 0.72, y + 0.03), line("已到账", 0.88, y, 0.95, y + 0.03)]
    assert panels(table) == [table]  # no line on either side is a page's title or paragraph
    assert panels(_sheet(), landscape=False) == [_sheet()]


def test_the_fields_are_read_page_by_page():
    """The label reader reads such a sheet left page first (extractors/base.py FieldReader): the
    right page's 缴费单位 header stands higher than the left page's 参保单位：…, and its cell below
    is another unit the person paid at; the personal block's 参保单位 is the left page's."""
    other = "曲靖麒麟化工有限公司"
    sheet = [ln if ln.bbox.x0 < 0.5 or ln.text != UNIT else ln.model_copy(update={"text": other}) for ln in _sheet()]
    sheet.append(line(f"参保单位:{UNIT}", 0.06, 0.182, 0.16, 0.197))
    fields = extract([page(sheet, width=2339, height=1653)])
    assert fields["employer"].value == UNIT
