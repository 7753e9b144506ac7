"""The review trail: OUT/review.sqlite, append-only and hash-chained.

Each row holds who (user, role), when (ts, UTC), about what (applicant key, finding id, evidence hash),
the action, the reason, a JSON payload, the previous row's hash and its own: SHA-256 over the row's
canonical JSON and the previous hash. An edit of history breaks the chain from that row on, and
`verify` names the first row that does not hold. SQLite triggers refuse UPDATE and DELETE; a
writer that drops them (or edits the file) is caught by `verify`.

The payload never holds a full ID number: a reveal_id row names the document and field revealed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from preaudit.pipeline.model import mask_ids_in_json, mask_ids_in_text
from preaudit.workbench.canonical import canonical

TRAIL_NAME = "review.sqlite"
GENESIS = "0" * 64
DECISIONS = ("确认", "驳回", "需补充")
ACTIONS = ("decision", "field_correction", "reveal_id", "sign_off")
COLUMNS = ("id", "ts", "user", "role", "applicant", "finding_id", "evidence_hash", "action", "reason", "payload",
           "prev_hash", "hash")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS trail (
    id INTEGER PRIMARY KEY,
    ts TEXT NOT NULL,
    user TEXT NOT NULL,
    role TEXT NOT NULL,
    applicant TEXT NOT NULL,
    finding_id TEXT NOT NULL DEFAULT '',
    evidence_hash TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS trail_applicant ON trail (applicant, id);
CREATE TRIGGER IF NOT EXISTS trail_no_update BEFORE UPDATE ON trail
BEGIN SELECT RAISE(ABORT, 'review trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS trail_no_delete BEFORE DELETE ON trail
BEGIN SELECT RAISE(ABORT, 'review trail is append-only'); END;
"""

_lock = threading.Lock()  # one writer at a time within the process; BEGIN IMMEDIATE across processes


class TrailError(ValueError):
    """An entry the trail refuses (unknown action, a 驳回 without reason …)."""


@dataclass(frozen=True)
class Entry:
    """One row of the trail."""

    id: int
    ts: str
    user: str
    role: str
    applicant: str
    finding_id: str
    evidence_hash: str
    action: str
    reason: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        return {c: getattr(self, c) for c in COLUMNS}


@dataclass
class Verification:
    """The chain's state: `ok`, the rows walked, and the first bad row (id and why) when not ok."""

    ok: bool
    rows: int
    bad_id: int | None = None
    reason: str = ""
    head: str = GENESIS
    problems: list[str] = field(default_factory=list)


def row_hash(row: dict[str, Any], prev_hash: str) -> str:
    """SHA-256 over the row's canonical JSON (every column but the two hashes) and the previous hash."""
    body = {c: row[c] for c in COLUMNS if c not in ("prev_hash", "hash")}
    return hashlib.sha256((canonical(body) + prev_hash).encode("utf-8")).hexdigest()


def trail_path(out: Path) -> Path:
    return Path(out) / TRAIL_NAME


def connect(out: Path) -> sqlite3.Connection:
    """The trail's connection; the file is made owner-only with its table and triggers."""
    path = trail_path(out)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    con = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    con.executescript(_SCHEMA)
    return con


def _check(action: str, reason: str, payload: dict[str, Any]) -> None:
    if action not in ACTIONS:
        raise TrailError(f"未知操作：{action}")
    if action == "decision":
        decision = payload.get("decision")
        if decision not in DECISIONS:
            raise TrailError(f"审核意见须为{'、'.join(DECISIONS)}之一")
        if decision == "驳回" and not reason.strip():
            raise TrailError("驳回须填写理由")
    if action == "field_correction" and not reason.strip():
        raise TrailError("更正字段须填写理由")


