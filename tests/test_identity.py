"""One node per concept (kg/sources/identity.py and the curated identifiers): each test names the
trap it guards against."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.graph_facts import RDFS_LABEL, SKOS_ALT_LABEL, SKOS_CLOSE_MATCH, SKOS_EXACT_MATCH
from kg.namespaces import DK, DKV
from kg.sources.identity import PARENT_DRUGS

SKOS_RELATED_MATCH = "http://www.w3.org/2004/02/skos/core#relatedMatch"
SKOS_EDITORIAL_NOTE = "http://www.w3.org/2004/02/skos/core#editorialNote"
PHARMACOTHERAPYDB = "https://w3id.org/drugkg/source/pharmacotherapydb/1.0/"


@pytest.fixture(scope="module")
def imported() -> ox.Store:
    """The curated facts, the four imports and the mappings, without reasoning."""
    from kg.compile.pipeline import compile_dataset
    from kg.sources import import_sources

    store = compile_dataset()
    import_sources(store)
    return store


def nn(iri: object) -> ox.NamedNode:
    return iri if isinstance(iri, ox.NamedNode) else ox.NamedNode(str(iri))


def objects(store: ox.Store, s: object, p: object, graph: str | None = None) -> set[str]:
    g = None if graph is None else ox.NamedNode(graph)
    return {q.object.value for q in store.quads_for_pattern(nn(s), nn(p), None, g)}


def subjects(store: ox.Store, p: object, o: str) -> set[str]:
    return {q.subject.value for q in store.quads_for_pattern(None, nn(p), nn(o), None)}


# -- the article's conditions are the Disease Ontology terms ---------------------------------------


@pytest.mark.parametrize(
    ("curated", "doid", "do_label"),
    [("depression", "1470", "major depressive disorder"), ("seizure-disorder", "1826", "epilepsy")],
)
def test_curated_condition_is_the_disease_ontology_term(imported, curated: str, doid: str, do_label: str) -> None:
    """Trap: two parallel nodes (dk:depression and dk:doid-1470) that PharmacotherapyDB's rows never join."""
    assert subjects(imported, SKOS_EXACT_MATCH, f"http://purl.obolibrary.org/obo/DOID_{doid}") == {str(DK[curated])}
    assert not list(imported.quads_for_pattern(nn(DK[f"doid-{doid}"]), None, None, None))
    assert not subjects(imported, SKOS_CLOSE_MATCH, str(DK[f"doid-{doid}"]))  # the old close match is gone
    assert do_label in objects(imported, DK[curated], SKOS_ALT_LABEL)
    assert len(objects(imported, DK[curated], RDFS_LABEL)) == 1  # the curated label stays the one label


def test_pharmacotherapydb_rows_reach_the_article_conditions(imported) -> None:
    """Clonazepam's epilepsy row is on the article's seizure disorder; endogenous depression is a kind of
    the article's clinical depression."""
    graph = PHARMACOTHERAPYDB + "indications"
    assert str(DK["seizure-disorder"]) in objects(imported, DK.clonazepam, DKV.treats, graph)
    assert objects(imported, DK["doid-1595"], DKV.kindOf) == {str(DK.depression)}


def test_changed_disease_label_is_flagged_with_the_source_label(imported) -> None:
    """Trap: DOID:14221 reads "abdominal obesity-metabolic syndrome 1" where PharmacotherapyDB meant
    metabolic syndrome X; the source's label stays in its graph and a note says the meaning changed."""
    entity = DK["doid-14221"]
    assert objects(imported, entity, RDFS_LABEL) == {"abdominal obesity-metabolic syndrome 1"}
    assert objects(imported, entity, SKOS_ALT_LABEL, PHARMACOTHERAPYDB + "diseases") == {"metabolic syndrome X"}
    (note,) = objects(imported, entity, SKOS_EDITORIAL_NOTE)
    assert "metabolic syndrome X" in note and "changed meaning" in note
    assert not objects(imported, DK["doid-1595"], SKOS_EDITORIAL_NOTE)  # a plain synonym is not flagged


# -- DrugBank ids DrugCentral gives to several drugs --------------------------------------------


@pytest.mark.parametrize(
    ("drugbank", "label", "form", "form_label"),
    [
        ("DB01356", "lithium", "drugcentral-4512", "lithium citrate"),
        ("DB00199", "erythromycin", "drugcentral-1052", "erythromycin propionate"),
        ("DB00415", "ampicillin", "drugcentral-2554", "talampicillin"),
        ("DB01053", "benzylpenicillin", "drugcentral-2077", "penamecillin"),
        ("DB01112", "cefuroxime", "drugcentral-566", "cefuroxime axetil"),
        ("DB00300", "tenofovir", "drugcentral-2593", "tenofovir disoproxil"),
        ("DB01129", "rabeprazole", "drugcentral-4335", "clofezone"),
        ("DB00391", "sulpiride", "drugcentral-1577", "levosulpiride"),
    ],
)
def test_parent_drug_gets_the_drugbank_id_and_forms_keep_their_own_entity(
    imported, drugbank: str, label: str, form: str, form_label: str
) -> None:
    """Trap: the id dropped whole (lithium with no class), or a salt merged into its parent."""
    xref = f"http://identifiers.org/drugbank/{drugbank}"
    # lithium's parent is the curated dk:lithium (one node per concept); the others keep the derived IRI
    parent = DK["lithium"] if drugbank == "DB01356" else DK[f"drugbank-{drugbank}"]
    assert subjects(imported, SKOS_EXACT_MATCH, xref) == {str(parent)}
    assert objects(imported, parent, RDFS_LABEL) == {label}
    assert objects(imported, parent, DKV.memberOf)  # the parent's classes are DrugCentral's
    assert objects(imported, DK[form], RDFS_LABEL) == {form_label}
    assert xref in objects(imported, DK[form], SKOS_RELATED_MATCH)
    assert xref not in objects(imported, DK[form], SKOS_EXACT_MATCH)


