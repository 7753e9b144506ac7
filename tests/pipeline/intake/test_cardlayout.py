"""A card face placed on a page by where its printed words stand (pipeline/intake/cardlayout.py), for
a card whose outline is lost in a patterned background (issue 12, blind family tablecloth-steep)."""

from __future__ import annotations

import numpy as np

from preaudit.pipeline.intake.cardlayout import cards_by_layout, layout, place_face
from tests.helpers import line

W, H = 1600, 1300


def _back_lines(origin=(400.0, 300.0), mm=12.0, turn_deg=0.0):
    """The back's words as a page reading gives them, for a card at `origin` (page pixels of its
    top-left corner), `mm` pixels a millimetre, turned by `turn_deg`."""
    a = np.radians(turn_deg)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    out = []
    for word, (u, v) in layout()["faces"]["id_card_back"].items():
        x, y = rot @ (np.array([u, v]) * mm) + origin
        half = len(word) * 1.6 * mm
        out.append(line(word, (x - half) / W, (y - 1.2 * mm) / H, (x + half) / W, (y + 1.2 * mm) / H))
    return out


def _corners(origin, mm, turn_deg):
    a = np.radians(turn_deg)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    cw, ch = layout()["card_mm"]
    return np.array([rot @ (np.array(p) * mm) + origin for p in ((0, 0), (cw, 0), (cw, ch), (0, ch))])


def test_the_back_is_placed_round_the_card_its_words_stand_on():
    for turn in (0.0, -12.0, 25.0):
        quad = place_face(_back_lines(turn_deg=turn), "id_card_back", W, H)
        assert quad is not None
        card = _corners((400.0, 300.0), 12.0, turn)
        # each corner of the card lies inside the placed outline (widened by the margin)
        poly = quad.reshape(-1, 1, 2)
        import cv2

        assert all(cv2.pointPolygonTest(poly, (float(x), float(y)), False) > 0 for x, y in card), turn
        size = np.linalg.norm(quad[1] - quad[0])
        assert 1.0 < size / np.linalg.norm(card[1] - card[0]) < 1.4


def test_too_few_words_or_words_too_close_place_nothing():
    lines = _back_lines()
    assert place_face(lines[:1], "id_card_back", W, H) is None
    # 签发机关 over 有效期限 only: 6.5 mm apart, too close to fix a card
    assert place_face(lines[2:], "id_card_back", W, H) is None
    # a form's words, small on the page: no card
    tiny = _back_lines(mm=1.0)
    assert place_face(tiny, "id_card_back", W, H) is None
    assert cards_by_layout([line("本表由单位填写", 0.1, 0.1, 0.4, 0.12)], W, H) == []
