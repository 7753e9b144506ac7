"""Issue 12: labels, titles and instructions read as values; layouts other than ours.

Each test draws a document the way another region's form or a hand-filled form looks after OCR:
boxes with their own confidences, labels split over boxes, handwriting as separate lower-confidence
boxes a little off the printed baseline, tick boxes read as 团/口/V. Values must be found by
geometry, checked against their shape, and carry a confidence no higher than their route allows.
"""

from __future__ import annotations

from preaudit.extractors.contract import extract_filing, extract_labor_contract
from preaudit.extractors.pledge import extract as extract_pledge
from preaudit.extractors.publicity_form import extract as extract_publicity
from preaudit.pipeline.model import TextLine
from tests.helpers import line, page, rows

ID = "530102199003071238"
UNIT = "甘肃陇原建设工程有限公司"


def hand(text: str, x0: float, y0: float, x1: float, y1: float, conf: float = 0.78) -> TextLine:
    """A handwritten box: lower confidence."""
    return line(text, x0, y0, x1, y1, conf=conf)


def grid_filing(term_rows: list[TextLine], title: str = "劳动合同备案表", extra: list[TextLine] | None = None) -> list[TextLine]:
    """A filing drawn as a grid: label cells at x 0.08, values at 0.28, a second column at 0.55/0.72."""
    lines = [line(title, 0.35, 0.05, 0.65, 0.075),
             line("用人单位名称", 0.08, 0.12, 0.2, 0.135), line(UNIT, 0.28, 0.12, 0.52, 0.135),
             line("统一社会信用代码", 0.55, 0.12, 0.7, 0.135), line("91620100MA72X1234A", 0.72, 0.12, 0.92, 0.135),
             line("劳动者姓名", 0.08, 0.16, 0.18, 0.175), line("王芳", 0.28, 0.16, 0.33, 0.175),
             line("身份证号码", 0.55, 0.16, 0.65, 0.175), line(ID, 0.72, 0.16, 0.92, 0.175)]
    lines += term_rows
    lines += [line("签订日期", 0.08, 0.34, 0.16, 0.355), line("2022年6月28日", 0.28, 0.34, 0.42, 0.355),
              line("备案日期", 0.55, 0.34, 0.63, 0.355), line("2022年7月5日", 0.72, 0.34, 0.85, 0.355)]
    return lines + (extra or [])


def term_grid(mark_fixed: str, mark_open: str, mark_task: str, start: str, end: str) -> list[TextLine]:
    """合同期限 as a merged row header over two rows: tick boxes, then 起 | date | 止 | date cells."""
    out = [line("合同期限", 0.08, 0.235, 0.16, 0.25),
           line(f"{mark_fixed}固定期限", 0.28, 0.21, 0.38, 0.225), line(f"{mark_open}无固定期限", 0.42, 0.21, 0.54, 0.225),
           line(f"{mark_task}以完成一定工作任务为期限", 0.58, 0.21, 0.86, 0.225),
           line("起", 0.28, 0.26, 0.3, 0.275), line("止", 0.55, 0.26, 0.57, 0.275)]
    if start:
        out.append(hand(start, 0.33, 0.257, 0.5, 0.277))
    if end:
        out.append(hand(end, 0.6, 0.258, 0.77, 0.278))
    return out


# --------------------------------------------------------------------------- contract filing: the term


def test_term_as_tick_boxes_and_start_end_cells_fixed():
    f = extract_filing([page(grid_filing(term_grid("☑", "□", "□", "2022年7月1日", "2025年6月30日")))])
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2022-07-01", "2025-06-30", False)
    assert f["employer"].value == UNIT and f["employee_name"].value == "王芳"
    assert f["sign_date"].value == "2022-06-28"


def test_an_unticked_open_ended_box_printed_on_the_form_does_not_make_it_open_ended():
    # OCR reads ☑ as 团 and □ as 口
    f = extract_filing([page(grid_filing(term_grid("团", "口", "口", "2022年7月1日", "2025年6月30日")))])
    assert f["open_ended"].value is False
    assert f["end_date"].value == "2025-06-30"


def test_the_ticked_open_ended_box_decides():
    f = extract_filing([page(grid_filing(term_grid("□", "√", "□", "2020年7月1日", "")))])
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2020-07-01", None, True)
    f = extract_filing([page(grid_filing(term_grid("口", "V", "口", "2020年7月1日", "")))])
    assert f["open_ended"].value is True


def test_a_lost_tick_is_inferred_from_the_one_option_without_a_box_less_surely():
    f = extract_filing([page(grid_filing(term_grid("口", "", "口", "2020年7月1日", "")))])
    assert f["open_ended"].value is True
    assert f["open_ended"].confidence < 0.9


def test_no_choice_readable_and_no_end_date_is_not_called_open_ended_surely():
    f = extract_filing([page(grid_filing(term_grid("口", "口", "口", "2020年7月1日", "")))])
    assert f["open_ended"].value is False and f["open_ended"].confidence <= 0.5
    assert f["end_date"].value is None


