"""Tick boxes a born-digital form draws as vectors (pipeline/intake/vectorboxes.py), written into
its text-layer lines: an e-signing platform's 公示表 (blind generation 8) drew a grey square before
each 单位性质 option and filled the chosen one blue; its text layer held the names alone, and the
choice was unread on every such form."""

import pymupdf

from preaudit.extractors.publicity_form import extract
from preaudit.pipeline.intake.ingest import list_source_files
from preaudit.pipeline.intake.render import render_file
from preaudit.pipeline.intake.rulings import page_drawings
from preaudit.pipeline.intake.source import text_layer_lines
from preaudit.pipeline.intake.vectorboxes import vector_boxes, with_boxes

OPTIONS = ["事业单位", "国有企业", "非公经济组织", "社会组织"]


def _draw(mark: str, one_path: bool = False) -> pymupdf.Document:
    """A 公示表's head with its 单位性质 row, a box before each option, the third marked by `mark`
    (fill | tick | none)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((180, 80), "昆明市专业技术人员职称考核认定公示表", fontname="china-s", fontsize=14)
    page.insert_text((85, 130), "姓名", fontname="china-s", fontsize=10)
    page.insert_text((156, 130), "高静", fontname="china-s", fontsize=10)
    page.insert_text((85, 150), "工作单位", fontname="china-s", fontsize=10)
    page.insert_text((156, 150), "昆明金碧物流有限公司", fontname="china-s", fontsize=10)
    page.insert_text((85, 172), "单位性质", fontname="china-s", fontsize=10)
    x, boxes = 156.0, []
    for i, name in enumerate(OPTIONS):
        boxes.append(pymupdf.Rect(x, 164.5, x + 9, 173.5))
        page.insert_text((x + 12, 172), name, fontname="china-s", fontsize=10)
        x += 12 + 10 * len(name) + 26
    page.draw_rect(pymupdf.Rect(80, 150, 520, 185), color=(0, 0, 0), width=0.6)  # the table's cell
    if one_path:
        shape = page.new_shape()
        for r in boxes:
            shape.draw_rect(r)
        shape.finish(color=(0.55, 0.55, 0.58), width=0.8)
        shape.commit()
    for i, r in enumerate(boxes):
        chosen = i == 2
        if not one_path:
            fill = (0.16, 0.42, 0.8) if chosen and mark == "fill" else None
            page.draw_rect(r, color=(0.55, 0.55, 0.58) if fill is None else fill, fill=fill, width=0.8)
        if chosen and mark == "tick":
            page.draw_polyline([(r.x0 + 2, r.y0 + 4.5), (r.x0 + 4, r.y1 - 2), (r.x1 - 1.5, r.y0 + 1.5)], color=(0, 0, 0), width=1)
    return doc


def _form(mark: str, one_path: bool = False) -> list[str]:
    doc = _draw(mark, one_path)
    page = doc[0]
    lines = text_layer_lines(page)
    out = with_boxes(lines, vector_boxes(page_drawings(page)), page.rect.width, page.rect.height)
    doc.close()
    return [ln.text for ln in out]


def test_a_filled_or_ticked_vector_box_is_written_as_a_ticked_box_before_its_option():
    for mark, one_path in (("fill", False), ("tick", False), ("tick", True)):
        texts = _form(mark, one_path)
        assert "单位性质" in texts, texts  # the label stands before no box: unchanged
        assert [t for t in texts if t in OPTIONS or t[1:] in OPTIONS] == ["□事业单位", "□国有企业", "☑非公经济组织", "□社会组织"], (mark, one_path)


def test_a_page_without_boxes_keeps_its_lines():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((85, 172), "单位性质  事业单位", fontname="china-s", fontsize=10)
    page.draw_rect(pymupdf.Rect(80, 150, 520, 185), color=(0, 0, 0), width=0.6)  # a cell, no box
    page.draw_rect(pymupdf.Rect(78, 167, 81, 170), color=(0, 0, 0), fill=(0, 0, 0))  # a bullet, too small
    lines = text_layer_lines(page)
    assert [ln.text for ln in with_boxes(lines, vector_boxes(page_drawings(page)), 595, 842)] == [ln.text for ln in lines]
    doc.close()


class _NoOcr:
    def read(self, sha, page, image, variant=""):
        raise AssertionError("a text-layer page is read without OCR")


def test_a_text_page_is_rendered_with_its_boxes_and_its_choice_read(tmp_path):
    for mark, want in (("fill", "非公经济组织"), ("none", None)):
        path = tmp_path / f"公示表-{mark}.pdf"
        _draw(mark).save(path)
        result = render_file({f.path: f for f in list_source_files(tmp_path)}[path.name], _NoOcr())
        page = result.pages[0]
        assert page.source == "pdf_text"
        assert ("☑非公经济组织" in page.text) == (want is not None) and "□事业单位" in page.text
        assert extract(result.pages)["unit_type"].value == want


def test_bullets_and_grids_of_squares_are_no_boxes():
    """A filled square before a heading (■ 基本信息) is a bullet; outlined squares side by side (a drawn
    QR code's modules, 方格稿纸) are a grid: neither opens its line with a box."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((100, 172), "基本信息", fontname="china-s", fontsize=10)
    page.draw_rect(pymupdf.Rect(86, 164.5, 95, 173.5), fill=(0, 0, 0), color=None)
    page.insert_text((100, 262), "在线验证码：A1B2C3D4", fontname="china-s", fontsize=10)
    for i in range(3):
        for j in range(3):
            page.draw_rect(pymupdf.Rect(60 + 9 * i, 245 + 9 * j, 69 + 9 * i, 254 + 9 * j), color=(0, 0, 0), fill=(0, 0, 0) if (i + j) % 2 else None)
    lines = text_layer_lines(page)
    assert [ln.text for ln in with_boxes(lines, vector_boxes(page_drawings(page)), 595, 842)] == ["基本信息", "在线验证码：A1B2C3D4"]
    doc.close()
