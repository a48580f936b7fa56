"""PharmacotherapyDB 1.0: physician-curated drug–disease pairs.

Each pair becomes an :class:`~kg.namespaces.DKV` ``IndicationAssessment`` node (drug, disease,
category, how many curators and resources) and the fact its category states:

- ``DM`` (disease-modifying) -> ``drug dkv:treats disease``;
- ``SYM`` (symptomatic: the drug treats a significant symptom) -> ``drug dkv:symptomaticTreatmentFor
  disease``, which does not imply ``dkv:treats``;
- ``NOT`` (judged not an indication) -> two OWL negative property assertions: the drug does not
  treat the disease, and is not a symptomatic treatment for it either (neither category applies).

Drugs are the entities of their DrugBank ids (a curated one, or one DrugCentral named; else
PharmacotherapyDB's name labels it). Diseases are the entities of their DOIDs in the 2026 Disease
Ontology, which gives the label; the 2016 name becomes a synonym when it differs. A pair whose
drug or DOID is unknown is reported.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.graph_facts import OWL_NEGATIVE_PROPERTY_ASSERTION, SKOS_EXACT_MATCH
from kg.namespaces import DKV
from kg.sources.identity import ENTITY, drugbank_iri
from kg.sources.importer import ImportContext, ImportReport, SourceImporter, Writer

__all__ = ["CATEGORIES", "PharmacotherapyDbImporter"]

DRUGS_FILE = "drugs.tsv"
DISEASES_FILE = "diseases.tsv"
INDICATIONS_FILE = "indications.tsv"

#: Category code -> (what the curators judged, in words; the property it states, or None for NOT).
CATEGORIES: dict[str, tuple[str, ox.NamedNode | None]] = {
    "DM": ("disease-modifying", ox.NamedNode(str(DKV.treats))),
    "SYM": ("symptomatic", ox.NamedNode(str(DKV.symptomaticTreatmentFor))),
    "NOT": ("not an indication", None),
}

_OWL = "http://www.w3.org/2002/07/owl#"
_SOURCE_INDIVIDUAL = ox.NamedNode(_OWL + "sourceIndividual")
_ASSERTION_PROPERTY = ox.NamedNode(_OWL + "assertionProperty")
_TARGET_INDIVIDUAL = ox.NamedNode(_OWL + "targetIndividual")
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_DRUG = ox.NamedNode(str(DKV.Drug))
_ASSESSMENT = ox.NamedNode(str(DKV.IndicationAssessment))


class PharmacotherapyDbImporter(SourceImporter):
    """``drugs.tsv`` (DrugBank ids and names), ``diseases.tsv`` (DOIDs and 2016 names) and
    ``indications.tsv`` (the pairs). The per-category counts of the first two are sums of the third."""

    name = "pharmacotherapydb"
    folder = "pharmacotherapydb"

    def import_into(self, store: ox.Store, context: ImportContext) -> ImportReport:
        report = self.new_report()
        writer = Writer()
        self.describe(
            writer,
            f"PharmacotherapyDB {self.version}",
            "A catalogue of drug and disease pairs that physicians classified as disease-modifying, symptomatic "
            "or not an indication.",
            {
                DRUGS_FILE: ("PharmacotherapyDB drugs (drugs.tsv)", "The drugs of the catalogue by DrugBank id."),
                DISEASES_FILE: (
                    "PharmacotherapyDB diseases (diseases.tsv)",
                    "The diseases of the catalogue by Disease Ontology id, with their names of 2016.",
                ),
                INDICATIONS_FILE: (
                    "PharmacotherapyDB indications (indications.tsv)",
                    "The physician-curated drug and disease pairs with their category and the agreement behind them.",
                ),
            },
        )
        drugs = self._drugs(context, writer, report)
        self._diseases(context, writer, report)
        self._indications(context, writer, report, drugs)
        return self.finish(store, writer, report)

    def _drugs(self, context: ImportContext, writer: Writer, report: ImportReport) -> set[str]:
        graph = self.section(DRUGS_FILE)
        known = set()
        for line, row in self.rows(report, DRUGS_FILE):
            drugbank_id, name = row["drugbank_id"], row["drug"]
            if not (drugbank_id.startswith("DB") and drugbank_id[2:].isdigit()) or not name:
                report.unmappable(DRUGS_FILE, line, f"{drugbank_id!r} is not a DrugBank id, or no name", row)
                continue
            entity = ox.NamedNode(context.identities.drug(drugbank_id))
            self.name_entity(
                context, writer, entity, name, graph, _DRUG, f"A drug of PharmacotherapyDB, DrugBank {drugbank_id}."
            )
            writer.add(entity, SKOS_EXACT_MATCH, ox.NamedNode(drugbank_iri(drugbank_id)), graph)
            known.add(drugbank_id)
            report.represented(DRUGS_FILE)
        return known

    def _diseases(self, context: ImportContext, writer: Writer, report: ImportReport) -> None:
        graph = self.section(DISEASES_FILE)
        for line, row in self.rows(report, DISEASES_FILE):
            doid, name = row["doid_id"], row["disease"]
            if doid not in context.doids:
                report.unmappable(DISEASES_FILE, line, f"{doid} is not a term of the Disease Ontology release", row)
                continue
            self.add_synonym(context, writer, ox.NamedNode(context.identities.disease(doid)), name, graph)
            report.represented(DISEASES_FILE)

    def _indications(self, context: ImportContext, writer: Writer, report: ImportReport, drugs: set[str]) -> None:
        graph = self.section(INDICATIONS_FILE)
        for line, row in self.rows(report, INDICATIONS_FILE):
            doid, drugbank_id, category = row["doid_id"], row["drugbank_id"], row["category"]
            reason = None
            if drugbank_id not in drugs:
                reason = f"drug {drugbank_id} is not in {DRUGS_FILE}"
            elif doid not in context.doids:
                reason = f"{doid} is not a term of the Disease Ontology release"
            elif category not in CATEGORIES:
                reason = f"unknown category {category!r}"
            elif not (row["n_curators"].isdigit() and row["n_resources"].isdigit()):
                reason = "the curator or resource count is not a whole number"
            if reason is not None:
                report.unmappable(INDICATIONS_FILE, line, reason, row)
                continue
            drug = ox.NamedNode(context.identities.drug(drugbank_id))
            disease = ox.NamedNode(context.identities.disease(doid))
            drug_label = context.label_of(drug.value) or row["drug"]
            disease_label = context.label_of(disease.value) or row["disease"]
            verdict, stated = CATEGORIES[category]
            local = f"indication-{drugbank_id}-doid-{doid.removeprefix('DOID:')}"
            node = ox.NamedNode(ENTITY + local)
            writer.record(
                node,
                _ASSESSMENT,
                f"{drug_label} for {disease_label}: {verdict}",
                f"PharmacotherapyDB's curators judged {drug_label} {verdict} for {disease_label} "
                f"({row['n_curators']} curators, {row['n_resources']} resources).",
                [
                    (ox.NamedNode(str(DKV.assessedDrug)), drug),
                    (ox.NamedNode(str(DKV.assessedCondition)), disease),
                    (ox.NamedNode(str(DKV.indicationCategory)), ox.Literal(category)),
                    (ox.NamedNode(str(DKV.curatorCount)), ox.Literal(row["n_curators"], datatype=_XSD_INTEGER)),
                    (ox.NamedNode(str(DKV.resourceCount)), ox.Literal(row["n_resources"], datatype=_XSD_INTEGER)),
                ],
                graph,
            )
            if stated is not None:
                writer.add(drug, stated, disease, graph)
            else:
                for negated, words, suffix in (
                    (ox.NamedNode(str(DKV.treats)), "does not treat", "not-treats"),
                    (
                        ox.NamedNode(str(DKV.symptomaticTreatmentFor)),
                        "is not a symptomatic treatment for",
                        "not-symptomatic",
                    ),
                ):
                    negative = ox.NamedNode(f"{ENTITY}{local}-{suffix}")
                    writer.record(
                        negative,
                        OWL_NEGATIVE_PROPERTY_ASSERTION,
                        f"{drug_label} {words} {disease_label}",
                        f"Negative statement: PharmacotherapyDB's curators judged {drug_label} not an indication "
                        f"for {disease_label}, so it {words} it.",
                        [(_SOURCE_INDIVIDUAL, drug), (_ASSERTION_PROPERTY, negated), (_TARGET_INDIVIDUAL, disease)],
                        graph,
                    )
            report.represented(INDICATIONS_FILE)
