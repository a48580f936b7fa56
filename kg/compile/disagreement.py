"""Negative statements per source: a contradiction inside one source's own closure fails the build;
disagreement between sources is information, listed by ``drugkg validate`` and by the named queries
``source-conflicts`` and ``facts-stated-by-several-sources``.

The curated sources (the article, the class lists, the registries and the curated mappings) are
checked together, as one source, as before the open datasets came; each imported dataset release
is checked on its own: its facts plus the vocabulary, reasoned to a fixpoint, must not contradict
one of its negative statements.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.compile.pipeline import negative_assertion_conflicts
from kg.compile.reasoning import materialise
from kg.graph_facts import OWL_NEGATIVE_PROPERTY_ASSERTION, RDF_TYPE, GraphFacts
from kg.namespaces import GRAPH_ONTOLOGY, GRAPH_RULES, GRAPH_SOURCES, INFERRED_GRAPH_PREFIX
from kg.paths import QUERIES_DIR
from kg.query.engine import select_rows

__all__ = [
    "CURATED",
    "SourceConflict",
    "conflicts_between_sources",
    "contradictions_within_sources",
    "fact_graphs_by_source",
]

#: The name of the group of curated sources.
CURATED = "curated sources"
_NOT_FACTS = {str(GRAPH_ONTOLOGY), str(GRAPH_SOURCES), str(GRAPH_RULES)}


def fact_graphs_by_source(store: ox.Store) -> dict[str, set[str]]:
    """The named graphs of asserted facts, grouped: the curated ones under :data:`CURATED`, each
    imported dataset's under its name."""
    from kg.sources import IMPORTERS

    prefixes = {importer.name: importer.document.value + "/" for importer in IMPORTERS}
    groups: dict[str, set[str]] = {CURATED: set()}
    for graph in store.named_graphs():
        iri = graph.value if isinstance(graph, ox.NamedNode) else None
        if iri is None or iri in _NOT_FACTS or iri.startswith(INFERRED_GRAPH_PREFIX):
            continue
        source = next((name for name, prefix in prefixes.items() if iri.startswith(prefix)), CURATED)
        groups.setdefault(source, set()).add(iri)
    return groups


def contradictions_within_sources(store: ox.Store) -> list[str]:
    """Negative statements that their own source's closure contradicts, as text (fail the build)."""
    found = []
    for source, graphs in sorted(fact_graphs_by_source(store).items()):
        nodes = [ox.NamedNode(g) for g in sorted(graphs)]
        if not any(
            next(iter(store.quads_for_pattern(None, RDF_TYPE, OWL_NEGATIVE_PROPERTY_ASSERTION, g)), None) for g in nodes
        ):
            continue  # a source without negative statements cannot contradict one
        own = ox.Store()
        own.extend(store.quads_for_pattern(None, None, None, ox.NamedNode(str(GRAPH_ONTOLOGY))))
        if source == CURATED:  # a fact placed in a meta graph is the curated side's too: checked with it
            nodes += [ox.NamedNode(str(GRAPH_SOURCES)), ox.NamedNode(str(GRAPH_RULES))]
        for graph in nodes:
            own.extend(store.quads_for_pattern(None, None, None, graph))
        materialise(own)
        found += [f"{line} (within {source})" for line in negative_assertion_conflicts(own)]
    return found


@dataclass(frozen=True, order=True)
class SourceConflict:
    """A fact one source states (or the closure infers) that another source denies or judges otherwise."""

    subject: str
    property: str
    object: str
    stated_in: str
    denied_in: str
    kind: str

    def __str__(self) -> str:
        return (
            f"{self.kind}: {self.subject} {self.property} {self.object} "
            f"[stated: {self.stated_in}] [denied: {self.denied_in}]"
        )


def conflicts_between_sources(store: ox.Store) -> list[SourceConflict]:
    """The answer of the named query ``source-conflicts``, read for people (labels and sources)."""
    query = (QUERIES_DIR / "source-conflicts.rq").read_text(encoding="utf-8")
    facts = GraphFacts(store)
    return sorted(
        SourceConflict(
            facts.name_of(row["subject"]),
            facts.name_of(row["property"]),
            facts.name_of(row["object"]),
            facts.source_of(row["statedIn"].value),
            facts.source_of(row["deniedIn"].value),
            row["kind"].value,
        )
        for row in select_rows(store, query)
    )
