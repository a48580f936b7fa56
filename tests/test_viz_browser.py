"""The HTML views and the explorer in a real headless Chromium: offline, faithful counts, hostile
text stays text, search by brand name and id, groups that open, labels that do not collide.

Every request that is not ``file:`` is refused and counted (it must be none); page errors, dialogs
(``alert``) and Content-Security-Policy refusals are collected (there must be none).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest
from hostile_text import HOSTILE_TTL_LABELS
from synthetic_graphs import synthetic_store
from viz_counts import expected_overview

from kg.loading import load_file
from kg.namespaces import DK
from kg.views.explorer import write_site
from kg.views.grouping import VISIBLE_LIMIT, group_view
from kg.views.html import HtmlView, render_html, write_html
from kg.views.network import View, build_network, neighbourhood, select_view
from kg.views.search import names_of_entities

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
DATA = Path(__file__).parent / "data"
READY = "window.drugkg !== undefined && window.drugkg.ready === true"


def wait_ready(target, timeout: float = 20.0) -> None:
    """Poll until the view has drawn and settled (``wait_for_function`` would need 'unsafe-eval')."""
    deadline = time.monotonic() + timeout
    while not target.evaluate(READY):
        assert time.monotonic() < deadline, "the view did not become ready"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module (skipped, with the reason, where it is not installed)."""
    if not CHROMIUM.is_file():
        pytest.skip(f"headless Chromium is not installed at {CHROMIUM} (Debian package 'chromium')")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield chromium
        chromium.close()


@dataclass
class Opened:
    page: object
    remote: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert (self.remote, self.errors, self.dialogs, self.refused) == ([], [], [], [])


@pytest.fixture
def open_page(browser):
    """Open a file in a fresh context that refuses and counts every non-``file:`` request."""
    contexts = []

    def open_(path: Path, ready: bool = True) -> Opened:
        context = browser.new_context(viewport={"width": 1200, "height": 800})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)

        def route(route) -> None:
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                opened.remote.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page.on("pageerror", lambda error: opened.errors.append(str(error)))
        page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
        page.on(
            "console", lambda message: "Content Security Policy" in message.text and opened.refused.append(message.text)
        )
        page.goto(path.as_uri())
        if ready:
            wait_ready(page)
        return opened

    yield open_
    for context in contexts:
        context.close()


def counts(page) -> list[int]:
    return page.evaluate("[window.drugkg.nodes.length, window.drugkg.edges.length]")


def test_drugkg_neighbourhood_is_offline_and_complete(cli, store, open_page, tmp_path: Path) -> None:
    target = tmp_path / "clonazepam.html"
    assert cli("viz", "--focus", "Klonopin", "--depth", "1", "-o", str(target)).code == 0
    view = select_view(store, build_network(store), focus="Klonopin", depth=1)
    grouping = group_view(view)
    opened = open_page(target)
    page = opened.page
    # every node and edge of the view is in the page; the grouped ones stand behind their group nodes
    assert page.evaluate("[window.drugkg.data.nodes.length, window.drugkg.data.edges.length]") == [
        view.graph.number_of_nodes(),
        view.graph.number_of_edges(),
    ]
    hidden = len(grouping.group_of)
    assert grouping.groups and counts(page)[0] == view.graph.number_of_nodes() - hidden + len(grouping.groups)
    assert page.evaluate("window.drugkg.network.physics.physicsEnabled") is False
    tip = page.evaluate(
        "(() => { const n = window.drugkg.nodes.get().find(n => n.label === 'clonazepam');"
        " return [n.title.constructor.name, n.title.textContent]; })()"
    )
    assert tip[0] == "HTMLDivElement"
    for text in ("clonazepam", "dk:clonazepam", "Klonopin", "CHEBI:3756", "long-acting", "The drug and its class"):
        assert text in tip[1]
    dashed = page.evaluate(
        "window.drugkg.data.edges.filter(e => e[4]).map(e => window.drugkg.data.predicates[e[2]].label)"
    )
    inferred = [d["label"] for _, _, d in view.graph.edges(data=True) if d["inferred"]]
    assert sorted(dashed) == sorted(inferred)
    # drawn edges are dashed exactly when inferred (the group edges: when all their links are)
    drawn = page.evaluate(
        "window.drugkg.edges.get().filter(e => e.id.startsWith('e'))"
        ".map(e => [!!e.dashes, window.drugkg.data.edges[Number(e.id.slice(1))][4] === 1])"
    )
    assert drawn and all(dashes == inferred for dashes, inferred in drawn)
    panel = page.inner_text("#panel")
    # benzodiazepine (asserted); central nervous system depressant and sedative-hypnotic (inferred, up its hierarchy)
    assert "→ member of (3)" in panel and "sedative-hypnotic" in panel
    assert "benzodiazepine" in panel and "source: The drug and its class" in panel
    opened.assert_clean()


