"""A contract filing printed as a roster of several employees (就业登记（劳动用工备案）人员花名册): every row
is listed with its values and boxes, and the applicant's row is taken once the applicant is known."""

from preaudit.extractors.contract import extract_filing, resolve_roster
from tests.helpers import filing_roster, page, rows

UNIT = "昆明北辰建筑设计有限公司"
ME = ("赵俊杰", "53010219900107577X", "20230501-20260430", "20230426")
PEOPLE = [("胡思远", "530112199601093499", "20230401-20250331", "20230330"),
          ("林晖", "530111199712092118", "20230416起", "20230415"),
          ME,
          ("郭思远", "530112199402085197", "20230429-20250428", "20230428")]


def _filing():
    return extract_filing([filing_roster(PEOPLE, UNIT)])


def test_a_roster_lists_every_row_with_the_term_of_its_one_term_column():
    f = _filing()
    listed = f["employees"].value
    assert [e["name"] for e in listed] == [p[0] for p in PEOPLE]
    assert (listed[0]["start_date"], listed[0]["end_date"], listed[0]["open_ended"]) == ("2023-04-01", "2025-03-31", False)
    assert listed[2]["sign_date"] == "2023-04-26"
    # nobody's row is the document's employee until the applicant is known; the unit is the roster's
    assert f["employee_name"].value is None and f["employee_id_number"].value is None and f["start_date"].value is None
    assert f["employer"].value == UNIT


def test_a_term_printed_as_a_start_only_is_open_ended():
    row = _filing()["employees"].value[1]
    assert (row["start_date"], row["end_date"], row["open_ended"]) == ("2023-04-16", None, True)


def test_the_applicants_row_is_chosen_by_id_number_not_the_first():
    mine = resolve_roster(_filing(), "别名", ME[1])
    assert (mine["employee_name"].value, mine["employee_id_number"].value) == ("赵俊杰", ME[1])
    assert (mine["start_date"].value, mine["end_date"].value, mine["open_ended"].value) == ("2023-05-01", "2026-04-30", False)
    assert mine["sign_date"].value == "2023-04-26"
    assert mine["employer"].value == UNIT


def test_the_chosen_rows_values_keep_their_own_cells_boxes():
    mine = resolve_roster(_filing(), None, ME[1])
    name, number, start = mine["employee_name"].bbox, mine["employee_id_number"].bbox, mine["start_date"].bbox
    assert name.x1 <= 0.2 and 0.25 <= number.x0 and number.x1 <= 0.42  # the cell, not the whole row
    assert 0.25 < name.y0 < 0.26  # the third row
    assert 0.63 <= start.x0 and start.x1 < 0.71  # the start date inside 20230501-20260430
    assert mine["employee_id_number"].source == "pdf_text" and mine["employee_id_number"].confidence > 0.9


def test_the_applicants_row_is_chosen_by_name_when_the_number_is_unknown():
    mine = resolve_roster(_filing(), "林晖", None)
    assert mine["employee_id_number"].value == "530111199712092118"
    assert (mine["start_date"].value, mine["end_date"].value, mine["open_ended"].value) == ("2023-04-16", None, True)


def test_an_applicant_on_no_row_leaves_the_fields_empty():
    f = _filing()
    other = resolve_roster(f, "李娜", "530102199003071238")
    assert other is f
    assert other["employee_name"].value is None and other["employee_id_number"].value is None


def test_a_one_person_filing_form_is_read_as_before():
    f = extract_filing([page(rows(["劳动合同备案表", f"用人单位名称 {UNIT}", "劳动者姓名 张伟", "身份证号码 530102199003071238",
                                   "合同期限类型 固定期限", "合同起止日期 2023-01-01至2025-12-31", "签订日期 2022-12-28"]))])
    assert "employees" not in f
    assert (f["employee_name"].value, f["employee_id_number"].value) == ("张伟", "530102199003071238")
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2023-01-01", "2025-12-31", False)
    assert f["sign_date"].value == "2022-12-28"


