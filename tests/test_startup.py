"""``drugkg --help`` starts fast: registering the commands imports no heavy library."""

from __future__ import annotations

import subprocess
import sys

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
