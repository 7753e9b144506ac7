"""One user file, read once: its bytes, its kind, its text layer and its pixels.

A `SourceDocument` is the only way the pipeline reads an applicant's file after the walk
(pipeline/intake/walk.py hashes it and sniffs its head): render reads its pages from it
(pipeline/intake/render.py), the integrity facts ask it for page images and the open PDF
(pipeline/integrity/facts.py, pdfmeta.py), and evidence crops are cut from it
(pipeline/intake/crops.py). So the bytes are read once per stage that needs them, and no module
outside intake opens a user file, or knows how MuPDF and OpenCV turn one into pixels.

- The bytes are read once, never through a link (`open_regular`), within files.max_bytes.
- The kind is what the bytes say (a PDF saved as 学历.jpg is a PDF), else what the name says.
- A PDF is opened once, from the bytes, on first use; every MuPDF call takes MUPDF_LOCK.
- A page (`SourcePage`, as docling's `Page.get_image`) gives its text layer and its image at
  a resolution, whole or cropped, as read or straightened as the OCR read it (the quarter turn,
  perspective and deskew recorded in the page geometry, or recomputed when not recorded).
  Straightened pages are kept in a small LRU (evidence cuts several crops from one page);
  nothing else is kept.
"""

from __future__ import annotations

import io
import json
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pymupdf

from preaudit.pipeline.errors import InputError
from preaudit.pipeline.intake.limits import limits, mib, raster_dpi
from preaudit.pipeline.intake.walk import kind_of, open_regular, sniff_bytes
from preaudit.pipeline.locks import MUPDF_LOCK
from preaudit.pipeline.model import BBox, SourceFile, TextLine

RENDER_DPI = 200  # the resolution pages are read (OCRed) at: boxes of OCR lines are relative to it
# OpenCV's own guard, for a format whose header Pillow cannot read: read on its first decode.
os.environ.setdefault("OPENCV_IO_MAX_IMAGE_PIXELS", str(limits().image_max_pixels))
SPAN_GAP_FACTOR = 1.5  # a gap wider than this many font sizes splits a text-layer line into cells
STRAIGHT_CACHE = 2  # straightened pages kept per document (a phone photo is ~150 MB decoded)
_TURNS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


# --------------------------------------------------------------------------- pixels


def _pixmap_to_bgr(pix: pymupdf.Pixmap) -> np.ndarray:
    arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
    if pix.n == 4:
        return cv2.cvtColor(arr, cv2.COLOR_RGBA2BGR)
    if pix.n == 1:
        return cv2.cvtColor(arr, cv2.COLOR_GRAY2BGR)
    return cv2.cvtColor(arr, cv2.COLOR_RGB2BGR)


def page_dpi(page: pymupdf.Page, dpi: int) -> int:
    """`dpi`, or lower for a page so large that its raster would pass pdf.max_page_pixels."""
    return raster_dpi(page.rect.width, page.rect.height, dpi)


def image_pixels(data: bytes) -> tuple[int, int] | None:
    """(width, height) from an image's header, without decoding it (Pillow reads the header
    only); None where Pillow does not know the format."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as im:
                return im.size
    except Image.DecompressionBombError as exc:
        found = re.findall(r"\d+", str(exc))
        return (int(found[0]), 1) if found else (limits().image_max_pixels + 1, 1)
    except Exception:  # noqa: BLE001 - an unknown or broken header: OpenCV decides below
        return None


def decode_image_bytes(raw: bytes) -> np.ndarray:
    """Decode an image from its bytes; EXIF orientation is applied by OpenCV.

    The header is read first: an image over image.max_pixels (pipeline/intake/limits.yaml) is refused
    before anything is decoded (a 0.9 MB PNG of 30000 x 30000 would take 2.7 GB).

    Raises:
        InputError: empty, over the bound, corrupt or not an image.
    """
    if not raw:
        raise InputError("文件为空（0 字节）")
    bound = limits().image_max_pixels
    size = image_pixels(raw)
    if size is not None and size[0] * size[1] > bound:
        shown = f"{size[0]}×{size[1]} 像素" if size[1] > 1 else f"{size[0]} 像素"
        raise InputError(f"图片像素过大（{shown}，上限 {bound} 像素），未读取")
    image = cv2.imdecode(np.frombuffer(raw, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None or image.size == 0:
        raise InputError("图片文件损坏或格式无法识别")
    return image


def upright_image(image: np.ndarray, geometry: Mapping[str, Any] | None) -> np.ndarray:
    """The page image OCR boxes are relative to: the quarter turn undone, then perspective and
    deskew as preaudit.pipeline.intake.preprocess applied them (replayed when recorded, else
    recomputed: the steps are deterministic). Resizing does not matter: boxes are page-relative.

    `geometry` is a page's `Page.geometry` (`{"turn": clockwise degrees, "steps": Prepared.steps}`)."""
    from preaudit.pipeline.intake import preprocess

    geometry = geometry or {}
    turn = int(geometry.get("turn") or 0) % 360
    if turn in _TURNS:
        image = cv2.rotate(image, _TURNS[turn])
    steps = geometry.get("steps")
    if isinstance(steps, dict):
        if steps.get("perspective") is not None:
            image = preprocess.warp_quad(image, np.array(steps["perspective"], dtype=np.float32))
        if steps.get("deskew"):
            image = preprocess.rotate(image, float(steps["deskew"]))
        return image
    prepared = preprocess.prepare_for_ocr(image)
    return getattr(prepared, "upright", prepared.image)


