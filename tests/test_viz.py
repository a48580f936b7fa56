"""The graph views (kg.views.network) and their HTML (kg.views.html, kg.views.explorer, ``drugkg viz``)."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from cli_assertions import assert_one_line_error
from hostile_text import MARKUP_INJECTIONS

from kg.loading import load_file
from kg.namespaces import DK, DKV
from kg.views.html import HtmlView, embed_json, render_html, vis_data, vis_network_js
from kg.views.network import (
    META_GRAPHS,
    View,
    bound,
    build_network,
    class_view,
    connecting_paths,
    neighbourhood,
    select_view,
)

DATA = Path(__file__).parent / "data"
ARTICLE = "Article on clonazepam (Klonopin) and depression"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def loaded(name: str) -> ox.Store:
    store = ox.Store()
    load_file(store, DATA / name)
    return store


@pytest.fixture(scope="module")
def network(store: ox.Store) -> nx.MultiDiGraph:
    return build_network(store)


def labelled_edges(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(graph.nodes[s]["label"], key.rsplit("/", 1)[-1], graph.nodes[o]["label"]) for s, o, key in graph.edges}


def labels(graph: nx.MultiDiGraph) -> set[str]:
    return {graph.nodes[n]["label"] for n in graph}


def test_tiny_graph_becomes_nodes_and_labelled_edges() -> None:
    graph = build_network(loaded("tiny.trig"))
    assert labelled_edges(graph) == {
        ("drug A", "memberOf", "class B"),
        ("class B", "kindOf", "class C"),
        ("class C", "interactsWith", "substance D"),
        ("C with D", "participant", "class C"),
        ("C with D", "participant", "substance D"),
        ("C with D", "hasOutcome", "outcome E"),
    }
    drug = graph.nodes["https://example.org/tiny/drugA"]
    # without the drugkg vocabulary in the file, its terms are shown by CURIE
    assert (drug["type"], drug["definitions"]) == ("dkv:Drug", ["A test drug."])
    assert drug["facts"] == [("dkv:brandName", "Alphazol", "section one (tiny document)")]
    assert graph.nodes["https://example.org/tiny/interactionCD"]["facts"] == [
        ("dkv:severity", "serious", "section one (tiny document)")
    ]


def test_every_fact_between_drawn_resources_is_an_edge(store: ox.Store, network: nx.MultiDiGraph) -> None:
    expected = set()
    for quad in store.quads_for_pattern(None, None, None, None):
        graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        s, o = quad.subject.value, quad.object.value
        if graph not in META_GRAPHS and quad.predicate.value != RDF_TYPE and s in network and o in network:
            expected.add((s, o, quad.predicate.value))
    assert set(network.edges(keys=True)) == expected


def test_vocabulary_sources_and_literals_are_not_nodes(network: nx.MultiDiGraph) -> None:
    assert {str(DKV.Drug), str(DKV.memberOf), str(DKV.DrugClass)}.isdisjoint(network)
    assert not [n for n in network if "/source/" in n or not n.startswith("https://w3id.org/drugkg/entity/")]
    assert "Klonopin" not in network


def test_edges_carry_predicate_label_source_and_inferred_flag(network: nx.MultiDiGraph) -> None:
    clonazepam, benzodiazepine, anxiety = str(DK.clonazepam), str(DK.benzodiazepine), str(DK.anxiety)
    member = network.edges[clonazepam, benzodiazepine, str(DKV.memberOf)]
    assert (member["label"], member["sources"], member["inferred"]) == (
        "member of",
        [f"The drug and its class ({ARTICLE})"],
        False,
    )
    treats = network.edges[clonazepam, anxiety, str(DKV.treats)]
    assert (treats["sources"], treats["inferred"]) == (["inferred by rule sub-property"], True)
    relieves = network.edges[clonazepam, anxiety, str(DKV.relieves)]
    assert relieves["sources"] == [
        f"First-line treatments for clinical depression ({ARTICLE})",
        f"Role in managing depression ({ARTICLE})",
    ]
    node = network.nodes[clonazepam]
    assert ("brand name", "Klonopin", f"The drug and its class ({ARTICLE})") in node["facts"]
    assert node["xrefs"] == [
        "ATC:N03AE01",
        "CHEBI:3756",
        "drugbank:DB01068",
        "pubchem.compound:2802",
        "wikidata:Q407988",
    ]
    assert (node["type"], node["synonyms"]) == ("drug", ["Klonopin"])


#: The drugs alcohol interacts with: every benzodiazepine (benzodiazepines with alcohol) and every
#: opioid (opioids with other CNS depressants), stated for the classes and inherited by the members.
ALCOHOL_PARTNERS = {
    *("alprazolam", "clonazepam", "diazepam", "lorazepam"),
    *("codeine", "fentanyl", "hydrocodone", "hydromorphone", "methadone", "morphine", "oxycodone", "tramadol"),
    "tapentadol",  # an opioid (kg/data/warning-classes.trig)
    # the gabapentinoids interact with every CNS depressant, alcohol among them (FDA DSC 2019)
    *("gabapentin", "gabapentin enacarbil", "pregabalin"),
}


def test_neighbourhood_of_alcohol(network: nx.MultiDiGraph) -> None:
    view = neighbourhood(network, str(DK.alcohol), 1)
    classes = {"benzodiazepine", "gabapentinoid", "opioid", "serotonergic opioid"}
    assert labels(view.graph) == {
        "alcohol",
        "central nervous system depressant",
        "benzodiazepines with alcohol",
        "clonazepam with alcohol",
        *classes,
        *ALCOHOL_PARTNERS,
    }
    alcohol = str(DK.alcohol)
    assert labelled_edges(view.graph.edge_subgraph((s, o, k) for s, o, k in view.graph.edges if alcohol in (s, o))) == {
        ("alcohol", "memberOf", "central nervous system depressant"),
        ("benzodiazepines with alcohol", "participant", "alcohol"),
        ("clonazepam with alcohol", "participant", "alcohol"),
        *(("alcohol", "interactsWith", other) for other in ALCOHOL_PARTNERS | classes),
        *((other, "interactsWith", "alcohol") for other in ALCOHOL_PARTNERS | classes),
    }
    # the edges between the neighbours are there too: the opioids and benzodiazepines interact
    assert ("oxycodone", "interactsWith", "alprazolam") in labelled_edges(view.graph)
    assert view.graph.number_of_edges() == 469
    assert list(neighbourhood(network, str(DK.alcohol), 0).graph) == [str(DK.alcohol)]


def test_class_view_has_hierarchy_and_members(network: nx.MultiDiGraph) -> None:
    view = class_view(network, str(DK["cns-depressant"]))
    benzodiazepines = {"clonazepam", "alprazolam", "diazepam", "lorazepam"}
    opioids = {"codeine", "fentanyl", "hydrocodone", "hydromorphone", "methadone", "morphine", "oxycodone", "tramadol"}
    # the classes the benzodiazepine and opioid labels warn about (kg/data/warning-classes.trig)
    warned = {"antipsychotic", "general anaesthetic", "sedative-hypnotic", "skeletal muscle relaxant"}
    hypnotics = {"barbiturate", "nonbenzodiazepine hypnotic", "phenobarbital", "zolpidem", "zaleplon", "eszopiclone"}
    assert labels(view.graph) == {
        "central nervous system depressant",
        "opioid",
        "serotonergic opioid",
        "benzodiazepine",
        "alcohol",
        "tapentadol",
        *benzodiazepines,
        *opioids,
        *warned,
        *hypnotics,
    }
    ssris = {"citalopram", "escitalopram", "fluoxetine", "fluvoxamine", "paroxetine", "sertraline"}
    assert labels(class_view(network, str(DK.antidepressant)).graph) == {
        "antidepressant",
        "selective serotonin reuptake inhibitor",
        "serotonin-norepinephrine reuptake inhibitor",
        *ssris,
        "desvenlafaxine",
        "duloxetine",
        "venlafaxine",
    }


def test_connecting_paths_go_through_the_interactions(network: nx.MultiDiGraph) -> None:
    view = connecting_paths(network, str(DK.clonazepam), str(DK["respiratory-depression"]))
    interactions = ("clonazepam with alcohol", "clonazepam with opioids", "clonazepam with other CNS depressants")
    edges = labelled_edges(view.graph)
    assert {
        *((i, "participant", "clonazepam") for i in interactions),
        *((i, "hasOutcome", "respiratory depression") for i in interactions),
    } <= edges
    # and through each opioid clonazepam interacts with: its boxed warning names respiratory depression
    opioids = {"codeine", "fentanyl", "hydrocodone", "hydromorphone", "methadone", "morphine", "oxycodone", "tramadol"}
    for opioid in opioids | {"tapentadol", "opioid", "serotonergic opioid"}:
        assert {
            ("clonazepam", "interactsWith", opioid),
            (opioid, "hasBoxedWarningFor", "respiratory depression"),
        } <= edges
    # every node is one step from both ends: each chain has two steps
    graph = view.graph.to_undirected(as_view=True)
    ends = {str(DK.clonazepam), str(DK["respiratory-depression"])}
    assert all(set(graph[node]) & ends == ends for node in set(graph) - ends)
    assert "2 steps" in view.title


def test_connecting_paths_never_go_through_a_negative_statement() -> None:
    graph = nx.MultiDiGraph()
    for node, negative in (("a", False), ("not", True), ("x", False), ("y", False), ("b", False)):
        graph.add_node(node, label=node, negative=negative)
    for s, o in (("not", "a"), ("not", "b"), ("a", "x"), ("x", "y"), ("y", "b")):
        graph.add_edge(s, o, key="p")
    assert set(connecting_paths(graph, "a", "b").graph) == {"a", "x", "y", "b"}


def test_bound_keeps_the_nearest_and_says_what_it_left(network: nx.MultiDiGraph) -> None:
    full = neighbourhood(network, str(DK.clonazepam), 2)
    view = bound(full, 10)
    distance = nx.single_source_shortest_path_length(full.graph.to_undirected(as_view=True), str(DK.clonazepam))
    kept, left = set(view.graph), set(full.graph) - set(view.graph)
    assert str(DK.clonazepam) in kept and len(kept) == 10
    assert max(distance[n] for n in kept) <= min(distance[n] for n in left)
    assert len(view.omitted) == len(left)
    assert view.truncation_note.startswith(f"Showing 10 of {len(full.graph)} nodes: {len(left)} nodes and ")
    assert bound(full, 1000) is full


def test_select_view_refuses_two_kinds_of_view(store: ox.Store, network: nx.MultiDiGraph) -> None:
    from kg.errors import InputError

    with pytest.raises(InputError, match="choose one of focus, class and explain"):
        select_view(store, network, focus="clonazepam", drug_class="opioid")


@pytest.mark.parametrize("text", MARKUP_INJECTIONS)
def test_embedded_json_cannot_end_the_script_and_round_trips(text: str) -> None:
    embedded = embed_json({"label": text, "list": [text]})
    assert not set("<>&\u2028\u2029") & set(embedded)
    assert json.loads(embedded) == {"label": text, "list": [text]}


def scripts_of(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, re.DOTALL)


def test_page_is_self_contained_with_a_strict_policy(network: nx.MultiDiGraph) -> None:
    view = neighbourhood(network, str(DK.clonazepam), 1)
    page = render_html(view)
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    digests = [base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts_of(page)]
    hashes = [f"'sha256-{digest}'" for digest in digests]
    assert len(hashes) == 2
    assert policy == (
        f"default-src 'none'; script-src {' '.join(hashes)}; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    assert not re.search(r"<(script|link|img|iframe)[^>]*(src|href)=", page, re.IGNORECASE)
    data = re.search(r'<script type="application/json" id="drugkg-data">(.*?)</script>', page, re.DOTALL).group(1)
    assert json.loads(data) == json.loads(embed_json(vis_data(view, panel=True)))


def test_page_data_escapes_hostile_text() -> None:
    view = select_view(hostile := loaded("hostile.ttl"), build_network(hostile))
    view.title = "</script><script>alert(2)</script> & <b>"
    page = render_html(view)
    assert "<h1>&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt; &amp; &lt;b&gt;</h1>" in page
    assert "&lt;b onmouseover=alert(7)&gt;danger type&lt;/b&gt;" in page
    for text in MARKUP_INJECTIONS:
        if "<" in text:  # markup appears only escaped
            assert text not in page
    assert page.replace(vis_network_js(), "").count("<script") == 3


def test_edges_between_the_same_nodes_are_kept_and_inferred_ones_dashed(network: nx.MultiDiGraph) -> None:
    view = neighbourhood(network, str(DK.alcohol), 1)
    data = vis_data(view)
    pairs = [(edge[0], edge[1]) for edge in data["edges"]]
    assert len(pairs) == view.graph.number_of_edges() == 469
    dashed = {data["predicates"][edge[2]]["label"] for edge in data["edges"] if edge[4]}
    assert dashed == {"interacts with", "member of", "kind of"}
    assert sum(1 for edge in data["edges"] if edge[5]) >= 2  # parallel edges are curved apart


def test_large_views_get_a_fixed_layout() -> None:
    graph = nx.MultiDiGraph(type_styles={})
    for i in range(400):
        graph.add_node(f"n{i}", label=f"node {i}", type="t")
        if i:
            graph.add_edge(f"n{i}", f"n{i // 2}", key="p", label="p")
    data = vis_data(View(graph, "large"))
    assert data["options"]["physics"]["enabled"] is False and data["stabilise"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])


def test_notebook_view_is_an_escaped_srcdoc_iframe(network: nx.MultiDiGraph) -> None:
    page = render_html(neighbourhood(network, str(DK.alcohol), 1))
    shown = HtmlView(page)._repr_html_()
    frame = r'<iframe srcdoc="([^"]*)" sandbox="allow-scripts" style="[^"]*" title="[^"]*"></iframe>'
    match = re.fullmatch(frame, shown)
    assert match and html.unescape(match.group(1)) == page


def test_cli_unknown_focus_suggests_close_matches(cli, tmp_path: Path) -> None:
    result = cli("viz", "--focus", "klonopn", "-o", str(tmp_path / "x.html"))
    assert_one_line_error(result)
    assert "did you mean: klonopin" in result.err
    assert list(tmp_path.iterdir()) == []


def test_cli_output_into_missing_folder_fails_cleanly(cli, tmp_path: Path) -> None:
    result = cli("viz", "-o", str(tmp_path / "missing" / "x.html"))
    assert_one_line_error(result)
    assert "does not exist" in result.err and not (tmp_path / "missing").exists()


def test_cli_needs_an_output_and_one_kind_of_view(cli, tmp_path: Path) -> None:
    assert_one_line_error(cli("viz"))
    assert_one_line_error(cli("viz", "--focus", "clonazepam", "--class", "opioid", "-o", str(tmp_path / "x.html")))
    assert_one_line_error(cli("viz", "--max-nodes", "0", "-o", str(tmp_path / "x.html")))
    assert list(tmp_path.iterdir()) == []


def test_cli_writes_only_its_file(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("viz", "--explain", "Klonopin", "respiratory depression", "-o", "why.html")
    assert (result.code, result.out) == (0, "why.html\n")
    assert [p.name for p in tmp_path.iterdir()] == ["why.html"]
    page = (tmp_path / "why.html").read_text(encoding="utf-8")
    assert "<h1>drugkg: clonazepam to respiratory depression: the shortest chains of facts (2 steps)</h1>" in page


def test_cli_empty_graph_gives_a_page_that_says_so(cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text("@prefix ex: <https://example.org/> .\n", encoding="utf-8")
    result = cli("viz", "--graph", str(empty), "-o", str(tmp_path / "empty.html"))
    assert result.code == 0
    page = (tmp_path / "empty.html").read_text(encoding="utf-8")
    assert "This view is empty: the graph has no nodes to draw." in page and "<script" not in page


def test_cli_truncation_is_noted_on_the_page(cli, tmp_path: Path) -> None:
    target = tmp_path / "small.html"
    result = cli("viz", "--focus", "clonazepam", "--depth", "2", "--max-nodes", "5", "-o", str(target))
    assert result.code == 0
    assert re.search(r'<p class="note">Showing 5 of \d+ nodes: \d+ nodes and \d+ edges left out', target.read_text())


def test_cli_site_lists_every_entity_with_its_page(cli, tmp_path: Path) -> None:
    from kg.views.explorer import page_names

    site = tmp_path / "site"
    result = cli("viz", "--graph", str(DATA / "tiny.trig"), "--site", str(site), "--quiet")
    assert (result.code, result.out) == (0, f"{site / 'index.html'}\n")
    names = page_names(build_network(loaded("tiny.trig")))
    types = {
        "type-dkv-ClinicalFinding.html": "dkv:ClinicalFinding",
        "type-dkv-Drug.html": "dkv:Drug",
        "type-dkv-DrugClass.html": "dkv:DrugClass",
        "type-dkv-DrugInteraction.html": "dkv:DrugInteraction",
        "type-dkv-Substance.html": "dkv:Substance",
    }
    classes = {"class-https-example.org-tiny-classB.html", "class-https-example.org-tiny-classC.html"}
    assert {p.name for p in site.iterdir()} == {"index.html", "graph.html", "assets", *names.values(), *types, *classes}
    assert {p.name for p in (site / "assets").iterdir()} == {
        "vis-network.min.js",
        "page.js",
        "site.css",
        "search-index.js",
    }
    listed = set()
    for page in types:
        text = (site / page).read_text(encoding="utf-8")
        listed |= set(re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', text))
    assert listed == {
        ("entity-https-example.org-tiny-drugA.html", "drug A"),
        ("entity-https-example.org-tiny-classB.html", "class B"),
        ("entity-https-example.org-tiny-classC.html", "class C"),
        ("entity-https-example.org-tiny-substanceD.html", "substance D"),
        ("entity-https-example.org-tiny-interactionCD.html", "C with D"),
        ("entity-https-example.org-tiny-outcomeE.html", "outcome E"),
    }
    index = (site / "index.html").read_text(encoding="utf-8")
    rows = re.findall(
        r'<tr><td><span class="mark"[^>]*>.</span><a href="([^"]+)">([^<]+)</a></td><td class="count">(\d+)', index
    )
    assert sorted(rows) == sorted((page, name, "2" if name == "dkv:DrugClass" else "1") for page, name in types.items())
    page = (site / names["https://example.org/tiny/classB"]).read_text(encoding="utf-8")
    assert "<h1>class B: neighbourhood within 1 hop</h1>" in page


def test_show_is_the_notebook_entry_point(store: ox.Store, network: nx.MultiDiGraph) -> None:
    from kg.views.html import show

    shown = show(store, focus="alcohol")
    assert shown.html == render_html(select_view(store, network, focus="alcohol"))
    assert shown._repr_html_().startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')


def test_cli_site_into_missing_folder_fails_cleanly(cli, tmp_path: Path) -> None:
    result = cli("viz", "--site", str(tmp_path / "missing" / "site"))
    assert_one_line_error(result)
    assert "does not exist" in result.err and list(tmp_path.iterdir()) == []


def _site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_site_rewrite_replaces_an_earlier_explorer_whole(cli, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert cli("viz", "--graph", str(DATA / "tiny.trig"), "--site", str(site), "--quiet").code == 0
    first = _site_files(site)
    (site / "entity-gone.html").write_text("a page for an entity no longer in the graph", encoding="utf-8")
    assert cli("viz", "--graph", str(DATA / "tiny.trig"), "--site", str(site), "--quiet").code == 0
    assert _site_files(site) == first
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_site_refuses_a_folder_with_other_files(cli, tmp_path: Path) -> None:
    site = tmp_path / "docs"
    site.mkdir()
    (site / "notes.txt").write_text("mine", encoding="utf-8")
    result = cli("viz", "--graph", str(DATA / "tiny.trig"), "--site", str(site))
    assert_one_line_error(result, "holds other files (notes.txt)")
    assert _site_files(site) == {"notes.txt": b"mine"}


def test_failed_site_keeps_the_earlier_explorer(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.views.explorer

    site = tmp_path / "site"
    assert cli("viz", "--graph", str(DATA / "tiny.trig"), "--site", str(site), "--quiet").code == 0
    earlier = _site_files(site)
    calls = {"n": 0}
    real_render = kg.views.explorer.render_html

    def failing_render(*args, **kwargs) -> str:
        calls["n"] += 1
        if calls["n"] == 3:  # two pages are already written by then
            raise KeyboardInterrupt
        return real_render(*args, **kwargs)

    monkeypatch.setattr(kg.views.explorer, "render_html", failing_render)
    with pytest.raises(KeyboardInterrupt):
        kg.views.explorer.write_site(build_network(loaded("tiny.trig")), site)
    assert _site_files(site) == earlier
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_sources_carry_their_licence_into_the_page() -> None:
    from kg.views.network import local_neighbourhood

    store = loaded("tiny.trig")
    store.add(
        ox.Quad(
            ox.NamedNode("https://example.org/tiny/doc"),
            ox.NamedNode("http://purl.org/dc/terms/license"),
            ox.NamedNode("https://creativecommons.org/publicdomain/zero/1.0/"),
            ox.NamedNode("https://w3id.org/drugkg/graph/sources"),
        )
    )
    network = build_network(store)
    assert network.graph["licences"] == {"section one (tiny document)": "CC0 1.0", "tiny document": "CC0 1.0"}
    drug = "https://example.org/tiny/drugA"
    assert local_neighbourhood(store, drug, 1).graph.graph["licences"] == network.graph["licences"]
    data = vis_data(neighbourhood(network, drug, 1))
    assert data["sources"] == [{"name": "section one (tiny document)", "licence": "CC0 1.0"}]