def test_options_on_rows_of_their_own_take_the_chosen_rows_dates():
    term = [line("合同期限", 0.08, 0.245, 0.16, 0.26),
            line("□固定期限", 0.28, 0.2, 0.38, 0.215), line("起", 0.42, 0.2, 0.44, 0.215), line("止", 0.64, 0.2, 0.66, 0.215),
            line("☑无固定期限", 0.28, 0.24, 0.4, 0.255), line("起", 0.42, 0.24, 0.44, 0.255), hand("2021年3月1日", 0.46, 0.238, 0.6, 0.258),
            line("□以完成一定工作任务为期限", 0.28, 0.28, 0.52, 0.295)]
    f = extract_filing([page(grid_filing(term))])
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2021-03-01", None, True)


def test_term_sentence_with_handwritten_numbers_in_separate_boxes():
    # printed 自　　年　月　日起至　　年　月　日止, the numbers written in by hand above the baseline
    term = [line("合同期限", 0.08, 0.24, 0.16, 0.255),
            line("自      年    月    日起至      年    月    日止", 0.28, 0.24, 0.9, 0.255),
            hand("2022", 0.3, 0.232, 0.36, 0.252), hand("7", 0.41, 0.233, 0.43, 0.252), hand("1", 0.495, 0.233, 0.51, 0.252),
            hand("2025", 0.64, 0.232, 0.7, 0.252), hand("6", 0.74, 0.233, 0.76, 0.252), hand("30", 0.815, 0.233, 0.84, 0.252)]
    f = extract_filing([page(grid_filing(term), width=1240, height=1754)])
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2022-07-01", "2025-06-30", False)
    assert f["end_date"].confidence <= 0.78  # as sure as the handwriting, no surer


def test_start_and_end_at_the_intersection_of_row_and_column_headers():
    term = [line("起始时间", 0.3, 0.2, 0.4, 0.215), line("终止时间", 0.6, 0.2, 0.7, 0.215),
            line("合同期限", 0.08, 0.25, 0.16, 0.265), line("2023.01.01", 0.3, 0.25, 0.42, 0.265), line("2026.12.31", 0.6, 0.25, 0.72, 0.265)]
    f = extract_filing([page(grid_filing(term))])
    assert (f["start_date"].value, f["end_date"].value) == ("2023-01-01", "2026-12-31")


def test_an_option_word_at_the_end_of_a_row_is_not_glued_to_the_next_rows_dates():
    # 以完成一定工作任务为期限 ends the tick-box row; 合同期限 自…至… is the next row
    term = [line("合同类型", 0.08, 0.2, 0.16, 0.215), line("□固定期限", 0.28, 0.2, 0.38, 0.215), line("□无固定期限", 0.4, 0.2, 0.52, 0.215),
            line("以完成一定工作任务为期限", 0.55, 0.2, 0.8, 0.215),
            line("合同期限", 0.08, 0.24, 0.16, 0.255), line("自", 0.3, 0.24, 0.32, 0.255), line("2023-01-01", 0.4, 0.24, 0.5, 0.255),
            line("至", 0.6, 0.24, 0.62, 0.255), line("2025-12-31", 0.7, 0.24, 0.8, 0.255)]
    f = extract_filing([page(grid_filing(term))])
    assert (f["start_date"].value, f["end_date"].value) == ("2023-01-01", "2025-12-31")
    assert f["open_ended"].value is False


def test_labels_over_their_values_in_two_columns_keep_each_columns_value():
    # an online receipt: 合同期限类型 | 合同签订日期 over their values, then 合同开始日期 | 合同终止日期
    lines = [line("劳动用工备案信息表", 0.35, 0.05, 0.65, 0.075),
             line("单位名称", 0.1, 0.1, 0.16, 0.112), line(UNIT, 0.1, 0.114, 0.35, 0.128),
             line("姓名", 0.1, 0.15, 0.13, 0.162), line("王芳", 0.1, 0.164, 0.14, 0.178),
             line("证件号码", 0.5, 0.15, 0.56, 0.162), line(ID, 0.5, 0.164, 0.68, 0.178),
             line("合同期限类型", 0.1, 0.2, 0.19, 0.212), line("合同签订日期", 0.5, 0.2, 0.59, 0.212),
             line("固定期限", 0.1, 0.214, 0.17, 0.228), line("2024-07-28", 0.5, 0.214, 0.59, 0.228),
             line("合同开始日期", 0.1, 0.24, 0.19, 0.252), line("合同终止日期", 0.5, 0.24, 0.59, 0.252),
             line("2024-08-01", 0.1, 0.254, 0.19, 0.268), line("2027-07-31", 0.5, 0.254, 0.59, 0.268),
             line("试用期", 0.1, 0.28, 0.15, 0.292), line("1个月", 0.1, 0.294, 0.14, 0.308)]
    f = extract_filing([page(lines)])
    got = {k: f[k].value for k in ("employer", "employee_name", "employee_id_number", "start_date", "end_date", "open_ended", "sign_date")}
    assert got == {"employer": UNIT, "employee_name": "王芳", "employee_id_number": ID, "start_date": "2024-08-01",
                   "end_date": "2027-07-31", "open_ended": False, "sign_date": "2024-07-28"}


