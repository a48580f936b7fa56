"""The synthetic graph generator: deterministic, sized as asked, and shaped like the real graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.compile.pipeline import describe_rules, negative_assertion_conflicts
from kg.compile.reasoning import materialise
from kg.compile.rule_files import load_rules
from kg.compile.validation import validate_store
from kg.loading import load_file
from kg.namespaces import DKV, GRAPH_ONTOLOGY, GRAPH_SOURCES
from kg.query.library import named_queries, quality_checks
from kg.query.local import LocalStore
from kg.synth import drug_label, write_synthetic

#: The size and seed of the shared ``synthetic_graph_file`` fixture (tests/conftest.py).
SIZE, SEED = 5000, 7


def _load(path: Path) -> ox.Store:
    store = ox.Store()
    load_file(store, path)
    return store


def test_same_seed_same_bytes(tmp_path: Path, synthetic_graph_file: Path) -> None:
    again = write_synthetic(tmp_path / "again.nq", SIZE, seed=SEED).path
    other = write_synthetic(tmp_path / "other.nq", SIZE, seed=SEED + 1).path
    assert again.read_bytes() == synthetic_graph_file.read_bytes()
    assert other.read_bytes() != synthetic_graph_file.read_bytes()


def test_size_within_five_percent(synthetic_graph_file: Path) -> None:
    quads = len(_load(synthetic_graph_file))
    assert 0.95 * SIZE <= quads <= 1.05 * SIZE


def test_trig_holds_the_same_quads(tmp_path: Path, synthetic_graph_file: Path) -> None:
    trig = write_synthetic(tmp_path / "g.trig", SIZE, seed=SEED).path
    assert set(_load(trig)) == set(_load(synthetic_graph_file))


def test_every_fact_in_a_described_source_section(synthetic_graph_file: Path) -> None:
    store = _load(synthetic_graph_file)
    assert next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None
    section_type = ox.NamedNode(str(DKV.SourceSection))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    sections = {q.subject for q in store.quads_for_pattern(None, rdf_type, section_type, None)}
    special = {ox.NamedNode(str(GRAPH_SOURCES)), ox.NamedNode(str(GRAPH_ONTOLOGY))}
    assert set(store.named_graphs()) - special == sections


def test_rules_and_shapes_hold(synthetic_graph_file: Path) -> None:
    store = _load(synthetic_graph_file)
    rules = load_rules()
    result = materialise(store, rules)
    assert {name for name, count in result.added.items() if count == 0} == set()
    assert negative_assertion_conflicts(store) == []
    describe_rules(store, rules)
    assert validate_store(store) == []
    dataset = LocalStore(store)
    for query in quality_checks():
        assert dataset.query(query).rows == [], query.name


def test_competency_queries_run(synthetic_graph_file: Path) -> None:
    dataset = LocalStore(_load(synthetic_graph_file))
    failed = []
    for query in named_queries():
        try:
            dataset.query(query, timeout=None)
        except Exception as error:
            failed.append(f"{query.name}: {error}")
    assert failed == []


def test_class_members_query_sees_synthetic_members(synthetic_graph_file: Path) -> None:
    store = _load(synthetic_graph_file)
    materialise(store)
    dataset = LocalStore(store)
    rows = dataset.query("class-members", {"class": "dk:synth-class-0"}).rows
    members = {(row[2].value, row[4].value) for row in rows}
    # The same answer worked out from the asserted facts alone, with property paths.
    expected = dataset.query_text(
        "SELECT DISTINCT ?m ?r WHERE { { ?m dkv:memberOf/dkv:kindOf* dk:synth-class-0 BIND ('member' AS ?r) }"
        " UNION { ?m dkv:kindOf+ dk:synth-class-0 BIND ('narrower class' AS ?r) } }",
        inferred=False,
    ).rows
    assert members == {(m.value, r.value) for m, r in expected}
    assert {r for _, r in members} == {"member", "narrower class"}


def test_drug_labels_are_unique() -> None:
    labels = [drug_label(i) for i in range(20000)]
    assert len(set(labels)) == len(labels)


def test_synth_command(cli, tmp_path: Path) -> None:
    result = cli("synth", "--triples", "3000", "--seed", "3", "-o", str(tmp_path / "g.nq"), "--quiet")
    assert (result.code, result.out.strip(), result.err) == (0, str(tmp_path / "g.nq"), "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--triples", "10"], "--triples must be at least"),
        (["--triples", "3000", "--format-typo"], "unrecognized arguments"),
    ],
)
def test_synth_command_bad_input(cli, tmp_path: Path, args: list[str], message: str) -> None:
    result = cli("synth", *args, "-o", str(tmp_path / "g.nq"))
    assert result.code == 2
    assert message in result.err
    assert list(tmp_path.iterdir()) == []


def test_synth_command_bad_extension(cli, tmp_path: Path) -> None:
    result = cli("synth", "--triples", "3000", "-o", str(tmp_path / "g.ttl"))
    assert result.code == 2
    assert "write the synthetic graph to a .nq or .trig file" in result.err
    assert list(tmp_path.iterdir()) == []
