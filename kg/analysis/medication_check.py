"""Medication check: interaction, duplicate-therapy and activity warnings for a list of drugs, each
with the chain of asserted facts behind it and the source of every step.

A drug inherits what is stated of its classes: clonazepam is a member of the benzodiazepines, and
benzodiazepines are a kind of CNS depressant, so an interaction stated for CNS depressants concerns
clonazepam. The chain is built from asserted facts only (never from the inferred graphs), over a
graph (:class:`kg.analysis.hierarchy.Links`) of the asserted ``memberOf`` and ``kindOf`` links, so
each step can cite its source.
Only the links above the listed drugs are read, and labels one entity at a time: apart from name
resolution and the list of sources the check consulted (one query over the interaction nodes), what a
check reads grows with the drugs' classes, not with the store.

Duplicate therapy is reported only for a shared *therapeutic* class (``dkv:TherapeuticClass``: the
SSRIs, the benzodiazepines...), never for a broad effect class such as the CNS depressants, which
two drugs share because they interact, not because one duplicates the other, nor for an imported
class the curated mappings record as only a close match of a curated one (the FDA class Opioid
Agonist, which lists loperamide).

One verdict per pair: every interaction node that reaches a pair (by one mechanism, where a source
states it) is one warning, with the gravest severity and every path under it. An interaction with a
broad class ("clonazepam with other CNS depressants") is not reached through a therapeutic class
both drugs share: two benzodiazepines are a duplicate therapy, not an interaction.

User text never reaches SPARQL: names are resolved in Python by :class:`kg.analysis.names.NameIndex` and the
resulting IRIs are passed to fixed queries as bindings.

>>> from kg.compile.pipeline import open_built_store
>>> report = check(open_built_store(), ["Klonopin", "oxycodone"])
>>> (warning,) = report.interactions  # one verdict for the pair, every path that reaches it under it
>>> [p.interaction.curie for p in warning.paths]  # doctest: +NORMALIZE_WHITESPACE
['dk:interaction-clonazepam-opioids', 'dk:interaction-clonazepam-cns-depressants',
 'dk:interaction-opioids-benzodiazepines', 'dk:interaction-opioids-cns-depressants']
>>> [w.drug_class.curie for w in check(open_built_store(), ["Zoloft", "Prozac"]).duplicate_therapy]
['dk:ssri']
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.analysis.hierarchy import Links
from kg.analysis.names import NameIndex
from kg.errors import InputError
from kg.graph_facts import GraphFacts, curie, is_inferred_graph
from kg.namespaces import DKV, PREFIXES
from kg.query.engine import select_rows
from kg.terminal import printable

__all__ = [
    "ActivityWarning",
    "CheckGraph",
    "CheckReport",
    "CheckedDrug",
    "DuplicateTherapyWarning",
    "Entity",
    "InteractionPath",
    "InteractionWarning",
    "Step",
    "check",
    "check_on",
    "format_report",
]

_PREFIX_LINES = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("dkv", "rdf", "rdfs", "dcterms"))

#: Asserted class links (member of, kind of) out of ?s (bound to one entity), with the graph that
#: states each. Facts in the default graph (an RDF file without named graphs given with --graph)
#: come back with ?g unbound.
HIERARCHY_QUERY = (
    _PREFIX_LINES
    + """
SELECT ?s ?p ?o ?g WHERE {
  VALUES ?p { dkv:memberOf dkv:kindOf }
  { GRAPH ?g { ?s ?p ?o } }
  UNION
  { ?s ?p ?o . FILTER NOT EXISTS { GRAPH ?any { ?s ?p ?o } } }
}
"""
)
#: Interaction nodes (?linked) in which ?entity takes part, with the graph of that participation.
#: The type is a filter, not a pattern, so the engine starts from ?entity's participations, not
#: from every interaction of the store.
INTERACTIONS_QUERY = (
    _PREFIX_LINES
    + """
SELECT ?entity ?linked ?g WHERE {
  { GRAPH ?g { ?linked dkv:participant ?entity } }
  UNION
  { ?linked dkv:participant ?entity . FILTER NOT EXISTS { GRAPH ?any { ?linked dkv:participant ?entity } } }
  FILTER EXISTS { ?linked rdf:type dkv:DrugInteraction }
}
"""
)
#: Everything about one interaction node: participants, outcomes, severity, contraindication.
_INTERACTION_DETAIL_QUERY = (
    _PREFIX_LINES
    + """
