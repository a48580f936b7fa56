"""The dataset as a networkx graph, and the bounded views drawn from it.

:func:`build_network` turns a store (the union of its graphs) into a ``MultiDiGraph``:

- one node per IRI resource that the facts talk about; its label, types, definitions, synonyms,
  cross-references and every literal-valued fact (with its source) are node attributes;
- one edge per distinct triple between two such resources, keyed by the predicate IRI, with the
  predicate's label, the sources of the triple (``kg.info.source_of_graph``) and ``inferred``
  (true when every graph holding the triple is an inferred graph);
- left out: the vocabulary (TBox), source and rule graphs (they name types, predicates and
  sources, and are shown through those), ``rdf:type`` (a node attribute), vocabulary terms (terms
  of the vocabulary graph and of RDF, RDFS, OWL, XSD, SKOS and SHACL, and any IRI used as a
  predicate or a class): not nodes, and shown as facts when they are objects; and blank nodes
  (their triples are counted in ``graph.graph["skipped_blank_node_triples"]``).

Views (:func:`whole`, :func:`neighbourhood`, :func:`class_view`, :func:`explanation`) are induced
subgraphs: every triple between two shown nodes is an edge. :func:`bound` keeps at most
``max_nodes`` nodes, the nearest to the focus, and records what it left out.

>>> import pyoxigraph as ox
>>> from kg.loading import load_file
>>> from kg.paths import PACKAGE_DIR
>>> store = ox.Store(); load_file(store, PACKAGE_DIR.parent / "tests" / "data" / "tiny.trig")
>>> network = build_network(store)
>>> sorted(network.nodes[n]["label"] for n in network)
['C with D', 'class B', 'class C', 'drug A', 'outcome E', 'substance D']
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx
import pyoxigraph as ox
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD

from kg.errors import InputError
from kg.info import source_of_graph
from kg.namespaces import CONVERTER, DKV, GRAPH_ONTOLOGY, GRAPH_RULES, GRAPH_SOURCES, INFERRED_GRAPH_PREFIX

__all__ = [
    "DEFAULT_MAX_NODES",
    "META_GRAPHS",
    "UNTYPED",
    "View",
    "bound",
    "build_network",
    "class_view",
    "explanation",
    "neighbourhood",
    "resolve_node",
    "select_view",
    "whole",
]

#: Graphs that describe the vocabulary, the sources and the rules: read for names, not drawn.
META_GRAPHS = frozenset({str(GRAPH_ONTOLOGY), str(GRAPH_SOURCES), str(GRAPH_RULES)})
#: Namespaces whose terms are vocabulary, never drawn as nodes.
VOCABULARY_NAMESPACES = tuple(str(ns) for ns in (RDF, RDFS, OWL, XSD, SKOS, SH))
#: The type shown for a node with no rdf:type.
UNTYPED = "no type"
DEFAULT_GRAPH_SOURCE = "default graph"
#: The default bound on the nodes of a view.
DEFAULT_MAX_NODES = 1000

_TYPE = str(RDF.type)
_LABEL = str(RDFS.label)
_PREF_LABEL = str(SKOS.prefLabel)
_DEFINITION = str(SKOS.definition)
_ALT_LABEL = str(SKOS.altLabel)
_XREFS = frozenset({str(SKOS.exactMatch), str(SKOS.closeMatch)})
_NEGATIVE = str(OWL.NegativePropertyAssertion)
_KIND_OF = str(DKV.kindOf)
_MEMBER_OF = str(DKV.memberOf)

#: Node colours and shapes, given to types in sorted order (12 x 7 distinct pairs).
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#17becf",
    "#8c564b",
)
SHAPES = ("dot", "diamond", "square", "triangle", "star", "triangleDown", "hexagon")


@dataclass
class View:
    """A graph to draw, with its title, focus and what a bound left out."""

    graph: nx.MultiDiGraph
    title: str
    focus: tuple[str, ...] = ()
    omitted: tuple[str, ...] = ()
    omitted_edges: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def truncation_note(self) -> str:
        """One sentence on what :func:`bound` left out ("" when nothing)."""
        if not self.omitted:
            return ""
        shown, left = self.graph.number_of_nodes(), len(self.omitted)
        names = ", ".join(self.omitted[:10]) + (f" and {left - 10} more" if left > 10 else "")
        return (
            f"Showing {shown} of {shown + left} nodes: {left} nodes and {self.omitted_edges} edges left out "
            f"(the nodes nearest the focus are kept). Left out: {names}."
        )


def _name(iri: str) -> str:
    return CONVERTER.compress(iri, passthrough=True)


def _is_vocabulary(iri: str, vocabulary: set[str]) -> bool:
    return iri in vocabulary or iri.startswith(VOCABULARY_NAMESPACES)


def build_network(store: ox.Store) -> nx.MultiDiGraph:
    """The store's facts as a directed multigraph (see the module docstring for what is drawn)."""
    labels: dict[str, set[str]] = defaultdict(set)
    pref_labels: dict[str, set[str]] = defaultdict(set)
    vocabulary: set[str] = set()
    quads: list[tuple[str, str, ox.NamedNode | ox.Literal, str]] = []
    skipped_blank = 0
    for quad in store.quads_for_pattern(None, None, None, None):
        subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
        graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        if isinstance(subject, ox.NamedNode) and isinstance(obj, ox.Literal):
            if predicate == _LABEL:
                labels[subject.value].add(obj.value)
            elif predicate == _PREF_LABEL:
                pref_labels[subject.value].add(obj.value)
        if graph == str(GRAPH_ONTOLOGY) and isinstance(subject, ox.NamedNode):
            vocabulary.add(subject.value)
        if graph in META_GRAPHS:
            continue
        vocabulary.add(predicate)
        if predicate == _TYPE and isinstance(obj, ox.NamedNode):
            vocabulary.add(obj.value)
        if not isinstance(subject, ox.NamedNode) or not isinstance(obj, ox.NamedNode | ox.Literal):
            skipped_blank += 1  # blank nodes (and RDF-star quoted triples)
            continue
        quads.append((subject.value, predicate, obj, graph))

    def label_of(iri: str) -> str:
        names = labels.get(iri) or pref_labels.get(iri)
        return min(names) if names else _name(iri)

    sources: dict[str, str] = {}
    label_map = {iri: min(names) for iri, names in labels.items()}

    def source(graph: str) -> str:
        if graph not in sources:
            sources[graph] = source_of_graph(store, graph, label_map) if graph else DEFAULT_GRAPH_SOURCE
        return sources[graph]

    nodes: dict[str, dict] = {}

    def node(iri: str) -> dict:
        if iri not in nodes:
            nodes[iri] = {
                "types": set(),
                "asserted_types": set(),
                "definitions": set(),
                "synonyms": set(),
                "xrefs": set(),
                "facts": set(),
            }
        return nodes[iri]

    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for subject_iri, predicate, obj, graph in quads:
        if _is_vocabulary(subject_iri, vocabulary):
            continue
        attributes = node(subject_iri)
        inferred = graph.startswith(INFERRED_GRAPH_PREFIX)
        if predicate == _TYPE:
            attributes["types"].add(obj.value)
            if not inferred:
                attributes["asserted_types"].add(obj.value)
        elif predicate in (_LABEL, _PREF_LABEL):
            continue
        elif predicate == _DEFINITION:
            attributes["definitions"].add(obj.value)
        elif predicate == _ALT_LABEL:
            attributes["synonyms"].add(obj.value)
        elif predicate in _XREFS:
            attributes["xrefs"].add(_name(obj.value))
        elif isinstance(obj, ox.Literal):
            attributes["facts"].add((label_of(predicate), obj.value, source(graph)))
        elif _is_vocabulary(obj.value, vocabulary):
            attributes["facts"].add((label_of(predicate), label_of(obj.value), source(graph)))
        else:
            node(obj.value)
            edges[(subject_iri, predicate, obj.value)].add(graph)

    network = nx.MultiDiGraph()
    for iri, attributes in nodes.items():
        types = attributes["types"]
        primary = sorted(attributes["asserted_types"] or types, key=label_of)
        network.add_node(
            iri,
            label=label_of(iri),
            curie=_name(iri),
            type=label_of(primary[0]) if primary else UNTYPED,
            types=sorted(label_of(t) for t in types),
            negative=_NEGATIVE in types,
            definitions=sorted(attributes["definitions"]),
            synonyms=sorted(attributes["synonyms"]),
            xrefs=sorted(attributes["xrefs"]),
            facts=sorted(attributes["facts"]),
        )
    for (subject_iri, predicate, object_iri), graphs in edges.items():
        network.add_edge(
            subject_iri,
            object_iri,
            key=predicate,
            predicate=predicate,
            label=label_of(predicate),
            curie=_name(predicate),
            sources=sorted({source(g) for g in graphs}),
            inferred=all(g.startswith(INFERRED_GRAPH_PREFIX) for g in graphs),
        )
    type_names = sorted({data["type"] for _, data in network.nodes(data=True)})
    network.graph["type_styles"] = {
        name: {"color": PALETTE[i % len(PALETTE)], "shape": SHAPES[i % len(SHAPES)]}
        for i, name in enumerate(type_names)
    }
    network.graph["skipped_blank_node_triples"] = skipped_blank
    return network


