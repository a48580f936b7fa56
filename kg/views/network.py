"""The dataset as a networkx graph, and the bounded views drawn from it.

:func:`build_network` turns a store (the union of its graphs) into a ``MultiDiGraph``:

- one node per IRI resource that the facts talk about; its label, types, definitions, synonyms,
  cross-references and every literal-valued fact (with its source) are node attributes;
- one edge per distinct triple between two such resources, keyed by the predicate IRI, with the
  predicate's label, the sources of the triple (``kg.views.info.source_of_graph``) and ``inferred``
  (true when every graph holding the triple is an inferred graph);
- left out: the vocabulary (TBox), source and rule graphs (they name types, predicates and
  sources, and are shown through those), ``rdf:type`` (a node attribute), vocabulary terms (terms
  of the vocabulary graph and of RDF, RDFS, OWL, XSD, SKOS and SHACL, and any IRI used as a
  predicate or a class): not nodes, and shown as facts when they are objects; and blank nodes
  (their triples are counted in ``graph.graph["skipped_blank_node_triples"]``).

Views (:func:`whole`, :func:`neighbourhood`, :func:`class_view`, :func:`explanation`) are induced
subgraphs: every triple between two shown nodes is an edge, nodes and edges in sorted order.
:func:`bound` keeps at most ``max_nodes`` nodes, the nearest to the focus, and records what it
left out. Node types are styled by :func:`type_styles` of every class in the store, so a type
looks the same in every view of one store.

A neighbourhood or a class view needs only the nodes it shows: :func:`local_neighbourhood` and
:func:`local_class_view` (what :func:`select_view` uses when given no network) walk the store's
indexes from the focus with a :class:`StoreIndex` and build just those nodes, with the same
nodes, attributes and edges as the view cut from :func:`build_network`, which reads every quad.

>>> import pyoxigraph as ox
>>> from kg.loading import load_file
>>> from kg.paths import PACKAGE_DIR
>>> store = ox.Store(); load_file(store, PACKAGE_DIR.parent / "tests" / "data" / "tiny.trig")
>>> network = build_network(store)
>>> sorted(network.nodes[n]["label"] for n in network)
['C with D', 'class B', 'class C', 'drug A', 'outcome E', 'substance D']
>>> view = local_neighbourhood(store, "https://example.org/tiny/classB", depth=1)
>>> [view.graph.nodes[n]["label"] for n in view.graph], view.title
(['class B', 'class C', 'drug A'], 'class B: neighbourhood within 1 hop')
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

import networkx as nx
import pyoxigraph as ox
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD

from kg.errors import InputError
from kg.namespaces import CONVERTER, DKV, GRAPH_ONTOLOGY, GRAPH_RULES, GRAPH_SOURCES, INFERRED_GRAPH_PREFIX
from kg.views.info import source_of_graph

if TYPE_CHECKING:
    from kg.views.names import NameIndex

__all__ = [
    "DEFAULT_MAX_NODES",
    "META_GRAPHS",
    "UNTYPED",
    "StoreIndex",
    "View",
    "bound",
    "build_network",
    "class_view",
    "explanation",
    "local_class_view",
    "local_neighbourhood",
    "neighbourhood",
    "resolve_node",
    "select_view",
    "type_styles",
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
_TYPE_NODE = ox.NamedNode(_TYPE)
_ONTOLOGY = str(GRAPH_ONTOLOGY)
_ONTOLOGY_NODE = ox.NamedNode(_ONTOLOGY)
#: Predicates whose triples are node attributes, never edges.
_NOT_EDGES = frozenset({_TYPE, _LABEL, _PREF_LABEL, _DEFINITION, _ALT_LABEL, *_XREFS})

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


@lru_cache(maxsize=1 << 16)
def _name(iri: str) -> str:
    return CONVERTER.compress(iri, passthrough=True)


def _is_vocabulary(iri: str, vocabulary: set[str]) -> bool:
    return iri in vocabulary or iri.startswith(VOCABULARY_NAMESPACES)


class _Facts(Protocol):
    """What turning triples into nodes and edges needs to know of any IRI or graph."""

    def label_of(self, iri: str) -> str: ...

    def is_vocabulary(self, iri: str) -> bool: ...

    def source(self, graph: str) -> str: ...


def _graph_of(quad: ox.Quad) -> str:
    return quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""


def _new_node() -> dict:
    return {
        "types": set(),
        "asserted_types": set(),
        "definitions": set(),
        "synonyms": set(),
        "xrefs": set(),
        "facts": set(),
    }


def _add_triple(
    nodes: dict[str, dict],
    edges: dict[tuple[str, str, str], set[str]],
    facts: _Facts,
    triple: tuple[str, str, ox.NamedNode | ox.Literal, str],
    keep: Callable[[str], bool] | None = None,
) -> None:
    """Record one triple (outside the meta graphs, IRI subject) as node attributes or an edge.

    ``keep`` (when given) says which IRIs may be nodes: edges to others are left out.
    """
    subject_iri, predicate, obj, graph = triple
    if facts.is_vocabulary(subject_iri):
        return
    attributes = nodes.get(subject_iri) or nodes.setdefault(subject_iri, _new_node())
    inferred = graph.startswith(INFERRED_GRAPH_PREFIX)
    if predicate == _TYPE:
        attributes["types"].add(obj.value)
        if not inferred:
            attributes["asserted_types"].add(obj.value)
    elif predicate in (_LABEL, _PREF_LABEL):
        return
    elif predicate == _DEFINITION:
        attributes["definitions"].add(obj.value)
    elif predicate == _ALT_LABEL:
        attributes["synonyms"].add(obj.value)
    elif predicate in _XREFS:
        attributes["xrefs"].add(_name(obj.value))
    elif isinstance(obj, ox.Literal):
        attributes["facts"].add((facts.label_of(predicate), obj.value, facts.source(graph)))
    elif facts.is_vocabulary(obj.value):
        attributes["facts"].add((facts.label_of(predicate), facts.label_of(obj.value), facts.source(graph)))
    elif keep is None or keep(obj.value):
        if obj.value not in nodes:
            nodes[obj.value] = _new_node()
        edges[(subject_iri, predicate, obj.value)].add(graph)


def _assemble(nodes: dict[str, dict], edges: dict[tuple[str, str, str], set[str]], facts: _Facts) -> nx.MultiDiGraph:
    """The networkx graph of collected nodes and edges (without ``type_styles``)."""
    label_of = facts.label_of
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
            sources=sorted({facts.source(g) for g in graphs}),
            inferred=all(g.startswith(INFERRED_GRAPH_PREFIX) for g in graphs),
        )
    return network


def type_styles(type_names: Iterable[str]) -> dict[str, dict[str, str]]:
    """Colour and shape of each type name (and of :data:`UNTYPED`), given in sorted order.

    Views pass the labels of every class used as an ``rdf:type`` object outside the meta graphs,
    so each view of one store styles a type the same way, whatever part of the store it shows.
    """
    names = sorted(set(type_names) | {UNTYPED})
    return {
        name: {"color": PALETTE[i % len(PALETTE)], "shape": SHAPES[i % len(SHAPES)]} for i, name in enumerate(names)
    }


@dataclass
class _ScannedFacts:
    """Labels, vocabulary and sources from one pass over every quad (for the whole network)."""

    store: ox.Store
    labels: dict[str, set[str]]
    pref_labels: dict[str, set[str]]
    vocabulary: set[str]
    sources: dict[str, str] = field(default_factory=dict)
    label_map: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.label_map = {iri: min(names) for iri, names in self.labels.items()}

    def label_of(self, iri: str) -> str:
        names = self.labels.get(iri) or self.pref_labels.get(iri)
        return min(names) if names else _name(iri)

    def is_vocabulary(self, iri: str) -> bool:
        return _is_vocabulary(iri, self.vocabulary)

    def source(self, graph: str) -> str:
        if graph not in self.sources:
            self.sources[graph] = source_of_graph(self.store, graph, self.label_map) if graph else DEFAULT_GRAPH_SOURCE
        return self.sources[graph]


def build_network(store: ox.Store) -> nx.MultiDiGraph:
    """The store's facts as a directed multigraph (see the module docstring for what is drawn)."""
    labels: dict[str, set[str]] = defaultdict(set)
    pref_labels: dict[str, set[str]] = defaultdict(set)
    vocabulary: set[str] = set()
    classes: set[str] = set()
    quads: list[tuple[str, str, ox.NamedNode | ox.Literal, str]] = []
    skipped_blank = 0
    for quad in store.quads_for_pattern(None, None, None, None):
        subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
        graph = _graph_of(quad)
        if isinstance(subject, ox.NamedNode) and isinstance(obj, ox.Literal):
            if predicate == _LABEL:
                labels[subject.value].add(obj.value)
            elif predicate == _PREF_LABEL:
                pref_labels[subject.value].add(obj.value)
        if graph == _ONTOLOGY and isinstance(subject, ox.NamedNode):
            vocabulary.add(subject.value)
        if graph in META_GRAPHS:
            continue
        vocabulary.add(predicate)
        if predicate == _TYPE and isinstance(obj, ox.NamedNode | ox.Literal):
            classes.add(obj.value)
            if isinstance(obj, ox.NamedNode):
                vocabulary.add(obj.value)
        if not isinstance(subject, ox.NamedNode) or not isinstance(obj, ox.NamedNode | ox.Literal):
            skipped_blank += 1  # blank nodes (and RDF-star quoted triples)
            continue
        quads.append((subject.value, predicate, obj, graph))
    facts = _ScannedFacts(store, labels, pref_labels, vocabulary)
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for triple in quads:
        _add_triple(nodes, edges, facts, triple)
    network = _assemble(nodes, edges, facts)
    network.graph["type_styles"] = type_styles(facts.label_of(c) for c in classes)
    network.graph["skipped_blank_node_triples"] = skipped_blank
    return network


