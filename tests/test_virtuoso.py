"""Against a real OpenLink Virtuoso 7 (Debian's ``virtuoso-opensource``), started once for this
module: push the built graph with Digest authentication, then every named query must give the
same set of rows through Virtuoso's ``/sparql`` as the embedded store, after a default push and
after ``push --graph IRI``; a flattened push answers what it can and refuses the rest.

Virtuoso's ``/sparql`` takes the union of ALL its graphs as the default graph, its own system
graphs included (``virtrdf#``, DAV, ``owl#``...). The named queries do not rely on that: they ask
for the pushed graphs (``default-graph-uri``/``named-graph-uri``, from the push's manifest); a
free-form query over ``?s ?p ?o`` sent as it is sees the system graphs.

Every test leaves the default push as it found it: one manifest, so the named queries need no
``--dataset-graph``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from cli_assertions import assert_one_line_error
from remote_answers import CURATED_QUERIES, QUERIES, by_value, differences
from virtuoso_fixture import DBA, Virtuoso, private_ini, running_virtuoso, virtuoso_executable

pytestmark = pytest.mark.virtuoso

PASSWORD = DBA[1]
HANDLE = "https://example.org/drugkg-on-virtuoso"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """One Virtuoso for the module, on a private database and free ports; stopped afterwards."""
    executable = virtuoso_executable()
    if executable is None:
        pytest.skip("virtuoso-t is not installed (Debian package virtuoso-opensource; .ci/run installs it)")
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso"), executable) as server:
        yield server


@pytest.fixture(scope="module")
def pushed(virtuoso: Virtuoso, store: ox.Store) -> Virtuoso:
    """Virtuoso holding every named graph of the built dataset (Graph Store Protocol, Digest as dba)."""
    from kg.remote.endpoint import Credentials
    from kg.remote.push import push_graph_store

    report = push_graph_store(store, virtuoso.crud_url, credentials=Credentials(*DBA))
    assert (report.triples, report.graphs) == (len(store), len(list(store.named_graphs())))
    return virtuoso


def quads_in(url: str, graphs: list[ox.NamedNode]) -> set[ox.Quad]:
    """Every quad the endpoint holds in ``graphs``."""
    from kg.remote.endpoint import Endpoint

    values = " ".join(str(graph) for graph in graphs)
    text = f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    return {ox.Quad(*row) for row in Endpoint(url, timeout=20).query(text, timeout=20).rows}


def by_value_quads(quads: set[ox.Quad] | ox.Store) -> set[tuple[object, ...]]:
    """Quads with objects compared by value: Virtuoso gives ``true`` back as ``"1"^^xsd:boolean``."""
    return {(q.subject, q.predicate, by_value(q.object), q.graph_name) for q in quads}


def graph_size(url: str, graph: str) -> int:
    from kg.remote.endpoint import Endpoint

    result = Endpoint(url).query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(result.rows[0][0].value)


def test_private_ini_moves_database_and_ports(tmp_path: Path) -> None:
    template = (
        "[Database]\nDatabaseFile = /var/lib/virtuoso-opensource-7/db/virtuoso.db\n"
        "[Parameters]\nServerPort = 1111\nDirsAllowed = ., /usr/share/vad\n"
        "[HTTPServer]\nServerPort = 8890\n;ServerPort = 9999\n"
    )
    lines = private_ini(template, tmp_path, 4111, 4890).splitlines()
    assert f"DatabaseFile = {tmp_path}/virtuoso.db" in lines
    assert "ServerPort = 127.0.0.1:4111" in lines
    assert "ServerPort = 127.0.0.1:4890" in lines
    assert f"DirsAllowed = ., /usr/share/vad, {tmp_path}" in lines
    assert ";ServerPort = 9999" in lines


@pytest.mark.parametrize("name", CURATED_QUERIES)
def test_named_query_same_rows_on_virtuoso(pushed: Virtuoso, local_store, name: str) -> None:
    from kg.remote.endpoint import Endpoint

    assert differences(Endpoint(pushed.sparql_url, timeout=20), local_store, [name]) == {}


def cli_push(cli, virtuoso: Virtuoso, monkeypatch, *args: str):
    monkeypatch.setenv("DRUGKG_PASSWORD", PASSWORD)
    result = cli("push", "--endpoint", virtuoso.crud_url, "--user", "dba", *args)
    assert result.code == 0, result.err
    return result


def test_every_named_query_after_push_graph_iri(cli, pushed: Virtuoso, store, local_store, monkeypatch) -> None:
    """The default push dropped, the graph pushed again under a manifest graph of the user's."""
    from kg.remote.endpoint import Endpoint

    cli_push(cli, pushed, monkeypatch, "--drop")
    try:
        cli_push(cli, pushed, monkeypatch, "--graph", HANDLE)
        assert Endpoint(pushed.sparql_url).manifest().iri == HANDLE
        assert differences(Endpoint(pushed.sparql_url, timeout=20), local_store) == {}
        cli_push(cli, pushed, monkeypatch, "--graph", HANDLE, "--drop")
        assert graph_size(pushed.sparql_url, HANDLE) == 0
        assert quads_in(pushed.sparql_url, sorted(store.named_graphs(), key=str)) == set()
    finally:
        cli_push(cli, pushed, monkeypatch)


