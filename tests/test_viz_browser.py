"""The HTML views in a real headless Chromium: offline, faithful counts, hostile text stays text.

Every request that is not ``file:`` is refused and counted (it must be none); page errors and
dialogs (``alert``) are collected (there must be none).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest
from hostile_text import HOSTILE_TTL_LABELS
from synthetic_graphs import synthetic_store

from kg.loading import load_file
from kg.namespaces import DK
from kg.views.html import HtmlView, render_html, write_html
from kg.views.network import View, build_network, neighbourhood, select_view

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

    def assert_clean(self) -> None:
        assert (self.remote, self.errors, self.dialogs) == ([], [], [])


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
    opened = open_page(target)
    assert counts(opened.page) == [view.graph.number_of_nodes(), view.graph.number_of_edges()]
    assert opened.page.evaluate("window.drugkg.network.physics.physicsEnabled") is False
    tip = opened.page.evaluate(
        "(() => { const n = window.drugkg.nodes.get().find(n => n.label === 'clonazepam');"
        " return [n.title.constructor.name, n.title.textContent]; })()"
    )
    assert tip[0] == "HTMLDivElement"
    for text in ("clonazepam", "dk:clonazepam", "Klonopin", "CHEBI:3756", "long-acting", "The drug and its class"):
        assert text in tip[1]
    dashed = opened.page.evaluate("window.drugkg.edges.get().filter(e => e.dashes).map(e => e.label)")
    inferred = [d["label"] for _, _, d in view.graph.edges(data=True) if d["inferred"]]
    assert sorted(dashed) == sorted(inferred)
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
    assert inner.evaluate("[window.drugkg.nodes.length, window.drugkg.edges.length]") == [
        view.graph.number_of_nodes(),
        view.graph.number_of_edges(),
    ]
    opened.assert_clean()


def test_explorer_page_links_to_entity_pages(cli, open_page, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert cli("viz", "--graph", str(DATA / "tiny.trig"), "--site", str(site), "--quiet").code == 0
    opened = open_page(site / "index.html", ready=False)
    opened.page.click("text=class B")
    wait_ready(opened.page)
    assert opened.page.inner_text("h1") == "class B: neighbourhood within 1 hop"
    assert counts(opened.page) == [3, 2]
    opened.assert_clean()
