"""Hand marks on a signed page: the handwritten signature at its label, and the red fingerprint
(按手印) beside it (001 §五(七): 承诺人手写签名并按手印).

Nothing is read again: the page's own OCR lines (or text layer) say where the label is and which
text on the page is printed; the pixels say whether ink is there.

1. The label (承诺人（签字）, 承诺人签名 …: marks.yaml `places`) is found among the page's lines; its
   end is placed within its line by the characters before it (a line may run on into the
   handwriting, or into the next printed label).
2. The signature's place is a box from the label's left edge to some label heights right of its
   end (cut short by the next printed line on its row), from a little above the label to a few
   label heights below it. Every printed line there (one that holds a form word: 日期, 单位, 盖章,
   a colon …) is cut out, and so is the label itself; a line OCR read from the handwriting (the
   applicant's name) stays in: handwriting that OCR reads is still a signature.
3. Ink is what is darker (or bluer) than the page's own paper (seals.paper_relative), less red ink
   (a seal or fingerprint is not a signature), less straight rules (the signing line, a table's
   cell borders), less specks. Its area and width, in label heights, give the verdict: signed,
   unsigned, or unsure in between.
4. The fingerprint is a cluster of red ink near the place, 1.5-2.5 cm across (in label heights),
   roughly oval, ridged (neither a stroke nor a solid disc); a seal is larger and was found by
   seals.py. Where a seal lies over the place, or the page shows no colour (a grey copy), a
   missing red print cannot be told: unsure.

Every length is in label heights (h: the median height of the page's printed lines), so the same
figures hold for a render, a scan and a photo. "no" is said only when the place was found and is
plainly empty; everything else unsure ("unknown") is never a finding of its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import cv2
import numpy as np
import yaml

from preaudit.pipeline.model import BBox, TextLine
from preaudit.pipeline.integrity import seals as _seals

YES, NO, UNKNOWN = "yes", "no", "unknown"


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    return yaml.safe_load(Path(__file__).with_name("marks.yaml").read_text(encoding="utf-8"))


def places() -> dict[str, dict[str, Any]]:
    """The document types whose signature place is looked for, with their label words."""
    return config()["places"]


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _cjk(text: str) -> int:
    return sum("\u4e00" <= c <= "\u9fff" for c in text)


@dataclass(frozen=True)
class Mark:
    """One mark's verdict: yes / no / unknown, why (for unknown), the box looked at or found
    (page-relative), and the measures that decided it."""

    state: str
    reason: str = ""
    bbox: BBox | None = None
    measures: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"state": self.state}
        if self.reason:
            out["reason"] = self.reason
        if self.bbox is not None:
            out["bbox"] = self.bbox.as_list()
        if self.measures:
            out["measures"] = {k: round(float(v), 3) for k, v in self.measures.items()}
        return out

    @property
    def value(self) -> bool | None:
        return True if self.state == YES else False if self.state == NO else None


@dataclass(frozen=True)
class MarkScan:
    """What one page shows at its signing place."""

    signature: Mark
    fingerprint: Mark
    label: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "signature": self.signature.to_json(),
                "fingerprint": self.fingerprint.to_json()}


@dataclass(frozen=True)
class _Label:
    line: TextLine
    word: str
    x0: float  # page-relative: where the label starts and ends within its line
    x1: float
    tail_x: float | None  # where printed text resumes after it on the same line, if it does


def _raw_positions(raw: str) -> list[int]:
    """For each character of the normalised text, its index in the raw text."""
    out = []
    for i, ch in enumerate(raw):
        n = unicodedata.normalize("NFKC", ch)
        for c in n:
            if not c.isspace():
                out.append(i)
    return out


SHORT_TAIL = 5  # a short label (承诺人) counts only on a line of its own, or followed by a name


def find_label(lines: Sequence[TextLine], labels: list[str], not_labels: list[str],
               form_words: list[str], short_labels: Sequence[str] = (), pitch: float | None = None,
               max_line_cjk: int = 24) -> _Label | None:
    """The first label word (in `labels`' order, then `short_labels`') found on a line that does
    not name another's place (`not_labels` around it), with its extent within the line. A short
    label counts only at the start of a line holding at most a name after it (a seal over the
    label may leave only 承诺人 of 承诺人（签字）; in running text 承诺人 is no label). `pitch` is
    the printed characters' advance (page-relative), where known."""
    normed = [(ln, _norm(ln.text)) for ln in lines]
    words = [(w, False) for w in labels] + [(w, True) for w in short_labels]
    for word, short in words:
        w = _norm(word)
        found = []
        for ln, t in normed:
            idx = t.find(w)
            # a bracketed note after the label is part of it (承诺人签字（按手印）：): the printed text does
            # not resume there, the signing place follows it
            note = _bracket_note(t, idx + len(w)) if idx >= 0 and (idx == 0 or not short) else 0
            if idx < 0 or (short and (idx > 0 or _cjk(t[len(w) + note:]) > SHORT_TAIL)) or _cjk(t) > max_line_cjk:
                continue  # a line of running text (a footnote: 负责人签字并加盖公章后有效) is no label
            around = t[max(0, idx - 4): idx + len(w)]
            if any(_norm(x) in around for x in not_labels):
                continue
            told = any(_norm(x) in t[idx + len(w): idx + len(w) + note] for x in config()["sign_words"])
            found.append((not told, ln, t, idx, idx + len(w) + note))
        if not found:
            continue
        # a short label that says to sign there (承诺人（手写签名并按手印）) before one that does not (the
        # header table's 承诺人（手写）: the name written in, no signature), else the first
        _, ln, t, idx, end = min(found, key=lambda f: f[0])
        while end < len(t) and t[end] in ":：":
            end += 1
        pos = _raw_positions(ln.text)
        n = max(1, len(ln.text))
        b = ln.bbox

        def at(k: int) -> float:
            k = min(max(k, 0), len(pos))
            i = pos[k] if k < len(pos) else n
            return b.x0 + (b.x1 - b.x0) * i / n

        tail = None
        rest = t[end:]
        hits = [rest.find(_norm(f)) for f in form_words if _norm(f) and _norm(f) in rest]
        if hits:
            tail = at(end + min(hits))
        x0, x1 = at(idx), at(end)
        if rest and pitch:
            # the line runs on into the handwriting, whose characters are larger than print:
            # the label ends where its own characters, at the print's pitch, end
            x1 = min(x1, x0 + (end - idx) * pitch * 1.05)
        return _Label(ln, word, x0, x1, tail)
    return None


