"""Explanations: the asserted facts and rules an inferred triple comes from, as a derivation tree.

An inferred triple sits in the graph of the rule that derived it (``INFERRED_GRAPH_PREFIX + rule``).
To explain it, the rule's ``WHERE`` body is run again with the head's terms bound (as query
bindings, never spliced into the text); each solution instantiates the body's triple patterns to
the premises. A premise in an asserted graph is a leaf that cites its source; an inferred premise
is explained the same way, recursively, never through a triple already on the path (so the tree is
well-founded even where rules such as symmetry could loop). Where a rule concludes the triple in
several ways, the one with the fewest inferred premises is shown, then the one that rests least on
the open datasets alone, then the first in text order.

>>> from kg.compile.pipeline import open_built_store
>>> from kg.namespaces import DK, DKV
>>> store = open_built_store()
>>> triple = ox.Triple(ox.NamedNode(DK.oxycodone), ox.NamedNode(DKV.memberOf), ox.NamedNode(DK["cns-depressant"]))
>>> tree = explain(store, triple)
>>> tree.rule, sorted(premise.sources for premise in tree.premises)  # doctest: +NORMALIZE_WHITESPACE
('member-of-up-hierarchy', [('ATC group N02A: opioids (WHO ATC/DDD Index)',),
 ('Side effects and safety concerns (Article on clonazepam (Klonopin) and depression)',)])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pyoxigraph as ox

from kg.compile.rule_files import PatternTerm, Rule, TriplePattern, load_rules
from kg.errors import InputError
from kg.graph_facts import GraphFacts, Term, curie, is_inferred_graph, rule_of_graph
from kg.query.engine import select_rows
from kg.sources import is_imported_graph
from kg.terminal import printable

__all__ = ["Derivation", "denials_of", "explain", "format_derivation", "inferred_triples_about", "premise_order"]

#: Run without the union default graph: ?g is unbound for a fact in the real default graph.
_GRAPHS_QUERY = "SELECT ?s ?p ?o ?g WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }"
#: Negative property assertions denying one triple (?s ?p ?o bound), with the graph stating each;
#: run without the union default graph, so ?g is unbound for one in the real default graph.
_DENIALS_QUERY = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?s ?p ?o ?assertion ?g WHERE {
  { GRAPH ?g { ?assertion owl:sourceIndividual ?s ; owl:assertionProperty ?p ; owl:targetIndividual ?o } }
  UNION
  { ?assertion owl:sourceIndividual ?s ; owl:assertionProperty ?p ; owl:targetIndividual ?o }
}
"""
_INFERRED_ABOUT_QUERY = """
SELECT ?entity ?s ?p ?o ?g WHERE {
  { GRAPH ?g { ?entity ?p ?o } BIND(?entity AS ?s) }
  UNION
  { GRAPH ?g { ?s ?p ?entity } BIND(?entity AS ?o) }
}
"""

Bindings = dict[str, Term]


@dataclass(frozen=True)
class Derivation:
    """A triple and why it holds: its sources if asserted, else its rule and the premises' derivations."""

    triple: ox.Triple
    sources: tuple[str, ...] = ()
    rule: str | None = None
    premises: tuple[Derivation, ...] = field(default=())

    @property
    def asserted(self) -> bool:
        return self.rule is None

    def leaves(self) -> list[Derivation]:
        """The asserted facts the derivation rests on, in order."""
        if self.asserted:
            return [self]
        return [leaf for premise in self.premises for leaf in premise.leaves()]

    def to_json(self, facts: GraphFacts | None = None) -> dict[str, Any]:
        """Nested dicts: ``subject``/``predicate``/``object`` (value, CURIE, label), then sources or
        rule. Labels come from ``facts`` (without it, an IRI's label is its CURIE)."""
        node: dict[str, Any] = {
            role: {"value": term.value, "curie": _curie(term), "label": _show(term, facts)}
            for role, term in zip(("subject", "predicate", "object"), self.triple, strict=True)
        }
        if self.asserted:
            node["sources"] = list(self.sources)
        else:
            node["rule"] = self.rule
            node["premises"] = [p.to_json(facts) for p in self.premises]
        return node


@cache
def _rules() -> dict[str, Rule]:
    return {rule.name: rule for rule in load_rules()}


