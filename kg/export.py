"""Writing the graph in other formats, atomically (a failed export leaves no partial file).

Turtle and N-Triples hold triples, so they carry the union of all graphs; TriG and N-Quads keep
each fact in the named graph of its source.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.atomic import atomic_write, check_writable_parent
from kg.errors import InputError
from kg.namespaces import PREFIXES
from kg.rdflib_bridge import union_graph

__all__ = ["EXPORT_FORMATS", "export"]

#: Format name -> whether it keeps named graphs (provenance).
EXPORT_FORMATS: dict[str, bool] = {"turtle": False, "ntriples": False, "trig": True, "nquads": True}


def _write_turtle(store: ox.Store, path: Path) -> None:
    data = union_graph(store).serialize(format="turtle", encoding="utf-8")
    with atomic_write(path, "wb") as handle:
        handle.write(data)


def _write_ntriples(store: ox.Store, path: Path) -> None:
    lines = sorted(set(union_graph(store).serialize(format="nt", encoding="utf-8").decode().splitlines()))
    with atomic_write(path) as handle:
        handle.writelines(line + "\n" for line in lines if line)


def _write_dataset(store: ox.Store, path: Path, rdf_format: ox.RdfFormat) -> None:
    with atomic_write(path, "wb") as handle:
        if rdf_format == ox.RdfFormat.TRIG:
            store.dump(handle, format=rdf_format, prefixes=PREFIXES)
        else:
            store.dump(handle, format=rdf_format)


def export(store: ox.Store, format_name: str, path: Path) -> None:
    """Write ``store`` to ``path`` in ``format_name`` (one of :data:`EXPORT_FORMATS`)."""
    path = Path(path)
    if format_name not in EXPORT_FORMATS:
        raise InputError(f"unknown format {format_name!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    check_writable_parent(path)
    if format_name == "turtle":
        _write_turtle(store, path)
    elif format_name == "ntriples":
        _write_ntriples(store, path)
    elif format_name == "trig":
        _write_dataset(store, path, ox.RdfFormat.TRIG)
    else:
        _write_dataset(store, path, ox.RdfFormat.N_QUADS)
