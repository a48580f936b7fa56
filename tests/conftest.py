"""Shared fixtures: one built graph per test session, and an in-process CLI runner."""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

DATA_DIR = Path(__file__).parent / "data"
EXPECTED_DIR = Path(__file__).parent / "expected"


def pytest_configure(config: pytest.Config) -> None:
    """Ctrl-C as a terminal delivers it, even when the tests run as a background job (a shell
    starts those with SIGINT ignored, and every process they start would inherit that)."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session", autouse=True)
def isolated_build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Point the default build folder at a session temp folder: tests never touch ~/.cache."""
    build_dir = tmp_path_factory.mktemp("build")
    previous = os.environ.get("DRUGKG_BUILD_DIR")
    os.environ["DRUGKG_BUILD_DIR"] = str(build_dir)
    yield build_dir
    if previous is None:
        os.environ.pop("DRUGKG_BUILD_DIR", None)
    else:
        os.environ["DRUGKG_BUILD_DIR"] = previous


@pytest.fixture(scope="session")
def built(isolated_build_dir: Path):
    """The result of one real ``build`` into the session build folder."""
    from kg.build.pipeline import build

    return build(isolated_build_dir)


@pytest.fixture(scope="session")
def store(built) -> ox.Store:
    """The built dataset, loaded into an in-memory Oxigraph store (read it, never change it)."""
    from kg.loading import load_file

    dataset = ox.Store()
    load_file(dataset, built.graph_file)
    return dataset


@pytest.fixture(scope="session")
def curated_store() -> ox.Store:
    """The curated facts alone, without the open datasets, reasoned as the build reasons: the
    article's graph, for tests that walk all of it (every pair of its drugs, say)."""
    from kg.build.pipeline import compile_dataset, describe_rules
    from kg.build.reasoning import load_rules, materialise

    dataset = compile_dataset()
    rules = load_rules()
    materialise(dataset, rules)
    describe_rules(dataset, rules)
    return dataset


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], built):
    """Run ``drugkg`` in-process: ``cli("info", "Klonopin")`` -> CliResult."""
    from kg.cli import main

    def run(*argv: str) -> CliResult:
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse usage errors and --help
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


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
