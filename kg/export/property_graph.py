"""The graph as entities and relations (a property graph), shared by the GraphML and KGX writers.

- An **entity** is an IRI or blank node that facts are stated about or point to. Its
  ``rdf:type`` values become its types, its literal values become attributes, and its
  ``skos:exactMatch``/``skos:closeMatch`` targets become cross-references (a match to another
  drugkg entity, a curated mapping, stays a relation). A document it
  refers to (``rdfs:seeAlso``, such as the label or paper behind a DrugCentral target action) is
  an attribute holding the document's address (an ``xsd:anyURI`` value), not an entity.
- A **relation** is a fact whose object is an entity: one edge per (subject, predicate, object),
  with the source sections it is stated in and the rules that inferred it.
- An ``owl:NegativePropertyAssertion`` becomes a *negated* edge rather than a node.
- The vocabulary, source and rule descriptions are not entities; they supply labels, the class
  hierarchy and provenance. The package's own ontology is always consulted too, so files given
  with ``--graph`` that lack it still get labels and types right.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox

from kg import graph_facts
from kg.export.selection import ExportData
from kg.graph_facts import META_GRAPHS, Term, curie, is_inferred_graph, least_label
from kg.namespaces import GRAPH_ONTOLOGY, PREFIXES
from kg.paths import ONTOLOGY_FILE

__all__ = ["Edge", "Node", "PropertyGraph", "Schema", "curie", "package_schema", "property_graph"]

_RDFS = PREFIXES["rdfs"]
_OWL = PREFIXES["owl"]
# The IRIs of kg.graph_facts' terms as str: the keys of Node.literals and of the schema's
# alignments (the GraphML, KGX and Biolink writers import some of them from here).
RDF_TYPE = graph_facts.RDF_TYPE.value
RDFS_LABEL = graph_facts.RDFS_LABEL.value
SKOS_PREF_LABEL = graph_facts.SKOS_PREF_LABEL.value
SKOS_DEFINITION = graph_facts.SKOS_DEFINITION.value
SKOS_EXACT_MATCH = graph_facts.SKOS_EXACT_MATCH.value
SKOS_CLOSE_MATCH = graph_facts.SKOS_CLOSE_MATCH.value
RDFS_SUBCLASS_OF = _RDFS + "subClassOf"
RDFS_SUBPROPERTY_OF = _RDFS + "subPropertyOf"
SKOS_BROAD_MATCH = graph_facts.SKOS_BROAD_MATCH.value
RDFS_SEE_ALSO = graph_facts.RDFS_SEE_ALSO.value
_DK = PREFIXES["dk"]
_ANY_URI = ox.NamedNode(PREFIXES["xsd"] + "anyURI")
_LABEL_PREDICATES = (RDFS_LABEL, SKOS_PREF_LABEL)
_XREF_PREDICATES = (SKOS_EXACT_MATCH, SKOS_CLOSE_MATCH)
#: Vocabulary alignments the schema keeps (a broader external term is true of every fact too).
_ALIGNMENT_PREDICATES = (*_XREF_PREDICATES, SKOS_BROAD_MATCH)
_NPA_SOURCE = _OWL + "sourceIndividual"
_NPA_PROPERTY = _OWL + "assertionProperty"
_NPA_TARGET = _OWL + "targetIndividual"


def node_id(term: Term | ox.DefaultGraph) -> str:
    """The id of an entity: its IRI, or ``_:label`` for a blank node (a quoted triple: its text).

    Writers show ids by :func:`~kg.graph_facts.curie`, which leaves a blank node's id as it is:

    >>> [curie(node_id(t)) for t in (ox.NamedNode("http://purl.obolibrary.org/obo/CHEBI_3756"), ox.BlankNode("c14n0"))]
    ['CHEBI:3756', '_:c14n0']
    """
    if isinstance(term, ox.NamedNode):
        return term.value
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else str(term)


@dataclass
class Schema:
    """What the vocabulary says: labels, class and property hierarchy, alignments."""

    #: Per label predicate (``rdfs:label``, ``skos:prefLabel``): the least label of each term so far.
    labels: dict[str, dict[str, str]] = field(default_factory=lambda: {p: {} for p in _LABEL_PREDICATES})
    definitions: dict[str, str] = field(default_factory=dict)
    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    alignments: dict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))

    def add(self, s: str, p: str, o: Term) -> None:
        """Take in one triple if it is about the vocabulary."""
        if p in _LABEL_PREDICATES and isinstance(o, ox.Literal):
            known = self.labels[p].get(s)
            self.labels[p][s] = o.value if known is None else min(known, o.value)
        elif p == SKOS_DEFINITION and isinstance(o, ox.Literal):
            self.definitions.setdefault(s, o.value)
        elif p in (RDFS_SUBCLASS_OF, RDFS_SUBPROPERTY_OF) and isinstance(o, ox.NamedNode):
            self.parents[s].add(o.value)
        elif p in _ALIGNMENT_PREDICATES and isinstance(o, ox.NamedNode):
            self.alignments[s][p].add(o.value)

    def ancestors(self, iri: str) -> list[str]:
        """Super-classes (or super-properties) of ``iri``, nearest first, without ``iri``."""
        seen: list[str] = []
        frontier = sorted(self.parents.get(iri, ()))
        while frontier:
            next_frontier: list[str] = []
            for parent in frontier:
                if parent != iri and parent not in seen:
                    seen.append(parent)
                    next_frontier.extend(sorted(self.parents.get(parent, ())))
            frontier = next_frontier
        return seen

    def most_specific(self, types: set[str]) -> list[str]:
        """The types in ``types`` that no other type in it is a subclass of, sorted."""
        implied = {ancestor for t in types for ancestor in self.ancestors(t)}
        return sorted(types - implied)

    def label(self, iri: str) -> str:
        """The label of ``iri`` by the rule of :mod:`kg.graph_facts` (least ``rdfs:label``, else
        least ``skos:prefLabel``, else the CURIE)."""
        for predicate in _LABEL_PREDICATES:
            label = self.labels[predicate].get(iri)
            if label is not None:
                return label
        return curie(iri)


@cache
def package_schema() -> Schema:
    """The schema read from the package's ``ontology/drugkg.ttl``."""
    schema = Schema()
    for triple in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE):
        if isinstance(triple.subject, ox.NamedNode):
            schema.add(triple.subject.value, triple.predicate.value, triple.object)
    return schema


