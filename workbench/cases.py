"""The audited applicants of an OUT folder: their reports read back, kept while the file is unchanged.

Each OUT/<key>/report.json is read once and read again only when its size or modification time
changes (a re-audit), so that the queue of 1,000 applicants costs a `stat` each per page.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from preaudit.pipeline.model import Report, Severity
from preaudit.workbench.identity import FindingKey, finding_keys

if TYPE_CHECKING:  # pragma: no cover
    from preaudit.workbench.rerun import Rerun


@dataclass(frozen=True)
class Applicant:
    """One report as the workbench uses it."""

    key: str
    report: Report
    keys: list[FindingKey]
    stamp: tuple[int, int]
    # set by workbench/rerun.py `in_force` when a reviewer corrected a field: `report` and `keys` are
    # then the re-run's; `rerun_error` says why a correction could not be applied
    rerun: "Rerun | None" = None
    rerun_error: str = ""

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.report.findings if f.severity == severity)


class Reports:
    """The reports under OUT, by applicant key."""

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self._cache: dict[str, Applicant] = {}
        self._lock = threading.Lock()

    def keys(self) -> list[str]:
        return sorted(p.parent.name for p in self.out.glob("*/report.json"))

    def folder(self, key: str) -> Path | None:
        """OUT/<key> when `key` names an applicant folder of OUT (never a path outside it)."""
        if not key or "/" in key or "\\" in key or key in (".", "..") or key.startswith("."):
            return None
        folder = self.out / key
        return folder if (folder / "report.json").is_file() else None

    def get(self, key: str) -> Applicant | None:
        folder = self.folder(key)
        if folder is None:
            return None
        try:
            st = (folder / "report.json").stat()
        except OSError:
            return None
        stamp = (st.st_mtime_ns, st.st_size)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None and cached.stamp == stamp:
            return cached
        try:
            report = Report.from_json(json.loads((folder / "report.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        applicant = Applicant(key, report, finding_keys(report), stamp)
        with self._lock:
            self._cache[key] = applicant
        return applicant

    def all(self) -> list[Applicant]:
        return [a for a in (self.get(k) for k in self.keys()) if a is not None]