@dataclass(frozen=True)
class _Explainable:
    """What explaining by one rule needs: its body as a ``SELECT *``, its head, its premises."""

    select: str
    head: TriplePattern
    premises: tuple[TriplePattern, ...]


@cache
def _explainable(name: str) -> _Explainable:
    rule = _rules().get(name)
    if rule is None:
        raise InputError(f"no inference rule named {name!r}")
    if rule.plain is None or len(rule.plain.head) != 1:
        raise InputError(f"rule {name!r} cannot be explained: it is not a plain rule with a one-pattern template")
    (head,) = rule.plain.head
    return _Explainable(rule.plain.prologue + "SELECT * " + rule.plain.where, head, premise_order(rule.plain.body))


def premise_order(patterns: Sequence[TriplePattern]) -> tuple[TriplePattern, ...]:
    """The order in which an explanation lists a rule's premises: a greedy join order.

    First the patterns with the fewest variables not yet bound, among those the ones whose
    variables occur most often in the body, a pattern with a literal object before others, then
    by their terms (variables, IRIs, literals, each by text); the variables of the chosen block
    count as bound for the next choice. (This is rdflib's order of a basic graph pattern, which
    explanations have always shown; ``tests/reference`` holds the two to each other.)
    """
    occurrences = Counter(term for pattern in patterns for term in pattern if isinstance(term, ox.Variable))
    order = list(patterns)
    bound: set[ox.Variable] = set()

    def key(pattern: TriplePattern) -> tuple[Any, ...]:
        unbound = sum(1 for term in pattern if isinstance(term, ox.Variable) and term not in bound)
        shared = sum(occurrences[term] for term in pattern if isinstance(term, ox.Variable))
        return (unbound, -shared, not isinstance(pattern.object, ox.Literal), *map(_term_rank, pattern))

    for index in range(len(order)):
        keyed = sorted(((key(pattern), pattern) for pattern in order[index:]), key=lambda item: item[0])
        order[index:] = [pattern for _, pattern in keyed]
        for pattern_key, pattern in keyed:
            if pattern_key[0] != keyed[0][0][0]:
                break
            bound.update(term for term in pattern if isinstance(term, ox.Variable))
    return tuple(order)


def _term_rank(term: PatternTerm) -> tuple[int, str]:
    rank = 0 if isinstance(term, ox.Variable) else 1 if isinstance(term, ox.NamedNode) else 2
    return rank, term.value


def _graphs_of(store: ox.Store, triple: ox.Triple) -> list[str | None]:
    """The graphs holding ``triple``; ``None`` stands for the default graph."""
    binding: Bindings = {
        "s": triple.subject,
        "p": triple.predicate,
        "o": triple.object,
    }
    graphs = {
        row["g"].value if row["g"] is not None else None
        for row in select_rows(store, _GRAPHS_QUERY, binding, union=False)
    }
    return sorted(graphs, key=lambda g: g or "")


class _Explainer:
    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.facts = GraphFacts(store)
        self.done: dict[ox.Triple, Derivation] = {}

    def explain(self, triple: ox.Triple, path: frozenset[ox.Triple]) -> Derivation | None:
        if triple in self.done:
            return self.done[triple]
        graphs = _graphs_of(self.store, triple)
        asserted = [g for g in graphs if not is_inferred_graph(g)]
        if asserted:
            sources = (self.facts.source_of(g) for g in asserted)
            result = Derivation(triple, tuple(sources))
            self.done[triple] = result
            return result
        for graph in graphs:
            rule = rule_of_graph(graph)
            assert rule is not None
            derivation = self._by_rule(triple, rule, path | {triple})
            if derivation is not None:
                self.done[triple] = derivation
                return derivation
        return None

    def _preference(self, premises: tuple[ox.Triple, ...]) -> tuple[int, int, list[str]]:
        """Which of a rule's ways to conclude a triple is shown: the one with the fewest inferred
        premises, then the fewest taken from the open datasets only, then the first in text order."""
        inferred = imported = 0
        for premise in premises:
            graphs = _graphs_of(self.store, premise)
            asserted = [g for g in graphs if not is_inferred_graph(g)]
            inferred += not asserted
            imported += bool(asserted) and all(g is not None and is_imported_graph(g) for g in asserted)
        return inferred, imported, [str(p) for p in premises]

    def _by_rule(self, triple: ox.Triple, rule: str, path: frozenset[ox.Triple]) -> Derivation | None:
        explainable = _explainable(rule)
        bindings: Bindings = {}
        for pattern, value in zip(explainable.head, triple, strict=True):
            if isinstance(pattern, ox.Variable):
                bindings[pattern.value] = value
            elif pattern != value:
                return None
        rows = select_rows(self.store, explainable.select, bindings)
        candidates = []
        for row in rows:
            values = {v.value: row[v] for v in rows.variables if row[v] is not None}
            candidates.append(tuple(pattern.instantiate(values) for pattern in explainable.premises))
        for premises in sorted(candidates, key=self._preference):
            if any(p in path for p in premises):
                continue
            children = [self.explain(p, path) for p in premises]
            if all(c is not None for c in children):
                return Derivation(triple, rule=rule, premises=tuple(c for c in children if c is not None))
        return None


