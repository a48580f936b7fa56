"""Rule files: the header, and which queries are plain (parsed to patterns and filters) or not."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.compile.rule_files import Rule, TriplePattern, load_rules, parse_rule
from kg.errors import InputError
from kg.graph_facts import RDF_TYPE
from kg.paths import RULES_DIR
from tests.reference.rule_algebra import head_and_body

HEADER = "# Rule: r\n# Label: a label\n# Definition: a definition\n"
PREFIX = "PREFIX ex: <https://example.org/>\n"
EX = "https://example.org/"


def _rule(query: str) -> Rule:
    return parse_rule(HEADER + PREFIX + query, Path("r.rq"))


def _v(name: str) -> ox.Variable:
    return ox.Variable(name)


def _ex(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def test_every_shipped_rule_is_plain_and_reads_as_rdflib_reads_it() -> None:
    rules = load_rules()
    assert [rule.path for rule in rules] == sorted(RULES_DIR.glob("*.rq"))
    for rule in rules:
        assert rule.plain is not None, rule.name
        head, body = head_and_body(rule.query)
        assert [tuple(pattern) for pattern in rule.plain.head] == head
        assert sorted(map(str, rule.plain.body)) == sorted(str(TriplePattern(*pattern)) for pattern in body)


def test_header_gives_name_label_definition() -> None:
    rule = _rule("CONSTRUCT { ?s ex:p ?o } WHERE { ?s ex:q ?o . }")
    assert (rule.name, rule.label, rule.definition, rule.graph.value) == (
        "r",
        "a label",
        "a definition",
        "https://w3id.org/drugkg/inferred/r",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# Rule: r\n# Label: l\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "rule header lacks Definition"),
        ("# Rule: other\n# Label: l\n# Definition: d\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "header names rule"),
    ],
)
def test_a_bad_header_is_an_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_rule(text, Path("r.rq"))


def test_plain_rule_parts() -> None:
    rule = _rule(
        "CONSTRUCT { ?s ex:p ?o }\nWHERE {\n  # a comment\n  ?s a ex:C ; ex:q ?m , ?o .\n"
        '  FILTER (?s != ?o)\n  ?m ex:label "x\\"y"@en . ?o ex:n "1"^^<http://www.w3.org/2001/XMLSchema#integer>\n'
        '  FILTER regex(STR(?s), "^https")\n}\n'
    )
    assert rule.plain is not None
    assert rule.plain.prologue == PREFIX
    assert rule.plain.construct == "CONSTRUCT { ?s ex:p ?o }"
    assert rule.plain.where.startswith("WHERE {\n  # a comment")
    assert rule.plain.head == (TriplePattern(_v("s"), _ex("p"), _v("o")),)
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    assert rule.plain.body == (
        TriplePattern(_v("s"), RDF_TYPE, _ex("C")),
        TriplePattern(_v("s"), _ex("q"), _v("m")),
        TriplePattern(_v("s"), _ex("q"), _v("o")),
        TriplePattern(_v("m"), _ex("label"), ox.Literal('x"y', language="en")),
        TriplePattern(_v("o"), _ex("n"), ox.Literal("1", datatype=integer)),
    )
    assert rule.plain.filters == ("FILTER (?s != ?o)", 'FILTER regex(STR(?s), "^https")')


@pytest.mark.parametrize(
    "query",
    [
        "CONSTRUCT { ?s ex:p ?o } WHERE { ?s ex:p/ex:q ?o . }",  # a property path
        "CONSTRUCT { ?s ex:p ?o } WHERE { ?s ex:p ?o . FILTER NOT EXISTS { ?o ex:p ?s } }",
        "CONSTRUCT { ?s ex:p ?o } WHERE { ?s ex:p ?o . FILTER (?s != ?o && EXISTS { ?o ex:p ?s }) }",
        "CONSTRUCT { ?s ex:p ?o } WHERE { ?s ex:p ?o . OPTIONAL { ?o ex:q ?s } }",
        "CONSTRUCT { ?s ex:p ?o } WHERE { { ?s ex:p ?o } UNION { ?s ex:q ?o } }",
        "CONSTRUCT { ?s ex:p ?o } WHERE { ?s ex:p [ ex:q ?o ] . }",  # a blank node
        "CONSTRUCT { ?s ex:p ?o } WHERE { ?s ex:p ?o . BIND (?s AS ?t) }",
        "CONSTRUCT { ?s ex:p ?o } WHERE { ?s ex:p ?o . } LIMIT 10",
        "CONSTRUCT { ?s ex:p ?o } WHERE { ?s ex:p 1 . }",  # a number (outside the plain terms)
        "CONSTRUCT { ?s ex:p ?o } WHERE { ?s other:p ?o . }",  # an undeclared prefix
        "CONSTRUCT WHERE { ?s ex:p ?o . }",
        "SELECT * WHERE { ?s ex:p ?o . }",
        "CONSTRUCT { ?s ex:p ?o } WHERE { ?s ex:p ?o . ",  # unclosed
    ],
)
def test_other_queries_are_not_plain(query: str) -> None:
    assert _rule(query).plain is None


def test_instantiate_rejects_a_literal_subject() -> None:
    pattern = TriplePattern(_v("s"), _ex("p"), _v("o"))
    assert pattern.instantiate({"s": _ex("a"), "o": ox.Literal("x")}) == ox.Triple(_ex("a"), _ex("p"), ox.Literal("x"))
    with pytest.raises(InputError, match="gives an invalid triple"):
        pattern.instantiate({"s": ox.Literal("x"), "o": _ex("a")})
