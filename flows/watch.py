"""Watch an inbox folder; when an applicant's file lands, re-audit that applicant and replace its report.

INBOX/<applicant folder>/<files> (optionally INBOX/applicants.csv|xlsx, as for a batch). Uploaders
write a file under a temporary name (`.name`, `~name`, `*.tmp`, `*.part`, `*.partial`,
`*.crdownload`, `*.download`, `*.uploading`) and rename it when complete: temporary names never
trigger an audit, and a folder that still holds one is left until its rename arrives; a folder is
re-audited only when its files differ from the last audit.

Three ways to act on an upload (`preaudit watch`):
- direct (default): audit in this process with the plain pipeline functions; no Prefect at all,
  the OCR engine stays loaded between uploads.
- `--deployment NAME`: create a run of a served deployment (`preaudit serve`) with the
  applicant's folder as its parameters.
- `--emit`: POST a `preaudit.upload` event to the Prefect server's events API; the served
  deployment's trigger starts the run. Any uploader can POST the same event itself.
Nothing here imports Prefect unless `--deployment` is used.

Nothing is lost: a folder counts as handled only once its hand-off succeeded (the audit written,
the run created, the event accepted); a failed hand-off is retried with growing delays
(pipeline/ops/operations.yaml `watch`). What was handled is kept in a journal under the state
directory (hashes of folder names and contents only), and at start the whole inbox is scanned, so
a restart picks up every folder that was not handled or changed since. Events and deployment
parameters name the applicant by its key (an ID number in a folder name is masked), never by the
folder name itself: whatever reaches the Prefect server is free of full ID numbers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from preaudit.pipeline.intake.ingest import MANIFEST_NAMES, ApplicantInput, discover, safe_key
from preaudit.pipeline.ops.opsconfig import operations

log = logging.getLogger(__name__)

UPLOAD_EVENT = "preaudit.upload"
RESOURCE_PREFIX = "preaudit.applicant."
TEMP_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".download", ".uploading", "~")
TEMP_PREFIXES = (".", "~")


def is_temporary(name: str) -> bool:
    """A name an uploader writes to before renaming the file into place."""
    low = name.lower()
    return low.startswith(TEMP_PREFIXES) or low.endswith(TEMP_SUFFIXES)


def changed_folders(inbox: Path, paths: Iterable[str | Path]) -> set[str]:
    """Names of the applicant folders (first level under INBOX) that the changed paths touch.

    A folder created at the first level counts (files written into a brand-new folder before the
    OS watch reaches it raise no event of their own). A change to the manifest at INBOX's root
    concerns every applicant folder; other files at the root belong to no applicant.
    """
    inbox = inbox.resolve()
    folders: set[str] = set()
    for raw in paths:
        try:
            rel = Path(raw).resolve().relative_to(inbox)
        except ValueError:
            continue
        if not rel.parts or any(is_temporary(p) for p in rel.parts):
            continue
        if len(rel.parts) == 1:
            if rel.name in MANIFEST_NAMES:
                folders.update(p.name for p in inbox.iterdir() if p.is_dir() and not is_temporary(p.name))
            elif (inbox / rel).is_dir():
                folders.add(rel.name)
            continue
        folders.add(rel.parts[0])
    return folders


def folder_signature(folder: Path) -> tuple:
    """What the folder holds now: (path, size, mtime) of every file; a change means re-audit."""
    out = []
    for p in sorted(folder.rglob("*")):
        try:
            if p.is_file():
                st = p.stat()
                out.append((p.relative_to(folder).as_posix(), st.st_size, st.st_mtime_ns))
        except OSError:  # renamed or removed while we looked
            continue
    return tuple(out)


def pending_uploads(folder: Path) -> list[str]:
    """Files in the folder still under a temporary name (an upload in progress)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and is_temporary(p.name))


def find_applicant(inbox: Path, folder: str) -> ApplicantInput | None:
    """The applicant in INBOX/<folder>, with its row of INBOX's manifest when there is one.

    `folder` is the applicant's key (what events and deployment runs carry: an ID number in the
    folder name masked) or the folder's own name. Read as part of the whole inbox (so the manifest
    applies, as in a batch audit); if the inbox does not read as a batch (e.g. stray files at its
    root and no manifest), the folder is read on its own. None when the folder is gone or holds
    nothing.
    """
    inbox = Path(inbox)
    candidates = [d for d in sorted(inbox.iterdir()) if d.is_dir() and not is_temporary(d.name)] if inbox.is_dir() else []
    targets = [d.resolve() for d in candidates if d.name == folder] or [d.resolve() for d in candidates if safe_key(d.name) == folder]
    if not targets:
        return None
    for applicant in discover(inbox).applicants:
        if applicant.folder.resolve() in targets and (applicant.key == folder or applicant.folder.name == folder or len(targets) == 1):
            return applicant
    applicants = discover(targets[0]).applicants
    return applicants[0] if applicants else None


