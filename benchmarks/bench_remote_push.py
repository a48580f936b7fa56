"""A full push into each store the tests use, timed: plain ``oxigraph serve``, ``oxigraph serve
--union-default-graph`` behind an HTTP Basic proxy, and Virtuoso 7 (``/sparql-graph-crud-auth``,
Digest as ``dba``), each started fresh on 127.0.0.1 (the servers of ``tests/``).

    DRUGKG_BUILD_DIR=/tmp/full-build python -m kg build
    DRUGKG_BUILD_DIR=/tmp/full-build python benchmarks/bench_remote_push.py

Never in the test run.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import pyoxigraph as ox  # noqa: E402
from http_fakes import basic_auth_proxy  # noqa: E402
from virtuoso_fixture import DBA, running_virtuoso, virtuoso_executable  # noqa: E402

from kg.loading import load_file  # noqa: E402
from kg.paths import default_build_dir  # noqa: E402
from kg.remote.endpoint import Credentials  # noqa: E402
from kg.remote.push import push_graph_store  # noqa: E402
from kg.remote.server import running_server  # noqa: E402


def timed(store: ox.Store, url: str, credentials: Credentials | None = None) -> float:
    started = time.monotonic()
    report = push_graph_store(store, url, credentials=credentials)
    elapsed = time.monotonic() - started
    assert report.triples == len(store), report
    return elapsed


def main() -> int:
    graph = default_build_dir() / "drugkg.trig"
    store = ox.Store()
    load_file(store, graph)
    print(f"{len(store)} quads in {len(list(store.named_graphs()))} graphs ({graph.stat().st_size / 1e6:.1f} MB TriG)")
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        with running_server(Path(folder) / "plain", union_default_graph=False) as plain:
            rows.append(("oxigraph serve (plain), no credentials", timed(store, plain.store_url)))
        with running_server(Path(folder) / "union") as union:
            proxy = basic_auth_proxy(union.url, "writer", "s3cret")
            try:
                url = f"http://127.0.0.1:{proxy.server_address[1]}/store"
                rows.append(
                    ("oxigraph --union-default-graph, Basic proxy", timed(store, url, Credentials("writer", "s3cret")))
                )
            finally:
                proxy.shutdown()
        executable = virtuoso_executable()
        if executable is not None:
            (Path(folder) / "virtuoso").mkdir()
            with running_virtuoso(Path(folder) / "virtuoso", executable) as virtuoso:
                rows.append(("Virtuoso 7.2, Digest (dba)", timed(store, virtuoso.crud_url, Credentials(*DBA))))
    print("| store | full push (s) |\n|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
