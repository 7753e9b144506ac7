"""Table rules found on a page image and in a PDF's vector drawings (pipeline/intake/rulings.py)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from preaudit.pipeline.intake.render import render_file
from preaudit.pipeline.intake.rulings import image_rules, pdf_rules
from preaudit.pipeline.model import SourceFile
from tests.ruled_form import H, LABEL_COL, ROWS, TABLE, W, degrade, draw, raster


def _heights(rules, x: float) -> list[float]:
    """The rules' heights (points) at page-relative `x`, for the rules crossing it."""
    return [r.y_at(x) * H for r in rules if r.x0 <= x <= r.x1]


def _assert_rows(found: list[float], expected: list[float], tol: float = 2.0) -> None:
    assert len(found) == len(expected), (found, expected)
    for got, want in zip(sorted(found), sorted(expected)):
        assert abs(got - want) <= tol, (found, expected)


LABEL_X = (TABLE[0] + LABEL_COL) / 2 / W  # the label column's middle
TEXT_X = 0.75  # right of the label column, where the seal ring crosses the 单位意见 / 备注 rule


def test_the_rules_of_a_clean_page_and_nothing_else():
    doc, _ = draw()
    rules = image_rules(raster(doc))
    _assert_rows(_heights(rules, LABEL_X), list(ROWS))
    _assert_rows(_heights(rules, TEXT_X), list(ROWS))
    for r in rules:  # each rule as long as the table
        assert r.x0 == pytest.approx(TABLE[0] / W, abs=0.01) and r.x1 == pytest.approx(TABLE[1] / W, abs=0.01)


def test_text_and_a_seal_ring_are_no_rules():
    doc, _ = draw(ruled=False)
    image = raster(doc)
    assert image_rules(image) == []
    assert image_rules(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)) == []  # the ring dark in grey too


def test_a_seal_in_grey_neither_adds_nor_cuts_a_rule():
    doc, _ = draw()
    grey = cv2.cvtColor(raster(doc), cv2.COLOR_BGR2GRAY)
    _assert_rows(_heights(image_rules(grey), TEXT_X), list(ROWS))


def test_a_photographed_copy_askew_noisy_and_compressed():
    doc, _ = draw()
    clean = raster(doc)
    photo, m = degrade(clean, angle=1.5)
    rules = image_rules(photo)
    h, w = clean.shape[:2]
    px = w / W  # pixels a point
    for x in (LABEL_X, TEXT_X):
        # where each rule, at this x of the page, lands on the turned copy
        landed = [m @ np.array([x * w, y * px, 1.0]) for y in ROWS]
        for (lx, ly) in landed:
            heights = [r.y_at(lx / w) * h for r in rules if r.x0 <= lx / w <= r.x1]
            assert min(abs(y - ly) for y in heights) <= 3.0, (x, ly, heights)
        assert len([r for r in rules if r.x0 <= landed[0][0] / w <= r.x1]) == len(ROWS)


def test_a_large_scan_is_read_downscaled_with_the_same_rules():
    doc, _ = draw()
    big = raster(doc, dpi=400)
    assert big.shape[1] > 3000
    _assert_rows(_heights(image_rules(big), LABEL_X), list(ROWS))


def test_no_image_no_rules():
    assert image_rules(None) == []
    assert image_rules(np.zeros((0, 0, 3), np.uint8)) == []


def test_the_rules_of_a_pdf_drawn_as_vectors():
    doc, _ = draw()
    _assert_rows(_heights(pdf_rules(doc[0]), LABEL_X), list(ROWS), tol=0.5)
    assert pdf_rules(draw(ruled=False)[0][0]) == []


def test_a_text_layer_page_carries_its_rules(tmp_path):
    doc, _ = draw()
    path = tmp_path / "form.pdf"
    doc.save(path)
    sf = SourceFile(path=path.name, abs_path=str(path), sha256="0" * 64, size=path.stat().st_size, kind="pdf")
    result = render_file(sf, None)
    try:
        page = result.pages[0]
        assert page.source == "pdf_text"
        _assert_rows(_heights(page.rules, LABEL_X), list(ROWS), tol=0.5)
        assert page.model_dump(mode="json")["rules"][0]["y0"] == pytest.approx(ROWS[0] / H, abs=1e-3)
    finally:
        result.close()
