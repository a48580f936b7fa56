"""The one small interface every open-dataset importer implements, and what an import reports.

An importer reads the shipped files of one source (checked against its manifest), writes each fact
into a named graph of that source and release (``https://w3id.org/drugkg/source/NAME/RELEASE/FILE``),
describes each such graph in ``dkg:sources`` (upstream file at the commit, licence, version) and
returns an :class:`ImportReport`: rows read per file, rows represented, facts written and every row
it could not map, with the reason. No row is dropped silently: for every file
``rows read == rows represented + rows reported unmappable``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.graph_facts import RDF_TYPE, RDFS_LABEL, SKOS_ALT_LABEL, SKOS_DEFINITION
from kg.namespaces import BASE, DKV, GRAPH_SOURCES
from kg.sources.identity import Identities
from kg.sources.manifest import Manifest, read_manifest, rows

__all__ = [
    "FileCount",
    "ImportContext",
    "ImportReport",
    "SourceImporter",
    "UnmappedRow",
    "Writer",
]

_DCTERMS = "http://purl.org/dc/terms/"
DCTERMS_IS_PART_OF = ox.NamedNode(_DCTERMS + "isPartOf")
DCTERMS_SOURCE = ox.NamedNode(_DCTERMS + "source")
DCTERMS_LICENSE = ox.NamedNode(_DCTERMS + "license")
DCTERMS_CITATION = ox.NamedNode(_DCTERMS + "bibliographicCitation")
OWL_VERSION_INFO = ox.NamedNode("http://www.w3.org/2002/07/owl#versionInfo")
SOURCE_DOCUMENT = ox.NamedNode(str(DKV.SourceDocument))
SOURCE_SECTION = ox.NamedNode(str(DKV.SourceSection))
_SOURCES = ox.NamedNode(str(GRAPH_SOURCES))


@dataclass(frozen=True, order=True)
class UnmappedRow:
    """A row (or, when ``partial``, a part of a row) that the importer could not represent."""

    file: str
    line: int
    reason: str
    row: str
    #: True when the rest of the row is represented and only this part is not.
    partial: bool = False


@dataclass
class FileCount:
    """Rows of one file: read, and represented in the graph."""

    read: int = 0
    represented: int = 0


@dataclass
class ImportReport:
    """What one importer did: per-file row counts, facts written, and the rows it could not map."""

    source: str
    name: str
    version: str
    licence: str
    attribution: str
    files: dict[str, FileCount] = field(default_factory=dict)
    facts: int = 0
    unmapped: list[UnmappedRow] = field(default_factory=list)

    def read(self, file: str) -> None:
        self.files.setdefault(file, FileCount()).read += 1

    def represented(self, file: str) -> None:
        self.files.setdefault(file, FileCount()).represented += 1

    def unmappable(self, file: str, line: int, reason: str, row: dict[str, str], partial: bool = False) -> None:
        """Report a row (or, ``partial``, a part of an otherwise represented row) with its reason."""
        shown = "\t".join(row.values())
        self.unmapped.append(UnmappedRow(file, line, reason, shown, partial))

    def summary(self) -> dict[str, object]:
        """The counts ``drugkg sources`` shows (kept in the build's manifest)."""
        return {
            "name": self.name,
            "version": self.version,
            "licence": self.licence,
            "attribution": self.attribution,
            "rows_read": self.rows_read,
            "rows_unmapped": self.rows_unmapped,
            "parts_unmapped": len(self.unmapped) - self.rows_unmapped,
            "facts": self.facts,
        }

    @property
    def rows_read(self) -> int:
        return sum(count.read for count in self.files.values())

    @property
    def rows_unmapped(self) -> int:
        """Rows not represented at all (parts of rows reported as ``partial`` are not counted)."""
        return sum(1 for row in self.unmapped if not row.partial)

    def unaccounted(self) -> dict[str, int]:
        """Per file, rows read minus rows represented and rows reported: all zero when honest."""
        reported: dict[str, int] = {}
        for row in self.unmapped:
            if not row.partial:
                reported[row.file] = reported.get(row.file, 0) + 1
        return {
            name: count.read - count.represented - reported.get(name, 0) for name, count in sorted(self.files.items())
        }


class Writer:
    """Collects the quads of one import, deduplicated, and adds them to the store at the end."""

    def __init__(self) -> None:
        self._quads: dict[ox.Quad, None] = {}

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal, graph: ox.NamedNode) -> None:
        self._quads[ox.Quad(s, p, o, graph)] = None

    def record(
        self,
        node: ox.NamedNode,
        kind: ox.NamedNode,
        label: str,
        definition: str,
        links: Iterable[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]],
        graph: ox.NamedNode,
    ) -> None:
        """A record of a statement (an assessment, a target action, a negative statement): its type,
        label and definition, and its ``(property, value)`` links, in ``graph``."""
        for p, o in ((RDF_TYPE, kind), (RDFS_LABEL, ox.Literal(label)), (SKOS_DEFINITION, ox.Literal(definition))):
            self.add(node, p, o, graph)
        for p, o in links:
            self.add(node, p, o, graph)

    def __len__(self) -> int:
        return len(self._quads)

    def quads(self) -> Iterable[ox.Quad]:
        return self._quads.keys()