SELECT ?interaction ?participant ?outcome ?severity ?contraindicated ?mechanism WHERE {
  { ?interaction dkv:participant ?participant }
  UNION { ?interaction dkv:hasOutcome ?outcome }
  UNION { ?interaction dkv:severity ?severity }
  UNION { ?interaction dkv:contraindicated ?contraindicated }
  UNION { ?interaction dkv:interactionMechanism ?mechanism }
}
"""
)
#: The graphs that state interaction participations, with the source document of each (if described):
#: what a check consults for interactions, whatever the listed drugs.
INTERACTION_SOURCES_QUERY = (
    _PREFIX_LINES
    + """
SELECT DISTINCT ?g ?document WHERE {
  { GRAPH ?g { ?interaction dkv:participant ?participant } }
  UNION
  { ?interaction dkv:participant ?participant .
    FILTER NOT EXISTS { GRAPH ?any { ?interaction dkv:participant ?participant } } }
  FILTER EXISTS { ?interaction rdf:type dkv:DrugInteraction }
  OPTIONAL { ?g dcterms:isPartOf ?document }
}
"""
)
#: Activities (?linked) ?entity makes unsafe, with the graph that states it.
UNSAFE_ACTIVITIES_QUERY = (
    _PREFIX_LINES
    + """
SELECT ?entity ?linked ?g WHERE {
  { GRAPH ?g { ?entity dkv:makesUnsafe ?linked } }
  UNION
  { ?entity dkv:makesUnsafe ?linked . FILTER NOT EXISTS { GRAPH ?any { ?entity dkv:makesUnsafe ?linked } } }
}
"""
)
_TYPES_QUERY = _PREFIX_LINES + "SELECT ?entity ?type WHERE { ?entity rdf:type ?type }\n"
#: Whether the curated mappings (a section of the drugkg mappings document) record ?entity as only a
#: close or narrower match of another class: a class that lists drugs of other kinds or uses.
_CLOSE_MATCH_QUERY = (
    _PREFIX_LINES
    + """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dks: <https://w3id.org/drugkg/source/>
