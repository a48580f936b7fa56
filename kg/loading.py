"""Reading RDF files into an Oxigraph store, with one-line errors that name file, line and reason."""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import pyoxigraph as ox

from kg import progress
from kg.errors import InputError

__all__ = [
    "FORMATS_BY_SUFFIX",
    "MAX_ENTITY_EXPANSION",
    "MAX_FILE_BYTES",
    "check_regular_file",
    "check_xml_depth",
    "check_xml_entities",
    "format_for",
    "load_file",
    "parse_error_message",
]

#: Characters that XML entity references in an RDF/XML file may expand to, in all.
MAX_ENTITY_EXPANSION = 16_000_000
#: How deep XML elements may nest in an RDF/XML file (the parser slows down quadratically with depth).
MAX_XML_DEPTH = 1000
#: Largest RDF file read, in bytes (the biggest shipped dataset file is far smaller).
MAX_FILE_BYTES = 512 * 1024 * 1024

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


_ENTITY_DECLARATION = re.compile(rb"""<!ENTITY\s+(?:%\s+)?([^\s%;"'<>]+)\s+(?:"([^"]*)"|'([^']*)')""")
_ENTITY_REFERENCE = re.compile(rb"[&%]([A-Za-z_:][\w.:-]*);")


def check_xml_entities(path: Path, data: bytes) -> None:
    """Refuse an XML file whose entities expand to more than :data:`MAX_ENTITY_EXPANSION` characters.

    Entities that name namespaces (``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``) are fine;
    ten entities of ten references each ("billion laughs") would grow a few hundred bytes into
    gigabytes in memory, so the expanded size is worked out from the declarations first.

    >>> laughs = b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">' + b"".join(
    ...     b'<!ENTITY %c "%s">' % (98 + i, (b"&%c;" % (97 + i)) * 10) for i in range(8)) + b"]><r>&i;</r>"
    >>> check_xml_entities(Path("laughs.rdf"), laughs)
    Traceback (most recent call last):
    kg.errors.InputError: laughs.rdf: its XML entities would expand to over 16000000 characters; refused
    """
    if b"<!ENTITY" not in data:
        return
    declared = {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _ENTITY_DECLARATION.finditer(data)
    }
    sizes: dict[bytes, int] = {}

    def size(name: bytes, seen: frozenset[bytes]) -> int:
        if name not in declared:
            return 1  # a predefined entity (&amp;) or a character
        if name in seen:
            raise InputError(f"{path}: the XML entity {name.decode(errors='replace')} refers to itself")
        if name not in sizes:
            value = declared[name]
            inner = sum(size(ref, seen | {name}) for ref in _ENTITY_REFERENCE.findall(value))
            sizes[name] = len(_ENTITY_REFERENCE.sub(b"", value)) + inner
        return sizes[name]

    total = sum(size(ref, frozenset()) for ref in _ENTITY_REFERENCE.findall(_ENTITY_DECLARATION.sub(b"", data)))
    if total > MAX_ENTITY_EXPANSION:
        raise InputError(f"{path}: its XML entities would expand to over {MAX_ENTITY_EXPANSION} characters; refused")


_TAG = re.compile(rb"<(/?)[A-Za-z_][^<>]*?(/?)>")


def check_xml_depth(path: Path, data: bytes) -> None:
    """Refuse XML nested deeper than :data:`MAX_XML_DEPTH` elements (real RDF/XML stays far below;
    200,000 levels kept the parser busy for minutes, deaf to Ctrl-C).

    >>> check_xml_depth(Path("deep.rdf"), b"<a>" * 1001 + b"</a>" * 1001)
    Traceback (most recent call last):
    kg.errors.InputError: deep.rdf: XML elements nested over 1000 deep; refused
    """
    if data.count(b"<") <= MAX_XML_DEPTH:
        return
    depth = 0
    for match in _TAG.finditer(data):
        if match.group(1):
            depth -= 1
        elif not match.group(2):
            depth += 1
            if depth > MAX_XML_DEPTH:
                raise InputError(f"{path}: XML elements nested over {MAX_XML_DEPTH} deep; refused")


def check_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> int:
    """The size of ``path``, once it is a regular file (a symlink to one counts) under ``limit``
    bytes; else one line naming it. A device (``/dev/zero``), a FIFO, a socket or a folder is never
    opened: reading one could hang or never end.
    """
    try:
        status = os.stat(path)
    except OSError as error:
        raise InputError(f"{path}: {error.strerror or error}") from None
    if stat.S_ISDIR(status.st_mode):
        raise InputError(f"{path}: is a folder, not an RDF file")
    if not stat.S_ISREG(status.st_mode):
        raise InputError(f"{path}: not a regular file (a device, FIFO or socket); refused")
    if status.st_size > limit:
        raise InputError(f"{path}: {status.st_size:,} bytes, over the limit of {limit:,}; refused")
    return status.st_size


def load_file(
    store: ox.Store,
    path: Path,
    *,
    to_graph: ox.NamedNode | None = None,
    rdf_format: ox.RdfFormat | None = None,
    bulk: bool = False,
    any_size: bool = False,
) -> None:
    """Bulk-load an RDF file into ``store``; triples go to ``to_graph`` (default graph if None).

    Raises :class:`InputError` naming the file, line and reason when the file cannot be read
    or does not parse; the store is left unchanged in that case (the load is transactional),
    unless ``bulk`` asks for the engine's bulk loader (faster, not transactional: for a new store
    that is thrown away on failure). A file over :data:`MAX_FILE_BYTES` is refused unless
    ``any_size`` (a streaming load into an on-disk store, whose memory does not grow with the
    file); RDF/XML, which is read whole first, always is.
    """
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise InputError(f"{path}: no such file")
    rdf_format = rdf_format or format_for(path)
    streamed = any_size and rdf_format != ox.RdfFormat.RDF_XML
    size = check_regular_file(path, sys.maxsize if streamed else MAX_FILE_BYTES)
    if size == 0:
        raise InputError(f"{path}: the file is empty")
    if rdf_format == ox.RdfFormat.RDF_XML:
        data = _read(path)
        check_xml_entities(path, data)
        check_xml_depth(path, data)
    options: dict = {"format": rdf_format, "path": str(path)}
    if to_graph is not None and not rdf_format.supports_datasets:
        options["to_graph"] = to_graph
    load = store.bulk_load if bulk or (to_graph is None and size > 8_000_000) else store.load
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


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: {error.strerror or error}") from None
