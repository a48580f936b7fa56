"""A deterministic Turtle and TriG writer: the same graph always gives the same bytes.

It works on sorted N-Triples lines (:meth:`kg.export.selection.ExportData.triple_lines`), which
the engine writes, so a million triples take about a second more than the engine's own (unsorted)
Turtle. Triples are grouped by subject and then by predicate, in the lines' byte order; IRIs are
written ``prefix:local`` with the one prefix map (:data:`kg.namespaces.PREFIXES`) where the local
name is safe, and only the prefixes used are declared; ``rdf:type`` is written ``a``; literals and
blank nodes keep their N-Triples form, which is valid Turtle (blank nodes carry canonical labels).

>>> label = b"<http://www.w3.org/2000/01/rdf-schema#label>"
>>> lines = [b'<https://w3id.org/drugkg/entity/clonazepam> ' + label + b' "say \\\\"hi\\\\"" .']
>>> print(turtle_text(lines), end="")
@prefix dk: <https://w3id.org/drugkg/entity/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<BLANKLINE>
dk:clonazepam rdfs:label "say \\"hi\\"" .
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import IO

from kg.namespaces import PREFIXES

__all__ = ["PrefixMap", "trig_chunks", "turtle_chunks", "turtle_text", "write_document"]

_RDF_TYPE = f"<{PREFIXES['rdf']}type>".encode()
_INDENT = b"    "
#: Local names written as ``prefix:local``; anything else is written as a full ``<IRI>``.
_SAFE_LOCAL = re.compile(r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?\Z")
_DATATYPE = b'"^^<'


class PrefixMap:
    """Chooses ``prefix:local`` names for IRIs from a fixed prefix map (longest namespace wins)."""

    def __init__(self, prefixes: Mapping[str, str] = PREFIXES) -> None:
        self._by_length = sorted(prefixes.items(), key=lambda item: (-len(item[1]), item[0]))
        self._names: dict[bytes, bytes] = {}
        self.used: dict[str, str] = {}

    def iri(self, term: bytes) -> bytes:
        """The shortest safe Turtle form of an IRI given in N-Triples (``<...>``).

        >>> PrefixMap().iri(b"<https://w3id.org/drugkg/entity/clonazepam>")
        b'dk:clonazepam'
        >>> PrefixMap().iri(b"<https://w3id.org/drugkg/entity/a/b>")
        b'<https://w3id.org/drugkg/entity/a/b>'
        """
        name = self._names.get(term)
        if name is None:
            name = self._names[term] = self._compact(term)
        return name

    def _compact(self, term: bytes) -> bytes:
        iri = term[1:-1].decode("utf-8")
        for prefix, namespace in self._by_length:
            if iri.startswith(namespace) and _SAFE_LOCAL.match(iri, len(namespace)):
                self.used[prefix] = namespace
                return f"{prefix}:{iri[len(namespace) :]}".encode()
        return term

    def term(self, term: bytes) -> bytes:
        """The Turtle form of a term given in N-Triples: IRIs (and literals' datatypes) compacted."""
        if term.startswith(b"<<"):  # an RDF 1.2 triple term: kept as written
            return term
        if term.startswith(b"<"):
            return self.iri(term)
        if term.startswith(b'"') and term.endswith(b">"):
            cut = term.rfind(_DATATYPE) + 3  # quotes inside a literal are escaped: this is its end
            return term[:cut] + self.iri(term[cut:])
        return term

    def declarations(self) -> list[bytes]:
        """``@prefix`` lines for the prefixes used so far, sorted by prefix."""
        return [f"@prefix {prefix}: <{namespace}> .\n".encode() for prefix, namespace in sorted(self.used.items())]


def _blocks(lines: Iterable[bytes], names: PrefixMap, indent: bytes) -> Iterator[bytes]:
    """One block of text per subject of the sorted ``lines``: ``s p o1, o2 ; p2 o3 .``"""
    subject = predicate = None
    parts: list[bytes] = []
    object_gap = b",\n" + indent + _INDENT * 2
    verb_gap = b" ;\n" + indent + _INDENT
    for line in lines:
        s, p, o = line[:-2].split(b" ", 2)
        if s != subject:
            if parts:
                parts.append(b" .\n")
                yield b"".join(parts)
            parts = [indent, names.term(s), b" "]
            subject, predicate = s, None
        if p == predicate:
            parts.append(object_gap)
        else:
            if predicate is not None:
                parts.append(verb_gap)
            parts += (b"a" if p == _RDF_TYPE else names.iri(p), b" ")
            predicate = p
        parts.append(names.term(o))
    if parts:
        parts.append(b" .\n")
        yield b"".join(parts)


def turtle_chunks(lines: Iterable[bytes], names: PrefixMap) -> Iterator[bytes]:
    """The body of a Turtle document: one subject block after another, a blank line before each."""
    for block in _blocks(lines, names, b""):
        yield b"\n"
        yield block


def trig_chunks(graphs: Iterable[tuple[bytes, list[bytes]]], names: PrefixMap) -> Iterator[bytes]:
    """The body of a TriG document: the default graph's blocks, then one ``name { ... }`` per graph."""
    for graph, lines in graphs:
        if not graph:
            yield from turtle_chunks(lines, names)
            continue
        yield b"\n" + names.term(graph) + b" {\n"
        for index, block in enumerate(_blocks(lines, names, _INDENT)):
            yield b"\n" + block if index else block
        yield b"}\n"


def write_document(body: Iterable[bytes], names: PrefixMap, handle: IO[bytes]) -> None:
    """Write the ``@prefix`` lines the body used, then the body (which is held until then)."""
    chunks = list(body)
    handle.writelines(names.declarations())
    handle.writelines(chunks)


def turtle_text(lines: Iterable[bytes], prefixes: Mapping[str, str] = PREFIXES) -> str:
    """A Turtle document for sorted N-Triples ``lines``, as text (handy in tests and doctests)."""
    buffer = io.BytesIO()
    names = PrefixMap(prefixes)
    write_document(turtle_chunks(lines, names), names, buffer)
    return buffer.getvalue().decode("utf-8")
