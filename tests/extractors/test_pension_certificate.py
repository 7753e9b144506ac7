from preaudit.extractors.pension_certificate import extract, parse_row_text
from preaudit.pipeline.intake.render import text_layer_lines
from tests.helpers import line, page, rows

HEADER = [("缴费年月", 0.05, 0.15), ("单位名称", 0.17, 0.50), ("缴费基数", 0.52, 0.64), ("统筹区", 0.66, 0.78), ("到账情况", 0.80, 0.95)]


def _table_page(months: list[tuple[str, str, str, str, str]]) -> list:
    lines = rows(["云南省城镇职工基本养老保险个人参保证明", "姓名：张伟    身份证号码：530102199003071238", "参保单位：昆明云岭科技有限公司", "参保地：昆明市"], top=0.03, step=0.04)
    lines += [line(t, x0, 0.25, x1, 0.27, source="pdf_text") for t, x0, x1 in HEADER]
    for i, cells in enumerate(months):
        y = 0.29 + i * 0.03
        lines += [line(t, x0, y, x1, y + 0.02, source="pdf_text") for t, (_, x0, x1) in zip(cells, HEADER)]
    lines += rows(["打印日期：2024年08月15日"], top=0.9)
    return lines


def test_header_fields_and_rows_by_geometry():
    months = [(f"2024{m:02d}", "昆明云岭科技有限公司", "4500.00", "昆明市", "已到账") for m in range(1, 9)]
    months[5] = ("202406", "昆明云岭科技有限公司", "4500.00", "昆明市", "未到账")
    f = extract([page(_table_page(months), width=1654, height=2339)])
    assert f["name"].value == "张伟"
    assert f["id_number"].value == "530102199003071238"
    assert f["employer"].value == "昆明云岭科技有限公司"
    assert f["print_date"].value == "2024-08-15"
    got = f["months"].value
    assert [r["month"] for r in got] == [f"2024-{m:02d}" for m in range(1, 9)]
    assert got[5]["status"] == "unpaid" and got[4]["status"] == "paid"
    assert got[0] == {"month": "2024-01", "employer": "昆明云岭科技有限公司", "region": "昆明市", "base": 4500.0, "status": "paid"}
    assert f["months"].bbox is not None


def test_row_merged_by_ocr_is_split_by_pattern():
    row = parse_row_text("202403 云南滇池建设工程(集团)有限公司 4,500.00 曲靖市 已到账")
    assert row == {"month": "2024-03", "employer": "云南滇池建设工程(集团)有限公司", "region": "曲靖市", "base": 4500.0, "status": "paid"}


def test_merged_rows_without_header_cells():
    lines = rows(["云南省城镇职工基本养老保险个人参保证明", "缴费年月 单位名称 缴费基数 统筹区 到账情况", "202407 昆明云岭科技有限公司 4500.00 昆明市 已到账", "202408 昆明云岭科技有限公司 4500.00 昆明市 未到账"])
    got = extract([page(lines)])["months"].value
    assert [(r["month"], r["status"]) for r in got] == [("2024-07", "paid"), ("2024-08", "unpaid")]


def test_text_layer_cells_become_separate_lines(tmp_path):
    import pymupdf

    doc = pymupdf.open()
    pg = doc.new_page(width=595, height=842)
    pg.insert_text((50, 100), "202403", fontname="helv", fontsize=10)
    pg.insert_text((120, 100), "昆明云岭科技有限公司", fontname="china-s", fontsize=10)
    pg.insert_text((330, 100), "4500.00", fontname="helv", fontsize=10)
    texts = sorted(ln.text for ln in text_layer_lines(pg))
    assert texts == sorted(["202403", "昆明云岭科技有限公司", "4500.00"])


