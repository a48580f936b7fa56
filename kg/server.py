"""A local Oxigraph SPARQL server (the ``oxigraph`` command of the pip package ``oxigraph``).

Bound to 127.0.0.1 with the union of all graphs as the default graph, like the embedded store,
so a query answers the same here as in-process.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.errors import DrugKGError, InputError

__all__ = ["RunningServer", "free_port", "load_into", "oxigraph_executable", "running_server"]

HOST = "127.0.0.1"


def oxigraph_executable() -> str:
    """The ``oxigraph`` command beside this Python (a virtualenv), else on PATH."""
    beside = Path(sys.executable).parent / ("oxigraph.exe" if sys.platform == "win32" else "oxigraph")
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise InputError("the oxigraph command is not installed (pip install oxigraph)")
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) == 0


def load_into(location: Path, graph_file: Path) -> None:
    """Bulk-load an RDF file (TriG keeps its named graphs) into an Oxigraph folder."""
    completed = subprocess.run(
        [oxigraph_executable(), "load", "--location", str(location), "--file", str(graph_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        reason = (completed.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise DrugKGError(f"oxigraph load {graph_file} failed: {reason}")


@dataclass
class RunningServer:
    """A started server: its base URL and process."""

    url: str
    process: subprocess.Popen

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    @property
    def update_url(self) -> str:
        return self.url + "/update"

    @property
    def store_url(self) -> str:
        return self.url + "/store"


def _answers(url: str) -> bool:
    probe = url + "/query?" + urllib.parse.urlencode({"query": "ASK {}"})
    try:
        with urllib.request.urlopen(probe, timeout=1) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def running_server(
    location: Path, *, port: int | None = None, read_only: bool = False, startup_timeout: float = 20.0
) -> Iterator[RunningServer]:
    """Start ``oxigraph serve`` on ``location``; wait until it answers; stop it on exit."""
    port = port or free_port()
    if _port_in_use(port):
        raise InputError(f"port {port} on {HOST} is already in use (choose another with --port)")
    command = [
        oxigraph_executable(),
        "serve-read-only" if read_only else "serve",
        "--location",
        str(location),
        "--bind",
        f"{HOST}:{port}",
        "--union-default-graph",
    ]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        server = RunningServer(f"http://{HOST}:{port}", process)
        try:
            deadline = time.monotonic() + startup_timeout
            while not _answers(server.url):
                if process.poll() is not None:
                    log.seek(0)
                    lines = log.read().decode("utf-8", "replace").strip().splitlines() or ["no message"]
                    raise DrugKGError(f"oxigraph serve stopped at start: {lines[-1]}")
                if time.monotonic() > deadline:
                    raise DrugKGError(f"oxigraph serve did not answer within {startup_timeout:g} s")
                time.sleep(0.05)
            yield server
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
