"""KGX export checked against the Biolink/KGX TSV column rules, for specific rows, against the
Biolink model of the biolink-model package (prefixes, preferred ids, terms), and by ``kgx validate``
run offline on that package's schema and prefix map."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.export.biolink import BIOLINK_PREFIXES, ID_PREFIXES, OWN_PREFIXES, biolink_curie, predicate_for
from kg.export.kgx import EDGE_COLUMNS, NODE_COLUMNS
from kg.export.property_graph import package_schema
from kg.namespaces import DKV, PREFIXES

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


def _kgx(store, folder: Path) -> Path:
    from kg.export import export

    export(store, "kgx", folder)
    return folder


def _nodes(folder: Path) -> dict[str, dict[str, str]]:
    header, rows = read_tsv(folder / "nodes.tsv")
    assert tuple(header) == NODE_COLUMNS
    return {row["id"]: row for row in rows}


def _edges(folder: Path) -> list[dict[str, str]]:
    header, rows = read_tsv(folder / "edges.tsv")
    assert tuple(header) == EDGE_COLUMNS
    return rows


@pytest.fixture(scope="module")
def kgx(store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The curated graph's KGX export."""
    return _kgx(store, tmp_path_factory.mktemp("kgx") / "drugkg-kgx")


@pytest.fixture(scope="module")
def nodes(kgx: Path) -> dict[str, dict[str, str]]:
    return _nodes(kgx)


@pytest.fixture(scope="module")
def edges(kgx: Path) -> list[dict[str, str]]:
    return _edges(kgx)


