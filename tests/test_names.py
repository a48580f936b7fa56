"""The name index reads every name an entity has, as the SPARQL query it replaced did."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from reference.name_query import names_by_query

from kg.loading import load_file
from kg.views.names import NameIndex

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name", ["tiny.trig", "hostile.ttl"])
def test_names_equal_the_reference_query_on_test_graphs(name: str) -> None:
    store = ox.Store()
    load_file(store, DATA / name)
    assert NameIndex._names(store) == names_by_query(store)


def test_names_equal_the_reference_query_on_the_built_graph(store: ox.Store) -> None:
    names = NameIndex._names(store)
    assert names == names_by_query(store)
    assert ("https://w3id.org/drugkg/entity/clonazepam", "Klonopin", "brand name") in names


def test_blank_nodes_name_nothing() -> None:
    store = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    match = ox.NamedNode("http://www.w3.org/2004/02/skos/core#exactMatch")
    a = ox.NamedNode("https://example.org/a")
    store.extend(
        [
            ox.Quad(ox.BlankNode("b1"), label, ox.Literal("anonymous")),
            ox.Quad(a, match, ox.BlankNode("b2")),
            ox.Quad(a, label, ox.Literal("named"), ox.NamedNode("https://example.org/g")),
        ]
    )
    assert NameIndex._names(store) == names_by_query(store) == {("https://example.org/a", "named", "label")}