SELECT ?entity WHERE {
  VALUES ?p { skos:closeMatch skos:narrowMatch }
  GRAPH ?g { ?entity ?p ?other }
  ?g dcterms:isPartOf dks:drugkg-mappings .
}
LIMIT 1
"""
)
#: Severities from the highest down; the severity of a merged warning is the highest of its paths.
SEVERITY_RANK = ("life-threatening", "serious")

#: What a name given to ``check`` must be: a drug, a substance or a drug class.
_CHECKABLE_TYPES = frozenset(str(t) for t in (DKV.Drug, DKV.Substance, DKV.DrugClass, DKV.ChemicalOrDrugClass))

#: What every report says about the pairs it has no interaction for.
ABSENCE_NOTE = (
    "absence of a warning is not evidence of safety: the check knows only what these sources state, "
    "and considers no doses, timing or patient"
)


@dataclass(frozen=True, order=True)
class Entity:
    """A node of the graph as shown to the user: IRI, CURIE and label."""

    iri: str
    label: str

    @property
    def curie(self) -> str:
        return curie(self.iri)

    def to_json(self) -> dict[str, str]:
        return {"iri": self.iri, "curie": self.curie, "label": self.label}


@dataclass(frozen=True)
class Step:
    """One asserted fact of a chain, with the sources (section and document) that state it."""

    subject: Entity
    predicate: Entity
    object: Entity
    sources: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject.to_json(),
            "predicate": self.predicate.to_json(),
            "object": self.object.to_json(),
            "sources": list(self.sources),
        }

    def __str__(self) -> str:
        return f"{self.subject.label} -{self.predicate.label}-> {self.object.label}   [{'; '.join(self.sources)}]"


@dataclass(frozen=True)
class CheckedDrug:
    """A name from the medication list and the entity it resolved to."""

    name: str
    entity: Entity
    matched_by: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "matched_by": self.matched_by, **self.entity.to_json()}


@dataclass(frozen=True)
class InteractionPath:
    """One interaction node whose two sides cover the two drugs, with its shortest chain."""

    interaction: Entity
    outcomes: tuple[Entity, ...]
    severity: str
    chain: tuple[Step, ...]
    #: The source says the two must not be used together at all (``dkv:contraindicated true``).
    contraindicated: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "interaction": self.interaction.to_json(),
            "outcomes": [o.to_json() for o in self.outcomes],
            "severity": self.severity,
            "contraindicated": self.contraindicated,
            "chain": [s.to_json() for s in self.chain],
        }


@dataclass(frozen=True)
class InteractionWarning:
    """Two drugs of the list fall under the two sides of known interactions: one verdict per pair and
    mechanism, merging every path that reaches the pair.

    ``interaction``, ``severity`` and ``chain`` are those of the first path (the highest severity,
    contraindicated first, then the shortest chain); ``outcomes`` are the union of the paths'
    outcomes; ``contraindicated`` is true if any path's source forbids the combination; ``paths``
    holds every path, the first included.
    """

    drugs: tuple[Entity, Entity]
    interaction: Entity
    outcomes: tuple[Entity, ...]
    severity: str
    chain: tuple[Step, ...]
    contraindicated: bool = False
    paths: tuple[InteractionPath, ...] = ()
    #: How the interaction comes about, where a source says so (``dkv:interactionMechanism``).
    mechanism: Entity | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "drugs": [d.to_json() for d in self.drugs],
            "interaction": self.interaction.to_json(),
            "outcomes": [o.to_json() for o in self.outcomes],
            "severity": self.severity,
            "contraindicated": self.contraindicated,
            "chain": [s.to_json() for s in self.chain],
            "mechanism": self.mechanism.to_json() if self.mechanism else None,
            "chains": [p.to_json() for p in self.paths],
        }


@dataclass(frozen=True)
class DuplicateTherapyWarning:
    """Two drugs of the list belong to one therapeutic drug class (the most specific shared one)."""

    drugs: tuple[Entity, Entity]
    drug_class: Entity
    chain: tuple[Step, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "drugs": [d.to_json() for d in self.drugs],
            "class": self.drug_class.to_json(),
            "chain": [s.to_json() for s in self.chain],
        }


@dataclass(frozen=True)
class ActivityWarning:
    """A drug of the list, or one of its classes, makes an activity unsafe."""

    drug: Entity
    activity: Entity
    chain: tuple[Step, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "drug": self.drug.to_json(),
            "activity": self.activity.to_json(),
            "chain": [s.to_json() for s in self.chain],
        }


@dataclass
class CheckReport:
    """All warnings for one medication list."""

    drugs: list[CheckedDrug]
    interactions: list[InteractionWarning] = field(default_factory=list)
    duplicate_therapy: list[DuplicateTherapyWarning] = field(default_factory=list)
    activities_to_avoid: list[ActivityWarning] = field(default_factory=list)
    #: The pairs of the list for which no interaction is known (in list order).
    pairs_without_interaction: list[tuple[Entity, Entity]] = field(default_factory=list)
    #: The sources of the interactions the check consulted (documents, else sections), sorted.
    interaction_sources: list[str] = field(default_factory=list)

    @property
    def warning_count(self) -> int:
        return len(self.interactions) + len(self.duplicate_therapy) + len(self.activities_to_avoid)

    def to_json(self) -> dict[str, Any]:
        return {
            "drugs": [d.to_json() for d in self.drugs],
            "interactions": [w.to_json() for w in self.interactions],
            "duplicate_therapy": [w.to_json() for w in self.duplicate_therapy],
            "activities_to_avoid": [w.to_json() for w in self.activities_to_avoid],
            "warning_count": self.warning_count,
            "coverage": {
                "pairs_without_interaction": [[a.to_json(), b.to_json()] for a, b in self.pairs_without_interaction],
                "interaction_sources": list(self.interaction_sources),
                "note": ABSENCE_NOTE,
            },
        }


class CheckGraph:
    """The facts a check needs, read on demand with fixed queries; IRIs go in as bindings.

    Nothing is read for the whole store: a label is looked up (through :attr:`facts`) when an
    entity is shown, and the hierarchy is explored upward from each checked entity only. Each
    node's outgoing links are added to :attr:`hierarchy` in sorted (predicate, object, graph) order,
    the order a whole-graph read sorted by (subject, predicate, object, graph) gives them, so
    shortest paths and their ties come out the same as over the whole hierarchy.
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        #: Labels and sources, by the rules of :mod:`kg.graph_facts`.
        self.facts = GraphFacts(store)
        self._paths: dict[str, dict[str, list[str]]] = {}
        self._explored: set[str] = set()
        #: Asserted member-of / kind-of links above the entities explored so far; an edge keeps the
        #: first predicate seen for its (subject, object) pair and every graph stating either.
        self.hierarchy = Links()

    def entity(self, iri: str) -> Entity:
        return Entity(iri, self.facts.label_of(iri))

    def sources(self, graphs: Iterable[str | None]) -> tuple[str, ...]:
        """Readable provenance of the graphs that state a fact (None: the default graph)."""
        return tuple(self.facts.source_of(graph) for graph in sorted(graphs, key=lambda g: g or ""))

    def types(self, iri: str) -> set[str]:
        rows = select_rows(self.store, _TYPES_QUERY, {"entity": ox.NamedNode(iri)})
        return {row["type"].value for row in rows}

    def is_therapeutic_class(self, iri: str) -> bool:
        """Whether ``iri`` is a therapeutic drug class (stated or inferred), the only kind of class
        that makes two of its members duplicate therapy."""
        return str(DKV.TherapeuticClass) in self.types(iri)

    def is_close_match_only(self, iri: str) -> bool:
        """Whether the curated mappings record ``iri`` as only a close or narrower match of another
        class (the FDA class Opioid Agonist, which lists loperamide): sharing it is no duplicate."""
        return any(True for _ in select_rows(self.store, _CLOSE_MATCH_QUERY, {"entity": ox.NamedNode(iri)}))

    def interaction_sources(self) -> list[str]:
        """Who states the interactions a check consults: each source document's label (a graph that
        is no described section: its source as :meth:`sources` reads it), sorted. A whole-graph
        query, so kept beside an on-disk store once worked out (:func:`kg.stores.remembered`)."""
        from kg.stores import remembered

        return remembered(self.store, "interaction-sources", self._interaction_sources)

    def _interaction_sources(self) -> list[str]:
        found = set()
        for row in select_rows(self.store, INTERACTION_SOURCES_QUERY, {}):
            graph = _graph(row)
            if is_inferred_graph(graph):
                continue
            document = row["document"]
            if isinstance(document, ox.NamedNode):
                found.add(self.facts.label_of(document.value))
            else:
                found.add(self.facts.source_of(graph))
        return sorted(found)

    def add_link(self, subject: str, predicate: str, obj: str, graph: str | None) -> bool:
        """Add one asserted link to :attr:`hierarchy` (an inferred one is left out); True if it
        is a new edge."""
        if is_inferred_graph(graph):
            return False
        if self.hierarchy.has_edge(subject, obj):
            self.hierarchy.edges[subject, obj]["graphs"].add(graph)
            return False
        self.hierarchy.add_edge(subject, obj, predicate=predicate, graphs={graph})
        return True

    def _explore(self, iri: str) -> None:
        """Add the asserted links above ``iri``, transitively, to :attr:`hierarchy`."""
        pending = [iri]
        while pending:
            node = pending.pop()
            if node in self._explored:
                continue
            self._explored.add(node)
            rows = sorted(
                (row["p"].value, row["o"].value, _graph(row))
                for row in select_rows(self.store, HIERARCHY_QUERY, {"s": ox.NamedNode(node)})
                if isinstance(row["o"], ox.NamedNode)
            )
            pending += [o for p, o, g in rows if self.add_link(node, p, o, g)]

    def paths_up(self, iri: str) -> dict[str, list[str]]:
        """For the entity and every class above it: the shortest path of asserted links to it."""
        if iri not in self._paths:
            self._explore(iri)
            if iri in self.hierarchy:
                self._paths[iri] = self.hierarchy.shortest_paths_from(iri)
            else:
                self._paths[iri] = {iri: [iri]}
        return self._paths[iri]

    def chain(self, path: list[str]) -> list[Step]:
        """The asserted member-of / kind-of steps along a path of the hierarchy."""
        steps = []
        for s, o in itertools.pairwise(path):
            edge = self.hierarchy.edges[s, o]
            steps.append(
                Step(self.entity(s), self.entity(edge["predicate"]), self.entity(o), self.sources(edge["graphs"]))
            )
        return steps

    def asserted_links(self, query: str, iri: str) -> dict[str, set[str | None]]:
        """What ``query`` (one of this module's, with ``?entity`` bound to ``iri``) links ``iri`` to
        by asserted facts (its ``?linked``), with the graphs stating each link."""
        found: dict[str, set[str | None]] = {}
        for row in select_rows(self.store, query, {"entity": ox.NamedNode(iri)}):
            graph = _graph(row)
            if not is_inferred_graph(graph):
                found.setdefault(row["linked"].value, set()).add(graph)
        return found

    def interactions_of(self, iri: str) -> dict[str, set[str | None]]:
        """Interaction nodes ``iri`` takes part in (asserted), with the graphs stating it."""
        return self.asserted_links(INTERACTIONS_QUERY, iri)

    def unsafe_activities_of(self, iri: str) -> dict[str, set[str | None]]:
        """Activities ``iri`` is asserted to make unsafe, with the graphs stating it."""
        return self.asserted_links(UNSAFE_ACTIVITIES_QUERY, iri)

    def interaction_detail(self, iri: str) -> tuple[set[str], list[Entity], str, bool, str | None]:
        """Participants, outcomes (sorted), severity, contraindication and mechanism (if stated) of
        one interaction node."""
        participants: set[str] = set()
        outcomes: set[str] = set()
        severities: set[str] = set()
        mechanisms: set[str] = set()
        contraindicated = False
        rows = select_rows(self.store, _INTERACTION_DETAIL_QUERY, {"interaction": ox.NamedNode(iri)})
        for row in rows:
            if row["participant"] is not None:
                participants.add(row["participant"].value)
            if row["outcome"] is not None:
                outcomes.add(row["outcome"].value)
            if row["severity"] is not None:
                severities.add(row["severity"].value)
            if row["contraindicated"] is not None:
                contraindicated = contraindicated or row["contraindicated"].value in {"true", "1"}
            if row["mechanism"] is not None:
                mechanisms.add(row["mechanism"].value)
        shown = sorted((self.entity(o) for o in outcomes), key=lambda e: (e.label, e.iri))
        severity = ", ".join(sorted(severities)) or "unspecified"
        return participants, shown, severity, contraindicated, min(mechanisms, default=None)


