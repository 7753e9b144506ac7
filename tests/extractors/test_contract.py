from preaudit.extractors.contract import extract_filing
from tests.helpers import page, rows

BASE = ["劳动合同备案表", "用人单位名称 昆明云岭科技有限公司", "统一社会信用代码 91530103MA6K000000", "劳动者姓名 张伟", "身份证号码 530102199003071238"]


def test_fixed_term_contract():
    f = extract_filing([page(rows(BASE + ["合同类型 固定期限", "合同期限 自2022年07月01日起至2025年06月30日止", "签订日期 2022年06月28日", "备案日期 2022年07月05日"]))])
    assert f["employer"].value == "昆明云岭科技有限公司"
    assert f["employee_name"].value == "张伟"
    assert f["employee_id_number"].value == "530102199003071238"
    assert f["start_date"].value == "2022-07-01"
    assert f["end_date"].value == "2025-06-30"
    assert f["open_ended"].value is False
    assert f["sign_date"].value == "2022-06-28"


def test_open_ended_contract_has_no_end_date():
    f = extract_filing([page(rows(BASE + ["合同类型 无固定期限", "合同期限 自2022年07月01日起 无固定期限", "签订日期 2022年06月28日"]))])
    assert f["open_ended"].value is True
    assert f["end_date"].value is None
    assert f["start_date"].value == "2022-07-01"


def test_label_in_its_own_cell_reads_the_cell_to_the_right():
    from tests.helpers import line

    lines = [line("劳动合同备案表", 0.3, 0.05, 0.7, 0.08), line("用人单位名称", 0.1, 0.2, 0.3, 0.23), line("云南滇池建设工程（集团）有限公司", 0.35, 0.2, 0.9, 0.23),
             line("劳动者姓名", 0.1, 0.3, 0.3, 0.33), line("张玮", 0.35, 0.3, 0.5, 0.33)]
    f = extract_filing([page(lines)])
    assert f["employer"].value == "云南滇池建设工程(集团)有限公司"
    assert f["employee_name"].value == "张玮"


def test_filing_with_the_unit_in_a_stamped_header_line():
    f = extract_filing([page(rows(["劳动合同备案表", "用人单位（盖章）：昆明云岭科技有限公司", "劳动者姓名 张伟", "身份证号码 530102199003071238",
                                   "合同期限类型 固定期限", "合同起止日期 2023-01-01至2025-12-31", "签订日期 2022-12-28"]))])
    assert f["employer"].value == "昆明云岭科技有限公司"
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2023-01-01", "2025-12-31", False)
    assert f["sign_date"].value == "2022-12-28"


def test_labour_contract_fills_in_one_of_the_printed_term_options():
    from preaudit.extractors.contract import extract_labor_contract
    from tests.helpers import line

    cover = page([line("劳动合同书", 0.3, 0.3, 0.7, 0.35), line("甲方（用人单位）：", 0.2, 0.5, 0.4, 0.52), line("昆明云岭科技有限公司", 0.42, 0.5, 0.8, 0.52),
                  line("乙方（劳动者）：", 0.2, 0.55, 0.4, 0.57), line("张伟", 0.42, 0.55, 0.5, 0.57),
                  line("签订日期：", 0.2, 0.6, 0.3, 0.62), line("2022年12月28日", 0.42, 0.6, 0.6, 0.62)], number=1)
    terms = page(rows(["甲方（用人单位）名称：昆明云岭科技有限公司", "乙方（劳动者）姓名：张伟", "居民身份证号码：530102199003071238",
                       "一、劳动合同期限", "第一条 甲乙双方自用工之日起建立劳动关系，双方约定按下列第二种方式确定劳动合同期限：",
                       "（一）固定期限：自____年__月__日起至____年__月__日止。", "（二）无固定期限：自2023年01月01日起。"]), number=2)
    f = extract_labor_contract([cover, terms])
    assert f["employer"].value == "昆明云岭科技有限公司"
    assert f["employee_name"].value == "张伟"
    assert f["employee_id_number"].value == "530102199003071238"
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2023-01-01", None, True)
    assert f["sign_date"].value == "2022-12-28"
    fixed = page(rows(["（一）固定期限：自2023年01月01日起至2025年12月31日止。", "（二）无固定期限：自____年__月__日起。"]), number=2)
    f = extract_labor_contract([cover, fixed])
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2023-01-01", "2025-12-31", False)
