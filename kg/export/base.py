"""The one interface every export format implements: a small writer class per format.

A :class:`FileWriter` streams one file into a handle; a :class:`FolderWriter` writes a few
files into a folder. :meth:`Writer.export` does the atomic part for both, so a writer only
says what to write: a failed export leaves no partial output and never touches an existing one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import IO, ClassVar

from kg.atomic import atomic_directory, atomic_write, check_folder_target, check_writable_parent
from kg.export.selection import ExportData

__all__ = ["FileWriter", "FolderWriter", "Writer"]


class Writer(ABC):
    """One export format."""

    #: The name given to ``--format``.
    name: ClassVar[str]

    @abstractmethod
    def check_target(self, path: Path) -> None:
        """Fail with a one-line error if the output cannot be written at ``path``."""

    @abstractmethod
    def export(self, data: ExportData, path: Path) -> None:
        """Write ``data`` to ``path`` atomically."""


class FileWriter(Writer):
    """A format written as one file."""

    def check_target(self, path: Path) -> None:
        check_writable_parent(Path(path))

    def export(self, data: ExportData, path: Path) -> None:
        with atomic_write(Path(path), "wb") as handle:
            self.write(data, handle)

    @abstractmethod
    def write(self, data: ExportData, handle: IO[bytes]) -> None:
        """Stream ``data`` into ``handle`` (a binary file)."""


class FolderWriter(Writer):
    """A format written as a folder of files with fixed names."""

    #: The files this writer puts in its folder.
    file_names: ClassVar[tuple[str, ...]]

    def check_target(self, path: Path) -> None:
        check_folder_target(Path(path), self.file_names)

    def export(self, data: ExportData, path: Path) -> None:
        with atomic_directory(Path(path), self.file_names) as folder:
            self.write(data, folder)

    @abstractmethod
    def write(self, data: ExportData, folder: Path) -> None:
        """Write the files of ``data`` into ``folder`` (a fresh, empty folder)."""
