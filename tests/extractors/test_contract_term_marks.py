"""A contract filing's term where OCR loses the choice (issue 12, blind family business-type-hand):
the boxes of 固定期限 / 无固定期限 / 以完成一定工作任务为期限 and a hand tick are no characters, so the row
reads as bare option names; the marked box is looked at on the page image. A range written
2021年12月1日至＿年＿月＿日 长期 opens at the date before 至 and has no end; the signing date in the cell
below is neither the start nor the end."""

from __future__ import annotations

import pymupdf as fitz
import numpy as np

from preaudit.extractors.contract import extract_filing
from preaudit.pipeline.model import Page
from tests.helpers import line, page

W, H = 595.0, 842.0
SIZE = 11.0
HEAD = [("劳动合同备案登记表", 0.06), ("用人单位名称 云南博源信息产业有限公司", 0.12), ("劳动者姓名 杨丽", 0.16),
        ("身份证号码 530103199203196461", 0.20)]
OPTIONS = ["固定期限", "无固定期限", "以完成一定工作任务为期限"]


def _lines(term: str, sign_label: str = "合同签订时间") -> list:
    out = [line(t, 0.10, y, 0.10 + len(t) * SIZE / W, y + 0.02) for t, y in HEAD]
    options = "".join(OPTIONS)
    x = 0.22 + 1.5 * SIZE / W  # the first box, lost by OCR, stands before the text
    out.append(line(options, x, 0.30, x + (len(options) + 3) * SIZE / W, 0.32))
    out.append(line("合同期限", 0.10, 0.32, 0.10 + 4 * SIZE / W, 0.34))
    out.append(line(term, 0.22, 0.34, 0.22 + len(term) * SIZE / W * 0.8, 0.36))
    out.append(line(sign_label, 0.10, 0.40, 0.10 + len(sign_label) * SIZE / W, 0.42))
    out.append(line("2021.11.30", 0.22, 0.40, 0.32, 0.42))
    return out


def _image(ticked: int | None) -> np.ndarray:
    """The options' row drawn as printed: a box before each option, the chosen one ticked by hand."""
    doc = fitz.open()
    pg = doc.new_page(width=W, height=H)
    x, y = 0.22 * W, 0.30 * H
    for i, option in enumerate(OPTIONS):
        box = fitz.Rect(x, y + 1, x + SIZE - 1, y + SIZE)
        pg.draw_rect(box, color=(0, 0, 0), width=0.8)
        if i == ticked:
            pg.draw_polyline([(box.x0 + 2, box.y0 + 5), (box.x0 + 4.5, box.y1 - 1.5), (box.x1 + 2, box.y0 - 3)],
                             color=(0.1, 0.1, 0.5), width=1.4)
        x += SIZE + 2
        pg.insert_text((x, y + SIZE - 1.5), option, fontname="china-s", fontsize=SIZE)
        x += len(option) * SIZE + SIZE
    pix = pg.get_pixmap(dpi=150)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3][:, :, ::-1]
    return np.ascontiguousarray(img)


def _read(term: str, ticked: int | None = None, image: bool = True) -> dict:
    p: Page = page(_lines(term), width=1240, height=1754)
    if image:
        p = p.with_image(_image(ticked))
    return extract_filing([p])


def test_the_box_ticked_on_the_image_decides_when_ocr_lost_it():
    f = _read("期限：2021年12月1日至_年__月__日", ticked=1)
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2021-12-01", None, True)
    f = _read("期限：2021年12月1日至2024年11月30日", ticked=0)
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2021-12-01", "2024-11-30", False)


def test_an_end_written_as_long_term_has_no_end():
    f = _read("期限：2021年12月1日至_年__月日长期", image=False)
    assert (f["start_date"].value, f["end_date"].value, f["open_ended"].value) == ("2021-12-01", None, True)
    assert f["open_ended"].confidence < 0.99  # inferred from the word, not from a tick


def test_the_date_before_the_ranges_word_opens_it_and_the_signing_date_is_no_end():
    f = _read("期限：2021年12月1日至_年__月__日", image=False)
    assert f["start_date"].value == "2021-12-01"
    assert f["end_date"].value is None and f["open_ended"].value is not True


def test_no_box_marked_is_no_choice():
    f = _read("期限：2021年12月1日至2024年11月30日", ticked=None)
    assert (f["start_date"].value, f["end_date"].value) == ("2021-12-01", "2024-11-30")
    assert f["open_ended"].value is False
