"""The text layer is trusted only where it says what the rendered page shows."""

import numpy as np
import pymupdf
import pytest

from preaudit.pipeline.intake.ingest import list_source_files
from preaudit.pipeline.intake.render import render_file
from preaudit.pipeline.intake.textcheck import check_text_layer
from tests.pipeline.intake.test_render import CountingOcr

LINES = [(50, 80, "云南省城镇职工基本养老保险个人参保证明"), (50, 120, "姓名：张伟"),
         (50, 140, "参保单位：昆明云岭科技有限公司"), (50, 160, "202406 未到账")]


def _page(edit=None) -> tuple[pymupdf.Document, pymupdf.Page]:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for x, y, text in LINES:
        page.insert_text((x, y), text, fontname="china-s", fontsize=11)
    if edit:
        edit(page)
    return doc, page


def _white_out(page, word="未到账", retype=None):
    rect = page.search_for(word)[0]
    page.draw_rect(rect + (-1, -1, 1, 1), color=None, fill=(1, 1, 1))
    if retype:
        page.insert_text((rect.x0, rect.y1 - 2.2), retype, fontname="china-s", fontsize=11)


def _picture(page):
    """An ID card pasted as a picture: dark content the text layer knows nothing of."""
    img = np.full((270, 428, 3), 235, np.uint8)
    img[40:60, 30:400] = 20
    img[100:120, 30:300] = 20
    img[160:180, 30:380] = 20
    pix = pymupdf.Pixmap(pymupdf.csRGB, img.shape[1], img.shape[0], img.tobytes(), False)
    page.insert_image(pymupdf.Rect(80, 300, 380, 489), pixmap=pix)


def _invisible(page):
    page.insert_text((50, 220), "证书编号105301202005001234", fontname="china-s", fontsize=11, render_mode=3)


@pytest.mark.parametrize(("edit", "hidden", "pictured"), [
    (None, [], False),
    (lambda p: _white_out(p), ["未到账"], False),
    (lambda p: _white_out(p, retype="已到账"), ["未"], False),  # 到账 is drawn again over itself
    (_invisible, ["证书编号105301202005001234"], False),
    (_picture, [], True),
])
def test_what_the_page_does_not_show_is_found(edit, hidden, pictured):
    _, page = _page(edit)
    check = check_text_layer(page)
    assert [h["text"] for h in check.hidden] == hidden
    assert bool(check.image_content) is pictured
    assert check.disagrees is bool(hidden or pictured)
    for h in check.hidden:
        x0, y0, x1, y1 = h["bbox"]
        assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1


def test_a_seal_sized_picture_is_not_content():
    def seal(page):
        img = np.full((120, 120, 3), 255, np.uint8)
        img[10:110, 10:110] = (0, 0, 220)
        pix = pymupdf.Pixmap(pymupdf.csRGB, 120, 120, img.tobytes(), False)
        page.insert_image(pymupdf.Rect(300, 100, 400, 200), pixmap=pix)  # 4 % of the page, over text
    _, page = _page(seal)
    assert not check_text_layer(page).image_content


def _big_seal(rgb):
    def draw(page):
        """A large red seal picture (a 业务专用章 on a 参保证明, 8 % of the page), its ring and star solid."""
        img = np.full((300, 300, 3), 255, np.uint8)
        yy, xx = np.mgrid[:300, :300]
        ring = np.abs(np.hypot(yy - 150, xx - 150) - 130) < 9
        img[ring] = rgb
        img[120:180, 120:180] = rgb
        pix = pymupdf.Pixmap(pymupdf.csRGB, 300, 300, img.tobytes(), False)
        page.insert_image(pymupdf.Rect(300, 380, 520, 600), pixmap=pix)
    return draw


@pytest.mark.parametrize("rgb", [(230, 25, 30), (184, 15, 25), (214, 26, 82)])
def test_a_large_seal_picture_in_a_seal_s_red_is_not_content(rgb):
    """issue 12 (blind family window-year-blocks): a faded or large e-seal sent an honest 12333
    print to OCR, where a misread digit turned its ID number unsure."""
    _, page = _page(_big_seal(rgb))
    assert not check_text_layer(page).image_content


def test_a_large_picture_in_black_or_blue_ink_is_still_content():
    _, page = _page(_big_seal((30, 40, 140)))
    assert check_text_layer(page).image_content


def test_a_page_that_hides_text_is_ocred_and_the_hidden_text_kept(tmp_path):
    doc, _ = _page(lambda p: _white_out(p, retype="已到账"))
    doc.save(tmp_path / "社保.pdf")
    ocr = CountingOcr()
    sf = {f.path: f for f in list_source_files(tmp_path)}["社保.pdf"]
    page = render_file(sf, ocr).pages[0]
    assert ocr.calls >= 1 and page.source == "ocr"
    assert [h["text"] for h in page.geometry["hidden_text"]] == ["未"]


def test_a_true_text_layer_is_not_rendered_for_ocr(tmp_path):
    doc, _ = _page()
    doc.save(tmp_path / "社保.pdf")
    ocr = CountingOcr()
    sf = {f.path: f for f in list_source_files(tmp_path)}["社保.pdf"]
    page = render_file(sf, ocr).pages[0]
    assert ocr.calls == 0 and page.source == "pdf_text" and "hidden_text" not in page.geometry


def test_text_a_clip_cuts_away_and_a_turned_watermark_hide_nothing():
    """Issue 12, blind generation 3: a report printed two-up or a screenshot pasted in halves shows a
    source page through a clip (the rest of its text is in the layer, cut away), and an electronic
    certificate carries a faint watermark turned across the table. Neither is a cover-up; a value
    whited out on the same page still is."""
    src, _ = _page()
    doc = pymupdf.open()
    sheet = doc.new_page(width=842, height=595)
    sheet.show_pdf_page(pymupdf.Rect(20, 20, 400, 300), src, 0, clip=pymupdf.Rect(0, 0, 595, 126))
    assert check_text_layer(sheet).hidden == []
    _, page = _page()
    for y in (200, 400, 600):  # light grey, turned 30 degrees, over and under the text
        page.insert_text((60, y), "云南人社12333 电子证明", fontname="china-s", fontsize=15, color=(0.88, 0.9, 0.92),
                         morph=(pymupdf.Point(60, y), pymupdf.Matrix(-30)))
    assert check_text_layer(page).hidden == []
    _white_out(page)
    assert [h["text"] for h in check_text_layer(page).hidden] == ["未到账"]
