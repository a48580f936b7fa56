"""The SPARQL query :class:`kg.analysis.names.NameIndex` used to read every name with, before it read
the engine's index of each name predicate (with the close matches it reads since; a match between
two drugkg entities names neither)."""

from __future__ import annotations

import pyoxigraph as ox

from kg.query.engine import select_rows

__all__ = ["NAMES_QUERY", "names_by_query"]

NAMES_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dkv: <https://w3id.org/drugkg/vocab/>
SELECT DISTINCT ?entity ?name ?kind WHERE {
  { ?entity rdfs:label ?name . BIND("label" AS ?kind) }
  UNION { ?entity skos:altLabel ?name . BIND("synonym" AS ?kind) }
  UNION { ?entity dkv:brandName ?name . BIND("brand name" AS ?kind) }
  UNION { ?entity skos:exactMatch ?xref . BIND(STR(?xref) AS ?name) BIND("cross-reference" AS ?kind)
          FILTER (!STRSTARTS(STR(?xref), "https://w3id.org/drugkg/entity/")) }
  UNION { ?entity skos:closeMatch ?xref . BIND(STR(?xref) AS ?name) BIND("close cross-reference" AS ?kind)
          FILTER (!STRSTARTS(STR(?xref), "https://w3id.org/drugkg/entity/")) }
  FILTER (isIRI(?entity))
}
"""


def names_by_query(store: ox.Store) -> set[tuple[str, str, str]]:
    """(entity IRI, name, kind) of every name, as the query reads them."""
    return {
        (row["entity"].value, row["name"].value, row["kind"].value)
        for row in select_rows(store, NAMES_QUERY)
        if row["name"] is not None
    }
