"""Nothing lost on a server: ``push`` replaces only the graphs it sends and its manifest graph (or,
flattened, the one --graph target), says so, and leaves every other graph and the default graph of
the server as they were.

Runs against the real Oxigraph server of the ``server`` fixture (tests/conftest.py), which here
already holds data of its own before each push.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from cli_assertions import assert_one_line_error

from kg.remote.manifest import DEFAULT_MANIFEST_GRAPH

pytestmark = pytest.mark.server

KEEP = "https://example.org/theirs/keep"
OTHER = "https://example.org/theirs/other"
TARGET = "https://example.org/theirs/target"
NT = "application/n-triples"


def _url(server, graph: str | None) -> str:
    return server.store_url + ("?default" if graph is None else "?" + urllib.parse.urlencode({"graph": graph}))


def put(server, graph: str | None, ntriples: str) -> None:
    request = urllib.request.Request(
        _url(server, graph), data=ntriples.encode(), method="PUT", headers={"Content-Type": NT}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status in (200, 201, 204)


def triples(server, graph: str | None) -> set[str]:
    """The triples of one graph on the server (Graph Store GET), as N-Triples lines."""
    request = urllib.request.Request(_url(server, graph), headers={"Accept": NT})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return set()
        raise
    return {f"{q.subject} {q.predicate} {q.object}" for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}


def snapshot(server) -> dict[str | None, set[str]]:
    """Every graph on the server (None: the default graph) with its triples."""
    from kg.remote.endpoint import Endpoint

    rows = Endpoint(server.query_url).query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", timeout=10).rows
    graphs: list[str | None] = [None, *sorted(row[0].value for row in rows)]
    return {graph: triples(server, graph) for graph in graphs}


@pytest.fixture
def seeded(server):
    """The server with graphs of its own: two named graphs, a default graph and an old target graph."""
    request = urllib.request.Request(
        server.update_url,
        data=urllib.parse.urlencode({"update": "DROP ALL"}).encode(),
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    urllib.request.urlopen(request, timeout=10).close()
    put(server, KEEP, '<https://example.org/x> <https://example.org/says> "theirs, keep" .\n')
    put(server, OTHER, '<https://example.org/y> <https://example.org/says> "theirs, other" .\n')
    put(server, None, '<https://example.org/z> <https://example.org/says> "theirs, default" .\n')
    put(server, TARGET, '<https://example.org/old> <https://example.org/says> "the old target" .\n')
    return server


def union_of(store: ox.Store) -> set[str]:
    return {f"{q.subject} {q.predicate} {q.object}" for q in store}


def manifest_in(server, graph: str) -> set[str]:
    """The manifest's triples in ``graph`` on the server, as N-Triples lines."""
    from kg.remote.endpoint import Endpoint

    manifest = Endpoint(server.query_url, manifest_graph=graph).manifest()
    return {f"{q.subject} {q.predicate} {q.object}" for q in manifest.quads()}


@pytest.mark.parametrize("via", ["--endpoint", "--update"])
def test_push_flattened_into_a_named_graph_replaces_only_that_graph(cli, seeded, store, via: str) -> None:
    before = snapshot(seeded)
    url = seeded.store_url if via == "--endpoint" else seeded.update_url
    result = cli("push", via, url, "--graph", TARGET, "--flatten")
    assert result.code == 0, result.err
    assert f"into the one graph <{TARGET}> (replacing only that graph)" in result.err
    after = snapshot(seeded)
    assert after[TARGET] == union_of(store) | manifest_in(seeded, TARGET)  # the old triple is gone, ours are all there
    assert {g: t for g, t in after.items() if g != TARGET} == {g: t for g, t in before.items() if g != TARGET}


