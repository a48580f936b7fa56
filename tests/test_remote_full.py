"""Remote stores at full size: the graph users get (``built_full``, with the open datasets, about
250k quads) pushed once into each store, then every named query and a user's own query answer as
in-process.

- plain ``oxigraph serve`` (its default graph a graph of its own), pushed without credentials;
- ``oxigraph serve --union-default-graph`` behind an HTTP Basic proxy, pushed as a user;
- Virtuoso 7: ``tests/test_virtuoso_full.py`` (a file of its own, so that a parallel run gives it a
  worker of its own).

One server and one full push per store for the module. A push sends each graph in chunks
(first ``PUT``, then ``POST``) with the authentication settled by its first small request; a
dropped chunk is sent again.
"""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from cli_assertions import assert_one_line_error
from http_fakes import FlakyProxy, basic_auth_proxy
from remote_answers import QUERIES, USER_COUNT, differences

from kg.paths import QUERIES_DIR
from kg.remote.server import RunningServer, running_server

pytestmark = pytest.mark.server

WRITER = ("writer", "s3cret")


@pytest.fixture(scope="module")
def full_plain(tmp_path_factory: pytest.TempPathFactory, full_store: ox.Store) -> Iterator[RunningServer]:
    from kg.remote.push import push_graph_store

    with running_server(tmp_path_factory.mktemp("full-plain"), union_default_graph=False) as server:
        report = push_graph_store(full_store, server.store_url)
        assert report.triples == len(full_store)
        yield server


@pytest.fixture(scope="module")
def full_union(tmp_path_factory: pytest.TempPathFactory, full_store: ox.Store) -> Iterator[RunningServer]:
    """Pushed through a proxy that demands HTTP Basic (the server itself takes no credentials)."""
    from kg.remote.endpoint import Credentials
    from kg.remote.push import push_graph_store

    with running_server(tmp_path_factory.mktemp("full-union")) as server:
        proxy = basic_auth_proxy(server.url, *WRITER)
        try:
            url = f"http://127.0.0.1:{proxy.server_address[1]}/store"
            report = push_graph_store(full_store, url, credentials=Credentials(*WRITER))
            assert report.triples == len(full_store)
        finally:
            proxy.shutdown()
        yield server


STORES = ["full_plain", "full_union"]


@pytest.mark.parametrize("kind", STORES)
def test_every_named_query_answers_as_in_process(request, full_local_store, kind: str) -> None:
    from kg.remote.endpoint import Endpoint

    url = request.getfixturevalue(kind).query_url
    assert differences(Endpoint(url, timeout=60), full_local_store, sorted(QUERIES), timeout=60) == {}


@pytest.mark.parametrize("kind", STORES)
def test_a_users_own_query_answers_as_in_process(request, cli_full, kind: str) -> None:
    url = request.getfixturevalue(kind).query_url
    local = cli_full("query", USER_COUNT, "-f", "csv")
    # DrugBank drugs, DrugCentral drugs without a DrugBank id (dk:drugcentral-ID), the curated ones
    assert local.out.splitlines()[1:] == ["4456"]
    remote = cli_full("query", USER_COUNT, "-f", "csv", "--endpoint", url)
    assert (remote.code, remote.err, remote.out) == (0, "", local.out)


def test_raw_and_own_dataset_clauses_are_sent_as_written(cli_full, full_plain: RunningServer, full_store) -> None:
    raw = cli_full("query", "PREFIX dkv: <https://w3id.org/drugkg/vocab/>\n" + USER_COUNT, "-f", "csv", "--raw",
                   "--endpoint", full_plain.query_url)  # fmt: skip
    assert (raw.code, raw.out.splitlines()[1:]) == (0, ["0"])  # the plain server's own default graph is empty
    assert_one_line_error(cli_full("query", USER_COUNT, "--raw", "--endpoint", full_plain.query_url), "malformed")
    assert_one_line_error(
        cli_full("query", "what-treats", "--raw", "-p", "condition=depression", "--endpoint", full_plain.query_url),
        "--raw sends the query text untouched",
    )
    graph = "https://w3id.org/drugkg/source/disease-ontology/2026-08/HumanDO"
    own = cli_full("query", f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}", "-f", "csv",
                   "--endpoint", full_plain.query_url)  # fmt: skip
    expected = len(list(full_store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))
    assert (own.code, own.err, own.out.splitlines()[1:]) == (0, "", [str(expected)])


def test_a_copy_of_a_library_file_is_the_named_query(cli_full, full_plain: RunningServer, tmp_path: Path) -> None:
    from kg.query.library import is_library_query, resolve_query

    copy = tmp_path / "what-treats.rq"
    shutil.copyfile(QUERIES_DIR / "what-treats.rq", copy)
    assert is_library_query(resolve_query(str(copy)))
    edited = tmp_path / "edited" / "what-treats.rq"
    edited.parent.mkdir()
    edited.write_text(copy.read_text(encoding="utf-8") + "\n# mine\n", encoding="utf-8")
    assert not is_library_query(resolve_query(str(edited)))
    named = cli_full("query", "what-treats", "--endpoint", full_plain.query_url)
    for path in (copy, QUERIES_DIR / "what-treats.rq"):
        by_file = cli_full("query", str(path), "--endpoint", full_plain.query_url)
        assert (by_file.code, by_file.err, by_file.out) == (0, "", named.out)
    assert sorted(named.out.splitlines()) == sorted(cli_full("query", "what-treats").out.splitlines())


class DropsOneConnection(FlakyProxy):
    """A proxy that drops only its ``nth`` connection (a chunk in the middle of a push)."""

    def __init__(self, target_port: int, nth: int) -> None:
        self.nth = nth
        super().__init__(target_port, drops=0)

    def handle(self, connection: socket.socket) -> None:
        if self.connections + 1 == self.nth:
            self.connections += 1
            threading.Thread(target=self._drop, args=(connection,), daemon=True).start()
            return
        super().handle(connection)

    @staticmethod
    def _drop(connection: socket.socket) -> None:
        connection.recv(4096)
        connection.close()


def test_a_dropped_chunk_is_sent_again(server: RunningServer, store: ox.Store, remote_quads) -> None:
    from kg.remote.push import push_graph_store

    proxy = DropsOneConnection(int(server.url.rsplit(":", 1)[1]), nth=4)
    try:
        url = f"http://127.0.0.1:{proxy.port}/store"
        report = push_graph_store(store, url, chunk_size=200)
        assert report.triples == len(store)
        assert proxy.connections > 4
    finally:
        proxy.close()
    assert remote_quads(server.query_url) == len(store)
