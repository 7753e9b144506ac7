"""Environment for running Prefect offline; imports nothing of Prefect (call it before importing it).

Prefect reads its settings from the environment when it is first imported, so every entry point
that runs a flow (the CLI's flow commands, tests/flows) calls `offline_prefect_env` first.
"""

from __future__ import annotations

import os
from pathlib import Path

from preaudit.pipeline import DEFAULT_POLICY  # noqa: F401 - the flows' default, re-exported
from preaudit.pipeline.ops.statedir import default_state_dir, private_dir



def offline_prefect_env(state_dir: Path | None = None) -> None:
    """No telemetry, ever; an explicit PREFECT_HOME; a start-up timeout for a loaded 2-core machine.

    Telemetry is switched off unconditionally (the product runs offline); PREFECT_HOME and the
    timeout keep a value the user already set. PREFECT_API_URL is left alone: when it names a
    running server (`prefect server start`) flows report there, otherwise Prefect starts a
    temporary local one on loopback.
    """
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    os.environ["DO_NOT_TRACK"] = "1"
    os.environ.setdefault("PREFECT_HOME", str(private_dir(state_dir or default_state_dir()) / "prefect"))
    Path(os.environ["PREFECT_HOME"]).expanduser().mkdir(parents=True, exist_ok=True)  # Prefect does not make parents
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
