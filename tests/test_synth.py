"""The synthetic graph generator: deterministic, sized as asked, and shaped like the real graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.pipeline import compile_dataset, describe_rules, negative_assertion_conflicts
from kg.build.reasoning import load_rules, materialise, materialise_reference
from kg.build.validation import validate_store
from kg.loading import load_file
from kg.namespaces import DKV, GRAPH_ONTOLOGY, GRAPH_SOURCES, INFERRED_GRAPH_PREFIX
from kg.query.library import named_queries, quality_checks
from kg.query.local import LocalStore
from kg.synth import drug_label, write_synthetic

SIZE = 5000


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_synthetic(tmp_path_factory.mktemp("synth") / "g.nq", SIZE, seed=7).path


def _load(path: Path) -> ox.Store:
    store = ox.Store()
    load_file(store, path)
    return store


def test_same_seed_same_bytes(tmp_path: Path, synthetic: Path) -> None:
    again = write_synthetic(tmp_path / "again.nq", SIZE, seed=7).path
    other = write_synthetic(tmp_path / "other.nq", SIZE, seed=8).path
    assert again.read_bytes() == synthetic.read_bytes()
    assert other.read_bytes() != synthetic.read_bytes()


def test_size_within_five_percent(synthetic: Path) -> None:
    quads = len(_load(synthetic))
    assert 0.95 * SIZE <= quads <= 1.05 * SIZE


def test_trig_holds_the_same_quads(tmp_path: Path, synthetic: Path) -> None:
    trig = write_synthetic(tmp_path / "g.trig", SIZE, seed=7).path
    assert set(_load(trig)) == set(_load(synthetic))


def test_every_fact_in_a_described_source_section(synthetic: Path) -> None:
    store = _load(synthetic)
    assert next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None
    section_type = ox.NamedNode(str(DKV.SourceSection))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    sections = {q.subject for q in store.quads_for_pattern(None, rdf_type, section_type, None)}
    special = {ox.NamedNode(str(GRAPH_SOURCES)), ox.NamedNode(str(GRAPH_ONTOLOGY))}
    assert set(store.named_graphs()) - special == sections


def test_rules_and_shapes_hold(synthetic: Path) -> None:
    store = _load(synthetic)
    rules = load_rules()
    result = materialise(store, rules)
    assert {name for name, count in result.added.items() if count == 0} == set()
    assert negative_assertion_conflicts(store) == []
    describe_rules(store, rules)
    assert validate_store(store) == []
    dataset = LocalStore(store)
    for query in quality_checks():
        assert dataset.query(query).rows == [], query.name


def test_competency_queries_run(synthetic: Path) -> None:
    dataset = LocalStore(_load(synthetic))
    failed = []
    for query in named_queries():
        try:
            dataset.query(query, timeout=None)
        except Exception as error:
            failed.append(f"{query.name}: {error}")
    assert failed == []


def test_class_members_query_sees_synthetic_members(synthetic: Path) -> None:
    store = _load(synthetic)
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


def test_fast_reasoning_matches_reference_on_tiny_graph() -> None:
    tiny = Path(__file__).parent / "data" / "tiny.trig"
    fast, reference = compile_dataset(facts=[tiny]), compile_dataset(facts=[tiny])
    assert materialise(fast) == materialise_reference(reference)
    assert set(fast) == set(reference)


def test_fast_reasoning_matches_reference_on_synthetic_graph(synthetic: Path) -> None:
    fast, reference = _load(synthetic), _load(synthetic)
    assert materialise(fast) == materialise_reference(reference)
    assert set(fast) == set(reference)


def test_fast_reasoning_leaves_no_scratch_or_delta_graphs(synthetic: Path) -> None:
    store = _load(synthetic)
    before = set(store.named_graphs())
    materialise(store)
    added = {g.value for g in set(store.named_graphs()) - before}
    assert added == {INFERRED_GRAPH_PREFIX + rule.name for rule in load_rules()}


def test_semi_naive_reads_only_the_delta(synthetic: Path) -> None:
    store = _load(synthetic)
    materialise(store)
    rule = next(r for r in load_rules() if r.name == "member-of-up-hierarchy")
    delta = ox.NamedNode("https://example.org/delta")
    drug, klass = ox.NamedNode("https://example.org/new-drug"), ox.NamedNode("https://example.org/new-class")
    store.add(ox.Quad(drug, ox.NamedNode(str(DKV.memberOf)), klass, delta))
    store.add(ox.Quad(klass, ox.NamedNode(str(DKV.kindOf)), ox.NamedNode(str(DKV.Drug)), delta))
    query = rule.delta_query([delta], store)
    assert query is not None and query.count("GRAPH <https://example.org/delta>") == 2
    derived = set(store.query(query, use_default_graph_as_union=True))  # type: ignore[arg-type]
    assert derived == {ox.Triple(drug, ox.NamedNode(str(DKV.memberOf)), ox.NamedNode(str(DKV.Drug)))}


def test_rules_beyond_plain_patterns_run_whole_and_agree_with_the_reference(tmp_path: Path) -> None:
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    for rule in load_rules():
        (rules_dir / rule.path.name).write_text(rule.query, encoding="utf-8")
    (rules_dir / "member-of-by-path.rq").write_text(
        "# Rule: member-of-by-path\n# Label: membership up a path\n# Definition: A test rule with a path.\n"
        "PREFIX dkv: <https://w3id.org/drugkg/vocab/>\n"
        "CONSTRUCT { ?s dkv:memberOf ?o }\nWHERE {\n  ?s dkv:memberOf/dkv:kindOf+ ?o .\n}\n",
        encoding="utf-8",
    )
    rules = load_rules(rules_dir)
    path_rule = next(r for r in rules if r.name == "member-of-by-path")
    assert path_rule.delta_query([ox.NamedNode("https://example.org/d")], ox.Store()) is None
    tiny = Path(__file__).parent / "data" / "tiny.trig"
    fast, reference = compile_dataset(facts=[tiny]), compile_dataset(facts=[tiny])
    assert materialise(fast, rules) == materialise_reference(reference, rules)
    assert set(fast) == set(reference)


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
