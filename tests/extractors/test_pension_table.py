"""The monthly table of the 养老保险参保证明, row by row, on the layouts real prints take
(DOMAIN.md 附件3): the 12333 print (personal block, then 缴费明细 newest first, continued over
pages with the header repeated), scans whose OCR misreads or merges cells, edited PDFs."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from preaudit.extractors.pension_certificate import extract
from tests.helpers import line, page

KM, QJ = "昆明市", "曲靖市"
A, B = "昆明东风会计服务有限公司", "曲靖麒麟化工有限公司"
# 序号 | 缴费年月 | 单位名称 | 缴费基数 | 统筹区 | 到账情况, as the 12333 print sets them
COLS_12333 = [("序号", 0.097, 0.128), ("缴费年月", 0.163, 0.224), ("单位名称", 0.383, 0.444), ("缴费基数", 0.608, 0.669), ("统筹区", 0.728, 0.773), ("到账情况", 0.83, 0.891)]
CELLS_12333 = [(0.108, 0.117), (0.166, 0.221), (0.323, 0.504), (0.611, 0.666), (0.728, 0.773), (0.838, 0.883)]
PITCH, H = 0.025, 0.015


def personal_block(employer: str = A, region: str = KM) -> list:
    """The 12333 print's personal block: 参保单位 and 参保地 are labels here too."""
    return [
        line("云南省城镇职工基本养老保险个人参保证明", 0.25, 0.06, 0.75, 0.085),
        line("打印日期：2024年08月10日", 0.08, 0.105, 0.28, 0.12),
        line("姓名", 0.13, 0.135, 0.17, 0.155), line("杨颖", 0.32, 0.135, 0.37, 0.155),
        line("身份证号码", 0.11, 0.165, 0.19, 0.18), line("530103199111217149", 0.27, 0.165, 0.42, 0.18),
        line("参保地", 0.126, 0.195, 0.176, 0.21), line(region, 0.32, 0.195, 0.37, 0.21),
        line("参保状态", 0.50, 0.195, 0.57, 0.21), line("正常参保", 0.72, 0.195, 0.79, 0.21),
        line("参保单位", 0.118, 0.225, 0.185, 0.24), line(employer, 0.23, 0.225, 0.43, 0.24),
        line("首次参保年月", 0.10, 0.25, 0.20, 0.265), line("2023-09", 0.22, 0.25, 0.29, 0.265),
    ]


def header(top: float, cols=COLS_12333) -> list:
    return [line(t, x0, top, x1, top + H) for t, x0, x1 in cols]


def table_rows(cells: list[tuple], top: float, xs=CELLS_12333, pitch: float = PITCH) -> list:
    out = []
    for i, row in enumerate(cells):
        y = top + i * pitch
        out += [line(t, x0, y, x1, y + H) for t, (x0, x1) in zip(row, xs) if t]
    return out


def months_12333(months: list[str], employer=lambda m: A, region=lambda m: KM, status=lambda m: "已到账", seq=None) -> list[tuple]:
    """Rows newest first, as the 12333 print orders them."""
    rows = []
    for i, m in enumerate(sorted(months, reverse=True)):
        rows.append(((seq or {}).get(i, str(i + 1)), m, employer(m), "3800.00", region(m), status(m)))
    return rows


def expected(months: list[str], employer=lambda m: A, region=lambda m: KM, paid=lambda m: True, base=3800.0) -> list[dict]:
    return [{"month": m, "employer": employer(m), "region": region(m), "base": base, "status": "paid" if paid(m) else "unpaid"} for m in sorted(months)]


YEAR = [f"2023-{m:02d}" for m in range(9, 13)] + [f"2024-{m:02d}" for m in range(1, 9)]
SIXTY = [f"{y}-{m:02d}" for y in range(2019, 2025) for m in range(1, 13)][8:68]  # 2019-09 .. 2024-08


@dataclass
class Case:
    id: str
    pages: list
    want: list[dict]
    note: str = ""
    source: str = "ocr"
    extra: dict = field(default_factory=dict)


