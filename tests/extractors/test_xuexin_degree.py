from preaudit.extractors.xuexin_degree import extract
from tests.helpers import line, page, rows

EXPECTED = {
    "name": "张伟", "id_number": "530102199003071238", "degree": "工学学士学位", "school": "云南大学",
    "major": "计算机科学与技术", "award_date": "2012-06-30", "certificate_number": "1067342012001234",
    "verification_code": "B2C3D4E5F6G7H8J9", "valid_until": "2025-03-01",
}


def test_labels_on_their_lines():
    lines = rows([
        "学位在线验证报告",
        "姓名：张伟",
        "证件号码：530102199003071238",
        "获学位专业：计算机科学与技术",
        "学位：工学学士学位",
        "学位授予单位：云南大学",
        "授予日期：2012年06月30日",
        "学位证书编号：1067342012001234",
        "在线验证码：B2C3D4E5F6G7H8J9",
        "验证报告有效期至：2025年03月01日",
    ], step=0.05)
    f = extract([page(lines)])
    assert {k: v.value for k, v in f.items()} == EXPECTED


def test_two_column_grid_with_separate_boxes_and_label_variants():
    cells = [
        ("姓名", "张伟", "性别", "男"),
        ("证件号码", "530102199003071238", "出生日期", "1990年03月07日"),
        ("学位授予单位", "云南大学", "学位", "工学学士学位"),
        ("获学位专业", "计算机科学与技术", "获学位日期", "2012-06-30"),
        ("学位证书编号", "1067342012001234", "学科门类", "工学"),
    ]
    lines = [line("学位在线验证报告", 0.3, 0.05, 0.7, 0.08)]
    for i, row in enumerate(cells):
        y = 0.15 + 0.04 * i
        for text, x in zip(row, (0.08, 0.26, 0.52, 0.70)):
            lines.append(line(text, x, y, x + 0.012 * max(2, len(text)), y + 0.018))
    lines += rows(["在线验证码 B2C3 D4E5 F6G7 H8J9", "报告有效期至 2025 年 03 月 01 日"], top=0.45)
    f = extract([page(lines)])
    assert {k: v.value for k, v in f.items()} == EXPECTED


def test_degree_label_does_not_match_inside_longer_labels():
    # 学位证书编号 and 学位授予单位 come first; 学位 alone is the degree
    f = extract([page(rows(["学位证书编号 1067342012001234", "学位授予单位 云南大学", "学位 工学学士学位"]))])
    assert f["degree"].value == "工学学士学位"
    assert f["school"].value == "云南大学"


def test_missing_fields_are_emitted_as_none():
    f = extract([page(rows(["学位在线验证报告", "姓名 张伟"]))])
    assert set(f) == set(EXPECTED)
    assert f["degree"].value is None and f["award_date"].value is None


def test_a_report_head_that_prints_the_name_without_a_label():
    """学信网's newer 学位在线验证报告 (blind generation 5): the holder's name large beside the photo,
    then 性别 / 出生日期 and 证件号码 under it, with no 姓名 label. The name alone on its line just above
    the number is the holder's, read less surely (its place)."""
    lines = [line("中国高等教育学位在线验证报告", 0.08, 0.06, 0.53, 0.095), line("林鹏", 0.28, 0.14, 0.35, 0.175),
             line("性别：男", 0.28, 0.187, 0.35, 0.205), line("出生日期：1964.05.27", 0.45, 0.187, 0.63, 0.205),
             line("证件号码：530124196405273355", 0.28, 0.215, 0.54, 0.233), line("学位获得者", 0.28, 0.251, 0.35, 0.266),
             line("学位授予单位", 0.09, 0.349, 0.18, 0.364), line("云南民族大学", 0.22, 0.347, 0.33, 0.366)]
    f = extract([page(lines)])
    assert f["name"].value == "林鹏" and f["name"].confidence < 0.9
    assert f["id_number"].value == "530124196405273355" and f["school"].value == "云南民族大学"
    labelled = extract([page(lines + [line("姓名：林鹏", 0.6, 0.14, 0.75, 0.16)])])["name"]
    assert labelled.value == "林鹏" and labelled.confidence > 0.9


def test_the_degree_holder_label_names_the_holder():
    """A 学位 report that labels the name 学位获得者 in its 学位信息 rows, the value set right (blind
    generation 8, a report screenshotted in macOS Preview): the name was unread."""
    p = page([line("中国高等教育学位在线验证报告", 0.42, 0.245, 0.68, 0.259), line("学位信息", 0.48, 0.282, 0.53, 0.294),
              line("学位获得者", 0.485, 0.311, 0.532, 0.320), line("林萍", 0.758, 0.309, 0.787, 0.322),
              line("学位授予单位", 0.485, 0.339, 0.541, 0.348), line("云南农业大学", 0.715, 0.339, 0.785, 0.349),
              line("所授学位", 0.484, 0.366, 0.523, 0.376), line("管理学学士学位", 0.704, 0.366, 0.785, 0.377)])
    f = extract([p])
    assert (f["name"].value, f["school"].value) == ("林萍", "云南农业大学")
