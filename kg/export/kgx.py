"""KGX (Biolink) TSV: ``nodes.tsv`` and ``edges.tsv`` in one folder.

Nodes: ``id``, ``category`` (Biolink, from :mod:`kg.export.biolink`), ``name``, ``description``,
``synonym``, ``xref``, ``provided_by``. A node's ``id`` is its preferred external id: the first
of its exact matches (``skos:exactMatch``) whose prefix Biolink lists for the node's category, in
Biolink's order (clonazepam, a ``biolink:Drug``, is ``CHEBI:3756``); a node with none keeps its
drugkg CURIE (``dk:...``), and so do nodes that would share an id. ``xref`` holds the
other exact and close matches and, for a node with an external id, its drugkg CURIE. CURIEs use
Biolink's prefixes in Biolink's case (``DRUGBANK:``, ``PUBCHEM.COMPOUND:``...); a cross-reference
in a namespace Biolink has no prefix for (ATC) is written as its full IRI.

Records of a statement (a DrugCentral target action, a PharmacotherapyDB indication assessment, an
effect statement of a boxed warning or a label reaction),
whose classes the vocabulary aligns to Biolink *association* classes, are not nodes: KGX states
an association as an edge, and these records' edges (``dkv:hasTarget``, ``dkv:treats``,
``dkv:symptomaticTreatmentFor``...) are written as such. Their details (action type, curator and
resource counts) stay in the RDF exports.

Edges: ``id`` (a UUID derived from the drugkg triple, so stable), ``subject``, ``predicate``
(Biolink), ``object``, ``original_predicate`` (ours), ``negated``, ``primary_knowledge_source``
and ``knowledge_source`` (``infores:drugkg``), ``knowledge_level`` (``knowledge_assertion``, or
``logical_entailment`` for inferred edges), ``agent_type`` (``manual_agent`` for curated facts,
``automated_agent`` for inferred ones) and, with provenance, ``publications`` (the source
sections). Multiple values are ``|``-separated. In the built graph's export the only prefixes not in
Biolink's prefix map are drugkg's own (:data:`kg.export.biolink.OWN_PREFIXES`).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from kg.errors import InputError
from kg.export.base import FolderWriter
from kg.export.biolink import ID_PREFIXES, NAMED_THING, OWN_PREFIXES, biolink_curie, category_for, predicate_for
from kg.export.property_graph import SKOS_DEFINITION, Node, PropertyGraph, curie, property_graph
from kg.export.selection import ExportData
from kg.namespaces import CONVERTER, DKV, PREFIXES

__all__ = ["EDGE_COLUMNS", "INFORES", "NODE_COLUMNS", "KgxWriter", "is_association_record", "kgx_rows", "node_ids"]

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


def _reference(iri: str) -> str:
    """A cross-reference: its CURIE with Biolink's prefix (or drugkg's own), else the full IRI."""
    return biolink_curie(iri) or iri


def _drugkg_curie(iri: str) -> str | None:
    """The CURIE from the drugkg prefix map (for a namespace Biolink has no prefix for), if any."""
    return None if iri.startswith("_:") else CONVERTER.compress(iri, strict=False)


def _categories(graph: PropertyGraph, node: Node) -> list[str]:
    """The node's Biolink categories (IRIs), sorted."""
    return sorted({category_for(graph.schema, t) for t in graph.types_of(node)}) or [NAMED_THING]


def _preferred_id(categories: list[str], node: Node) -> str | None:
    """The first exact match whose prefix Biolink prefers for one of ``categories``, in its order."""
    exact = sorted(filter(None, (biolink_curie(x) for x in node.exact_matches)))
    for category in categories:
        for prefix in ID_PREFIXES.get(category, ()):
            found = [x for x in exact if x.startswith(prefix + ":")]
            if found:
                return found[0]
    return None


def _is_bare_reference(node: Node, own_id: str) -> bool:
    """An external IRI that facts only point to: no type, no literal, not one of drugkg's ids."""
    return not node.types and not node.literals and own_id.split(":", 1)[0] not in OWN_PREFIXES


