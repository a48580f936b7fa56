"""Remote stores, against a real Oxigraph server started for these tests: push the built graph, then
every named query must give the same rows remotely (through SPARQLWrapper) as in-process; pushes
flattened or through SPARQL Update; endpoints that are silent, refuse, drop connections or ask for a
password. (``drugkg serve`` is tested in tests/test_serve.py; stores without a union default graph,
the manifest and the push layouts in tests/test_remote_layouts.py.)"""

from __future__ import annotations

import time

import pytest
from cli_assertions import assert_one_line_error
from hostile_text import VALUES_NAMING_NOTHING
from http_fakes import FlakyProxy, SilentServer, basic_auth_proxy, failing_proxy
from remote_answers import CURATED_QUERIES, DATASET_QUERIES, QUERIES, differences

from kg.paths import QUERIES_DIR
from kg.remote.manifest import DEFAULT_MANIFEST_GRAPH
from kg.remote.server import RunningServer, free_port, running_server

pytestmark = pytest.mark.server
QUERY_NAMES = sorted(path.stem for path in QUERIES_DIR.glob("*.rq"))


def start(tmp_path_factory: pytest.TempPathFactory):
    return running_server(tmp_path_factory.mktemp("oxigraph"))


@pytest.mark.parametrize("name", CURATED_QUERIES)
def test_named_query_same_rows_remotely(pushed: RunningServer, local_store, name: str) -> None:
    from kg.remote.endpoint import Endpoint

    assert differences(Endpoint(pushed.query_url, timeout=10), local_store, [name], timeout=10) == {}


def test_the_dataset_queries_are_those_with_no_rows_on_the_curated_graph(local_store) -> None:
    assert set(QUERY_NAMES) == set(QUERIES)
    empty = {name for name in QUERY_NAMES if not local_store.query(QUERIES[name]).rows}
    assert empty == DATASET_QUERIES


@pytest.fixture(scope="module")
def pushed_full(tmp_path_factory: pytest.TempPathFactory, full_store):
    """A server holding the graph with the open datasets."""
    from kg.remote.push import push_graph_store

    with start(tmp_path_factory) as running:
        push_graph_store(full_store, running.store_url)
        yield running


@pytest.mark.parametrize("name", sorted(DATASET_QUERIES))
def test_dataset_query_same_rows_remotely(pushed_full: RunningServer, full_local_store, name: str) -> None:
    from kg.remote.endpoint import Endpoint

    assert differences(Endpoint(pushed_full.query_url, timeout=20), full_local_store, [name], timeout=20) == {}


def test_push_keeps_every_graph(pushed: RunningServer, store, remote_quads) -> None:
    assert remote_quads(pushed.query_url) == len(store)
    from kg.remote.endpoint import Endpoint

    graphs = Endpoint(pushed.query_url).query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert {row[0].value for row in graphs.rows} == {g.value for g in store.named_graphs()} | {DEFAULT_MANIFEST_GRAPH}


def test_cli_query_remote_matches_local(cli, pushed: RunningServer) -> None:
    for args in (
        ("what-treats",),
        ("is-antidepressant", "-p", "drug=Klonopin"),
        ("dangerous-combinations", "-f", "tsv"),
    ):
        local = cli("query", *args)
        remote = cli("query", *args, "--endpoint", pushed.query_url)
        assert (remote.code, remote.err) == (0, "")
        assert sorted(remote.out.splitlines()) == sorted(local.out.splitlines())


def test_remote_construct_ask_and_json(cli, pushed: RunningServer) -> None:
    ask = cli("query", "ASK { dk:clonazepam dkv:memberOf dk:benzodiazepine }", "--endpoint", pushed.query_url)
    assert ask.out == "yes\n"
    text = "CONSTRUCT { ?d dkv:memberOf ?c } WHERE { ?d dkv:memberOf ?c }"
    local = cli("query", text, "-f", "ntriples")
    remote = cli("query", text, "-f", "ntriples", "--endpoint", pushed.query_url)
    assert remote.out == local.out
    assert (
        cli("query", "approved-uses", "-f", "json", "--endpoint", pushed.query_url).out
        == cli("query", "approved-uses", "-f", "json").out
    )