# --------------------------------------------------------------------------- titles, labels, instructions


def test_the_title_is_not_the_employer():
    lines = grid_filing(term_grid("☑", "□", "□", "2022年7月1日", "2025年6月30日"), title="甘肃省用人单位劳动合同备案表")
    lines = [ln for ln in lines if ln.text != UNIT] + [line("用人单位(盖章)：", 0.08, 0.4, 0.25, 0.415), line(UNIT, 0.26, 0.4, 0.5, 0.415)]
    f = extract_filing([page(lines)])
    assert f["employer"].value == UNIT


def test_an_empty_party_line_reads_empty_not_the_next_label_nor_the_imprint():
    cover = page([line("劳动合同书", 0.3, 0.2, 0.7, 0.25),
                  line("甲方：________________", 0.2, 0.5, 0.6, 0.52), line("地址：________________", 0.2, 0.55, 0.6, 0.57),
                  line("乙方：________________", 0.2, 0.62, 0.6, 0.64),
                  line("甘肃省劳动局制", 0.38, 0.9, 0.62, 0.92)], number=1)
    f = extract_labor_contract([cover])
    assert f["employer"].value is None
    assert f["employee_name"].value is None


def test_a_blank_cover_yields_to_the_filled_party_block_on_another_page():
    cover = page([line("劳动合同书", 0.3, 0.2, 0.7, 0.25), line("甲方：", 0.2, 0.5, 0.26, 0.52), line("地址：", 0.2, 0.55, 0.26, 0.57),
                  line("乙方：", 0.2, 0.62, 0.26, 0.64), line("甘肃省劳动局制", 0.38, 0.9, 0.62, 0.92)], number=1)
    body = page(rows([f"甲方（用人单位）名称：{UNIT}", "乙方（劳动者）姓名：王芳", f"居民身份证号码：{ID}",
                      "（一）固定期限：自2023年1月1日起至2025年12月31日止。"]), number=2)
    f = extract_labor_contract([cover, body])
    assert f["employer"].value == UNIT and f["employee_name"].value == "王芳"
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2023-01-01", "2025-12-31", False)


def test_labels_split_over_boxes_spaced_or_stacked():
    lines = [line("劳动合同备案表", 0.35, 0.05, 0.65, 0.075),
             line("用人", 0.08, 0.12, 0.12, 0.135), line("单位名称", 0.13, 0.12, 0.21, 0.135), line(UNIT, 0.28, 0.12, 0.52, 0.135),
             line("姓", 0.08, 0.16, 0.1, 0.175), line("名", 0.16, 0.16, 0.18, 0.175), line("王芳", 0.28, 0.16, 0.33, 0.175),
             # a narrow label cell: 合同 over 期限
             line("合同", 0.08, 0.21, 0.12, 0.225), line("期限", 0.08, 0.23, 0.12, 0.245),
             line("2022年7月1日至2025年6月30日", 0.28, 0.22, 0.5, 0.235)]
    f = extract_filing([page(lines)])
    assert f["employer"].value == UNIT
    assert f["employee_name"].value == "王芳"
    assert (f["start_date"].value, f["end_date"].value) == ("2022-07-01", "2025-06-30")


def test_a_garbled_label_is_matched_less_surely():
    lines = rows(["劳动合同备案表", f"用人单位名称：{UNIT}", "劳动者娃名：王芳", f"身份证号码：{ID}"])
    f = extract_filing([page(lines)])
    assert f["employee_name"].value == "王芳"
    assert f["employee_name"].confidence < 0.9  # certainty.py: not certain on its own reading


# --------------------------------------------------------------------------- rosters


def _roster(people: list[tuple[str, str, str, str]]) -> list[TextLine]:
    lines = [line("劳动合同备案花名册", 0.35, 0.05, 0.65, 0.075), line(f"用人单位名称：{UNIT}", 0.08, 0.1, 0.5, 0.115)]
    xs = [(0.05, 0.15), (0.17, 0.4), (0.42, 0.55), (0.57, 0.7), (0.72, 0.85)]
    for text, (x0, x1) in zip(["姓名", "身份证号码", "合同类型", "合同起始日期", "合同终止日期"], xs):
        lines.append(line(text, x0, 0.15, x1, 0.165))
    for i, person in enumerate(people):
        y = 0.19 + 0.035 * i
        for text, (x0, x1) in zip(person[:2] + ("固定期限",) + person[2:], xs):
            if text:
                lines.append(line(text, x0, y, x1, y + 0.015))
    return lines


def test_a_roster_with_one_filled_row_is_that_employee():
    f = extract_filing([page(_roster([("王芳", ID, "2022-07-01", "2025-06-30"), ("", "", "", "")]))])
    assert (f["employee_name"].value, f["employee_id_number"].value) == ("王芳", ID)
    assert (f["start_date"].value, f["end_date"].value) == ("2022-07-01", "2025-06-30")


