"""Remote stores as they come: every named query answers as embedded on a plain ``oxigraph serve``
(its default graph separate from the named graphs) and on one started with
``--union-default-graph``, after a default push and after ``push --graph IRI``, because the
client reads the manifest push wrote and names the pushed graphs itself; a flattened push
(``--flatten``) answers what it can and refuses, in one line, what needs named graphs; ``push
--drop`` removes a push; a store without a manifest says so. (Virtuoso: tests/test_virtuoso.py.)

One server of each kind for the module; each layout is pushed after the server is emptied.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from cli_assertions import assert_one_line_error
from remote_answers import CURATED_QUERIES, QUERIES, differences

from kg.remote.manifest import DEFAULT_MANIFEST_GRAPH
from kg.remote.server import RunningServer, running_server

pytestmark = pytest.mark.server

HANDLE = "https://example.org/drugkg-push"
FLAT = "https://example.org/drugkg-flat"
THEIRS = "https://example.org/theirs"
NEEDS_NAMED_GRAPHS = sorted(name for name in CURATED_QUERIES if "GRAPH" in QUERIES[name].text)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """``oxigraph serve`` as it comes: the default graph is a graph of its own (empty here)."""
    with running_server(tmp_path_factory.mktemp("plain"), union_default_graph=False) as server:
        yield server


@pytest.fixture(scope="module")
def union(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """``oxigraph serve --union-default-graph``."""
    with running_server(tmp_path_factory.mktemp("union")) as server:
        yield server


def update(server: RunningServer, text: str) -> None:
    body = urllib.parse.urlencode({"update": text}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    urllib.request.urlopen(urllib.request.Request(server.update_url, data=body, headers=headers), timeout=10).close()


#: Data of the store's own, in its default graph and in a graph of another dataset: it would change
#: what-treats, is-antidepressant and more if a named query saw it.
FOREIGN = """INSERT DATA {
  dk:foreign dkv:treats dk:depression ; rdfs:label "foreign drug" .
  GRAPH <https://example.org/theirs> {
    dk:clonazepam dkv:memberOf dk:antidepressant ; rdfs:label "Klonopin" .
    dk:other dkv:treats dk:depression ; rdfs:label "another foreign drug" .
  }
}"""


def pushed_as(server: RunningServer, store, layout: str) -> RunningServer:
    """``server`` emptied but for data of its own (:data:`FOREIGN`), then holding the built graph
    pushed as ``layout`` says."""
    from kg.namespaces import PREFIXES
    from kg.remote.push import push_graph_store, push_update

    update(server, "DROP ALL")
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
    update(server, prologue + FOREIGN)
    if layout == "default":
        push_graph_store(store, server.store_url)
    elif layout == "graph-iri":
        push_graph_store(store, server.store_url, graph=HANDLE)
    elif layout == "update":
        push_update(store, server.update_url, graph=HANDLE, chunk_size=300)
    else:
        push_graph_store(store, server.store_url, graph=FLAT, flatten=True)
    return server


def graphs_on(server: RunningServer) -> set[str]:
    from kg.remote.endpoint import Endpoint

    rows = Endpoint(server.query_url).query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", timeout=10).rows
    return {row[0].value for row in rows}


@pytest.mark.parametrize("layout", ["default", "graph-iri", "update"])
@pytest.mark.parametrize("kind", ["plain", "union"])
def test_every_named_query_answers_as_embedded(request, store, local_store, kind: str, layout: str) -> None:
    from kg.remote.endpoint import Endpoint

    server = pushed_as(request.getfixturevalue(kind), store, layout)
    assert differences(Endpoint(server.query_url, timeout=20), local_store) == {}


def test_push_writes_the_graphs_and_a_manifest(plain: RunningServer, store) -> None:
    from kg.remote.endpoint import Endpoint

    ours = {graph.value for graph in store.named_graphs()}
    pushed_as(plain, store, "default")
    assert graphs_on(plain) == ours | {DEFAULT_MANIFEST_GRAPH, THEIRS}
    manifest = Endpoint(plain.query_url).manifest()
    assert (manifest.iri, manifest.layout, set(manifest.graphs)) == (DEFAULT_MANIFEST_GRAPH, "named-graphs", ours)
    pushed_as(plain, store, "graph-iri")
    assert graphs_on(plain) == ours | {HANDLE, THEIRS}


def test_cli_push_then_query_on_a_plain_server(cli, plain: RunningServer, store) -> None:
    """The README's example, as a new user runs it: plain server, default push, named query."""
    from kg.remote.endpoint import Endpoint

    update(plain, "DROP ALL")
    result = cli("push", "--endpoint", plain.store_url)
    assert result.code == 0, result.err
    assert f"with the manifest in <{DEFAULT_MANIFEST_GRAPH}>" in result.err
    manifest = Endpoint(plain.query_url).manifest()
    assert manifest.stamp.source_digest and manifest.stamp.version and manifest.created
    for args in (("what-treats",), ("is-antidepressant", "-p", "drug=Klonopin"), ("sources-of-facts", "-f", "tsv")):
        local = cli("query", *args)
        remote = cli("query", *args, "--endpoint", plain.query_url)
        assert (remote.code, remote.err) == (0, "")
        assert sorted(remote.out.splitlines()) == sorted(local.out.splitlines())
        assert len(remote.out.splitlines()) > 2


