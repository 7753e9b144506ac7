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
from preaudit.validators.policy import load_policy


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
    """
    from preaudit.pipeline.batchrun import audit_one
    from preaudit.pipeline.integrity.dupindex import index_for
    from preaudit.pipeline.intake.ocr import OcrCache, get_engine
    from preaudit.pipeline.report.writer import write_batch

    logger = get_run_logger()
    if not inbox or not folder:
        raise ValueError(f"an upload names its inbox and folder (got inbox={inbox!r}, folder={folder!r})")
    rules = load_policy(policy)
    applicant = find_applicant(Path(inbox), folder)
    if applicant is None:
        logger.warning("inbox folder %s is gone or empty; nothing audited", upload_key(folder))
        return {"folder": upload_key(folder), "report": None}
    state = Path(state_dir) if state_dir else None
    ocr = OcrCache(get_engine(engine), state)
    index = index_for(state)  # checked against every other person in the state directory's index
    try:
        report = audit_one(applicant, rules, ocr, Path(out), index, f"upload:{Path(inbox).resolve()}", as_of=as_of,
                           engine=engine, resolve=lambda key: find_applicant(Path(inbox), key))
    finally:
        index.close()
    write_batch(None, [], Path(out), rules.policy)  # the summary covers every report in OUT
    path = Path(out) / report.key / "report.json"
    logger.info("%s: %s (OCR hits %d, misses %d)", report.key, report.verdict, ocr.hits, ocr.misses)
    return {"folder": report.key, "key": report.key, "verdict": report.verdict, "report": f"{report.key}/report.json",
            "ocr_hits": ocr.hits, "ocr_misses": ocr.misses, "path": str(path)}