def test_a_roster_of_several_employees_is_listed_for_the_rule():
    other = "530102198805061221"
    f = extract_filing([page(_roster([("李强", other, "2021-01-01", "2023-12-31"), ("王芳", ID, "2022-07-01", "2025-06-30")]))])
    assert f["employee_name"].value is None and f["end_date"].value is None
    names = [e["name"] for e in f["employees"].value]
    assert names == ["李强", "王芳"]
    assert f["employees"].value[1]["end_date"] == "2025-06-30"
    assert f["employer"].value == UNIT
    # once the applicant is known (the pipeline knows the declared data), their row is read
    from preaudit.extractors.contract import resolve_roster

    mine = resolve_roster(f, "王芳", ID)
    assert (mine["employee_name"].value, mine["employee_id_number"].value) == ("王芳", ID)
    assert (mine["start_date"].value, mine["end_date"].value, mine["open_ended"].value) == ("2022-07-01", "2025-06-30", False)
    assert resolve_roster(f, "赵六", "530102199001011234")["employee_name"].value is None  # not on the roster


# --------------------------------------------------------------------------- labour contract clause options


def test_clause_options_the_task_option_filled_in_by_hand():
    body = page([line(f"甲方（用人单位）名称：{UNIT}", 0.1, 0.08, 0.7, 0.1), line("乙方（劳动者）姓名：王芳", 0.1, 0.12, 0.5, 0.14),
                 line("（一）固定期限：自      年    月    日起至      年    月    日止。", 0.1, 0.3, 0.9, 0.32),
                 line("（二）无固定期限：自      年    月    日起。", 0.1, 0.35, 0.6, 0.37),
                 line("（三）以完成一定工作任务为期限：自      年    月    日起至工作任务完成时止。", 0.05, 0.4, 0.98, 0.416),
                 hand("2023", 0.465, 0.392, 0.51, 0.412), hand("3", 0.555, 0.393, 0.57, 0.412), hand("15", 0.635, 0.393, 0.66, 0.412)],
                width=1240, height=1754)
    f = extract_labor_contract([body])
    assert f["start_date"].value == "2023-03-15"
    assert f["open_ended"].value is False and f["end_date"].value is None


def test_two_filled_options_the_named_one_wins():
    body = page(rows(["双方约定按下列第二种方式确定劳动合同期限：",
                      "（一）固定期限：自2020年1月1日起至2022年12月31日止。", "（二）无固定期限：自2023年1月1日起。"]))
    f = extract_labor_contract([body])
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2023-01-01", None, True)


# --------------------------------------------------------------------------- pledge


PLEDGE_BODY = ["职称申报承诺书", "本人自愿申报专业技术职称，并郑重承诺：本人所提交的个人信息、学历证书、",
               "工作经历、业绩成果等全部申报材料真实、准确、完整。"]


def test_pledge_signature_instruction_beside_an_empty_line_reads_empty():
    lines = rows(PLEDGE_BODY) + [line("承诺人（签字并按手印）：", 0.45, 0.5, 0.7, 0.52), line("日期：    年   月   日", 0.45, 0.56, 0.75, 0.58)]
    f = extract_pledge([page(lines)])
    assert f["name"].value is None
    assert f["date"].value is None


def test_pledge_handwritten_signature_over_the_line_after_the_instruction():
    lines = rows(PLEDGE_BODY) + [line("承诺人（签字并按手印）：______________", 0.45, 0.5, 0.92, 0.52),
                                 hand("王芳", 0.74, 0.488, 0.82, 0.514, conf=0.71)]
    f = extract_pledge([page(lines)])
    assert f["name"].value == "王芳"
    assert f["name"].confidence <= 0.71


def test_pledge_specialty_and_level_handwritten_on_one_line():
    lines = rows(PLEDGE_BODY) + [line("申报专业及级别：__________________________", 0.1, 0.36, 0.8, 0.38),
                                 hand("建筑工程施工（助理级）", 0.3, 0.348, 0.6, 0.374, conf=0.74),
                                 line("承诺人：", 0.45, 0.5, 0.53, 0.52), hand("王芳", 0.55, 0.495, 0.62, 0.52)]
    f = extract_pledge([page(lines)])
    assert f["specialty_level"].value == "建筑工程施工(助理级)"
    assert f["specialty_level"].confidence <= 0.74


def test_pledge_specialty_and_level_on_two_handwritten_lines():
    lines = rows(PLEDGE_BODY) + [line("申报专业：________________", 0.1, 0.36, 0.5, 0.38), hand("会计", 0.22, 0.35, 0.3, 0.375),
                                 line("申报级别：________________", 0.1, 0.41, 0.5, 0.43), hand("助理级", 0.22, 0.4, 0.33, 0.425),
                                 line("承诺人：", 0.45, 0.5, 0.53, 0.52), hand("王芳", 0.55, 0.495, 0.62, 0.52)]
    f = extract_pledge([page(lines)])
    assert f["specialty_level"].value == "会计(助理级)"