@dataclass
class Node:
    """One entity."""

    id: str
    types: set[str] = field(default_factory=set)
    literals: dict[str, list[ox.Literal]] = field(default_factory=lambda: defaultdict(list))
    xrefs: set[str] = field(default_factory=set)
    #: The ``skos:exactMatch`` targets among ``xrefs``.
    exact_matches: set[str] = field(default_factory=set)

    @property
    def label(self) -> str | None:
        """Its label by the rule of :mod:`kg.graph_facts` (least ``rdfs:label``, else least
        ``skos:prefLabel``), if it has any."""
        for predicate in _LABEL_PREDICATES:
            label = least_label(v.value for v in self.literals.get(predicate, ()))
            if label is not None:
                return label
        return None

    @property
    def description(self) -> str | None:
        """Its ``skos:definition``, if any."""
        values = sorted(v.value for v in self.literals.get(SKOS_DEFINITION, ()))
        return values[0] if values else None


@dataclass(frozen=True)
class Edge:
    """One relation: subject, predicate, object, where it is stated and what inferred it."""

    subject: str
    predicate: str
    object: str
    #: Named graphs (source sections) that assert it.
    sources: tuple[str, ...] = ()
    #: Inferred graphs that hold it.
    inferred_by: tuple[str, ...] = ()
    #: Asserted somewhere (in a source graph or the default graph).
    asserted: bool = True
    negated: bool = False

    @property
    def inferred(self) -> bool:
        """Only inferred, never asserted."""
        return not self.asserted


@dataclass
class PropertyGraph:
    """Entities and relations, with the schema that names them."""

    nodes: dict[str, Node]
    edges: list[Edge]
    schema: Schema

    def types_of(self, node: Node) -> list[str]:
        """The most specific types of ``node``, sorted."""
        return self.schema.most_specific(node.types)


