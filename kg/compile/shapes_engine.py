"""SHACL validation inside the engine: ``ontology/shapes.ttl`` compiled to SPARQL, for graphs that
pySHACL is too slow for.

With the open datasets the built graph holds a few hundred thousand triples; pySHACL would first
copy them into rdflib and then walk them in Python (minutes). The shapes use a small part of SHACL
Core, so each constraint becomes one SELECT that the engine answers over the union of all graphs,
returning the focus nodes that break it: targets ``sh:targetClass`` (with subclasses) and
``sh:targetSubjectsOf``; node constraints ``sh:nodeKind sh:IRI`` and ``sh:class``; property
constraints on a predicate path with ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``,
``sh:class``, ``sh:nodeKind sh:IRI``, ``sh:in``, ``sh:minInclusive`` and ``sh:lessThanOrEquals``.
A shape using anything else is refused (so a new kind of constraint cannot pass unchecked), and a
test holds the results to pySHACL's on the curated graph and on graphs made to break each shape.

:func:`validate_built` is what the build runs: every shape in the engine over the whole graph, and
pySHACL, as before, over the curated part (its facts and the neighbours they point to), where it
is fast and checks the one shape that applies to curated drugs only (:data:`CURATED_ONLY_SHAPES`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from kg.compile.validation import Violation, validate_store
from kg.namespaces import CONVERTER, GRAPH_ONTOLOGY, GRAPH_RULES, GRAPH_SOURCES
from kg.paths import SHAPES_FILE

__all__ = ["CURATED_ONLY_SHAPES", "Constraint", "compile_shapes", "engine_violations", "validate_built"]

#: Shapes that state curation rules, checked on the curated part only: "a drug belongs to at least
#: one drug class" holds for the curated drugs, while PharmacotherapyDB names drugs that no class
#: source lists.
CURATED_ONLY_SHAPES = frozenset({"https://w3id.org/drugkg/shapes/DrugShape"})

_PREFIXES = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
_KNOWN_NODE_KEYS = {RDF.type, SH.targetClass, SH.targetSubjectsOf, SH.nodeKind, SH["class"], SH.property}
_KNOWN_PROPERTY_KEYS = {
    SH.path,
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["class"],
    SH.nodeKind,
    SH["in"],
    SH.minInclusive,
    SH.lessThanOrEquals,
    SH.message,
}
_IGNORED = {rdflib.RDFS.comment, rdflib.RDFS.label}


@dataclass(frozen=True)
class Constraint:
    """One compiled constraint: the shape it comes from, its message, and the SELECT of the focus
    nodes (``?focus``) that break it."""

    shape: str
    path: str
    message: str
    query: str


def _n3(term: rdflib.term.Node) -> str:
    if isinstance(term, rdflib.URIRef):
        return f"<{term}>"
    if isinstance(term, rdflib.Literal):
        return term.n3()
    raise ValueError(f"unsupported term in a shape: {term!r}")


def _focus(shapes: rdflib.Graph, shape: rdflib.term.Node) -> str:
    """The graph pattern that binds ``?focus`` to every target of ``shape``."""
    targets = []
    for target in shapes.objects(shape, SH.targetClass):
        targets.append(f"{{ ?focus rdf:type/rdfs:subClassOf* {_n3(target)} }}")
    for target in shapes.objects(shape, SH.targetSubjectsOf):
        targets.append(f"{{ SELECT DISTINCT ?focus WHERE {{ ?focus {_n3(target)} ?any }} }}")
    if not targets:
        raise ValueError(f"shape {shape} has no target this engine knows")
    return " UNION ".join(targets)


def _select(focus: str, body: str) -> str:
    # Class checks are MINUS, not FILTER NOT EXISTS: the engine then finds the instances of the
    # class once instead of walking the type hierarchy once per value (8 s -> 1 s on the build).
    return f"{_PREFIXES}SELECT DISTINCT ?focus WHERE {{ {focus} {body} }}"


def _node_constraints(shapes: rdflib.Graph, shape: rdflib.term.Node, focus: str) -> list[Constraint]:
    found = []
    for kind in shapes.objects(shape, SH.nodeKind):
        if kind != SH.IRI:
            raise ValueError(f"shape {shape}: sh:nodeKind {kind} is not supported")
        found.append(Constraint(str(shape), "", "Value is not an IRI", _select(focus, "FILTER (!isIRI(?focus))")))
    for cls in shapes.objects(shape, SH["class"]):
        found.append(
            Constraint(
                str(shape),
                "",
                f"Value does not have class {CONVERTER.compress(str(cls), passthrough=True)}",
                _select(focus, f"MINUS {{ ?type rdfs:subClassOf* {_n3(cls)} . ?focus rdf:type ?type }}"),
            )
        )
    return found


def _property_constraints(
    shapes: rdflib.Graph, shape: rdflib.term.Node, prop: rdflib.term.Node, focus: str
) -> list[Constraint]:
    keys = set(shapes.predicates(prop)) - _IGNORED
    unknown = keys - _KNOWN_PROPERTY_KEYS
    if unknown:
        raise ValueError(f"shape {shape}: property constraints {sorted(map(str, unknown))} are not supported")
    path = shapes.value(prop, SH.path)
    if not isinstance(path, rdflib.URIRef):
        raise ValueError(f"shape {shape}: only a predicate path is supported, not {path!r}")
    p = _n3(path)
    custom = shapes.value(prop, SH.message)
    found = []

    def add(default: str, body: str) -> None:
        message = str(custom) if custom is not None else default
        found.append(
            Constraint(str(shape), CONVERTER.compress(str(path), passthrough=True), message, _select(focus, body))
        )

    for count in shapes.objects(prop, SH.minCount):
        n = int(str(count))
        if n == 1:
            add("Less than 1 values", f"FILTER NOT EXISTS {{ ?focus {p} ?value }}")
        elif n > 1:
            add(
                f"Less than {n} values",
                f"OPTIONAL {{ SELECT ?focus (COUNT(DISTINCT ?value) AS ?n) "
                f"WHERE {{ ?focus {p} ?value }} GROUP BY ?focus }} "
                f"FILTER (!BOUND(?n) || ?n < {n})",
            )
    for count in shapes.objects(prop, SH.maxCount):
        n = int(str(count))
        add(
            f"More than {n} values",
            f"{{ SELECT ?focus WHERE {{ ?focus {p} ?value }} GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) > {n}) }}",
        )
    for datatype in shapes.objects(prop, SH.datatype):
        add(
            f"Value is not Literal with datatype {CONVERTER.compress(str(datatype), passthrough=True)}",
            f"?focus {p} ?value FILTER (!isLiteral(?value) || datatype(?value) != {_n3(datatype)})",
        )
    for cls in shapes.objects(prop, SH["class"]):
        add(
            f"Value does not have class {CONVERTER.compress(str(cls), passthrough=True)}",
            f"?focus {p} ?value MINUS {{ ?type rdfs:subClassOf* {_n3(cls)} . ?value rdf:type ?type }}",
        )
    for kind in shapes.objects(prop, SH.nodeKind):
        if kind != SH.IRI:
            raise ValueError(f"shape {shape}: sh:nodeKind {kind} is not supported")
        add("Value is not an IRI", f"?focus {p} ?value FILTER (!isIRI(?value))")
    for values in shapes.objects(prop, SH["in"]):
        allowed = ", ".join(_n3(v) for v in Collection(shapes, values))
        add("Value is not in the allowed list", f"?focus {p} ?value FILTER (?value NOT IN ({allowed}))")
    for minimum in shapes.objects(prop, SH.minInclusive):
        add(f"Value is not >= {minimum}", f"?focus {p} ?value FILTER (!(?value >= {_n3(minimum)}))")
    for other in shapes.objects(prop, SH.lessThanOrEquals):
        add(
            f"Value is not <= the values of {CONVERTER.compress(str(other), passthrough=True)}",
            f"?focus {p} ?value . ?focus {_n3(other)} ?other FILTER (!(?value <= ?other))",
        )
    return found


def compile_shapes(shapes_file: Path = SHAPES_FILE, skip: frozenset[str] = frozenset()) -> list[Constraint]:
    """Every constraint of the shapes file as a SELECT of the focus nodes that break it."""
    shapes = rdflib.Graph().parse(shapes_file, format="turtle")
    constraints: list[Constraint] = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        if str(shape) in skip:
            continue
        unknown = set(shapes.predicates(shape)) - _KNOWN_NODE_KEYS - _IGNORED
        if unknown:
            raise ValueError(f"shape {shape}: constraints {sorted(map(str, unknown))} are not supported")
        focus = _focus(shapes, shape)
        constraints += _node_constraints(shapes, shape, focus)
        for prop in shapes.objects(shape, SH.property):
            constraints += _property_constraints(shapes, shape, prop, focus)
    return constraints


def engine_violations(store: ox.Store, constraints: list[Constraint] | None = None) -> list[Violation]:
    """The violations of ``constraints`` (default: every shape) over the union of ``store``'s graphs."""
    found = set()
    for constraint in compile_shapes() if constraints is None else constraints:
        for row in store.query(constraint.query, use_default_graph_as_union=True):  # type: ignore[union-attr]
            focus = row["focus"]  # type: ignore[index]
            shown = CONVERTER.compress(focus.value, passthrough=True) if isinstance(focus, ox.NamedNode) else str(focus)
            found.add(Violation(shown, constraint.path, constraint.message))
    return sorted(found)