def test_tooltips_and_panel_give_each_facts_source_and_licence(open_page, tmp_path: Path) -> None:
    store = ox.Store()
    load_file(store, DATA / "tiny.trig")
    store.add(
        ox.Quad(
            ox.NamedNode("https://example.org/tiny/doc"),
            ox.NamedNode("http://purl.org/dc/terms/license"),
            ox.NamedNode("https://creativecommons.org/licenses/by/4.0/"),
            ox.NamedNode("https://w3id.org/drugkg/graph/sources"),
        )
    )
    target = write_html(neighbourhood(build_network(store), "https://example.org/tiny/drugA", 1), tmp_path / "a.html")
    opened = open_page(target)
    source = "section one (tiny document) (licence: CC BY 4.0)"
    edge_tips = opened.page.evaluate("window.drugkg.edges.get().map(e => e.title.textContent)")
    assert edge_tips == [f"dkv:memberOfdkv:memberOfsource: {source}"]  # no vocabulary in the file: CURIEs
    node_tip = opened.page.evaluate("window.drugkg.nodes.get().find(n => n.label === 'drug A').title.textContent")
    assert f"dkv:brandName: Alphazol  [{source}]" in node_tip
    assert f"source: {source}" in opened.page.inner_text("#panel")
    opened.assert_clean()


def test_hostile_graph_is_shown_as_text_and_runs_nothing(open_page, tmp_path: Path) -> None:
    store = ox.Store()
    load_file(store, DATA / "hostile.ttl")
    view = select_view(store, build_network(store))
    view.title = "</script><script>alert(2)</script><img src=x onerror=alert(8)>"
    target = write_html(view, tmp_path / "hostile.html")
    opened = open_page(target)
    page = opened.page
    assert page.inner_text("h1") == view.title
    assert set(page.evaluate("window.drugkg.nodes.get().map(n => n.label)")) == set(HOSTILE_TTL_LABELS)
    assert "<b onmouseover=alert(7)>danger type</b>" in page.inner_text(".legend")
    assert page.evaluate("document.querySelectorAll('img, iframe, svg, a, b, object, embed').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    tip = page.evaluate(
        "(() => { const n = window.drugkg.nodes.get().find(n => n.label === '<script>alert(1)</script>');"
        " return [n.title.textContent, n.title.querySelectorAll('*:not(div):not(span)').length]; })()"
    )
    assert '<a href="javascript:alert(4)">click me</a> (a title containing href)' in tip[0]
    assert '<iframe src="javascript:alert(6)"></iframe>' in tip[0] and "javascript:alert(3)" in tip[0]
    assert tip[1] == 0
    # hover every node so that vis-network shows each tooltip for real
    positions = page.evaluate(
        "Object.values(window.drugkg.network.getPositions()).map(p => window.drugkg.network.canvasToDOM(p))"
    )
    box = page.locator("#graph").bounding_box()
    for position in positions:
        page.mouse.move(box["x"] + position["x"], box["y"] + position["y"])
        page.wait_for_timeout(250)
    assert page.locator("div.vis-tooltip").count() == 1
    assert page.evaluate("document.querySelectorAll('img, iframe, svg, a, b').length") == 0
    opened.assert_clean()


