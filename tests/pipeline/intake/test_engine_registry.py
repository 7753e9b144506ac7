"""One OCR engine per process and thread count (issue 17, memory): every in-process audit with its
own state directory used to load the models again and keep them (the test session reached 13 GB)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from preaudit.pipeline.intake import ocr as ocr_mod
from preaudit.pipeline.intake.ocr import make_engine


class _Lazy:
    """Loads 'models' on its first read, like the real engines."""

    name = "lazy"
    loads = 0

    def __init__(self, threads: int | None, state_dir: Path) -> None:
        self.state_dir = state_dir
        self._ocr: Any = None

    @property
    def loaded(self) -> bool:
        return self._ocr is not None

    def use_state_dir(self, state_dir: Path) -> None:
        if self._ocr is None:
            self.state_dir = state_dir

    def read(self, image: np.ndarray) -> list:
        if self._ocr is None:
            type(self).loads += 1
            self._ocr = object()
        return []


@pytest.fixture
def lazy(monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setitem(ocr_mod.ENGINES, "lazy", _Lazy)
    monkeypatch.setattr(ocr_mod, "_BUILT", {})
    _Lazy.loads = 0
    return _Lazy


def test_a_loaded_engine_is_shared_whatever_state_dir_asks(lazy, tmp_path: Path) -> None:
    first = make_engine("lazy", None, tmp_path / "a")
    first.read(np.zeros((4, 4, 3), np.uint8))
    for other in ("b", "c", "d"):
        engine = make_engine("lazy", None, tmp_path / other)
        engine.read(np.zeros((4, 4, 3), np.uint8))
        assert engine is first
    assert lazy.loads == 1


def test_an_engine_not_loaded_yet_links_its_models_in_the_latest_state_dir(lazy, tmp_path: Path) -> None:
    first = make_engine("lazy", None, tmp_path / "gone")
    engine = make_engine("lazy", None, tmp_path / "now")
    assert engine is first  # the same engine, moved: never a second one built beside it
    assert engine.state_dir == tmp_path / "now"


@pytest.mark.parametrize("name", sorted(ocr_mod.ENGINES))
def test_the_real_engines_move_their_state_dir_only_before_loading(name: str, tmp_path: Path) -> None:
    engine = ocr_mod.ENGINES[name](1, tmp_path / "a")  # built, not loaded: no model is read here
    assert not engine.loaded
    engine.use_state_dir(tmp_path / "b")
    assert engine.state_dir == tmp_path / "b"
    engine._ocr = object()  # as if loaded
    assert engine.loaded and ocr_mod.is_loaded(engine)
    engine.use_state_dir(tmp_path / "c")
    assert engine.state_dir == tmp_path / "b"


def test_other_thread_counts_are_other_engines(lazy, tmp_path: Path) -> None:
    assert make_engine("lazy", 1, tmp_path) is not make_engine("lazy", 2, tmp_path)
    assert make_engine("lazy", 1, tmp_path) is make_engine("lazy", 1, tmp_path)


def test_an_unknown_engine_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown OCR engine"):
        make_engine("nope", None, tmp_path)
