"""Facts about terms and graphs that every view and export reads the same way, defined once.

- the **label** of an entity: its least ``rdfs:label`` (in any graph, compared by code point,
  language tags ignored), else its least ``skos:prefLabel``, else its CURIE. "Least" is the tie
  rule when an entity has several labels, so ``check``, ``info``, ``viz`` and the exports always
  name an entity alike;
- the **source** of a named graph, as people read it: ``Section (Document)`` for a source section,
  ``inferred by rule NAME`` for an inferred graph, else the graph's label or CURIE;
- whether a graph holds **inferred** facts (``https://w3id.org/drugkg/inferred/RULE``) and which
  rule made them;
- the RDF terms the package reads, as engine terms (``RDF_TYPE``, ``RDFS_LABEL``...).

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> x, g = ox.NamedNode("https://w3id.org/drugkg/entity/x"), ox.NamedNode("https://w3id.org/drugkg/graph/a")
>>> store.extend([ox.Quad(x, RDFS_LABEL, ox.Literal("xb"), g), ox.Quad(x, RDFS_LABEL, ox.Literal("xa"), g)])
>>> GraphFacts(store).label_of(x.value)
'xa'
>>> GraphFacts(store).label_of("https://w3id.org/drugkg/entity/y")
'dk:y'
>>> source_of_graph(store, "https://w3id.org/drugkg/inferred/sub-property")
'inferred by rule sub-property'
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.namespaces import GRAPH_ONTOLOGY, GRAPH_RULES, GRAPH_SOURCES, INFERRED_GRAPH_PREFIX, PREFIXES

__all__ = [
    "DCTERMS_IS_PART_OF",
    "DEFAULT_GRAPH_SOURCE",
    "META_GRAPHS",
    "OWL_NEGATIVE_PROPERTY_ASSERTION",
    "RDFS_LABEL",
    "RDFS_SEE_ALSO",
    "RDF_TYPE",
    "SKOS_ALT_LABEL",
    "SKOS_BROAD_MATCH",
    "SKOS_CLOSE_MATCH",
    "SKOS_DEFINITION",
    "SKOS_EXACT_MATCH",
    "SKOS_PREF_LABEL",
    "GraphFacts",
    "GraphName",
    "Term",
    "curie",
    "is_inferred_graph",
    "label_of",
    "least_label",
    "rule_of_graph",
    "source_of_graph",
]

#: Any RDF term pyoxigraph may hand over (RDF 1.2 quoted triples included).
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
#: The name of a graph of a dataset.
GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_OWL = "http://www.w3.org/2002/07/owl#"

RDF_TYPE = ox.NamedNode(_RDF + "type")
RDFS_LABEL = ox.NamedNode(_RDFS + "label")
#: A document a fact refers to (its address): an attribute in every view and export, never an entity.
RDFS_SEE_ALSO = ox.NamedNode(_RDFS + "seeAlso")
SKOS_PREF_LABEL = ox.NamedNode(_SKOS + "prefLabel")
SKOS_ALT_LABEL = ox.NamedNode(_SKOS + "altLabel")
SKOS_DEFINITION = ox.NamedNode(_SKOS + "definition")
SKOS_EXACT_MATCH = ox.NamedNode(_SKOS + "exactMatch")
SKOS_CLOSE_MATCH = ox.NamedNode(_SKOS + "closeMatch")
SKOS_BROAD_MATCH = ox.NamedNode(_SKOS + "broadMatch")
OWL_NEGATIVE_PROPERTY_ASSERTION = ox.NamedNode(_OWL + "NegativePropertyAssertion")
DCTERMS_IS_PART_OF = ox.NamedNode("http://purl.org/dc/terms/isPartOf")

#: Graphs that describe the vocabulary, the sources and the rules (read for names, not drawn as facts).
META_GRAPHS = frozenset({str(GRAPH_ONTOLOGY), str(GRAPH_SOURCES), str(GRAPH_RULES)})

#: How the source of a triple in the default graph (no named graph) reads.
DEFAULT_GRAPH_SOURCE = "the default graph of the input file"


#: Namespace -> prefix of drugkg's prefix map, for :func:`curie`.
_NAMESPACES = {namespace: prefix for prefix, namespace in PREFIXES.items()}
#: Every namespace of the map ends with one of these (else :func:`curie` asks the converter).
_ENDINGS = "/#_="
_ALL_END_SO = all(namespace[-1] in _ENDINGS for namespace in _NAMESPACES)


def curie(iri: str) -> str:
    """The CURIE of ``iri`` under drugkg's prefixes, else the IRI itself: the longest namespace of
    the map that ends at one of the IRI's ``/``, ``#``, ``_`` or ``=`` (fast enough for the tens of
    thousands of cross-references of a large graph; the same answer as ``CONVERTER.compress``).

    >>> curie("https://w3id.org/drugkg/entity/clonazepam"), curie("https://example.org/x")
    ('dk:clonazepam', 'https://example.org/x')
    >>> curie("http://purl.obolibrary.org/obo/CHEBI_3756")
    'CHEBI:3756'
    """
    if not _ALL_END_SO:
        from kg.namespaces import CONVERTER

        return CONVERTER.compress(iri, passthrough=True)
    for end in range(len(iri), 0, -1):
        if iri[end - 1] in _ENDINGS and iri[:end] in _NAMESPACES:
            return f"{_NAMESPACES[iri[:end]]}:{iri[end:]}"
    return iri


def _graph_iri(graph: str | GraphName | None) -> str | None:
    if graph is None or isinstance(graph, str):
        return graph
    return graph.value if isinstance(graph, ox.NamedNode) else None


def is_inferred_graph(graph: str | GraphName | None) -> bool:
    """Whether ``graph`` holds facts inferred by a rule.

    >>> is_inferred_graph("https://w3id.org/drugkg/inferred/sub-property"), is_inferred_graph(ox.DefaultGraph())
    (True, False)
    """
    iri = _graph_iri(graph)
    return iri is not None and iri.startswith(INFERRED_GRAPH_PREFIX)


def rule_of_graph(graph: str | GraphName | None) -> str | None:
    """The name of the rule whose conclusions ``graph`` holds, or None for any other graph.

    >>> rule_of_graph("https://w3id.org/drugkg/inferred/sub-property")
    'sub-property'
    """
    iri = _graph_iri(graph)
    return iri.removeprefix(INFERRED_GRAPH_PREFIX) if iri is not None and is_inferred_graph(iri) else None


def least_label(names: Iterable[str]) -> str | None:
    """The tie rule between several labels of one entity: the least by code point.

    >>> least_label(["diazepam", "Diazepam"]), least_label([])
    ('Diazepam', None)
    """
    return min(names, default=None)


def _literals(store: ox.Store, iri: str, predicate: ox.NamedNode) -> list[str]:
    try:
        node = ox.NamedNode(iri)
    except ValueError:  # not an IRI (a literal used as a type, say): it has no label
        return []
    return [
        q.object.value for q in store.quads_for_pattern(node, predicate, None, None) if isinstance(q.object, ox.Literal)
    ]


def label_of(store: ox.Store, iri: str) -> str:
    """The label of ``iri`` by the rule of this module (read from the store's indexes)."""
    for predicate in (RDFS_LABEL, SKOS_PREF_LABEL):
        label = least_label(_literals(store, iri, predicate))
        if label is not None:
            return label
    return curie(iri)


_SECTION_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?section ?sectionLabel ?documentLabel WHERE {
  ?section dcterms:isPartOf ?document ; rdfs:label ?sectionLabel .
  ?document rdfs:label ?documentLabel .
}
"""


def source_of_graph(store: ox.Store, graph: str | GraphName | None) -> str:
    """How people read the provenance of ``graph``: "Section (Document)", "inferred by rule X",
    :data:`DEFAULT_GRAPH_SOURCE`, else the graph's label or CURIE. (The least labels, when there are several.)"""
    iri = _graph_iri(graph)
    if iri is None:
        return DEFAULT_GRAPH_SOURCE
    rule = rule_of_graph(iri)
    if rule is not None:
        return f"inferred by rule {rule}"
    from kg.query.engine import select_rows  # here: the engine module takes Term from this one

    rows = select_rows(store, _SECTION_QUERY, {"section": ox.NamedNode(iri)})
    found = sorted(f"{row['sectionLabel'].value} ({row['documentLabel'].value})" for row in rows)
    return found[0] if found else label_of(store, iri)


class GraphFacts:
    """Labels and sources of one store, looked up one term at a time and remembered.

    Use one per command or view (the store must not change meanwhile); every reader of labels
    and sources goes through it or through the functions above, which follow the same rules.
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._labels: dict[str, str] = {}
        self._sources: dict[str | None, str] = {}

    def label_of(self, iri: str) -> str:
        """:func:`label_of`, cached."""
        if iri not in self._labels:
            self._labels[iri] = label_of(self.store, iri)
        return self._labels[iri]

    def source_of(self, graph: str | GraphName | None) -> str:
        """:func:`source_of_graph`, cached."""
        key = _graph_iri(graph)
        if key not in self._sources:
            self._sources[key] = source_of_graph(self.store, key)
        return self._sources[key]

    def name_of(self, term: Term) -> str:
        """How a term reads in a table: an IRI's label, a literal's value, a blank node's id."""
        if isinstance(term, ox.NamedNode):
            return self.label_of(term.value)
        return term.value if isinstance(term, ox.Literal | ox.BlankNode) else str(term)
