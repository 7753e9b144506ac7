"""Does a PDF's text layer say what the rendered page shows?

A text layer can be trusted without OCR only when it matches the page a reviewer sees. Two ways
it does not, both common in forged or home-made PDFs:

- text that is in the layer but not on the page: a value whited out and retyped (the old value
  stays in the layer under the white box), white-on-white or invisible text with nothing drawn
  under it, text under an opaque picture. Found by rendering the page and looking for ink inside each text span's box.
  Text the page's own clip paths cut away (an n-up print, a crop pasted in halves) and a faint
  watermark turned across the page are layout, not covers, and are left out.
- content that is on the page but not in the layer: a picture of a document (an ID card photo
  pasted into a Word file, a scan with a few typed words added). Found by measuring ink inside
  large images that no text span covers.

Either way the page is OCRed instead (what is shown is what counts), and the hidden text is kept
as a fact for the tamper rule. Rendering at a low resolution costs ~10–20 ms a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pymupdf

from preaudit.pipeline.intake.limits import raster_dpi
from preaudit.pipeline.intake.source import is_watermark
from preaudit.pipeline.model import overlap_share

CHECK_DPI = 100
MIN_CONTRAST = 12  # grey levels between a span's darkest and lightest pixel for it to show
SHRINK = 0.2  # share of a span box's height trimmed off top and bottom (ascender/descender air)
IMAGE_MIN_AREA = 0.05  # an image covering less of the page (a seal, a logo) is not content
IMAGE_INK_SHARE = 0.02  # dark pixels in an image's uncovered part that make it content
DARK = 128
OVERPRINT = 0.5  # a later different character covering this share of an earlier one hides it
GRID = 24.0  # points: bucket size for finding overlapping characters
SEAL_RED = 60  # a pixel's red above its green and blue by this much is seal ink, not content


@dataclass
class TextCheck:
    """What the comparison found on one page."""

    hidden: list[dict] = field(default_factory=list)  # {"text", "bbox": page-relative [x0, y0, x1, y1]}
    image_content: list[list[float]] = field(default_factory=list)  # page-relative boxes of pictures with ink

    @property
    def disagrees(self) -> bool:
        return bool(self.hidden or self.image_content)


def _gray(page: pymupdf.Page) -> tuple[np.ndarray, float]:
    dpi = raster_dpi(page.rect.width, page.rect.height, CHECK_DPI)  # a huge page: lower, within pdf.max_page_pixels
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width)
    return arr, dpi / 72.0


def _pixels(gray: np.ndarray, box: tuple[float, float, float, float], scale: float, shrink: float) -> np.ndarray:
    x0, y0, x1, y1 = box
    trim = (y1 - y0) * shrink
    y0, y1 = y0 + trim, y1 - trim
    h, w = gray.shape
    c0, c1 = max(0, int(x0 * scale)), min(w, int(np.ceil(x1 * scale)))
    r0, r1 = max(0, int(y0 * scale)), min(h, int(np.ceil(y1 * scale)))
    return gray[r0:r1, c0:c1]


def _char_box(char: tuple, size: float) -> tuple[float, float, float, float]:
    """A character's box; MuPDF reports zero width for many CJK glyphs of subset fonts, and
    those are full-width: one font size wide."""
    x0, y0, x1, y1 = char[3]
    if x1 - x0 < 0.1 * size:
        x1 = x0 + size
    return x0, y0, x1, y1


def _shown(span: dict, box: tuple[float, float, float, float], gray: np.ndarray, scale: float) -> bool:
    if span.get("opacity", 1.0) == 0:
        return False
    patch = _pixels(gray, box, scale, SHRINK)
    if patch.size == 0:
        return True  # off the page or degenerate: nothing to compare, nothing to accuse
    # Ink of any colour counts: thin strokes render grey at this resolution, and invisible text
    # over a picture (an OCRed scan) shows through the picture.
    return int(patch.max()) - int(patch.min()) >= MIN_CONTRAST


Box = tuple[float, float, float, float]


def _watermark(span: dict) -> bool:
    """Text drawn faint and turned across the page on purpose: a watermark, which shows little ink by
    design and hides nothing (preaudit.pipeline.intake.source.is_watermark)."""
    return is_watermark(span.get("dir"), span.get("color"))


def _visible_origins(page: pymupdf.Page) -> set[tuple[str, int, int]]:
    """The characters left inside the page's clip paths (MuPDF's TEXT_CLIP): an n-up print or a
    pasted crop clips the rest of its source away, which is layout, not a cover."""
    out: set[tuple[str, int, int]] = set()
    raw = page.get_text("rawdict", flags=pymupdf.TEXT_CLIP | pymupdf.TEXT_PRESERVE_WHITESPACE)
    for block in raw.get("blocks", ()):
        for line in block.get("lines", ()):
            for span in line.get("spans", ()):
                for char in span.get("chars", ()):
                    ox, oy = char["origin"]
                    out.add((char["c"], round(ox), round(oy)))
    return out


def _hidden_chars(spans: list[dict], gray: np.ndarray, scale: float,
                  visible: set[tuple[str, int, int]] | None = None) -> list[tuple[int, int, Box]]:
    """(span index, char index, box) of the letters/digits a reader cannot see: no ink in their
    box, or another character drawn over them later (a value whited out and retyped in place).
    A character clipped away (not in `visible`, when given) or of a watermark is not hidden."""
    hidden: set[tuple[int, int]] = set()
    boxes: dict[tuple[int, int], Box] = {}
    grid: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
    for si, span in enumerate(spans):  # MuPDF lists spans in drawing order
        size = float(span.get("size") or 10.0)
        if _watermark(span):
            continue  # neither hidden by the text drawn over it nor hiding it
        for ci, char in enumerate(span["chars"]):
            ch = chr(char[0])
            if not ch.isalnum():
                continue
            if visible is not None and (ch, round(char[2][0]), round(char[2][1])) not in visible:
                continue  # clipped away by the page's own clip path
            box = _char_box(char, size)
            boxes[(si, ci)] = box
            if not _shown(span, box, gray, scale):
                hidden.add((si, ci))
            cells = {(int(x // GRID), int(y // GRID)) for x in (box[0], box[2]) for y in (box[1], box[3])}
            for cell in cells:
                for sj, cj, other in grid.get(cell, ()):
                    if other != ch and overlap_share(boxes[(sj, cj)], box) >= OVERPRINT:
                        hidden.add((sj, cj))
            for cell in cells:
                grid.setdefault(cell, []).append((si, ci, ch))
    return [(si, ci, boxes[(si, ci)]) for si, ci in sorted(hidden)]


def _runs(spans: list[dict], chars: list[tuple[int, int, Box]]) -> list[tuple[str, Box]]:
    """Hidden characters joined into runs of neighbours within a span."""
    runs: list[tuple[str, Box]] = []
    last: tuple[int, int] | None = None
    for si, ci, box in chars:
        ch = chr(spans[si]["chars"][ci][0])
        between = spans[si]["chars"][last[1] + 1:ci] if last and last[0] == si else None
        if runs and between is not None and all(chr(c[0]).isspace() for c in between):
            text, b = runs[-1]
            runs[-1] = (text + ch, (min(b[0], box[0]), min(b[1], box[1]), max(b[2], box[2]), max(b[3], box[3])))
        else:
            runs.append((ch, box))
        last = (si, ci)
    return runs


def _relative(box: tuple[float, float, float, float], page: pymupdf.Page) -> list[float]:
    w, h = page.rect.width or 1.0, page.rect.height or 1.0
    return [round(max(0.0, box[0] / w), 4), round(max(0.0, box[1] / h), 4),
            round(min(1.0, box[2] / w), 4), round(min(1.0, box[3] / h), 4)]


def _seal_ink(page: pymupdf.Page, scale: float) -> np.ndarray:
    """Where the page is drawn in a seal's red (red well above green and blue), at `scale`."""
    pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), colorspace=pymupdf.csRGB, alpha=False)
    rgb = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3).astype(np.int16)
    return (rgb[..., 0] - np.maximum(rgb[..., 1], rgb[..., 2])) > SEAL_RED


