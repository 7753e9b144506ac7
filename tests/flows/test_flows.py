"""The Prefect flows (flows/): same outputs as `preaudit audit`, cached reruns, uploads, Dask.

One harness, one tiny generated batch (2 applicants, ~6 raster pages), OCRed once by the CLI; the
flows then find every page in the OCR cache, so these tests cost the harness and little more.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import shutil
import threading
import time
from pathlib import Path

import cv2
import pytest

pytestmark = pytest.mark.flows


def _reports(out: Path) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*/report.json"))}


def _but_applications(report: dict) -> tuple[dict, list]:
    """A report without its case's `applications` (the person's applications in other batches, which a
    later audit in the same state folder rightly sees), and those applications."""
    copy = json.loads(json.dumps(report))
    return copy, copy.get("case", {}).pop("applications", [])


def _batch_json(out: Path) -> dict:
    data = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    for run_specific in ("ocr", "prefect", "run"):
        data.pop(run_specific, None)
    return data


def _has_all_files(report: Path, source: Path) -> bool:
    """The report exists and lists every file of the upload (earlier renames may trigger partial audits)."""
    if not report.exists():
        return False
    return len(json.loads(report.read_text(encoding="utf-8"))["files"]) == sum(1 for _ in source.iterdir())


def _task_states(flow_run_id: str, task_name: str) -> list[str]:
    """State names of the flow run's task runs of that task, as the Prefect API recorded them."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    return sorted(r.state.name for r in runs if r.name.startswith(task_name))


