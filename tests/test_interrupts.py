"""Nothing lost: a build or export stopped mid-write (Ctrl-C or SIGTERM) keeps the previous good
output and leaves no temporary ``.NAME.*.part`` file behind."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.compile.pipeline import BUILT_GRAPH_NAME, MANIFEST_NAME

EXIT_INTERRUPTED = 130
TRIPLES = 150_000


@pytest.fixture(scope="module")
def big_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated N-Triples file large enough that exporting it takes seconds."""
    path = tmp_path_factory.mktemp("big") / "big.nt"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(TRIPLES):
            handle.write(
                f'<https://example.org/e{i % 20000}> <https://example.org/p{i % 37}> "value {i}, some text"@en .\n'
            )
    return path


def start(*argv: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kg", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def temp_files(folder: Path, name: str) -> list[str]:
    return [entry for entry in os.listdir(folder) if entry.startswith(f".{name}.") and entry.endswith(".part")]


def unfinished_versions(out: Path) -> list[str]:
    """The build folder's store versions still being written (``stores/*.part``)."""
    stores = out / "stores"
    return [p.name for p in stores.iterdir() if p.name.endswith(".part")] if stores.is_dir() else []


def wait_for(process: subprocess.Popen, found: Callable[[], object], deadline: float) -> bool:
    """Poll (fast) until ``found()`` is true; False if the process ended first."""
    while process.poll() is None and time.monotonic() < deadline:
        if found():
            return True
        time.sleep(0.0005)
    return False


@pytest.mark.parametrize(
    ("fmt", "name", "sig"),
    [
        ("turtle", "graph.ttl", signal.SIGINT),
        ("ntriples", "graph.nt", signal.SIGTERM),
        ("graphml", "graph.graphml", signal.SIGINT),
    ],
)
def test_interrupted_export_keeps_the_previous_file(
    tmp_path: Path, big_graph: Path, fmt: str, name: str, sig: signal.Signals
) -> None:
    target = tmp_path / name
    small = tmp_path / "small.nt"
    small.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    previous = subprocess.run(
        [sys.executable, "-m", "kg", "export", "-f", fmt, "-o", str(target), "--graph", str(small)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert previous.returncode == 0, previous.stderr
    before = snapshot(target)
    process = start("export", "-f", fmt, "-o", str(target), "--graph", str(big_graph))
    try:
        assert wait_for(process, lambda: temp_files(tmp_path, name), time.monotonic() + 90), (
            "no temporary file appeared"
        )
        process.send_signal(sig)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == EXIT_INTERRUPTED, err
    assert err == "drugkg export: interrupted\n"
    assert snapshot(target) == before
    assert temp_files(tmp_path, name) == []


def snapshot(path: Path) -> dict[str, bytes]:
    """A file's bytes, or every file's bytes in a folder."""
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def build_state(out: Path) -> tuple[str, str]:
    """The sha256 of a build folder's graph file and of its manifest (compared as digests, so that a
    failure does not diff megabytes)."""
    graph, manifest = (
        hashlib.sha256((out / name).read_bytes()).hexdigest() for name in (BUILT_GRAPH_NAME, MANIFEST_NAME)
    )
    return graph, manifest


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_build_keeps_the_previous_build(tmp_path: Path, built, sig: signal.Signals) -> None:
    """The signal is sent while the new version is being written, and retried until it lands
    before the switch. Every attempt leaves no temporary file and one whole build: the previous one
    when the signal came before the switch; the new one (its graph and manifest together) when it
    came during the switch, which signals wait for (docs/architecture.md), or after the build."""
    out = tmp_path / "build"
    shutil.copytree(built.out_dir, out)
    # what a finished build writes here, built in this folder: the session's build folder may have
    # been rebuilt by other tests since (with a user data folder they removed after)
    first = start("build", "--out", str(out), "--no-datasets", "-q")
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    fresh = build_state(out)
    # an earlier good build, told apart from a fresh one by a trailing comment
    earlier_graph = (out / BUILT_GRAPH_NAME).read_bytes() + b"# an earlier build\n"
    manifest = (out / MANIFEST_NAME).read_bytes()
    outcomes = []
    for _attempt in range(8):
        (out / BUILT_GRAPH_NAME).write_bytes(earlier_graph)
        (out / MANIFEST_NAME).write_bytes(manifest)
        previous = build_state(out)
        process = start("build", "--out", str(out), "--no-datasets", "-q")
        try:
            if wait_for(process, lambda: unfinished_versions(out), time.monotonic() + 60):
                process.send_signal(sig)
            _, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        assert temp_files(out, BUILT_GRAPH_NAME) == temp_files(out, MANIFEST_NAME) == []
        assert unfinished_versions(out) == []
        left = build_state(out)
        assert left in (previous, fresh), "the build folder holds neither the previous build nor the new one"
        if process.returncode == EXIT_INTERRUPTED:
            assert err == "drugkg build: interrupted\n"
            outcomes.append("kept" if left == previous else "switched")
            if left == previous:
                break
        else:
            assert process.returncode == 0, err
            assert left == fresh  # finished before the signal: a complete new build
            outcomes.append("finished")
    assert "kept" in outcomes, f"no attempt was interrupted while writing: {outcomes}"


def test_held_signals_defer_the_interrupt_to_the_end_of_the_block() -> None:
    from kg.atomic import held_signals

    steps = []
    with pytest.raises(KeyboardInterrupt), held_signals():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # the signal has arrived: it is noted, not raised
        steps.append("finished")
    assert steps == ["finished"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def _count_query(out: Path) -> subprocess.CompletedProcess:
    """A reader: the number of quads of the build in ``out``, as a new process."""
    options = ("--build-dir", str(out), "-f", "tsv")
    return subprocess.run(
        [sys.executable, "-m", "kg", "query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", *options],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _marked_copy(built, out: Path) -> tuple[str, int]:
    """A copy of the curated build in ``out`` whose store holds one more quad than a fresh build
    (told apart so): its pointer, and its number of quads."""
    import pyoxigraph as ox

    from kg.stores import ENGINE_FOLDER, current_version

    shutil.copytree(built.out_dir, out, symlinks=True)
    version = current_version(out)
    assert version is not None
    store = ox.Store(str(version / ENGINE_FOLDER))
    marker = ox.NamedNode("https://example.org/an-earlier-build")
    store.add(ox.Quad(marker, marker, marker, marker))
    store.flush()
    del store
    return os.readlink(out / "store"), built.quads + 1


def _counted(process: subprocess.CompletedProcess) -> int:
    assert process.returncode == 0, process.stderr
    return int(process.stdout.split()[-1].split("^^")[0].strip('"'))


def test_killed_build_leaves_every_command_on_the_previous_graph(tmp_path: Path, built) -> None:
    """SIGKILL while the new store is being written: the pointer, the previous store, its graph
    file and manifest stay whole; commands answer from the previous graph; the next build cleans up."""
    out = tmp_path / "build"
    pointer, quads = _marked_copy(built, out)
    before = snapshot(out / "drugkg.trig") | snapshot(out / "manifest.json")
    process = start("build", "--out", str(out), "--no-datasets", "-q")
    assert wait_for(process, lambda: unfinished_versions(out), time.monotonic() + 120), "the build ended first"
    process.kill()
    process.wait()
    assert unfinished_versions(out)  # killed mid-way
    assert os.readlink(out / "store") == pointer
    assert snapshot(out / "drugkg.trig") | snapshot(out / "manifest.json") == before
    assert _counted(_count_query(out)) == quads
    info = subprocess.run(
        [sys.executable, "-m", "kg", "info", "Klonopin", "--build-dir", str(out)], capture_output=True, text=True
    )
    assert info.returncode == 0 and "dk:clonazepam" in info.stdout, info.stderr
    assert os.readlink(out / "store") == pointer  # the commands did not build again
    finished = start("build", "--out", str(out), "--no-datasets", "-q")
    _, err = finished.communicate(timeout=300)
    assert finished.returncode == 0, err
    assert unfinished_versions(out) == []
    assert _counted(_count_query(out)) == built.quads


def test_readers_during_a_build_see_the_old_graph_or_the_new(tmp_path: Path, built) -> None:
    out = tmp_path / "build"
    _, old = _marked_copy(built, out)
    process = start("build", "--out", str(out), "--no-datasets", "-q")
    seen = []
    try:
        while process.poll() is None:
            seen.append(_counted(_count_query(out)))
    finally:
        _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    seen.append(_counted(_count_query(out)))
    assert len(seen) > 1 and set(seen) <= {old, built.quads}, seen
    assert seen[0] == old and seen[-1] == built.quads