def _image_content(page: pymupdf.Page, spans: list[dict], gray: np.ndarray, scale: float) -> list[list[float]]:
    """Large pictures with ink that no text span explains. A seal's red is no content: an e-seal
    or a stamped seal is a picture on honest born-digital prints (a 参保证明's 业务专用章), and a
    large one, faded or over the text, would otherwise send the whole page to OCR."""
    area = (page.rect.width * page.rect.height) or 1.0
    out = []
    red: np.ndarray | None = None
    for info in page.get_image_info():
        bbox = pymupdf.Rect(info["bbox"]) & page.rect
        if bbox.is_empty or bbox.width * bbox.height < IMAGE_MIN_AREA * area:
            continue
        if red is None:
            seal = _seal_ink(page, scale)
            red = np.zeros_like(gray, dtype=bool)  # the two renderings may differ by a pixel's rounding
            h, w = min(seal.shape[0], gray.shape[0]), min(seal.shape[1], gray.shape[1])
            red[:h, :w] = seal[:h, :w]
        patch = _pixels(gray, tuple(bbox), scale, 0.0).copy()
        patch[_pixels(red, tuple(bbox), scale, 0.0)] = 255
        if patch.size == 0:
            continue
        for span in spans:  # what the text layer covers is explained
            x0, y0, x1, y1 = span["bbox"]
            c0, r0 = int((x0 - bbox.x0) * scale), int((y0 - bbox.y0) * scale)
            c1, r1 = int(np.ceil((x1 - bbox.x0) * scale)), int(np.ceil((y1 - bbox.y0) * scale))
            patch[max(0, r0):max(0, r1), max(0, c0):max(0, c1)] = 255
        if float((patch < DARK).mean()) >= IMAGE_INK_SHARE:
            out.append(_relative(tuple(bbox), page))
    return out


def check_text_layer(page: pymupdf.Page) -> TextCheck:
    """Compare the page's text layer with its rendering (caller holds the MuPDF lock)."""
    spans = [s for s in page.get_texttrace() if "".join(chr(c[0]) for c in s["chars"]).strip()]
    if not spans:
        return TextCheck()
    gray, scale = _gray(page)
    hidden = [{"text": text, "bbox": _relative(box, page)}
              for text, box in _runs(spans, _hidden_chars(spans, gray, scale, _visible_origins(page)))]
    return TextCheck(hidden=hidden, image_content=_image_content(page, spans, gray, scale))
