"""The layering contracts of pyproject.toml ([tool.importlinter]), checked by import-linter in `make test`:
the model imports no stage, the chain runs one way to the CLI and the flows, reports never import
intake, rules never import extractors or intake, and only flows/ imports Prefect."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _lint_imports(config: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    return subprocess.run([exe, "--config", str(config), "--no-cache"], cwd=ROOT, env=dict(os.environ),
                          capture_output=True, text=True, timeout=600)


def test_the_import_contracts_hold():
    proc = _lint_imports(ROOT / "pyproject.toml")
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert "KEPT" in proc.stdout


def test_a_broken_contract_is_reported(tmp_path):
    """The checker sees the installed namespace's imports: a contract every run breaks fails."""
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_packages = ["preaudit.pipeline"]\n\n'
        '[[tool.importlinter.contracts]]\nname = "run without the model (false on purpose)"\ntype = "forbidden"\n'
        'source_modules = ["preaudit.pipeline.run"]\nforbidden_modules = ["preaudit.pipeline.model"]\n',
        encoding="utf-8",
    )
    proc = _lint_imports(config)
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "preaudit.pipeline.run -> preaudit.pipeline.model" in proc.stdout