def _bracket_note(norm: str, at: int) -> int:
    """The length of a bracketed note right after a short label, part of it: (手写签名并按手印), (申报人),
    or one the OCR box cut at the line's end ((申报). 0 when there is none."""
    m = re.match(r"\([^()]{1,12}(?:\)|$)", norm[at:])
    return m.end() if m else 0


def _printed(text: str, form_words: list[str], min_cjk: int, name: str | None) -> bool:
    t = _norm(text)
    if name and len(_norm(name)) >= 2 and _norm(name) in t and _cjk(t) <= len(_norm(name)) + 1:
        return False
    return any(_norm(w) in t for w in form_words if _norm(w)) or _cjk(t) >= min_cjk


def _pitch(lines: Sequence[TextLine]) -> float | None:
    """The printed characters' advance (page-relative width per character): the median over the
    page's lines of 8 characters or more (running text, set in one size)."""
    pitches = [(ln.bbox.x1 - ln.bbox.x0) / len(_norm(ln.text)) for ln in lines if len(_norm(ln.text)) >= 8]
    return float(np.median(pitches)) if len(pitches) >= 3 else None


def _text_height(lines: Sequence[TextLine], label: TextLine) -> float:
    """Page-relative height of the page's printed text: the median of its lines of 4+ characters."""
    hs = [ln.bbox.y1 - ln.bbox.y0 for ln in lines if len(_norm(ln.text)) >= 4 and ln.bbox.y1 > ln.bbox.y0]
    if len(hs) >= 3:
        return float(np.median(hs))
    return label.bbox.y1 - label.bbox.y0


