"""GraphML for Gephi, Cytoscape and networkx: one node per entity, one edge per relation.

Nodes: ``id`` is the IRI; attributes ``label``, ``curie``, ``type`` (CURIEs of the most specific
classes, ``|``-separated), ``type_label``, ``xref`` and one attribute per literal property (named
by its CURIE, values ``|``-separated). A literal property whose values are all booleans, all
integers or all numbers (``xsd:boolean``, ``xsd:integer`` and its kinds, ``xsd:decimal``,
``xsd:double``, ``xsd:float``), one per node, is declared ``boolean``, ``long`` or ``double``, so
Gephi and Cytoscape can filter and size by it; any other is a string. Edges: ``predicate`` (IRI), ``predicate_curie``,
``label`` (the predicate's label), ``inferred``, ``negated`` and, with provenance, ``source``
(the source sections) and ``inferred_by`` (the rules' graphs).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import IO

import pyoxigraph as ox

from kg.export.base import FileWriter
from kg.export.property_graph import RDFS_LABEL, PropertyGraph, curie, property_graph
from kg.export.selection import ExportData
from kg.namespaces import PREFIXES

__all__ = ["GraphMLWriter", "scalar", "to_networkx", "typed_attributes"]

#: Characters XML 1.0 cannot hold; replaced by U+FFFD in attribute values.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_XSD = PREFIXES["xsd"]
_BOOLEAN = _XSD + "boolean"
_INTEGERS = frozenset(
    _XSD + name
    for name in (
        "integer",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
_NUMBERS = frozenset(_XSD + name for name in ("decimal", "double", "float"))
#: GraphML's ``long`` is 64 bits; a larger integer stays a string.
_LONG = range(-(2**63), 2**63)

Scalar = bool | int | float


def _text(values: list[str]) -> str:
    return _NOT_XML.sub("\ufffd", "|".join(values))


def scalar(literal: ox.Literal) -> Scalar | None:
    """The Python value of a boolean, integer or number literal; ``None`` for any other or an invalid one.

    >>> scalar(ox.Literal("true", datatype=ox.NamedNode(_BOOLEAN)))
    True
    >>> scalar(ox.Literal("8", datatype=ox.NamedNode(_XSD + "integer")))
    8
    >>> scalar(ox.Literal("8 weeks")) is None
    True
    """
    datatype, text = literal.datatype.value, literal.value.strip()
    if datatype == _BOOLEAN:
        return {"true": True, "1": True, "false": False, "0": False}.get(text)
    try:
        if datatype in _INTEGERS:
            number = int(text)
            return number if number in _LONG else None
        if datatype in _NUMBERS:
            return float(text)
    except ValueError:
        return None
    return None


def typed_attributes(graph: PropertyGraph) -> dict[str, dict[str, Scalar]]:
    """Literal property -> node id -> typed value, for the properties that are typed as a whole.

    A property is typed when each node has one value of it and all values are booleans, all are
    integers, or all are numbers (integers among numbers become floats); else it is left out.
    """
    values: dict[str, dict[str, Scalar | None]] = defaultdict(dict)
    many: set[str] = set()
    for node in graph.nodes.values():
        for predicate, literals in node.literals.items():
            distinct = set(literals)
            if len(distinct) > 1:
                many.add(predicate)
            values[predicate][node.id] = scalar(next(iter(distinct))) if distinct else None
    typed: dict[str, dict[str, Scalar]] = {}
    for predicate, by_node in values.items():
        found = list(by_node.values())
        kinds = {type(v) for v in found}
        if predicate in many or None in found or not kinds:
            continue
        if kinds in ({bool}, {int}, {float}):
            typed[predicate] = {n: v for n, v in by_node.items() if v is not None}
        elif kinds == {int, float}:
            typed[predicate] = {n: float(v) for n, v in by_node.items() if v is not None}
    return typed


def to_networkx(graph: PropertyGraph, provenance: bool = True):  # -> networkx.MultiDiGraph
    """The property graph as a networkx ``MultiDiGraph`` (parallel edges kept, direction kept)."""
    import networkx as nx

    result = nx.MultiDiGraph()
    typed = typed_attributes(graph)
    for node in graph.nodes.values():
        types = graph.types_of(node)
        attributes: dict[str, str | Scalar] = {
            "label": _text([node.label or curie(node.id)]),
            "curie": curie(node.id),
            "type": "|".join(curie(t) for t in types),
            "type_label": _text([graph.schema.label(t) for t in types]),
        }
        if node.xrefs:
            attributes["xref"] = "|".join(sorted(curie(x) for x in node.xrefs))
        for predicate, values in sorted(node.literals.items()):
            if predicate in typed:
                attributes[curie(predicate)] = typed[predicate][node.id]
            elif predicate != RDFS_LABEL:
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
