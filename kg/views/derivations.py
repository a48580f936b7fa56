"""Explanations: the asserted facts and rules an inferred triple comes from, as a derivation tree.

An inferred triple sits in the graph of the rule that derived it (``INFERRED_GRAPH_PREFIX + rule``).
To explain it, the rule's ``WHERE`` body is run again with the head's terms bound (as query
bindings, never spliced into the text); each solution instantiates the body's triple patterns to
the premises. A premise in an asserted graph is a leaf that cites its source; an inferred premise
is explained the same way, recursively, never through a triple already on the path (so the tree is
well-founded even where rules such as symmetry could loop). Where a rule concludes the triple in
several ways, the one with the fewest inferred premises is shown, then the one that rests least on
the open datasets alone, then the first in text order.

>>> from kg.build.pipeline import open_built_store
>>> from kg.namespaces import DK, DKV
>>> store = open_built_store()
>>> triple = ox.Triple(ox.NamedNode(DK.oxycodone), ox.NamedNode(DKV.memberOf), ox.NamedNode(DK["cns-depressant"]))
>>> tree = explain(store, triple)
>>> tree.rule, sorted(premise.sources for premise in tree.premises)  # doctest: +NORMALIZE_WHITESPACE
('member-of-up-hierarchy', [('ATC group N02A: opioids (WHO ATC/DDD Index)',),
 ('Side effects and safety concerns (Article on clonazepam (Klonopin) and depression)',)])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery

from kg.build.reasoning import Rule, load_rules
from kg.errors import InputError
from kg.namespaces import CONVERTER, INFERRED_GRAPH_PREFIX
from kg.query.engine import Bindable, select_rows
from kg.sources import is_imported_graph
from kg.terminal import printable
from kg.views.info import source_of_graph

__all__ = ["Derivation", "explain", "format_derivation", "inferred_triples_about", "rule_body", "term_labels"]

#: Run without the union default graph: ?g is unbound for a fact in the real default graph.
_GRAPHS_QUERY = "SELECT ?s ?p ?o ?g WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }"
_DEFAULT_GRAPH_SOURCE = "the default graph of the input file"
_LABELS_QUERY = "SELECT ?x ?label WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
_INFERRED_ABOUT_QUERY = """
SELECT ?entity ?s ?p ?o ?g WHERE {
  { GRAPH ?g { ?entity ?p ?o } BIND(?entity AS ?s) }
  UNION
  { GRAPH ?g { ?s ?p ?entity } BIND(?entity AS ?o) }
}
"""
_CONSTRUCT = re.compile(r"CONSTRUCT\s*\{[^{}]*\}", re.IGNORECASE)

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Bindings = dict[str, Bindable]
Pattern = tuple[Any, Any, Any]


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

    def to_json(self, labels: dict[str, str] | None = None) -> dict[str, Any]:
        """Nested dicts: ``subject``/``predicate``/``object`` (value, CURIE, label), then sources or rule."""
        labels = labels or {}
        node: dict[str, Any] = {
            role: {"value": term.value, "curie": _curie(term), "label": _show(term, labels)}
            for role, term in zip(("subject", "predicate", "object"), self.triple, strict=True)
        }
        if self.asserted:
            node["sources"] = list(self.sources)
        else:
            node["rule"] = self.rule
            node["premises"] = [p.to_json(labels) for p in self.premises]
        return node


@cache
def _rules() -> dict[str, Rule]:
    return {rule.name: rule for rule in load_rules()}


@cache
def rule_body(name: str) -> tuple[str, Pattern, tuple[Pattern, ...]]:
    """For a rule: a ``SELECT *`` over its ``WHERE`` body, its head pattern and its body's triple patterns."""
    rule = _rules().get(name)
    if rule is None:
        raise InputError(f"no inference rule named {name!r}")
    algebra = prepareQuery(rule.query).algebra
    (head,) = algebra["template"]
    return _CONSTRUCT.sub("SELECT *", rule.query, count=1), head, tuple(_bgp_triples(algebra["p"]))


def _bgp_triples(node: Any) -> list[Pattern]:
    """The triple patterns of the basic graph patterns in a rule's algebra (not inside filters)."""
    if getattr(node, "name", None) == "BGP":
        return list(node["triples"])
    found = []
    for key in ("p", "p1", "p2"):
        child = node.get(key) if hasattr(node, "get") else None
        if child is not None:
            found += _bgp_triples(child)
    return found


def _to_ox(term: Any, row: dict[str, Term]) -> Term:
    if isinstance(term, Variable):
        return row[str(term)]
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return (
            ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))) if term.datatype else ox.Literal(str(term))
        )
    if isinstance(term, BNode):
        raise InputError("rules with blank nodes cannot be explained")
    raise InputError(f"unexpected term in a rule: {term!r}")


