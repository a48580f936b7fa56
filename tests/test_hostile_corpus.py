"""The hostile-input corpus (tests/hostile/): every case through the command line, answered with one
line on stderr and exit 2 within its bound, and no request leaving the process.

Small cases are files (``tests/hostile/queries/*.rq``, ``PORT`` replaced by a local listener's port);
the big ones are made here from a recipe, so the repository does not hold megabytes of them.
"""

from __future__ import annotations

import http.server
import itertools
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "hostile"
GRAPH = Path(__file__).parent / "data" / "tiny.trig"
SERVICE_QUERIES = sorted((CORPUS / "queries").glob("service-*.rq"))


class Listener:
    """An HTTP server on 127.0.0.1 that counts every request it receives (a SERVICE target)."""

    def __init__(self) -> None:
        self.requests = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _count(self) -> None:
                outer.requests += 1
                self.send_response(500)
                self.end_headers()

            do_GET = do_POST = _count

            def log_message(self, *args: object) -> None:
                """Quiet."""

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.server.shutdown()


def drugkg(*argv: str, timeout: float = 120) -> tuple[int, str, str, float]:
    """``python -m kg ARGV`` from the worktree: exit code, stdout, stderr, seconds taken."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "kg", *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    return done.returncode, done.stdout, done.stderr, time.monotonic() - started


def assert_one_line(code: int, err: str, expected: str) -> None:
    assert code == 2, err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert expected in err, err


# --- SERVICE: refused however it is written, and never called -------------------------------------------


@pytest.mark.parametrize("case", SERVICE_QUERIES, ids=lambda path: path.stem)
def test_service_is_refused_and_never_called(case: Path, listener: Listener, tmp_path: Path) -> None:
    query = tmp_path / case.name
    query.write_text(case.read_text().replace("PORT", str(listener.port)))
    before = listener.requests
    code, out, err, _ = drugkg("query", str(query), "--graph", str(GRAPH))
    assert_one_line(code, err, "SERVICE (a federated call to another endpoint) is refused")
    assert out == ""
    assert listener.requests == before


@pytest.mark.parametrize("case", SERVICE_QUERIES, ids=lambda path: path.stem)
def test_the_read_only_check_never_calls_a_service(case: Path, listener: Listener) -> None:
    """Even allowed, the check before the query runs makes no request: the text is parsed in a
    process that can open no socket."""
    from kg.query.text import query_form

    before = listener.requests
    try:
        query_form(case.read_text().replace("PORT", str(listener.port)), allow_service=True)
    except Exception as error:  # a syntax error is fine: what matters is that nothing was sent
        assert "syntax error" in str(error)
    assert listener.requests == before


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?service WHERE { ?service ?p 'SERVICE' } # SERVICE <http://x/>",
        "SELECT * WHERE { ?s dk:SERVICEx ?o }",
        "SELECT * WHERE { BIND(dk:a\\# AS ?x) ?s ?p ?o }",
    ],
)
def test_service_in_a_name_string_or_comment_is_not_a_call(text: str) -> None:
    """The trap: the word in a variable, a prefixed name's local part, a string or a comment."""
    from kg.query.text import has_service

    assert not has_service(text)


# --- size, nesting and operators: refused before parsing ------------------------------------------------

GENERATED: dict[str, tuple[Callable[[], str], str]] = {
    "nested-braces": (lambda: "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000, "nests brackets 3000 deep"),
    "nested-parentheses": (lambda: "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }", "nests brackets"),
    "or-chain": (
        lambda: "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(["?o = 1"] * 70_001) + ") }",
        "operators",
    ),
    "path-chain": (lambda: "SELECT * WHERE { ?s " + "/".join(["dkv:p"] * 20_000) + " ?o }", "operators"),
    "union-chain": (
        lambda: "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 20_000) + " }",
        "operators",
    ),
    "negations": (lambda: "ASK { FILTER(" + "!" * 20_000 + "true) }", "operators"),
    "huge": (lambda: "SELECT * WHERE { ?s ?p ?o } #" + "x" * 2_000_000, "characters long"),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_oversized_queries_are_refused_before_parsing(name: str, tmp_path: Path) -> None:
    make, expected = GENERATED[name]
    query = tmp_path / f"{name}.rq"
    query.write_text(make())
    code, _, err, seconds = drugkg("query", str(query), "--graph", str(GRAPH), "--timeout", "5")
    assert_one_line(code, err, expected)
    assert seconds < 30  # refused by a scan, not after parsing


