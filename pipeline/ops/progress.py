"""The batch's progress on stderr: applicant, files and pages read, elapsed time and ETA.

A long batch otherwise prints nothing for minutes. The bar (rich, installed with Prefect) is drawn
only when stderr is a terminal; piped or redirected output gets no bar and no control codes. Log
lines written while the bar is up appear above it (rich redirects sys.stderr; pipeline/cli.py's
handler writes to whatever sys.stderr is at the time). Applicant keys are already masked.
"""

from __future__ import annotations

import sys
from typing import Any, Protocol

from preaudit.pipeline.report.cells import console_text


class Progress(Protocol):
    def start(self, applicants: int, files: int) -> None: ...
    def begin(self, key: str) -> None: ...
    def file_done(self, pages: int) -> None: ...
    def end(self, key: str) -> None: ...
    def skip(self, key: str, files: int) -> None: ...
    def close(self) -> None: ...


class NullProgress:
    """No bar (stderr is not a terminal, or tests)."""

    def start(self, applicants: int, files: int) -> None:
        pass

    def begin(self, key: str) -> None:
        pass

    def file_done(self, pages: int) -> None:
        pass

    def end(self, key: str) -> None:
        pass

    def skip(self, key: str, files: int) -> None:
        pass

    def close(self) -> None:
        pass


class RichProgress:
    """One bar over the batch's files; its label names the applicant being read."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
        from rich.progress import Progress as _Bar

        self._bar = _Bar(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("个文件 · {task.fields[pages]} 页 · 申报人 {task.fields[done]}/{task.fields[applicants]}"),
            TimeElapsedColumn(),
            TextColumn("剩余"),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=False,
        )
        self._task: Any = None
        self._pages = 0
        self._done = 0

    def start(self, applicants: int, files: int) -> None:
        self._bar.start()
        self._task = self._bar.add_task("准备中", total=max(files, 1), pages=0, done=0, applicants=applicants)

    def begin(self, key: str) -> None:
        self._bar.update(self._task, description=console_text(key))

    def file_done(self, pages: int) -> None:
        self._pages += pages
        self._bar.update(self._task, advance=1, pages=self._pages)

    def skip(self, key: str, files: int) -> None:
        self._done += 1
        self._bar.update(self._task, advance=files, done=self._done)

    def end(self, key: str) -> None:
        self._done += 1
        self._bar.update(self._task, done=self._done)

    def close(self) -> None:
        self._bar.stop()


def make_progress(enabled: bool | None = None) -> Progress:
    """A rich bar when `enabled` (default: stderr is a terminal), else nothing."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    return RichProgress() if enabled else NullProgress()
