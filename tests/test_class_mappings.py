"""The curated mappings between the curated classes and the imported ones: which carry the curated

class facts to imported drugs, the traps that must not, and the reasons recorded in the data."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.analysis.medication_check import check
from kg.namespaces import DK, DKV, INFERRED_GRAPH_PREFIX


@pytest.fixture(scope="module")
def store(full_store):
    """This module checks the graph with the open datasets, as ``drugkg build`` makes it."""
    return full_store


MAPPINGS = "https://w3id.org/drugkg/source/drugkg-mappings/"
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DRUGCENTRAL_CLASSES = "DrugCentral pharmacologic classes (pharm_class.tsv) (DrugCentral (data release 2016-11))"
FDA_2016 = (
    "Safety announcement and boxed warning on opioids with benzodiazepines (FDA Drug Safety Communication "
    "(2016-08-31): serious risks and death when combining opioid pain or cough medicines with benzodiazepines)"
)
FULL_OPIOID_AGONISTS = (
    "Mapping: the FDA mechanism class Full Opioid Agonists is a kind of opioid "
    "(drugkg curated mappings to the open datasets)"
)


def nn(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def holds(store: ox.Store, s: object, p: object, o: object) -> bool:
    return next(iter(store.quads_for_pattern(nn(s), nn(p), nn(o), None)), None) is not None


def mapping_sections(store: ox.Store) -> dict[str, set[tuple[str, str, str]]]:
    found: dict[str, set[tuple[str, str, str]]] = {}
    for graph in store.named_graphs():
        if isinstance(graph, ox.NamedNode) and graph.value.startswith(MAPPINGS):
            found[graph.value] = {
                (q.subject.value, q.predicate.value, q.object.value)
                for q in store.quads_for_pattern(None, None, None, graph)
            }
    return found


def test_only_the_checked_classes_carry_curated_knowledge(store: ox.Store) -> None:
    kind_of = {t for triples in mapping_sections(store).values() for t in triples if t[1] == str(DKV.kindOf)}
    assert kind_of == {
        (str(DK["ndfrt-N0000175694"]), str(DKV.kindOf), str(DK.benzodiazepine)),
        (str(DK["ndfrt-N0000175684"]), str(DKV.kindOf), str(DK.opioid)),
        (str(DK["ndfrt-N0000175728"]), str(DKV.kindOf), str(DK["cns-depressant"])),
        (str(DK["ndfrt-N0000175752"]), str(DKV.kindOf), str(DK.antidepressant)),
        (str(DK["ndfrt-N0000175696"]), str(DKV.kindOf), str(DK.antidepressant)),
        (str(DK["ndfrt-N0000175749"]), str(DKV.kindOf), str(DK.snri)),
        # the kinds the warnings name (kg/data/warning-classes.trig, warning-interactions.trig)
        (str(DK["ndfrt-N0000175685"]), str(DKV.kindOf), str(DK.opioid)),
        (str(DK["ndfrt-N0000175430"]), str(DKV.kindOf), str(DK.antipsychotic)),
        (str(DK["ndfrt-N0000180182"]), str(DKV.kindOf), str(DK.antipsychotic)),
        (str(DK["ndfrt-N0000175693"]), str(DKV.kindOf), str(DK.barbiturate)),
        (str(DK["ndfrt-N0000175730"]), str(DKV.kindOf), str(DK["skeletal-muscle-relaxant"])),
        (str(DK["ndfrt-N0000175681"]), str(DKV.kindOf), str(DK["general-anesthetic"])),
        (str(DK["ndfrt-N0000175562"]), str(DKV.kindOf), str(DK["ace-inhibitor"])),
        (str(DK["ndfrt-N0000175561"]), str(DKV.kindOf), str(DK["angiotensin-receptor-blocker"])),
        (str(DK["ndfrt-N0000175419"]), str(DKV.kindOf), str(DK["thiazide-diuretic"])),
        (str(DK["ndfrt-N0000175765"]), str(DKV.kindOf), str(DK.triptan)),
        # kg/data/mappings/effect-class-mappings.trig: classes that only class-level effects need
        (str(DK["ndfrt-N0000175739"]), str(DKV.kindOf), str(DK["cns-stimulant"])),
        (str(DK["ndfrt-N0000175753"]), str(DKV.kindOf), str(DK.antiepileptic)),
        (str(DK["ndfrt-N0000175562"]), str(DKV.kindOf), str(DK["raas-acting-drug"])),
        (str(DK["ndfrt-N0000175561"]), str(DKV.kindOf), str(DK["raas-acting-drug"])),
        (str(DK["ndfrt-N0000175525"]), str(DKV.kindOf), str(DK["proton-pump-inhibitor"])),
        (str(DK["ndfrt-N0000175913"]), str(DKV.kindOf), str(DK["dpp4-inhibitor"])),
        (str(DK["ndfrt-N0000187059"]), str(DKV.kindOf), str(DK["sglt2-inhibitor"])),
        (str(DK["ndfrt-N0000180190"]), str(DKV.kindOf), str(DK.thiazolidinedione)),
        (str(DK["ndfrt-N0000175589"]), str(DKV.kindOf), str(DK.statin)),
        (str(DK["ndfrt-N0000175610"]), str(DKV.kindOf), str(DK["tnf-blocker"])),
        (str(DK["ndfrt-N0000175836"]), str(DKV.kindOf), str(DK["five-alpha-reductase-inhibitor"])),
        (str(DK["ndfrt-N0000175608"]), str(DKV.kindOf), str(DK.sulfonylurea)),
        (str(DK["ndfrt-N0000175586"]), str(DKV.kindOf), str(DK["low-molecular-weight-heparin"])),
        (str(DK["ndfrt-N0000175900"]), str(DKV.kindOf), str(DK["raas-acting-drug"])),
    }


def test_each_mapping_section_says_why_and_what_it_rests_on(store: ox.Store) -> None:
    sections = mapping_sections(store)
    assert len(sections) == 20 + 39  # class-mappings.trig, effect-class-mappings.trig
    for section in sections:
        node = nn(section)
        for predicate in ("http://www.w3.org/2000/01/rdf-schema#label", SKOS + "definition", DCTERMS + "source"):
            assert next(iter(store.quads_for_pattern(node, nn(predicate), None, None)), None) is not None, section


def test_every_mapped_class_exists(store: ox.Store) -> None:
    """A mapping to a class no import made would pass nothing on, silently."""
    label = nn("http://www.w3.org/2000/01/rdf-schema#label")
    for triples in mapping_sections(store).values():
        for s, _, o in triples:
            for iri in (s, o) if o.startswith("https://") else (s,):  # a note's text is no class
                assert next(iter(store.quads_for_pattern(nn(iri), label, None, None)), None) is not None, iri


# fluvoxamine is curated (an SSRI, its DrugBank id DB00176 meets the imported drug); buspirone is imported
@pytest.mark.parametrize("drug", ["fluvoxamine", "drugbank-DB00490"])
def test_mesh_cns_depressants_pass_nothing_on(store: ox.Store, drug: str) -> None:
    """MeSH's "Central Nervous System Depressants" lists fluvoxamine (an SSRI) and buspirone."""
    assert holds(store, DK[drug], DKV.memberOf, DK["mesh-D002492"])
    assert not holds(store, DK[drug], DKV.memberOf, DK["cns-depressant"])
    assert not holds(store, DK[drug], DKV.interactsWith, DK.clonazepam)