def upload_key(folder: str) -> str:
    """What an upload is called outside this process: the applicant key (ID numbers masked)."""
    return safe_key(folder)


def upload_event(inbox: Path, folder: str) -> dict[str, Any]:
    """The `preaudit.upload` event, as the Prefect events API takes it (POST /api/events, a list).
    The folder is named by its applicant key (ID numbers masked)."""
    key = upload_key(folder)
    return {
        "id": str(uuid.uuid4()),
        "occurred": datetime.now(timezone.utc).isoformat(),
        "event": UPLOAD_EVENT,
        "resource": {"prefect.resource.id": RESOURCE_PREFIX + key, "prefect.resource.name": key},
        "payload": {"inbox": str(inbox.resolve()), "folder": key},
    }


def post_upload_event(api_url: str, inbox: Path, folder: str, timeout: float = 10.0) -> None:
    """POST one upload event to a Prefect server (e.g. http://127.0.0.1:4200/api)."""
    import httpx

    response = httpx.post(api_url.rstrip("/") + "/events", json=[upload_event(inbox, folder)], timeout=timeout)
    response.raise_for_status()


@dataclass
class DirectAuditor:
    """Re-audits one applicant folder in this process and replaces OUT/<key>/report.*; the
    process's Auditor for `options` (pipeline/auditor.py) keeps the engine loaded between uploads."""

    inbox: Path
    out: Path
    options: Any  # pipeline.auditor.AuditOptions

    def __call__(self, folder: str) -> Path | None:
        from preaudit.pipeline.auditor import get_auditor
        from preaudit.pipeline.report.writer import write_batch

        auditor = get_auditor(self.options)
        applicant = find_applicant(self.inbox, folder)
        if applicant is None:
            log.warning("inbox folder %s is gone or empty; nothing audited", upload_key(folder))
            return None
        try:
            report = auditor.audit_upload(applicant, self.out, f"upload:{Path(self.inbox).resolve()}",
                                          resolve=lambda key: find_applicant(self.inbox, key))
        finally:
            auditor.close()
        write_batch(None, [], self.out, auditor.policy.policy)  # the summary covers every report in OUT
        written = self.out / report.key
        log.info("%s: %s -> %s", report.key, report.verdict, written / "report.json")
        return written


@dataclass
class DeploymentSubmitter:
    """Creates a run of the served on-upload deployment for the folder (needs PREFECT_API_URL)."""

    inbox: Path
    deployment: str

    def __call__(self, folder: str) -> Any:
        from prefect.deployments import run_deployment

        key = upload_key(folder)
        run = run_deployment(self.deployment, parameters={"inbox": str(self.inbox.resolve()), "folder": key}, timeout=0)
        log.info("%s: flow run %s submitted to %s", key, run.id, self.deployment)
        return run


@dataclass
class EventEmitter:
    """Posts a preaudit.upload event for the folder to the Prefect server at api_url."""

    inbox: Path
    api_url: str

    def __call__(self, folder: str) -> None:
        post_upload_event(self.api_url, self.inbox, folder)
        log.info("%s: %s event sent to %s", upload_key(folder), UPLOAD_EVENT, self.api_url)


