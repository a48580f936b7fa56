"""``drugkg serve`` under a bounded load: N clients (8 by default) send the named queries, in turn,
to its SPARQL endpoint on 127.0.0.1, until a request count or a time limit is reached.

Each request is a named query as ``drugkg query NAME --endpoint URL`` sends it (its parameters'
defaults bound). Prints the requests answered, the errors, the latency (p50, p99, max) overall and per named query,
and the memory (resident set of ``serve`` and its children) before and after.

    DRUGKG_BUILD_DIR=/tmp/full-build python -m kg build
    DRUGKG_BUILD_DIR=/tmp/full-build python benchmarks/bench_serve_load.py --requests 1600 --clients 8

Never in the test run; 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.query.library import named_queries  # noqa: E402
from kg.query.text import prefix_declarations, query_form, with_values  # noqa: E402
from kg.remote.endpoint import Endpoint  # noqa: E402
from kg.remote.server import free_port  # noqa: E402


def resident_kib(pid: int) -> int:
    """The resident memory of ``pid`` and all its descendants, in KiB (from /proc)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, StopIteration):
            continue
        pending.extend(int(child) for child in children)
    return total


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def wait_until_answering(url: str, process: subprocess.Popen, limit: float = 180.0) -> None:
    deadline = time.monotonic() + limit
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"drugkg serve ended: {process.stderr.read() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("drugkg serve did not answer in time")


def request_texts(url: str) -> list[tuple[str, str]]:
    """Each named query as ``drugkg query NAME --endpoint URL`` sends it: the drugkg prefixes, and its
    parameters' defaults bound (names resolved against the server) in a VALUES block."""
    endpoint = Endpoint(url, timeout=120, dataset="none")  # serve's default graph is the union already
    texts = []
    for query in named_queries():
        bindings = endpoint.bind_parameters(query, None)
        form = query_form(query.text, bindings=bindings)
        texts.append((query.name, prefix_declarations(query.text) + with_values(query.text, bindings, form)))
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=1600, help="requests in all (default: 1600)")
    parser.add_argument("--seconds", type=float, default=300.0, help="stop sending after S seconds (default: 300)")
    parser.add_argument("--timeout", type=float, default=60.0, help="per request (default: 60)")
    args = parser.parse_args()

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", str(port), "--explorer-port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_answering(url, process)
        queries = request_texts(url)
        before = resident_kib(process.pid)
        lock = threading.Lock()
        sent = 0
        latencies: list[tuple[str, float]] = []
        errors: list[str] = []
        stop_at = time.monotonic() + args.seconds

        def client() -> None:
            nonlocal sent
            while True:
                with lock:
                    if sent >= args.requests or time.monotonic() > stop_at:
                        return
                    name, text = queries[sent % len(queries)]
                    sent += 1
                body = urllib.parse.urlencode({"query": text}).encode()
                request = urllib.request.Request(
                    url,
                    data=body,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Accept": "application/sparql-results+json, text/turtle;q=0.9",
                    },
                )
                started = time.monotonic()
                try:
                    with urllib.request.urlopen(request, timeout=args.timeout) as response:
                        response.read()
                    with lock:
                        latencies.append((name, time.monotonic() - started))
                except Exception as error:  # every failure is counted
                    with lock:
                        errors.append(f"{name}: {error}")

        started = time.monotonic()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        after = resident_kib(process.pid)
    finally:
        process.send_signal(signal.SIGINT)  # serve removes its temporary database on Ctrl-C
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()

    times = [seconds for _, seconds in latencies]
    print(f"clients {args.clients}, requests sent {sent}, answered {len(latencies)}, errors {len(errors)}, "
          f"in {elapsed:.1f} s")  # fmt: skip
    print(f"latency p50 {1000 * percentile(times, 0.5):.0f} ms, p99 {1000 * percentile(times, 0.99):.0f} ms, "
          f"max {1000 * max(times, default=float('nan')):.0f} ms")  # fmt: skip
    print(f"memory (serve and children, resident) before {before / 1024:.0f} MiB, after {after / 1024:.0f} MiB, "
          f"growth {(after - before) / 1024:+.0f} MiB")  # fmt: skip
    by_name: dict[str, list[float]] = {}
    for name, seconds in latencies:
        by_name.setdefault(name, []).append(seconds)
    print("slowest named queries (median ms under load):")
    for name, values in sorted(by_name.items(), key=lambda item: -statistics.median(item[1]))[:5]:
        print(f"  {name:34} {1000 * statistics.median(values):7.0f}")
    for error in errors[:5]:
        print("error:", error)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
