"""Rule files: the inference rules of ``kg/compile/rules/``, each read and parsed once.

A rule file is a header (``# Rule: NAME``, ``# Label: ...``, ``# Definition: ...``) and a SPARQL
``CONSTRUCT``. Reasoning (its semi-naive delta rewrite) and explanations (the premises behind an
inferred triple) both read a rule through the :class:`Rule` made here.

A rule is **plain** when its query is only ``PREFIX`` declarations, a ``CONSTRUCT`` template of
triple patterns and a ``WHERE`` clause that is a list of triple patterns and ``FILTER``\\ s (no
``EXISTS``, groups, ``OPTIONAL``, ``UNION``, paths, blank nodes or solution modifiers). The terms
of a plain rule's patterns are variables, IRIs, prefixed names, ``a`` and string literals (with a
language tag or datatype); ``;`` and ``,`` lists are read as the triples they stand for. Every
shipped rule is plain (a test holds them to it); any other rule still runs, whole, but has no
delta form and cannot be explained.

>>> rule = parse_rule(
...     "# Rule: r\\n# Label: l\\n# Definition: d\\nPREFIX ex: <https://example.org/>\\n"
...     "CONSTRUCT { ?s ex:p ?o } WHERE { ?s ex:q ?m ; ex:q ?o . FILTER (?s != ?o) }",
...     Path("r.rq"),
... )
>>> [str(pattern) for pattern in rule.plain.body], rule.plain.filters
(['?s <https://example.org/q> ?m .', '?s <https://example.org/q> ?o .'], ('FILTER (?s != ?o)',))
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.graph_facts import RDF_TYPE, Term
from kg.namespaces import INFERRED_GRAPH_PREFIX
from kg.paths import RULES_DIR

__all__ = ["PatternTerm", "PlainQuery", "Rule", "TriplePattern", "load_rules", "parse_rule"]

#: A term of a triple pattern: a variable or a fixed RDF term.
PatternTerm = ox.Variable | ox.NamedNode | ox.Literal

_HEADER = re.compile(r"^#\s*(Rule|Label|Definition):\s*(.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class TriplePattern:
    """One triple pattern of a rule's template or body."""

    subject: PatternTerm
    predicate: PatternTerm
    object: PatternTerm

    def __iter__(self) -> Iterator[PatternTerm]:
        return iter((self.subject, self.predicate, self.object))

    def __str__(self) -> str:
        """The pattern as SPARQL (IRIs written out in full)."""
        return f"{self.subject} {self.predicate} {self.object} ."

    def instantiate(self, values: Mapping[str, Term]) -> ox.Triple:
        """The triple this pattern stands for when its variables take ``values`` (by name).

        >>> x = ox.NamedNode("https://example.org/x")
        >>> TriplePattern(ox.Variable("s"), RDF_TYPE, x).instantiate({"s": x}).object == x
        True
        """
        subject, predicate, object_ = (values[t.value] if isinstance(t, ox.Variable) else t for t in self)
        if not isinstance(subject, ox.NamedNode | ox.BlankNode | ox.Triple) or not isinstance(predicate, ox.NamedNode):
            raise InputError(f"rule pattern {self} gives an invalid triple")
        return ox.Triple(subject, predicate, object_)


@dataclass(frozen=True)
class PlainQuery:
    """The parts of a plain rule's query, each as the file writes it or as parsed terms."""

    #: The ``PREFIX`` declarations (the text from the first of them up to ``CONSTRUCT``).
    prologue: str
    #: The ``CONSTRUCT { ... }`` clause.
    construct: str
    #: The ``WHERE { ... }`` clause (to the end of the query).
    where: str
    #: The template's triple patterns: what the rule concludes.
    head: tuple[TriplePattern, ...]
    #: The body's triple patterns, in the order written.
    body: tuple[TriplePattern, ...]
    #: The body's ``FILTER`` clauses, as written.
    filters: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """One inference rule read from a ``.rq`` file."""

    name: str
    label: str
    definition: str
    query: str
    path: Path
    #: The parsed query, or None when the rule is not plain (see the module's documentation).
    plain: PlainQuery | None = None

    @property
    def graph(self) -> ox.NamedNode:
        """The named graph that holds what this rule derives."""
        return ox.NamedNode(INFERRED_GRAPH_PREFIX + self.name)


def parse_rule(text: str, path: Path) -> Rule:
    """The rule a file holds; a file without its header, or whose header names another rule, is
    an error. A query that is not plain gives a rule without :attr:`Rule.plain` (the engine
    reports its syntax errors when the rule runs)."""
    header = {key: value for key, value in _HEADER.findall(text)}
    missing = {"Rule", "Label", "Definition"} - header.keys()
    if missing:
        raise InputError(f"{path}: rule header lacks {', '.join(sorted(missing))}")
    if header["Rule"] != path.stem:
        raise InputError(f"{path}: header names rule {header['Rule']!r}, file is {path.stem!r}")
    return Rule(header["Rule"], header["Label"], header["Definition"], text, path, _parse_plain(text))


def load_rules(rules_dir: Path = RULES_DIR) -> list[Rule]:
    """Read every rule file of ``rules_dir``, sorted by name."""
    return [parse_rule(path.read_text(encoding="utf-8"), path) for path in sorted(rules_dir.glob("*.rq"))]