def test_own_text_runs_on_the_pushed_dataset_unless_raw(cli, plain: RunningServer, store) -> None:
    pushed_as(plain, store, "default")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    as_is = cli("query", count, "-f", "csv", "--endpoint", plain.query_url, "--raw")
    assert as_is.out.splitlines()[1:] == ["2"]  # the plain server's own default graph: 2 foreign triples
    local = cli("query", count, "-f", "csv")
    for flag in ((), ("--drugkg-dataset",), ("--dataset-graph", DEFAULT_MANIFEST_GRAPH)):
        asked = cli("query", count, "-f", "csv", "--endpoint", plain.query_url, *flag)
        assert (asked.code, asked.err, asked.out) == (0, "", local.out)
    result = cli(
        "query", "ASK FROM <https://example.org/x> { ?s ?p ?o }", "--endpoint", plain.query_url, "--drugkg-dataset"
    )
    assert_one_line_error(result, "names its own dataset (FROM)")
    assert_one_line_error(cli("query", count, "--drugkg-dataset"), "go with --endpoint")


def test_no_dataset_sends_named_queries_as_they_are(cli, union: RunningServer, plain: RunningServer, store) -> None:
    """For data loaded without push: the store's own default graph (a union one here) answers."""
    pushed_as(union, store, "default")
    update(union, f"DROP GRAPH <{DEFAULT_MANIFEST_GRAPH}> ; DROP GRAPH <{THEIRS}> ; DROP DEFAULT")
    local = cli("query", "what-treats")
    remote = cli("query", "what-treats", "--endpoint", union.query_url, "--no-dataset")
    assert (remote.code, remote.out) == (0, local.out)
    assert_one_line_error(cli("query", "what-treats", "--endpoint", union.query_url), "no drugkg dataset found at")


def test_a_store_without_a_manifest_says_so(cli, plain: RunningServer) -> None:
    update(plain, "DROP ALL")
    result = cli("query", "what-treats", "--endpoint", plain.query_url)
    assert_one_line_error(result, f"no drugkg dataset found at {plain.query_url}: push it first", "--dataset-graph")
    result = cli("query", "what-treats", "--endpoint", plain.query_url, "--dataset-graph", HANDLE)
    assert_one_line_error(result, f"no drugkg manifest in the graph <{HANDLE}>")
    result = cli("query", "what-treats", "--endpoint", plain.query_url, "--dataset-graph", "not an iri")
    assert_one_line_error(result, "--dataset-graph 'not an iri' is not an absolute IRI")


def test_several_manifests_need_a_choice(cli, plain: RunningServer, store, local_store) -> None:
    from kg.remote.endpoint import Endpoint
    from kg.remote.push import push_graph_store

    pushed_as(plain, store, "default")
    push_graph_store(store, plain.store_url, graph=FLAT, flatten=True)
    result = cli("query", "what-treats", "--endpoint", plain.query_url)
    assert_one_line_error(result, "2 drugkg datasets at", f"<{DEFAULT_MANIFEST_GRAPH}>", f"<{FLAT}>", "--dataset-graph")
    for handle in (DEFAULT_MANIFEST_GRAPH, FLAT):
        endpoint = Endpoint(plain.query_url, manifest_graph=handle)
        names = sorted(set(CURATED_QUERIES) - set(NEEDS_NAMED_GRAPHS))
        assert differences(endpoint, local_store, names) == {}


def test_flattened_push_answers_what_it_can_and_refuses_the_rest(cli, plain: RunningServer, store, local_store) -> None:
    from kg.remote.endpoint import Endpoint

    pushed_as(plain, store, "flattened")
    assert graphs_on(plain) == {FLAT, THEIRS}
    assert NEEDS_NAMED_GRAPHS == [  # the newer queries name the source of each row too
        "boxed-warnings",
        "class-members-by-source",
        "cross-references",
        "indications",
        "inferred-facts",
        "side-effects",
        "sources-of-facts",
        "what-treats",
    ]
    names = sorted(set(CURATED_QUERIES) - set(NEEDS_NAMED_GRAPHS))
    assert differences(Endpoint(plain.query_url, timeout=20), local_store, names) == {}
    for name in NEEDS_NAMED_GRAPHS:
        result = cli("query", name, "--endpoint", plain.query_url)
        assert_one_line_error(result, f"{name} reads named graphs, which the flattened push in <{FLAT}>", "--flatten")
    result = cli(
        "query", "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "--endpoint", plain.query_url, "--drugkg-dataset"
    )
    assert_one_line_error(result, "the query reads named graphs")


