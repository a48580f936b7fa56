"""Atomic file writes: the target either keeps its old content or gets the whole new one."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from kg.errors import InputError

__all__ = ["atomic_directory", "atomic_write", "check_folder_target", "check_writable_parent"]


def check_writable_parent(path: Path) -> None:
    """Fail with a one-line error unless ``path`` can be created in an existing folder."""
    parent = path.resolve().parent
    if not parent.is_dir():
        raise InputError(f"cannot write {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise InputError(f"cannot write {path}: folder {parent} is not writable")
    if path.is_dir():
        raise InputError(f"cannot write {path}: it is a folder")


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
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.resolve().parent)
    tmp = Path(tmp_name)
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def check_folder_target(path: Path, allowed: Collection[str]) -> None:
    """Fail with a one-line error unless ``path`` can be (re)written as a folder holding ``allowed`` files.

    An existing folder is replaced only if it holds nothing but files of those names (an earlier
    export), so no unrelated file is ever deleted.
    """
    path = Path(path)
    parent = path.resolve().parent
    if not parent.is_dir():
        raise InputError(f"cannot write {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise InputError(f"cannot write {path}: folder {parent} is not writable")
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
    path = Path(path)
    check_folder_target(path, allowed)
    parent = path.resolve().parent
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=parent))
    try:
        yield tmp
        os.chmod(tmp, 0o755)
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
        shutil.rmtree(tmp, ignore_errors=True)
        raise
