"""``drugkg serve``: a real Oxigraph server holding the built graph, started as ``python -m kg serve``.

It answers the named queries, stops cleanly on Ctrl-C (even while printing its banner) or SIGTERM,
listens on 127.0.0.1 and refuses writes unless told otherwise, holds up under a burst of
concurrent queries, refuses a busy port, and removes only the database it made.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_assertions import assert_one_line_error
from serve_process import spawn_serve, stop_process

from kg.paths import QUERIES_DIR
from kg.remote.server import free_port

QUERY_NAMES = sorted(path.stem for path in QUERIES_DIR.glob("*.rq"))


@dataclass
class Served:
    process: subprocess.Popen
    url: str
    port: int
    first_line: str
    tmpdir: Path


def start_serve(built, tmpdir: Path, *flags: str) -> Served:
    """``python -m kg serve`` on a free port, its temporary files in ``tmpdir``; waits for its banner."""
    port = free_port()
    process = spawn_serve(built.out_dir, tmpdir, port, *flags)
    first = process.stdout.readline().strip()
    if not first:
        process.kill()
        raise AssertionError(f"serve did not start: {process.communicate()[1]}")
    return Served(process, f"http://127.0.0.1:{port}", port, first, tmpdir)


def stop(served: Served, sig: signal.Signals = signal.SIGINT) -> tuple[int, str, str]:
    """Send ``sig`` and wait: the exit code, the rest of stdout, and stderr."""
    return stop_process(served.process, sig)


def assert_nothing_listens(port: int) -> None:
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


@contextlib.contextmanager
def busy_port() -> Iterator[int]:
    """A port of 127.0.0.1 that a socket of this test listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        yield busy.getsockname()[1]


