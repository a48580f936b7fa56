"""On-disk Oxigraph stores that commands open read-only instead of parsing a graph file.

- **The build's store.** A build writes a new *version* folder ``stores/ID/`` in the build folder
  (the engine's store in ``oxigraph/``, ``drugkg.trig`` and ``manifest.json``), then switches the
  pointer ``store`` (a symbolic link to ``stores/ID``) with one atomic rename. A reader resolves the
  pointer once and reads everything from that version, so it sees the old graph or the new one,
  never a mix; a build that fails or is killed leaves the pointer, and so the previous version,
  untouched. The version before the current one is kept for readers that opened it just before the
  switch; older ones and the leftovers of killed builds are removed by the next build.
- **Stores of ``--graph`` files.** A large RDF file is loaded once into a store in the cache folder
  (:func:`kg.paths.default_graph_cache_dir`) named by the sha256 of its bytes; the digest of a file
  is remembered by its path, size, inode and modification time, so a second command reads no byte of it.

Only :mod:`pyoxigraph` and the standard library are imported here: commands start fast.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

__all__ = [
    "ENGINE_FOLDER",
    "GRAPH_CACHE_MIN_BYTES",
    "POINTER_NAME",
    "VERSIONS_FOLDER",
    "cached_graph_store",
    "current_version",
    "file_digest",
    "name_table_of",
    "new_version",
    "open_read_only",
    "open_store",
    "prune_versions",
    "publish_version",
    "remembered",
]

#: The pointer (a symbolic link) to the current version folder, in the build folder.
POINTER_NAME = "store"
#: The folder of version folders, in the build folder.
VERSIONS_FOLDER = "stores"
#: The engine's store inside a version folder (or a cached store of a ``--graph`` file).
ENGINE_FOLDER = "oxigraph"
#: ``--graph`` files at least this large are loaded into a cached on-disk store; smaller ones are
#: parsed in memory (faster than writing a store for them).
GRAPH_CACHE_MIN_BYTES = 4_000_000
#: How many cached stores of ``--graph`` files are kept (the least recently used go first).
GRAPH_CACHE_KEEP = 4

_PART = ".part"
T = TypeVar("T")


def _remove_tree(path: Path, ignore_errors: bool = False) -> None:
    import shutil  # here: a command that only reads never removes a folder

    shutil.rmtree(path, ignore_errors=ignore_errors)


def current_version(build_dir: Path) -> Path | None:
    """The version folder the build folder's pointer names (None: no store built yet)."""
    pointer = Path(build_dir) / POINTER_NAME
    try:
        target = os.readlink(pointer)
    except OSError:
        return None
    version = Path(build_dir) / target
    return version if (version / ENGINE_FOLDER).is_dir() else None


def new_version(build_dir: Path, store: ox.Store) -> Path:
    """Write ``store`` into a new, unpublished version folder of ``build_dir`` and return it.

    The folder is named ``ID.part`` while written; the caller adds its other files, then calls
    :func:`publish_version`. A folder left by a killed build is removed by :func:`prune_versions`.
    """
    versions = Path(build_dir) / VERSIONS_FOLDER
    versions.mkdir(parents=True, exist_ok=True)
    name = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**9}"
    folder = versions / f"{name}{_PART}"
    folder.mkdir()
    disk = ox.Store(str(folder / ENGINE_FOLDER))
    disk.bulk_extend(store)
    disk.flush()
    del disk  # closes the engine's files before the folder is published
    _write_names(store, folder)
    return folder


def _write_names(store: ox.Store, folder: Path) -> None:
    from kg.analysis.names import NAME_TABLE, write_name_table

    write_name_table(store, folder / NAME_TABLE)


#: The folder of each store opened here, by the store's id (the store is kept alive beside it).
_FOLDERS: dict[int, tuple[ox.Store, Path]] = {}


