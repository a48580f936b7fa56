"""The check reads only what the checked drugs need, and reports exactly what a whole-graph read did.

:class:`reference.whole_graph_check.WholeGraph` is the reference: the check's graph as it was
before it read on demand (every label and every asserted ``memberOf`` / ``kindOf`` link loaded up
front into one networkx graph, edges added in sorted (subject, predicate, object, graph) order).
Each test compares the JSON report of :func:`kg.analysis.medication_check.check` with the report the
same lists get over the reference.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest
from reference.whole_graph_check import WholeGraph
from synthetic_graphs import synth_store

from kg.analysis.medication_check import _CHECKABLE_TYPES, check, check_on
from kg.loading import load_file
from kg.namespaces import DK, DKV, INFERRED_GRAPH_PREFIX, PREFIXES

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
RDFS_LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
MEMBER_OF, KIND_OF = ox.NamedNode(str(DKV.memberOf)), ox.NamedNode(str(DKV.kindOf))
PARTICIPANT = ox.NamedNode(str(DKV.participant))


def _compare(
    store: ox.Store, lists: Iterable[Sequence[str]], reference: WholeGraph | None = None
) -> tuple[list[tuple[Sequence[str], str, str]], set[str]]:
    """The lists whose report differs from the reference's (with both reports), and the kinds of
    warning the reports hold, so a test knows it compared chains and not empty lists."""
    reference = reference or WholeGraph(store)
    differences, kinds = [], set()
    for names in lists:
        fast, expected = check(store, list(names)).to_json(), check_on(reference, list(names)).to_json()
        if fast != expected:
            differences.append((names, json.dumps(fast, sort_keys=True), json.dumps(expected, sort_keys=True)))
        kinds |= {kind for kind in ("interactions", "duplicate_therapy", "activities_to_avoid") if expected[kind]}
    return differences, kinds


def _checkable(store: ox.Store) -> list[str]:
    return sorted(
        {
            quad.subject.value
            for quad in store.quads_for_pattern(None, RDF_TYPE, None, None)
            if isinstance(quad.subject, ox.NamedNode) and quad.object.value in _CHECKABLE_TYPES
        }
    )


# -- the article's graph ----------------------------------------------------------------------


def test_article_graph_every_pair(curated_store: ox.Store) -> None:
    """Every pair of checkable drugs at once (one list of them all: its report holds the interaction
    and shared classes of each pair), and 1,000 pairs, drawn with a fixed seed, each as a list of
    its own (all 8,001 alone take three times as long for little more)."""
    store = curated_store
    drugs = _checkable(store)
    assert len(drugs) >= 120
    every, kinds = _compare(store, [drugs])
    assert (every, kinds) == ([], {"interactions", "duplicate_therapy", "activities_to_avoid"})
    pairs = random.Random(0).sample(list(itertools.combinations(drugs, 2)), 1000)
    assert _compare(store, pairs) == ([], {"interactions", "duplicate_therapy", "activities_to_avoid"})


def test_article_graph_some_triples_and_single_drugs(curated_store: ox.Store) -> None:
    store = curated_store
    drugs = _checkable(store)
    triples = random.Random(0).sample(list(itertools.combinations(drugs, 3)), 40)
    known = [("clonazepam", "oxycodone", "alcohol"), ("sertraline", "fluoxetine", "venlafaxine", "Klonopin")]
    differences, _ = _compare(store, [*triples, *known, *((drug,) for drug in drugs)])
    assert differences == []


def test_built_graph_with_the_open_datasets_some_pairs(full_store: ox.Store) -> None:
    """The built graph (curated facts and open datasets): pairs of drugs from the mapped classes and
    from anywhere, and the known lists, give the reference's reports."""
    reference = WholeGraph(full_store)
    drugs = sorted(
        {
            q.subject.value
            for q in full_store.quads_for_pattern(None, MEMBER_OF, None, None)
            if isinstance(q.subject, ox.NamedNode)
        }
    )
    mapped = sorted(
        q.subject.value
        for klass in ("ndfrt-N0000175694", "ndfrt-N0000175684", "ndfrt-N0000175728", "ndfrt-N0000175752")
        for q in full_store.quads_for_pattern(None, MEMBER_OF, ox.NamedNode(DK[klass]), None)
    )
    rng = random.Random(2)
    pairs = rng.sample(list(itertools.combinations(mapped, 2)), 10) + [tuple(rng.sample(drugs, 2)) for _ in range(5)]
    known = [("clonazepam", "oxycodone", "alcohol"), ("alprazolam", "hydromorphone"), ("clonazepam", "fluvoxamine")]
    differences, kinds = _compare(full_store, [*pairs, *known], reference)
    assert differences == []
    assert kinds == {"interactions", "duplicate_therapy", "activities_to_avoid"}