def _box(x0: float, y0: float, x1: float, y1: float, w: int, h: int) -> tuple[int, int, int, int]:
    return (max(0, int(x0)), max(0, int(y0)), min(w, int(np.ceil(x1))), min(h, int(np.ceil(y1))))


def _rel(box: tuple[float, float, float, float], w: int, h: int) -> BBox:
    return BBox(x0=max(0.0, box[0] / w), y0=max(0.0, box[1] / h), x1=min(1.0, box[2] / w), y1=min(1.0, box[3] / h))


def _strip_rules(ink: np.ndarray, length: int) -> np.ndarray:
    """Ink less straight horizontal and vertical runs of `length` pixels and more (rules, cell
    borders, the signing line)."""
    length = max(5, length)
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    rules = cv2.dilate(cv2.max(horiz, vert), np.ones((3, 3), np.uint8))
    return cv2.subtract(ink, rules)


def _drop_specks(mask: np.ndarray, min_area: float) -> np.ndarray:
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    small = stats[:, cv2.CC_STAT_AREA] < max(2.0, min_area)
    small[0] = False
    if small.any():
        mask = mask.copy()
        mask[small[labels]] = 0
    return mask


def scan_marks(image: np.ndarray, lines: Sequence[TextLine], doc_type: str, *,
               seal_boxes: Sequence[BBox] = (), name: str | None = None) -> MarkScan:
    """The signature and fingerprint at the signing place of `doc_type` (marks.yaml `places`) on
    one page: `lines` are the page's text lines (page-relative boxes on `image`), `seal_boxes`
    the seals found on it (page-relative), `name` the signer's name where known (OCR may read it
    from the handwriting)."""
    cfg = config()
    place = cfg["places"].get(doc_type)
    if place is None:
        return MarkScan(Mark(UNKNOWN, "not_signed_here"), Mark(UNKNOWN, "not_signed_here"))
    form_words = list(cfg["form_words"])
    label = find_label(lines, place["labels"], place.get("not_labels") or [], form_words,
                       place.get("short_labels") or [], _pitch(lines), int(cfg["label_line_max_cjk"]))
    if label is None:
        return MarkScan(Mark(UNKNOWN, "no_label"), Mark(UNKNOWN, "no_label"))
    work, _scale = _seals._work(image)
    H, W = work.shape[:2]
    h = _text_height(lines, label.line) * H  # label height, work pixels
    if h < float(cfg["min_label_px"]):
        return MarkScan(Mark(UNKNOWN, "too_small"), Mark(UNKNOWN, "too_small"), label.word)

    # the place, in work pixels
    lb = label.line.bbox
    p = cfg["place"]
    lx0, lx1, ly0, ly1 = label.x0 * W, label.x1 * W, lb.y0 * H, lb.y1 * H
    x1 = lx1 + p["right"] * h
    if label.tail_x is not None:
        x1 = min(x1, label.tail_x * W - 0.3 * h)
    printed: list[TextLine] = []
    kept: list[TextLine] = []
    for ln in lines:
        if ln is label.line:
            continue
        (printed if _printed(ln.text, form_words, int(cfg["printed_min_cjk"]), name) else kept).append(ln)
    row_mid = (ly0 + ly1) / 2
    for ln in printed:  # the next printed text on the label's row ends the place
        mid = (ln.bbox.y0 + ln.bbox.y1) / 2 * H
        if abs(mid - row_mid) <= 0.6 * h and ln.bbox.x0 * W > lx1 + 0.5 * h:
            x1 = min(x1, ln.bbox.x0 * W - 0.3 * h)
    x1 = max(x1, lx1 + 2 * h)
    y1 = ly1 + p["below"] * h
    for ln in printed:  # so does the form's next row below it (the date line)
        top = ln.bbox.y0 * H
        if top > ly1 - 0.3 * h and ln.bbox.x0 * W < x1 and ln.bbox.x1 * W > lx0:
            y1 = min(y1, top - 0.2 * h)
    box = _box(lx0, ly0 - p["above"] * h, x1, y1, W, H)
    bx0, by0, bx1, by1 = box
    if bx1 - bx0 < 4 or by1 - by0 < 4:
        return MarkScan(Mark(UNKNOWN, "too_small"), Mark(UNKNOWN, "too_small"), label.word)

    gray = _seals._gray_data(work)
    rel, valid, cast = _seals.paper_relative(work)
    colour = not gray and _seals._shows_colour(rel, valid)
    red, faint = _seals._red_mask_work(rel, valid, cast, weak=True)
    signature = _signature(rel, red, box, label, printed, h, W, H, cfg)
    if signature.state == NO and name and len(_norm(name)) >= 2 and any(
            _norm(name) in _norm(ln.text) and _overlaps(ln.bbox, box, W, H) for ln in lines):
        # the name was read at the place, yet no ink was kept: never "unsigned" then
        signature = Mark(UNKNOWN, "name_read", signature.bbox, signature.measures)
    fp = _fingerprint(red, faint, box, seal_boxes, h, W, H, cfg, colour=colour, gray=gray) \
        if place.get("fingerprint", True) else Mark(UNKNOWN, "not_asked")
    return MarkScan(signature, fp, label.word)


