"""Fixtures for every test and doctest of the repository (``tests/`` and the doctests in ``kg/``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.paths import BUILD_DIR_ENV, GRAPH_CACHE_DIR_ENV, USER_DATA_DIR_ENV


@pytest.fixture(scope="session", autouse=True)
def isolated_build_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point the default build folder (and the cache of ``--graph`` stores) at session temp folders:
    no test or doctest touches ~/.cache."""
    build_dir = tmp_path_factory.mktemp("build")
    previous = {name: os.environ.get(name) for name in (BUILD_DIR_ENV, GRAPH_CACHE_DIR_ENV)}
    os.environ[BUILD_DIR_ENV] = str(build_dir)
    os.environ[GRAPH_CACHE_DIR_ENV] = str(tmp_path_factory.mktemp("graph-cache"))
    yield build_dir
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session", autouse=True)
def isolated_user_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point the default user data folder (accepted extractions) at an empty session temp folder:
    no test reads or writes ~/.local/share/drugkg."""
    data_dir = tmp_path_factory.mktemp("user-data")
    previous = os.environ.get(USER_DATA_DIR_ENV)
    os.environ[USER_DATA_DIR_ENV] = str(data_dir)
    yield data_dir
    if previous is None:
        os.environ.pop(USER_DATA_DIR_ENV, None)
    else:
        os.environ[USER_DATA_DIR_ENV] = previous