def slice_image(image: np.ndarray, crop: BBox) -> np.ndarray:
    """The page-relative `crop` of an image, as its own (writable) array."""
    h, w = image.shape[:2]
    x0, x1 = int(crop.x0 * w), int(np.ceil(crop.x1 * w))
    y0, y1 = int(crop.y0 * h), int(np.ceil(crop.y1 * h))
    return image[y0:y1, x0:x1].copy()


def _resized(image: np.ndarray, factor: float) -> np.ndarray:
    if abs(factor - 1.0) < 1e-9:
        return image
    h, w = image.shape[:2]
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC)


# --------------------------------------------------------------------------- text layer


WATERMARK_TURN = 0.1  # a line whose direction leaves the horizontal by more (sin of the angle) ...
WATERMARK_LIGHT = 0.6  # ... drawn in a colour at least this light (0 black .. 1 white) is a watermark


def is_watermark(direction: tuple[float, float] | None, color: object) -> bool:
    """Text drawn faint and turned across the page on purpose (云南人社12333 电子证明 at 30°): a
    watermark, no part of what the page says. `color`: MuPDF's packed sRGB int or its 0..1 tuple."""
    _dx, dy = direction or (1.0, 0.0)
    if isinstance(color, int):
        rgb = ((color >> 16) & 255, (color >> 8) & 255, color & 255)
        parts = tuple(c / 255 for c in rgb)
    else:
        parts = tuple(color or (0.0, 0.0, 0.0))  # type: ignore[arg-type]
    light = 0.299 * parts[0] + 0.587 * parts[1] + 0.114 * parts[2] if len(parts) == 3 else float(parts[0])
    return abs(dy) > WATERMARK_TURN and light >= WATERMARK_LIGHT


