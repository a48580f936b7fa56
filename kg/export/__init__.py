"""Writing the graph for other tools: RDF formats, GraphML and KGX, atomically.

Each format is a small writer class (:mod:`kg.export.base`); :func:`export` chooses the quads
(:mod:`kg.export.selection`) and hands them to the writer of the format asked for. Turtle,
N-Triples and JSON-LD carry the union of all graphs; TriG and N-Quads keep each fact in the
named graph of its source; GraphML and KGX turn the facts into nodes and edges.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.export.base import FileWriter, FolderWriter, Writer
from kg.export.graphml import GraphMLWriter
from kg.export.kgx import KgxWriter
from kg.export.rdf import JsonLdWriter, NQuadsWriter, NTriplesWriter, TrigWriter, TurtleWriter
from kg.export.selection import CONTENT_CHOICES, ExportData, export_data

__all__ = [
    "CONTENT_CHOICES",
    "EXPORT_FORMATS",
    "ExportData",
    "FileWriter",
    "FolderWriter",
    "Writer",
    "export",
    "writer_for",
]

#: Format name -> writer class, in the order ``--help`` lists them.
EXPORT_FORMATS: dict[str, type[Writer]] = {
    writer.name: writer
    for writer in (
        TurtleWriter,
        NTriplesWriter,
        JsonLdWriter,
        TrigWriter,
        NQuadsWriter,
        GraphMLWriter,
        KgxWriter,
    )
}


def writer_for(format_name: str) -> Writer:
    """The writer of ``format_name``; a one-line error listing the formats if there is none.

    >>> writer_for("turtle").name
    'turtle'
    """
    try:
        return EXPORT_FORMATS[format_name]()
    except KeyError:
        raise InputError(f"unknown format {format_name!r}; choose one of: {', '.join(EXPORT_FORMATS)}") from None


def export(
    store: ox.Store,
    format_name: str,
    path: Path,
    *,
    content: str = "all",
    provenance: bool = True,
) -> None:
    """Write ``store`` to ``path`` in ``format_name`` (one of :data:`EXPORT_FORMATS`).

    ``content`` is ``"all"`` (asserted and inferred facts) or ``"asserted"``; ``provenance``
    keeps the descriptions of sources (and, for TriG/N-Quads, the named graphs).
    """
    writer = writer_for(format_name)
    writer.check_target(Path(path))
    writer.export(export_data(store, content=content, provenance=provenance), Path(path))
