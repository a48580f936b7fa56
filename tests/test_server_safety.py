"""Server safety: ``drugkg serve`` listens on 127.0.0.1 and refuses writes unless told otherwise,
holds up under a burst of concurrent queries, and removes only the database it made; a local query
is bounded in time and size; SERVICE calls are refused unless --allow-service."""

from __future__ import annotations

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

from kg.paths import QUERIES_DIR
from kg.remote.server import free_port

CARTESIAN = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
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
    tmpdir.mkdir(exist_ok=True)
    env = {**os.environ, "DRUGKG_BUILD_DIR": str(built.out_dir), "TMPDIR": str(tmpdir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", str(port), *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    first = process.stdout.readline().strip()
    if not first:
        process.kill()
        raise AssertionError(f"serve did not start: {process.communicate()[1]}")
    return Served(process, f"http://127.0.0.1:{port}", port, first, tmpdir)


def stop(served: Served, sig: signal.Signals = signal.SIGINT) -> tuple[int, str, str]:
    if served.process.poll() is None:
        served.process.send_signal(sig)
    try:
        out, err = served.process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        served.process.kill()
        out, err = served.process.communicate()
    return served.process.returncode, out, err


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


def count_quads(url: str) -> int:
    from kg.remote.endpoint import Endpoint

    rows = Endpoint(url + "/query", timeout=10).query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    return int(rows[0][0].value)


@pytest.mark.server
def test_serve_defaults_to_loopback(served: Served) -> None:
    assert served.first_line == f"drugkg SPARQL server (read-only) at http://127.0.0.1:{served.port}"
    if not os.path.exists("/proc/net/tcp"):
        pytest.skip("no /proc/net/tcp to read listening sockets from")
    assert listening_addresses(served.port) == {"0100007F"}  # 127.0.0.1 and nothing else


@pytest.mark.server
def test_serve_defaults_to_read_only(served: Served, store) -> None:
    assert count_quads(served.url) == len(store)
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
    assert count_quads(served.url) == len(store)


@pytest.mark.server
def test_a_burst_of_concurrent_queries(served: Served, store) -> None:
    """200 queries over 8 threads, each answer equal to the embedded one; the server answers after."""
    from kg.query.local import LocalStore
    from kg.remote.endpoint import Endpoint

    local = LocalStore(store)
    cases = [(name, {}) for name in QUERY_NAMES] + [
        ("is-antidepressant", {"drug": "Klonopin"}),
        ("approved-uses", {"drug": "dk:sertraline"}),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {}),
    ]
    expected = {i: local.query(text, params).display_rows() for i, (text, params) in enumerate(cases)}
    endpoints = threading.local()

    def ask(n: int) -> tuple[int, set]:
        if not hasattr(endpoints, "endpoint"):
            endpoints.endpoint = Endpoint(served.url + "/query", timeout=30)
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
    assert Endpoint(served.url + "/query", timeout=10).query("ASK { dk:clonazepam ?p ?o }").boolean is True


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.server
def test_writable_serve_changes_only_its_own_copy(built, tmp_path: Path) -> None:
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
        assert count_quads(running.url) == 0
    finally:
        code, out, err = stop(running, signal.SIGTERM)
    assert code == 0, err
    assert "stopping the server" in out
    assert [path.name for path in tmpdir.iterdir()] == ["someone-elses.txt"]
    assert fingerprint(built.out_dir) == build_before
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", running.port), timeout=1).close()


def test_binding_beyond_loopback_warns(cli) -> None:
    """--bind 0.0.0.0 is allowed but warned about (the port is busy here, so nothing is exposed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        result = cli("serve", "--bind", "0.0.0.0", "--port", str(busy.getsockname()[1]))
    lines = result.err.splitlines()
    assert result.code == 2
    assert lines[0] == "drugkg serve: warning: --bind 0.0.0.0 makes the server reachable from other machines"
    assert "already in use" in lines[1] and len(lines) == 2


def test_read_only_and_writable_exclude_each_other(cli) -> None:
    result = cli("serve", "--read-only", "--writable")
    assert result.code == 2 and result.err.count("\n") == 1 and "not allowed with" in result.err


# --- local queries are bounded ---------------------------------------------------------------------------


def test_cartesian_product_stops_within_the_timeout(built, tmp_path: Path) -> None:
    """As a process: the query is stopped at its deadline, with one clear line, in bounded memory."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "started = time.monotonic()\n"
        "command = [sys.executable, '-m', 'kg', 'query', sys.argv[1], '--timeout', '2', '--max-rows', '100000000']\n"
        "done = subprocess.run(command, capture_output=True, text=True)\n"
        "print(done.returncode, time.monotonic() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stderr.write(done.stderr)\n"
    )
    env = {**os.environ, "DRUGKG_BUILD_DIR": str(built.out_dir)}
    completed = subprocess.run(
        [sys.executable, "-c", probe, CARTESIAN], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    code, elapsed, peak_kib = completed.stdout.split()
    assert (
        completed.stderr
        == "drugkg query: error: the query ran longer than 2 s and was stopped (raise --timeout or narrow it)\n"
    )
    assert int(code) == 2
    assert float(elapsed) < 2 + 8  # the deadline, plus starting Python and loading the graph
    assert int(peak_kib) < 1024 * 1024  # under 1 GiB


def test_cartesian_product_stops_at_the_row_bound(cli) -> None:
    started = time.monotonic()
    result = cli("query", CARTESIAN, "--max-rows", "1000", "--timeout", "60")
    assert time.monotonic() - started < 20
    assert result.code == 2 and result.out == ""
    assert result.err == "drugkg query: error: the result has more than 1000 rows; add a LIMIT or raise --max-rows\n"


# --- federated calls -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?x ?p ?o . SeRvIcE ?x { ?s ?p ?o } }",
        "PREFIX ex: <http://example.org/>\nASK {\n  SERVICE ex:sparql { ?s ?p ?o }\n}",
        "CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { SERVICE <http://example.org/q> { ?s ?p ?o } } }",
    ],
)
def test_service_is_refused_everywhere_unless_allowed(cli, tmp_path: Path, text: str) -> None:
    dead = f"http://127.0.0.1:{free_port()}/query"
    for extra in ((), ("--endpoint", dead), ("--graph", str(Path(__file__).parent / "data" / "tiny.trig"))):
        result = cli("query", text, *extra)
        assert result.code == 2 and result.err.count("\n") == 1, result.err
        assert "SERVICE" in result.err and "--allow-service" in result.err, result.err


def test_service_in_a_string_or_comment_is_no_call(cli) -> None:
    result = cli("query", 'SELECT ?s WHERE { ?s ?p "SERVICE <http://example.org/>" } # SERVICE')
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[-1] == "(no rows)"


def test_allowed_service_to_a_dead_host_is_one_line(cli) -> None:
    dead = f"http://127.0.0.1:{free_port()}/sparql"
    result = cli("query", f"SELECT * WHERE {{ SERVICE <{dead}> {{ ?s ?p ?o }} }}", "--allow-service", "--timeout", "10")
    assert result.code == 2 and result.err.count("\n") == 1 and "Traceback" not in result.err, result.err
    assert "the query failed" in result.err


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
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
