"""Writers for the RDF formats: Turtle, N-Triples and JSON-LD (the union of all graphs, as
triples), TriG and N-Quads (each fact in its named graph, so provenance survives).

All of them are deterministic: the same graph gives the same bytes.
"""

from __future__ import annotations

import json
from typing import IO

import pyoxigraph as ox

from kg.export.base import FileWriter
from kg.export.selection import ExportData
from kg.export.turtle import trig_lines, turtle_lines, write_lines

__all__ = ["JsonLdWriter", "NQuadsWriter", "NTriplesWriter", "TrigWriter", "TurtleWriter"]


class TurtleWriter(FileWriter):
    name = "turtle"

    def write(self, data: ExportData, handle: IO[bytes]) -> None:
        write_lines(turtle_lines(data.triples), handle)


class NTriplesWriter(FileWriter):
    name = "ntriples"

    def write(self, data: ExportData, handle: IO[bytes]) -> None:
        write_lines(sorted(f"{triple} ." for triple in data.triples), handle)


class JsonLdWriter(FileWriter):
    name = "jsonld"

    def write(self, data: ExportData, handle: IO[bytes]) -> None:
        document = json.loads(ox.serialize(data.triples, format=ox.RdfFormat.JSON_LD) or b"[]")
        handle.write(json.dumps(document, indent=1, ensure_ascii=False).encode("utf-8"))
        handle.write(b"\n")


class TrigWriter(FileWriter):
    name = "trig"

    def write(self, data: ExportData, handle: IO[bytes]) -> None:
        write_lines(trig_lines(data.dataset_quads), handle)


class NQuadsWriter(FileWriter):
    name = "nquads"

    def write(self, data: ExportData, handle: IO[bytes]) -> None:
        write_lines(sorted(f"{quad} ." for quad in data.dataset_quads), handle)
