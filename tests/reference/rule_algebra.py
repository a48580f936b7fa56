"""A rule's head and body read through rdflib's SPARQL algebra, as explanations read them before
:mod:`kg.compile.rule_files` parsed rules once for reasoning and explanations alike.

The body's triple patterns come in rdflib's order of a basic graph pattern, which is the order
explanations list premises in (:func:`kg.analysis.derivations.premise_order` must give the same).
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery

__all__ = ["head_and_body"]

PatternTerm = ox.Variable | ox.NamedNode | ox.Literal
Pattern = tuple[PatternTerm, PatternTerm, PatternTerm]


def head_and_body(query: str) -> tuple[list[Pattern], list[Pattern]]:
    """The template's triple patterns and the body's (those of its basic graph patterns, not
    inside filters), as pyoxigraph terms."""
    algebra = prepareQuery(query).algebra
    head = [_pattern(triple) for triple in algebra["template"]]
    return head, [_pattern(triple) for triple in _bgp_triples(algebra["p"])]


def _bgp_triples(node: Any) -> list[Any]:
    if getattr(node, "name", None) == "BGP":
        return list(node["triples"])
    found = []
    for key in ("p", "p1", "p2"):
        child = node.get(key) if hasattr(node, "get") else None
        if child is not None:
            found += _bgp_triples(child)
    return found


def _pattern(triple: Any) -> Pattern:
    subject, predicate, object_ = (_term(term) for term in triple)
    return subject, predicate, object_


def _term(term: Any) -> PatternTerm:
    if isinstance(term, Variable):
        return ox.Variable(str(term))
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        raise ValueError("a rule with blank nodes")
    raise ValueError(f"unexpected term in a rule: {term!r}")
