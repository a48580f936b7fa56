"""Reading RDF files into an Oxigraph store, with one-line errors that name file, line and reason."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg import progress
from kg.errors import InputError

__all__ = ["FORMATS_BY_SUFFIX", "format_for", "load_file", "parse_error_message"]

FORMATS_BY_SUFFIX: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".n3": ox.RdfFormat.N3,
}


def format_for(path: Path) -> ox.RdfFormat:
    """The RDF format of a file, from its extension.

    >>> format_for(Path("graph.ttl")).name
    'Turtle'
    """
    try:
        return FORMATS_BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS_BY_SUFFIX))
        raise InputError(f"{path}: unknown RDF file extension {path.suffix!r} (known: {known})") from None


def parse_error_message(path: Path, error: SyntaxError) -> str:
    """One line: ``FILE: parser error at line L column C: reason``."""
    reason = str(error.msg or error).splitlines()[0] if error.msg else "syntax error"
    if error.lineno and f"line {error.lineno}" not in reason:
        reason = f"line {error.lineno}: {reason}"
    return f"{path}: {reason}"


def load_file(
    store: ox.Store,
    path: Path,
    *,
    to_graph: ox.NamedNode | None = None,
    rdf_format: ox.RdfFormat | None = None,
) -> None:
    """Bulk-load an RDF file into ``store``; triples go to ``to_graph`` (default graph if None).

    Raises :class:`InputError` naming the file, line and reason when the file cannot be read
    or does not parse; the store is left unchanged in that case (the load is transactional).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    rdf_format = rdf_format or format_for(path)
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty")
    options: dict = {"format": rdf_format, "path": str(path)}
    if to_graph is not None and not rdf_format.supports_datasets:
        options["to_graph"] = to_graph
    size = path.stat().st_size
    load = store.bulk_load if to_graph is None and size > 8_000_000 else store.load
    try:
        if progress.enabled() and size > 1_000_000:
            # The engine reads through a counter, so a bar can show how far it is (on a terminal).
            with progress.task(f"loading {path.name}", total=size) as advance, progress.ReadCounter(path, advance) as f:
                del options["path"]
                load(input=f, **options)  # type: ignore[arg-type]  # any object with read()
        else:
            load(**options)
    except SyntaxError as error:
        raise InputError(parse_error_message(path, error)) from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not a UTF-8 text file ({error.reason})") from None
    except (OSError, ValueError) as error:
        raise InputError(f"{path}: {error}") from None