def node_ids(graph: PropertyGraph) -> dict[str, str]:
    """The KGX id of every node (keyed by its IRI); a one-line error if an id has no CURIE.

    An external id that two nodes would get, or that is already another drugkg entity's own id,
    identifies neither: they keep their own CURIEs. An external IRI the graph only points to (a
    protein of a target complex, say: no type, no label) and the drugkg entity that matches it
    exactly share the id: they are one KGX node.
    """
    own: dict[str, str] = {}
    for iri in graph.nodes:
        found = biolink_curie(iri) or _drugkg_curie(iri)
        if found is not None:
            own[iri] = found
    unmapped = sorted(set(graph.nodes) - set(own))
    if unmapped:
        raise InputError(
            f"KGX needs a CURIE for every node, but {len(unmapped)} have no prefix in the drugkg prefix map "
            f"(for example {unmapped[0]})"
        )
    preferred = {iri: _preferred_id(_categories(graph, node), node) for iri, node in graph.nodes.items()}
    claims = Counter(found for iri, found in preferred.items() if found is not None and found != own[iri])
    taken = {found for iri, found in own.items() if not _is_bare_reference(graph.nodes[iri], found)}
    return {
        iri: found
        if found is not None and (found == own[iri] or (claims[found] == 1 and found not in taken))
        else own[iri]
        for iri, found in preferred.items()
    }


def _node_row(graph: PropertyGraph, node: Node, node_id: str) -> list[str]:
    categories = _categories(graph, node)
    synonyms = sorted({v.value for p in _SYNONYMS for v in node.literals.get(p, ())})
    description = sorted(v.value for v in node.literals.get(SKOS_DEFINITION, ()))
    xrefs = {_reference(x) for x in node.xrefs | {node.id}} - {node_id}
    return [
        node_id,
        "|".join(curie(c) for c in categories),
        node.label or "",
        description[0] if description else "",
        "|".join(synonyms),
        "|".join(sorted(xrefs)),
        INFORES,
    ]


def is_association_record(graph: PropertyGraph, node: Node) -> bool:
    """Whether ``node`` records a statement: its Biolink category is an association class (Biolink
    names each of them ``...Association``), which KGX writes as an edge, never as a node."""
    return any(category.endswith("Association") for category in _categories(graph, node))


def kgx_rows(graph: PropertyGraph, provenance: bool = True) -> tuple[list[list[str]], list[list[str]]]:
    """Node rows and edge rows (without headers); a one-line error if an id has no CURIE."""
    records = {iri for iri, node in graph.nodes.items() if is_association_record(graph, node)}
    if records:
        graph = PropertyGraph(
            {iri: node for iri, node in graph.nodes.items() if iri not in records},
            [e for e in graph.edges if e.subject not in records and e.object not in records],
            graph.schema,
        )
    ids = node_ids(graph)
    shared = Counter(ids.values())  # a bare reference and the entity matching it: write the entity
    nodes = [
        _node_row(graph, node, ids[iri])
        for iri, node in graph.nodes.items()
        if shared[ids[iri]] == 1 or not _is_bare_reference(node, ids[iri])
    ]
    edges = []
    for edge in graph.edges:
        key = f"{edge.subject} {edge.predicate} {edge.object} {edge.negated}"
        edges.append(
            [
                f"urn:uuid:{uuid.uuid5(_EDGE_ID_NAMESPACE, key)}",
                ids[edge.subject],
                curie(predicate_for(graph.schema, edge.predicate)),
                ids[edge.object],
                curie(edge.predicate),
                "True" if edge.negated else "False",
                INFORES,
                INFORES,
                "logical_entailment" if edge.inferred else "knowledge_assertion",
                "automated_agent" if edge.inferred else "manual_agent",
                "|".join(curie(s) for s in edge.sources) if provenance else "",
            ]
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
