"""Evidence for a finding: which fields to show, and crops of the page regions they were read from.

Which field of a referenced document a finding is about is decided from data, in this order: the
fields the finding's evidence names (`field`, `sources[].field`, `fields`), evidence keys equal to
a field name of the document, `evidence_fields` in pipeline/report/labels.yaml per code and document type,
and last `default_fields` per document type.

Crops are cut from the applicant's source files (`Report.source_dir`) with the page-relative
boxes of `FieldValue.bbox`. A PDF page read from its text layer is rendered for the clip only
(PyMuPDF). A page that was OCRed (photo, scan, image-only PDF page) is rebuilt as the upright
image the OCR read: decoded (or rendered at the pipeline's DPI), its quarter turn undone and its
perspective and skew corrected as preaudit.pipeline.intake.preprocess did (see `upright_image`), then sliced.
Each page is loaded once and each (file, page, box) cut once per report. A file that is missing
or unreadable gives no crop ("无可用截图"), never an exception.

ID numbers are blacked out inside crops: the 7th to 14th characters (the birth date and sequence
that `mask_id_number` hides) of every ID-number field on the page, and, on pages with a PDF text
layer, of every ID-like run of characters the crop touches. The crop still shows where the number
was read and its first 6 and last 4 characters, like the masked text beside it.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from preaudit.pipeline.model import ID_LIKE, BBox, Document, FieldValue, Finding, Report
from preaudit.pipeline.report.wording import is_id_field, labels
from preaudit.pipeline.intake.walk import file_kind

log = logging.getLogger(__name__)

CropKey = tuple[str, int, tuple[float, float, float, float]]

MAX_CROP_PX = 1100  # longest side of a crop image, pixels
PDF_CROP_DPI = 170
PAD_LEFT, PAD_RIGHT = 0.08, 0.03  # page-relative padding: labels sit left of their values
PAD_Y_LINE = 0.6  # padding above/below a one-line box, in line heights
PAD_Y_MIN, PAD_Y_MAX = 0.004, 0.02
PAD_Y_BLOCK = 0.035  # above/below a block or table: room for its header row
OUTLINE_BGR = (40, 40, 220)  # the field's own box, drawn in red inside the crop
MULTILINE = 0.06  # a box taller than this (page-relative) is a block or a table, not a line
LINE_PT = 13.0  # a one-line crop is shown so that the line is about this high (points)
MAX_SHOW_PT = 330.0  # widest a crop is shown (points; HTML px)
MIN_SHOW_PT = 80.0
MAX_SHOW_HEIGHT_PT = 420.0  # a tall, narrow region must still fit on one A4 page


@dataclass
class Crop:
    """One cut-out page region, ready to inline."""

    data_uri: str
    width_pt: float  # display width (HTML px = PDF pt)


@dataclass
class EvidenceField:
    """One field shown as evidence: its document, value and crop (None: 无可用截图)."""

    doc_index: int
    doc: Document
    field: str
    value: FieldValue | None
    crop: Crop | None = None
    crop_key: CropKey | None = None


@dataclass
class EvidenceGroup:
    """The fields of one referenced document that share one crop."""

    doc_index: int
    doc: Document
    fields: list[EvidenceField] = field(default_factory=list)

    @property
    def crop(self) -> Crop | None:
        return self.fields[0].crop if self.fields else None


# --------------------------------------------------------------------------- which fields


def _walk_keys(evidence: Any, doc: Document) -> list[str]:
    """Keys of the evidence (and of its nested dicts about this document) that are fields of `doc`."""
    out: list[str] = []
    if isinstance(evidence, dict):
        about_other = (
            (isinstance(evidence.get("document"), str) and evidence["document"] != doc.doc_type.value)
            or (isinstance(evidence.get("file"), str) and evidence["file"] != doc.file)
        )
        if not about_other:  # a negative fact (False, None) locates nothing on the page
            out += [k for k, v in evidence.items() if k in doc.fields and v not in (None, False, "", [])]
        for v in evidence.values():
            if isinstance(v, (dict, list)):
                out += _walk_keys(v, doc)
    elif isinstance(evidence, list):
        for v in evidence:
            if isinstance(v, (dict, list)):
                out += _walk_keys(v, doc)
    return out


def _named_fields(evidence: dict[str, Any], doc: Document) -> list[str]:
    """Fields the evidence names explicitly for this document."""
    out: list[str] = []
    dtype = doc.doc_type.value

    def matches(d: dict[str, Any]) -> bool:
        return d.get("document") in (None, dtype) and d.get("file") in (None, doc.file)

    if isinstance(evidence.get("field"), str) and matches(evidence):
        out.append(evidence["field"])
    if isinstance(evidence.get("fields"), list) and matches(evidence):
        out += [f for f in evidence["fields"] if isinstance(f, str)]
    for src in evidence.get("sources") or []:
        if isinstance(src, dict) and isinstance(src.get("field"), str) and matches(src):
            out.append(src["field"])
    return out


def choose_fields(finding: Finding, doc: Document, index: int | None = None) -> list[str]:
    """The fields of `doc` (document `index` of the report) to show as evidence for `finding`
    (present in the document, ≤ max): the values the finding relied on first."""
    lab = labels()
    by_code = lab["evidence_fields"].get(finding.code, {})
    dtype = doc.doc_type.value
    relied = [r.field for r in finding.relied_on if index is not None and r.document == index]
    candidates = (
        relied
        + _named_fields(finding.evidence, doc)
        + _walk_keys(finding.evidence, doc)
        + list(by_code.get(dtype) or by_code.get("*") or [])
    )
    chosen = [f for f in dict.fromkeys(candidates) if f in doc.fields]
    if not chosen:
        chosen = [f for f in lab["default_fields"].get(dtype, []) if f in doc.fields]
    return chosen[: lab["max_fields_per_document"]]


def evidence_groups(report: Report, finding: Finding, crops: "CropMaker | None") -> list[EvidenceGroup]:
    """Per referenced document: the chosen fields, grouped by the crop they share."""
    groups: list[EvidenceGroup] = []
    for i in dict.fromkeys(finding.documents):
        if not 0 <= i < len(report.documents):
            continue
        doc = report.documents[i]
        by_key: dict[Any, EvidenceGroup] = {}
        fields = choose_fields(finding, doc, i)
        if not fields:
            groups.append(EvidenceGroup(i, doc, []))
            continue
        for name in fields:
            fv = doc.fields.get(name)
            ef = EvidenceField(i, doc, name, fv)
            if crops is not None and fv is not None:
                ef.crop_key, ef.crop = crops.crop_for(doc, fv)
            group_key = ef.crop_key if ef.crop is not None else "no crop"  # one 无可用截图 per document
            by_key.setdefault(group_key, EvidenceGroup(i, doc)).fields.append(ef)
        groups.extend(by_key.values())
    return groups


# --------------------------------------------------------------------------- crops


def _weight(ch: str) -> float:
    """Rough advance of a character relative to a CJK one, to place a run inside a line box."""
    return 0.55 if ord(ch) < 0x2E80 else 1.0


def _span_of(raw: str, value: str) -> tuple[float, float]:
    """Fraction (start, end) of a line box that `value` takes inside the line text `raw`."""
    if not raw or value not in raw:
        return 0.0, 1.0
    pos = raw.index(value)
    total = sum(_weight(c) for c in raw) or 1.0
    start = sum(_weight(c) for c in raw[:pos]) / total
    return start, start + sum(_weight(c) for c in value) / total


def _hidden_part(x0: float, x1: float, n: int) -> tuple[float, float]:
    """The x range of characters 7..n-4 of an n-character run laid over [x0, x1], with slack."""
    step = (x1 - x0) / max(n, 1)
    return x0 + step * 5.5, x0 + step * (n - 3.5)


@dataclass
class _Page:
    """A source page, loaded once: a PDF page (rendered per clip) or a decoded image."""

    pdf_page: Any = None
    image: np.ndarray | None = None
    masks: list[BBox] = field(default_factory=list)  # page-relative boxes to black out


class CropMaker:
    """Cuts evidence crops for one report; every (file, page, box) is cut once."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.root = Path(report.source_dir) if report.source_dir else None
        self._pdfs: dict[str, Any] = {}
        self._kinds: dict[str, bool] = {}
        self._pages: dict[tuple[str, int, bool], _Page | None] = {}
        self._crops: dict[CropKey, Crop | None] = {}
        self.cut = 0  # crops actually rendered (tests check the cache)

    def close(self) -> None:
        for doc in self._pdfs.values():
            if doc is not None:
                doc.close()
        self._pdfs.clear()

    def __enter__(self) -> "CropMaker":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def crop_for(self, doc: Document, fv: FieldValue) -> tuple[CropKey | None, Crop | None]:
        if fv.bbox is None:
            return None, None
        page = fv.page or doc.page
        key: CropKey = (doc.file, page, tuple(fv.bbox.as_list()))  # type: ignore[assignment]
        if key not in self._crops:
            try:
                self._crops[key] = self._cut(doc, page, fv)
            except Exception:  # noqa: BLE001 - a crop is a courtesy: never let it break a report
                log.warning("evidence crop failed for %s p.%s", doc.file, page, exc_info=True)
                self._crops[key] = None
        return key, self._crops[key]

    # -- loading

    def _path(self, file: str) -> Path | None:
        if self.root is None:
            return None
        path = (self.root / file).resolve()
        try:
            path.relative_to(self.root.resolve())
        except ValueError:
            return None  # a report never reads outside its applicant folder
        return path if path.is_file() else None

    def _page(self, doc: Document, number: int, raster: bool) -> _Page | None:
        key = (doc.file, number, raster)
        if key not in self._pages:
            try:
                self._pages[key] = self._load(doc, number, raster)
            except Exception:  # noqa: BLE001 - unreadable source: no crop
                log.warning("cannot load %s p.%s for evidence", doc.file, number, exc_info=True)
                self._pages[key] = None
        return self._pages[key]

    def _is_pdf(self, file: str) -> bool:
        """A PDF by its bytes, as intake decided it (a PDF renamed .jpg is still a PDF)."""
        if file not in self._kinds:
            path = self._path(file)
            self._kinds[file] = path is not None and file_kind(path) == "pdf"
        return self._kinds[file]

    def _pdf(self, file: str, path: Path) -> Any:
        import pymupdf

        if file not in self._pdfs:
            pdf = pymupdf.open(path)
            self._pdfs[file] = None if (pdf.needs_pass or pdf.page_count == 0) else pdf
        return self._pdfs[file]

    def _load(self, doc: Document, number: int, raster: bool) -> _Page | None:
        """The page as the field boxes know it: a PDF page with a text layer as it is; a page
        that was OCRed (photo, scan) as the upright image the OCR read (preaudit.pipeline.intake.preprocess)."""
        path = self._path(doc.file)
        if path is None or path.stat().st_size == 0:
            return None
        if self._is_pdf(doc.file):
            pdf = self._pdf(doc.file, path)
            if pdf is None or not 0 < number <= pdf.page_count:
                return None
            if not raster:
                page = _Page(pdf_page=pdf[number - 1])
                layer = _text_layer_id_masks(page.pdf_page)
                page.masks = self._id_masks(doc.file, number, text_layer=layer is not None) + (layer or [])
                return page
            from preaudit.pipeline.intake.render import RENDER_DPI, _pixmap_to_bgr, page_dpi

            image = _pixmap_to_bgr(pdf[number - 1].get_pixmap(dpi=page_dpi(pdf[number - 1], RENDER_DPI)))
        else:
            if number != 1:
                return None
            from preaudit.pipeline.intake.render import decode_image

            image = decode_image(path)
        page = _Page(image=upright_image(image, _geometry(doc, number)))
        page.masks = self._id_masks(doc.file, number)
        return page

    def _id_masks(self, file: str, number: int, text_layer: bool = False) -> list[BBox]:
        """Boxes over the hidden part of every ID-number field read from this page."""
        out = []
        for doc in self.report.documents:
            if doc.file != file:
                continue
            for name, fv in doc.fields.items():
                if not is_id_field(name) or fv.bbox is None or (fv.page or doc.page) != number:
                    continue
                if text_layer and fv.source == "pdf_text":
                    continue  # masked from the text layer's own character boxes
                value = str(fv.value or "")
                b = fv.bbox
                s0, s1 = _span_of(fv.raw or value, value) if value else (0.0, 1.0)
                n = len(value) or 18
                x0, x1 = b.x0 + (b.x1 - b.x0) * s0, b.x0 + (b.x1 - b.x0) * s1
                h0, h1 = _hidden_part(x0, x1, n)
                pad = b.height * 0.15
                out.append(BBox(x0=h0, y0=b.y0 - pad, x1=h1, y1=b.y1 + pad))
        return out

    # -- cutting

    def _cut(self, doc: Document, number: int, fv: FieldValue) -> Crop | None:
        bbox = fv.bbox
        if bbox is None:
            return None
        raster = (fv.source or doc.source) == "ocr" or not self._is_pdf(doc.file)
        page = self._page(doc, number, raster)
        if page is None:
            return None
        h = bbox.height
        pad_y = PAD_Y_BLOCK if h > MULTILINE else min(max(h * PAD_Y_LINE, PAD_Y_MIN), PAD_Y_MAX)
        region = BBox(
            x0=max(0.0, bbox.x0 - PAD_LEFT),
            y0=max(0.0, bbox.y0 - pad_y),
            x1=min(1.0, bbox.x1 + PAD_RIGHT),
            y1=min(1.0, bbox.y1 + pad_y),
        )
        if region.x1 - region.x0 <= 0 or region.y1 - region.y0 <= 0:
            return None
        if page.pdf_page is not None:
            image, fmt = self._render_pdf(page.pdf_page, region), ".png"
        else:
            image, fmt = self._slice(page.image, region), ".jpg"
        if image is None or image.size == 0:
            return None
        _black_out(image, region, page.masks)
        _outline(image, region, bbox)
        ih, iw = image.shape[:2]
        scale = MAX_CROP_PX / max(ih, iw)
        if scale < 1:
            image = cv2.resize(image, (max(1, round(iw * scale)), max(1, round(ih * scale))), interpolation=cv2.INTER_AREA)
        params = [cv2.IMWRITE_JPEG_QUALITY, 82] if fmt == ".jpg" else [cv2.IMWRITE_PNG_COMPRESSION, 6]
        ok, buf = cv2.imencode(fmt, image, params)
        if not ok:
            return None
        self.cut += 1
        mime = "image/jpeg" if fmt == ".jpg" else "image/png"
        uri = f"data:{mime};base64," + base64.b64encode(buf.tobytes()).decode("ascii")
        return Crop(data_uri=uri, width_pt=_show_width(bbox, region, image.shape[1], image.shape[0]))

    @staticmethod
    def _render_pdf(pdf_page: Any, region: BBox) -> np.ndarray | None:
        import pymupdf

        r = pdf_page.rect
        clip = pymupdf.Rect(
            r.x0 + region.x0 * r.width, r.y0 + region.y0 * r.height,
            r.x0 + region.x1 * r.width, r.y0 + region.y1 * r.height,
        )
        dpi = PDF_CROP_DPI
        longest_pt = max(clip.width, clip.height)
        if longest_pt * dpi / 72 > MAX_CROP_PX:
            dpi = max(60, int(MAX_CROP_PX * 72 / longest_pt))
        pix = pdf_page.get_pixmap(clip=clip, dpi=dpi, alpha=False)
        arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
        if pix.n == 1:
            return cv2.cvtColor(arr, cv2.COLOR_GRAY2BGR)
        return cv2.cvtColor(arr[:, :, :3], cv2.COLOR_RGB2BGR)

    @staticmethod
    def _slice(image: np.ndarray | None, region: BBox) -> np.ndarray | None:
        if image is None:
            return None
        h, w = image.shape[:2]
        x0, x1 = int(region.x0 * w), int(np.ceil(region.x1 * w))
        y0, y1 = int(region.y0 * h), int(np.ceil(region.y1 * h))
        return np.ascontiguousarray(image[y0:y1, x0:x1])


