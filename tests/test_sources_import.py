"""The importers: every row read is represented or reported with its reason, one entity per real
thing (drugs on DrugBank ids, diseases on DOIDs), and the facts each source gives."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.graph_facts import RDFS_LABEL, SKOS_ALT_LABEL, SKOS_EXACT_MATCH
from kg.namespaces import DK, DKV
from kg.sources import IMPORTERS
from kg.sources.importer import ImportReport

DRUGCENTRAL = "https://w3id.org/drugkg/source/drugcentral/2016-11/"
PHARMACOTHERAPYDB = "https://w3id.org/drugkg/source/pharmacotherapydb/1.0/"
DISEASE_ONTOLOGY = "https://w3id.org/drugkg/source/disease-ontology/2026-08/"


@pytest.fixture(scope="module")
def imported() -> tuple[ox.Store, dict[str, ImportReport]]:
    """The curated facts and the four imports, without reasoning."""
    from kg.compile.pipeline import compile_dataset
    from kg.sources import import_sources

    store = compile_dataset()
    reports = import_sources(store)
    return store, {report.source: report for report in reports}


def nn(iri: object) -> ox.NamedNode:
    return iri if isinstance(iri, ox.NamedNode) else ox.NamedNode(str(iri))


def objects(store: ox.Store, s: object, p: object, graph: str | None = None) -> set[str]:
    g = None if graph is None else ox.NamedNode(graph)
    return {q.object.value for q in store.quads_for_pattern(nn(s), nn(p), None, g)}


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_every_row_is_represented_or_reported(imported, importer) -> None:
    _, reports = imported
    report = reports[importer.name]
    manifest_rows = {entry.file.removesuffix(".gz"): entry.rows for entry in importer.manifest.files}
    assert report.unaccounted() == {name: 0 for name in report.files}
    for name, count in report.files.items():
        assert count.read == manifest_rows[name], name
        assert count.represented + sum(1 for u in report.unmapped if u.file == name and not u.partial) == count.read
    assert all(row.reason for row in report.unmapped)
    assert report.facts > 0


def test_the_counts_of_each_source(imported) -> None:
    _, reports = imported
    summary = {
        name: (report.rows_read, report.rows_unmapped, len(report.unmapped) - report.rows_unmapped)
        for name, report in reports.items()
    }
    assert summary == {
        "disease-ontology": (12296 + 4023, 11, 8),
        "mesh": (1012, 0, 0),
        "drugcentral": (17096 + 2373 + 61547, 24224, 202),
        "pharmacotherapydb": (97 + 601 + 1388, 0, 0),
        # 239 label sections; 32 of labels with no single drug (combinations, ingredients not in the
        # graph); 182 animal findings and 3 drug-class mentions reported as parts of rows
        "spl-adr-200db": (239, 32, 185),
    }


@pytest.mark.parametrize(
    ("source", "file", "reason", "count"),
    [
        ("drugcentral", "identifiers.tsv", "the DrugCentral drug has no DrugBank id", 0),
        ("drugcentral", "identifiers.tsv", "is given for several DrugCentral drugs", 6),  # DB01344, DB11101
        ("drugcentral", "identifiers.tsv", "SNOMED CT identifier: a licensed terminology", 4715),
        ("drugcentral", "identifiers.tsv", "KEGG DRUG identifier", 3511),
        ("disease-ontology", "MESHinDO.tsv", "is not a term of HumanDO.tsv (obsolete or unknown)", 11),
        ("disease-ontology", "HumanDO.tsv", "the parent 'disease' is not a term of the file", 8),
    ],
)
def test_unmapped_rows_name_their_reason(imported, source: str, file: str, reason: str, count: int) -> None:
    _, reports = imported
    assert sum(1 for u in reports[source].unmapped if u.file == file and reason in u.reason) == count


# -- one entity per real thing ---------------------------------------------------------------


def test_curated_drug_is_the_imported_drug_and_keeps_its_label(imported) -> None:
    store, _ = imported
    assert objects(store, DK.clonazepam, RDFS_LABEL) == {"clonazepam"}
    assert objects(store, DK.clonazepam, SKOS_EXACT_MATCH, DRUGCENTRAL + "identifiers") >= {
        "http://identifiers.org/drugbank/DB01068",
        "http://drugcentral.org/drugcard/703",
        "http://id.nlm.nih.gov/mesh/D002998",
        "http://purl.obolibrary.org/obo/CHEBI_3756",
    }
    # an ingredient id (UNII) may name a salt: a close match only
    assert "http://identifiers.org/unii/5PE9FDE8GB" in objects(
        store, DK.clonazepam, "http://www.w3.org/2004/02/skos/core#closeMatch", DRUGCENTRAL + "identifiers"
    )
    # DrugCentral's "clonazepam" and PharmacotherapyDB's "Clonazepam" differ only by case: no synonym
    assert objects(store, DK.clonazepam, SKOS_ALT_LABEL) == set()
    # a name that differs becomes a synonym: DrugCentral's "ethanol" for the curated "alcohol"
    assert objects(store, DK.alcohol, RDFS_LABEL) == {"alcohol"}
    assert objects(store, DK["drugbank-DB01068"], RDFS_LABEL) == set()


@pytest.mark.parametrize(
    ("drugbank", "entity", "label"),
    [
        ("DB00231", "drugbank-DB00231", "temazepam"),  # not camazepam: its only DrugBank id
        ("DB01183", "naloxone", "naloxone"),  # curated; not naloxegol, which has another id
        ("DB00186", "lorazepam", "lorazepam"),  # curated; not lormetazepam (the curated name)
        ("DB00295", "morphine", "morphine"),  # curated; not diamorphine
        ("DB00277", "drugbank-DB00277", "theophylline"),  # its known DrugBank name
        ("DB01223", "drugbank-DB01223", "Aminophylline"),  # theophylline's other id, named by PharmacotherapyDB
        ("DB00368", "norepinephrine", "norepinephrine"),  # curated neurotransmitter, not droxidopa
    ],
)
def test_drugbank_ids_shared_or_several_are_resolved_by_the_rules(imported, drugbank, entity, label) -> None:
    store, _ = imported
    iri = DK[entity]
    assert objects(store, iri, RDFS_LABEL) == {label}
    xref = nn(f"http://identifiers.org/drugbank/{drugbank}")
    holders = {q.subject.value for q in store.quads_for_pattern(None, SKOS_EXACT_MATCH, xref, None)}
    assert holders == {str(iri)}


def test_ambiguous_drugbank_ids_go_to_the_parent_drug_and_the_other_holder_keeps_its_own_entity(imported) -> None:
    """DB01129 is given to rabeprazole and clofezone: rabeprazole gets it (PARENT_DRUGS), clofezone
    stays its own DrugCentral entity, related to the id but never its exact match."""
    store, reports = imported
    xref = nn("http://identifiers.org/drugbank/DB01129")
    assert {q.subject.value for q in store.quads_for_pattern(None, SKOS_EXACT_MATCH, xref, None)} == {
        str(DK["drugbank-DB01129"])
    }
    assert objects(store, DK["drugbank-DB01129"], RDFS_LABEL) == {"rabeprazole"}
    assert objects(store, DK["drugcentral-4335"], RDFS_LABEL) == {"clofezone"}
    assert objects(store, DK["drugcentral-4335"], "http://www.w3.org/2004/02/skos/core#relatedMatch") == {xref.value}
    reasons = {u.reason for u in reports["drugcentral"].unmapped if u.row.startswith("4335\t") and u.partial}
    assert reasons == {
        "DrugBank id DB01129 belongs to DrugCentral drug 2350 (rabeprazole) (its parent drug: clofezone is another "
        "drug, not a form of it): a skos:relatedMatch only"
    }


def test_disease_labels_come_from_the_2026_ontology_and_2016_names_are_synonyms(imported) -> None:
    store, _ = imported
    melancholic = DK["doid-1595"]
    assert objects(store, melancholic, RDFS_LABEL) == {"melancholic depression"}
    assert objects(store, melancholic, SKOS_ALT_LABEL, PHARMACOTHERAPYDB + "diseases") == {"endogenous depression"}
    # DOID:1470 (major depressive disorder) is the article's clinical depression
    assert objects(store, melancholic, DKV.kindOf, DISEASE_ONTOLOGY + "HumanDO") == {str(DK["depression"])}


def test_curated_disease_is_the_imported_disease(imported) -> None:
    store, _ = imported
    assert objects(store, DK["panic-disorder"], RDFS_LABEL) == {"panic disorder"}
    assert objects(store, DK["panic-disorder"], DKV.kindOf, DISEASE_ONTOLOGY + "HumanDO") == {str(DK["doid-2030"])}
    assert objects(store, DK["doid-594"], RDFS_LABEL) == set()


# -- what each source says ----------------------------------------------------------------------


def test_indication_categories(imported) -> None:
    store, _ = imported
    graph = PHARMACOTHERAPYDB + "indications"
    assert objects(store, DK.clonazepam, DKV.treats, graph) == {str(DK["seizure-disorder"])}  # DOID:1826
    assert str(DK["panic-disorder"]) in objects(store, DK.clonazepam, DKV.symptomaticTreatmentFor, graph)
    assessment = DK["indication-DB01068-doid-1826"]
    assert objects(store, assessment, DKV.indicationCategory) == {"DM"}
    assert objects(store, assessment, DKV.curatorCount) == {"1"}
    assert objects(store, assessment, DKV.resourceCount) == {"4"}
    negative = DK["indication-DB01068-doid-8398-not-treats"]
    assert objects(store, negative, "http://www.w3.org/2002/07/owl#assertionProperty") == {str(DKV.treats)}
    assert objects(store, negative, "http://www.w3.org/2002/07/owl#targetIndividual") == {str(DK["doid-8398"])}


def test_one_class_name_in_three_kinds_is_three_classes(imported) -> None:
    """ "central nervous system depressant": a MeSH action, a ChEBI role, and the article's class."""
    store, _ = imported
    mesh, chebi = DK["mesh-D002492"], DK["chebi-35488"]
    assert objects(store, mesh, RDFS_LABEL) == {"Central Nervous System Depressants [MeSH PA]"}
    assert objects(store, chebi, RDFS_LABEL) == {"central nervous system depressant [ChEBI role]"}
    assert objects(store, mesh, "http://purl.org/dc/terms/identifier") == {"D002492"}
    assert objects(store, chebi, "http://purl.org/dc/terms/identifier") == {"CHEBI:35488"}
    members = {q.subject.value for q in store.quads_for_pattern(None, nn(DKV.memberOf), nn(chebi), None)}
    assert str(DK.naloxone) in members  # in the ChEBI role only
    assert str(DK.naloxone) not in {
        q.subject.value for q in store.quads_for_pattern(None, nn(DKV.memberOf), nn(mesh), None)
    }


