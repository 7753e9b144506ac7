"""Where preaudit keeps state between runs, and how that directory is made.

The state directory holds personal data: OCR text of ID cards (the cache), fingerprints, Prefect's
task results. It is created readable by its owner only (0700 on POSIX); a directory that already
exists is left as the user made it.
"""

from __future__ import annotations

import os
from pathlib import Path


def default_state_dir() -> Path:
    """`PREAUDIT_STATE_DIR`, else ~/.cache/preaudit."""
    return Path(os.environ.get("PREAUDIT_STATE_DIR") or Path.home() / ".cache" / "preaudit")


def private_dir(path: Path) -> Path:
    """Make `path` (and missing parents) if needed; the directory itself owner-only when new."""
    path = Path(path)
    if not path.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir(mode=0o700, exist_ok=True)
    return path
