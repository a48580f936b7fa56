"""Benchmark: commands as new processes (cold), side by side with raw pyoxigraph on the same store.

hyperfine-style: each command runs ``--warmup`` times, then ``--runs`` rounds; in each round every
command runs once, in turn, so a drift of the shared machine's load hits all alike. For each command
the table gives the median wall time and its ratio to the median of the named baseline ``raw`` (a
new Python process that imports pyoxigraph, opens the same on-disk store read-only and answers one
lookup), the median CPU time (user + system, from ``wait4``) and its ratio, which a loaded machine
disturbs less, and the peak memory (max RSS of the process).

Two targets:

- the built graph (``--build-dir``, default ``$DRUGKG_BUILD_DIR``; built first if missing): the
  store the build wrote;
- a synthetic graph (``--graph FILE``, made by ``drugkg synth --triples N -o FILE``): commands run
  with ``--graph FILE``. The first one loads the file into a fresh cache folder (timed and reported
  as the load, with its peak memory); the others open the cached store, as a user's second command.

Run on demand, not in the test suite::

    python benchmarks/bench_cold.py [--runs 7] [--warmup 1]
    drugkg synth --triples 1000000 -o /tmp/synth-1m.nq
    python benchmarks/bench_cold.py --graph /tmp/synth-1m.nq

The issue's target: every command within 4x of ``raw``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_RAW = """
import sys
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
name = ox.Literal(sys.argv[3])
for quad in store.quads_for_pattern(None, ox.NamedNode(sys.argv[2]), name, None):
    print(quad.subject)
"""
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_BRAND = "https://w3id.org/drugkg/vocab/brandName"


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds, peak RSS in KiB and exit status of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.stderr is not None:
        error = process.stderr.read().decode(errors="replace")
        process.stderr.close()
        if process.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(argv)}: exit {process.returncode}: {error.strip()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, process.returncode


def measure(commands: dict[str, list[str]], env: dict[str, str], runs: int, warmup: int) -> dict[str, list]:
    """Median wall time and peak memory of each command, measured in interleaved rounds."""
    for _ in range(warmup):
        for argv in commands.values():
            run_once(argv, env)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[int]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            wall, cpu, peak, _ = run_once(argv, env)
            walls[name].append(wall)
            cpus[name].append(cpu)
            peaks[name].append(peak)
    return {
        name: [statistics.median(walls[name]), statistics.median(cpus[name]), max(peaks[name])] for name in commands
    }


def table(title: str, figures: dict[str, list], baseline: str = "raw") -> str:
    base, base_cpu = figures[baseline][0], figures[baseline][1]
    header = "| command | wall (s) | wall / raw | CPU (s) | CPU / raw | peak RSS (MiB) |"
    lines = [f"### {title}", "", header, "|---|---:|---:|---:|---:|---:|"]
    for name, (wall, cpu, peak) in figures.items():
        lines.append(
            f"| `{name}` | {wall:.3f} | {wall / base:.1f}x | {cpu:.3f} | {cpu / base_cpu:.1f}x | {peak / 1024:.0f} |"
        )
    return "\n".join(lines)


def drugkg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


def built_commands(build_dir: Path) -> tuple[dict[str, list[str]], Path]:
    """The commands on the built graph, and its store (built first if needed)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DRUGKG_BUILD_DIR": str(build_dir)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(drugkg("info", "Klonopin"), env=env, check=True, stdout=subprocess.DEVNULL)
    store = (build_dir / "store").resolve() / "oxigraph"
    commands = {
        "raw": [sys.executable, "-c", _RAW, str(store), _BRAND, "Klonopin"],
        "info Klonopin": drugkg("info", "Klonopin"),
        "check Klonopin oxycodone": drugkg("check", "Klonopin", "oxycodone"),
        "query side-effects -p drug=dk:clonazepam": drugkg("query", "side-effects", "-p", "drug=dk:clonazepam"),
        "explain oxycodone dkv:memberOf dk:cns-depressant": drugkg(
            "explain", "oxycodone", "dkv:memberOf", "dk:cns-depressant"
        ),
        "query 'SELECT ?c { dk:clonazepam dkv:memberOf ?c }'": drugkg(
            "query", "SELECT ?c WHERE { dk:clonazepam dkv:memberOf ?c } ORDER BY ?c"
        ),
    }
    return commands, store


def synthetic_commands(graph: Path, cache: Path) -> tuple[dict[str, list[str]], Path]:
    """The commands on a synthetic graph (``--graph``), and its cached store."""
    from kg.stores import ENGINE_FOLDER, file_digest
    from kg.synth import drug_label

    store = cache / file_digest(graph, cache) / ENGINE_FOLDER
    first, second = drug_label(0), drug_label(1)
    g = ("--graph", str(graph))
    member = _first_class(store)
    commands = {
        "raw": [sys.executable, "-c", _RAW, str(store), _LABEL, first],
        f"info {first}": drugkg("info", first, *g),
        f"check {first} {second}": drugkg("check", first, second, *g),
        "query side-effects -p drug=dk:synth-drug-0": drugkg("query", "side-effects", "-p", "drug=dk:synth-drug-0", *g),
        f"explain {first} dkv:memberOf {member}": drugkg("explain", first, "dkv:memberOf", member, *g),
        "query 'SELECT ?c { dk:synth-drug-0 dkv:memberOf ?c }'": drugkg(
            "query", "SELECT ?c WHERE { dk:synth-drug-0 dkv:memberOf ?c } ORDER BY ?c", *g
        ),
    }
    return commands, store


def _first_class(store: Path) -> str:
    """The CURIE of a class synthetic drug 0 is a member of (read once, before timing)."""
    import pyoxigraph as ox

    from kg.graph_facts import curie
    from kg.namespaces import DK, DKV

    opened = ox.Store.read_only(str(store))
    quads = opened.quads_for_pattern(ox.NamedNode(DK["synth-drug-0"]), ox.NamedNode(DKV.memberOf), None, None)
    found = sorted(q.object.value for q in quads)
    del opened
    return curie(found[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--build-dir", type=Path, default=None)
    parser.add_argument("--graph", type=Path, default=None, help="a synthetic graph (drugkg synth)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled once, as an installed package is
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    if args.graph is None:
        from kg.paths import default_build_dir

        build_dir = args.build_dir or default_build_dir()
        commands, store = built_commands(build_dir)
        env["DRUGKG_BUILD_DIR"] = str(build_dir)
        title = f"the built graph ({build_dir})"
    else:
        cache = Path(tempfile.mkdtemp(prefix="drugkg-bench-cache-"))
        env["DRUGKG_GRAPH_CACHE_DIR"] = str(cache)
        wall, cpu, peak, _ = run_once(drugkg("info", "babazine", "--graph", str(args.graph)), env)
        print(
            f"load {args.graph.name} into a store (first command): {wall:.1f} s wall, {cpu:.1f} s CPU, "
            f"peak RSS {peak / 1024:.0f} MiB"
        )
        commands, store = synthetic_commands(args.graph, cache)
        title = f"{args.graph.name} (--graph, cached store)"
    size = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
    print(f"store {store}: {size / 2**20:.0f} MiB")
    try:
        print(table(title, measure(commands, env, args.runs, args.warmup)))
    finally:
        if args.graph is not None:
            import shutil

            shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