_TURNS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def _geometry(doc: Document, number: int) -> dict[str, Any] | None:
    """What the pipeline did to an OCRed page before reading it, when it recorded that:
    `doc.meta["geometry"][page]` = {"turn": clockwise degrees, "steps": Prepared.steps}."""
    geometry = (doc.meta or {}).get("geometry") if hasattr(doc, "meta") else None
    if not isinstance(geometry, dict):
        return None
    entry = geometry.get(str(number), geometry.get(number))  # type: ignore[call-overload]
    return entry if isinstance(entry, dict) else None


def upright_image(image: np.ndarray, geometry: dict[str, Any] | None) -> np.ndarray:
    """The page image OCR boxes are relative to: the quarter turn undone, then perspective and
    deskew as preaudit.pipeline.intake.preprocess applied them (replayed when recorded, else recomputed: the
    steps are deterministic). Resizing does not matter: boxes are page-relative."""
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


def _black_out(image: np.ndarray, region: BBox, masks: list[BBox]) -> None:
    """Paint the ID-number masks that fall inside `region` onto the crop (in place)."""
    ih, iw = image.shape[:2]
    rw, rh = region.x1 - region.x0, region.y1 - region.y0
    for m in masks:
        if m.x1 <= region.x0 or m.x0 >= region.x1 or m.y1 <= region.y0 or m.y0 >= region.y1:
            continue
        x0 = int(max(0, (m.x0 - region.x0) / rw * iw))
        x1 = int(min(iw, np.ceil((m.x1 - region.x0) / rw * iw)))
        y0 = int(max(0, (m.y0 - region.y0) / rh * ih))
        y1 = int(min(ih, np.ceil((m.y1 - region.y0) / rh * ih)))
        image[y0:y1, x0:x1] = (40, 40, 40)


def _outline(image: np.ndarray, region: BBox, bbox: BBox) -> None:
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


def _text_layer_id_masks(pdf_page: Any) -> list[BBox] | None:
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


def _show_width(bbox: BBox, region: BBox, px_w: int, px_h: int) -> float:
    """Display width: a one-line crop so that its line is ~LINE_PT high; blocks and tables wide."""
    if px_h == 0 or px_w == 0:
        return MIN_SHOW_PT
    if bbox.height > MULTILINE:
        width = MAX_SHOW_PT
    else:
        line_px = bbox.height / (region.y1 - region.y0) * px_h
        width = min(MAX_SHOW_PT, max(MIN_SHOW_PT, px_w * LINE_PT / max(line_px, 1.0)))
    width = min(width, MAX_SHOW_HEIGHT_PT * px_w / px_h)
    return round(max(width, 1.0), 1)
