"""A tick drawn by hand on one option's words of a row that prints no box (generation-7 family
a3-2up-datestamp: 单位性质 asks 在相应选项上打"√", and the tick stands over 非公经济组织; OCR lost it, so
the form's 单位性质 was unread). The tick is found on the page image in the band just over the row,
below the table's rule; the row above's text, a tick over two options or none chooses nothing."""

from __future__ import annotations

import cv2
import numpy as np

from preaudit.pipeline.intake.checkboxes import ticked_over
from tests.pipeline.intake.test_checkboxes_circled import H, W, Y0, Y1, _row


def _tick(img: np.ndarray, span: tuple[float, float], color=(150, 60, 20), at: float = 0.6) -> None:
    """A hand tick standing on the option's words (its foot at the characters' tops)."""
    x = int((span[0] + (span[1] - span[0]) * at) * W)
    pts = np.array([[x - 10, Y0 - 14], [x - 3, Y0 - 2], [x + 14, Y0 - 28]], np.int32)
    cv2.polylines(img, [pts], False, color, 3)


def _ruled(img: np.ndarray, broken: bool = False) -> None:
    """The table's rule over the row, with the row above's words over it."""
    cv2.line(img, (20, Y0 - 38), (W - 20, Y0 - 38), (30, 30, 30), 2)
    if broken:  # a scan breaks the rule up
        for x in range(40, W - 20, 60):
            cv2.line(img, (x, Y0 - 39), (x + 18, Y0 - 37), (255, 255, 255), 3)
    for x in range(80, 900, 40):  # the bottoms of the row above's characters
        cv2.rectangle(img, (x, Y0 - 56), (x + 22, Y0 - 42), (20, 20, 20), 2)


def test_the_option_ticked_on_its_words_is_the_choice():
    for option in range(4):
        img, spans = _row()
        _ruled(img, broken=option % 2 == 1)
        _tick(img, spans[option])
        assert ticked_over(img, spans, Y0 / H, Y1 / H) == option


def test_no_tick_two_ticks_or_text_above_chooses_nothing():
    img, spans = _row()
    _ruled(img)
    assert ticked_over(img, spans, Y0 / H, Y1 / H) is None  # the rule and the row above are no tick
    _tick(img, spans[1])
    _tick(img, spans[3])
    assert ticked_over(img, spans, Y0 / H, Y1 / H) is None
    img, spans = _row()
    for x in range(80, 900, 40):  # the row above's words close over the row, no rule between
        cv2.rectangle(img, (x, Y0 - 30), (x + 22, Y0 - 10), (20, 20, 20), 2)
    _tick(img, spans[2])
    assert ticked_over(img, spans, Y0 / H, Y1 / H) is None
    # where the page's reading found that text there, it says so before any ink is weighed
    img, spans = _row()
    _tick(img, spans[2])
    assert ticked_over(img, spans, Y0 / H, Y1 / H) == 2
    above = [(80 / W, (Y0 - 30) / H, 900 / W, (Y0 - 10) / H)]
    assert ticked_over(img, spans, Y0 / H, Y1 / H, above) is None
    img, spans = _row()
    _tick(img, spans[2], color=(40, 40, 220))  # a red seal's stroke is no hand's tick
    assert ticked_over(img, spans, Y0 / H, Y1 / H) is None


def test_the_publicity_forms_unit_type_takes_a_tick_on_the_words_where_the_form_asks_for_one():
    from preaudit.extractors.publicity_form import unit_type
    from preaudit.pipeline.model import BBox, FieldValue
    from tests.helpers import line, page

    img, spans = _row()
    _ruled(img)
    _tick(img, spans[2])
    text = "".join(["机关", "事业单位", "国有企业", "非公经济组织"])
    ln = line(text, spans[0][0], Y0 / H, spans[3][1], Y1 / H)
    asks = line('（在相应选项上打"√"）', spans[0][0], (Y1 + 4) / H, spans[1][1], (Y1 + 24) / H)
    fv = FieldValue(value=text, confidence=0.96, source="ocr", page=1,
                    bbox=BBox(x0=ln.bbox.x0, y0=ln.bbox.y0, x1=ln.bbox.x1, y1=ln.bbox.y1))
    got = unit_type(fv, [page([ln, asks], width=W, height=H).with_image(img)])
    assert got.value == "国有企业" and got.confidence < 0.9  # seen, not read: never certain
    # a form that does not ask for it: a mark over the words may be a lost box's tick poking out
    assert unit_type(fv, [page([ln], width=W, height=H).with_image(img)]).value is None
