"""What the graph says about one entity: types, names, cross-references and every relation in
and out, each with the source section it comes from (or the rule that inferred it)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespaces import CONVERTER, INFERRED_GRAPH_PREFIX
from kg.query.engine import select_rows
from kg.terminal import printable

__all__ = ["EntityDescription", "Statement", "describe", "format_description", "source_of_graph"]

_OUT_QUERY = """
SELECT ?entity ?p ?o ?g WHERE { GRAPH ?g { ?entity ?p ?o } }
"""
_IN_QUERY = """
SELECT ?entity ?s ?p ?g WHERE { GRAPH ?g { ?s ?p ?entity } }
"""
_LABELS_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?x ?label WHERE { ?x rdfs:label ?label }
"""
_SOURCES_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?section ?sectionLabel ?documentLabel WHERE {
  ?section dcterms:isPartOf ?document ; rdfs:label ?sectionLabel .
  ?document rdfs:label ?documentLabel .
}
"""
_NEGATIVE_QUERY = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?entity ?property ?target ?g WHERE {
  GRAPH ?g {
    ?assertion a owl:NegativePropertyAssertion ; owl:sourceIndividual ?entity ;
      owl:assertionProperty ?property ; owl:targetIndividual ?target .
  }
}
"""
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_DEFINITION = "http://www.w3.org/2004/02/skos/core#definition"
_ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
_XREFS = ("http://www.w3.org/2004/02/skos/core#exactMatch", "http://www.w3.org/2004/02/skos/core#closeMatch")


@dataclass(frozen=True, order=True)
class Statement:
    """One relation of the entity: predicate, the other end, and where it comes from."""

    predicate: str
    other: str
    source: str
    inferred: bool


@dataclass
class EntityDescription:
    """Everything :func:`describe` found about one entity."""

    iri: str
    label: str
    types: list[str] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)
    cross_references: list[str] = field(default_factory=list)
    outgoing: list[Statement] = field(default_factory=list)
    incoming: list[Statement] = field(default_factory=list)
    #: What the sources say does NOT hold of the entity (OWL negative property assertions).
    negative: list[Statement] = field(default_factory=list)


def _labels(store: ox.Store) -> dict[str, str]:
    return {row["x"].value: row["label"].value for row in select_rows(store, _LABELS_QUERY)}


def source_of_graph(store: ox.Store, graph: str, labels: dict[str, str] | None = None) -> str:
    """Human-readable provenance of a named graph: "Section (Document)" or "inferred by rule X"."""
    if graph.startswith(INFERRED_GRAPH_PREFIX):
        return f"inferred by rule {graph.removeprefix(INFERRED_GRAPH_PREFIX)}"
    for row in select_rows(store, _SOURCES_QUERY, {"section": ox.NamedNode(graph)}):
        return f"{row['sectionLabel'].value} ({row['documentLabel'].value})"
    labels = labels if labels is not None else _labels(store)
    return labels.get(graph, CONVERTER.compress(graph, passthrough=True))


def _name(term: ox.NamedNode | ox.BlankNode | ox.Literal, labels: dict[str, str]) -> str:
    if isinstance(term, ox.Literal):
        return repr(term.value) if term.datatype.value.endswith("#string") else term.value
    return labels.get(term.value) or CONVERTER.compress(term.value, passthrough=True)


def describe(store: ox.Store, iri: str) -> EntityDescription:
    """Collect what the dataset says about ``iri`` (bound as a value, never spliced into SPARQL)."""
    labels = _labels(store)
    sources: dict[str, str] = {}

    def source(graph: str) -> str:
        if graph not in sources:
            sources[graph] = source_of_graph(store, graph, labels)
        return sources[graph]

    entity = ox.NamedNode(iri)
    binding = {"entity": entity}
    description = EntityDescription(iri, labels.get(iri, CONVERTER.compress(iri, passthrough=True)))
    for row in select_rows(store, _OUT_QUERY, binding, union=False):
        p, o, g = row["p"].value, row["o"], row["g"].value
        if p == _RDF_TYPE:
            description.types.append(_name(o, labels))
        elif p == _DEFINITION:
            description.definitions.append(o.value)
        elif p == _ALT_LABEL:
            description.synonyms.append(o.value)
        elif p in _XREFS:
            description.cross_references.append(CONVERTER.compress(o.value, passthrough=True))
        elif p != _LABEL:
            statement = Statement(
                _name(row["p"], labels), _name(o, labels), source(g), g.startswith(INFERRED_GRAPH_PREFIX)
            )
            description.outgoing.append(statement)
    for row in select_rows(store, _IN_QUERY, binding, union=False):
        g = row["g"].value
        statement = Statement(
            _name(row["p"], labels), _name(row["s"], labels), source(g), g.startswith(INFERRED_GRAPH_PREFIX)
        )
        description.incoming.append(statement)
    for row in select_rows(store, _NEGATIVE_QUERY, binding, union=False):
        g = row["g"].value
        description.negative.append(
            Statement(_name(row["property"], labels), _name(row["target"], labels), source(g), False)
        )
    for values in (description.types, description.definitions, description.synonyms, description.cross_references):
        values[:] = sorted(set(values))
    description.outgoing = sorted(set(description.outgoing))
    description.incoming = sorted(set(description.incoming))
    description.negative = sorted(set(description.negative))
    return description


def format_description(description: EntityDescription) -> str:
    """Plain-text rendering for ``drugkg info``."""
    curie = CONVERTER.compress(description.iri, passthrough=True)
    lines = [f"{description.label}  ({curie})"]
    for title, values in (
        ("types", description.types),
        ("synonyms", description.synonyms),
        ("cross-references", description.cross_references),
    ):
        if values:
            lines.append(f"  {title}: {', '.join(values)}")
    for definition in description.definitions:
        lines.append(f"  definition: {definition}")
    for title, statements, arrow in (
        ("relations out", description.outgoing, "->"),
        ("relations in", description.incoming, "<-"),
    ):
        if statements:
            lines.append(f"{title}:")
            for st in statements:
                lines.append(f"  {st.predicate} {arrow} {st.other}   [{st.source}]")
    if description.negative:
        lines.append("stated not to hold:")
        for st in description.negative:
            lines.append(f"  NOT {st.predicate} -> {st.other}   [{st.source}]")
    return "\n".join(printable(line) for line in lines)
