"""A person's name read by OCR, read again against the name the applicant declared.

A handwritten signature read 吴武 where the applicant is 吴斌 is, to the recogniser, a close call:
the same strokes score 吴斌 only a little lower than its best reading. Comparing the two readings'
likelihoods under the recogniser's own per-frame character probabilities (CTC, the loss the model
was trained with) tells such a misread from another person's name, which the strokes do not
support at all. Intake records the margin, log P(declared) - log P(best reading), on the field
(`FieldValue.reread`); whether it is enough to read the field as the declared name is the
policy's decision (pipeline/values/certainty.py, `reread_min_margin`), made with the rest of the
certainty grading.

Only an engine that offers a scorer (`line_scorer()`: the PP-OCRv6 recogniser the paddle engine
runs) rereads; the scorer loads on first use, once per process, and its margins are cached by the
file's hash, the field's box and the two readings.
"""

from __future__ import annotations

import logging
import math
import threading
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from preaudit.pipeline.model import BBox, Document, FieldValue, Page
from preaudit.pipeline.values.text import normalize_name

log = logging.getLogger(__name__)

# the fields that hold a person's name (the certainty kinds' person_name)
NAME_KEYS = ("name", "employee_name")
HEIGHT = 48  # the recogniser's input height
PAD = 0.004  # page share added around a field's box (a stroke cut at the box's edge)


class LineScorer:
    """Per-frame log-probabilities of the recogniser for a crop, and CTC scores of texts."""

    def __init__(self, model: Path, dictionary: Path, threads: int = 1) -> None:
        self.model, self.dictionary, self.threads = model, dictionary, threads
        self._session: Any = None
        self._index: dict[str, int] = {}
        self._chars: dict[int, str] = {}
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._session is None:
                import onnxruntime as ort

                chars = self.dictionary.read_text(encoding="utf-8").split("\n")
                while chars and chars[-1] == "":
                    chars.pop()
                self._index = {c: i + 1 for i, c in enumerate(chars) if c}  # 0 is the CTC blank
                opts = ort.SessionOptions()
                opts.intra_op_num_threads = self.threads
                opts.enable_mem_pattern = False
                self._session = ort.InferenceSession(str(self.model), opts, providers=["CPUExecutionProvider"])
            return self._session

    def log_probs(self, crop: np.ndarray) -> np.ndarray:
        """(frames, classes) natural-log probabilities for a BGR crop of one text line."""
        session = self._load()
        if crop.ndim == 2:
            crop = cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)
        h, w = crop.shape[:2]
        width = max(16, int(math.ceil(HEIGHT * w / max(1, h))))
        img = cv2.resize(crop, (width, HEIGHT)).astype(np.float32) / 255.0
        x = ((img - 0.5) / 0.5).transpose(2, 0, 1)[None]
        out = session.run(None, {session.get_inputs()[0].name: x})[0][0]
        return np.log(np.clip(out, 1e-12, 1.0))

    def ids(self, text: str) -> list[int] | None:
        """The class of each character, or None when the recogniser does not know one."""
        self._load()
        out = [self._index.get(c) for c in text]
        return None if any(i is None for i in out) else out  # type: ignore[return-value]

    def text(self, ids: list[int]) -> str:
        """The characters of classes `ids`."""
        if len(self._chars) != len(self._index):
            self._chars = {i: c for c, i in self._index.items()}
        return "".join(self._chars.get(i, "") for i in ids)

    def best(self, lp: np.ndarray) -> list[int]:
        """The best path's classes (greedy CTC decoding: repeats merged, blanks dropped)."""
        path = lp.argmax(axis=1)
        return [int(c) for k, c in enumerate(path) if c != 0 and (k == 0 or c != path[k - 1])]