def _folder_of(store: ox.Store) -> Path | None:
    entry = _FOLDERS.get(id(store))
    return entry[1] if entry is not None and entry[0] is store else None


def name_table_of(store: ox.Store) -> Path | None:
    """The name table written beside ``store`` (:func:`kg.analysis.names.write_name_table`), if it
    was opened by :func:`open_read_only` and has one."""
    from kg.analysis.names import NAME_TABLE

    folder = _folder_of(store)
    return folder / NAME_TABLE if folder is not None and (folder / NAME_TABLE).is_file() else None


def remembered(store: ox.Store, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, a whole-graph answer (JSON data) about a read-only ``store``, kept beside the
    store as ``answers/NAME.json`` the first time it is worked out, so later commands read it instead.
    (A store from memory, or a folder that is not writable, works it out each time.)"""
    folder = _folder_of(store)
    path = folder / "answers" / f"{name}.json" if folder is not None else None
    if path is not None:
        try:
            return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
        except (OSError, ValueError):
            pass
    value = compute()
    if path is not None:
        try:
            path.parent.mkdir(exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}{_PART}")
            tmp.write_text(json.dumps(value), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass
    return value


def publish_version(build_dir: Path, folder: Path, also: dict[Path, Path] | None = None) -> Path:
    """Make the written version ``folder`` the current one: rename it to its final name, then point
    ``build_dir/store`` at it with one atomic rename of a new link; then rename each prepared file
    of ``also`` (target -> prepared file) over its target. Signals wait until all is done. Returns
    the final folder."""
    from kg.atomic import held_signals

    build_dir = Path(build_dir)
    final = folder.with_name(folder.name.removesuffix(_PART))
    pointer = build_dir / POINTER_NAME
    if pointer.is_dir() and not pointer.is_symlink():  # a copy of a build folder that followed the link
        _remove_tree(pointer)
    link = build_dir / f".{POINTER_NAME}.{os.getpid()}{_PART}"
    link.unlink(missing_ok=True)
    os.symlink(os.path.relpath(folder.with_name(final.name), build_dir), link)
    with held_signals():  # renamed and pointed at together
        os.replace(folder, final)
        os.replace(link, pointer)
        for target, prepared in (also or {}).items():
            os.replace(prepared, target)
    return final


def prune_versions(build_dir: Path, keep: int = 2) -> None:
    """Remove version folders but the ``keep`` newest published ones (the current one always stays),
    and unfinished ones whose build process is gone."""
    versions = Path(build_dir) / VERSIONS_FOLDER
    if not versions.is_dir():
        return
    current = current_version(build_dir)
    published = sorted(
        (p for p in versions.iterdir() if p.is_dir() and not p.name.endswith(_PART)),
        key=lambda p: p.stat().st_mtime_ns,
        reverse=True,
    )
    if current is None:  # no version in use: keep them all (a build folder being repaired by hand)
        kept = {p.resolve() for p in published}
    else:
        others = [p.resolve() for p in published if p.resolve() != current.resolve()]
        kept = {current.resolve(), *others[: max(keep - 1, 0)]}
    for old in published:
        if old.resolve() not in kept:
            _remove_tree(old, ignore_errors=True)
    for part in versions.glob(f"*{_PART}"):
        if not _alive(part.name.split("-")[1] if part.name.count("-") >= 2 else ""):
            _remove_tree(part, ignore_errors=True)
    for leftover in Path(build_dir).glob(f".*{_PART}"):  # .NAME.PID.part of a killed build
        pid = leftover.name.removesuffix(_PART).rsplit(".", 1)[-1]
        if pid.isdigit() and not _alive(pid):
            leftover.unlink(missing_ok=True)


def _alive(pid_text: str) -> bool:
    """Whether the process ``pid_text`` (the writer named in a ``.part`` name) still runs."""
    from kg.atomic import process_running

    return pid_text.isdigit() and process_running(int(pid_text))


def open_read_only(folder: Path) -> ox.Store:
    """The engine's store of a version folder (or cached graph), opened read-only, with its name table."""
    store = ox.Store.read_only(str(Path(folder) / ENGINE_FOLDER))
    _FOLDERS[id(store)] = (store, Path(folder))
    return store


def file_digest(path: Path, cache_dir: Path) -> str:
    """The sha256 of ``path``'s bytes, remembered in ``cache_dir`` by path, size, inode and
    modification time (a changed file gets a new digest; an unchanged one is not read again)."""
    import hashlib

    stat = path.stat()
    key = f"{path.resolve()}\0{stat.st_dev}\0{stat.st_ino}\0{stat.st_size}\0{stat.st_mtime_ns}"
    remembered = cache_dir / "digests" / hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()
    try:
        return remembered.read_text(encoding="ascii").strip()
    except OSError:
        pass
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    value = digest.hexdigest()
    try:
        remembered.parent.mkdir(parents=True, exist_ok=True)
        tmp = remembered.with_name(f".{remembered.name}.{os.getpid()}{_PART}")
        tmp.write_text(value, encoding="ascii")
        os.replace(tmp, remembered)
    except OSError:
        pass  # a read-only cache: the digest is worked out again next time
    return value


def cached_graph_store(path: Path, cache_dir: Path) -> ox.Store:
    """A read-only store of the RDF file ``path``, loaded into ``cache_dir`` on first use.

    Parse errors are reported as by :func:`kg.loading.load_file`, and nothing is cached then.
    """
    from kg.atomic import held_signals
    from kg.loading import format_for, load_file

    rdf_format = format_for(path)
    digest = file_digest(path, cache_dir)
    folder = cache_dir / digest
    if not (folder / ENGINE_FOLDER).is_dir() or not (folder / "source.json").is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        part = cache_dir / f"{digest}-{os.getpid()}{_PART}"
        try:
            _remove_tree(part, ignore_errors=True)
            part.mkdir()
            disk = ox.Store(str(part / ENGINE_FOLDER))
            load_file(disk, path, rdf_format=rdf_format, bulk=True, any_size=True)
            disk.flush()
            _write_names(disk, part)
            del disk
            (part / "source.json").write_text(json.dumps({"file": str(path.resolve()), "sha256": digest}) + "\n")
            with held_signals():
                if folder.exists():
                    _remove_tree(folder, ignore_errors=True)
                os.replace(part, folder)
        finally:
            _remove_tree(part, ignore_errors=True)
        _evict(cache_dir, keep=folder)
    os.utime(folder)  # most recently used
    return open_read_only(folder)


def _evict(cache_dir: Path, keep: Path) -> None:
    """Keep the :data:`GRAPH_CACHE_KEEP` most recently used cached stores."""
    stores = sorted(
        (p for p in cache_dir.iterdir() if p.is_dir() and len(p.name) == 64 and p != keep),
        key=lambda p: p.stat().st_mtime_ns,
        reverse=True,
    )
    for old in stores[GRAPH_CACHE_KEEP - 1 :]:
        _remove_tree(old, ignore_errors=True)


def open_store(graph_file: Path | None = None, build_dir: Path | None = None) -> ox.Store:
    """``graph_file`` if given (a small file parsed into memory, a large one loaded once into a
    cached on-disk store: :func:`cached_graph_store`), else the built drugkg graph's store, opened
    read-only (built first if needed: :func:`kg.compile.built.open_built_store`)."""
    if graph_file is not None:
        from kg.loading import load_file
        from kg.paths import default_graph_cache_dir

        path = Path(graph_file)
        if path.is_file() and path.stat().st_size >= GRAPH_CACHE_MIN_BYTES:
            return cached_graph_store(path, default_graph_cache_dir())
        store = ox.Store()
        load_file(store, path)
        return store
    from kg.compile.built import open_built_store

    return open_built_store(build_dir)
