"""Take the screenshots of docs/visualising.md from an explorer of the built graph.

    python docs/images/make_screenshots.py [--graph FILE]

Writes ``overview.png``, ``search.png`` (typing "alpraz"), ``search-id.png`` (typing "DB00404"),
``neighbourhood.png`` (alprazolam) and ``class.png`` (benzodiazepine, its members by source)
beside this file, from ``drugkg viz --site`` pages opened from files in the Debian ``chromium``
(through Playwright, no browser download), 1200 by 760 pixels. The built graph is the one
``drugkg build`` makes, with the open datasets.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.compile.pipeline import open_built_store
from kg.loading import load_file
from kg.views.explorer import write_site
from kg.views.network import build_network
from kg.views.search import names_of_entities

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"


def wait_ready(page) -> None:
    deadline = time.monotonic() + 30
    while not page.evaluate("window.drugkg === undefined || window.drugkg.ready === true"):
        if time.monotonic() > deadline:
            raise RuntimeError("the page did not settle")
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, help="an RDF file instead of the built graph")
    args = parser.parse_args()
    if args.graph:
        store = ox.Store()
        load_file(store, args.graph)
    else:
        store = open_built_store()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="drugkg-shots-") as folder:
        site = Path(folder) / "site"
        write_site(build_network(store), site, names=names_of_entities(store))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1200, "height": 760})
            offline = lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()  # noqa: E731
            page.route("**/*", offline)

            page.goto((site / "index.html").as_uri())
            wait_ready(page)
            page.evaluate("document.getElementById('metagraph').scrollIntoView()")
            page.screenshot(path=str(HERE / "overview.png"))

            page.goto((site / "index.html").as_uri())
            wait_ready(page)
            page.fill("#search", "alpraz")
            page.screenshot(path=str(HERE / "search.png"), clip={"x": 0, "y": 0, "width": 1200, "height": 330})
            page.fill("#search", "DB00404")
            page.screenshot(path=str(HERE / "search-id.png"), clip={"x": 0, "y": 0, "width": 1200, "height": 330})

            page.goto((site / "entity-dk-alprazolam.html").as_uri())
            wait_ready(page)
            page.screenshot(path=str(HERE / "neighbourhood.png"))

            page.goto((site / "class-dk-benzodiazepine.html").as_uri())
            page.eval_on_selector_all("details", "all => all.forEach(d => { d.open = true; })")
            height = min(760, page.evaluate("document.documentElement.scrollHeight"))
            page.screenshot(path=str(HERE / "class.png"), clip={"x": 0, "y": 0, "width": 1200, "height": height})
            browser.close()
    for name in ("overview", "search", "search-id", "neighbourhood", "class"):
        print(HERE / f"{name}.png", (HERE / f"{name}.png").stat().st_size, "bytes")


if __name__ == "__main__":
    main()
