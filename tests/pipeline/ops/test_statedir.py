"""The state directory holds OCR text of ID cards and fingerprints: owner-only when we make it."""

import os
import stat

import pytest

from preaudit.pipeline.integrity.dupindex import index_for
from preaudit.pipeline.intake.ocr import OcrCache
from preaudit.pipeline.ops.statedir import private_dir


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("make", [
    lambda p: private_dir(p),
    lambda p: OcrCache(engine=None, cache_dir=p),  # type: ignore[arg-type]
    lambda p: index_for(p).close(),
])
def test_a_new_state_dir_is_owner_only(tmp_path, make):
    target = tmp_path / "deep" / "state"
    make(target)
    assert target.is_dir() and stat.S_IMODE(target.stat().st_mode) == 0o700


def test_an_existing_dir_is_left_as_it_is(tmp_path):
    d = tmp_path / "shared"
    d.mkdir(mode=0o755)
    os.chmod(d, 0o755)
    private_dir(d)
    assert stat.S_IMODE(d.stat().st_mode) == 0o755
