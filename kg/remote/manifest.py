"""The manifest that ``drugkg push`` writes beside the data: which graphs it pushed, how, and when.

A SPARQL store's default graph may or may not be the union of its named graphs (Oxigraph's is
not unless started with ``--union-default-graph``; Virtuoso's is, its system graphs included).
So a client does not rely on it: ``push`` writes a manifest, and ``query --endpoint`` reads it
and names exactly the pushed graphs through the protocol (``default-graph-uri`` each graph, and
``named-graph-uri`` each graph when the layout keeps them), whatever the store's default graph is.

The manifest is a small graph of its own, named ``dkg:manifest`` by default (``push --graph
IRI`` names another), whose subject is the graph's own name:

- ``a push:Manifest``; ``push:layout`` ``"named-graphs"`` (every graph of the build under its
  own name) or ``"flattened"`` (every triple in the one manifest graph: ``push --flatten``);
- ``push:graph`` each pushed graph; ``dcterms:created`` the time of the push;
  ``push:drugkgVersion`` and ``push:sourceDigest`` the build that was pushed, when known;
- ``push:complete false`` while the push is under way: the manifest is written first, listing every
  graph the push may leave behind, so an interrupted push can be finished or dropped.

``push:`` is ``https://w3id.org/drugkg/push/``. A flattened push keeps these triples in its one
graph; the named queries do not read them.

>>> manifest = Manifest("https://example.org/m", NAMED_GRAPHS, ("https://example.org/g",), "2026-01-01T00:00:00Z")
>>> Manifest.from_triples(manifest.iri, [(q.predicate, q.object) for q in manifest.quads()]) == manifest
True
>>> manifest.default_graphs, manifest.named_graphs
(('https://example.org/g',), ('https://example.org/g',))
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.graph_facts import RDF_TYPE, RDFS_LABEL
from kg.namespaces import DKG, PUSH

__all__ = [
    "DEFAULT_MANIFEST_GRAPH",
    "FLATTENED",
    "MANIFEST_CLASS",
    "NAMED_GRAPHS",
    "PUSH",
    "UNKNOWN_BUILD",
    "BuildStamp",
    "Manifest",
    "build_stamp",
    "manifests_from_rows",
    "manifests_query",
]

MANIFEST_CLASS = ox.NamedNode(PUSH + "Manifest")
_GRAPH = ox.NamedNode(PUSH + "graph")
_LAYOUT = ox.NamedNode(PUSH + "layout")
_VERSION = ox.NamedNode(PUSH + "drugkgVersion")
_DIGEST = ox.NamedNode(PUSH + "sourceDigest")
_COMPLETE = ox.NamedNode(PUSH + "complete")
_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_CREATED = ox.NamedNode("http://purl.org/dc/terms/created")
_DATE_TIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")

#: The graph that holds the manifest of a push without ``--graph``.
DEFAULT_MANIFEST_GRAPH = str(DKG.manifest)
#: Every graph of the build pushed under its own name.
NAMED_GRAPHS = "named-graphs"
#: Every triple pushed into the one manifest graph.
FLATTENED = "flattened"


@dataclass(frozen=True)
class BuildStamp:
    """Which build was pushed: the package version and the digest of its inputs."""

    version: str | None = None
    source_digest: str | None = None


#: The stamp of a dataset whose build is not known (pushed from Python).
UNKNOWN_BUILD = BuildStamp()


def build_stamp(build_dir: Path) -> BuildStamp:
    """The stamp of the build in ``build_dir`` or of a version folder of it (from its ``manifest.json``);
    empty if unreadable."""
    from kg.compile.built import MANIFEST_NAME

    try:
        recorded = json.loads((build_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return BuildStamp()
    if not isinstance(recorded, dict):
        return BuildStamp()
    version, digest = recorded.get("drugkg_version"), recorded.get("source_digest")
    return BuildStamp(version if isinstance(version, str) else None, digest if isinstance(digest, str) else None)


def now() -> str:
    """The current time as an ``xsd:dateTime`` in UTC, to the second."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Manifest:
    """What one push wrote: its manifest graph ``iri``, the layout, the graphs, when and what."""

    iri: str
    layout: str
    graphs: tuple[str, ...]
    created: str | None = None
    stamp: BuildStamp = UNKNOWN_BUILD
    #: False while the push is under way (written first, so what it wrote can always be found).
    complete: bool = True

    @property
    def keeps_named_graphs(self) -> bool:
        """Whether the graphs of the build kept their names (the layout the provenance queries need)."""
        return self.layout == NAMED_GRAPHS

    @property
    def default_graphs(self) -> tuple[str, ...]:
        """The graphs whose union is the default graph of the drugkg dataset on the store."""
        return self.graphs

    @property
    def named_graphs(self) -> tuple[str, ...]:
        """The named graphs of the drugkg dataset on the store (none when flattened)."""
        return self.graphs if self.keeps_named_graphs else ()

    def quads(self) -> list[ox.Quad]:
        """The manifest's triples, in its own graph."""
        node = ox.NamedNode(self.iri)
        triples: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
            (RDF_TYPE, MANIFEST_CLASS),
            (RDFS_LABEL, ox.Literal("the drugkg dataset pushed to this store")),
            (_LAYOUT, ox.Literal(self.layout)),
        ]
        if self.created:
            triples.append((_CREATED, ox.Literal(self.created, datatype=_DATE_TIME)))
        if self.stamp.version:
            triples.append((_VERSION, ox.Literal(self.stamp.version)))
        if self.stamp.source_digest:
            triples.append((_DIGEST, ox.Literal(self.stamp.source_digest)))
        if not self.complete:
            triples.append((_COMPLETE, ox.Literal("false", datatype=_BOOLEAN)))
        triples.extend((_GRAPH, ox.NamedNode(graph)) for graph in self.graphs)
        return [ox.Quad(node, predicate, value, node) for predicate, value in triples]

    @classmethod
    def from_triples(cls, iri: str, triples: Iterable[tuple[object, object]]) -> Manifest | None:
        """The manifest described by ``(predicate, object)`` pairs of subject ``iri``; None unless
        they type it ``push:Manifest``."""
        typed, layout, created, complete = False, NAMED_GRAPHS, None, True
        graphs: set[str] = set()
        version = digest = None
        for predicate, value in triples:
            if predicate == RDF_TYPE and value == MANIFEST_CLASS:
                typed = True
            elif predicate == _GRAPH and isinstance(value, ox.NamedNode):
                graphs.add(value.value)
            elif isinstance(value, ox.Literal):
                if predicate == _LAYOUT:
                    layout = value.value
                elif predicate == _CREATED:
                    created = value.value
                elif predicate == _VERSION:
                    version = value.value
                elif predicate == _DIGEST:
                    digest = value.value
                elif predicate == _COMPLETE:
                    complete = value.value not in ("false", "0")
        if not typed:
            return None
        return cls(iri, layout, tuple(sorted(graphs)), created, BuildStamp(version, digest), complete)

    @classmethod
    def from_quads(cls, iri: str, quads: Iterable[ox.Quad | ox.Triple]) -> Manifest | None:
        """The manifest in a graph read back whole (e.g. by a Graph Store ``GET``); None if there is none."""
        node = ox.NamedNode(iri)
        return cls.from_triples(iri, ((q.predicate, q.object) for q in quads if q.subject == node))


def manifests_query(iri: str | None = None) -> str:
    """A SELECT of every manifest on a store (or of the one in graph ``iri``), as ``?manifest ?p ?o``.

    It reads named graphs only (``GRAPH ?manifest``), so it answers the same whatever the store's
    default graph is.
    """
    values = f"VALUES ?manifest {{ {ox.NamedNode(iri)} }}\n  " if iri is not None else ""
    return f"SELECT ?manifest ?p ?o WHERE {{\n  {values}GRAPH ?manifest {{ ?manifest a {MANIFEST_CLASS} ; ?p ?o }}\n}}"


def manifests_from_rows(rows: Iterable[tuple[object, ...]]) -> list[Manifest]:
    """The manifests in the rows of :func:`manifests_query`, sorted by graph name."""
    by_iri: dict[str, list[tuple[object, object]]] = {}
    for manifest, predicate, value in rows:
        if isinstance(manifest, ox.NamedNode):
            by_iri.setdefault(manifest.value, []).append((predicate, value))
    found = (Manifest.from_triples(iri, triples) for iri, triples in sorted(by_iri.items()))
    return [manifest for manifest in found if manifest is not None]
