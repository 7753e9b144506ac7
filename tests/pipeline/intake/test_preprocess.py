import cv2
import numpy as np

from preaudit.pipeline.intake.preprocess import normalise_size, suppress_red


def test_seal_ink_goes_but_black_text_under_it_stays():
    img = np.full((100, 200, 3), 255, np.uint8)
    cv2.putText(img, "2024", (10, 60), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (0, 0, 0), 3)
    text_pixels = (cv2.cvtColor(img, cv2.COLOR_BGR2GRAY) < 100).sum()
    ink = np.full(img.shape, 255, np.uint8)
    cv2.circle(ink, (80, 50), 45, (40, 40, 220), -1)
    img = (img.astype(np.float32) * ink / 255).astype(np.uint8)  # seal ink multiplies, as on paper
    out = suppress_red(img)
    assert ((out[:, :, 2] > 150) & (out[:, :, 0] < 100)).sum() == 0  # no red left
    assert (cv2.cvtColor(out, cv2.COLOR_BGR2GRAY) < 100).sum() >= 0.8 * text_pixels


def test_sizes_are_brought_within_bounds():
    assert max(normalise_size(np.zeros((5000, 3000, 3), np.uint8)).shape[:2]) == 2400
    assert max(normalise_size(np.zeros((400, 300, 3), np.uint8)).shape[:2]) == 900
    assert normalise_size(np.zeros((1000, 800, 3), np.uint8)).shape[:2] == (1000, 800)


def _ledger(holes: bool, seal: bool = False, punched: bool = False) -> np.ndarray:
    """A continuous-form print at 200 dpi (A4-wide): rows of text, and optionally the sprocket holes
    down both margins (4 mm, every 12.7 mm), a round seal, or two filing-punch holes."""
    img = np.full((2300, 1650, 3), 238, np.uint8)
    for i, y in enumerate(range(200, 2100, 60)):
        cv2.putText(img, f"{i:2d} 202309 53375720 4500.00 360.00", (170, y), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (30, 30, 30), 2)
    if holes:
        for y in range(120, 2250, 100):
            for x in (52, 1598):
                cv2.circle(img, (x, y), 15, (215, 215, 215), -1)
                cv2.circle(img, (x, y), 15, (120, 120, 120), 2)
    if seal:
        cv2.circle(img, (1200, 1500), 160, (40, 40, 200), 6)
    if punched:
        for y in (900, 1400):
            cv2.circle(img, (60, y), 22, (90, 90, 90), -1)
    return img


def test_sprocket_holes_down_both_margins_are_found_and_cleared():
    from preaudit.pipeline.intake.preprocess import clear_margin_holes, margin_holes, prepare_for_ocr

    img = _ledger(holes=True, seal=True)
    found = margin_holes(img)
    assert len(found) == 2 * len(range(120, 2250, 100))
    assert all(abs(x - 52) <= 4 or abs(x - 1598) <= 4 for x, _, _ in found)
    cleared, n = clear_margin_holes(img)
    assert n == len(found)
    left = cv2.cvtColor(cleared[:, :110], cv2.COLOR_BGR2GRAY)
    assert left.min() > 200  # nothing left in the margin for OCR to read as O
    assert np.array_equal(cleared[:, 150:1500], img[:, 150:1500])  # the text and the seal untouched
    prepared = prepare_for_ocr(img)
    assert prepared.steps["holes"] == n and prepared.variant.endswith(":holes")
    assert cv2.cvtColor(prepared.upright[:, :110], cv2.COLOR_BGR2GRAY).min() < 150  # evidence keeps them


def test_a_page_without_a_column_of_holes_is_left_alone():
    from preaudit.pipeline.intake.preprocess import clear_margin_holes, prepare_for_ocr

    for page in (_ledger(holes=False), _ledger(holes=False, seal=True, punched=True)):
        cleared, n = clear_margin_holes(page)
        assert n == 0 and cleared is page
        assert "holes" not in prepare_for_ocr(page).steps
