"""The output folder: created owner-only, written atomically, one summary writer at a time.

report.json holds full ID numbers (documents[].fields), so OUT and everything preaudit makes in it
is readable by its owner only: folders 0700, files 0600 (POSIX; elsewhere the OS default). A folder
that already exists keeps the mode its owner gave it (`exposed` says when that lets others read).
Every file is written under a temporary name and renamed, so a reader (or a kill) never sees half a
file; the summary's writers (a batch run, the upload watcher, a served flow sharing OUT) take turns
through a lock file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
LOCK_NAME = ".summary.lock"
_thread_lock = threading.Lock()


def private_out_dir(path: Path) -> Path:
    """Make `path` (and missing parents) if needed; every folder made here is owner-only."""
    path = Path(path)
    missing = []
    p = path
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            pass
    return path


def exposed(path: Path) -> bool:
    """True when group or others may read or enter the folder (POSIX modes only)."""
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return False
    return os.name == "posix" and bool(mode & (stat.S_IRWXG | stat.S_IRWXO))


def _tmp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")


def write_private(path: Path, data: bytes) -> None:
    """Write `path` atomically (a temporary file renamed over it), mode 0600, folders 0700."""
    private_out_dir(path.parent)
    tmp = _tmp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_private_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    write_private(path, text.encode(encoding))


@contextlib.contextmanager
def summary_lock(out_dir: Path) -> Iterator[None]:
    """Held while the summary files are rebuilt: threads of this process and other processes
    (fcntl.flock on OUT/.summary.lock, where the OS has it) wait their turn."""
    private_out_dir(out_dir)
    with _thread_lock:
        try:
            import fcntl
        except ImportError:  # not POSIX: threads of this process still take turns
            yield
            return
        fd = os.open(Path(out_dir) / LOCK_NAME, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