def test_pledge_specialty_written_into_a_blank_of_the_printed_sentence():
    # 004 附件3: 本人系＿＿（单位）工作人员，现申报＿＿专业技术资格。 filled in by hand
    lines = [line("个人申报专业技术资格诚信承诺书", 0.26, 0.13, 0.74, 0.155),
             line("本人系", 0.16, 0.223, 0.24, 0.246), hand(UNIT, 0.26, 0.216, 0.5, 0.243), line("(单位)", 0.55, 0.222, 0.62, 0.245),
             line("工作人员，现申报", 0.12, 0.258, 0.3, 0.28), hand("计算机应用技术助理级", 0.32, 0.253, 0.57, 0.277),
             line("专业技术资格。", 0.58, 0.258, 0.73, 0.28),
             line("本人承诺所提交的所有评审材料均为真实。", 0.12, 0.294, 0.86, 0.315),
             line("承诺人签名：王芳", 0.11, 0.496, 0.36, 0.532), line("单位审核", 0.52, 0.509, 0.63, 0.527),
             line("2024年8月21日", 0.57, 0.586, 0.8, 0.612), line("2024年8月20日", 0.16, 0.59, 0.39, 0.611)]
    f = extract_pledge([page(lines)])
    assert f["specialty_level"].value == "计算机应用技术助理级"
    assert f["name"].value == "王芳"
    assert f["date"].value == "2024-08-20"  # the signer's date, not the unit's beside it


def test_pledge_title_is_not_the_specialty():
    lines = [line("专业技术职称申报承诺书", 0.32, 0.08, 0.68, 0.105),
             line("承诺人姓名", 0.12, 0.14, 0.21, 0.157), line("王芳", 0.24, 0.14, 0.29, 0.16),
             line("申报级别", 0.54, 0.215, 0.61, 0.234), line("申报专业", 0.13, 0.215, 0.2, 0.234),
             line("环境工程", 0.25, 0.215, 0.32, 0.234), line("助理级", 0.65, 0.212, 0.71, 0.235),
             line("承诺日期", 0.54, 0.476, 0.61, 0.496), line("2024年08月20日", 0.71, 0.479, 0.85, 0.494)]
    f = extract_pledge([page(lines)])
    assert f["specialty_level"].value == "环境工程(助理级)"
    assert f["name"].value == "王芳" and f["date"].value == "2024-08-20"


# --------------------------------------------------------------------------- publicity form


def _publicity(pledge_lines: list[TextLine], publicity: list[TextLine], opinion: list[TextLine]) -> list[TextLine]:
    lines = [line("专业技术人员职称申报公示表", 0.3, 0.04, 0.7, 0.065),
             line("姓名", 0.08, 0.1, 0.14, 0.115), line("王芳", 0.22, 0.1, 0.3, 0.115),
             line("工作单位", 0.45, 0.1, 0.53, 0.115), line(UNIT, 0.6, 0.1, 0.9, 0.115),
             line("本人承诺", 0.08, 0.3, 0.16, 0.315),
             line("本人承诺以上所填内容及提交的材料真实有效。", 0.22, 0.26, 0.8, 0.275)]
    return lines + pledge_lines + [line("公示情况", 0.08, 0.45, 0.16, 0.465)] + publicity + \
        [line("单位审核意见", 0.08, 0.62, 0.2, 0.635), line("同意推荐。", 0.22, 0.58, 0.4, 0.595)] + opinion


def test_publicity_pledge_date_handwritten_into_printed_year_month_day():
    pledge = [line("承诺人签名：", 0.5, 0.3, 0.62, 0.315), hand("王芳", 0.64, 0.295, 0.72, 0.318),
              line("年    月    日", 0.62, 0.34, 0.84, 0.355),
              hand("2024", 0.56, 0.333, 0.615, 0.356), hand("8", 0.675, 0.334, 0.69, 0.355), hand("20", 0.755, 0.334, 0.78, 0.355)]
    publicity = [line("公示时间：自2024年8月22日起至2024年8月28日止", 0.22, 0.45, 0.7, 0.465)]
    opinion = [line("（盖章）", 0.7, 0.64, 0.78, 0.655), line("2024年9月2日", 0.68, 0.67, 0.82, 0.685)]
    f = extract_publicity([page(_publicity(pledge, publicity, opinion), width=1240, height=1754)])
    assert f["pledge_date"].value == "2024-08-20"
    assert (f["publicity_start"].value, f["publicity_end"].value) == ("2024-08-22", "2024-08-28")
    assert f["unit_opinion_date"].value == "2024-09-02"


def test_publicity_period_with_the_year_only_on_the_start():
    publicity = [line("公示时间：2024年8月22日—8月28日", 0.22, 0.45, 0.6, 0.465)]
    f = extract_publicity([page(_publicity([line("2024年8月20日", 0.62, 0.34, 0.8, 0.355)], publicity, []))])
    assert (f["publicity_start"].value, f["publicity_end"].value) == ("2024-08-22", "2024-08-28")


def test_publicity_period_as_start_and_end_cells():
    publicity = [line("公示开始时间", 0.22, 0.45, 0.34, 0.465), line("2024年8月22日", 0.36, 0.45, 0.5, 0.465),
                 line("公示结束时间", 0.55, 0.45, 0.67, 0.465), line("2024年8月28日", 0.69, 0.45, 0.83, 0.465)]
    f = extract_publicity([page(_publicity([], publicity, []))])
    assert (f["publicity_start"].value, f["publicity_end"].value) == ("2024-08-22", "2024-08-28")


