"""The dataset as a networkx graph, and the bounded views drawn from it.

:func:`build_network` turns a store (the union of its graphs) into a ``MultiDiGraph``:

- one node per IRI resource that the facts talk about; its label, types, definitions, synonyms,
  cross-references and every literal-valued fact (with its source) are node attributes;
- one edge per distinct triple between two such resources, keyed by the predicate IRI, with the
  predicate's label, the sources of the triple (``kg.graph_facts.source_of_graph``) and ``inferred``
  (true when every graph holding the triple is an inferred graph);
- left out: the vocabulary (TBox), source and rule graphs (they name types, predicates and
  sources, and are shown through those), ``rdf:type`` (a node attribute), vocabulary terms (terms
  of the vocabulary graph and of RDF, RDFS, OWL, XSD, SKOS and SHACL, and any IRI used as a
  predicate or a class): not nodes, and shown as facts when they are objects; and blank nodes
  (their triples are counted in ``graph.graph["skipped_blank_node_triples"]``).

Views (:func:`whole`, :func:`neighbourhood`, :func:`class_view`, :func:`connecting_paths`) are
induced subgraphs: every triple between two shown nodes is an edge, nodes and edges in sorted order.
Labels follow the rule of :mod:`kg.graph_facts` (least ``rdfs:label``, else least
``skos:prefLabel``, else the CURIE).
:func:`bound` keeps at most ``max_nodes`` nodes, the nearest to the focus, and records what it
left out. Node types are styled by :func:`type_styles` (:mod:`kg.views.styles`: a fixed table for the
drugkg vocabulary, a hash of the IRI for other types), so a type looks the same in every view of
every graph; ``network.graph["licences"]`` gives the licence of each source that states one.

A neighbourhood or a class view needs only the nodes it shows: :func:`local_neighbourhood` and
:func:`local_class_view` (what :func:`select_view` uses when given no network) walk the store's
indexes from the focus with a :class:`StoreIndex` and build just those nodes, with the same
nodes, attributes and edges as the view cut from :func:`build_network`, which reads every quad.
Both choose their nodes with the same searches (:func:`distances`, :func:`follow`), which read
neighbours through a :class:`NeighbourReader`: a :class:`NetworkReader` over the built network,
or the :class:`StoreIndex`.

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
from typing import TYPE_CHECKING, NamedTuple, Protocol

import networkx as nx
import pyoxigraph as ox
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD

from kg.errors import InputError
from kg.graph_facts import (
    META_GRAPHS,
    OWL_NEGATIVE_PROPERTY_ASSERTION,
    RDF_TYPE,
    RDFS_LABEL,
    RDFS_SEE_ALSO,
    SKOS_ALT_LABEL,
    SKOS_CLOSE_MATCH,
    SKOS_DEFINITION,
    SKOS_EXACT_MATCH,
    SKOS_PREF_LABEL,
    GraphFacts,
    curie,
    is_inferred_graph,
    least_label,
)
from kg.namespaces import DKV, GRAPH_ONTOLOGY
from kg.views.styles import UNTYPED, predicate_name, style_of_type, type_name

if TYPE_CHECKING:
    from kg.analysis.names import NameIndex

__all__ = [
    "DEFAULT_MAX_NODES",
    "LICENCE_NAMES",
    "META_GRAPHS",
    "UNTYPED",
    "NeighbourReader",
    "NetworkReader",
    "StoreIndex",
    "View",
    "bound",
    "build_network",
    "class_view",
    "connecting_paths",
    "distances",
    "follow",
    "local_class_view",
    "local_neighbourhood",
    "neighbourhood",
    "resolve_node",
    "select_view",
    "source_licences",
    "type_iris",
    "type_styles",
    "whole",
]

#: Namespaces whose terms are vocabulary, never drawn as nodes.
VOCABULARY_NAMESPACES = tuple(str(ns) for ns in (RDF, RDFS, OWL, XSD, SKOS, SH))
#: The default bound on the nodes of a view.
DEFAULT_MAX_NODES = 1000

# The IRIs of kg.graph_facts' terms as str, for comparing with the IRIs of quads read.
_TYPE = RDF_TYPE.value
_LABEL = RDFS_LABEL.value
_PREF_LABEL = SKOS_PREF_LABEL.value
_DEFINITION = SKOS_DEFINITION.value
_ALT_LABEL = SKOS_ALT_LABEL.value
_XREFS = frozenset({SKOS_EXACT_MATCH.value, SKOS_CLOSE_MATCH.value})
_SEE_ALSO = RDFS_SEE_ALSO.value
_NEGATIVE = OWL_NEGATIVE_PROPERTY_ASSERTION.value
_KIND_OF = str(DKV.kindOf)
_MEMBER_OF = str(DKV.memberOf)
_ONTOLOGY = str(GRAPH_ONTOLOGY)
_ONTOLOGY_NODE = ox.NamedNode(_ONTOLOGY)
#: Predicates whose triples are node attributes, never edges.
_NOT_EDGES = frozenset({_TYPE, _LABEL, _PREF_LABEL, _DEFINITION, _ALT_LABEL, _SEE_ALSO, *_XREFS})


@dataclass
class View:
    """A graph to draw, with its title, focus and what a bound left out."""

    graph: nx.MultiDiGraph
    title: str
    focus: tuple[str, ...] = ()
    omitted: tuple[str, ...] = ()
    omitted_edges: int = 0
    notes: list[str] = field(default_factory=list)
    #: Nodes a capped view left out, counted per link (see :mod:`kg.views.grouping`).
    omitted_links: dict[tuple[str, str, bool, str], int] = field(default_factory=dict)

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


#: :func:`kg.graph_facts.curie`, remembered (a whole network asks for the same IRIs many times).
_name = lru_cache(maxsize=1 << 16)(curie)


def _is_vocabulary(iri: str, vocabulary: set[str]) -> bool:
    return iri in vocabulary or iri.startswith(VOCABULARY_NAMESPACES)


class _Facts(Protocol):
    """What turning triples into nodes and edges needs to know of any IRI or graph."""

    def label_of(self, iri: str) -> str: ...

    def is_vocabulary(self, iri: str) -> bool: ...

    def source(self, graph: str | None) -> str: ...


def _graph_of(quad: ox.Quad) -> str | None:
    """The IRI of a quad's graph, None for the default graph."""
    return quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else None


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
    edges: dict[tuple[str, str, str], set[str | None]],
    facts: _Facts,
    triple: tuple[str, str, ox.NamedNode | ox.Literal, str | None],
    keep: Callable[[str], bool] | None = None,
) -> None:
    """Record one triple (outside the meta graphs, IRI subject) as node attributes or an edge.

    ``keep`` (when given) says which IRIs may be nodes: edges to others are left out.
    """
    subject_iri, predicate, obj, graph = triple
    if facts.is_vocabulary(subject_iri):
        return
    attributes = nodes.get(subject_iri) or nodes.setdefault(subject_iri, _new_node())
    inferred = is_inferred_graph(graph)
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
    elif isinstance(obj, ox.Literal) or predicate == _SEE_ALSO:  # a document's address is a value
        attributes["facts"].add((predicate_name(predicate, facts.label_of), obj.value, facts.source(graph)))
    elif facts.is_vocabulary(obj.value):
        name = predicate_name(predicate, facts.label_of)
        attributes["facts"].add((name, facts.label_of(obj.value), facts.source(graph)))
    elif keep is None or keep(obj.value):
        if obj.value not in nodes:
            nodes[obj.value] = _new_node()
        edges[(subject_iri, predicate, obj.value)].add(graph)


