"""The one place that builds an audit's resources: OCR engine, OCR cache, fingerprint index, policy.

The CLI, the Prefect flows, the upload watcher and the benches build an `Auditor` from
`AuditOptions` and call it; nothing else creates an engine, a cache or an index, and no setting
travels through the environment (the engine gets its model folder and thread count from here).
`get_auditor` keeps one Auditor per process and options, so models and the policy load once per
process (a Prefect or Dask worker that gets the same options reuses it), as docling's
`_get_pipeline` does. Tests hand an Auditor a fake engine.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from preaudit.pipeline import DEFAULT_POLICY
from preaudit.pipeline.intake import limits as limits_mod
from preaudit.pipeline.intake.blacklist import Blacklist, read_blacklist
from preaudit.pipeline.intake.ingest import ApplicantInput
from preaudit.pipeline.intake.ocr import DEFAULT_ENGINE, ENGINES, OcrCache, OcrEngine, make_engine
from preaudit.pipeline.integrity.dupindex import FingerprintIndex, index_for
from preaudit.pipeline.model import FileRecord, Report
from preaudit.pipeline.ops.statedir import default_state_dir
from preaudit.pipeline.readers import ReaderPool
from preaudit.pipeline.run import BatchResult, Collected, StageTimer, audit_batch, collect_applicant, judge_applicant
from preaudit.validators.policy import Policy, load_policy


@dataclass(frozen=True)
class AuditOptions:
    """Everything an audit's resources depend on, typed and hashable.

    `state_dir`: OCR cache, fingerprint index, task cache and the model links (None: the
    default, ~/.cache/preaudit or the folder the command line was given). `cache`: read and write
    the OCR cache and the persistent index there (`--no-cache` turns both off; the model links
    still live in the state directory). `threads`: the OCR engine's intra-op threads (None: the
    cores, at most 4). `limits`: another limits file (pipeline/intake/limits.yaml's keys).
    `blacklist`: a 失信/黑名单 list file (csv or xlsx, pipeline/intake/blacklist.py), read once when
    the Auditor is built. `readers`: files are read in this many worker processes, each with its
    own engine and cores // readers threads unless `threads` says (pipeline/readers.py); 1 reads
    them in this process.
    """

    policy: str = DEFAULT_POLICY
    engine: str = DEFAULT_ENGINE
    state_dir: Path | None = None
    cache: bool = True
    threads: int | None = None
    as_of: date | None = None
    limits: Path | None = None
    blacklist: Path | None = None
    readers: int = 1

    def __post_init__(self) -> None:
        if self.readers < 1:
            raise ValueError(f"readers must be >= 1, not {self.readers}")
        if self.engine not in ENGINES:
            raise ValueError(f"unknown OCR engine {self.engine!r}; choose one of {', '.join(ENGINES)}")
        if self.threads is not None and self.threads < 1:
            raise ValueError(f"threads must be >= 1, not {self.threads}")
        # absolute: worker processes (Prefect, Dask) may run elsewhere
        object.__setattr__(self, "state_dir", (Path(self.state_dir) if self.state_dir is not None else default_state_dir()).absolute())
        if self.limits is not None:
            object.__setattr__(self, "limits", Path(self.limits).absolute())
        if self.blacklist is not None:
            object.__setattr__(self, "blacklist", Path(self.blacklist).absolute())

    @property
    def cache_dir(self) -> Path | None:
        """Where the OCR cache and the fingerprint index persist; None without a cache."""
        return self.state_dir if self.cache else None


@dataclass
class Auditor:
    """The engine, the OCR cache, the policy and the fingerprint index of one set of options,
    with the chain's steps as methods (pipeline/run.py holds the steps themselves)."""

    options: AuditOptions
    engine: OcrEngine | None = None  # None: the registry's engine for the options (a test hands in a fake)
    index_given: FingerprintIndex | None = None  # an index the caller owns (a bench's, a test's)
    policy: Policy = field(init=False)
    ocr: OcrCache = field(init=False)
    blacklist: Blacklist | None = field(init=False, default=None)
    _index: FingerprintIndex | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    pool: ReaderPool | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.options.limits is not None:
            limits_mod.use(self.options.limits)
        self.policy = load_policy(self.options.policy)
        # read here, once, within blacklist.* of the limits: InputError stops the run (exit status 2)
        self.blacklist = read_blacklist(self.options.blacklist) if self.options.blacklist is not None else None
        if self.engine is None:
            assert self.options.state_dir is not None
            self.engine = make_engine(self.options.engine, self.options.threads, self.options.state_dir)
            if self.options.readers > 1:  # workers build the registry's engine; a handed-in one stays here
                self.pool = ReaderPool(self.options, self.options.readers)
        self.ocr = OcrCache(self.engine, self.options.cache_dir)

    # ------------------------------------------------------------------ resources
    @property
    def index(self) -> FingerprintIndex:
        """The fingerprint index: persistent in the state directory, in memory without a cache."""
        if self.index_given is not None:
            return self.index_given
        with self._lock:
            if self._index is None:
                self._index = index_for(self.options.cache_dir)
            return self._index

    def close(self) -> None:
        """Close the index it opened and stop the reader processes (the engine and caches stay
        for the next call; reopened on use)."""
        with self._lock:
            if self._index is not None:
                self._index.close()
                self._index = None
        if self.pool is not None:
            self.pool.close()

    @property
    def ocr_counts(self) -> tuple[int, int]:
        """OCR cache hits and misses, in this process and its reader processes."""
        extra = (self.pool.hits, self.pool.misses) if self.pool is not None else (0, 0)
        return self.ocr.hits + extra[0], self.ocr.misses + extra[1]

    def fresh_ocr(self) -> OcrCache:
        """An OCR cache over the same engine and folder with its own hit counts (one task's figures)."""
        return OcrCache(self.ocr.engine, self.options.cache_dir)

    # ------------------------------------------------------------------ the chain
    def collect(self, applicant: ApplicantInput, timer: StageTimer | None = None, *, ocr: OcrCache | None = None,
                on_file: Callable[[FileRecord], None] | None = None) -> Collected:
        """Read every file of one applicant (pipeline/run.py `collect_applicant`), in the reader
        processes when there are some and no OCR cache of the caller's is asked for."""
        if self.pool is not None and ocr is None:
            return collect_applicant(applicant, self.ocr, timer, on_file=on_file, reader=self.pool.read)
        return collect_applicant(applicant, ocr or self.ocr, timer, on_file=on_file)

    def duplicates(self, collected: list[Collected], batch_id: str) -> list[tuple[list[Any], list[dict[str, Any]]]]:
        """Everyone registered in the index, then each looked up: per applicant its stored
        fingerprints and canonical hits (pipeline/batchrun.py `batch_hits`)."""
        from preaudit.pipeline.batchrun import batch_hits

        return batch_hits(self.index, batch_id, collected)

    @property
    def resources_key(self) -> str:
        """What a report depends on among the resources besides the policy and the engine: the
        失信 list's content hash ("-" without one), for the resume record (pipeline/ops/resume.py)."""
        return f"blacklist:{self.blacklist.sha256}" if self.blacklist is not None else "-"

    def judge(self, collected: Collected, hits: list[dict[str, Any]] | None = None, timer: StageTimer | None = None,
              *, batch_id: str = "") -> Report:
        """The policy's rules over what was read (pipeline/run.py `judge_applicant`); with a batch
        id, the application is recorded in the index and checked against the person's others."""
        return judge_applicant(collected, self.policy, self.options.as_of, hits, timer,
                               index=self.index if batch_id else None, batch_id=batch_id, blacklist=self.blacklist)

    def audit_batch(self, input_path: Path, *, workers: int = 1, index: FingerprintIndex | None = None,
                    batch_id: str = "") -> BatchResult:
        """Audit a batch in memory, nothing written (benches, tests): everyone read, then reuse
        checked against `index` (None: a fresh in-memory one, this batch only), then judged
        (pipeline/run.py `audit_batch`)."""
        return audit_batch(input_path, self.policy, self.ocr, self.options.as_of, workers, index, batch_id,
                           blacklist=self.blacklist)

    def run(self, input_path: Path, out: Path, **kwargs: Any) -> Any:
        """Audit a batch (or one applicant folder, or a zip) into OUT, each applicant written as it
        is judged, resumable, against the persistent index (pipeline/batchrun.py `run_batch`;
        keyword arguments pass through). `preaudit audit` runs this."""
        from preaudit.pipeline.batchrun import run_batch

        return run_batch(input_path, self, out, **kwargs)

    def audit_upload(self, applicant: ApplicantInput, out: Path, batch_id: str,
                     resolve: Callable[[str], ApplicantInput | None] | None = None) -> Report:
        """Audit one uploaded applicant folder into OUT (pipeline/batchrun.py `audit_one`)."""
        from preaudit.pipeline.batchrun import audit_one

        return audit_one(applicant, self, out, batch_id, resolve=resolve)


_AUDITORS: dict[AuditOptions, Auditor] = {}
_AUDITORS_LOCK = threading.Lock()


def get_auditor(options: AuditOptions) -> Auditor:
    """The process's Auditor for these options, built on first use (models load once per process)."""
    with _AUDITORS_LOCK:
        auditor = _AUDITORS.get(options)
        if auditor is None:
            auditor = _AUDITORS[options] = Auditor(options)
        return auditor
