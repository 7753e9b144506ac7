import pymupdf
import pytest

from preaudit.pipeline.errors import InputError
from preaudit.pipeline.intake.ingest import list_source_files
from preaudit.pipeline.intake.render import render_file, text_layer_is_usable
from tests.helpers import write_text_pdf


class CountingOcr:
    """An OCR stand-in that records calls: the text-layer path must make none."""

    def __init__(self):
        self.calls = 0

    def read(self, sha, page, image, variant=""):
        self.calls += 1
        return []


def _source(tmp_path, name):
    return {f.path: f for f in list_source_files(tmp_path)}[name]


def test_born_digital_pdf_is_read_without_ocr(tmp_path):
    write_text_pdf(tmp_path / "社保.pdf", [(50, 80, "云南省城镇职工基本养老保险个人参保证明"), (50, 120, "姓名：张伟"), (50, 140, "参保单位：昆明云岭科技有限公司")])
    ocr = CountingOcr()
    result = render_file(_source(tmp_path, "社保.pdf"), ocr)
    assert ocr.calls == 0
    page = result.pages[0]
    assert page.source == "pdf_text" and "参保证明" in page.text
    assert all(0 <= ln.bbox.x0 < ln.bbox.x1 <= 1 for ln in page.lines)


def test_image_only_pdf_goes_to_ocr(tmp_path):
    doc = pymupdf.open()
    pg = doc.new_page()
    pg.draw_rect(pymupdf.Rect(50, 50, 200, 200), color=(0, 0, 0))
    doc.save(tmp_path / "scan.pdf")
    ocr = CountingOcr()
    result = render_file(_source(tmp_path, "scan.pdf"), ocr)
    assert ocr.calls == 1 and result.pages[0].source == "ocr" and result.pages[0].image is not None


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.pdf", b""), ("broken.pdf", b"%PDF-1.4 garbage"), ("broken.jpg", b"\xff\xd8\xff garbage"), ("empty.png", b"")],
)
def test_bad_files_raise_input_error(tmp_path, name, content):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(InputError):
        render_file(_source(tmp_path, name), CountingOcr())


def test_encrypted_pdf_is_an_input_error(tmp_path):
    doc = pymupdf.open()
    doc.new_page().insert_text((50, 50), "secret")
    doc.save(tmp_path / "locked.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    with pytest.raises(InputError, match="加密"):
        render_file(_source(tmp_path, "locked.pdf"), CountingOcr())


def test_garbled_text_layer_is_not_trusted():
    from tests.helpers import line

    assert not text_layer_is_usable([line("(cid:12)(cid:13)(cid:14)(cid:15)(cid:16)", 0, 0, 1, 0.1)])
    assert not text_layer_is_usable([line("abc", 0, 0, 1, 0.1)])
