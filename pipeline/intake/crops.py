"""Evidence crops: page regions cut from applicants' files, as encoded pictures.

The report writer knows which region of which page it wants to show (pipeline/report/evidence.py);
this module is where that region becomes pixels, so that the report side never opens a user's
file nor knows how a page was read. Files are read through SourceDocument
(pipeline/intake/source.py): a PDF page read from its text layer is rendered for the region only;
a page that was OCRed (photo, scan, image-only PDF page) is rebuilt as the upright image the OCR
read, straightened with the geometry recorded for it, then sliced. ID numbers are blacked out
(the boxes the report hands in, and on a text-layer page every ID-like run of its own characters),
the field's box is outlined, and the picture is encoded (PNG for rendered text, JPEG for photos).

`PageCropper` is the report writer's crop source (`preaudit.pipeline.report.evidence.CropSource`);
one may serve many reports, from several threads. It keeps a few files and a few straightened
pages, least recently used first out; a file changed on disk is read again.
"""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pymupdf

from preaudit.pipeline.intake.source import SourceDocument
from preaudit.pipeline.locks import MUPDF_LOCK
from preaudit.pipeline.model import ID_LIKE, BBox

log = logging.getLogger(__name__)

MAX_CROP_PX = 1100  # longest side of a crop image, pixels
PDF_CROP_DPI = 170
OUTLINE_BGR = (40, 40, 220)  # the field's own box, drawn in red inside the crop
MASK_BGR = (40, 40, 40)  # the hidden part of an ID number
JPEG_QUALITY = 82
PNG_COMPRESSION = 3  # zlib level: 6 took a third longer for no smaller crops (mostly white text renders)
KEEP_FILES = 3  # source files kept open between crops (each keeps its straightened pages)

Encoder = Callable[[np.ndarray], Any]  # BGR pixels -> an encoded picture (data, mime, width, height) or None


@dataclass(frozen=True)
class CropImage:
    """An encoded crop: `data` in `mime`, `width` x `height` pixels."""

    data: bytes
    mime: str
    width: int
    height: int


