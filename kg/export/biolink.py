"""Biolink categories, predicates and identifier prefixes for drugkg classes, properties and ids.

Categories and predicates are read from the alignments in ``ontology/drugkg.ttl``: a class or
property's own ``skos:exactMatch`` to a Biolink term, else its ``skos:closeMatch``, else (for a
Biolink term broader than ours, so still true of every fact) its ``skos:broadMatch``; else the
same for its nearest super-class (super-property). Where no alignment fits, the fallbacks below
apply; a class with none at all becomes ``biolink:NamedThing`` and a property
``biolink:related_to`` (the KGX writer keeps our own predicate in ``original_predicate``); the
SKOS mapping relations become Biolink's ``exact_match``, ``close_match``, ``narrow_match`` and
``broad_match``.

Identifiers: :data:`BIOLINK_PREFIXES` spells the external prefixes of the drugkg prefix map the
way Biolink's prefix map does, and :data:`ID_PREFIXES` lists, per category, the prefixes Biolink
prefers for a node id, in Biolink's order (both are checked against the biolink-model package by
the tests, so they cannot drift from Biolink unnoticed).
"""

from __future__ import annotations

from kg.export.property_graph import SKOS_BROAD_MATCH, SKOS_CLOSE_MATCH, SKOS_EXACT_MATCH, Schema
from kg.namespaces import CONVERTER, DKV, PREFIXES

__all__ = [
    "BIOLINK",
    "BIOLINK_PREFIXES",
    "CATEGORY_FALLBACKS",
    "ID_PREFIXES",
    "NAMED_THING",
    "OWN_PREFIXES",
    "PREDICATE_FALLBACKS",
    "RELATED_TO",
    "biolink_curie",
    "category_for",
    "predicate_for",
]

BIOLINK = PREFIXES["biolink"]
NAMED_THING = BIOLINK + "NamedThing"
RELATED_TO = BIOLINK + "related_to"
#: Alignment predicates in the order they are tried: same meaning, near meaning, broader Biolink term.
_ALIGNMENTS = (SKOS_EXACT_MATCH, SKOS_CLOSE_MATCH, SKOS_BROAD_MATCH)

#: Classes with no usable alignment, and the category used for them (checked before ancestors).
#: Biolink has no class for a drug class; a group of chemicals is a ChemicalEntity. dkv:Activity
#: (driving...) is what Biolink calls an Activity.
CATEGORY_FALLBACKS: dict[str, str] = {
    str(DKV.ChemicalOrDrugClass): BIOLINK + "ChemicalEntity",
    str(DKV.DrugClass): BIOLINK + "ChemicalEntity",
    str(DKV.Activity): BIOLINK + "Activity",
}

#: SKOS mapping relations between two drugkg entities (the curated mappings to imported classes),
#: which are not drugkg properties, and Biolink's predicates of the same meaning.
PREDICATE_FALLBACKS: dict[str, str] = {
    PREFIXES["skos"] + "exactMatch": BIOLINK + "exact_match",
    PREFIXES["skos"] + "closeMatch": BIOLINK + "close_match",
    PREFIXES["skos"] + "narrowMatch": BIOLINK + "narrow_match",
    PREFIXES["skos"] + "broadMatch": BIOLINK + "broad_match",
}

#: drugkg prefix -> the same namespace's prefix in Biolink's prefix map (Biolink's case). Biolink
#: writes Wikidata items with ``https``; the item is the same, so the CURIE is too.
BIOLINK_PREFIXES: dict[str, str] = {
    "biolink": "biolink",
    "CHEBI": "CHEBI",
    "chembl.compound": "CHEMBL.COMPOUND",
    "DOID": "DOID",
    "drugcentral": "DrugCentral",
    "HP": "HP",
    "MONDO": "MONDO",
    "RO": "RO",
    "UNII": "UNII",
    "drugbank": "DRUGBANK",
    "mesh": "MESH",
    "pubchem.compound": "PUBCHEM.COMPOUND",
    "uniprot": "UniProtKB",
    "wikidata": "WIKIDATA",
}

#: drugkg's own prefixes: the only ones a KGX consumer has to add to Biolink's prefix map.
OWN_PREFIXES: tuple[str, ...] = ("dk", "dkv", "dks", "dkg", "dkr")

#: Biolink category -> the id prefixes Biolink prefers for it, in Biolink's order, limited to the
#: prefixes drugkg has (a category not listed has no preferred prefix, and keeps drugkg's id).
ID_PREFIXES: dict[str, tuple[str, ...]] = {
    BIOLINK + "ChemicalEntity": (
        "CHEBI",
        "UNII",
        "PUBCHEM.COMPOUND",
        "CHEMBL.COMPOUND",
        "DRUGBANK",
        "MESH",
        "DrugCentral",
    ),
    BIOLINK + "ChemicalRole": ("CHEBI",),
    BIOLINK + "Disease": ("MONDO", "DOID", "MESH", "HP"),
    BIOLINK + "Drug": ("CHEBI", "UNII", "PUBCHEM.COMPOUND", "CHEMBL.COMPOUND", "DRUGBANK", "MESH", "DrugCentral"),
    BIOLINK + "PhenotypicFeature": ("HP", "MESH"),
    BIOLINK + "Protein": ("UniProtKB", "MESH"),
}


def biolink_curie(iri: str) -> str | None:
    """The CURIE of ``iri`` with Biolink's prefix (drugkg's own for drugkg IRIs), else ``None``.

    >>> biolink_curie("http://identifiers.org/drugbank/DB01068")
    'DRUGBANK:DB01068'
    >>> biolink_curie("https://w3id.org/drugkg/entity/clonazepam")
    'dk:clonazepam'
    >>> biolink_curie("http://purl.bioontology.org/ontology/ATC/N03AE01") is None
    True
    """
    parsed = None if iri.startswith("_:") else CONVERTER.parse_uri(iri)
    if parsed is None or parsed[0] is None:
        return None
    prefix, local = parsed
    if prefix in OWN_PREFIXES:
        return f"{prefix}:{local}"
    return f"{BIOLINK_PREFIXES[prefix]}:{local}" if prefix in BIOLINK_PREFIXES else None


def _own_alignment(schema: Schema, iri: str) -> str | None:
    if iri.startswith(BIOLINK):
        return iri
    for match in _ALIGNMENTS:
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
    >>> predicate_for(package_schema(), str(DKV.hasRiskOf))
    'https://w3id.org/biolink/vocab/predisposes_to_condition'
    """
    for candidate in (property_iri, *schema.ancestors(property_iri)):
        found = PREDICATE_FALLBACKS.get(candidate) or _own_alignment(schema, candidate)
        if found:
            return found
    return RELATED_TO
