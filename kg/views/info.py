"""What the graph says about one entity: types, names, cross-references and every relation in
and out, each with the source section it comes from (or the rule that inferred it)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.graph_facts import (
    RDF_TYPE,
    RDFS_LABEL,
    SKOS_ALT_LABEL,
    SKOS_CLOSE_MATCH,
    SKOS_DEFINITION,
    SKOS_EXACT_MATCH,
    GraphFacts,
    Term,
    curie,
    is_inferred_graph,
)
from kg.query.engine import select_rows
from kg.terminal import printable

__all__ = ["EntityDescription", "Statement", "describe", "format_description"]

_OUT_QUERY = """
SELECT ?entity ?p ?o ?g WHERE { GRAPH ?g { ?entity ?p ?o } }
"""
_IN_QUERY = """
SELECT ?entity ?s ?p ?g WHERE { GRAPH ?g { ?s ?p ?entity } }
"""
_NEGATIVE_QUERY = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?entity ?assertion ?property ?target ?g WHERE {
  GRAPH ?g {
    ?assertion a owl:NegativePropertyAssertion ; owl:sourceIndividual ?entity ;
      owl:assertionProperty ?property ; owl:targetIndividual ?target .
  }
}
"""
_XREFS = (SKOS_EXACT_MATCH, SKOS_CLOSE_MATCH)
#: The link from a negative statement to the entity it is about: plumbing, shown as "stated not to hold".
_OWL_SOURCE_INDIVIDUAL = ox.NamedNode("http://www.w3.org/2002/07/owl#sourceIndividual")


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


def _name(term: Term, facts: GraphFacts) -> str:
    """How a term reads in a statement: a plain string literal quoted, an IRI by its label."""
    if isinstance(term, ox.Literal):
        return repr(term.value) if term.datatype.value.endswith("#string") else term.value
    return facts.name_of(term)


def describe(store: ox.Store, iri: str, facts: GraphFacts | None = None) -> EntityDescription:
    """Collect what the dataset says about ``iri`` (bound as a value, never spliced into SPARQL);
    labels and sources come from ``facts`` (one made here unless the caller shares its own)."""
    facts = facts or GraphFacts(store)
    binding = {"entity": ox.NamedNode(iri)}
    description = EntityDescription(iri, facts.label_of(iri))
    for row in select_rows(store, _OUT_QUERY, binding, union=False):
        p, o, g = row["p"], row["o"], row["g"]
        if p == RDF_TYPE:
            description.types.append(_name(o, facts))
        elif p == SKOS_DEFINITION:
            description.definitions.append(o.value)
        elif p == SKOS_ALT_LABEL:
            description.synonyms.append(o.value)
        elif p in _XREFS:
            description.cross_references.append(curie(o.value))
        elif p != RDFS_LABEL:
            statement = Statement(_name(p, facts), _name(o, facts), facts.source_of(g), is_inferred_graph(g))
            description.outgoing.append(statement)
    negative_rows = list(select_rows(store, _NEGATIVE_QUERY, binding, union=False))
    negative_assertions = {row["assertion"] for row in negative_rows}
    for row in select_rows(store, _IN_QUERY, binding, union=False):
        if row["p"] == _OWL_SOURCE_INDIVIDUAL and row["s"] in negative_assertions:
            continue  # the negative statement itself is listed under "stated not to hold"
        g = row["g"]
        statement = Statement(_name(row["p"], facts), _name(row["s"], facts), facts.source_of(g), is_inferred_graph(g))
        description.incoming.append(statement)
    for row in negative_rows:
        description.negative.append(
            Statement(_name(row["property"], facts), _name(row["target"], facts), facts.source_of(row["g"]), False)
        )
    for values in (description.types, description.definitions, description.synonyms, description.cross_references):
        values[:] = sorted(set(values))
    description.outgoing = sorted(set(description.outgoing))
    description.incoming = sorted(set(description.incoming))
    description.negative = sorted(set(description.negative))
    return description


def format_description(description: EntityDescription) -> str:
    """Plain-text rendering for ``drugkg info``."""
    lines = [f"{description.label}  ({curie(description.iri)})"]
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
