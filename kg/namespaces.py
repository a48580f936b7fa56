"""Namespaces and the one prefix map of drugkg.

``DKV`` is closed: a term missing from the vocabulary raises ``AttributeError`` at import of the
code that uses it (a test checks it matches ``ontology/drugkg.ttl`` term for term).

>>> CONVERTER.compress(str(DK.clonazepam))
'dk:clonazepam'
>>> CONVERTER.expand("dkv:treats")
'https://w3id.org/drugkg/vocab/treats'
"""

from __future__ import annotations

import curies
from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

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
]

BASE = "https://w3id.org/drugkg/"


class DKV(DefinedNamespace):
    """The drugkg vocabulary (TBox)."""

    _NS = Namespace(BASE + "vocab/")
    _fail = True

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
GRAPH_ONTOLOGY = URIRef(BASE + "vocab")
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

CONVERTER = curies.Converter.from_prefix_map(PREFIXES)
