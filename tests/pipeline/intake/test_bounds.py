"""pipeline/intake/limits.yaml and the bounds render.py holds files to: pixels, pages, page rasters."""

from __future__ import annotations

import struct
import zlib

import pytest

from preaudit.pipeline.errors import InputError
from preaudit.pipeline.intake.ingest import list_source_files
from preaudit.pipeline.intake.limits import DEFAULT_FILE, limits, load_limits, raster_dpi
from preaudit.pipeline.intake.render import decode_image, page_image, render_file
from preaudit.pipeline.run import read_file
from tests.hostile.make_cases import pdf_image_bomb, text_pdf


def test_the_shipped_limits_load_and_a_bad_file_is_refused(tmp_path):
    shipped = load_limits(DEFAULT_FILE)
    assert shipped == limits() and shipped.pdf_max_pages == 50
    text = DEFAULT_FILE.read_text(encoding="utf-8")
    for bad in (text.replace("max_pages: 50", "max_pages: -1"), text.replace("max_pages: 50", "max_pagez: 50"),
                text.replace("max_pixels: 50000000", "max_pixels: many")):
        path = tmp_path / "l.yaml"
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(ValueError):
            load_limits(path)


def test_raster_dpi_keeps_a4_and_bounds_a_wall():
    assert raster_dpi(595, 842, 200) == 200
    dpi = raster_dpi(14400, 14400, 200)
    assert 1 <= dpi < 200 and (14400 * dpi / 72) ** 2 <= limits().pdf_max_page_pixels


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(b"\x00" * 10)) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("width", "height"), [(30000, 30000), (10000, 6000)])
def test_an_image_over_the_pixel_bound_is_refused_from_its_header(tmp_path, width, height):
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_header(width, height))
    with pytest.raises(InputError, match="像素"):
        decode_image(path)


def test_an_image_within_the_bound_still_decodes(tmp_path):
    import cv2
    import numpy as np

    path = tmp_path / "ok.png"
    cv2.imwrite(str(path), np.full((60, 80, 3), 255, np.uint8))
    assert decode_image(path).shape == (60, 80, 3)


def test_a_pdf_page_holding_an_image_bomb_is_refused(tmp_path):
    pdf_image_bomb(tmp_path / "bomb.pdf")
    [sf] = list_source_files(tmp_path)
    with pytest.raises(InputError, match="超大图片"):
        render_file(sf, None)
    assert read_file(sf, None).record.status == "unreadable"


def test_a_long_pdf_is_read_to_the_page_bound_and_says_so(tmp_path):
    text_pdf(tmp_path / "long.pdf", pages=limits().pdf_max_pages + 7)
    text_pdf(tmp_path / "short.pdf", pages=2)
    files = {sf.path: sf for sf in list_source_files(tmp_path)}
    result = render_file(files["long.pdf"], None)
    assert result.page_count == limits().pdf_max_pages + 7 and len(result.pages) == limits().pdf_max_pages
    record = read_file(files["long.pdf"], None).record
    assert record.status == "processed" and record.pages == 57 and record.pages_read == 50 and "57" in record.reason
    short = read_file(files["short.pdf"], None).record
    assert short.pages == 2 and short.pages_read is None and short.reason == ""


def test_a_page_the_size_of_a_wall_is_rendered_within_the_raster_bound(tmp_path):
    path = text_pdf(tmp_path / "wall.pdf", size=(14400, 14400))
    image = page_image(path, 1, 200)
    assert image is not None and image.shape[0] * image.shape[1] <= limits().pdf_max_page_pixels
    [sf] = list_source_files(tmp_path)
    assert read_file(sf, None).record.status == "processed"
