"""Benchmark at scale: drugkg against raw pyoxigraph and plain rdflib on one synthetic graph.

One run, one file (``drugkg synth``, 1,000,000 triples by default), and for each tool its own
subprocess (so its peak memory, ``ru_maxrss``, is its own) that times in turn:

- load: drugkg ``kg.query.local.open_dataset(FILE)``; pyoxigraph ``Store.bulk_load``; rdflib
  ``Dataset.parse`` (N-Quads, union default graph); the fastest of ``--repeat`` runs (rdflib: one),
  as for the queries;
- queries: every query of the library (``kg.query.library.named_queries``), its parameters bound
  to synthetic entities (``?drug``/``?entity`` a drug, ``?condition`` a condition), all rows
  read: drugkg ``LocalStore.query`` (checks, a deadline worker forked per query, row cap; again inside
  ``with dataset.session()``, one worker for all the queries; and with ``timeout=None``, in-process,
  for trusted batch work); pyoxigraph
  ``Store.query``; rdflib ``Dataset.query``, each query in a forked child killed after
  ``--rdflib-timeout`` seconds (counted at the timeout and reported);
- neighbourhood: drugkg ``kg.views.network.select_view(store, focus=DRUG)`` (what ``drugkg viz
  --focus`` draws: the name resolved, then only the nodes shown read from the store's indexes,
  with their attributes); the others, one SPARQL query for the same one-hop edges;
- check: drugkg ``kg.analysis.medication_check.check`` on two interacting drugs; the others, one SPARQL query for
  the interactions whose sides cover the two drugs through class membership;
- export: Turtle of all graphs as one: drugkg ``kg.export.export`` (sorted, byte-stable);
  pyoxigraph a CONSTRUCT of the union serialised by the engine; rdflib ``Graph.serialize``;
- reasoning: drugkg ``kg.compile.reasoning.materialise`` (rules run inside the engine); for pyoxigraph
  the same rules with each CONSTRUCT read into Python (``materialise_reference``); rdflib has
  no comparable rule engine here (owlrl takes tens of seconds at 40,000 triples) and is skipped;
- push (``--push``): ``kg.remote.push.push_graph_store`` of the loaded graph into a local
  ``oxigraph serve``, in triples per second.

Run on demand (it takes several minutes), not in the test suite::

    python benchmarks/bench_scale.py [--triples 1000000] [--rdflib-timeout 30] [--skip-rdflib] [--push]

It prints a table with ratios and writes it to ``benchmarks/results/scale-N.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"
TOOLS = ("drugkg", "pyoxigraph", "rdflib")
TASKS = (
    "load",
    "queries",
    "queries-session",
    "queries-in-process",
    "neighbourhood",
    "check",
    "export",
    "reasoning",
    "push",
)

NEIGHBOURS = """
SELECT ?focus ?s ?p ?o WHERE {
  { ?focus ?p ?o BIND (?focus AS ?s) } UNION { ?s ?p ?focus BIND (?focus AS ?o) }
  FILTER (!isLiteral(?o))
}"""
INTERACTIONS = """
PREFIX dkv: <https://w3id.org/drugkg/vocab/>
SELECT DISTINCT ?first ?second ?interaction ?severity WHERE {
  ?interaction a dkv:DrugInteraction ; dkv:participant ?x, ?y ; dkv:severity ?severity .
  FILTER (?x != ?y)
  ?first (dkv:memberOf|dkv:kindOf)* ?x .
  ?second (dkv:memberOf|dkv:kindOf)* ?y .
}"""
UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(results: dict[str, Any], task: str, action: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    value = action()
    results[task] = time.perf_counter() - start
    print(f"  {task}: {results[task]:.2f} s", file=sys.stderr, flush=True)
    return value


def pair(graph_file: Path) -> tuple[str, str]:
    """Two drugs that share an interaction node (read with pyoxigraph, outside any timing)."""
    import pyoxigraph as ox

    from kg.synth import entities

    interaction = next(entities("interaction", 1))
    found = []
    for quad in ox.parse(path=str(graph_file), format=ox.RdfFormat.N_QUADS):
        if quad.subject.value == interaction and quad.predicate.value.endswith("/participant"):
            found.append(quad.object.value)
            if len(found) == 2:
                return found[0], found[1]
    raise SystemExit("the synthetic graph has no interaction between two drugs")


def bindings_for(query: Any, first: str) -> dict[str, str]:
    """The query's parameters bound to synthetic entities: ``?drug`` and ``?entity`` to an
    interacting drug, ``?condition`` to the root of a condition hierarchy (others stay free)."""
    from kg.synth import entities

    values = {"drug": first, "entity": first, "condition": next(entities("condition", 1))}
    return {name: values[name] for name in query.parameters if name in values}


def keep_fastest(times: dict[str, float], name: str, seconds: float) -> None:
    """Record ``seconds`` for ``name`` unless a faster time is already there."""
    times[name] = min(seconds, times.get(name, seconds))


def best(results: dict[str, Any], task: str, action: Callable[[], Any], repeat: int) -> Any:
    """Time ``action`` ``repeat`` times (it must start afresh each time); keep the fastest."""
    times, value = [], None
    for _ in range(repeat):
        value = timed(results, task, action)
        times.append(results[task])
    results[task] = min(times)
    return value


def raw_queries(store: Any, first: str) -> int:
    """The query library through plain ``Store.query``, every row read (the pyoxigraph baseline)."""
    import pyoxigraph as ox

    from kg.namespaces import PREFIXES
    from kg.query.library import named_queries

    rows = 0
    for query in named_queries():
        bindings = {ox.Variable(k): ox.NamedNode(v) for k, v in bindings_for(query, first).items()}
        result = store.query(query.text, use_default_graph_as_union=True, prefixes=PREFIXES, substitutions=bindings)
        rows += len([tuple(row) for row in result]) if isinstance(result, ox.QuerySolutions) else 1
    return rows


def raw_turtle(store: Any, out: Path) -> None:
    """Turtle of the union of all graphs, as the engine writes it (the pyoxigraph baseline)."""
    import pyoxigraph as ox

    store.query(UNION, use_default_graph_as_union=True).serialize(str(out), format=ox.RdfFormat.TURTLE)


def interleaved(actions: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """Each action timed ``repeat`` times, taking turns (a slow spell of a shared machine then
    hits every action alike); the fastest time of each."""
    times: dict[str, float] = {}
    for _ in range(repeat):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            keep_fastest(times, name, time.perf_counter() - start)
    print(f"  interleaved: {times}", file=sys.stderr, flush=True)
    return times


def in_forked_child(task: Callable[[], int], timeout: float) -> int | None:
    """``task()`` in a forked child, which shares the loaded dataset copy-on-write, killed after
    ``timeout`` seconds: its value, or None past the deadline. (A thread could not be stopped: it
    would hold the GIL through the timings that follow.)"""
    from kg.query.worker import leave_signals_to_parent

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        leave_signals_to_parent()
        sender.send(task())

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            process.kill()
            process.join()
            return None
        # EOFError if the task failed (its traceback is on stderr). The child exits on its own:
        # not waiting for it saves the teardown of its copy-on-write memory from the timing.
        return int(receiver.recv())
    finally:
        receiver.close()


def run_drugkg(graph_file: Path, first: str, second: str, out: Path, push: bool, repeat: int) -> dict[str, Any]:
    import pyoxigraph as ox

    import kg.compile.pipeline  # noqa: F401  (imported before timing: the load is timed, not the imports)
    from kg.analysis.medication_check import check
    from kg.compile.reasoning import materialise
    from kg.export import export
    from kg.query.library import named_queries
    from kg.query.local import open_dataset
    from kg.synth import drug_label
    from kg.views.network import select_view

    results: dict[str, Any] = {}
    dataset = best(results, "load", lambda: open_dataset(graph_file), repeat)
    results["memory"] = peak_mib()
    queries = named_queries()

    def all_queries(timeout: float | None = 300.0) -> int:
        rows = 0
        for query in queries:
            params = {k: ox.NamedNode(v) for k, v in bindings_for(query, first).items()}
            start = time.perf_counter()
            rows += len(dataset.query(query, params, max_rows=10**8, timeout=timeout).rows or ())
            if timeout is not None and dataset._worker is None:
                keep_fastest(per_query, query.name, time.perf_counter() - start)
        return rows

    per_query: dict[str, float] = results.setdefault("per_query", {})
    results["rows"] = best(results, "queries", all_queries, repeat)

    def in_session() -> int:
        with dataset.session():
            return all_queries()

    best(results, "queries-session", in_session, repeat)
    best(results, "queries-in-process", lambda: all_queries(timeout=None), repeat)
    focus = drug_label(int(first.rsplit("-", 1)[1]))
    results["view_nodes"] = timed(
        results,
        "neighbourhood",
        lambda: select_view(dataset.store, focus=focus).graph.number_of_nodes(),
    )
    names = [drug_label(int(iri.rsplit("-", 1)[1])) for iri in (first, second)]
    results["warnings"] = timed(results, "check", lambda: check(dataset.store, names).warning_count)
    timed(results, "export", lambda: export(dataset.store, "turtle", out))
    results["export_bytes"] = out.stat().st_size
    raw_out = out.with_name("raw.ttl")
    results["interleaved"] = interleaved(
        {
            "queries, a worker per query": all_queries,
            "queries, one worker": in_session,
            "queries, in-process": lambda: all_queries(timeout=None),
            "queries, raw pyoxigraph": lambda: raw_queries(dataset.store, first),
            "export": lambda: export(dataset.store, "turtle", out),
            "export, raw pyoxigraph": lambda: raw_turtle(dataset.store, raw_out),
        },
        repeat,
    )
    raw_out.unlink()
    if push:
        results["push"], results["push_triples"] = push_rate(dataset.store)
    results["inferred"] = timed(results, "reasoning", lambda: materialise(dataset.store).total)
    results["peak"] = peak_mib()
    return results


def push_rate(store: Any) -> tuple[float, int]:
    from kg.remote.push import push_graph_store
    from kg.remote.server import running_server

    with tempfile.TemporaryDirectory() as location, running_server(Path(location)) as server:
        start = time.perf_counter()
        report = push_graph_store(store, server.store_url, timeout=600)
        seconds = time.perf_counter() - start
    print(f"  push: {report.triples} triples in {seconds:.2f} s", file=sys.stderr, flush=True)
    return seconds, report.triples


def run_pyoxigraph(graph_file: Path, first: str, second: str, out: Path, repeat: int) -> dict[str, Any]:
    import pyoxigraph as ox

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the reference lives in tests/reference
    from kg.namespaces import PREFIXES
    from kg.query.library import named_queries
    from tests.reference.reasoning import materialise_reference

    results: dict[str, Any] = {}

    def load() -> ox.Store:
        store = ox.Store()
        store.bulk_load(path=str(graph_file), format=ox.RdfFormat.N_QUADS)
        return store

    store = best(results, "load", load, repeat)
    results["memory"] = peak_mib()
    queries = named_queries()

    def all_queries() -> int:
        rows = 0
        for query in queries:
            bindings = {ox.Variable(k): ox.NamedNode(v) for k, v in bindings_for(query, first).items()}
            start = time.perf_counter()
            result = store.query(query.text, use_default_graph_as_union=True, prefixes=PREFIXES, substitutions=bindings)
            rows += len([tuple(row) for row in result]) if isinstance(result, ox.QuerySolutions) else 1
            keep_fastest(per_query, query.name, time.perf_counter() - start)
        return rows

    per_query: dict[str, float] = results.setdefault("per_query", {})
    results["rows"] = best(results, "queries", all_queries, repeat)

    def neighbours() -> int:
        rows = store.query(
            NEIGHBOURS, use_default_graph_as_union=True, substitutions={ox.Variable("focus"): ox.NamedNode(first)}
        )
        return len({node for row in rows for node in (row["s"], row["o"])})

    results["view_nodes"] = timed(results, "neighbourhood", neighbours)

    def interactions() -> int:
        bindings = {ox.Variable("first"): ox.NamedNode(first), ox.Variable("second"): ox.NamedNode(second)}
        return sum(1 for _ in store.query(INTERACTIONS, use_default_graph_as_union=True, substitutions=bindings))

    results["warnings"] = timed(results, "check", interactions)
    timed(results, "export", lambda: raw_turtle(store, out))
    results["export_bytes"] = out.stat().st_size
    results["inferred"] = timed(results, "reasoning", lambda: materialise_reference(store).total)
    results["peak"] = peak_mib()
    return results


def run_rdflib(graph_file: Path, first: str, second: str, out: Path, timeout: float) -> dict[str, Any]:
    import rdflib

    from kg.namespaces import PREFIXES
    from kg.query.library import named_queries

    results: dict[str, Any] = {}
    dataset = rdflib.Dataset(default_union=True)
    timed(results, "load", lambda: dataset.parse(str(graph_file), format="nquads"))
    results["memory"] = peak_mib()
    queries = named_queries()
    timeouts: list[str] = []

    def run(text: str, bindings: dict[str, str]) -> int:
        init = {k: rdflib.URIRef(v) for k, v in bindings.items()}
        count = in_forked_child(lambda: len(list(dataset.query(text, initNs=PREFIXES, initBindings=init))), timeout)
        return -1 if count is None else count

    def all_queries() -> int:
        rows = 0
        for query in queries:
            start = time.perf_counter()
            count = run(query.text, bindings_for(query, first))
            keep_fastest(per_query, query.name, time.perf_counter() - start)
            if count < 0:
                timeouts.append(query.name)
            rows += max(count, 0)
        return rows

    per_query: dict[str, float] = results.setdefault("per_query", {})
    results["rows"] = timed(results, "queries", all_queries)
    results["query_timeouts"] = timeouts
    results["view_nodes"] = timed(results, "neighbourhood", lambda: run(NEIGHBOURS, {"focus": first}))
    results["warnings"] = timed(results, "check", lambda: run(INTERACTIONS, {"first": first, "second": second}))

    def turtle() -> None:
        union = rdflib.Graph()
        for triple in dataset.triples((None, None, None)):
            union.add(triple)
        union.serialize(str(out), format="turtle")

    timed(results, "export", turtle)
    results["export_bytes"] = out.stat().st_size
    results["peak"] = peak_mib()
    return results


def worker(args: argparse.Namespace) -> None:
    out = Path(tempfile.mkdtemp()) / "export.ttl"
    first, second = args.first, args.second
    print(f"{args.worker}:", file=sys.stderr, flush=True)
    if args.worker == "drugkg":
        results = run_drugkg(args.file, first, second, out, args.push, args.repeat)
    elif args.worker == "pyoxigraph":
        results = run_pyoxigraph(args.file, first, second, out, args.repeat)
    else:
        results = run_rdflib(args.file, first, second, out, args.rdflib_timeout)
    out.unlink(missing_ok=True)
    print(json.dumps(results))


def ratio(a: float | None, b: float | None) -> str:
    if not (a and b):
        return "n/a"
    return f"{a / b:.2f}x" if a / b < 100 else f"{a / b:,.0f}x"


def table(results: dict[str, dict[str, Any]], triples: int, quads: int, rdflib_timeout: float) -> str:
    drugkg, raw, rdf = (results.get(tool, {}) for tool in TOOLS)

    def cell(tool: dict[str, Any], key: str) -> str:
        return (f"{tool[key]:.2f}" if tool[key] >= 0.01 else f"{tool[key]:.4f}") if key in tool else "n/a"

    lines = [
        f"Synthetic graph: {quads:,} quads (`drugkg synth --triples {triples}`); times in seconds, memory in MiB.",
        "",
        "| task | drugkg | pyoxigraph | rdflib | drugkg / pyoxigraph | rdflib / drugkg |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for task in (*TASKS, "memory"):
        if task in ("push", "queries-session", "queries-in-process") and task not in drugkg:
            continue
        label = {
            "memory": "peak memory after load",
            "push": "push to oxigraph serve",
            "queries-session": "queries in one worker (`LocalStore.session()`)",
            "queries-in-process": "queries, no deadline (`timeout=None`)",
        }.get(task, task)
        lines.append(
            f"| {label} | {cell(drugkg, task)} | {cell(raw, task)} | {cell(rdf, task)} | "
            f"{ratio(drugkg.get(task), raw.get(task))} | {ratio(rdf.get(task), drugkg.get(task))} |"
        )
    lines.append(
        f"| peak memory, whole run | {cell(drugkg, 'peak')} | {cell(raw, 'peak')} | {cell(rdf, 'peak')} | "
        f"{ratio(drugkg.get('peak'), raw.get('peak'))} | |"
    )
    notes = []
    if rdf.get("query_timeouts"):
        notes.append(
            f"rdflib queries stopped at the {rdflib_timeout:g} s timeout (counted as {rdflib_timeout:g} s): "
            + ", ".join(rdf["query_timeouts"])
        )
    if "push" in drugkg:
        rate = drugkg["push_triples"] / drugkg["push"]
        notes.append(f"push: {drugkg['push_triples']:,} triples in {drugkg['push']:.1f} s = {rate:,.0f} triples/s")
    notes.append(
        f"rows read by the query library: drugkg {drugkg.get('rows')}, pyoxigraph {raw.get('rows')}, "
        f"rdflib {rdf.get('rows')}; inferred by reasoning: drugkg {drugkg.get('inferred')}, "
        f"pyoxigraph {raw.get('inferred')}"
    )
    if "interleaved" in drugkg:
        side = drugkg["interleaved"]
        lines_i = ["", "Same process, same store, taking turns (fastest of each; ratio to raw pyoxigraph):", ""]
        lines_i += ["| task | seconds | / raw pyoxigraph |", "|---|---:|---:|"]
        for name, seconds in side.items():
            base = side["export, raw pyoxigraph" if name.startswith("export") else "queries, raw pyoxigraph"]
            lines_i.append(f"| {name} | {seconds:.2f} | {ratio(seconds, base)} |")
        notes_tail = lines_i
    else:
        notes_tail = []
    names = sorted(drugkg.get("per_query", {}) or raw.get("per_query", {}))
    per_query = ["", "Per query (seconds, fastest run; rdflib capped at the timeout):", ""]
    per_query += ["| query | drugkg | pyoxigraph | rdflib | rdflib / drugkg |", "|---|---:|---:|---:|---:|"]
    for name in names:
        times = [tool.get("per_query", {}).get(name) for tool in (drugkg, raw, rdf)]
        shown = [f"{t:.3f}" if t is not None else "n/a" for t in times]
        per_query.append(f"| {name} | {' | '.join(shown)} | {ratio(times[2], times[0])} |")
    return "\n".join(lines + [""] + [f"- {note}" for note in notes] + notes_tail + per_query) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--file", type=Path, default=None, help="reuse this synthetic .nq file")
    parser.add_argument("--rdflib-timeout", type=float, default=30.0, help="seconds per rdflib query")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="loads timed per engine, fastest kept (rdflib: 1)")
    parser.add_argument("--push", action="store_true", help="also time a push into a local oxigraph serve")
    parser.add_argument("--worker", choices=TOOLS, help=argparse.SUPPRESS)
    parser.add_argument("--first", help=argparse.SUPPRESS)
    parser.add_argument("--second", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return

    from kg.synth import write_synthetic

    folder = Path(tempfile.mkdtemp(prefix="drugkg-bench-"))
    graph_file = args.file or write_synthetic(folder / "synthetic.nq", args.triples, args.seed).path
    quads = sum(1 for _ in graph_file.open("rb"))
    first, second = pair(graph_file)
    results: dict[str, dict[str, Any]] = {}
    for tool in TOOLS:
        if tool == "rdflib" and args.skip_rdflib:
            continue
        command = [sys.executable, __file__, "--worker", tool, "--file", str(graph_file)]
        command += ["--first", first, "--second", second, "--rdflib-timeout", str(args.rdflib_timeout)]
        command += ["--repeat", str(args.repeat)]
        command += ["--push"] if args.push else []
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
        results[tool] = json.loads(done.stdout.strip().splitlines()[-1])
    if args.rdflib_timeout and "rdflib" in results:
        results["rdflib"]["queries_note"] = f"per-query timeout {args.rdflib_timeout:g} s"
    report = table(results, args.triples, quads, args.rdflib_timeout)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    report += f"- machine: {machine}; load average at the end {os.getloadavg()[0]:.1f}\n"
    print(report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"scale-{args.triples}.md").write_text(report, encoding="utf-8")
    (RESULTS / f"scale-{args.triples}.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if args.file is None:
        graph_file.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
