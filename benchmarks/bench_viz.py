"""Build time and HTML size of ``drugkg viz`` pages for 100, 1,000 and 10,000-node graphs.

Run on demand (not part of the test run)::

    python benchmarks/bench_viz.py [SIZES...]

Each size is a seeded random graph: a spanning tree plus as many random edges (so about two
edges per node), four predicates, one edge in five in an inferred graph. Reported per size: the
time to turn the store into the networkx graph, the time to build the page (layout included;
views above ``kg.views.html.LAYOUT_THRESHOLD`` nodes get a precomputed layout) and the page's size.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the tests' synthetic graphs

from synthetic_graphs import synthetic_store

from kg.views.html import LAYOUT_THRESHOLD, render_html, vis_network_js
from kg.views.network import View, build_network


def main(sizes: list[int]) -> None:
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
            f"{rendered - built:>8.2f} {len(page.encode()) / 2**20:>9.2f}  {layout}",
            flush=True,
        )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100, 1_000, 10_000])
