"""Index updates from the command line: a progress bar on stderr, then one summary line."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

from index.api import safe_line

if TYPE_CHECKING:
    from index.api import Session, UpdateReport

PROGRESS_AFTER_SECONDS = 0.5


def run_update(session: Session, quiet: bool = False, summary: bool = False) -> UpdateReport:
    """Update the index; show a bar when it takes more than a moment and stderr is a terminal."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True, markup=False, highlight=False)
    started = time.monotonic()
    bar: Progress | None = None
    task = None

    def progress(done: int, total: int) -> None:
        nonlocal bar, task
        if quiet or not console.is_terminal:
            return
        if bar is None:
            if time.monotonic() - started < PROGRESS_AFTER_SECONDS or total < 50:
                return
            bar = Progress(
                TextColumn("indexing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            bar.start()
            task = bar.add_task("index", total=total)
        bar.update(task, completed=done, total=total)

    try:
        report = session.update(progress=progress)
    finally:
        if bar is not None:
            bar.stop()
    if report.rebuilt and not quiet:
        _warn(f"index rebuilt: {report.rebuilt}")
    if not quiet:
        for skipped in report.skipped:
            _warn(f"skipped {safe_line(skipped.path)}: {skipped.reason}")
        for warning in report.warnings:
            _warn(safe_line(warning))
    if summary or (report.changed and not quiet and console.is_terminal):
        sys.stderr.write(f"indexed: {safe_line(report.summary())}\n")
    elif report.hint and not quiet:
        _warn(safe_line(report.hint))
    return report


def _warn(message: str) -> None:
    sys.stderr.write(f"dossier: {message}\n")
