"""A ruled 公示表 drawn for the table-rule tests: section label cells of unequal height, labels
written vertically (one character a row, returned by OCR as one tall line), the unit's signing
date low in its tall section, text close under a rule, and a red seal ring across a rule.

`draw` returns the PDF page (vector rules, a text layer) and the OCR-like lines, page-relative;
`ROWS` are the rules' heights (points) and `TABLE` the table's left and right edges.
"""

from __future__ import annotations

import cv2
import numpy as np
import pymupdf

from preaudit.pipeline.model import BBox, TextLine

W, H = 595.0, 842.0
TABLE = (50.0, 545.0)
LABEL_COL = 112.0  # right edge of the label column
# rules: under the title, 姓名 row, 工作单位 row, 本人承诺 (tall), 公示情况 (short), 单位意见 (very tall), 备注
ROWS = (80.0, 110.0, 140.0, 262.0, 322.0, 606.0, 648.0)
FS = 11.0


def _line(text: str, x0: float, y0: float, x1: float, y1: float) -> TextLine:
    return TextLine(text=text, bbox=BBox(x0=x0 / W, y0=y0 / H, x1=x1 / W, y1=y1 / H), confidence=0.98, source="ocr")


def _text(pg: pymupdf.Page, out: list[TextLine], x: float, top: float, text: str) -> None:
    """One horizontal line of text (its box as OCR gives it)."""
    pg.insert_text((x, top + FS), text, fontname="china-s", fontsize=FS)
    out.append(_line(text, x, top, x + FS * len(text) * 0.9, top + FS + 2))


def _vertical(pg: pymupdf.Page, out: list[TextLine], top: float, text: str) -> None:
    """A label written one character a row in the label column, starting at `top`."""
    x = (TABLE[0] + LABEL_COL) / 2 - FS / 2
    for i, ch in enumerate(text):
        pg.insert_text((x, top + FS + i * (FS + 4)), ch, fontname="china-s", fontsize=FS)
    out.append(_line(text, x - 1, top, x + FS + 1, top + len(text) * (FS + 4)))


def draw(ruled: bool = True, seal: bool = True) -> tuple[pymupdf.Document, list[TextLine]]:
    doc = pymupdf.open()
    pg = doc.new_page(width=W, height=H)
    lines: list[TextLine] = []
    _text(pg, lines, 170, 50, "职称考核认定公示表")
    if ruled:
        for y in ROWS:
            pg.draw_line((TABLE[0], y), (TABLE[1], y), color=(0, 0, 0), width=1)
        for x in TABLE:
            pg.draw_line((x, ROWS[0]), (x, ROWS[-1]), color=(0, 0, 0), width=1)
        pg.draw_line((LABEL_COL, ROWS[0]), (LABEL_COL, ROWS[-1]), color=(0, 0, 0), width=1)
    _text(pg, lines, 58, 89, "姓名")
    _text(pg, lines, 120, 89, "张伟")
    _text(pg, lines, 58, 119, "工作单位")
    _text(pg, lines, 120, 119, "昆明市建设工程有限公司")
    # 本人承诺: label high in its tall cell, text just under the rule
    _vertical(pg, lines, 150, "本人承诺")
    _text(pg, lines, 120, 143, "本人郑重承诺：所提交的申报材料真实有效。")
    _text(pg, lines, 330, 240, "承诺人：张伟  2024年8月20日")
    # 公示情况: a short row
    _vertical(pg, lines, 263, "公示情况")
    _text(pg, lines, 120, 270, "公示时间：2024年8月22日至2024年8月29日")
    _text(pg, lines, 120, 300, "公示结果：公示期间无异议。")
    # 单位意见: a tall row, the label a little above its middle, the date at its bottom right
    _vertical(pg, lines, 420, "单位意见")
    _text(pg, lines, 120, 330, "经审核，该同志申报材料真实有效，同意推荐。")
    _text(pg, lines, 400, 588, "2024年8月30日")
    # 备注: a short last row
    _vertical(pg, lines, 611, "备注")
    _text(pg, lines, 120, 620, "无")
    if seal:
        pg.draw_circle((455, 596), 48, color=(0.85, 0.1, 0.1), width=3)
    return doc, lines


def raster(doc: pymupdf.Document, dpi: int = 150) -> np.ndarray:
    """The page as a BGR image."""
    pix = doc[0].get_pixmap(dpi=dpi)
    rgb = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3]
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def degrade(image: np.ndarray, angle: float = 1.5, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """A phone-photo copy: turned by `angle` degrees, noisy, unevenly lit, JPEG-compressed; and
    the affine matrix that maps the clean page's pixels onto it."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    out = cv2.warpAffine(image, m, (w, h), borderValue=(255, 255, 255)).astype(np.float32)
    rng = np.random.default_rng(seed)
    out += rng.normal(0, 12, out.shape)
    out *= np.linspace(0.75, 1.0, w, dtype=np.float32)[None, :, None]  # light falling off to the left
    out = np.clip(out, 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, 45])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR), m
