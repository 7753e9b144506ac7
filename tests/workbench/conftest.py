"""One audited OUT folder per module (no OCR), copied for each test so that trails stay apart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.workbench.workbench_builders import add_reviewers, build_out, make_client


@pytest.fixture(scope="module")
def base_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_out(tmp_path_factory.mktemp("workbench"))


@pytest.fixture()
def out(base_out: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(base_out, tmp_path / "out"))


@pytest.fixture()
def state(tmp_path: Path) -> Path:
    state = tmp_path / "state"
    add_reviewers(state)
    return state


@pytest.fixture()
def client(out: Path, state: Path):
    with make_client(out, state) as c:
        yield c
