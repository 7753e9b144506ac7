"""Pension prints of generation 8 (issue 12): a bilingual certificate (months written 09/2023, each
header and the place glossed in English: Employer, Place, 昆明市 Kunming) and a unit's spreadsheet export
(its 序号 run into the name cell, an amount run into the unit's, 参保地:昆明市 险种:… 记录数:12 on one
line). Each read the place, the months and the names wrong at full confidence."""

from preaudit.extractors.pension_certificate import extract, place_only
from tests.helpers import line, page

HEADER = [("序号", 0.05, 0.09), ("缴费年月", 0.11, 0.19), ("缴费单位", 0.21, 0.50), ("参保地", 0.52, 0.60),
          ("缴费基数", 0.62, 0.72), ("到账状态", 0.80, 0.90)]
GLOSS = ["No.", "Month", "Employer", "Place", "Base (CNY)", "Status"]


def _bilingual(first_line: list) -> list:
    lines = [line("社会保险个人参保缴费证明", 0.3, 0.05, 0.7, 0.07, source="pdf_text"),
             line("姓名", 0.05, 0.10, 0.09, 0.115, source="pdf_text"), line("杨伟", 0.2, 0.10, 0.25, 0.115, source="pdf_text"),
             line("公民身份号码", 0.05, 0.13, 0.15, 0.145, source="pdf_text"),
             line("530112199711139136", 0.2, 0.13, 0.35, 0.145, source="pdf_text"), *first_line]
    lines += [line(t, x0, 0.25, x1, 0.265, source="pdf_text") for t, x0, x1 in HEADER]
    lines += [line(g, x0, 0.267, x1, 0.277, source="pdf_text") for g, (_, x0, x1) in zip(GLOSS, HEADER)]
    for i in range(12):
        y = 0.29 + i * 0.022
        month = f"{(8 + i) % 12 + 1:02d}/{2023 + (8 + i) // 12}"
        cells = [str(i + 1), month, "昆明春城软件有限责任公司", "昆明市", "5000.00", "正常"]
        lines += [line(t, x0, y, x1, y + 0.015, source="pdf_text") for t, (_, x0, x1) in zip(cells, HEADER)]
    return lines


def test_a_bilingual_certificates_months_and_places_are_read_without_their_glosses():
    place = [line("参保地", 0.05, 0.16, 0.09, 0.175, source="pdf_text"),
             line("昆明市 Kunming", 0.2, 0.16, 0.3, 0.175, source="pdf_text")]
    f = extract([page(_bilingual(place), width=1654, height=2339, source="pdf_text")])
    months = f["months"].value
    assert [m["month"] for m in months] == [f"2023-{m:02d}" for m in range(9, 13)] + [f"2024-{m:02d}" for m in range(1, 9)]
    assert {(m["employer"], m["region"]) for m in months} == {("昆明春城软件有限责任公司", "昆明市")}
    assert f["region"].value == "昆明市"


def test_a_place_is_cut_where_the_next_label_begins():
    assert place_only("昆明市险种:企业职工基本养老保险记录数:12") == "昆明市"
    assert place_only("云南省昆明市本级") == "云南省昆明市本级"
    assert place_only("盘龙区：") == "盘龙区"
    assert place_only("昆明市Kunming") == "昆明市"


def _export(name_cell: str, unit_cells: list[str]) -> list:
    head = [("序号", 0.02, 0.05), ("姓名", 0.06, 0.10), ("公民身份号码", 0.12, 0.25), ("费款所属期", 0.27, 0.34),
            ("缴费基数", 0.36, 0.42), ("缴费单位名称", 0.44, 0.70), ("统筹区", 0.72, 0.78), ("到账标志", 0.80, 0.86)]
    lines = [line("职工基本养老保险个人缴费明细", 0.3, 0.04, 0.6, 0.06),
             line("参保地:昆明市", 0.02, 0.10, 0.10, 0.12), line("险种:企业职工基本养老保险", 0.12, 0.10, 0.25, 0.12),
             line("记录数:12", 0.27, 0.10, 0.33, 0.12)]
    lines += [line(t, x0, 0.15, x1, 0.17) for t, x0, x1 in head]
    for i in range(12):
        y = 0.19 + i * 0.03
        cells = [(name_cell if i == 0 else f"{i + 1}林鹏", 0.03, 0.10), ("530124196405273355", 0.12, 0.25),
                 (f"{2023 + (8 + i) // 12}{(8 + i) % 12 + 1:02d}", 0.28, 0.33), ("5000", 0.37, 0.41),
                 (unit_cells[i % len(unit_cells)], 0.43, 0.70), ("昆明市", 0.72, 0.77), ("已缴费", 0.80, 0.85)]
        lines += [line(t, x0, y, x1, y + 0.02) for t, x0, x1 in cells]
    return lines


