"""Work functions for tests/pipeline/test_readers.py that a spawned reader process imports by name."""

from __future__ import annotations

import os

from preaudit.pipeline.model import FileRecord, SourceFile
from preaudit.pipeline.run import FileResult


def die_on_bomb(sf: SourceFile) -> tuple[FileResult, dict[str, float], int, int]:
    """Kill the worker on a file named *bomb*, as a library crash would; read others as a stub record."""
    if "bomb" in sf.path:
        os._exit(3)
    record = FileRecord(path=sf.path, sha256=sf.sha256, size=sf.size, status="processed", pages=1)
    return FileResult(record, [], []), {"render": 0.01}, 1, 2
