"""One shape and colour per node type, the same in every view, page and graph.

A type is styled by its IRI, never by its place among the types a graph happens to hold: the
drugkg vocabulary's types come from a fixed table (:data:`TYPE_TABLE`), any other type from a
hash of its IRI (:func:`style_of_type`), so a drug is a blue dot in the built graph, in a
``--graph`` file and in every page of an explorer. Types without a label in the graph read by a
human name where one is known (:data:`READABLE_TYPE_NAMES`: ``owl:NegativePropertyAssertion``
reads "negative statement").

>>> style_of_type("https://w3id.org/drugkg/vocab/Drug")
TypeStyle(color='#4e79a7', shape='dot')
>>> style_of_type("https://example.org/Thing") == style_of_type("https://example.org/Thing")
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import NamedTuple

from kg.graph_facts import OWL_NEGATIVE_PROPERTY_ASSERTION, curie

__all__ = [
    "PALETTE",
    "READABLE_PREDICATE_NAMES",
    "READABLE_TYPE_NAMES",
    "SHAPES",
    "SHAPE_MARKS",
    "TYPE_TABLE",
    "UNTYPED",
    "UNTYPED_STYLE",
    "TypeStyle",
    "predicate_name",
    "style_of_type",
    "type_name",
]

#: The type shown for a node with no rdf:type.
UNTYPED = "no type"

#: vis-network's node shapes whose label sits below the node (so labels are placed alike).
SHAPES = ("dot", "diamond", "square", "triangle", "star", "triangleDown", "hexagon")
#: A legend mark for each shape.
SHAPE_MARKS = dict(zip(SHAPES, "●◆■▲★▼⬢", strict=True))
#: Colours for types outside the table (Tableau 10 and two more).
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


class TypeStyle(NamedTuple):
    """How nodes of one type are drawn."""

    color: str
    shape: str


_DKV = "https://w3id.org/drugkg/vocab/"
_OWL = "http://www.w3.org/2002/07/owl#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_PROV = "http://www.w3.org/ns/prov#"

#: The drugkg vocabulary's types (and a few of OWL's): the shape says what kind of thing a node
#: is (dot: a substance, diamond: a class of drugs, square: a condition, triangle: a finding,
#: star: how a drug acts or what it acts on, hexagon: a statement linking several things), the
#: colour which type it is. Each pair is used once.
TYPE_TABLE: dict[str, TypeStyle] = {
    _DKV + "Drug": TypeStyle("#4e79a7", "dot"),
    _DKV + "Substance": TypeStyle("#76b7b2", "dot"),
    _DKV + "Neurotransmitter": TypeStyle("#59a14f", "dot"),
    _DKV + "Intervention": TypeStyle("#a0cbe8", "dot"),
    _DKV + "ChemicalOrDrugClass": TypeStyle("#bab0ac", "diamond"),
    _DKV + "DrugClass": TypeStyle("#f28e2b", "diamond"),
    _DKV + "FdaEstablishedPharmacologicClass": TypeStyle("#d4a017", "diamond"),
    _DKV + "FdaMechanismOfActionClass": TypeStyle("#ff9da7", "diamond"),
    _DKV + "FdaPhysiologicEffectClass": TypeStyle("#9c755f", "diamond"),
    _DKV + "FdaChemicalStructureClass": TypeStyle("#8cd17d", "diamond"),
    _DKV + "MeshPharmacologicAction": TypeStyle("#b07aa1", "diamond"),
    _DKV + "ChebiRole": TypeStyle("#499894", "diamond"),
    _DKV + "Condition": TypeStyle("#e15759", "square"),
    _DKV + "DiseaseOrFinding": TypeStyle("#ff9d9a", "square"),
    _DKV + "Activity": TypeStyle("#79706e", "square"),
    _DKV + "ClinicalFinding": TypeStyle("#edc948", "triangle"),
    _DKV + "Symptom": TypeStyle("#b6992d", "triangle"),
    _DKV + "AdverseEffect": TypeStyle("#d37295", "triangleDown"),
    _DKV + "ParadoxicalEffect": TypeStyle("#fabfd2", "triangleDown"),
    _DKV + "Mechanism": TypeStyle("#9c755f", "star"),
    _DKV + "Target": TypeStyle("#4e79a7", "star"),
    _DKV + "Therapy": TypeStyle("#59a14f", "star"),
    _DKV + "Procedure": TypeStyle("#f28e2b", "star"),
    _DKV + "DrugInteraction": TypeStyle("#e15759", "hexagon"),
    _DKV + "AdjunctUse": TypeStyle("#86bcb6", "hexagon"),
    _DKV + "IndicationAssessment": TypeStyle("#a0cbe8", "hexagon"),
    _DKV + "TargetAction": TypeStyle("#8cd17d", "hexagon"),
    _DKV + "SourceDocument": TypeStyle("#bab0ac", "square"),
    _DKV + "SourceSection": TypeStyle("#d7b5a6", "square"),
    OWL_NEGATIVE_PROPERTY_ASSERTION.value: TypeStyle("#7f7f7f", "triangleDown"),
    _SKOS + "Concept": TypeStyle("#c7c7c7", "diamond"),
}

#: The style of :data:`UNTYPED` nodes.
UNTYPED_STYLE = TypeStyle("#c7c7c7", "dot")

#: Human names of types that graphs use without labelling them.
READABLE_TYPE_NAMES: dict[str, str] = {
    OWL_NEGATIVE_PROPERTY_ASSERTION.value: "negative statement",
    _OWL + "Class": "class",
    _OWL + "NamedIndividual": "individual",
    _OWL + "Thing": "thing",
    _SKOS + "Concept": "concept",
    _SKOS + "ConceptScheme": "concept scheme",
    _PROV + "Entity": "entity",
}


#: Human names of relations that graphs use without labelling them (a negative statement is a
#: node that names what it is about and the link it denies).
READABLE_PREDICATE_NAMES: dict[str, str] = {
    _OWL + "sourceIndividual": "says of",
    _OWL + "targetIndividual": "denies a link to",
    _OWL + "sameAs": "same as",
    "http://www.w3.org/2000/01/rdf-schema#comment": "comment",
    "http://www.w3.org/2000/01/rdf-schema#seeAlso": "see also",
}


def style_of_type(iri: str) -> TypeStyle:
    """The style of the type ``iri``: from :data:`TYPE_TABLE`, else from a hash of the IRI (stable
    across runs and machines; :data:`UNTYPED_STYLE` for :data:`UNTYPED`)."""
    if iri == UNTYPED:
        return UNTYPED_STYLE
    if iri in TYPE_TABLE:
        return TYPE_TABLE[iri]
    digest = int.from_bytes(hashlib.sha256(iri.encode("utf-8")).digest()[:8], "big")
    colour, shape = divmod(digest, len(SHAPES))
    return TypeStyle(PALETTE[colour % len(PALETTE)], SHAPES[shape])


def _readable(iri: str, label_of: Callable[[str], str], names: dict[str, str]) -> str:
    label = label_of(iri)
    if label == curie(iri) and iri in names:
        return names[iri]
    return label


def type_name(iri: str, label_of: Callable[[str], str]) -> str:
    """How the type ``iri`` reads: its label, else a known human name, else its CURIE.

    >>> type_name("http://www.w3.org/2002/07/owl#NegativePropertyAssertion", curie)
    'negative statement'
    """
    return _readable(iri, label_of, READABLE_TYPE_NAMES)


def predicate_name(iri: str, label_of: Callable[[str], str]) -> str:
    """How the relation ``iri`` reads: its label, else a known human name, else its CURIE.

    >>> predicate_name("http://www.w3.org/2002/07/owl#sourceIndividual", curie)
    'says of'
    """
    return _readable(iri, label_of, READABLE_PREDICATE_NAMES)