# --- the parser of plain queries -------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+|\#[^\n]*)
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<string>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    |(?P<var>[?$]\w+)
    |(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    |(?P<pname>(?:[A-Za-z](?:[\w.-]*[\w-])?)?:(?:\w(?:[\w.-]*[\w-])?)?)
    |(?P<word>[A-Za-z_]\w*)
    |(?P<number>[0-9]+(?:\.[0-9]+)?)
    |(?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}().;,=<>!+*/-])
    """,
    re.VERBOSE,
)
_ECHAR = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


class _NotPlain(Exception):
    """The query is outside the plain subset (or not valid SPARQL): it runs whole."""


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int

    def is_word(self, word: str) -> bool:
        return self.kind == "word" and self.text.upper() == word


def _tokens(text: str) -> list[_Token]:
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.lastgroup is None:
            raise _NotPlain
        if match.lastgroup != "space":
            tokens.append(_Token(match.lastgroup, match.group(), match.start(), match.end()))
        position = match.end()
    return tokens


class _Parser:
    """A recursive-descent reader of the plain subset, over the tokens of one query."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.index = 0
        self.prefixes: dict[str, str] = {}

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def next(self) -> _Token:
        token = self.peek()
        if token is None:
            raise _NotPlain
        self.index += 1
        return token

    def expect(self, text: str) -> _Token:
        token = self.next()
        if token.text.upper() != text:
            raise _NotPlain
        return token

    def at(self, text: str) -> bool:
        token = self.peek()
        return token is not None and token.text.upper() == text

    def query(self) -> PlainQuery:
        first = self.peek()
        while self.at("PREFIX"):
            self.next()
            prefix, iri = self.next(), self.next()
            if prefix.kind != "pname" or not prefix.text.endswith(":") or iri.kind != "iri":
                raise _NotPlain
            self.prefixes[prefix.text[:-1]] = iri.text[1:-1]
        construct = self.expect("CONSTRUCT")
        self.expect("{")
        head = self.triples_until("}")
        where = self.next()  # the keyword WHERE is optional
        if where.is_word("WHERE"):
            self.expect("{")
        elif where.text != "{":
            raise _NotPlain
        body: list[TriplePattern] = []
        filters: list[str] = []
        while not self.at("}"):
            token = self.peek()
            if token is not None and token.is_word("FILTER"):
                filters.append(self.filter())
            else:
                body += self.triples()
                if self.at("."):
                    self.next()
        self.next()
        if self.peek() is not None or not head or not body:
            raise _NotPlain
        return PlainQuery(
            prologue=self.text[first.start if first else 0 : construct.start],
            construct=self.text[construct.start : where.start].rstrip(),
            where=self.text[where.start :],
            head=tuple(head),
            body=tuple(body),
            filters=tuple(filters),
        )

    def triples_until(self, end: str) -> list[TriplePattern]:
        """Triple patterns separated by ``.`` up to ``end`` (consumed)."""
        found: list[TriplePattern] = []
        while not self.at(end):
            found += self.triples()
            if self.at("."):
                self.next()
        self.next()
        return found

    def triples(self) -> list[TriplePattern]:
        """One subject with its ``;``-separated predicates and ``,``-separated objects."""
        subject = self.term()
        found = []
        while True:
            predicate = self.term(predicate=True)
            found.append(TriplePattern(subject, predicate, self.term()))
            while self.at(","):
                self.next()
                found.append(TriplePattern(subject, predicate, self.term()))
            if not self.at(";"):
                return found
            while self.at(";"):
                self.next()
            if self.at(".") or self.at("}"):
                return found

    def term(self, predicate: bool = False) -> PatternTerm:
        token = self.next()
        if token.kind == "var":
            return ox.Variable(token.text[1:])
        if predicate and token.text == "a":
            return RDF_TYPE
        if token.kind in ("iri", "pname"):
            return self.iri(token)
        if token.kind == "string" and not predicate:
            value = re.sub(r"\\(.)", lambda m: _ECHAR.get(m.group(1), "\x00"), token.text[1:-1])
            if "\x00" in value:  # \u escapes and the like: left to the engine
                raise _NotPlain
            suffix = self.peek()
            if suffix is not None and suffix.kind == "lang":
                self.next()
                return ox.Literal(value, language=suffix.text[1:])
            if self.at("^^"):
                self.next()
                return ox.Literal(value, datatype=self.iri(self.next()))
            return ox.Literal(value)
        raise _NotPlain

    def iri(self, token: _Token) -> ox.NamedNode:
        if token.kind == "iri":
            iri = token.text[1:-1]
        elif token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            if prefix not in self.prefixes:
                raise _NotPlain
            iri = self.prefixes[prefix] + local
        else:
            raise _NotPlain
        try:
            return ox.NamedNode(iri)
        except ValueError:  # a relative IRI: left to the engine
            raise _NotPlain from None

    def filter(self) -> str:
        """``FILTER (...)`` or ``FILTER function(...)``, as written; never ``EXISTS``."""
        start = self.next().start
        token = self.next()
        if token.kind in ("word", "pname", "iri") and not token.is_word("EXISTS") and not token.is_word("NOT"):
            token = self.next()
        if token.text != "(":
            raise _NotPlain
        depth = 1
        while depth:
            token = self.next()
            if token.text in ("{", "}") or token.is_word("EXISTS"):
                raise _NotPlain
            depth += {"(": 1, ")": -1}.get(token.text, 0)
        return self.text[start : token.end]


def _parse_plain(text: str) -> PlainQuery | None:
    """The parts of ``text`` when it is a plain rule query, else None."""
    try:
        return _Parser(text).query()
    except _NotPlain:
        return None
