"""A persistent index of document fingerprints (SQLite in the state directory).

Every audited applicant's fingerprints go in, tagged with the batch, the applicant key and a
token of the person (their ID number's hash), so next quarter's batch is checked against this
quarter's. A match is only interesting when it belongs to *another* person: re-auditing the same
applicant, or the same person applying again, reuses their own documents legitimately.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from pipeline.fingerprints import Fingerprint, hamming
from pipeline.statedir import private_dir

# the index reports candidates up to these Hamming distances; the policy threshold decides
MAX_REPORTED_DISTANCE = {"photo_dhash": 12, "portrait_dhash": 36}  # of 64 and 144 bits
NEAR_KINDS = tuple(MAX_REPORTED_DISTANCE)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS fingerprint (
    kind TEXT NOT NULL, value TEXT NOT NULL, extra TEXT NOT NULL DEFAULT '',
    batch TEXT NOT NULL, applicant TEXT NOT NULL, person TEXT NOT NULL,
    file TEXT NOT NULL, doc_type TEXT NOT NULL, seen_at TEXT NOT NULL,
    PRIMARY KEY (kind, value, extra, applicant, person, file)
);
CREATE INDEX IF NOT EXISTS fingerprint_value ON fingerprint (kind, value);
"""


@dataclass(frozen=True)
class DuplicateHit:
    """This applicant's fingerprint found under another person."""

    kind: str
    file: str
    doc_type: str
    other_applicant: str
    other_file: str
    other_batch: str
    distance: int = 0  # Hamming distance for image hashes, 0 for exact kinds
    other_name: str = ""  # for id_number hits: the name printed with the same number

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None)}


INDEX_FILE = "fingerprints.sqlite"


def index_for(state_dir: Path | None) -> "FingerprintIndex":
    """The persistent index under a state directory, or an in-memory one without it."""
    return FingerprintIndex(private_dir(Path(state_dir)) / INDEX_FILE if state_dir else None)


class FingerprintIndex:
    """SQLite-backed; `path=None` keeps it in memory (one run only)."""

    def __init__(self, path: Path | None = None) -> None:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False)
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()

    def add(self, batch: str, applicant: str, person: str, fingerprints: list[Fingerprint]) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        rows = [(f.kind, f.value, f.extra, batch, applicant, person, f.file, f.doc_type, now) for f in fingerprints]
        with self._lock, self._db:
            # A re-audit replaces the applicant's earlier entries (a file may have been removed).
            self._db.execute("DELETE FROM fingerprint WHERE applicant = ? AND batch = ?", (applicant, batch))
            self._db.executemany("INSERT OR REPLACE INTO fingerprint VALUES (?,?,?,?,?,?,?,?,?)", rows)

    def matches(self, applicant: str, person: str, fingerprints: list[Fingerprint]) -> list[DuplicateHit]:
        """Fingerprints of this applicant that another person's documents share."""
        hits: list[DuplicateHit] = []
        with self._lock:
            near_rows = {
                kind: self._db.execute(
                    "SELECT value, applicant, person, file, batch FROM fingerprint WHERE kind = ?", (kind,)
                ).fetchall()
                for kind in NEAR_KINDS
            }
            for f in fingerprints:
                if f.kind in NEAR_KINDS:
                    for value, other, other_person, other_file, batch in near_rows[f.kind]:
                        if other_person == person or other == applicant:
                            continue
                        d = hamming(f.value, value)
                        if d <= MAX_REPORTED_DISTANCE[f.kind]:
                            hits.append(DuplicateHit(f.kind, f.file, f.doc_type, other, other_file, batch, d))
                    continue
                rows = self._db.execute(
                    "SELECT applicant, person, file, batch, extra FROM fingerprint WHERE kind = ? AND value = ?",
                    (f.kind, f.value),
                ).fetchall()
                for other, other_person, other_file, batch, extra in rows:
                    if other == applicant:
                        continue
                    if f.kind == "id_number":
                        # The same number printed with another name, in another applicant's file.
                        if extra != f.extra:
                            hits.append(DuplicateHit(f.kind, f.file, f.doc_type, other, other_file, batch, 0, extra))
                    elif other_person != person:
                        hits.append(DuplicateHit(f.kind, f.file, f.doc_type, other, other_file, batch))
        return hits
