"""A persistent index of document fingerprints (SQLite in the state directory).

Every audited applicant's fingerprints go in, tagged with the batch, the applicant key and a
token of the person (their ID number's hash), so next quarter's batch is checked against this
quarter's. A match is only interesting when it belongs to *another* person: re-auditing the same
applicant, or the same person applying again, reuses their own documents legitimately.

Content prints (pipeline/integrity/fingerprints.py `content`) live in their own table, keyed by document
type and holder, and are compared by similarity: a candidate must print the same holder (the
same valid ID number; or, where one reading is not valid, numbers one character apart; else,
where a number is missing, the same name) and that holder must be one of the two applicants
(their ID; or a name printed with one applicant's ID on their own documents and not with the
other's): two colleagues' certificates never share a holder, however alike the rest, even when
both are called 张伟. Each candidate comes
with its similarity figures; `fraud.duplicate_document` applies the policy's thresholds.

Applications (version 3, the `application` table): each judged applicant's person token, batch,
application year (the notice's, validators/notice.py `application_year`) and whether the ID number
it was judged under was read certainly. 002 §六(五) and 003 §二 Q25 allow one application a year:
`applications` gives the same person's applications in other batches, for the rule
`application.once_a_year` to judge; an applicant without an ID number (a `key:` token) has none.

Schema: version 2 (`PRAGMA user_version`) adds the `content_print` table, version 3 the
`application` table; an index made by an earlier version opens unchanged and gains them (its
earlier batches simply have no content prints or applications).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from preaudit.pipeline.integrity.fingerprints import PAGE_HASH_SIZE, Fingerprint, hamming, sketch_similarity
from preaudit.pipeline.ops.statedir import private_dir

# the index reports candidates up to these Hamming distances; the policy threshold decides
MAX_REPORTED_DISTANCE = {"photo_dhash": 12, "photo_hash": 40, "portrait_dhash": 36}  # of 64, 144, 144 bits
NEAR_KINDS = tuple(MAX_REPORTED_DISTANCE)
# content candidates are reported when one figure reaches these; the policy's are stricter
CONTENT_REPORT = {"text": 0.3, "rows": 0.5, "page_distance": 80}
PAGE_BITS = PAGE_HASH_SIZE * PAGE_HASH_SIZE
SCHEMA_VERSION = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS fingerprint (
    kind TEXT NOT NULL, value TEXT NOT NULL, extra TEXT NOT NULL DEFAULT '',
    batch TEXT NOT NULL, applicant TEXT NOT NULL, person TEXT NOT NULL,
    file TEXT NOT NULL, doc_type TEXT NOT NULL, seen_at TEXT NOT NULL,
    PRIMARY KEY (kind, value, extra, applicant, person, file)
);
CREATE INDEX IF NOT EXISTS fingerprint_value ON fingerprint (kind, value);
CREATE TABLE IF NOT EXISTS content_print (
    doc_type TEXT NOT NULL, holder_id TEXT NOT NULL, holder_name TEXT NOT NULL,
    payload TEXT NOT NULL, batch TEXT NOT NULL, applicant TEXT NOT NULL, person TEXT NOT NULL,
    file TEXT NOT NULL, seen_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS content_holder_id ON content_print (doc_type, holder_id);
CREATE INDEX IF NOT EXISTS content_holder_name ON content_print (doc_type, holder_name);
CREATE INDEX IF NOT EXISTS content_applicant ON content_print (applicant, batch);
CREATE TABLE IF NOT EXISTS application (
    batch TEXT NOT NULL, applicant TEXT NOT NULL, person TEXT NOT NULL, year INTEGER NOT NULL,
    certain INTEGER NOT NULL, first_seen TEXT NOT NULL, seen_at TEXT NOT NULL,
    PRIMARY KEY (batch, applicant)
);
CREATE INDEX IF NOT EXISTS application_person ON application (person);
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
    figures: dict[str, Any] = field(default_factory=dict)  # content: similarity figures

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None, {})}


INDEX_FILE = "fingerprints.sqlite"


def index_for(state_dir: Path | None) -> "FingerprintIndex":
    """The persistent index under a state directory, or an in-memory one without it."""
    return FingerprintIndex(private_dir(Path(state_dir)) / INDEX_FILE if state_dir else None)


def _jaccard(a: list[str], b: list[str]) -> float | None:
    if not a or not b:
        return None
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb)


def compare_content(mine: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    """Similarity figures of two content payloads of one document type (holder aside)."""
    figures: dict[str, Any] = {"text": round(sketch_similarity(mine.get("text") or [], theirs.get("text") or []), 3)}
    rows = _jaccard(mine.get("rows") or [], theirs.get("rows") or [])
    if rows is not None:
        figures |= {"rows": round(rows, 3), "rows_n": min(len(mine["rows"]), len(theirs["rows"]))}
    units = _jaccard(mine.get("units") or [], theirs.get("units") or [])
    if units is not None:
        figures["units"] = round(units, 3)
    pages = [hamming(a, b) for a in mine.get("pages") or [] for b in theirs.get("pages") or []]
    if pages:
        figures |= {"page_distance": min(pages), "page_bits": PAGE_BITS}
    return figures


def _reportable(figures: dict[str, Any]) -> bool:
    return (figures.get("text", 0.0) >= CONTENT_REPORT["text"]
            or figures.get("rows", 0.0) >= CONTENT_REPORT["rows"]
            or figures.get("page_distance", PAGE_BITS) <= CONTENT_REPORT["page_distance"])


class FingerprintIndex:
    """SQLite-backed; `path=None` keeps it in memory (one run only)."""

    def __init__(self, path: Path | None = None) -> None:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False)
        self._db.executescript(_SCHEMA)
        if self._db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._db.commit()
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()

    def add(self, batch: str, applicant: str, person: str, fingerprints: list[Fingerprint]) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        rows, content = [], []
        for f in fingerprints:
            if f.kind == "content":
                payload = json.loads(f.value)
                content.append((f.doc_type, payload.get("id", ""), payload.get("name", ""), f.value,
                                batch, applicant, person, f.file, now))
            else:
                rows.append((f.kind, f.value, f.extra, batch, applicant, person, f.file, f.doc_type, now))
        with self._lock, self._db:
            # A re-audit replaces the applicant's earlier entries (a file may have been removed).
            self._db.execute("DELETE FROM fingerprint WHERE applicant = ? AND batch = ?", (applicant, batch))
            self._db.execute("DELETE FROM content_print WHERE applicant = ? AND batch = ?", (applicant, batch))
            self._db.executemany("INSERT OR REPLACE INTO fingerprint VALUES (?,?,?,?,?,?,?,?,?)", rows)
            self._db.executemany("INSERT INTO content_print VALUES (?,?,?,?,?,?,?,?,?)", content)

    def record_application(self, batch: str, applicant: str, person: str, year: int, certain: bool) -> None:
        """Record (or update) one applicant's application; its first_seen stays that of the first
        time the batch judged it, so a re-audit keeps its place in time."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO application VALUES (?,?,?,?,?,?,?) ON CONFLICT (batch, applicant) DO UPDATE SET "
                "person = excluded.person, year = excluded.year, certain = excluded.certain, seen_at = excluded.seen_at",
                (batch, applicant, person, int(year), int(bool(certain)), now, now))

    def applications(self, batch: str, applicant: str, person: str) -> list[dict[str, Any]]:
        """The same person's applications in other batches (any year; the rule judges the year),
        oldest first, each with `earlier`: whether it was first seen before this one. None for a
        person without an ID number (`key:` token)."""
        if not person or person.startswith("key:"):
            return []
        with self._lock:
            mine = self._db.execute("SELECT first_seen FROM application WHERE batch = ? AND applicant = ?",
                                    (batch, applicant)).fetchone()
            rows = self._db.execute(
                "SELECT batch, applicant, year, certain, first_seen FROM application WHERE person = ? AND batch != ? "
                "ORDER BY first_seen, batch, applicant", (person, batch)).fetchall()
        since = mine[0] if mine else None
        return [{"batch": b, "applicant": a, "year": y, "certain": bool(c), "first_seen": seen,
                 "earlier": since is None or seen <= since} for b, a, y, c, seen in rows]

    def stored(self, batch: str, applicant: str) -> tuple[str, list[Fingerprint]]:
        """The applicant's fingerprints as this index holds them for that batch (each once, in a
        fixed order) and the person token they were added under ("" when there are none).
        Looking these up gives the same hits as the fingerprints that were added, without the
        documents: a later applicant's reuse can be checked against an earlier one that was
        read in another run (pipeline/batchrun.py)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT kind, value, extra, file, doc_type, person FROM fingerprint WHERE batch = ? AND applicant = ?",
                (batch, applicant)).fetchall()
            content = self._db.execute(
                "SELECT doc_type, holder_id, holder_name, payload, file, person FROM content_print WHERE batch = ? AND applicant = ?",
                (batch, applicant)).fetchall()
        prints = {Fingerprint(kind, value, file, doc_type, extra) for kind, value, extra, file, doc_type, _ in rows}
        prints |= {Fingerprint("content", payload, file, doc_type, extra=hid or f"name:{hname}")
                   for doc_type, hid, hname, payload, file, _ in content}
        persons = [r[-1] for r in rows] + [r[-1] for r in content]
        ordered = sorted(prints, key=lambda f: (f.kind, f.file, f.doc_type, f.value, f.extra))
        return (persons[0] if persons else ""), ordered

    def _own_names(self, applicant: str, person: str) -> set[str]:
        """Names printed with the person's own ID number on their own documents."""
        rows = self._db.execute(
            "SELECT extra FROM fingerprint WHERE kind = 'id_number' AND applicant = ? AND value = ?",
            (applicant, person)).fetchall()
        return {r[0] for r in rows if r[0]}

    def _content_hits(self, applicant: str, person: str, fingerprints: list[Fingerprint]) -> list[DuplicateHit]:
        prints = [f for f in fingerprints if f.kind == "content"]
        if not prints:
            return []
        my_names = {f.extra for f in fingerprints if f.kind == "id_number" and f.value == person and f.extra}
        their_names: dict[tuple[str, str], set[str]] = {}
        hits: list[DuplicateHit] = []
        for f in prints:
            mine = json.loads(f.value)
            hid, hname = mine.get("id", ""), mine.get("name", "")
            rows = self._db.execute(
                "SELECT holder_id, holder_name, payload, applicant, person, file, batch FROM content_print "
                "WHERE doc_type = ? AND ((holder_id != '' AND holder_id = ?) OR (holder_name != '' AND holder_name = ?))",
                (f.doc_type, hid, hname)).fetchall()
            for o_id, o_name, payload, other, other_person, other_file, batch in rows:
                if other == applicant or other_person == person:
                    continue
                theirs = json.loads(payload)
                near = set(mine.get("id_near") or []) & set(theirs.get("id_near") or [])
                if hid and o_id:  # two valid numbers: the same, and one of the two applicants'
                    if hid != o_id or hid not in (person, other_person):
                        continue
                    holder = "id"
                elif mine.get("id_near") and theirs.get("id_near") and not near:
                    continue  # two readings that differ in more than one character: two people
                elif near and (hid or o_id) in (person, other_person):
                    holder = "id_near"  # one reading misread by a character, the other valid
                else:
                    if not hname or hname != o_name:
                        continue
                    key = (other, other_person)
                    if key not in their_names:
                        their_names[key] = self._own_names(other, other_person)
                    # the name must be one applicant's and not the other's: two 张伟 cannot tell
                    if (hname in my_names) == (hname in their_names[key]):
                        continue
                    holder = "name"
                figures = {"holder": holder, **compare_content(mine, theirs)}
                if _reportable(figures):
                    hits.append(DuplicateHit("content", f.file, f.doc_type, other, other_file, batch,
                                             int(figures.get("page_distance", 0)), figures=figures))
        return hits

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
            # a photo with a 144-bit hash is judged by it; the 64-bit one only speaks for photos
            # indexed before the 144-bit hash existed
            strong = {(r[1], r[3]) for r in near_rows["photo_hash"]}
            mine_strong = {f.file for f in fingerprints if f.kind == "photo_hash"}
            for f in fingerprints:
                if f.kind == "content":
                    continue
                if f.kind in NEAR_KINDS:
                    for value, other, other_person, other_file, batch in near_rows[f.kind]:
                        if other_person == person or other == applicant:
                            continue
                        if f.kind == "photo_dhash" and (f.file in mine_strong and (other, other_file) in strong):
                            continue
                        d = hamming(f.value, value)
                        if d <= MAX_REPORTED_DISTANCE[f.kind]:
                            hits.append(DuplicateHit(f.kind, f.file, f.doc_type, other, other_file, batch, d,
                                                     figures={"bits": 4 * len(f.value)}))
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
            hits += self._content_hits(applicant, person, fingerprints)
        return hits
