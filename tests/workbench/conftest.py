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


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    """One Chromium per browser-test module, under the native network guard (`browser.guard`: its log)."""
    from tests.workbench.browser_harness import launch, network_guard, require_browser

    require_browser()
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("chromium")
    guard = network_guard(folder)
    with sync_playwright() as p:
        b = launch(p, folder, guard)
        b.guard = guard
        yield b
        b.close()