def _merge_schema(data: ExportData) -> Schema:
    """The package schema plus the labels, hierarchy and vocabulary alignments found in ``data``."""
    schema = copy.deepcopy(package_schema())
    ontology_graph = str(GRAPH_ONTOLOGY)
    for quad in data.quads:
        if not isinstance(quad.subject, ox.NamedNode):
            continue
        p = quad.predicate.value
        in_ontology = isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value == ontology_graph
        if p in (*_LABEL_PREDICATES, RDFS_SUBCLASS_OF, RDFS_SUBPROPERTY_OF) or (
            in_ontology and p in _ALIGNMENT_PREDICATES
        ):
            schema.add(quad.subject.value, p, quad.object)
    return schema


@dataclass
class _Provenance:
    """Where one relation was found, gathered quad by quad."""

    sources: set[str] = field(default_factory=set)
    rules: set[str] = field(default_factory=set)
    asserted: bool = False

    def record(self, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> None:
        if is_inferred_graph(graph):
            self.rules.add(graph.value)  # type: ignore[union-attr]
            return
        self.asserted = True
        if not isinstance(graph, ox.DefaultGraph):
            self.sources.add(node_id(graph))

    def edge(self, key: tuple[str, str, str], *, negated: bool = False) -> Edge:
        return Edge(*key, tuple(sorted(self.sources)), tuple(sorted(self.rules)), self.asserted, negated)


def property_graph(data: ExportData) -> PropertyGraph:
    """Entities and relations of ``data`` (see the module docstring for the rules)."""
    schema = _merge_schema(data)
    nodes: dict[str, Node] = {}
    stated: dict[tuple[str, str, str], _Provenance] = {}
    negative: dict[str, dict[str, str]] = defaultdict(dict)
    negative_provenance: dict[str, _Provenance] = defaultdict(_Provenance)

    def node(term: Term) -> Node:
        key = node_id(term)
        if key not in nodes:
            nodes[key] = Node(key)
        return nodes[key]

    negative_subjects = {
        node_id(q.subject)
        for q in data.quads
        if q.predicate == graph_facts.RDF_TYPE and q.object == graph_facts.OWL_NEGATIVE_PROPERTY_ASSERTION
    }
    for quad in data.quads:
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode) and graph.value in META_GRAPHS:
            continue
        s, p, o = quad.subject, quad.predicate.value, quad.object
        if node_id(s) in negative_subjects:
            if p in (_NPA_SOURCE, _NPA_PROPERTY, _NPA_TARGET) and not isinstance(o, ox.Literal):
                negative[node_id(s)][p] = node_id(o)
                negative_provenance[node_id(s)].record(graph)
            continue
        if p == RDF_TYPE and isinstance(o, ox.NamedNode):
            node(s).types.add(o.value)
        elif isinstance(o, ox.Literal):
            node(s).literals[p].append(o)
        elif p == RDFS_SEE_ALSO and isinstance(o, ox.NamedNode):
            node(s).literals[p].append(ox.Literal(o.value, datatype=_ANY_URI))
        elif p in _XREF_PREDICATES and isinstance(o, ox.NamedNode) and not o.value.startswith(_DK):
            node(s).xrefs.add(o.value)
            if p == SKOS_EXACT_MATCH:
                node(s).exact_matches.add(o.value)
        else:
            node(s)
            node(o)
            stated.setdefault((node_id(s), p, node_id(o)), _Provenance()).record(graph)
    edges = [provenance.edge(key) for key, provenance in stated.items()]
    for subject, parts in negative.items():
        if {_NPA_SOURCE, _NPA_PROPERTY, _NPA_TARGET} <= parts.keys():
            key = (parts[_NPA_SOURCE], parts[_NPA_PROPERTY], parts[_NPA_TARGET])
            for end in (key[0], key[2]):
                nodes.setdefault(end, Node(end))
            edges.append(negative_provenance[subject].edge(key, negated=True))
    edges.sort(key=lambda e: (e.subject, e.predicate, e.object, e.negated))
    return PropertyGraph(dict(sorted(nodes.items())), edges, schema)
