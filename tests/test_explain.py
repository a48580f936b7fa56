"""Explanations: every inferred fact has a derivation tree down to asserted facts and their sources."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.analysis.derivations import Derivation, explain, format_derivation, inferred_triples_about, premise_order
from kg.compile.rule_files import parse_rule
from kg.errors import InputError
from kg.graph_facts import DCTERMS_IS_PART_OF, RDF_TYPE, RDFS_LABEL, SKOS_PREF_LABEL, GraphFacts, curie
from kg.namespaces import DK, DKV, INFERRED_GRAPH_PREFIX
from kg.paths import RULES_DIR
from tests.reference.rule_algebra import head_and_body

ARTICLE_SAFETY = "Side effects and safety concerns (Article on clonazepam (Klonopin) and depression)"
ATC_N02A = "ATC group N02A: opioids (WHO ATC/DDD Index)"
SHIPPED_RULES = sorted(RULES_DIR.glob("*.rq"))


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


ROLE = "Role in managing depression (Article on clonazepam (Klonopin) and depression)"


@pytest.mark.parametrize(
    ("predicate", "target", "statement"),
    [
        (
            DKV.treats,
            DK.depression,
            "'clonazepam does not treat depression itself' (dk:clonazepam-does-not-treat-depression)",
        ),
        (DKV.memberOf, DK.antidepressant, "'clonazepam is not an antidepressant' (dk:clonazepam-not-antidepressant)"),
    ],
)
def test_a_fact_the_graph_states_not_to_hold_says_so_with_the_negative_statement(
    store: ox.Store, predicate: str, target: str, statement: str
) -> None:
    with pytest.raises(InputError) as error:
        explain(store, _triple(DK.clonazepam, predicate, target))
    assert str(error.value) == (
        f"the graph states that this does not hold: dk:clonazepam -{curie(str(predicate))}-> {curie(str(target))}; "
        f"negative statement {statement}   [{ROLE}]"
    )


def test_explain_command_on_a_denied_fact(cli) -> None:
    result = cli("explain", "Klonopin", "treats", "depression")
    assert result.code == 2 and result.out == ""
    assert result.err == (
        "drugkg explain: error: the graph states that this does not hold: dk:clonazepam -dkv:treats-> "
        "dk:depression; negative statement 'clonazepam does not treat depression itself' "
        f"(dk:clonazepam-does-not-treat-depression)   [{ROLE}]\n"
    )


def test_info_lists_a_negative_statement_once_not_as_a_relation_in(cli_full) -> None:
    """The owl:sourceIndividual link of a negative statement is plumbing: info shows the statement
    under "stated not to hold" and not among the relations in."""
    lines = cli_full("info", "clonazepam", "--all").out.splitlines()
    relations_in = [line for line in lines[: lines.index("stated not to hold:")] if " <- " in line]
    assert relations_in and not any("sourceIndividual" in line or "source individual" in line for line in relations_in)
    assert not any("clonazepam is not an antidepressant" in line for line in relations_in)
    # PharmacotherapyDB judges clonazepam not an indication for osteoarthritis (indications.tsv:
    # DOID:8398 DB01068 NOT): neither treats nor symptomatic treatment for
    indications = "[PharmacotherapyDB indications (indications.tsv) (PharmacotherapyDB 1.0)]"
    assert lines[lines.index("stated not to hold:") + 1 : lines.index("identifiers:")] == [
        f"  NOT member of -> antidepressant   [{ROLE}]",
        f"  NOT symptomatic treatment for -> osteoarthritis   {indications}",
        f"  NOT treats -> clinical depression   [{ROLE}]",
        f"  NOT treats -> osteoarthritis   {indications}",
    ]


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


@pytest.mark.parametrize("path", SHIPPED_RULES, ids=[path.name for path in SHIPPED_RULES])
def test_premises_in_the_order_explanations_always_listed_them(path: Path) -> None:
    """The head and premise order of every shipped rule are those rdflib's algebra gave (the
    order ``drugkg explain`` has always printed premises in)."""
    rule = parse_rule(path.read_text(encoding="utf-8"), path)
    assert rule.plain is not None
    head, body = head_and_body(rule.query)
    assert [tuple(pattern) for pattern in rule.plain.head] == head
    assert [tuple(pattern) for pattern in premise_order(rule.plain.body)] == body


@pytest.mark.parametrize(
    "where",
    [
        "?a ex:p ?b . ?b ex:p ?c . ?c ex:p ?d .",
        "?c ex:p ?d . ?a ex:p ?b . ?b ex:p ?c .",
        "?x ?p ?y . ?p a ex:C . ?y ex:q 'v' .",
        "?x ex:q ?y . ?x ex:q 'w' . ?y ex:r ex:z . ?z ex:p ?x .",
        "?x ex:p ?x . ?x ?p ?o . ?o ex:q ?x .",
    ],
)
def test_premise_order_is_rdflib_order(where: str) -> None:
    header = "# Rule: r\n# Label: l\n# Definition: d\nPREFIX ex: <https://example.org/>\n"
    text = f"{header}CONSTRUCT {{ ?x ex:s ?x }} WHERE {{ {where} }}"
    rule = parse_rule(text, Path("r.rq"))
    assert rule.plain is not None
    assert [tuple(pattern) for pattern in premise_order(rule.plain.body)] == head_and_body(text)[1]


def test_labels_sources_and_the_default_graph_in_an_explanation() -> None:
    """Entities are named by graph_facts' label (the least rdfs:label, else skos:prefLabel, else
    the CURIE or IRI), asserted facts by the source of their graph, a fact of the default graph as such."""
    ex = "https://example.org/"
    a, b, p = (ox.NamedNode(ex + name) for name in ("a", "b", "p"))
    section, document = ox.NamedNode(ex + "section"), ox.NamedNode(ex + "document")
    symmetric = ox.NamedNode("http://www.w3.org/2002/07/owl#SymmetricProperty")
    store = ox.Store()
    store.extend(
        [
            ox.Quad(p, RDF_TYPE, symmetric, section),
            ox.Quad(a, p, b),  # the default graph
            ox.Quad(b, p, a, ox.NamedNode(INFERRED_GRAPH_PREFIX + "symmetric-properties")),
            ox.Quad(a, RDFS_LABEL, ox.Literal("zeta"), section),
            ox.Quad(a, RDFS_LABEL, ox.Literal("alpha"), section),
            ox.Quad(p, SKOS_PREF_LABEL, ox.Literal("relates to"), section),
            ox.Quad(section, RDFS_LABEL, ox.Literal("Section"), section),
            ox.Quad(section, DCTERMS_IS_PART_OF, document, section),
            ox.Quad(document, RDFS_LABEL, ox.Literal("Document"), section),
        ]
    )
    tree = explain(store, ox.Triple(b, p, a))
    assert format_derivation(tree, GraphFacts(store)).splitlines() == [
        "https://example.org/b -relates to-> alpha   (inferred by rule symmetric-properties, from:)",
        "    relates to -rdf:type-> owl:SymmetricProperty   [Section (Document)]",
        "    alpha -relates to-> https://example.org/b   [the default graph of the input file]",
    ]
