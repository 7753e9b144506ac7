"""The on-upload flow: re-audit one applicant folder of an inbox and replace its report.

Run by the served deployment (`preaudit serve`) when a `preaudit.upload` event arrives, or by
`preaudit watch --deployment`. It runs the same plain function as the watcher's direct mode
(pipeline/batchrun.py `audit_one`), so files already OCRed (in a batch or an earlier upload) are
OCR-cache hits, and it rebuilds OUT's summary from every report there. Its parameters name the
applicant by key: no full ID number reaches the server (flows/privacy.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger

from preaudit.flows.env import DEFAULT_POLICY
from preaudit.flows.privacy import masked_errors
from preaudit.flows.watch import find_applicant, upload_key


@flow(name="preaudit-upload", log_prints=False)
@masked_errors
def upload_audit(
    inbox: str,
    folder: str,
    out: str,
    policy: str = DEFAULT_POLICY,
    as_of: date | None = None,
    engine: str = "paddle",
    state_dir: str | None = None,
    threads: int | None = None,
    models_dir: str | None = None,
    blacklist: str | None = None,
) -> dict[str, Any]:
    """Audit INBOX/<folder> (with INBOX's manifest row, if any), write OUT/<key>/report.* and
    rebuild OUT's summary from every report there.

    Args:
        inbox: the watched inbox folder.
        folder: the applicant's key (the event's payload.folder; an ID number in the folder name
            masked) or the folder's name under the inbox.
        out: the output folder.
        policy: built-in policy id or a YAML path.
        as_of: reference date (default: declared 申报日期, else the policy's).
        engine: OCR engine, paddle or rapid.
        state_dir: OCR cache and fingerprint index; None reads and writes no cache.
        threads: OCR threads (None: the cores, at most 4).
        models_dir: where the model links live when there is no state_dir (None: the default).
        blacklist: a 失信/黑名单 list (csv or xlsx) checked against the applicant.
    """
    from preaudit.flows.tasks import flow_options
    from preaudit.pipeline.auditor import get_auditor
    from preaudit.pipeline.report.writer import write_batch

    logger = get_run_logger()
    if not inbox or not folder:
        raise ValueError(f"an upload names its inbox and folder (got inbox={inbox!r}, folder={folder!r})")
    auditor = get_auditor(flow_options(policy, engine, state_dir, as_of, threads, models_dir, blacklist))
    applicant = find_applicant(Path(inbox), folder)
    if applicant is None:
        logger.warning("inbox folder %s is gone or empty; nothing audited", upload_key(folder))
        return {"folder": upload_key(folder), "report": None}
    hits, misses = auditor.ocr_counts
    try:  # checked against every other person in the state directory's index
        report = auditor.audit_upload(applicant, Path(out), f"upload:{Path(inbox).resolve()}",
                                      resolve=lambda key: find_applicant(Path(inbox), key))
    finally:
        auditor.close()
    write_batch(None, [], Path(out), auditor.policy.policy)  # the summary covers every report in OUT
    hits, misses = auditor.ocr_counts[0] - hits, auditor.ocr_counts[1] - misses
    path = Path(out) / report.key / "report.json"
    logger.info("%s: %s (OCR hits %d, misses %d)", report.key, report.verdict, hits, misses)
    return {"folder": report.key, "key": report.key, "verdict": report.verdict, "report": f"{report.key}/report.json",
            "ocr_hits": hits, "ocr_misses": misses, "path": str(path)}
