"""Query safety: a local query is bounded in time and size (stopped at its deadline, refused past its
row cap), and SERVICE calls (to other endpoints) are refused unless --allow-service, locally, on a
graph file and before any request to an endpoint. (``drugkg serve``'s safe defaults are tested in
tests/test_serve.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.remote.server import free_port

CARTESIAN = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


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
