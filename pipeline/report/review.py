"""The reviewers' sign-off as plain data: OUT/<key>/review.json, written by the workbench.

The pipeline never reads the review trail (OUT/review.sqlite belongs to the workbench, and the
import contracts keep the pipeline below it): after a sign-off the workbench writes this small
record, and the report writers read it back as data (the 复核意见 section of report.html/pdf, the
一次性告知单 PDF, the 复核 columns of the summary).

A record covers one report.json exactly (`report_sha256`): a re-audit that writes another
report.json leaves the record stale, and a stale record is ignored everywhere (the section, the
notice and the summary columns go until the workbench signs, or re-publishes a sign-off still
current in its trail, again). ID numbers are masked in everything the record holds.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from preaudit.pipeline.model import mask_ids_in_json
from preaudit.pipeline.report.outdir import write_private_text

REVIEW_NAME = "review.json"
NOTICE_NAME = "notice.pdf"
REVIEW_SCHEMA = "preaudit.review/1"
KEPT = ("确认", "需补充")  # the decisions that go to the applicant (驳回 is left out of the notice)


@dataclass(frozen=True)
class Signature:
    """One sign-off: 单位审核意见 or 主管部门复核意见."""

    role: str
    level: str
    user: str
    date: str  # YYYY-MM-DD (local time of the sign-off)
    verdict_zh: str
    opinion: str = ""


@dataclass(frozen=True)
class Item:
    """One decided finding: its index in report.json's findings, the decision and its reason."""

    index: int
    decision: str
    reason: str = ""
    user: str = ""
    role: str = ""
    date: str = ""


@dataclass(frozen=True)
class Review:
    """What the sign-off says about one report.json (`report_sha256`)."""

    report_sha256: str
    verdict: str  # pass | return | reject (workbench/signoff.py)
    verdict_zh: str  # 通过 | 退回补正 | 不通过
    signatures: tuple[Signature, ...]
    items: tuple[Item, ...] = field(default_factory=tuple)
    snapshot: str = ""

    @property
    def latest(self) -> Signature | None:
        return self.signatures[-1] if self.signatures else None

    def kept(self) -> dict[int, Item]:
        """The items that go to the applicant (确认, 需补充), by finding index."""
        return {i.index: i for i in self.items if i.decision in KEPT}

    def to_json(self) -> dict[str, Any]:
        return mask_ids_in_json({"schema": REVIEW_SCHEMA, **asdict(self)})

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Review":
        return cls(
            report_sha256=str(data["report_sha256"]),
            verdict=str(data["verdict"]),
            verdict_zh=str(data["verdict_zh"]),
            signatures=tuple(Signature(**s) for s in data.get("signatures") or []),
            items=tuple(Item(**i) for i in data.get("items") or []),
            snapshot=str(data.get("snapshot") or ""),
        )


def write_review(folder: Path, review: Review) -> None:
    """OUT/<key>/review.json, atomically and owner-only."""
    write_private_text(Path(folder) / REVIEW_NAME, json.dumps(review.to_json(), ensure_ascii=False, indent=2))


def read_review(folder: Path, report_sha256: str | None = None) -> Review | None:
    """The folder's review record; None when there is none, it is unreadable, or (given
    `report_sha256`) it covers another report.json than the one there now."""
    try:
        data = json.loads((Path(folder) / REVIEW_NAME).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("schema") != REVIEW_SCHEMA:
            return None
        review = Review.from_json(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if report_sha256 is not None and review.report_sha256 != report_sha256:
        return None
    return review
