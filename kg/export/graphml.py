"""GraphML for Gephi, Cytoscape and networkx: one node per entity, one edge per relation.

Nodes: ``id`` is the IRI; attributes ``label``, ``curie``, ``type`` (CURIEs of the most specific
classes, ``|``-separated), ``type_label``, ``xref`` and one attribute per literal property (named
by its CURIE, values ``|``-separated). Edges: ``predicate`` (IRI), ``predicate_curie``,
``label`` (the predicate's label), ``inferred``, ``negated`` and, with provenance, ``source``
(the source sections) and ``inferred_by`` (the rules' graphs).
"""

from __future__ import annotations

import re
from typing import IO

from kg.export.base import FileWriter
from kg.export.property_graph import RDFS_LABEL, PropertyGraph, curie, property_graph
from kg.export.selection import ExportData

__all__ = ["GraphMLWriter", "to_networkx"]

#: Characters XML 1.0 cannot hold; replaced by U+FFFD in attribute values.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(values: list[str]) -> str:
    return _NOT_XML.sub("\ufffd", "|".join(values))


def to_networkx(graph: PropertyGraph, provenance: bool = True):  # -> networkx.MultiDiGraph
    """The property graph as a networkx ``MultiDiGraph`` (parallel edges kept, direction kept)."""
    import networkx as nx

    result = nx.MultiDiGraph()
    for node in graph.nodes.values():
        types = graph.types_of(node)
        attributes = {
            "label": _text([node.label or curie(node.id)]),
            "curie": curie(node.id),
            "type": "|".join(curie(t) for t in types),
            "type_label": _text([graph.schema.label(t) for t in types]),
        }
        if node.xrefs:
            attributes["xref"] = "|".join(sorted(curie(x) for x in node.xrefs))
        for predicate, values in sorted(node.literals.items()):
            if predicate != RDFS_LABEL:
                attributes[curie(predicate)] = _text(sorted({v.value for v in values}))
        result.add_node(node.id, **attributes)
    for index, edge in enumerate(graph.edges):
        edge_attributes: dict[str, str | bool] = {
            "predicate": edge.predicate,
            "predicate_curie": curie(edge.predicate),
            "label": _text([graph.schema.label(edge.predicate)]),
            "inferred": edge.inferred,
            "negated": edge.negated,
        }
        if provenance:
            edge_attributes["source"] = "|".join(curie(s) for s in edge.sources)
            edge_attributes["inferred_by"] = "|".join(curie(r) for r in edge.inferred_by)
        result.add_edge(edge.subject, edge.object, key=f"e{index}", **edge_attributes)
    return result


class GraphMLWriter(FileWriter):
    name = "graphml"

    def write(self, data: ExportData, handle: IO[bytes]) -> None:
        import networkx as nx

        nx.write_graphml(to_networkx(property_graph(data), data.provenance), handle, encoding="utf-8")
