"""Synthetic graphs shared by the tests (and fit for benchmarks): made in memory, seeded, so every
run sees the same graph.

- :func:`synthetic_store`: a random labelled graph of ``nodes`` nodes, for views and pages;
- :func:`synth_store`: a ``drugkg synth`` graph (vocabulary, sources, classes, drugs, interactions).
"""

from __future__ import annotations

import io
import random

import pyoxigraph as ox

from kg.graph_facts import RDFS_LABEL
from kg.namespaces import INFERRED_GRAPH_PREFIX

__all__ = ["SYNTHETIC_BASE", "synth_store", "synthetic_store"]

#: The namespace of :func:`synthetic_store`'s nodes (``n0``, ``n1``...) and predicates (``p0``...``p3``).
SYNTHETIC_BASE = "https://example.org/synthetic/"


def synthetic_store(nodes: int, seed: int = 0) -> ox.Store:
    """A seeded random graph of ``nodes`` labelled nodes ("node 0"...): a spanning tree plus as many
    random edges (about ``2 * nodes`` in all), one in five of them in an inferred graph."""
    rng = random.Random(seed)
    asserted = ox.NamedNode(SYNTHETIC_BASE + "graph")
    inferred = ox.NamedNode(INFERRED_GRAPH_PREFIX + "synthetic")
    quads = [
        ox.Quad(ox.NamedNode(f"{SYNTHETIC_BASE}n{i}"), RDFS_LABEL, ox.Literal(f"node {i}"), asserted)
        for i in range(nodes)
    ]
    for i in range(1, nodes):
        for target in (rng.randrange(i), rng.randrange(nodes)):
            graph = inferred if rng.random() < 0.2 else asserted
            predicate = ox.NamedNode(f"{SYNTHETIC_BASE}p{rng.randrange(4)}")
            quads.append(
                ox.Quad(
                    ox.NamedNode(f"{SYNTHETIC_BASE}n{i}"), predicate, ox.NamedNode(f"{SYNTHETIC_BASE}n{target}"), graph
                )
            )
    store = ox.Store()
    store.extend(quads)
    return store


def synth_store(triples: int, seed: int = 0, *, reasoned: bool = False) -> ox.Store:
    """The graph ``drugkg synth --triples TRIPLES --seed SEED`` writes, loaded into a store; with
    ``reasoned`` the shipped rules' conclusions added (:func:`kg.compile.reasoning.materialise`)."""
    from kg.synth import write_stream

    buffer = io.BytesIO()
    write_stream(buffer, triples, seed=seed)
    store = ox.Store()
    store.load(buffer.getvalue(), format=ox.RdfFormat.N_QUADS)
    if reasoned:
        from kg.compile.reasoning import materialise

        materialise(store)
    return store
