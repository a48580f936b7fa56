"""The class members added from WHO ATC and FDA sources: membership, provenance, separation from the article."""

from __future__ import annotations

import pyoxigraph as ox

from kg.loading import load_file
from kg.namespaces import DK, DKV
from kg.paths import DATA_DIR

MEMBERS_FILE = DATA_DIR / "class-members.trig"
SOURCE = "https://w3id.org/drugkg/source/"
ARTICLE = SOURCE + "clonazepam-depression-article"

EXPECTED_MEMBERSHIP = {
    ("sertraline", "ssri", "who-atc/N06AB"),
    ("fluoxetine", "ssri", "who-atc/N06AB"),
    ("citalopram", "ssri", "who-atc/N06AB"),
    ("paroxetine", "ssri", "who-atc/N06AB"),
    ("escitalopram", "ssri", "fda-label/lexapro-indications"),
    ("venlafaxine", "snri", "fda-label/effexor-xr-indications"),
    ("duloxetine", "snri", "fda-label/cymbalta-indications"),
    ("diazepam", "benzodiazepine", "who-atc/N05BA"),
    ("lorazepam", "benzodiazepine", "who-atc/N05BA"),
    ("alprazolam", "benzodiazepine", "who-atc/N05BA"),
    ("oxycodone", "opioid", "who-atc/N02A"),
    ("morphine", "opioid", "who-atc/N02A"),
    ("fentanyl", "opioid", "who-atc/N02A"),
    ("tramadol", "opioid", "who-atc/N02A"),
    ("codeine", "opioid", "fda-dsc-2018-01-11-opioid-cough-cold/safety-announcement"),
    ("hydrocodone", "opioid", "fda-dsc-2018-01-11-opioid-cough-cold/safety-announcement"),
    ("methadone", "opioid", "fda-label/dolophine-mechanism"),
    # the 2016 communication extends the warning to other CNS depressants, alcohol included
    ("alcohol", "cns-depressant", "fda-dsc-2016-08-31-opioids-benzodiazepines/safety-announcement"),
}


def _members_store() -> ox.Store:
    store = ox.Store()
    load_file(store, MEMBERS_FILE)
    return store


def test_membership_and_its_source() -> None:
    found = {
        (
            q.subject.value.removeprefix(str(DK)),
            q.object.value.removeprefix(str(DK)),
            q.graph_name.value.removeprefix(SOURCE),
        )
        for q in _members_store().quads_for_pattern(None, ox.NamedNode(DKV.memberOf), None, None)
    }
    assert found == EXPECTED_MEMBERSHIP


def test_fda_2016_communication_facts() -> None:
    graph = ox.NamedNode(SOURCE + "fda-dsc-2016-08-31-opioids-benzodiazepines/safety-announcement")
    store = _members_store()
    triples = {
        (q.subject.value, q.predicate.value, q.object.value) for q in store.quads_for_pattern(None, None, None, graph)
    }
    interaction = str(DK["interaction-opioids-benzodiazepines"])
    assert (str(DK.benzodiazepine), str(DKV.kindOf), str(DK["cns-depressant"])) in triples
    assert {o for s, p, o in triples if s == interaction and p == str(DKV.hasOutcome)} == {
        str(DK[name]) for name in ("extreme-sleepiness", "respiratory-depression", "coma", "death")
    }
    assert {o for s, p, o in triples if s == interaction and p == str(DKV.participant)} == {
        str(DK.opioid),
        str(DK.benzodiazepine),
    }


def test_no_addition_is_filed_under_the_article() -> None:
    graphs = {q.graph_name.value for q in _members_store() if isinstance(q.graph_name, ox.NamedNode)}
    assert not {g for g in graphs if g.startswith(ARTICLE)}


def test_every_new_source_section_points_to_its_document_online() -> None:
    store = _members_store()
    rows = store.query(
        "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX dkv: <https://w3id.org/drugkg/vocab/> "
        "SELECT ?section WHERE { ?section a dkv:SourceSection . "
        "FILTER NOT EXISTS { { ?section dcterms:source ?url } "
        "UNION { ?section dcterms:isPartOf/dcterms:source ?url } } }",
        use_default_graph_as_union=True,
    )
    # who-atc sections name their own page; the document dks:who-atc is described in identifiers.trig
    assert [row["section"].value for row in rows] == []


#: class-members as first written: every class of a kind below dkv:DrugClass (at any depth) left out by
#: a NOT EXISTS walking the hierarchy for each class (seconds on the full graph; the library's text
#: finds the kinds once). Both must give the same rows.
CLASS_MEMBERS_AS_FIRST_WRITTEN = """
SELECT DISTINCT ?class ?classLabel ?member ?memberLabel ?relation
WHERE {
  ?class a dkv:DrugClass ; rdfs:label ?classLabel .
  FILTER NOT EXISTS { ?class a ?kind . ?kind rdfs:subClassOf+ dkv:DrugClass . FILTER (?kind != dkv:TherapeuticClass) }
  { ?member dkv:memberOf ?class . BIND ("member" AS ?relation) }
  UNION
  { ?member dkv:kindOf ?class . BIND ("narrower class" AS ?relation) }
  ?member rdfs:label ?memberLabel .
}
"""


def test_class_members_query_answers_as_first_written_on_the_full_graph(full_local_store) -> None:
    from kg.query.library import load_query

    library = full_local_store.query(load_query("class-members"))
    reference = full_local_store.query(CLASS_MEMBERS_AS_FIRST_WRITTEN)
    assert library.display_rows() == reference.display_rows()
    classes = {row[0] for row in library.display_rows()}
    assert classes >= {"dk:ssri", "dk:benzodiazepine", "dk:opioid"}
    assert not {name for name in classes if name.startswith(("dk:chebi-", "dk:ndfrt-", "dk:mesh-"))}


def test_the_kinds_of_drug_class_are_at_most_two_levels_deep(full_local_store) -> None:
    """class-members finds the kinds two levels down from dkv:DrugClass (no property path: Virtuoso
    drops one inside MINUS); a deeper kind would need the query changed."""
    deeper = full_local_store.query(
        "SELECT ?kind WHERE { ?kind rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf+ dkv:DrugClass }"
    )
    assert deeper.rows == []
    kinds = full_local_store.query("SELECT ?kind WHERE { ?kind rdfs:subClassOf+ dkv:DrugClass }")
    assert {row[0] for row in kinds.display_rows()} == {
        "dkv:ChebiRole",
        "dkv:FdaChemicalStructureClass",
        "dkv:FdaEstablishedPharmacologicClass",
        "dkv:FdaMechanismOfActionClass",
        "dkv:FdaPhysiologicEffectClass",
        "dkv:MeshPharmacologicAction",
        "dkv:TherapeuticClass",
    }
