"""The CLI around the flows: `preaudit audit` never imports Prefect; bad arguments exit 2 before
any Prefect start-up. No Prefect server is needed here (not marked `flows`)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from preaudit.pipeline.cli import main
from tests.conftest import ROOT


def test_audit_without_flow_never_imports_prefect(tmp_path):
    folder = tmp_path / "张三"
    folder.mkdir()
    (folder / "notes.txt").write_text("not an attachment", encoding="utf-8")
    code = textwrap.dedent(f"""
        import sys
        from preaudit.pipeline.cli import main
        rc = main(["audit", {str(folder)!r}, "--out", {str(tmp_path / "out")!r}, "--state-dir", {str(tmp_path / "state")!r}])
        loaded = sorted(m for m in sys.modules if m == "prefect" or m.startswith(("prefect.", "flows")))
        print(rc, loaded)
    """)
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().splitlines()[-1] == "0 []"


@pytest.mark.parametrize(
    "argv",
    [
        ["audit", "{tmp}/missing", "--out", "{tmp}/out", "--flow"],
        ["audit", "{tmp}", "--out", "{tmp}/out", "--flow", "--policy", "no-such-policy"],
        ["watch", "{tmp}/missing", "--out", "{tmp}/out"],
        ["watch", "{tmp}"],  # direct mode needs --out
        ["serve", "--out", "{tmp}/out"],  # needs PREFECT_API_URL
    ],
)
def test_flow_commands_reject_bad_arguments_with_status_2(argv, tmp_path, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREAUDIT_STATE_DIR", str(tmp_path / "state"))  # main() exports --state-dir; undone after
    assert main([a.format(tmp=tmp_path) for a in argv] + ["--state-dir", str(tmp_path / "state")]) == 2
