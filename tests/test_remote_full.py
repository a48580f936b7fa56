"""Remote stores at full size: the graph users get (``built_full``, with the open datasets, about
250k quads) pushed once into each store, then every named query and a user's own query answer as
in-process.

- plain ``oxigraph serve`` (its default graph a graph of its own), pushed without credentials;
- ``oxigraph serve --union-default-graph`` behind an HTTP Basic proxy, pushed as a user;
- Virtuoso 7 (``/sparql-graph-crud-auth``, HTTP Digest as ``dba``), its row cap set low
  (``ResultSetMaxRows`` 1000, ``MaxSortedTopRows`` 2000) so that long answers are fetched in pages.

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
from remote_answers import QUERIES, differences, value_rows
from virtuoso_fixture import DBA, Virtuoso, running_virtuoso, virtuoso_executable

from kg.paths import QUERIES_DIR
from kg.remote.server import RunningServer, running_server

pytestmark = pytest.mark.server

ROW_CAP = 1000
USER_COUNT = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a dkv:Drug }"
#: More rows than Virtuoso's cap here (and than its MaxSortedTopRows): fetched in pages.
LONG_SELECT = "SELECT ?drug ?label WHERE { ?drug a dkv:Drug ; rdfs:label ?label }"
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


@pytest.fixture(scope="module")
def full_virtuoso(tmp_path_factory: pytest.TempPathFactory, full_store: ox.Store) -> Iterator[Virtuoso]:
    from kg.remote.endpoint import Credentials
    from kg.remote.push import push_graph_store

    executable = virtuoso_executable()
    if executable is None:
        pytest.skip("virtuoso-t is not installed (Debian package virtuoso-opensource)")
    settings = {("SPARQL", "ResultSetMaxRows"): str(ROW_CAP), ("Parameters", "MaxSortedTopRows"): str(2 * ROW_CAP)}
    with running_virtuoso(tmp_path_factory.mktemp("full-virtuoso"), executable, settings) as server:
        report = push_graph_store(full_store, server.crud_url, credentials=Credentials(*DBA, "digest"))
        assert report.triples == len(full_store)
        yield server


STORES = ["full_plain", "full_union", "full_virtuoso"]


def query_url(store: RunningServer | Virtuoso) -> str:
    return store.sparql_url if isinstance(store, Virtuoso) else store.query_url


@pytest.mark.parametrize("kind", STORES)
def test_every_named_query_answers_as_in_process(request, full_local_store, kind: str) -> None:
    from kg.remote.endpoint import Endpoint

    url = query_url(request.getfixturevalue(kind))
    assert differences(Endpoint(url, timeout=60), full_local_store, sorted(QUERIES), timeout=60) == {}


@pytest.mark.parametrize("kind", STORES)
def test_a_users_own_query_answers_as_in_process(request, cli_full, kind: str) -> None:
    url = query_url(request.getfixturevalue(kind))
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


def test_full_push_and_query_with_http_basic(
    cli_full, full_virtuoso: Virtuoso, full_store: ox.Store, full_local_store, monkeypatch
) -> None:
    """The whole graph pushed into Virtuoso with HTTP Basic (``--auth basic``) under a manifest graph of
    its own holds every quad and answers the user's count and a named query through the Basic query
    endpoint as in-process; a wrong password is one line. That push shares the default push's
    graphs, so its drop takes them: the default push is made again (with Digest) after."""
    from kg.remote.endpoint import Credentials, Endpoint
    from kg.remote.push import push_graph_store

    full_virtuoso.add_basic_endpoints()
    handle = "https://example.org/drugkg-basic"
    monkeypatch.setenv("DRUGKG_PASSWORD", DBA[1])
    push = ("push", "--endpoint", full_virtuoso.basic_crud_url, "--user", DBA[0], "--auth", "basic", "-q")
    try:
        result = cli_full(*push, "--graph", handle)
        assert (result.code, result.err) == (0, "")
        endpoint = Endpoint(full_virtuoso.basic_sparql_url, timeout=60, credentials=Credentials(*DBA, "basic"),
                            dataset="auto", manifest_graph=handle)  # fmt: skip
        count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        assert value_rows(endpoint.query(count, timeout=60)) == value_rows(full_local_store.query(count))
        assert differences(endpoint, full_local_store, ["what-treats"], timeout=60) == {}
        monkeypatch.setenv("DRUGKG_PASSWORD", "wrong")
        assert_one_line_error(cli_full("query", "what-treats", "--endpoint", full_virtuoso.basic_sparql_url,
                                       "--user", DBA[0], "--auth", "basic", "--dataset-graph", handle))  # fmt: skip
        monkeypatch.setenv("DRUGKG_PASSWORD", DBA[1])
        assert cli_full(*push, "--graph", handle, "--drop").code == 0
    finally:
        report = push_graph_store(
            full_local_store.store, full_virtuoso.crud_url, credentials=Credentials(*DBA, "digest")
        )
        assert report.triples == len(full_local_store.store)


def test_an_answer_past_the_row_cap_arrives_whole(full_virtuoso: Virtuoso, full_local_store) -> None:
    from kg.remote.endpoint import Endpoint

    endpoint = Endpoint(full_virtuoso.sparql_url, timeout=60, dataset="auto")
    remote, local = endpoint.query(LONG_SELECT, timeout=60), full_local_store.query(LONG_SELECT)
    assert len(local.rows) > 2 * ROW_CAP
    assert (remote.variables, value_rows(remote)) == (local.variables, value_rows(local))
    assert len(remote.rows) == len(local.rows)


def test_a_long_graph_answer_arrives_whole(cli_full, full_virtuoso: Virtuoso) -> None:
    """A CONSTRUCT longer than the row cap: whole (Virtuoso cuts a CONSTRUCT without saying so; drugkg
    fetches the rows of its WHERE clause, in pages, and builds the triples)."""
    text = "CONSTRUCT { ?drug rdfs:label ?label } WHERE { ?drug a dkv:Drug ; rdfs:label ?label }"
    remote = cli_full("query", text, "-f", "ntriples", "--endpoint", full_virtuoso.sparql_url)
    local = cli_full("query", text, "-f", "ntriples")
    assert (remote.code, remote.err) == (0, "")
    assert sorted(remote.out.splitlines()) == sorted(local.out.splitlines())
    assert len(local.out.splitlines()) > 2 * ROW_CAP


def test_names_past_the_row_cap_resolve(cli_full, full_virtuoso: Virtuoso) -> None:
    """The names read for parameters are more than the cap: read in pages too."""
    args = ("is-antidepressant", "-p", "drug=Klonopin")
    remote = cli_full("query", *args, "--endpoint", full_virtuoso.sparql_url)
    assert (remote.code, remote.err, remote.out) == (0, "", cli_full("query", *args).out)


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
