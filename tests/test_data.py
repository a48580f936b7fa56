"""The curated facts, tested like code: one rule per test, run for every entity, so a failure
names the entity. Runs on the built dataset (asserted facts plus closure)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.compile.pipeline import compile_dataset
from kg.namespaces import DK, DKV, GRAPH_ONTOLOGY, GRAPH_SOURCES

ASSERTED = compile_dataset()
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DEFINITION = ox.NamedNode("http://www.w3.org/2004/02/skos/core#definition")
ENTITIES = sorted(
    {q.subject.value for q in ASSERTED if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(str(DK))}
)
SECTIONS = {
    row["g"].value
    for row in ASSERTED.query(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
    )
}


def _id(iri: str) -> str:
    return iri.removeprefix(str(DK))


def _objects(subject: str, predicate: ox.NamedNode) -> list[ox.Literal | ox.NamedNode]:
    return [q.object for q in ASSERTED.quads_for_pattern(ox.NamedNode(subject), predicate, None, None)]


@pytest.mark.parametrize("entity", ENTITIES, ids=_id)
def test_entity_is_labelled_defined_and_typed(entity: str) -> None:
    assert len(set(_objects(entity, LABEL))) == 1, "exactly one label"
    assert len(set(_objects(entity, DEFINITION))) == 1, "exactly one definition"
    assert _objects(entity, RDF_TYPE), "at least one type"


@pytest.mark.parametrize("entity", ENTITIES, ids=_id)
def test_entity_references_resolve(entity: str) -> None:
    """Every drugkg IRI the entity points to is itself described (no dangling references)."""
    for target in _objects(entity, None):  # type: ignore[arg-type]
        if isinstance(target, ox.NamedNode) and target.value.startswith(str(DK)):
            assert _objects(target.value, LABEL), f"{target.value} is not described"


def test_every_fact_graph_is_a_described_source_section() -> None:
    described = {
        row["s"].value
        for row in ASSERTED.query(
            "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX dkv: <https://w3id.org/drugkg/vocab/> "
            "SELECT ?s WHERE { GRAPH ?meta { ?s a dkv:SourceSection ; dcterms:isPartOf ?doc . "
            "?doc a dkv:SourceDocument } }"
        )
    }
    fact_graphs = SECTIONS - {str(GRAPH_ONTOLOGY), str(GRAPH_SOURCES)}
    assert fact_graphs - described == set()
    assert len(fact_graphs) >= 5


def test_no_fact_outside_a_named_graph() -> None:
    assert list(ASSERTED.quads_for_pattern(None, None, None, ox.DefaultGraph())) == []


@pytest.mark.parametrize(
    "section",
    [
        "drug-and-class",
        "role-in-depression",
        "side-effects-and-safety",
        "dependence-and-withdrawal",
        "first-line-treatments",
    ],
)
def test_every_article_section_holds_facts(section: str) -> None:
    graph = ox.NamedNode(f"https://w3id.org/drugkg/source/clonazepam-depression-article/{section}")
    assert len(list(ASSERTED.quads_for_pattern(None, None, None, graph))) >= 5


def test_numbers_are_typed_data() -> None:
    use = str(DK["clonazepam-augmentation"])
    minimum = _objects(use, ox.NamedNode(str(DKV.responseWindowMinWeeks)))
    maximum = _objects(use, ox.NamedNode(str(DKV.responseWindowMaxWeeks)))
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    assert minimum == [ox.Literal("2", datatype=integer)]
    assert maximum == [ox.Literal("4", datatype=integer)]