def _pages(*line_lists, source="ocr"):
    return [page([ln.model_copy(update={"source": source}) for ln in lines], width=1654, height=2339, number=k + 1, source=source)
            for k, lines in enumerate(line_lists)]


def case_12333_per_month_employer_region() -> Case:
    # cause 1: the personal block's 参保单位/参保地 labels are not the table's columns; the
    # months before a job change were paid by another employer in another region
    emp = lambda m: B if m < "2024-06" else A  # noqa: E731
    reg = lambda m: QJ if m < "2024-06" else KM  # noqa: E731
    lines = personal_block() + [line("缴费明细", 0.08, 0.285, 0.16, 0.3)] + header(0.313)
    lines += table_rows(months_12333(YEAR, emp, reg), 0.338)
    return Case("12333_per_month_employer_region", _pages(lines, source="pdf_text"), expected(YEAR, emp, reg))


def case_scan_seq_misread() -> Case:
    # cause 2: OCR reads the 序号 of the newest row as 一 and the 8th as ∞
    lines = personal_block() + header(0.313) + table_rows(months_12333(YEAR, seq={0: "一", 7: "∞"}), 0.338)
    return Case("scan_seq_misread", _pages(lines), expected(YEAR))


def case_multipage_header_repeated_and_continuation() -> Case:
    # 60 months over 3 pages: header repeated on page 2 under a （续） title, page 3 without one
    rows = months_12333(SIXTY)
    p1 = personal_block() + header(0.313) + table_rows(rows[:20], 0.338)
    p2 = [line("云南省城镇职工基本养老保险个人参保证明（续）", 0.08, 0.055, 0.45, 0.07)] + header(0.09) + table_rows(rows[20:48], 0.115)
    p3 = table_rows(rows[48:], 0.09) + [line("第 3 页 共 3 页", 0.45, 0.955, 0.55, 0.968)]
    return Case("multipage", _pages(p1, p2, p3), expected(SIXTY))


def case_wrapped_employer_cell() -> Case:
    # a long unit name wraps onto two lines in its cell; the row grows, the month sits centred
    long_name = "云南博源(集团)信息产业有限公司"
    lines = personal_block(long_name) + header(0.313)
    y = 0.338
    for i, m in enumerate(sorted(YEAR[-4:], reverse=True)):
        lines += [line(str(i + 1), 0.10, y + 0.008, 0.12, y + 0.023), line(m, 0.165, y + 0.008, 0.22, y + 0.023),
                  line("云南博源(集团)信息产业", 0.32, y, 0.50, y + H), line("有限公司", 0.32, y + 0.017, 0.40, y + 0.017 + H),
                  line("3800.00", 0.61, y + 0.008, 0.665, y + 0.023), line(KM, 0.725, y + 0.008, 0.775, y + 0.023),
                  line("已到账", 0.835, y + 0.008, 0.885, y + 0.023)]
        y += 0.04
    return Case("wrapped_employer_cell", _pages(lines), expected(YEAR[-4:], employer=lambda m: long_name))


def case_edited_pdf_overlay() -> Case:
    # the forger whited out 未到账 and typed 已到账 on the same spot: the page shows 已到账
    rows = months_12333(YEAR, status=lambda m: "未到账" if m == "2024-06" else "已到账")
    lines = personal_block() + header(0.313) + table_rows(rows, 0.338)
    y = 0.338 + 2 * PITCH
    lines.append(line("已到账", 0.835, y + 0.0003, 0.882, y + H - 0.0005))
    return Case("edited_pdf_overlay", _pages(lines, source="pdf_text"), expected(YEAR))


def case_ocr_merged_cells() -> Case:
    # OCR ran the unit name and the base together (one line over two columns)
    lines = personal_block() + header(0.313)
    for i, m in enumerate(sorted(YEAR, reverse=True)):
        y = 0.338 + i * PITCH
        lines += [line(str(i + 1), 0.10, y, 0.12, y + H), line(m, 0.165, y, 0.22, y + H),
                  line(f"{A} 3800.00", 0.32, y, 0.665, y + H), line(KM, 0.725, y, 0.775, y + H), line("已到账", 0.835, y, 0.885, y + H)]
    return Case("ocr_merged_cells", _pages(lines), expected(YEAR))