def explain(store: ox.Store, triple: ox.Triple) -> Derivation:
    """How ``triple`` follows from asserted facts; an :class:`InputError` if it is not in the dataset,
    which names the negative statement and its source when the graph states that it does not hold."""
    derivation = _Explainer(store).explain(triple, frozenset())
    if derivation is None:
        denials = denials_of(store, triple)
        if denials:
            raise InputError(f"the graph states that this does not hold: {_show_triple(triple, None)}; {denials}")
        raise InputError(f"the graph does not hold or cannot derive: {_show_triple(triple, None)}")
    return derivation


def denials_of(store: ox.Store, triple: ox.Triple) -> str:
    """The negative statements (``owl:NegativePropertyAssertion``) that deny ``triple``, each with its
    label, CURIE and source, as one line; empty if there is none."""
    facts = GraphFacts(store)
    bindings: Bindings = {"s": triple.subject, "p": triple.predicate, "o": triple.object}
    found = sorted(
        {
            (row["assertion"].value, facts.source_of(row["g"]))
            for row in select_rows(store, _DENIALS_QUERY, bindings, union=False)
            if isinstance(row["assertion"], ox.NamedNode | ox.BlankNode)
        }
    )
    return "; ".join(
        f"negative statement {facts.label_of(assertion)!r} ({curie(assertion)})   [{source}]"
        for assertion, source in found
    )


def inferred_triples_about(store: ox.Store, iri: str) -> list[ox.Triple]:
    """Inferred triples with ``iri`` as subject or object (that no asserted graph also states)."""
    rows = select_rows(store, _INFERRED_ABOUT_QUERY, {"entity": ox.NamedNode(iri)}, union=False)
    by_triple: dict[ox.Triple, set[bool]] = {}
    for row in rows:
        triple = ox.Triple(row["s"], row["p"], row["o"])
        by_triple.setdefault(triple, set()).add(is_inferred_graph(row["g"]))
    return sorted((t for t, kinds in by_triple.items() if kinds == {True}), key=str)


def _curie(term: Term) -> str:
    """An IRI's CURIE, a literal's value (a blank node's id, a quoted triple's text)."""
    if isinstance(term, ox.Literal):
        return term.value
    return str(term) if isinstance(term, ox.Triple) else curie(term.value)


def _show(term: Term, facts: GraphFacts | None) -> str:
    """A term as explanations show it: a literal quoted, an IRI by its label (by its CURIE without ``facts``)."""
    if isinstance(term, ox.Literal):
        return repr(term.value)
    return facts.name_of(term) if facts is not None else _curie(term)


def _show_triple(triple: ox.Triple, facts: GraphFacts | None) -> str:
    subject, predicate, object_ = (_show(t, facts) for t in triple)
    return f"{subject} -{predicate}-> {object_}"


def format_derivation(derivation: Derivation, facts: GraphFacts, indent: str = "") -> str:
    """A derivation as an indented tree: rule nodes, then asserted leaves with their sources.
    Entities are named by their labels in ``facts`` (a :class:`kg.graph_facts.GraphFacts`)."""
    lines: list[str] = []

    def walk(node: Derivation, depth: str) -> None:
        text = _show_triple(node.triple, facts)
        if node.asserted:
            lines.append(f"{depth}{text}   [{'; '.join(node.sources)}]")
        else:
            lines.append(f"{depth}{text}   (inferred by rule {node.rule}, from:)")
            for premise in node.premises:
                walk(premise, depth + "    ")

    walk(derivation, indent)
    return "\n".join(printable(line) for line in lines)
