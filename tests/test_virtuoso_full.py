"""Virtuoso at full size: the graph users get (``built_full``, with the open datasets) pushed once
into Virtuoso 7 (``/sparql-graph-crud-auth``, HTTP Digest as ``dba``), its row cap set low
(``ResultSetMaxRows`` 1000, ``MaxSortedTopRows`` 2000) so that long answers are fetched in pages;
then every named query and a user's own query answer as in-process, long answers arrive whole,
and the same graph pushed and queried with HTTP Basic. (The Oxigraph servers at full size:
``tests/test_remote_full.py``.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from cli_assertions import assert_one_line_error
from remote_answers import QUERIES, USER_COUNT, differences, value_rows
from virtuoso_fixture import DBA, Virtuoso, running_virtuoso, virtuoso_executable

pytestmark = [pytest.mark.server, pytest.mark.virtuoso]

ROW_CAP = 1000
#: More rows than Virtuoso's cap here (and than its MaxSortedTopRows): fetched in pages.
LONG_SELECT = "SELECT ?drug ?label WHERE { ?drug a dkv:Drug ; rdfs:label ?label }"


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


def test_every_named_query_answers_as_in_process(full_virtuoso: Virtuoso, full_local_store) -> None:
    from kg.remote.endpoint import Endpoint

    endpoint = Endpoint(full_virtuoso.sparql_url, timeout=60)
    assert differences(endpoint, full_local_store, sorted(QUERIES), timeout=60) == {}


def test_a_users_own_query_answers_as_in_process(cli_full, full_virtuoso: Virtuoso) -> None:
    local = cli_full("query", USER_COUNT, "-f", "csv")
    remote = cli_full("query", USER_COUNT, "-f", "csv", "--endpoint", full_virtuoso.sparql_url)
    assert (remote.code, remote.err, remote.out) == (0, "", local.out)
    assert local.out.splitlines()[1:] == ["4456"]


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
    """A parameter's name is looked up (the few names that hold its words), not read with all of
    the graph's names (more than 70,000: 75 pages at this cap)."""
    args = ("is-antidepressant", "-p", "drug=Klonopin")
    remote = cli_full("query", *args, "--endpoint", full_virtuoso.sparql_url)
    assert (remote.code, remote.err, remote.out) == (0, "", cli_full("query", *args).out)


# Keep last: its drop removes the graphs the tests above query.
def test_full_push_and_query_with_http_basic(cli_full, full_virtuoso: Virtuoso, full_local_store, monkeypatch) -> None:
    """The whole graph pushed into Virtuoso with HTTP Basic (``--auth basic``) under a manifest graph of
    its own holds every quad and answers the user's count and a named query through the Basic query
    endpoint as in-process; a wrong password is one line. That push shares the default push's
    graphs, so its drop takes them: this test is the file's last (pushing the whole graph again
    for tests after it took half a minute)."""
    from kg.remote.endpoint import Credentials, Endpoint

    full_virtuoso.add_basic_endpoints()
    handle = "https://example.org/drugkg-basic"
    monkeypatch.setenv("DRUGKG_PASSWORD", DBA[1])
    push = ("push", "--endpoint", full_virtuoso.basic_crud_url, "--user", DBA[0], "--auth", "basic", "-q")
    result = cli_full(*push, "--graph", handle)
    assert (result.code, result.err) == (0, "")
    # what-treats over the manifest's graphs took over 60 s once, on a 2-core machine busy with a model
    # fit beside the test run: this test is about the answer, so it waits longer
    endpoint = Endpoint(full_virtuoso.basic_sparql_url, timeout=180, credentials=Credentials(*DBA, "basic"),
                        dataset="auto", manifest_graph=handle)  # fmt: skip
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert value_rows(endpoint.query(count, timeout=180)) == value_rows(full_local_store.query(count))
    assert differences(endpoint, full_local_store, ["what-treats"], timeout=180) == {}
    monkeypatch.setenv("DRUGKG_PASSWORD", "wrong")
    assert_one_line_error(cli_full("query", "what-treats", "--endpoint", full_virtuoso.basic_sparql_url,
                                   "--user", DBA[0], "--auth", "basic", "--dataset-graph", handle))  # fmt: skip
    monkeypatch.setenv("DRUGKG_PASSWORD", DBA[1])
    assert cli_full(*push, "--graph", handle, "--drop").code == 0
