"""The built graph as commands read it: which version of a build folder is current (its sources'
digest matches), its manifest, and its on-disk store opened read-only (:mod:`kg.stores`).

Kept apart from :mod:`kg.compile.pipeline` so a command that only reads imports none of the build's
machinery (the build is imported only when the graph must be built again).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph as ox

from kg import __version__
from kg.errors import InputError
from kg.paths import (
    DATA_DIR,
    DATA_FILES_GLOB,
    ONTOLOGY_FILE,
    PACKAGE_DIR,
    QUALITY_CHECKS_DIR,
    RULES_DIR,
    SHAPES_FILE,
    default_build_dir,
    default_user_data_dir,
)

__all__ = [
    "BUILT_GRAPH_NAME",
    "MANIFEST_NAME",
    "build_inputs",
    "built_manifest",
    "built_version",
    "built_with_open_datasets",
    "current_source_digest",
    "current_user_data_dir",
    "data_files",
    "inputs_stamp",
    "is_current",
    "last_data_dir",
    "open_built_store",
    "read_manifest",
    "remember_digest",
    "remembered_data_dir",
    "source_digest",
    "user_data_files",
]

BUILT_GRAPH_NAME = "drugkg.trig"
MANIFEST_NAME = "manifest.json"


def data_files(data_dir: Path = DATA_DIR) -> list[Path]:
    """The curated fact files, sorted."""
    return sorted(data_dir.glob(DATA_FILES_GLOB))


def user_data_files(data_dir: Path | None = None) -> list[Path]:
    """The accepted-fact files (``*.trig``) of a user data folder (default:
    :func:`kg.paths.default_user_data_dir`; a default folder that does not exist holds none)."""
    folder = default_user_data_dir() if data_dir is None else Path(data_dir)
    if data_dir is not None and not folder.is_dir():
        raise InputError(f"--data {folder}: no such folder")
    files = sorted(folder.glob(DATA_FILES_GLOB)) if folder.is_dir() else []
    if files:
        from kg.loading import check_regular_file

        for path in files:
            check_regular_file(path)  # before its bytes are read for the digest: never a device or FIFO
    return files


def build_inputs(data_dir: Path | None = None) -> list[Path]:
    """Every file whose bytes can change the built graph: the ontology and its shapes, the
    curated facts, the user data folder's accepted facts, the rules, the quality-check queries
    the build runs, and the package's code (all of ``kg/**/*.py``: simpler and safer than
    tracing what the build imports), and the shipped copies of the open datasets."""
    from kg.sources import source_inputs

    return [
        ONTOLOGY_FILE,
        SHAPES_FILE,
        *data_files(),
        *user_data_files(data_dir),
        *sorted(RULES_DIR.glob("*.rq")),
        *sorted(QUALITY_CHECKS_DIR.glob("*.rq")),
        *sorted(PACKAGE_DIR.rglob("*.py")),
        *source_inputs(),
    ]


def source_digest(data_dir: Path | None = None) -> str:
    """A digest of the package version and every :func:`build_inputs` file (name and bytes), to
    tell whether a built graph is current."""
    import hashlib

    digest = hashlib.sha256(__version__.encode())
    for path in build_inputs(data_dir):
        data = path.read_bytes()
        name = path.relative_to(PACKAGE_DIR.parent) if path.is_relative_to(PACKAGE_DIR.parent) else path.name
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


#: In a build folder: the stamp of the inputs' files when their digest was last worked out, and that digest.
STAMP_NAME = ".inputs-stamp.json"


def inputs_stamp(data_dir: Path | None = None) -> str:
    """The name, size, inode and modification time of every file that may be a build input (each
    file of the package but compiled code, the ontology folder, the quality checks, the user data
    folder's facts), one line each: a superset of :func:`build_inputs` that is read without
    importing the importers or reading a byte of them. While it is unchanged, so is :func:`source_digest`."""
    lines = [__version__]
    folders = [PACKAGE_DIR, ONTOLOGY_FILE.parent, QUALITY_CHECKS_DIR]
    files = [*user_data_files(data_dir)]
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            files += [Path(root, name) for name in sorted(names)]
    for path in files:
        stat = path.stat()
        lines.append(f"{path}\0{stat.st_size}\0{stat.st_ino}\0{stat.st_mtime_ns}")
    return "\n".join(lines)


def current_source_digest(out_dir: Path, data_dir: Path | None = None) -> str:
    """:func:`source_digest`, read from ``out_dir``'s stamp file while :func:`inputs_stamp` is
    unchanged (a command then reads no input file's bytes), else worked out and remembered."""
    stamp = inputs_stamp(data_dir)
    try:
        remembered = json.loads((out_dir / STAMP_NAME).read_text(encoding="utf-8"))
        if remembered["stamp"] == stamp and isinstance(remembered["digest"], str):
            return str(remembered["digest"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    digest = source_digest(data_dir)
    remember_digest(out_dir, stamp, digest)
    return digest


def remember_digest(out_dir: Path, stamp: str, digest: str) -> None:
    """Write ``out_dir``'s stamp file (best effort: a folder that is not writable just goes without)."""
    from kg.atomic import atomic_write

    try:
        with atomic_write(out_dir / STAMP_NAME) as handle:
            json.dump({"stamp": stamp, "digest": digest}, handle)
    except (OSError, InputError):
        pass


def built_version(out_dir: Path | None = None) -> Path:
    """The current version folder of the build in ``out_dir`` (:mod:`kg.stores`): its ``oxigraph``
    store, ``drugkg.trig`` and ``manifest.json`` belong together. Builds first if missing or stale."""
    from kg.stores import current_version

    out_dir = Path(out_dir) if out_dir is not None else default_build_dir()
    version = _current(out_dir)
    if version is None:
        _rebuild(out_dir)
        version = current_version(out_dir)
        if version is None:  # pragma: no cover - a build always publishes a version
            raise InputError(f"{out_dir}: the build left no store")
    return version


def read_manifest(folder: Path) -> dict[str, object] | None:
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _built_data_dir(out_dir: Path) -> Path | None:
    """The user data folder the build in ``out_dir`` read (None: no readable manifest)."""
    from kg.stores import current_version

    version = current_version(out_dir)
    manifest = read_manifest(version if version is not None else out_dir)
    recorded = manifest.get("user_data_dir") if manifest is not None else None
    return Path(recorded) if isinstance(recorded, str) else None


def last_data_dir(out_dir: Path | None = None) -> Path | None:
    """The user data folder the build in ``out_dir`` read (None: no readable manifest)."""
    return _built_data_dir(Path(out_dir) if out_dir is not None else default_build_dir())


def remembered_data_dir(out_dir: Path | None = None) -> Path | None:
    """The user data folder that the last build of ``out_dir`` read when it was not the default one
    (``build --data DIR``) and still exists: a build without ``--data`` reads it again, so accepted
    facts are never dropped silently. None: the default folder."""
    recorded = last_data_dir(out_dir)
    if recorded is None or not recorded.is_dir() or recorded == default_user_data_dir().resolve():
        return None
    return recorded


def current_user_data_dir(out_dir: Path | None = None) -> Path:
    """The user data folder that ``drugkg accept`` writes to and a build of ``out_dir`` reads:
    the remembered one (:func:`remembered_data_dir`), else :func:`kg.paths.default_user_data_dir`."""
    return remembered_data_dir(out_dir) or default_user_data_dir()


def _current(out_dir: Path) -> Path | None:
    """The current version folder of ``out_dir`` if it was built from the current sources, else None."""
    from kg.stores import current_version

    version = current_version(out_dir)
    manifest = read_manifest(version) if version is not None else None
    if version is None or manifest is None:
        return None
    recorded = manifest.get("user_data_dir")
    data_dir = Path(recorded) if isinstance(recorded, str) else None
    try:
        digest = current_source_digest(out_dir, data_dir if data_dir is not None and data_dir.is_dir() else None)
    except (OSError, InputError):
        return None
    return version if manifest.get("source_digest") == digest else None


def is_current(out_dir: Path) -> bool:
    """Whether ``out_dir`` holds a build of the current sources."""
    return _current(out_dir) is not None


def built_manifest(out_dir: Path | None = None) -> dict[str, object]:
    """The manifest of the built graph (counts, and what each open dataset gave); builds first if stale."""
    manifest = read_manifest(built_version(out_dir))
    if manifest is None:  # pragma: no cover - a published version always has its manifest
        raise InputError(f"{out_dir}: the build has no readable manifest")
    return manifest


#: The stores this process opened, by version folder.
_OPENED: dict[str, ox.Store] = {}


def built_with_open_datasets(out_dir: Path | None = None) -> bool:
    """Whether the build in ``out_dir`` has the open datasets (True when there is none yet: a
    build has them unless ``build --no-datasets`` left them out)."""
    out_dir = Path(out_dir) if out_dir is not None else default_build_dir()
    from kg.stores import current_version

    version = current_version(out_dir)
    manifest = read_manifest(version if version is not None else out_dir)
    return manifest is None or manifest.get("open_datasets", True) is not False


def _rebuild(out_dir: Path) -> None:
    """Build again, with the user data folder the last build read (``build --data DIR``) and, if
    it left them out (``build --no-datasets``), without the open datasets."""
    from kg.compile.pipeline import build

    build(out_dir, remembered_data_dir(out_dir), open_datasets=built_with_open_datasets(out_dir))


def open_built_store(out_dir: Path | None = None) -> ox.Store:
    """The built dataset's on-disk store, opened read-only; builds it first if missing or stale.

    A build remembers the user data folder it read (``build --data DIR``) and stays with it. The
    store is opened once per process and version (a notebook or a test session asks many times).
    It is read-only: to change a copy, ``ox.Store().bulk_extend(store)``.
    """
    from kg.stores import open_read_only

    version = built_version(out_dir)
    key = str(version.resolve())
    if key not in _OPENED:
        _OPENED.clear()
        _OPENED[key] = open_read_only(version)
    return _OPENED[key]
