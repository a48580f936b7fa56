"""Unit tests of kg.query.text: parameter values become terms, and no value can change a query."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.namespaces import DK
from kg.query.text import has_service, mask, parse_term, query_form, values_clause

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<https://w3id.org/drugkg/entity/clonazepam>", ox.NamedNode(str(DK.clonazepam))),
        ("dk:clonazepam", ox.NamedNode(str(DK.clonazepam))),
        ('"5"^^xsd:integer', ox.Literal("5", datatype=ox.NamedNode(XSD + "integer"))),
        ("5", ox.Literal("5", datatype=ox.NamedNode(XSD + "integer"))),
        ('"dépression"@fr', ox.Literal("dépression", language="fr")),
        ('"say \\"hi\\""', ox.Literal('say "hi"')),
        ("clinical depression", ox.Literal("clinical depression")),
        ("unknownprefix:x", ox.Literal("unknownprefix:x")),
    ],
)
def test_parse_term(text: str, expected) -> None:
    assert parse_term(text) == expected


def test_names_are_resolved_only_when_asked() -> None:
    assert parse_term("Klonopin", {"Klonopin": str(DK.clonazepam)}.get) == ox.NamedNode(str(DK.clonazepam))
    assert parse_term("Klonopin") == ox.Literal("Klonopin")


def test_bad_iri_and_datatype_are_one_line_errors() -> None:
    with pytest.raises(InputError, match="not a valid IRI"):
        parse_term("<has space>")
    with pytest.raises(InputError, match="unknown datatype"):
        parse_term('"5"^^nope:int')


def test_keywords_in_strings_and_comments_do_not_count() -> None:
    assert not has_service('SELECT * WHERE { ?s ?p "SERVICE <x>" } # SERVICE')
    assert has_service("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
    assert not has_service("SELECT ?service WHERE { ?service ?p ?o }")
    assert query_form('SELECT * WHERE { ?s ?p "INSERT DATA { }" }') == "select"
    assert len(mask('"a\nb" <x>')) == len('"a\nb" <x>')


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_no_value_changes_the_query(value: str) -> None:
    """Whatever the user types, the query still returns exactly one row: the value as a term."""
    try:
        term = parse_term(value)
    except InputError:
        return
    store = ox.Store()
    local = list(store.query("SELECT ?v WHERE { }", substitutions={ox.Variable("v"): term}))
    remote_text = "SELECT ?v WHERE { }\n" + values_clause({"v": term})
    remote = list(store.query(remote_text))
    assert [row["v"] for row in local] == [row["v"] for row in remote] == [term]


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_no_value_changes_the_query_inside_the_where_group(value: str) -> None:
    """The same with the VALUES block where remote queries carry it: opening the WHERE group."""
    from kg.query.text import with_values

    try:
        term = parse_term(value)
    except InputError:
        return
    text = with_values('SELECT ?v WHERE { BIND ("{" AS ?brace) }', {"v": term})
    assert [row["v"] for row in ox.Store().query(text)] == [term]


@pytest.mark.parametrize(
    ("text", "form", "inside"),
    [
        ("SELECT ?d WHERE { ?d ?p ?o }", "select", True),
        ("ASK { ?d ?p ?o }", "ask", True),
        ("# {\nPREFIX x: <http://x/> SELECT ?d FROM <http://g/> { ?d ?p '{' } # {", "select", True),
        ("CONSTRUCT { ?d <http://x/p> '}' } WHERE { ?d ?p ?o }", "graph", True),
        ("CONSTRUCT WHERE { ?d ?p ?o }", "graph", False),
        ("DESCRIBE ?d", "graph", False),
    ],
)
def test_values_block_placement(text: str, form: str, inside: bool) -> None:
    """Inside the WHERE group where there is one, else after the query; the result still parses."""
    from kg.query.text import with_values

    term = ox.NamedNode("http://x/a")
    placed = with_values(text, {"d": term}, form)
    assert placed.rstrip().endswith("VALUES (?d) { (<http://x/a>) }") is not inside
    assert query_form(placed) == form
    if form == "select":
        assert all(row["d"] == term for row in ox.Store().query(placed))


def test_each_text_is_parsed_once_and_only_user_text_in_the_sandbox(monkeypatch) -> None:
    """A user's text is parsed in the sandbox, once per process for the same bindings; the
    package's own named queries are parsed in this process (no fork on a cold command)."""
    from collections import OrderedDict

    import kg.query.text as text_module
    import kg.query.worker as worker
    from kg.query.library import is_library_query, load_query

    monkeypatch.setattr(text_module, "_PARSED", OrderedDict())  # nothing parsed before in this worker
    calls: list[bool] = []
    real = worker.check_parse

    def spy(text, options, timeout, *, sandboxed=True):
        calls.append(sandboxed)
        return real(text, options, timeout, sandboxed=sandboxed)

    monkeypatch.setattr(worker, "check_parse", spy)
    user = "SELECT ?d WHERE { ?d ?p ?o } # parsed once"
    assert [query_form(user), query_form(user)] == ["select", "select"]
    assert calls == [True]
    bound = {"d": ox.NamedNode("http://x/a")}
    assert query_form(user, bindings=bound) == "select"
    assert query_form(user, bindings={"d": ox.NamedNode("http://x/b")}) == "select"
    assert calls == [True, True, True]
    named = load_query("side-effects")
    assert is_library_query(named)
    assert query_form(named.text, trusted=True) == "select"
    assert calls[-1] is False
    with pytest.raises(InputError, match="syntax error"):
        query_form("SELECT ?d WHERE { ?d ?p }", trusted=True)
    with pytest.raises(InputError, match="must be a variable the query returns"):
        query_form("SELECT ?d WHERE { ?d ?p ?o }", bindings={"o": ox.NamedNode("http://x/a")}, trusted=True)
    for n in range(text_module._PARSED_KEEP + 10):  # a long-running process keeps only the latest
        query_form(f"ASK {{ ?s ?p {n} }}", trusted=True)
    assert len(text_module._PARSED) == text_module._PARSED_KEEP