def test_long_or_chain_is_bounded_by_the_timeout(tmp_path: Path) -> None:
    """80 KB of OR: refused by the operator bound instead of parsed for minutes."""
    query = tmp_path / "or-80k.rq"
    query.write_text("SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(f"?o = {n}" for n in range(7000)) + ") }")
    assert query.stat().st_size > 80_000
    code, _, err, seconds = drugkg("query", str(query), "--graph", str(GRAPH), "--timeout", "5")
    assert_one_line(code, err, "operators")
    assert seconds < 30


def test_slow_parse_within_the_bounds_is_stopped_at_the_timeout(tmp_path: Path) -> None:
    """Nested blank-node lists 120 deep (under the nesting bound) take the parser about 10 s:
    the parse runs in the process the timeout kills."""
    query = tmp_path / "slow-parse.rq"
    query.write_text("SELECT * WHERE { ?s ?p " + "[ ?p " * 120 + "1" + " ]" * 120 + " }")
    code, _, err, seconds = drugkg("query", str(query), "--graph", str(GRAPH), "--timeout", "2")
    assert_one_line(code, err, "could not be parsed within 2 s")
    assert seconds < 2 + 20  # the timeout, plus starting Python (generous: two shared cores)


# --- writing through a symlink to another filesystem; bidirectional text ----------------------------------