def test_remote_construct_is_built_from_its_rows(cli, pushed: RunningServer) -> None:
    """A CONSTRUCT is fetched as the rows of its WHERE clause and built here (so a server's row cap
    can be paged): blank nodes fresh per row, nothing for a row whose variable is unbound, the
    short form, parameters and solution modifiers kept."""
    import pyoxigraph as ox

    text = (
        "CONSTRUCT { ?d dkv:note [ rdfs:label ?label ; dkv:kind 'member' ] . ?d dkv:other ?unbound } "
        "WHERE { ?d dkv:memberOf dk:benzodiazepine ; rdfs:label ?label }"
    )
    local = cli("query", text, "-f", "ntriples")
    remote = cli("query", text, "-f", "ntriples", "--endpoint", pushed.query_url)
    assert (remote.code, remote.err) == (0, "")
    graphs = [ox.Store() for _ in range(2)]
    for graph, answer in zip(graphs, (local, remote), strict=True):
        graph.load(answer.out.encode(), format=ox.RdfFormat.N_TRIPLES)
    shape = (
        "SELECT ?d ?label WHERE { ?d <https://w3id.org/drugkg/vocab/note> ?b . FILTER isBLANK(?b) "
        "?b <http://www.w3.org/2000/01/rdf-schema#label> ?label ; <https://w3id.org/drugkg/vocab/kind> 'member' }"
    )
    assert {tuple(row) for row in graphs[1].query(shape)} == {tuple(row) for row in graphs[0].query(shape)}
    assert len(graphs[1]) == len(graphs[0]) == 3 * len(list(graphs[0].query(shape)))
    assert "other" not in remote.out
    for text, args in [
        ("CONSTRUCT WHERE { ?d dkv:memberOf ?c }", ()),
        ("CONSTRUCT { ?d rdfs:label ?l } WHERE { ?d dkv:memberOf ?c ; rdfs:label ?l } ORDER BY ?l LIMIT 2", ()),
        ("CONSTRUCT { ?d dkv:memberOf ?c } WHERE { ?d dkv:memberOf ?c }", ("-p", "c=dk:benzodiazepine")),
    ]:
        local, remote = (
            cli("query", text, *args, "-f", "ntriples", *where) for where in ((), ("--endpoint", pushed.query_url))
        )
        assert (remote.code, sorted(remote.out.splitlines())) == (0, sorted(local.out.splitlines()))
        assert local.out


def test_hostile_values_stay_values_remotely(cli, pushed: RunningServer, store, remote_quads) -> None:
    """As in-process (tests/test_query_command.py): a quoted literal is bound as written and names
    nothing; an entity parameter naming no entity is refused in one line, never sent."""
    for value in VALUES_NAMING_NOTHING:
        result = cli("query", "what-treats", "-p", f"condition={value}", "--endpoint", pushed.query_url)
        if value.startswith('"'):
            assert (result.code, result.err, result.out.splitlines()[-1]) == (0, "", "(no rows)"), value
        else:
            assert_one_line_error(result, "?condition: no entity named")
    assert remote_quads(pushed.query_url) == len(store)


def test_update_refused_before_sending(cli, pushed: RunningServer) -> None:
    result = cli("query", "DROP ALL", "--endpoint", pushed.query_url)
    assert_one_line_error(result, "SPARQL Update is refused")


def test_push_flattened_into_one_graph(cli, tmp_path_factory: pytest.TempPathFactory, store) -> None:
    from kg.remote.endpoint import Endpoint

    flat = "https://example.org/drugkg"
    with start(tmp_path_factory) as other:
        result = cli("push", "--endpoint", other.store_url, "--graph", flat, "--flatten")
        assert result.code == 0, result.err
        assert "flattened" in result.err and f"<{flat}>" in result.err
        endpoint = Endpoint(other.query_url)
        graphs = endpoint.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert [row[0].value for row in graphs.rows] == [flat]
        distinct = {(q.subject, q.predicate, q.object) for q in store}
        held = endpoint.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{flat}> {{ ?s ?p ?o }} }}").rows[0][0]
        assert int(held.value) == len(distinct) + len(endpoint.manifest().quads())


def test_push_through_sparql_update_in_chunks(
    cli, tmp_path_factory: pytest.TempPathFactory, store, remote_quads
) -> None:
    with start(tmp_path_factory) as other:
        result = cli("push", "--update", other.update_url, "--chunk", "97")
        assert result.code == 0, result.err
        assert remote_quads(other.query_url) == len(store)
        # pushing again replaces the graphs rather than adding to them
        assert cli("push", "--update", other.update_url, "-q").code == 0
        assert remote_quads(other.query_url) == len(store)


def test_endpoint_that_never_answers_times_out(cli) -> None:
    silent = SilentServer()
    try:
        url = silent.url + "/query"
        started = time.monotonic()
        result = cli("query", "what-treats", "--endpoint", url, "--timeout", "1")
        assert time.monotonic() - started < 8
    finally:
        silent.close()
    assert_one_line_error(result, url)
    assert "within 1 s" in result.err or "timed out" in result.err


def test_connection_refused_is_one_line(cli) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    assert_one_line_error(cli("query", "what-treats", "--endpoint", url), "connection refused")
    assert_one_line_error(cli("push", "--endpoint", url.replace("/query", "/store")), "connection refused")


