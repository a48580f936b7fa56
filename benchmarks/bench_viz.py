"""Build time and size of ``drugkg viz`` pages and explorers, at growing sizes.

Run on demand (not part of the test run)::

    python benchmarks/bench_viz.py [pages] [NODES...]   # one page of a whole random graph
    python benchmarks/bench_viz.py site [TRIPLES...]    # the explorer of a drugkg synth graph
    python benchmarks/bench_viz.py built                # the explorer of the built graph (DRUGKG_BUILD_DIR)
    python benchmarks/bench_viz.py                      # pages and site, at their default sizes

``pages``: each size is a seeded random graph (a spanning tree plus as many random edges, so
about two edges per node, four predicates, one edge in five in an inferred graph); reported are
the time to turn the store into the networkx graph, the time to build the self-contained page of
the whole graph (layout included; views above ``kg.views.html.LAYOUT_THRESHOLD`` nodes get a
precomputed layout) and the page's size.

``site``: each size is the graph ``drugkg synth --triples N`` writes, with the shipped rules'
conclusions added (so about twice the triples), as the tests make it. Reported are the network's
size and build time, the overview page (time, size), the neighbourhood page of the busiest node
(time, size), and the whole explorer (``write_site``: time, files, total size, mean and largest
entity page, the search index).

``built``: the graph ``drugkg build`` made (with the open datasets, the graph issue 26 measures):
the explorer's time (wall and CPU), the process's peak memory, its files and pages, its size in
bytes (what ``du -sb`` counts of the files) against the 100 MB bound, the mean and largest page;
then the README's ``--focus Klonopin --depth 2``: the nodes of the view, how many are drawn before
a group is opened, its groups and the page's size.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the tests' synthetic graphs

from synthetic_graphs import synth_store, synthetic_store

from kg.views.explorer import SEARCH_INDEX, Explorer, write_site
from kg.views.grouping import group_view
from kg.views.html import LAYOUT_THRESHOLD, render_html, vis_network_js
from kg.views.network import View, build_network, select_view
from kg.views.overview import overview_of, render_overview
from kg.views.search import names_of_entities

MIB = 2**20


def pages(sizes: list[int]) -> None:
    vis_network_js()  # read the bundled script once, outside the timings
    print(f"{'nodes':>7} {'edges':>7} {'network s':>10} {'page s':>8} {'HTML MiB':>9}  layout")
    for size in sizes:
        store = synthetic_store(size)
        start = time.perf_counter()
        network = build_network(store)
        built = time.perf_counter()
        page = render_html(View(network, f"{size} nodes"))
        rendered = time.perf_counter()
        layout = "precomputed" if size > LAYOUT_THRESHOLD else "in browser"
        print(
            f"{network.number_of_nodes():>7} {network.number_of_edges():>7} {built - start:>10.2f} "
            f"{rendered - built:>8.2f} {len(page.encode()) / MIB:>9.2f}  {layout}",
            flush=True,
        )


def site(sizes: list[int]) -> None:
    vis_network_js()
    for triples in sizes:
        store = synth_store(triples, seed=0, reasoned=True)
        start = time.perf_counter()
        network = build_network(store)
        built = time.perf_counter()
        print(
            f"synth --triples {triples:,}: {len(store):,} quads with inferences; network {network.number_of_nodes():,} "
            f"nodes, {network.number_of_edges():,} edges in {built - start:.1f} s",
            flush=True,
        )
        start = time.perf_counter()
        overview = render_overview(overview_of(network), type_iris=network.graph["type_iris"])
        print(f"  overview page: {time.perf_counter() - start:.2f} s, {len(overview.encode()) / 1024:.0f} KiB")
        explorer = Explorer(network)
        hub = max(network, key=network.degree)
        start = time.perf_counter()
        page = explorer.entity_page(hub)
        print(
            f"  busiest node ({network.degree(hub):,} edges): page in {time.perf_counter() - start:.3f} s, "
            f"{len(page.encode()) / 1024:.0f} KiB"
        )
        with tempfile.TemporaryDirectory(prefix="bench-viz-") as folder:
            start, cpu = time.perf_counter(), time.process_time()
            written = write_site(network, Path(folder) / "site", names=names_of_entities(store))
            took, cpu = time.perf_counter() - start, time.process_time() - cpu
            sizes_of = {path.name: path.stat().st_size for path in written}
            entity = [size for name, size in sizes_of.items() if name.startswith("entity-")]
            print(
                f"  explorer: {took:.1f} s ({cpu:.1f} s CPU) for {len(written):,} files ({len(entity):,} entity pages, "
                f"{took / len(written) * 1000:.1f} ms a file), {sum(sizes_of.values()) / MIB:.1f} MiB; "
                f"entity page mean {sum(entity) / len(entity) / 1024:.1f} KiB, largest {max(entity) / 1024:.0f} KiB; "
                f"search index {sizes_of[SEARCH_INDEX] / MIB:.2f} MiB",
                flush=True,
            )


def built() -> None:
    from kg.compile.pipeline import open_built_store

    vis_network_js()
    start = time.perf_counter()
    store = open_built_store()
    network = build_network(store)
    names = names_of_entities(store)
    print(
        f"built graph: {len(store):,} quads; network {network.number_of_nodes():,} nodes, "
        f"{network.number_of_edges():,} edges, loaded in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="bench-viz-") as folder:
        start, cpu = time.perf_counter(), time.process_time()
        written = write_site(network, Path(folder) / "site", names=names)
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        sizes = {path.name: path.stat().st_size for path in written}
        pages = [size for name, size in sizes.items() if name.endswith(".html")]
        total = sum(sizes.values())
        print(
            f"  explorer: {took:.1f} s ({cpu:.1f} s CPU), {len(written):,} files ({len(pages):,} pages), "
            f"{total:,} bytes ({total / 10**6:.1f} MB, bound 100 MB); page mean {sum(pages) / len(pages) / 1024:.1f} "
            f"KiB, largest {max(pages) / 1024:.0f} KiB; peak memory {_peak_mib():.0f} MiB",
            flush=True,
        )
    start = time.perf_counter()
    view = select_view(store, focus="Klonopin", depth=2)
    grouping = group_view(view)
    page = render_html(view, grouping=grouping)
    hidden = len(grouping.group_of)
    print(
        f"  --focus Klonopin --depth 2: {view.graph.number_of_nodes():,} nodes ({len(view.omitted):,} left out), "
        f"{view.graph.number_of_nodes() - hidden + len(grouping.groups)} drawn ({len(grouping.groups)} groups), "
        f"{len(page.encode()) / 1024:.0f} KiB, {time.perf_counter() - start:.1f} s"
    )


def _peak_mib() -> float:
    """The process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> None:
    if not argv:
        pages([100, 1_000, 10_000])
        site([10_000, 100_000])
        return
    if argv[0] == "built":
        built()
        return
    kind, numbers = (argv[0], argv[1:]) if argv[0] in ("pages", "site") else ("pages", argv)  # bare sizes: pages
    sizes = [int(arg.replace(",", "").replace("_", "")) for arg in numbers]
    if kind == "pages":
        pages(sizes or [100, 1_000, 10_000])
    else:
        site(sizes or [10_000, 100_000])


if __name__ == "__main__":
    main(sys.argv[1:])
