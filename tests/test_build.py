"""The built dataset: asserted facts with provenance, the closure in inferred graphs, SHACL, and
negative statements that no inference contradicts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.pipeline import BUILT_GRAPH_NAME, build, compile_dataset, negative_assertion_conflicts
from kg.build.reasoning import materialise
from kg.errors import InputError
from kg.namespaces import DK, DKV, INFERRED_GRAPH_PREFIX

DATA = Path(__file__).parent / "data"
ARTICLE = "https://w3id.org/drugkg/source/clonazepam-depression-article/"


def nn(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def graphs_of(store: ox.Store, s: object, p: object, o: object) -> set[str]:
    return {q.graph_name.value for q in store.quads_for_pattern(nn(s), nn(p), nn(o), None)}


@pytest.mark.parametrize(
    ("s", "p", "o", "section"),
    [
        (DK.clonazepam, DKV.memberOf, DK.benzodiazepine, "drug-and-class"),
        (DK.clonazepam, DKV.approvedFor, DK["panic-disorder"], "drug-and-class"),
        (DK.clonazepam, DKV.adjunctTo, DK.antidepressant, "role-in-depression"),
        (DK.clonazepam, DKV.relieves, DK.insomnia, "role-in-depression"),
        (DK.clonazepam, DKV.hasParadoxicalEffect, DK["suicidal-thoughts"], "side-effects-and-safety"),
        (DK.clonazepam, DKV.interactsWith, DK.alcohol, "side-effects-and-safety"),
        (DK.clonazepam, DKV.makesUnsafe, DK.driving, "side-effects-and-safety"),
        (DK.clonazepam, DKV.hasWithdrawalSymptom, DK["grand-mal-seizure"], "dependence-and-withdrawal"),
        (DK.clonazepam, DKV.discontinuationManagedBy, DK["gradual-taper"], "dependence-and-withdrawal"),
        (DK.ssri, DKV.firstLineFor, DK.depression, "first-line-treatments"),
        (DK.cbt, DKV.kindOf, DK.psychotherapy, "first-line-treatments"),
    ],
)
def test_asserted_fact_sits_in_its_source_section(store: ox.Store, s, p, o, section: str) -> None:
    assert ARTICLE + section in graphs_of(store, s, p, o)


@pytest.mark.parametrize(
    ("s", "p", "o", "rule"),
    [
        (DK.alcohol, DKV.interactsWith, DK.clonazepam, "symmetric-properties"),
        (DK.clonazepam, DKV.hasSideEffect, DK.drowsiness, "sub-property"),
        (DK.clonazepam, DKV.treats, DK["panic-disorder"], "sub-property"),
        (DK.opioid, DKV.interactsWith, DK.clonazepam, "symmetric-properties"),
        (DK.clonazepam, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", DKV.Substance, "type-up-hierarchy"),
    ],
)
def test_inferred_fact_sits_in_its_rule_graph(store: ox.Store, s, p, o, rule: str) -> None:
    assert graphs_of(store, s, p, o) == {INFERRED_GRAPH_PREFIX + rule}


def test_closure_never_makes_clonazepam_an_antidepressant(store: ox.Store) -> None:
    assert graphs_of(store, DK.clonazepam, DKV.memberOf, DK.antidepressant) == set()
    assert graphs_of(store, DK.clonazepam, DKV.treats, DK.depression) == set()
    assert negative_assertion_conflicts(store) == []


def test_negative_statement_is_queryable(store: ox.Store) -> None:
    rows = store.query(
        """PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?s ?p ?o WHERE { ?n a owl:NegativePropertyAssertion ; owl:sourceIndividual ?s ;
                             owl:assertionProperty ?p ; owl:targetIndividual ?o }""",
        use_default_graph_as_union=True,
        substitutions={ox.Variable("s"): nn(DK.clonazepam)},
    )
    assert {(r["p"].value, r["o"].value) for r in rows} == {
        (str(DKV.memberOf), str(DK.antidepressant)),
        (str(DKV.treats), str(DK.depression)),
        # PharmacotherapyDB: clonazepam is judged not an indication for osteoarthritis (DOID:8398)
        (str(DKV.treats), str(DK["doid-8398"])),
        (str(DKV.symptomaticTreatmentFor), str(DK["doid-8398"])),
    }


def test_contradicting_an_negative_statement_is_caught() -> None:
    dataset = compile_dataset()
    dataset.add(ox.Quad(nn(DK.clonazepam), nn(DKV.memberOf), nn(DK.ssri), ox.NamedNode(ARTICLE + "drug-and-class")))
    materialise(dataset)  # ssri is a kind of antidepressant: membership goes up
    # membership in antidepressant, and through it the class-level "treats depression"
    assert negative_assertion_conflicts(dataset) == [
        f"{DK['clonazepam-does-not-treat-depression']} is contradicted",
        f"{DK['clonazepam-not-antidepressant']} is contradicted",
    ]


def test_tiny_graph_closure() -> None:
    from kg.loading import load_file
    from kg.namespaces import GRAPH_ONTOLOGY
    from kg.paths import ONTOLOGY_FILE

    dataset = ox.Store()
    load_file(dataset, ONTOLOGY_FILE, to_graph=nn(GRAPH_ONTOLOGY))
    load_file(dataset, DATA / "tiny.trig")
    result = materialise(dataset)
    ex = "https://example.org/tiny/"
    assert graphs_of(dataset, ex + "drugA", DKV.memberOf, ex + "classC") == {
        INFERRED_GRAPH_PREFIX + "member-of-up-hierarchy"
    }
    # inherited from classC (via classB, then the member), stated nowhere for drugA itself
    assert graphs_of(dataset, ex + "drugA", DKV.interactsWith, ex + "substanceD") != set()
    assert graphs_of(dataset, ex + "substanceD", DKV.interactsWith, ex + "classC") == {
        INFERRED_GRAPH_PREFIX + "symmetric-properties"
    }
    assert result.passes >= 2
    # a second run adds nothing: the closure is a fixpoint
    assert materialise(dataset).total == 0


def test_build_of_malformed_source_names_file_and_line_and_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    import kg.build.pipeline

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(DATA / "malformed.trig", data_dir / "facts.trig")
    monkeypatch.setattr(kg.build.pipeline, "DATA_DIR", data_dir)
    monkeypatch.setattr(kg.build.pipeline, "data_files", lambda data_dir=data_dir: sorted(data_dir.glob("*.trig")))
    out = tmp_path / "out"
    with pytest.raises(InputError) as error:
        build(out)
    message = str(error.value)
    assert "facts.trig" in message and "line 5" in message and "\n" not in message
    assert not out.exists()


def test_failed_rebuild_keeps_previous_build(tmp_path: Path, monkeypatch) -> None:
    import kg.build.pipeline

    out = tmp_path / "out"
    build(out)
    before = (out / BUILT_GRAPH_NAME).read_bytes()
    monkeypatch.setattr(kg.build.pipeline, "data_files", lambda: [DATA / "malformed.trig"])
    with pytest.raises(InputError):
        build(out)
    assert (out / BUILT_GRAPH_NAME).read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["drugkg.trig", "manifest.json"]


def test_built_graph_conforms_to_shapes(store: ox.Store) -> None:
    """As the build validates it: the shapes in the engine over the whole graph, pySHACL over the
    curated part (pySHACL over the whole graph with the open datasets takes minutes)."""
    from kg.build.disagreement import CURATED, fact_graphs_by_source
    from kg.build.shapes_engine import validate_built
    from kg.namespaces import GRAPH_RULES, GRAPH_SOURCES

    curated = fact_graphs_by_source(store)[CURATED] | {str(GRAPH_SOURCES), str(GRAPH_RULES)}
    assert validate_built(store, curated) == []