def test_publicity_period_in_a_table_row_under_start_and_end_headers():
    publicity = [line("开始日期", 0.3, 0.43, 0.4, 0.445), line("结束日期", 0.6, 0.43, 0.7, 0.445),
                 line("2024.08.22", 0.3, 0.47, 0.42, 0.485), line("2024.08.28", 0.6, 0.47, 0.72, 0.485)]
    f = extract_publicity([page(_publicity([], publicity, []))])
    assert (f["publicity_start"].value, f["publicity_end"].value) == ("2024-08-22", "2024-08-28")


# --------------------------------------------------------------------------- drawn PDFs in other typefaces
#
# The same failure classes on born-digital PDFs drawn here in Noto Serif SC / Noto Sans SC (the
# PyPI package pylopdf-fonts-zh-cn; the corpus and tests/extractors/unseen_forms.py use PyMuPDF's
# own CJK face), read through the text layer as preaudit.pipeline.intake.render reads them: other metrics, other
# line heights, values typed over underlines in another face and size.

import pytest  # noqa: E402

from preaudit.pipeline.intake.render import text_layer_lines  # noqa: E402


def _noto(kind: str) -> str:
    fonts = pytest.importorskip("pylopdf_fonts_zh_cn")
    return str(fonts.serif_path() if kind == "serif" else fonts.sans_path())


class Drawn:
    """A one-page A4 PDF: labels in Noto Serif SC, typed values in Noto Sans SC."""

    def __init__(self) -> None:
        import pymupdf

        self.pymupdf = pymupdf
        self.doc = pymupdf.open()
        self.page = self.doc.new_page(width=595, height=842)
        self.serif = pymupdf.Font(fontfile=_noto("serif"))
        self.sans = pymupdf.Font(fontfile=_noto("sans"))

    def text(self, x: float, y: float, s: str, size: float = 10.5, sans: bool = False) -> None:
        writer = self.pymupdf.TextWriter(self.page.rect)
        writer.append((x, y), s, font=self.sans if sans else self.serif, fontsize=size)
        writer.write_text(self.page)

    def rule(self, x0: float, y: float, x1: float) -> None:
        self.page.draw_line((x0, y), (x1, y), color=(0, 0, 0), width=0.5)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.page.draw_rect(self.pymupdf.Rect(x0, y0, x1, y1), color=(0, 0, 0), width=0.6)

    def pages(self) -> list:
        from preaudit.pipeline.model import Page

        data = self.doc.tobytes()
        with self.pymupdf.open(stream=data, filetype="pdf") as d:
            return [Page(file="drawn.pdf", file_sha256="0" * 64, number=i + 1, width=round(p.rect.width), height=round(p.rect.height),
                         source="pdf_text", lines=text_layer_lines(p)) for i, p in enumerate(d)]


def _gansu_filing(fixed: bool) -> list:
    d = Drawn()
    d.text(190, 60, "甘肃省用人单位劳动合同备案表", 16)
    d.text(40, 95, "备案编号：", 9)
    rows = [("用人单位名称", UNIT), ("统一社会信用代码", "91620100MA72X1234A"), ("劳动者姓名", "王芳"), ("身份证号码", ID)]
    y = 110
    for label, value in rows:
        d.box(40, y, 150, y + 26)
        d.box(150, y, 555, y + 26)
        d.text(46, y + 17, label, 10.5)
        d.text(160, y + 17, value, 10.5, sans=True)
        y += 26
    # 合同期限: a merged label cell over two rows, tick boxes, then 起 | date | 止 | date
    d.box(40, y, 150, y + 52)
    d.text(70, y + 31, "合同期限", 10.5)
    d.box(150, y, 555, y + 26)
    d.text(160, y + 17, ("☑" if fixed else "□") + "固定期限    " + ("□" if fixed else "☑") + "无固定期限    □以完成一定工作任务为期限", 10.5)
    for x0, x1, text, sans in ((150, 190, "起", False), (190, 350, "2022年7月1日", True), (350, 390, "止", False),
                               (390, 555, "2025年6月30日" if fixed else "", True)):
        d.box(x0, y + 26, x1, y + 52)
        if text:
            d.text(x0 + 8, y + 43, text, 10.5, sans=sans)
    y += 52
    d.box(40, y, 150, y + 26)
    d.text(46, y + 17, "签订日期", 10.5)
    d.box(150, y, 555, y + 26)
    d.text(160, y + 17, "2022年6月28日", 10.5, sans=True)
    d.text(380, 780, "甘肃省劳动局制", 9)
    return d.pages()


def test_drawn_filing_with_tick_boxes_and_start_end_cells():
    f = extract_filing(_gansu_filing(fixed=True))
    got = {k: f[k].value for k in ("employer", "employee_name", "employee_id_number", "start_date", "end_date", "open_ended", "sign_date")}
    assert got == {"employer": UNIT, "employee_name": "王芳", "employee_id_number": ID, "start_date": "2022-07-01",
                   "end_date": "2025-06-30", "open_ended": False, "sign_date": "2022-06-28"}