@pytest.mark.parametrize("via", ["--endpoint", "--update"])
def test_push_replaces_only_the_graphs_it_sends(cli, seeded, store, via: str) -> None:
    before = snapshot(seeded)
    url = seeded.store_url if via == "--endpoint" else seeded.update_url
    ours = {graph.value for graph in store.named_graphs()} | {DEFAULT_MANIFEST_GRAPH}
    assert not ours & set(before)  # the server's graphs are not ours
    for _ in range(2):  # pushing twice gives the same graphs, not twice the triples
        result = cli("push", via, url)
        assert result.code == 0, result.err
        assert "(each replaced)" in result.err
    after = snapshot(seeded)
    assert {g: t for g, t in after.items() if g not in ours} == before
    assert after.pop(DEFAULT_MANIFEST_GRAPH) == manifest_in(seeded, DEFAULT_MANIFEST_GRAPH)
    ours.remove(DEFAULT_MANIFEST_GRAPH)
    for graph in ours:
        expected = {
            f"{q.subject} {q.predicate} {q.object}"
            for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        }
        assert after[graph] == expected, graph


@pytest.mark.parametrize("via", ["--endpoint", "--update"])
def test_drop_removes_only_what_the_push_wrote(cli, seeded, via: str) -> None:
    before = snapshot(seeded)
    url = seeded.store_url if via == "--endpoint" else seeded.update_url
    assert cli("push", via, url, "-q").code == 0
    result = cli("push", via, url, "--drop")
    assert result.code == 0, result.err
    assert f"the manifest <{DEFAULT_MANIFEST_GRAPH}>" in result.err
    assert snapshot(seeded) == before


def test_drop_never_empties_a_graph_that_is_not_a_manifest(cli, seeded) -> None:
    before = snapshot(seeded)
    assert cli("push", "--update", seeded.update_url, "--drop", "--graph", KEEP, "-q").code == 0
    assert_one_line_error(cli("push", "--endpoint", seeded.store_url, "--drop", "--graph", KEEP), "no drugkg manifest")
    assert snapshot(seeded) == before


# --- interrupted pushes and forged manifests ------------------------------------------------------------------


@pytest.mark.parametrize("via", ["--endpoint", "--update"])
def test_a_server_dying_mid_push_leaves_a_manifest_that_drop_follows(cli, seeded, via: str) -> None:
    """One line, not "internal error: RemoteDisconnected"; the manifest was written first (marked
    incomplete), so queries say so and ``--drop`` removes exactly what the push wrote."""
    from http_fakes import breaking_proxy

    from kg.remote.endpoint import Endpoint, NoDataset

    before = snapshot(seeded)
    path = "/store" if via == "--endpoint" else "/update"
    proxy = breaking_proxy(seeded.url, writes=6)
    try:
        result = cli("push", via, f"http://127.0.0.1:{proxy.server_address[1]}{path}", "-q")
    finally:
        proxy.shutdown()
    assert_one_line_error(result, "the connection broke")
    assert "internal error" not in result.err
    with pytest.raises(NoDataset, match="is incomplete"):
        Endpoint(seeded.query_url).manifest()
    url = seeded.store_url if via == "--endpoint" else seeded.update_url
    assert cli("push", via, url, "--drop").code == 0
    assert snapshot(seeded) == before


@pytest.mark.parametrize("via", ["--endpoint", "--update"])
def test_a_forged_manifest_cannot_make_drop_or_push_delete_another_graph(cli, seeded, via: str) -> None:
    """Only graphs in drugkg's namespace are ever dropped, whatever a manifest on the store lists."""
    forged = (
        f"<{DEFAULT_MANIFEST_GRAPH}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/drugkg/push/Manifest> .\n"
        f"<{DEFAULT_MANIFEST_GRAPH}> <https://w3id.org/drugkg/push/graph> <{KEEP}> .\n"
    )
    url = seeded.store_url if via == "--endpoint" else seeded.update_url
    put(seeded, DEFAULT_MANIFEST_GRAPH, forged)
    kept = triples(seeded, KEEP)
    assert cli("push", via, url, "--drop").code == 0
    assert triples(seeded, KEEP) == kept
    put(seeded, DEFAULT_MANIFEST_GRAPH, forged)
    assert cli("push", via, url, "-q").code == 0  # a re-push drops what the earlier manifest listed
    assert triples(seeded, KEEP) == kept