def ctc_log_likelihood(lp: np.ndarray, ids: list[int]) -> float:
    """log P(text | frames): the CTC forward sum over every alignment of `ids` (blank = 0)."""
    if not ids:
        return float(lp[:, 0].sum())
    ext = [0]
    for c in ids:
        ext += [c, 0]
    ext_a = np.array(ext)
    skip = np.zeros(len(ext), dtype=bool)  # s may come from s-2: a label differing from the one two back
    skip[2:] = (ext_a[2:] != 0) & (ext_a[2:] != ext_a[:-2])
    alpha = np.full(len(ext), -np.inf)
    alpha[0], alpha[1] = lp[0, 0], lp[0, ext[1]]
    for t in range(1, lp.shape[0]):
        prev1 = np.concatenate(([-np.inf], alpha[:-1]))
        prev2 = np.where(skip, np.concatenate(([-np.inf, -np.inf], alpha[:-2])), -np.inf)
        alpha = np.logaddexp(np.logaddexp(alpha, prev1), prev2) + lp[t, ext_a]
    return float(np.logaddexp(alpha[-1], alpha[-2]))


def margin(scorer: LineScorer, crop: np.ndarray, read: str, declared: str) -> float | None:
    """log P(line as the declared name) - log P(its best reading). Where the best reading holds
    the value read, the crop holds more (its label): the declared name takes the value's place;
    otherwise the crop is the name (the engine read it at another scale). None when a character
    is unknown to the recogniser."""
    lp = scorer.log_probs(crop)
    text = scorer.text(scorer.best(lp))
    candidate = text.replace(read, declared, 1) if read and read in text else declared
    ids_best, ids_declared = scorer.ids(text), scorer.ids(candidate)
    if ids_best is None or ids_declared is None:
        return None
    return ctc_log_likelihood(lp, ids_declared) - ctc_log_likelihood(lp, ids_best)


def _crop(page: Page, box: BBox) -> np.ndarray | None:
    image = page.image
    if image is None:
        return None
    h, w = image.shape[:2]
    x0, x1 = max(0, int((box.x0 - PAD) * w)), min(w, int(math.ceil((box.x1 + PAD) * w)))
    y0, y1 = max(0, int((box.y0 - PAD) * h)), min(h, int(math.ceil((box.y1 + PAD) * h)))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    return image[y0:y1, x0:x1]


def reread_names(documents: list[Document], pages: list[Page], names: tuple[str, ...], ocr: Any) -> list[Document]:
    """The documents with each OCR-read person's name that is not a declared name given the
    margin by which its crop reads as the declared one (`FieldValue.reread`)."""
    scorer = getattr(getattr(ocr, "engine", None), "line_scorer", lambda: None)()
    wanted = [n for n in names if normalize_name(n)]
    if scorer is None or not wanted:
        return documents
    by_number = {p.number: p for p in pages}
    out = []
    for doc in documents:
        fields = dict(doc.fields)
        for key in NAME_KEYS:
            fv = fields.get(key)
            if not _rereadable(fv, wanted):
                continue
            page = by_number.get(fv.page or doc.page)
            crop = _crop(page, fv.bbox) if page is not None and fv.bbox is not None else None
            if crop is None:
                continue
            best = _best_margin(ocr, scorer, doc, fv, crop, wanted)
            if best is not None:
                fields[key] = fv.model_copy(update={"reread": best})
        out.append(doc if fields == doc.fields else doc.model_copy(update={"fields": fields}))
    return out


def _rereadable(fv: FieldValue | None, wanted: list[str]) -> bool:
    return (fv is not None and fv.source == "ocr" and isinstance(fv.value, str) and bool(normalize_name(fv.value))
            and fv.bbox is not None and normalize_name(fv.value) not in {normalize_name(n) for n in wanted})


def _best_margin(ocr: Any, scorer: LineScorer, doc: Document, fv: FieldValue, crop: np.ndarray,
                 wanted: list[str]) -> dict[str, Any] | None:
    found: dict[str, Any] | None = None
    for name in wanted:
        variant = f"reread:{fv.bbox.as_list()}:{fv.value}:{name}"
        try:
            m = ocr.remembered(doc.file_sha256, fv.page or doc.page, variant,
                               lambda name=name: margin(scorer, crop, fv.value, normalize_name(name)))
        except Exception:  # noqa: BLE001 - a reread is evidence, never a reason to lose the file
            log.exception("rereading a name on %s failed", doc.file)
            return found
        if m is not None and (found is None or m > found["margin"]):
            found = {"text": normalize_name(name), "margin": round(m, 2)}
    return found