@pytest.fixture
def shm_target() -> Iterator[Path]:
    """A file name in /dev/shm (another filesystem than the temporary folder, on Linux)."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK):
        pytest.skip("no writable /dev/shm")
    target = shm / f"drugkg-hostile-{os.getpid()}-{time.monotonic_ns()}.ttl"
    yield target
    target.unlink(missing_ok=True)


@pytest.mark.parametrize(
    "argv",
    [["export", "--format", "turtle", "--graph", str(GRAPH), "-o"], ["viz", "--graph", str(GRAPH), "-o"]],
    ids=["export", "viz"],
)
def test_writing_through_a_symlink_to_another_filesystem(argv: list[str], shm_target: Path, tmp_path: Path) -> None:
    link = tmp_path / "out.link"
    link.symlink_to(shm_target)
    code, _, err, _ = drugkg(*argv, str(link))
    assert code == 0 and "error" not in err, err
    assert link.is_symlink() and link.resolve() == shm_target  # the link is kept, its target written
    assert shm_target.stat().st_size > 0
    assert sorted(path.name for path in shm_target.parent.glob(f".{shm_target.name}.*")) == []


def test_bidirectional_controls_are_escaped_before_the_terminal(tmp_path: Path) -> None:
    graph = tmp_path / "bidi.ttl"
    graph.write_text('<http://x/a> <http://www.w3.org/2000/01/rdf-schema#label> "safe\u202etxt.exe\u2066x\u2069" .\n')
    code, out, err, _ = drugkg("query", "SELECT ?l WHERE { ?s rdfs:label ?l }", "--graph", str(graph))
    assert (code, err) == (0, "")
    assert "safe\\u202etxt.exe\\u2066x\\u2069" in out
    assert not any(char in out for char in "\u202e\u2066\u2069")


# --- special files in a data folder -----------------------------------------------------------------------


def _special_data_folder(tmp_path: Path, kind: str) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    entry = folder / "accepted.trig"
    if kind == "dev-zero":
        entry.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(entry)
    elif kind == "folder":
        entry.mkdir()
    elif kind == "dangling":
        entry.symlink_to(tmp_path / "nowhere.trig")
    return folder


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("dev-zero", "not a regular file"),
        ("fifo", "not a regular file"),
        ("folder", "is a folder"),
        ("dangling", "No such file"),
    ],
)
def test_special_files_in_a_data_folder_are_refused(kind: str, expected: str, tmp_path: Path) -> None:
    folder = _special_data_folder(tmp_path, kind)
    code, _, err, seconds = drugkg(
        "build", "--no-datasets", "--data", str(folder), "--out", str(tmp_path / "build"), timeout=120
    )
    assert_one_line(code, err, expected)
    assert "accepted.trig" in err
    assert seconds < 60


# --- user data may add facts, never rewrite the graph's structure -----------------------------------------

STRUCTURE_CASES = {
    "vocabulary-redefined": "changes the vocabulary",
    "symmetric-member-of": "changes the vocabulary",
    "sub-property-of-treats": "states a class or property axiom",
    "class-declared": "declares a class or property",
    "same-as": "states a class or property axiom",
    "denied-in-sources": "which holds only source descriptions",
    "denied-in-rules": "a graph of drugkg's own",
    "denied-in-ontology-graph": "a graph of drugkg's own",
    "denied-in-inferred-graph": "a graph of inferred facts",
    "denied-in-dataset-graph": "a graph of the pharmacotherapydb dataset",
    "denied-in-other-release": "a graph of the drugcentral dataset",
}


@pytest.mark.parametrize("case", sorted(STRUCTURE_CASES))
def test_user_data_cannot_rewrite_the_structure(case: str, tmp_path: Path) -> None:
    folder = CORPUS / "data" / case
    code, _, err, seconds = drugkg("build", "--no-datasets", "--data", str(folder), "--out", str(tmp_path / "b"))
    assert_one_line(code, err, STRUCTURE_CASES[case])
    assert f"{folder / 'accepted.trig'}: refused" in err
    assert seconds < 60
    assert not (tmp_path / "b").exists()


def test_a_denied_fact_in_the_users_own_graph_fails_the_build(tmp_path: Path) -> None:
    """The path still open to user data: its own section graph, checked with the curated negatives."""
    folder = CORPUS / "data" / "denied-in-own-graph"
    code, _, err, _ = drugkg("build", "--no-datasets", "--data", str(folder), "--out", str(tmp_path / "b"))
    assert code == 1 and err.count("\n") == 1, err
    assert "clonazepam-does-not-treat-depression is contradicted" in err


def test_a_denied_fact_in_a_meta_graph_is_checked_with_the_curated_negatives() -> None:
    """Defence in depth: whatever put it there, a fact in dkg:sources meets the curated negatives."""
    import pyoxigraph as ox

    from kg.compile.disagreement import contradictions_within_sources
    from kg.compile.pipeline import compile_dataset
    from kg.namespaces import DK, DKV, GRAPH_SOURCES

    store = compile_dataset()
    store.add(
        ox.Quad(
            ox.NamedNode(str(DK.clonazepam)),
            ox.NamedNode(str(DKV.treats)),
            ox.NamedNode(str(DK.depression)),
            ox.NamedNode(str(GRAPH_SOURCES)),
        )
    )
    found = contradictions_within_sources(store)
    assert any("clonazepam-does-not-treat-depression is contradicted" in line for line in found), found


def test_reasoning_stops_at_its_budget_naming_the_rule() -> None:
    import pyoxigraph as ox

    from kg.compile.reasoning import materialise
    from kg.errors import InputError
    from kg.namespaces import DKV

    def chain_store() -> ox.Store:
        store = ox.Store()
        graph, kind_of = ox.NamedNode("https://example.org/g"), ox.NamedNode(str(DKV.kindOf))
        chain = [ox.NamedNode(f"https://example.org/c{n}") for n in range(200)]  # 19,701 inferred when closed
        store.extend(ox.Quad(a, kind_of, b, graph) for a, b in itertools.pairwise(chain))
        return store

    with pytest.raises(
        InputError, match=r"reasoning stopped: over 1,000 inferred triples after rule kind-of-transitive"
    ):
        materialise(chain_store(), max_inferred=1000)
    with pytest.raises(InputError, match=r"reasoning stopped: no fixpoint in 2 passes"):
        materialise(chain_store(), max_passes=2)


# --- accept: hostile drafts -----------------------------------------------------------------------------


def _draft(tmp_path: Path, name: str, text: str, document: str, ids: str = "c") -> list:
    """A draft of ``text`` made by ``drugkg extract``, its document IRI renamed ``document``: its quads."""
    import pyoxigraph as ox

    source = tmp_path / f"{name}.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / f"{name}.trig"
    code, _, err, _ = drugkg("extract", str(source), "--format", "trig", "-o", str(out), "--no-adverse-model", "-q")
    assert code == 0, err
    quads = list(ox.parse(path=str(out), format=ox.RdfFormat.TRIG))
    (old,) = {
        q.subject.value for q in quads if q.object == ox.NamedNode("https://w3id.org/drugkg/vocab/SourceDocument")
    }

    def renamed(term):  # type: ignore[no-untyped-def]
        if isinstance(term, ox.NamedNode) and term.value.startswith(old):
            return ox.NamedNode(document + term.value[len(old) :])
        return term

    def object_of(quad):  # type: ignore[no-untyped-def]
        if quad.predicate.value.endswith("/draft/candidateId"):  # ids unique across the merged draft
            return ox.Literal(ids + quad.object.value.removeprefix("c"))
        return renamed(quad.object)

    return [ox.Quad(renamed(q.subject), renamed(q.predicate), object_of(q), renamed(q.graph_name)) for q in quads]


@pytest.mark.parametrize("case", ["two-documents-one-name", "long-name"])
def test_accept_hostile_document_names(built, case: str, tmp_path: Path) -> None:
    """Two documents whose names would meet in one file, and a 300-character name: each document gets
    a file of its own, no candidate is lost, no name is too long."""
    if case == "two-documents-one-name":
        text = _draft(
            tmp_path, "notes", "Diazepam Notes\nDiazepam is a benzodiazepine.\n", "https://example.org/a/notes"
        )
        text += _draft(tmp_path, "other", "Other Notes\nDiazepam causes tremors.\n", "https://example.org/b/notes", "d")
        expected_files = 2
    else:
        long_name = "https://w3id.org/drugkg/source/" + "n" * 300
        text = _draft(tmp_path, "notes", "Diazepam Notes\nDiazepam is a benzodiazepine.\n", long_name)
        expected_files = 1
    import pyoxigraph as ox

    draft = tmp_path / "hostile-draft.trig"
    draft.write_bytes(ox.serialize(text, format=ox.RdfFormat.TRIG) or b"")
    data = tmp_path / "data"
    code, _, err, _ = drugkg("accept", str(draft), "--data", str(data), "-q", timeout=300)
    assert code == 0, err
    written = sorted(data.iterdir())
    assert len(written) == expected_files  # no candidate lost to a shared file
    assert all(len(path.name) <= 255 for path in written)


# --- extract: hostile texts ---------------------------------------------------------------------------------


def test_extract_an_unterminated_500_kb_sentence_within_its_bound(built, tmp_path: Path) -> None:
    """One sentence with no full stop: cut at 2,000 characters, so the work stays linear."""
    text = tmp_path / "unterminated.txt"
    text.write_text("Diazepam " + "and lorazepam " * 36_000, encoding="utf-8")
    assert text.stat().st_size > 500_000
    code, _, err, seconds = drugkg("extract", str(text), "--format", "trig", "-o", str(tmp_path / "d.trig"), "-q")
    assert (code, err) == (0, "")
    assert seconds < 120  # 55 s before the cut on an idle machine; about 10 s after


def test_extract_refuses_a_text_of_too_many_mentions(built, tmp_path: Path) -> None:
    from kg.extract.extractor import MAX_MENTIONS

    text = tmp_path / "names.txt"
    text.write_text(
        "Names\n" + ", ".join(["diazepam", "sertraline"] * (MAX_MENTIONS // 2 + 500)) + "\n", encoding="utf-8"
    )
    code, _, err, _ = drugkg("extract", str(text), "--format", "trig", "-o", str(tmp_path / "d.trig"), "-q")
    assert_one_line(code, err, f"over the {MAX_MENTIONS:,} extract keeps per text")
