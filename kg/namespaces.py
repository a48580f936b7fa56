"""Namespaces and the one prefix map of drugkg.

``DKV`` is closed: a term missing from the vocabulary raises ``AttributeError`` at import of the
code that uses it (a test checks it matches ``ontology/drugkg.ttl`` term for term).

Terms are plain strings (IRIs); neither rdflib nor curies is imported here, so commands that need
neither start fast. ``CONVERTER`` (a :class:`curies.Converter` of :data:`PREFIXES`) is made on first use.

>>> from kg.namespaces import CONVERTER
>>> CONVERTER.compress(str(DK.clonazepam))
'dk:clonazepam'
>>> CONVERTER.expand("dkv:treats"), expand_curie("dkv:treats")
('https://w3id.org/drugkg/vocab/treats', 'https://w3id.org/drugkg/vocab/treats')
>>> DK["cns-depressant"], str(DKV)
('https://w3id.org/drugkg/entity/cns-depressant', 'https://w3id.org/drugkg/vocab/')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import curies

__all__ = [
    "BASE",
    "CONVERTER",
    "DK",
    "DKG",
    "DKR",
    "DKS",
    "DKV",
    "GRAPH_ONTOLOGY",
    "GRAPH_RULES",
    "GRAPH_SOURCES",
    "INFERRED_GRAPH_PREFIX",
    "PREFIXES",
    "PUSH",
    "Namespace",
    "expand_curie",
]

BASE = "https://w3id.org/drugkg/"


#: An IRI (a plain string).
URIRef = str


class Namespace(str):
    """An IRI namespace: ``NS.name`` and ``NS["name"]`` are the IRIs ``NS + name`` (strings)."""

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        return str(self) + name

    def __getitem__(self, name: Any) -> str:  # type: ignore[override]  # a term, not a character
        return str(self) + name


class _ClosedNamespace(type):
    """A namespace of the names annotated in the class body: any other name raises ``AttributeError``."""

    _NS: str

    def __getattr__(cls, name: str) -> str:
        if name.startswith("_") or name not in vars(cls).get("__annotations__", {}):
            raise AttributeError(f"term {name!r} is not in the closed namespace {cls._NS}")
        return cls._NS + name

    def __getitem__(cls, name: str) -> str:
        return cls.__getattr__(name)

    def __str__(cls) -> str:
        return cls._NS

    def __add__(cls, name: str) -> str:
        """``DKV + "treats"``: an IRI of the namespace (any name: for text that is checked elsewhere)."""
        return cls._NS + name


class DKV(metaclass=_ClosedNamespace):
    """The drugkg vocabulary (TBox)."""

    _NS = BASE + "vocab/"

    # classes
    Activity: URIRef
    AdjunctUse: URIRef
    AdverseEffect: URIRef
    ChebiRole: URIRef
    ChemicalOrDrugClass: URIRef
    ClinicalFinding: URIRef
    Condition: URIRef
    DiseaseOrFinding: URIRef
    Drug: URIRef
    DrugClass: URIRef
    DrugInteraction: URIRef
    EffectStatement: URIRef
    FdaChemicalStructureClass: URIRef
    FdaEstablishedPharmacologicClass: URIRef
    FdaMechanismOfActionClass: URIRef
    FdaPhysiologicEffectClass: URIRef
    IndicationAssessment: URIRef
    Dispute: URIRef
    InferenceRule: URIRef
    InferredGraph: URIRef
    InheritedByMembers: URIRef
    Intervention: URIRef
    Mechanism: URIRef
    MeshPharmacologicAction: URIRef
    Neurotransmitter: URIRef
    ParadoxicalEffect: URIRef
    Procedure: URIRef
    SourceDocument: URIRef
    SourceSection: URIRef
    Substance: URIRef
    Symptom: URIRef
    Target: URIRef
    TargetAction: URIRef
    TherapeuticClass: URIRef
    Therapy: URIRef
    # object properties
    actionAgent: URIRef
    actionTarget: URIRef
    actsOn: URIRef
    adjunctAgent: URIRef
    adjunctTo: URIRef
    approvedFor: URIRef
    disputes: URIRef
    assessedCondition: URIRef
    assessedDrug: URIRef
    discontinuationManagedBy: URIRef
    effectOf: URIRef
    firstLineFor: URIRef
    generatedByRule: URIRef
    hasAssociatedSymptom: URIRef
    hasBoxedWarningFor: URIRef
    hasCommonSideEffect: URIRef
    hasMechanism: URIRef
    hasOutcome: URIRef
    hasParadoxicalEffect: URIRef
    hasRiskOf: URIRef
    hasSideEffect: URIRef
    hasTarget: URIRef
    hasWithdrawalSymptom: URIRef
    indication: URIRef
    interactionMechanism: URIRef
    interactsWith: URIRef
    kindOf: URIRef
    makesUnsafe: URIRef
    managedBy: URIRef
    memberOf: URIRef
    oftenCombinedWith: URIRef
    participant: URIRef
    primaryTreatment: URIRef
    relieves: URIRef
    statedEffect: URIRef
    symptomaticTreatmentFor: URIRef
    treats: URIRef
    usedAsAdjunctIn: URIRef
    # data and annotation properties
    actionType: URIRef
    brandName: URIRef
    contraindicated: URIRef
    curatorCount: URIRef
    durationOfAction: URIRef
    effectKind: URIRef
    geneSymbol: URIRef
    indicationCategory: URIRef
    intendedDuration: URIRef
    lifeThreatening: URIRef
    mentionEnd: URIRef
    mentionStart: URIRef
    mentionText: URIRef
    onsetOfEffect: URIRef
    population: URIRef
    resourceCount: URIRef
    responseWindowMaxWeeks: URIRef
    responseWindowMinWeeks: URIRef
    severity: URIRef


DK = Namespace(BASE + "entity/")
DKS = Namespace(BASE + "source/")
DKG = Namespace(BASE + "graph/")
DKR = Namespace(BASE + "rule/")
#: The terms of the manifest ``drugkg push`` writes (:mod:`kg.remote.manifest`).
PUSH = BASE + "push/"

#: The named graph holding the vocabulary; its IRI is the ontology's IRI.
GRAPH_ONTOLOGY = BASE + "vocab"
#: The named graph describing source documents and their sections.
GRAPH_SOURCES = DKG.sources
#: The named graph describing the inference rules.
GRAPH_RULES = DKG.rules
#: Inferred graphs are named ``INFERRED_GRAPH_PREFIX + rule name``.
INFERRED_GRAPH_PREFIX = BASE + "inferred/"

PREFIXES: dict[str, str] = {
    "dk": str(DK),
    "dkv": str(DKV),
    "dks": str(DKS),
    "dkg": str(DKG),
    "dkr": str(DKR),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "sh": "http://www.w3.org/ns/shacl#",
    "obo": "http://purl.obolibrary.org/obo/",
    "biolink": "https://w3id.org/biolink/vocab/",
    "RO": "http://purl.obolibrary.org/obo/RO_",
    "CHEBI": "http://purl.obolibrary.org/obo/CHEBI_",
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
    "DOID": "http://purl.obolibrary.org/obo/DOID_",
    "HP": "http://purl.obolibrary.org/obo/HP_",
    "drugbank": "http://identifiers.org/drugbank/",
    "wikidata": "http://www.wikidata.org/entity/",
    "mesh": "http://id.nlm.nih.gov/mesh/",
    "ATC": "http://purl.bioontology.org/ontology/ATC/",
    "pubchem.compound": "http://identifiers.org/pubchem.compound/",
    "UNII": "http://identifiers.org/unii/",
    # registries of the imported open datasets (bioregistry's prefixes; IRIs as identifiers.org,
    # BioPortal or the registry's own linked-data namespace gives them)
    "chembl.compound": "http://identifiers.org/chembl.compound/",
    "drugcentral": "http://drugcentral.org/drugcard/",
    "inn": "https://mednet-communities.net/inn/db/ViewINN.aspx?i=",
    "iuphar.ligand": "http://identifiers.org/iuphar.ligand/",
    "ndfrt": "http://purl.bioontology.org/ontology/NDFRT/",
    "pdb-ccd": "http://identifiers.org/pdb-ccd/",
    "uniprot": "http://purl.uniprot.org/uniprot/",
    "vandf": "http://purl.bioontology.org/ontology/VANDF/",
}


def expand_curie(text: str) -> str | None:
    """The IRI of the CURIE ``text`` under :data:`PREFIXES` (None if its prefix is not there), as
    ``CONVERTER.expand`` gives it, without loading curies."""
    prefix, sep, local = text.partition(":")
    namespace = PREFIXES.get(prefix) if sep else None
    return None if namespace is None else namespace + local


CONVERTER: curies.Converter


def __getattr__(name: str) -> Any:
    """``CONVERTER``, made (and curies imported) on first use."""
    if name == "CONVERTER":
        import curies

        converter = curies.Converter.from_prefix_map(PREFIXES)
        globals()["CONVERTER"] = converter
        return converter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
