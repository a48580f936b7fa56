"""Where the package's resources live and where built graphs are written: defined once here.

Resources (ontology, queries, curated facts, rules) travel inside the installed package; in a
source checkout they are read from the repository's top-level folders.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "BUILD_DIR_ENV",
    "DATA_DIR",
    "DATA_FILES_GLOB",
    "GRAPH_CACHE_DIR_ENV",
    "ONTOLOGY_FILE",
    "PACKAGE_DIR",
    "QUALITY_CHECKS_DIR",
    "QUERIES_DIR",
    "RULES_DIR",
    "SHAPES_FILE",
    "TEMPLATES_DIR",
    "USER_DATA_DIR_ENV",
    "default_build_dir",
    "default_graph_cache_dir",
    "default_user_data_dir",
]

PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    """The bundled copy of a top-level folder in a wheel, else the folder in the checkout."""
    bundled = PACKAGE_DIR / "_resources" / name
    return bundled if bundled.is_dir() else PACKAGE_DIR.parent / name


ONTOLOGY_DIR = _resource_dir("ontology")
ONTOLOGY_FILE = ONTOLOGY_DIR / "drugkg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = _resource_dir("queries")
QUALITY_CHECKS_DIR = QUERIES_DIR / "checks"
DATA_DIR = PACKAGE_DIR / "data"
DATA_FILES_GLOB = "*.trig"
RULES_DIR = PACKAGE_DIR / "compile" / "rules"
TEMPLATES_DIR = PACKAGE_DIR / "views" / "templates"

BUILD_DIR_ENV = "DRUGKG_BUILD_DIR"


def default_build_dir() -> Path:
    """``$DRUGKG_BUILD_DIR`` if set, else ``drugkg/compile`` in the user's cache folder."""
    if os.environ.get(BUILD_DIR_ENV):
        return Path(os.environ[BUILD_DIR_ENV])
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "drugkg" / "build"


GRAPH_CACHE_DIR_ENV = "DRUGKG_GRAPH_CACHE_DIR"


def default_graph_cache_dir() -> Path:
    """Where stores of large ``--graph`` files are cached (:mod:`kg.stores`): ``$DRUGKG_GRAPH_CACHE_DIR``
    if set, else ``drugkg/graphs`` in the user's cache folder."""
    if os.environ.get(GRAPH_CACHE_DIR_ENV):
        return Path(os.environ[GRAPH_CACHE_DIR_ENV])
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "drugkg" / "graphs"


USER_DATA_DIR_ENV = "DRUGKG_DATA_DIR"


def default_user_data_dir() -> Path:
    """Where ``drugkg accept`` writes accepted facts and ``drugkg build`` reads them:
    ``$DRUGKG_DATA_DIR`` if set, else ``drugkg/accepted`` in the user's data folder
    (``$XDG_DATA_HOME``, else ``~/.local/share``); never inside the installed package."""
    if os.environ.get(USER_DATA_DIR_ENV):
        return Path(os.environ[USER_DATA_DIR_ENV])
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "drugkg" / "accepted"
