"""Biolink categories and predicates for drugkg classes and properties.

The mapping is read from the alignments in ``ontology/drugkg.ttl``: a class or property's own
``skos:exactMatch`` to a Biolink term, else its ``skos:closeMatch``, else the same for its
nearest super-class (super-property). Where no alignment fits, the fallbacks below apply;
a class with none at all becomes ``biolink:NamedThing`` and a property ``biolink:related_to``
(the KGX writer keeps our own predicate in ``original_predicate``).
"""

from __future__ import annotations

from kg.export.property_graph import SKOS_CLOSE_MATCH, SKOS_EXACT_MATCH, Schema
from kg.namespaces import DKV, PREFIXES

__all__ = [
    "BIOLINK",
    "CATEGORY_FALLBACKS",
    "NAMED_THING",
    "RELATED_TO",
    "category_for",
    "predicate_for",
]

BIOLINK = PREFIXES["biolink"]
NAMED_THING = BIOLINK + "NamedThing"
RELATED_TO = BIOLINK + "related_to"

#: Classes with no usable alignment, and the category used for them (checked before ancestors).
#: Biolink has no class for a drug class; a group of chemicals is a ChemicalEntity. dkv:Activity
#: (driving...) is what Biolink calls an Activity.
CATEGORY_FALLBACKS: dict[str, str] = {
    str(DKV.ChemicalOrDrugClass): BIOLINK + "ChemicalEntity",
    str(DKV.DrugClass): BIOLINK + "ChemicalEntity",
    str(DKV.Activity): BIOLINK + "Activity",
}


def _own_alignment(schema: Schema, iri: str) -> str | None:
    if iri.startswith(BIOLINK):
        return iri
    for match in (SKOS_EXACT_MATCH, SKOS_CLOSE_MATCH):
        targets = sorted(t for t in schema.alignments.get(iri, {}).get(match, ()) if t.startswith(BIOLINK))
        if targets:
            return targets[0]
    return None


def category_for(schema: Schema, class_iri: str) -> str:
    """The Biolink category (an IRI) for one of our classes.

    >>> from kg.export.property_graph import package_schema
    >>> category_for(package_schema(), str(DKV.Symptom))
    'https://w3id.org/biolink/vocab/PhenotypicFeature'
    """
    for candidate in (class_iri, *schema.ancestors(class_iri)):
        if candidate in CATEGORY_FALLBACKS:
            return CATEGORY_FALLBACKS[candidate]
        found = _own_alignment(schema, candidate)
        if found:
            return found
    return NAMED_THING


def predicate_for(schema: Schema, property_iri: str) -> str:
    """The Biolink predicate (an IRI) for one of our properties, else ``biolink:related_to``.

    >>> from kg.export.property_graph import package_schema
    >>> predicate_for(package_schema(), str(DKV.hasCommonSideEffect))
    'https://w3id.org/biolink/vocab/has_side_effect'
    """
    for candidate in (property_iri, *schema.ancestors(property_iri)):
        found = _own_alignment(schema, candidate)
        if found:
            return found
    return RELATED_TO
