"""The monthly table of the 养老保险参保证明, row by row, on the layouts real prints take
(DOMAIN.md 附件3): the 12333 print (personal block, then 缴费明细 newest first, continued over
pages with the header repeated), scans whose OCR misreads or merges cells, edited PDFs."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from extractors.pension_certificate import extract
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
