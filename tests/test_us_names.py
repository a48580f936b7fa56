"""United States names of imported drugs (``kg/data/names/us-names.trig``): FDA labels say rifampin,
meperidine, albuterol where the imported data label the drugs by their INN (rifampicin, pethidine,
salbutamol). The US name is a synonym of the same imported entity, in the graph of the FDA record
that names it, so ``info`` and text extraction find the drug under either name. The traps: a US
name resolves to its own drug only, never to a drug of similar name."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.analysis.names import NameIndex
from kg.extract.extractor import Extractor
from kg.extract.text import Document
from kg.graph_facts import SKOS_ALT_LABEL
from kg.namespaces import DK, DKS

FDALABEL = "https://w3id.org/drugkg/source/fda-label/"
NDC = "https://w3id.org/drugkg/source/fda-ndc-directory/"

#: US name -> (INN the imported data label the drug with, the entity, the graph of the FDA record).
PAIRS = {
    "rifampin": ("rifampicin", "drugbank-DB01045", FDALABEL + "rifampin-product-data"),
    "meperidine": ("pethidine", "drugbank-DB00454", FDALABEL + "meperidine-product-data"),
    "albuterol": ("salbutamol", "drugbank-DB01001", NDC + "0054-0742"),
    "isoproterenol": ("isoprenaline", "drugbank-DB01064", NDC + "0548-9501"),
    "cromolyn": ("cromoglicic acid", "drugbank-DB01003", NDC + "0037-0678"),
    "acyclovir": ("aciclovir", "drugbank-DB00787", NDC + "68382-792"),
    "valproate": ("valproic acid", "drugbank-DB00313", FDALABEL + "divalproex-product-data"),
}


@pytest.fixture(scope="module")
def names(full_store: ox.Store) -> NameIndex:
    return NameIndex(full_store)


@pytest.mark.parametrize("us_name", sorted(PAIRS))
def test_a_us_name_is_a_synonym_of_the_imported_drug_in_the_graph_of_its_fda_record(
    full_store: ox.Store, us_name: str
) -> None:
    _, local, graph = PAIRS[us_name]
    quads = set(full_store.quads_for_pattern(ox.NamedNode(str(DK[local])), SKOS_ALT_LABEL, ox.Literal(us_name), None))
    assert {q.graph_name for q in quads} == {ox.NamedNode(graph)}


@pytest.mark.parametrize("us_name", sorted(PAIRS))
def test_the_us_name_and_the_inn_name_the_same_entity(names: NameIndex, us_name: str) -> None:
    inn, local, _ = PAIRS[us_name]
    assert names.resolve(inn).iri == str(DK[local])
    assert names.resolve(us_name).iri == str(DK[local])
    assert names.resolve(us_name).matched_by == "synonym"


def test_info_rifampin_shows_rifampicin(cli_full) -> None:
    by_us = cli_full("info", "rifampin")
    by_inn = cli_full("info", "rifampicin")
    assert by_us.code == 0 and by_inn.code == 0
    assert by_us.out.splitlines()[0] == by_inn.out.splitlines()[0] == "rifampicin  (dk:drugbank-DB01045)"
    assert "also called: rifampin" in by_us.out


@pytest.mark.parametrize(
    ("us_name", "not_this"),
    [
        ("meperidine", "methylphenidate"),  # both m...idine/...idate, unrelated drugs
        ("levalbuterol", "salbutamol"),  # the R-enantiomer has its own entity, not racemic albuterol's
        ("albuterol", "levosalbutamol"),
        ("valacyclovir", "aciclovir"),  # a prodrug of acyclovir, its own entity
    ],
)
def test_a_us_name_does_not_resolve_to_a_neighbouring_drug(names: NameIndex, us_name: str, not_this: str) -> None:
    assert names.candidates(us_name) == {names.resolve(us_name).iri: "synonym"}
    assert names.resolve(us_name).iri != names.resolve(not_this).iri


def test_the_sources_of_the_us_names_are_described(full_store: ox.Store) -> None:
    """Every graph holding a US name is a section of a described FDA document (the NDC Directory or
    an openFDA label record)."""
    graphs = {ox.NamedNode(graph) for _, _, graph in PAIRS.values()}
    is_part_of = ox.NamedNode("http://purl.org/dc/terms/isPartOf")
    documents = {
        q.object
        for g in graphs
        for q in full_store.quads_for_pattern(
            g, is_part_of, None, ox.NamedNode("https://w3id.org/drugkg/graph/sources")
        )
    }
    assert documents == {
        ox.NamedNode(str(DKS[name]))
        for name in ("fda-ndc-directory", "fda-label-rifampin", "fda-label-meperidine", "fda-label-divalproex")
    }


def test_extraction_links_rifampin_to_the_imported_drug(full_store: ox.Store) -> None:
    text = "Rifampin lowers the blood levels of many drugs; meperidine was given for pain."
    result = Extractor(full_store, None, pairs=False).extract(Document("s.txt", text))
    linked = {(e.text, e.iri, e.type) for e in result.entities if e.type == "dkv:Drug"}
    assert linked == {
        ("Rifampin", "dk:drugbank-DB01045", "dkv:Drug"),
        ("meperidine", "dk:drugbank-DB00454", "dkv:Drug"),
    }