def _h(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class Journal:
    """Folders handled, and in what state: hash of the folder name -> hash of its signature, in
    JOURNAL_DIR/<hash of the inbox path>.json (no names; the state directory is owner-only)."""

    def __init__(self, inbox: Path, folder: Path | None) -> None:
        self.path = Path(folder) / f"{_h(str(inbox.resolve()))[:24]}.json" if folder is not None else None
        self.entries: dict[str, str] = {}
        if self.path is not None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.entries = {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
            except (OSError, ValueError):
                self.entries = {}

    def matches(self, folder: str, signature: tuple) -> bool:
        return self.entries.get(_h(folder)) == _h(repr(signature))

    def record(self, folder: str, signature: tuple) -> None:
        self.entries[_h(folder)] = _h(repr(signature))
        if self.path is not None:
            from preaudit.pipeline.report.outdir import write_private_text
            from preaudit.pipeline.ops.statedir import private_dir

            try:
                private_dir(self.path.parent)
                write_private_text(self.path, json.dumps(self.entries, indent=0, sort_keys=True))
            except OSError:  # the journal only saves work after a restart
                log.exception("the watch journal %s could not be written", self.path)


@dataclass
class _Retry:
    attempts: int = 0
    next_at: float = 0.0


@dataclass
class InboxState:
    """What the watcher knows: handled folders (the journal) and failed hand-offs waiting to be retried."""

    inbox: Path
    handle: Callable[[str], Any]
    journal: Journal
    retry_first_s: float
    retry_factor: float
    retry_max_s: float
    retries: dict[str, _Retry] = field(default_factory=dict)

    def settle(self, folder: str, now: float) -> None:
        """Hand the folder off if it is complete (no temporary names), differs from when it was
        last handled, and is not waiting for a retry. Marked handled only when the hand-off
        returned; a failure schedules the next try."""
        path = self.inbox / folder
        retry = self.retries.get(folder)
        if retry is not None and now < retry.next_at:
            return
        try:
            if not path.is_dir() or pending_uploads(path):
                return
            manifests = tuple((m, (self.inbox / m).stat().st_mtime_ns) for m in MANIFEST_NAMES if (self.inbox / m).is_file())
            signature = (manifests, folder_signature(path))  # a new manifest row changes the report too
            if self.journal.matches(folder, signature):
                self.retries.pop(folder, None)
                return
        except OSError:  # the folder changed while we looked: the next event brings it back
            return
        try:
            self.handle(folder)
        except Exception:  # noqa: BLE001 - one bad upload (or a server that is down) must not stop the watcher
            retry = self.retries.setdefault(folder, _Retry())
            retry.attempts += 1
            delay = min(self.retry_max_s, self.retry_first_s * self.retry_factor ** (retry.attempts - 1))
            retry.next_at = time.monotonic() + delay
            log.exception("handing off upload %s failed (attempt %d); retrying in %.0f s", upload_key(folder), retry.attempts, delay)
            return
        self.retries.pop(folder, None)
        self.journal.record(folder, signature)

    def waiting(self, folder: str) -> bool:
        return folder in self.retries


def inbox_folders(inbox: Path) -> list[str]:
    """Applicant folders at the inbox's first level (temporary names left out)."""
    try:
        return sorted(p.name for p in inbox.iterdir() if p.is_dir() and not is_temporary(p.name))
    except OSError:
        return []


def watch_inbox(
    inbox: Path,
    handle: Callable[[str], Any],
    stop_event: threading.Event | None = None,
    debounce_ms: int = 400,
    poll: bool = False,
    on_ready: Callable[[], None] | None = None,
    settle_s: float = 30.0,
    journal: Path | None = None,
    retry_first_s: float | None = None,
    retry_factor: float | None = None,
    retry_max_s: float | None = None,
) -> None:
    """Call `handle(folder)` for each applicant folder whose files change, until `stop_event` is set.

    At start (once the OS watch is on) every folder of the inbox is looked at: one that the
    journal (a folder, e.g. STATE/watch; None keeps it in memory) does not record as handled in
    its current state is handled. A folder touched by an event is watched for `settle_s` more
    seconds: whenever it holds no upload in progress and its files differ from when it was last
    handled, it is handled again. That also catches files that raised no event (written into a
    new folder before the OS watch reached it). A handler that raises is retried after
    `retry_first_s`, then `retry_factor` times longer, at most `retry_max_s` apart (defaults from
    pipeline/ops/operations.yaml), for as long as the watcher runs.
    """
    from watchfiles import DefaultFilter, watch

    class UploadFilter(DefaultFilter):
        def __call__(self, change: Any, path: str) -> bool:
            return super().__call__(change, path) and not is_temporary(Path(path).name)

    ops = operations()
    inbox = inbox.resolve()
    stop_event = stop_event or threading.Event()
    state = InboxState(
        inbox, handle, Journal(inbox, journal),
        ops.retry_first_s if retry_first_s is None else retry_first_s,
        ops.retry_factor if retry_factor is None else retry_factor,
        ops.retry_max_s if retry_max_s is None else retry_max_s,
    )
    settling: dict[str, float] = {}  # folder -> monotonic deadline
    scanned = False
    while not stop_event.is_set():
        try:
            # yield_on_timeout: a yield at least every 0.5 s; the first tells us the OS watch is on.
            for changes in watch(inbox, watch_filter=UploadFilter(), debounce=debounce_ms, stop_event=stop_event,
                                 force_polling=poll or None, raise_interrupt=False, yield_on_timeout=True, rust_timeout=500):
                now = time.monotonic()
                if not scanned:  # what arrived while the watcher was down
                    scanned = True
                    for folder in inbox_folders(inbox):
                        settling[folder] = now + settle_s
                if on_ready is not None:
                    on_ready()
                    on_ready = None
                for folder in changed_folders(inbox, (path for _, path in changes)):
                    settling[folder] = now + settle_s
                for folder in sorted(settling):
                    if stop_event.is_set():
                        break
                    state.settle(folder, time.monotonic())
                    gone = not (inbox / folder).is_dir()
                    if gone or (settling[folder] < now and not state.waiting(folder)):
                        del settling[folder]
            return  # stop_event set, or Ctrl-C
        except RuntimeError:  # the OS watcher failed (e.g. its event queue overflowed): watch again
            log.exception("watching %s failed; watching again", inbox)
            stop_event.wait(1.0)
