"""The medication check's graph as it was before it read on demand: every label and every asserted
``memberOf`` / ``kindOf`` link loaded up front (edges added in sorted (subject, predicate, object,
graph) order), and interactions found with the query that joined every interaction node of the
store with the participations."""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox

from kg.analysis.medication_check import _PREFIX_LINES, HIERARCHY_QUERY, CheckGraph, Entity
from kg.graph_facts import RDFS_LABEL, SKOS_PREF_LABEL, curie, least_label
from kg.query.engine import select_rows

__all__ = ["OLD_INTERACTIONS_QUERY", "WholeGraph"]

#: The interactions query as it was: every interaction node of the store joined with the participations.
OLD_INTERACTIONS_QUERY = (
    _PREFIX_LINES
    + """
SELECT ?entity ?linked ?g WHERE {
  ?linked rdf:type dkv:DrugInteraction .
  { GRAPH ?g { ?linked dkv:participant ?entity } }
  UNION
  { ?linked dkv:participant ?entity . FILTER NOT EXISTS { GRAPH ?any { ?linked dkv:participant ?entity } } }
}
"""
)


def _all_labels(store: ox.Store, predicate: ox.NamedNode) -> dict[str, str]:
    """The least label by ``predicate`` of every IRI that has one, read in one pass."""
    names: dict[str, list[str]] = {}
    for quad in store.quads_for_pattern(None, predicate, None, None):
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
            names.setdefault(quad.subject.value, []).append(quad.object.value)
    return {iri: label for iri, values in names.items() if (label := least_label(values)) is not None}


class WholeGraph(CheckGraph):
    """Reference: all labels and the whole asserted hierarchy, read when constructed; interactions
    found with the old query."""

    def __init__(self, store: ox.Store) -> None:
        super().__init__(store)
        self.labels, self.pref_labels = _all_labels(store, RDFS_LABEL), _all_labels(store, SKOS_PREF_LABEL)
        rows = sorted(
            (row["s"].value, row["p"].value, row["o"].value, _graph_of(row))
            for row in select_rows(store, HIERARCHY_QUERY)
            if isinstance(row["s"], ox.NamedNode) and isinstance(row["o"], ox.NamedNode)
        )
        for s, p, o, g in rows:
            self.add_link(s, p, o, g)

    def entity(self, iri: str) -> Entity:
        return Entity(iri, self.labels.get(iri, self.pref_labels.get(iri, curie(iri))))

    def interactions_of(self, iri: str) -> dict[str, set[str | None]]:
        return self.asserted_links(OLD_INTERACTIONS_QUERY, iri)

    def paths_up(self, iri: str) -> dict[str, list[str]]:
        """By networkx over the same links, added in the same order (the reference for
        :meth:`kg.analysis.hierarchy.Links.shortest_paths_from`)."""
        if iri not in self.hierarchy:
            return {iri: [iri]}
        graph = nx.DiGraph()
        graph.add_edges_from(self.hierarchy.edges)
        return dict(nx.single_source_shortest_path(graph, iri))


def _graph_of(row: ox.QuerySolution) -> str | None:
    graph = row["g"]
    return graph.value if isinstance(graph, ox.NamedNode) else None