def test_lithium_keeps_drugbank_name_and_the_salt_name_as_synonym(imported) -> None:
    lithium = DK["lithium"]
    assert objects(imported, lithium, SKOS_ALT_LABEL) == {"lithium carbonate"}
    assert "http://drugcentral.org/drugcard/4207" in objects(imported, lithium, SKOS_EXACT_MATCH)


def test_every_parent_drug_is_checked_by_name_and_unii() -> None:
    """PARENT_DRUGS names its DrugCentral drug and UNII; the build refuses a table that does not match."""
    from kg.sources.identity import _check_parents, _drugcentral_drugs, _drugcentral_uniis

    _check_parents(_drugcentral_drugs(), _drugcentral_uniis())
    assert len(PARENT_DRUGS) == 23
    assert PARENT_DRUGS["DB01356"].unii == "2BMD2GNA4V"


def test_ambiguous_id_that_no_rule_resolves_stays_unlinked(imported) -> None:
    """Trap: guessing a parent. DB01344 (polystyrene sulfonate) has three salts and no parent."""
    xref = "http://identifiers.org/drugbank/DB01344"
    assert subjects(imported, SKOS_EXACT_MATCH, xref) == set()
    assert subjects(imported, SKOS_RELATED_MATCH, xref) == {
        str(DK["drugcentral-4487"]),
        str(DK["drugcentral-4798"]),
        str(DK["drugcentral-4871"]),
    }


# -- DrugCentral drugs without a DrugBank id --------------------------------------------------------


def test_drugcentral_drug_without_drugbank_id_is_imported_under_its_drugcentral_id(imported) -> None:
    """Trap: the 2,077 drugs of DrugCentral with no DrugBank id dropped."""
    opicapone = DK["drugcentral-5143"]
    assert objects(imported, opicapone, RDFS_LABEL) == {"opicapone"}
    assert str(DKV.Drug) in objects(imported, opicapone, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert objects(imported, opicapone, SKOS_EXACT_MATCH) >= {"http://drugcentral.org/drugcard/5143"}


# -- salt and ingredient ids are close matches, never exact ---------------------------------------------


def test_salt_unii_is_a_close_match(imported) -> None:
    """Trap: norepinephrine skos:exactMatch UNII:IFY5PE3ZRW, a salt's UNII."""
    unii = "http://identifiers.org/unii/IFY5PE3ZRW"
    found = {q.predicate.value for q in imported.quads_for_pattern(None, None, ox.NamedNode(unii), None)}
    assert SKOS_EXACT_MATCH.value not in found


def test_no_id_is_the_exact_match_of_two_entities(imported) -> None:
    """Trap: a drug exact-matched to the NDF-RT "[Chemical/Ingredient]" class of the same id; two
    NDF-RT ids on one node; dk:antidepressant and the ChEBI role merged through CHEBI:35469."""
    rows = imported.query(
        "SELECT ?t WHERE { ?a <http://www.w3.org/2004/02/skos/core#exactMatch> ?t . "
        "?b <http://www.w3.org/2004/02/skos/core#exactMatch> ?t . FILTER(?a != ?b) } LIMIT 5",
        use_default_graph_as_union=True,
    )
    assert [row["t"].value for row in rows] == []
    ndfrt = "http://purl.bioontology.org/ontology/NDFRT/"
    norepinephrine = objects(imported, DK.norepinephrine, SKOS_EXACT_MATCH)
    assert not {o for o in norepinephrine if o.startswith(ndfrt)}
    assert "http://purl.obolibrary.org/obo/CHEBI_35469" in objects(imported, DK.antidepressant, SKOS_CLOSE_MATCH)


# -- imported classes have plain names ------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity", "plain"),
    [("ndfrt-N0000175430", "atypical antipsychotic")],
)
def test_fda_class_has_its_plain_name(imported, entity: str, plain: str) -> None:
    assert objects(imported, DK[entity], SKOS_ALT_LABEL) == {plain}


def test_plain_name_never_takes_a_curated_name(imported) -> None:
    """Trap: "benzodiazepine" made ambiguous by the FDA class Benzodiazepine [EPC], or "mood
    stabilizer" by Mood Stabilizer [EPC]: the curated classes (dk:benzodiazepine, and dk:mood-stabilizer
    of the lithium interactions) carry those names. The FDA mood stabilizer class stays apart, unmapped:
    its DrugCentral members are valproic acid, lamotrigine and carbamazepine, not lithium, so the
    curated class's lithium facts must not reach them."""
    assert objects(imported, DK["ndfrt-N0000175694"], SKOS_ALT_LABEL) == set()
    assert objects(imported, DK["ndfrt-N0000175751"], SKOS_ALT_LABEL) == set()
    assert objects(imported, DK["ndfrt-N0000175751"], RDFS_LABEL) == {"Mood Stabilizer [EPC]"}
