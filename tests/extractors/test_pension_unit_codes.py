"""A pension 电子证照 (blind generation 9's e-licence export): a list of the units with their codes and
periods above the monthly detail, whose rows name the unit by its code alone, and the date of issue
labelled 签发日期. The list's header named as many columns as the detail's and was taken for the
table's: each month's base was read from the code (5301944.0), its unit was unread, and so was the
print date."""

from preaudit.extractors.pension_certificate import extract
from tests.helpers import line, page

CODES = {"530194465256": "昆明云岭科技有限公司", "530177120934": "云南高原明珠信息技术有限公司"}


def _licence() -> list:
    lines = [line("社会保险参保缴费证明（个人）", 0.29, 0.125, 0.71, 0.156, source="pdf_text"),
             line("签发日期：2024-08-10", 0.5, 0.184, 0.65, 0.198, source="pdf_text"),
             line("姓", 0.114, 0.218, 0.128, 0.233, source="pdf_text"), line("名", 0.157, 0.218, 0.172, 0.233, source="pdf_text"),
             line("郭子涵", 0.212, 0.218, 0.258, 0.234, source="pdf_text"),
             line("一、参保单位", 0.084, 0.324, 0.185, 0.342, source="pdf_text")]
    head1 = [("序号", 0.095, 0.123), ("单位编号", 0.172, 0.228), ("参保单位名称", 0.407, 0.492), ("统筹区", 0.656, 0.698),
             ("起始年月", 0.742, 0.798), ("截止年月", 0.839, 0.895)]
    lines += [line(t, x0, 0.35, x1, 0.365, source="pdf_text") for t, x0, x1 in head1]
    units = [("1", "530177120934", "2023年9月", "2024年4月"), ("2", "530194465256", "2024年5月", "2024年8月")]
    for i, (n, code, a, b) in enumerate(units):
        y = 0.372 + 0.02 * i
        cells = [(n, 0.106, 0.113), (code, 0.153, 0.247), (CODES[code], 0.272, 0.44), ("昆明市", 0.656, 0.698),
                 (a, 0.736, 0.804), (b, 0.833, 0.901)]
        lines += [line(t, x0, y, x1, y + 0.014, source="pdf_text") for t, x0, x1 in cells]
    lines.append(line("二、缴费明细", 0.084, 0.418, 0.185, 0.435, source="pdf_text"))
    head2 = [("序号", 0.095, 0.123), ("费款所属期", 0.155, 0.225), ("单位编号", 0.283, 0.339), ("统筹区", 0.397, 0.44),
             ("缴费基数(元)", 0.481, 0.561), ("单位缴费(元)", 0.599, 0.679), ("个人缴费(元)", 0.713, 0.793), ("到账标志", 0.835, 0.891)]
    lines += [line(t, x0, 0.445, x1, 0.459, source="pdf_text") for t, x0, x1 in head2]
    for i in range(12):
        y = 0.467 + 0.02 * i
        month = f"{2023 + (8 + i) // 12}年{(8 + i) % 12 + 1}月"
        code = "530177120934" if i < 8 else "530194465256"
        cells = [(str(i + 1), 0.105, 0.113), (month, 0.153, 0.227), (code, 0.264, 0.358), ("昆明市", 0.397, 0.44),
                 ("4,200.00", 0.518, 0.575), ("672.00", 0.645, 0.689), ("336.00", 0.759, 0.803), ("正常", 0.849, 0.877)]
        lines += [line(t, x0, y, x1, y + 0.014, source="pdf_text") for t, x0, x1 in cells]
    return lines


def test_months_named_by_their_units_code_take_the_units_name_and_the_detail_is_the_table():
    f = extract([page(_licence(), width=1653, height=2339, source="pdf_text")])
    months = f["months"].value
    assert [m["month"] for m in months] == [f"2023-{m:02d}" for m in range(9, 13)] + [f"2024-{m:02d}" for m in range(1, 9)]
    assert [m["employer"] for m in months] == ["云南高原明珠信息技术有限公司"] * 8 + ["昆明云岭科技有限公司"] * 4
    assert {(m["region"], m["base"], m["status"]) for m in months} == {("昆明市", 4200.0, "paid")}
    assert f["print_date"].value == "2024-08-10"


def test_a_section_bar_naming_the_units_code_and_region_on_one_line_gives_each_month_its_region():
    """The 掌上12333 certificate as WeChat preview screenshots (blind generation 9): each unit's months
    under a grey bar 参保单位：… | 单位编号：530156453774 统筹区：昆明市 | 缴费起止：…, the code and the region read
    as one line. The region was taken for the code's value and every month's region was unread."""
    lines = [line("职工养老保险个人缴费证明", 0.39, 0.139, 0.61, 0.155), line("姓名：郭晖", 0.23, 0.174, 0.285, 0.184),
             line("参保单位：昆明金碧物流有限公司", 0.238, 0.231, 0.379, 0.24),
             line("单位编号：530156453774 统筹区：昆明市", 0.454, 0.231, 0.617, 0.24),
             line("缴费起止：2023年09月-2024年08月", 0.622, 0.231, 0.762, 0.24)]
    head = [("缴费年月", 0.263, 0.303), ("缴费基数", 0.359, 0.399), ("个人缴费", 0.447, 0.488), ("到账状态", 0.707, 0.748)]
    lines += [line(t, x0, 0.247, x1, 0.256) for t, x0, x1 in head]
    for i in range(12):
        y = 0.26 + 0.0137 * i
        month = f"{2023 + (8 + i) // 12}年{(8 + i) % 12 + 1:02d}月"
        cells = [(month, 0.256, 0.309), ("4500.00", 0.382, 0.419), ("360.00", 0.474, 0.506), ("已缴费", 0.712, 0.743)]
        lines += [line(t, x0, y, x1, y + 0.009) for t, x0, x1 in cells]
    for bar in ("单位编号：530156453774 统筹区：昆明市", "单位编号：530156453774统等区：昆明市"):  # (统筹 misread)
        lines[3] = line(bar, 0.454, 0.231, 0.617, 0.24)
        months = extract([page(lines, width=1653, height=2339)])["months"].value
        assert len(months) == 12
        assert {(m["employer"], m["region"]) for m in months} == {("昆明金碧物流有限公司", "昆明市")}, bar


def test_a_unit_code_listed_twice_under_one_name_still_names_its_months():
    """The list of units printed again (a second page's copy of it, read at another confidence): one
    name for the code, whichever reading, at the lower of the two confidences."""
    lines = _licence()
    again = [line(t, x0, 0.372, x1, 0.386, conf=0.93) for t, x0, x1 in
             (("530177120934", 0.153, 0.247), (CODES["530177120934"], 0.272, 0.44))]
    f = extract([page(lines, width=1653, height=2339, source="pdf_text"), page(again, width=1653, height=2339, number=2)])
    months = f["months"].value
    assert [m["employer"] for m in months][:8] == ["云南高原明珠信息技术有限公司"] * 8
