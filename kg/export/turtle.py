"""A small deterministic Turtle and TriG writer: the same graph always gives the same bytes.

Subjects, predicates and objects are sorted (``a`` first), prefixes come from the one prefix
map (:data:`kg.namespaces.PREFIXES`) and only those actually used are declared, blank nodes
carry their canonical (RDFC-1.0) labels, and literals are always written in the quoted form
with every character that needs it escaped. rdflib's serialiser is stable for a graph without
blank nodes, but keeps the random labels blank nodes got when parsed, invents ``ns1:``-style
prefixes for namespaces outside the map and needs the whole graph converted to rdflib first
(the slowest step of an export); this writer works on pyoxigraph terms directly.

>>> import pyoxigraph as ox
>>> t = ox.Triple(ox.NamedNode("https://w3id.org/drugkg/entity/clonazepam"),
...               ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal('say "hi"'))
>>> print(turtle_text([t]), end="")
@prefix dk: <https://w3id.org/drugkg/entity/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<BLANKLINE>
dk:clonazepam rdfs:label "say \\"hi\\"" .
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import groupby
from typing import IO

import pyoxigraph as ox

from kg.export.selection import Term, graph_key, term_key
from kg.namespaces import PREFIXES

__all__ = ["PrefixMap", "quote_string", "trig_lines", "turtle_lines", "turtle_text", "write_lines"]

_RDF_TYPE = PREFIXES["rdf"] + "type"
_XSD_STRING = PREFIXES["xsd"] + "string"
_LANG_STRING = PREFIXES["rdf"] + "langString"
_INDENT = "    "
#: Local names written as ``prefix:local``; anything else is written as a full ``<IRI>``.
_SAFE_LOCAL = re.compile(r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?\Z")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def quote_string(text: str) -> str:
    r"""``text`` as a Turtle string in double quotes, with backslash, quote and control characters escaped.

    >>> print(quote_string('a "b"\\c\nd\x00'))
    "a \"b\"\\c\nd\u0000"
    """
    parts = []
    for char in text:
        if char in _ESCAPES:
            parts.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            parts.append(f"\\u{ord(char):04X}")
        else:
            parts.append(char)
    return '"' + "".join(parts) + '"'


class PrefixMap:
    """Chooses ``prefix:local`` names for IRIs from a fixed prefix map (longest namespace wins)."""

    def __init__(self, prefixes: Mapping[str, str] = PREFIXES) -> None:
        self._by_length = sorted(prefixes.items(), key=lambda item: (-len(item[1]), item[0]))
        self.used: dict[str, str] = {}

    def compact(self, iri: str) -> str | None:
        """``prefix:local`` for ``iri``, or None if no prefix fits; records the prefix as used."""
        for prefix, namespace in self._by_length:
            if iri.startswith(namespace) and _SAFE_LOCAL.match(iri[len(namespace) :]):
                self.used[prefix] = namespace
                return f"{prefix}:{iri[len(namespace) :]}"
        return None

    def iri(self, iri: str) -> str:
        """The shortest safe Turtle form of an IRI."""
        return self.compact(iri) or f"<{iri}>"

    def term(self, term: Term) -> str:
        """The Turtle form of a term."""
        if isinstance(term, ox.Triple):
            return f"<< {self.term(term.subject)} {self.term(term.predicate)} {self.term(term.object)} >>"
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        text = quote_string(term.value)
        if term.language:
            return f"{text}@{term.language}"
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _LANG_STRING):
            return text
        return f"{text}^^{self.iri(datatype)}"

    def declarations(self) -> list[str]:
        """``@prefix`` lines for the prefixes used so far, sorted by prefix."""
        return [f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in sorted(self.used.items())]


def _predicate_key(predicate: ox.NamedNode) -> tuple[int, str]:
    return (0 if predicate.value == _RDF_TYPE else 1, predicate.value)


def _subject_blocks(triples: Sequence[ox.Triple], names: PrefixMap, indent: str) -> Iterator[str]:
    """One block of lines per subject, predicates sorted (``a`` first), objects sorted."""
    ordered = sorted(triples, key=lambda t: (term_key(t.subject), _predicate_key(t.predicate), term_key(t.object)))
    for subject, subject_triples in groupby(ordered, key=lambda t: t.subject):
        parts: list[str] = []
        for index, (predicate, predicate_triples) in enumerate(groupby(subject_triples, key=lambda t: t.predicate)):
            verb = "a" if predicate.value == _RDF_TYPE else names.iri(predicate.value)
            objects = (",\n" + indent + _INDENT * 2).join(names.term(t.object) for t in predicate_triples)
            head = f"{indent}{names.term(subject)} " if index == 0 else f"{indent}{_INDENT}"
            parts.append(f"{head}{verb} {objects}")
        yield " ;\n".join(parts) + " ."


def turtle_lines(triples: Iterable[ox.Triple], prefixes: Mapping[str, str] = PREFIXES) -> Iterator[str]:
    """The lines of a Turtle document for ``triples``."""
    names = PrefixMap(prefixes)
    blocks = list(_subject_blocks(list(triples), names, ""))
    yield from names.declarations()
    for block in blocks:
        yield ""
        yield block


def trig_lines(quads: Iterable[ox.Quad], prefixes: Mapping[str, str] = PREFIXES) -> Iterator[str]:
    """The lines of a TriG document for ``quads``: default graph first, then named graphs sorted."""
    names = PrefixMap(prefixes)
    body: list[str] = []
    ordered = sorted(quads, key=lambda q: graph_key(q.graph_name))
    for graph, graph_quads in groupby(ordered, key=lambda q: q.graph_name):
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in graph_quads]
        if isinstance(graph, ox.DefaultGraph):
            for block in _subject_blocks(triples, names, ""):
                body.extend(("", block))
            continue
        body.extend(("", f"{names.term(graph)} {{"))
        blocks = list(_subject_blocks(triples, names, _INDENT))
        for index, block in enumerate(blocks):
            if index:
                body.append("")
            body.append(block)
        body.append("}")
    yield from names.declarations()
    yield from body


def write_lines(lines: Iterable[str], handle: IO[bytes]) -> None:
    """Write ``lines`` as UTF-8, each ending in a newline."""
    for line in lines:
        handle.write(line.encode("utf-8"))
        handle.write(b"\n")


def turtle_text(triples: Iterable[ox.Triple], prefixes: Mapping[str, str] = PREFIXES) -> str:
    """A Turtle document as text (handy in tests and doctests)."""
    buffer = io.BytesIO()
    write_lines(turtle_lines(triples, prefixes), buffer)
    return buffer.getvalue().decode("utf-8")
