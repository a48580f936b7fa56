"""Rows that cross from the query worker keep every term exactly, and the row cap still holds."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.query.local import LocalStore, ResultTooLarge

QUERY = "SELECT ?s ?p ?o ?missing WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


@pytest.fixture(scope="module")
def odd() -> ox.Store:
    store = ox.Store()
    graph = ox.NamedNode("https://example.org/g")
    subject, predicate = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    objects = [
        ox.Literal('tab\there, newline\nthere, quote " and backslash \\'),
        ox.Literal("mot", language="fr"),
        ox.Literal("1.50", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
        ox.Literal("x", datatype=ox.NamedNode("https://example.org/datatype")),
        ox.BlankNode("b1"),
        ox.NamedNode("https://example.org/o?a=1&b=%3C2%3E#frag"),
        ox.Literal("émoji 🙂 and \u2028"),
    ]
    store.extend(ox.Quad(subject, predicate, obj, graph) for obj in objects)
    return store


@pytest.mark.parametrize("timeout", [None, 30.0])
def test_rows_equal_the_engine_rows(odd: ox.Store, timeout: float | None) -> None:
    expected = [tuple(row) for row in odd.query(QUERY, use_default_graph_as_union=True)]
    result = LocalStore(odd).query_text(QUERY, timeout=timeout)
    assert result.variables == ["s", "p", "o", "missing"]
    assert result.rows == expected


def test_row_cap(odd: ox.Store) -> None:
    assert len(LocalStore(odd).query_text(QUERY, max_rows=7).rows or ()) == 7
    with pytest.raises(ResultTooLarge):
        LocalStore(odd).query_text(QUERY, max_rows=6)


def test_no_variables() -> None:
    result = LocalStore(ox.Store()).query_text("SELECT * WHERE { }")
    assert (result.variables, result.rows) == ([], [()])
