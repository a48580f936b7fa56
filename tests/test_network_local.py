"""Focus and class views read from the store's indexes equal the same views cut from the whole network.

For every drawn node of three graphs (the tiny test graph, the built article graph and a
synthetic one) the view that :class:`kg.views.network.StoreIndex` builds from the nodes it shows is
compared with the view cut out of :func:`kg.views.network.build_network`: same nodes with the same
attributes, same edges with the same attributes, same title, focus and truncation.
"""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from synthetic_graphs import synth_store

from kg.namespaces import INFERRED_GRAPH_PREFIX
from kg.views.network import (
    StoreIndex,
    View,
    bound,
    build_network,
    class_view,
    local_class_view,
    local_neighbourhood,
    neighbourhood,
    select_view,
)

DATA = Path(__file__).parent / "data"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
#: A bound that truncates most depth-2 views, so what bound leaves out is compared too.
SMALL_BOUND = 6


def tiny_store() -> ox.Store:
    from kg.loading import load_file

    store = ox.Store()
    load_file(store, DATA / "tiny.trig")
    return store


def random_store(nodes: int = 300, seed: int = 1) -> ox.Store:
    """A seeded random graph with self-loops, parallel edges, untyped nodes and a default graph."""
    rng = random.Random(seed)
    base = "https://example.org/random/"
    asserted, inferred = ox.NamedNode(base + "graph"), ox.NamedNode(INFERRED_GRAPH_PREFIX + "random")
    quads = []
    for i in range(nodes):
        node = ox.NamedNode(f"{base}n{i}")
        quads.append(ox.Quad(node, RDFS_LABEL, ox.Literal(f"node {i % 50}"), asserted))
        if i % 3:
            quads.append(ox.Quad(node, RDF_TYPE, ox.NamedNode(f"{base}Type{i % 4}"), asserted))
        for _ in range(2):
            graph = rng.choice((asserted, inferred, ox.DefaultGraph()))
            predicate = ox.NamedNode(f"{base}p{rng.randrange(3)}")
            quads.append(ox.Quad(node, predicate, ox.NamedNode(f"{base}n{rng.randrange(nodes)}"), graph))
    store = ox.Store()
    store.extend(quads)
    return store


def snapshot(view: View) -> tuple:
    """Everything a view shows: nodes and edges with their attributes (sorted, then in the order
    they are drawn, which is sorted too), title, focus and what a bound left out."""
    graph = view.graph
    return (
        sorted(graph.nodes(data=True), key=lambda item: item[0]),
        sorted(graph.edges(keys=True, data=True), key=lambda item: item[:3]),
        list(graph),
        list(graph.edges(keys=True)),
        view.title,
        view.focus,
        view.omitted,
        view.omitted_edges,
    )


@pytest.fixture(scope="module", params=["tiny", "article", "synthetic", "random"])
def graphs(request: pytest.FixtureRequest) -> tuple[ox.Store, nx.MultiDiGraph]:
    """A store and its whole network."""
    if request.param == "article":
        store = request.getfixturevalue("store")
    else:
        store = {
            "tiny": tiny_store,
            "synthetic": lambda: synth_store(3000, seed=7, reasoned=True),
            "random": random_store,
        }[request.param]()
    return store, build_network(store)


def sample(nodes: list[str], most: int = 120) -> list[str]:
    """All nodes, or a seeded sample of ``most`` of them (keeps the test fast on bigger graphs)."""
    nodes = sorted(nodes)
    return nodes if len(nodes) <= most else sorted(random.Random(0).sample(nodes, most))


def test_every_node_is_a_node_of_the_index_and_nothing_else(graphs) -> None:
    store, network = graphs
    index = StoreIndex(store)
    assert {n for n in network if index.is_node(n)} == set(network)
    subjects = {q.subject.value for q in store.quads_for_pattern(None, None, None, None)}
    objects = {q.object.value for q in store.quads_for_pattern(None, None, None, None)}
    others = {iri for iri in subjects | objects if "://" in iri} - set(network)
    assert [iri for iri in sorted(others) if index.is_node(iri)] == []