def test_clonazepam_with_fluvoxamine_warns_of_no_respiratory_depression(store: ox.Store) -> None:
    report = check(store, ["clonazepam", "fluvoxamine"])
    assert report.interactions == [] and report.duplicate_therapy == []
    assert all(str(DK["respiratory-depression"]) not in {o.iri for o in w.outcomes} for w in report.interactions)


@pytest.mark.parametrize("benzodiazepine", ["alprazolam", "clonazepam", "temazepam"])
def test_naloxone_never_inherits_opioid_dangers(store: ox.Store, benzodiazepine: str) -> None:
    """Naloxone is an FDA "Opioid Antagonist" (and a ChEBI "central nervous system depressant")."""
    naloxone = DK.naloxone  # curated (an opioid antagonist); DrugBank DB01183 meets the imported drug
    assert holds(store, naloxone, DKV.memberOf, DK["ndfrt-N0000175691"])
    for curated in ("opioid", "cns-depressant", "benzodiazepine"):
        assert not holds(store, naloxone, DKV.memberOf, DK[curated])
    assert not any(
        quad.predicate.value in (str(DKV.interactsWith), str(DKV.hasRiskOf))
        for quad in store.quads_for_pattern(nn(naloxone), None, None, None)
    )
    report = check(store, [benzodiazepine, "naloxone"])
    assert report.interactions == []


