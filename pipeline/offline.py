"""The switches that keep every library the pipeline loads off the network, set in one place.

preaudit promises that nothing leaves the machine. ONNX Runtime (>= 1.2x) starts a 1DS telemetry
uploader with the first inference session: its native code resolves mobile.events.data.microsoft.com
(found with `strace -f -k -e trace=connect` on an audit: getaddrinfo called from
onnxruntime_pybind11_state.so); ORT_DISABLE_TELEMETRY=1 stops it. paddlex checks its model hosters
when a pipeline is created unless told not to; huggingface_hub (imported by paddlex) is told to
stay offline (modelscope has no such switch; nothing here asks it for a model).

`pipeline/__init__.py` imports this module, so the switches are in the environment before any of
those libraries is imported, in every process that imports the pipeline (CLI, flows, Dask and
Prefect workers, benches, tests); child processes inherit them. They are set unconditionally: a
user's environment cannot switch telemetry back on.
"""

from __future__ import annotations

import os

OFFLINE_ENV: dict[str, str] = {
    "ORT_DISABLE_TELEMETRY": "1",  # ONNX Runtime's 1DS telemetry (native DNS + HTTPS)
    "PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK": "True",  # paddlex: no connectivity check of model hosters
    "HF_HUB_OFFLINE": "1",  # huggingface_hub: never fetch
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",  # the cross-tool convention (Prefect honours it too)
}


def apply_offline_env() -> None:
    """Put the switches into os.environ (idempotent; called on import of `pipeline`)."""
    os.environ.update(OFFLINE_ENV)


def engine_cache_env(state_dir: str) -> None:
    """Keep paddlex's cache under the state directory, not $HOME (called before paddlex loads)."""
    os.environ.setdefault("PADDLE_PDX_CACHE_HOME", os.path.join(state_dir, "paddlex"))


apply_offline_env()