def test_thousand_nodes_load_fixed_and_complete(open_page, tmp_path: Path) -> None:
    network = build_network(synthetic_store(1000))
    view = View(network, "a thousand nodes")
    target = write_html(view, tmp_path / "large.html")
    opened = open_page(target)
    assert counts(opened.page) == [1000, network.number_of_edges()]
    assert opened.page.evaluate("window.drugkg.network.physics.physicsEnabled") is False
    opened.assert_clean()


def test_notebook_iframe_renders_inline_offline(store, open_page, tmp_path: Path) -> None:
    view = neighbourhood(build_network(store), str(DK.alcohol), 1)
    notebook = tmp_path / "notebook.html"
    notebook.write_text(f"<!DOCTYPE html><html><body>{HtmlView(render_html(view))._repr_html_()}</body></html>")
    opened = open_page(notebook, ready=False)
    frame = opened.page.frame_locator("iframe")
    frame.locator("#graph canvas").wait_for(timeout=20_000)
    inner = opened.page.frames[1]
    wait_ready(inner)
    # every node and edge of the view reaches the page (some inferred edges may wait behind a toggle)
    assert inner.evaluate("[window.drugkg.data.nodes.length, window.drugkg.data.edges.length]") == [
        view.graph.number_of_nodes(),
        view.graph.number_of_edges(),
    ]
    opened.assert_clean()


