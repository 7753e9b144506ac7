"""Prefect tasks over the plain pipeline functions; no audit logic lives here.

Granularity is coarse on purpose (one task per applicant, not per page or field): Prefect's SQLite
backend on a 2-core machine does not keep up with thousands of tiny task runs.

Caching, two layers, both under the state directory:
- `OcrCache` (pipeline/intake/ocr.py): OCR lines keyed by file sha256 + page + engine, in
  STATE/ocr/. Shared with `preaudit audit` and the upload watcher, so a renamed copy of the same
  bytes, or a file first audited on upload, is never OCRed again; an edited file is.
- Prefect's task cache on `collect-applicant` (everything read from one applicant folder:
  render, OCR, classify, extract, seals/fingerprints), keyed by `collect_cache_key` and persisted
  in STATE/prefect-results/. A rerun of an unchanged folder ends that task `Cached` without
  reading a file. Judging (rules, duplicates) always runs: it is cheap and depends on the policy,
  the reference date and the other applicants.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

import preaudit.pipeline
from preaudit.flows.privacy import install as mask_prefect, masked_errors
from preaudit.pipeline.auditor import AuditOptions, get_auditor
from preaudit.pipeline.batchrun import record_for, reuse_digest
from preaudit.pipeline.intake.crops import PageCropper
from preaudit.pipeline.intake.ingest import ApplicantInput, Batch
from preaudit.pipeline.report.writer import write_applicant, write_batch
from preaudit.pipeline.ops.resume import input_key
from preaudit.pipeline.scope import discover_scope
from preaudit.pipeline.run import Collected

mask_prefect()  # flow-run parameters and Prefect's log handlers masked (flows/privacy.py)

CACHE_VERSION = "collect/1"
RESULTS_DIR = "prefect-results"
# The code whose output a cached `Collected` holds: any change to it invalidates the cache.
_CODE_DIRS = ("pipeline", "extractors")


def flow_options(policy: str, engine: str, state_dir: str | Path | None, as_of: date | None,
                 threads: int | None = None, models_dir: str | Path | None = None,
                 blacklist: str | Path | None = None) -> AuditOptions:
    """A flow's parameters (plain values, as a deployment or an event gives them) as AuditOptions:
    `state_dir` None reads and writes no cache; the model links then live in `models_dir` (else
    the default state directory); `blacklist` a 失信 list file (read once per process). The CLI's
    own options come back equal, so a flow run in its process uses the CLI's Auditor."""
    return AuditOptions(policy=policy, engine=engine, state_dir=Path(state_dir or models_dir) if (state_dir or models_dir) else None,
                        cache=state_dir is not None, threads=threads, as_of=as_of,
                        blacklist=Path(blacklist) if blacklist else None)


def flow_parameters(options: AuditOptions) -> dict[str, Any]:
    """The flow parameters that give back `options` through `flow_options` (JSON-ready)."""
    return {"policy": options.policy, "engine": options.engine, "as_of": options.as_of.isoformat() if options.as_of else None,
            "state_dir": str(options.cache_dir) if options.cache_dir else None, "threads": options.threads,
            "models_dir": str(options.state_dir), "blacklist": str(options.blacklist) if options.blacklist else None}


