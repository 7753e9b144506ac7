"""Flow tests: one Prefect test harness for the session, offline, with a socket guard.

Prefect reads its settings from the environment when first imported, so the offline settings are
made here, at import, before any test module imports `flows`. Every process the tests start
(Prefect's test server, Dask workers) inherits PYTHONPATH=netguard, whose sitecustomize refuses
and records any connection that is not loopback; each test checks the record is empty.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

_PREFECT_HOME = Path(tempfile.mkdtemp(prefix="preaudit-prefect-home-"))
atexit.register(shutil.rmtree, _PREFECT_HOME, True)
_NETGUARD = Path(__file__).with_name("netguard")
_NET_LOG = _PREFECT_HOME / "net.log"

os.environ["PREFECT_HOME"] = str(_PREFECT_HOME)
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["DO_NOT_TRACK"] = "1"
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "90"
os.environ.pop("PREFECT_API_URL", None)  # never a developer's real server


@pytest.fixture(scope="session")
def net_guard():
    """Refuse and record non-loopback connections here and in every child process."""
    saved = {k: os.environ.get(k) for k in ("PREAUDIT_NET_LOG", "PYTHONPATH")}
    os.environ["PREAUDIT_NET_LOG"] = str(_NET_LOG)
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(_NETGUARD), saved["PYTHONPATH"] or "") if p)
    sys.path.insert(0, str(_NETGUARD))
    import netguard_impl

    netguard_impl.install()
    yield _NET_LOG
    netguard_impl.uninstall()
    sys.path.remove(str(_NETGUARD))
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def prefect_harness(net_guard: Path):
    """One temporary Prefect server + database for all flow tests (~18 s to start on 2 cores)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture(autouse=True)
def _offline(request: pytest.FixtureRequest):
    """After each flow test: nothing, in any process, tried to leave loopback."""
    yield
    if "net_guard" in request.fixturenames or "prefect_harness" in request.fixturenames:
        attempts = _NET_LOG.read_text(encoding="utf-8") if _NET_LOG.exists() else ""
        assert attempts == "", f"network attempts outside loopback:\n{attempts}"
