from preaudit.extractors.xuexin_record import extract
from tests.helpers import line, page, rows

X = (0.10, 0.25, 0.50, 0.68)  # label, value, label, value columns of the 备案表 grid
GRID = [
    ("姓名", "张伟", "性别", "男"),
    ("证件号码", "530102199003071238", "出生日期", "1990年03月07日"),
    ("入学日期", "2008年09月01日", "毕(结)业日期", "2012年07月01日"),
    ("学校名称", "云南民族大学", "专业", "计算机科学与技术"),
    ("学制", "4年", "层次", "本科"),
    ("学历类别", "普通高等教育", "学习形式", "普通全日制"),
    ("毕(结)业", "毕业", "证书编号", "106911201205000123"),
]
EXPECTED = {
    "name": "张伟", "gender": "男", "id_number": "530102199003071238", "birth_date": "1990-03-07",
    "enrollment_date": "2008-09-01", "graduation_date": "2012-07-01", "school": "云南民族大学",
    "major": "计算机科学与技术", "duration": "4年", "level": "本科", "education_type": "普通高等教育",
    "study_mode": "普通全日制", "certificate_number": "106911201205000123",
    "verification_code": "A1B2C3D4E5F6G7H8", "valid_until": "2025-02-01", "update_date": "2024-08-01",
}


def _grid(cells, top=0.15, step=0.035, jitter=0.0):
    """Each cell its own OCR box; `jitter` shifts the rows' cells up and down a little (a scan)."""
    out = []
    for i, row in enumerate(cells):
        y = top + i * step
        for k, (text, x) in enumerate(zip(row, X)):
            if not text:
                continue
            dy = jitter * (1 if k % 2 else -1)
            out.append(line(text, x, y + dy, x + 0.012 * max(2, len(text)), y + dy + 0.016))
    return out


def _record(cells=GRID, **kw):
    lines = [line("教育部学历证书电子注册备案表", 0.29, 0.07, 0.71, 0.1), line("更新日期：2024年08月01日", 0.64, 0.12, 0.85, 0.135)]
    lines += _grid(cells, **kw)
    lines += rows(["在线验证码：A1B2C3D4E5F6G7H8", "报告有效期至：2025年02月01日"], top=0.45, step=0.03)
    return extract([page(lines, width=1654, height=2339)])


def test_two_column_grid_reads_every_field():
    f = _record()
    assert {k: v.value for k, v in f.items()} == EXPECTED
    assert f["school"].bbox is not None and f["school"].confidence > 0.9


def test_scan_rows_whose_cells_sit_at_slightly_different_heights():
    f = _record(jitter=0.004)
    assert {k: v.value for k, v in f.items()} == EXPECTED


def test_label_and_value_on_one_line_with_ocr_noise():
    lines = rows([
        "学历在线验证报告",
        "姓 名 张伟",
        "性 别：男",
        "证件号码 530102199003071238",
        "出生日期 1990 年 3 月 7 日",
        "入学日期：2008年9月1日",
        "毕（结）业日期 2012.07.01",
        "学校名称：云南民族大学",
        "专业：计算机科学与技术",
        "学制：4年",
        "层次：本科",
        "学历类别：普通高等教育",
        "学习形式：普通全日制",
        "毕(结)业：毕业",
        "证书编号：1069 1120 1205 0001 23",
        "在线验证码: a1b2c3d4e5f6g7h8",
        "更新日期：2024年08月01日",
        "报告有效期至：2025年02月01日",
    ], step=0.045)
    f = extract([page(lines)])
    assert {k: v.value for k, v in f.items()} == EXPECTED


def test_ocr_merges_a_grid_row_into_one_line():
    lines = rows([
        "姓名 张伟 性别 男",
        "证件号码 530102199003071238 出生日期 1990年03月07日",
        "学校名称 云南民族大学 专业 计算机科学与技术",
        "学制 4年 层次 本科",
        "学历类别 普通高等教育 学习形式 普通全日制",
        "毕(结)业 毕业 证书编号 106911201205000123",
    ])
    f = extract([page(lines)])
    assert f["name"].value == "张伟" and f["gender"].value == "男"
    assert f["school"].value == "云南民族大学" and f["major"].value == "计算机科学与技术"
    assert f["duration"].value == "4年" and f["level"].value == "本科"
    assert f["education_type"].value == "普通高等教育" and f["study_mode"].value == "普通全日制"
    assert f["certificate_number"].value == "106911201205000123"


def test_an_empty_cell_reads_as_nothing_not_as_the_next_label():
    cells = [row if row[0] != "学制" else ("学制", "", "层次", "") for row in GRID]
    f = _record(cells)
    assert f["duration"].value is None
    assert f["level"].value is None
    assert f["education_type"].value == "普通高等教育"


def test_a_label_inside_a_longer_label_does_not_match():
    # 校(院)长姓名 above 姓名; 毕(结)业 beside 毕(结)业日期
    cells = [("校(院)长姓名", "王五", "", "")] + GRID
    f = _record(cells)
    assert f["name"].value == "张伟"
    assert f["graduation_date"].value == "2012-07-01"


def test_value_below_its_label():
    lines = [line("姓名", 0.1, 0.10, 0.2, 0.12), line("张伟", 0.1, 0.13, 0.2, 0.15),
             line("层次", 0.5, 0.10, 0.6, 0.12), line("硕士研究生", 0.5, 0.13, 0.7, 0.15)]
    f = extract([page(lines)])
    assert f["name"].value == "张伟" and f["level"].value == "硕士研究生"