def test_a_roster_of_one_person_is_that_person():
    f = extract_filing([filing_roster([ME], UNIT)])
    assert "employees" not in f
    assert (f["employee_name"].value, f["employee_id_number"].value) == ME[:2]
    assert (f["start_date"].value, f["end_date"].value) == ("2023-05-01", "2026-04-30")


def test_a_register_whose_header_prints_other_columns_is_a_roster():
    """A hand-filled 劳动用工备案登记表 (issue 12, blind generation 3): its header prints 序号, 性别,
    户籍性质, 工作岗位 and 本人签名 beside the employee's columns, 劳动合同期限 over 起始日期 / 终止日期.
    Those are labels, not values: it is a roster, and the first row (a colleague) is not the
    employee. Before, the header was refused and the colleague's name and number were read."""
    from tests.helpers import line

    head = [("序号", 0.058, 0.088), ("姓名", 0.106, 0.135), ("性别", 0.156, 0.186), ("公民身份号码", 0.251, 0.315),
            ("签订日期", 0.664, 0.713), ("工作岗位", 0.762, 0.809), ("本人签名", 0.862, 0.910)]
    lines = [line("劳动用工备案登记表", 0.388, 0.047, 0.611, 0.081),
             line("用人单位（盖章）：" + UNIT, 0.057, 0.117, 0.338, 0.158)]
    lines += [line(t, x0, 0.223, x1, 0.252) for t, x0, x1 in head]
    lines += [line("户籍", 0.389, 0.215, 0.417, 0.241), line("性质", 0.389, 0.236, 0.417, 0.263),
              line("劳动合同期限", 0.499, 0.212, 0.569, 0.235), line("起始日期", 0.457, 0.241, 0.505, 0.266),
              line("终止日期", 0.562, 0.241, 0.610, 0.266)]
    people = [("陈建华", "530102198503092153", "2022年12月16日", "无固定期限", "2022年12月14日"),
              (ME[0], ME[1], "2023年5月1日", "2026年4月30日", "2023年4月26日")]
    for k, (name, number, start, end, signed) in enumerate(people):
        y = 0.272 + 0.044 * k
        lines += [line(str(k + 1), 0.061, y, 0.075, y + 0.03), line(name, 0.090, y, 0.136, y + 0.03),
                  line("男", 0.156, y, 0.179, y + 0.03), line(number, 0.193, y, 0.328, y + 0.03),
                  line("城镇", 0.379, y, 0.414, y + 0.03), line(start, 0.435, y, 0.528, y + 0.03),
                  line(end, 0.538, y, 0.628, y + 0.03), line(signed, 0.644, y, 0.731, y + 0.03),
                  line("会计", 0.740, y, 0.782, y + 0.03), line(name, 0.838, y, 0.879, y + 0.03)]
    f = extract_filing([page(lines, width=1754, height=1240)])
    assert [e["name"] for e in f["employees"].value] == ["陈建华", ME[0]]
    assert f["employee_name"].value is None  # nobody's until the applicant is known
    mine = resolve_roster(f, ME[0], ME[1])
    assert (mine["employee_id_number"].value, mine["start_date"].value, mine["end_date"].value) == (ME[1], "2023-05-01", "2026-04-30")
    # 签订日期 heads its own column: the end date beside it, under the second header line, is not its value
    assert mine["sign_date"].value == "2023-04-26"
    assert [e["sign_date"] for e in f["employees"].value] == ["2022-12-14", "2023-04-26"]


def test_a_roster_over_two_pages_with_its_header_on_each_is_one_table():
    """An export printed over two pages repeats the title and the header row on page 2 (打印标题; blind
    generation 7): the second page's rows are the same table's, and the applicant's row may be there."""
    first = filing_roster(PEOPLE[:2], UNIT)
    second = filing_roster(PEOPLE[2:], UNIT).model_copy(update={"number": 2})
    f = extract_filing([first, second])
    assert [e["name"] for e in f["employees"].value] == [p[0] for p in PEOPLE]
    mine = resolve_roster(f, "赵俊杰", ME[1])
    assert (mine["employee_name"].value, mine["start_date"].value, mine["end_date"].value) == ("赵俊杰", "2023-05-01", "2026-04-30")
