"""SHACL in the engine (``kg.compile.shapes_engine``) finds what pySHACL finds, on graphs made to break
the shapes, and refuses a shape it cannot compile."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.compile.shapes_engine import CURATED_ONLY_SHAPES, compile_shapes, engine_violations, validate_built
from kg.compile.validation import validate_store
from kg.loading import load_file
from kg.namespaces import GRAPH_ONTOLOGY
from kg.paths import ONTOLOGY_FILE

BROKEN = """
@prefix dkv: <https://w3id.org/drugkg/vocab/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <https://example.org/b/> .
ex:g {
  ex:drug a dkv:Drug ; rdfs:label "one", "two" ; dkv:treats ex:driving ; dkv:memberOf ex:notAClass ;
    dkv:hasTarget ex:drug ; skos:altLabel "x"@en .
  ex:driving a dkv:Activity ; rdfs:label "driving" ; skos:definition "d" .
  ex:notAClass rdfs:label "n" .
  ex:cls a dkv:FdaEstablishedPharmacologicClass ; rdfs:label "c" ; skos:definition "d" ; dkv:kindOf ex:driving .
  ex:i a dkv:DrugInteraction ; rdfs:label "i" ; skos:definition "d" ; dkv:participant ex:drug ; dkv:severity "mild" .
  ex:a a dkv:AdjunctUse ; rdfs:label "a" ; skos:definition "d" ; dkv:adjunctAgent ex:drug ;
    dkv:primaryTreatment ex:drug ; dkv:indication ex:driving ;
    dkv:responseWindowMinWeeks 5 ; dkv:responseWindowMaxWeeks 2 .
  ex:assess a dkv:IndicationAssessment ; rdfs:label "as" ; skos:definition "d" ; dkv:assessedDrug ex:drug ;
    dkv:indicationCategory "MAYBE" ; dkv:curatorCount 0 ; dkv:resourceCount "3" .
  ex:action a dkv:TargetAction ; rdfs:label "ac" ; skos:definition "d" ; dkv:actionTarget ex:drug ;
    dkv:actionType 7 .
  ex:neg a owl:NegativePropertyAssertion ; rdfs:label "n" ; skos:definition "d" ; owl:sourceIndividual "lit" ;
    owl:assertionProperty dkv:treats ; owl:targetIndividual ex:driving .
  ex:t a dkv:Target ; rdfs:label "t" ; skos:definition "d" ; dkv:geneSymbol ex:notAString .
}
"""


def _store(tmp_path: Path, text: str) -> ox.Store:
    path = tmp_path / "broken.trig"
    path.write_text(text, encoding="utf-8")
    store = ox.Store()
    load_file(store, path)
    load_file(store, ONTOLOGY_FILE, to_graph=ox.NamedNode(str(GRAPH_ONTOLOGY)))
    return store


def _pairs(violations) -> set[tuple[str, str]]:
    return {(v.focus, v.path) for v in violations}


def test_engine_finds_what_pyshacl_finds(tmp_path: Path) -> None:
    store = _store(tmp_path, BROKEN)
    expected = validate_store(store)
    found = engine_violations(store)
    assert len(expected) >= 20
    assert _pairs(found) == _pairs(expected)
    messages = {v.message for v in expected}
    for message in (
        "needs exactly one rdfs:label (a plain string)",
        "an interaction has at least two participants",
        "an assessment has one category: DM, SYM or NOT",
        "the response window starts before it ends",
        "an imported class keeps exactly one source id",
    ):
        assert message in messages and message in {v.message for v in found}


def test_engine_and_pyshacl_agree_on_the_curated_graph(curated_store: ox.Store) -> None:
    assert engine_violations(curated_store) == validate_store(curated_store) == []


def test_the_build_validation_skips_only_the_curated_only_shapes(full_store: ox.Store, tmp_path: Path) -> None:
    all_shapes = {c.shape for c in compile_shapes()}
    assert {c.shape for c in compile_shapes(skip=CURATED_ONLY_SHAPES)} == all_shapes - CURATED_ONLY_SHAPES
    # with the datasets, drugs in no class (PharmacotherapyDB names them): only the skipped shape fires
    fired = {v.message for v in engine_violations(full_store)}
    assert fired == {"a drug belongs to at least one drug class"}


def test_the_build_validation_catches_a_broken_curated_fact(tmp_path: Path) -> None:
    store = _store(tmp_path, BROKEN)
    violations = validate_built(store, {"https://example.org/b/g"})
    assert "https://example.org/b/drug dkv:memberOf: a drug belongs to at least one drug class" not in {
        str(v) for v in violations
    }  # it has a (bad) class
    assert _pairs(violations) >= _pairs(engine_violations(store))


def test_a_shape_the_engine_cannot_compile_is_refused(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <https://example.org/> .\n"
        'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:pattern "^a" ] .\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="not supported"):
        compile_shapes(shapes)
