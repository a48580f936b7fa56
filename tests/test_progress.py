"""Progress bars: shown on a terminal, silent in a pipe or with --quiet."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

# Runs drugkg with no delay before bars, so even this short work shows one.
_RUN = "import sys, kg.progress as p; p.DELAY = 0; from kg.cli import main; sys.exit(main(sys.argv[1:]))"


def _stderr(args: list[str], terminal: bool) -> tuple[int, str]:
    if not terminal:
        done = subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True, text=True, timeout=120)
        return done.returncode, done.stderr
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", _RUN, *args],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**os.environ, "COLUMNS": "100"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the pty closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_bar_on_a_terminal(tmp_path: Path) -> None:
    code, err = _stderr(["synth", "--triples", "200000", "-o", str(tmp_path / "g.nq")], terminal=True)
    assert code == 0
    assert "generating" in err


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_quiet_on_a_terminal(tmp_path: Path) -> None:
    code, err = _stderr(["synth", "--triples", "200000", "-o", str(tmp_path / "g.nq"), "--quiet"], terminal=True)
    assert (code, err) == (0, "")


def test_silent_in_a_pipe(tmp_path: Path) -> None:
    code, err = _stderr(["synth", "--triples", "200000", "-o", str(tmp_path / "g.nq")], terminal=False)
    assert code == 0
    assert err == f"wrote 200002 triples (seed 0) to {tmp_path / 'g.nq'}\n"


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_load_shows_a_bar_on_a_terminal(tmp_path: Path) -> None:
    graph = tmp_path / "g.nq"
    assert _stderr(["synth", "--triples", "20000", "-o", str(graph), "-q"], terminal=False)[0] == 0
    code, err = _stderr(["query", "ASK { ?s ?p ?o }", "--graph", str(graph)], terminal=True)
    assert code == 0
    assert "loading g.nq" in err
