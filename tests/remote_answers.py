"""Comparing a remote store's answers with the embedded store's, shared by the tests of real servers.

A named query is run on both with its parameters' defaults; the answers must have the same
variables and the same set of display rows (CURIEs and literal text, as the table shows them),
and the same rows when terms are compared by value (Virtuoso gives ``true`` back as
``"1"^^xsd:boolean`` and numbers in its own lexical form).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib.namespace import XSD

from kg.errors import DrugKGError
from kg.query.library import NamedQuery, named_queries

__all__ = [
    "CURATED_QUERIES",
    "DATASET_QUERIES",
    "NO_ROWS_ON_EITHER_GRAPH",
    "QUERIES",
    "USER_COUNT",
    "by_value",
    "differences",
    "value_rows",
]

#: A user's own query: how many drugs (DrugBank, DrugCentral without a DrugBank id, the curated ones).
USER_COUNT = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a dkv:Drug }"

#: Every named query of the library, by name.
QUERIES: dict[str, NamedQuery] = {query.name: query for query in named_queries()}
#: The named queries about what only the open datasets state (indications, targets, disease
#: hierarchy, agreement and conflict between sources): no rows on the curated graph the servers
#: are given, so they are compared on the graph with the datasets (``tests/test_remote.py``).
DATASET_QUERIES = frozenset(
    {
        "conditions-under",
        "disputed-rows",
        "facts-stated-by-several-sources",
        "not-indications",
        "source-conflicts",
        "targets",
    }
)
#: The named queries with no rows on either graph as the data stand: no source's positive statement
#: meets another's negative one since a symptomatic judgement stopped counting as a denial (the one
#: disputed row, tiagabine for epilepsy, is a dispute, not a conflict). Compared remotely for their
#: variables and for giving no rows.
NO_ROWS_ON_EITHER_GRAPH = frozenset({"source-conflicts"})
#: The named queries that answer on the curated graph: the default of :func:`differences`.
CURATED_QUERIES: list[str] = sorted(set(QUERIES) - DATASET_QUERIES)
_NUMBERS = {str(XSD[name]) for name in ("integer", "int", "long", "short", "decimal", "double", "float")}
_PLAIN = {str(XSD.string), None}


def by_value(term: object) -> object:
    """A term compared by value: numbers as numbers (``3``, ``3.0``), booleans as truth values."""
    if not isinstance(term, ox.Literal):
        return term
    datatype = term.datatype.value
    if datatype in _NUMBERS:
        try:
            return Decimal(term.value)
        except InvalidOperation:
            return term
    if datatype == str(XSD.boolean):
        return term.value in ("true", "1")
    return (term.value, term.language, datatype if datatype not in _PLAIN else None)


def value_rows(result) -> set[tuple[object, ...]]:
    return {tuple(by_value(term) for term in row) for row in result.rows}


def differences(remote, local_store, names: list[str] | None = None, timeout: float = 20) -> dict[str, str]:
    """The named queries (by default :data:`CURATED_QUERIES`) whose answer from the service ``remote``
    differs from the embedded store's, each with what differs; ``{}`` when every one answers alike
    and non-empty."""
    found: dict[str, str] = {}
    for name in names if names is not None else CURATED_QUERIES:
        expected = local_store.query(QUERIES[name])
        try:
            got = remote.query(QUERIES[name], timeout=timeout)
        except DrugKGError as error:  # named, so a failing store says which query it failed on
            found[name] = f"failed remotely: {error}"
            continue
        if got.variables != expected.variables:
            found[name] = f"variables {got.variables} != {expected.variables}"
        elif got.display_rows() != expected.display_rows() or value_rows(got) != value_rows(expected):
            missing, extra = expected.display_rows() - got.display_rows(), got.display_rows() - expected.display_rows()
            found[name] = f"missing {sorted(missing)[:3]}, extra {sorted(extra)[:3]}"
        elif not expected.display_rows() and name not in NO_ROWS_ON_EITHER_GRAPH:
            found[name] = "no rows on the embedded store: the comparison would prove nothing"
    return found
