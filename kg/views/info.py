"""What the graph says about one entity: types, names, cross-references and every relation in
and out, each with the source section it comes from (or the rule that inferred it).

:func:`format_grouped` is what ``drugkg info`` prints: each fact once, in groups (what it is, what it
treats, effects, interactions, targets, other facts, what is stated not to hold, identifiers), the
facts of one relation and one source on one line. By default it folds what repeats a fact shown
(a super-property a rule derived from a sub-property, the reverse of a symmetric relation, the
records that restate a relation), the upper levels of class hierarchies (inferred memberships of
"Pharmacologic Actions" and the like) and long lists; ``show_all`` shows every statement, as
:func:`format_description` lists them."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.graph_facts import (
    RDF_TYPE,
    RDFS_LABEL,
    SKOS_ALT_LABEL,
    SKOS_CLOSE_MATCH,
    SKOS_DEFINITION,
    SKOS_EXACT_MATCH,
    GraphFacts,
    GraphName,
    Term,
    curie,
    is_inferred_graph,
)
from kg.query.engine import select_rows
from kg.terminal import printable

__all__ = [
    "DEFAULT_LIST_LENGTH",
    "EntityDescription",
    "Statement",
    "describe",
    "effect_statements",
    "format_description",
    "format_grouped",
]

_OUT_QUERY = """
SELECT ?entity ?p ?o ?g WHERE { GRAPH ?g { ?entity ?p ?o } }
"""
_IN_QUERY = """
SELECT ?entity ?s ?p ?g WHERE { GRAPH ?g { ?s ?p ?entity } }
"""
_NEGATIVE_QUERY = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?entity ?assertion ?property ?target ?g WHERE {
  GRAPH ?g {
    ?assertion a owl:NegativePropertyAssertion ; owl:sourceIndividual ?entity ;
      owl:assertionProperty ?property ; owl:targetIndividual ?target .
  }
}
"""
_NEGATIVE_IN_QUERY = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?entity ?assertion ?property ?source ?g WHERE {
  GRAPH ?g {
    ?assertion a owl:NegativePropertyAssertion ; owl:targetIndividual ?entity ;
      owl:assertionProperty ?property ; owl:sourceIndividual ?source .
  }
}
"""
_OWL_TARGET_INDIVIDUAL = "http://www.w3.org/2002/07/owl#targetIndividual"
_SKOS_RELATED_MATCH = ox.NamedNode("http://www.w3.org/2004/02/skos/core#relatedMatch")
_SKOS_EDITORIAL_NOTE = ox.NamedNode("http://www.w3.org/2004/02/skos/core#editorialNote")
#: The link from a negative statement to the entity it is about: plumbing, shown as "stated not to hold".
_OWL_SOURCE_INDIVIDUAL = ox.NamedNode("http://www.w3.org/2002/07/owl#sourceIndividual")


@dataclass(frozen=True, order=True)
class Statement:
    """One relation of the entity: predicate, the other end, and where it comes from (with the
    predicate's and the other end's IRIs, for grouping; empty for a literal)."""

    predicate: str
    other: str
    source: str
    inferred: bool
    predicate_iri: str = ""
    other_iri: str = ""


@dataclass
class EntityDescription:
    """Everything :func:`describe` found about one entity."""

    iri: str
    label: str
    types: list[str] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)
    cross_references: list[str] = field(default_factory=list)
    #: Identifiers of close (not the same) entries: a salt's UNII, an NDF-RT ingredient.
    close_references: list[str] = field(default_factory=list)
    #: Identifiers of related entries (a DrugBank id of the parent drug of a salt).
    related_references: list[str] = field(default_factory=list)
    #: Editorial notes (a label that changed meaning since a source).
    notes: list[str] = field(default_factory=list)
    outgoing: list[Statement] = field(default_factory=list)
    incoming: list[Statement] = field(default_factory=list)
    #: What the sources say does NOT hold of the entity (OWL negative property assertions).
    negative: list[Statement] = field(default_factory=list)
    #: What the sources say does NOT hold with the entity as its object ("X does not treat it").
    negative_in: list[Statement] = field(default_factory=list)


def _name(term: Term, facts: GraphFacts) -> str:
    """How a term reads in a statement: a plain string literal quoted, an IRI by its label."""
    if isinstance(term, ox.Literal):
        return repr(term.value) if term.datatype.value.endswith("#string") else term.value
    return facts.name_of(term)


def _iri(term: Term) -> str:
    return term.value if isinstance(term, ox.NamedNode) else ""


def _statement(
    predicate: ox.NamedNode, other: Term, graph: GraphName, facts: GraphFacts, inferred: bool | None = None
) -> Statement:
    """The statement of ``predicate`` to or from ``other`` as the named graph ``graph`` states it
    (inferred when ``graph`` is a rule's, unless ``inferred`` says otherwise)."""
    return Statement(
        _name(predicate, facts),
        _name(other, facts),
        facts.source_of(graph),
        is_inferred_graph(graph) if inferred is None else inferred,
        predicate.value,
        _iri(other),
    )


def describe(store: ox.Store, iri: str, facts: GraphFacts | None = None) -> EntityDescription:
    """Collect what the dataset says about ``iri`` (bound as a value, never spliced into SPARQL);
    labels and sources come from ``facts`` (one made here unless the caller shares its own)."""
    facts = facts or GraphFacts(store)
    binding = {"entity": ox.NamedNode(iri)}
    description = EntityDescription(iri, facts.label_of(iri))
    for row in select_rows(store, _OUT_QUERY, binding, union=False):
        p, o, g = row["p"], row["o"], row["g"]
        if p == RDF_TYPE:
            description.types.append(_name(o, facts))
        elif p == SKOS_DEFINITION:
            description.definitions.append(o.value)
        elif p == SKOS_ALT_LABEL:
            description.synonyms.append(o.value)
        elif p == SKOS_EXACT_MATCH:
            description.cross_references.append(curie(o.value))
        elif p == SKOS_CLOSE_MATCH:
            description.close_references.append(curie(o.value))
        elif p == _SKOS_RELATED_MATCH:
            description.related_references.append(curie(o.value))
        elif p == _SKOS_EDITORIAL_NOTE:
            description.notes.append(o.value)
        elif p != RDFS_LABEL:
            description.outgoing.append(_statement(p, o, g, facts))
    negative_rows = list(select_rows(store, _NEGATIVE_QUERY, binding, union=False))
    negative_assertions = {row["assertion"] for row in negative_rows}
    for row in select_rows(store, _IN_QUERY, binding, union=False):
        if row["p"] == _OWL_SOURCE_INDIVIDUAL and row["s"] in negative_assertions:
            continue  # the negative statement itself is listed under "stated not to hold"
        description.incoming.append(_statement(row["p"], row["s"], row["g"], facts))
    for row in negative_rows:
        description.negative.append(_statement(row["property"], row["target"], row["g"], facts, inferred=False))
    for row in select_rows(store, _NEGATIVE_IN_QUERY, binding, union=False):
        description.negative_in.append(_statement(row["property"], row["source"], row["g"], facts, inferred=False))
    description.negative_in = sorted(set(description.negative_in))
    for values in (
        description.types,
        description.definitions,
        description.cross_references,
        description.close_references,
        description.related_references,
        description.notes,
    ):
        values[:] = sorted(set(values))
    # one capitalisation: a synonym that is the label but for case is the label
    label_key = description.label.casefold()
    synonyms = {name.casefold(): name for name in sorted(description.synonyms, reverse=True)}
    description.synonyms = sorted(name for key, name in synonyms.items() if key != label_key)
    description.outgoing = sorted(set(description.outgoing))
    description.incoming = sorted(set(description.incoming))
    description.negative = sorted(set(description.negative))
    return description


def format_description(description: EntityDescription) -> str:
    """Plain-text rendering for ``drugkg info``."""
    lines = [f"{description.label}  ({curie(description.iri)})"]
    for title, values in (
        ("types", description.types),
        ("synonyms", description.synonyms),
        ("cross-references", description.cross_references),
    ):
        if values:
            lines.append(f"  {title}: {', '.join(values)}")
    for definition in description.definitions:
        lines.append(f"  definition: {definition}")
    for title, statements, arrow in (
        ("relations out", description.outgoing, "->"),
        ("relations in", description.incoming, "<-"),
    ):
        if statements:
            lines.append(f"{title}:")
            for st in statements:
                lines.append(f"  {st.predicate} {arrow} {st.other}   [{st.source}]")
    if description.negative:
        lines.append("stated not to hold:")
        for st in description.negative:
            lines.append(f"  NOT {st.predicate} -> {st.other}   [{st.source}]")
    return "\n".join(printable(line) for line in lines)


_DKV = "https://w3id.org/drugkg/vocab/"
_RDFS_SUB_PROPERTY_OF = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subPropertyOf")
#: The groups of ``info``, in order, and the relations each holds (by the vocabulary's local names;
#: a sub-property of one of these joins its group). Any other relation is an "other fact".
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "what it is",
        ("memberOf", "kindOf", "brandName", "hasMechanism", "durationOfAction", "onsetOfEffect", "actsOn"),
    ),
    (
        "what it treats",
        (
            "approvedFor",
            "treats",
            "symptomaticTreatmentFor",
            "relieves",
            "usedAsAdjunctIn",
            "adjunctTo",
            "firstLineFor",
            "hasAssociatedSymptom",
        ),
    ),
    ("effects", ("hasSideEffect", "hasRiskOf", "hasWithdrawalSymptom", "makesUnsafe", "discontinuationManagedBy")),
    ("interactions", ("interactsWith", "oftenCombinedWith", "hasOutcome")),
    ("targets", ("hasTarget",)),
)
_OTHER = "other facts"
#: Incoming links from records (an indication assessment, a target action, an interaction) that
#: restate a relation the entity's own lines show: folded by default.
_RECORD_LINKS = frozenset(
    _DKV + name
    for name in (
        "actionAgent",
        "actionTarget",
        "adjunctAgent",
        "assessedCondition",
        "assessedDrug",
        "participant",
        "primaryTreatment",
        "indication",
    )
)
#: Rules whose conclusions are the upper levels of a hierarchy (folded by default).
_HIERARCHY_RULES = ("member-of-up-hierarchy", "kind-of-transitive", "type-up-hierarchy")
#: How many names one line lists by default before "and N more".
DEFAULT_LIST_LENGTH = 12
#: The sub-properties of each property (one or more steps: with zero, every node of the store would
#: be a pair with itself, hundreds of thousands of rows to read on the full graph).
_SUB_PROPERTIES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?sub ?top WHERE { ?sub rdfs:subPropertyOf+ ?top }
"""
#: The relations :func:`kg.analysis.effects.effects_of` reads (side effects and their sub-properties).
_EFFECT_PREDICATES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dkv: <https://w3id.org/drugkg/vocab/>
SELECT DISTINCT ?p WHERE { ?p rdfs:subPropertyOf* dkv:hasSideEffect }
"""