def case_other_column_order_and_unknown_column() -> Case:
    # 缴费年月 | 统筹区 | 单位名称 | 个人缴费 | 缴费基数 | 到账情况: an amount column we do not read
    cols = [("缴费年月", 0.08, 0.16), ("统筹区", 0.2, 0.26), ("单位名称", 0.33, 0.43), ("个人缴费", 0.52, 0.58), ("缴费基数", 0.66, 0.72), ("到账情况", 0.8, 0.86)]
    xs = [(0.085, 0.155), (0.2, 0.26), (0.28, 0.48), (0.53, 0.57), (0.665, 0.715), (0.805, 0.855)]
    rows = [(m.replace("-", ""), KM, A, "304.00", "3800.00", "已到账") for m in YEAR]
    lines = [line("养老保险个人参保证明", 0.3, 0.05, 0.7, 0.07), line("参保单位：" + A, 0.08, 0.1, 0.5, 0.115)]
    lines += header(0.2, cols) + table_rows(rows, 0.23, xs)
    return Case("other_column_order", _pages(lines), expected(YEAR))


def case_unreadable_month_between_neighbours() -> Case:
    rows = months_12333(YEAR)
    rows[3] = (rows[3][0], "2O#4-#5", *rows[3][2:])  # 2024-05 smudged beyond reading
    lines = personal_block() + header(0.313) + table_rows(rows, 0.338)
    return Case("unreadable_month", _pages(lines), expected(YEAR))


def case_header_labels_wrapped() -> Case:
    # narrow columns: 缴费 over 年月, 缴费 over 基数, 到账 over 情况; the region before the unit
    cols_top = [("缴费", 0.08, 0.12), ("统筹区", 0.17, 0.22), ("单位名称", 0.34, 0.42), ("缴费", 0.61, 0.65), ("到账", 0.78, 0.82)]
    cols_bot = [("年月", 0.08, 0.12), ("基数", 0.61, 0.65), ("情况", 0.78, 0.82)]
    xs = [(0.07, 0.13), (0.17, 0.22), (0.26, 0.50), (0.6, 0.66), (0.775, 0.825)]
    reg = lambda m: QJ if m < "2024-01" else KM  # noqa: E731
    lines = [line("城镇职工基本养老保险参保缴费证明", 0.25, 0.05, 0.75, 0.07)]
    lines += [line(t, x0, 0.2, x1, 0.2 + H) for t, x0, x1 in cols_top] + [line(t, x0, 0.218, x1, 0.218 + H) for t, x0, x1 in cols_bot]
    lines += table_rows([(m, reg(m), A, "3800", "已到账") for m in YEAR], 0.245, xs)
    return Case("header_labels_wrapped", _pages(lines), expected(YEAR, region=reg))


def case_month_spellings_and_ocr_lookalikes() -> Case:
    spell = {"2024-08": "2024年8月", "2024-07": "2024.07", "2024-06": "2024一06", "2024-05": "2O24-05", "2024-04": "202404"}
    rows = [(r[0], spell.get(r[1], r[1]), *r[2:]) for r in months_12333(YEAR)]
    lines = personal_block() + header(0.313) + table_rows(rows, 0.338)
    return Case("month_spellings", _pages(lines), expected(YEAR))


def case_status_misread_and_seal_over_table() -> Case:
    # OCR reads 未 as 末; the 业务专用章 stamped over the last rows is read as tall curved text
    rows = months_12333(YEAR, status=lambda m: "末到账" if m == "2024-07" else "已到账")
    lines = personal_block() + header(0.313) + table_rows(rows, 0.338)
    last = 0.338 + 11 * PITCH
    lines += [line("云南省社会保险局", 0.30, last - 0.02, 0.50, last + 0.03), line("业务专用章", 0.40, last - 0.005, 0.45, last + 0.004)]
    return Case("status_misread_seal", _pages(lines), expected(YEAR, paid=lambda m: m != "2024-07"))


