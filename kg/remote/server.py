"""A local Oxigraph SPARQL server (the ``oxigraph`` command of the pip package ``oxigraph``).

Bound to 127.0.0.1 with the union of all graphs as the default graph, like the embedded store,
so a query answers the same here as in-process (the tests also start it without, as most stores
come).
"""

from __future__ import annotations

import errno
import math
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kg.atomic import held_signals, process_running
from kg.errors import DrugKGError, InputError

__all__ = [
    "RunningServer",
    "check_bindable",
    "die_with_parent",
    "free_port",
    "is_loopback",
    "load_into",
    "oxigraph_executable",
    "remove_abandoned",
    "running_server",
]

HOST = "127.0.0.1"
#: The name of the file, in a temporary database folder, holding the id of the process it serves.
OWNER_FILE = "owner.pid"
_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In a child between fork and exec (``preexec_fn``): be killed when the parent dies, even by
    ``kill -9`` (Linux ``prctl(PR_SET_PDEATHSIG)``; elsewhere nothing)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    with suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def remove_abandoned(folder: Path, prefix: str) -> list[Path]:
    """Remove the folders ``folder/prefix*`` whose :data:`OWNER_FILE` names a process that is gone
    (a server killed before it could clean up); returns them. Others are never touched."""
    removed = []
    for candidate in sorted(folder.glob(prefix + "*")):
        owner = candidate / OWNER_FILE
        try:
            if candidate.is_symlink() or not candidate.is_dir() or candidate.stat().st_uid != _uid():
                continue
            pid = int(owner.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            continue
        if not process_running(pid):
            shutil.rmtree(candidate, ignore_errors=True)
            removed.append(candidate)
    return removed


def _uid() -> int:
    import os

    return os.getuid() if hasattr(os, "getuid") else -1


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


def _check_bindable(host: str, port: int) -> None:
    """Fail with one line unless a server could listen on ``host:port`` right now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself does
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise InputError(f"port {port} on {host} is already in use (choose another with --port)") from None
            raise InputError(f"cannot listen on {host} port {port}: {error.strerror or error}") from None


check_bindable = _check_bindable


def _reachable(host: str) -> str:
    """The address to reach a server bound to ``host`` from this machine (a wildcard: loopback)."""
    return {"0.0.0.0": HOST, "::": "::1", "": HOST}.get(host, host)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (only this machine can connect).

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def load_into(location: Path, graph_file: Path) -> None:
    """Bulk-load an RDF file (TriG keeps its named graphs) into an Oxigraph folder.

    Interrupted, the loader is stopped and waited for, so nothing writes into ``location`` after.
    """
    command = [oxigraph_executable(), "load", "--location", str(location), "--file", str(graph_file)]
    process: subprocess.Popen | None = None
    try:
        with held_signals():  # a signal held here arrives at the end of the block, inside the try
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, preexec_fn=_preexec()
            )
        _, err = process.communicate()
    except BaseException:
        if process is not None:
            process.kill()
            process.wait()
        raise
    if process.returncode != 0:
        reason = (err.strip().splitlines() or ["unknown error"])[-1]
        raise DrugKGError(f"oxigraph load {graph_file} failed: {reason}")


def _preexec() -> Callable[[], None] | None:
    return die_with_parent if sys.platform.startswith("linux") else None


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
    location: Path,
    *,
    port: int | None = None,
    read_only: bool = False,
    startup_timeout: float = 20.0,
    host: str = HOST,
    union_default_graph: bool = True,
    timeout_s: float | None = None,
) -> Iterator[RunningServer]:
    """Start ``oxigraph serve`` on ``location`` at ``host`` (default 127.0.0.1), its default graph
    the union of all graphs unless ``union_default_graph`` is false, each query stopped after
    ``timeout_s`` seconds (Oxigraph's ``--timeout-s``); wait until it answers; stop it on exit.
    The server dies with this process, even one killed with ``kill -9`` (Linux)."""
    port = port or free_port()
    _check_bindable(host, port)
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    reach = _reachable(host)
    command = [
        oxigraph_executable(),
        "serve-read-only" if read_only else "serve",
        "--location",
        str(location),
        "--bind",
        bind,
        *(["--union-default-graph"] if union_default_graph else []),
        *(["--timeout-s", str(max(1, math.ceil(timeout_s)))] if timeout_s is not None else []),
    ]
    log: IO[bytes] | None = None
    process: subprocess.Popen | None = None
    try:
        with held_signals():  # started and recorded together: an interrupt cannot leave it running
            log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below, with the process)
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, preexec_fn=_preexec())
        server = RunningServer(f"http://[{reach}]:{port}" if ":" in reach else f"http://{reach}:{port}", process)
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
        with held_signals():
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            if log is not None:
                log.close()
