"""A model 劳动合同书 printed as an A3 booklet and scanned as landscape spreads (blind generation 6): the
left page's 固定期限 option wraps its end date onto the next line (自2023年3月1日起至 / 2026年2月28日止),
while the right page's clauses stand level with both lines. The spread's two pages are rowed apart,
so the term reads whole; a right page that ends early (its last clause, then white) is a page too."""

from __future__ import annotations

from preaudit.extractors.contract import extract_labor_contract as extract
from preaudit.extractors.tables import panels
from tests.helpers import line, page

# the spread's page 4|5 as OCR read it (x0, y0, x1, y1, text), the right page ending at a third
SPREAD = [
    (0.058, 0.081, 0.139, 0.098, "一、劳动合同期限"),
    (0.558, 0.080, 0.669, 0.097, "三、工作时间和休息休假"),
    (0.575, 0.114, 0.932, 0.131, "第四条甲方安排乙方执行标准工时制度，乙方每日工作时间不超过八小时，每周不超过四十"),
    (0.075, 0.117, 0.292, 0.134, "第一条甲乙双方选择以下第一种形式确定本合同期限："),
    (0.556, 0.137, 0.582, 0.158, "小时。"),
    (0.080, 0.146, 0.269, 0.167, "(一)固定期限:自 2023年3月1日起至"),
    (0.575, 0.168, 0.848, 0.183, "第五条乙方依法享受法定节假日、带薪年休假、婚丧假、产假等假期。"),
    (0.077, 0.176, 0.183, 0.196, "2026年2月28日止。"),
    (0.074, 0.215, 0.269, 0.231, "（二）无固定期限：自年月日起"),
    (0.558, 0.211, 0.619, 0.227, "四、劳动报酬"),
    (0.077, 0.244, 0.194, 0.258, "至依法解除、终止本合同时止。"),
    (0.576, 0.247, 0.877, 0.261, "第六条乙方月工资为4700元。甲方每月13日前以货币形式足额支付乙方工资。"),
    (0.575, 0.275, 0.821, 0.290, "第七条甲方安排乙方延长工作时间的，依法支付加班加点工资。"),
    (0.076, 0.279, 0.231, 0.293, "（三）以完成一定工作任务为期限：自"),
    (0.229, 0.278, 0.332, 0.296, "年月日起"),
    (0.257, 0.308, 0.330, 0.322, "工作任务完成时止。"),
    (0.075, 0.307, 0.087, 0.325, "至"),
    (0.558, 0.317, 0.669, 0.335, "五、社会保险和福利待遇"),
    (0.075, 0.340, 0.313, 0.359, "第二条本合同试用期为三个月（无试用期的填“无”）。"),
    (0.575, 0.353, 0.822, 0.368, "第八条甲乙双方依法参加社会保险，按时足额缴纳社会保险费。"),
    (0.058, 0.391, 0.170, 0.408, "二、工作内容和工作地点"),
    (0.077, 0.426, 0.349, 0.441, "第三条乙方同意在甲方物流工程岗位工作，工作地点为云南省昆明市。"),
    (0.242, 0.946, 0.259, 0.960, "-3-"),

]


def _spread():
    return page([line(t, x0, y0, x1, y1) for x0, y0, x1, y1, t in SPREAD], width=2339, height=1653)


def test_a_term_wrapping_on_the_left_page_of_a_spread_reads_whole():
    f = extract([_spread()])
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2023-03-01", "2026-02-28", False)


def test_a_right_page_that_ends_early_is_a_page_of_the_spread():
    sides = panels(list(_spread().lines))
    assert len(sides) == 2 and all(ln.bbox.x0 < 0.5 for ln in sides[0]) and all(ln.bbox.x0 > 0.5 for ln in sides[1])
