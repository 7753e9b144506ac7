"""Which decision stands for each finding of the current report, and the applicant's review state.

A decision row stands for a finding when its finding id matches and its evidence hash is the
finding's (carried over: 有效); when the id matches and the evidence changed, or only the lineage
matches (the file was replaced), it is shown as outdated (过期) and the finding counts as undecided.
The latest row wins. An applicant is 已审 once signed off (workbench/signoff.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from preaudit.pipeline.model import Finding
from preaudit.workbench.canonical import digest
from preaudit.workbench.identity import FindingKey
from preaudit.workbench.trail import Entry

STATES = ("未审", "审核中", "已审")


@dataclass(frozen=True)
class Standing:
    """The decision shown for one finding: the row, and whether it still holds."""

    entry: Entry
    current: bool

    @property
    def decision(self) -> str:
        return str(self.entry.payload.get("decision", ""))


def standings(keys: list[FindingKey], rows: Iterable[Entry]) -> dict[int, Standing]:
    """For each finding index, the latest decision row about it (current or outdated)."""
    by_id: dict[str, Entry] = {}
    by_lineage: dict[str, Entry] = {}
    for row in rows:
        if row.action != "decision":
            continue
        by_id[row.finding_id] = row
        lineage = row.payload.get("lineage")
        if isinstance(lineage, str):
            by_lineage[lineage] = row
    out: dict[int, Standing] = {}
    for k in keys:
        row = by_id.get(k.finding_id)
        if row is not None:
            out[k.index] = Standing(row, row.evidence_hash == k.evidence_hash)
        elif k.lineage in by_lineage:
            out[k.index] = Standing(by_lineage[k.lineage], False)
    return out


def snapshot(keys: list[FindingKey]) -> str:
    """The hash of what a sign-off covers: every finding's id and evidence hash, in order."""
    return digest([[k.finding_id, k.evidence_hash] for k in keys])


def signatures(keys: list[FindingKey], rows: Iterable[Entry]) -> list[tuple[Entry, bool]]:
    """Every sign-off row, with whether it covers the report as it is now."""
    snap = snapshot(keys)
    return [(r, r.evidence_hash == snap) for r in rows if r.action == "sign_off"]


def needs_decision(finding: Finding) -> bool:
    """Errors and warnings are decided; notes (info) may be, but need not."""
    return finding.severity.value != "info"


def review_state(findings: list[Finding], keys: list[FindingKey], rows: Iterable[Entry]) -> str:
    """未审: nothing recorded yet; 审核中: decisions (or only outdated ones, or an outdated sign-off);
    已审: a sign-off that covers the report as it is now (workbench/signoff.py)."""
    rows = list(rows)
    if any(current for _, current in signatures(keys, rows)):
        return "已审"
    if standings(keys, rows) or any(r.action == "sign_off" for r in rows):
        return "审核中"
    return "未审"