def test_every_field_is_emitted_even_when_missing():
    f = extract([page(rows(["教育部学历证书电子注册备案表", "姓名 张伟"]))])
    assert set(f) == set(EXPECTED)
    assert f["valid_until"].value is None and f["valid_until"].confidence == 0.0


def test_a_value_box_overlapping_its_label_and_the_next_label_run_into_its_value():
    """An inkjet-printed 在线验证报告 scanned (blind generation 5): OCR's box of 物流管理 starts inside the
    label 专业's box by most of a character's width (on a portrait page a character is wider, as a share
    of the page's width, than its height is of the page's height); the line under it is 学制4年, a
    label run into its value, never the 专业's value."""
    lines = [line("教育部学历证书电子注册备案表", 0.3, 0.08, 0.7, 0.11), line("姓名 吴雨桐", 0.468, 0.173, 0.585, 0.19),
             line("学校名称", 0.439, 0.358, 0.508, 0.373), line("云南财经大学", 0.523, 0.358, 0.636, 0.373),
             line("层次本科", 0.468, 0.393, 0.564, 0.411), line("专业", 0.471, 0.432, 0.526, 0.446),
             line("物流管理", 0.5178, 0.431, 0.6007, 0.447), line("学制4年", 0.469, 0.467, 0.555, 0.484)]
    f = extract([page(lines, width=1653, height=2339)])
    assert f["major"].value == "物流管理" and f["duration"].value == "4年"
    f = extract([page([ln for ln in lines if ln.text != "物流管理"], width=1653, height=2339)])
    assert f["major"].value != "学制4年"


def test_a_date_beside_a_garbled_label_is_not_the_value_of_a_label_further_left():
    """The report's left column prints 更新日期 over its date; level with it, in the right column, 入学日期
    (read 入字日期, no label) and its date stand a little higher. That date is the garbled label's, not
    a value written beside 更新日期: the date under 更新日期 is."""
    lines = [line("教育部学历证书电子注册备案表", 0.3, 0.08, 0.7, 0.11), line("姓名 吴斌", 0.468, 0.173, 0.585, 0.19),
             line("学历类别", 0.439, 0.507, 0.509, 0.521), line("普通高等教育", 0.519, 0.507, 0.635, 0.520),
             line("入字日期", 0.439, 0.580, 0.508, 0.595), line("2021年9月1日", 0.521, 0.580, 0.639, 0.594),
             line("更新日期", 0.159, 0.592, 0.224, 0.606), line("2024年8月2日", 0.135, 0.611, 0.248, 0.626),
             line("毕(结)业日期", 0.392, 0.618, 0.508, 0.630), line("2024年6月30日", 0.521, 0.616, 0.653, 0.630)]
    f = extract([page(lines, width=1653, height=2339)])
    assert f["update_date"].value == "2024-08-02"


def test_a_code_whose_label_is_lost_is_found_in_groups_that_join_into_one():
    """A web capture's 在线验证码 ringed by a red capture pen (blind generation 9): the label lost, the
    code read as two groups of eight (the page's wide letter-spacing). A line of nothing but such
    groups joining into the code's shape is the code; groups that join into more or fewer are not."""
    def read(code_line):
        lines = [line("学历在线验证报告", 0.39, 0.177, 0.61, 0.198), line("报告有效期至", 0.377, 0.227, 0.464, 0.239),
                 line(code_line, 0.084, 0.245, 0.305, 0.261), line("2025年02月19日", 0.377, 0.244, 0.515, 0.259)]
        lines += _grid(GRID, top=0.34)
        return extract([page(lines, width=1654, height=2339)])["verification_code"].value
    assert read("D9XRT9C6 03761SB8") == "D9XRT9C603761SB8"
    assert read("D9XR T9C6 0376 1SB8") == "D9XRT9C603761SB8"
    assert read("D9XRT9C6 03761SB8 77") is None and read("D9XRT9C6 0376") is None
    assert read("TD5PWLUPBSEKY5J2") == "TD5PWLUPBSEKY5J2"  # one group: the code whole
    assert read("1067712014056405") is None  # figures alone: no code


def test_a_certificate_number_whose_label_is_lost_is_found_by_its_shape_less_surely():
    """学信档案's page captured with its 证书编号 ringed by a red pen (blind generation 9): OCR kept 证书 and
    lost 编号. A line of 17–18 figures with the year of graduation after the school's code and its
    kind (10677 1 2014 …) that is no ID number is the certificate number, read less surely."""
    grid = [row for row in GRID if row[2] != "证书编号"] + [("毕(结)业", "毕业", "证书", "")]
    lines = _grid(grid) + [line("106771201405640564", X[3], 0.15 + 0.035 * 7, X[3] + 0.2, 0.15 + 0.035 * 7 + 0.016)]
    f = extract([page(lines, width=1654, height=2339)])["certificate_number"]
    assert f.value == "106771201405640564" and f.confidence < 0.9
    id_only = _grid([row for row in GRID if row[2] != "证书编号"])  # the holder's ID number is no certificate's
    assert extract([page(id_only, width=1654, height=2339)])["certificate_number"].value is None
