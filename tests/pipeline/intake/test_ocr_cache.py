"""The OCR cache key holds the engine's settings (issue 17): a reading made at another detection
size is never reused, while a renamed copy of the same bytes still is."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from preaudit.pipeline.intake.ocr import DET_LIMIT_SIDE, OcrCache, PaddleEngine, signature
from preaudit.pipeline.model import BBox, TextLine


class _Fake:
    def __init__(self, name: str, sig: str | None, text: str) -> None:
        self.name = name
        if sig is not None:
            self.signature = sig
        self.text = text
        self.calls = 0

    def read(self, image: np.ndarray) -> list[TextLine]:
        self.calls += 1
        return [TextLine(text=self.text, bbox=BBox(x0=0, y0=0, x1=1, y1=1), confidence=0.9, source="ocr")]


def test_signature_falls_back_to_the_name() -> None:
    assert signature(_Fake("rapid", None, "a")) == "rapid"
    assert signature(_Fake("paddle", "paddle:det960max", "a")) == "paddle:det960max"


def test_paddle_signature_names_the_detection_size() -> None:
    assert str(DET_LIMIT_SIDE) in PaddleEngine.signature


def test_readings_under_other_settings_are_not_reused(tmp_path: Path) -> None:
    img = np.zeros((8, 8, 3), np.uint8)
    first = _Fake("paddle", "paddle:det4000max", "旧")
    OcrCache(first, tmp_path).read("ab" * 32, 1, img)
    again = _Fake("paddle", "paddle:det4000max", "x")
    assert OcrCache(again, tmp_path).read("ab" * 32, 1, img)[0].text == "旧"  # same settings: the disk cache
    assert again.calls == 0
    other = _Fake("paddle", "paddle:det1600max", "新")
    assert OcrCache(other, tmp_path).read("ab" * 32, 1, img)[0].text == "新"
    assert other.calls == 1


def test_memory_is_bounded_and_keeps_the_recent(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(OcrCache, "MEMORY_ONLY_ENTRIES", 3)
    engine = _Fake("paddle", None, "字")
    cache = OcrCache(engine)  # memory only
    img = np.zeros((8, 8, 3), np.uint8)
    for page in range(1, 6):
        cache.read("cd" * 32, page, img)
    assert len(cache._memory) == 3
    cache.read("cd" * 32, 5, img)  # recent: a hit
    assert engine.calls == 5
    cache.read("cd" * 32, 1, img)  # evicted: read again
    assert engine.calls == 6


def test_a_disk_backed_cache_keeps_fewer_in_memory(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(OcrCache, "MEMORY_ENTRIES", 2)
    engine = _Fake("paddle", None, "字")
    cache = OcrCache(engine, tmp_path)
    img = np.zeros((8, 8, 3), np.uint8)
    for page in range(1, 5):
        cache.read("ef" * 32, page, img)
    assert len(cache._memory) == 2
    assert cache.read("ef" * 32, 1, img)[0].text == "字"  # evicted from memory, found on disk
    assert engine.calls == 4