def _overlaps(b: BBox, box: tuple[int, int, int, int], W: int, H: int) -> bool:
    return b.x0 * W < box[2] and b.x1 * W > box[0] and b.y0 * H < box[3] and b.y1 * H > box[1]


def _signature(rel, red: np.ndarray, box, label: _Label, printed: list[TextLine], h: float, W: int, H: int,
               cfg: dict[str, Any]) -> Mark:
    bx0, by0, bx1, by1 = box
    b, g, r = (c[by0:by1, bx0:bx1] for c in rel)
    dark = 1.0 - (b + g + r) / 3.0
    blue = b - np.maximum(g, r)
    ink = ((dark > cfg["dark"]) | (blue > cfg["blue"])).astype(np.uint8) * 255
    reds = cv2.dilate(red[by0:by1, bx0:bx1], np.ones((3, 3), np.uint8))
    ink[reds > 0] = 0
    # the printed text: the label itself, its line's printed tail, every printed line in the place
    pad = 0.15 * h
    lb = label.line.bbox
    cuts = [(label.x0 * W, lb.y0 * H, label.x1 * W, lb.y1 * H)]
    if label.tail_x is not None:
        cuts.append((label.tail_x * W, lb.y0 * H, lb.x1 * W, lb.y1 * H))
    cuts += [(ln.bbox.x0 * W, ln.bbox.y0 * H, ln.bbox.x1 * W, ln.bbox.y1 * H) for ln in printed
             if _overlaps(ln.bbox, box, W, H)]
    cut = np.zeros(ink.shape, np.uint8)
    for x0, y0, x1, y1 in cuts:
        c = _box(x0 - pad - bx0, y0 - pad - by0, x1 + pad - bx0, y1 + pad - by0, bx1 - bx0, by1 - by0)
        ink[c[1]:c[3], c[0]:c[2]] = 0
        cut[c[1]:c[3], c[0]:c[2]] = 255
    free = float(cv2.countNonZero(cv2.bitwise_not(cut))) / (h * h)
    ink = _strip_rules(ink, round(cfg["rule_length"] * h))
    ink = _drop_specks(ink, cfg["min_component"] * h * h)
    area = float(cv2.countNonZero(ink)) / (h * h)
    pts = cv2.findNonZero(ink)
    place = _rel(box, W, H)
    if pts is None:
        measures = {"area": 0.0, "width": 0.0, "free": free, "label_px": h}
        if free < cfg["min_free"]:  # the place is mostly print: a signature may sit elsewhere
            return Mark(UNKNOWN, "no_room", place, measures)
        return Mark(NO, "", place, measures)
    x, y, w, hh = cv2.boundingRect(pts)
    width = w / h
    measures = {"area": area, "width": width, "height": hh / h, "free": free, "label_px": h}
    if area >= cfg["yes_area"] and width >= cfg["yes_width"]:
        found = (bx0 + x - 0.3 * h, by0 + y - 0.3 * h, bx0 + x + w + 0.3 * h, by0 + y + hh + 0.3 * h)
        return Mark(YES, "", _rel(found, W, H), measures)
    if area <= cfg["no_area"]:
        if free < cfg["min_free"]:
            return Mark(UNKNOWN, "no_room", place, measures)
        return Mark(NO, "", place, measures)
    return Mark(UNKNOWN, "borderline", place, measures)