@pytest.fixture(scope="module")
def full_kgx(full_store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The KGX export of the graph with the open datasets."""
    return _kgx(full_store, tmp_path_factory.mktemp("kgx-full") / "drugkg-kgx")


@pytest.fixture(scope="module")
def full_nodes(full_kgx: Path) -> dict[str, dict[str, str]]:
    return _nodes(full_kgx)


@pytest.fixture(scope="module")
def full_edges(full_kgx: Path) -> list[dict[str, str]]:
    return _edges(full_kgx)


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
        ("CHEBI:3756", "biolink:Drug", "clonazepam"),  # dkv:Drug exactMatch biolink:Drug
        # dkv:Condition closeMatch; its id is its Mondo id (Biolink's first prefix for a disease), as it is
        # the Disease Ontology's and Mondo's major depressive disorder
        ("MONDO:0002009", "biolink:Disease", "clinical depression"),
        ("HP:0000739", "biolink:PhenotypicFeature", "anxiety"),  # dkv:Symptom -> ClinicalFinding closeMatch
        ("CHEBI:16236", "biolink:ChemicalEntity", "alcohol"),  # dkv:Substance closeMatch
        ("dk:benzodiazepine", "biolink:ChemicalEntity", "benzodiazepine"),  # fallback for drug classes
        ("dk:driving", "biolink:Activity", "driving"),  # fallback for activities
        ("dk:cns-activity-slowing", "biolink:NamedThing", "slowing of central nervous system activity"),
    ],
)
def test_node_categories(nodes, node_id: str, category: str, name: str) -> None:
    assert (nodes[node_id]["category"], nodes[node_id]["name"]) == (category, name)


def test_clonazepam_node(nodes) -> None:
    """Its id is its ChEBI id (Biolink's first id prefix for a drug that drugkg has), its drugkg id is
    kept among the cross-references, which use Biolink's prefixes; ATC, which Biolink has no prefix
    for, is a full IRI."""
    row = nodes["CHEBI:3756"]
    assert "Klonopin" in row["synonym"].split("|")
    xrefs = row["xref"].split("|")
    assert xrefs == sorted(xrefs)
    curated = ["DRUGBANK:DB01068", "PUBCHEM.COMPOUND:2802", "WIKIDATA:Q407988", "dk:clonazepam"]
    assert set(curated) <= set(xrefs) and "http://purl.bioontology.org/ontology/ATC/N03AE01" in xrefs
    assert "CHEBI:3756" not in xrefs  # the node's own id
    assert not any(x.startswith("drugbank:") for x in xrefs)  # Biolink's case, never drugkg's
    assert row["description"].startswith("A long-acting benzodiazepine medication")


@pytest.mark.parametrize(
    ("subject", "original", "obj", "predicate"),
    [
        ("CHEBI:3756", "dkv:interactsWith", "CHEBI:16236", "biolink:pharmacologically_interacts_with"),
        ("CHEBI:3756", "dkv:memberOf", "dk:benzodiazepine", "biolink:member_of"),
        ("CHEBI:3756", "dkv:hasSideEffect", "dk:memory-problems", "biolink:has_side_effect"),
        ("CHEBI:3756", "dkv:hasParadoxicalEffect", "dk:agitation", "biolink:has_side_effect"),  # via super-property
        ("CHEBI:3756", "dkv:approvedFor", "DOID:594", "biolink:treats"),  # via dkv:treats
        ("CHEBI:3756", "dkv:hasRiskOf", "dk:tolerance", "biolink:predisposes_to_condition"),  # closeMatch
        ("CHEBI:3756", "dkv:hasMechanism", "dk:gaba-enhancement", "biolink:actively_involved_in"),  # broadMatch
        ("CHEBI:3756", "dkv:makesUnsafe", "dk:driving", "biolink:related_to"),  # no Biolink predicate fits
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
    row = edge(edges, "CHEBI:16236", "dkv:interactsWith", "CHEBI:3756")
    assert (row["knowledge_level"], row["agent_type"], row["publications"]) == (
        "logical_entailment",
        "automated_agent",
        "",
    )


def test_negative_statement_is_a_negated_edge(full_edges) -> None:
    # dk:antidepressant keeps its drugkg id: ChEBI's role "antidepressant" (imported as its own class,
    # a close match only) has the same ChEBI id, and an id two nodes would share identifies neither
    row = edge(full_edges, "CHEBI:3756", "dkv:memberOf", "dk:antidepressant")
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


# --- Biolink's own model, from the biolink-model package (the version pinned in pyproject.toml) ---


#: The python of the environment where kgx and biolink-model are installed (``pip install '.[kgx]'``
#: in a venv of its own: their pins would downgrade numpy and others in the test environment).
KGX_PYTHON_ENV = "DRUGKG_KGX_PYTHON"
KGX_ENVIRONMENT = Path(__file__).with_name("kgx_environment.py")


def _kgx_python() -> str:
    """``$DRUGKG_KGX_PYTHON`` (set by ``.ci/run``); else this python if it has kgx and biolink-model;
    else the test fails in CI (``CI=true``: the check must run) and is skipped elsewhere, saying why."""
    import importlib.util
    import os
    import sys

    python = os.environ.get(KGX_PYTHON_ENV)
    if python:
        return python
    if importlib.util.find_spec("kgx") and importlib.util.find_spec("biolink_model"):
        return sys.executable
    reason = (
        f"kgx and biolink-model run in their own environment: set ${KGX_PYTHON_ENV} to the python of a venv "
        "with pip install '.[kgx]' (.ci/run makes .venv-kgx)"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"in CI the KGX checks must run: {reason}")
    pytest.skip(reason)


def _in_kgx_environment(*args: str) -> object:
    """What ``tests/kgx_environment.py ARGS`` prints (JSON), run by :func:`_kgx_python`."""
    import subprocess

    process = subprocess.run([_kgx_python(), str(KGX_ENVIRONMENT), *args], capture_output=True, text=True)
    assert process.returncode == 0, process.stderr[-2000:]
    return json.loads(process.stdout)


@pytest.fixture(scope="module")
def biolink_model() -> dict:
    """The biolink-model package's folder and the is_a parents of its classes and slots."""
    return _in_kgx_environment("biolink")  # type: ignore[return-value]


def _biolink_model_folder(biolink_model: dict) -> Path:
    return Path(biolink_model["folder"])


@pytest.fixture(scope="module")
def biolink_prefix_map(biolink_model) -> dict[str, str]:
    return json.loads(
        (_biolink_model_folder(biolink_model) / "prefixmaps" / "biolink-model-prefix-map.json").read_text()
    )


@pytest.fixture(scope="module")
def biolink_id_prefixes(biolink_model) -> dict[str, list[str]]:
    """Biolink category (CURIE) -> its preferred id prefixes, in Biolink's order."""
    folder = _biolink_model_folder(biolink_model)
    data = json.loads((folder / "prefixmaps" / "preferred_prefixes_per_class.json").read_text())
    return {
        entry["class_name"]: [p["prefix"] for p in sorted(entry["prefix_map"], key=lambda p: p["order"])]
        for entry in data["biolink_class_prefixes"]
    }


@pytest.fixture(scope="module")
def biolink_terms(biolink_model) -> dict[str, set[str]]:
    """Biolink's classes (mixins too), categories (descendants of named thing) and predicates
    (descendants of related to), as CURIEs."""
    schema = {"classes": biolink_model["classes"], "slots": biolink_model["slots"]}

    def descendants(parent: dict, root: str) -> set[str]:
        def reaches(name: str | None) -> bool:
            while name is not None and name != root:
                name = parent.get(name)
            return name == root

        return {name for name in parent if reaches(name)}

    def camel(name: str) -> str:
        return "biolink:" + "".join(word[0].upper() + word[1:] for word in name.split())

    return {
        "classes": {camel(c) for c in schema["classes"]},
        "categories": {camel(c) for c in descendants(schema["classes"], "named thing")},
        "predicates": {"biolink:" + s.replace(" ", "_") for s in descendants(schema["slots"], "related to")},
        "slots": {"biolink:" + s.replace(" ", "_") for s in schema["slots"]},
    }


def _iri_of(curie_text: str, prefix_map: dict[str, str]) -> str:
    prefix, _, local = curie_text.partition(":")
    return prefix_map[prefix] + local


def test_biolink_prefixes_are_spelled_as_biolink_spells_them(biolink_prefix_map) -> None:
    """Each drugkg prefix with a Biolink counterpart names the same namespace (Biolink writes
    Wikidata with https, the same items); drugkg's own prefixes are not Biolink's."""
    for ours, theirs in BIOLINK_PREFIXES.items():
        assert biolink_prefix_map[theirs].replace("https:", "http:") == PREFIXES[ours].replace("https:", "http:")
    assert not set(OWN_PREFIXES) & {p.lower() for p in biolink_prefix_map}
    known = {p.lower() for p in biolink_prefix_map} | set(biolink_prefix_map.values())
    unspelled = {p for p, ns in PREFIXES.items() if p not in BIOLINK_PREFIXES and (p.lower() in known or ns in known)}
    # vocabularies, never ids; and VANDF, whose IRIs Biolink writes in another namespace (a page of
    # the NLM's site, where drugkg uses BioPortal's), so drugkg writes them as IRIs
    assert unspelled <= {"rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "prov", "sh", "vandf"}
    assert biolink_prefix_map["VANDF"] != PREFIXES["vandf"]


def test_atc_has_no_biolink_prefix(biolink_prefix_map) -> None:
    """Why ATC cross-references are written as IRIs."""
    assert "atc" not in {p.lower() for p in biolink_prefix_map}
    assert PREFIXES["ATC"] not in biolink_prefix_map.values()


def test_id_prefixes_are_biolinks_order(biolink_id_prefixes, full_nodes) -> None:
    categories = {c for row in full_nodes.values() for c in row["category"].split("|")}
    for category in categories | {c.replace(PREFIXES["biolink"], "biolink:") for c in ID_PREFIXES}:
        ours = ID_PREFIXES.get(category.replace("biolink:", PREFIXES["biolink"]), ())
        expected = tuple(p for p in biolink_id_prefixes.get(category, ()) if p in BIOLINK_PREFIXES.values())
        assert ours == expected, category


def test_curies_use_biolink_or_drugkg_prefixes(biolink_prefix_map, full_nodes, full_edges) -> None:
    allowed = set(biolink_prefix_map) | set(OWN_PREFIXES)
    values = [
        *full_nodes,
        *(e[c] for e in full_edges for c in ("subject", "object", "predicate", "original_predicate")),
    ]
    values += [c for row in full_nodes.values() for c in row["category"].split("|")]
    values += [
        x for row in full_nodes.values() for x in filter(None, row["xref"].split("|")) if not x.startswith("http")
    ]
    assert {v.partition(":")[0] for v in values} <= allowed
    iris = {x for row in full_nodes.values() for x in row["xref"].split("|") if x.startswith("http")}
    without_biolink_prefix = [ns for p, ns in PREFIXES.items() if p not in BIOLINK_PREFIXES and p not in OWN_PREFIXES]
    assert iris and all(x.startswith(tuple(without_biolink_prefix)) for x in iris)
    assert any(x.startswith(PREFIXES["ATC"]) for x in iris)


def test_node_ids_are_the_preferred_exact_match(
    full_store, biolink_prefix_map, biolink_id_prefixes, full_nodes
) -> None:
    """A node's id is the exact match whose prefix comes first in Biolink's order for its category,
    else its drugkg id; every drugkg entity is one node, by id or by cross-reference."""
    query = "SELECT ?e ?x WHERE { ?e skos:exactMatch ?x FILTER(STRSTARTS(STR(?e), STR(dk:))) }"
    prefixes = f"PREFIX dk: <{PREFIXES['dk']}> PREFIX skos: <{PREFIXES['skos']}> "
    exact: dict[str, set[str]] = {}
    for row in full_store.query(prefixes + query, use_default_graph_as_union=True):
        exact.setdefault("dk:" + row["e"].value.removeprefix(PREFIXES["dk"]), set()).add(row["x"].value)
    by_biolink_prefix = {BIOLINK_PREFIXES[p]: PREFIXES[p] for p in BIOLINK_PREFIXES}
    drugkg_ids, external, preferred = [], [], {}
    for node_id, row in full_nodes.items():
        own = [x for x in [node_id, *row["xref"].split("|")] if x.startswith("dk:")]
        if not own:  # an external entity that a drugkg entity only points to
            external.append(node_id)
            continue
        (drugkg_id,) = own
        drugkg_ids.append(drugkg_id)
        candidates = [
            f"{prefix}:{iri.removeprefix(by_biolink_prefix[prefix])}"
            for category in row["category"].split("|")  # a node may have several (a disease that is also an effect)
            for prefix in biolink_id_prefixes.get(category, [])
            if prefix in by_biolink_prefix
            for iri in sorted(exact.get(drugkg_id, ()))
            if iri.startswith(by_biolink_prefix[prefix])
        ]
        preferred[node_id] = (candidates[0] if candidates else drugkg_id, drugkg_id)
    claims = Counter(candidate for candidate, _ in preferred.values())
    shared = {candidate for candidate, n in claims.items() if n > 1}
    for node_id, (candidate, drugkg_id) in preferred.items():
        assert node_id == (drugkg_id if candidate in shared else candidate)
        if node_id != drugkg_id:
            assert _iri_of(node_id, biolink_prefix_map).replace("https:", "http:") in exact[drugkg_id]
    entities = {
        "dk:" + r["e"].value.removeprefix(PREFIXES["dk"])
        for r in full_store.query(
            prefixes
            + "SELECT DISTINCT ?e WHERE { { ?e ?p ?o } UNION { ?s ?p ?e } FILTER(STRSTARTS(STR(?e), STR(dk:))) }",
            use_default_graph_as_union=True,
        )
    }
    assert len(drugkg_ids) == len(set(drugkg_ids)) == len(full_nodes) - len(external)
    # the proteins of DrugCentral's target complexes (skos:relatedMatch), and nothing else
    related = full_store.query(
        prefixes + "SELECT DISTINCT ?x WHERE { ?e skos:relatedMatch ?x FILTER(!STRSTARTS(STR(?x), STR(dk:))) }",
        use_default_graph_as_union=True,
    )
    proteins = {biolink_curie(r["x"].value) for r in related}
    assert set(external) <= proteins <= set(full_nodes)  # each once: alone, or as the target entity matching it
    assert len(external) < len(proteins)
    assert set(drugkg_ids) <= entities
    assert {i for i in drugkg_ids if i not in full_nodes} == {i for i in exact if i not in full_nodes}


def test_an_external_id_claimed_twice_identifies_neither(cli, tmp_path: Path) -> None:
    data = tmp_path / "shared.ttl"
    data.write_text(
        """@prefix dk: <https://w3id.org/drugkg/entity/> . @prefix dkv: <https://w3id.org/drugkg/vocab/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
dk:a a dkv:Drug ; rdfs:label "a" ; skos:exactMatch <http://purl.obolibrary.org/obo/CHEBI_1> .
dk:b a dkv:Drug ; rdfs:label "b" ; skos:exactMatch <http://purl.obolibrary.org/obo/CHEBI_1> .
dk:c a dkv:Drug ; rdfs:label "c" ; dkv:interactsWith dk:a ;
    skos:exactMatch <http://identifiers.org/drugbank/DB1>, <http://identifiers.org/pubchem.compound/2> ;
    skos:closeMatch <http://purl.obolibrary.org/obo/CHEBI_3> .
dk:d a dkv:Drug ; rdfs:label "d" ; skos:exactMatch <http://purl.obolibrary.org/obo/CHEBI_4> .
<http://purl.obolibrary.org/obo/CHEBI_4> a dkv:Drug ; rdfs:label "four" .
""",
        encoding="utf-8",
    )
    assert cli("export", "-f", "kgx", "-o", str(tmp_path / "out"), "--graph", str(data)).code == 0
    _, node_rows = read_tsv(tmp_path / "out" / "nodes.tsv")
    _, edge_rows = read_tsv(tmp_path / "out" / "edges.tsv")
    assert {(r["id"], r["xref"]) for r in node_rows} == {
        ("dk:a", "CHEBI:1"),
        ("dk:b", "CHEBI:1"),
        ("PUBCHEM.COMPOUND:2", "CHEBI:3|DRUGBANK:DB1|dk:c"),  # a close match is never the id
        ("dk:d", "CHEBI:4"),  # CHEBI:4 is another node's own id
        ("CHEBI:4", ""),
    }
    assert {(r["subject"], r["predicate"], r["object"]) for r in edge_rows} == {
        ("PUBCHEM.COMPOUND:2", "biolink:pharmacologically_interacts_with", "dk:a")
    }


#: Each drugkg relation and the most specific Biolink predicate that is true of all its facts.
#: The five left as related_to have none: Biolink has no predicate for a finding that calls for a
#: monitoring or supervision procedure which does not treat it (managedBy), for the procedure that
#: stopping a drug safely needs (discontinuationManagedBy), for an activity a drug makes unsafe
#: (makesUnsafe; contraindicated_in would say the drug must not be given), or for two treatments
#: used together or one added to another (oftenCombinedWith, adjunctTo).
PREDICATES = {
    "actionAgent": "related_to",  # the roles of a record (an association, written as its edge)
    "actionTarget": "related_to",
    "assessedCondition": "related_to",
    "assessedDrug": "related_to",
    "effectOf": "related_to",
    "statedEffect": "related_to",
    "hasBoxedWarningFor": "has_side_effect",
    "disputes": "related_to",  # a dispute names the record it casts doubt on
    # how an interaction comes about (one drug lowering the other's clearance): Biolink has no predicate
    # from an interaction to its mechanism (actively_involved_in, as for hasMechanism, would say the
    # interaction takes part in the process)
    "interactionMechanism": "related_to",
    "actsOn": "affects",
    "adjunctAgent": "has_participant",
    "adjunctTo": "related_to",
    "approvedFor": "treats",
    "discontinuationManagedBy": "related_to",
    "firstLineFor": "treats",
    "generatedByRule": "related_to",
    "hasAssociatedSymptom": "has_phenotype",
    "hasCommonSideEffect": "has_side_effect",
    "hasMechanism": "actively_involved_in",
    "hasOutcome": "contributes_to",
    "hasParadoxicalEffect": "has_side_effect",
    "hasRiskOf": "predisposes_to_condition",
    "hasSideEffect": "has_side_effect",
    "hasTarget": "directly_physically_interacts_with",
    "hasWithdrawalSymptom": "contributes_to",
    "indication": "applied_to_treat",
    "interactsWith": "pharmacologically_interacts_with",
    "kindOf": "subclass_of",
    "makesUnsafe": "related_to",
    "managedBy": "related_to",
    "memberOf": "member_of",
    "oftenCombinedWith": "related_to",
    "participant": "has_participant",
    "primaryTreatment": "has_participant",
    "relieves": "treats",
    "symptomaticTreatmentFor": "ameliorates_condition",
    "treats": "treats",
    "usedAsAdjunctIn": "applied_to_treat",
}


def test_every_relation_has_its_biolink_predicate(biolink_terms) -> None:
    import rdflib
    from rdflib.namespace import OWL, RDF

    from kg.paths import ONTOLOGY_FILE

    ontology = rdflib.Graph().parse(ONTOLOGY_FILE)
    relations = {
        str(s).removeprefix(str(DKV))
        for s in ontology.subjects(RDF.type, OWL.ObjectProperty)
        if str(s).startswith(str(DKV))
    }
    assert relations == set(PREDICATES)
    found = {
        name: predicate_for(package_schema(), str(DKV[name])).removeprefix(PREFIXES["biolink"]) for name in relations
    }
    assert found == PREDICATES
    assert {"biolink:" + p for p in found.values()} <= biolink_terms["predicates"]


#: Relations that never become KGX edges: generatedByRule links graphs to rules, disputes links a
#: dispute to an indication assessment (a record KGX writes as its edge, which no edge can point to),
#: the others link a record of a statement (an association, which KGX writes as its edge) to its parts.
NOT_EDGES = {
    "dkv:generatedByRule",
    "dkv:disputes",
    "dkv:actionAgent",
    "dkv:actionTarget",
    "dkv:assessedCondition",
    "dkv:assessedDrug",
    "dkv:effectOf",
    "dkv:statedEffect",
}


def test_edges_left_as_related_to(full_edges) -> None:
    """Besides our related_to relations, the SKOS relation of a target complex to its proteins."""
    left = {e["original_predicate"] for e in full_edges if e["predicate"] == "biolink:related_to"}
    ours = {"dkv:" + name for name, p in PREDICATES.items() if p == "related_to"} - NOT_EDGES
    assert left == ours | {"skos:relatedMatch"}


def test_curated_mappings_are_biolink_mapping_edges(full_nodes, full_edges) -> None:
    """The curated mappings between drugkg entities are edges, never cross-references."""
    kgx_id = {}
    for node_id, row in full_nodes.items():
        (own,) = [x for x in [node_id, *row["xref"].split("|")] if x.startswith("dk:")] or [node_id]
        kgx_id[own] = node_id
    mapped = {
        (e["subject"], e["predicate"], e["object"]) for e in full_edges if e["original_predicate"].startswith("skos:")
    }
    mesh_cns_depressants, fda_sri = kgx_id["dk:mesh-D002492"], kgx_id["dk:ndfrt-N0000175696"]
    assert (mesh_cns_depressants, "biolink:close_match", kgx_id["dk:cns-depressant"]) in mapped
    assert (fda_sri, "biolink:narrow_match", kgx_id["dk:ssri"]) in mapped


def test_records_of_statements_are_edges_not_nodes(full_nodes, full_edges) -> None:
    """A DrugCentral target action and a PharmacotherapyDB assessment are written as their edges."""
    assert not any(node_id.startswith(("dk:target-action-", "dk:indication-")) for node_id in full_nodes)
    assert not {e["original_predicate"] for e in full_edges} & NOT_EDGES
    triples = {(e["subject"], e["predicate"], e["object"]) for e in full_edges}
    # clonazepam's DrugCentral target: the GABA-A receptor complex of three subunits
    complex_ = "dk:uniprot-P14867-P18507-P47870"
    assert ("CHEBI:3756", "biolink:directly_physically_interacts_with", complex_) in triples
    assert {o for s, p, o in triples if s == complex_ and p == "biolink:related_to"} == {
        "UniProtKB:P14867",
        "UniProtKB:P18507",
        "UniProtKB:P47870",
    }


def test_ontology_aligns_only_to_real_biolink_terms(biolink_terms) -> None:
    import rdflib

    from kg.paths import ONTOLOGY_FILE

    used = {
        str(o).replace(PREFIXES["biolink"], "biolink:")
        for o in rdflib.Graph().parse(ONTOLOGY_FILE).objects()
        if str(o).startswith(PREFIXES["biolink"])
    }
    assert used and used <= biolink_terms["classes"] | biolink_terms["predicates"] | biolink_terms["slots"]


def test_node_categories_and_edge_predicates_are_biolinks(biolink_terms, nodes, edges) -> None:
    assert {c for row in nodes.values() for c in row["category"].split("|")} <= biolink_terms["categories"]
    assert {row["predicate"] for row in edges} <= biolink_terms["predicates"]


# --- kgx validate, offline, in the KGX environment (tests/kgx_environment.py) ---


@pytest.fixture(scope="module")
def kgx_validate() -> Callable[[Path, dict[str, str]], dict]:
    """``kgx validate`` on Biolink's prefix map plus the given prefixes, offline (any connection
    attempt fails it), in the KGX environment."""
    _kgx_python()  # fails in CI, skips elsewhere, when there is none

    def run(folder: Path, prefixes: dict[str, str]) -> dict:
        return _in_kgx_environment("validate", str(folder), json.dumps(prefixes))  # type: ignore[return-value]

    return run


def test_kgx_validate_is_clean_with_drugkgs_own_prefixes(full_kgx: Path, kgx_validate) -> None:
    assert kgx_validate(full_kgx, {p: PREFIXES[p] for p in OWN_PREFIXES}) == {}


def test_kgx_validate_without_them_names_only_drugkg_ids(full_kgx: Path, kgx_validate, full_nodes) -> None:
    """The control: the validator does check ids, and only drugkg's own prefix is foreign to Biolink."""
    errors = kgx_validate(full_kgx, {})
    messages = [m for kinds in errors.values() for found in kinds.values() for m in found]
    assert set(errors) == {"ERROR"} and messages
    assert all("CURIE prefix 'dk'" in m for m in messages)
    flagged = {n for kinds in errors.values() for found in kinds.values() for ns in found.values() for n in ns}
    assert {n for n in flagged if "->" not in n} == {n for n in full_nodes if n.startswith("dk:")}


def test_effect_statements_are_edges_not_nodes(full_nodes, full_edges) -> None:
    """A class boxed warning is a has_side_effect edge citing its section; the statement record (an
    association) and the label-mention records are no nodes."""
    found = [
        e
        for e in full_edges
        if (e["original_predicate"], e["object"]) == ("dkv:hasBoxedWarningFor", "dk:suicidality")
        and "dks:fda-class-effects/antidepressant-suicidality" in e["publications"].split("|")
    ]
    assert [e["predicate"] for e in found] == ["biolink:has_side_effect"]
    assert not [i for i in full_nodes if i.startswith("dk:boxed-warning-") or "/mention-" in i]
