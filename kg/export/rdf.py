"""Writers for the RDF formats: Turtle, N-Triples and JSON-LD (the union of all graphs, as
triples), TriG and N-Quads (each fact in its named graph, so provenance survives).

All of them are deterministic: the same graph gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import islice
from typing import IO

import pyoxigraph as ox

from kg.export.base import FileWriter
from kg.export.selection import ExportData
from kg.export.turtle import PrefixMap, trig_chunks, turtle_chunks, write_document

__all__ = ["JsonLdWriter", "NQuadsWriter", "NTriplesWriter", "TrigWriter", "TurtleWriter"]


class TurtleWriter(FileWriter):
    name = "turtle"

    def write(self, data: ExportData, handle: IO[bytes]) -> None:
        names = PrefixMap()
        write_document(turtle_chunks(data.triple_lines(), names), names, handle)


class NTriplesWriter(FileWriter):
    name = "ntriples"

    def write(self, data: ExportData, handle: IO[bytes]) -> None:
        write_lines(data.triple_lines(), handle)


class JsonLdWriter(FileWriter):
    name = "jsonld"

    def write(self, data: ExportData, handle: IO[bytes]) -> None:
        document = json.loads(ox.serialize(data.triples, format=ox.RdfFormat.JSON_LD) or b"[]")
        handle.write(json.dumps(document, indent=1, ensure_ascii=False).encode("utf-8"))
        handle.write(b"\n")


class TrigWriter(FileWriter):
    name = "trig"

    def write(self, data: ExportData, handle: IO[bytes]) -> None:
        names = PrefixMap()
        write_document(trig_chunks(data.graph_lines(), names), names, handle)


class NQuadsWriter(FileWriter):
    name = "nquads"

    def write(self, data: ExportData, handle: IO[bytes]) -> None:
        for graph, lines in data.graph_lines():
            write_lines(lines if not graph else (line[:-1] + graph + b" ." for line in lines), handle)


def write_lines(lines: Iterable[bytes], handle: IO[bytes], batch: int = 10_000) -> None:
    """Write ``lines``, each followed by a newline (joined ``batch`` at a time: one call per line is slow)."""
    lines = iter(lines)
    while chunk := list(islice(lines, batch)):
        handle.write(b"\n".join(chunk) + b"\n")
