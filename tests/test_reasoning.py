"""Reasoning: the engine-side, semi-naive fixpoint agrees with the plain one, fills one graph per
rule, and every shipped rule gets its delta query (so none silently falls back to running whole)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.compile.pipeline import compile_dataset
from kg.compile.reasoning import delta_query, materialise
from kg.compile.rule_files import load_rules, parse_rule
from kg.loading import load_file
from kg.namespaces import DKV, GRAPH_ONTOLOGY, INFERRED_GRAPH_PREFIX
from kg.paths import ONTOLOGY_FILE, RULES_DIR
from tests.reference.reasoning import materialise_reference
from tests.reference.rule_algebra import head_and_body

TINY = Path(__file__).parent / "data" / "tiny.trig"
SHIPPED_RULES = sorted(RULES_DIR.glob("*.rq"))
DELTAS = [ox.NamedNode("https://example.org/delta/1"), ox.NamedNode("https://example.org/delta/2")]


def _load(path: Path) -> ox.Store:
    store = ox.Store()
    load_file(store, path)
    return store


def _graphs_of(store: ox.Store, s: str, p: str, o: str) -> set[str]:
    nodes = (ox.NamedNode(str(term)) for term in (s, p, o))
    return {q.graph_name.value for q in store.quads_for_pattern(*nodes, None)}


def test_tiny_graph_closure() -> None:
    dataset = ox.Store()
    load_file(dataset, ONTOLOGY_FILE, to_graph=ox.NamedNode(str(GRAPH_ONTOLOGY)))
    load_file(dataset, TINY)
    result = materialise(dataset)
    ex = "https://example.org/tiny/"
    assert _graphs_of(dataset, ex + "drugA", DKV.memberOf, ex + "classC") == {
        INFERRED_GRAPH_PREFIX + "member-of-up-hierarchy"
    }
    # inherited from classC (via classB, then the member), stated nowhere for drugA itself
    assert _graphs_of(dataset, ex + "drugA", DKV.interactsWith, ex + "substanceD") != set()
    assert _graphs_of(dataset, ex + "substanceD", DKV.interactsWith, ex + "classC") == {
        INFERRED_GRAPH_PREFIX + "symmetric-properties"
    }
    assert result.passes >= 2
    # a second run adds nothing: the closure is a fixpoint
    assert materialise(dataset).total == 0


def test_fast_reasoning_matches_reference_on_tiny_graph() -> None:
    fast, reference = compile_dataset(facts=[TINY]), compile_dataset(facts=[TINY])
    assert materialise(fast) == materialise_reference(reference)
    assert set(fast) == set(reference)


def test_fast_reasoning_matches_reference_on_synthetic_graph(synthetic_graph_file: Path) -> None:
    fast, reference = _load(synthetic_graph_file), _load(synthetic_graph_file)
    assert materialise(fast) == materialise_reference(reference)
    assert set(fast) == set(reference)


def test_fast_reasoning_leaves_no_scratch_or_delta_graphs(synthetic_graph_file: Path) -> None:
    store = _load(synthetic_graph_file)
    before = set(store.named_graphs())
    materialise(store)
    added = {g.value for g in set(store.named_graphs()) - before}
    assert added == {INFERRED_GRAPH_PREFIX + rule.name for rule in load_rules()}


def test_semi_naive_reads_only_the_delta(synthetic_graph_file: Path) -> None:
    store = _load(synthetic_graph_file)
    materialise(store)
    rule = next(r for r in load_rules() if r.name == "member-of-up-hierarchy")
    delta = ox.NamedNode("https://example.org/delta")
    drug, klass = ox.NamedNode("https://example.org/new-drug"), ox.NamedNode("https://example.org/new-class")
    store.add(ox.Quad(drug, ox.NamedNode(str(DKV.memberOf)), klass, delta))
    store.add(ox.Quad(klass, ox.NamedNode(str(DKV.kindOf)), ox.NamedNode(str(DKV.Drug)), delta))
    query = delta_query(rule, [delta], store)
    assert query is not None and query.count("GRAPH <https://example.org/delta>") == 2
    derived = set(store.query(query, use_default_graph_as_union=True))  # type: ignore[arg-type]
    assert derived == {ox.Triple(drug, ox.NamedNode(str(DKV.memberOf)), ox.NamedNode(str(DKV.Drug)))}


def test_delta_query_leaves_out_branches_whose_delta_holds_no_match() -> None:
    rule = next(r for r in load_rules() if r.name == "member-of-up-hierarchy")
    store = ox.Store()
    a, b = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b")
    store.add(ox.Quad(a, ox.NamedNode(str(DKV.memberOf)), b, DELTAS[0]))
    query = delta_query(rule, DELTAS, store)
    assert query is not None
    assert [line.strip() for line in query.splitlines() if "GRAPH" in line] == [
        f"{{ GRAPH {DELTAS[0]} {{ ?s <{DKV.memberOf}> ?class . }} ?class <{DKV.kindOf}> ?o . }}"
    ]
    nothing = delta_query(rule, DELTAS, ox.Store())
    assert nothing is not None and nothing.endswith("WHERE {\n  FILTER (false)\n}")
    assert set(store.query(nothing, use_default_graph_as_union=True)) == set()  # type: ignore[arg-type]


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
    assert path_rule.plain is None
    assert delta_query(path_rule, [ox.NamedNode("https://example.org/d")], ox.Store()) is None
    fast, reference = compile_dataset(facts=[TINY]), compile_dataset(facts=[TINY])
    assert materialise(fast, rules) == materialise_reference(reference, rules)
    assert set(fast) == set(reference)


@pytest.mark.parametrize("path", SHIPPED_RULES, ids=[path.name for path in SHIPPED_RULES])
def test_every_shipped_rule_gets_its_delta_query(path: Path) -> None:
    """One branch per body pattern and delta graph: that pattern read from the delta graph, the
    other patterns and every filter from the whole store; the rule's own template; valid SPARQL."""
    rule = parse_rule(path.read_text(encoding="utf-8"), path)
    assert rule.plain is not None, f"{path.name} is not plain: it would run whole on every pass"
    # no pattern lost to the parser: rdflib's algebra finds as many
    assert len(rule.plain.body) == len(head_and_body(rule.query)[1])
    query = delta_query(rule, DELTAS)
    assert query is not None
    head, where = query.split(" WHERE {\n", 1)
    assert head == rule.plain.prologue + rule.plain.construct
    branches = where.removesuffix("\n}").split("\n  UNION ")
    patterns = [str(pattern) for pattern in rule.plain.body]
    read_from_delta = []
    for branch in branches:
        assert branch.strip().startswith("{ GRAPH <https://example.org/delta/") and branch.endswith(" }")
        graph, pattern = branch.strip()[len("{ GRAPH ") :].split(" { ", 1)
        delta_pattern = next(p for p in patterns if pattern.startswith(p + " } "))
        read_from_delta.append((graph, delta_pattern))
        rest = pattern.removeprefix(delta_pattern + " } ")
        others = [p for p in patterns if p != delta_pattern]
        assert rest == " ".join([*others, *rule.plain.filters, "}"])
    assert sorted(read_from_delta) == sorted((str(d), p) for d in DELTAS for p in patterns)
    assert isinstance(ox.Store().query(query), ox.QueryTriples)


@pytest.fixture(scope="module")
def closure_with_everything_in_a_delta(synthetic_graph_file: Path) -> ox.Store:
    """The synthetic graph's closure, every fact also in the graph ``DELTAS[0]`` (read it, never change it)."""
    store = _load(synthetic_graph_file)
    materialise(store)
    store.extend([ox.Quad(q.subject, q.predicate, q.object, DELTAS[0]) for q in store])
    return store


@pytest.mark.parametrize("path", SHIPPED_RULES, ids=[path.name for path in SHIPPED_RULES])
def test_delta_query_over_everything_concludes_what_the_rule_does(
    path: Path, closure_with_everything_in_a_delta: ox.Store
) -> None:
    """With a delta graph holding every fact, the delta query concludes what the whole rule does."""
    store = closure_with_everything_in_a_delta
    rule = parse_rule(path.read_text(encoding="utf-8"), path)
    query = delta_query(rule, DELTAS[:1], store)
    assert query is not None
    whole = set(store.query(rule.query, use_default_graph_as_union=True))  # type: ignore[arg-type]
    assert whole != set()
    assert set(store.query(query, use_default_graph_as_union=True)) == whole  # type: ignore[arg-type]
