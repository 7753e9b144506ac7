"""The on-upload flow: re-audit one applicant folder of an inbox and replace its report.

Run by the served deployment (`preaudit serve`) when a `preaudit.upload` event arrives, or by
`preaudit watch --deployment`. It reuses the batch flow's tasks, so the read of an unchanged folder
is a task-cache hit and files already OCRed (in a batch or an earlier upload) are OCR-cache hits.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger

from flows.env import DEFAULT_POLICY
from flows.tasks import collect_task_for, duplicates_task, report_task
from flows.watch import find_applicant
from validators.policy import load_policy


@flow(name="preaudit-upload", log_prints=False)
def upload_audit(
    inbox: str,
    folder: str,
    out: str,
    policy: str = DEFAULT_POLICY,
    as_of: date | None = None,
    engine: str = "paddle",
    state_dir: str | None = None,
) -> dict[str, Any]:
    """Audit INBOX/<folder> (with INBOX's manifest row, if any) and write OUT/<key>/report.*.

    Args:
        inbox: the watched inbox folder.
        folder: the applicant folder's name under the inbox (the event's payload.folder).
        out: the output folder.
        policy: built-in policy id or a YAML path.
        as_of: reference date (default: declared 申报日期, else the policy's).
        engine: OCR engine, paddle or rapid.
        state_dir: OCR cache and task cache; None reads and writes no cache.
    """
    logger = get_run_logger()
    if not inbox or not folder:
        raise ValueError(f"an upload names its inbox and folder (got inbox={inbox!r}, folder={folder!r})")
    rules = load_policy(policy)
    applicant = find_applicant(Path(inbox), folder)
    if applicant is None:
        logger.warning("inbox folder %s is gone or empty; nothing audited", folder)
        return {"folder": folder, "report": None}
    state = Path(state_dir) if state_dir else None
    collected, hits, misses = collect_task_for(state)(applicant, engine, state)
    # Checked against every other person in the state directory's fingerprint index.
    duplicates = duplicates_task([collected], f"upload:{Path(inbox).resolve()}", state)[0]
    report = report_task(collected, duplicates, rules, as_of, Path(out))
    path = Path(out) / report.key / "report.json"
    logger.info("%s: %s -> %s (OCR hits %d, misses %d)", folder, report.verdict, path, hits, misses)
    return {"folder": folder, "key": report.key, "verdict": report.verdict, "report": str(path), "ocr_hits": hits, "ocr_misses": misses}
