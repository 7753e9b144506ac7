"""The operations settings (pipeline/ops/operations.yaml): retention, summary cadence, watcher retries.

Numbers live in the YAML, not in code, so an operator changes them without touching a module.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

OPERATIONS_PATH = Path(__file__).with_name("operations.yaml")


@dataclass(frozen=True)
class Operations:
    retention_days: float
    summary_every_s: float
    summary_max_share: float
    retry_first_s: float
    retry_factor: float
    retry_max_s: float


@lru_cache(maxsize=1)
def operations() -> Operations:
    """The settings, read once per process."""
    data = yaml.safe_load(OPERATIONS_PATH.read_text(encoding="utf-8"))
    return Operations(
        retention_days=float(data["retention"]["older_than_days"]),
        summary_every_s=float(data["summary"]["rewrite_every_seconds"]),
        summary_max_share=float(data["summary"]["max_time_share"]),
        retry_first_s=float(data["watch"]["retry_first_seconds"]),
        retry_factor=float(data["watch"]["retry_factor"]),
        retry_max_s=float(data["watch"]["retry_max_seconds"]),
    )
