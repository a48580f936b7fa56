"""The SPL-ADR-200db importer: human reactions of the labels become effect statements of the label's
drug, with offsets that index the shipped section text exactly; animal and drug-class mentions and
unmappable labels are reported, never made reactions or guessed."""

from __future__ import annotations

import gzip
import json

import pyoxigraph as ox
import pytest

from kg.namespaces import DK, DKV
from kg.sources.manifest import read_manifest
from kg.sources.spl_adr import BRAND_INGREDIENTS, SplAdrImporter, normalise

IMPORTER = SplAdrImporter()


@pytest.fixture(scope="module")
def sections() -> dict[tuple[str, str], dict]:
    manifest = read_manifest("spl-adr-200db")
    rows = [json.loads(line) for line in gzip.decompress(manifest.path("train.jsonl").read_bytes()).splitlines()]
    return {(row["label"], row["section"]): row for row in rows}


def statements(store: ox.Store, brand: str, section: str) -> list[tuple[str, str, str, int | None, int | None]]:
    graph = IMPORTER.label_section(brand, section)
    rows = store.query(
        """PREFIX dkv: <https://w3id.org/drugkg/vocab/>
        SELECT ?g ?drug ?kind ?text ?start ?end WHERE { GRAPH ?g {
          ?s a dkv:EffectStatement ; dkv:effectOf ?drug ; dkv:effectKind ?kind ; dkv:mentionText ?text .
          OPTIONAL { ?s dkv:mentionStart ?start ; dkv:mentionEnd ?end } } }""",
        substitutions={ox.Variable("g"): graph},
    )
    assert isinstance(rows, ox.QuerySolutions)
    return [
        (
            r["drug"].value,
            r["kind"].value,
            r["text"].value,
            int(r["start"].value) if r["start"] else None,
            int(r["end"].value) if r["end"] else None,
        )
        for r in rows
    ]


@pytest.mark.parametrize(
    ("brand", "section", "drug", "kind"),
    [
        ("Pristiq", "boxed warnings", "desvenlafaxine", "boxed warning"),
        ("ELIQUIS", "warnings and precautions", "apixaban", "warning"),
        ("Onfi", "adverse reactions", "drugbank-DB00349", "adverse reaction"),  # clobazam
    ],
)
def test_offsets_index_the_section_text_exactly(full_store, sections, brand, section, drug, kind) -> None:
    found = statements(full_store, brand, section)
    text = sections[(brand, section)]["text"]
    human = [m for m in sections[(brand, section)]["reactions"] if m["kind"] == "human"]
    assert len(found) == len(human)
    assert {d for d, *_ in found} == {str(DK[drug])}
    assert {k for _, k, *_ in found} == {kind}
    for _, _, words, start, end in found:
        if start is not None:
            assert text[start:end] == words


def test_brand_to_drug_and_the_plain_fact(full_store) -> None:
    assert (ox.NamedNode(str(DK.desvenlafaxine)), ox.NamedNode(str(DKV.hasBoxedWarningFor))) in {
        (q.subject, q.predicate)
        for q in full_store.quads_for_pattern(None, None, None, IMPORTER.label_section("Pristiq", "boxed warnings"))
    }


def test_combination_products_are_reported_not_guessed(built_full) -> None:
    from kg.sources import import_sources  # noqa: F401 (the importer is registered)

    assert BRAND_INGREDIENTS["Stribild"] is None and BRAND_INGREDIENTS["Breo"] is None
    manifest = json.loads((built_full.out_dir / "manifest.json").read_text())
    summary = manifest["sources"]["spl-adr-200db"]
    assert summary["rows_read"] == 239
    assert summary["rows_unmapped"] == 32


def test_animal_and_drug_class_mentions_are_not_reactions(full_store, sections) -> None:
    for (brand, section), row in sections.items():
        others = {m["text"] for m in row["reactions"] if m["kind"] != "human"}
        humans = {m["text"] for m in row["reactions"] if m["kind"] == "human"}
        if others - humans and BRAND_INGREDIENTS.get(brand):
            found = {words for _, _, words, _, _ in statements(full_store, brand, section)}
            assert not (others - humans) & found
            return
    pytest.fail("no section with an animal or drug-class mention")


def test_normalised_names() -> None:
    assert normalise(" Nausea\n") == "nausea"
