"""An independent set of born-digital attachments, drawn here with PyMuPDF (not by fixtures/), with
the ground truth of their type and fields.

fixtures/ draws each form one way (one label order, one spacing, one column layout). Real uploads
differ: 全角/半角 colons, 姓 名 with spaces, labels and values in separate table cells or on one
line or the value under its label, other column orders and extra columns in the insurance table
(序号, 个人缴费, 单位缴费), other titles (参保缴费证明, 参保缴费凭证, 个人权益记录), dates as
2024年8月5日 / 2024-08-05 / 2024.08.05 / 20240805, 长期, lower-case x in ID numbers, 学信网
reports in 备案表 and 在线验证报告 wording, 公示时间 2024年8月22日至8月28日, pledges of several
wordings, contract filings of other cities. Each document follows a real form as DOMAIN.md
describes it (001 §五 attachments 1–6); the tests in test_unseen_forms.py read them through the text
layer only (no OCR).

`UNSEEN` lists the documents: `build()` returns the PDF bytes, `fields` the expected values in
CONTRACT.md's normalisation (dates YYYY-MM-DD, months YYYY-MM, ID numbers upper-case, 长期 ->
"long_term", open-ended contracts end None).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pymupdf
from stdnum.cn import ric

FONT = pymupdf.Font("china-s")  # the CJK font PyMuPDF ships (no font files from fixtures/)
A4 = (595.0, 842.0)


def width_of(s: str, size: float) -> float:
    return FONT.text_length(s, fontsize=size)


def id_number(area: str, birth: str, seq: str) -> str:
    """A GB 11643 number with its check digit."""
    body = area + birth + seq
    return body + ric.calc_check_digit(body)


# People (two of them with an X check digit, printed lower-case on some documents).
ZHANG = ("张伟", "男", id_number("530102", "19900307", "123"))
LI = ("李娜", "女", id_number("530381", "19880615", "150"))  # ends in X
YANG = ("杨丽萍", "女", id_number("530103", "19950412", "130"))  # ends in X
OUYANG = ("欧阳志远", "男", id_number("530111", "19920118", "351"))
ZHAO = ("赵雪梅", "女", id_number("530402", "19930921", "264"))
assert LI[2].endswith("X") and YANG[2].endswith("X")


class Sheet:
    """A PDF being drawn: text at points (top-left origin, y = top of the text), table grids."""

    def __init__(self, size: tuple[float, float] = A4) -> None:
        self.doc = pymupdf.open()
        self.size = size
        self.page = self.doc.new_page(width=size[0], height=size[1])

    def new_page(self) -> None:
        self.page = self.doc.new_page(width=self.size[0], height=self.size[1])

    def text(self, x: float, y: float, s: str, size: float = 10.5) -> None:
        # TextWriter with the font's own advances: Latin digits proportional, as real PDFs set them
        writer = pymupdf.TextWriter(self.page.rect)
        writer.append((x, y + size * 0.88), s, font=FONT, fontsize=size)
        writer.write_text(self.page)

    def center(self, y: float, s: str, size: float = 16) -> None:
        self.text((self.size[0] - width_of(s, size)) / 2, y, s, size)

    def rect(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.page.draw_rect(pymupdf.Rect(x0, y0, x1, y1), color=(0, 0, 0), width=0.6)

    def grid(self, x: float, y: float, widths: list[float], rows: list[list[Any]], height: float = 24,
             size: float = 10.5, centre: bool = False) -> float:
        """A bordered table. A cell is a text, None (empty) or (text, columns spanned) or
        (text, columns, rows of height): a tall cell holds several lines ("\\n"). Returns the
        bottom."""
        top = y
        for row in rows:
            cx = x
            row_h = height
            col = 0
            for cell in row:
                text, span, tall = cell, 1, 1
                if isinstance(cell, tuple):
                    text, span = cell[0], cell[1]
                    tall = cell[2] if len(cell) > 2 else 1
                w = sum(widths[col: col + span])
                h = height * tall
                row_h = max(row_h, h)
                self.rect(cx, top, cx + w, top + h)
                if text:
                    parts = str(text).split("\n")
                    ty = top + (h - len(parts) * size * 1.4) / 2 + size * 0.2
                    for part in parts:
                        tw = width_of(part, size)
                        tx = cx + (w - tw) / 2 if centre else cx + 5
                        self.text(tx, ty, part, size)
                        ty += size * 1.4
                cx += w
                col += span
            top += row_h
        return top

    def pdf(self) -> bytes:
        self.doc.subset_fonts()
        data = self.doc.tobytes(garbage=3, deflate=True)
        self.doc.close()
        return data


@dataclass(frozen=True)
class Unseen:
    key: str
    doc_type: str
    build: Callable[[], bytes]
    fields: dict[str, Any] = field(default_factory=dict)
    note: str = ""


UNSEEN: list[Unseen] = []


def doc(key: str, doc_type: str, fields: dict[str, Any], note: str = "") -> Callable[[Callable[[], bytes]], Callable[[], bytes]]:
    def wrap(fn: Callable[[], bytes]) -> Callable[[], bytes]:
        UNSEEN.append(Unseen(key, doc_type, fn, fields, note))
        return fn

    return wrap


def months(first: str, last: str, employer: str | None, region: str | None, base: float,
           unpaid: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    y, m = map(int, first.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        key = f"{y:04d}-{m:02d}"
        out.append({"month": key, "employer": employer, "region": region, "base": base,
                    "status": "unpaid" if key in unpaid else "paid"})
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


# =========================================================================== 附件1 居民身份证


@doc("id_front_card_layout", "id_card_front", {
    "name": ZHANG[0], "gender": "男", "ethnicity": "汉", "birth_date": "1990-03-07",
    "address": "云南省昆明市盘龙区北京路1088号3栋2单元401室", "id_number": ZHANG[2]},
    note="the card's own layout on an A4 copy: labels and values apart, 出生 with spaced date, 住址 wrapping")
def _id_front_card() -> bytes:
    s = Sheet()
    x, y = 120, 150
    s.rect(x - 20, y - 20, x + 300, y + 170)
    s.text(x, y, "姓  名", 9)
    s.text(x + 42, y - 1, ZHANG[0], 11)
    s.text(x, y + 24, "性  别", 9)
    s.text(x + 42, y + 24, "男", 10)
    s.text(x + 80, y + 24, "民  族", 9)
    s.text(x + 122, y + 24, "汉", 10)
    s.text(x, y + 48, "出  生", 9)
    s.text(x + 42, y + 48, "1990  年  3  月  7  日", 10)
    s.text(x, y + 72, "住  址", 9)
    s.text(x + 42, y + 72, "云南省昆明市盘龙区北京路1088", 10)
    s.text(x + 42, y + 87, "号3栋2单元401室", 10)
    s.text(x, y + 130, "公民身份号码", 9)
    s.text(x + 80, y + 129, ZHANG[2], 12)
    s.text(80, 420, "（复印件仅供职称申报使用）", 10)
    return s.pdf()


@doc("id_front_typed_copy", "id_card_front", {
    "name": LI[0], "gender": "女", "ethnicity": "彝", "birth_date": "1988-06-15",
    "address": "云南省曲靖市宣威市宛水街道建设路25号", "id_number": LI[2]},
    note="a typed transcription: 姓 名：with full-width colons, 民族 彝族, lower-case x")
def _id_front_typed() -> bytes:
    s = Sheet()
    s.center(80, "居民身份证（正面）", 14)
    s.text(90, 130, f"姓  名：{LI[0]}")
    s.text(90, 155, "性  别：女        民  族：彝族")
    s.text(90, 180, "出  生：1988年6月15日")
    s.text(90, 205, "住  址：云南省曲靖市宣威市宛水街道建设路25号")
    s.text(90, 230, f"公民身份号码：{LI[2].lower()}")
    return s.pdf()


@doc("id_back_dots", "id_card_back", {
    "issuing_authority": "昆明市公安局盘龙分局", "valid_from": "2016-05-12", "valid_until": "2036-05-12"})
def _id_back_dots() -> bytes:
    s = Sheet()
    x, y = 120, 150
    s.rect(x - 20, y - 20, x + 300, y + 170)
    s.text(x + 90, y + 10, "中华人民共和国", 14)
    s.text(x + 80, y + 40, "居 民 身 份 证", 18)
    s.text(x, y + 100, "签发机关", 9)
    s.text(x + 60, y + 100, "昆明市公安局盘龙分局", 10)
    s.text(x, y + 125, "有效期限", 9)
    s.text(x + 60, y + 125, "2016.05.12-2036.05.12", 10)
    return s.pdf()


@doc("id_back_long_term", "id_card_back", {
    "issuing_authority": "曲靖市公安局麒麟分局", "valid_from": "2010-03-01", "valid_until": "long_term"},
    note="有效期限 … 至长期, full-width colons")
def _id_back_long() -> bytes:
    s = Sheet()
    s.center(80, "居民身份证（反面）", 14)
    s.text(90, 130, "中华人民共和国  居民身份证")
    s.text(90, 160, "签发机关：曲靖市公安局麒麟分局")
    s.text(90, 185, "有效期限：2010年03月01日至长期")
    return s.pdf()


# =========================================================================== 附件2 学信网


XR_ZHANG = {
    "name": ZHANG[0], "gender": "男", "id_number": ZHANG[2], "birth_date": "1990-03-07",
    "enrollment_date": "2008-09-01", "graduation_date": "2012-06-30", "school": "云南民族大学",
    "major": "计算机科学与技术", "duration": "4年", "level": "本科", "education_type": "普通高等教育",
    "study_mode": "普通全日制", "certificate_number": "106912012005012345", "verification_code": "A8K2M6Q9W3E5R7T1",
    "valid_until": "2025-02-01", "update_date": "2024-08-01"}


@doc("xuexin_record_beianbiao_cells", "xuexin_record", XR_ZHANG,
     note="备案表 wording, labels and values in separate cells of a 4-column grid, 毕(结)业 cell")
def _xr_cells() -> bytes:
    s = Sheet()
    s.center(60, "教育部学历证书电子注册备案表", 17)
    s.text(380, 95, "更新日期：2024年08月01日", 9)
    w = [90, 160, 80, 130]
    r = XR_ZHANG
    s.grid(40, 115, w, [
        ["姓名", r["name"], "性别", "男"],
        ["证件号码", r["id_number"], "民族", "白族"],
        ["出生日期", "1990年03月07日", None, None],
    ], height=26)
    s.text(40, 205, "学历信息", 12)
    s.grid(40, 225, w, [
        ["入学日期", "2008年09月01日", "毕(结)业日期", "2012年06月30日"],
        ["学校名称", r["school"], "专业", r["major"]],
        ["学制", "4年", "层次", "本科"],
        ["学历类别", "普通高等教育", "学习形式", "普通全日制"],
        ["毕(结)业", "毕业", "校(院)长姓名", "和少英"],
        ["证书编号", (r["certificate_number"], 3)],
    ], height=26)
    s.text(40, 400, f"在线验证码：{r['verification_code']}", 10)
    s.text(40, 420, "在线验证有效期至：2025年02月01日", 10)
    s.text(40, 445, "注：本备案表在线验证有效期内，可登录学信网（www.chsi.com.cn）输入在线验证码进行查询。", 8)
    return s.pdf()


XR_LI = {
    "name": LI[0], "gender": "女", "id_number": LI[2], "birth_date": "1988-06-15",
    "enrollment_date": "2006-09-10", "graduation_date": "2009-07-01", "school": "昆明冶金高等专科学校",
    "major": "会计", "duration": "3年", "level": "专科", "education_type": "普通高等教育",
    "study_mode": "普通全日制", "certificate_number": "108512009000123456", "verification_code": "BXQ7HN2LC5TZ8MPD",
    "valid_until": "2025-03-15", "update_date": "2024-08-15"}


@doc("xuexin_record_online_report_pairs", "xuexin_record", XR_LI,
     note="学历在线验证报告 wording, two label：value pairs per line, lower-case x, code in groups")
def _xr_pairs() -> bytes:
    s = Sheet()
    s.text(40, 40, "学信网  www.chsi.com.cn", 9)
    s.center(70, "教育部学历证书电子注册备案表", 16)
    s.center(95, "学历在线验证报告", 12)
    s.text(360, 120, "更新日期：2024年8月15日", 9)
    r = XR_LI
    y = 150
    for left, right in [
        (f"姓名：{r['name']}", "性别：女"),
        (f"证件号码：{LI[2].lower()}", "出生日期：1988年6月15日"),
        ("入学日期：2006年9月10日", "毕（结）业日期：2009年7月1日"),
        (f"学校名称：{r['school']}", f"专业：{r['major']}"),
        ("学制：3年", "层次：专科"),
        ("学历类别：普通高等教育", "学习形式：普通全日制"),
        ("毕（结）业：毕业", "校（院）长姓名：许文斌"),
    ]:
        s.text(50, y, left + "\u3000\u3000\u3000" + right, 10.5)
        y += 24
    s.text(50, y, f"证书编号：{r['certificate_number']}", 10.5)
    s.text(50, y + 50, "在线验证码：BXQ7 HN2L C5TZ 8MPD", 11)
    s.text(50, y + 72, "报告有效期至：2025年3月15日", 10)
    return s.pdf()


XR_OUYANG = {
    "name": OUYANG[0], "gender": "男", "id_number": OUYANG[2], "birth_date": "1992-01-18",
    "enrollment_date": "2014-09-01", "graduation_date": "2017-06-30", "school": "昆明理工大学",
    "major": "结构工程", "duration": "3年", "level": "硕士研究生", "education_type": "普通高等教育",
    "study_mode": "全日制", "certificate_number": "106742017020801234", "verification_code": "D2F4H6J8K1L3M5N7",
    "valid_until": "2025-01-20", "update_date": "2024-07-20"}


@doc("xuexin_record_master_value_cells_wide", "xuexin_record", XR_OUYANG,
     note="备案表 for a master's degree; labels with a full-width colon in their own cells")
def _xr_master() -> bytes:
    s = Sheet()
    s.center(60, "教育部学历证书电子注册备案表", 17)
    s.text(40, 92, "更新日期：2024年07月20日", 9)
    s.text(300, 92, "在线验证码：D2F4H6J8K1L3M5N7", 9)
    r = XR_OUYANG
    w = [100, 150, 100, 110]
    s.grid(40, 115, w, [
        ["姓名：", r["name"], "性别：", "男"],
        ["证件号码：", r["id_number"], "出生日期：", "1992年01月18日"],
        ["入学日期：", "2014年09月01日", "毕(结)业日期：", "2017年06月30日"],
        ["学校名称：", r["school"], "专业：", r["major"]],
        ["学制：", "3年", "层次：", "硕士研究生"],
        ["学历类别：", "普通高等教育", "学习形式：", "全日制"],
        ["毕(结)业：", "毕业", "证书编号：", r["certificate_number"]],
    ], height=26)
    s.text(40, 330, "报告有效期至：2025年01月20日", 9)
    return s.pdf()


XR_ZHAO = {
    "name": ZHAO[0], "gender": "女", "id_number": ZHAO[2], "birth_date": "1993-09-21",
    "enrollment_date": "2015-03-01", "graduation_date": "2018-01-10", "school": "云南开放大学",
    "major": "工商企业管理", "duration": "2.5年", "level": "专科", "education_type": "成人高等教育",
    "study_mode": "业余", "certificate_number": "513362018060012345", "verification_code": "ZC8V6X4B2N9M7L5K",
    "valid_until": "2025-02-28", "update_date": "2024-08-28"}


@doc("xuexin_record_adult_stacked", "xuexin_record", XR_ZHAO,
     note="成人高等教育 record, labels above their values (a screenshot-style card)")
def _xr_adult() -> bytes:
    s = Sheet()
    s.center(60, "学历在线验证报告", 16)
    s.text(40, 90, "学信网 中国高等教育学生信息网", 9)
    r = XR_ZHAO
    cols = [60, 210, 360]
    items = [
        ("姓名", r["name"]), ("性别", "女"), ("出生日期", "1993年09月21日"),
        ("证件号码", r["id_number"]), ("入学日期", "2015年03月01日"), ("毕(结)业日期", "2018年01月10日"),
        ("学校名称", r["school"]), ("专业", r["major"]), ("学制", "2.5年"),
        ("层次", "专科"), ("学历类别", "成人高等教育"), ("学习形式", "业余"),
        ("毕(结)业", "毕业"), ("证书编号", r["certificate_number"]), ("更新日期", "2024年08月28日"),
    ]
    y = 120
    for i in range(0, len(items), 3):
        for x, (label, value) in zip(cols, items[i:i + 3]):
            s.text(x, y, label, 9)
            s.text(x, y + 15, value, 10.5)
        y += 48
    s.text(60, y + 10, "在线验证码", 9)
    s.text(60, y + 25, r["verification_code"], 10.5)
    s.text(210, y + 10, "报告有效期至", 9)
    s.text(210, y + 25, "2025年02月28日", 10.5)
    return s.pdf()


@doc("xuexin_degree_report_lines", "xuexin_degree", {
    "name": ZHANG[0], "id_number": ZHANG[2], "degree": "工学学士学位", "school": "云南民族大学",
    "major": "计算机科学与技术", "award_date": "2012-06-30", "certificate_number": "1069142012001234",
    "verification_code": "Q1W2E3R4T5Y6U7I8", "valid_until": "2025-02-01"},
    note="中国高等教育学位在线验证报告, label：value lines")
def _xd_lines() -> bytes:
    s = Sheet()
    s.center(60, "中国高等教育学位在线验证报告", 16)
    s.text(360, 90, "更新日期：2024年08月01日", 9)
    y = 120
    for t in [f"姓名：{ZHANG[0]}", "性别：男", f"证件号码：{ZHANG[2]}", "出生日期：1990年03月07日",
              "学位授予单位：云南民族大学", "所授学位：工学学士学位", "学科门类：工学",
              "获学位专业：计算机科学与技术", "获学位日期：2012年06月30日", "学位证书编号：1069142012001234"]:
        s.text(60, y, t, 10.5)
        y += 22
    s.text(60, y + 30, "在线验证码：Q1W2E3R4T5Y6U7I8", 10)
    s.text(60, y + 52, "验证报告有效期至：2025年02月01日", 10)
    return s.pdf()


@doc("xuexin_degree_grid", "xuexin_degree", {
    "name": OUYANG[0], "id_number": OUYANG[2], "degree": "工学硕士学位", "school": "昆明理工大学",
    "major": "结构工程", "award_date": "2017-06-30", "certificate_number": "1067432017000567",
    "verification_code": "P9O8I7U6Y5T4R3E2", "valid_until": "2025-01-20"},
    note="学位在线验证报告 as a bordered grid, label cells apart from their values")
def _xd_grid() -> bytes:
    s = Sheet()
    s.center(60, "学位在线验证报告", 16)
    w = [100, 150, 90, 120]
    s.grid(40, 100, w, [
        ["姓名", OUYANG[0], "性别", "男"],
        ["证件号码", OUYANG[2], "出生日期", "1992年01月18日"],
        ["学位授予单位", "昆明理工大学", "所授学位", "工学硕士学位"],
        ["获学位专业", "结构工程", "学科门类", "工学"],
        ["获学位日期", "2017年06月30日", "学位证书编号", "1067432017000567"],
    ], height=28)
    s.text(40, 260, "在线验证码：P9O8I7U6Y5T4R3E2", 10)
    s.text(300, 260, "验证报告有效期至：2025年01月20日", 10)
    return s.pdf()


# =========================================================================== 附件3 养老保险参保证明

UNIT_A = "昆明云岭科技有限公司"
UNIT_B = "云南滇池建设工程有限责任公司"
UNIT_C = "曲靖麒麟化工有限公司"


def _month_rows(ms: list[dict[str, Any]], newest_first: bool) -> list[dict[str, Any]]:
    return sorted(ms, key=lambda m: m["month"], reverse=newest_first)


PEN1_MONTHS = months("2023-09", "2024-08", UNIT_A, None, 4200.0)


@doc("pension_jiaofei_zhengming_extra_columns", "pension_certificate", {
    "name": LI[0], "id_number": LI[2], "region": "昆明市", "employer": UNIT_A, "print_date": "2024-08-05",
    "months": PEN1_MONTHS},
    note="参保缴费证明: personal grid, 序号/个人缴费/单位缴费 columns, no 统筹区 column, oldest first")
def _pen1() -> bytes:
    s = Sheet()
    s.center(50, "昆明市社会保险参保缴费证明（个人）", 15)
    s.text(40, 80, "打印日期：2024年8月5日", 9)
    s.grid(40, 100, [70, 160, 80, 205], [
        ["姓名", LI[0], "身份证号", LI[2]],
        ["参保单位", UNIT_A, "参保地", "昆明市"],
    ], height=22, size=9.5)
    s.text(40, 160, "基本养老保险缴费明细", 11)
    rows = [["序号", "缴费年月", "单位名称", "缴费基数", "个人缴费", "单位缴费", "到账情况"]]
    for i, m in enumerate(_month_rows(PEN1_MONTHS, False), 1):
        rows.append([str(i), m["month"].replace("-", ""), UNIT_A, "4,200.00", "336.00", "672.00", "已到账"])
    s.grid(40, 180, [30, 60, 160, 65, 55, 55, 70], rows, height=20, size=9, centre=True)
    return s.pdf()


PEN2_MONTHS = months("2023-09", "2024-08", UNIT_B, "昆明市", 5100.0)


@doc("pension_quanyi_jilu_employer_after_amounts", "pension_certificate", {
    "name": OUYANG[0], "id_number": OUYANG[2], "region": "昆明市", "employer": UNIT_B, "print_date": "2024-08-05",
    "months": PEN2_MONTHS},
    note="个人权益记录 wording, 费款所属期 2024.03, employer after the amounts, 已实缴, 打印时间 with a clock")
def _pen2() -> bytes:
    s = Sheet()
    s.center(45, "云南省企业职工基本养老保险个人权益记录", 15)
    s.center(68, "（参保缴费明细）", 11)
    s.text(40, 95, f"姓名：{OUYANG[0]}\u3000\u3000公民身份号码：{OUYANG[2]}", 10)
    s.text(40, 115, f"单位名称：{UNIT_B}\u3000\u3000统筹区：昆明市", 10)
    s.text(40, 135, "打印时间：2024-08-05 10:31:22", 9)
    rows = [["费款所属期", "缴费基数", "个人缴费", "缴费单位", "统筹区", "缴费状态"]]
    for m in _month_rows(PEN2_MONTHS, True):
        rows.append([m["month"].replace("-", "."), "5100.00", "408.00", UNIT_B, "昆明市", "已实缴"])
    s.grid(40, 160, [70, 65, 60, 180, 60, 65], rows, height=20, size=9, centre=True)
    return s.pdf()


PEN3_MONTHS = months("2023-09", "2024-08", UNIT_A, "昆明市", 3800.0, unpaid=("2024-08",))


@doc("pension_pingzheng_year_month_base_first", "pension_certificate", {
    "name": YANG[0], "id_number": YANG[2], "region": "昆明市", "employer": UNIT_A, "print_date": "2024-08-05",
    "months": PEN3_MONTHS},
    note="参保缴费凭证: 出具日期 20240805, 参保人姓名, lower-case x, columns 年月|基数|单位缴纳|个人缴纳|单位名称|险种统筹区|到账标志")
def _pen3() -> bytes:
    s = Sheet()
    s.center(45, "城镇职工基本养老保险参保缴费凭证", 15)
    s.text(40, 80, f"参保人姓名：{YANG[0]}", 10)
    s.text(300, 80, f"证件号码：{YANG[2].lower()}", 10)
    s.text(40, 100, f"现参保单位：{UNIT_A}", 10)
    s.text(300, 100, "参保所在地：昆明市", 10)
    s.text(40, 120, "出具日期：20240805", 10)
    rows = [["年月", "基数", "单位缴纳", "个人缴纳", "单位名称", "险种统筹区", "到账标志"]]
    for m in _month_rows(PEN3_MONTHS, True):
        rows.append([m["month"].replace("-", ""), "3800", "608.00", "304.00", UNIT_A, "昆明市",
                     "未到账" if m["status"] == "unpaid" else "到账"])
    s.grid(40, 145, [55, 55, 60, 60, 150, 70, 65], rows, height=20, size=9, centre=True)
    s.text(40, 420, "说明：本凭证所列缴费信息以社会保险经办机构记录为准。", 9)
    return s.pdf()


PEN4_MONTHS = (months("2023-09", "2023-12", UNIT_C, "曲靖市", 3500.0)
               + months("2024-01", "2024-08", UNIT_A, "昆明市", 4000.0))


@doc("pension_two_pages_region_first", "pension_certificate", {
    "name": ZHAO[0], "id_number": ZHAO[2], "region": "昆明市", "employer": UNIT_A, "print_date": "2024-08-05",
    "months": PEN4_MONTHS},
    note="12333 title, two pages with the header repeated, columns 缴费年月|统筹区|单位名称|缴费基数|缴费状态, 2024.08.05")
def _pen4() -> bytes:
    s = Sheet()
    s.center(45, "云南省城镇职工基本养老保险个人参保证明", 15)
    s.text(40, 78, "打印日期：2024.08.05", 9)
    s.grid(40, 95, [80, 150, 80, 205], [
        ["姓名", ZHAO[0], "身份证号码", ZHAO[2]],
        ["参保单位", UNIT_A, "参保地", "昆明市"],
    ], height=22, size=9.5)
    header = ["缴费年月", "统筹区", "单位名称", "缴费基数", "缴费状态"]
    widths = [75, 70, 190, 80, 80]
    ordered = _month_rows(PEN4_MONTHS, True)

    def body(ms: list[dict[str, Any]]) -> list[list[str]]:
        return [[f"{m['month'][:4]}年{m['month'][5:]}月", m["region"], m["employer"], f"{m['base']:.2f}", "已缴费"]
                for m in ms]

    s.grid(40, 160, widths, [header] + body(ordered[:7]), height=22, size=9, centre=True)
    s.text(260, 800, "第1页 共2页", 9)
    s.new_page()
    s.grid(40, 60, widths, [header] + body(ordered[7:]), height=22, size=9, centre=True)
    s.text(40, 220, "（本证明仅证明参保缴费情况，加盖业务专用章有效）", 9)
    s.text(260, 800, "第2页 共2页", 9)
    return s.pdf()


PEN5_UNIT = "昆明市五华区红云街道社区卫生服务中心"
PEN5_MONTHS = months("2023-09", "2024-08", PEN5_UNIT, "昆明市", 4500.0)


@doc("pension_wrapped_employer_cells", "pension_certificate", {
    "name": ZHANG[0], "id_number": ZHANG[2], "region": "昆明市", "employer": PEN5_UNIT, "print_date": "2024-08-05",
    "months": PEN5_MONTHS},
    note="参保证明 whose long employer names wrap in a narrow cell; 序号 column; print date 2024-08-05 at the bottom")
def _pen5() -> bytes:
    s = Sheet()
    s.center(45, "基本养老保险个人参保证明", 15)
    s.text(40, 80, f"姓名：{ZHANG[0]}", 10)
    s.text(200, 80, f"身份证号：{ZHANG[2]}", 10)
    s.text(40, 100, f"参保单位：{PEN5_UNIT}", 10)
    s.text(400, 100, "参保地：昆明市", 10)
    rows = [["序号", "缴费年月", "参保单位", "缴费基数", "统筹区", "到账情况"]]
    for i, m in enumerate(_month_rows(PEN5_MONTHS, True), 1):
        rows.append([str(i), m["month"], ("昆明市五华区红云街道\n社区卫生服务中心", 1, 1), "4500.00", "昆明市", "已到账"])
    s.grid(40, 130, [35, 70, 150, 70, 70, 70], rows, height=28, size=9, centre=True)
    s.text(360, 530, "打印日期：2024-08-05", 10)
    return s.pdf()


# =========================================================================== 附件3 劳动合同备案 / 劳动合同


@doc("contract_filing_qujing_grid", "contract_filing", {
    "employer": UNIT_C, "employee_name": ZHAO[0], "employee_id_number": ZHAO[2], "start_date": "2022-07-01",
    "end_date": "2025-06-30", "open_ended": False, "sign_date": "2022-06-28"},
    note="曲靖市劳动合同备案表: 4-column grid, separate 起始/终止 cells, dates 2022-07-01")
def _cf_grid() -> bytes:
    s = Sheet()
    s.center(60, "曲靖市劳动合同备案表", 16)
    s.text(40, 95, "备案编号：QJ2022070512", 9)
    s.grid(40, 115, [95, 160, 95, 165], [
        ["用人单位名称", UNIT_C, "统一社会信用代码", "91530300MA6K8D2Q1B"],
        ["劳动者姓名", ZHAO[0], "身份证号码", ZHAO[2]],
        ["合同期限类型", "固定期限", "签订日期", "2022-06-28"],
        ["合同起始日期", "2022-07-01", "合同终止日期", "2025-06-30"],
        ["备案日期", "2022-07-05", "备案机构", "曲靖市麒麟区劳动就业服务局"],
    ], height=28, size=9.5)
    s.text(300, 300, "备案机构（盖章）", 10)
    return s.pdf()


@doc("contract_filing_chengdu_lines", "contract_filing", {
    "employer": "四川蜀信会计师事务所有限公司", "employee_name": LI[0], "employee_id_number": LI[2],
    "start_date": "2021-07-01", "end_date": "2024-06-30", "open_ended": False, "sign_date": "2021-06-25"},
    note="another city's 劳动合同备案登记表: label：value lines, 职工姓名, 合同期限 A至B")
def _cf_lines() -> bytes:
    s = Sheet()
    s.center(60, "成都市劳动合同备案登记表", 16)
    y = 110
    for t in ["用人单位：四川蜀信会计师事务所有限公司", "统一社会信用代码：91510100MA61R2XK3P",
              f"职工姓名：{LI[0]}\u3000\u3000证件号码：{LI[2].lower()}",
              "合同期限：2021年7月1日至2024年6月30日", "签订日期：2021年6月25日",
              "备案日期：2021年7月2日"]:
        s.text(60, y, t, 11)
        y += 28
    s.text(330, y + 40, "经办人：王明", 10)
    return s.pdf()


@doc("contract_filing_roster_values_below", "contract_filing", {
    "employer": UNIT_B, "employee_name": OUYANG[0], "employee_id_number": OUYANG[2],
    "start_date": "2020-07-01", "end_date": None, "open_ended": True, "sign_date": "2020-06-20"},
    note="备案表 printed as a roster: labels in a header row, values in the row below; 无固定期限; 20200701")
def _cf_roster() -> bytes:
    s = Sheet()
    s.center(60, "劳动合同备案表", 16)
    s.text(40, 95, f"用人单位名称：{UNIT_B}", 10)
    s.text(360, 95, "备案日期：2020年07月03日", 10)
    s.grid(40, 120, [70, 130, 80, 70, 70, 90], [
        ["劳动者姓名", "身份证号码", "合同类型", "起始日期", "终止日期", "签订日期"],
        [OUYANG[0], OUYANG[2], "无固定期限", "20200701", "—", "20200620"],
    ], height=26, size=9, centre=True)
    return s.pdf()


@doc("labor_contract_three_pages", "labor_contract", {
    "employer": UNIT_A, "employee_name": YANG[0], "employee_id_number": YANG[2], "start_date": "2022-07-01",
    "end_date": "2025-06-30", "open_ended": False, "sign_date": "2022-06-28"},
    note="劳动合同书 over three pages: cover, parties and 第一条 合同期限 in prose, signatures with 签订日期")
def _lc_three() -> bytes:
    s = Sheet()
    s.center(200, "劳 动 合 同 书", 26)
    s.text(150, 400, f"甲方（用人单位）：{UNIT_A}", 13)
    s.text(150, 440, f"乙方（劳动者）：{YANG[0]}", 13)
    s.text(200, 700, "昆明市人力资源和社会保障局监制", 11)
    s.new_page()
    y = 70
    for t in [f"甲方（用人单位）名称：{UNIT_A}", "法定代表人：周建国", "注册地址：昆明市盘龙区白塔路99号",
              f"乙方（劳动者）姓名：{YANG[0]}", "性别：女", f"居民身份证号码：{YANG[2]}",
              "根据《中华人民共和国劳动合同法》等法律法规，甲乙双方经平等自愿、协商一致签订本合同。",
              "第一条 合同期限", "本合同为固定期限劳动合同，自2022年7月1日起至2025年6月30日止，其中试用期",
              "自2022年7月1日起至2022年9月30日止。", "第二条 工作内容和工作地点",
              "乙方同意根据甲方工作需要，担任软件开发岗位工作。", "第三条 劳动报酬",
              "乙方月工资为5000元。"]:
        s.text(60, y, t, 10.5)
        y += 24
    s.new_page()
    s.text(60, 80, "第十条 本合同一式两份，甲乙双方各执一份。", 10.5)
    s.text(60, 160, "甲方（盖章）：", 11)
    s.text(330, 160, "乙方（签字）：", 11)
    s.text(60, 200, "法定代表人或委托代理人（签字）：", 11)
    s.text(60, 260, "签订日期：2022年6月28日", 11)
    return s.pdf()


@doc("labor_contract_open_ended_prose", "labor_contract", {
    "employer": UNIT_B, "employee_name": OUYANG[0], "employee_id_number": OUYANG[2], "start_date": "2019-03-01",
    "end_date": None, "open_ended": True, "sign_date": "2019-02-26"},
    note="无固定期限劳动合同 whose term is one sentence; 甲方：/乙方： without brackets")
def _lc_open() -> bytes:
    s = Sheet()
    s.center(60, "无固定期限劳动合同", 18)
    y = 110
    for t in [f"甲方：{UNIT_B}", f"乙方：{OUYANG[0]}", f"身份证号码：{OUYANG[2]}",
              "一、合同期限", "本合同为无固定期限劳动合同，自2019年3月1日起履行。",
              "二、工作内容", "乙方在甲方工程管理部从事施工管理工作。",
              "三、劳动报酬", "乙方月工资按甲方薪酬制度确定。"]:
        s.text(60, y, t, 11)
        y += 26
    s.text(60, y + 40, "甲方（盖章）：", 11)
    s.text(330, y + 40, "乙方（签字）：", 11)
    s.text(60, y + 80, "签订日期：2019年2月26日", 11)
    return s.pdf()


# =========================================================================== 附件4 公示表


@doc("publicity_grid_ticks_end_without_year", "publicity_form", {
    "name": YANG[0], "unit": UNIT_A, "pledge_date": "2024-08-20", "publicity_start": "2024-08-22",
    "publicity_end": "2024-08-28", "unit_opinion_date": "2024-09-02", "unit_type": "非公经济组织"},
    note="附件4 grid with 姓 名 spaced, 公示时间 2024年8月22日至8月28日, ticked 单位性质")
def _pf_grid() -> bytes:
    s = Sheet()
    s.center(45, "昆明市专业技术人员职称考核认定公示表", 15)
    w = [80, 110, 70, 80, 70, 105]
    y = s.grid(40, 80, w, [
        ["姓  名", YANG[0], "性  别", "女", "出生年月", "1995.04"],
        ["工作单位（全称）", (UNIT_A, 3), "学  历", "本科"],
        ["单位性质", ("□事业单位 □国有企业 ☑非公经济组织 □社会组织", 5)],
        ["申报系列", "工程技术", "申报专业", "软件工程", "申报级别", "助理级"],
    ], height=26, size=9.5)
    y = s.grid(40, y, w, [[("主要工作\n业绩", 1, 4), ("", 5, 4)]], height=26, size=9.5)
    s.text(130, y - 90, "负责公司管理系统的开发与维护……", 9.5)
    # 本人承诺
    s.grid(40, y, w, [[("本人承诺", 1, 3), ("", 5, 3)]], height=26, size=9.5)
    s.text(130, y + 8, "本人承诺所提交的申报材料真实有效，如有虚假，愿承担一切责任。", 9.5)
    s.text(300, y + 36, "承诺人（签字）：", 9.5)
    s.text(400, y + 56, "2024年8月20日", 9.5)
    y += 78
    s.grid(40, y, w, [[("公示情况", 1, 3), ("", 5, 3)]], height=26, size=9.5)
    s.text(130, y + 10, "公示时间：2024年8月22日至8月28日", 9.5)
    s.text(130, y + 34, "公示结果：无异议", 9.5)
    y += 78
    s.grid(40, y, w, [[("单位审核意见", 1, 3), ("", 5, 3)]], height=26, size=9.5)
    s.text(130, y + 8, "经审核，该同志申报材料真实，同意推荐。", 9.5)
    s.text(300, y + 34, "负责人（签字）：        （单位盖章）", 9.5)
    s.text(400, y + 56, "2024年9月2日", 9.5)
    return s.pdf()


@doc("publicity_lines_dotted_dates", "publicity_form", {
    "name": ZHAO[0], "unit": "曲靖市第一人民医院", "pledge_date": "2024-08-19", "publicity_start": "2024-08-22",
    "publicity_end": "2024-08-28", "unit_opinion_date": "2024-09-03", "unit_type": "事业单位"},
    note="label：value lines, sections 个人承诺 / 公示情况 / 单位推荐意见, 公示期 2024.08.22—2024.08.28")
def _pf_lines() -> bytes:
    s = Sheet()
    s.center(45, "专业技术人员职称评审公示表", 15)
    s.text(50, 80, f"姓名：{ZHAO[0]}\u3000\u3000性别：女\u3000\u3000出生年月：1993年9月", 10.5)
    s.text(50, 104, "工作单位：曲靖市第一人民医院", 10.5)
    s.text(50, 128, "单位性质：事业单位", 10.5)
    s.text(50, 152, "申报专业：护理\u3000\u3000申报级别：中级", 10.5)
    w = [90, 425]
    s.grid(40, 185, w, [[("个人承诺", 1, 3), ("", 1, 3)]], height=30)
    s.text(140, 195, "本人对所提交材料的真实性负责。", 10)
    s.text(300, 240, "承诺人：         2024.08.19", 10)
    s.grid(40, 275, w, [[("公示情况", 1, 3), ("", 1, 3)]], height=30)
    s.text(140, 290, "公示期：2024.08.22—2024.08.28", 10)
    s.text(140, 320, "公示期间未收到异议。", 10)
    s.grid(40, 365, w, [[("单位推荐意见", 1, 3), ("", 1, 3)]], height=30)
    s.text(140, 380, "同意推荐。", 10)
    s.text(300, 420, "（盖章）   2024.09.03", 10)
    return s.pdf()


@doc("publicity_prose_period", "publicity_form", {
    "name": LI[0], "unit": UNIT_A, "pledge_date": "2024-08-20", "publicity_start": "2024-08-22",
    "publicity_end": "2024-08-28", "unit_opinion_date": "2024-09-02", "unit_type": "非公经济组织"},
    note="公示情况 in a sentence (已于2024-08-22至2024-08-28在本单位公示), ISO dates")
def _pf_prose() -> bytes:
    s = Sheet()
    s.center(45, "职称考核认定公示表", 15)
    w = [90, 150, 90, 185]
    s.grid(40, 80, w, [
        ["姓名", LI[0], "性别", "女"],
        ["工作单位", UNIT_A, "单位性质", "非公经济组织"],
        ["申报专业", "会计", "申报级别", "助理级"],
    ], height=26)
    w2 = [90, 425]
    s.grid(40, 170, w2, [[("本人承诺", 1, 3), ("", 1, 3)]], height=30)
    s.text(140, 180, "本人郑重承诺：所提交的材料真实、准确。", 10)
    s.text(300, 230, "承诺人签字：        日期：2024-08-20", 10)
    s.grid(40, 260, w2, [[("公示情况", 1, 3), ("", 1, 3)]], height=30)
    s.text(140, 280, "该同志申报材料已于2024-08-22至2024-08-28在本单位公示，", 10)
    s.text(140, 300, "公示期间无异议。", 10)
    s.grid(40, 350, w2, [[("单位审核意见", 1, 3), ("", 1, 3)]], height=30)
    s.text(140, 365, "情况属实，同意推荐。", 10)
    s.text(300, 410, "单位（盖章）  日期：2024-09-02", 10)
    return s.pdf()


# =========================================================================== 附件5 承诺书

PLEDGE_BODY = [
    "一、本人提交的学历证书、资格证书、工作业绩等申报材料真实、准确、完整；",
    "二、本人严格遵守职称评审工作纪律，不弄虚作假；",
    "三、如有违反，本人愿意承担相应法律责任，并接受失信惩戒。",
]


@doc("pledge_credit_china_subject", "pledge", {
    "name": LI[0], "specialty_level": "会计(助理级)", "date": "2024-08-20"},
    note="信用中国 wording: 承诺主体, 申报职称, 日期：2024年8月20日")
def _pl_credit() -> bytes:
    s = Sheet()
    s.center(50, "信用中国（云南）", 12)
    s.center(80, "职称申报信用承诺书", 17)
    s.text(70, 130, f"承诺主体：{LI[0]}", 12)
    s.text(70, 155, f"统一社会信用代码/身份证号码：{LI[2]}", 12)
    s.text(70, 180, "申报职称：会计（助理级）", 12)
    y = 220
    for t in ["为维护职称评价工作的公平公正，本人郑重作出如下承诺："] + PLEDGE_BODY:
        s.text(70, y, t, 11)
        y += 26
    s.text(320, y + 60, "承诺人（签字）：", 12)
    s.text(320, y + 90, "日期：2024年8月20日", 12)
    return s.pdf()


@doc("pledge_prose_specialty", "pledge", {
    "name": OUYANG[0], "specialty_level": "工程技术(中级)", "date": "2024-08-19"},
    note="a unit's own wording: 本人XX申报…专业…级 in a sentence, then labelled 申报专业及级别 line; bare date")
def _pl_prose() -> bytes:
    s = Sheet()
    s.center(60, "专业技术职务任职资格申报承诺书", 16)
    s.text(70, 110, f"本人{OUYANG[0]}，自愿申报专业技术职称，并郑重承诺：", 11)
    y = 140
    for t in PLEDGE_BODY:
        s.text(70, y, t, 11)
        y += 26
    s.text(70, y + 20, "申报专业及级别：工程技术（中级）", 11)
    s.text(320, y + 80, f"承诺人：{OUYANG[0]}", 12)
    s.text(320, y + 105, "2024年8月19日", 12)
    return s.pdf()


@doc("pledge_specialty_and_level_apart", "pledge", {
    "name": ZHAO[0], "specialty_level": "护理(中级)", "date": "2024-08-18"},
    note="申报专业 and 申报级别 on their own lines, 承诺人签名 with the name, 签字日期 2024-08-18")
def _pl_apart() -> bytes:
    s = Sheet()
    s.center(60, "职称申报个人诚信承诺书", 16)
    s.text(70, 110, f"姓名：{ZHAO[0]}", 11)
    s.text(70, 134, "工作单位：曲靖市第一人民医院", 11)
    s.text(70, 158, "申报专业：护理", 11)
    s.text(70, 182, "申报级别：中级", 11)
    y = 220
    for t in ["本人郑重承诺："] + PLEDGE_BODY:
        s.text(70, y, t, 11)
        y += 26
    s.text(320, y + 60, f"承诺人签名：{ZHAO[0]}", 12)
    s.text(320, y + 85, "签字日期：2024-08-18", 12)
    return s.pdf()


# =========================================================================== 聘用通知书, 资格证书


@doc("employment_notice_form", "employment_notice", {
    "name": ZHAO[0], "employer": "曲靖市第一人民医院", "start_date": "2021-07-01", "end_date": "2026-06-30",
    "position": "专业技术岗位十二级"},
    note="a labelled 聘用通知书 grid, 聘用期限 2021年7月1日至2026年6月30日 in one cell")
def _en_form() -> bytes:
    s = Sheet()
    s.center(60, "事业单位聘用通知书", 17)
    s.text(400, 95, "编号：曲人社聘〔2021〕36号", 9)
    s.grid(40, 115, [90, 150, 90, 185], [
        ["姓名", ZHAO[0], "性别", "女"],
        ["身份证号码", (ZHAO[2], 3)],
        ["聘用单位", ("曲靖市第一人民医院", 3)],
        ["聘用岗位", "专业技术岗位十二级", "岗位类别", "专业技术岗位"],
        ["聘用期限", ("2021年7月1日至2026年6月30日", 3)],
    ], height=28)
    s.text(320, 300, "曲靖市人力资源和社会保障局（章）", 10)
    s.text(360, 325, "2021年6月20日", 10)
    return s.pdf()


@doc("employment_notice_letter", "employment_notice", {
    "name": YANG[0], "employer": "昆明市第三人民医院", "start_date": "2021-07-01", "end_date": "2026-06-30",
    "position": "临床护理"},
    note="a letter: XX同志：… 聘用你在…从事…工作，聘用期限为2021年7月1日至2026年6月30日")
def _en_letter() -> bytes:
    s = Sheet()
    s.center(60, "聘 用 通 知 书", 18)
    s.text(400, 95, "昆卫聘〔2021〕12号", 9)
    s.text(70, 130, f"{YANG[0]}同志：", 12)
    s.text(90, 160, "经公开招聘考核合格，研究决定，聘用你在昆明市第三人民医院从事临床护理工作，", 11)
    s.text(70, 186, "聘用期限为2021年7月1日至2026年6月30日（含试用期3个月）。请于2021年7月1日前报到。", 11)
    s.text(360, 260, "昆明市第三人民医院", 11)
    s.text(370, 285, "2021年6月15日", 11)
    return s.pdf()


@doc("qualification_teacher_spaced_title", "qualification_certificate", {
    "certificate_name": "教师资格证书", "name": ZHANG[0], "certificate_number": "20195310042000123",
    "issue_date": "2019-06-30"},
    note="教 师 资 格 证 书 spaced title; labels apart from values; 发证日期 below 发证机关")
def _qc_teacher() -> bytes:
    s = Sheet()
    s.center(70, "教 师 资 格 证 书", 20)
    x = 110
    for i, (label, value) in enumerate([("姓名", ZHANG[0]), ("性别", "男"), ("民族", "白族"),
                                        ("出生日期", "1990年03月07日"), ("身份证件号码", ZHANG[2]),
                                        ("资格种类", "高级中学教师资格"), ("任教学科", "信息技术"),
                                        ("证书号码", "20195310042000123"), ("发证机关", "昆明市教育体育局"),
                                        ("发证日期", "2019年06月30日")]):
        s.text(x, 130 + i * 26, label, 10)
        s.text(x + 100, 130 + i * 26, value, 11)
    return s.pdf()


@doc("qualification_accounting_management_number", "title_certificate", {
    "title_name": "会计专业技术资格", "name": LI[0], "certificate_number": "Z53010120100123",
    "obtained_date": "2020-10-10", "title_level": None, "issuing_body": "云南省人力资源和社会保障厅"},
    note="会计专业技术资格证书: 资格名称, 管理号, 批准日期 2020.10.10. A 以考代评 职称 (001 §一(三)), so a "
         "title_certificate, not a licence: 级别 初级 names two levels and is left to the reviewer")
def _qc_accounting() -> bytes:
    s = Sheet()
    s.center(60, "中华人民共和国", 14)
    s.center(85, "会计专业技术资格证书", 18)
    y = 130
    for t in [f"姓名：{LI[0]}", "性别：女", f"身份证号：{LI[2]}", "资格名称：会计专业技术资格",
              "级别：初级", "管理号：Z53010120100123", "批准日期：2020.10.10", "签发单位：云南省人力资源和社会保障厅"]:
        s.text(110, y, t, 11)
        y += 26
    return s.pdf()


@doc("qualification_nurse_cn_date", "qualification_certificate", {
    "certificate_name": "护士执业证书", "name": ZHAO[0], "certificate_number": "201653001234",
    "issue_date": "2016-10-10"},
    note="护士执业证书 with 证书编号 and a Chinese-numeral 发证日期")
def _qc_nurse() -> bytes:
    s = Sheet()
    s.center(60, "护士执业证书", 18)
    y = 110
    for t in [f"姓名：{ZHAO[0]}", "性别：女", "民族：汉族", f"身份证号：{ZHAO[2]}",
              "证书编号：201653001234", "执业地点：曲靖市第一人民医院", "发证机关：曲靖市卫生健康委员会",
              "发证日期：二〇一六年十月十日"]:
        s.text(110, y, t, 11)
        y += 26
    return s.pdf()


# =========================================================================== not our types


@doc("training_city_bureau_grid", "training_certificate",
     {"name": LI[0], "id_number": LI[2], "institution": "昆明市农业农村局", "course": "高原特色农业技术推广",
      "start_date": "2023-05-08", "end_date": "2023-05-19", "hours": 80, "issue_date": "2023-05-26", "subjects": None},
     note="003 §二 Q12 市级行业主管部门统一组织的业务培训: a 培训证明 as a grid, 主办单位, 培训内容, 起止日期 with dots")
def _training_bureau_grid() -> bytes:
    s = Sheet()
    s.center(60, "业务培训证明", 18)
    s.grid(40, 100, [90, 150, 90, 185], [
        ["姓名", LI[0], "性别", "女"],
        ["身份证号码", (LI[2], 3)],
        ["主办单位", ("昆明市农业农村局", 3)],
        ["培训内容", ("高原特色农业技术推广", 3)],
        ["起止日期", ("2023.05.08-2023.05.19", 3)],
        ["总学时", "80", "考核结果", "合格"],
    ], height=28)
    s.text(300, 300, "昆明市农业农村局（盖章）", 10)
    s.text(300, 322, "发证日期：2023年5月26日", 10)
    return s.pdf()


@doc("training_certificate_class_grades", "training_certificate",
     {"name": OUYANG[0], "institution": "云南师范大学", "course": "计算机应用技术",
      "subjects": ["数据结构", "计算机网络", "数据库原理", "操作系统"], "start_date": "2021-09", "end_date": "2022-06"},
     note="003 §二 Q12 专业证书班: 学员姓名, 院校名称, 专业名称, 学习时间 to the month, 课程名称 with 考试成绩")
def _training_class_grades() -> bytes:
    s = Sheet()
    s.center(56, "专业证书班结业证书", 16)
    s.text(40, 90, f"学员姓名：{OUYANG[0]}", 10)
    s.text(40, 110, "院校名称：云南师范大学", 10)
    s.text(40, 130, "专业名称：计算机应用技术", 10)
    s.text(40, 150, "学习时间：2021年09月至2022年06月", 10)
    s.grid(40, 170, [200, 120], [
        ["课程名称", "考试成绩"],
        ["数据结构", "81"],
        ["计算机网络", "77"],
        ["数据库原理", "90"],
        ["操作系统", "84"],
    ], height=24)
    return s.pdf()


@doc("salary_approval_personnel_grid", "salary_approval",
     {"name": ZHAO[0], "id_number": None, "unit": None, "position": "专业技术十二级", "start_date": "2021-07",
      "approver": None, "approval_date": None, "form": None},
     note="工资审批表 as a bare personnel grid: 现任岗位, a new entrant's 参加工作时间 to the month, no unit line")
def _salary_grid() -> bytes:
    s = Sheet()
    s.center(60, "事业单位工作人员工资审批表", 16)
    s.grid(40, 100, [90, 150, 90, 185], [
        ["姓名", ZHAO[0], "性别", "女"],
        ["出生年月", "1993.09", "民族", "汉族"],
        ["参加工作时间", "2021.07", "学历", "本科"],
        ["现任岗位", "专业技术十二级", "薪级", "8级"],
        ["审批意见", ("同意", 3)],
    ], height=28)
    return s.pdf()


@doc("salary_approval_post_change", "salary_approval",
     {"name": ZHAO[0], "id_number": ZHAO[2], "unit": "曲靖市麒麟区疾病预防控制中心", "position": "专业技术岗位十一级",
      "start_date": "2022-03", "approver": "曲靖市麒麟区人力资源和社会保障局", "approval_date": "2022-04-12",
      "form": "岗位变动"},
     note="003 §二 Q10(3) 岗位（职务）变动工资审批表: 变动后岗位, 变动时间 in Chinese numerals, 审批机关 labelled")
def _salary_post_change() -> bytes:
    s = Sheet()
    s.center(56, "事业单位工作人员岗位（职务）变动工资审批表", 15)
    s.text(40, 86, "单位名称（盖章）：曲靖市麒麟区疾病预防控制中心", 10)
    s.grid(40, 104, [90, 150, 90, 185], [
        ["姓名", ZHAO[0], "身份证号码", ZHAO[2]],
        ["变动前岗位", "管理岗位九级", "变动后岗位", "专业技术岗位十一级"],
        ["变动前薪级", "7级", "变动后薪级", "8级"],
        ["变动时间", "二〇二二年三月", "变动原因", "转岗（单位行文）"],
        ["单位意见", ("同意。", 3)],
    ], height=28)
    s.text(40, 270, "审批机关：曲靖市麒麟区人力资源和社会保障局", 10)
    s.text(40, 292, "审批日期：2022年04月12日", 10)
    return s.pdf()


@doc("other_business_licence", "other", {},
     note="营业执照 (a legal representative's work proof): no field contract of its own")
def _other_licence() -> bytes:
    s = Sheet()
    s.center(60, "营 业 执 照", 20)
    s.text(70, 110, "统一社会信用代码：91530100MA6P7Q8R9X", 10)
    y = 150
    for t in [f"名称：{UNIT_A}", "类型：有限责任公司（自然人投资或控股）", "法定代表人：周建国",
              "经营范围：软件开发；信息技术咨询服务", "注册资本：伍佰万元整", "成立日期：2015年03月18日",
              "住所：云南省昆明市盘龙区白塔路99号"]:
        s.text(70, y, t, 11)
        y += 26
    s.text(360, y + 40, "登记机关", 11)
    s.text(360, y + 65, "2020年05月06日", 11)
    return s.pdf()


# =========================================================================== wrapped prose, one-line pairs


@doc("employment_notice_letter_wrapped_date", "employment_notice", {
    "name": OUYANG[0], "employer": "昆明市盘龙区农业技术推广站", "start_date": "2020-09-01", "end_date": "2025-08-31",
    "position": "农业技术推广"},
    note="a letter whose sentence wraps inside the end date (…至2025年8 / 月31日止)")
def _en_wrapped() -> bytes:
    s = Sheet()
    s.center(60, "事业单位聘用通知书", 17)
    s.text(70, 110, f"{OUYANG[0]}同志：", 12)
    s.text(90, 140, "根据公开招聘结果，经研究，决定聘用你到昆明市盘龙区农业技术推广站工作，从事农业技术", 11)
    s.text(70, 166, "推广工作。聘用期限自2020年9月1日起至2025年8", 11)
    s.text(70, 192, "月31日止，试用期至2020年11月30日。", 11)
    s.text(360, 260, "昆明市盘龙区人力资源和社会保障局", 11)
    s.text(380, 285, "2020年8月20日", 11)
    return s.pdf()


@doc("labor_contract_term_label_wrapped", "labor_contract", {
    "employer": UNIT_C, "employee_name": ZHANG[0], "employee_id_number": ZHANG[2], "start_date": "2023-01-01",
    "end_date": "2025-12-31", "open_ended": False, "sign_date": "2022-12-28"},
    note="甲方名称/乙方姓名 labels, 合同期限：自…起至… wrapping between the dates, 签订日期 2022.12.28")
def _lc_wrapped() -> bytes:
    s = Sheet()
    s.center(60, "劳动合同书", 20)
    y = 110
    for t in [f"甲方名称：{UNIT_C}", "法定代表人：李建华", f"乙方姓名：{ZHANG[0]}", "性别：男",
              f"身份证号码：{ZHANG[2]}", "合同期限：自2023年1月1日起至", "2025年12月31日止。",
              "工作岗位：化工工艺技术员", "签订日期：2022.12.28"]:
        s.text(60, y, t, 11)
        y += 26
    return s.pdf()


@doc("pledge_signer_and_date_one_line", "pledge", {
    "name": ZHANG[0], "specialty_level": "计算机软件(助理级)", "date": "2024-08-20"},
    note="承诺人（签名）：张伟　　日期：2024.8.20 on one line; 申报专业及级别 with half-width brackets")
def _pl_one_line() -> bytes:
    s = Sheet()
    s.center(60, "职称申报承诺书", 17)
    s.text(70, 110, "申报专业及级别：计算机软件(助理级)", 11)
    y = 150
    for t in ["本人郑重承诺："] + PLEDGE_BODY:
        s.text(70, y, t, 11)
        y += 26
    s.text(250, y + 60, f"承诺人（签名）：{ZHANG[0]}\u3000\u3000日期：2024.8.20", 11)
    return s.pdf()


@doc("publicity_dash_range_unit_label_variant", "publicity_form", {
    "name": OUYANG[0], "unit": UNIT_B, "pledge_date": "2024-08-21", "publicity_start": "2024-08-23",
    "publicity_end": "2024-08-29", "unit_opinion_date": "2024-09-05", "unit_type": "国有企业"},
    note="申报单位 label, 单位类型 √ with boxes, 公示时间 2024年08月23日—2024年08月29日, section 单位意见")
def _pf_dash() -> bytes:
    s = Sheet()
    s.center(45, "专业技术人员职称申报公示表", 15)
    w = [90, 150, 90, 185]
    s.grid(40, 80, w, [
        ["申报人姓名", OUYANG[0], "性别", "男"],
        ["申报单位", UNIT_B, "单位类型", "□事业单位 √国有企业 □非公经济组织"],
        ["申报系列", "工程技术", "申报级别", "中级"],
    ], height=26, size=9.5)
    w2 = [90, 425]
    s.grid(40, 170, w2, [[("申报人承诺", 1, 3), ("", 1, 3)]], height=30)
    s.text(140, 180, "以上所填内容及提交材料真实无误。", 10)
    s.text(300, 215, "本人签字：", 10)
    s.text(380, 238, "2024年08月21日", 10)
    s.grid(40, 260, w2, [[("公示情况", 1, 3), ("", 1, 3)]], height=30)
    s.text(140, 280, "公示时间：2024年08月23日—2024年08月29日", 10)
    s.text(140, 305, "公示结果：无异议", 10)
    s.grid(40, 350, w2, [[("单位意见", 1, 3), ("", 1, 3)]], height=30)
    s.text(140, 365, "同意推荐。", 10)
    s.text(300, 395, "单位盖章", 10)
    s.text(380, 418, "2024年09月05日", 10)
    return s.pdf()


@doc("id_front_grouped_number", "id_card_front", {
    "name": OUYANG[0], "gender": "男", "ethnicity": "汉", "birth_date": "1992-01-18",
    "address": "云南省昆明市官渡区关上街道民航路3号", "id_number": OUYANG[2]},
    note="label and value on one line with spaces, ID number printed in groups (530111 19920118 3511)")
def _id_front_grouped() -> bytes:
    s = Sheet()
    s.text(90, 100, f"姓名 {OUYANG[0]}", 11)
    s.text(90, 125, "性别 男   民族 汉", 11)
    s.text(90, 150, "出生 1992 年 1 月 18 日", 11)
    s.text(90, 175, "住址 云南省昆明市官渡区关上街道民航路3号", 11)
    n = OUYANG[2]
    s.text(90, 215, f"公民身份号码 {n[:6]} {n[6:14]} {n[14:]}", 12)
    return s.pdf()


@doc("contract_filing_dotted_range", "contract_filing", {
    "employer": UNIT_A, "employee_name": YANG[0], "employee_id_number": YANG[2], "start_date": "2022-07-01",
    "end_date": "2025-06-30", "open_ended": False, "sign_date": "2022-06-30"},
    note="昆明 filing: 甲方名称 / 乙方姓名 / 乙方身份证号码 cells, 合同期限 2022.07.01-2025.06.30, 签约日期")
def _cf_dotted() -> bytes:
    s = Sheet()
    s.center(60, "昆明市劳动合同备案表", 16)
    s.grid(40, 100, [95, 160, 95, 165], [
        ["甲方名称", UNIT_A, "统一社会信用代码", "91530100MA6P7Q8R9X"],
        ["乙方姓名", YANG[0], "乙方身份证号码", YANG[2].lower()],
        ["合同期限", ("2022.07.01-2025.06.30", 3)],
        ["签约日期", "2022.06.30", "备案日期", "2022.07.04"],
    ], height=28, size=9.5)
    return s.pdf()


@doc("publicity_end_day_only_cn_dates", "publicity_form", {
    "name": ZHANG[0], "unit": UNIT_C, "pledge_date": "2024-08-20", "publicity_start": "2024-08-22",
    "publicity_end": "2024-08-28", "unit_opinion_date": "2024-09-02", "unit_type": "非公经济组织"},
    note="公示时间 2024年8月22日至28日 (end day only), signing dates in Chinese numerals (二〇二四年九月二日)")
def _pf_day_only() -> bytes:
    s = Sheet()
    s.center(45, "职称考核认定公示表", 15)
    w = [90, 150, 90, 185]
    s.grid(40, 80, w, [
        ["姓名", ZHANG[0], "性别", "男"],
        ["工作单位", UNIT_C, "单位性质", "非公经济组织"],
    ], height=26)
    w2 = [90, 425]
    s.grid(40, 150, w2, [[("本人承诺", 1, 3), ("", 1, 3)]], height=30)
    s.text(140, 160, "本人所填写内容及提供的材料真实有效。", 10)
    s.text(300, 190, "承诺人（签字）：", 10)
    s.text(380, 215, "二〇二四年八月二十日", 10)
    s.grid(40, 240, w2, [[("公示情况", 1, 3), ("", 1, 3)]], height=30)
    s.text(140, 260, "公示时间：2024年8月22日至28日", 10)
    s.text(140, 285, "公示结果：无异议", 10)
    s.grid(40, 330, w2, [[("单位审核意见", 1, 3), ("", 1, 3)]], height=30)
    s.text(140, 345, "同意推荐。", 10)
    s.text(300, 375, "（单位盖章）", 10)
    s.text(380, 398, "二〇二四年九月二日", 10)
    return s.pdf()


@doc("pledge_cn_numeral_date", "pledge", {
    "name": YANG[0], "specialty_level": "软件工程(助理级)", "date": "2024-08-20"},
    note="信用中国 wording with 承诺人 and a date in Chinese numerals under it")
def _pl_cn_date() -> bytes:
    s = Sheet()
    s.center(80, "职称申报承诺书", 17)
    s.text(70, 130, f"承诺人：{YANG[0]}", 12)
    s.text(70, 155, "申报专业及级别：软件工程（助理级）", 12)
    y = 200
    for t in PLEDGE_BODY:
        s.text(70, y, t, 11)
        y += 26
    s.text(320, y + 60, "承诺人（签字）：", 12)
    s.text(340, y + 90, "二〇二四年八月二十日", 12)
    return s.pdf()


# 001 §五(四): where the 学信网 report cannot be had, the unit's 学历证明 or a foreign degree's 认证书.

@doc("education_unit_proof_letter_about", "education_unit_proof", {
    "name": OUYANG[0], "id_number": OUYANG[2], "school": "云南省机械工业学校", "major": "数控加工",
    "level": "中级工班", "graduation_date": "1998-07", "unit": "昆明重工机械有限公司", "signer": "孙建华",
    "date": "2024-08-19"},
    note="关于…同志学历情况的证明: an official letter, a 技工院校 class, signed for the 人力资源部")
def _eup_about() -> bytes:
    s = Sheet()
    s.center(70, "关于欧阳志远同志学历情况的证明", 16)
    s.text(70, 120, "盘龙区人力资源和社会保障局：", 12)
    s.text(90, 150, f"我公司职工欧阳志远，身份证号码{OUYANG[2]}，1995年9月入读", 11)
    s.text(70, 176, "云南省机械工业学校数控加工专业中级工班，1998年7月毕业。经我公司人力资源部查阅本人", 11)
    s.text(70, 202, "人事档案，上述学历情况属实，其毕业证书无法在学信网查询。", 11)
    s.text(90, 228, "特此证明。", 11)
    s.text(300, 300, "人力资源部负责人：孙建华", 11)
    s.text(300, 330, "昆明重工机械有限公司（公章）", 11)
    s.text(330, 360, "2024年8月19日", 11)
    return s.pdf()


@doc("education_unit_proof_grid", "education_unit_proof", {
    "name": ZHAO[0], "id_number": ZHAO[2], "school": "云南师范大学", "major": "汉语言文学", "level": "大学本科",
    "graduation_date": "1999-07-01", "unit": "曲靖市麒麟区第一中学", "signer": "陈立", "date": "2024-09-02"},
    note="学历(学位)证明: a grid, 文化程度 as its 学历 label, 出具单位 printed in its own cell")
def _eup_grid() -> bytes:
    s = Sheet()
    s.center(60, "学历（学位）证明", 17)
    s.grid(40, 100, [100, 160, 80, 175], [
        ["姓名", ZHAO[0], "性别", "女"],
        ["公民身份号码", (ZHAO[2], 3)],
        ["毕业学校", ("云南师范大学", 3)],
        ["专业", "汉语言文学", "文化程度", "大学本科"],
        ["毕业日期", ("1999年07月01日", 3)],
        ["出具单位", ("曲靖市麒麟区第一中学", 3)],
        ["审查意见", ("经审查本人人事档案，所填学历属实。", 3)],
        ["人事负责人", "陈立", "出具日期", "2024年9月2日"],
    ], height=28)
    return s.pdf()


@doc("foreign_degree_statement_hk", "foreign_degree_certification", {
    "name": YANG[0], "certificate_number": "教留服认港[2020]000871号", "school": "香港大学", "country": "中国香港",
    "degree": "文学硕士学位", "major": "翻译", "award_date": "2019-11", "issue_date": "2020-01-06"},
    note="境外: a Hong Kong degree, 【】 brackets, the statement wrapped over lines")
def _fdc_hk() -> bytes:
    s = Sheet()
    s.center(60, "教育部留学服务中心", 12)
    s.center(85, "国（境）外学历学位认证书", 18)
    s.text(340, 120, "教留服认港【2020】000871号", 10)
    s.text(90, 160, f"{YANG[0]}，女，1995年4月12日出生，于2018年9月至2019年10月在中国香港香港大学学", 11)
    s.text(70, 186, "习，于2019年11月获得该校授予的文学硕士学位，专业为翻译。", 11)
    s.text(90, 212, "认证意见：该学位证书真实有效。", 11)
    s.text(340, 290, "教育部留学服务中心", 11)
    s.text(350, 316, "2020年1月6日", 11)
    return s.pdf()


# 001 §三(一)2, §五(五)2(3): a dispatched applicant's 劳务派遣协议 (first page: the parties, the work, the term).

@doc("dispatch_agreement_user_first", "dispatch_agreement", {
    "dispatch_unit": "昆明人力资源开发有限公司", "user_unit": "云南翠湖环保科技有限公司", "name": ZHAO[0],
    "id_number": ZHAO[2], "start_date": "2024-01-01", "end_date": "2026-12-31", "position": "环境监测技术员",
    "sign_date": "2023-12-20"},
    note="the user unit as 甲方, the dispatch company as 乙方, the term as A—B in dotted dates, a grid of the worker")
def _dispatch_user_first() -> bytes:
    s = Sheet()
    s.center(60, "劳务派遣协议书", 18)
    s.text(70, 110, "甲方（用工单位）：云南翠湖环保科技有限公司", 12)
    s.text(70, 136, "乙方（劳务派遣单位）：昆明人力资源开发有限公司", 12)
    s.text(70, 170, "经双方协商一致，乙方向甲方派遣下列人员，甲方按约定使用被派遣劳动者。", 11)
    s.grid(60, 200, [120, 355], [
        ["被派遣劳动者姓名", ZHAO[0]],
        ["身份证号码", ZHAO[2]],
        ["工作岗位", "环境监测技术员"],
        ["派遣期限", "2024.01.01—2026.12.31"],
    ], height=28)
    s.text(70, 340, "签订日期：2023年12月20日", 12)
    return s.pdf()


# 001 §三(一)2, §五(五)2(5), 附件2: the 总公司's 推荐报告 of a branch in 盘龙区 (001 prints only its title).

@doc("branch_recommendation_grid", "branch_recommendation", {
    "issuer": "四川华西集团有限公司", "unit": "四川华西集团有限公司昆明分公司", "names": f"{ZHANG[0]}、{OUYANG[0]}",
    "date": "2024-08-16"},
    note="关于推荐……的报告 as the title, the recommended people in a grid, the date in dotted digits")
def _branch_recommendation_grid() -> bytes:
    s = Sheet()
    s.center(60, "关于推荐昆明分公司职工参加初级职称考核认定的报告", 15)
    s.text(70, 110, "昆明市盘龙区人力资源和社会保障局：", 12)
    s.text(70, 140, "我公司为具有企业法人资格的上级单位，现对下属分公司申报人员推荐如下：", 11)
    s.grid(60, 170, [120, 355], [
        ["推荐单位", "四川华西集团有限公司"],
        ["被推荐单位", "四川华西集团有限公司昆明分公司"],
        ["推荐人员", f"{ZHANG[0]}、{OUYANG[0]}"],
        ["推荐日期", "2024.08.16"],
    ], height=28)
    return s.pdf()


# 004 §二, 附件2: the 委托函 of a 中央在平 unit's people.

@doc("review_delegation_letter", "review_delegation", {
    "issuer": "中国电信集团有限公司", "unit": "中国电信股份有限公司平凉分公司", "names": LI[0], "series": "工程",
    "specialty": "信息通信", "level": "副高级", "date": "2022-09-08"},
    note="关于委托代评职称的函, one person with 同志, the date in digits under the signer")
def _review_delegation_letter() -> bytes:
    s = Sheet()
    s.center(60, "关于委托代评职称的函", 16)
    s.text(70, 110, "甘肃省人力资源和社会保障厅：", 12)
    s.text(70, 140, "我单位为中央在甘单位。中国电信股份有限公司平凉分公司为我单位下属单位。", 11)
    s.text(70, 166, "现委托甘肃省工程系列信息通信专业副高级职称评审委员会对中国电信股份有限公司平凉分公司", 11)
    s.text(70, 192, f"{LI[0]}同志代评职称。", 11)
    s.text(330, 260, "中国电信集团有限公司", 12)
    s.text(350, 286, "2022年9月8日", 12)
    return s.pdf()


# 004 附件1 §四: the 查重报告 of a paper 中国知网 does not hold (branch papers).

@doc("plagiarism_report_grid", "plagiarism_report", {
    "title": "黄土地区高填方路基沉降控制研究", "author": LI[0], "similarity": "7.8", "check_date": "2022-08-30"},
    note="论文查重报告 as a grid (论文题目 / 作者 / 重复率 / 检测日期) with 〔单篇最大重复率〕 beside the total")
def _plagiarism_report_grid() -> bytes:
    s = Sheet()
    s.center(60, "论文查重检测报告", 16)
    s.grid(60, 110, [120, 355], [
        ["论文题目", "黄土地区高填方路基沉降控制研究"],
        ["作者", LI[0]],
        ["检测系统", "中国知网学术不端文献检测系统"],
        ["单篇最大重复率", "3.2%"],
        ["总重复率", "7.80%"],
        ["检测日期", "2022年8月30日"],
    ], height=28)
    s.text(330, 320, "平凉市公路工程有限公司（盖章）", 11)
    return s.pdf()
