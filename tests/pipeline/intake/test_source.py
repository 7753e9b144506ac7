"""SourceDocument: a user file read once, its pages' pixels as read and straightened, and the
evidence crops cut from it (pipeline/intake/source.py, crops.py)."""

from __future__ import annotations

import builtins
import io
import os
from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest

from preaudit.pipeline.errors import InputError
from preaudit.pipeline.intake import preprocess, source as source_module
from preaudit.pipeline.intake.crops import PageCropper
from preaudit.pipeline.intake.render import RENDER_DPI, render_file
from preaudit.pipeline.intake.source import SourceDocument
from preaudit.pipeline.intake.walk import list_source_files
from preaudit.pipeline.model import BBox
from preaudit.pipeline.run import read_file
from tests.pipeline.report.report_builders import write_pension_pdf

BLOCK = BBox(x0=0.3, y0=0.45, x1=0.6, y1=0.55)  # a black block on the flat page, page-relative


def _source(folder: Path, name: str):
    return {f.path: f for f in list_source_files(folder)}[name]


class _Opens:
    """Every way the process could open a file, counted for one path."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
        self.path, self.calls = str(path), []
        for owner, name in ((os, "open"), (builtins, "open"), (io, "open"), (pymupdf, "open"), (cv2, "imread")):
            monkeypatch.setattr(owner, name, self._counting(name, getattr(owner, name)))

    def _counting(self, name, real):
        def wrapper(*args, **kwargs):
            target = args[0] if args else kwargs.get("filename") or kwargs.get("file")
            if target is not None and isinstance(target, (str, os.PathLike)) and os.fspath(target) == self.path:
                self.calls.append(name)
            return real(*args, **kwargs)
        return wrapper


# --------------------------------------------------------------------------- read once


def test_a_pdf_is_read_once_for_render_and_every_integrity_fact(tmp_path, monkeypatch):
    write_pension_pdf(tmp_path / "社保.pdf")
    sf = _source(tmp_path, "社保.pdf")
    opens = _Opens(monkeypatch, Path(sf.abs_path))
    result = read_file(sf, None)
    [doc] = result.documents
    # the seal check rendered the text-layer page, the structure and fonts were read: all from one read
    assert doc.meta["seal_check"]["checked"] and "pdf" in doc.meta and "font_anomalies" in doc.meta
    assert opens.calls == ["open"]  # os.open, once (never through a link); MuPDF never opens the path


def test_an_image_is_read_once(tmp_path, monkeypatch):
    cv2.imwrite(str(tmp_path / "照片.jpg"), np.full((300, 200, 3), 200, np.uint8))
    sf = _source(tmp_path, "照片.jpg")
    opens = _Opens(monkeypatch, Path(sf.abs_path))
    read_file(sf, None)
    assert opens.calls == ["open"]


def test_render_hands_on_the_document_it_read(tmp_path):
    write_pension_pdf(tmp_path / "社保.pdf")
    result = render_file(_source(tmp_path, "社保.pdf"), None)
    assert result.source is not None and result.source.kind == "pdf" and result.source.page_count == 1
    assert [ln.text for ln in result.source.page(1).text_layer()] == [ln.text for ln in result.pages[0].lines]
    result.close()


# --------------------------------------------------------------------------- pixels


def test_page_images_are_what_render_made(tmp_path):
    scan = pymupdf.open()
    page = scan.new_page(width=595, height=842)
    page.draw_rect(pymupdf.Rect(100, 100, 300, 200), color=(0, 0, 0), fill=(0.8, 0.1, 0.1))
    scan.save(tmp_path / "scan.pdf")
    cv2.imwrite(str(tmp_path / "photo.png"), np.random.default_rng(1).integers(0, 255, (120, 90, 3), np.uint8))
    for name in ("scan.pdf", "photo.png"):
        sf = _source(tmp_path, name)
        rendered = render_file(sf, None).pages[0].image  # without OCR: the page as read
        with SourceDocument.of(sf) as source:
            assert np.array_equal(source.page(1).image(dpi=RENDER_DPI), rendered), name
            assert np.array_equal(source.page(1).image(), rendered), name


def test_pdf_pages_at_a_resolution_whole_or_cropped(tmp_path):
    write_pension_pdf(tmp_path / "社保.pdf")
    with SourceDocument.open(tmp_path / "社保.pdf") as source:
        page = source.page(1)
        assert page.size_pt() == (595.0, 842.0)
        whole = page.image(dpi=100)
        assert abs(whole.shape[0] - 842 * 100 / 72) <= 1 and abs(whole.shape[1] - 595 * 100 / 72) <= 1
        assert page.image(scale=1.0).shape[:2] == (842, 595)  # scale relative to 72 dpi, as docling's
        half = page.image(dpi=100, crop=BBox(x0=0.0, y0=0.0, x1=0.5, y1=0.5))
        assert abs(half.shape[1] - whole.shape[1] / 2) <= 1 and abs(half.shape[0] - whole.shape[0] / 2) <= 1
        assert source.page(2).image() is None and source.page(2).text_layer() == []
        assert not page.has_images()


def _flat_page() -> np.ndarray:
    """A page with text rows (so it can be levelled) and one black block at BLOCK."""
    h, w = 1400, 1000
    page = np.full((h, w, 3), 250, np.uint8)
    for i in range(20):
        if not 0.4 < (80 + 60 * i) / h < 0.6:
            cv2.putText(page, f"ROW {i} 530102 VALUE", (60, 80 + 60 * i), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (20, 20, 20), 2)
    cv2.rectangle(page, (int(BLOCK.x0 * w), int(BLOCK.y0 * h)), (int(BLOCK.x1 * w), int(BLOCK.y1 * h)), (0, 0, 0), -1)
    return page


def _phone_photo(path: Path) -> dict:
    """The flat page photographed askew on a dark table, saved a quarter turn off; returns the
    geometry intake records for it (the turn, then preprocess's steps)."""
    page = _flat_page()
    src = np.float32([[0, 0], [999, 0], [999, 1399], [0, 1399]])
    dst = np.float32([[220, 150], [1230, 210], [1270, 1650], [180, 1600]])
    table = np.full((1800, 1500, 3), 60, np.uint8)
    photo = cv2.warpPerspective(page, cv2.getPerspectiveTransform(src, dst), (1500, 1800), dst=table,
                                borderMode=cv2.BORDER_TRANSPARENT)
    turned = cv2.rotate(photo, cv2.ROTATE_90_COUNTERCLOCKWISE)
    cv2.imwrite(str(path), turned)
    steps = preprocess.prepare_for_ocr(cv2.rotate(turned, cv2.ROTATE_90_CLOCKWISE)).steps
    assert steps.get("perspective") is not None
    return {"turn": 90, "steps": steps}


def _dark(image: np.ndarray) -> float:
    return float(np.mean(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) < 100))


