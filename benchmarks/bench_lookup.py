"""Benchmark: looking one entity up in the built graph, bound as drugkg binds it against
pyoxigraph's ``substitutions``.

For every drug or class with a side effect, times :func:`kg.analysis.effects.effects_of` (what
``drugkg info`` shows under "Side effects": the fixed SELECTs of :mod:`kg.analysis.effects`, bound
through :func:`kg.query.engine.select_rows` as a ``VALUES`` block), and the same SELECTs run
with the entity given as ``substitutions`` (the baseline: the engine's own way to bind a value).
Both run on the build's on-disk store, opened read-only, in this process, taking turns.

Run on demand, not in the test suite::

    python benchmarks/bench_lookup.py [--build-dir DIR] [--limit N]

The build folder defaults to ``$DRUGKG_BUILD_DIR`` (else the user's default); build it first with
``drugkg build``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pyoxigraph as ox

_WITH_EFFECTS = """
PREFIX dkv: <https://w3id.org/drugkg/vocab/>
SELECT DISTINCT ?entity WHERE { ?entity dkv:hasSideEffect ?effect }
"""


def _substituted(store: ox.Store, query: str, name: str, term: ox.NamedNode) -> int:
    """Rows of ``query`` with ``?name`` bound through pyoxigraph's substitutions."""
    return len(list(store.query(query, use_default_graph_as_union=True, substitutions={ox.Variable(name): term})))


def main() -> None:
    from kg.analysis import effects
    from kg.compile.built import built_version
    from kg.paths import default_build_dir
    from kg.stores import open_read_only

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-dir", type=Path, default=None, help="the build folder (default: drugkg's)")
    parser.add_argument("--limit", type=int, default=None, help="look up only the first N entities")
    args = parser.parse_args()
    store = open_read_only(built_version(args.build_dir or default_build_dir()))
    entities = sorted(row["entity"].value for row in store.query(_WITH_EFFECTS, use_default_graph_as_union=True))
    entities = entities[: args.limit]

    def baseline(iri: str) -> None:
        node = ox.NamedNode(iri)
        for row in store.query(
            effects._CLASSES, use_default_graph_as_union=True, substitutions={ox.Variable("e"): node}
        ):
            _substituted(store, effects._EVIDENCE, "entity", row["c"])
        _substituted(store, effects._EVIDENCE, "entity", node)
        _substituted(store, effects._EFFECTS, "entity", node)

    timings = {"drugkg (VALUES block)": 0.0, "pyoxigraph substitutions": 0.0}
    for iri in entities:
        start = time.perf_counter()
        effects.effects_of(store, iri)
        middle = time.perf_counter()
        baseline(iri)
        timings["drugkg (VALUES block)"] += middle - start
        timings["pyoxigraph substitutions"] += time.perf_counter() - middle
    print(f"the side effects of {len(entities)} drugs and classes, one at a time:")
    for name, seconds in timings.items():
        print(f"  {name:26} {seconds:8.2f} s  ({1000 * seconds / max(len(entities), 1):7.1f} ms each)")
    ours, theirs = timings.values()
    print(f"  ratio (drugkg / substitutions): {ours / theirs:.3f}")


if __name__ == "__main__":
    main()
