from preaudit.extractors.qualification_certificate import extract
from tests.helpers import line, page, rows


def test_teacher_certificate_with_labels():
    f = extract([page(rows([
        "中华人民共和国",
        "教师资格证书",
        "姓名：张伟",
        "身份证件号码：530102199003071238",
        "资格种类：高级中学教师资格",
        "证书号码：20125310042001234",
        "发证日期：2012年09月01日",
    ]))])
    assert {k: v.value for k, v in f.items()} == {
        "certificate_name": "教师资格证书", "name": "张伟", "certificate_number": "20125310042001234",
        "issue_date": "2012-09-01",
    }


def test_certificate_number_wins_over_management_number_and_id_number_is_not_a_number():
    lines = rows([
        "专业技术人员职业资格证书",
        "持证人姓名 张伟",
        "身份证号 530102199003071238",
        "管理号 2019053530000123",
        "证书编号 0012345",
        "批准日期 二〇一九年十二月三十日",
    ])
    f = extract([page(lines)])
    assert f["certificate_name"].value == "专业技术人员职业资格证书"
    assert f["name"].value == "张伟"
    assert f["certificate_number"].value == "0012345"
    assert f["issue_date"].value == "2019-12-30"


def test_separate_boxes_lower_case_number_and_unlabelled_date():
    lines = [line("中华人民共和国律师执业证", 0.2, 0.05, 0.8, 0.09),
             line("姓名", 0.1, 0.2, 0.17, 0.23), line("张伟", 0.2, 0.2, 0.3, 0.23),
             line("出生日期", 0.1, 0.26, 0.2, 0.29), line("1990年03月07日", 0.22, 0.26, 0.4, 0.29),
             line("执业证号", 0.1, 0.32, 0.2, 0.35), line("15301201910123456", 0.22, 0.32, 0.5, 0.35),
             line("发证机关（盖章）", 0.55, 0.8, 0.75, 0.83), line("二0一九年六月三十日", 0.55, 0.85, 0.75, 0.88)]
    f = extract([page(lines)])
    assert f["certificate_name"].value == "中华人民共和国律师执业证"
    assert f["name"].value == "张伟"
    assert f["certificate_number"].value == "15301201910123456"
    assert f["issue_date"].value == "2019-06-30"


def test_missing_fields_are_emitted():
    f = extract([page(rows(["说明"]))])
    assert set(f) == {"certificate_name", "name", "certificate_number", "issue_date"}
    assert all(v.value is None for v in f.values())