def _instantiate(pattern: Pattern, values: dict[str, Term]) -> ox.Triple:
    subject, predicate, object_ = (_to_ox(term, values) for term in pattern)
    if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
        raise InputError(f"rule pattern {pattern} gives an invalid triple")
    return ox.Triple(subject, predicate, object_)


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


def term_labels(store: ox.Store) -> dict[str, str]:
    """The rdfs:label of every IRI in the store."""
    return {
        row["x"].value: row["label"].value
        for row in select_rows(store, _LABELS_QUERY)
        if isinstance(row["x"], ox.NamedNode)
    }


class _Explainer:
    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.labels = term_labels(store)
        self.done: dict[ox.Triple, Derivation] = {}

    def explain(self, triple: ox.Triple, path: frozenset[ox.Triple]) -> Derivation | None:
        if triple in self.done:
            return self.done[triple]
        graphs = _graphs_of(self.store, triple)
        asserted = [g for g in graphs if g is None or not g.startswith(INFERRED_GRAPH_PREFIX)]
        if asserted:
            sources = (
                _DEFAULT_GRAPH_SOURCE if g is None else source_of_graph(self.store, g, self.labels) for g in asserted
            )
            result = Derivation(triple, tuple(sources))
            self.done[triple] = result
            return result
        for graph in graphs:
            assert graph is not None
            derivation = self._by_rule(triple, graph.removeprefix(INFERRED_GRAPH_PREFIX), path | {triple})
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
            asserted = [g for g in graphs if g is None or not g.startswith(INFERRED_GRAPH_PREFIX)]
            inferred += not asserted
            imported += bool(asserted) and all(g is not None and is_imported_graph(g) for g in asserted)
        return inferred, imported, [str(p) for p in premises]

    def _by_rule(self, triple: ox.Triple, rule: str, path: frozenset[ox.Triple]) -> Derivation | None:
        body_query, head, body = rule_body(rule)
        bindings: Bindings = {}
        for pattern, value in zip(head, triple, strict=True):
            if isinstance(pattern, Variable):
                bindings[str(pattern)] = value
            elif _to_ox(pattern, {}) != value:
                return None
        rows = select_rows(self.store, body_query, bindings)
        candidates = []
        for row in rows:
            values = {v.value: row[v] for v in rows.variables if row[v] is not None}
            premises = tuple(_instantiate(pattern, values) for pattern in body)
            candidates.append(premises)
        for premises in sorted(candidates, key=self._preference):
            if any(p in path for p in premises):
                continue
            children = [self.explain(p, path) for p in premises]
            if all(c is not None for c in children):
                return Derivation(triple, rule=rule, premises=tuple(c for c in children if c is not None))
        return None


def explain(store: ox.Store, triple: ox.Triple) -> Derivation:
    """How ``triple`` follows from asserted facts; an :class:`InputError` if it is not in the dataset."""
    derivation = _Explainer(store).explain(triple, frozenset())
    if derivation is None:
        raise InputError(f"the graph does not hold or cannot derive: {_show_triple(triple, {})}")
    return derivation


def inferred_triples_about(store: ox.Store, iri: str) -> list[ox.Triple]:
    """Inferred triples with ``iri`` as subject or object (that no asserted graph also states)."""
    rows = select_rows(store, _INFERRED_ABOUT_QUERY, {"entity": ox.NamedNode(iri)}, union=False)
    by_triple: dict[ox.Triple, set[bool]] = {}
    for row in rows:
        triple = ox.Triple(row["s"], row["p"], row["o"])
        by_triple.setdefault(triple, set()).add(row["g"].value.startswith(INFERRED_GRAPH_PREFIX))
    return sorted((t for t, kinds in by_triple.items() if kinds == {True}), key=str)


def _curie(term: Term) -> str:
    return term.value if isinstance(term, ox.Literal) else CONVERTER.compress(term.value, passthrough=True)


def _show(term: Term, labels: dict[str, str]) -> str:
    if isinstance(term, ox.Literal):
        return repr(term.value)
    return labels.get(term.value) or CONVERTER.compress(term.value, passthrough=True)


def _show_triple(triple: ox.Triple, labels: dict[str, str]) -> str:
    subject, predicate, object_ = (_show(t, labels) for t in triple)
    return f"{subject} -{predicate}-> {object_}"


def format_derivation(derivation: Derivation, labels: dict[str, str], indent: str = "") -> str:
    """A derivation as an indented tree: rule nodes, then asserted leaves with their sources."""
    lines: list[str] = []

    def walk(node: Derivation, depth: str) -> None:
        text = _show_triple(node.triple, labels)
        if node.asserted:
            lines.append(f"{depth}{text}   [{'; '.join(node.sources)}]")
        else:
            lines.append(f"{depth}{text}   (inferred by rule {node.rule}, from:)")
            for premise in node.premises:
                walk(premise, depth + "    ")

    walk(derivation, indent)
    return "\n".join(printable(line) for line in lines)