def test_target_with_action_type(imported) -> None:
    store, _ = imported
    target = DK["uniprot-P14867-P18507-P47870"]
    assert objects(store, DK.clonazepam, DKV.hasTarget) == {str(target)}
    assert objects(store, target, DKV.geneSymbol) == {"GABRA1", "GABRB2", "GABRG2"}
    action = DK["target-action-clonazepam-uniprot-P14867-P18507-P47870"]
    assert objects(store, action, DKV.actionType) == {"positive allosteric modulator"}
    assert objects(store, action, DKV.actionAgent) == {str(DK.clonazepam)}


def test_each_import_section_is_described_with_source_licence_and_version(imported) -> None:
    store, _ = imported
    rows = store.query(
        """PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX dkv: <https://w3id.org/drugkg/vocab/>
        SELECT ?section ?source ?licence ?version WHERE {
          ?section a dkv:SourceSection ; dcterms:isPartOf ?document ; dcterms:source ?source ;
            dcterms:license ?licence ; owl:versionInfo ?version . }""",
        use_default_graph_as_union=True,
    )
    described = {
        row["section"].value: (row["source"].value, row["licence"].value, row["version"].value) for row in rows
    }
    assert described[PHARMACOTHERAPYDB + "indications"] == (
        "https://github.com/dhimmel/indications/blob/11d535ba0884ee56c3cd5756fdfb4985f313bd80/catalog/indications.tsv",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "1.0",
    )
    assert described[DRUGCENTRAL + "pharm-class"][1:] == ("https://creativecommons.org/licenses/by/4.0/", "2016-11")
    graphs = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode) and "/2016-11/" in g.value}
    assert graphs <= set(described)
