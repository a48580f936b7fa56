"""The overview (kg.views.overview): what ``drugkg viz`` draws by default, its counts equal to the
graph's as SPARQL counts them (``viz_counts``), its hierarchies, and the whole graph behind ``--all``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from synthetic_graphs import synth_store
from viz_counts import expected_overview

from kg.loading import load_file
from kg.namespaces import DK
from kg.views.network import build_network
from kg.views.overview import ClassTree, class_command, overview_of, render_overview

DATA = Path(__file__).parent / "data"


def loaded(name: str) -> ox.Store:
    store = ox.Store()
    load_file(store, DATA / name)
    return store


def counts_of(network: nx.MultiDiGraph) -> tuple[dict, dict, dict]:
    overview = overview_of(network)
    types = {t.name: t.count for t in overview.types}
    relations = {(r.subject_type, r.label, r.object_type): r.count for r in overview.relations}
    inferred = {(r.subject_type, r.label, r.object_type): r.inferred for r in overview.relations if r.inferred}
    return types, relations, inferred


@pytest.mark.parametrize("name", ["built", "tiny", "hostile", "synthetic"])
def test_overview_counts_equal_the_graphs(name: str, store: ox.Store) -> None:
    graph = {
        "built": lambda: store,
        "tiny": lambda: loaded("tiny.trig"),
        "hostile": lambda: loaded("hostile.ttl"),
        "synthetic": lambda: synth_store(3000, seed=3, reasoned=True),
    }[name]()
    types, relations, inferred = expected_overview(graph)
    assert counts_of(build_network(graph)) == (dict(types), dict(relations), dict(+inferred))


def test_overview_counts_equal_the_graph_with_the_open_datasets(full_store: ox.Store) -> None:
    """At the real size too; the documents DrugCentral's target actions refer to are no entities."""
    types, relations, inferred = expected_overview(full_store)
    assert counts_of(build_network(full_store)) == (dict(types), dict(relations), dict(+inferred))
    proteins = full_store.query(  # of target complexes, which the graph names by their UniProt ids only
        "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?c <http://www.w3.org/2004/02/skos/core#relatedMatch> ?x "
        "FILTER NOT EXISTS { ?x a ?type } }",
        use_default_graph_as_union=True,
    )
    assert types["no type"] == int(next(iter(proteins))["n"].value)


def test_overview_of_the_built_graph(store: ox.Store) -> None:
    overview = overview_of(build_network(store))
    types, expected_relations, inferred = expected_overview(store)
    assert (overview.nodes, len(overview.types)) == (sum(types.values()), len(types))
    assert overview.types[0].name == "drug" and overview.types[0].iri.endswith("/vocab/Drug")
    assert "negative statement" in {t.name for t in overview.types}  # a human name, not owl:NegativePropertyAssertion
    relations = {(r.subject_type, r.label, r.object_type): (r.count, r.inferred) for r in overview.relations}
    key = ("negative statement", "says of", "drug")
    assert relations[key] == (expected_relations[key], inferred[key]) and expected_relations[key] >= 2
    branded = store.query(
        "PREFIX dkv: <https://w3id.org/drugkg/vocab/> SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?d ?brand WHERE "
        "{ ?d a dkv:Drug ; dkv:brandName ?brand } }",
        use_default_graph_as_union=True,
    )
    count = int(next(iter(branded))["n"].value)
    assert count >= 5 and ("drug", "brand name", count) in {(p.type, p.label, p.count) for p in overview.properties}


