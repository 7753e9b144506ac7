"""A sign-off's outputs: the trail's current sign-offs turned into OUT/<key>/review.json, the report
with its 复核意见 section, the 一次性告知单 PDF and the summary's 复核 columns.

The pipeline must not read the trail (the import contracts keep it below the workbench), so the
workbench hands it plain data: a `Review` (pipeline/report/review.py) that covers one report.json
exactly. It holds the latest current sign-off of each role (单位审核意见, then 主管部门复核意见) and
the decisions as they stood when the latest of them was signed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime
from pathlib import Path

from preaudit.pipeline.report.review import Item, Review, Signature, read_review
from preaudit.pipeline.report.summary import write_summary
from preaudit.pipeline.report.writer import publish_review
from preaudit.workbench.cases import Applicant
from preaudit.workbench.decisions import signatures, snapshot, standings
from preaudit.workbench.signoff import FINAL_ZH, LEVELS
from preaudit.workbench.trail import Entry

log = logging.getLogger(__name__)


def local_date(ts: str) -> str:
    """The trail's UTC timestamp as the reviewer's calendar date (YYYY-MM-DD)."""
    try:
        return datetime.fromisoformat(ts).astimezone().date().isoformat()
    except ValueError:
        return ts[:10]


def report_sha256(folder: Path) -> str:
    return hashlib.sha256((Path(folder) / "report.json").read_bytes()).hexdigest()


def build_review(a: Applicant, rows: list[Entry], digest: str) -> Review | None:
    """The review record of the report as it is now; None without a current sign-off."""
    current = [e for e, ok in signatures(a.keys, rows) if ok and e.role in LEVELS]
    if not current:
        return None
    latest_by_role = {e.role: e for e in current}  # rows come in order: the last one wins
    signed = [latest_by_role[r] for r in LEVELS if r in latest_by_role]
    last = max(signed, key=lambda e: e.id)
    sigs = tuple(Signature(role=e.role, level=LEVELS[e.role], user=e.user, date=local_date(e.ts),
                           verdict_zh=str(e.payload.get("final_zh", "")), opinion=e.reason) for e in signed)
    items = tuple(
        Item(index=i, decision=s.decision, reason=s.entry.reason, user=s.entry.user, role=s.entry.role,
             date=local_date(s.entry.ts))
        for i, s in sorted(standings(a.keys, [r for r in rows if r.id <= last.id]).items()) if s.current
    )
    verdict = str(last.payload.get("final", ""))
    return Review(report_sha256=digest, verdict=verdict, verdict_zh=FINAL_ZH.get(verdict, ""),
                  signatures=sigs, items=items, snapshot=snapshot(a.keys))


def _policy(out: Path, a: Applicant) -> str:
    try:
        return str(json.loads((out / "batch.json").read_text(encoding="utf-8"))["policy"])
    except (OSError, ValueError, KeyError, TypeError):
        return a.report.policy


def publish(out: Path, a: Applicant, rows: list[Entry]) -> bool:
    """Write the sign-off's outputs for `a` and rebuild the summary; False when there is no
    current sign-off to publish."""
    out = Path(out)
    folder = out / a.key
    review = build_review(a, rows, report_sha256(folder))
    if review is None:
        return False
    publish_review(folder, review, a.report if a.rerun is not None else None)  # the findings in force
    write_summary(out, _policy(out, a))
    return True


def refresh(out: Path, a: Applicant, rows: list[Entry]) -> None:
    """After a re-audit that left a sign-off current (the same findings, evidence unchanged) but
    wrote a new report.json, the pipeline dropped the 复核意见 section: publish it again."""
    folder = Path(out) / a.key
    try:
        if read_review(folder, report_sha256(folder)) is None and any(ok for _, ok in signatures(a.keys, rows)):
            publish(out, a, rows)
    except Exception:  # noqa: BLE001 - a courtesy on a page view: never let it break the page
        log.warning("could not re-publish the sign-off of %s", a.key, exc_info=True)