def case_header_merged_by_ocr() -> Case:
    # OCR read the whole header as one line (region before unit); the data cells are separate
    reg = lambda m: QJ if m < "2024-03" else KM  # noqa: E731
    lines = personal_block() + [line("序号 缴费年月 统筹区 单位名称 缴费基数 到账情况", 0.09, 0.313, 0.89, 0.313 + H)]
    xs = [CELLS_12333[0], CELLS_12333[1], (0.25, 0.30), (0.35, 0.55), CELLS_12333[3], CELLS_12333[5]]
    rows = [(s, m, reg(m), A, b, st) for s, m, _, b, _, st in months_12333(YEAR)]
    lines += table_rows(rows, 0.338, xs)
    return Case("header_merged", _pages(lines), expected(YEAR, region=reg))


CASES = [
    case_12333_per_month_employer_region(),
    case_scan_seq_misread(),
    case_multipage_header_repeated_and_continuation(),
    case_wrapped_employer_cell(),
    case_edited_pdf_overlay(),
    case_ocr_merged_cells(),
    case_other_column_order_and_unknown_column(),
    case_unreadable_month_between_neighbours(),
    case_header_labels_wrapped(),
    case_month_spellings_and_ocr_lookalikes(),
    case_status_misread_and_seal_over_table(),
    case_header_merged_by_ocr(),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_monthly_rows(case: Case) -> None:
    got = extract(case.pages)["months"].value
    assert got == case.want


def _confidence_case(status: dict[str, str], seq: dict[int, str], seq_conf: float) -> list:
    rows = months_12333(YEAR, status=lambda m: status.get(m, "已到账"), seq=seq)
    lines = personal_block() + header(0.313) + table_rows(rows, 0.338)
    lines = [ln.model_copy(update={"confidence": seq_conf}) if ln.text in seq.values() else ln for ln in lines]
    return _pages(lines)


@pytest.mark.parametrize(
    ("status", "seq", "seq_conf", "low"),
    [
        ({"2024-07": "#@"}, {}, 0.99, True),  # a status OCR could not read: FIELD_UNREADABLE asks the reviewer
        ({}, {0: "一"}, 0.6, False),  # an unsure 序号 is no doubt about the payments
    ],
    ids=["status_unread_lowers", "seq_misread_does_not"],
)
def test_months_confidence(status, seq, seq_conf, low):
    months = extract(_confidence_case(status, seq, seq_conf))["months"]
    assert len(months.value) == 12
    assert (months.confidence < 0.8) is low


# --------------------------------------------------------------------------- issue 12: other layouts
#
# Layouts the reader was not developed on: header labels OCR garbled, no header at all, other
# column orders with columns no rule reads, periods instead of months, a year-by-month grid,
# every month spelling, rows split into several OCR boxes, a page scanned at another offset.


def _grid(cols: list[tuple[str, float, float]], rows: list[tuple], top: float, pitch: float = PITCH, conf=None) -> list:
    """A header (its labels at the columns' centres) and rows, one OCR box per cell."""
    out = [line(t, x0, top, x1, top + H) for t, x0, x1 in cols if t]
    for i, row in enumerate(rows):
        y = top + (i + 1) * pitch + 0.005
        for k, (t, (_, x0, x1)) in enumerate(zip(row, cols)):
            if t:
                c = conf(i, k) if conf else 0.99
                out.append(line(t, x0, y, x1, y + H, conf=c))
    return out


PROVINCIAL = [("费款所属期", 0.06, 0.15), ("险种类型", 0.16, 0.26), ("缴费基数", 0.27, 0.35), ("单位缴纳", 0.36, 0.43),
              ("个人缴纳", 0.44, 0.51), ("缴费单位", 0.52, 0.74), ("统筹区", 0.75, 0.82), ("缴费标志", 0.83, 0.92)]


def case_provincial_extra_columns_and_flags() -> Case:
    # 险种类型 is text, 单位缴纳/个人缴纳 are amounts: neither is the employer nor the base
    unpaid = {"2024-03": "欠费", "2024-04": "未缴"}
    rows = [(m.replace("-", ""), "企业职工基本养老保险", "4200.00", "672.00", "336.00", A, KM, unpaid.get(m, "已实缴")) for m in YEAR]
    lines = [line("城镇职工基本养老保险个人缴费明细", 0.25, 0.05, 0.75, 0.07), line("姓名：杨颖", 0.06, 0.1, 0.2, 0.115)]
    lines += _grid(PROVINCIAL, rows, 0.2)
    return Case("provincial_extra_columns", _pages(lines), expected(YEAR, paid=lambda m: m not in unpaid, base=4200.0))


def case_header_garbled_by_ocr() -> Case:
    # every label misread by one character: 缴费年目 单位名祢 缴贵基数 统筹医 到帐情况
    cols = [("缴费年目", 0.06, 0.15), ("单位名祢", 0.2, 0.45), ("缴贵基数", 0.5, 0.6), ("统筹医", 0.65, 0.72), ("到帐情况", 0.78, 0.88)]
    rows = [(m, A, "3800.00", KM, "已到账") for m in YEAR]
    return Case("header_garbled", _pages(_grid(cols, rows, 0.2)), expected(YEAR))


def case_no_header_columns_by_meaning() -> Case:
    # a continuation page photographed alone: no header; the columns are told apart by what they
    # hold (months, unit names, amounts of which the base is the largest, regions, status words)
    cols = [("", 0.05, 0.08), ("", 0.1, 0.18), ("", 0.2, 0.45), ("", 0.48, 0.56), ("", 0.58, 0.64), ("", 0.66, 0.72), ("", 0.8, 0.88)]
    reg = lambda m: QJ if m < "2024-01" else KM  # noqa: E731
    rows = [(str(i + 1), m, A, "3800.00", "608.00", reg(m), "已到账") for i, m in enumerate(YEAR)]
    return Case("no_header", _pages(_grid(cols, rows, 0.2)), expected(YEAR, region=reg))


def case_periods_expanded() -> Case:
    # 起始年月 | 截止年月 | 缴费月数 | 缴费基数 | 缴费单位 | 参保地 | 缴费状态: one row a period; an
    # unpaid month breaks a period and shows as its own 欠费 row with 0 months
    cols = [("序号", 0.05, 0.08), ("起始年月", 0.1, 0.18), ("截止年月", 0.2, 0.28), ("缴费月数", 0.3, 0.36), ("缴费基数", 0.38, 0.46),
            ("缴费单位", 0.48, 0.7), ("参保地", 0.72, 0.79), ("缴费状态", 0.82, 0.9)]
    rows = [("1", "2023.09", "2023.12", "4", "3500.00", B, QJ, "正常"), ("2", "2024.01", "2024.05", "5", "3800.00", A, KM, "正常"),
            ("3", "2024.06", "2024.06", "0", "3800.00", A, KM, "欠费"), ("4", "2024.07", "2024.08", "2", "3800.00", A, KM, "正常")]
    emp = lambda m: B if m < "2024-01" else A  # noqa: E731
    reg = lambda m: QJ if m < "2024-01" else KM  # noqa: E731
    want = [{**r, "base": 3500.0 if r["month"] < "2024-01" else 3800.0} for r in expected(YEAR, emp, reg, paid=lambda m: m != "2024-06")]
    return Case("periods", _pages(_grid(cols, rows, 0.3, pitch=0.03)), want)


def case_period_in_one_cell_newest_first() -> Case:
    cols = [("缴费起止年月", 0.06, 0.26), ("缴费单位名称", 0.3, 0.55), ("缴费基数", 0.6, 0.68), ("缴费状态", 0.75, 0.83)]
    rows = [("202406-202408", A, "3800", "已到账"), ("202312-202405", A, "3800", "已到账"), ("202309-202311", A, "3800", "已到账")]
    lines = [line("参保地：昆明市", 0.06, 0.1, 0.3, 0.115)] + _grid(cols, rows, 0.2)
    return Case("period_one_cell", _pages(lines), [{**r, "region": None} for r in expected(YEAR)])


def case_year_grid() -> Case:
    # 年度 | 缴费单位 | 统筹区 | 1月 … 12月 | 月数: a month's cell holds its base, 欠 when unpaid, nothing
    # when there is no record; an employer change within a year is a row of its own
    moy = [(f"{k}月", 0.33 + 0.05 * (k - 1), 0.37 + 0.05 * (k - 1)) for k in range(1, 13)]
    cols = [("年度", 0.02, 0.06), ("缴费单位", 0.07, 0.24), ("统筹区", 0.26, 0.31)] + moy + [("月数", 0.93, 0.97)]
    r2023 = ["2023", B, QJ] + [""] * 8 + ["3500"] * 4 + ["4"]
    r2024a = ["2024", A, KM] + ["3800", "3800", "欠", "3800", "3800"] + [""] * 7 + ["4"]
    r2024b = ["2024", B, QJ] + [""] * 5 + ["3500", "3500", "3500"] + [""] * 4 + ["3"]
    emp = lambda m: A if "2024-01" <= m <= "2024-05" else B  # noqa: E731
    reg = lambda m: KM if "2024-01" <= m <= "2024-05" else QJ  # noqa: E731
    want = [{**r, "base": 3800.0 if emp(r["month"]) == A else 3500.0} for r in expected(YEAR, emp, reg, paid=lambda m: m != "2024-03")]
    lines = [line("参保缴费历史明细", 0.4, 0.05, 0.6, 0.07)] + _grid(cols, [r2023, r2024a, r2024b], 0.2, pitch=0.035)
    return Case("year_grid", _pages(lines), want)


def case_every_month_spelling() -> Case:
    spell = ["2023-09", "202310", "2023年11月", "2023.12", "2024.1", "2024/02", "2024年3月", "2024 年 04 月", "2024-5", "2024.06",
             "2024年07月份", "202408"]
    rows = [(s, A, "3800.00", KM, "已到账") for s in spell]
    cols = [("缴费年月", 0.06, 0.17), ("单位名称", 0.2, 0.45), ("缴费基数", 0.5, 0.6), ("统筹区", 0.65, 0.72), ("到账情况", 0.78, 0.88)]
    return Case("month_spellings_all", _pages(_grid(cols, rows, 0.2)), expected(YEAR))


def case_row_split_into_several_boxes() -> Case:
    # OCR cut the unit name in two boxes and the status in two; the month came with the 序号
    lines = personal_block() + header(0.313)
    for i, m in enumerate(sorted(YEAR, reverse=True)):
        y = 0.338 + i * PITCH
        lines += [line(f"{i + 1} {m}", 0.1, y, 0.221, y + H), line("昆明东风会计", 0.323, y, 0.41, y + H),
                  line("服务有限公司", 0.415, y + 0.001, 0.504, y + H + 0.001), line("3800.00", 0.611, y, 0.666, y + H),
                  line(KM, 0.728, y, 0.773, y + H), line("已到", 0.838, y, 0.862, y + H), line("账", 0.864, y, 0.876, y + H)]
    return Case("row_split_boxes", _pages(lines), expected(YEAR))


def case_pages_scanned_at_other_offsets() -> Case:
    # page 2 has the header again but the scan sits 3 % further right; page 3 has none and sits left
    rows = months_12333(SIXTY)
    shift = lambda lines, dx: [ln.model_copy(update={"bbox": ln.bbox.model_copy(update={"x0": ln.bbox.x0 + dx, "x1": ln.bbox.x1 + dx})})  # noqa: E731
                               for ln in lines]
    p1 = personal_block() + header(0.313) + table_rows(rows[:20], 0.338)
    p2 = shift(header(0.09) + table_rows(rows[20:48], 0.115), 0.03)
    p3 = shift(table_rows(rows[48:], 0.09), -0.025)
    return Case("pages_offsets", _pages(p1, p2, p3), expected(SIXTY))


def case_status_vocabulary_of_provinces() -> Case:
    words = {"2023-09": "足额到账", "2023-10": "正常应缴", "2023-11": "已缴费", "2023-12": "正常", "2024-01": "中断",
             "2024-02": "暂停", "2024-03": "欠缴", "2024-04": "未缴费", "2024-05": "已实缴", "2024-06": "到账", "2024-07": "是",
             "2024-08": "已到帐"}
    unpaid = {"2024-01", "2024-02", "2024-03", "2024-04"}
    lines = personal_block() + header(0.313) + table_rows(months_12333(YEAR, status=lambda m: words[m]), 0.338)
    return Case("status_vocabulary", _pages(lines), expected(YEAR, paid=lambda m: m not in unpaid))


def case_seal_over_rows_and_merged_header_with_extra_columns() -> Case:
    # OCR merged the header (extra columns included) into one line; the cells are separate boxes
    lines = [line("序号 缴费年月 险种类型 缴费基数 单位缴费 个人缴费 单位名称 统筹区 到账标志", 0.05, 0.2, 0.95, 0.2 + H)]
    xs = [(0.05, 0.07), (0.1, 0.17), (0.2, 0.3), (0.33, 0.4), (0.43, 0.49), (0.52, 0.58), (0.6, 0.78), (0.8, 0.85), (0.88, 0.93)]
    for i, m in enumerate(YEAR):
        y = 0.23 + i * PITCH
        cells = [str(i + 1), m, "基本养老保险", "3800.00", "608.00", "304.00", A, KM, "已到账"]
        lines += [line(t, x0, y, x1, y + H) for t, (x0, x1) in zip(cells, xs)]
    lines += [line("昆明市社会保险局", 0.55, 0.4, 0.75, 0.45), line("业务专用章", 0.6, 0.43, 0.7, 0.44)]
    return Case("merged_header_extra_columns", _pages(lines), expected(YEAR))


def case_header_cell_lost_by_ocr() -> Case:
    # OCR lost the 统筹区 header cell: its column of regions is still a column (found by its cells)
    cols = [("缴费年月", 0.06, 0.17), ("单位名称", 0.2, 0.45), ("缴费基数", 0.5, 0.6), ("", 0.65, 0.72), ("到账情况", 0.78, 0.88)]
    reg = lambda m: QJ if m < "2024-03" else KM  # noqa: E731
    rows = [(m, A, "3800.00", reg(m), "已到账") for m in YEAR]
    return Case("header_cell_lost", _pages(_grid(cols, rows, 0.2)), expected(YEAR, region=reg))


def case_continuation_page_photographed_elsewhere() -> Case:
    # page 2 continues the table without a header, photographed a whole column further right
    rows = months_12333(SIXTY)
    shift = lambda lines, dx: [ln.model_copy(update={"bbox": ln.bbox.model_copy(update={"x0": ln.bbox.x0 + dx, "x1": ln.bbox.x1 + dx})})  # noqa: E731
                               for ln in lines]
    p1 = personal_block() + header(0.313) + table_rows(rows[:20], 0.338)
    p2 = shift(table_rows(rows[20:], 0.09), 0.09)
    return Case("continuation_far_offset", _pages(p1, p2), expected(SIXTY))


CASES_12 = [
    case_header_cell_lost_by_ocr(),
    case_continuation_page_photographed_elsewhere(),
    case_provincial_extra_columns_and_flags(),
    case_header_garbled_by_ocr(),
    case_no_header_columns_by_meaning(),
    case_periods_expanded(),
    case_period_in_one_cell_newest_first(),
    case_year_grid(),
    case_every_month_spelling(),
    case_row_split_into_several_boxes(),
    case_pages_scanned_at_other_offsets(),
    case_status_vocabulary_of_provinces(),
    case_seal_over_rows_and_merged_header_with_extra_columns(),
]


@pytest.mark.parametrize("case", CASES_12, ids=[c.id for c in CASES_12])
def test_monthly_rows_other_layouts(case: Case) -> None:
    got = extract(case.pages)["months"].value
    assert got == case.want


# --------------------------------------------------------------------------- confidence honesty

_COLS = [("缴费年月", 0.06, 0.17), ("单位名称", 0.2, 0.45), ("缴费基数", 0.5, 0.6), ("统筹区", 0.65, 0.72), ("到账情况", 0.78, 0.88)]
_TWO_YEARS = [f"{y}-{m:02d}" for y in (2022, 2023, 2024) for m in range(1, 13)][8:32]  # 2022-09 .. 2024-08


def _conf_of(conf=None, status=lambda m: "已到账", cols=_COLS) -> float:
    rows = [(m, A, "3800.00", KM, status(m))[: len(cols)] for m in _TWO_YEARS]
    return extract(_pages(_grid(cols, rows, 0.15, pitch=0.03, conf=conf)))["months"].confidence


def test_table_confidence_is_the_lowest_cell_the_rules_use_in_the_newest_months():
    assert _conf_of() == 0.99
    # an employer read at 0.7 in a recent month: the unit rule rests on it
    assert _conf_of(lambda i, k: 0.7 if (i, k) == (20, 1) else 0.99) == 0.7
    # the same cell two years back: no rule looks at it
    assert _conf_of(lambda i, k: 0.7 if (i, k) == (2, 1) else 0.99) == 0.99
    # the base is read by no rule
    assert _conf_of(lambda i, k: 0.6 if k == 2 else 0.99) == 0.99
    # a status OCR read at 0.86 in the last month: below the certainty threshold (0.90)
    assert _conf_of(lambda i, k: 0.86 if (i, k) == (23, 4) else 0.99) == 0.86


def test_inferred_values_lower_the_confidence():
    # a status cell that cannot be read: not silently paid, FIELD_UNREADABLE (< 0.8) asks for a look
    months = extract(_pages(_grid(_COLS, [(m, A, "3800.00", KM, "#@" if m == "2024-07" else "已到账") for m in _TWO_YEARS], 0.15, 0.03)))["months"]
    assert next(r for r in months.value if r["month"] == "2024-07")["status"] is None
    assert months.confidence < 0.8
    # a status misread so that 未 and 已 cannot be told apart (夫到账): no reading
    months = extract(_pages(_grid(_COLS, [(m, A, "3800.00", KM, "夫到账" if m == "2024-07" else "已到账") for m in _TWO_YEARS], 0.15, 0.03)))["months"]
    assert next(r for r in months.value if r["month"] == "2024-07")["status"] is None
    # no status column at all: a month listed with its base is paid, but the print does not say so
    assert 0.8 <= _conf_of(cols=_COLS[:4]) < 0.9
    # a month taken from its neighbours
    rows = [(m if m != "2024-05" else "2O#4-#5", A, "3800.00", KM, "已到账") for m in _TWO_YEARS]
    months = extract(_pages(_grid(_COLS, rows, 0.15, 0.03)))["months"]
    assert "2024-05" in [r["month"] for r in months.value] and 0.8 <= months.confidence < 0.9


def test_status_words():
    from preaudit.extractors.pension_certificate import read_status

    assert read_status("已到账") == ("paid", True)
    assert read_status("末到账") == ("unpaid", True)
    assert read_status("欠") == ("unpaid", True)
    assert read_status("否") == ("unpaid", True)
    assert read_status("应缴未缴") == ("unpaid", True)
    assert read_status("正常应缴") == ("paid", True)
    assert read_status("已到账(补)") == ("paid", False)
    assert read_status("夫到账") == (None, False)
    assert read_status("") == (None, False)


def test_header_roles_fuzzy_any_order_extra_columns():
    from preaudit.extractors.pension_certificate import header_role

    assert header_role("缴贵年月") == "month"
    assert header_role("缴费年目") is None  # 缴费年月 or 缴费年度: the column's months decide (header_garbled)
    assert header_role("缴费基数(元)") == "base"
    assert header_role("个人缴费") == "ignore" and header_role("单位缴纳") == "ignore"
    assert header_role("缴费单位") == "employer" and header_role("单位缴费基数") == "base"
    assert header_role("起始年月") == "start" and header_role("截止年月") == "end" and header_role("缴费月数") == "count"
    assert header_role("10月") == "m10" and header_role("参保状态") == "ignore"
    assert header_role("金额单位:元") is None