def test_cli_flatten_needs_a_graph_and_excludes_drop(cli, plain: RunningServer) -> None:
    assert_one_line_error(cli("push", "--endpoint", plain.store_url, "--flatten"), "--flatten needs --graph IRI")
    result = cli("push", "--endpoint", plain.store_url, "--flatten", "--drop", "--graph", FLAT)
    assert result.code == 2 and "not allowed with" in result.err


@pytest.mark.parametrize("via", ["--endpoint", "--update"])
def test_drop_removes_exactly_what_a_push_wrote(cli, plain: RunningServer, store, via: str) -> None:
    from kg.remote.push import push_graph_store

    update(plain, "DROP ALL")
    theirs = THEIRS
    update(plain, f'INSERT DATA {{ GRAPH <{theirs}> {{ <https://example.org/a> <https://example.org/b> "c" }} }}')
    url = plain.store_url if via == "--endpoint" else plain.update_url
    for graph in ((), ("--graph", HANDLE)):
        assert cli("push", via, url, *graph, "-q").code == 0
    push_graph_store(store, plain.store_url, graph=FLAT, flatten=True)
    assert graphs_on(plain) == {g.value for g in store.named_graphs()} | {theirs, DEFAULT_MANIFEST_GRAPH, HANDLE, FLAT}
    result = cli("push", via, url, "--drop", "--graph", FLAT)
    assert result.code == 0, result.err
    assert f"the manifest <{FLAT}>" in result.err
    assert graphs_on(plain) == {g.value for g in store.named_graphs()} | {theirs, DEFAULT_MANIFEST_GRAPH, HANDLE}
    assert cli("push", via, url, "--drop", "--graph", HANDLE, "-q").code == 0
    assert cli("push", via, url, "--drop").code == 0
    assert graphs_on(plain) == {theirs}


def test_drop_without_a_manifest_is_one_line(cli, plain: RunningServer) -> None:
    update(plain, "DROP ALL")
    result = cli("push", "--endpoint", plain.store_url, "--drop", "--graph", HANDLE)
    assert_one_line_error(result, f"no drugkg manifest in the graph <{HANDLE}>", "nothing dropped")


@pytest.mark.parametrize("via", ["store", "update"])
def test_a_new_push_drops_the_graphs_the_earlier_one_listed_and_this_one_does_not(
    plain: RunningServer, store, via: str
) -> None:
    import pyoxigraph as ox

    from kg.remote.push import push_graph_store, push_update

    update(plain, "DROP ALL")
    old = ox.Store()
    old.extend(store)
    gone = ox.NamedNode("https://w3id.org/drugkg/source/withdrawn/section")
    old.add(
        ox.Quad(ox.NamedNode("https://example.org/x"), ox.NamedNode("https://example.org/y"), ox.Literal("z"), gone)
    )
    push = (
        (lambda data: push_graph_store(data, plain.store_url, graph=HANDLE))
        if via == "store"
        else (lambda data: push_update(data, plain.update_url, graph=HANDLE))
    )
    push(old)
    assert gone.value in graphs_on(plain)
    report = push(store)
    assert graphs_on(plain) == {g.value for g in store.named_graphs()} | {HANDLE}
    if via == "store":
        assert report.dropped == 1 and "dropped 1 graphs of the earlier push" in str(report)


def test_a_manifest_graph_that_is_a_graph_of_the_dataset_is_refused(cli, plain: RunningServer, store) -> None:
    sources = "https://w3id.org/drugkg/graph/sources"
    result = cli("push", "--endpoint", plain.store_url, "--graph", sources)
    assert_one_line_error(result, f"--graph <{sources}> is a graph of the dataset itself")


def readme_remote_example() -> list[list[str]]:
    """The drugkg commands of the README's example on a SPARQL server, as argument lists."""
    import re
    import shlex

    from kg.paths import PACKAGE_DIR

    readme = (PACKAGE_DIR.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", readme, re.DOTALL)
    block = next(block for block in blocks if "oxigraph serve --location" in block)
    lines = [line.split("  #", 1)[0].strip() for line in block.splitlines()]
    assert lines[0].startswith("oxigraph serve --location drugkg-db --bind 127.0.0.1:7878 &")
    assert "--union-default-graph" not in lines[0].split("#")[0]  # as plain as the fixture's server
    return [shlex.split(line)[1:] for line in lines[1:] if line]


def test_the_readme_example_works_as_written(cli, plain: RunningServer) -> None:
    update(plain, "DROP ALL")
    commands = readme_remote_example()
    assert [args[0] for args in commands] == ["push", "query", "query", "push"]
    address = plain.url.removeprefix("http://")
    for args in commands:
        result = cli(*(arg.replace("127.0.0.1:7878", address) for arg in args))
        assert (result.code, result.err if args[0] == "query" else "") == (0, ""), (args, result.err)
        if args[0] == "query":
            local = cli(*args[: args.index("--endpoint")], *args[args.index("--endpoint") + 2 :])
            assert sorted(result.out.splitlines()) == sorted(local.out.splitlines()), args
            assert len(result.out.splitlines()) > 2, args
    assert graphs_on(plain) == set()  # the last command dropped everything the push wrote