def test_flattened_push_answers_what_it_can(cli, pushed: Virtuoso, local_store, monkeypatch) -> None:
    from kg.remote.endpoint import Endpoint

    flat = "https://example.org/drugkg-flat-on-virtuoso"
    cli_push(cli, pushed, monkeypatch, "--graph", flat, "--flatten")
    try:
        endpoint = Endpoint(pushed.sparql_url, timeout=20, manifest_graph=flat)
        needs_graphs = {name for name, query in QUERIES.items() if "GRAPH" in query.text}
        assert differences(endpoint, local_store, sorted(set(CURATED_QUERIES) - needs_graphs)) == {}
        for name in sorted(needs_graphs):
            result = cli("query", name, "--endpoint", pushed.sparql_url, "--dataset-graph", flat)
            assert_one_line_error(result, f"{name} reads named graphs", "--flatten")
    finally:
        cli_push(cli, pushed, monkeypatch, "--graph", flat, "--drop")
    assert graph_size(pushed.sparql_url, flat) == 0


def test_an_answer_cut_at_result_set_max_rows_arrives_whole(cli, pushed: Virtuoso) -> None:
    """Virtuoso cuts answers at ResultSetMaxRows (10000 as packaged) and says so in a header: the
    SELECT is fetched again in pages of 10000 rows and joined (tests/test_virtuoso_full.py: on the
    full graph, against the in-process answer)."""
    text = "SELECT ?a ?b ?label WHERE { ?a a dkv:Drug . ?b rdfs:label ?label }"
    result = cli("query", text, "--endpoint", pushed.sparql_url, "-f", "tsv")
    assert (result.code, result.err) == (0, "")
    local = cli("query", text, "-f", "tsv").out.splitlines()
    assert len(local) > 10001
    assert sorted(result.out.splitlines()) == sorted(local)
    text = "SELECT ?a ?b WHERE { ?a a ?x . ?b a ?y } LIMIT 20000"
    small = cli("query", text.replace("20000", "10"), "--endpoint", pushed.sparql_url, "-f", "csv")
    assert (small.code, len(small.out.splitlines())) == (0, 11)


def test_virtuoso_holds_exactly_the_pushed_quads(pushed: Virtuoso, store: ox.Store) -> None:
    graphs = sorted(store.named_graphs(), key=str)
    assert by_value_quads(quads_in(pushed.sparql_url, graphs)) == by_value_quads(store)


def test_medication_check_on_the_quads_virtuoso_holds(pushed: Virtuoso, store: ox.Store) -> None:
    """The medication check works on an in-process store only; here on the dataset read back from Virtuoso."""
    from kg.analysis.medication_check import check

    copy = ox.Store()
    copy.extend(quads_in(pushed.sparql_url, sorted(store.named_graphs(), key=str)))
    for names in (["Klonopin", "oxycodone"], ["clonazepam", "alcohol"], ["sertraline", "venlafaxine"]):
        assert check(copy, names).to_json() == check(store, names).to_json()


