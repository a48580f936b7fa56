"""Explanations: every inferred fact has a derivation tree down to asserted facts and their sources."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.errors import InputError
from kg.namespaces import DK, DKV, INFERRED_GRAPH_PREFIX
from kg.views.derivations import Derivation, explain, inferred_triples_about

ARTICLE_SAFETY = "Side effects and safety concerns (Article on clonazepam (Klonopin) and depression)"
ATC_N02A = "ATC group N02A: opioids (WHO ATC/DDD Index)"


def _triple(s: str, p: str, o: str) -> ox.Triple:
    return ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o))


def _leaves(derivation: Derivation) -> set[tuple[str, str, str, tuple[str, ...]]]:
    return {
        (str(leaf.triple.subject), str(leaf.triple.predicate), str(leaf.triple.object), leaf.sources)
        for leaf in derivation.leaves()
    }


def _asserted(store: ox.Store, triple: ox.Triple) -> bool:
    return any(
        not q.graph_name.value.startswith(INFERRED_GRAPH_PREFIX)
        for q in store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)
        if isinstance(q.graph_name, ox.NamedNode)
    )


def test_membership_up_the_hierarchy(store: ox.Store) -> None:
    tree = explain(store, _triple(DK.oxycodone, DKV.memberOf, DK["cns-depressant"]))
    assert tree.rule == "member-of-up-hierarchy"
    assert _leaves(tree) == {
        (f"<{DK.oxycodone}>", f"<{DKV.memberOf}>", f"<{DK.opioid}>", (ATC_N02A,)),
        (f"<{DK.opioid}>", f"<{DKV.kindOf}>", f"<{DK['cns-depressant']}>", (ARTICLE_SAFETY,)),
    }


def test_class_level_interaction_reaches_the_member(store: ox.Store) -> None:
    tree = explain(store, _triple(DK.oxycodone, DKV.interactsWith, DK.clonazepam))
    assert tree.rule == "inherited-by-members"
    leaves = _leaves(tree)
    # the way with the fewest inferred premises: the article's "clonazepam interacts with opioids"
    # (through symmetry) and oxycodone's membership of the opioids
    assert (f"<{DK.clonazepam}>", f"<{DKV.interactsWith}>", f"<{DK.opioid}>", (ARTICLE_SAFETY,)) in leaves
    assert (f"<{DK.oxycodone}>", f"<{DKV.memberOf}>", f"<{DK.opioid}>", (ATC_N02A,)) in leaves


def test_an_asserted_fact_is_its_own_explanation(store: ox.Store) -> None:
    tree = explain(store, _triple(DK.oxycodone, DKV.memberOf, DK.opioid))
    assert tree.asserted and tree.premises == () and tree.sources == (ATC_N02A,)


def test_a_fact_the_graph_does_not_hold_is_an_error(store: ox.Store) -> None:
    with pytest.raises(InputError, match="does not hold or cannot derive"):
        explain(store, _triple(DK.sertraline, DKV.memberOf, DK.benzodiazepine))


def _all_inferred(store: ox.Store) -> list[ox.Triple]:
    triples = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(INFERRED_GRAPH_PREFIX)
    }
    return sorted(triples, key=str)


def test_every_inferred_fact_rests_on_asserted_facts(curated_store: ox.Store) -> None:
    """Each derivation is well-founded: every leaf is in an asserted graph, every inner node names a rule.
    Every inferred fact of the curated graph (the article's graph, without the open datasets)."""
    store = curated_store
    inferred = [t for t in _all_inferred(store) if not _asserted(store, t)]
    assert len(inferred) > 100
    for triple in inferred:
        tree = explain(store, triple)
        assert tree.rule is not None, triple
        assert all(_asserted(store, leaf.triple) for leaf in tree.leaves()), triple


def test_inferred_facts_of_the_built_graph_rest_on_asserted_facts(store: ox.Store) -> None:
    """The same on the built graph with the open datasets (85,000 inferred facts): every inferred fact
    about a curated drug or class, and 40 drawn at random from each rule's graph."""
    import random

    curated = {str(DK[name]) for name in ("clonazepam", "alprazolam", "benzodiazepine", "opioid", "cns-depressant")}
    by_rule: dict[str, list[ox.Triple]] = {}
    for quad in store:
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode) and graph.value.startswith(INFERRED_GRAPH_PREFIX):
            by_rule.setdefault(graph.value, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
    rng = random.Random(0)
    chosen = [t for triples in by_rule.values() for t in triples if str(t.subject.value) in curated]
    for _, triples in sorted(by_rule.items()):
        chosen += rng.sample(sorted(triples, key=str), min(40, len(triples)))
    assert len(by_rule) == 7 and len(chosen) > 300
    for triple in chosen:
        if _asserted(store, triple):
            continue
        tree = explain(store, triple)
        assert tree.rule is not None, triple
        assert all(_asserted(store, leaf.triple) for leaf in tree.leaves()), triple


def test_inferred_triples_about_an_entity(store: ox.Store) -> None:
    about = {
        (str(t.subject), str(t.predicate), str(t.object)) for t in inferred_triples_about(store, str(DK.oxycodone))
    }
    assert (f"<{DK.oxycodone}>", f"<{DKV.memberOf}>", f"<{DK['cns-depressant']}>") in about
    assert (f"<{DK.oxycodone}>", f"<{DKV.memberOf}>", f"<{DK.opioid}>") not in about  # asserted


def test_explain_command(cli) -> None:
    result = cli("explain", "oxycodone", "member of", "CNS depressant")
    assert result.code == 0
    assert result.out.splitlines() == [
        "oxycodone -member of-> central nervous system depressant   (inferred by rule member-of-up-hierarchy, from:)",
        f"    opioid -kind of-> central nervous system depressant   [{ARTICLE_SAFETY}]",
        f"    oxycodone -member of-> opioid   [{ATC_N02A}]",
    ]


def test_explain_command_json(cli) -> None:
    result = cli("explain", "dk:oxycodone", "dkv:memberOf", "dk:cns-depressant", "--format", "json")
    data = json.loads(result.out)
    assert data["rule"] == "member-of-up-hierarchy"
    assert {p["object"]["curie"] for p in data["premises"]} == {"dk:opioid", "dk:cns-depressant"}


def test_explain_command_bad_input(cli) -> None:
    result = cli("explain", "sertraline", "member of", "benzodiazepine")
    assert result.code == 2 and result.err.count("\n") == 1


def test_info_explanations_section(cli) -> None:
    result = cli("info", "oxycodone", "--explain")
    assert result.code == 0
    lines = result.out.splitlines()
    assert "explanations:" in lines
    assert (
        "  oxycodone -member of-> central nervous system depressant   (inferred by rule member-of-up-hierarchy, from:)"
        in lines
    )
    assert "explanations:" not in cli("info", "oxycodone").out
