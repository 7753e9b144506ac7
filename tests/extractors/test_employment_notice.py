from preaudit.extractors.employment_notice import extract
from tests.helpers import line, page, rows

FIELDS = {"name", "employer", "start_date", "end_date", "position"}


def test_labelled_form_one_line_each():
    f = extract([page(rows([
        "事业单位聘用通知书",
        "姓名：张伟",
        "聘用单位：昆明市盘龙区疾病预防控制中心",
        "聘用岗位：专业技术岗位十二级",
        "聘用期限：自2021年07月01日起至2026年06月30日止",
    ]))])
    assert {k: v.value for k, v in f.items()} == {
        "name": "张伟", "employer": "昆明市盘龙区疾病预防控制中心", "position": "专业技术岗位十二级",
        "start_date": "2021-07-01", "end_date": "2026-06-30",
    }


def test_grid_cells_and_label_variants():
    cells = [("姓名", "张伟", "性别", "男"), ("用人单位", "云南省农业科学院（测试中心）", "岗位", "助理研究员"),
             ("聘用期限", "2021.07.01 - 2026.06.30", "", "")]
    lines = [line("事业单位聘用通知书", 0.3, 0.05, 0.7, 0.08)]
    for i, row in enumerate(cells):
        y = 0.15 + 0.05 * i
        for text, x in zip(row, (0.08, 0.22, 0.60, 0.72)):
            if text:
                lines.append(line(text, x, y, x + 0.013 * max(2, len(text)), y + 0.02))
    f = extract([page(lines)])
    assert f["name"].value == "张伟"
    assert f["employer"].value == "云南省农业科学院(测试中心)"
    assert f["position"].value == "助理研究员"
    assert (f["start_date"].value, f["end_date"].value) == ("2021-07-01", "2026-06-30")


def test_letter_with_wrapped_sentence():
    f = extract([page(rows([
        "事业单位聘用通知书",
        "张伟 同志：",
        "经考核合格，决定聘用你到昆明市盘龙区第一中学从事专业技术岗",
        "位工作，聘用期限自2021年7月1日至2026年6月",
        "30日。请于2021年7月1日前报到。",
        "聘用单位（盖章）",
        "2021年6月20日",
    ]))])
    assert f["name"].value == "张伟"
    assert f["employer"].value == "昆明市盘龙区第一中学"
    assert f["position"].value == "专业技术岗位"
    assert (f["start_date"].value, f["end_date"].value) == ("2021-07-01", "2026-06-30")


def test_open_term_has_no_end_date():
    f = extract([page(rows(["事业单位聘用通知书", "姓名 张伟", "聘用期限 自2021年07月01日起至法定退休年龄止。请于2021年7月5日报到"]))])
    assert f["start_date"].value == "2021-07-01"
    assert f["end_date"].value is None and "end_date" in f


def test_missing_fields_are_emitted():
    f = extract([page(rows(["事业单位聘用通知书"]))])
    assert set(f) == FIELDS and all(v.value is None for v in f.values())


def test_as_drawn_letter_with_probation_and_wrapped_term():
    lines = rows([
        "事业单位聘用通知书",
        "盘人社聘〔2021〕12号",
        "张伟同志：",
        "根据《事业单位人事管理条例》和事业单位公开招聘的有关规定，经考试、考察、体检和公示，决定聘用你到",
        "昆明市盘龙区疾病预防控制中心工作，从事公共卫生管理工作，聘用期限自2021年07月01日起至",
        "2026年06月30日止（其中试用期至2022年06月30日止）。",
        "请你于2021年07月01日前持本通知书到聘用单位报到。",
        "聘用单位：昆明市盘龙区疾病预防控制中心",
        "昆明市盘龙区人力资源和社会保障局",
        "2021年06月20日",
    ], step=0.05)
    f = extract([page(lines)])
    assert {k: v.value for k, v in f.items()} == {
        "name": "张伟", "employer": "昆明市盘龙区疾病预防控制中心", "position": "公共卫生管理",
        "start_date": "2021-07-01", "end_date": "2026-06-30",
    }


def test_open_letter_term_ignores_the_probation_date():
    lines = rows(["事业单位聘用通知书", "张伟同志：", "决定聘用你到昆明市盘龙区第一中学工作，从事语文教学工作，聘用期限自2021年07月01日起（其中试用期至2022年06月30日止）。"])
    f = extract([page(lines)])
    assert f["start_date"].value == "2021-07-01" and f["end_date"].value is None
    assert f["position"].value == "语文教学"
