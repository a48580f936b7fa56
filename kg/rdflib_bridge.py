"""Moving data between the Oxigraph store (the engine) and rdflib (the model and serialisers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    import rdflib

__all__ = ["to_rdflib_dataset", "union_graph"]


def to_rdflib_dataset(store: ox.Store) -> rdflib.Dataset:
    """Every quad of ``store`` in an rdflib Dataset (graphs kept)."""
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    return dataset


def union_graph(store: ox.Store) -> rdflib.Graph:
    """All triples of all graphs of ``store`` as one rdflib Graph."""
    import rdflib

    from kg.namespaces import PREFIXES

    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    for s, p, o, _ in to_rdflib_dataset(store).quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph
