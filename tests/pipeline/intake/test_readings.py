"""Reading a name again against the declared one (pipeline/intake/readings.py): the CTC score of a
text on a crop, the margin against the crop's best reading, and which fields are read again."""

from __future__ import annotations

import itertools

import cv2
import numpy as np
import pytest

from preaudit.pipeline.intake.readings import LineScorer, ctc_log_likelihood, margin, reread_names
from preaudit.pipeline.model import BBox, DocType, Document, FieldValue
from preaudit.pipeline.values.confusable import model_files
from tests.helpers import page


def _collapse(path: tuple[int, ...]) -> list[int]:
    return [c for k, c in enumerate(path) if c != 0 and (k == 0 or c != path[k - 1])]


def test_ctc_likelihood_is_the_sum_over_every_alignment():
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(4), size=5)  # 5 frames, blank + 3 characters
    lp = np.log(p)
    for ids in ([1], [1, 2], [2, 2], [3, 1, 3]):
        brute = sum(np.prod([p[t, c] for t, c in enumerate(path)])
                    for path in itertools.product(range(4), repeat=5) if _collapse(path) == ids)
        assert ctc_log_likelihood(lp, ids) == pytest.approx(np.log(brute), rel=1e-9)


class _Scorer(LineScorer):
    """Frames that read 吴武 surely, with some weight on 斌 in the second character's frame."""

    def __init__(self) -> None:
        super().__init__(None, None)  # type: ignore[arg-type]
        self._index = {"吴": 1, "武": 2, "斌": 3, "李": 4, "娜": 5}
        self._session = object()

    def log_probs(self, crop: np.ndarray) -> np.ndarray:
        p = np.full((4, 6), 0.002)
        p[0, 1], p[1, 0], p[2, 2], p[2, 3], p[3, 0] = 0.99, 0.99, 0.90, 0.09, 0.99
        return np.log(p / p.sum(axis=1, keepdims=True))


def test_margin_is_small_for_a_close_call_and_large_for_another_name():
    crop = np.zeros((10, 10, 3), np.uint8)
    close = margin(_Scorer(), crop, "吴武", "吴斌")
    other = margin(_Scorer(), crop, "吴武", "李娜")
    assert -3.0 < close < 0 and other < -9


def test_a_label_in_the_crop_keeps_its_place():
    """The crop's best reading holds more than the value: only the value is replaced."""
    class Labelled(_Scorer):
        def log_probs(self, crop):
            return np.log(np.eye(6)[[4, 0, 1, 0, 2, 0]] * 0.98 + 0.02 / 6)

    assert margin(Labelled(), np.zeros((4, 4, 3), np.uint8), "吴武", "吴武") == pytest.approx(0.0)


class _Engine:
    def line_scorer(self):
        return _Scorer()


class _Ocr:
    engine = _Engine()

    def remembered(self, sha, page, variant, compute):
        return compute()


def _doc(value: str, source: str = "ocr") -> Document:
    fv = FieldValue(value=value, confidence=0.8, source=source, bbox=BBox(x0=0.1, y0=0.1, x1=0.3, y1=0.2), page=1)
    return Document(file="a.pdf", page=1, pages=[1], doc_type=DocType.PLEDGE, fields={"name": fv})


def test_only_an_ocr_name_other_than_the_declared_one_is_read_again():
    pg = page([]).with_image(np.full((630, 1000, 3), 255, np.uint8))
    docs = [_doc("吴武"), _doc("吴斌"), _doc("吴武", "pdf_text")]
    out = reread_names(docs, [pg], ("吴斌",), _Ocr())
    assert out[0].fields["name"].reread["text"] == "吴斌" and out[0].fields["name"].reread["margin"] > -3
    assert out[1] is docs[1] and out[2] is docs[2]
    assert reread_names(docs, [pg], (), _Ocr()) is docs  # nothing declared
    assert reread_names(docs, [pg], ("吴斌",), object()) is docs  # an engine without a scorer


@pytest.mark.skipif(model_files() is None, reason="the PP-OCRv6 recogniser is not installed")
def test_the_recogniser_scores_a_printed_name_above_another_name():
    """The real model: a name drawn in a plain face reads as itself, far above a stranger's name."""
    from preaudit.fixtures.families import kit

    import pymupdf

    doc = pymupdf.open()
    pg = doc.new_page(width=120, height=40)
    pg.insert_font(fontname="hei", fontfile=kit.font_path("hei"))
    pg.insert_text((10, 28), "吴斌", fontname="hei", fontsize=22)
    pix = pg.get_pixmap(dpi=200)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3]
    crop = cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
    scorer = LineScorer(*model_files())
    assert margin(scorer, crop, "吴斌", "吴斌") == pytest.approx(0.0, abs=1e-6)
    assert margin(scorer, crop, "吴斌", "李娜") < -20
