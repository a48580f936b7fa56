"""The side effects of one drug or drug class, each with its kind, the patients it is restricted to,
where it is stated (on the drug, or on a class the drug belongs to), its source section and, for a
label mention, the evidence (the words and their offsets in the section text).

>>> from kg.namespaces import DK
>>> # effects_of(store, DK.sertraline) -> [Effect(effect=..., kind='boxed warning', ...)]
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.namespaces import DKV
from kg.query.engine import select_rows

__all__ = ["Effect", "Evidence", "effects_of"]


@dataclass(frozen=True, order=True)
class Evidence:
    """A mention of the effect in a label section: its words and, when contiguous, their offsets."""

    text: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, order=True)
class Effect:
    """One side effect of a drug or class as one source section states it."""

    effect: str
    label: str
    #: boxed warning, warning, adverse reaction, common, paradoxical or other.
    kind: str
    #: The patients the source restricts it to, or None.
    population: str | None
    #: The drug or class the source states it of (the drug itself, or a class it belongs to).
    stated_on: str
    #: The named graph (source section) that states it.
    source: str
    evidence: tuple[Evidence, ...] = ()

    @property
    def inherited(self) -> bool:
        """Whether it is stated on a class rather than on the entity asked about."""
        return self.stated_on != self._asked

    _asked: str = ""


#: The effects of ``?entity`` and the classes it belongs to, with the property and source section
#: that state each. (The statements' kinds and populations are read from the indexes in
#: :func:`_statements`: as an OPTIONAL here they make Oxigraph read every statement of the store.)
_EFFECTS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dkv: <https://w3id.org/drugkg/vocab/>
SELECT DISTINCT ?entity ?effect ?label ?stated ?statedOn ?source
WHERE {
  ?entity dkv:hasSideEffect ?effect .
  ?effect rdfs:label ?label .
  ?entity (dkv:memberOf|dkv:kindOf)? ?statedOn .
  VALUES ?stated { dkv:hasSideEffect dkv:hasCommonSideEffect dkv:hasParadoxicalEffect dkv:hasBoxedWarningFor }
  GRAPH ?source { ?statedOn ?stated ?effect }
  ?source a dkv:SourceSection .
}
"""

#: The kind of an effect stated without a statement that gives one, by the property that states it.
_KIND_OF_PROPERTY = {
    str(DKV.hasCommonSideEffect): "common",
    str(DKV.hasParadoxicalEffect): "paradoxical",
    str(DKV.hasBoxedWarningFor): "boxed warning",
}

_CLASSES = """
PREFIX dkv: <https://w3id.org/drugkg/vocab/>
SELECT DISTINCT ?e ?c WHERE { ?e dkv:memberOf|dkv:kindOf ?c }
"""

_EVIDENCE = """
PREFIX dkv: <https://w3id.org/drugkg/vocab/>
SELECT ?entity ?statement ?text ?start ?end
WHERE {
  ?statement a dkv:EffectStatement ; dkv:effectOf ?entity ; dkv:mentionText ?text .
  OPTIONAL { ?statement dkv:mentionStart ?start }
  OPTIONAL { ?statement dkv:mentionEnd ?end }
}
"""

_STATED_EFFECT, _EFFECT_OF = ox.NamedNode(str(DKV.statedEffect)), ox.NamedNode(str(DKV.effectOf))
_EFFECT_KIND, _POPULATION = ox.NamedNode(str(DKV.effectKind)), ox.NamedNode(str(DKV.population))


def _value(term: object) -> str | None:
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else None


def _statements(store: ox.Store, stated_on: str, effect: str, source: str) -> list[tuple[str, str, str | None]]:
    """(statement, kind, population) of each statement in the graph ``source`` that ``effect`` is
    an effect of ``stated_on`` (one row per kind and population it gives; none without a kind)."""
    graph, subject = ox.NamedNode(source), ox.NamedNode(stated_on)
    found = []
    for quad in store.quads_for_pattern(None, _STATED_EFFECT, ox.NamedNode(effect), graph):
        statement = quad.subject
        if next(iter(store.quads_for_pattern(statement, _EFFECT_OF, subject, graph)), None) is None:
            continue
        populations = [_value(q.object) for q in store.quads_for_pattern(statement, _POPULATION, None, graph)]
        for kind in store.quads_for_pattern(statement, _EFFECT_KIND, None, graph):
            found += [
                (str(_value(statement)), str(_value(kind.object)), population) for population in populations or [None]
            ]
    return found


def effects_of(store: ox.Store, iri: str) -> list[Effect]:
    """The side effects of the drug or class ``iri``, sorted by kind, effect label, class and source."""
    entity = ox.NamedNode(iri)
    statements: dict[str, list[Evidence]] = {}
    for stated_on in {iri} | {str(_value(row["c"])) for row in select_rows(store, _CLASSES, {"e": entity})}:
        for row in select_rows(store, _EVIDENCE, {"entity": ox.NamedNode(stated_on)}):
            start, end = _value(row["start"]), _value(row["end"])
            offsets = (int(start), int(end)) if start and end else (None, None)
            statements.setdefault(str(_value(row["statement"])), []).append(
                Evidence(str(_value(row["text"])), *offsets)
            )
    grouped: dict[tuple[str, str, str, str | None, str, str], list[Evidence]] = {}
    for row in select_rows(store, _EFFECTS, {"entity": entity}):
        effect, label, stated_on, source = (
            str(_value(row[name])) for name in ("effect", "label", "statedOn", "source")
        )
        stated = _statements(store, stated_on, effect, source)
        default = [(None, _KIND_OF_PROPERTY.get(str(_value(row["stated"])), "other"), None)]
        for statement, kind, population in stated or default:
            found = grouped.setdefault((effect, label, kind, population, stated_on, source), [])
            if statement is not None:
                found += statements.get(statement, [])
    effects = [
        Effect(effect, label, kind, population, stated_on, source, tuple(sorted(set(evidence), key=_order)), iri)
        for (effect, label, kind, population, stated_on, source), evidence in grouped.items()
    ]
    return sorted(effects, key=lambda e: (_KIND_ORDER.get(e.kind, 9), e.label, e.stated_on, e.source))


def _order(evidence: Evidence) -> tuple[int, str]:
    return (evidence.start if evidence.start is not None else -1, evidence.text)


_KIND_ORDER = {"boxed warning": 0, "warning": 1, "adverse reaction": 2, "common": 3, "paradoxical": 4, "other": 5}