@pytest.fixture(scope="module")
def served(built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``drugkg serve`` with no options at all: the defaults under test."""
    running = start_serve(built, tmp_path_factory.mktemp("serve-tmp"))
    yield running
    stop(running)


def listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp*) with a socket listening on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        with open(table, encoding="ascii") as handle:
            next(handle)
            for line in handle:
                fields = line.split()
                address, hex_port = fields[1].rsplit(":", 1)
                if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                    found.add(address)
    return found


def status_of(request: urllib.request.Request) -> int:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# --- starting, answering, stopping -----------------------------------------------------------------


@pytest.mark.server
def test_serve_starts_answers_and_stops_on_ctrl_c(built, tmp_path: Path) -> None:
    running = start_serve(built, tmp_path / "tmp", "--read-only")
    try:
        assert running.first_line == f"drugkg SPARQL server (read-only) at http://127.0.0.1:{running.port}"
        from kg.remote.endpoint import Endpoint

        rows = Endpoint(running.url + "/query").query("is-antidepressant", timeout=10).display_rows()
        assert rows == {("dk:clonazepam", "clonazepam", "no (stated)")}
    finally:
        code, out, err = stop(running)
    assert code == 0, err
    assert "stopping the server" in out
    assert_nothing_listens(running.port)


@pytest.mark.server
def test_serve_stops_cleanly_on_ctrl_c_while_printing_its_banner(built, tmp_path: Path) -> None:
    """Ctrl-C as soon as the first banner line shows (the rest still being printed) is a normal stop."""
    running = start_serve(built, tmp_path / "tmp", "--read-only")
    assert running.first_line.startswith("drugkg SPARQL server (read-only) at ")
    code, out, err = stop(running)
    assert (code, out.splitlines()[-1], err) == (0, "stopping the server", "")


@pytest.mark.server
def test_serve_refuses_a_busy_port(cli) -> None:
    with busy_port() as port:
        assert_one_line_error(cli("serve", "--port", str(port)), "already in use")


@pytest.mark.server
def test_oxigraph_found() -> None:
    from kg.remote.server import oxigraph_executable

    assert Path(oxigraph_executable()).name.startswith("oxigraph")


# --- safe defaults: loopback, read-only --------------------------------------------------------------


@pytest.mark.server
def test_serve_defaults_to_loopback(served: Served) -> None:
    assert served.first_line == f"drugkg SPARQL server (read-only) at http://127.0.0.1:{served.port}"
    if not os.path.exists("/proc/net/tcp"):
        pytest.skip("no /proc/net/tcp to read listening sockets from")
    assert listening_addresses(served.port) == {"0100007F"}  # 127.0.0.1 and nothing else


@pytest.mark.server
def test_serve_defaults_to_read_only(served: Served, store, remote_quads) -> None:
    assert remote_quads(served.url + "/query") == len(store)
    update = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    attempts = [
        urllib.request.Request(
            served.url + "/update", data=update, headers={"Content-Type": "application/x-www-form-urlencoded"}
        ),
        urllib.request.Request(
            served.url + "/query", data=update, headers={"Content-Type": "application/x-www-form-urlencoded"}
        ),
        urllib.request.Request(
            served.url + "/store?default",
            data=b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n",
            method="PUT",
            headers={"Content-Type": "application/n-triples"},
        ),
        urllib.request.Request(
            served.url + "/store?graph=" + urllib.parse.quote(next(iter(store.named_graphs())).value, safe=""),
            method="DELETE",
        ),
    ]
    for request in attempts:
        assert status_of(request) >= 400, request.full_url
    assert remote_quads(served.url + "/query") == len(store)


@pytest.mark.server
def test_a_burst_of_concurrent_queries(served: Served, local_store) -> None:
    """200 queries over 8 threads, each answer equal to the embedded one; the server answers after."""
    from kg.remote.endpoint import Endpoint

    cases = [(name, {}) for name in QUERY_NAMES] + [
        ("is-antidepressant", {"drug": "Klonopin"}),
        ("approved-uses", {"drug": "dk:sertraline"}),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {}),
    ]
    expected = {i: local_store.query(text, params).display_rows() for i, (text, params) in enumerate(cases)}
    endpoints = threading.local()

    def ask(n: int) -> tuple[int, set]:
        if not hasattr(endpoints, "endpoint"):
            endpoints.endpoint = Endpoint(
                served.url + "/query", dataset="all"
            )  # the count: the dataset, not the manifest
        i = n % len(cases)
        text, params = cases[i]
        return i, endpoints.endpoint.query(text, params).display_rows()

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(ask, n) for n in range(200)]
        answers = [future.result(timeout=120) for future in futures]
    assert time.monotonic() - started < 120
    assert len(answers) == 200
    wrong = [(cases[i][0], got) for i, got in answers if got != expected[i]]
    assert wrong == []
    assert Endpoint(served.url + "/query").query("ASK { dk:clonazepam ?p ?o }", timeout=10).boolean is True


def test_binding_beyond_loopback_warns(cli) -> None:
    """--bind 0.0.0.0 is allowed but warned about (the port is busy here, so nothing is exposed)."""
    with busy_port() as port:
        result = cli("serve", "--bind", "0.0.0.0", "--port", str(port))
    lines = result.err.splitlines()
    assert result.code == 2
    assert lines[0] == "drugkg serve: warning: --bind 0.0.0.0 makes the server reachable from other machines"
    assert "already in use" in lines[1] and len(lines) == 2


def test_read_only_and_writable_exclude_each_other(cli) -> None:
    result = cli("serve", "--read-only", "--writable")
    assert result.code == 2 and result.err.count("\n") == 1 and "not allowed with" in result.err


# --- its temporary database, and nothing else, goes ------------------------------------------------------


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.server
def test_writable_serve_changes_only_its_own_copy(built, tmp_path: Path, remote_quads) -> None:
    """--writable opts in to updates; they touch the temporary database only, which stopping (here
    by SIGTERM) removes, and nothing else: the built graph and the temporary folder's other files stay."""
    build_before = fingerprint(built.out_dir)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    (tmpdir / "someone-elses.txt").write_text("not ours\n")
    running = start_serve(built, tmpdir, "--writable")
    try:
        assert running.first_line == f"drugkg SPARQL server (read-write) at {running.url}"
        assert {path.name for path in tmpdir.iterdir()} - {"someone-elses.txt"}  # its database is here
        request = urllib.request.Request(
            running.url + "/update",
            data=urllib.parse.urlencode({"update": "DROP ALL"}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status_of(request) in (200, 204)
        assert remote_quads(running.url + "/query") == 0
    finally:
        code, out, err = stop(running, signal.SIGTERM)
    assert code == 0, err
    assert "stopping the server" in out
    assert [path.name for path in tmpdir.iterdir()] == ["someone-elses.txt"]
    assert fingerprint(built.out_dir) == build_before
    assert_nothing_listens(running.port)


@pytest.mark.server
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_stopped_while_starting_leaves_nothing(built, tmp_path: Path, sig: signal.Signals) -> None:
    """Stopped while it loads its database or waits for the server: the database goes, no server stays."""
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    port = free_port()
    env = {**os.environ, "DRUGKG_BUILD_DIR": str(built.out_dir), "TMPDIR": str(tmpdir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # so a failed test can stop the server with its parent
    )

    def database_made() -> bool:  # not tempfile's short-lived probe file: the database folder
        return any(path.name.startswith("drugkg-serve-") for path in tmpdir.iterdir())

    try:
        deadline = time.monotonic() + 30
        while not database_made() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        assert database_made(), "serve made no temporary database"
        process.send_signal(sig)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode in (0, 130), err
    assert list(tmpdir.iterdir()) == []
    time.sleep(0.2)
    assert_nothing_listens(port)


# --- a push to it says what is known -----------------------------------------------------------------------


@pytest.mark.server
def test_push_to_a_read_only_serve_says_it_refuses_writes(cli, served: Served, store, remote_quads) -> None:
    result = cli("push", "--endpoint", served.url + "/store")
    assert_one_line_error(result, "HTTP 403", "the server refuses writes", "drugkg serve --writable")
    assert "this user" not in result.err
    assert remote_quads(served.url + "/query") == len(store)


def test_a_refused_user_keeps_the_credentials_hint(cli, monkeypatch) -> None:
    from http_fakes import answering_server

    refusing = answering_server(403, b"forbidden", "text/plain")
    url = f"http://127.0.0.1:{refusing.server_address[1]}/store"
    try:
        monkeypatch.setenv("DRUGKG_PASSWORD", "s3cret")
        result = cli("push", "--endpoint", url, "--user", "reader")
        assert_one_line_error(result, "HTTP 403", "the server refuses this user (check --user")
        assert "s3cret" not in result.err
    finally:
        refusing.shutdown()


# --- kill -9: the server dies with drugkg serve, and its database goes at the next start ---------------------


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
        return [int(child) for child in handle.read().split()]


@pytest.mark.server
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")
def test_kill_9_takes_the_oxigraph_child_along_and_the_next_start_removes_its_database(built, tmp_path: Path) -> None:
    tmpdir = tmp_path / "tmp"
    running = start_serve(built, tmpdir, "--timeout", "7")
    children = _children(running.process.pid)
    assert len(children) == 1
    with open(f"/proc/{children[0]}/cmdline", encoding="utf-8") as handle:
        command = handle.read().split("\0")
    assert command[command.index("--timeout-s") + 1] == "7"  # the server bounds each query itself
    left = [path for path in tmpdir.iterdir() if path.name.startswith("drugkg-serve-")]
    running.process.kill()
    running.process.communicate(timeout=20)
    deadline = time.monotonic() + 10
    while os.path.exists(f"/proc/{children[0]}") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not os.path.exists(f"/proc/{children[0]}")  # no orphan keeps serving
    assert_nothing_listens(running.port)
    assert [path.exists() for path in left] == [True]  # kill -9 leaves it; the next start removes it
    again = start_serve(built, tmpdir)
    try:
        assert [path.exists() for path in left] == [False]
    finally:
        stop(again)
    assert list(tmpdir.iterdir()) == []


# --- hostile queries: refused at the door, the server keeps serving -------------------------------------------


def _post_query(url: str, text: str) -> tuple[int, str]:
    request = urllib.request.Request(
        url + "/query",
        data=text.encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.mark.server
def test_served_query_refuses_deep_nesting_and_service_and_keeps_serving(served: Served) -> None:
    import http.server
    import threading

    calls = []

    class Target(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            calls.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_GET = do_POST

        def log_message(self, *args: object) -> None:
            """Quiet."""

    target = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Target)
    threading.Thread(target=target.serve_forever, daemon=True).start()
    try:
        nested = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
        assert _post_query(served.url, nested) == (400, "the query nests brackets 3000 deep (the limit is 128)\n")
        chain = "ASK { FILTER(" + " || ".join(["true"] * 70_000) + ") }"
        status, text = _post_query(served.url, chain)
        assert status == 400 and "operators" in text
        port = target.server_address[1]
        for query in (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ BIND(dk:a\\# AS ?x) SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
        ):
            status, text = _post_query(served.url, query)
            assert status == 400 and "SERVICE" in text
            form = urllib.parse.urlencode({"query": query})
            assert status_of(urllib.request.Request(f"{served.url}/query?{form}")) == 400
    finally:
        target.shutdown()
    assert calls == []
    assert _post_query(served.url, "ASK { ?s ?p ?o }") == (200, '{"head":{},"boolean":true}')
    assert served.process.poll() is None