def _graph(row: ox.QuerySolution) -> str | None:
    graph = row["g"]
    return graph.value if isinstance(graph, ox.NamedNode) else None


def resolve_drugs(store: ox.Store, names: Sequence[str], graph: CheckGraph | None = None) -> list[CheckedDrug]:
    """Resolve every name; one :class:`InputError` line listing every name that failed."""
    if not names:
        raise InputError("no drug names given")
    graph = graph or CheckGraph(store)
    index = NameIndex(store, graph.facts)
    drugs: list[CheckedDrug] = []
    errors: list[str] = []
    for name in names:
        try:
            resolved = index.resolve(name)
        except InputError as error:
            errors.append(str(error))
            continue
        if not graph.types(resolved.iri) & _CHECKABLE_TYPES:
            errors.append(
                f"{name.strip()!r} names {resolved.label} ({resolved.curie}), which is not a drug or substance"
            )
            continue
        if all(d.entity.iri != resolved.iri for d in drugs):
            drugs.append(CheckedDrug(name, graph.entity(resolved.iri), resolved.matched_by))
    if errors:
        raise InputError("; ".join(errors))
    return drugs


def check(store: ox.Store, names: Sequence[str]) -> CheckReport:
    """Warnings for the medication list ``names`` (labels, synonyms, brand names, CURIEs or IDs)."""
    return check_on(CheckGraph(store), names)