def test_a_spreadsheet_exports_row_numbers_and_amounts_are_no_part_of_names():
    f = extract([page(_export("1林鹏", ["512昆明北辰建筑设计有限公司", "昆明北辰建筑设计有限公司"]), width=2339, height=1653)])
    assert f["name"].value == "林鹏" and f["name"].confidence < 0.9  # cut by inference: never certain
    assert f["region"].value == "昆明市"
    months = f["months"].value
    assert len(months) == 12 and {m["employer"] for m in months} == {"昆明北辰建筑设计有限公司"}


def test_a_month_run_into_the_insurance_kinds_cell_is_the_rows_month():
    """The export's 费款所属期 run into 险种类型 (202309企业职工基本养老保险), the line read under the
    险种类型 column (one row's month read apart, as OCR gave it): no month was read for most rows, and the
    缴费明细 was unreadable."""
    head = [("序号", 0.046, 0.073), ("姓名", 0.093, 0.119), ("公民身份号码", 0.172, 0.238), ("费款所属期", 0.282, 0.338),
            ("险种类型", 0.380, 0.426), ("缴费基数", 0.471, 0.517), ("单位缴费", 0.532, 0.579), ("个人缴费", 0.595, 0.640),
            ("缴费单位名称", 0.713, 0.780), ("统筹区", 0.855, 0.890), ("到账标志", 0.905, 0.951)]
    lines = [line("职工基本养老保险个人缴费明细", 0.38, 0.07, 0.62, 0.10), line("参保地：昆明市", 0.2, 0.14, 0.28, 0.16)]
    lines += [line(t, x0, 0.167, x1, 0.187) for t, x0, x1 in head]
    for i in range(12):
        y = 0.196 + i * 0.025
        month = f"{2023 + (8 + i) // 12}{(8 + i) % 12 + 1:02d}"
        cells = [(f"{i + 1}林鹏", 0.069, 0.114), ("530124196405273355", 0.136, 0.243),
                 (f"{month}{'' if i % 3 == 0 else ' '}企业职工基本养老保险" if i != 10 else month, 0.305, 0.454 if i != 10 else 0.338),
                 ("5000", 0.497, 0.524), ("800", 0.564, 0.586),
                 ("400 昆明北辰建筑设计有限公司", 0.627, 0.789), ("昆明市", 0.847, 0.881), ("已到账", 0.902, 0.936)]
        lines += [line(t, x0, y, x1, y + 0.018) for t, x0, x1 in cells]
    f = extract([page(lines, width=2400, height=1696)])
    months = f["months"].value
    assert [m["month"] for m in months] == [f"2023-{m:02d}" for m in range(9, 13)] + [f"2024-{m:02d}" for m in range(1, 9)]
    assert {m["employer"] for m in months} == {"昆明北辰建筑设计有限公司"}


def test_a_table_whose_every_month_runs_into_the_next_cell_is_read():
    """Every month of the export run into 险种类型 (generation 8's one-month export read no month at all:
    no row opened, and a printed sheet's header 个人缴费明细_202408251039.xls … 2024/8/25 was taken for
    the table's). A line that begins in the month's column and opens with a month opens the row."""
    head = [("序号姓名", 0.046, 0.163), ("公民身份号码", 0.172, 0.238), ("费款所属期", 0.282, 0.338),
            ("险种类型", 0.380, 0.426), ("缴费基数", 0.471, 0.517), ("缴费单位名称", 0.713, 0.780),
            ("统筹区", 0.855, 0.890), ("到账标志", 0.905, 0.951)]
    for rows in (1, 5):
        lines = [line("个人缴费明细_202408251039.xls", 0.43, 0.025, 0.57, 0.042), line("2024/8/25", 0.91, 0.024, 0.96, 0.043),
                 line("职工基本养老保险个人缴费明细", 0.38, 0.07, 0.62, 0.10), line("参保地：昆明市", 0.2, 0.14, 0.28, 0.16)]
        lines += [line(t, x0, 0.167, x1, 0.187) for t, x0, x1 in head]
        for i in range(rows):
            y = 0.196 + i * 0.025
            cells = [(f"{i + 1}吴斌", 0.068, 0.104), ("530102199909280255", 0.136, 0.244),
                     (f"2024{9 - rows + i:02d}企业职工基本养老保险", 0.305, 0.454), ("6400", 0.496, 0.525),
                     ("512 云南高原明珠信息技术有限公司", 0.628, 0.801), ("昆明市", 0.847, 0.881), ("已实缴", 0.901, 0.936)]
            lines += [line(t, x0, y, x1, y + 0.018) for t, x0, x1 in cells]
        months = extract([page(lines, width=2339, height=1653)])["months"].value
        assert [m["month"] for m in months] == [f"2024-{m:02d}" for m in range(9 - rows, 9)], rows
        assert {(m["employer"], m["region"], m["status"]) for m in months} == {("云南高原明珠信息技术有限公司", "昆明市", "paid")}
