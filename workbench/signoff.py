"""Sign-off: the final verdict that follows from the decisions, and who may sign it.

The final verdict: 不通过 when a reviewer confirmed an error; 退回补正 when a finding was confirmed
(a warning) or sent back to the applicant (需补充); 通过 when every error and warning was dismissed
(驳回) or there were none. A sign-off needs a decision that still holds on every error and warning,
and covers the report as it was signed: its evidence hash is the snapshot of every finding's id
and evidence hash, so a re-audit that changes anything makes it outdated.

单位审核 signs the unit's opinion (单位审核意见); 主管部门复核 signs the 复核意见, after the unit has signed
the same snapshot. Any other role signs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from preaudit.pipeline.model import Finding, Severity
from preaudit.workbench.decisions import needs_decision, signatures, snapshot, standings
from preaudit.workbench.identity import FindingKey
from preaudit.workbench.trail import Entry

__all__ = ["FINAL_ZH", "LEVELS", "Final", "final_verdict", "may_sign", "signatures", "snapshot"]

FINAL_ZH = {"reject": "不通过", "return": "退回补正", "pass": "通过"}
LEVELS = {"单位审核": "单位审核意见", "主管部门复核": "主管部门复核意见"}


@dataclass(frozen=True)
class Final:
    verdict: str
    verdict_zh: str
    undecided: int


def final_verdict(findings: list[Finding], keys: list[FindingKey], rows: Iterable[Entry]) -> Final:
    stand = standings(keys, rows)
    undecided = 0
    verdict = "pass"
    for k in keys:
        f = findings[k.index]
        s = stand.get(k.index)
        if s is None or not s.current:
            undecided += needs_decision(f)
            continue
        if s.decision == "确认" and f.severity == Severity.ERROR:
            verdict = "reject"
        elif verdict != "reject" and (s.decision == "需补充" or (s.decision == "确认" and needs_decision(f))):
            verdict = "return"
    return Final(verdict, FINAL_ZH[verdict], undecided)


def may_sign(role: str, keys: list[FindingKey], rows: Iterable[Entry]) -> str:
    """'' when `role` may sign now, else why not (in Chinese)."""
    if role not in LEVELS:
        return f"角色“{role}”不能签署审核意见。"
    if role == "主管部门复核":
        signed = [r for r, current in signatures(keys, rows) if current and r.role == "单位审核"]
        if not signed:
            return "单位审核人员签署单位审核意见后，主管部门才能签署复核意见。"
    return ""