def test_loperamide_an_fda_opioid_agonist_is_no_opioid_here(store: ox.Store) -> None:
    loperamide = DK["drugbank-DB00836"]
    assert holds(store, loperamide, DKV.memberOf, DK["ndfrt-N0000175690"])
    assert not holds(store, loperamide, DKV.memberOf, DK.opioid)


def test_imported_benzodiazepine_inherits_the_article_facts(store: ox.Store) -> None:
    temazepam = DK["drugbank-DB00231"]
    assert holds(store, temazepam, DKV.hasRiskOf, DK["physical-dependence"])
    assert holds(store, temazepam, DKV.memberOf, DK["cns-depressant"])
    graphs = {q.graph_name.value for q in store.quads_for_pattern(nn(temazepam), nn(DKV.hasRiskOf), None, None)}
    assert graphs == {INFERRED_GRAPH_PREFIX + "inherited-by-members"}


def test_alprazolam_with_an_imported_opioid_warns_with_the_mapping_in_the_chain(store: ox.Store) -> None:
    """Levorphanol is in no curated class, only in DrugCentral's FDA mechanism class Full Opioid
    Agonists (pharm_class.tsv: 1574 levorphanol MoA N0000175684); hydromorphone, once the example
    here, is now a curated opioid, so its chain no longer needs the mapping."""
    report = check(store, ["alprazolam", "levorphanol"])
    (verdict,) = report.interactions  # one verdict for the pair; the path of the benzodiazepine warning:
    (warning,) = [p for p in verdict.paths if p.interaction.curie == "dk:interaction-opioids-benzodiazepines"]
    assert warning.severity == "life-threatening"
    assert [(s.subject.curie, s.predicate.curie, s.object.curie, s.sources) for s in warning.chain] == [
        (
            "dk:alprazolam",
            "dkv:memberOf",
            "dk:benzodiazepine",
            ("ATC group N05BA: benzodiazepine derivatives (WHO ATC/DDD Index)",),
        ),
        ("dk:drugbank-DB00854", "dkv:memberOf", "dk:ndfrt-N0000175684", (DRUGCENTRAL_CLASSES,)),
        ("dk:ndfrt-N0000175684", "dkv:kindOf", "dk:opioid", (FULL_OPIOID_AGONISTS,)),
        ("dk:benzodiazepine", "dkv:interactsWith", "dk:opioid", (FDA_2016,)),
    ]


def test_two_imported_drugs_warn_through_two_mappings(store: ox.Store) -> None:
    report = check(store, ["temazepam", "oxymorphone"])
    chains = {p.interaction.curie: p.chain for w in report.interactions for p in w.paths}
    assert "dk:interaction-opioids-benzodiazepines" in chains
    sources = {source for step in chains["dk:interaction-opioids-benzodiazepines"] for source in step.sources}
    assert FULL_OPIOID_AGONISTS in sources
    assert any(
        source.startswith("Mapping: the FDA established pharmacologic class Benzodiazepine") for source in sources
    )