@pytest.fixture(scope="module")
def audited_by_cli(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A 2-applicant batch audited by `preaudit audit` into a fresh state dir (fills the OCR cache)."""
    from preaudit.fixtures.generate import generate_batch
    from preaudit.pipeline.cli import main

    root = tmp_path_factory.mktemp("flowbatch")
    generate_batch(root, 2, 1)
    state, out = root / "state", root / "out-cli"
    handlers, state_env = logging.getLogger().handlers[:], os.environ.get("PREAUDIT_STATE_DIR")
    try:
        assert main(["audit", str(root / "batch"), "--out", str(out), "--state-dir", str(state)]) == 0
    finally:  # main() sets up logging: give the session its own back
        logging.getLogger().handlers[:] = handlers
        if state_env is not None:
            os.environ["PREAUDIT_STATE_DIR"] = state_env
    return {"root": root, "batch": root / "batch", "state": state, "out": out, "reports": _reports(out)}


def _run_batch_flow(batch: Path, out: Path, state: Path | None, runner) -> dict:
    from preaudit.flows.batch import batch_audit

    return batch_audit.with_options(task_runner=runner)(input_path=batch, out=out, state_dir=state)


def test_batch_flow_writes_what_audit_writes_and_a_rerun_is_cached(prefect_harness, audited_by_cli, tmp_path):
    from preaudit.flows.batch import ARTIFACT_KEY, task_runner

    first = _run_batch_flow(audited_by_cli["batch"], tmp_path / "out1", audited_by_cli["state"], task_runner("threads", 2))
    assert _reports(tmp_path / "out1") == audited_by_cli["reports"]
    assert (tmp_path / "out1" / "summary.csv").read_bytes() == (audited_by_cli["out"] / "summary.csv").read_bytes()
    assert _batch_json(tmp_path / "out1") == _batch_json(audited_by_cli["out"])
    assert first["ocr"]["cache_misses"] == 0 and first["ocr"]["cache_hits"] > 0  # OCRed once, by the CLI
    assert _task_states(first["flow_run_id"], "collect-applicant") == ["Completed", "Completed"]

    from prefect.artifacts import Artifact

    artifact = Artifact.get(ARTIFACT_KEY)
    assert artifact is not None and artifact.type == "table"
    assert [row["key"] for row in json.loads(artifact.data)] == sorted(audited_by_cli["reports"])

    second = _run_batch_flow(audited_by_cli["batch"], tmp_path / "out2", audited_by_cli["state"], task_runner("threads", 2))
    assert _task_states(second["flow_run_id"], "collect-applicant") == ["Cached", "Cached"]
    assert second["collect_cached"] == 2
    assert _reports(tmp_path / "out2") == audited_by_cli["reports"]


def test_renamed_copy_is_an_ocr_cache_hit_and_an_edited_file_is_not(prefect_harness, audited_by_cli, tmp_path):
    from preaudit.flows.batch import task_runner

    batch = tmp_path / "batch"
    shutil.copytree(audited_by_cli["batch"], batch)
    first, second = sorted(p for p in batch.iterdir() if p.is_dir())
    renamed = next(p for p in sorted(first.iterdir()) if p.suffix.lower() in (".jpg", ".png"))
    renamed.rename(renamed.with_name("renamed_" + renamed.name))
    edited = next(p for p in sorted(second.iterdir()) if p.suffix.lower() in (".jpg", ".png"))
    image = cv2.imread(str(edited))
    image[:4, :4] = 255 - image[:4, :4]
    assert cv2.imwrite(str(edited), image)

    # The process-pool runner (the default of `preaudit audit --flow`): each worker loads its own engine.
    result = _run_batch_flow(batch, tmp_path / "out", audited_by_cli["state"], task_runner("processes", 2))
    assert _task_states(result["flow_run_id"], "collect-applicant") == ["Completed", "Completed"]  # new folders
    misses = {a["key"]: a["ocr_misses"] for a in result["applicants"]}
    assert misses[first.name] == 0  # the renamed copy: same bytes, same OCR cache entry
    assert misses[second.name] >= 1  # the edited image is OCRed again


def test_upload_into_watched_inbox_writes_that_applicants_report(prefect_harness, audited_by_cli, tmp_path):
    from preaudit.flows.on_upload import upload_audit
    from preaudit.flows.watch import DirectAuditor, watch_inbox

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy2(audited_by_cli["batch"] / "applicants.csv", inbox / "applicants.csv")
    source = sorted(p for p in audited_by_cli["batch"].iterdir() if p.is_dir())[0]
    handled: list[tuple[str, float, str]] = []
    from preaudit.pipeline.auditor import AuditOptions

    auditor = DirectAuditor(inbox, out, AuditOptions(policy="kunming-panlong-2024q3", state_dir=audited_by_cli["state"]))

    def handle(folder: str) -> None:
        started = time.monotonic()
        try:
            auditor(folder)
            handled.append((folder, time.monotonic() - started, "ok"))
        except BaseException as exc:
            handled.append((folder, time.monotonic() - started, repr(exc)))
            raise

    ready, stop = threading.Event(), threading.Event()
    watcher = threading.Thread(
        target=watch_inbox, args=(inbox, handle),
        kwargs={"stop_event": stop, "debounce_ms": 200, "on_ready": ready.set}, daemon=True,
    )
    watcher.start()
    try:
        assert ready.wait(30)
        target = inbox / source.name
        target.mkdir()
        for f in sorted(source.iterdir()):  # each file written under a temporary name, then renamed
            part = target / (f.name + ".part")
            shutil.copyfile(f, part)
            part.rename(target / f.name)
        report = out / source.name / "report.json"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not _has_all_files(report, source):
            time.sleep(0.2)
    finally:
        stop.set()
        watcher.join(10)
    assert report.exists(), f"no report; handled: {handled}"
    # the same report, but that the upload saw this person's application in the CLI's batch (one state
    # folder, one fingerprint index): report.json's case records it
    want = audited_by_cli["reports"][source.name]
    got, seen = _but_applications(json.loads(report.read_text(encoding="utf-8")))
    assert seen and {a["applicant"] for a in seen} == {source.name} and _but_applications(want)[1] == []
    assert got == _but_applications(want)[0]
    assert {h[0] for h in handled} == {source.name}

    # The on-upload flow (what the served deployment runs on a preaudit.upload event) agrees.
    result = upload_audit(inbox=str(inbox), folder=source.name, out=str(tmp_path / "out-flow"), state_dir=str(audited_by_cli["state"]))
    assert result["verdict"] == want["verdict"]
    flowed = _reports(tmp_path / "out-flow")
    assert list(flowed) == [source.name] and _but_applications(flowed[source.name])[0] == _but_applications(want)[0]


def test_dask_runner_on_a_local_two_worker_cluster(prefect_harness, audited_by_cli, tmp_path):
    from preaudit.flows.batch import task_runner

    state = tmp_path / "state"  # warm OCR cache, empty task cache: the tasks really run on the workers
    shutil.copytree(audited_by_cli["state"] / "ocr", state / "ocr")
    result = _run_batch_flow(audited_by_cli["batch"], tmp_path / "out", state, task_runner("dask", 2))
    assert _task_states(result["flow_run_id"], "collect-applicant") == ["Completed", "Completed"]
    assert result["ocr"]["cache_misses"] == 0
    assert _reports(tmp_path / "out") == audited_by_cli["reports"]
    with (tmp_path / "out" / "summary.csv").open(encoding="utf-8-sig") as fh:
        assert len(list(csv.DictReader(fh))) == 2


def test_only_io_errors_are_retried():
    from prefect.states import Failed

    from preaudit.flows.tasks import collect_task, discover_task, report_task, retry_on_io, write_batch_task

    assert retry_on_io(None, None, Failed(data=OSError("share went away")))
    assert retry_on_io(None, None, Failed(data=PermissionError("disk")))
    assert not retry_on_io(None, None, Failed(data=ValueError("a bug")))
    for io_task in (discover_task, report_task, write_batch_task):
        assert io_task.retries == 2 and io_task.retry_condition_fn is retry_on_io
    assert collect_task.retries == 0  # reading never raises for bad input; a crash is a bug, not retried


def _logs_of(client, run_id, log_filter, wait_s: float = 60.0) -> list:
    """The run's logs as the server holds them. Prefect ships logs from a background worker in
    batches, so they may reach the server after the flow returns (a loaded CI machine saw none):
    drain the worker, then read until some arrive or wait_s passes."""
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=wait_s)
    deadline = time.monotonic() + wait_s
    while True:
        logs = client.read_logs(log_filter=log_filter)
        if logs or time.monotonic() > deadline:
            return logs
        time.sleep(0.5)


def test_a_folder_named_with_an_id_number_leaves_no_full_number_in_prefect(prefect_harness, audited_by_cli, tmp_path):
    """Flow-run parameters, logs, task-run names and failure messages reach the Prefect server:
    none may carry the full number of a folder named 姓名_身份证号 (flows/privacy.py)."""
    import re

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId, LogFilter, LogFilterFlowRunId

    from preaudit.flows.batch import task_runner
    from preaudit.pipeline.intake.ingest import read_manifest

    batch = tmp_path / "batch"
    shutil.copytree(audited_by_cli["batch"], batch)
    source = sorted(p for p in batch.iterdir() if p.is_dir())[0]
    number = next(d.id_number for d, _ in read_manifest(batch / "applicants.csv") if d.folder == source.name)
    folder = source.rename(batch / f"{source.name}_{number}")
    result = _run_batch_flow(folder, tmp_path / "out", audited_by_cli["state"], task_runner("threads", 1))
    assert [a["key"] for a in result["applicants"]] == [f"{source.name}_{number[:6]}________{number[-4:]}"]
    full = re.compile(re.escape(number))

    with get_client(sync_client=True) as client:
        run = client.read_flow_run(result["flow_run_id"])
        logs = _logs_of(client, run.id, LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id])))
        tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[result["flow_run_id"]])))
    texts = [json.dumps(run.parameters, ensure_ascii=False), run.name, *(log.message for log in logs), *(t.name for t in tasks)]
    assert logs and str(folder) not in texts[0]
    for text in texts:
        assert not full.search(text), text
    assert number[:6] in texts[0]  # masked, not dropped

    from preaudit.flows.batch import batch_audit
    from preaudit.pipeline.errors import InputError

    missing = tmp_path / f"张三_{number}"
    with pytest.raises(InputError) as failed:
        batch_audit(input_path=missing, out=tmp_path / "out2", state_dir=audited_by_cli["state"])
    assert number not in str(failed.value)
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(limit=200)  # every run of the session's harness
    failed_runs = [r for r in runs if r.state and r.state.is_failed()]
    assert failed_runs and all(number not in (r.state.message or "") for r in failed_runs)
    assert all(number not in json.dumps(r.parameters, ensure_ascii=False) for r in runs)


def test_the_batch_flow_checks_one_application_a_year_and_the_blacklist(prefect_harness, tmp_path):
    """As `preaudit audit` does (tests/e2e/test_history_cli.py): the flow records each application in
    the state directory's index and looks up the person's others; a --blacklist list reaches the
    flow as a parameter. Manifest-only applicants: nothing to OCR."""
    from preaudit.flows.batch import batch_audit, task_runner
    from preaudit.pipeline.cli import main
    from tests.e2e.test_history_cli import ROW, _batch, _codes, _report

    state = tmp_path / "state"
    first = _batch(tmp_path / "2023-05" / "batch", "张伟")
    second = _batch(tmp_path / "2023-11" / "batch", "张伟_重报")
    listed = tmp_path / "失信名单.csv"
    listed.write_text(f"身份证号,姓名,原因,期限\n{ROW['身份证号']},张伟,提供虚假材料,2025-06-30\n", encoding="utf-8")
    handlers, state_env = logging.getLogger().handlers[:], os.environ.get("PREAUDIT_STATE_DIR")
    try:
        assert main(["audit", str(first), "--out", str(tmp_path / "o1"), "--policy", "qujing-2023",
                     "--state-dir", str(state), "--no-progress"]) == 0
    finally:  # main() sets up logging and exports the state dir: give the session its own back
        logging.getLogger().handlers[:] = handlers
        if state_env is None:
            os.environ.pop("PREAUDIT_STATE_DIR", None)
        else:
            os.environ["PREAUDIT_STATE_DIR"] = state_env
    batch_audit.with_options(task_runner=task_runner("threads", 1))(
        input_path=second, out=tmp_path / "o2", policy="qujing-2023", state_dir=state, blacklist=listed)
    report = _report(tmp_path / "o2")
    [repeated] = _codes(report, "APPLICATION_REPEATED")
    assert [a["batch"] for a in repeated["evidence"]["applications"]] == [str(first.resolve())]
    [listed_finding] = _codes(report, "BLACKLISTED")
    assert listed_finding["evidence"]["entries"][0]["line"] == 2