def _assemble(
    nodes: dict[str, dict], edges: dict[tuple[str, str, str], set[str | None]], facts: _Facts
) -> nx.MultiDiGraph:
    """The networkx graph of collected nodes and edges (without ``type_styles``)."""
    label_of = facts.label_of

    def name_of_type(iri: str) -> str:
        return type_name(iri, label_of)

    network = nx.MultiDiGraph()
    for iri, attributes in nodes.items():
        types = attributes["types"]
        primary = sorted(attributes["asserted_types"] or types, key=name_of_type)
        network.add_node(
            iri,
            label=label_of(iri),
            curie=_name(iri),
            type=name_of_type(primary[0]) if primary else UNTYPED,
            types=sorted(name_of_type(t) for t in types),
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
            label=predicate_name(predicate, label_of),
            curie=_name(predicate),
            sources=sorted({facts.source(g) for g in graphs}),
            inferred=all(is_inferred_graph(g) for g in graphs),
        )
    return network


def type_styles(types: Iterable[str], label_of: Callable[[str], str]) -> dict[str, dict[str, str]]:
    """Colour and shape of each type (and of :data:`UNTYPED`) by its name, as the nodes' ``type``
    attribute gives it, from :func:`kg.views.styles.style_of_type` of the type's IRI.

    Views pass every class used as an ``rdf:type`` object outside the meta graphs; the style of a
    type depends on its IRI alone, so a type looks the same in every view of every graph. (Two
    types of one name: the least IRI's style.)
    """
    styles = {UNTYPED: style_of_type(UNTYPED)._asdict()}
    for iri in sorted(set(types)):
        styles.setdefault(type_name(iri, label_of), style_of_type(iri)._asdict())
    return styles


