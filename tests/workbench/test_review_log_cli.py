"""`preaudit review-log OUT [--verify] [--format csv|json]` and the CLI's wiring: exit 0 when the chain
verifies, 1 when a row was edited (named on stderr); `preaudit` without `review` never loads FastAPI."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys

from preaudit.pipeline.cli import main
from preaudit.workbench import trail


def _fill(out):
    for i, decision in enumerate(["确认", "驳回", "需补充"]):
        trail.append(out, user="李审核", role="单位审核", applicant="=cmd|' /C calc'!A0", action="decision",
                     finding_id=f"f{i}", evidence_hash="e" * 64, reason="理由" if decision == "驳回" else "",
                     payload={"decision": decision})


def test_verify_and_export(tmp_path, capsys):
    _fill(tmp_path)
    assert main(["review-log", str(tmp_path), "--verify"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "共3条" in captured.err
    assert main(["review-log", str(tmp_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["payload"]["decision"] for e in data["entries"]] == ["确认", "驳回", "需补充"]
    assert main(["review-log", str(tmp_path)]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == list(trail.COLUMNS) and len(rows) == 4
    assert rows[1][4] == "'=cmd|' /C calc'!A0"  # OWASP: a formula start is kept as text


def test_a_tampered_row_fails_verify_and_is_named(tmp_path, capsys):
    _fill(tmp_path)
    con = sqlite3.connect(trail.trail_path(tmp_path))
    con.execute("DROP TRIGGER trail_no_update")
    con.execute("UPDATE trail SET user = '王某' WHERE id = 2")
    con.commit()
    con.close()
    assert main(["review-log", str(tmp_path), "--verify"]) == 1
    assert "第2条" in capsys.readouterr().err
    assert main(["review-log", str(tmp_path), "--format", "csv"]) == 1  # an export says it cannot be trusted


def test_a_missing_out_is_a_bad_argument(tmp_path):
    assert main(["review-log", str(tmp_path / "nope")]) == 2


def test_the_cli_does_not_load_the_web_stack():
    code = ("import sys; from preaudit.pipeline.cli import build_parser, main; build_parser(); "
            "main(['policies']); "
            "print(sorted(m for m in ('fastapi', 'starlette', 'uvicorn', 'jinja2') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_review_refuses_a_folder_that_is_no_audit_output(tmp_path, capsys):
    assert main(["review", str(tmp_path)]) == 2
    assert "不是预审输出文件夹" in capsys.readouterr().err