def test_hierarchies_fold_below_their_roots_with_counts(store: ox.Store) -> None:
    network = build_network(store)
    overview = overview_of(network)
    by_type = {h.type: h for h in overview.hierarchies}
    roots = {root.label: root for root in by_type["drug class"].roots}
    # the non-aspirin NSAIDs (kg/data/class-effects.trig) are a kind of NSAID
    assert set(roots) == {"central nervous system depressant", "antidepressant", "nonsteroidal anti-inflammatory drug"}
    cns = roots["central nervous system depressant"]
    assert {"benzodiazepine", "opioid"} <= {child.label for child in cns.narrower}
    members = store.query(
        "PREFIX dkv: <https://w3id.org/drugkg/vocab/> SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE "
        "{ ?c dkv:kindOf* <https://w3id.org/drugkg/entity/cns-depressant> . ?m dkv:memberOf ?c }",
        use_default_graph_as_union=True,
    )
    below = store.query(
        "PREFIX dkv: <https://w3id.org/drugkg/vocab/> SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE "
        "{ ?c dkv:kindOf+ <https://w3id.org/drugkg/entity/cns-depressant> }",
        use_default_graph_as_union=True,
    )
    assert (cns.descendants, cns.members) == (int(next(iter(below))["n"].value), int(next(iter(members))["n"].value))
    tree = ClassTree(network)
    # the article files benzodiazepines under the CNS depressants, the opioid label under its sedative-hypnotics
    assert tree.paths_up(str(DK.benzodiazepine)) == [
        [str(DK["cns-depressant"]), str(DK.benzodiazepine)],
        [str(DK["cns-depressant"]), str(DK["sedative-hypnotic"]), str(DK.benzodiazepine)],
    ]
    assert tree.is_class(str(DK.benzodiazepine)) and not tree.is_class(str(DK.clonazepam))


def test_overview_page_lists_counts_and_commands(store: ox.Store) -> None:
    network = build_network(store)
    page = render_overview(overview_of(network), type_iris=network.graph["type_iris"])
    rows = re.findall(r'<tr><td><span class="mark"[^>]*>.</span>([^<]+)</td><td class="count">([\d,]+)</td>', page)
    types, _, _ = expected_overview(store)
    assert ("drug", f"{types['drug']:,}") in rows and len(rows) == len(types)
    assert "drugkg query &quot;SELECT ?entity ?label WHERE { ?entity a dkv:Drug ; rdfs:label ?label }&quot;" in page
    assert html_escaped(class_command(str(DK.benzodiazepine))) in page
    assert (
        "negative statement",
        f"{types['negative statement']:,}",
    ) in rows  # a human name, the CURIE only in the command that lists them


def html_escaped(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def test_cli_default_is_the_overview_and_all_the_whole_graph(cli, store: ox.Store, tmp_path: Path) -> None:
    result = cli("viz", "-o", str(tmp_path / "overview.html"))
    assert (result.code, result.out) == (0, f"{tmp_path / 'overview.html'}\n")
    types, relations, _ = expected_overview(store)
    entities = sum(types.values())
    summary = f"overview ({entities} entities of {len(types)} types, {len(relations)} relations)"
    assert result.err.startswith("wrote ") and summary in result.err
    page = (tmp_path / "overview.html").read_text(encoding="utf-8")
    assert "<h1>drugkg: overview</h1>" in page and 'class="metagraph"' in page
    whole = cli("viz", "--all", "-o", str(tmp_path / "whole.html"))
    assert whole.code == 0 and f"the whole graph, by type ({entities} entities of {len(types)} types" in whole.err
    text = (tmp_path / "whole.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="drugkg-data">(.*?)</script>', text).group(1))
    assert "<h1>drugkg: the whole graph, by type</h1>" in text
    assert sorted(node["label"] for node in data["nodes"]) == sorted(f"{name} ({n:,})" for name, n in types.items())
    every = cli("viz", "--all", "--entities", "--max-nodes", "30", "-o", str(tmp_path / "all.html"))
    assert every.code == 0
    text = (tmp_path / "all.html").read_text(encoding="utf-8")
    assert "<h1>drugkg: the whole graph</h1>" in text and f"Showing 30 of {entities} nodes" in text
    alone = cli("viz", "--entities", "-o", str(tmp_path / "y.html"))
    assert alone.code == 2 and "--entities goes with --all" in alone.err
    both = cli("viz", "--all", "--focus", "clonazepam", "-o", str(tmp_path / "x.html"))
    assert both.code == 2 and "not allowed with" in both.err


def test_overview_of_an_empty_graph_says_so() -> None:
    page = render_overview(overview_of(nx.MultiDiGraph()))
    assert "This view is empty: the graph has no nodes to draw." in page and "<script" not in page
