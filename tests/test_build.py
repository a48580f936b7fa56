"""The built dataset: asserted facts with provenance, the closure in inferred graphs, SHACL, and
negative statements that no inference contradicts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.compile.built
import kg.compile.pipeline
from kg.compile.pipeline import (
    BUILT_GRAPH_NAME,
    MANIFEST_NAME,
    build,
    build_inputs,
    compile_dataset,
    data_files,
    negative_assertion_conflicts,
    source_digest,
)
from kg.compile.reasoning import materialise
from kg.errors import InputError
from kg.namespaces import DK, DKV, INFERRED_GRAPH_PREFIX
from kg.paths import BUILD_DIR_ENV, ONTOLOGY_FILE, PACKAGE_DIR, QUALITY_CHECKS_DIR, RULES_DIR, SHAPES_FILE

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent
DOCTEST_THAT_BUILDS = "kg/analysis/derivations.py"
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


def test_negative_statement_is_queryable(full_store: ox.Store) -> None:
    rows = full_store.query(
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


def test_build_of_malformed_source_names_file_and_line_and_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(DATA / "malformed.trig", data_dir / "facts.trig")
    monkeypatch.setattr(kg.compile.built, "DATA_DIR", data_dir)
    monkeypatch.setattr(kg.compile.pipeline, "data_files", lambda data_dir=data_dir: sorted(data_dir.glob("*.trig")))
    out = tmp_path / "out"
    with pytest.raises(InputError) as error:
        build(out)
    message = str(error.value)
    assert "facts.trig" in message and "line 5" in message and "\n" not in message
    assert not out.exists()


def test_failed_rebuild_keeps_previous_build(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    build(out)
    before = (out / BUILT_GRAPH_NAME).read_bytes()
    versions = sorted(p.name for p in (out / "stores").iterdir())
    pointer = os.readlink(out / "store")
    monkeypatch.setattr(kg.compile.pipeline, "data_files", lambda: [DATA / "malformed.trig"])
    with pytest.raises(InputError):
        build(out)
    assert (out / BUILT_GRAPH_NAME).read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == [
        ".inputs-stamp.json",
        "drugkg.trig",
        "manifest.json",
        "store",
        "stores",
    ]
    assert (os.readlink(out / "store"), sorted(p.name for p in (out / "stores").iterdir())) == (pointer, versions)


def test_built_graph_conforms_to_shapes(store: ox.Store) -> None:
    """As the build validates it: the shapes in the engine over the whole graph, pySHACL over the
    curated part (pySHACL over the whole graph with the open datasets takes minutes)."""
    from kg.compile.disagreement import CURATED, fact_graphs_by_source
    from kg.compile.shapes_engine import validate_built
    from kg.namespaces import GRAPH_RULES, GRAPH_SOURCES

    curated = fact_graphs_by_source(store)[CURATED] | {str(GRAPH_SOURCES), str(GRAPH_RULES)}
    assert validate_built(store, curated) == []


def test_build_inputs_cover_everything_that_can_change_the_graph() -> None:
    inputs = set(build_inputs())
    code = PACKAGE_DIR / "compile"
    assert {ONTOLOGY_FILE, SHAPES_FILE, *data_files()} <= inputs
    assert {code / "pipeline.py", code / "reasoning.py", code / "rule_files.py", code / "validation.py"} <= inputs
    assert {PACKAGE_DIR / "loading.py", PACKAGE_DIR / "namespaces.py", PACKAGE_DIR / "query" / "engine.py"} <= inputs
    assert {RULES_DIR / "kind-of-transitive.rq", QUALITY_CHECKS_DIR / "negative-assertion-violation.rq"} <= inputs
    assert set(RULES_DIR.glob("*.rq")) | set(QUALITY_CHECKS_DIR.glob("*.rq")) <= inputs


def _copy_of(source: Path, tmp_path: Path) -> Path:
    """A copy of a file or folder (without caches) in ``tmp_path``."""
    target = tmp_path / "copy" / source.name
    if source.is_dir():
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        target.parent.mkdir(parents=True)
        shutil.copy(source, target)
    return target


@pytest.mark.parametrize(
    ("name", "changed"),
    [
        ("ONTOLOGY_FILE", ""),
        ("SHAPES_FILE", ""),
        ("RULES_DIR", "kind-of-transitive.rq"),
        ("QUALITY_CHECKS_DIR", "negative-assertion-violation.rq"),
        ("PACKAGE_DIR", "compile/reasoning.py"),
        ("PACKAGE_DIR", "graph_facts.py"),
    ],
)
def test_changing_the_bytes_of_a_build_input_changes_the_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, changed: str
) -> None:
    copy = _copy_of(getattr(kg.compile.built, name), tmp_path)
    monkeypatch.setattr(kg.compile.built, name, copy)
    touched = copy / changed if changed else copy
    before = source_digest()
    original = touched.read_bytes()
    touched.write_bytes(original + b"\n")
    assert source_digest() != before
    touched.write_bytes(original)
    assert source_digest() == before


def test_changing_a_data_file_changes_the_digest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copies = [_copy_of(path, tmp_path / path.stem) for path in data_files()]
    monkeypatch.setattr(kg.compile.built, "data_files", lambda: copies)
    before = source_digest()
    copies[0].write_bytes(copies[0].read_bytes() + b"\n")
    assert source_digest() != before


def test_changing_a_code_file_makes_the_next_command_rebuild(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = _copy_of(PACKAGE_DIR, tmp_path)
    monkeypatch.setattr(kg.compile.built, "PACKAGE_DIR", code)
    builds: list[Path | None] = []
    real_build = kg.compile.pipeline.build

    def counted_build(
        out_dir: Path | None = None, data_dir: Path | None = None, *, open_datasets: bool = True
    ) -> kg.compile.pipeline.BuildResult:
        builds.append(out_dir)
        return real_build(out_dir, data_dir, open_datasets=open_datasets)

    monkeypatch.setattr(kg.compile.pipeline, "build", counted_build)
    out = tmp_path / "out"
    real_build(out, open_datasets=False)  # the curated graph: a quick build
    first = cli("info", "Klonopin", "--build-dir", str(out))
    assert first.code == 0 and builds == []  # current: no build
    reasoning = code / "compile" / "reasoning.py"
    reasoning.write_bytes(reasoning.read_bytes() + b"\n# a change\n")
    assert cli("info", "Klonopin", "--build-dir", str(out)) == first and builds == [out]
    assert (out / MANIFEST_NAME).read_text(encoding="utf-8").count(source_digest()) == 1


def test_doctests_build_outside_the_users_cache(tmp_path: Path) -> None:
    """The root conftest.py points the build folder at a temp folder for doctests too: a doctest
    that builds (kg.analysis.derivations opens the built graph) writes nothing under $HOME."""
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in (BUILD_DIR_ENV, "XDG_CACHE_HOME")}
    basetemp = tmp_path / "basetemp"
    pytest_args = ["-q", "-n0", "-p", "no:cacheprovider", "--basetemp", str(basetemp), DOCTEST_THAT_BUILDS]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", *pytest_args],
        cwd=REPO,
        env={**env, "HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout
    assert list(home.iterdir()) == []
    assert list(basetemp.glob(f"build*/{BUILT_GRAPH_NAME}")) != []


def test_built_store_is_opened_once_and_read_only(built) -> None:
    """``open_built_store`` opens the build's on-disk store once per process, read-only: a caller
    cannot change what the next caller gets."""
    from kg.compile.pipeline import open_built_store

    first = open_built_store(built.out_dir)
    assert open_built_store(built.out_dir) is first
    intruder = ox.Quad(ox.NamedNode(DK + "x"), ox.NamedNode(DKV + "treats"), ox.NamedNode(DK + "y"))
    with pytest.raises(RuntimeError, match="read-write"):
        first.add(intruder)
    assert intruder not in first and len(first) == built.quads


def test_a_build_without_the_datasets_is_rebuilt_without_them(built, tmp_path: Path) -> None:
    """``build --no-datasets`` writes the curated facts alone, and a command that finds the build
    out of date rebuilds it the same way (the manifest remembers)."""
    import json

    from kg.compile.pipeline import open_built_store

    out = tmp_path / "curated"
    shutil.copytree(built.out_dir, out)
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["open_datasets"] is False and manifest["sources"] == {}
    manifest["source_digest"] = "stale"
    (out / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    rebuilt = open_built_store(out)
    assert json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["source_digest"] == source_digest()
    graphs = {g.value for g in rebuilt.named_graphs() if isinstance(g, ox.NamedNode)}
    assert not any(g.startswith("https://w3id.org/drugkg/source/drugcentral/") for g in graphs)
    assert len(rebuilt) == built.quads


def test_the_build_with_the_datasets_holds_them(built_full) -> None:
    import json

    manifest = json.loads((built_full.out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["open_datasets"] is True
    assert set(manifest["sources"]) == {"pharmacotherapydb", "drugcentral", "disease-ontology", "mesh", "spl-adr-200db"}