def test_drawn_filing_open_ended_ticked():
    f = extract_filing(_gansu_filing(fixed=False))
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2022-07-01", None, True)


def test_drawn_pledge_with_an_instruction_beside_the_signature_line():
    d = Drawn()
    d.text(220, 70, "职称申报承诺书", 17)
    d.text(70, 120, "申报专业及级别：", 12)
    d.rule(166, 124, 420)
    d.text(180, 118, "给排水工程（中级）", 11, sans=True)  # typed over the line, a little above it
    y = 160
    for t in ["本人郑重承诺：所提交的全部申报材料真实、准确、完整，", "如有弄虚作假，自愿承担相应责任。"]:
        d.text(70, y, t, 12)
        y += 26
    d.text(300, 300, "承诺人（签字并按手印）：", 12)
    d.rule(444, 304, 540)
    d.text(300, 340, "日期：", 12)
    d.text(340, 338, "2024", 11, sans=True)
    d.text(372, 340, "年", 12)
    d.text(392, 338, "8", 11, sans=True)
    d.text(404, 340, "月", 12)
    d.text(424, 338, "20", 11, sans=True)
    d.text(440, 340, "日", 12)
    f = extract_pledge(d.pages())
    assert f["name"].value is None  # the signature line is empty: not 签字并按手印
    assert f["specialty_level"].value == "给排水工程(中级)"
    assert f["date"].value == "2024-08-20"


def test_drawn_publicity_form_with_a_period_whose_end_has_no_year():
    d = Drawn()
    d.text(150, 60, "专业技术职务任职资格申报人员公示表", 15)
    y = 90
    for label, value in (("姓  名", "王芳"), ("工作单位", UNIT), ("申报专业", "给排水工程")):
        d.box(40, y, 140, y + 28)
        d.box(140, y, 555, y + 28)
        d.text(48, y + 18, label, 11)
        d.text(150, y + 18, value, 11, sans=True)
        y += 28
    d.box(40, y, 140, y + 90)
    d.text(66, y + 50, "本人承诺", 11)
    d.box(140, y, 555, y + 90)
    d.text(150, y + 20, "本人承诺以上所填内容及所提交的材料真实有效。", 11)
    d.text(330, y + 50, "承诺人签名：", 11)
    d.text(300, y + 78, "2024", 11, sans=True)
    d.text(333, y + 78, "年", 11)
    d.text(350, y + 78, "8", 11, sans=True)
    d.text(362, y + 78, "月", 11)
    d.text(380, y + 78, "19", 11, sans=True)
    d.text(396, y + 78, "日", 11)
    y += 90
    d.box(40, y, 140, y + 60)
    d.text(66, y + 35, "公示情况", 11)
    d.box(140, y, 555, y + 60)
    d.text(150, y + 22, "公示时间：2024年8月22日—8月28日", 11)
    d.text(150, y + 45, "公示结果：无异议", 11)
    y += 60
    d.box(40, y, 140, y + 90)
    d.text(56, y + 50, "单位审核意见", 11)
    d.box(140, y, 555, y + 90)
    d.text(150, y + 22, "同意推荐。", 11)
    d.text(420, y + 55, "（盖章）", 11)
    d.text(400, y + 80, "2024年9月2日", 11, sans=True)
    f = extract_publicity(d.pages())
    got = {k: f[k].value for k in ("name", "unit", "pledge_date", "publicity_start", "publicity_end", "unit_opinion_date")}
    assert got == {"name": "王芳", "unit": UNIT, "pledge_date": "2024-08-19", "publicity_start": "2024-08-22",
                   "publicity_end": "2024-08-28", "unit_opinion_date": "2024-09-02"}


# --------------------------------------------------------------------------- scanned, filled in by hand (real OCR)
#
# A printed form (Noto Serif SC) filled in with a pen (Noto Sans SC in blue ink, a little above the
# printed baseline, the numbers of dates written into a printed 年 月 日), tick boxes drawn as boxes
# with a hand tick, rasterised as a flatbed scan and read by the OCR engine: the boxes OCR returns
# for handwriting are its own, not ours.


