"""The vocabulary and the built graph in the field's OWL tools.

owlready2 loads both; HermiT (the OWL 2 DL reasoner owlready2 ships, run on Debian's Java runtime,
which .ci/run installs) finds the built graph consistent with no unsatisfiable class; a fact the
sources deny, or a relation between the wrong kinds of thing, makes it inconsistent, so the negative
statements and the class axioms mean what they say to a reasoner. Pellet's ``info``, also shipped
with owlready2, reports the OWL API's profile check: OWL 2 DL.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.namespaces import DK, DKV
from kg.paths import ONTOLOGY_FILE

JAVA = shutil.which("java")


@pytest.fixture(scope="module")
def owlready2():
    """owlready2, set to run its reasoners on the Java runtime found (skipped, with the reason, without one)."""
    if JAVA is None:
        pytest.skip("no Java runtime (Debian package default-jre-headless; .ci/run installs it)")
    import owlready2

    owlready2.JAVA_EXE = JAVA
    return owlready2


@pytest.fixture(scope="module")
def owl_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("owl")


@pytest.fixture(scope="module")
def graph_triples(store: ox.Store, owl_folder: Path) -> str:
    """The built graph as N-Triples: every named graph merged, the vocabulary's among them."""
    path = owl_folder / "drugkg.nt"
    ox.serialize((quad.triple for quad in store), output=str(path), format=ox.RdfFormat.N_TRIPLES)
    return path.read_text(encoding="utf-8")


def load(owlready2, path: Path):
    """A fresh owlready2 world holding the N-Triples file ``path``."""
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    return world


def reason(owlready2, world, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """HermiT on ``world`` (owlready2 writes its input file to the temporary folder: ``folder`` here)."""
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)


def with_fact(graph_triples: str, folder: Path, fact: tuple[str, str, str]) -> Path:
    path = folder / "with-fact.nt"
    path.write_text(graph_triples + " ".join(f"<{term}>" for term in fact) + " .\n", encoding="utf-8")
    return path


def test_owlready2_loads_the_vocabulary(owlready2, owl_folder: Path) -> None:
    path = owl_folder / "vocab.nt"
    ox.serialize(ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE), output=str(path))
    world = load(owlready2, path)
    assert isinstance(world[str(DKV.treats)], owlready2.ObjectPropertyClass)
    assert isinstance(world[str(DKV.lifeThreatening)], owlready2.DataPropertyClass)
    assert isinstance(world[str(DKV.brandName)], owlready2.AnnotationPropertyClass)
    assert isinstance(world[str(DKV.InheritedByMembers)], owlready2.ThingClass)
    assert set(world[str(DKV.Drug)].is_a) == {world[str(DKV.Intervention)], world[str(DKV.Substance)]}


def test_hermit_finds_the_built_graph_consistent(
    owlready2, graph_triples: str, owl_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = load(owlready2, owl_folder / "drugkg.nt")
    assert world[str(DK.clonazepam)] is not None
    reason(owlready2, world, owl_folder, monkeypatch)
    assert list(world.inconsistent_classes()) == []
    # HermiT's conclusions came back: clonazepam, a drug, is a substance and an intervention.
    assert {world[str(DKV.Substance)], world[str(DKV.Intervention)]} <= set(world[str(DK.clonazepam)].INDIRECT_is_a)


@pytest.mark.parametrize(
    "fact",
    [
        (DK.clonazepam, DKV.treats, DK.depression),  # stated not to hold
        (DK.clonazepam, DKV.approvedFor, DK.depression),  # a narrower relation implies treats
        (DK.clonazepam, DKV.memberOf, DK.antidepressant),  # stated not to hold
    ],
    ids=["treats", "approved-for", "member-of"],
)
def test_a_fact_the_sources_deny_is_inconsistent(
    owlready2, graph_triples: str, owl_folder: Path, monkeypatch: pytest.MonkeyPatch, fact: tuple[str, str, str]
) -> None:
    world = load(owlready2, with_fact(graph_triples, owl_folder, fact))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(owlready2, world, owl_folder, monkeypatch)


def test_a_relation_between_the_wrong_kinds_is_inconsistent(
    owlready2, graph_triples: str, owl_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """treats has interventions as its domain, and a condition is never an intervention."""
    world = load(owlready2, with_fact(graph_triples, owl_folder, (DK.depression, DKV.treats, DK.anxiety)))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(owlready2, world, owl_folder, monkeypatch)


def test_the_owl_api_profile_check_says_owl_2_dl(owlready2, graph_triples: str, owl_folder: Path) -> None:
    pellet = Path(owlready2.__file__).parent / "pellet"
    result = subprocess.run(
        [JAVA, "-cp", f"{pellet}/*", "pellet.Pellet", "info", str(owl_folder / "drugkg.nt")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "OWL Profile = OWL 2 DL\n" in result.stdout
