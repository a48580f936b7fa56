"""The explorer (kg.views.explorer): one shared copy of each script, a search index of every name,
type lists in pages, class pages, every text escaped, the same pages written or served."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from hostile_text import MARKUP_INJECTIONS
from synthetic_graphs import synth_store, synthetic_store

from kg.loading import load_file
from kg.views.explorer import PAGE_SIZE, Explorer, write_site
from kg.views.html import vis_network_js
from kg.views.network import build_network
from kg.views.search import names_of_entities

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def site(store: ox.Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("explorer") / "site"
    write_site(build_network(store), folder, names=names_of_entities(store))
    return folder


def pages_of(site: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in site.glob("*.html")}


def search_entries(site: Path) -> dict[str, list]:
    text = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert text.startswith("window.drugkgSearch = ") and text.endswith(";\n")
    index = json.loads(text.removeprefix("window.drugkgSearch = ").removesuffix(";\n"))
    return {
        entry[1]: [entry[0], [(index["kinds"][kind], name) for kind, name in entry[5]], entry[3]]
        for entry in index["entries"]
    }


def test_one_copy_of_each_script_for_the_whole_site(site: Path) -> None:
    vis = vis_network_js()
    files = [p for p in site.rglob("*") if p.is_file()]
    holding_vis = [p.relative_to(site).as_posix() for p in files if vis[:2000] in p.read_text(encoding="utf-8")]
    assert holding_vis == ["assets/vis-network.min.js"]
    for name, page in pages_of(site).items():
        sources = re.findall(r'<script src="([^"]+)"></script>', page)
        assert sources and all(src.startswith("assets/") for src in sources), name
        inline = re.findall(r"<script([^>]*)>([^<]+)</script>", page)  # the data has no "<": it is escaped
        assert all(attributes == ' type="application/json" id="drugkg-data"' for attributes, _ in inline), name
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
        assert policy.startswith("default-src 'none'; script-src 'self' file:; "), name
        assert '<link rel="stylesheet" href="assets/site.css">' in page


def test_the_site_is_small(site: Path) -> None:
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*") if p.is_file()}
    # the 38 MB of 82 pages that each inlined vis-network, gone; then 2.2 MB with a copy of the
    # options, the tables and the neighbours' details on each page; 1.2 MB with those shared
    assert sum(sizes.values()) < 1.8 * 2**20
    assert max(size for name, size in sizes.items() if name.startswith("entity-")) < 30_000


def test_search_index_has_every_name_and_id(site: Path, store: ox.Store) -> None:
    entries = search_entries(site)
    label, names, page = entries["dk:clonazepam"]
    assert (label, page) == ("clonazepam", "entity-dk-clonazepam.html")
    assert ("brand name", "Klonopin") in names and ("cross-reference", "drugbank:DB01068") in names
    assert ("cross-reference", "drugbank:DB00404") in entries["dk:alprazolam"][1]
    assert len(entries) == build_network(store).number_of_nodes()


def test_type_lists_are_paged() -> None:
    network = build_network(synthetic_store(PAGE_SIZE * 2 + 100))
    explorer = Explorer(network)
    names = [name for name in explorer.file_names() if name.startswith("type-")]
    assert names == ["type-no-type.html", "type-no-type-2.html", "type-no-type-3.html"]
    listed = []
    for name in names:
        page = explorer.text(name)
        items = re.findall(r'<li><a href="(entity-[^"]+)">', page)
        assert len(items) <= PAGE_SIZE
        listed += items
        assert re.search(r'<nav class="pager" aria-label="pages">.*<span class="current">', page)
        assert set(re.findall(r'href="(type-no-type[^"]*)"', page)) == set(names) - {name}
    assert sorted(listed) == sorted(explorer.pages.values())


def test_class_page_shows_the_hierarchy_and_members_by_source(site: Path) -> None:
    page = (site / "class-dk-benzodiazepine.html").read_text(encoding="utf-8")
    above = re.search(r"<h2>Above</h2><ul>(.*?)</ul>", page).group(1)
    # two paths up: the article's, and the opioid label's through the sedative-hypnotics
    assert re.findall(r"<li>(.*?)</li>", above) == [
        '<a href="class-dk-cns-depressant.html">central nervous system depressant</a> › '
        "<strong>benzodiazepine</strong>",
        '<a href="class-dk-cns-depressant.html">central nervous system depressant</a> › '
        '<a href="class-dk-sedative-hypnotic.html">sedative-hypnotic</a> › <strong>benzodiazepine</strong>',
    ]
    sections = dict(re.findall(r"<h3>([^<]+) \(\d+\)</h3><ul class=\"entities\">(.*?)</ul>", page))
    members = {source: re.findall(r'<a href="entity-[^"]+">([^<]+)</a>', items) for source, items in sections.items()}
    assert members == {
        "ATC group N05BA: benzodiazepine derivatives (WHO ATC/DDD Index)": ["alprazolam", "diazepam", "lorazepam"],
        "The drug and its class (Article on clonazepam (Klonopin) and depression)": ["clonazepam"],
    }
    broader = (site / "class-dk-cns-depressant.html").read_text(encoding="utf-8")
    # opioids (and serotonergic ones), and the warned kinds: sedative-hypnotics (benzodiazepines, Z-drugs,
    # barbiturates), antipsychotics, general anaesthetics, skeletal muscle relaxants
    assert "<h2>Below (9 narrower)</h2>" in broader and 'href="class-dk-opioid.html"' in broader
    assert "via" in broader  # members of narrower classes say through which


def test_hostile_text_stays_text_on_every_page(tmp_path: Path) -> None:
    store = ox.Store()
    load_file(store, DATA / "hostile.ttl")
    site = tmp_path / "site"
    write_site(build_network(store), site, names=names_of_entities(store))
    texts = [p.read_text(encoding="utf-8") for p in site.rglob("*") if p.is_file() and "vis-network" not in p.name]
    for text in texts:
        for injection in MARKUP_INJECTIONS:
            if "<" in injection:
                assert injection not in text
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in text for text in texts)


def test_the_server_gives_the_pages_the_folder_holds(site: Path, store: ox.Store) -> None:
    explorer = Explorer(build_network(store), names=names_of_entities(store))
    written = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert sorted(explorer.file_names()) == written
    for name in ("index.html", "entity-dk-clonazepam.html", "class-dk-opioid.html", "assets/search-index.js"):
        assert explorer.text(name) == (site / name).read_text(encoding="utf-8")
    assert explorer.text("../index.html") is None and explorer.text("assets") is None


def test_a_synthetic_explorer_grows_with_the_data(tmp_path: Path) -> None:
    store = synth_store(6000, seed=2, reasoned=True)
    network = build_network(store)
    written = write_site(network, tmp_path / "site", names=names_of_entities(store))
    pages = [p for p in written if p.suffix == ".html"]
    assert len(pages) > network.number_of_nodes()
    size = sum(p.stat().st_size for p in written)
    assert size / len(pages) < 30_000  # each page is its data, not a library
    hub = max(network, key=network.degree)
    page = (tmp_path / "site" / Explorer(network).pages[hub]).read_text(encoding="utf-8")
    assert len(page) < 120_000 and "more, not on this page" not in page  # the panel says it, from the data
    data = json.loads(re.search(r'id="drugkg-data">(.*?)</script>', page, re.DOTALL).group(1))
    assert data["groups"] and any(group["more"] for group in data["groups"])


#: The bound on the explorer of the graph with the open datasets (issue 26: 207 MB before).
FULL_SITE_BOUND = 100 * 10**6


def test_the_full_graphs_explorer_stays_under_its_bound(full_store: ox.Store, tmp_path: Path) -> None:
    """One explorer of the graph with the open datasets: under 100 MB in all, shared data once,
    every entity still reachable (its page, listed on its type's pages, found by the search)."""
    network = build_network(full_store)
    site = tmp_path / "site"
    written = write_site(network, site, names=names_of_entities(full_store))
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in written}
    assert sum(sizes.values()) < FULL_SITE_BOUND, f"{sum(sizes.values()):,} bytes in {len(sizes):,} files"
    assert max(size for name, size in sizes.items() if "/" not in name) < 400_000
    explorer = Explorer(network)
    assert set(explorer.pages.values()) <= set(sizes) and len(explorer.pages) == network.number_of_nodes()
    listed: set[str] = set()
    for name in sizes:
        if name.startswith("type-"):
            listed |= set(re.findall(r'<li><a href="(entity-[^"]+)">', (site / name).read_text(encoding="utf-8")))
    assert listed == set(explorer.pages.values())
    assert {entry[3] for entry in search_entries_raw(site)} == set(explorer.pages.values())
    clonazepam = (site / "entity-dk-clonazepam.html").read_text(encoding="utf-8")
    assert "window.drugkgOptions" not in clonazepam and '"sources":' not in clonazepam  # in assets/, once
    assert re.findall(r'<script src="([^"]+)"></script>', clonazepam) == ["assets/vis-network.min.js", "assets/page.js"]


def search_entries_raw(site: Path) -> list[list]:
    text = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    return json.loads(text.removeprefix("window.drugkgSearch = ").removesuffix(";\n"))["entries"]