def append(out: Path, *, user: str, role: str, applicant: str, action: str, finding_id: str = "",
           evidence_hash: str = "", reason: str = "", payload: dict[str, Any] | None = None) -> Entry:
    """Append one row and return it.

    Raises:
        TrailError: an unknown action, a decision that is not 确认/驳回/需补充, a 驳回 without reason.
    """
    payload = mask_ids_in_json(dict(payload or {}))
    reason = mask_ids_in_text(reason.strip())
    _check(action, reason, payload)
    ts = datetime.now(timezone.utc).isoformat(timespec="microseconds")
    with _lock:
        con = connect(out)
        try:
            con.execute("BEGIN IMMEDIATE")
            last = con.execute("SELECT id, hash FROM trail ORDER BY id DESC LIMIT 1").fetchone()
            row = {"id": (last[0] + 1) if last else 1, "ts": ts, "user": user, "role": role, "applicant": applicant,
                   "finding_id": finding_id, "evidence_hash": evidence_hash, "action": action, "reason": reason,
                   "payload": canonical(payload)}
            row["prev_hash"] = last[1] if last else GENESIS
            row["hash"] = row_hash(row, row["prev_hash"])
            con.execute(f"INSERT INTO trail ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                        [row[c] for c in COLUMNS])
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()
    return _entry(row)


def _entry(row: dict[str, Any]) -> Entry:
    try:
        payload = json.loads(row["payload"]) if row["payload"] else {}
    except ValueError:
        payload = {"unreadable": True}
    return Entry(**{c: row[c] for c in COLUMNS if c != "payload"}, payload=payload if isinstance(payload, dict) else {})


def _rows(out: Path, where: str = "", args: tuple[Any, ...] = ()) -> Iterator[dict[str, Any]]:
    if not trail_path(out).is_file():
        return
    con = sqlite3.connect(f"file:{trail_path(out)}?mode=ro", uri=True, timeout=30)
    try:
        cur = con.execute(f"SELECT {', '.join(COLUMNS)} FROM trail {where} ORDER BY id", args)
        for values in cur:
            yield dict(zip(COLUMNS, values))
    finally:
        con.close()


def entries(out: Path, applicant: str | None = None) -> list[Entry]:
    """The trail's rows in order (of one applicant when given)."""
    if applicant is None:
        return [_entry(r) for r in _rows(out)]
    return [_entry(r) for r in _rows(out, "WHERE applicant = ?", (applicant,))]


def verify(out: Path) -> Verification:
    """Walk the chain from the first row: each row's prev_hash is the previous row's hash, its id
    follows the previous one, and its hash is the hash of its content. The first row where one of
    these fails is named. A trail that does not exist yet verifies (no rows)."""
    prev, expected_id, n = GENESIS, 1, 0
    try:
        for row in _rows(out):
            n += 1
            if row["id"] != expected_id:
                return Verification(False, n, row["id"], f"第{row['id']}条：序号不连续（应为{expected_id}，中间的记录被删除）", prev)
            if row["prev_hash"] != prev:
                return Verification(False, n, row["id"], f"第{row['id']}条：前一条的哈希不符（前面的记录被改动或删除）", prev)
            if row_hash(row, prev) != row["hash"]:
                return Verification(False, n, row["id"], f"第{row['id']}条：内容与哈希不符（该条记录被改动）", prev)
            prev, expected_id = row["hash"], expected_id + 1
    except sqlite3.DatabaseError as exc:
        return Verification(False, n, expected_id, f"审核记录文件无法读取：{exc}", prev)
    return Verification(True, n, head=prev, problems=_missing_triggers(out))


def _missing_triggers(out: Path) -> list[str]:
    """The append-only triggers someone dropped: the chain may still hold, but say so."""
    if not trail_path(out).is_file():
        return []
    con = sqlite3.connect(f"file:{trail_path(out)}?mode=ro", uri=True, timeout=30)
    try:
        present = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    finally:
        con.close()
    return [f"只增不改的触发器 {t} 已被删除" for t in ("trail_no_update", "trail_no_delete") if t not in present]
