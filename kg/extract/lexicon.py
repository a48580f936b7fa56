"""What extraction knows from the graph: the names of its entities (through
:class:`kg.analysis.names.NameIndex`), the class of each entity, and the class hierarchy with the
domain and range of each property (read from the vocabulary graph).

Entities are found by their labels, synonyms, brand names and cross-reference ids, exactly as
``drugkg info`` finds them, so every name the graph gains (imported drugs and diseases included)
is found in texts too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.analysis.names import NameIndex
from kg.graph_facts import RDF_TYPE, GraphFacts, curie
from kg.namespaces import DKV, GRAPH_ONTOLOGY

__all__ = ["LINKABLE_CLASSES", "Candidate", "Lexicon", "Ontology", "stems"]

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SUBCLASS = ox.NamedNode(_RDFS + "subClassOf")
_DOMAIN = ox.NamedNode(_RDFS + "domain")
_RANGE = ox.NamedNode(_RDFS + "range")

#: Entities of these classes (or their subclasses) are things a text mentions; others (sources,
#: rules, interactions and adjunct uses, which are reified relations) are not looked for.
LINKABLE_CLASSES = tuple(
    str(c) for c in (DKV.ChemicalOrDrugClass, DKV.DiseaseOrFinding, DKV.Intervention, DKV.Mechanism, DKV.Activity)
)

#: How a name matched, best first (a label beats a synonym when one name names several entities).
_MATCH_RANK = {"IRI": 0, "label": 1, "brand name": 2, "synonym": 3, "cross-reference": 4}


class Ontology:
    """The class hierarchy and the domain and range of the properties of the vocabulary graph."""

    def __init__(self, store: ox.Store) -> None:
        graph = ox.NamedNode(str(GRAPH_ONTOLOGY))
        self._parents: dict[str, set[str]] = {}
        for quad in store.quads_for_pattern(None, _SUBCLASS, None, graph):
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
                self._parents.setdefault(quad.subject.value, set()).add(quad.object.value)
        self.domain = self._objects(store, _DOMAIN, graph)
        self.range = self._objects(store, _RANGE, graph)

    @staticmethod
    def _objects(store: ox.Store, predicate: ox.NamedNode, graph: ox.NamedNode) -> dict[str, str]:
        return {
            q.subject.value: q.object.value
            for q in store.quads_for_pattern(None, predicate, None, graph)
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)
        }

    def ancestors(self, cls: str) -> set[str]:
        """``cls`` and every class above it."""
        seen, todo = {cls}, [cls]
        while todo:
            for parent in self._parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def is_a(self, classes: Iterable[str], cls: str) -> bool:
        """Whether any of ``classes`` is ``cls`` or below it."""
        return any(cls in self.ancestors(c) for c in classes)

    def most_specific(self, classes: Iterable[str]) -> str | None:
        """The class of ``classes`` with no other of them below it (the least IRI on a tie)."""
        pool = set(classes)
        leaves = [c for c in pool if not any(c != o and c in self.ancestors(o) for o in pool)]
        return min(leaves, default=None)


@dataclass(frozen=True)
class Candidate:
    """An entity a name may mean: its IRI, class (the most specific), label and how the name matched."""

    iri: str
    cls: str
    label: str
    matched_by: str

    @property
    def curie(self) -> str:
        return curie(self.iri)


_STEM_STOP = frozenset(
    {"the", "of", "in", "on", "and", "or", "a", "an", "to", "by", "with", "for", "its", "down", "both"}
)


def stems(text: str) -> frozenset[str]:
    """Crude stems of the content words of ``text``, to compare a phrase with a label.

    >>> sorted(stems("inhibiting the reuptake of serotonin")) == sorted(stems("inhibition of serotonin reuptake"))
    True
    """
    out = set()
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word in _STEM_STOP or len(word) < 3:
            continue
        for suffix in (
            "ements",
            "ement",
            "ments",
            "ment",
            "ings",
            "ing",
            "ions",
            "ion",
            "ities",
            "ity",
            "ed",
            "es",
            "s",
            "e",
        ):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        out.add(word)
    return frozenset(out)


class Lexicon:
    """Looking names up in one store: candidates by name, and the ontology they are typed by."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.facts = GraphFacts(store)
        self.names = NameIndex(store, self.facts)
        self.ontology = Ontology(store)
        self._lookups: dict[str, tuple[Candidate, ...]] = {}
        self._labels_by_class: dict[str, list[tuple[str, frozenset[str]]]] = {}
        self._by_words: dict[str, dict[frozenset[str], str]] = {}

    def paraphrased(self, phrase: str, cls: str) -> Candidate | None:
        """The entity of class ``cls`` (or below) whose label's content words all occur in ``phrase``
        (at least two of them; the entity with the most such words, then the least IRI), if any:
        "inhibiting the reuptake of serotonin" names "inhibition of serotonin reuptake"."""
        if cls not in self._labels_by_class:
            found = []
            for quad in self.store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(cls), None):
                if isinstance(quad.subject, ox.NamedNode):
                    iri = quad.subject.value
                    found.append((iri, stems(self.facts.label_of(iri))))
            self._labels_by_class[cls] = sorted(set(found))
        words = stems(phrase)
        best = [(len(label), iri) for iri, label in self._labels_by_class[cls] if len(label) >= 2 and label <= words]
        if not best:
            return None
        _, iri = min(best, key=lambda b: (-b[0], b[1]))
        classes = self.classes_of(iri)
        return Candidate(iri, self.ontology.most_specific(classes) or cls, self.facts.label_of(iri), "paraphrase")

    def same_words(self, phrase: str, cls: str) -> Candidate | None:
        """The entity of class ``cls`` (or below) whose label has exactly the content words of ``phrase``,
        in any order and form ("sweating increased" names "increased sweating"); the least IRI on a tie."""
        if cls not in self._by_words:
            index: dict[frozenset[str], str] = {}
            for quad in self.store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(cls), None):
                if isinstance(quad.subject, ox.NamedNode):
                    iri = quad.subject.value
                    key = stems(self.facts.label_of(iri))
                    if key and (key not in index or iri < index[key]):
                        index[key] = iri
            self._by_words[cls] = index
        found = self._by_words[cls].get(stems(phrase))
        if found is None:
            return None
        classes = self.classes_of(found)
        return Candidate(found, self.ontology.most_specific(classes) or cls, self.facts.label_of(found), "words")

    def classes_of(self, iri: str) -> set[str]:
        """The vocabulary classes ``iri`` has (asserted or inferred, any graph)."""
        node = ox.NamedNode(iri)
        return {
            q.object.value
            for q in self.store.quads_for_pattern(node, RDF_TYPE, None, None)
            if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(str(DKV))
        }

    def lookup(self, name: str) -> tuple[Candidate, ...]:
        """The linkable entities ``name`` names, best match first (label, brand name, synonym, id)."""
        if name not in self._lookups:
            found = []
            for iri, kind in self.names.candidates(name).items():
                if kind == "IRI":  # a mention in running text is a name, never a typed IRI
                    continue
                classes = self.classes_of(iri)
                if not any(self.ontology.is_a(classes, c) for c in LINKABLE_CLASSES):
                    continue
                cls = self.ontology.most_specific(classes) or str(DKV.ChemicalOrDrugClass)
                found.append(Candidate(iri, cls, self.facts.label_of(iri), kind))
            found.sort(key=lambda c: (_MATCH_RANK.get(c.matched_by, 9), c.iri))
            self._lookups[name] = tuple(found)
        return self._lookups[name]
