"""Reader processes (pipeline/readers.py): the same reading as in this process, results in order,
and a file that kills its reader recorded as unreadable while the rest are read (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from preaudit.pipeline.auditor import AuditOptions, Auditor
from preaudit.pipeline.intake.ingest import discover
from preaudit.pipeline.model import SourceFile
from preaudit.pipeline.readers import ReaderPool, worker_threads
from preaudit.pipeline.run import StageTimer

from tests.pipeline.readers_work import die_on_bomb


def _file(name: str) -> SourceFile:
    return SourceFile(path=name, abs_path=f"/nowhere/{name}", sha256="ab" * 32, size=10, kind="image")


def test_worker_threads_share_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    assert [worker_threads(n) for n in (1, 2, 3, 8, 16)] == [8, 4, 2, 1, 1]


def test_options_refuse_no_readers() -> None:
    with pytest.raises(ValueError):
        AuditOptions(readers=0)


def test_a_worker_that_dies_costs_only_its_file(tmp_path: Path) -> None:
    pool = ReaderPool(AuditOptions(state_dir=tmp_path, cache=False), 2, work=die_on_bomb)
    files = [_file("a.jpg"), _file("bomb.jpg"), _file("c.jpg"), _file("d.jpg")]
    timer = StageTimer()
    try:
        results = list(pool.read(files, timer))
    finally:
        pool.close()
    assert [r.record.path for r in results] == ["a.jpg", "bomb.jpg", "c.jpg", "d.jpg"]
    assert [r.record.status for r in results] == ["processed", "unreadable", "processed", "processed"]
    assert "读取进程异常退出" in (results[1].record.reason or "")
    assert results[1].errors and results[1].errors[0].file == "bomb.jpg"
    assert (pool.hits, pool.misses) == (3, 6)
    assert timer.seconds["render"] == pytest.approx(0.03)


def test_readers_read_as_this_process_does(sample: dict, tmp_path: Path) -> None:
    """One sample applicant read by two reader processes (real OCR), then by this process from the
    cache they filled: the same documents, fields and records."""
    # the applicant with the fewest images that has one: real OCR in the workers, kept short
    applicant = min((a for a in discover(sample["batch"]).applicants if any(f.kind == "image" for f in a.files)),
                    key=lambda a: (sum(f.kind == "image" for f in a.files), len(a.files)))
    pooled = Auditor(AuditOptions(state_dir=tmp_path, readers=2))
    assert pooled.pool is not None
    try:
        a = pooled.collect(applicant)
        hits, misses = pooled.ocr_counts
    finally:
        pooled.close()
    assert misses > 0 and pooled.ocr.misses == 0  # read in the workers, not here
    here = Auditor(AuditOptions(state_dir=tmp_path, readers=1))
    assert here.pool is None
    b = here.collect(applicant)
    assert here.ocr.misses == 0  # every reading came from the workers' cache
    assert [f.model_dump() for f in a.files] == [f.model_dump() for f in b.files]
    assert [d.model_dump() for d in a.documents] == [d.model_dump() for d in b.documents]
    assert len(a.fingerprints) == len(b.fingerprints)


def test_a_handed_in_engine_reads_here(tmp_path: Path) -> None:
    class Blank:
        name = "blank"

        def read(self, image):  # noqa: ANN001, ANN202
            return []

    auditor = Auditor(AuditOptions(state_dir=tmp_path, readers=2), engine=Blank())
    assert auditor.pool is None
