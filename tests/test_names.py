"""The name index reads every name an entity has, as the SPARQL query it replaced did."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from reference.name_query import names_by_query

from kg.analysis.names import NameIndex
from kg.errors import InputError
from kg.loading import load_file

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name", ["tiny.trig", "hostile.ttl"])
def test_names_equal_the_reference_query_on_test_graphs(name: str) -> None:
    store = ox.Store()
    load_file(store, DATA / name)
    assert NameIndex.names_in(store) == names_by_query(store)


def test_names_equal_the_reference_query_on_the_built_graph(store: ox.Store) -> None:
    names = NameIndex.names_in(store)
    assert names == names_by_query(store)
    assert ("https://w3id.org/drugkg/entity/clonazepam", "Klonopin", "brand name") in names


def test_blank_nodes_name_nothing() -> None:
    store = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    match = ox.NamedNode("http://www.w3.org/2004/02/skos/core#exactMatch")
    a = ox.NamedNode("https://example.org/a")
    store.extend(
        [
            ox.Quad(ox.BlankNode("b1"), label, ox.Literal("anonymous")),
            ox.Quad(a, match, ox.BlankNode("b2")),
            ox.Quad(a, label, ox.Literal("named"), ox.NamedNode("https://example.org/g")),
        ]
    )
    assert NameIndex.names_in(store) == names_by_query(store) == {("https://example.org/a", "named", "label")}


#: Brand names of the drugs of the classes in scope, each with the drug it names (FDA NDC Directory
#: listings and labels, as recorded in kg/data/brand-names.trig; the first five were there before).
BRANDS = {
    "Klonopin": "clonazepam",
    "Lexapro": "escitalopram",
    "Effexor XR": "venlafaxine",
    "Cymbalta": "duloxetine",
    "Dolophine": "methadone",
    "Xanax": "alprazolam",
    "Valium": "diazepam",
    "Ativan": "lorazepam",
    "Zoloft": "sertraline",
    "Prozac": "fluoxetine",
    "Paxil": "paroxetine",
    "Celexa": "citalopram",
    "Pristiq": "desvenlafaxine",
    "Nardil": "phenelzine",
    "Parnate": "tranylcypromine",
    "Marplan": "isocarboxazid",
    "Emsam": "selegiline",
    "OxyContin": "oxycodone",
    "Dilaudid": "hydromorphone",
    "Jantoven": "warfarin",
    "Eliquis": "apixaban",
    "Xarelto": "rivaroxaban",
    "Plavix": "clopidogrel",
    "Advil": "ibuprofen",
    "Motrin": "ibuprofen",
    "Motrin IB": "ibuprofen",
    "Aleve": "naproxen",
    "Narcan": "naloxone",
}


@pytest.mark.parametrize(("brand", "drug"), sorted(BRANDS.items()))
def test_brand_names_resolve_to_their_drug(store: ox.Store, brand: str, drug: str) -> None:
    for typed in (brand, brand.upper(), f"  {brand.lower()} "):
        resolved = NameIndex(store).resolve(typed)
        assert (resolved.curie, resolved.matched_by) == (f"dk:{drug}", "brand name")


def test_every_brand_name_of_the_graph_is_in_the_table(store: ox.Store) -> None:
    brands = {(name, iri) for iri, name, kind in NameIndex.names_in(store) if kind == "brand name"}
    assert brands == {(brand, f"https://w3id.org/drugkg/entity/{drug}") for brand, drug in BRANDS.items()}


def test_a_brand_name_is_accepted_wherever_a_drug_name_is(cli) -> None:
    """check, info, explain and the named queries' parameters all take a brand name."""
    assert cli("check", "Xanax", "OxyContin").out.splitlines()[0] == (
        "medication list: Xanax = alprazolam, OxyContin = oxycodone"
    )
    assert cli("info", "Zoloft").out.splitlines()[0] == "sertraline  (dk:sertraline)"
    explained = cli("explain", "Nardil", "member of", "MAOI")
    assert explained.code == 0 and explained.out.startswith("phenelzine -member of-> monoamine oxidase inhibitor")
    rows = cli("query", "dangerous-combinations", "--param", "drug=Eliquis", "--format", "tsv").out.splitlines()
    assert rows[1].startswith("<https://w3id.org/drugkg/entity/apixaban>\t")


def test_an_ambiguous_name_lists_each_candidate_and_how_it_matched() -> None:
    store = ox.Store()
    brand = ox.NamedNode("https://w3id.org/drugkg/vocab/brandName")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    a, b = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b")
    store.extend(
        [
            ox.Quad(a, label, ox.Literal("drug a")),
            ox.Quad(b, label, ox.Literal("Twinax")),
            ox.Quad(a, brand, ox.Literal("Twinax")),
        ]
    )
    with pytest.raises(InputError) as error:
        NameIndex(store).resolve("twinax")
    assert str(error.value) == (
        "'twinax' is ambiguous: it names https://example.org/a (drug a, by brand name), "
        "https://example.org/b (Twinax, by label); give a label or CURIE instead"
    )


def test_plain_names_and_close_identifiers_resolve(full_store) -> None:
    """An imported class by its plain name; an ingredient id (a close match) names its one entity,
    while an exact match of another entity would win."""
    from kg.analysis.names import NameIndex

    index = NameIndex(full_store)
    assert index.resolve("atypical antipsychotic").curie == "dk:ndfrt-N0000175430"
    assert index.resolve("mood stabilizer").curie == "dk:mood-stabilizer"  # the curated class keeps its name
    assert index.resolve("benzodiazepine").curie == "dk:benzodiazepine"
    resolved = index.resolve("UNII:5PE9FDE8GB")
    assert (resolved.curie, resolved.matched_by) == ("dk:clonazepam", "close cross-reference")
    assert index.resolve("lithium").curie == "dk:lithium"