def _induced(network: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """The subgraph ``nodes`` induce, nodes and edges in sorted order (a view reads the same however
    it was built: from the whole network or from :class:`StoreIndex`)."""
    subgraph = network.subgraph(set(nodes))
    induced = nx.MultiDiGraph()
    induced.graph.update(network.graph)
    induced.add_nodes_from(sorted(subgraph.nodes(data=True), key=lambda item: item[0]))
    induced.add_edges_from(sorted(subgraph.edges(keys=True, data=True), key=lambda item: item[:3]))
    return induced


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


_CLASSES_QUERY = """
SELECT DISTINCT ?class WHERE { ?s a ?class FILTER (!isBlank(?class)) }
"""


class StoreIndex:
    """The network's nodes and edges read one IRI at a time from the store's indexes (cached).

    Each answer is a few index lookups (``quads_for_pattern``), never a pass over the store, so a
    view of a few nodes costs about the same in a store of a thousand triples or of millions (the
    one query over all ``rdf:type`` triples, for :meth:`type_styles`, is made once). The answers
    are those of :func:`build_network`: :meth:`network_of` of a set of nodes is the subgraph of the
    whole network they induce (``type_styles`` aside, which :meth:`type_styles` gives by the rule
    :func:`build_network` uses too).
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._labels: dict[str, str] = {}
        self._rdfs_labels: dict[str, str | None] = {}
        self._vocabulary: dict[str, bool] = {}
        self._nodes: dict[str, bool] = {}
        self._sources: dict[str, str] = {}
        self._type_styles: dict[str, dict[str, str]] | None = None

    def looked_at(self) -> set[str]:
        """The IRIs this index has read anything about (so far)."""
        return set(self._labels) | set(self._rdfs_labels) | set(self._vocabulary) | set(self._nodes)

    def _quads(
        self,
        subject: ox.NamedNode | None = None,
        predicate: ox.NamedNode | None = None,
        obj: ox.NamedNode | ox.Literal | None = None,
    ) -> Iterator[ox.Quad]:
        """The quads of a pattern outside the meta graphs."""
        for quad in self.store.quads_for_pattern(subject, predicate, obj, None):
            if _graph_of(quad) not in META_GRAPHS:
                yield quad

    def _literals(self, iri: str, predicate: str) -> set[str]:
        try:
            node = ox.NamedNode(iri)
        except ValueError:  # not an IRI (a literal used as a type): it has no label
            return set()
        pattern = self.store.quads_for_pattern(node, ox.NamedNode(predicate), None, None)
        return {quad.object.value for quad in pattern if isinstance(quad.object, ox.Literal)}

    def rdfs_label(self, iri: str) -> str | None:
        """The least ``rdfs:label`` of ``iri`` in any graph, if any."""
        if iri not in self._rdfs_labels:
            self._rdfs_labels[iri] = min(self._literals(iri, _LABEL), default=None)
        return self._rdfs_labels[iri]

    def label_of(self, iri: str) -> str:
        """The least ``rdfs:label``, else the least ``skos:prefLabel``, else the CURIE."""
        if iri not in self._labels:
            label = self.rdfs_label(iri)
            if label is None:
                label = min(self._literals(iri, _PREF_LABEL), default=None)
            self._labels[iri] = _name(iri) if label is None else label
        return self._labels[iri]

    def is_vocabulary(self, iri: str) -> bool:
        """A vocabulary term: in a vocabulary namespace, a subject of the ontology graph, or used
        as a predicate or a class outside the meta graphs."""
        if iri not in self._vocabulary:
            if iri.startswith(VOCABULARY_NAMESPACES):
                found = True
            else:
                node = ox.NamedNode(iri)
                found = (
                    next(iter(self.store.quads_for_pattern(node, None, None, _ONTOLOGY_NODE)), None) is not None
                    or next(self._quads(None, node), None) is not None
                    or next(self._quads(None, _TYPE_NODE, node), None) is not None
                )
            self._vocabulary[iri] = found
        return self._vocabulary[iri]

    def source(self, graph: str) -> str:
        """The provenance of a graph, as :func:`kg.views.info.source_of_graph` says it."""
        if graph not in self._sources:
            if not graph:
                self._sources[graph] = DEFAULT_GRAPH_SOURCE
            else:
                label = self.rdfs_label(graph)
                self._sources[graph] = source_of_graph(self.store, graph, {} if label is None else {graph: label})
        return self._sources[graph]

    def _out_edges(self, iri: str, predicate: str | None = None) -> Iterator[tuple[str, str]]:
        """The (predicate, object) of the edges out of the node ``iri`` (of ``predicate`` when given)."""
        if predicate in _NOT_EDGES:
            return
        node, filter_ = ox.NamedNode(iri), None if predicate is None else ox.NamedNode(predicate)
        for quad in self._quads(node, filter_):
            obj, key = quad.object, quad.predicate.value
            if isinstance(obj, ox.NamedNode) and key not in _NOT_EDGES and not self.is_vocabulary(obj.value):
                yield key, obj.value

    def edges_out(self, iri: str, predicate: str | None = None) -> Iterator[str]:
        """The objects of the edges out of the node ``iri`` (of ``predicate`` when given)."""
        for _, obj in self._out_edges(iri, predicate):
            yield obj

    def edges_in(self, iri: str, predicate: str | None = None) -> Iterator[str]:
        """The subjects of the edges into the node ``iri`` (of ``predicate`` when given)."""
        if predicate in _NOT_EDGES:
            return
        node, filter_ = ox.NamedNode(iri), None if predicate is None else ox.NamedNode(predicate)
        for quad in self._quads(None, filter_, node):
            subject = quad.subject
            if (
                isinstance(subject, ox.NamedNode)
                and quad.predicate.value not in _NOT_EDGES
                and not self.is_vocabulary(subject.value)
            ):
                yield subject.value

    def is_node(self, iri: str) -> bool:
        """Whether :func:`build_network` draws ``iri`` as a node."""
        if iri not in self._nodes:
            try:
                node = ox.NamedNode(iri)
            except ValueError:
                self._nodes[iri] = False
                return False
            self._nodes[iri] = not self.is_vocabulary(iri) and (
                any(isinstance(q.object, ox.NamedNode | ox.Literal) for q in self._quads(node))
                or next(self.edges_in(iri), None) is not None
            )
        return self._nodes[iri]

    def check_node(self, iri: str) -> None:
        """A one-line :class:`InputError` unless ``iri`` is a node."""
        if not self.is_node(iri):
            raise InputError(f"{_name(iri)} is not drawn in the graph (vocabulary terms and sources are not nodes)")

    def neighbours(self, iri: str) -> Iterator[str]:
        """The nodes one edge away from the node ``iri``, out then in (repeats possible)."""
        yield from self.edges_out(iri)
        yield from self.edges_in(iri)

    def distances(self, seeds: Iterable[str], limit: int) -> dict[str, int]:
        """Hops from the nearest seed, up to ``limit``, following edges either way."""
        distance = dict.fromkeys(seeds, 0)
        queue = deque(distance)
        while queue:
            current = queue.popleft()
            if distance[current] >= limit:
                continue
            for other in self.neighbours(current):
                if other not in distance:
                    distance[other] = distance[current] + 1
                    queue.append(other)
        return distance

    def follow(self, start: str, predicate: str, forward: bool) -> set[str]:
        """Nodes reached from ``start`` by ``predicate`` edges (transitively), forwards or backwards."""
        seen: set[str] = set()
        stack = [start]
        while stack:
            current = stack.pop()
            others = self.edges_out(current, predicate) if forward else self.edges_in(current, predicate)
            for other in others:
                if other not in seen and other != start:
                    seen.add(other)
                    stack.append(other)
        return seen

    def members(self, class_iri: str) -> set[str]:
        """The nodes with a ``memberOf`` edge to ``class_iri``."""
        return set(self.edges_in(class_iri, _MEMBER_OF))

    def type_styles(self) -> dict[str, dict[str, str]]:
        """:func:`type_styles` of the labels of every class used outside the meta graphs."""
        if self._type_styles is not None:
            return self._type_styles
        rows = self.store.query(_CLASSES_QUERY, use_default_graph_as_union=True)
        assert isinstance(rows, ox.QuerySolutions)
        classes = [c for row in rows if isinstance(c := row["class"], ox.NamedNode | ox.Literal)]
        used = (c.value for c in classes if next(self._quads(None, _TYPE_NODE, c), None) is not None)
        self._type_styles = type_styles(self.label_of(value) for value in used)
        return self._type_styles

    def skeleton_of(self, nodes: Iterable[str]) -> nx.MultiDiGraph:
        """:meth:`network_of` with labels only and edges without attributes: what :func:`bound`
        needs to choose which nodes to keep, at a fraction of the cost."""
        wanted = set(nodes)
        skeleton = nx.MultiDiGraph()
        skeleton.add_nodes_from((iri, {"label": self.label_of(iri)}) for iri in sorted(wanted))
        for iri in sorted(wanted):
            for key, obj in self._out_edges(iri):
                if obj in wanted:
                    skeleton.add_edge(iri, obj, key=key)
        return skeleton

    def view_of(self, nodes: Iterable[str], title: str, focus: tuple[str, ...], max_nodes: int | None) -> View:
        """The view of ``nodes`` (``bound`` to ``max_nodes``): attributes are read only for the
        nodes kept."""
        wanted = set(nodes)
        if max_nodes is None or len(wanted) <= max_nodes:
            view = View(self.network_of(wanted), title, focus)
            return view if max_nodes is None else bound(view, max_nodes)
        kept = bound(View(self.skeleton_of(wanted), title, focus), max_nodes)
        return View(self.network_of(kept.graph), title, focus, kept.omitted, kept.omitted_edges)

    def network_of(self, nodes: Iterable[str]) -> nx.MultiDiGraph:
        """The subgraph of the whole network induced by ``nodes`` (each must be a node)."""
        wanted = set(nodes)
        collected: dict[str, dict] = {iri: _new_node() for iri in sorted(wanted)}
        edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for iri in collected:
            for quad in self._quads(ox.NamedNode(iri)):
                obj = quad.object
                if isinstance(obj, ox.NamedNode | ox.Literal):
                    triple = (iri, quad.predicate.value, obj, _graph_of(quad))
                    _add_triple(collected, edges, self, triple, keep=wanted.__contains__)
        by_ends = sorted(edges.items(), key=lambda item: (item[0][0], item[0][2], item[0][1]))
        network = _assemble(collected, dict(by_ends), self)
        network.graph["type_styles"] = dict(self.type_styles())
        return network


def local_neighbourhood(
    store: ox.Store | StoreIndex, focus: str | Sequence[str], depth: int = 1, max_nodes: int | None = None
) -> View:
    """:func:`neighbourhood` (then :func:`bound` to ``max_nodes`` when given) read from the store's
    indexes: only the nodes within ``depth`` hops are looked at, and only those kept in full."""
    index = store if isinstance(store, StoreIndex) else StoreIndex(store)
    seeds = (focus,) if isinstance(focus, str) else tuple(focus)
    for seed in seeds:
        index.check_node(seed)
    if depth < 0:
        raise InputError(f"depth must be 0 or more, not {depth}")
    names = ", ".join(index.label_of(s) for s in seeds)
    hops = "hop" if depth == 1 else "hops"
    title = f"{names}: neighbourhood within {depth} {hops}"
    return index.view_of(index.distances(seeds, depth), title, seeds, max_nodes)


def local_class_view(store: ox.Store | StoreIndex, class_iri: str, max_nodes: int | None = None) -> View:
    """:func:`class_view` (then :func:`bound` to ``max_nodes`` when given) read from the store's
    indexes: only the classes and members shown are looked at, and only those kept in full."""
    index = store if isinstance(store, StoreIndex) else StoreIndex(store)
    index.check_node(class_iri)
    broader = index.follow(class_iri, _KIND_OF, forward=True)
    narrower = index.follow(class_iri, _KIND_OF, forward=False)
    members = {m for c in {class_iri} | narrower for m in index.members(c)}
    title = f"{index.label_of(class_iri)}: its class hierarchy and members"
    return index.view_of({class_iri} | broader | narrower | members, title, (class_iri,), max_nodes)


def resolve_node(
    store: ox.Store, network: nx.MultiDiGraph | StoreIndex | None, text: str, names: NameIndex | None = None
) -> str:
    """The node a user's name (label, synonym, brand, CURIE, IRI, external ID) stands for.

    ``network`` says what is drawn: a built network, or a :class:`StoreIndex` (``None``: the
    store's own index) that answers without building one. A one-line :class:`InputError` (with
    close matches) when the name names nothing drawn.
    """
    from kg.views.names import NameIndex

    resolved = (names or NameIndex(store)).resolve(text)
    if isinstance(network, nx.MultiDiGraph):
        drawn = resolved.iri in network
    else:
        drawn = (network or StoreIndex(store)).is_node(resolved.iri)
    if not drawn:
        raise InputError(
            f"{text.strip()!r} ({resolved.curie}) is not drawn in the graph: vocabulary terms and sources are not nodes"
        )
    return resolved.iri


def select_view(
    store: ox.Store,
    network: nx.MultiDiGraph | None = None,
    *,
    focus: str | None = None,
    depth: int = 1,
    drug_class: str | None = None,
    explain: Sequence[str] | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> View:
    """The view the options of ``drugkg viz`` ask for (at most one of focus, class, explain), bounded.

    With no ``network``, a focus or class view reads only the nodes it shows from the store's
    indexes (:func:`local_neighbourhood`, :func:`local_class_view`); an explanation or the whole
    graph builds the whole network (:func:`build_network`).
    """
    from kg.views.names import NameIndex

    chosen = [name for name, value in (("focus", focus), ("class", drug_class), ("explain", explain)) if value]
    if len(chosen) > 1:
        raise InputError(f"choose one of focus, class and explain, not {' and '.join(chosen)}")
    if max_nodes < 1:
        raise InputError(f"max-nodes must be 1 or more, not {max_nodes}")
    names = NameIndex(store) if chosen else None
    if network is None and (focus or drug_class):
        index = StoreIndex(store)
        if focus:
            return local_neighbourhood(index, resolve_node(store, index, focus, names), depth, max_nodes)
        return local_class_view(index, resolve_node(store, index, str(drug_class), names), max_nodes)
    network = build_network(store) if network is None else network
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
