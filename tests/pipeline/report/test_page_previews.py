"""Page previews in OUT/<key>/pages: one per document page, boxes line up, ID digits blacked out."""

from __future__ import annotations

import json
import stat

import cv2
import numpy as np
import pymupdf
import pytest

from preaudit.pipeline.intake.crops import PageCropper, text_layer_id_masks
from preaudit.pipeline.model import BBox
from preaudit.pipeline.report.evidence import CropMaker
from preaudit.pipeline.report.pages import PREVIEW_PX, page_refs
from preaudit.pipeline.report.writer import write_applicant
from preaudit.pipeline.report.wording import text_digest
from tests.pipeline.report.report_builders import ANY_FULL_ID, FULL_ID, build_report


@pytest.fixture()
def written(tmp_path):
    report = build_report(tmp_path / "src")
    folder = write_applicant(report, tmp_path / "out", crops=PageCropper())
    return report, folder


def _image(folder, doc: int, page: int = 1) -> np.ndarray:
    index = json.loads((folder / "pages" / "index.json").read_text(encoding="utf-8"))
    n = index["documents"][str(doc)][str(page)]
    img = cv2.imread(str(folder / "pages" / f"{n}.jpg"), cv2.IMREAD_GRAYSCALE)
    assert img is not None
    return img


def _region(img: np.ndarray, box: BBox) -> np.ndarray:
    h, w = img.shape
    return img[int(box.y0 * h) + 1: int(box.y1 * h), int(box.x0 * w): int(box.x1 * w)]


def _hidden_part(box: BBox) -> BBox:
    """Characters 7..14 of the 18 of a number laid over the box, kept well inside."""
    step = (box.x1 - box.x0) / 18
    return BBox(x0=box.x0 + step * 6.5, y0=box.y0, x1=box.x0 + step * 13.5, y1=box.y1)


def test_a_preview_per_readable_document_page_owner_only(written):
    report, folder = written
    index = json.loads((folder / "pages" / "index.json").read_text(encoding="utf-8"))
    assert index["report_sha256"] == text_digest((folder / "report.json").read_text(encoding="utf-8"))
    assert set(index["documents"]) == {"0", "1"}  # the contract's file is gone: no preview, no failure
    assert sorted(p.name for p in (folder / "pages").iterdir()) == ["1.jpg", "2.jpg", "index.json"]
    for path in (folder / "pages").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for n, size in index["images"].items():
        img = cv2.imread(str(folder / "pages" / f"{n}.jpg"))
        assert (img.shape[1], img.shape[0]) == (size["width"], size["height"])
        assert 600 <= max(img.shape[:2]) <= PREVIEW_PX
    assert FULL_ID not in json.dumps(index) and "身份证" not in json.dumps(index)


@pytest.mark.parametrize("doc", [0, 1], ids=["id-photo", "text-layer-pdf"])
def test_the_hidden_digits_of_id_numbers_are_black_in_the_preview(written, doc):
    report, folder = written
    img = _image(folder, doc)
    box = report.documents[doc].fields["id_number"].bbox
    assert _region(img, _hidden_part(box)).mean() < 70  # blacked out (MASK_BGR is 40)
    shown = BBox(x0=box.x0, y0=box.y0, x1=box.x0 + (box.x1 - box.x0) * 4 / 18, y1=box.y1)
    assert _region(img, shown).mean() > 120  # the first digits stay readable: the mask is where it belongs


def test_field_boxes_line_up_with_the_page(written):
    """The name box of the photo covers the drawn text (dark strokes), not the blank page."""
    report, folder = written
    img = _image(folder, 0)
    name_box = report.documents[0].fields["name"].bbox
    assert _region(img, name_box).min() < 100
    blank = BBox(x0=0.5, y0=0.3, x1=0.7, y1=0.4)
    assert _region(img, blank).min() > 150


def test_each_page_is_rendered_once(tmp_path):
    report = build_report(tmp_path / "src")
    calls = []

    class Counting(PageCropper):
        def crop(self, folder, file, page, region, **kw):
            calls.append((file, page, tuple(region.as_list())))
            return super().crop(folder, file, page, region, **kw)

    write_applicant(report, tmp_path / "out", crops=Counting())
    whole = [c for c in calls if c[2] == (0.0, 0.0, 1.0, 1.0)]
    assert sorted(whole) == sorted(set(whole)) and len(whole) == 3  # two readable pages and the gone one, once each
    assert len(page_refs(report)) == 3


def test_without_a_crop_source_old_previews_go(written, tmp_path):
    report, folder = written
    other = report.model_copy(update={"findings": report.findings[:2]})  # another report.json
    write_applicant(other, tmp_path / "out", crops=None)
    assert not list((folder / "pages").iterdir())


def test_a_source_that_cannot_read_the_page_is_skipped(tmp_path):
    report = build_report(tmp_path / "src")

    class Broken(PageCropper):
        def crop(self, *a, **kw):
            raise OSError("disk gone")

    assert CropMaker(report, Broken()).page_picture(report.documents[0], 1, ocr=True) is None
    folder = write_applicant(report, tmp_path / "out", crops=Broken())
    assert not (folder / "pages" / "index.json").exists()


