"""Atomic file writes: the target either keeps its old content or gets the whole new one."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from kg.errors import InputError

__all__ = [
    "atomic_directory",
    "atomic_write",
    "check_folder_target",
    "check_parent_folder",
    "check_writable_parent",
    "held_signals",
]


def check_parent_folder(path: Path) -> None:
    """Fail unless ``path`` is a valid name in an existing, writable folder."""
    _check_name(path)
    parent = path.resolve().parent
    if not parent.is_dir():
        raise InputError(f"cannot write {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise InputError(f"cannot write {path}: folder {parent} is not writable")


def check_writable_parent(path: Path) -> None:
    """Fail with a one-line error unless ``path`` can be created in an existing folder."""
    check_parent_folder(path)
    if path.is_dir():
        raise InputError(f"cannot write {path}: it is a folder")


def _check_name(path: Path) -> None:
    if "\x00" in str(path):
        raise InputError(f"cannot write {str(path)!r}: a file name cannot hold a NUL character")


@contextmanager
def atomic_write(path: Path, mode: str = "w") -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it over ``path`` only on success.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_write(target) as handle:
    ...     _ = handle.write("done")
    >>> target.read_text()
    'done'
    """
    path = Path(path)
    check_writable_parent(path)
    target = path.resolve()  # through a symlink: the new file goes beside its target, maybe on another disk
    tmp: Path | None = None
    try:
        with held_signals():  # an interrupt cannot land between creating the file and naming it
            try:
                fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
            except OSError as error:
                raise InputError(f"cannot write {path}: {error.strerror or error}") from None
            tmp = Path(tmp_name)
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise


def check_folder_target(path: Path, allowed: Collection[str]) -> None:
    """Fail with a one-line error unless ``path`` can be (re)written as a folder holding ``allowed`` files.

    An existing folder is replaced only if it holds nothing but files of those names (an earlier
    export), so no unrelated file is ever deleted.
    """
    path = Path(path)
    check_parent_folder(path)
    if path.exists() and not path.is_dir():
        raise InputError(f"cannot write {path}: it is a file, and this format writes a folder")
    if path.is_dir():
        others = sorted(set(os.listdir(path)) - set(allowed))
        if others:
            raise InputError(
                f"cannot write {path}: the folder holds other files ({others[0]}); "
                f"choose a new folder or one holding only {', '.join(sorted(allowed))}"
            )


@contextmanager
def atomic_directory(path: Path, allowed: Collection[str]) -> Iterator[Path]:
    """Yield a temporary folder beside ``path``; on success it takes the place of ``path``.

    On failure the temporary folder is removed and ``path`` keeps its old content. An existing
    ``path`` (checked by :func:`check_folder_target`) is swapped out and deleted only after the
    new folder is in place.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> with atomic_directory(target, {"a.txt"}) as folder:
    ...     _ = (folder / "a.txt").write_text("done")
    >>> sorted(p.name for p in target.iterdir())
    ['a.txt']
    """
    check_folder_target(Path(path), allowed)
    path = Path(path).resolve()  # through a symlink: the folder is built beside its target
    parent = path.parent
    tmp: Path | None = None
    try:
        with held_signals():
            try:
                tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=parent))
            except OSError as error:
                raise InputError(f"cannot write {path}: {error.strerror or error}") from None
        yield tmp
        os.chmod(tmp, 0o755)
        with held_signals():  # the swap runs to its end: never an old copy or a gap left behind
            if path.is_dir():
                old = tmp.with_suffix(".old")
                os.replace(path, old)
                try:
                    os.replace(tmp, path)
                except BaseException:
                    os.replace(old, path)
                    raise
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(tmp, path)
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise


@contextmanager
def held_signals() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM for a few steps that must not be split (create a temporary file and
    record its name; start a process and record it; clean up); a held signal is delivered, as the
    usual KeyboardInterrupt, as soon as the block ends. Record what to clean up in a variable set
    before the block and test it in a ``finally`` around it.

    The signals are caught and noted, not masked, so processes started here react to them as usual.
    Only the main thread receives them; elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[signal.Signals] = []

    def note(signum: int, frame: object) -> None:
        caught.append(signal.Signals(signum))

    previous = {sig: signal.signal(sig, note) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if caught:
            handler = previous[caught[0]]
            if callable(handler):
                handler(caught[0], None)
            elif handler == signal.SIG_DFL:
                signal.raise_signal(caught[0])


def process_running(pid: int) -> bool:
    """Whether the process ``pid`` still runs (the writer of a leftover ``.part`` or temporary
    database named by its process id): a folder it left is removed only once it is gone.

    >>> process_running(os.getpid())
    True
    """
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it runs
        return True
    return True
