"""A whole audit, model loading included, opens no network connection and resolves no host.

The audit runs in a fresh process under two guards that refuse and record: the Python socket
guard and a preloaded native one (tests/flows/netguard/netguard_preload.c), so that a lookup made
from C code (ONNX Runtime's telemetry did one from a native thread) is caught too. The process
starts cold: a new HOME and state directory, and none of the offline switches in its
environment, so what keeps it offline is the product's own setting (pipeline/offline.py).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "flows" / "netguard"))
from native import build_preload, compiler  # noqa: E402

GUARD_RUN = Path(__file__).with_name("guard_run.py")
# Switches the product must set itself; the test process may have them (tests/conftest.py).
PRODUCT_SWITCHES = ("ORT_", "PADDLE_PDX_", "HF_", "DO_NOT_TRACK", "XDG_CACHE_HOME", "PREAUDIT_")


@pytest.fixture(scope="module")
def preload(tmp_path_factory) -> Path:
    if compiler() is None:
        pytest.skip("no C compiler to build the native network guard")
    return build_preload(tmp_path_factory.mktemp("netguard"))


def _cold_env(tmp_path: Path, preload: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(PRODUCT_SWITCHES)}
    (tmp_path / "home").mkdir()
    env.update(PREAUDIT_NET_LOG=str(tmp_path / "net.log"), PREAUDIT_STATE_DIR=str(tmp_path / "state"),
               HOME=str(tmp_path / "home"), LD_PRELOAD=str(preload))
    return env


def _attempts(tmp_path: Path) -> str:
    log = tmp_path / "net.log"
    return log.read_text(encoding="utf-8") if log.exists() else ""


def test_the_native_guard_records_a_lookup_made_in_c(tmp_path, preload):
    """The guard itself: a getaddrinfo from C (through ctypes, past Python's socket module) and a
    Python lookup are both refused and recorded; loopback passes."""
    code = (
        "import ctypes, socket\n"
        "libc = ctypes.CDLL(None)\n"
        "res = ctypes.c_void_p()\n"
        "assert libc.getaddrinfo(b'telemetry.example.com', b'443', None, ctypes.byref(res)) != 0\n"
        "assert libc.getaddrinfo(b'localhost', b'80', None, ctypes.byref(res)) == 0\n"
        "try:\n    socket.getaddrinfo('example.org', 80)\nexcept OSError:\n    pass\n"
    )
    env = _cold_env(tmp_path, preload)
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    attempts = _attempts(tmp_path)
    assert "native getaddrinfo telemetry.example.com" in attempts
    assert "example.org" in attempts and "localhost" not in attempts


@pytest.mark.ocr
def test_audit_makes_no_network_connection(sample, tmp_path, preload):
    # One applicant with scans and PDFs: exercises ingest, text layer, OCR model load, rules, report.
    folder = next(p for p in sorted(sample["batch"].iterdir()) if p.is_dir())
    env = _cold_env(tmp_path, preload)
    proc = subprocess.run(
        [sys.executable, str(GUARD_RUN), "audit", str(folder), "--out", str(tmp_path / "out"), "--no-cache"],
        env=env, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    attempts = _attempts(tmp_path)
    assert attempts == "", f"network attempts during an audit:\n{attempts}"
    assert (tmp_path / "out" / folder.name / "report.json").exists()
    assert (tmp_path / "state" / "models").is_dir()  # the models were linked in this cold state dir