def curated_part(store: ox.Store, curated_graphs: set[str]) -> tuple[ox.Store, list[str]]:
    """The curated facts with what the shapes need to check them, and the nodes to check: every
    fact (asserted or inferred) about a subject of a curated graph, the types of the entities
    those point to, and the vocabulary."""
    from kg.sources import is_imported_graph

    part = ox.Store()
    focus: set[ox.NamedNode] = set()
    rdf_type = ox.NamedNode(str(RDF.type))
    for graph in curated_graphs:
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            if isinstance(quad.subject, ox.NamedNode):
                focus.add(quad.subject)
    # an entity an open dataset defines (typed there and in no curated graph) is not a curated
    # entity because a curated or accepted fact is about it: the curation rules are not its to meet
    # (facts about any drug can be accepted); every other shape checks it over the whole graph
    for subject in list(focus):
        typed_in = {
            q.graph_name.value
            for q in store.quads_for_pattern(subject, rdf_type, None, None)
            if isinstance(q.graph_name, ox.NamedNode)
        }
        if typed_in and not typed_in & curated_graphs and any(is_imported_graph(g) for g in typed_in):
            focus.discard(subject)
    for subject in focus:
        for quad in store.quads_for_pattern(subject, None, None, None):
            part.add(quad)
            if isinstance(quad.object, ox.NamedNode) and quad.object not in focus:
                part.extend(store.quads_for_pattern(quad.object, rdf_type, None, None))
    for graph in (GRAPH_ONTOLOGY, GRAPH_SOURCES, GRAPH_RULES):
        part.extend(store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))))
    return part, sorted(node.value for node in focus)


def validate_built(store: ox.Store, curated_graphs: set[str]) -> list[Violation]:
    """The build's validation: every shape but :data:`CURATED_ONLY_SHAPES` in the engine over the
    whole graph, and pySHACL over the curated part (all shapes); the violations of both, sorted."""
    found = set(engine_violations(store, compile_shapes(skip=CURATED_ONLY_SHAPES)))
    part, focus = curated_part(store, curated_graphs)
    found |= set(validate_store(part, focus_nodes=focus))
    return sorted(found)