@dataclass
class ImportContext:
    """What importers share: the store (curated facts already loaded), the identities of drugs and
    diseases across sources, and which entities already have a label (the first source to name an
    entity labels it; later names become synonyms)."""

    store: ox.Store
    identities: Identities
    #: The one label of each entity named so far (curated labels first, then the first source's name).
    labels: dict[str, str] = field(default_factory=dict)
    #: The DOIDs of the Disease Ontology release (filled by its importer, read by PharmacotherapyDB's).
    doids: set[str] = field(default_factory=set)

    @classmethod
    def for_store(cls, store: ox.Store) -> ImportContext:
        """A context for ``store``: identities resolved, the labels already in the store read."""
        labels: dict[str, str] = {}
        for quad in store.quads_for_pattern(None, RDFS_LABEL, None, None):
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
                known = labels.get(quad.subject.value)
                labels[quad.subject.value] = quad.object.value if known is None else min(known, quad.object.value)
        return cls(store, Identities.resolve(store), labels)

    def label_of(self, iri: str) -> str | None:
        return self.labels.get(iri)


class SourceImporter(ABC):
    """One open dataset: where its files are (``folder`` under ``kg/sources/datasets``), and how its
    rows become facts."""

    #: Short name, also the first segment of its graph names (``source/NAME/RELEASE/...``).
    name: str
    #: The folder of its shipped files under ``kg/sources/datasets``.
    folder: str

    @property
    def manifest(self) -> Manifest:
        return read_manifest(self.folder)

    @property
    def version(self) -> str:
        return self.manifest.version

    @property
    def licence(self) -> str:
        return self.manifest.licence

    @property
    def attribution(self) -> str:
        return self.manifest.attribution

    @property
    def files(self) -> list[str]:
        return [entry.file for entry in self.manifest.files]

    @property
    def document(self) -> ox.NamedNode:
        """The source document (this release of the dataset) in ``dkg:sources``."""
        return ox.NamedNode(f"{BASE}source/{self.name}/{self.version}")

    def section(self, file: str) -> ox.NamedNode:
        """The named graph of the facts taken from one file of this release."""
        stem = file.removesuffix(".gz").removesuffix(".tsv").replace("_", "-")
        return ox.NamedNode(f"{self.document.value}/{stem}")

    def rows(self, report: ImportReport, file: str, quoted: bool = False) -> Iterator[tuple[int, dict[str, str]]]:
        """The rows of a shipped file (sha256 checked first), each counted as read."""
        for line, row in rows(self.manifest, file, quoted):
            report.read(file)
            yield line, row

    def new_report(self) -> ImportReport:
        manifest = self.manifest
        return ImportReport(self.name, manifest.name, manifest.version, manifest.licence, manifest.attribution)

    def describe(self, writer: Writer, label: str, definition: str, sections: dict[str, tuple[str, str]]) -> None:
        """Describe the release and one section per file (``file -> (label, definition)``) in ``dkg:sources``."""
        manifest = self.manifest
        document = self.document
        for p, o in (
            (RDF_TYPE, SOURCE_DOCUMENT),
            (RDFS_LABEL, ox.Literal(label)),
            (SKOS_DEFINITION, ox.Literal(definition)),
            (DCTERMS_SOURCE, ox.NamedNode(manifest.source_url)),
            (DCTERMS_LICENSE, ox.NamedNode(manifest.licence)),
            (DCTERMS_CITATION, ox.Literal(manifest.attribution)),
            (OWL_VERSION_INFO, ox.Literal(manifest.version)),
        ):
            writer.add(document, p, o, _SOURCES)
        for file, (section_label, section_definition) in sections.items():
            section = self.section(file)
            for p, o in (
                (RDF_TYPE, SOURCE_SECTION),
                (RDFS_LABEL, ox.Literal(section_label)),
                (SKOS_DEFINITION, ox.Literal(section_definition)),
                (DCTERMS_IS_PART_OF, document),
                (DCTERMS_SOURCE, ox.NamedNode(manifest.file_url(file))),
                (DCTERMS_LICENSE, ox.NamedNode(manifest.licence)),
                (OWL_VERSION_INFO, ox.Literal(manifest.version)),
            ):
                writer.add(section, p, o, _SOURCES)

    def name_entity(
        self,
        context: ImportContext,
        writer: Writer,
        entity: ox.NamedNode,
        name: str,
        graph: ox.NamedNode,
        kind: ox.NamedNode,
        definition: str,
    ) -> None:
        """Type, label and define an entity the first time a source names it; later names (and any
        name of a curated entity) become synonyms, when they differ beyond case."""
        if entity.value not in context.labels:
            context.labels[entity.value] = name
            writer.add(entity, RDF_TYPE, kind, graph)
            writer.add(entity, RDFS_LABEL, ox.Literal(name), graph)
            writer.add(entity, SKOS_DEFINITION, ox.Literal(definition), graph)
        else:
            self.add_synonym(context, writer, entity, name, graph)

    @staticmethod
    def add_synonym(
        context: ImportContext, writer: Writer, entity: ox.NamedNode, name: str, graph: ox.NamedNode
    ) -> None:
        """``skos:altLabel`` ``name`` unless it equals the entity's label but for case."""
        label = context.label_of(entity.value)
        if label is None or label.casefold() != name.casefold():
            writer.add(entity, SKOS_ALT_LABEL, ox.Literal(name), graph)

    @abstractmethod
    def import_into(self, store: ox.Store, context: ImportContext) -> ImportReport:
        """Read the files, write the facts into ``store`` and report what was done."""

    def finish(self, store: ox.Store, writer: Writer, report: ImportReport) -> ImportReport:
        """Add the collected quads to ``store``; the report counts those outside ``dkg:sources``."""
        store.extend(writer.quads())
        report.facts = sum(1 for q in writer.quads() if q.graph_name != _SOURCES)
        return report