def _induced(network: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    return network.subgraph(set(nodes)).copy()


def _distances(
    network: nx.MultiDiGraph, seeds: Iterable[str], limit: int | None = None, blocked: frozenset[str] = frozenset()
) -> dict[str, int]:
    """Hops from the nearest seed, following edges either way (breadth-first)."""
    distance = {seed: 0 for seed in seeds}
    queue = deque(distance)
    while queue:
        current = queue.popleft()
        if limit is not None and distance[current] >= limit:
            continue
        if current in blocked and distance[current] > 0:
            continue
        for other in (*network.successors(current), *network.predecessors(current)):
            if other not in distance:
                distance[other] = distance[current] + 1
                queue.append(other)
    return distance


def _check_node(network: nx.MultiDiGraph, iri: str) -> None:
    if iri not in network:
        raise InputError(f"{_name(iri)} is not drawn in the graph (vocabulary terms and sources are not nodes)")


def whole(network: nx.MultiDiGraph, title: str = "the whole graph") -> View:
    """Every node and edge."""
    return View(network, title)


def neighbourhood(network: nx.MultiDiGraph, focus: str | Sequence[str], depth: int = 1) -> View:
    """The focus entities and everything within ``depth`` hops of them, in or out."""
    seeds = (focus,) if isinstance(focus, str) else tuple(focus)
    for seed in seeds:
        _check_node(network, seed)
    if depth < 0:
        raise InputError(f"depth must be 0 or more, not {depth}")
    names = ", ".join(network.nodes[s]["label"] for s in seeds)
    hops = "hop" if depth == 1 else "hops"
    view = _induced(network, _distances(network, seeds, depth))
    return View(view, f"{names}: neighbourhood within {depth} {hops}", seeds)


def class_view(network: nx.MultiDiGraph, class_iri: str) -> View:
    """A class, its broader and narrower classes (``kindOf``) and the members of it and them."""
    _check_node(network, class_iri)
    broader = _follow(network, class_iri, _KIND_OF, forward=True)
    narrower = _follow(network, class_iri, _KIND_OF, forward=False)
    classes = {class_iri} | narrower
    members = {s for c in classes for s, _, key in network.in_edges(c, keys=True) if key == _MEMBER_OF}
    view = _induced(network, {class_iri} | broader | narrower | members)
    return View(view, f"{network.nodes[class_iri]['label']}: its class hierarchy and members", (class_iri,))


def _follow(network: nx.MultiDiGraph, start: str, predicate: str, forward: bool) -> set[str]:
    """Nodes reached from ``start`` by ``predicate`` edges (transitively), forwards or backwards."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        current = stack.pop()
        edges = network.out_edges(current, keys=True) if forward else network.in_edges(current, keys=True)
        for s, o, key in edges:
            other = o if forward else s
            if key == predicate and other not in seen and other != start:
                seen.add(other)
                stack.append(other)
    return seen


def explanation(network: nx.MultiDiGraph, source: str, target: str) -> View:
    """Every shortest chain of facts between two entities (edges followed either way).

    Negative statements ("clonazepam is not an antidepressant") are never a link in a chain.
    """
    _check_node(network, source)
    _check_node(network, target)
    blocked = frozenset(n for n, negative in network.nodes(data="negative") if negative) - {source, target}
    from_source = _distances(network, [source], blocked=blocked)
    names = f"{network.nodes[source]['label']} to {network.nodes[target]['label']}"
    if target not in from_source:
        raise InputError(f"no chain of facts links {names}")
    from_target = _distances(network, [target], blocked=blocked)
    length = from_source[target]
    on_path = {n for n, d in from_source.items() if d + from_target.get(n, math.inf) == length}
    view = _induced(network, on_path)
    steps = "step" if length == 1 else "steps"
    return View(view, f"{names}: the shortest chains of facts ({length} {steps})", (source, target))


def bound(view: View, max_nodes: int) -> View:
    """At most ``max_nodes`` nodes: the nearest to the focus (else to the best-connected node) stay."""
    if max_nodes < 1:
        raise InputError(f"max-nodes must be 1 or more, not {max_nodes}")
    network = view.graph
    if network.number_of_nodes() <= max_nodes:
        return view
    degree = dict(network.degree())
    seeds = [s for s in view.focus if s in network] or [max(network, key=lambda n: (degree[n], n))]
    distance = _distances(network, seeds)
    ranked = sorted(network, key=lambda n: (distance.get(n, math.inf), -degree[n], network.nodes[n]["label"], n))
    kept = _induced(network, ranked[:max_nodes])
    omitted = tuple(sorted(network.nodes[n]["label"] for n in ranked[max_nodes:]))
    omitted_edges = network.number_of_edges() - kept.number_of_edges()
    return View(kept, view.title, view.focus, omitted, omitted_edges, list(view.notes))


def resolve_node(store: ox.Store, network: nx.MultiDiGraph, text: str, names=None) -> str:
    """The node a user's name (label, synonym, brand, CURIE, IRI, external ID) stands for.

    A one-line :class:`InputError` (with close matches) when it names nothing drawn.
    """
    from kg.names import NameIndex

    resolved = (names or NameIndex(store)).resolve(text)
    if resolved.iri not in network:
        raise InputError(
            f"{text.strip()!r} ({resolved.curie}) is not drawn in the graph: vocabulary terms and sources are not nodes"
        )
    return resolved.iri


def select_view(
    store: ox.Store,
    network: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    drug_class: str | None = None,
    explain: Sequence[str] | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> View:
    """The view the options of ``drugkg viz`` ask for (at most one of focus, class, explain), bounded."""
    from kg.names import NameIndex

    chosen = [name for name, value in (("focus", focus), ("class", drug_class), ("explain", explain)) if value]
    if len(chosen) > 1:
        raise InputError(f"choose one of focus, class and explain, not {' and '.join(chosen)}")
    if max_nodes < 1:
        raise InputError(f"max-nodes must be 1 or more, not {max_nodes}")
    names = NameIndex(store) if chosen else None
    if focus:
        view = neighbourhood(network, resolve_node(store, network, focus, names), depth)
    elif drug_class:
        view = class_view(network, resolve_node(store, network, drug_class, names))
    elif explain:
        source, target = (resolve_node(store, network, name, names) for name in explain)
        view = explanation(network, source, target)
    else:
        view = whole(network)
    return bound(view, max_nodes)