def effect_statements(store: ox.Store, iri: str, facts: GraphFacts | None = None) -> list[Statement]:
    """The effects of ``iri`` as ``info`` shows them, from :func:`kg.analysis.effects.effects_of`:
    one statement per kind (with the patients a source restricts it to), effect and source; an
    effect stated on a class names that class before its source."""
    from kg.analysis.effects import effects_of

    facts = facts or GraphFacts(store)
    found = set()
    for effect in effects_of(store, iri):
        kind = effect.kind if effect.population is None else f"{effect.kind} ({effect.population})"
        source = facts.source_of(effect.source)
        if effect.inherited:
            source = f"stated on {facts.label_of(effect.stated_on)}: {source}"
        found.add(
            Statement(
                kind, facts.label_of(effect.effect), source, effect.inherited, _DKV + "hasSideEffect", effect.effect
            )
        )
    return sorted(found)


def _group_of_predicates(store: ox.Store) -> dict[str, str]:
    """Predicate IRI -> its group: the relations of :data:`GROUPS` and their sub-properties."""
    tops = {_DKV + name: title for title, names in GROUPS for name in names}
    found = dict(tops)
    for row in select_rows(store, _SUB_PROPERTIES, {}, union=True):
        sub, top = row["sub"], row["top"]
        if isinstance(sub, ox.NamedNode) and isinstance(top, ox.NamedNode) and top.value in tops:
            found.setdefault(sub.value, tops[top.value])
    return found