@pytest.mark.parametrize("depth", [0, 1, 2])
def test_neighbourhoods_equal_those_of_the_whole_network(graphs, depth: int) -> None:
    store, network = graphs
    index = StoreIndex(store)
    for node in sample(list(network), 120 if depth < 2 else 50):  # depth 2 reaches most of a small graph
        expected, found = neighbourhood(network, node, depth), local_neighbourhood(index, node, depth)
        assert snapshot(found) == snapshot(expected), node
        found = local_neighbourhood(index, node, depth, max_nodes=SMALL_BOUND)
        assert snapshot(found) == snapshot(bound(expected, SMALL_BOUND)), node


def test_class_views_equal_those_of_the_whole_network(graphs) -> None:
    store, network = graphs
    index = StoreIndex(store)
    for node in sample(list(network), 300):
        expected, found = class_view(network, node), local_class_view(index, node)
        assert snapshot(found) == snapshot(expected), node
        found = local_class_view(index, node, max_nodes=SMALL_BOUND)
        assert snapshot(found) == snapshot(bound(expected, SMALL_BOUND)), node


def test_every_view_styles_types_as_the_whole_network_does(graphs) -> None:
    store, network = graphs
    styles = network.graph["type_styles"]
    assert StoreIndex(store).type_styles() == styles
    assert {t for _, t in network.nodes(data="type")} <= set(styles)
    for node in sample(list(network), 10):
        assert local_neighbourhood(store, node, 1).graph.graph["type_styles"] == styles


def test_select_view_without_a_network_equals_select_view_with_one(store: ox.Store) -> None:
    network = build_network(store)
    for options in (
        {"focus": "Klonopin", "depth": 1},
        {"focus": "dk:alcohol", "depth": 2},
        {"focus": "depression", "depth": 2, "max_nodes": 10},
        {"drug_class": "benzodiazepines"},
        {"drug_class": "CNS depressants", "max_nodes": 5},
        {"explain": ("Klonopin", "alcohol")},
        {},
    ):
        assert snapshot(select_view(store, **options)) == snapshot(select_view(store, network, **options)), options


@pytest.mark.parametrize("options", [{"focus": "Drug"}, {"drug_class": "drug"}, {"focus": "dkv:memberOf"}])
def test_select_view_refuses_what_is_not_drawn_in_one_line(store: ox.Store, options: dict) -> None:
    from kg.errors import InputError

    with pytest.raises(InputError) as fast:
        select_view(store, **options)
    with pytest.raises(InputError) as whole:
        select_view(store, build_network(store), **options)
    assert str(fast.value) == str(whole.value)
    assert "\n" not in str(fast.value)


def test_views_look_only_at_the_component_they_show() -> None:
    """A large unrelated component (20,000 triples) changes no view and is never looked at."""
    small = tiny_store()
    large = tiny_store()
    base = "https://example.org/unrelated/"
    graph = ox.NamedNode(base + "graph")
    next_node = ox.NamedNode(base + "next")
    quads = []
    for i in range(10_000):
        node = ox.NamedNode(f"{base}n{i}")
        quads.append(ox.Quad(node, RDFS_LABEL, ox.Literal(f"unrelated {i}"), graph))
        quads.append(ox.Quad(node, next_node, ox.NamedNode(f"{base}n{(i + 1) % 10_000}"), graph))
    large.extend(quads)
    nodes = sorted(build_network(small))
    index = StoreIndex(large)
    for node in nodes:
        for depth in (1, 2, 3):
            found, expected = local_neighbourhood(index, node, depth), local_neighbourhood(small, node, depth)
            assert snapshot(found) == snapshot(expected)
        assert snapshot(local_class_view(index, node)) == snapshot(local_class_view(small, node))
    assert [iri for iri in index.looked_at() if iri.startswith(base)] == []
