"""Evidence for a finding: which fields to show, and crops of the page regions they were read from.

Which field of a referenced document a finding is about is decided from data, in this order: the
fields the finding's evidence names (`field`, `sources[].field`, `fields`), evidence keys equal to
a field name of the document, `evidence_fields` in pipeline/report/labels.yaml per code and document type,
and last `default_fields` per document type.

Crops are regions of the applicant's source files (`Report.source_dir`) around the page-relative
boxes of `FieldValue.bbox`, padded so that a value's label shows. This module says which region
of which page, and what to black out; the pixels come from a `CropSource` the writer is handed
(preaudit.pipeline.intake.crops.PageCropper reads the files, renders a text-layer PDF page's
region, rebuilds an OCRed page as the OCR read it, and encodes the picture), so the report never
opens a user's file. Each (file, page, box) is cut once per report. A file that is missing or
unreadable gives no crop ("无可用截图"), never an exception; without a crop source there are none.

ID numbers are blacked out inside crops: the 7th to 14th characters (the birth date and sequence
that `mask_id_number` hides) of every ID-number field on the page, and, on pages with a PDF text
layer, of every ID-like run of characters the crop touches (the crop source finds those). The
crop still shows where the number was read and its first 6 and last 4 characters, like the
masked text beside it.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from preaudit.pipeline.model import BBox, Document, FieldValue, Finding, Report
from preaudit.pipeline.report.wording import is_id_field, labels

log = logging.getLogger(__name__)

CropKey = tuple[str, int, tuple[float, float, float, float]]

PAD_LEFT, PAD_RIGHT = 0.08, 0.03  # page-relative padding: labels sit left of their values
PAD_Y_LINE = 0.6  # padding above/below a one-line box, in line heights
PAD_Y_MIN, PAD_Y_MAX = 0.004, 0.02
PAD_Y_BLOCK = 0.035  # above/below a block or table: room for its header row
MULTILINE = 0.06  # a box taller than this (page-relative) is a block or a table, not a line
LINE_PT = 13.0  # a one-line crop is shown so that the line is about this high (points)
MAX_SHOW_PT = 330.0  # widest a crop is shown (points; HTML px)
MIN_SHOW_PT = 80.0
MAX_SHOW_HEIGHT_PT = 420.0  # a tall, narrow region must still fit on one A4 page
FULL_PAGE = BBox(x0=0.0, y0=0.0, x1=1.0, y1=1.0)  # a page preview's region (its outline is the page edge)


class CropPicture(Protocol):
    """An encoded crop, as a crop source returns it."""

    @property
    def data(self) -> bytes: ...

    @property
    def mime(self) -> str: ...  # image/png | image/jpeg

    @property
    def width(self) -> int: ...  # pixels

    @property
    def height(self) -> int: ...


class CropSource(Protocol):
    """Where evidence crops come from (preaudit.pipeline.intake.crops.PageCropper): the report
    knows regions of pages; the source reads the files and makes the pixels."""

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
        encoder: Callable[[Any], CropPicture | None] | None = None,
    ) -> CropPicture | None:
        """The page-relative `region` of page `page` of `folder/file` with `box` (the field's
        box) outlined and `masks` blacked out, or None. `ocr`: the boxes are relative to the
        page as the OCR read it (`geometry`: how it was straightened). `text_masks`: masks of ID
        numbers read from a PDF text layer, which a text-layer page may replace with its own.
        `max_px`, `encoder` (page previews): made at that longest side, coded by `encoder` from
        the BGR pixels (None: an evidence crop, coded by the source)."""
        ...


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


class CropMaker:
    """The evidence crops of one report, cut by a crop source; every (file, page, box) is cut once."""

    def __init__(self, report: Report, source: CropSource | None) -> None:
        self.report = report
        self.source = source
        self.folder = report.source_dir or ""
        self._masks: dict[tuple[str, int], tuple[list[BBox], list[BBox]]] = {}
        self._crops: dict[CropKey, Crop | None] = {}
        self.cut = 0  # crops actually made (tests check the cache)

    def close(self) -> None:
        """Nothing to let go: the crop source belongs to whoever handed it in."""

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

    def _id_masks(self, file: str, number: int) -> tuple[list[BBox], list[BBox]]:
        """Boxes over the hidden part of every ID-number field read from this page: (read by OCR
        or unknown, read from a PDF text layer)."""
        if (file, number) in self._masks:
            return self._masks[(file, number)]
        out: tuple[list[BBox], list[BBox]] = ([], [])
        for doc in self.report.documents:
            if doc.file != file:
                continue
            for name, fv in doc.fields.items():
                if not is_id_field(name) or fv.bbox is None or (fv.page or doc.page) != number:
                    continue
                value = str(fv.value or "")
                b = fv.bbox
                s0, s1 = _span_of(fv.raw or value, value) if value else (0.0, 1.0)
                n = len(value) or 18
                x0, x1 = b.x0 + (b.x1 - b.x0) * s0, b.x0 + (b.x1 - b.x0) * s1
                h0, h1 = _hidden_part(x0, x1, n)
                pad = b.height * 0.15
                out[fv.source == "pdf_text"].append(BBox(x0=h0, y0=b.y0 - pad, x1=h1, y1=b.y1 + pad))
        self._masks[(file, number)] = out
        return out

    def page_picture(
        self,
        doc: Document,
        number: int,
        *,
        ocr: bool,
        max_px: int | None = None,
        encoder: Callable[[Any], CropPicture | None] | None = None,
    ) -> CropPicture | None:
        """The whole page `number` of `doc`'s file, in the geometry its boxes refer to, with the
        hidden digits of its ID numbers blacked out exactly as in the crops (page previews:
        pipeline/report/pages.py, which passes its size and coding so the page is made once at
        the size shown); None where there is no source or the page cannot be read."""
        if self.source is None or not self.folder:
            return None
        masks, text_masks = self._id_masks(doc.file, number)
        try:
            picture = self.source.crop(
                self.folder, doc.file, number, FULL_PAGE, box=FULL_PAGE, ocr=ocr,
                geometry=_geometry(doc, number), masks=masks, text_masks=text_masks,
                max_px=max_px, encoder=encoder,
            )
        except Exception:  # noqa: BLE001 - a preview is a courtesy: never let it break a report
            log.warning("page preview failed for %s p.%s", doc.file, number, exc_info=True)
            return None
        return picture if picture is not None and picture.data else None

    def _cut(self, doc: Document, number: int, fv: FieldValue) -> Crop | None:
        bbox = fv.bbox
        if bbox is None or self.source is None or not self.folder:
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
        masks, text_masks = self._id_masks(doc.file, number)
        picture = self.source.crop(
            self.folder, doc.file, number, region, box=bbox, ocr=(fv.source or doc.source) == "ocr",
            geometry=_geometry(doc, number), masks=masks, text_masks=text_masks,
        )
        if picture is None or not picture.data:
            return None
        self.cut += 1
        uri = f"data:{picture.mime};base64," + base64.b64encode(picture.data).decode("ascii")
        return Crop(data_uri=uri, width_pt=_show_width(bbox, region, picture.width, picture.height))


def _geometry(doc: Document, number: int) -> dict[str, Any] | None:
    """What the pipeline did to an OCRed page before reading it, when it recorded that:
    `doc.meta["geometry"][page]` = {"turn": clockwise degrees, "steps": Prepared.steps}."""
    geometry = (doc.meta or {}).get("geometry") if hasattr(doc, "meta") else None
    if not isinstance(geometry, dict):
        return None
    entry = geometry.get(str(number), geometry.get(number))  # type: ignore[call-overload]
    return entry if isinstance(entry, dict) else None


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