def type_iris(types: Iterable[str], label_of: Callable[[str], str]) -> dict[str, str]:
    """The IRI of each type name (the least IRI when two types share a name)."""
    iris: dict[str, str] = {}
    for iri in sorted(set(types)):
        iris.setdefault(type_name(iri, label_of), iri)
    return iris


_LICENCES_QUERY = """
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?graph ?licence WHERE {
  { ?graph dcterms:license ?licence } UNION { ?graph dcterms:isPartOf/dcterms:license ?licence }
}
"""

#: Short names of the licences open data comes under.
LICENCE_NAMES = {
    "https://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0",
    "http://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0",
    "https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0",
    "http://creativecommons.org/licenses/by/4.0/": "CC BY 4.0",
    "https://creativecommons.org/licenses/by-sa/4.0/": "CC BY-SA 4.0",
}


def source_licences(store: ox.Store, source_of: Callable[[str], str]) -> dict[str, str]:
    """The licence of each source (as ``source_of`` names the graph) that states one: the graph's
    own ``dcterms:license``, else its document's (``dcterms:isPartOf``); several are joined."""
    rows = store.query(_LICENCES_QUERY, use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    found: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        graph, licence = row["graph"], row["licence"]
        if isinstance(graph, ox.NamedNode) and isinstance(licence, ox.NamedNode | ox.Literal):
            name = LICENCE_NAMES.get(licence.value) or (
                licence.value if isinstance(licence, ox.Literal) else source_of(licence.value)
            )
            found[source_of(graph.value)].add(name)
    return {source: "; ".join(sorted(names)) for source, names in sorted(found.items())}


def _least_labels(names: dict[str, set[str]]) -> dict[str, str]:
    """The label of each IRI among its ``names`` (:func:`kg.graph_facts.least_label`)."""
    return {iri: label for iri, values in names.items() if (label := least_label(values)) is not None}


class _ScannedFacts:
    """Labels and vocabulary from one pass over every quad (for the whole network), by the rules of
    :mod:`kg.graph_facts`; sources through a :class:`~kg.graph_facts.GraphFacts`."""

    def __init__(
        self, store: ox.Store, labels: dict[str, set[str]], pref_labels: dict[str, set[str]], vocabulary: set[str]
    ) -> None:
        self.facts = GraphFacts(store)
        #: The least skos:prefLabel of each IRI, overridden by its least rdfs:label.
        self.labels = _least_labels(pref_labels) | _least_labels(labels)
        self.vocabulary = vocabulary

    def label_of(self, iri: str) -> str:
        label = self.labels.get(iri)
        return _name(iri) if label is None else label

    def is_vocabulary(self, iri: str) -> bool:
        return _is_vocabulary(iri, self.vocabulary)

    def source(self, graph: str | None) -> str:
        return self.facts.source_of(graph)


def build_network(store: ox.Store) -> nx.MultiDiGraph:
    """The store's facts as a directed multigraph (see the module docstring for what is drawn)."""
    labels: dict[str, set[str]] = defaultdict(set)
    pref_labels: dict[str, set[str]] = defaultdict(set)
    vocabulary: set[str] = set()
    classes: set[str] = set()
    quads: list[tuple[str, str, ox.NamedNode | ox.Literal, str | None]] = []
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
    edges: dict[tuple[str, str, str], set[str | None]] = defaultdict(set)
    for triple in quads:
        _add_triple(nodes, edges, facts, triple)
    network = _assemble(nodes, edges, facts)
    network.graph["type_styles"] = type_styles(classes, facts.label_of)
    network.graph["type_iris"] = type_iris(classes, facts.label_of)
    network.graph["licences"] = source_licences(store, facts.source)
    network.graph["skipped_blank_node_triples"] = skipped_blank
    return network


def _induced(network: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """The subgraph ``nodes`` induce, nodes and edges in sorted order (a view reads the same however
    it was built: from the whole network or from :class:`StoreIndex`).

    Each node's edges are read from the smaller of its adjacency and the chosen nodes, so a few
    nodes next to a hub of thousands of edges cost a few lookups, not the hub's whole adjacency.
    """
    wanted = set(nodes)
    induced = nx.MultiDiGraph()
    induced.graph.update(network.graph)
    attributes = network._node
    induced.add_nodes_from((node, attributes[node]) for node in sorted(wanted))
    edges: list[tuple[str, str, str, dict]] = []
    for subject in wanted:
        successors = network._succ[subject]  # the adjacency dicts themselves: views cost more here
        if len(successors) <= len(wanted):
            pairs = ((obj, keyed) for obj, keyed in successors.items() if obj in wanted)
        else:
            pairs = ((obj, successors[obj]) for obj in wanted if obj in successors)
        for obj, keyed in pairs:
            edges.extend((subject, obj, key, data) for key, data in keyed.items())
    edges.sort(key=lambda item: item[:3])
    induced.add_edges_from(edges)
    return induced


class NeighbourReader(Protocol):
    """How the searches of this module read the network: nodes, labels and edges of one IRI."""

    def is_node(self, iri: str) -> bool:
        """Whether ``iri`` is drawn as a node."""
        ...

    def label_of(self, iri: str) -> str:
        """The label of the node ``iri``."""
        ...

    def neighbours(self, iri: str) -> Iterable[str]:
        """The nodes one edge away from the node ``iri``, either way (repeats possible)."""
        ...

    def edges_out(self, iri: str, predicate: str) -> Iterable[str]:
        """The objects of the ``predicate`` edges out of the node ``iri``."""
        ...

    def edges_in(self, iri: str, predicate: str) -> Iterable[str]:
        """The subjects of the ``predicate`` edges into the node ``iri``."""
        ...


class NetworkReader:
    """A :class:`NeighbourReader` over a built network (or any graph with node labels)."""

    def __init__(self, network: nx.MultiDiGraph) -> None:
        self.network = network

    def is_node(self, iri: str) -> bool:
        return iri in self.network

    def label_of(self, iri: str) -> str:
        return self.network.nodes[iri]["label"]

    def neighbours(self, iri: str) -> Iterable[str]:
        return (*self.network.successors(iri), *self.network.predecessors(iri))

    def edges_out(self, iri: str, predicate: str) -> Iterable[str]:
        return (o for _, o, key in self.network.out_edges(iri, keys=True) if key == predicate)

    def edges_in(self, iri: str, predicate: str) -> Iterable[str]:
        return (s for s, _, key in self.network.in_edges(iri, keys=True) if key == predicate)


def distances(
    reader: NeighbourReader, seeds: Iterable[str], limit: int | None = None, blocked: frozenset[str] = frozenset()
) -> dict[str, int]:
    """Hops from the nearest seed (up to ``limit``), following edges either way (breadth-first);
    the search does not go on through a ``blocked`` node that is not a seed."""
    distance = dict.fromkeys(seeds, 0)
    queue = deque(distance)
    while queue:
        current = queue.popleft()
        if limit is not None and distance[current] >= limit:
            continue
        if current in blocked and distance[current] > 0:
            continue
        for other in reader.neighbours(current):
            if other not in distance:
                distance[other] = distance[current] + 1
                queue.append(other)
    return distance


def follow(reader: NeighbourReader, start: str, predicate: str, forward: bool) -> set[str]:
    """Nodes reached from ``start`` by ``predicate`` edges (transitively), forwards or backwards."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        current = stack.pop()
        others = reader.edges_out(current, predicate) if forward else reader.edges_in(current, predicate)
        for other in others:
            if other not in seen and other != start:
                seen.add(other)
                stack.append(other)
    return seen


def _check_node(reader: NeighbourReader, iri: str) -> None:
    """A one-line :class:`InputError` unless ``iri`` is a node."""
    if not reader.is_node(iri):
        raise InputError(f"{_name(iri)} is not drawn in the graph (vocabulary terms and sources are not nodes)")


class _Chosen(NamedTuple):
    """The nodes a view shows, its title and its focus."""

    nodes: Iterable[str]
    title: str
    focus: tuple[str, ...]


def _neighbourhood_nodes(reader: NeighbourReader, focus: str | Sequence[str], depth: int) -> _Chosen:
    """The nodes within ``depth`` hops of the focus entities, in or out."""
    seeds = (focus,) if isinstance(focus, str) else tuple(focus)
    for seed in seeds:
        _check_node(reader, seed)
    if depth < 0:
        raise InputError(f"depth must be 0 or more, not {depth}")
    names = ", ".join(reader.label_of(s) for s in seeds)
    hops = "hop" if depth == 1 else "hops"
    return _Chosen(distances(reader, seeds, depth), f"{names}: neighbourhood within {depth} {hops}", seeds)


def _class_nodes(reader: NeighbourReader, class_iri: str) -> _Chosen:
    """A class, its broader and narrower classes (``kindOf``) and the members of it and them."""
    _check_node(reader, class_iri)
    broader = follow(reader, class_iri, _KIND_OF, forward=True)
    narrower = follow(reader, class_iri, _KIND_OF, forward=False)
    members = {m for c in {class_iri} | narrower for m in reader.edges_in(c, _MEMBER_OF)}
    title = f"{reader.label_of(class_iri)}: its class hierarchy and members"
    return _Chosen({class_iri} | broader | narrower | members, title, (class_iri,))


def whole(network: nx.MultiDiGraph, title: str = "the whole graph") -> View:
    """Every node and edge."""
    return View(network, title)


def neighbourhood(network: nx.MultiDiGraph, focus: str | Sequence[str], depth: int = 1) -> View:
    """The focus entities and everything within ``depth`` hops of them, in or out."""
    nodes, title, focus = _neighbourhood_nodes(NetworkReader(network), focus, depth)
    return View(_induced(network, nodes), title, focus)


def class_view(network: nx.MultiDiGraph, class_iri: str) -> View:
    """A class, its broader and narrower classes (``kindOf``) and the members of it and them."""
    nodes, title, focus = _class_nodes(NetworkReader(network), class_iri)
    return View(_induced(network, nodes), title, focus)


def connecting_paths(network: nx.MultiDiGraph, source: str, target: str) -> View:
    """Every shortest chain of facts between two entities (edges followed either way): what
    ``drugkg viz --explain A B`` draws.

    Negative statements ("clonazepam is not an antidepressant") are never a link in a chain.
    """
    reader = NetworkReader(network)
    _check_node(reader, source)
    _check_node(reader, target)
    blocked = frozenset(n for n, negative in network.nodes(data="negative") if negative) - {source, target}
    from_source = distances(reader, [source], blocked=blocked)
    names = f"{reader.label_of(source)} to {reader.label_of(target)}"
    if target not in from_source:
        raise InputError(f"no chain of facts links {names}")
    from_target = distances(reader, [target], blocked=blocked)
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
    distance = distances(NetworkReader(network), seeds)
    ranked = sorted(network, key=lambda n: (distance.get(n, math.inf), -degree[n], network.nodes[n]["label"], n))
    kept = _induced(network, ranked[:max_nodes])
    omitted = tuple(sorted(network.nodes[n]["label"] for n in ranked[max_nodes:]))
    omitted_edges = network.number_of_edges() - kept.number_of_edges()
    return View(kept, view.title, view.focus, omitted, omitted_edges, list(view.notes), dict(view.omitted_links))


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
        #: Labels and sources, by the rules of :mod:`kg.graph_facts`.
        self.facts = GraphFacts(store)
        self._labelled: set[str] = set()
        self._vocabulary: dict[str, bool] = {}
        self._nodes: dict[str, bool] = {}
        self._type_styles: dict[str, dict[str, str]] | None = None
        self._type_iris: dict[str, str] = {}
        self._licences: dict[str, str] | None = None

    def looked_at(self) -> set[str]:
        """The IRIs this index has read anything about (so far)."""
        return self._labelled | set(self._vocabulary) | set(self._nodes)

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

    def label_of(self, iri: str) -> str:
        """:meth:`kg.graph_facts.GraphFacts.label_of`."""
        self._labelled.add(iri)
        return self.facts.label_of(iri)

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
                    or next(self._quads(None, RDF_TYPE, node), None) is not None
                )
            self._vocabulary[iri] = found
        return self._vocabulary[iri]

    def source(self, graph: str | None) -> str:
        """:meth:`kg.graph_facts.GraphFacts.source_of`."""
        return self.facts.source_of(graph)

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

    def neighbours(self, iri: str) -> Iterator[str]:
        """The nodes one edge away from the node ``iri``, out then in (repeats possible)."""
        yield from self.edges_out(iri)
        yield from self.edges_in(iri)

    def type_styles(self) -> dict[str, dict[str, str]]:
        """:func:`type_styles` of the labels of every class used outside the meta graphs."""
        if self._type_styles is not None:
            return self._type_styles
        rows = self.store.query(_CLASSES_QUERY, use_default_graph_as_union=True)
        assert isinstance(rows, ox.QuerySolutions)
        classes = [c for row in rows if isinstance(c := row["class"], ox.NamedNode | ox.Literal)]
        used = [c.value for c in classes if next(self._quads(None, RDF_TYPE, c), None) is not None]
        self._type_styles = type_styles(used, self.label_of)
        self._type_iris = type_iris(used, self.label_of)
        return self._type_styles

    def licences(self) -> dict[str, str]:
        """:func:`source_licences` of the store (read once)."""
        if self._licences is None:
            self._licences = source_licences(self.store, self.source)
        return self._licences

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
        edges: dict[tuple[str, str, str], set[str | None]] = defaultdict(set)
        for iri in collected:
            for quad in self._quads(ox.NamedNode(iri)):
                obj = quad.object
                if isinstance(obj, ox.NamedNode | ox.Literal):
                    triple = (iri, quad.predicate.value, obj, _graph_of(quad))
                    _add_triple(collected, edges, self, triple, keep=wanted.__contains__)
        by_ends = sorted(edges.items(), key=lambda item: (item[0][0], item[0][2], item[0][1]))
        network = _assemble(collected, dict(by_ends), self)
        network.graph["type_styles"] = dict(self.type_styles())
        network.graph["type_iris"] = dict(self._type_iris)
        network.graph["licences"] = dict(self.licences())
        return network


def local_neighbourhood(
    store: ox.Store | StoreIndex, focus: str | Sequence[str], depth: int = 1, max_nodes: int | None = None
) -> View:
    """:func:`neighbourhood` (then :func:`bound` to ``max_nodes`` when given) read from the store's
    indexes: only the nodes within ``depth`` hops are looked at, and only those kept in full."""
    index = store if isinstance(store, StoreIndex) else StoreIndex(store)
    return index.view_of(*_neighbourhood_nodes(index, focus, depth), max_nodes)


def local_class_view(store: ox.Store | StoreIndex, class_iri: str, max_nodes: int | None = None) -> View:
    """:func:`class_view` (then :func:`bound` to ``max_nodes`` when given) read from the store's
    indexes: only the classes and members shown are looked at, and only those kept in full."""
    index = store if isinstance(store, StoreIndex) else StoreIndex(store)
    return index.view_of(*_class_nodes(index, class_iri), max_nodes)


def resolve_node(
    store: ox.Store, network: nx.MultiDiGraph | StoreIndex | None, text: str, names: NameIndex | None = None
) -> str:
    """The node a user's name (label, synonym, brand, CURIE, IRI, external ID) stands for.

    ``network`` says what is drawn: a built network, or a :class:`StoreIndex` (``None``: the
    store's own index) that answers without building one. A one-line :class:`InputError` (with
    close matches) when the name names nothing drawn.
    """
    from kg.analysis.names import NameIndex

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
    indexes (:func:`local_neighbourhood`, :func:`local_class_view`); the chains between two
    entities (``explain``: :func:`connecting_paths`) or the whole graph builds the whole network
    (:func:`build_network`).
    """
    from kg.analysis.names import NameIndex

    chosen = [name for name, value in (("focus", focus), ("class", drug_class), ("explain", explain)) if value]
    if len(chosen) > 1:
        raise InputError(f"choose one of focus, class and explain, not {' and '.join(chosen)}")
    if max_nodes < 1:
        raise InputError(f"max-nodes must be 1 or more, not {max_nodes}")
    index = StoreIndex(store) if network is None and (focus or drug_class) else None
    names = NameIndex(store, index.facts if index is not None else None) if chosen else None
    if index is not None:
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
        view = connecting_paths(network, source, target)
    else:
        view = whole(network)
    return bound(view, max_nodes)