def test_one_retry_on_a_dropped_connection(cli, pushed: RunningServer) -> None:
    port = int(pushed.url.rsplit(":", 1)[1])
    proxy = FlakyProxy(port, drops=1)
    try:
        result = cli("query", "is-antidepressant", "--endpoint", f"http://127.0.0.1:{proxy.port}/query")
        assert (result.code, result.err) == (0, "")
        assert "no (stated)" in result.out
        assert proxy.connections == 3  # the manifest read: dropped, then retried; then the query
    finally:
        proxy.close()
    proxy = FlakyProxy(port, drops=5)
    try:
        result = cli("query", "is-antidepressant", "--endpoint", f"http://127.0.0.1:{proxy.port}/query")
        assert_one_line_error(result, "dropped twice")
        assert proxy.connections == 2
    finally:
        proxy.close()


ROLLED_BACK = b"Virtuoso 40009 Error SR325: Transaction aborted by a checkpoint, retry it"


def test_a_passing_server_failure_is_asked_again(cli, pushed: RunningServer) -> None:
    """A bare HTTP 500 or a rolled-back transaction (Virtuoso right after a load) is asked again,
    twice at most; a 500 about the query itself is reported at once, in the server's own words."""
    proxy = failing_proxy(pushed.url, [(500, b""), (500, ROLLED_BACK)])
    url = f"http://127.0.0.1:{proxy.server_address[1]}/query"
    try:
        result = cli("query", "is-antidepressant", "--endpoint", url)
        assert (result.code, result.err) == (0, "")
        assert "no (stated)" in result.out
        assert proxy.requests[0] == 4  # the manifest: failed, failed, read; then the query
    finally:
        proxy.shutdown()
    cases = [
        ([(500, b"Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error")] * 3, 1, "SP030"),
        ([(503, b"")] * 3, 3, "HTTP 503"),
        ([(500, b"")] * 3, 3, "the endpoint failed while answering"),
    ]
    for failures, asked, words in cases:
        proxy = failing_proxy(pushed.url, failures)
        try:
            result = cli(
                "query", "is-antidepressant", "--endpoint", f"http://127.0.0.1:{proxy.server_address[1]}/query"
            )
            assert_one_line_error(result, words)
            assert proxy.requests[0] == asked
        finally:
            proxy.shutdown()


def test_basic_authentication(cli, pushed: RunningServer, tmp_path_factory, monkeypatch, store, remote_quads) -> None:
    proxy = basic_auth_proxy(pushed.url, "reader", "s3cret")
    base = f"http://127.0.0.1:{proxy.server_address[1]}"
    try:
        assert_one_line_error(cli("query", "is-antidepressant", "--endpoint", base + "/query"), "access denied")
        monkeypatch.setenv("DRUGKG_PASSWORD", "wrong")
        assert_one_line_error(cli("query", "is-antidepressant", "--endpoint", base + "/query", "--user", "reader"))
        monkeypatch.setenv("DRUGKG_PASSWORD", "s3cret")
        result = cli("query", "is-antidepressant", "--endpoint", base + "/query", "--user", "reader")
        assert (result.code, result.err) == (0, "")
        assert "no (stated)" in result.out
        with start(tmp_path_factory) as other:
            guarded = basic_auth_proxy(other.url, "writer", "s3cret")
            url = f"http://127.0.0.1:{guarded.server_address[1]}/store"
            try:
                assert cli("push", "--endpoint", url, "--user", "writer", "-q").code == 0
                assert remote_quads(other.query_url) == len(store)
            finally:
                guarded.shutdown()
    finally:
        proxy.shutdown()


def test_user_without_password_is_one_line(cli, monkeypatch) -> None:
    monkeypatch.delenv("DRUGKG_PASSWORD", raising=False)
    result = cli("query", "what-treats", "--endpoint", "http://127.0.0.1:9/query", "--user", "someone")
    assert_one_line_error(result, "DRUGKG_PASSWORD")


def test_binding_a_variable_the_query_does_not_return(cli, pushed: RunningServer) -> None:
    """The same one-line error remotely as locally (a VALUES block would silently do nothing)."""
    text = "SELECT ?class WHERE { ?drug dkv:memberOf ?class }"
    local = cli("query", text, "-p", "drug=dk:clonazepam")
    remote = cli("query", text, "-p", "drug=dk:clonazepam", "--endpoint", pushed.query_url)
    assert_one_line_error(local, "a parameter must be a variable the query returns")
    assert remote.err == local.err


def test_push_to_a_url_without_the_graph_store_protocol_hints_update(cli, pushed: RunningServer) -> None:
    result = cli("push", "--endpoint", pushed.query_url)
    assert_one_line_error(result, "HTTP 404", "does not speak the Graph Store Protocol", "--update")