def check_on(graph: CheckGraph, names: Sequence[str]) -> CheckReport:
    """The check of ``names`` over ``graph`` (tests pass a whole-graph reference here)."""
    drugs = resolve_drugs(graph.store, names, graph)
    report = CheckReport(drugs)
    paths = {d.entity.iri: graph.paths_up(d.entity.iri) for d in drugs}
    for first, second in itertools.combinations(drugs, 2):
        interactions = _interactions(graph, first.entity, second.entity, paths)
        report.interactions += interactions
        if not interactions:
            report.pairs_without_interaction.append((first.entity, second.entity))
        # Only therapeutic classes count: clonazepam and oxycodone are both CNS depressants, and
        # that is the reason they interact, not a duplicate.
        report.duplicate_therapy += _duplicates(graph, first.entity, second.entity, paths)
    for drug in drugs:
        report.activities_to_avoid += _activities(graph, drug.entity, paths[drug.entity.iri])
    report.interaction_sources = graph.interaction_sources()
    return report


def _interactions(
    graph: CheckGraph, first: Entity, second: Entity, paths: dict[str, dict[str, list[str]]]
) -> list[InteractionWarning]:
    """One warning per pair and mechanism, merging every interaction node whose two sides cover the
    two drugs (each node with its shortest chain)."""
    up_first, up_second = _paths_between(graph, first, second, paths)
    nodes: dict[str, dict[str, set[str | None]]] = {}
    for above in sorted(set(up_first) | set(up_second)):
        for node, graphs in graph.interactions_of(above).items():
            nodes.setdefault(node, {})[above] = graphs
    found: dict[str | None, list[InteractionPath]] = {}
    for node in sorted(nodes):
        participants, outcomes, severity, contraindicated, mechanism = graph.interaction_detail(node)
        matches = [
            (len(up_first[x]) + len(up_second[y]), x, y)
            for x, y in itertools.product(sorted(participants), repeat=2)
            if x != y and x in up_first and y in up_second
        ]
        if not matches:
            continue
        _, x, y = min(matches)
        stated = graph.sources(nodes[node].get(x, set()) | nodes[node].get(y, set()))
        interacts = Step(graph.entity(x), graph.entity(str(DKV.interactsWith)), graph.entity(y), stated)
        chain = (*graph.chain(up_first[x]), *graph.chain(up_second[y]), interacts)
        path = InteractionPath(graph.entity(node), tuple(outcomes), severity, chain, contraindicated)
        found.setdefault(mechanism, []).append(path)
    return [
        _merged(graph, (first, second), found[mechanism], mechanism)
        for mechanism in sorted(found, key=lambda m: (m is not None, m or ""))
    ]


