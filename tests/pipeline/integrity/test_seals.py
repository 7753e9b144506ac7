import cv2
import numpy as np

from preaudit.pipeline.integrity.seals import find_seals, unwrap_ring_text


def _page(with_seal: bool = True, oval: bool = False) -> np.ndarray:
    img = np.full((1170, 827, 3), 255, np.uint8)
    for y in range(100, 1000, 40):  # black text-like lines
        cv2.line(img, (60, y), (760, y), (30, 30, 30), 3)
    if with_seal:
        axes = (95, 65) if oval else (80, 80)
        cv2.ellipse(img, (600, 800), axes, 0, 0, 360, (40, 40, 220), 5)
        cv2.putText(img, "*", (575, 820), cv2.FONT_HERSHEY_SIMPLEX, 2, (40, 40, 220), 5)
    return img


def test_round_seal_is_found_where_it_is():
    seals = find_seals(_page())
    assert len(seals) == 1
    b = seals[0].bbox
    assert abs((b.x0 + b.x1) / 2 - 600 / 827) < 0.02 and abs((b.y0 + b.y1) / 2 - 800 / 1170) < 0.02


def test_oval_seal_is_found():
    assert len(find_seals(_page(oval=True))) == 1


def test_page_without_red_has_no_seal():
    assert find_seals(_page(with_seal=False)) == []


def test_red_text_line_is_not_a_seal():
    img = _page(with_seal=False)
    cv2.line(img, (60, 500), (760, 500), (40, 40, 220), 8)
    assert find_seals(img) == []


def test_solid_red_block_is_not_a_seal():
    img = _page(with_seal=False)
    cv2.circle(img, (400, 600), 80, (40, 40, 220), -1)
    assert find_seals(img) == []


def test_ring_unwraps_into_a_wide_strip():
    img = _page()
    strip = unwrap_ring_text(img, find_seals(img)[0])
    assert strip.shape[1] > 3 * strip.shape[0]


def _red_printed_form(with_seal: bool = True) -> np.ndarray:
    """A carbonless 登记表 whose form is printed in red on pink paper (blind generation 5): red rules
    of a table and red labels; the unit's red seal stamped in a cell, its ring across the rules."""
    img = np.full((1170, 827, 3), (215, 205, 245), np.uint8)  # pink paper (BGR)
    red = (60, 50, 200)
    for y in range(150, 1050, 60):
        cv2.line(img, (60, y), (770, y), red, 3)
    for x in (60, 240, 520, 770):
        cv2.line(img, (x, 150), (x, 1050), red, 3)
    for y in range(150, 1050, 60):
        cv2.putText(img, "LABEL", (80, y + 40), cv2.FONT_HERSHEY_SIMPLEX, 1.0, red, 2)
    if with_seal:
        cv2.circle(img, (520, 760), 85, (40, 30, 230), 6)  # centred on a rule: crossed by four
        cv2.putText(img, "*", (495, 785), cv2.FONT_HERSHEY_SIMPLEX, 2, (40, 30, 230), 6)
        cv2.putText(img, "UNIT", (470, 730), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (40, 30, 230), 3)
    return img


def test_a_seal_on_a_form_printed_in_red_is_found_and_the_form_alone_is_none():
    seals = find_seals(_red_printed_form())
    assert len(seals) == 1
    b = seals[0].bbox
    assert abs((b.x0 + b.x1) / 2 - 520 / 827) < 0.02 and abs((b.y0 + b.y1) / 2 - 760 / 1170) < 0.02
    assert find_seals(_red_printed_form(with_seal=False)) == []
