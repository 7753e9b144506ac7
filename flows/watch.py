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
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from pipeline.ingest import MANIFEST_NAMES, ApplicantInput, discover

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

    Read as part of the whole inbox (so the manifest applies, as in a batch audit); if the inbox
    does not read as a batch (e.g. stray files at its root and no manifest), the folder is read
    on its own. None when the folder is gone or holds nothing.
    """
    target = (inbox / folder).resolve()
    if not target.is_dir():
        return None
    for applicant in discover(inbox).applicants:
        if applicant.folder.resolve() == target:
            return applicant
    applicants = discover(target).applicants
    return applicants[0] if applicants else None


def upload_event(inbox: Path, folder: str) -> dict[str, Any]:
    """The `preaudit.upload` event, as the Prefect events API takes it (POST /api/events, a list)."""
    return {
        "id": str(uuid.uuid4()),
        "occurred": datetime.now(timezone.utc).isoformat(),
        "event": UPLOAD_EVENT,
        "resource": {"prefect.resource.id": RESOURCE_PREFIX + folder, "prefect.resource.name": folder},
        "payload": {"inbox": str(inbox.resolve()), "folder": folder},
    }


def post_upload_event(api_url: str, inbox: Path, folder: str, timeout: float = 10.0) -> None:
    """POST one upload event to a Prefect server (e.g. http://127.0.0.1:4200/api)."""
    import httpx

    response = httpx.post(api_url.rstrip("/") + "/events", json=[upload_event(inbox, folder)], timeout=timeout)
    response.raise_for_status()


@dataclass
class DirectAuditor:
    """Re-audits one applicant folder in this process and replaces OUT/<key>/report.*."""

    inbox: Path
    out: Path
    policy: str
    engine: str = "paddle"
    state_dir: Path | None = None
    as_of: date | None = None
    _policy: Any = field(default=None, init=False, repr=False)

    def __call__(self, folder: str) -> Path | None:
        from pipeline.ocr import OcrCache, get_engine
        from pipeline.report import write_applicant
        from pipeline.dupindex import index_for
        from pipeline.run import audit_applicant
        from validators.policy import load_policy

        self._policy = self._policy or load_policy(self.policy)
        applicant = find_applicant(self.inbox, folder)
        if applicant is None:
            log.warning("inbox folder %s is gone or empty; nothing audited", folder)
            return None
        index = index_for(self.state_dir)
        try:
            report = audit_applicant(
                applicant, self._policy, OcrCache(get_engine(self.engine), self.state_dir), self.as_of,
                index=index, batch_id=f"upload:{Path(self.inbox).resolve()}",
            )
        finally:
            index.close()
        written = write_applicant(report, self.out)
        log.info("%s: %s -> %s", folder, report.verdict, written / "report.json")
        return written


@dataclass
class DeploymentSubmitter:
    """Creates a run of the served on-upload deployment for the folder (needs PREFECT_API_URL)."""

    inbox: Path
    deployment: str

    def __call__(self, folder: str) -> Any:
        from prefect.deployments import run_deployment

        run = run_deployment(self.deployment, parameters={"inbox": str(self.inbox.resolve()), "folder": folder}, timeout=0)
        log.info("%s: flow run %s submitted to %s", folder, run.id, self.deployment)
        return run


@dataclass
class EventEmitter:
    """Posts a preaudit.upload event for the folder to the Prefect server at api_url."""

    inbox: Path
    api_url: str

    def __call__(self, folder: str) -> None:
        post_upload_event(self.api_url, self.inbox, folder)
        log.info("%s: %s event sent to %s", folder, UPLOAD_EVENT, self.api_url)


def watch_inbox(
    inbox: Path,
    handle: Callable[[str], Any],
    stop_event: threading.Event | None = None,
    debounce_ms: int = 400,
    poll: bool = False,
    on_ready: Callable[[], None] | None = None,
    settle_s: float = 30.0,
) -> None:
    """Call `handle(folder)` for each applicant folder whose files change, until `stop_event` is set.

    A folder touched by an event is watched for `settle_s` more seconds: whenever it holds no
    upload in progress and its files differ from when it was last handled, it is handled again.
    That also catches files that raised no event (written into a new folder before the OS watch
    reached it). A failing handler is logged, and watching goes on.
    """
    from watchfiles import DefaultFilter, watch

    class UploadFilter(DefaultFilter):
        def __call__(self, change: Any, path: str) -> bool:
            return super().__call__(change, path) and not is_temporary(Path(path).name)

    inbox = inbox.resolve()
    stop_event = stop_event or threading.Event()
    handled: dict[str, tuple] = {}  # folder -> its signature when last handled
    settling: dict[str, float] = {}  # folder -> monotonic deadline
    while not stop_event.is_set():
        try:
            # yield_on_timeout: a yield at least every 0.5 s; the first tells us the OS watch is on.
            for changes in watch(inbox, watch_filter=UploadFilter(), debounce=debounce_ms, stop_event=stop_event,
                                 force_polling=poll or None, raise_interrupt=False, yield_on_timeout=True, rust_timeout=500):
                if on_ready is not None:
                    on_ready()
                    on_ready = None
                now = time.monotonic()
                for folder in changed_folders(inbox, (path for _, path in changes)):
                    settling[folder] = now + settle_s
                for folder in sorted(settling):
                    _settle(inbox, folder, handle, handled)
                    if settling[folder] < now or not (inbox / folder).is_dir():
                        del settling[folder]
            return  # stop_event set, or Ctrl-C
        except RuntimeError:  # the OS watcher failed (e.g. its event queue overflowed): watch again
            log.exception("watching %s failed; watching again", inbox)
            stop_event.wait(1.0)


def _settle(inbox: Path, folder: str, handle: Callable[[str], Any], handled: dict[str, tuple]) -> None:
    """Handle the folder if it is complete (no temporary names) and differs from last time."""
    path = inbox / folder
    try:
        if not path.is_dir() or pending_uploads(path):
            return
        manifests = tuple((m, (inbox / m).stat().st_mtime_ns) for m in MANIFEST_NAMES if (inbox / m).is_file())
        signature = (manifests, folder_signature(path))  # a new manifest row changes the report too
        if handled.get(folder) == signature:
            return
        handled[folder] = signature
        handle(folder)
    except Exception:  # noqa: BLE001 - one bad upload must not stop the watcher
        log.exception("handling upload in %s failed", folder)