def retry_on_io(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only when the failure was an I/O error (a network share, a full disk)."""
    return isinstance(state.result(raise_on_failure=False), OSError)


@functools.cache
def code_fingerprint() -> str:
    """sha256 over the sources of pipeline/ and extractors/ (Python and YAML), once per process."""
    root = Path(preaudit.pipeline.__file__).resolve().parents[1]
    h = hashlib.sha256()
    for name in _CODE_DIRS:
        for path in sorted((root / name).rglob("*")):
            if path.suffix in (".py", ".yaml") and path.is_file():
                h.update(path.relative_to(root).as_posix().encode())
                h.update(path.read_bytes())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()


def collect_cache_key(context: Any, parameters: dict[str, Any]) -> str:
    """Everything a `Collected` depends on: the folder, its declared data, each file's path and
    content hash, the OCR engine, and the reading code. Not the policy, date or output folder."""
    applicant: ApplicantInput = parameters["applicant"]
    declared = applicant.declared.model_dump_json() if applicant.declared else "-"
    parts = [
        CACHE_VERSION,
        code_fingerprint(),
        parameters["options"].engine,
        applicant.key,
        str(applicant.folder),
        declared,
        applicant.declared_source or "-",
        *applicant.manifest_errors,
        *(f"{f.path}|{f.sha256}|{f.size}|{f.kind}" for f in applicant.files),
    ]
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode())
        h.update(b"\0")
    return f"collect-{h.hexdigest()}"


@task(name="discover", retries=2, retry_delay_seconds=1, retry_condition_fn=retry_on_io, cache_policy=NO_CACHE, persist_result=False)
@masked_errors
def discover_task(input_path: Path) -> Batch:
    """The batch, or one applicant folder with its parent batch's manifest (pipeline/scope.py)."""
    return discover_scope(input_path)[0]


@task(name="collect-applicant", persist_result=False)
@masked_errors
def collect_task(applicant: ApplicantInput, options: AuditOptions) -> tuple[Collected, int, int]:
    """Read one applicant folder with the process's Auditor for `options` (a worker process builds
    its own once); returns what was read plus this task's OCR cache hits and misses."""
    auditor = get_auditor(options)
    ocr = auditor.fresh_ocr()
    collected = auditor.collect(applicant, ocr=ocr)
    return collected, ocr.hits, ocr.misses


def collect_task_for(options: AuditOptions) -> Any:
    """The collect task, cached in STATE/prefect-results when the options keep a cache."""
    if options.cache_dir is None:
        return collect_task
    return collect_task.with_options(
        cache_key_fn=collect_cache_key,
        persist_result=True,
        result_storage=Path(options.cache_dir) / RESULTS_DIR,
    )


@task(name="check-duplicates", cache_policy=NO_CACHE, persist_result=False)
@masked_errors
def duplicates_task(collected: list[Collected], batch_id: str, options: AuditOptions) -> list[tuple[list, list[dict]]]:
    """Register everyone, then look each one up (pipeline/batchrun.py `batch_hits`): per applicant
    its stored fingerprints and hits, as `preaudit audit` computes them."""
    auditor = get_auditor(options)
    try:
        return auditor.duplicates(collected, batch_id)
    finally:
        auditor.close()


@task(name="report-applicant", retries=2, retry_delay_seconds=1, retry_condition_fn=retry_on_io, cache_policy=NO_CACHE, persist_result=False)
@masked_errors
def report_task(collected: Collected, duplicates: tuple[list, list[dict]], options: AuditOptions, out: Path,
                batch_id: str = "") -> Any:
    """Judge one applicant and write OUT/<key>/report.* with its completion record, so a later
    `preaudit audit` of the same batch skips it when nothing changed (retried on I/O errors).
    With the batch id the application is recorded in the index and checked against the person's
    applications in other batches, as `preaudit audit` does (one application a year)."""
    auditor = get_auditor(options)
    prints, hits = duplicates
    report = auditor.judge(collected, hits, batch_id=batch_id)
    reuse = reuse_digest(auditor.policy, collected.applicant.key, hits)
    record = record_for(input_key(collected.applicant, auditor.policy, options.as_of, options.engine, auditor.resources_key),
                        prints, reuse)
    write_applicant(report, out, record=record, crops=PageCropper())
    return report


@task(name="write-batch", retries=2, retry_delay_seconds=1, retry_condition_fn=retry_on_io, cache_policy=NO_CACHE, persist_result=False)
@masked_errors
def write_batch_task(batch: Batch | None, reports: list, out: Path, policy: str, extra: dict[str, Any]) -> list[dict[str, Any]]:
    """Rebuild the summary from every report in OUT (a batch run or an upload sharing OUT)."""
    return write_batch(batch, reports, out, policy, extra=extra)