def text_layer_lines(page: pymupdf.Page) -> list[TextLine]:
    """Lines of the PDF text layer, split into cells where spans are far apart (tables); a watermark
    turned faint across the page is no line (its words would run into the values beside it)."""
    width, height = page.rect.width or 1.0, page.rect.height or 1.0
    out: list[TextLine] = []
    data = page.get_text("dict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE)
    for block in data.get("blocks", []):
        for line in block.get("lines", []):
            spans = [sp for sp in line.get("spans", []) if sp.get("text", "").strip()]
            if spans and all(is_watermark(line.get("dir"), sp.get("color", 0)) for sp in spans):
                continue
            cell_text, cell_box, last_x1, size = "", None, None, 10.0
            for span in line.get("spans", []):
                text = span.get("text", "")
                if not text.strip():
                    continue
                x0, y0, x1, y1 = span["bbox"]
                size = span.get("size", size) or size
                if cell_box is not None and last_x1 is not None and x0 - last_x1 > SPAN_GAP_FACTOR * size:
                    out.append(_line(cell_text, cell_box, width, height))
                    cell_text, cell_box = "", None
                cell_text += text
                box = (x0, y0, x1, y1)
                cell_box = box if cell_box is None else (
                    min(cell_box[0], x0), min(cell_box[1], y0), max(cell_box[2], x1), max(cell_box[3], y1)
                )
                last_x1 = x1
            if cell_box is not None and cell_text.strip():
                out.append(_line(cell_text, cell_box, width, height))
    return out


def _line(text: str, box: tuple[float, float, float, float], width: float, height: float) -> TextLine:
    x0, y0, x1, y1 = box
    return TextLine(
        text=text.strip(),
        bbox=BBox(x0=max(0, x0 / width), y0=max(0, y0 / height), x1=min(1, x1 / width), y1=min(1, y1 / height)),
        confidence=1.0,
        source="pdf_text",
    )


# --------------------------------------------------------------------------- the document


def read_bytes(path: Path) -> bytes:
    """A user file's bytes, never through a link, within files.max_bytes.

    Raises:
        InputError: the file cannot be read, or has grown past the bound since the walk.
    """
    bound = limits().files_max_bytes
    try:
        with open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > bound:
                raise InputError(f"文件过大（{mib(size)}，上限 {mib(bound)}），未读取")
            data = fh.read(bound + 1)
    except OSError as exc:
        raise InputError(f"无法读取：{exc.strerror or exc}") from exc
    if len(data) > bound:
        raise InputError(f"文件过大（超过 {mib(bound)}），未读取")
    return data


class SourceDocument:
    """One user file read once (see the module docstring). Use as a context manager, or close():
    closing lets the open PDF and the kept pages go (the bytes go with the object)."""

    def __init__(self, data: bytes, name: str = "", *, abs_path: str = "", sha256: str = "") -> None:
        self.data = data
        self.name = name  # as reports name it (relative to the applicant folder)
        self.abs_path = abs_path  # for MuPDF's own wording of a broken file only: never opened again
        self.sha256 = sha256
        self.kind = kind_of(sniff_bytes(data), name or abs_path)
        self._doc: pymupdf.Document | None = None
        self._failure: InputError | None = None
        self._straight: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()  # the LRU only: never held while MUPDF_LOCK is taken

    @classmethod
    def of(cls, sf: SourceFile) -> "SourceDocument":
        """The file a walk recorded (pipeline/intake/walk.py), read now.

        Raises:
            InputError: it cannot be read, or is now over files.max_bytes.
        """
        return cls(read_bytes(Path(sf.abs_path)), sf.path, abs_path=sf.abs_path, sha256=sf.sha256)

    @classmethod
    def open(cls, path: Path, name: str = "") -> "SourceDocument":
        """A file by its path (evidence crops: the applicant folder of a written report).

        Raises:
            InputError: it cannot be read, or is over files.max_bytes.
        """
        return cls(read_bytes(Path(path)), name or Path(path).name, abs_path=str(path))

    @property
    def size(self) -> int:
        return len(self.data)

    def __enter__(self) -> "SourceDocument":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._straight.clear()
        with MUPDF_LOCK:
            if self._doc is not None:
                self._doc.close()
                self._doc = None

    # -- the PDF

    def _open_pdf(self) -> pymupdf.Document:
        if self._doc is not None:
            return self._doc
        if self._failure is not None:
            raise self._failure
        try:
            if self.kind != "pdf":
                raise InputError("不是 PDF 文件")
            if not self.data:
                raise InputError("文件为空（0 字节）")
            try:
                doc = pymupdf.open(stream=self.data, filetype="pdf")
            except Exception as exc:  # noqa: BLE001 - MuPDF raises several types for broken files
                raise InputError(f"PDF 文件损坏或无法打开：{self._mupdf_wording(exc)}") from exc
            if doc.needs_pass or doc.is_encrypted:
                doc.close()
                raise InputError("PDF 文件已加密，无法读取")
            if doc.page_count == 0:
                doc.close()
                raise InputError("PDF 文件没有页面")
        except InputError as exc:
            self._failure = exc
            raise
        self._doc = doc
        return doc

    def _mupdf_wording(self, exc: Exception) -> str:
        """What MuPDF says of a broken file, in the words it uses when it opens one by its path,
        with the file named as the report names it (the path may be a temporary folder)."""
        text = str(exc)
        if text == "Failed to open stream" and self.abs_path:
            suffix = Path(self.abs_path).suffix.strip(".")
            text = f"Failed to open file {self.abs_path!r} as type {suffix}."
        return text.replace(self.abs_path, self.name) if self.abs_path else text

    @contextmanager
    def pdf(self) -> Iterator[pymupdf.Document]:
        """The open PDF, under MUPDF_LOCK for as long as it is used.

        Raises:
            InputError: not a PDF, or one that is broken, encrypted or has no pages.
        """
        with MUPDF_LOCK:
            yield self._open_pdf()

    @property
    def page_count(self) -> int:
        """Pages of the document (an image is one page).

        Raises:
            InputError: a PDF that cannot be opened.
        """
        if self.kind != "pdf":
            return 1
        with self.pdf() as doc:
            return int(doc.page_count)

    def page(self, number: int) -> "SourcePage":
        """Page `number` (1-based); whether it exists is known when it is asked for something."""
        return SourcePage(self, number)

    # -- pixels

    def _as_read(self, number: int, dpi: int, crop: BBox | None) -> np.ndarray | None:
        """The page as the file holds it: a PDF page rendered at `dpi` (bounded by
        pdf.max_page_pixels; only the `crop` region when given), an image decoded."""
        if self.kind != "pdf":
            if number != 1:
                return None
            image = decode_image_bytes(self.data)
            return slice_image(image, crop) if crop is not None else image
        with self.pdf() as doc:
            if not 0 < number <= doc.page_count:
                return None
            page = doc[number - 1]
            if crop is None:
                return _pixmap_to_bgr(page.get_pixmap(dpi=page_dpi(page, dpi), alpha=False))
            r = page.rect
            clip = pymupdf.Rect(
                r.x0 + crop.x0 * r.width, r.y0 + crop.y0 * r.height,
                r.x0 + crop.x1 * r.width, r.y0 + crop.y1 * r.height,
            )
            dpi = raster_dpi(clip.width, clip.height, dpi)
            return _pixmap_to_bgr(page.get_pixmap(clip=clip, dpi=dpi, alpha=False))

    def _reading_dpi(self, number: int, dpi: int) -> float:
        """The resolution a page renders at when asked for `dpi` (within pdf.max_page_pixels)."""
        with self.pdf() as doc:
            if not 0 < number <= doc.page_count:
                return float(dpi)
            return float(page_dpi(doc[number - 1], dpi))

    def _straightened(self, number: int, geometry: Mapping[str, Any] | None) -> np.ndarray | None:
        """The whole page as the OCR read it (at RENDER_DPI, or the file's own pixels), kept in
        a small LRU; read-only (crops are sliced from it)."""
        key = (number, json.dumps(geometry, sort_keys=True, default=str) if geometry is not None else None)
        with self._lock:
            if key in self._straight:
                self._straight.move_to_end(key)
                return self._straight[key]
        image = self._as_read(number, RENDER_DPI, None)
        if image is None:
            return None
        image = upright_image(image, geometry)
        image.flags.writeable = False
        with self._lock:
            self._straight[key] = image
            while len(self._straight) > STRAIGHT_CACHE:
                self._straight.popitem(last=False)
        return image


class SourcePage:
    """One page of a SourceDocument: its text layer and its pixels."""

    def __init__(self, source: SourceDocument, number: int) -> None:
        self.source = source
        self.number = number

    def text_layer(self) -> list[TextLine]:
        """The PDF text layer's lines (page-relative boxes); none for an image."""
        if self.source.kind != "pdf":
            return []
        with self.source.pdf() as doc:
            if not 0 < self.number <= doc.page_count:
                return []
            return text_layer_lines(doc[self.number - 1])

    def size_pt(self) -> tuple[float, float] | None:
        """(width, height) of a PDF page in points; None for an image or a page not there."""
        if self.source.kind != "pdf":
            return None
        with self.source.pdf() as doc:
            if not 0 < self.number <= doc.page_count:
                return None
            r = doc[self.number - 1].rect
            return float(r.width), float(r.height)

    def has_images(self) -> bool:
        """Whether the page holds a raster image (a scan or photo inside a PDF; an image file is one)."""
        if self.source.kind != "pdf":
            return True
        with self.source.pdf() as doc:
            return 0 < self.number <= doc.page_count and bool(doc[self.number - 1].get_images())

    def image(
        self,
        scale: float | None = None,
        crop: BBox | None = None,
        *,
        dpi: int | None = None,
        straighten: bool | Mapping[str, Any] = False,
    ) -> np.ndarray | None:
        """The page's pixels (BGR), None when the document has no such page.

        Args:
            scale: of a PDF page, relative to 72 dpi (docling's convention); of an image, of its
                own pixels. `dpi` instead says a PDF page's resolution (RENDER_DPI by default).
                A PDF page is never rendered past pdf.max_page_pixels.
            crop: a page-relative region of the image (as read, or straightened); a PDF page read
                as is renders that region only.
            straighten: False: as the file holds it. A page geometry (`Page.geometry`:
                the quarter turn, perspective and deskew the OCR read it with): straightened
                as recorded; True: straightened as preprocess would (recomputed).

        Raises:
            InputError: the file gives no pixels (broken, encrypted, over a bound).
        """
        if scale is not None and dpi is not None:
            raise ValueError("scale or dpi, not both")
        source = self.source
        pdf = source.kind == "pdf"
        want = dpi if dpi is not None else round(72 * scale) if pdf and scale is not None else RENDER_DPI
        if straighten is False:
            image = source._as_read(self.number, want, crop)
            if image is not None and not pdf and scale is not None:
                image = _resized(image, scale)
            return image
        geometry = straighten if isinstance(straighten, Mapping) else None
        image = source._straightened(self.number, geometry)
        if image is None:
            return None
        if pdf:
            factor = source._reading_dpi(self.number, want) / source._reading_dpi(self.number, RENDER_DPI)
        else:
            factor = scale if scale is not None else 1.0
        if crop is not None:
            image = slice_image(image, crop)
        elif abs(factor - 1.0) < 1e-9:
            return image  # the kept page itself: read-only
        return _resized(image, factor)
