"""KGX export checked against the Biolink/KGX TSV column rules, and for specific rows."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from kg.export.kgx import EDGE_COLUMNS, NODE_COLUMNS

#: KGX TSV: the columns a nodes file and an edges file must have.
REQUIRED_NODE_COLUMNS = {"id", "category"}
REQUIRED_EDGE_COLUMNS = {
    "id",
    "subject",
    "predicate",
    "object",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
}
CURIE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*:[^\s|]+\Z")
CATEGORY = re.compile(r"biolink:[A-Z][A-Za-z]+\Z")
PREDICATE = re.compile(r"biolink:[a-z][a-z_]+\Z")
INFORES = re.compile(r"infores:[a-z0-9][a-z0-9._-]*\Z")
KNOWLEDGE_LEVELS = {"knowledge_assertion", "logical_entailment", "prediction", "statistical_association"}
AGENT_TYPES = {"manual_agent", "automated_agent", "data_analysis_pipeline", "computational_model"}
MULTIVALUED = {"category", "synonym", "xref", "provided_by", "publications", "knowledge_source"}
ARTICLE = "dks:clonazepam-depression-article/"


def read_tsv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def kgx(built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.build.pipeline import open_built_store
    from kg.export import export

    target = tmp_path_factory.mktemp("kgx") / "drugkg-kgx"
    export(open_built_store(built.out_dir), "kgx", target)
    return target


@pytest.fixture(scope="module")
def nodes(kgx: Path) -> dict[str, dict[str, str]]:
    header, rows = read_tsv(kgx / "nodes.tsv")
    assert tuple(header) == NODE_COLUMNS
    return {row["id"]: row for row in rows}


@pytest.fixture(scope="module")
def edges(kgx: Path) -> list[dict[str, str]]:
    header, rows = read_tsv(kgx / "edges.tsv")
    assert tuple(header) == EDGE_COLUMNS
    return rows


def edge(edges: list[dict[str, str]], subject: str, original: str, obj: str) -> dict[str, str]:
    (found,) = [e for e in edges if (e["subject"], e["original_predicate"], e["object"]) == (subject, original, obj)]
    return found


def test_folder_holds_exactly_the_two_files(kgx: Path) -> None:
    assert sorted(p.name for p in kgx.iterdir()) == ["edges.tsv", "nodes.tsv"]
    assert [p.name for p in kgx.parent.iterdir()] == [kgx.name]  # no temporary folder left


def test_required_columns_are_present_and_filled(nodes, edges) -> None:
    assert set(NODE_COLUMNS) >= REQUIRED_NODE_COLUMNS
    assert set(EDGE_COLUMNS) >= REQUIRED_EDGE_COLUMNS
    for row in nodes.values():
        assert all(row[column] for column in REQUIRED_NODE_COLUMNS), row
    for row in edges:
        assert all(row[column] for column in REQUIRED_EDGE_COLUMNS), row


def test_ids_are_unique_curies(kgx: Path, nodes, edges) -> None:
    _, rows = read_tsv(kgx / "nodes.tsv")
    assert len(rows) == len(nodes)
    assert len({e["id"] for e in edges}) == len(edges)
    for node_id in nodes:
        assert CURIE.match(node_id), node_id
    for row in edges:
        for column in ("id", "subject", "object", "original_predicate"):
            assert CURIE.match(row[column]), (column, row)
        for value in filter(None, row["publications"].split("|")):
            assert CURIE.match(value), row
    for row in nodes.values():
        for value in filter(None, row["xref"].split("|")):
            assert CURIE.match(value), row


def test_categories_predicates_and_sources_follow_biolink(nodes, edges) -> None:
    for row in nodes.values():
        assert all(CATEGORY.match(c) for c in row["category"].split("|")), row
        assert INFORES.match(row["provided_by"])
    for row in edges:
        assert PREDICATE.match(row["predicate"]), row
        assert INFORES.match(row["primary_knowledge_source"])
        assert all(INFORES.match(k) for k in row["knowledge_source"].split("|"))
        assert row["knowledge_level"] in KNOWLEDGE_LEVELS
        assert row["agent_type"] in AGENT_TYPES
        assert row["negated"] in {"True", "False"}


def test_every_edge_endpoint_is_a_node(nodes, edges) -> None:
    for row in edges:
        assert row["subject"] in nodes and row["object"] in nodes, row


def test_no_field_breaks_the_tsv(kgx: Path) -> None:
    for name in ("nodes.tsv", "edges.tsv"):
        lines = (kgx / name).read_text(encoding="utf-8").splitlines()
        widths = {line.count("\t") for line in lines}
        assert widths == {lines[0].count("\t")}


@pytest.mark.parametrize(
    ("node_id", "category", "name"),
    [
        ("dk:clonazepam", "biolink:Drug", "clonazepam"),  # dkv:Drug exactMatch biolink:Drug
        ("dk:depression", "biolink:Disease", "clinical depression"),  # dkv:Condition closeMatch
        ("dk:anxiety", "biolink:PhenotypicFeature", "anxiety"),  # dkv:Symptom -> ClinicalFinding closeMatch
        ("dk:alcohol", "biolink:ChemicalEntity", "alcohol"),  # dkv:Substance closeMatch
        ("dk:benzodiazepine", "biolink:ChemicalEntity", "benzodiazepine"),  # fallback for drug classes
        ("dk:driving", "biolink:Activity", "driving"),  # fallback for activities
        ("dk:cns-activity-slowing", "biolink:NamedThing", "slowing of central nervous system activity"),
    ],
)
def test_node_categories(nodes, node_id: str, category: str, name: str) -> None:
    assert (nodes[node_id]["category"], nodes[node_id]["name"]) == (category, name)


def test_clonazepam_node(nodes) -> None:
    row = nodes["dk:clonazepam"]
    assert row["synonym"] == "Klonopin"
    assert row["xref"].split("|") == [
        "ATC:N03AE01",
        "CHEBI:3756",
        "drugbank:DB01068",
        "pubchem.compound:2802",
        "wikidata:Q407988",
    ]
    assert row["description"].startswith("A long-acting benzodiazepine medication")


@pytest.mark.parametrize(
    ("subject", "original", "obj", "predicate"),
    [
        ("dk:clonazepam", "dkv:interactsWith", "dk:alcohol", "biolink:pharmacologically_interacts_with"),
        ("dk:clonazepam", "dkv:memberOf", "dk:benzodiazepine", "biolink:member_of"),
        ("dk:clonazepam", "dkv:hasSideEffect", "dk:memory-problems", "biolink:has_side_effect"),
        ("dk:clonazepam", "dkv:hasParadoxicalEffect", "dk:agitation", "biolink:has_side_effect"),  # via super-property
        ("dk:clonazepam", "dkv:approvedFor", "dk:panic-disorder", "biolink:treats"),  # via dkv:treats
        ("dk:clonazepam", "dkv:makesUnsafe", "dk:driving", "biolink:related_to"),  # no alignment
    ],
)
def test_asserted_edges(edges, subject: str, original: str, obj: str, predicate: str) -> None:
    row = edge(edges, subject, original, obj)
    assert row["predicate"] == predicate
    assert (row["knowledge_level"], row["agent_type"], row["negated"]) == (
        "knowledge_assertion",
        "manual_agent",
        "False",
    )
    assert (row["primary_knowledge_source"], row["knowledge_source"]) == ("infores:drugkg", "infores:drugkg")
    assert row["publications"].startswith(ARTICLE)


def test_inferred_edge(edges) -> None:
    row = edge(edges, "dk:alcohol", "dkv:interactsWith", "dk:clonazepam")
    assert (row["knowledge_level"], row["agent_type"], row["publications"]) == (
        "logical_entailment",
        "automated_agent",
        "",
    )


def test_negative_statement_is_a_negated_edge(edges) -> None:
    row = edge(edges, "dk:clonazepam", "dkv:memberOf", "dk:antidepressant")
    assert (row["predicate"], row["negated"], row["publications"]) == (
        "biolink:member_of",
        "True",
        ARTICLE + "role-in-depression",
    )


def test_edge_ids_are_stable(cli, kgx: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert cli("export", "-f", "kgx", "-o", str(again)).code == 0
    for name in ("nodes.tsv", "edges.tsv"):
        assert (again / name).read_bytes() == (kgx / name).read_bytes()


def test_kgx_refuses_a_folder_with_other_files(cli, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    result = cli("export", "-f", "kgx", "-o", str(target))
    assert result.code == 2 and result.err.count("\n") == 1
    assert "holds other files (notes.txt)" in result.err
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_kgx_refuses_a_file_as_target(cli, tmp_path: Path) -> None:
    target = tmp_path / "file.tsv"
    target.write_text("x", encoding="utf-8")
    result = cli("export", "-f", "kgx", "-o", str(target))
    assert result.code == 2 and "it is a file" in result.err
    assert target.read_text(encoding="utf-8") == "x"


def test_kgx_needs_curies(cli, tmp_path: Path) -> None:
    data = Path(__file__).parent / "data" / "tiny.trig"
    result = cli("export", "-f", "kgx", "-o", str(tmp_path / "tiny"), "--graph", str(data))
    assert result.code == 2 and result.err.count("\n") == 1
    assert "KGX needs a CURIE for every node" in result.err and "https://example.org/tiny/" in result.err
    assert list(tmp_path.iterdir()) == []


def test_without_provenance_publications_are_empty(store, kgx: Path, edges) -> None:
    from kg.export.kgx import kgx_rows
    from kg.export.property_graph import property_graph
    from kg.export.selection import export_data

    _, plain = kgx_rows(property_graph(export_data(store, provenance=False)), provenance=False)
    index = EDGE_COLUMNS.index("publications")
    assert {row[index] for row in plain} == {""}
    without_publications = [[v for i, v in enumerate(row) if i != index] for row in plain]
    assert without_publications == [[row[c] for c in EDGE_COLUMNS if c != "publications"] for row in edges]
