"""KGX (Biolink) TSV: ``nodes.tsv`` and ``edges.tsv`` in one folder.

Nodes: ``id`` (CURIE), ``category`` (Biolink, from :mod:`kg.export.biolink`), ``name``,
``description``, ``synonym``, ``xref``, ``provided_by``. Edges: ``id`` (a UUID derived from the
triple, so stable), ``subject``, ``predicate`` (Biolink), ``object``, ``original_predicate``
(ours), ``negated``, ``primary_knowledge_source`` and ``knowledge_source`` (``infores:drugkg``),
``knowledge_level`` (``knowledge_assertion``, or ``logical_entailment`` for inferred edges),
``agent_type`` (``manual_agent`` for curated facts, ``automated_agent`` for inferred ones) and,
with provenance, ``publications`` (the source sections). Multiple values are ``|``-separated.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

from kg.errors import InputError
from kg.export.base import FolderWriter
from kg.export.biolink import NAMED_THING, category_for, predicate_for
from kg.export.property_graph import SKOS_DEFINITION, Node, PropertyGraph, curie, property_graph
from kg.export.selection import ExportData
from kg.namespaces import CONVERTER, DKV, PREFIXES

__all__ = ["EDGE_COLUMNS", "INFORES", "NODE_COLUMNS", "KgxWriter", "kgx_rows"]

#: Our information resource, in the Biolink ``infores`` registry's CURIE form.
INFORES = "infores:drugkg"
NODE_COLUMNS: tuple[str, ...] = ("id", "category", "name", "description", "synonym", "xref", "provided_by")
EDGE_COLUMNS: tuple[str, ...] = (
    "id",
    "subject",
    "predicate",
    "object",
    "original_predicate",
    "negated",
    "primary_knowledge_source",
    "knowledge_source",
    "knowledge_level",
    "agent_type",
    "publications",
)
_SYNONYMS = (PREFIXES["skos"] + "altLabel", str(DKV.brandName))
_EDGE_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://w3id.org/drugkg/kgx/edge")


def _field(value: str) -> str:
    """A TSV field: tabs and line breaks become spaces."""
    return " ".join(value.replace("\t", " ").splitlines()) if value else ""


def _curie(iri: str, unmapped: set[str]) -> str:
    found = None if iri.startswith("_:") else CONVERTER.compress(iri, strict=False)
    if found is None:
        unmapped.add(iri)
        return iri
    return found


def _node_row(graph: PropertyGraph, node: Node, unmapped: set[str]) -> list[str]:
    categories = sorted({curie(category_for(graph.schema, t)) for t in graph.types_of(node)}) or [curie(NAMED_THING)]
    synonyms = sorted({v.value for p in _SYNONYMS for v in node.literals.get(p, ())})
    description = sorted(v.value for v in node.literals.get(SKOS_DEFINITION, ()))
    return [
        _curie(node.id, unmapped),
        "|".join(categories),
        node.label or "",
        description[0] if description else "",
        "|".join(synonyms),
        "|".join(sorted(curie(x) for x in node.xrefs)),
        INFORES,
    ]


def kgx_rows(graph: PropertyGraph, provenance: bool = True) -> tuple[list[list[str]], list[list[str]]]:
    """Node rows and edge rows (without headers); a one-line error if an id has no CURIE."""
    unmapped: set[str] = set()
    nodes = [_node_row(graph, node, unmapped) for node in graph.nodes.values()]
    edges = []
    for edge in graph.edges:
        key = f"{edge.subject} {edge.predicate} {edge.object} {edge.negated}"
        edges.append(
            [
                f"urn:uuid:{uuid.uuid5(_EDGE_ID_NAMESPACE, key)}",
                _curie(edge.subject, unmapped),
                curie(predicate_for(graph.schema, edge.predicate)),
                _curie(edge.object, unmapped),
                curie(edge.predicate),
                "True" if edge.negated else "False",
                INFORES,
                INFORES,
                "logical_entailment" if edge.inferred else "knowledge_assertion",
                "automated_agent" if edge.inferred else "manual_agent",
                "|".join(curie(s) for s in edge.sources) if provenance else "",
            ]
        )
    if unmapped:
        example = sorted(unmapped)[0]
        raise InputError(
            f"KGX needs a CURIE for every node, but {len(unmapped)} have no prefix in the drugkg prefix map "
            f"(for example {example})"
        )
    return nodes, edges


def _write_tsv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("\t".join(header) + "\n")
        for row in rows:
            handle.write("\t".join(_field(value) for value in row) + "\n")


class KgxWriter(FolderWriter):
    name = "kgx"
    file_names = ("nodes.tsv", "edges.tsv")

    def write(self, data: ExportData, folder: Path) -> None:
        nodes, edges = kgx_rows(property_graph(data), data.provenance)
        _write_tsv(folder / "nodes.tsv", NODE_COLUMNS, nodes)
        _write_tsv(folder / "edges.tsv", EDGE_COLUMNS, edges)
