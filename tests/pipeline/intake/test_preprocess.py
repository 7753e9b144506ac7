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