def test_a_phone_photo_is_straightened_as_the_ocr_read_it(tmp_path, monkeypatch):
    geometry = _phone_photo(tmp_path / "photo.jpg")
    calls = []
    real = source_module.upright_image
    monkeypatch.setattr(source_module, "upright_image", lambda im, g: calls.append(1) or real(im, g))
    with SourceDocument.open(tmp_path / "photo.jpg") as source:
        page = source.page(1)
        upright = page.image(straighten=geometry)
        assert upright.shape[0] > upright.shape[1]  # portrait again
        inside = page.image(crop=BBox(x0=0.33, y0=0.47, x1=0.57, y1=0.53), straighten=geometry)
        above = page.image(crop=BBox(x0=0.33, y0=0.36, x1=0.57, y1=0.42), straighten=geometry)
        assert _dark(inside) > 0.95 and _dark(above) < 0.3
        assert len(calls) == 1  # the straightened page is kept for the next crop
        assert _dark(page.image(crop=BBox(x0=0.33, y0=0.47, x1=0.57, y1=0.53))) < 0.5  # as read: elsewhere
        with pytest.raises(ValueError):
            upright.fill(0)  # the kept page cannot be painted over by a caller


def test_crops_of_a_straightened_phone_photo(tmp_path):
    geometry = _phone_photo(tmp_path / "photo.jpg")
    region = BBox(x0=0.25, y0=0.4, x1=0.65, y1=0.6)
    with PageCropper() as cropper:
        crop = cropper.crop(str(tmp_path), "photo.jpg", 1, region, box=BLOCK, ocr=True, geometry=geometry)
        again = cropper.crop(str(tmp_path), "photo.jpg", 1, region, box=BLOCK, ocr=True, geometry=geometry)
        assert cropper.opened == 1  # one read for both
    assert crop is not None and crop.mime == "image/jpeg" and crop == again
    img = cv2.imdecode(np.frombuffer(crop.data, np.uint8), cv2.IMREAD_COLOR)
    assert img.shape[:2] == (crop.height, crop.width)
    h, w = img.shape[:2]
    centre = img[int(0.4 * h):int(0.6 * h), int(0.3 * w):int(0.7 * w)]  # the block, in region terms
    assert _dark(centre) > 0.9


