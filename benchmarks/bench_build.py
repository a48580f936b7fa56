"""Benchmark: the full build with the open datasets, and the commands on the built graph.

Times, in this order, each step of ``drugkg build`` (curated facts, the four imports, reasoning,
the per-source negative checks, SHACL in the engine and pySHACL on the curated part, writing),
then on the built graph: loading it, ``info clonazepam`` (name index + description), a 5-drug
``check``, and every named query with its default parameters (each through
:class:`kg.query.local.LocalStore`, as ``drugkg query`` runs it); then the command-line wall time
of ``drugkg info clonazepam`` and ``drugkg check`` with five drugs (a fresh process each: import,
load, answer). Peak memory (max RSS) of this process is reported at the end.

Run on demand, not in the test suite::

    python benchmarks/bench_build.py [--repeat 3] [--out DIR]

The issue's targets: the full build at most 60 s; ``info``, a 5-drug ``check`` and each named
query at most 1 s on the built graph. Each figure is the best of ``--repeat`` runs (the machine is
shared: its speed drifts).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

FIVE_DRUGS = ["clonazepam", "alprazolam", "hydromorphone", "sertraline", "fluvoxamine"]


def best(repeat: int, action: Callable[[], object]) -> tuple[float, object]:
    """The shortest wall time of ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return min(times), result


def build_steps(out: Path) -> dict[str, float]:
    """The build's steps, timed one by one (what :func:`kg.compile.pipeline.build` runs)."""
    import pyoxigraph as ox

    from kg.atomic import atomic_write
    from kg.compile.disagreement import CURATED, contradictions_within_sources, fact_graphs_by_source
    from kg.compile.pipeline import compile_dataset, describe_rules, source_digest
    from kg.compile.reasoning import load_rules, materialise
    from kg.compile.shapes_engine import CURATED_ONLY_SHAPES, compile_shapes, curated_part, engine_violations
    from kg.compile.validation import validate_store
    from kg.namespaces import GRAPH_RULES, GRAPH_SOURCES, PREFIXES
    from kg.sources import import_sources

    steps: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        steps[name] = now - clock
        clock = now

    source_digest()
    lap("digest of the inputs")
    store = compile_dataset()
    lap("curated facts")
    import_sources(store)
    lap("imports (4 datasets)")
    rules = load_rules()
    materialise(store, rules)
    lap("reasoning")
    assert contradictions_within_sources(store) == []
    lap("negative statements per source")
    describe_rules(store, rules)
    assert engine_violations(store, compile_shapes(skip=CURATED_ONLY_SHAPES)) == []
    lap("SHACL in the engine (whole graph)")
    curated = fact_graphs_by_source(store)[CURATED] | {str(GRAPH_SOURCES), str(GRAPH_RULES)}
    part, focus = curated_part(store, curated)
    assert validate_store(part, focus_nodes=focus) == []
    lap("pySHACL (curated part)")
    with atomic_write(out / "drugkg.trig", "wb") as handle:
        store.dump(handle, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    lap("write")
    steps["quads"] = len(store)
    return steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is kept (default 3)")
    parser.add_argument("--out", type=Path, default=None, help="build folder (default: a temporary folder)")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="drugkg-bench-"))
    out.mkdir(parents=True, exist_ok=True)

    from kg.compile.pipeline import build

    full, result = best(args.repeat, lambda: build(out))
    print(f"full build (drugkg build: curated + 4 datasets, reasoning, validation, write): {full:.2f} s")
    print(f"  {result.quads:,} quads, {result.asserted:,} asserted, {result.reasoning.total:,} inferred")  # type: ignore[attr-defined]
    steps = min(
        (build_steps(out) for _ in range(args.repeat)), key=lambda s: sum(v for k, v in s.items() if k != "quads")
    )
    for name, seconds in steps.items():
        if name != "quads":
            print(f"  {name}: {seconds:.2f} s")

    import pyoxigraph as ox

    from kg.analysis.medication_check import check
    from kg.analysis.names import NameIndex
    from kg.loading import load_file
    from kg.query.library import named_queries
    from kg.query.local import LocalStore
    from kg.views.info import describe

    def load() -> ox.Store:
        store = ox.Store()
        load_file(store, out / "drugkg.trig")
        return store

    seconds, store = best(args.repeat, load)
    print(f"load the built graph: {seconds:.2f} s")
    seconds, _ = best(args.repeat, lambda: describe(store, NameIndex(store).resolve("clonazepam").iri))  # type: ignore[arg-type]
    print(f"info clonazepam (name index + description), graph loaded: {seconds:.2f} s")
    seconds, report = best(args.repeat, lambda: check(store, FIVE_DRUGS))  # type: ignore[arg-type]
    print(f"check {' '.join(FIVE_DRUGS)}, graph loaded: {seconds:.2f} s ({report.warning_count} warnings)")  # type: ignore[attr-defined]
    dataset = LocalStore(store)  # type: ignore[arg-type]
    slowest = []
    for query in named_queries():
        seconds, answer = best(args.repeat, lambda q=query: dataset.query(q))
        slowest.append((seconds, query.name, len(answer.rows)))  # type: ignore[attr-defined]
    over = [entry for entry in slowest if entry[0] > 1.0]
    print(
        f"named queries ({len(slowest)}), graph loaded: "
        f"slowest {max(slowest)[0]:.2f} s ({max(slowest)[1]}); over 1 s: {over}"
    )
    for seconds, name, rows in sorted(slowest, reverse=True)[:5]:
        print(f"  {name}: {seconds:.3f} s, {rows} rows")

    env = {**os.environ, "DRUGKG_BUILD_DIR": str(out)}
    for argv in (["info", "clonazepam"], ["check", *FIVE_DRUGS]):
        seconds, _ = best(
            args.repeat,
            lambda argv=argv: subprocess.run(
                [sys.executable, "-m", "kg", *argv], env=env, capture_output=True, check=False
            ),
        )
        print(f"drugkg {' '.join(argv)} (new process: start, load, answer): {seconds:.2f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (max RSS): {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
