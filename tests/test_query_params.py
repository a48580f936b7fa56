"""A named query's entity parameters resolve through the name index ``info`` and ``check`` use
(labels, synonyms, brands, CURIEs, IRIs, external ids), in one place for the embedded store and a
remote endpoint; an unknown name is refused (exit 2, with close matches); a literal parameter
stays a literal."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from cli_assertions import assert_one_line_error

from kg.errors import InputError
from kg.namespaces import DK
from kg.query.library import from_text, load_query
from kg.query.service import bind_parameters, entity_parameters

CLONAZEPAM = ox.NamedNode(str(DK.clonazepam))


def test_entity_parameters_are_those_without_a_literal_default() -> None:
    assert entity_parameters(load_query("side-effects")) == {"drug"}
    assert entity_parameters(load_query("what-treats")) == {"condition"}  # ?scope has a literal default
    assert entity_parameters(from_text("SELECT ?drug WHERE { ?drug ?p ?o }")) == set()  # no header, no declaration


NAMES_OF_CLONAZEPAM = [
    "Klonopin",
    "klonopin ",
    "CLONAZEPAM",
    "dk:clonazepam",
    "<https://w3id.org/drugkg/entity/clonazepam>",
    "DB01068",
    "CHEBI:3756",
]


@pytest.mark.parametrize("value", NAMES_OF_CLONAZEPAM)
def test_names_curies_iris_and_ids_bind_the_entity(full_local_store, value: str) -> None:
    bound = full_local_store.bind_parameters(load_query("side-effects"), {"drug": value})
    assert bound == {"drug": CLONAZEPAM}


def test_an_unknown_name_is_refused_with_close_matches(cli) -> None:
    result = cli("query", "side-effects", "-p", "drug=klonopn")
    assert result.code == 2
    assert_one_line_error(result, "?drug: no entity named 'klonopn'", "did you mean: klonopin")


def test_a_condition_name_from_the_disease_ontology(cli_full) -> None:
    """The trap: "type 2 diabetes" is no name of the graph; it used to give "(no rows)", exit 0."""
    result = cli_full("query", "what-treats", "-p", "condition=type 2 diabetes")
    assert result.code == 2
    assert_one_line_error(result, "no entity named 'type 2 diabetes'", "type 2 diabetes mellitus")
    ok = cli_full("query", "what-treats", "-p", "condition=type 2 diabetes mellitus", "-f", "csv")
    assert ok.code == 0 and ok.out.splitlines()[1].startswith("https://w3id.org/drugkg/entity/doid-9352,")


def test_an_iri_unknown_to_the_graph_is_used_as_written(full_local_store) -> None:
    bound = full_local_store.bind_parameters(load_query("side-effects"), {"drug": "https://example.org/nothing"})
    assert bound == {"drug": ox.NamedNode("https://example.org/nothing")}


def test_a_literal_parameter_stays_a_literal(full_local_store) -> None:
    """ "clonazepam" names an entity, but ?scope is declared with a literal default."""
    bound = full_local_store.bind_parameters(load_query("what-treats"), {"scope": "clonazepam"})
    assert bound["scope"] == ox.Literal("clonazepam")


def test_the_default_is_bound_as_written() -> None:
    def nothing(_: str) -> str:
        raise InputError("no entity")

    bound = bind_parameters(load_query("side-effects"), None, None, nothing)
    assert bound == {"drug": CLONAZEPAM}
