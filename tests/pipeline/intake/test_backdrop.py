"""The photo's backdrop colour (003 Q23(2): 蓝底), named from the pixels by
pipeline/intake/portraitlike.py and classify.yaml `photo.backdrop`, and kept in the photo's
Document.meta by the integrity step.

Calibrated on the dev photo families and the corpus's photo (never on a held-out family)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from preaudit.fixtures.families.photo import BLUES, RED, WHITE
from preaudit.fixtures.render import BLUE_BACKGROUND, encode_jpeg, portrait
from preaudit.pipeline.integrity.facts import document_meta
from preaudit.pipeline.intake.classify import photo_spec
from preaudit.pipeline.intake.portraitlike import backdrop, colour_name
from preaudit.pipeline.model import Document, DocType, Page, SourceFile


def _photo(key: int, colour: tuple[int, int, int], quality: int) -> np.ndarray:
    img = portrait(f"5301{key:014d}", "男" if key % 2 else "女", (358, 441), colour)
    return cv2.imdecode(np.frombuffer(encode_jpeg(img, quality), np.uint8), cv2.IMREAD_COLOR)


@pytest.mark.parametrize(
    ("colour", "name"),
    [*((b, "蓝") for b in BLUES), (BLUE_BACKGROUND, "蓝"), (WHITE, "白"), (RED, "红")],
)
def test_the_backdrops_photo_shops_use_are_named(colour, name):
    spec = photo_spec()
    for key in range(6):  # six faces, clothes and hair, at JPEG qualities 40 to 90
        found = backdrop(_photo(key, colour, 40 + 10 * key), spec)
        assert found is not None and found.name == name and found.plain >= 0.75, (key, found)


@pytest.mark.parametrize(
    ("bgr", "name"),
    [
        ((219, 142, 67), "蓝"),
        ((200, 190, 170), None),  # a greyish blue, saturation ~38: between 蓝 and 灰, not guessed
        ((150, 200, 120), None),  # green: no name for it
        ((128, 128, 128), "灰"),
        ((250, 250, 250), "白"),
        ((40, 40, 210), "红"),
        ((60, 30, 200), "红"),   # a red leaning to magenta (hue near 175) wraps round 0
    ],
)
def test_colour_names_and_the_gaps_between_them(bgr, name):
    assert colour_name(bgr, photo_spec()["backdrop"]) == name


def test_no_image_no_backdrop():
    assert backdrop(None, photo_spec()) is None


def test_the_photo_document_carries_its_backdrop_in_meta():
    img = _photo(3, WHITE, 85)
    page = Page(file="p.jpg", file_sha256="0" * 64, number=1, width=img.shape[1], height=img.shape[0],
                source="ocr", lines=[])
    page = page.with_image(img)
    sf = SourceFile(path="p.jpg", abs_path="/nonexistent/p.jpg", sha256="0" * 64, size=20000, kind="image")
    doc = Document(file="p.jpg", page=1, doc_type=DocType.PHOTO, type_confidence=0.6)
    meta = document_meta(sf, doc, [page], None, None).meta
    assert meta["backdrop"]["colour"] == "白" and len(meta["backdrop"]["bgr"]) == 3
    # other documents carry no backdrop
    other = Document(file="p.jpg", page=1, doc_type=DocType.OTHER, type_confidence=0.6)
    assert "backdrop" not in document_meta(sf, other, [page], None, None).meta
