"""The issue-15 manifest columns: 现有职称级别, 取得现职称时间, 聘任时间, 申报类型, 继续教育证书编号, 论文, 退回次数,
read from applicants.csv, applicants.xlsx and applicant.yaml into typed Declared values; a cell that
cannot be read is a manifest problem naming the row, never a crash, and the rest of the row is kept."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from preaudit.pipeline.intake.ingest import _row_to_declared, discover, read_manifest
from preaudit.pipeline.intake.manifest_cells import papers
from preaudit.pipeline.model import Paper

NEW = ["现有职称级别", "取得现职称时间", "聘任时间", "申报类型", "继续教育证书编号", "论文", "退回次数"]
HEADER = ["文件夹", "姓名", "申报级别", "学历"] + NEW
ROW = ["张伟", "张伟", "副高级", "本科", "中级", "2017-12-15", "2018年3月1日", "晋升", "GS2022JX000123",
       "核心;12%;否|省级;20.5 %;是;桥梁检测技术研究", "2"]
EXPECTED = {
    "current_title_level": "中级",
    "current_title_date": date(2017, 12, 15),
    "appointment_date": date(2018, 3, 1),
    "application_type": "晋升",
    "continuing_education": "GS2022JX000123",
    "papers": (Paper(journal_level="核心", similarity=12, supplement=False),
               Paper(journal_level="省级", similarity=20.5, supplement=True, title="桥梁检测技术研究")),
    "returns_count": 2,
}


def _read(**cells: str):
    declared, problems = _row_to_declared({"姓名": "张伟", **cells})
    return declared, problems


@pytest.mark.parametrize(
    ("header", "cell", "key", "value"),
    [
        ("现有职称级别", "员级", "current_title_level", "员级"),
        ("现有职称级别", "中级（工程师）", "current_title_level", "中级"),
        ("现有职称级别", "副高级", "current_title_level", "副高级"),
        ("现有职称级别", "正高级工程师", "current_title_level", "正高级"),
        ("现有职称级别", "无", "current_title_level", None),
        ("取得现职称时间", "2020-07-15", "current_title_date", date(2020, 7, 15)),
        ("取得现职称时间", "2020年7月15日", "current_title_date", date(2020, 7, 15)),
        ("取得现职称时间", "2020/7/15", "current_title_date", date(2020, 7, 15)),
        ("聘任时间", "20180301", "appointment_date", date(2018, 3, 1)),
        ("申报类型", "转系列", "application_type", "转系列"),
        ("申报类型", "调入", "application_type", "调入"),
        ("申报类型", "首次认定", "application_type", "首次认定"),
        ("继续教育证书编号", " GS2022 JX0001 ", "continuing_education", "GS2022JX0001"),
        ("继续教育证书编号", "无", "continuing_education", None),
        ("退回次数", "0", "returns_count", 0),
        ("退回次数", "3次", "returns_count", 3),
        # 001 §三(一)2, §五(五)2(3): a dispatched applicant's 用工单位; 无 or / = not dispatched
        ("用工单位", "昆明市盘龙区青云小学", "user_unit", "昆明市盘龙区青云小学"),
        ("用工单位", "无", "user_unit", None),
        ("用工单位", "/", "user_unit", None),
        # 003 §二 Q10: the post left for a professional one; 专技 or 无 = no move
        ("原岗位类别", "工勤技能", "former_post", "工勤技能"),
        ("原岗位类别", "管理", "former_post", "管理"),
        ("原岗位类别", "专技", "former_post", None),
        ("原岗位类别", "无", "former_post", None),
        ("论文", "无", "papers", ()),
        ("论文", "核心期刊；15％；否", "papers", (Paper(journal_level="核心", similarity=15, supplement=False),)),
        ("论文", "其他;100;是", "papers", (Paper(journal_level="其他", similarity=100, supplement=True),)),
    ],
)
def test_a_cell_that_reads(header, cell, key, value):
    declared, problems = _read(**{header: cell})
    assert problems == []
    assert getattr(declared, key) == value


@pytest.mark.parametrize(
    ("header", "cell", "key", "says"),
    [
        ("现有职称级别", "高级", "current_title_level", "“高级”请写明副高级或正高级"),
        ("现有职称级别", "初级", "current_title_level", "“初级”请写明员级或助理级"),
        ("现有职称级别", "工程师", "current_title_level", "应为员级、助理级、中级、副高级、正高级之一"),
        ("取得现职称时间", "2020-07", "current_title_date", "请填写完整日期"),
        ("取得现职称时间", "2020-13-01", "current_title_date", "无法识别"),
        ("聘任时间", "去年", "appointment_date", "聘任时间“去年”无法识别"),
        ("申报类型", "评审", "application_type", "应为首次认定、晋升、转系列、调入之一"),
        ("退回次数", "-1", "returns_count", "请填写0或正整数"),
        ("退回次数", "两次", "returns_count", "退回次数“两次”无法识别"),
        ("论文", "核心;12%", "papers", "须有期刊级别、查重率、是否增刊三项"),
        ("论文", "国家级;12%;否", "papers", "期刊级别“国家级”应为核心、省级或其他"),
        ("论文", "核心;101%;否", "papers", "查重率“101%”应为0–100的百分数"),
        ("论文", "核心;百分之十;否", "papers", "查重率“百分之十”"),
        ("论文", "核心;12%;不知道", "papers", "是否增刊“不知道”应为是或否"),
    ],
)
def test_a_cell_that_does_not_read_is_a_problem_not_a_crash(header, cell, key, says):
    declared, problems = _read(**{header: cell, "申报级别": "中级"})
    [problem] = problems
    assert f"“{cell}”" in problem and says in problem
    assert getattr(declared, key) is None
    assert declared.name == "张伟" and declared.level == "中级"  # the rest of the row is kept


def test_a_papers_cell_keeps_the_papers_it_can_read():
    read, problem = papers("核心;12%;否|国家级;3%;否\n省级;30%;否")
    assert [p.journal_level for p in read] == ["核心", "省级"]
    assert "第2篇“国家级;3%;否”" in problem and "其余2篇已读取" in problem
    assert "核心;12%;否|省级;20%;否" in problem  # the format, by example


def test_a_title_may_hold_semicolons():
    [paper] = papers("省级;8%;否;论A；兼论B")[0]
    assert paper.title == "论A；兼论B"


def _write_csv(root, rows):
    lines = [",".join(HEADER)] + [",".join(f'"{c}"' for c in r) for r in rows]
    (root / "applicants.csv").write_text("\n".join(lines) + "\n", encoding="utf-8-sig")


def test_csv_manifest_carries_the_new_columns(tmp_path):
    _write_csv(tmp_path, [ROW])
    [(declared, problems)] = read_manifest(tmp_path / "applicants.csv")
    assert problems == []
    assert {k: getattr(declared, k) for k in EXPECTED} == EXPECTED


def test_xlsx_manifest_carries_the_new_columns_with_excel_dates_and_numbers(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    cells = list(ROW)
    cells[HEADER.index("取得现职称时间")] = datetime(2017, 12, 15)  # an Excel date cell
    cells[HEADER.index("退回次数")] = 2  # an Excel number (read back as 2.0 by some writers)
    ws.append(cells)
    ws.append(["李娜", "李娜", "中级", "本科", "高级", "2020-07", "", "", "", "核心;12", 2.0])
    path = tmp_path / "applicants.xlsx"
    wb.save(path)
    (first, ok), (second, bad) = read_manifest(path)
    assert ok == [] and {k: getattr(first, k) for k in EXPECTED} == EXPECTED
    assert second.returns_count == 2 and second.name == "李娜"
    assert (second.current_title_level, second.current_title_date, second.papers) == (None, None, None)
    assert len(bad) == 3 and any("现有职称级别“高级”" in p for p in bad)


def test_manifest_problems_reach_the_batch_notes_naming_their_row(tmp_path):
    (tmp_path / "张伟").mkdir()
    (tmp_path / "张伟" / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "李娜").mkdir()
    (tmp_path / "李娜" / "a.pdf").write_bytes(b"%PDF")
    bad = ["李娜", "李娜", "中级", "本科", "中级", "2019年", "", "晋升", "", "", "x"]
    _write_csv(tmp_path, [ROW, bad])
    batch = discover(tmp_path)
    assert [a.declared.current_title_level for a in batch.applicants] == ["中级", "中级"]
    assert batch.notes == [
        "applicants.csv 第2条（文件夹“李娜”，姓名“李娜”）：取得现职称时间“2019年”无法识别，请填写完整日期（年月日，如 2020-07-15）",
        "applicants.csv 第2条（文件夹“李娜”，姓名“李娜”）：退回次数“x”无法识别，请填写0或正整数（如 2）",
    ]


def test_applicant_yaml_takes_the_same_cells(tmp_path):
    folder = tmp_path / "王芳"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(b"%PDF")
    (folder / "applicant.yaml").write_text(
        "name: 王芳\nlevel: 中级\ncurrent_title_level: 助理级\ncurrent_title_date: 2019-06-30\n"
        "returns_count: 3\npapers: '省级;26%;否;一篇论文'\napplication_type: 升级\n", encoding="utf-8")
    [applicant] = discover(folder).applicants
    d = applicant.declared
    assert (d.current_title_level, d.current_title_date, d.returns_count) == ("助理级", date(2019, 6, 30), 3)
    assert d.papers == (Paper(journal_level="省级", similarity=26, supplement=False, title="一篇论文"),)
    assert d.application_type is None
    assert applicant.manifest_errors == ["申报类型“升级”无法识别，应为首次认定、晋升、转系列、调入之一"]


def test_applicant_yaml_declares_the_user_unit(tmp_path):
    folder = tmp_path / "王芳"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(b"%PDF")
    (folder / "applicant.yaml").write_text("name: 王芳\nuser_unit: 昆明市盘龙区青云小学\n", encoding="utf-8")
    [applicant] = discover(folder).applicants
    assert applicant.declared.user_unit == "昆明市盘龙区青云小学" and applicant.manifest_errors == []
