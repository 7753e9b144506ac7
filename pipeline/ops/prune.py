"""Retention: remove personal data the state directory keeps between runs once it is old enough.

Prefect's task results (STATE/prefect-results/: pickles of everything read from an applicant
folder, full ID numbers included) and the OCR cache (STATE/ocr/: OCR text of ID cards) would
otherwise stay forever. `prune_state` removes the files of both older than N days (by the time
they were written; the default N is `retention.older_than_days` in pipeline/ops/operations.yaml).
The fingerprint index (hashes, never numbers) is kept: later batches are checked against it.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from preaudit.pipeline.ops.opsconfig import operations

PRUNED_DIRS = ("prefect-results", "ocr")


@dataclass
class PruneResult:
    removed: dict[str, int] = field(default_factory=dict)  # folder -> files removed
    kept: dict[str, int] = field(default_factory=dict)
    freed_bytes: int = 0


def prune_state(state_dir: Path, older_than_days: float | None = None, dirs: tuple[str, ...] = PRUNED_DIRS,
                now: float | None = None) -> PruneResult:
    """Remove files under STATE/<dir> for each of `dirs` last written more than `older_than_days`
    days ago (default from operations.yaml); empty folders left behind go too. Never follows a
    link out of the state directory."""
    days = operations().retention_days if older_than_days is None else older_than_days
    cutoff = (time.time() if now is None else now) - days * 86400
    result = PruneResult()
    for name in dirs:
        root = Path(state_dir) / name
        removed = kept = 0
        if root.is_dir() and not root.is_symlink():
            for path in sorted(root.rglob("*"), reverse=True):  # children before their folders
                try:
                    if path.is_symlink() or path.is_file():
                        st = path.lstat()
                        if st.st_mtime < cutoff:
                            path.unlink()
                            removed += 1
                            result.freed_bytes += st.st_size
                        else:
                            kept += 1
                    elif path.is_dir():
                        with contextlib.suppress(OSError):
                            path.rmdir()  # only when empty
                except FileNotFoundError:  # another process pruned or replaced it
                    continue
        result.removed[name] = removed
        result.kept[name] = kept
    return result