# -- a synthetic graph ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic() -> ox.Store:
    """A reasoned synthetic graph: class trees, drugs in one or two classes, interaction nodes; its
    generated drug classes are also typed as therapeutic classes (in the graph that types them), so
    that they can make duplicate therapy as curated therapeutic classes do."""
    store = synth_store(20000, seed=3, reasoned=True)
    therapeutic = ox.NamedNode(str(DKV.TherapeuticClass))
    store.extend(
        [
            ox.Quad(quad.subject, RDF_TYPE, therapeutic, quad.graph_name)
            for quad in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(str(DKV.DrugClass)), None)
            if not (
                isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value.startswith(INFERRED_GRAPH_PREFIX)
            )
        ]
    )
    return store


def _members_below(store: ox.Store, klass: ox.NamedNode) -> list[str]:
    """Drugs asserted (or inferred) to be members of ``klass``, sorted."""
    return sorted(
        quad.subject.value
        for quad in store.quads_for_pattern(None, MEMBER_OF, klass, None)
        if quad.subject.value.startswith(str(DK) + "synth-drug-")
    )


def _interacting_pairs(store: ox.Store) -> list[tuple[str, str]]:
    """For every interaction node: its two drugs, or a drug and a member of its class side."""
    sides: dict[ox.NamedNode | ox.BlankNode, list[ox.NamedNode]] = {}
    for quad in store.quads_for_pattern(None, PARTICIPANT, None, None):
        if isinstance(quad.object, ox.NamedNode) and quad.object not in sides.setdefault(quad.subject, []):
            sides[quad.subject].append(quad.object)
    pairs = set()
    for first, second in (sorted(s) for s in sides.values() if len(s) == 2):
        for side, other in ((first, second), (second, first)):
            if "/synth-class-" in side.value and (members := _members_below(store, side)):
                pairs.add((other.value, members[len(members) // 2]))
        if "/synth-class-" not in first.value + second.value:
            pairs.add((first.value, second.value))
    return sorted(pair for pair in pairs if pair[0] != pair[1])


def test_synthetic_graph_interacting_pairs(synthetic: ox.Store) -> None:
    pairs = _interacting_pairs(synthetic)
    sample = random.Random(1).sample(pairs, 40)
    differences, kinds = _compare(synthetic, sample)
    assert differences == []
    assert "interactions" in kinds


def _tree(klass: str) -> int:
    """Which tree of seven a synthetic class belongs to."""
    return int(klass.rsplit("-", 1)[1]) // 7


def test_synthetic_graph_drugs_in_two_classes_of_one_tree(synthetic: ox.Store) -> None:
    """Such a drug reaches the root of its tree by two paths; with another drug of the tree it gets
    duplicate-therapy chains (and interactions) that must take the same path as the reference."""
    classes: dict[str, list[str]] = {}
    for quad in synthetic.quads_for_pattern(None, MEMBER_OF, None, None):
        if not quad.graph_name.value.startswith(INFERRED_GRAPH_PREFIX):
            classes.setdefault(quad.subject.value, []).append(quad.object.value)
    doubles = sorted(d for d, c in classes.items() if len(c) == 2 and _tree(c[0]) == _tree(c[1]))
    lists = []
    for drug in doubles[:30]:
        root = ox.NamedNode(DK[f"synth-class-{_tree(classes[drug][0]) * 7}"])
        others = [member for member in _members_below(synthetic, root) if member != drug]
        lists += [(drug, others[len(others) // 2]), (others[0], drug, others[-1])]
    assert len(doubles) >= 10
    differences, kinds = _compare(synthetic, lists)
    assert differences == []
    assert "duplicate_therapy" in kinds


# -- hand-made ties and corner cases ----------------------------------------------------------

EX = "https://example.org/t/"
TIES = f"""
@prefix ex: <{EX}> .
@prefix dkv: <{DKV}> .
@prefix rdfs: <{PREFIXES["rdfs"]}> .
ex:g1 {{
  ex:a a dkv:Drug ; rdfs:label "drug a" ; dkv:memberOf ex:c2, ex:c1 .
  ex:b a dkv:Drug ; rdfs:label "drug b" ; dkv:memberOf ex:c9, ex:c2 .
  ex:c2 dkv:kindOf ex:top . ex:c1 dkv:kindOf ex:top .
  ex:c9 dkv:kindOf ex:top . ex:c3 dkv:kindOf ex:top .
  ex:a dkv:kindOf ex:c3 .
  ex:c3 rdfs:label "class three" .
  ex:c1 rdfs:label "class one" .
  ex:i a dkv:DrugInteraction ; dkv:participant ex:top, ex:other ; dkv:severity "serious" .
  ex:j a dkv:DrugInteraction ; dkv:participant ex:c3, ex:c9 .
  ex:c3 dkv:makesUnsafe ex:diving .
  ex:top dkv:makesUnsafe ex:diving .
  ex:c5 dkv:makesUnsafe ex:flying .
  ex:c6 dkv:makesUnsafe ex:flying .
}}
ex:g2 {{ ex:a dkv:memberOf ex:c3 . ex:c6 dkv:kindOf ex:top . ex:g1 rdfs:label "graph one" . }}
ex:g3 {{ ex:a dkv:memberOf ex:c6 . }}
<{INFERRED_GRAPH_PREFIX}test> {{ ex:a dkv:memberOf ex:c4 . ex:c4 dkv:kindOf ex:top . ex:b dkv:memberOf ex:c3 . }}
ex:c4 dkv:makesUnsafe ex:swimming .
ex:other a dkv:Drug .
ex:a dkv:memberOf ex:c5, ex:c6 .
"""


@pytest.fixture
def ties(tmp_path: Path) -> ox.Store:
    """Equal-length paths, a link stated twice with two predicates, an inferred link, and links in
    the default graph (one stated nowhere else, one also stated in a named graph)."""
    store = ox.Store()
    (tmp_path / "t.trig").write_text(TIES, encoding="utf-8")
    load_file(store, tmp_path / "t.trig")
    return store


def test_ties_and_corner_cases(ties: ox.Store) -> None:
    lists = [[f"{EX}a", f"{EX}b"], [f"{EX}b", f"{EX}a"], [f"{EX}a", f"{EX}other"], [f"{EX}a"], [f"{EX}b", f"{EX}other"]]
    assert _compare(ties, lists)[0] == []
    # Paths of length two lead from b to top through c2 and c9: the first class in sorted order wins.
    (interaction,) = check(ties, [f"{EX}b", f"{EX}other"]).interactions
    assert [(s.subject.iri, s.object.iri) for s in interaction.chain[:2]] == [
        (f"{EX}b", f"{EX}c2"),
        (f"{EX}c2", f"{EX}top"),
    ]
    # From a they lead through c1, c2, c3 and c6: links are taken by predicate first, then class, so
    # the one kindOf link (to c3) comes before the memberOf links to c1 and c2.
    report = check(ties, [f"{EX}a", f"{EX}other"])
    (interaction,) = report.interactions
    assert [(s.subject.iri, s.object.iri) for s in interaction.chain[:2]] == [
        (f"{EX}a", f"{EX}c3"),
        (f"{EX}c3", f"{EX}top"),
    ]
    assert interaction.chain[1].sources == ("graph one",)
    # a -> c3 is stated twice, as kindOf in g1 and memberOf in g2: kindOf sorts first, both sources kept.
    activities = {w.activity.iri: w.chain for w in report.activities_to_avoid}
    step = activities[f"{EX}diving"][0]
    assert (step.predicate.iri, step.sources) == (str(DKV.kindOf), ("graph one", f"{EX}g2"))
    # The inferred link to c4 is no step; c5 comes from the default graph; c6 from g3 only.
    assert f"{EX}swimming" not in activities
    assert activities[f"{EX}flying"][0].sources == ("the default graph of the input file",)
    assert activities[f"{EX}flying"][0].object.iri == f"{EX}c5"


def test_a_large_unrelated_component_changes_nothing(store: ox.Store, built) -> None:
    """Thousands of unrelated classes, links and labels (some inferred) leave every report as it was."""
    lists = [
        ["clonazepam", "oxycodone"],
        ["clonazepam", "alcohol", "diazepam"],
        ["sertraline", "fluoxetine"],
        ["sertraline", "venlafaxine"],
        ["Klonopin"],
    ]
    before = {tuple(names): check(store, names).to_json() for names in lists}
    bigger = ox.Store()
    load_file(bigger, built.graph_file)
    rng = random.Random(0)
    graph, inferred = ox.NamedNode(f"{EX}unrelated"), ox.NamedNode(INFERRED_GRAPH_PREFIX + "unrelated")
    nodes = [ox.NamedNode(f"{EX}u{i}") for i in range(20000)]
    quads = [ox.Quad(node, RDFS_LABEL, ox.Literal(f"unrelated {i}"), graph) for i, node in enumerate(nodes)]
    quads += [ox.Quad(node, RDF_TYPE, ox.NamedNode(str(DKV.Drug)), graph) for node in nodes[::10]]
    for i in range(1, len(nodes)):
        link = rng.choice((MEMBER_OF, KIND_OF))
        quads.append(ox.Quad(nodes[i], link, nodes[rng.randrange(i)], inferred if i % 5 == 0 else graph))
    bigger.extend(quads)
    assert {tuple(names): check(bigger, names).to_json() for names in lists} == before
    assert _compare(bigger, [*lists, [f"{EX}u10", f"{EX}u20"]])[0] == []
