"""``drugkg --help`` starts fast: registering the commands imports no heavy library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = {"rdflib", "pyoxigraph", "pyshacl", "pandas", "networkx", "pyvis", "SPARQLWrapper", "curies", "rich"}


def _imported(*args: str) -> set[str]:
    """Top-level package names that ``python -X importtime ARGS`` imported."""
    process = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True, text=True, check=True)
    names = set()
    for line in process.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            names.add(line.split("|")[2].strip().split(".")[0])
    return names


def test_help_imports_nothing_heavy() -> None:
    imported = _imported("-m", "kg", "--help")
    assert "kg" in imported  # the measurement works
    assert imported & HEAVY == set()


def test_every_command_help_imports_nothing_heavy() -> None:
    from kg.cli import COMMANDS

    for command in COMMANDS:
        assert _imported("-m", "kg", command, "--help") & HEAVY == set(), command


#: What a command that reads the built store must not load (the cold path stays near the engine's cost).
NOT_ON_THE_COLD_PATH = {"rdflib", "pyshacl", "networkx", "rich", "numpy", "scipy", "pycrfsuite", "curies", "pandas"}


def test_reading_commands_import_only_what_they_need(tmp_path: Path) -> None:
    """``info``, ``check``, a named query, ``explain`` and ``query`` on the built store (no rebuild:
    a build of this test's own, which no other test's accepted facts or rebuilds make stale)."""
    import os

    from kg.compile.pipeline import build
    from kg.paths import BUILD_DIR_ENV, USER_DATA_DIR_ENV

    user_data = tmp_path / "user-data"
    user_data.mkdir()
    built = build(tmp_path / "build", user_data, open_datasets=False)
    env = {**os.environ, BUILD_DIR_ENV: str(built.out_dir), USER_DATA_DIR_ENV: str(user_data)}
    commands = [
        ("info", "Klonopin"),
        ("check", "Klonopin", "oxycodone"),
        ("query", "side-effects", "-p", "drug=dk:clonazepam"),
        ("query", "SELECT ?c WHERE { dk:clonazepam dkv:memberOf ?c } ORDER BY ?c"),
        ("explain", "oxycodone", "dkv:memberOf", "dk:cns-depressant"),
    ]
    for command in commands:
        process = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "kg", *command], capture_output=True, text=True, env=env
        )
        assert process.returncode in (0, 1), (command, process.stderr[-500:])
        names = {
            line.split("|")[2].strip().split(".")[0]
            for line in process.stderr.splitlines()
            if line.startswith("import time:") and line.count("|") == 2
        }
        assert "pyoxigraph" in names and names & NOT_ON_THE_COLD_PATH == set(), command