def test_numbered_rows_newest_first_12333_print():
    header = [("序号", 0.05, 0.1), ("缴费年月", 0.12, 0.22), ("单位名称", 0.24, 0.55), ("缴费基数", 0.57, 0.67), ("统筹区", 0.69, 0.79), ("到账情况", 0.81, 0.95)]
    lines = rows(["云南省城镇职工基本养老保险个人参保证明", "打印日期：2024年08月15日"], top=0.03, step=0.03)
    lines += [line("首次参保年月", 0.05, 0.15, 0.2, 0.17), line("2019-09", 0.25, 0.15, 0.35, 0.17)]
    lines += [line(t, x0, 0.25, x1, 0.27, source="pdf_text") for t, x0, x1 in header]
    for i, month in enumerate(["2024-08", "2024-07", "2024-06"]):
        y = 0.29 + i * 0.03
        cells = [str(i + 1), month, "昆明云岭科技有限公司", "4500.00", "昆明市", "已到账" if i != 1 else "未到账"]
        lines += [line(t, x0, y, x1, y + 0.02, source="pdf_text") for t, (_, x0, x1) in zip(cells, header)]
    got = extract([page(lines)])["months"].value
    assert [(r["month"], r["status"], r["base"]) for r in got] == [("2024-06", "paid", 4500.0), ("2024-07", "unpaid", 4500.0), ("2024-08", "paid", 4500.0)]
    assert parse_row_text("3 2024-06 昆明云岭科技有限公司 4500.00 昆明市 已到账")["month"] == "2024-06"


def test_personal_block_of_other_prints():
    # 社会保障号码 for the ID number, the region with its province, 打印时间 with the clock (and a
    # PDF's U+2011 hyphens), no 参保单位 printed: the newest paid month's employer
    lines = rows(["社会保险个人参保证明", "姓名：欧阳志远", "社会保障号码：530102199003071238", "参保地：云南省昆明市",
                  "打印时间：2024\u201108\u201105 10:31:22"], top=0.03, step=0.04)
    lines += [line(t, x0, 0.25, x1, 0.27) for t, x0, x1 in HEADER]
    for i, m in enumerate(["202406", "202407", "202408"]):
        y = 0.29 + i * 0.03
        cells = (m, "昆明云岭科技有限公司" if m != "202406" else "曲靖麒麟化工有限公司", "4500.00", "昆明市", "已到账")
        lines += [line(t, x0, y, x1, y + 0.02) for t, (_, x0, x1) in zip(cells, HEADER)]
    f = extract([page(lines, width=1654, height=2339)])
    assert f["id_number"].value == "530102199003071238"
    assert f["region"].value == "昆明市"
    assert f["print_date"].value == "2024-08-05"
    assert f["employer"].value == "昆明云岭科技有限公司" and f["employer"].confidence < 0.99


def test_a_title_or_label_is_no_employer_or_name():
    lines = rows(["养老保险个人参保证明", "姓名：", "性别：男", "参保单位：", "单位名称：昆明云岭科技有限公司", "参保人姓名：欧阳志远"],
                 top=0.03, step=0.04)
    f = extract([page(lines)])
    assert f["name"].value == "欧阳志远"
    assert f["employer"].value == "昆明云岭科技有限公司"


def _with_print_line(text: str) -> dict:
    lines = rows(["养老保险个人参保证明", "姓名：张伟"], top=0.03, step=0.04)
    lines += [line(t, x0, 0.25, x1, 0.27) for t, x0, x1 in HEADER]
    for i, m in enumerate(["202407", "202408"]):
        y = 0.29 + i * 0.03
        lines += [line(t, x0, y, x1, y + 0.02) for t, (_, x0, x1) in zip((m, "昆明云岭科技有限公司", "4500.00", "昆明市", "已到账"), HEADER)]
    lines += [line(text, 0.55, 0.8, 0.8, 0.82, conf=0.95)]
    return extract([page(lines, width=1654, height=2339)])


def test_print_date_under_a_seal_misread():
    assert _with_print_line("打印日期：2024708/24")["print_date"].value == "2024-08-24"  # the slash read as 7
    assert _with_print_line("打印时间:202408-2410:31:36")["print_date"].value == "2024-08-24"  # a dash lost, the clock run in
    assert _with_print_line("h具日期：2024年08月24日")["print_date"].value == "2024-08-24"  # the label's first character
    # printed before the newest month it lists: a digit misread, kept less surely
    early = _with_print_line("打印日期：2024-03-07")["print_date"]
    assert early.value == "2024-03-07" and early.confidence < 0.9


def test_print_date_whose_label_the_seal_hid():
    f = _with_print_line("2024-08-28")
    assert f["print_date"].value == "2024-08-28" and f["print_date"].confidence < 0.9