def _paths_between(
    graph: CheckGraph, first: Entity, second: Entity, paths: dict[str, dict[str, list[str]]]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The paths up from each drug of a pair that may reach a side of an interaction.

    An interaction stated with a broad class ("clonazepam with *other* CNS depressants", "opioids
    with other CNS depressants") is about drugs of another kind: a drug does not reach that class
    for this pair through a therapeutic class that both drugs share (diazepam is a CNS depressant
    only as a benzodiazepine, which clonazepam is too: a duplicate therapy, not an interaction). So
    the paths of each drug may end at a shared therapeutic class, but not go on above it.
    """
    up_first, up_second = paths[first.iri], paths[second.iri]
    shared = {c for c in (set(up_first) & set(up_second)) - {first.iri, second.iri} if graph.is_therapeutic_class(c)}
    if not shared:
        return up_first, up_second
    stop_at = frozenset(shared)
    return tuple(  # type: ignore[return-value]
        graph.hierarchy.shortest_paths_from(d.iri, stop_at) if d.iri in graph.hierarchy else {d.iri: [d.iri]}
        for d in (first, second)
    )


def _severity_rank(severity: str) -> int:
    """The rank of a severity (lower is graver); a node with several keeps its gravest."""
    ranks = [SEVERITY_RANK.index(s) for s in severity.split(", ") if s in SEVERITY_RANK]
    return min(ranks, default=len(SEVERITY_RANK))


def _merged(
    graph: CheckGraph, drugs: tuple[Entity, Entity], found: list[InteractionPath], mechanism: str | None
) -> InteractionWarning:
    """One warning for the paths that reach one pair by one mechanism: the gravest path first."""
    ordered = sorted(
        found,
        key=lambda p: (_severity_rank(p.severity), not p.contraindicated, len(p.chain), p.interaction.iri),
    )
    primary = ordered[0]
    outcomes = sorted({o for p in ordered for o in p.outcomes}, key=lambda e: (e.label, e.iri))
    return InteractionWarning(
        drugs,
        primary.interaction,
        tuple(outcomes),
        primary.severity,
        primary.chain,
        any(p.contraindicated for p in ordered),
        tuple(ordered),
        graph.entity(mechanism) if mechanism else None,
    )


def _duplicates(
    graph: CheckGraph, first: Entity, second: Entity, paths: dict[str, dict[str, list[str]]]
) -> list[DuplicateTherapyWarning]:
    """Drugs sharing a therapeutic class: one warning per most specific shared therapeutic class.

    A class the curated mappings record as only a close or narrower match of another (the FDA
    classes Opioid Agonist, which lists loperamide, and Serotonin Reuptake Inhibitor, which lists
    trazodone) says nothing of a shared therapy: the class it is close to says it, if both drugs
    are in that one."""
    if not (str(DKV.Drug) in graph.types(first.iri) and str(DKV.Drug) in graph.types(second.iri)):
        return []
    up_first, up_second = paths[first.iri], paths[second.iri]
    shared = {
        c
        for c in (set(up_first) & set(up_second)) - {first.iri, second.iri}
        if graph.is_therapeutic_class(c) and not graph.is_close_match_only(c)
    }
    specific = sorted(c for c in shared if not any(c in graph.paths_up(d) for d in shared - {c}))
    return [
        DuplicateTherapyWarning(
            (first, second), graph.entity(c), (*graph.chain(up_first[c]), *graph.chain(up_second[c]))
        )
        for c in specific
    ]


def _activities(graph: CheckGraph, drug: Entity, up: dict[str, list[str]]) -> list[ActivityWarning]:
    """Activities the drug or any class above it makes unsafe (shortest chain per activity)."""
    best: dict[str, tuple[int, str, set[str | None]]] = {}
    for above in sorted(up):
        for activity, graphs in graph.unsafe_activities_of(above).items():
            candidate = (len(up[above]), above, graphs)
            if activity not in best or candidate[:2] < best[activity][:2]:
                best[activity] = candidate
    warnings = []
    for activity, (_, above, graphs) in best.items():
        unsafe = Step(
            graph.entity(above), graph.entity(str(DKV.makesUnsafe)), graph.entity(activity), graph.sources(graphs)
        )
        warnings.append(ActivityWarning(drug, graph.entity(activity), (*graph.chain(up[above]), unsafe)))
    return sorted(warnings, key=lambda w: (w.activity.label, w.activity.iri))


def format_report(report: CheckReport) -> str:
    """Plain-text rendering for ``drugkg check --format table``."""
    names = ", ".join(
        d.entity.label
        if d.name.strip().casefold() == d.entity.label.casefold()
        else f"{d.name.strip()} = {d.entity.label}"
        for d in report.drugs
    )
    lines = [f"medication list: {names}"]

    def chain(steps: Iterable[Step], indent: str = "  ") -> None:
        lines.append(f"{indent}because:")
        lines.extend(f"{indent}  {n}. {step}" for n, step in enumerate(steps, 1))

    for w in report.interactions:
        contraindicated = "; contraindicated" if w.contraindicated else ""
        lines.append(f"INTERACTION {w.drugs[0].label} + {w.drugs[1].label}: {w.severity}{contraindicated}")
        lines.append(f"  outcomes: {', '.join(o.label for o in w.outcomes)}")
        if w.mechanism:
            lines.append(f"  mechanism: {w.mechanism.label}")
        lines.append(f"  interaction: {w.interaction.label} ({w.interaction.curie})")
        chain(w.chain)
        for path in w.paths[1:]:
            also = "; contraindicated" if path.contraindicated else ""
            lines.append(f"  also: {path.interaction.label} ({path.interaction.curie}): {path.severity}{also}")
            lines.append(f"    outcomes: {', '.join(o.label for o in path.outcomes)}")
            chain(path.chain, "    ")
    for duplicate in report.duplicate_therapy:
        first, second = duplicate.drugs
        both = f"both are members of the class {duplicate.drug_class.label}"
        lines.append(f"DUPLICATE THERAPY {first.label} + {second.label}: {both}")
        chain(duplicate.chain)
    for avoid in report.activities_to_avoid:
        lines.append(f"AVOID {avoid.activity.label} while taking {avoid.drug.label}")
        chain(avoid.chain)
    for first, second in report.pairs_without_interaction:
        lines.append(f"NO KNOWN INTERACTION {first.label} + {second.label}")
    if report.pairs_without_interaction or not report.warning_count:
        lines.append("interactions checked, for each drug and every class above it, against:")
        lines.extend(f"  {source}" for source in report.interaction_sources or ["(no source states any interaction)"])
        lines.append(ABSENCE_NOTE)
    if report.warning_count:
        lines.append(
            f"{report.warning_count} warning(s): {len(report.interactions)} interaction(s), "
            f"{len(report.duplicate_therapy)} duplicate therapy, "
            f"{len(report.activities_to_avoid)} activity(ies) to avoid"
        )
    else:
        lines.append(
            "no warnings: the graph knows no interaction, shared therapeutic class or unsafe activity for this list"
        )
    return "\n".join(printable(line) for line in lines)
