"""Progress bars on stderr for long work (loads, builds, exports, pushes, synthetic graphs).

A bar appears only when stderr is a terminal, ``--quiet`` was not given, and the work has
already taken :data:`DELAY` seconds, so short runs, pipes, logs and tests stay silent. Library
code reports progress through :func:`task` and never needs to know where output goes.

>>> with task("counting", total=3) as advance:
...     for _ in range(3):
...         advance(1)
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

__all__ = ["DELAY", "ReadCounter", "busy", "enabled", "set_quiet", "task", "track"]

#: Seconds of work before a bar is shown.
DELAY = 1.0

T = TypeVar("T")
_quiet = False
# One bar at a time (a terminal has one live display); work nested in a shown bar stays silent.
_lock = threading.Lock()
_shown: _Bar | None = None


def set_quiet(quiet: bool) -> None:
    """Silence (or allow) every bar of this process; commands call it with ``--quiet``."""
    global _quiet
    _quiet = bool(quiet)


def enabled() -> bool:
    """Whether bars may be shown: stderr is a terminal and nobody asked for quiet."""
    return not _quiet and sys.stderr.isatty()


class _Bar:
    """A rich progress bar started lazily, once the work has run for :data:`DELAY` seconds."""

    def __init__(self, description: str, total: float | None) -> None:
        self.description = description
        self.total = total
        self.done = 0.0
        self.started = time.monotonic()
        self.closed = False
        self._progress: Any = None
        self._task: Any = None

    def advance(self, amount: float = 1) -> None:
        self.done += amount
        if self._progress is None and (time.monotonic() - self.started < DELAY or not self.start()):
            return
        self._progress.update(self._task, completed=self.done)

    def start(self) -> bool:
        """Show the bar unless another one is shown; whether this one is shown."""
        global _shown
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        with _lock:
            if _shown is not None or self.closed:
                return False
            _shown = self
            columns = [TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%")]
            if self.total is None:
                columns = [TextColumn("{task.description}"), BarColumn()]
            self._progress = Progress(
                *columns, TimeElapsedColumn(), TimeRemainingColumn(), console=Console(stderr=True), transient=True
            )
            self._progress.start()
            self._task = self._progress.add_task(self.description, total=self.total, completed=self.done)
            return True

    def close(self) -> None:
        global _shown
        with _lock:
            self.closed = True
            if self._progress is not None:
                self._progress.stop()
            if _shown is self:
                _shown = None


@contextmanager
def task(description: str, total: float | None = None) -> Iterator[Callable[[float], None]]:
    """Yield ``advance(amount)`` for a piece of work of ``total`` units (``None``: unknown)."""
    if not enabled():
        yield _ignore
        return
    bar = _Bar(description, total)
    try:
        yield bar.advance
    finally:
        bar.close()


def track(items: Sequence[T], description: str) -> Iterator[T]:
    """Iterate over ``items`` with a bar that advances one step per item."""
    with task(description, total=len(items)) as advance:
        for item in items:
            yield item
            advance(1)


@contextmanager
def busy(description: str) -> Iterator[None]:
    """A pulsing bar with the elapsed time, for work that cannot tell how far it is."""
    if not enabled():
        yield
        return
    bar = _Bar(description, None)
    timer = threading.Timer(DELAY, bar.start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        bar.close()


def _ignore(amount: float = 1) -> None:
    """The ``advance`` of a silent task."""


class ReadCounter:
    """A binary file whose reads advance a progress task by the bytes read (for engine-side loads)."""

    def __init__(self, path: Path, advance: Callable[[float], None]) -> None:
        self._handle: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed by close()
        self._advance = advance

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self._advance(len(data))
        return data

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> ReadCounter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
