"""The batch pre-audit flow: one flow run per batch, the same outputs as `preaudit audit`.

    discover ─► collect-applicant × N (cached, concurrent) ─► check-duplicates ─► report-applicant × N ─► write-batch

The order is `preaudit.pipeline.run.audit_batch`'s: everyone is read before anyone is judged, so reuse of
a document within the batch is found whichever applicant comes first. Task runners (`task_runner`):
worker processes (`processes`, the fastest on one machine) or a thread pool (`threads`) here, or
Dask (`dask`: a local cluster, or a running one by address) across machines, where the input, OUT
and the state directory must be on a filesystem every worker sees.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_table_artifact
from prefect.context import get_run_context
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from preaudit.flows.env import DEFAULT_POLICY
from preaudit.flows.privacy import mask_json, masked_errors
from preaudit.flows.tasks import collect_task_for, discover_task, duplicates_task, flow_options, report_task, write_batch_task
from preaudit.pipeline.auditor import get_auditor
from preaudit.pipeline.report.writer import VERDICT_ZH

ARTIFACT_KEY = "preaudit-batch-summary"
ARTIFACT_COLUMNS = ("key", "name", "id_number_masked", "unit", "level", "verdict_zh", "errors", "warnings", "infos", "top_findings")


def task_runner(kind: str = "processes", workers: int = 2, dask_address: str | None = None) -> Any:
    """The task runner for `batch_audit`.

    `processes`: `workers` processes on this machine, each with its own Auditor (OCR engine), whose
    thread count the flow's `threads` parameter sets (pipeline/readers.py `worker_threads`: cores // workers, the fastest
    in bench/concurrency.py while cores were idle; on a saturated machine nothing beats one at a
    time); one worker runs in this process. `threads`: a thread pool of `workers` sharing this
    process's Auditor, whose engine lock serialises OCR. `dask`: the Dask cluster at
    `dask_address` (tcp://host:8786), or a local cluster of `workers` single-threaded processes.
    """
    if kind == "processes" and workers > 1:
        return ProcessPoolTaskRunner(max_workers=workers)
    if kind in ("threads", "processes"):  # one worker: no process to spawn, the engine stays here
        return ThreadPoolTaskRunner(max_workers=workers)
    if kind == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={
            "n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None,
        })
    raise ValueError(f"unknown task runner {kind!r}: processes, threads or dask")


def _batch_id(input_path: Path, batch: Any) -> str:
    """The fingerprint index's batch id, as `preaudit audit` gives it: the input path, or the
    parent batch when one applicant folder was audited with its parent's manifest."""
    path = input_path.resolve()
    if batch.manifest is not None and path.is_dir() and batch.manifest.parent.resolve() == path.parent:
        return str(path.parent)
    return str(path)


def _summary_markdown(counts: dict[str, int], cached: int, ocr: dict[str, Any]) -> str:
    verdicts = "，".join(f"{VERDICT_ZH[v]} {counts.get(v, 0)}" for v in VERDICT_ZH)
    return (
        f"**{counts.get('applicants', 0)} 名申报人**：{verdicts}。"
        f" 读取缓存命中 {cached} 人；OCR 缓存命中 {ocr['cache_hits']} 页，未命中 {ocr['cache_misses']} 页。"
    )


@flow(name="preaudit-batch", log_prints=False)
@masked_errors
def batch_audit(
    input_path: Path,
    out: Path,
    policy: str = DEFAULT_POLICY,
    as_of: date | None = None,
    engine: str = "paddle",
    state_dir: Path | None = None,
    threads: int | None = None,
    models_dir: Path | None = None,
    blacklist: Path | None = None,
) -> dict[str, Any]:
    """Audit a batch folder, one applicant folder, or a zip of either; write OUT like `preaudit audit`.

    Args:
        input_path: the batch (as for `preaudit audit`).
        out: the output folder.
        policy: built-in policy id or a YAML path.
        as_of: reference date (default: declared 申报日期, else the policy's).
        engine: OCR engine, paddle or rapid.
        state_dir: OCR cache and task cache; None reads and writes no cache.
        threads: OCR threads per worker (None: the cores, at most 4).
        models_dir: where the model links live when there is no state_dir (None: the default).
        blacklist: a 失信/黑名单 list (csv or xlsx) checked against every applicant (`--blacklist`).

    Returns:
        counts, cache figures and the output folder.
    """
    logger = get_run_logger()
    options = flow_options(policy, engine, state_dir, as_of, threads, models_dir, blacklist)
    rules = get_auditor(options).policy
    out = Path(out)
    batch = discover_task(Path(input_path))
    collect = collect_task_for(options)
    futures = [collect.submit(a, options) for a in batch.applicants]
    results = [f.result() for f in futures]
    cached = sum(1 for f in futures if f.state.name == "Cached")
    executed = [r for f, r in zip(futures, results) if f.state.name != "Cached"]
    ocr = {"engine": engine, "cache_hits": sum(r[1] for r in executed), "cache_misses": sum(r[2] for r in executed)}
    collected = [r[0] for r in results]

    batch_id = _batch_id(Path(input_path), batch)
    duplicates = duplicates_task(collected, batch_id, options)
    report_futures = [report_task.submit(c, d, options, out, batch_id) for c, d in zip(collected, duplicates)]
    reports = [f.result() for f in report_futures]

    flow_run_id = str(get_run_context().flow_run.id)
    extra = {"ocr": ocr, "prefect": {"flow_run_id": flow_run_id, "collect_cached": cached}}
    rows = write_batch_task(batch, reports, out, rules.policy, extra)
    counts = {"applicants": len(reports), **{v: sum(1 for r in reports if r.verdict == v) for v in VERDICT_ZH}}
    keys = {r.key for r in reports}
    create_table_artifact(
        key=ARTIFACT_KEY,
        table=[mask_json({c: row[c] for c in ARTIFACT_COLUMNS}) for row in rows if row["key"] in keys],
        description=_summary_markdown(counts, cached, ocr),
    )
    logger.info("%d applicants audited (collect cached %d, OCR hits %d, misses %d)",
                len(reports), cached, ocr["cache_hits"], ocr["cache_misses"])
    return {"out": str(out), "counts": counts, "collect_cached": cached, "ocr": ocr, "flow_run_id": flow_run_id,
            "stray_files": batch.stray_files,
            "applicants": [
                {"key": r.key, "verdict": r.verdict, "codes": list(dict.fromkeys(f.code for f in r.findings if f.severity.value != "info")),
                 "cached": f.state.name == "Cached", "ocr_hits": res[1], "ocr_misses": res[2]}
                for r, f, res in zip(reports, futures, results)
            ]}