def test_cli_query_with_digest_authentication(cli, pushed: Virtuoso, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRUGKG_PASSWORD", PASSWORD)
    local = cli("query", "is-antidepressant", "-p", "drug=Klonopin")
    for auth in ((), ("--auth", "digest")):
        args = ("--endpoint", pushed.sparql_auth_url, "--user", "dba", *auth)
        remote = cli("query", "is-antidepressant", "-p", "drug=Klonopin", *args)
        assert (remote.code, remote.err) == (0, "")
        assert remote.out == local.out
    assert "no (stated)" in local.out


def test_cli_query_same_output_as_local(cli, pushed: Virtuoso) -> None:
    for args in (("what-treats", "-f", "tsv"), ("dangerous-combinations", "-p", "drug=alcohol", "-f", "csv")):
        local = cli("query", *args)
        remote = cli("query", *args, "--endpoint", pushed.sparql_url)
        assert (remote.code, remote.err) == (0, "")
        assert sorted(remote.out.splitlines()) == sorted(local.out.splitlines())


def test_wrong_password_is_one_line_and_writes_nothing(cli, pushed: Virtuoso, monkeypatch) -> None:
    secret = "not-the-password-42"
    monkeypatch.setenv("DRUGKG_PASSWORD", secret)
    never = "https://example.org/never-written"
    expected = "401 from {}: check --user and the password variable DRUGKG_PASSWORD"
    result = cli("push", "--endpoint", pushed.crud_url, "--user", "dba", "--graph", never)
    assert_one_line_error(result, expected.format(pushed.crud_url))
    assert secret not in result.err + result.out
    assert graph_size(pushed.sparql_url, never) == 0
    result = cli("push", "--update", pushed.sparql_auth_url, "--user", "dba", "--graph", never)
    assert_one_line_error(result, expected.format(pushed.sparql_auth_url))
    assert graph_size(pushed.sparql_url, never) == 0
    result = cli("query", "what-treats", "--endpoint", pushed.sparql_auth_url, "--user", "dba")
    assert_one_line_error(result, expected.format(pushed.sparql_auth_url))
    assert secret not in result.err + result.out


def test_no_user_for_a_protected_endpoint(cli, pushed: Virtuoso) -> None:
    result = cli("query", "what-treats", "--endpoint", pushed.sparql_auth_url)
    assert_one_line_error(result, f"401 from {pushed.sparql_auth_url}: access denied; give --user")
    assert_one_line_error(cli("push", "--endpoint", pushed.crud_url), "401 from", "--user")


def test_basic_where_the_server_wants_digest(cli, pushed: Virtuoso, monkeypatch) -> None:
    monkeypatch.setenv("DRUGKG_PASSWORD", PASSWORD)
    result = cli("query", "what-treats", "--endpoint", pushed.sparql_auth_url, "--user", "dba", "--auth", "basic")
    assert_one_line_error(result, "401 from", "--auth basic, or leave it out")
    result = cli("push", "--endpoint", pushed.crud_url, "--user", "dba", "--auth", "basic")
    assert_one_line_error(result, "401 from", "another authentication scheme")


def test_cli_push_replaces_the_graphs(cli, pushed: Virtuoso, store: ox.Store, monkeypatch) -> None:
    monkeypatch.setenv("DRUGKG_PASSWORD", PASSWORD)
    result = cli("push", "--endpoint", pushed.crud_url, "--user", "dba")
    assert result.code == 0, result.err
    assert f"loaded {len(store)} triples into" in result.err
    assert by_value_quads(quads_in(pushed.sparql_url, sorted(store.named_graphs(), key=str))) == by_value_quads(store)


def test_push_flattened_with_standard_graph_parameter_too(cli, pushed: Virtuoso, store, monkeypatch) -> None:
    """Virtuoso 7.2 also accepts the standard ``graph=`` on its Graph Store endpoint."""
    from kg.remote.endpoint import Credentials
    from kg.remote.push import drop_graph_store, push_graph_store

    distinct = {(q.subject, q.predicate, q.object) for q in store}
    monkeypatch.setenv("DRUGKG_PASSWORD", PASSWORD)
    flat = "https://example.org/drugkg-flat"
    assert cli("push", "--endpoint", pushed.crud_url, "--user", "dba", "--graph", flat, "--flatten", "-q").code == 0
    assert graph_size(pushed.sparql_url, flat) == len(distinct) + manifest_size(pushed, flat)
    other = "https://example.org/drugkg-flat-standard"
    credentials = Credentials(*DBA)
    report = push_graph_store(
        store, pushed.crud_url, graph=other, flatten=True, credentials=credentials, graph_param="graph"
    )
    assert report.target == other
    assert graph_size(pushed.sparql_url, other) == len(distinct) + manifest_size(pushed, other)
    for graph, parameter in ((flat, None), (other, "graph")):
        drop_graph_store(pushed.crud_url, graph=graph, credentials=credentials, graph_param=parameter)
        assert graph_size(pushed.sparql_url, graph) == 0


def manifest_size(virtuoso: Virtuoso, graph: str) -> int:
    """How many triples the manifest in ``graph`` on ``virtuoso`` has."""
    from kg.remote.endpoint import Endpoint

    return len(Endpoint(virtuoso.sparql_url, manifest_graph=graph).manifest().quads())


def test_push_through_sparql_update_with_digest(cli, pushed: Virtuoso, store, local_store, monkeypatch) -> None:
    from kg.remote.endpoint import Endpoint

    monkeypatch.setenv("DRUGKG_PASSWORD", PASSWORD)
    target = "https://example.org/drugkg-via-update"
    update = ("push", "--update", pushed.sparql_auth_url, "--user", "dba", "--graph", target)
    for _ in (1, 2):  # the second push replaces the graph, it does not add to it
        result = cli(*update, "--flatten", "--chunk", "500")
        assert result.code == 0, result.err
    distinct = {(q.subject, q.predicate, q.object) for q in store}
    assert graph_size(pushed.sparql_url, target) == len(distinct) + manifest_size(pushed, target)
    assert cli(*update, "--drop", "-q").code == 0
    assert graph_size(pushed.sparql_url, target) == 0
    cli_push(cli, pushed, monkeypatch, "--drop")  # the same graphs, pushed through SPARQL Update under a handle
    try:
        assert cli(*update, "--chunk", "500", "-q").code == 0
        assert differences(Endpoint(pushed.sparql_url, timeout=20), local_store) == {}
        assert cli(*update, "--drop", "-q").code == 0
        assert graph_size(pushed.sparql_url, target) == 0
    finally:
        cli_push(cli, pushed, monkeypatch)


def test_a_url_without_the_graph_store_protocol_hints_update(cli, pushed: Virtuoso) -> None:
    result = cli("push", "--endpoint", pushed.url + "/no-such-service")
    assert_one_line_error(result, "HTTP 501", "Graph Store Protocol", "--update")
    # Virtuoso's query endpoint never answers a PUT: the timeout says the same
    result = cli("push", "--endpoint", pushed.sparql_url, "--timeout", "1")
    assert_one_line_error(result, "no answer within 1 s", "--update")


def test_the_unauthenticated_graph_store_refuses_writes(cli, pushed: Virtuoso) -> None:
    url = pushed.url + "/sparql-graph-crud"
    assert_one_line_error(cli("push", "--endpoint", url), "HTTP 403", "the server refuses writes", "--user NAME")


def test_graph_parameter_by_path() -> None:
    from kg.remote.push import graph_parameter

    assert graph_parameter("http://h:8890/sparql-graph-crud") == "graph-uri"
    assert graph_parameter("http://h:8890/sparql-graph-crud-auth/") == "graph-uri"
    assert graph_parameter("http://h:7200/repositories/drugkg/rdf-graphs/service") == "graph"
    assert graph_parameter("http://h:7878/store?sparql-graph-crud") == "graph"


def test_password_prompt_on_a_terminal(pushed: Virtuoso, built) -> None:
    """Without $DRUGKG_PASSWORD, on a terminal, the password is asked for (not echoed) and used."""
    import os
    import pty
    import select
    import sys
    import time

    env = {k: v for k, v in os.environ.items() if k != "DRUGKG_PASSWORD"}
    env["DRUGKG_BUILD_DIR"] = str(built.out_dir)
    argv = [sys.executable, "-m", "kg", "query", "is-antidepressant", "--endpoint", pushed.sparql_auth_url]
    pid, terminal = pty.fork()
    if pid == 0:  # the child: its controlling terminal is the pseudo-terminal
        try:
            os.execve(sys.executable, [*argv, "--user", "dba"], env)
        finally:
            os._exit(127)
    seen, answered, deadline = b"", False, time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([terminal], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(terminal, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
            if not answered and b"password for dba: " in seen:
                os.write(terminal, PASSWORD.encode() + b"\n")
                answered = True
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(terminal)
    text = seen.decode(errors="replace")
    assert answered, text
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "no (stated)" in text
    assert not text.split("password for dba: ", 1)[1].startswith(PASSWORD)  # not echoed


def test_a_dataset_of_many_graphs(pushed: Virtuoso) -> None:
    """Virtuoso echoes every default-graph-uri and named-graph-uri as a response header: 2 x 120
    graphs are past the 100 headers Python's HTTP client reads by default."""
    from kg.remote.endpoint import Credentials, Endpoint
    from kg.remote.push import drop_graph_store, push_graph_store

    many, handle = ox.Store(), "https://example.org/many-graphs"
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for i in range(120):
        graph = ox.NamedNode(f"https://example.org/many/{i}")
        many.add(ox.Quad(ox.NamedNode(f"https://example.org/thing/{i}"), label, ox.Literal(f"thing {i}"), graph))
    credentials = Credentials(*DBA)
    push_graph_store(many, pushed.crud_url, graph=handle, credentials=credentials)
    try:
        endpoint = Endpoint(pushed.sparql_url, dataset="all", manifest_graph=handle)
        count = "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?s ?p ?o } }"
        assert [int(term.value) for term in endpoint.query(count, timeout=20).rows[0]] == [120, 120]
    finally:
        drop_graph_store(pushed.crud_url, graph=handle, credentials=credentials)
    assert graph_size(pushed.sparql_url, handle) == 0
