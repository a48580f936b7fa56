"""What an export contains: choosing quads by content and provenance, in one canonical order.

Every writer works from an :class:`ExportData`: the selected quads with blank nodes relabelled
by RDF canonicalization (RDFC-1.0), so the same graph always gets the same labels, and sorted,
so the same graph always gives the same output whatever order it was loaded in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import pyoxigraph as ox

from kg.errors import InputError
from kg.namespaces import GRAPH_RULES, GRAPH_SOURCES, INFERRED_GRAPH_PREFIX

__all__ = [
    "CONTENT_CHOICES",
    "ExportData",
    "Term",
    "graph_key",
    "is_inferred_graph",
    "quad_key",
    "select",
    "term_key",
    "triple_key",
]

#: ``all``: asserted and inferred facts; ``asserted``: without inferred graphs and rule descriptions.
CONTENT_CHOICES: tuple[str, ...] = ("all", "asserted")

_RULES = str(GRAPH_RULES)
_SOURCES = str(GRAPH_SOURCES)

#: Any RDF term pyoxigraph may hand over (RDF 1.2 quoted triples included).
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


def is_inferred_graph(graph: GraphName) -> bool:
    """Whether ``graph`` holds facts inferred by a rule (``https://w3id.org/drugkg/inferred/RULE``).

    >>> is_inferred_graph(ox.NamedNode("https://w3id.org/drugkg/inferred/sub-property"))
    True
    >>> is_inferred_graph(ox.DefaultGraph())
    False
    """
    return isinstance(graph, ox.NamedNode) and graph.value.startswith(INFERRED_GRAPH_PREFIX)


def term_key(term: Term | GraphName) -> tuple[int, str, str, str]:
    """Sort key of a term: the default graph, then IRIs (by IRI), blank nodes, literals (by value).

    >>> sorted(["https://x/a-b", "https://x/a"], key=lambda iri: term_key(ox.NamedNode(iri)))
    ['https://x/a', 'https://x/a-b']
    """
    if isinstance(term, ox.NamedNode):
        return (1, term.value, "", "")
    if isinstance(term, ox.BlankNode):
        return (2, term.value, "", "")
    if isinstance(term, ox.Literal):
        return (3, term.value, term.datatype.value, term.language or "")
    if isinstance(term, ox.Triple):
        return (4, str(term), "", "")
    return (0, "", "", "")


def graph_key(graph: GraphName) -> tuple[int, str, str, str]:
    """Sort key of a graph name (the default graph sorts first)."""
    return term_key(graph)


def quad_key(quad: ox.Quad) -> tuple[tuple[int, str, str, str], ...]:
    """Sort key of a quad: graph, subject, predicate, object."""
    return (graph_key(quad.graph_name), term_key(quad.subject), term_key(quad.predicate), term_key(quad.object))


def triple_key(triple: ox.Triple) -> tuple[tuple[int, str, str, str], ...]:
    """Sort key of a triple: subject, predicate, object."""
    return (term_key(triple.subject), term_key(triple.predicate), term_key(triple.object))


def _canonical_blank_nodes(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The quads with blank nodes relabelled by RDFC-1.0 (``c14n0``, ``c14n1``...); unchanged without any."""
    has_blank = any(
        isinstance(term, ox.BlankNode) for quad in quads for term in (quad.subject, quad.object, quad.graph_name)
    )
    if not has_blank:
        return quads
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return list(dataset)


@dataclass(frozen=True)
class ExportData:
    """The quads to export, canonical and sorted, and whether provenance is wanted."""

    quads: tuple[ox.Quad, ...]
    provenance: bool = True

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad], provenance: bool = True) -> ExportData:
        """Canonicalise blank nodes, drop duplicates and sort."""
        canonical = _canonical_blank_nodes(list(quads))
        return cls(tuple(sorted(set(canonical), key=quad_key)), provenance)

    @cached_property
    def triples(self) -> tuple[ox.Triple, ...]:
        """The union of all graphs, without duplicates, sorted."""
        unique = {ox.Triple(q.subject, q.predicate, q.object) for q in self.quads}
        return tuple(sorted(unique, key=triple_key))

    @property
    def dataset_quads(self) -> tuple[ox.Quad, ...]:
        """The quads for a dataset format: in their graphs with provenance, else all in the default graph."""
        if self.provenance:
            return self.quads
        return tuple(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in self.triples)


def select(store: ox.Store, *, content: str = "all", provenance: bool = True) -> ExportData:
    """The quads of ``store`` an export should carry.

    ``content="asserted"`` leaves out the graphs of inferred facts and the rule descriptions;
    ``provenance=False`` leaves out the descriptions of sources and rules (``dkg:sources``,
    ``dkg:rules``). Graph names are kept either way (GraphML and KGX need them to tell inferred
    facts apart); the dataset writers drop them when ``provenance`` is off.
    """
    if content not in CONTENT_CHOICES:
        raise InputError(f"unknown content {content!r}; choose one of: {', '.join(CONTENT_CHOICES)}")
    chosen: list[ox.Quad] = []
    for quad in store.quads_for_pattern(None, None, None, None):
        graph = quad.graph_name
        name = graph.value if isinstance(graph, ox.NamedNode) else None
        if content == "asserted" and (is_inferred_graph(graph) or name == _RULES):
            continue
        if not provenance and name in (_RULES, _SOURCES):
            continue
        chosen.append(quad)
    return ExportData.from_quads(chosen, provenance)
