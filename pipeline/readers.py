"""Reader processes: the files of a batch read in parallel, one OCR engine per process.

On 2 cores one engine with 2 intra-op threads spends a fifth of its CPU keeping the threads in
step, and the pipeline's own Python (render, seals, extraction) runs on one core while the other
waits. N processes with cores // N threads each keep every core busy (issue 17 note: measured
with bench/speed.py --workers). The unit of work is one input file, so one applicant's files are
read side by side too (the on-upload case), and a file's result (record, documents, errors,
fingerprints: no page images) is small to send back.

Workers are spawned, never forked (ONNX Runtime's threads do not survive a fork), build their
resources from the same `AuditOptions` through `get_auditor`, and are replaced after
`RECYCLE_FILES` files so that memory an OCR library leaks is given back (PaddleOCR #15631).
Only `pipeline/auditor.py` builds a pool.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import TYPE_CHECKING

from preaudit.pipeline.model import FileRecord, ProcessingError, SourceFile
from preaudit.pipeline.run import FileResult, StageTimer, read_file

if TYPE_CHECKING:
    from preaudit.pipeline.auditor import AuditOptions

log = logging.getLogger(__name__)

RECYCLE_FILES = 400  # files a worker reads before a fresh one takes its place

_WORKER: dict[str, object] = {}


def worker_threads(workers: int) -> int:
    """OCR intra-op threads per worker process when `workers` share this machine's cores."""
    return max(1, (os.cpu_count() or 2) // max(1, workers))


def _start(options: "AuditOptions") -> None:
    """A worker's resources, built once per process from the options (models load on first OCR)."""
    from preaudit.pipeline.auditor import get_auditor

    _WORKER["auditor"] = get_auditor(options)


Read = tuple[FileResult, dict[str, float], int, int]


def _read(sf: SourceFile) -> Read:
    """One file read in a worker: its result, the stage seconds and the OCR cache's hits and misses."""
    auditor = _WORKER["auditor"]
    ocr = auditor.fresh_ocr()  # type: ignore[attr-defined]
    timer = StageTimer()
    result = read_file(sf, ocr, timer)
    return result, dict(timer.seconds), ocr.hits, ocr.misses


def _crashed(sf: SourceFile) -> FileResult:
    """The record of a file whose reading killed the reader process twice."""
    return FileResult(
        FileRecord(path=sf.path, sha256=sf.sha256, size=sf.size, status="unreadable",
                   reason="文件无法处理：读取进程异常退出"),
        [], [ProcessingError(stage="render", file=sf.path, message="the reader process died reading this file")],
    )


class ReaderPool:
    """`processes` spawned workers that read files as `read_file` does in this process."""

    def __init__(self, options: "AuditOptions", processes: int, work: Callable[[SourceFile], Read] | None = None) -> None:
        self.processes = processes
        self._work = work or _read  # a module-level function: workers import it by name
        threads = options.threads or worker_threads(processes)
        self._options = replace(options, threads=threads, readers=1)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.processes, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start, initargs=(self._options,), max_tasks_per_child=RECYCLE_FILES,
                )
            return self._pool

    def read(self, files: list[SourceFile], timer: StageTimer | None = None) -> Iterator[FileResult]:
        """Each file's result, in the order given, as soon as it and those before it are read.

        A worker that dies (a library crash on hostile input) breaks the pool: the pool is built
        again, the file is read once more alone, and a file that kills a worker twice is recorded
        as unreadable; the files after it are read as usual."""
        pool = self._executor()
        futures: list[Future] = [pool.submit(self._work, sf) for sf in files]
        try:
            for i, sf in enumerate(files):
                try:
                    got = futures[i].result()
                except (BrokenProcessPool, CancelledError):  # this pool broke, or another reader reset it
                    got = self._again(sf, pool)
                    pool = self._executor()
                    futures[i + 1:] = [pool.submit(self._work, f) for f in files[i + 1:]]
                if got is None:
                    yield _crashed(sf)
                    continue
                result, seconds, hits, misses = got
                if timer is not None:
                    for stage, s in seconds.items():
                        timer.seconds[stage] += s
                with self._lock:
                    self.hits += hits
                    self.misses += misses
                yield result
        finally:
            for future in futures:
                future.cancel()

    def _again(self, sf: SourceFile, broken: ProcessPoolExecutor) -> Read | None:
        """Read `sf` alone in a fresh pool after a worker of `broken` died; None when it dies again."""
        self._reset(broken)
        pool = self._executor()
        try:
            return pool.submit(self._work, sf).result()
        except (BrokenProcessPool, CancelledError):
            log.error("a reader process died twice on %s", sf.path)
            self._reset(pool)
            return None

    def _reset(self, broken: ProcessPoolExecutor) -> None:
        """Drop `broken` (not a pool another reader has already built in its place)."""
        with self._lock:
            if self._pool is broken:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

