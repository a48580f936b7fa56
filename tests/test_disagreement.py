"""Negative statements per source: a contradiction inside one source's closure fails the build, a
disagreement between sources is listed and does not."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.compile.disagreement import (
    CURATED,
    SourceConflict,
    conflicts_between_sources,
    contradictions_within_sources,
    fact_graphs_by_source,
)
from kg.errors import ValidationFailed
from kg.loading import load_file
from kg.namespaces import GRAPH_ONTOLOGY
from kg.paths import ONTOLOGY_FILE

PHARMACOTHERAPYDB = "https://w3id.org/drugkg/source/pharmacotherapydb/1.0/"
HEADER = """
@prefix dk: <https://w3id.org/drugkg/entity/> .
@prefix dkv: <https://w3id.org/drugkg/vocab/> .
@prefix dkg: <https://w3id.org/drugkg/graph/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix pdb: <https://w3id.org/drugkg/source/pharmacotherapydb/1.0/> .
@prefix ex: <https://example.org/d/> .
dkg:sources {
  ex:article a dkv:SourceDocument ; rdfs:label "An article" .
  ex:section a dkv:SourceSection ; rdfs:label "A section" ; dcterms:isPartOf ex:article .
  <https://w3id.org/drugkg/source/pharmacotherapydb/1.0> a dkv:SourceDocument ; rdfs:label "PharmacotherapyDB 1.0" .
  pdb:indications a dkv:SourceSection ; rdfs:label "indications" ;
    dcterms:isPartOf <https://w3id.org/drugkg/source/pharmacotherapydb/1.0> .
}
pdb:indications {
  ex:no a owl:NegativePropertyAssertion ; rdfs:label "x does not treat y" ;
    owl:sourceIndividual ex:x ; owl:assertionProperty dkv:treats ; owl:targetIndividual ex:y .
}
"""


def _store(tmp_path: Path, extra: str) -> ox.Store:
    path = tmp_path / "g.trig"
    path.write_text(HEADER + extra, encoding="utf-8")
    store = ox.Store()
    load_file(store, path)
    load_file(store, ONTOLOGY_FILE, to_graph=ox.NamedNode(str(GRAPH_ONTOLOGY)))
    return store


def test_graphs_are_grouped_by_source(tmp_path: Path) -> None:
    groups = fact_graphs_by_source(_store(tmp_path, "ex:section { ex:x dkv:approvedFor ex:y . }"))
    assert groups == {
        CURATED: {"https://example.org/d/section"},
        "pharmacotherapydb": {PHARMACOTHERAPYDB + "indications"},
    }


def test_a_contradiction_inside_one_source_is_found(tmp_path: Path) -> None:
    store = _store(tmp_path, "pdb:indications { ex:x dkv:approvedFor ex:y . }")
    assert contradictions_within_sources(store) == [
        "https://example.org/d/no is contradicted (within pharmacotherapydb)"
    ]


def test_a_fact_of_another_source_is_a_disagreement_not_a_contradiction(tmp_path: Path) -> None:
    store = _store(tmp_path, "ex:section { ex:x dkv:treats ex:y . }")
    assert contradictions_within_sources(store) == []
    assert conflicts_between_sources(store) == [
        SourceConflict(
            "https://example.org/d/x",
            "treats",
            "https://example.org/d/y",
            "A section (An article)",
            "indications (PharmacotherapyDB 1.0)",
            "stated fact against a negative statement",
        )
    ]


def test_a_symptomatic_judgement_denies_nothing(tmp_path: Path) -> None:
    """The trap: PharmacotherapyDB's SYM row (the drug treats a significant symptom of the disease)
    beside another source's statement that the drug treats or is approved for the disease is no
    disagreement; it used to be listed as "treats against judged symptomatic only", the SYM row as
    the denial."""
    store = _store(
        tmp_path,
        "pdb:indications { ex:a a dkv:IndicationAssessment ; dkv:assessedDrug ex:q ; dkv:assessedCondition ex:s ;\n"
        '    dkv:indicationCategory "SYM" ; dkv:curatorCount 3 ; dkv:resourceCount 2 .\n'
        "  ex:q dkv:symptomaticTreatmentFor ex:s . }\n"
        "ex:section { ex:q dkv:approvedFor ex:s . ex:q dkv:treats ex:s . }\n",
    )
    assert conflicts_between_sources(store) == []


def test_the_built_graph_has_no_disagreement(full_store: ox.Store) -> None:
    """Quetiapine is approved for schizophrenia (its label) and judged symptomatic for it
    (PharmacotherapyDB); clonazepam approved for panic disorder (the article), judged symptomatic:
    neither is a disagreement."""
    assert conflicts_between_sources(full_store) == []
    assert contradictions_within_sources(full_store) == []


def test_a_contradiction_inside_the_curated_sources_fails_the_build(tmp_path: Path, monkeypatch) -> None:
    import kg.compile.pipeline
    from kg.compile.pipeline import build, data_files

    extra = tmp_path / "extra.trig"
    extra.write_text(
        HEADER.split("dkg:sources")[0]
        + "<https://w3id.org/drugkg/source/clonazepam-depression-article/drug-and-class> {\n"
        '  ex:no2 a owl:NegativePropertyAssertion ; rdfs:label "n" ; owl:sourceIndividual dk:clonazepam ;\n'
        "    owl:assertionProperty dkv:memberOf ; owl:targetIndividual dk:cns-depressant .\n}\n",
        encoding="utf-8",
    )
    files = [*data_files(), extra]
    monkeypatch.setattr(kg.compile.pipeline, "data_files", lambda data_dir=None: files)
    out = tmp_path / "out"
    with pytest.raises(ValidationFailed) as error:
        build(out)
    assert str(error.value) == (
        "the closure contradicts a negative statement: "
        "https://example.org/d/no2 is contradicted (within curated sources)"
    )
    assert not out.exists()
