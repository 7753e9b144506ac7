"""Issue 12: pension certificates and 学信网 reports in layouts the readers were not developed on.

Every document is drawn here, from how the real prints look, in Noto Serif SC / Noto Sans SC (PyPI
`pylopdf-fonts-zh-cn`): a 个人权益记录 whose payments come as periods, a year-by-month grid, a
12333 print over two pages without rules, newest first, its header repeated; a 学历在线验证报告
with labels set small above their values and the code in four boxes, a 学位 report whose values sit
under their labels. Each is read twice: from its text layer (as a born-digital PDF is), and, with
the real OCR engine (`-m ocr`), from a picture of it drawn with Pillow.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from preaudit.extractors.base import extractor_for
from preaudit.extractors.xuexin_record import checked, code_of, date_of, snap
from preaudit.pipeline.intake.classify import group_pages
from preaudit.pipeline.model import DocType, Page
from tests.helpers import line, page

A4 = (595.0, 842.0)
UNIT = "昆明滇池智造科技有限公司"
OLD_UNIT = "曲靖珠江源建材有限公司"
ID = "530102199003071238"


def _font(kind: str) -> str | None:
    try:
        import pylopdf_fonts_zh_cn as pkg
    except ImportError:
        return None
    path = Path(pkg.serif_path() if kind == "serif" else pkg.sans_path())
    return str(path) if path.is_file() else None


needs_fonts = pytest.mark.skipif(_font("serif") is None or _font("sans") is None, reason="pylopdf-fonts-zh-cn not installed")


@dataclass
class Drawing:
    """Text placed on A4 pages: (x, y of the baseline, text, size, face) in points."""

    pages: list[list[tuple[float, float, str, float, str]]] = field(default_factory=lambda: [[]])
    size: tuple[float, float] = A4

    def text(self, x: float, y: float, text: str, size: float = 10, face: str = "serif") -> None:
        self.pages[-1].append((x, y, text, size, face))

    def row(self, y: float, cells: list[tuple[float, str]], size: float = 9, face: str = "serif") -> None:
        for x, t in cells:
            if t:
                self.text(x, y, t, size, face)

    def new_page(self) -> None:
        self.pages.append([])

    def text_pages(self, name: str) -> list[Page]:
        """The pages as preaudit.pipeline.intake.render reads a born-digital PDF: its text layer."""
        import pymupdf

        from preaudit.pipeline.intake.render import text_layer_lines

        doc = pymupdf.open()
        for items in self.pages:
            pg = doc.new_page(width=self.size[0], height=self.size[1])
            for face in ("serif", "sans"):
                pg.insert_font(fontname=face, fontfile=_font(face))
            for x, y, t, size, face in items:
                pg.insert_text((x, y), t, fontname=face, fontsize=size)
        pages = [Page(file=f"{name}.pdf", file_sha256="0" * 64, number=i + 1, width=round(p.rect.width),
                      height=round(p.rect.height), source="pdf_text", lines=text_layer_lines(p)) for i, p in enumerate(doc)]
        doc.close()
        return pages

    def images(self, dpi: int = 170) -> list[Any]:
        """The pages as pictures (a flatbed scan of the print), drawn with Pillow."""
        import numpy as np
        from PIL import Image, ImageDraw, ImageFont

        k = dpi / 72
        out = []
        for items in self.pages:
            img = Image.new("RGB", (round(self.size[0] * k), round(self.size[1] * k)), "white")
            draw = ImageDraw.Draw(img)
            for x, y, t, size, face in items:
                font = ImageFont.truetype(_font(face), round(size * k))
                draw.text((x * k, y * k), t, font=font, fill=(20, 20, 20), anchor="ls")
            out.append(np.asarray(img)[:, :, ::-1].copy())
        return out


def read_text_layer(d: Drawing, name: str) -> tuple[list[str], dict[str, Any]]:
    groups = group_pages(d.text_pages(name))
    types = [g.doc_type.value for g in groups]
    fn = extractor_for(groups[0].doc_type)
    assert fn is not None, types
    return types, {k: v.value for k, v in fn(groups[0].pages).items()}


def months(first: str, last: str, employer: str = UNIT, region: str = "昆明市", base: float = 4200.0,
           unpaid: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    y, m = int(first[:4]), int(first[5:])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        key = f"{y:04d}-{m:02d}"
        out.append({"month": key, "employer": employer, "region": region, "base": base,
                    "status": "unpaid" if key in unpaid else "paid"})
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# --------------------------------------------------------------------------- the documents


def quanyi_periods() -> tuple[Drawing, dict[str, Any]]:
    """个人权益记录: label：value header lines, payments as periods in one 起止年月 cell, a 0-month
    欠费 period, amounts no rule reads, 出具日期 at the foot."""
    d = Drawing()
    d.text(150, 60, "企业职工基本养老保险个人权益记录", 15, "sans")
    d.text(50, 95, "参保人：欧阳志远", 10)
    d.text(250, 95, f"社会保障号码：{ID}", 10)
    d.text(50, 115, f"现参保单位：{UNIT}", 10)
    d.text(380, 115, "参保所在地：云南省昆明市", 10)
    xs = [45, 70, 160, 188, 240, 290, 338, 478]
    d.row(150, list(zip(xs, ["序号", "起止年月", "月数", "缴费基数", "单位缴费", "个人缴费", "缴费单位", "参保地"])), 9, "sans")
    d.text(530, 150, "状态", 9, "sans")
    periods = [("2023.06-2023.12", "7", "3600.00", "576.00", "288.00", OLD_UNIT, "曲靖市", "正常"),
               ("2024.01-2024.04", "4", "4200.00", "672.00", "336.00", UNIT, "昆明市", "正常"),
               ("2024.05-2024.05", "0", "4200.00", "0.00", "0.00", UNIT, "昆明市", "欠费"),
               ("2024.06-2024.08", "3", "4200.00", "672.00", "336.00", UNIT, "昆明市", "正常")]
    for i, p in enumerate(periods):
        y = 172 + 20 * i
        d.row(y, list(zip(xs, [str(i + 1), *p[:-1]])), 8.5)
        d.text(530, y, p[-1], 8.5)
    d.text(50, 270, "说明：状态为“欠费”的期间未足额缴纳。", 9)
    d.text(360, 320, "出具日期：2024年8月5日", 10)
    want = (months("2023-06", "2023-12", OLD_UNIT, "曲靖市", 3600.0)
            + months("2024-01", "2024-08", UNIT, "昆明市", 4200.0, unpaid=("2024-05",)))
    return d, {"name": "欧阳志远", "id_number": ID, "employer": UNIT, "region": "昆明市", "print_date": "2024-08-05",
               "months": want}


def year_grid() -> tuple[Drawing, dict[str, Any]]:
    """A year-by-month grid on landscape paper: a month's cell holds its base, 欠 for an unpaid
    month, nothing before the insurance began."""
    d = Drawing(size=(842.0, 595.0))
    d.text(240, 40, "职工基本养老保险参保缴费证明（按年度）", 15, "sans")
    d.text(40, 70, "姓名：欧阳志远", 10)
    d.text(200, 70, f"身份证号码：{ID}", 10)
    d.text(480, 70, "统筹区：昆明市", 10)
    d.text(40, 90, f"参保单位：{UNIT}", 10)
    xs = [40, 80, 240] + [300 + 40 * k for k in range(12)] + [785]
    d.row(120, list(zip(xs, ["年份", "单位", "统筹地区"] + [f"{k}月" for k in range(1, 13)] + ["月数"])), 9, "sans")
    d.row(145, list(zip(xs, ["2023", OLD_UNIT, "曲靖市"] + [""] * 8 + ["3600"] * 4 + ["4"])), 8)
    d.row(170, list(zip(xs, ["2024", UNIT, "昆明市"] + ["4200"] * 4 + ["欠"] + ["4200"] * 3 + [""] * 4 + ["7"])), 8)
    d.text(560, 230, "打印日期：2024/08/05", 10)
    want = (months("2023-09", "2023-12", OLD_UNIT, "曲靖市", 3600.0)
            + months("2024-01", "2024-08", UNIT, "昆明市", 4200.0, unpaid=("2024-05",)))
    return d, {"name": "欧阳志远", "id_number": ID, "employer": UNIT, "region": "昆明市", "print_date": "2024-08-05",
               "months": want}


def print_12333_two_pages() -> tuple[Drawing, dict[str, Any]]:
    """A 12333 print without rules, newest first, months as 2024年08月, columns in another order
    (统筹区 before the unit), the header repeated on page 2, 打印时间 with the clock."""
    d = Drawing()
    d.text(130, 60, "云南省城镇职工基本养老保险个人参保证明", 15, "sans")
    d.text(50, 90, "打印时间：2024-08-05 10:31:22", 9)
    d.text(50, 112, "姓名：欧阳志远", 10)
    d.text(250, 112, f"公民身份号码：{ID}", 10)
    d.text(50, 132, f"参保单位：{UNIT}", 10)
    d.text(380, 132, "参保地：昆明市", 10)
    xs = [52, 88, 170, 225, 420, 500]
    header = ["序号", "缴费年月", "统筹区", "单位名称", "缴费基数", "到账情况"]
    all_months = months("2022-09", "2024-08", UNIT, "昆明市", 4200.0, unpaid=("2023-02",))
    rows = list(reversed(all_months))
    d.row(165, list(zip(xs, header)), 9, "sans")
    for i, m in enumerate(rows[:14]):
        d.row(185 + 19 * i, list(zip(xs, [str(i + 1), f"{m['month'][:4]}年{m['month'][5:]}月", m["region"], m["employer"],
                                          "4,200.00", "已到账" if m["status"] == "paid" else "未到账"])), 8.5)
    d.text(270, 810, "第1页 共2页", 8)
    d.new_page()
    d.row(60, list(zip(xs, header)), 9, "sans")
    for i, m in enumerate(rows[14:], start=14):
        d.row(80 + 19 * (i - 14), list(zip(xs, [str(i + 1), f"{m['month'][:4]}年{m['month'][5:]}月", m["region"], m["employer"],
                                                "4,200.00", "已到账" if m["status"] == "paid" else "未到账"])), 8.5)
    d.text(270, 810, "第2页 共2页", 8)
    return d, {"name": "欧阳志远", "id_number": ID, "employer": UNIT, "region": "昆明市", "print_date": "2024-08-05",
               "months": all_months}


XUEXIN = {"name": "欧阳志远", "gender": "男", "id_number": ID, "birth_date": "1990-03-07", "enrollment_date": "2008-09-01",
          "graduation_date": "2012-07-01", "school": "云南财经大学", "major": "会计学", "duration": "4年", "level": "本科",
          "education_type": "普通高等教育", "study_mode": "普通全日制", "certificate_number": "106891201205001234",
          "verification_code": "K7P2M9X4Q8W3R6T1", "valid_until": "2025-03-01", "update_date": "2024-08-01"}


def record_labels_above() -> tuple[Drawing, dict[str, Any]]:
    """学历在线验证报告 with every label set small above its value, three columns, the code in four
    boxes under its label, 在线验证有效期 without 至."""
    d = Drawing()
    d.text(200, 60, "学历在线验证报告", 18, "sans")
    d.text(230, 85, "更新日期：2024年08月01日", 9)
    items = [("姓名", "欧阳志远"), ("性别", "男"), ("出生日期", "1990年03月07日"), ("证件号码", ID), ("入学日期", "2008年09月01日"),
             ("毕(结)业日期", "2012年07月01日"), ("学校名称", "云南财经大学"), ("专业", "会计学"), ("学制", "4年"),
             ("层次", "本科"), ("学历类别", "普通高等教育"), ("学习形式", "普通全日制"), ("毕(结)业", "毕业"),
             ("证书编号", "106891201205001234"), ("校(院)长姓名", "伏润民")]
    for k, (label, value) in enumerate(items):
        x, y = 60 + 170 * (k % 3), 120 + 44 * (k // 3)
        d.text(x, y, label, 7.5, "sans")
        d.text(x, y + 16, value, 11)
    d.text(60, 360, "在线验证码", 8, "sans")
    for g, group in enumerate(["K7P2", "M9X4", "Q8W3", "R6T1"]):
        d.text(60 + 62 * g, 382, group, 15, "sans")
    d.text(60, 410, "在线验证有效期：2025年03月01日", 10)
    return d, XUEXIN


def degree_values_below() -> tuple[Drawing, dict[str, Any]]:
    d = Drawing()
    d.text(150, 60, "中国高等教育学位在线验证报告", 16, "sans")
    items = [("姓名", "欧阳志远"), ("证件号码", ID), ("学位授予单位", "云南财经大学"), ("所授学位", "管理学学士学位"),
             ("获学位专业", "会计学"), ("授予日期", "2012年06月30日"), ("学位证书编号", "1068942012001234")]
    for k, (label, value) in enumerate(items):
        x, y = 60 + 250 * (k % 2), 110 + 46 * (k // 2)
        d.text(x, y, label, 8, "sans")
        d.text(x, y + 17, value, 11)
    d.text(60, 320, "在线验证码", 9, "sans")
    d.text(60, 342, "H3J5 K7L9 M2N4 P6Q8", 14, "sans")
    d.text(60, 370, "报告有效期至 2025年02月28日", 10)
    want = {"name": "欧阳志远", "id_number": ID, "degree": "管理学学士学位", "school": "云南财经大学", "major": "会计学",
            "award_date": "2012-06-30", "certificate_number": "1068942012001234", "verification_code": "H3J5K7L9M2N4P6Q8",
            "valid_until": "2025-02-28"}
    return d, want


DOCUMENTS = {
    "quanyi_periods": ("pension_certificate", quanyi_periods),
    "year_grid": ("pension_certificate", year_grid),
    "print_12333_two_pages": ("pension_certificate", print_12333_two_pages),
    "record_labels_above": ("xuexin_record", record_labels_above),
    "degree_values_below": ("xuexin_degree", degree_values_below),
}


def _differences(got: dict[str, Any], want: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in want.items():
        g = got.get(k)
        if k == "months" and isinstance(g, list):
            wm, gm = {r["month"]: r for r in v}, {r["month"]: r for r in g}
            bad = {m: (wm.get(m), gm.get(m)) for m in sorted(set(wm) | set(gm)) if wm.get(m) != gm.get(m)}
            if bad:
                out[k] = bad
        elif g != v:
            out[k] = (v, g)
    return out


@needs_fonts
@pytest.mark.parametrize("key", list(DOCUMENTS))
def test_text_layer(key: str) -> None:
    doc_type, draw = DOCUMENTS[key]
    d, want = draw()
    types, got = read_text_layer(d, key)
    assert types == [doc_type]
    assert not _differences(got, want)


@pytest.mark.ocr
@needs_fonts
@pytest.mark.parametrize("key", ["quanyi_periods", "print_12333_two_pages", "record_labels_above"])
def test_scanned(key: str, ocr_cache, tmp_path: Path) -> None:
    import cv2

    from preaudit.pipeline.model import SourceFile
    from preaudit.pipeline.run import read_file

    doc_type, draw = DOCUMENTS[key]
    d, want = draw()
    found: dict[str, Any] = {}
    for k, img in enumerate(d.images()):
        path = tmp_path / f"{key}_{k}.png"
        cv2.imwrite(str(path), img)
        data = path.read_bytes()
        sf = SourceFile(path=path.name, abs_path=str(path), sha256=hashlib.sha256(data).hexdigest(), size=len(data), kind="image")
        docs = [x for x in read_file(sf, ocr_cache).documents if x.doc_type.value == doc_type]
        for doc in docs:
            for name, fv in doc.fields.items():
                if name == "months":
                    found.setdefault("months", []).extend(fv.value or [])
                elif fv.value is not None and found.get(name) is None:
                    found[name] = fv.value
    if "months" in found:
        found["months"] = sorted(found["months"], key=lambda r: r["month"])
    assert not _differences(found, want)


# --------------------------------------------------------------------------- 学信网 values checked


def test_values_snap_to_their_vocabulary_and_dates_read_through_lookalikes():
    assert snap("普通高等教肓", ["普通高等教育", "成人高等教育"]) == "普通高等教育"
    assert snap("普通全日剌", ["普通全日制", "全日制", "非全日制"]) == "普通全日制"
    assert snap("本科|", ["本科", "专科"]) == "本科"
    assert snap("计算机科学", ["本科", "专科"]) is None
    assert date_of("2O12年07月0l日") == "2012-07-01"
    assert date_of("2012年02月30日") is None
    assert code_of("K7P2 M9X4 Q8W3 R6T1", "[A-Z0-9]{16}") == "K7P2M9X4Q8W3R6T1"
    assert code_of("K7P2M9X4Q8W3R6", "[A-Z0-9]{16}") is None  # a group lost


def _record(lines: list) -> dict[str, Any]:
    fn = extractor_for(DocType.XUEXIN_RECORD)
    assert fn is not None
    f = fn([page(lines, width=1654, height=2339)])
    return {k: (v.value, v.confidence) for k, v in f.items()}


def _grid_lines(cells: list[tuple[str, str, str, str]], top: float = 0.15) -> list:
    out = [line("教育部学历证书电子注册备案表", 0.29, 0.07, 0.71, 0.1)]
    for i, row in enumerate(cells):
        y = top + 0.035 * i
        for text, x in zip(row, (0.10, 0.25, 0.50, 0.68)):
            if text:
                out.append(line(text, x, y, x + 0.012 * max(2, len(text)), y + 0.016, conf=0.97))
    return out


def test_ocr_misreads_in_a_record_are_repaired_or_flagged():
    lines = _grid_lines([("姓名", "欧阳志远", "性别", "男"), ("证件号码", ID, "出生日期", "1990年03月07日"),
                         ("入学日期", "2008年O9月01日", "毕(结)业日期", "2012年07月0l日"),
                         ("学校名称", "云南财经大学", "专业", "会计学"), ("学制", "4年", "层次", "本科"),
                         ("学历类别", "普通高等教肓", "学习形式", "普通全日剌"),
                         ("证书编号", "10689120120500123", "", "")])
    lines += [line("在线验证码", 0.1, 0.45, 0.2, 0.465)] + [line(g, 0.1 + 0.08 * k, 0.47, 0.17 + 0.08 * k, 0.49, conf=0.95)
                                                         for k, g in enumerate(["K7P2", "M9X4", "Q8W3", "R6T1"])]
    lines += [line("在线验证有效期：2025年03月01日", 0.1, 0.51, 0.4, 0.525)]
    f = _record(lines)
    assert f["enrollment_date"][0] == "2008-09-01" and f["graduation_date"][0] == "2012-07-01"
    assert f["education_type"][0] == "普通高等教育" and f["study_mode"][0] == "普通全日制"
    assert f["certificate_number"][0] == "10689120120500123"  # 17 digits: an older number's shape
    assert f["verification_code"][0] == "K7P2M9X4Q8W3R6T1"
    assert f["valid_until"][0] == "2025-03-01"


def test_a_reading_that_fits_nothing_is_kept_less_surely():
    lines = _grid_lines([("姓名", "欧阳志远", "性别", "男"), ("层次", "本斗专", "学历类别", "普通高等教育"),
                         ("证书编号", "1068912012A5001234", "", "")])
    f = _record(lines)
    assert f["level"][0] == "本斗专" and f["level"][1] < 0.9
    assert f["certificate_number"][1] < 0.9 if f["certificate_number"][0] else True


def test_a_label_is_never_a_value_and_the_next_candidate_is_taken():
    # 学校名称's right neighbour is the next label; its value is on the line below
    lines = [line("学历在线验证报告", 0.3, 0.05, 0.7, 0.08),
             line("学校名称", 0.1, 0.2, 0.18, 0.215), line("层次", 0.5, 0.2, 0.55, 0.215),
             line("云南财经大学", 0.1, 0.225, 0.25, 0.24), line("本科", 0.5, 0.225, 0.55, 0.24)]
    f = _record(lines)
    assert f["school"][0] == "云南财经大学" and f["level"][0] == "本科"


def test_the_code_of_a_browser_print_without_its_label():
    lines = [line("学历在线验证报告", 0.3, 0.05, 0.7, 0.08), line("姓名：欧阳志远", 0.1, 0.12, 0.3, 0.135),
             line("https://www.chsi.com.cn/xlcx/bg.do?vcode=K7P2M9X4Q8W3R6T1&srcid=bgcx", 0.05, 0.97, 0.6, 0.98)]
    assert _record(lines)["verification_code"][0] == "K7P2M9X4Q8W3R6T1"


def test_checked_keeps_a_fitting_reading_untouched():
    from preaudit.extractors.base import FieldReader
    from preaudit.pipeline.model import FieldValue

    r = FieldReader([page([line("层次：本科", 0.1, 0.1, 0.3, 0.12)])], ["层次"])
    fv = FieldValue(value="本科", confidence=0.97, raw="本科")
    cfg = {"labels": {"level": ["层次"]}, "vocab": {"level": ["本科"]}}
    from preaudit.extractors.xuexin_record import CHECKS

    assert checked(r, {"level": fv}, cfg, {"level": CHECKS["level"]})["level"] is fv