def test_crops_black_out_masks_and_never_leave_the_folder(tmp_path):
    (tmp_path / "a").mkdir()
    write_pension_pdf(tmp_path / "a" / "社保.pdf")
    (tmp_path / "outside.pdf").write_bytes((tmp_path / "a" / "社保.pdf").read_bytes())
    region, box = BBox(x0=0.1, y0=0.1, x1=0.9, y1=0.3), BBox(x0=0.2, y0=0.15, x1=0.8, y1=0.2)
    with PageCropper() as cropper:
        assert cropper.crop(str(tmp_path / "a"), "../outside.pdf", 1, region, box=box, ocr=False) is None
        assert cropper.crop(str(tmp_path / "a"), "gone.pdf", 1, region, box=box, ocr=False) is None
        assert cropper.crop(str(tmp_path / "a"), "社保.pdf", 3, region, box=box, ocr=False) is None
        assert cropper.crop("", "社保.pdf", 1, region, box=box, ocr=False) is None
        plain = cropper.crop(str(tmp_path / "a"), "社保.pdf", 1, region, box=box, ocr=False)
        masked = cropper.crop(str(tmp_path / "a"), "社保.pdf", 1, region, box=box, ocr=False,
                              masks=[BBox(x0=0.1, y0=0.25, x1=0.5, y1=0.3)])
    assert plain is not None and plain.mime == "image/png"
    dark = [_dark(cv2.imdecode(np.frombuffer(c.data, np.uint8), cv2.IMREAD_COLOR)) for c in (plain, masked)]
    assert dark[1] > dark[0] + 0.05


# --------------------------------------------------------------------------- kinds by bytes


def test_a_pdf_renamed_jpg_is_a_pdf(tmp_path):
    boxes = write_pension_pdf(tmp_path / "社保.jpg")
    sf = _source(tmp_path, "社保.jpg")
    with SourceDocument.of(sf) as source:
        assert source.kind == "pdf" and source.page(1).text_layer()
    result = render_file(sf, None)
    assert result.pages[0].source == "pdf_text"
    result.close()
    employer = boxes["employer"]
    region = BBox(x0=employer.x0 - 0.05, y0=employer.y0 - 0.01, x1=employer.x1 + 0.02, y1=employer.y1 + 0.01)
    with PageCropper() as cropper:
        crop = cropper.crop(str(tmp_path), "社保.jpg", 1, region, box=employer, ocr=False)
    assert crop is not None and crop.mime == "image/png"


def test_broken_and_locked_files_say_why(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    with SourceDocument.open(tmp_path / "broken.pdf") as source:
        with pytest.raises(InputError, match="PDF 文件损坏或无法打开：Failed to open file 'broken.pdf' as type pdf."):
            source.page_count  # noqa: B018 - the property opens the PDF
        assert source.kind == "pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((50, 50), "secret")
    doc.save(tmp_path / "locked.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    with SourceDocument.open(tmp_path / "locked.pdf") as source, pytest.raises(InputError, match="加密"):
        source.page(1).image()
    (tmp_path / "x.jpg").write_bytes(b"\xff\xd8\xff garbage")
    with SourceDocument.open(tmp_path / "x.jpg") as source, pytest.raises(InputError, match="图片文件损坏"):
        source.page(1).image()


def test_a_file_grown_past_the_bound_since_the_walk_is_refused(tmp_path, monkeypatch):
    (tmp_path / "big.jpg").write_bytes(b"\xff\xd8\xff" + b"\0" * 4096)
    sf = _source(tmp_path, "big.jpg")
    monkeypatch.setattr(source_module, "limits", lambda: type("L", (), {"files_max_bytes": 1024})())
    with pytest.raises(InputError, match="文件过大"):
        SourceDocument.of(sf)


def test_a_faint_watermark_turned_across_the_page_is_no_text_line():
    """云南人社12333电子证明 printed faint at 30° over an e-certificate's rows (issue 12, blind family
    app-e-certificate-ranges): its words ran into the values beside it (参保地 昆明市云南人社12333电子证明).
    A dark turned line (a stamp's text, a rotated heading) stays."""
    import pymupdf

    from preaudit.pipeline.intake.source import text_layer_lines

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 200), "参保地：昆明市", fontname="china-s", fontsize=11)
    for y in (190, 400, 610):
        page.insert_text((170, y), "云南人社12333电子证明", fontname="china-s", fontsize=16, color=(0.82, 0.82, 0.82),
                         morph=(pymupdf.Point(170, y), pymupdf.Matrix(-30)))
    page.insert_text((400, 700), "仅供职称申报使用", fontname="china-s", fontsize=12, color=(0.1, 0.1, 0.1),
                     morph=(pymupdf.Point(400, 700), pymupdf.Matrix(-30)))
    texts = [ln.text for ln in text_layer_lines(page)]
    assert "参保地：昆明市" in texts
    assert not any("12333" in t for t in texts)
    assert any("仅供职称申报使用" in t for t in texts)
    doc.close()
