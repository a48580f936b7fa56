"""``python -m kg serve`` as a child process, shared by the tests of ``drugkg serve``
(``test_serve.py``: the SPARQL endpoint; ``test_viz_serve.py``: the explorer beside it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

__all__ = ["spawn_serve", "stop_process"]


def spawn_serve(build_dir: Path, tmpdir: Path, port: int, *flags: str) -> subprocess.Popen:
    """Start ``python -m kg serve --port PORT FLAGS`` on the graph built in ``build_dir``, its
    temporary files in ``tmpdir``; stdout and stderr are pipes of text."""
    tmpdir.mkdir(exist_ok=True)
    env = {**os.environ, "DRUGKG_BUILD_DIR": str(build_dir), "TMPDIR": str(tmpdir)}
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", str(port), *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def stop_process(process: subprocess.Popen, sig: signal.Signals = signal.SIGINT) -> tuple[int, str, str]:
    """Send ``sig`` (unless it has ended) and wait, killing it after 20 s: exit code, stdout, stderr."""
    if process.poll() is None:
        process.send_signal(sig)
    try:
        out, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    return process.returncode, out, err