class Scan:
    """Pillow drawing on an A4 canvas at `dpi` (text at baseline positions in points)."""

    def __init__(self, dpi: int = 170) -> None:
        from PIL import Image, ImageDraw

        self.k = dpi / 72
        self.img = Image.new("RGB", (round(595 * self.k), round(842 * self.k)), "white")
        self.draw = ImageDraw.Draw(self.img)

    def text(self, x: float, y: float, s: str, size: float = 11, hand: bool = False) -> None:
        from PIL import ImageFont

        font = ImageFont.truetype(_noto("sans" if hand else "serif"), round(size * self.k))
        colour = (30, 45, 140) if hand else (20, 20, 20)
        self.draw.text((x * self.k, y * self.k), s, font=font, fill=colour, anchor="ls")

    def line(self, x0: float, y0: float, x1: float, y1: float, hand: bool = False) -> None:
        self.draw.line([(x0 * self.k, y0 * self.k), (x1 * self.k, y1 * self.k)], fill=(30, 45, 140) if hand else (0, 0, 0),
                       width=max(1, round((1.6 if hand else 0.8) * self.k)))

    def box(self, x: float, y: float, ticked: bool) -> None:
        """A printed tick box (its bottom on the baseline y), ticked by hand or not."""
        self.draw.rectangle([x * self.k, (y - 9) * self.k, (x + 9) * self.k, y * self.k], outline=(0, 0, 0), width=max(1, round(0.8 * self.k)))
        if ticked:
            self.line(x + 1, y - 5, x + 4, y - 1, hand=True)
            self.line(x + 4, y - 1, x + 11, y - 12, hand=True)

    def read(self, tmp_path, name: str, ocr_cache, doc_type: str) -> dict:
        import hashlib

        import cv2
        import numpy as np

        from preaudit.pipeline.model import SourceFile
        from preaudit.pipeline.run import read_file

        path = tmp_path / f"{name}.png"
        cv2.imwrite(str(path), np.asarray(self.img)[:, :, ::-1].copy())
        data = path.read_bytes()
        sf = SourceFile(path=path.name, abs_path=str(path), sha256=hashlib.sha256(data).hexdigest(), size=len(data), kind="image")
        docs = [d for d in read_file(sf, ocr_cache).documents if d.doc_type.value == doc_type]
        assert docs, f"no {doc_type} read"
        return docs[0].fields


def _hand_date(s: Scan, x: float, y: float, year: str, month: str, day: str) -> None:
    """A printed ____年__月__日 with the numbers written in above the line."""
    s.text(x + 44, y, "年", 11)
    s.text(x + 82, y, "月", 11)
    s.text(x + 120, y, "日", 11)
    s.text(x + 6, y - 2, year, 12, hand=True)
    s.text(x + 62, y - 2, month, 12, hand=True)
    s.text(x + 98, y - 2, day, 12, hand=True)


@pytest.mark.ocr
def test_scanned_hand_filled_filing(tmp_path, ocr_cache):
    s = Scan()
    s.text(200, 70, "劳动合同备案表", 18)
    s.text(60, 120, "用人单位名称：", 11)
    s.line(138, 123, 520, 123)
    s.text(150, 118, UNIT, 12, hand=True)
    s.text(60, 160, "劳动者姓名：", 11)
    s.line(127, 163, 260, 163)
    s.text(150, 158, "王芳", 12, hand=True)
    s.text(290, 160, "身份证号码：", 11)
    s.line(357, 163, 540, 163)
    s.text(362, 158, ID, 11, hand=True)
    s.text(60, 205, "合同类型：", 11)
    s.box(120, 205, ticked=True)
    s.text(133, 205, "固定期限", 11)
    s.box(205, 205, ticked=False)
    s.text(218, 205, "无固定期限", 11)
    s.box(300, 205, ticked=False)
    s.text(313, 205, "以完成一定工作任务为期限", 11)
    s.text(60, 245, "合同期限：自", 11)
    _hand_date(s, 128, 245, "2022", "7", "1")
    s.text(262, 245, "起至", 11)
    _hand_date(s, 288, 245, "2025", "6", "30")
    s.text(422, 245, "止", 11)
    s.text(60, 285, "签订日期：", 11)
    _hand_date(s, 116, 285, "2022", "6", "28")
    s.text(360, 760, "甘肃省劳动局制", 9)
    f = s.read(tmp_path, "filing", ocr_cache, "contract_filing")
    got = {k: f[k].value for k in ("employer", "employee_name", "employee_id_number", "start_date", "end_date", "open_ended", "sign_date")}
    assert got == {"employer": UNIT, "employee_name": "王芳", "employee_id_number": ID, "start_date": "2022-07-01",
                   "end_date": "2025-06-30", "open_ended": False, "sign_date": "2022-06-28"}


@pytest.mark.ocr
def test_scanned_hand_filled_pledge(tmp_path, ocr_cache):
    s = Scan()
    s.text(220, 70, "职称申报承诺书", 18)
    s.text(70, 120, "申报专业及级别：", 12)
    s.line(166, 124, 420, 124)
    s.text(190, 119, "建筑工程施工 助理级", 13, hand=True)
    y = 165
    for t in ["本人郑重承诺：所提交的全部申报材料真实、准确、完整，", "如有弄虚作假，自愿承担相应责任。"]:
        s.text(70, y, t, 12)
        y += 26
    s.text(300, 300, "承诺人（签字并按手印）：", 12)
    s.line(444, 304, 540, 304)
    s.text(320, 345, "日期：", 12)
    _hand_date(s, 356, 345, "2024", "8", "20")
    f = s.read(tmp_path, "pledge", ocr_cache, "pledge")
    assert f["name"].value is None  # nobody signed: the instruction is no name
    assert "".join(str(f["specialty_level"].value).split()) == "建筑工程施工助理级"
    assert f["date"].value == "2024-08-20"