def test_explorer_page_links_to_entity_pages(cli, open_page, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert cli("viz", "--graph", str(DATA / "tiny.trig"), "--site", str(site), "--quiet").code == 0
    opened = open_page(site / "index.html")
    opened.page.fill("#search", "class B")
    opened.page.click("#results a >> text=class B")
    wait_ready(opened.page)
    assert opened.page.inner_text("h1") == "class B: neighbourhood within 1 hop"
    assert opened.page.evaluate("[window.drugkg.data.nodes.length, window.drugkg.data.edges.length]") == [3, 2]
    opened.assert_clean()


# --- the explorer of the built graph ---------------------------------------------------------------


@pytest.fixture(scope="module")
def site(store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("explorer") / "site"
    write_site(build_network(store), folder, names=names_of_entities(store))
    return folder


def results(page) -> list[str]:
    return page.eval_on_selector_all("#results li", "items => items.map(item => item.textContent)")


@pytest.mark.parametrize(
    ("typed", "first", "why"),
    [
        ("Klonopin", "clonazepam", "brand name: Klonopin"),
        ("klono", "clonazepam", "brand name: Klonopin"),
        ("DB01068", "clonazepam", "cross-reference: drugbank:DB01068"),
        ("drugbank:DB01068", "clonazepam", "cross-reference: drugbank:DB01068"),
        ("dk:clonazepam", "clonazepam", "id: dk:clonazepam"),
        ("alpraz", "alprazolam", None),
        ("DB00404", "alprazolam", "cross-reference: drugbank:DB00404"),
    ],
)
def test_search_finds_an_entity_by_name_brand_and_id(site: Path, open_page, typed: str, first: str, why) -> None:
    opened = open_page(site / "index.html")
    opened.page.fill("#search", typed)
    found = results(opened.page)
    assert found and found[0].startswith(f"●{first}drug")
    assert (why in found[0]) if why else ("cross-reference" not in found[0] and "brand name" not in found[0])
    assert "match" in opened.page.inner_text("#search-status")
    opened.assert_clean()


def test_from_the_index_to_a_drug_its_facts_and_its_class(site: Path, open_page) -> None:
    """What a user does: type part of a name, open the drug, read its classes, uses and dangerous
    combinations with their sources, then open its class and see its members; all from files."""
    opened = open_page(site / "index.html")
    page = opened.page
    page.fill("#search", "alpraz")
    page.press("#search", "Enter")
    page.wait_for_url("**/entity-dk-alprazolam.html")
    wait_ready(page)
    panel = page.inner_text("#panel")
    for text in ("alprazolam", "drugbank:DB00404", "→ member of", "benzodiazepine", "→ interacts with", "opioid"):
        assert text in panel
    assert "source: ATC group N05BA: benzodiazepine derivatives (WHO ATC/DDD Index)" in panel
    page.click("#panel a >> text=benzodiazepine")
    page.wait_for_url("**/class-dk-benzodiazepine.html")
    members = page.eval_on_selector_all("ul.entities a", "links => links.map(link => link.textContent)")
    assert sorted(members) == ["alprazolam", "clonazepam", "diazepam", "lorazepam"]
    assert "central nervous system depressant" in page.inner_text("main")
    opened.assert_clean()
    clonazepam = open_page(site / "entity-dk-clonazepam.html")
    panel = clonazepam.page.inner_text("#panel")
    assert "← has participant (3)" in panel and "clonazepam with alcohol" in panel and "severity: " in panel
    clonazepam.assert_clean()


def test_expanding_a_group_adds_its_nodes(site: Path, open_page) -> None:
    opened = open_page(site / "entity-dk-clonazepam.html")
    page = opened.page
    groups = page.evaluate("window.drugkg.data.groups.map(g => [g.label, g.members.length + g.extra.length])")
    index = max(range(len(groups)), key=lambda i: groups[i][1])
    before = counts(page)[0]
    group = f"g{index}"
    position = page.evaluate(
        "(group) => window.drugkg.network.canvasToDOM(window.drugkg.network.getPositions([group])[group])", group
    )
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    wait_ready(page)
    assert page.evaluate("window.drugkg.opened") == [index]
    assert counts(page)[0] == before - 1 + groups[index][1]
    members = page.evaluate(f"window.drugkg.data.groups[{index}].members")
    assert page.evaluate(f"{members}.every(id => window.drugkg.nodes.get(id) !== null)")
    assert page.evaluate(f"window.drugkg.nodes.get('g{index}')") is None
    assert_no_overlap(page)
    opened.assert_clean()


def assert_no_overlap(page) -> None:
    """No two drawn nodes' boxes (shape and label) overlap."""
    boxes = page.evaluate("window.drugkg.nodes.getIds().map(id => window.drugkg.network.getBoundingBox(id))")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap_x = min(a["right"], b["right"]) - max(a["left"], b["left"])
            overlap_y = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            assert overlap_x <= 0 or overlap_y <= 0, (a, b)


@pytest.mark.parametrize("name", ["index.html", "entity-dk-clonazepam.html", "entity-dk-benzodiazepine.html"])
def test_labels_do_not_collide(site: Path, open_page, name: str) -> None:
    opened = open_page(site / name)
    assert_no_overlap(opened.page)
    opened.assert_clean()


def test_overview_counts_in_the_page_equal_the_graphs(cli, store, open_page, tmp_path: Path) -> None:
    target = tmp_path / "overview.html"
    assert cli("viz", "-o", str(target), "--quiet").code == 0
    opened = open_page(target)
    page = opened.page
    types, relations, inferred = expected_overview(store)
    shown_types = page.eval_on_selector_all(
        "table.types tbody tr", "rows => rows.map(r => [r.cells[0].textContent.slice(1), r.cells[1].textContent])"
    )
    assert {name: int(count.replace(",", "")) for name, count in shown_types} == dict(types)
    shown_relations = page.eval_on_selector_all(
        "table.relations tbody tr", "rows => rows.map(r => Array.from(r.cells).slice(0, 5).map(c => c.textContent))"
    )
    assert {(s, p, o): int(n.replace(",", "")) for s, p, o, n, _ in shown_relations} == dict(relations)
    assert {(s, p, o): int(i.replace(",", "")) for s, p, o, _, i in shown_relations if i != "0"} == dict(+inferred)
    assert counts(page)[0] == len(types)
    assert_no_overlap(page)
    opened.assert_clean()


@pytest.mark.parametrize(
    "name",
    ["index.html", "type-drug.html", "entity-dk-clonazepam.html", "class-dk-cns-depressant.html", "graph.html"],
)
def test_site_pages_load_only_the_shared_assets(site: Path, open_page, name: str) -> None:
    opened = open_page(site / name, ready=name not in ("type-drug.html", "class-dk-cns-depressant.html"))
    page = opened.page
    sources = page.evaluate("Array.from(document.scripts).filter(s => s.src).map(s => s.src)")
    assert sources and all(src.startswith((site / "assets").as_uri() + "/") for src in sources)
    # the policy still refuses any script that is not one of the explorer's files
    assert page.evaluate(
        "(() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
        " document.body.appendChild(s); return window.injected === undefined; })()"
    )
    assert len(opened.refused) == 1 and "Content Security Policy" in opened.refused[0]
    opened.refused.clear()
    opened.assert_clean()


def test_hostile_explorer_shows_text_and_runs_nothing(open_page, tmp_path: Path) -> None:
    store = ox.Store()
    load_file(store, DATA / "hostile.ttl")
    site = tmp_path / "site"
    write_site(build_network(store), site, names=names_of_entities(store))
    opened = open_page(site / "index.html")
    page = opened.page
    page.fill("#search", "<script>")
    assert any("<script>alert(1)</script>" in item for item in results(page))
    page.fill("#search", "javascript:alert")
    page.click("#results a >> nth=0")
    wait_ready(page)
    assert page.evaluate("document.querySelectorAll('img, iframe, svg, object, embed, b').length") == 0
    assert "<" in page.inner_text("#panel")
    opened.assert_clean()


def test_a_busy_neighbourhood_of_two_hops_is_readable(full_store, open_page, tmp_path: Path) -> None:
    """The README's example on the graph with the open datasets (3,000 nodes within two hops of
    Klonopin): about VISIBLE_LIMIT nodes drawn, each with its label at a readable size, the rest
    in groups that say how many they hold and open on a click."""
    view = select_view(full_store, focus="Klonopin", depth=2)
    target = write_html(view, tmp_path / "klonopin.html")
    opened = open_page(target)
    page = opened.page
    drawn = page.evaluate("window.drugkg.nodes.get().map(n => [String(n.id), n.label])")
    assert len(drawn) <= VISIBLE_LIMIT + 10 and view.graph.number_of_nodes() >= 10 * len(drawn)
    assert all(label for _, label in drawn)
    assert page.evaluate("window.drugkg.network.physics.physicsEnabled") is False
    # vis-network leaves out a label drawn under 5 px; the fitted drawing shows them at 8 px or more
    assert page.evaluate("window.drugkg.network.getScale()") * 13 >= 8
    groups = [label for node, label in drawn if node.startswith("g")]
    assert len(groups) >= 5 and all(re.fullmatch(r"\d+ (× .+|others)", label) for label in groups)
    assert_no_overlap(page)
    sizes = page.evaluate("window.drugkg.data.groups.map(g => g.members.length + g.extra.length)")
    index = max(range(len(sizes)), key=sizes.__getitem__)
    if f"g{index}" not in {node for node, _ in drawn}:  # a group inside another: open the other first
        index = next(i for i, _ in sorted(enumerate(sizes), key=lambda p: -p[1]) if f"g{i}" in dict(drawn))
    before = counts(page)[0]
    position = page.evaluate(
        "(group) => window.drugkg.network.canvasToDOM(window.drugkg.network.getPositions([group])[group])", f"g{index}"
    )
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    wait_ready(page)
    assert page.evaluate("window.drugkg.opened") == [index]
    assert counts(page)[0] > before
    opened.assert_clean()