def _folded(st: Statement) -> bool:
    return st.inferred and any(st.source.endswith(f"rule {rule}") for rule in _HIERARCHY_RULES)


def format_grouped(
    description: EntityDescription,
    store: ox.Store,
    facts: GraphFacts | None = None,
    show_all: bool = False,
    list_length: int = DEFAULT_LIST_LENGTH,
) -> str:
    """The grouped rendering of ``drugkg info`` (see the module docstring); ``show_all`` folds nothing."""
    facts = facts or GraphFacts(store)
    groups = _group_of_predicates(store)
    effects = effect_statements(store, description.iri, facts)
    effect_predicates = {row["p"].value for row in select_rows(store, _EFFECT_PREDICATES, {}, union=True)}
    outgoing = sorted({st for st in description.outgoing if st.predicate_iri not in effect_predicates} | set(effects))
    lines = [f"{description.label}  ({curie(description.iri)})"]
    kinds = [t for t in description.types if show_all or t not in _GENERIC_TYPES] or description.types
    if kinds:
        lines.append(f"  is a: {', '.join(kinds)}")
    brands = {st.other.strip("'") for st in outgoing if st.predicate_iri == _DKV + "brandName"}
    synonyms = [name for name in description.synonyms if name not in brands]  # shown with their source
    if synonyms:
        lines.append(f"  also called: {', '.join(synonyms)}")
    lines.extend(f"  definition: {definition}" for definition in description.definitions)
    lines.extend(f"  note: {note}" for note in description.notes)

    # each fact once: a statement a rule derived is not repeated when the same other end is shown
    # by a sub-property or by a stated fact of the same relation; the reverse of a relation shown
    # outward (a symmetric one) is not repeated inward
    shown_others: dict[str, set[str]] = {}
    for st in outgoing:
        if not st.inferred:
            shown_others.setdefault(groups.get(st.predicate_iri, _OTHER), set()).add(st.other)
    sub_shown = {(st.other, st.predicate_iri) for st in outgoing}
    # (other end, group) reached by a relation other than the one a sub-property rule derived
    by_other_out = {
        (st.other, groups.get(st.predicate_iri, _OTHER))
        for st in outgoing
        if not st.source.endswith("rule sub-property")
    }
    by_other_in = {
        (st.other, groups.get(st.predicate_iri, _OTHER))
        for st in description.incoming
        if not st.source.endswith("rule sub-property")
    }
    folded: list[Statement] = []
    kept: list[tuple[str, str, Statement]] = []  # (group, arrow, statement)
    for st in outgoing:
        group = groups.get(st.predicate_iri, _OTHER)
        if not show_all:
            if _folded(st):
                folded.append(st)
                continue
            if (
                st.inferred
                and st.source.endswith("rule sub-property")
                and (st.other in shown_others.get(group, set()) or (st.other, group) in by_other_out)
            ):
                continue
            if st.inferred and any(o == st.other and p != st.predicate_iri for o, p in sub_shown if not st.inferred):
                continue
            if st.inferred and any(
                o.other == st.other and o.predicate_iri == st.predicate_iri and not o.inferred for o in outgoing
            ):
                continue
        kept.append((group, "->", st))
    outward = {(st.predicate_iri, st.other) for st in outgoing}
    stated_in: dict[str, set[str]] = {}
    for st in description.incoming:
        if not st.inferred:
            stated_in.setdefault(groups.get(st.predicate_iri, _OTHER), set()).add(st.other)
    records: list[Statement] = []
    for st in description.incoming:
        if not show_all:
            group = groups.get(st.predicate_iri, _OTHER)
            if (
                st.inferred
                and st.source.endswith("rule sub-property")
                and (st.other in stated_in.get(group, set()) or (st.other, group) in by_other_in)
            ):
                continue
            if st.predicate_iri == _OWL_TARGET_INDIVIDUAL and description.negative_in:
                continue  # the negative statement is shown under "stated not to hold"
            if st.predicate_iri in _RECORD_LINKS:
                records.append(st)
                continue
            if (st.predicate_iri, st.other) in outward:
                continue
            if _folded(st):
                folded.append(st)
                continue
        kept.append((groups.get(st.predicate_iri, _OTHER), "<-", st))
    for title in [*(t for t, _ in GROUPS), _OTHER]:
        rows = [(arrow, st) for group, arrow, st in kept if group == title]
        if not rows:
            continue
        if title == "what it treats" and all(arrow == "<-" for arrow, _ in rows):
            title = "what treats it"
        lines.append(f"{title}:")
        lines.extend(_lines(rows, show_all, list_length))
    if description.negative or description.negative_in:
        lines.append("stated not to hold:")
        for st in description.negative:
            lines.append(f"  NOT {st.predicate} -> {st.other}   [{st.source}]")
        for st in description.negative_in:
            lines.append(f"  NOT {st.predicate} <- {st.other}   [{st.source}]")
    lines.append("identifiers:")
    for title, values in (
        ("same as", description.cross_references),
        ("close to", description.close_references),
        ("related to", description.related_references),
    ):
        if values:
            lines.append(f"  {title}: {', '.join(values)}")
    if not show_all and (folded or records or len(kinds) < len(description.types)):
        parts = []
        if folded:
            levels = _shortened([st.other for st in folded], 4)
            parts.append(f"{len(folded)} inferred levels of class or disease hierarchies ({levels})")
        if records:
            parts.append(f"{len(records)} records that restate these facts")
        if len(kinds) < len(description.types):
            parts.append("the general types")
        lines.append(f"folded: {'; '.join(parts) or 'long lists'}; drugkg info --all shows everything")
    return "\n".join(printable(line) for line in lines)


#: Types every drug or class has, shown with --all only.
_GENERIC_TYPES = frozenset({"intervention", "substance or drug class", "substance"})


def _shortened(names: list[str], limit: int) -> str:
    names = sorted(set(names), key=str.casefold)
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit} more"


def _lines(rows: list[tuple[str, Statement]], show_all: bool, list_length: int) -> list[str]:
    """One line per relation, direction and set of sources: the other ends listed."""
    by_key: dict[tuple[str, str], dict[str, set[str]]] = {}
    for arrow, st in rows:
        by_key.setdefault((st.predicate, arrow), {}).setdefault(st.other, set()).add(st.source)
    lines = []
    for (predicate, arrow), others in sorted(by_key.items()):
        by_sources: dict[tuple[str, ...], list[str]] = {}
        for other, found_in in others.items():
            by_sources.setdefault(tuple(sorted(found_in)), []).append(other)
        for sources, names in sorted(by_sources.items(), key=lambda item: sorted(item[1])[0].casefold()):
            limit = len(names) if show_all else list_length
            lines.append(f"  {predicate} {arrow} {_shortened(names, limit)}   [{'; '.join(sources)}]")
    return lines
