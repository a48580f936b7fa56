"""Build time and HTML size of ``drugkg viz`` pages for 100, 1,000 and 10,000-node graphs.

Run on demand (not part of the test run)::

    python benchmarks/bench_viz.py [SIZES...]

Each size is a seeded random graph: a spanning tree plus as many random edges (so about two
edges per node), four predicates, one edge in five in an inferred graph. Reported per size: the
time to turn the store into the networkx graph, the time to build the page (layout included;
views above ``kg.views.html.LAYOUT_THRESHOLD`` nodes get a precomputed layout) and the page's size.
"""

from __future__ import annotations

import random
import sys
import time

import pyoxigraph as ox

from kg.namespaces import INFERRED_GRAPH_PREFIX
from kg.views.html import LAYOUT_THRESHOLD, render_html, vis_network_js
from kg.views.network import View, build_network

BASE = "https://example.org/synthetic/"
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def synthetic_store(nodes: int, seed: int = 0) -> ox.Store:
    """A seeded random graph of ``nodes`` labelled nodes and about ``2 * nodes`` edges."""
    rng = random.Random(seed)
    asserted, inferred = ox.NamedNode(BASE + "graph"), ox.NamedNode(INFERRED_GRAPH_PREFIX + "synthetic")
    quads = [ox.Quad(ox.NamedNode(f"{BASE}n{i}"), LABEL, ox.Literal(f"node {i}"), asserted) for i in range(nodes)]
    for i in range(1, nodes):
        for target in (rng.randrange(i), rng.randrange(nodes)):
            graph = inferred if rng.random() < 0.2 else asserted
            predicate = ox.NamedNode(f"{BASE}p{rng.randrange(4)}")
            quads.append(ox.Quad(ox.NamedNode(f"{BASE}n{i}"), predicate, ox.NamedNode(f"{BASE}n{target}"), graph))
    store = ox.Store()
    store.extend(quads)
    return store


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
