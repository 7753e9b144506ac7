"""Canonical JSON and SHA-256 digests: one spelling of a value, so that its hash is stable."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical(value: Any) -> str:
    """`value` as compact JSON with sorted keys; anything JSON cannot hold is written as its str()."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def digest(value: Any) -> str:
    """SHA-256 (hex) of the canonical JSON of `value`."""
    return hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()