def _fingerprint(red: np.ndarray, faint: np.ndarray, box, seal_boxes: Sequence[BBox], h: float, W: int, H: int,
                 cfg: dict[str, Any], *, colour: bool, gray: bool) -> Mark:
    """The red print near the place; "no" only when not even faint red (a pale print) is there."""
    f = cfg["fingerprint"]
    m = f["margin"] * h
    fb = _box(box[0] - m, box[1] - m, box[2] + m, box[3] + m, W, H)
    fx0, fy0, fx1, fy1 = fb
    area = _rel(fb, W, H)
    mask = red[fy0:fy1, fx0:fx1].copy()
    pale = faint[fy0:fy1, fx0:fx1].copy()
    under_seal = False
    near = f["seal_near"] * h
    for s in seal_boxes:
        sx0, sy0, sx1, sy1 = s.x0 * W - fx0, s.y0 * H - fy0, s.x1 * W - fx0, s.y1 * H - fy0
        if sx1 <= 0 or sy1 <= 0 or sx0 >= fx1 - fx0 or sy0 >= fy1 - fy0:
            continue
        # a seal over the signing place may hide a print under its red
        under_seal = under_seal or (s.x0 * W < box[2] + near and s.x1 * W > box[0] - near
                                    and s.y0 * H < box[3] + near and s.y1 * H > box[1] - near)
        c = _box(sx0 - 0.05 * (sx1 - sx0), sy0 - 0.05 * (sy1 - sy0), sx1 + 0.05 * (sx1 - sx0),
                 sy1 + 0.05 * (sy1 - sy0), fx1 - fx0, fy1 - fy0)
        mask[c[1]:c[3], c[0]:c[2]] = 0
        pale[c[1]:c[3], c[0]:c[2]] = 0
    k = max(3, int(round(f["merge"] * h)) | 1)
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    best = None
    for i in range(1, n):
        x, y, w, hh = stats[i, :4]
        big, small = max(w, hh) / h, max(1.0, min(w, hh)) / h
        if not (f["min_size"] <= big <= f["max_size"]) or big / small > f["max_aspect"]:
            continue
        fill = float(cv2.countNonZero(mask[y:y + hh, x:x + w])) / float(w * hh)
        if not (f["min_fill"] <= fill <= f["max_fill"]):
            continue
        if best is None or stats[i, cv2.CC_STAT_AREA] > best[4]:
            best = (x, y, w, hh, stats[i, cv2.CC_STAT_AREA], fill, big)
    if best is not None:
        x, y, w, hh, _a, fill, big = best
        return Mark(YES, "", _rel((fx0 + x, fy0 + y, fx0 + x + w, fy0 + y + hh), W, H),
                    {"size": big, "fill": fill})
    red_area = float(cv2.countNonZero(pale)) / (h * h)
    measures = {"red_area": red_area}
    if gray:
        return Mark(UNKNOWN, "grayscale", area, measures)
    if not colour:
        return Mark(UNKNOWN, "achromatic", area, measures)
    if under_seal:
        return Mark(UNKNOWN, "seal_over_place", area, measures)
    if red_area <= f["no_red"]:
        return Mark(NO, "", area, measures)
    return Mark(UNKNOWN, "borderline", area, measures)
