"""The review trail (workbench/trail.py): append-only, hash-chained, and an edit of history is named."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from preaudit.workbench import trail

FULL_ID = "530102199001011238"


def _fill(out, n=4):
    for i in range(n):
        trail.append(out, user="李审核", role="单位审核", applicant=f"k{i % 2}", action="decision",
                     finding_id=f"f{i}", evidence_hash="e" * 64, reason="材料齐全" if i else "",
                     payload={"decision": "确认" if i % 2 else "需补充"})


def test_appended_rows_chain_and_verify(tmp_path):
    _fill(tmp_path)
    rows = trail.entries(tmp_path)
    assert [r.id for r in rows] == [1, 2, 3, 4]
    assert rows[0].prev_hash == trail.GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:]))
    result = trail.verify(tmp_path)
    assert result.ok and result.rows == 4 and result.head == rows[-1].hash
    assert stat.S_IMODE(trail.trail_path(tmp_path).stat().st_mode) == 0o600


def test_an_empty_trail_verifies(tmp_path):
    assert trail.verify(tmp_path).ok


def test_update_and_delete_are_refused_by_triggers(tmp_path):
    _fill(tmp_path)
    con = sqlite3.connect(trail.trail_path(tmp_path))
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("UPDATE trail SET reason = 'x' WHERE id = 2")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("DELETE FROM trail WHERE id = 4")
    con.close()
    assert trail.verify(tmp_path).ok


def _tamper(out, sql):
    con = sqlite3.connect(trail.trail_path(out))
    con.execute("DROP TRIGGER trail_no_update")
    con.execute("DROP TRIGGER trail_no_delete")
    con.execute(sql)
    con.commit()
    con.close()


def test_an_edited_row_breaks_the_chain_and_is_named(tmp_path):
    _fill(tmp_path)
    _tamper(tmp_path, "UPDATE trail SET payload = '{\"decision\":\"驳回\"}' WHERE id = 2")
    result = trail.verify(tmp_path)
    assert not result.ok and result.bad_id == 2 and "第2条" in result.reason


def test_an_edited_row_with_its_hash_recomputed_is_caught_at_the_next_row(tmp_path):
    _fill(tmp_path)
    row = {c: v for c, v in zip(trail.COLUMNS, sqlite3.connect(trail.trail_path(tmp_path)).execute(
        "SELECT * FROM trail WHERE id = 2").fetchone())}
    row["reason"] = "改过的理由"
    new_hash = trail.row_hash(row, row["prev_hash"])
    _tamper(tmp_path, f"UPDATE trail SET reason = '改过的理由', hash = '{new_hash}' WHERE id = 2")
    result = trail.verify(tmp_path)
    assert not result.ok and result.bad_id == 3


def test_dropped_triggers_are_reported_even_when_the_chain_holds(tmp_path):
    _fill(tmp_path)
    assert trail.verify(tmp_path).problems == []
    _tamper(tmp_path, "SELECT 1")
    result = trail.verify(tmp_path)
    assert result.ok and len(result.problems) == 2


def test_a_deleted_row_is_named(tmp_path):
    _fill(tmp_path)
    _tamper(tmp_path, "DELETE FROM trail WHERE id = 2")
    result = trail.verify(tmp_path)
    assert not result.ok and result.bad_id == 3


def test_a_dismissal_needs_a_reason_and_decisions_are_the_three(tmp_path):
    with pytest.raises(trail.TrailError, match="理由"):
        trail.append(tmp_path, user="u", role="单位审核", applicant="k", action="decision", reason="  ",
                     payload={"decision": "驳回"})
    with pytest.raises(trail.TrailError):
        trail.append(tmp_path, user="u", role="单位审核", applicant="k", action="decision", payload={"decision": "通过"})
    with pytest.raises(trail.TrailError):
        trail.append(tmp_path, user="u", role="单位审核", applicant="k", action="delete_everything")
    assert trail.entries(tmp_path) == []


def test_no_full_id_number_is_stored(tmp_path):
    e = trail.append(tmp_path, user="u", role="单位审核", applicant="k", action="decision",
                     reason=f"号码{FULL_ID}与合同不符", payload={"decision": "驳回", "note": FULL_ID})
    raw = trail.trail_path(tmp_path).read_bytes()
    assert FULL_ID.encode() not in raw and FULL_ID not in e.reason
    assert trail.verify(tmp_path).ok
