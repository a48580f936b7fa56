"""What the overview of ``drugkg viz`` should count, computed from the store by SPARQL alone.

The views draw one node per IRI that the facts (outside the vocabulary, source and rule graphs)
talk about, minus vocabulary terms (subjects of the vocabulary graph, predicates, classes, the
RDF/RDFS/OWL/XSD/SKOS/SHACL namespaces), and one edge per distinct triple between two such nodes
(``rdf:type``, labels, definitions, synonyms and cross-references are not edges). Each node has
one type: the least-named of its asserted types, else of all its types, else "no type". Facts
of the default graph (a Turtle file's) count as asserted.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pyoxigraph as ox

from kg.graph_facts import label_of
from kg.namespaces import GRAPH_ONTOLOGY, GRAPH_RULES, GRAPH_SOURCES, INFERRED_GRAPH_PREFIX
from kg.views.styles import UNTYPED, predicate_name, type_name

__all__ = ["expected_overview"]

_META = ", ".join(f"<{g}>" for g in (GRAPH_ONTOLOGY, GRAPH_SOURCES, GRAPH_RULES))
_PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
_VOCABULARY_NAMESPACES = "|".join(
    (
        "1999/02/22-rdf-syntax-ns",
        "2000/01/rdf-schema",
        "2002/07/owl",
        "2001/XMLSchema",
        "2004/02/skos/core",
        "ns/shacl",
    )
)


def _anywhere(pattern: str, graph: str) -> str:
    """``pattern`` in any named graph (bound to ``?graph``) or in the default graph (``?graph`` "")."""
    return f'{{ GRAPH ?{graph} {{ {pattern} }} }} UNION {{ {pattern} BIND ("" AS ?{graph}) }}'


def _not_vocabulary(term: str) -> str:
    """Filters that keep ``?term`` only if it is not a vocabulary term (variables named after it)."""
    t = term
    used_as_predicate = _anywhere(f"?{t}_ps ?{t} ?{t}_po", f"{t}_pg")
    used_as_class = _anywhere(f"?{t}_cs rdf:type ?{t}", f"{t}_cg")
    return f"""
  FILTER NOT EXISTS {{ GRAPH <{GRAPH_ONTOLOGY}> {{ ?{t} ?{t}_vp ?{t}_vo }} }}
  FILTER NOT EXISTS {{ {used_as_predicate} FILTER (?{t}_pg NOT IN ({_META})) }}
  FILTER NOT EXISTS {{ {used_as_class} FILTER (?{t}_cg NOT IN ({_META})) }}
  FILTER (!REGEX(STR(?{t}), "^http://www.w3.org/({_VOCABULARY_NAMESPACES})#"))
"""


_SUBJECTS = (
    _PREFIXES
    + f"""
SELECT DISTINCT ?s WHERE {{
  {_anywhere("?s ?p ?o", "g")}
  FILTER (?g NOT IN ({_META}) && isIRI(?s) && (isIRI(?o) || isLiteral(?o)))
{_not_vocabulary("s")}
}}"""
)
_EDGES = (
    _PREFIXES
    + f"""
SELECT ?s ?p ?o ?g WHERE {{
  {_anywhere("?s ?p ?o", "g")}
  FILTER (?g NOT IN ({_META}) && isIRI(?s) && isIRI(?o))
  FILTER (?p NOT IN (rdf:type, rdfs:label, skos:prefLabel, skos:definition, skos:altLabel, skos:exactMatch,
                     skos:closeMatch, rdfs:seeAlso))
{_not_vocabulary("s")}
{_not_vocabulary("o")}
}}"""
)
_TYPES = (
    _PREFIXES
    + f"""
SELECT ?s ?type ?g WHERE {{
  {_anywhere("?s rdf:type ?type", "g")}
  FILTER (?g NOT IN ({_META}) && isIRI(?s))
}}"""
)


def _rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{name: row[name].value for name in names if row[name] is not None} for row in solutions]


def expected_overview(store: ox.Store) -> tuple[Counter[str], Counter[tuple[str, str, str]], Counter]:
    """(entities per type name, facts per (subject type, relation label, object type), inferred
    facts per the same key), by SPARQL over ``store``."""
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in _rows(store, _EDGES):
        edges[(row["s"], row["p"], row["o"])].add(row["g"])
    nodes = {row["s"] for row in _rows(store, _SUBJECTS)} | {o for _, _, o in edges} | {s for s, _, _ in edges}
    asserted: dict[str, set[str]] = defaultdict(set)
    every: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, _TYPES):
        every[row["s"]].add(row["type"])
        if not row["g"].startswith(INFERRED_GRAPH_PREFIX):
            asserted[row["s"]].add(row["type"])

    def name(iri: str) -> str:
        return type_name(iri, lambda term: label_of(store, term))

    kind = {}
    for node in nodes:
        types = asserted.get(node) or every.get(node)
        kind[node] = min(name(t) for t in types) if types else UNTYPED
    relations: Counter[tuple[str, str, str]] = Counter()
    inferred: Counter[tuple[str, str, str]] = Counter()
    for (s, p, o), graphs in edges.items():
        key = (kind[s], predicate_name(p, lambda term: label_of(store, term)), kind[o])
        relations[key] += 1
        if all(g.startswith(INFERRED_GRAPH_PREFIX) for g in graphs):
            inferred[key] += 1
    return Counter(kind.values()), relations, inferred
