"""Shared fixtures: two built graphs per test session, their embedded query services, in-process CLI
runners, and a real Oxigraph server (empty, or holding a built graph).

Most tests read the curated graph (``built``, ``store``, ``local_store``, ``cli``: ``drugkg build
--no-datasets`` into the session's default build folder, so every command a test runs reads it). Tests
of the open datasets and of what they change read the graph ``drugkg build`` makes for users, with
them (``built_full``, ``full_store``, ``full_local_store``, ``cli_full``).

Shared helpers that are plain imports live beside this file: ``cli_assertions`` (one-line errors),
``hostile_text`` (injection and markup strings), ``http_fakes`` (misbehaving HTTP servers),
``synthetic_graphs`` (seeded random and ``drugkg synth`` graphs) and ``serve_process`` (``python -m kg
serve`` started and stopped)."""

from __future__ import annotations

import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

DATA_DIR = Path(__file__).parent / "data"
EXPECTED_DIR = Path(__file__).parent / "expected"


#: The test files that take longest (a minute or more on 2 cores), started first so that no worker
#: is left with one of them at the end of a parallel run (pytest-xdist, ``--dist=loadfile``).
SLOWEST_FILES = (
    "test_virtuoso_full.py",
    "test_remote_full.py",
    "test_check_equivalence.py",
    "test_remote_layouts.py",
    "test_interrupts.py",
    "test_viz_browser.py",
    "test_build.py",
    "test_serve.py",
    "test_virtuoso.py",
    "test_cli.py",
    "test_remote.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the :data:`SLOWEST_FILES` first, in that order; the rest keep their order."""
    rank = {name: index for index, name in enumerate(SLOWEST_FILES)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def pytest_configure(config: pytest.Config) -> None:
    """Ctrl-C as a terminal delivers it, even when the tests run as a background job (a shell
    starts those with SIGINT ignored, and every process they start would inherit that)."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def built(isolated_build_dir: Path):
    """The result of one real ``build --no-datasets`` (the curated facts) into the session build
    folder (``isolated_build_dir``, from the repository's root ``conftest.py``, which doctests see
    too); commands that rebuild it keep to the curated facts."""
    from kg.compile.pipeline import build

    return build(isolated_build_dir, open_datasets=False)


@pytest.fixture(scope="session")
def built_full(tmp_path_factory: pytest.TempPathFactory):
    """The result of one real ``build`` with the open datasets, as users get it, into its own folder:
    made once per test run, and shared by the pytest-xdist workers (the first to ask builds it, the
    others wait for it and read its result). Read it, never change it."""
    import fcntl
    import os
    import pickle

    from kg.compile.pipeline import build

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker has its own folder in the run's folder
        shared = shared.parent
    result_file = shared / "build-full.pickle"
    with open(shared / "build-full.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if result_file.exists():
            return pickle.loads(result_file.read_bytes())
        result = build(shared / "build-full")
        result_file.write_bytes(pickle.dumps(result))
        return result


def _loaded(graph_file: Path) -> ox.Store:
    from kg.loading import load_file

    dataset = ox.Store()
    load_file(dataset, graph_file)
    return dataset


@pytest.fixture(scope="session")
def store(built) -> ox.Store:
    """The curated graph as built, in an in-memory Oxigraph store (read it, never change it)."""
    return _loaded(built.graph_file)


@pytest.fixture(scope="session")
def full_store(built_full) -> ox.Store:
    """The graph with the open datasets as built: the build's own on-disk store, opened read-only
    (one store the slow tests share; nothing parsed)."""
    from kg.compile.built import built_version
    from kg.stores import open_read_only

    return open_read_only(built_version(built_full.out_dir))


@pytest.fixture(scope="session")
def local_store(store: ox.Store):
    """The curated graph as the embedded query service (a :class:`kg.query.local.LocalStore`)."""
    from kg.query.local import LocalStore

    return LocalStore(store)


@pytest.fixture(scope="session")
def full_local_store(full_store: ox.Store):
    """The graph with the open datasets as the embedded query service."""
    from kg.query.local import LocalStore

    return LocalStore(full_store)


@pytest.fixture(scope="session")
def synthetic_graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 5,000-triple synthetic graph (``drugkg synth``, seed 7) as N-Quads; read it, never change it."""
    from kg.synth import write_synthetic

    return write_synthetic(tmp_path_factory.mktemp("synth") / "g.nq", 5000, seed=7).path


@pytest.fixture(scope="session")
def curated_store(store: ox.Store) -> ox.Store:
    """The curated graph (``store``), named so for tests that must not see the open datasets (every
    pair of the article's drugs, byte-level export comparisons)."""
    return store


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def _cli_runner(capsys: pytest.CaptureFixture[str], build_dir: Path | None) -> Callable[..., CliResult]:
    """``run(*argv)``: ``drugkg`` in-process, reading the built graph in ``build_dir`` (None: the
    session's default build folder)."""
    import os

    from kg.cli import main
    from kg.paths import BUILD_DIR_ENV

    def run(*argv: str) -> CliResult:
        previous = os.environ.get(BUILD_DIR_ENV)
        if build_dir is not None:
            os.environ[BUILD_DIR_ENV] = str(build_dir)
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse usage errors and --help
            code = int(exit_.code or 0)
        finally:
            if previous is None:
                os.environ.pop(BUILD_DIR_ENV, None)
            else:
                os.environ[BUILD_DIR_ENV] = previous
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], built):
    """Run ``drugkg`` in-process on the curated graph: ``cli("info", "Klonopin")`` -> CliResult."""
    return _cli_runner(capsys, None)


@pytest.fixture
def cli_full(capsys: pytest.CaptureFixture[str], built_full):
    """Run ``drugkg`` in-process on the graph with the open datasets: ``cli_full("check", "alprazolam",
    "hydromorphone")``."""
    return _cli_runner(capsys, built_full.out_dir)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run that collected no test is a failure, never a silent pass (pytest's exit 5)."""
    if session.testscollected == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    """A real, empty, writable ``oxigraph serve`` on 127.0.0.1 and a free port, answering before the
    tests run; one per test module (yields a :class:`kg.remote.server.RunningServer`)."""
    from kg.remote.server import running_server

    with running_server(tmp_path_factory.mktemp("oxigraph")) as running:
        yield running


@pytest.fixture(scope="module")
def pushed(server, store: ox.Store):
    """The module's ``server`` holding the built dataset, every graph sent through the Graph Store Protocol."""
    from kg.remote.push import push_graph_store

    report = push_graph_store(store, server.store_url)
    assert report.triples == len(store)
    return server


@pytest.fixture(scope="session")
def remote_quads() -> Callable[[str], int]:
    """``remote_quads(QUERY_URL)``: how many quads the named graphs of the endpoint at QUERY_URL hold,
    the graphs of push manifests left out (``kg.remote.manifest``)."""
    from kg.remote.endpoint import Endpoint
    from kg.remote.manifest import MANIFEST_CLASS

    text = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?g a {MANIFEST_CLASS} }} }} }}"
    )

    def count(query_url: str) -> int:
        result = Endpoint(query_url).query(text, timeout=10)
        return int(result.rows[0][0].value)

    return count