class PageCropper:
    """Cuts evidence crops from the files of applicant folders (see the module docstring)."""

    def __init__(self, keep_files: int = KEEP_FILES) -> None:
        self.keep_files = keep_files
        self._files: OrderedDict[tuple[str, int, int], SourceDocument | None] = OrderedDict()
        self._text_masks: dict[tuple[str, int, int, int], list[BBox] | None] = {}
        self.opened = 0  # files read (tests check the cache)

    def close(self) -> None:
        with MUPDF_LOCK:
            for source in self._files.values():
                if source is not None:
                    source.close()
            self._files.clear()
            self._text_masks.clear()

    def __enter__(self) -> "PageCropper":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def crop(
        self,
        folder: str,
        file: str,
        page: int,
        region: BBox,
        *,
        box: BBox,
        ocr: bool,
        geometry: Mapping[str, Any] | None = None,
        masks: Sequence[BBox] = (),
        text_masks: Sequence[BBox] = (),
        max_px: int | None = None,
        encoder: Encoder | None = None,
    ) -> Any:
        """The `region` (page-relative) of page `page` of `folder/file`, or None where there is
        none to cut (no such file inside the folder, unreadable, no such page, an empty region).

        Args:
            box: the field's own box, outlined in the crop.
            ocr: the box is relative to the page as the OCR read it (straightened with
                `geometry`, the page's recorded `Page.geometry`; recomputed when None), not to
                the PDF page itself.
            masks: boxes to black out (the hidden digits of ID numbers).
            text_masks: the same for ID numbers read from a PDF text layer: on a page cut from
                its text layer the page's own character boxes are used instead.
            max_px: the picture's longest side (page previews): a text-layer region is rendered
                at the resolution that gives it, a raster one shrunk to it. None: an evidence crop
                (PDF_CROP_DPI, longest side within MAX_CROP_PX).
            encoder: how the pixels are coded (page previews: one JPEG); by default a CropImage,
                PNG for rendered text, JPEG for photos.
        """
        if region.x1 - region.x0 <= 0 or region.y1 - region.y0 <= 0:
            return None
        # MuPDF takes this lock anyway; holding it for the whole cut keeps one order of locks
        # for callers that already hold it (the report writer) and those that do not.
        with MUPDF_LOCK:
            key = self._key(folder, file)
            source = self._source(key) if key is not None else None
            if source is None:
                return None
            text_layer = source.kind == "pdf" and not ocr
            painted = list(masks)
            try:
                if text_layer:
                    layer = self._layer_masks(key, source, page)  # type: ignore[arg-type]
                    painted += list(text_masks) if layer is None else layer
                    dpi = self._clip_dpi(source, page, region, max_px)
                    image = source.page(page).image(dpi=dpi, crop=region)
                else:
                    painted += list(text_masks)
                    image = source.page(page).image(crop=region, straighten=dict(geometry) if geometry else True)
            except Exception:  # noqa: BLE001 - unreadable source: no crop
                log.warning("cannot load %s p.%s for evidence", file, page, exc_info=True)
                return None
        if image is None or image.size == 0:
            return None
        if encoder is not None:
            return encoder(paint_crop(image, region, box, painted, max_px or MAX_CROP_PX))
        return encode_crop(image, region, box, painted, ".png" if text_layer else ".jpg")

    # -- files

    def _key(self, folder: str, file: str) -> tuple[str, int, int] | None:
        """The file inside its applicant folder (never outside it), with what says it changed."""
        if not folder:
            return None
        root = Path(folder).resolve()
        path = (root / file).resolve()
        try:
            path.relative_to(root)
        except ValueError:
            return None  # a report never reads outside its applicant folder
        try:
            st = os.stat(path, follow_symlinks=False)
        except OSError:
            return None
        if not path.is_file() or st.st_size == 0:
            return None
        return str(path), st.st_mtime_ns, st.st_size

    def _source(self, key: tuple[str, int, int]) -> SourceDocument | None:
        if key in self._files:
            self._files.move_to_end(key)
            return self._files[key]
        try:
            source: SourceDocument | None = SourceDocument.open(Path(key[0]))
            self.opened += 1
        except Exception:  # noqa: BLE001 - unreadable source: no crop
            log.warning("cannot read %s for evidence", Path(key[0]).name, exc_info=True)
            source = None
        self._files[key] = source
        while len(self._files) > self.keep_files:
            old_key, old = self._files.popitem(last=False)
            self._text_masks = {k: v for k, v in self._text_masks.items() if k[:3] != old_key}
            if old is not None:
                old.close()
        return source

    @staticmethod
    def _clip_dpi(source: SourceDocument, page: int, region: BBox, max_px: int | None = None) -> int:
        """PDF_CROP_DPI, or lower so that the region's longest side stays within MAX_CROP_PX;
        with `max_px`, the resolution whose longest side is `max_px` (rendered once at the size
        shown, never rendered larger and shrunk)."""
        with source.pdf() as doc:
            if not 0 < page <= doc.page_count:
                return PDF_CROP_DPI
            r = doc[page - 1].rect
        clip = pymupdf.Rect(
            r.x0 + region.x0 * r.width, r.y0 + region.y0 * r.height,
            r.x0 + region.x1 * r.width, r.y0 + region.y1 * r.height,
        )
        longest_pt = max(clip.width, clip.height)
        if max_px is not None:
            return max(1, int(max_px * 72 / longest_pt)) if longest_pt > 0 else PDF_CROP_DPI
        if longest_pt * PDF_CROP_DPI / 72 > MAX_CROP_PX:
            return max(60, int(MAX_CROP_PX * 72 / longest_pt))
        return PDF_CROP_DPI

    def _layer_masks(self, key: tuple[str, int, int], source: SourceDocument, page: int) -> list[BBox] | None:
        mask_key = (*key, page)
        if mask_key not in self._text_masks:
            with source.pdf() as doc:
                self._text_masks[mask_key] = (
                    text_layer_id_masks(doc[page - 1]) if 0 < page <= doc.page_count else None
                )
        return self._text_masks[mask_key]


# --------------------------------------------------------------------------- pixels


