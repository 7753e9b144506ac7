"""A ring drawn by hand round one option of a row (issue 12, generation-2 family board-photo: a form
that asks 请在相应选项上画○; OCR read a stray ☑ into the row and the wrong option was taken). The ring
is found on the page image; a table rule, a red seal over the row, or a ring over two options
chooses nothing."""

from __future__ import annotations

import cv2
import numpy as np
import pymupdf

from preaudit.extractors.publicity_form import unit_type
from preaudit.fixtures.families import kit
from preaudit.pipeline.intake.checkboxes import circled
from preaudit.pipeline.model import BBox, FieldValue
from tests.helpers import line, page

OPTIONS = ["机关", "事业单位", "国有企业", "非公经济组织"]
W, H, Y0, Y1 = 1400, 300, 130, 170  # pixels: the row's text between Y0 and Y1


def _row() -> tuple[np.ndarray, list[tuple[float, float]]]:
    """The options printed on one row (white page, 30 px characters); their x spans (0-1)."""
    doc = pymupdf.open()
    pg = doc.new_page(width=W, height=H)
    pg.insert_font(fontname="song", fontfile=kit.font_path("song"))
    x, spans = 60.0, []
    for option in OPTIONS:
        pg.insert_text((x, Y1 - 8), option, fontname="song", fontsize=30)
        spans.append((x / W, (x + 30 * len(option)) / W))
        x += 30 * len(option) + 70
    pix = pg.get_pixmap(dpi=72)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3]
    return cv2.cvtColor(img, cv2.COLOR_RGB2BGR).copy(), spans


def _ring(img: np.ndarray, span: tuple[float, float], color=(160, 40, 20)) -> None:
    cx, half = int((span[0] + span[1]) / 2 * W), int((span[1] - span[0]) / 2 * W) + 14
    cv2.ellipse(img, (cx, (Y0 + Y1) // 2), (half, 30), 0, 0, 360, color, 3)


def test_the_ringed_option_is_the_choice():
    img, spans = _row()
    _ring(img, spans[3])
    assert circled(img, spans, Y0 / H, Y1 / H) == 3
    img, spans = _row()
    _ring(img, spans[1], (20, 20, 20))  # a black pen
    assert circled(img, spans, Y0 / H, Y1 / H) == 1


def test_no_ring_a_rule_or_a_seal_chooses_nothing():
    img, spans = _row()
    assert circled(img, spans, Y0 / H, Y1 / H) is None
    cv2.line(img, (20, Y1 + 12), (W - 20, Y1 + 12), (0, 0, 0), 2)  # a table rule under the row
    cv2.line(img, (20, Y0 - 12), (W - 20, Y0 - 12), (0, 0, 0), 2)
    assert circled(img, spans, Y0 / H, Y1 / H) is None
    _ring(img, spans[2], (40, 40, 220))  # a red seal's ring (BGR) over one option
    assert circled(img, spans, Y0 / H, Y1 / H) is None


def test_a_ring_over_two_options_chooses_nothing():
    img, spans = _row()
    _ring(img, (spans[1][0], spans[2][1]))
    assert circled(img, spans, Y0 / H, Y1 / H) is None


def test_the_publicity_forms_unit_type_takes_the_ring_over_a_stray_tick():
    img, spans = _row()
    _ring(img, spans[3])
    text = "机关☑事业单位国有企业非公经济组织"
    ln = line(text, spans[0][0], Y0 / H, spans[3][1], Y1 / H)
    pg = page([ln], width=W, height=H).with_image(img)
    fv = FieldValue(value=text, confidence=0.96, source="ocr", bbox=BBox(x0=ln.bbox.x0, y0=ln.bbox.y0,
                                                                       x1=ln.bbox.x1, y1=ln.bbox.y1), page=1)
    assert unit_type(fv, [pg]).value == "非公经济组织"
    assert unit_type(fv, [page([ln], width=W, height=H)]).value == "事业单位"  # no image: the text's tick


def test_boxes_printed_after_their_options_tick_the_option_before():
    fv = FieldValue(value="非公经济组织☑国有企业□事业单位□社会团体□其他□", confidence=0.91, source="ocr")
    assert unit_type(fv, []).value == "非公经济组织"
    assert unit_type(fv.model_copy(update={"value": "□非公经济组织☑国有企业□事业单位"}), []).value == "国有企业"


def test_bracketed_marks_before_their_options():
    """（√）非公经济组织（ ）社会组织 (issue 12, blind generation 3, a Word-typed 公示表): each bracket
    belongs to the option after it when the row opens with one; 固定期限（√）无固定期限（ ）, which
    opens with an option, keeps its brackets after."""
    from preaudit.extractors.common import ticked_option

    row = "（ ）事业单位（ ）国有企业（√）非公经济组织（ ）社会组织"
    assert unit_type(FieldValue(value=row, confidence=0.9, source="ocr"), []).value == "非公经济组织"
    assert ticked_option("固定期限（√）无固定期限（ ）", ["固定期限", "无固定期限"]) == ("固定期限", "ticked")
    assert ticked_option("（ ）固定期限（√）无固定期限", ["固定期限", "无固定期限"]) == ("无固定期限", "ticked")


def test_a_row_that_prints_boxes_is_not_read_for_rings():
    """A boxed 单位性质 row photographed on a curled page (blind generation 6): OCR lost the ticked box
    before 非公经济组织 and kept the others' □. A ring-like stroke round another option is no choice
    there: the row asks for a tick in a box, so the option whose box was lost stays the choice."""
    img, spans = _row()
    _ring(img, spans[3])
    text = "□机关事业单位□国有企业□非公经济组织"
    ln = line(text, spans[0][0], Y0 / H, spans[3][1], Y1 / H)
    fv = FieldValue(value=text, confidence=0.96, source="ocr", bbox=BBox(x0=ln.bbox.x0, y0=ln.bbox.y0,
                                                                       x1=ln.bbox.x1, y1=ln.bbox.y1), page=1)
    pg = page([ln], width=W, height=H).with_image(img)
    assert unit_type(fv, [pg]).value == "事业单位"  # the lost box's option, as read without the image
    assert unit_type(fv, [page([ln], width=W, height=H)]).value == "事业单位"