def test_no_full_id_outside_report_json_fields(written):
    _, folder = written
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        if path.name == "report.json":
            data = json.loads(text)
            for d in data["documents"]:
                d.pop("fields")
            text = json.dumps(data, ensure_ascii=False)
        assert not ANY_FULL_ID.search(text), path.name


@pytest.mark.parametrize("change", ["no-box", "no-field"])
def test_an_ocr_page_whose_id_number_has_no_box_gets_no_preview(tmp_path, change):
    """Masks on a photo come only from the ID field's box: without one, the page is withheld."""
    report = build_report(tmp_path / "src")
    card = report.documents[0]
    fields = dict(card.fields)
    if change == "no-box":
        fields["id_number"] = fields["id_number"].model_copy(update={"bbox": None, "page": None})
    else:
        del fields["id_number"]
    docs = [card.model_copy(update={"fields": fields}), *report.documents[1:]]
    folder = write_applicant(report.model_copy(update={"documents": docs}), tmp_path / "out", crops=PageCropper())
    index = json.loads((folder / "pages" / "index.json").read_text(encoding="utf-8"))
    assert set(index["documents"]) == {"1"} and len(list((folder / "pages").glob("*.jpg"))) == 1


def test_a_jpeg_whose_bytes_read_as_digits_is_encoded_again():
    """A flat area codes as a run of one byte; a run of digit bytes would look like a leaked ID number."""
    from preaudit.pipeline.report import pages

    flat = np.full((400, 300, 3), 200, np.uint8)
    first = pages.to_jpeg(flat)
    assert first is not None and not pages.DIGIT_RUN.search(first.data)
    assert (first.width, first.height) == (300, 400)
    seen = []

    class Picky:
        def search(self, data):
            seen.append(data)
            return len(seen) == 1  # the first quality "reads as digits"

    pages.DIGIT_RUN, saved = Picky(), pages.DIGIT_RUN
    try:
        again = pages.to_jpeg(flat)
    finally:
        pages.DIGIT_RUN = saved
    assert again is not None and len(seen) == 2 and again.data == seen[1] != seen[0]


def test_a_page_whose_every_coding_reads_as_digits_gets_no_preview(tmp_path, monkeypatch):
    from preaudit.pipeline.report import pages

    class Always:
        def search(self, data):
            return True

    monkeypatch.setattr(pages, "DIGIT_RUN", Always())
    folder = write_applicant(build_report(tmp_path / "src"), tmp_path / "out", crops=PageCropper())
    assert not (folder / "pages" / "index.json").exists() and not list((folder / "pages").glob("*.jpg"))


def test_each_preview_is_coded_once_from_pixels_at_preview_size(tmp_path, monkeypatch):
    """The crop source hands over the painted pixels at the size shown; one JPEG is coded from them."""
    from preaudit.pipeline.report import pages

    shapes = []

    def recording(image):
        shapes.append((type(image), image.dtype, image.shape))
        return real(image)

    real = pages.to_jpeg
    monkeypatch.setattr(pages, "to_jpeg", recording)
    folder = write_applicant(build_report(tmp_path / "src"), tmp_path / "out", crops=PageCropper())
    jpgs = sorted((folder / "pages").glob("*.jpg"))
    assert len(shapes) == len(jpgs) == 2
    assert all(t is np.ndarray and d == np.uint8 and len(sh) == 3 for t, d, sh in shapes)
    for path in jpgs:
        data = path.read_bytes()
        assert data[:3] == b"\xff\xd8\xff"
        img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        assert img is not None and max(img.shape[:2]) <= PREVIEW_PX
    a4 = _image(folder, 1)  # the text-layer A4 page: rendered at the preview's size, not shrunk to it
    assert max(a4.shape) == PREVIEW_PX


def _small_pdf(path, width_pt: float, height_pt: float) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=width_pt, height=height_pt)
    page.insert_text((20, 40), "No. " + FULL_ID, fontsize=10)
    doc.save(path)
    doc.close()


def test_a_small_text_layer_page_is_rendered_at_the_preview_size_with_its_id_masked(tmp_path):
    """Rendered at the resolution that gives PREVIEW_PX (not PDF_CROP_DPI); its own ID run masked."""
    from preaudit.pipeline.report.evidence import FULL_PAGE
    from preaudit.pipeline.report.pages import to_jpeg

    _small_pdf(tmp_path / "card.pdf", 300, 200)
    picture = PageCropper().crop(
        str(tmp_path), "card.pdf", 1, FULL_PAGE, box=FULL_PAGE, ocr=False, max_px=PREVIEW_PX, encoder=to_jpeg,
    )
    assert picture is not None and picture.width == PREVIEW_PX and abs(picture.height - 733) <= 1
    img = cv2.imdecode(np.frombuffer(picture.data, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert img.shape == (picture.height, PREVIEW_PX)
    with pymupdf.open(tmp_path / "card.pdf") as doc:
        (hidden,) = text_layer_id_masks(doc[0])
    assert _region(img, hidden).mean() < 70
    assert _region(img, BBox(x0=0.0, y0=hidden.y0, x1=hidden.x0, y1=hidden.y1)).min() < 100  # the shown digits