def encode_crop(image: np.ndarray, region: BBox, box: BBox, masks: Sequence[BBox], fmt: str) -> CropImage | None:
    """Black out the masks, outline the field's box, bring the longest side within MAX_CROP_PX
    and encode (`fmt`: ".png" or ".jpg")."""
    image = paint_crop(image, region, box, masks, MAX_CROP_PX)
    params = [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY] if fmt == ".jpg" else [cv2.IMWRITE_PNG_COMPRESSION, PNG_COMPRESSION]
    ok, buf = cv2.imencode(fmt, image, params)
    if not ok:
        return None
    mime = "image/jpeg" if fmt == ".jpg" else "image/png"
    return CropImage(data=buf.tobytes(), mime=mime, width=int(image.shape[1]), height=int(image.shape[0]))


def paint_crop(image: np.ndarray, region: BBox, box: BBox, masks: Sequence[BBox], max_px: int) -> np.ndarray:
    """The crop as shown: masks blacked out and the box outlined at full resolution (so a mask
    covers its digits before any shrinking), then the longest side brought within `max_px`."""
    black_out(image, region, masks)
    outline(image, region, box)
    ih, iw = image.shape[:2]
    scale = max_px / max(ih, iw)
    if scale < 1:
        image = cv2.resize(image, (max(1, round(iw * scale)), max(1, round(ih * scale))), interpolation=cv2.INTER_AREA)
    return image


def black_out(image: np.ndarray, region: BBox, masks: Sequence[BBox]) -> None:
    """Paint the masks that fall inside `region` onto the crop (in place)."""
    ih, iw = image.shape[:2]
    rw, rh = region.x1 - region.x0, region.y1 - region.y0
    for m in masks:
        if m.x1 <= region.x0 or m.x0 >= region.x1 or m.y1 <= region.y0 or m.y0 >= region.y1:
            continue
        x0 = int(max(0, (m.x0 - region.x0) / rw * iw))
        x1 = int(min(iw, np.ceil((m.x1 - region.x0) / rw * iw)))
        y0 = int(max(0, (m.y0 - region.y0) / rh * ih))
        y1 = int(min(ih, np.ceil((m.y1 - region.y0) / rh * ih)))
        image[y0:y1, x0:x1] = MASK_BGR


def outline(image: np.ndarray, region: BBox, bbox: BBox) -> None:
    """Frame the field's own box so the reader sees which part of the crop was read."""
    ih, iw = image.shape[:2]
    rw, rh = region.x1 - region.x0, region.y1 - region.y0
    x0 = int((bbox.x0 - region.x0) / rw * iw)
    x1 = int((bbox.x1 - region.x0) / rw * iw)
    y0 = int((bbox.y0 - region.y0) / rh * ih)
    y1 = int((bbox.y1 - region.y0) / rh * ih)
    pad = max(2, round(ih * 0.03))
    thick = max(1, round(max(ih, iw) / 500))
    cv2.rectangle(image, (max(0, x0 - pad), max(0, y0 - pad)), (min(iw - 1, x1 + pad), min(ih - 1, y1 + pad)), OUTLINE_BGR, thick)


def text_layer_id_masks(pdf_page: Any) -> list[BBox] | None:
    """Hidden parts of every ID-like run in a PDF page's text layer, from its character boxes
    (None when the page has no text layer)."""
    r = pdf_page.rect
    if r.width <= 0 or r.height <= 0:
        return None
    out: list[BBox] = []
    raw = pdf_page.get_text("rawdict")
    if not any(b.get("lines") for b in raw.get("blocks", [])):
        return None
    for block in raw.get("blocks", []):
        for line in block.get("lines", []):
            chars = [c for span in line.get("spans", []) for c in span.get("chars", [])]
            text = "".join(c["c"] for c in chars)
            for m in ID_LIKE.finditer(text):
                hidden = chars[m.start() + 6 : m.end() - 4]
                if not hidden:
                    continue
                x0 = min(c["bbox"][0] for c in hidden)
                x1 = max(c["bbox"][2] for c in hidden)
                y0 = min(c["bbox"][1] for c in hidden)
                y1 = max(c["bbox"][3] for c in hidden)
                out.append(BBox(
                    x0=(x0 - r.x0) / r.width, y0=(y0 - r.y0) / r.height,
                    x1=(x1 - r.x0) / r.width, y1=(y1 - r.y0) / r.height,
                ))
    return out
