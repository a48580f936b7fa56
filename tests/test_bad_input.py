"""Every command against bad input: one line on stderr, a non-zero exit, no traceback, nothing written.

The table below crosses the commands with broken files, bad queries, bad options, unwritable
outputs and misbehaving endpoints (refusing, silent, failing, answering garbage). Each case runs
in-process through the ``cli`` fixture; a few run as ``python -m kg`` to prove no traceback
reaches stderr, and one with ``--debug`` to show it does there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from cli_assertions import assert_one_line_error
from http_fakes import SilentServer, answering_server

from kg.remote.server import free_port

# --- the broken files --------------------------------------------------------------------------

BAD_TURTLE = (
    "@prefix ex: <http://example.org/> .\n"
    "ex:a ex:b ex:c .\n"
    "ex:a ex:b ex:c ex:d .\n"  # line 3: four terms
    "ex:e ex:f ex:g .\n"
)
BAD_JSONLD = '{\n  "@context": {"ex": "http://example.org/"},\n  "@id": "ex:a",\n  "ex:b": [1, 2,, 3]\n}\n'
BAD_NTRIPLES = (
    "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
    "<http://example.org/a> <http://example.org/b> oops .\n"  # line 2: a bare word
    "<http://example.org/a> <http://example.org/b> <http://example.org/d> .\n"
)
GOOD_NTRIPLES = "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
RDF_XML_OPEN = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'


def laughs(levels: int = 9) -> str:
    """RDF/XML whose nested entities grow a few hundred bytes into gigabytes ("billion laughs")."""
    declarations = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n'
        + "\n".join(declarations)
        + "\n]>\n"
        + RDF_XML_OPEN
        + f'<rdf:Description rdf:about="http://example.org/a"><ex:b>&lol{levels};</ex:b></rdf:Description>\n'
        + "</rdf:RDF>\n"
    )


#: An external entity: the parser must not read the file it names.
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
    + RDF_XML_OPEN
    + '<rdf:Description rdf:about="http://example.org/a"><ex:b>&secret;</ex:b></rdf:Description>\n</rdf:RDF>\n'
)
BINARY = bytes(range(256)) * 16

#: name -> (file name, what the one-line error must say besides the file's path)
FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "missing": ("missing.ttl", ("no such file",)),
    "turtle": ("bad.ttl", ("line 3",)),
    "jsonld": ("bad.jsonld", ("line 4",)),
    "ntriples": ("bad.nt", ("line 2",)),
    "empty": ("empty.ttl", ("empty",)),
    "binary-turtle": ("binary.ttl", ("line 1",)),
    "binary-jsonld": ("binary.jsonld", ("line 1",)),
    "folder": ("folder.ttl", ("folder",)),
    "unknown-extension": ("graph.xyz", ("unknown RDF file extension",)),
    "entity-expansion": ("laughs.rdf", ("XML entities would expand",)),
    "external-entity": ("external.rdf", ()),
    "deep-xml": ("deep.rdf", ("nested over 1000 deep",)),
}

#: command -> argv reading the file {f}; outputs go to {out}
FILE_COMMANDS: dict[str, tuple[str, ...]] = {
    "validate": ("validate", "{f}"),
    "info": ("info", "Klonopin", "--graph", "{f}"),
    "query": ("query", "what-treats", "--graph", "{f}"),
    "check": ("check", "Klonopin", "alcohol", "--graph", "{f}"),
    "explain": ("explain", "Klonopin", "member of", "benzodiazepine", "--graph", "{f}"),
    "viz": ("viz", "--focus", "Klonopin", "-o", "{out}/view.html", "--graph", "{f}"),
    "viz-site": ("viz", "--site", "{out}/site", "--graph", "{f}"),
    "export": ("export", "-f", "turtle", "-o", "{out}/graph.ttl", "--graph", "{f}"),
    "export-kgx": ("export", "-f", "kgx", "-o", "{out}/kgx", "--graph", "{f}"),
    "docs": ("docs", "-o", "{out}/docs", "--ontology", "{f}"),
}


@dataclass
class Endpoints:
    """Base URLs of local misbehaving HTTP endpoints."""

    dead: str
    slow: str
    failing: str
    garbage: dict[str, str]


@pytest.fixture(scope="module")
def endpoints() -> Iterator[Endpoints]:
    servers = {
        "failing": answering_server(500, b"boom\nstack trace here", "text/plain"),
        "html": answering_server(200, b"<html><body>hello</body></html>", "text/html"),
        "mislabelled": answering_server(200, b"<html>not json</html>", "application/sparql-results+json"),
        "bad-json": answering_server(
            200, b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": 5}]}}', "application/sparql-results+json"
        ),
        "no-type": answering_server(200, b"\x00\xff garbage", ""),
    }
    silent = SilentServer()

    def url(server: ThreadingHTTPServer) -> str:
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield Endpoints(
        dead=f"http://127.0.0.1:{free_port()}",  # nothing listens there: connections are refused
        slow=silent.url,
        failing=url(servers["failing"]),
        garbage={name: url(server) for name, server in servers.items() if name != "failing"},
    )
    silent.close()
    for server in servers.values():
        server.shutdown()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad-files")
    (folder / "bad.ttl").write_text(BAD_TURTLE)
    (folder / "bad.jsonld").write_text(BAD_JSONLD)
    (folder / "bad.nt").write_text(BAD_NTRIPLES)
    (folder / "empty.ttl").write_bytes(b"")
    (folder / "binary.ttl").write_bytes(BINARY)
    (folder / "binary.jsonld").write_bytes(BINARY)
    (folder / "folder.ttl").mkdir()
    (folder / "graph.xyz").write_text(GOOD_NTRIPLES)
    (folder / "laughs.rdf").write_text(laughs())
    (folder / "external.rdf").write_text(EXTERNAL_ENTITY)
    levels = 50_000  # loading this took minutes, deaf to Ctrl-C
    (folder / "deep.rdf").write_text(
        RDF_XML_OPEN + "<rdf:Description><ex:p>" * levels + "</ex:p></rdf:Description>" * levels + "</rdf:RDF>\n"
    )
    (folder / "good.nt").write_text(GOOD_NTRIPLES)
    (folder / "bad.rq").write_text("SELECT * WHERE {\n  ?s ?p\n}\n")
    return folder


def listing(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` with its content (None for folders)."""
    return {
        str(path.relative_to(folder)): (path.read_bytes() if path.is_file() else None)
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder holding one earlier file, which must survive every failure."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "earlier.txt").write_text("keep me\n")
    return folder


def fill(part: str, **values: object) -> str:
    """``part`` with each ``{name}`` replaced (SPARQL braces left alone)."""
    for name, value in values.items():
        part = part.replace("{" + name + "}", str(value))
    return part


def run_case(cli, argv: tuple[str, ...], out: Path, **values: str):
    before = listing(out)
    result = cli(*(fill(part, out=out, **values) for part in argv))
    assert listing(out) == before, "a failed command changed its output folder"
    return result


# --- broken input files, for every command that reads one ---------------------------------------


@pytest.mark.parametrize("kind", list(FILES))
@pytest.mark.parametrize("command", list(FILE_COMMANDS))
def test_bad_file(cli, files: Path, out: Path, command: str, kind: str) -> None:
    name, fragments = FILES[kind]
    path = files / name
    result = run_case(cli, FILE_COMMANDS[command], out, f=str(path))
    assert_one_line_error(result, str(path), *fragments)


# --- bad queries, names, formats and options -------------------------------------------------------

CASES: list = [
    # SPARQL syntax errors name the position
    pytest.param(("query", "SELECT * WHERE { ?s ?p }"), ("syntax error at line 1",), id="syntax-text"),
    pytest.param(("query", "{files}/bad.rq"), ("syntax error at line",), id="syntax-file"),
    pytest.param(("query", "SELECT ?x WHERE { ?x ?p ?o"), ("syntax error",), id="syntax-unclosed"),
    pytest.param(("query", "\x01\x02"), ("syntax error",), id="syntax-control-chars"),
    # SPARQL Update is refused, locally, on a graph file, and before any request to an endpoint
    *(
        pytest.param(("query", text), ("SPARQL Update is refused",), id=f"update-{i}")
        for i, text in enumerate(
            (
                "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
                "DELETE WHERE { ?s ?p ?o }",
                "DROP ALL",
                "CLEAR DEFAULT",
                "LOAD <http://example.org/data.ttl>",
                "PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }",
                "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                "drop all",
                "# a comment first\nCREATE GRAPH <http://example.org/g>",
            )
        )
    ),
    pytest.param(("query", "DROP ALL", "--graph", "{files}/good.nt"), ("SPARQL Update is refused",), id="update-file"),
    pytest.param(
        ("query", "DROP ALL", "--endpoint", "{dead}/query"), ("SPARQL Update is refused",), id="update-remote"
    ),
    # unknown names
    pytest.param(("query", "no-such-query"), ("no named query",), id="unknown-query"),
    pytest.param(("info", "no-such-entity"), ("no entity named",), id="unknown-entity"),
    pytest.param(("info", "   "), ("empty entity name",), id="blank-entity"),
    pytest.param(("check", "Klonopin", "no-such-drug"), ("no-such-drug",), id="unknown-drug"),
    pytest.param(("explain", "Klonopin", "no-such-relation", "alcohol"), ("no-such-relation",), id="unknown-relation"),
    pytest.param(("viz", "--focus", "no-such-entity", "-o", "{out}/v.html"), ("no entity named",), id="unknown-focus"),
    pytest.param(("viz", "--class", "no-such-class", "-o", "{out}/v.html"), ("no-such-class",), id="unknown-class"),
    pytest.param(("nosuchcommand",), ("invalid choice",), id="unknown-command"),
    pytest.param(("queries", "--no-such-option"), ("unrecognized arguments",), id="unknown-option"),
    # unknown formats
    pytest.param(("query", "what-treats", "-f", "xml"), ("invalid choice",), id="format-query"),
    pytest.param(("export", "-f", "xml", "-o", "{out}/g.xml"), ("unknown format 'xml'",), id="format-export"),
    pytest.param(("check", "Klonopin", "-f", "xml"), ("invalid choice",), id="format-check"),
    pytest.param(("explain", "a", "b", "c", "-f", "xml"), ("invalid choice",), id="format-explain"),
    # malformed --param values
    pytest.param(("query", "what-treats", "-p", "nonsense"), ("NAME=VALUE",), id="param-no-equals"),
    pytest.param(("query", "what-treats", "-p", "=x"), ("NAME=VALUE",), id="param-no-name"),
    pytest.param(("query", "what-treats", "-p", "a b=c"), ("NAME=VALUE",), id="param-bad-name"),
    pytest.param(("query", "what-treats", "-p", "condition=<not an iri>"), ("not a valid IRI",), id="param-bad-iri"),
    pytest.param(
        ("query", "what-treats", "-p", 'condition="x"^^<bad datatype>'), ("not a valid IRI",), id="param-bad-datatype"
    ),
    pytest.param(
        ("query", "what-treats", "-p", 'condition="x"^^nope:type'), ("unknown datatype",), id="param-unknown-prefix"
    ),
    pytest.param(("query", "what-treats", "-p", "nosuchvar=1"), ("no variable ?nosuchvar",), id="param-unknown-var"),
    pytest.param(
        ("query", "what-treats", "-p", "condition=1", "-p", "condition=2"), ("given twice",), id="param-twice"
    ),
    # numbers out of range
    *(
        pytest.param(("query", "what-treats", "--timeout", value), ("--timeout",), id=f"timeout-{value}")
        for value in ("0", "-1", "nan", "inf", "abc")
    ),
    pytest.param(("query", "what-treats", "--max-rows", "0"), ("--max-rows",), id="max-rows-0"),
    pytest.param(("push", "--endpoint", "{dead}/store", "--timeout", "nan"), ("--timeout",), id="push-timeout-nan"),
    pytest.param(("push", "--update", "{dead}/update", "--chunk", "0"), ("--chunk",), id="push-chunk-0"),
    pytest.param(("serve", "--port", "0"), ("--port",), id="serve-port-0"),
    pytest.param(("serve", "--port", "70000"), ("--port",), id="serve-port-high"),
    pytest.param(("serve", "--bind", "example.org"), ("expected an IP address",), id="serve-bind-name"),
    pytest.param(("serve", "--bind", "999.1.1.1"), ("expected an IP address",), id="serve-bind-bad"),
    pytest.param(("viz", "--depth", "-1", "-o", "{out}/v.html"), ("--depth",), id="viz-depth"),
    pytest.param(("viz", "--max-nodes", "0", "-o", "{out}/v.html"), ("--max-nodes",), id="viz-max-nodes"),
    pytest.param(("viz",), ("-o FILE.html",), id="viz-no-output"),
    # bytes that are not UTF-8 (they arrive as lone surrogates), a NUL in a file name, huge numbers
    pytest.param(("query", "what-treats", "-p", "condition=\udcff"), ("not valid UTF-8",), id="param-not-utf8"),
    pytest.param(("query", 'SELECT * WHERE { ?s ?p "\udcff" }'), ("not valid UTF-8",), id="query-not-utf8"),
    pytest.param(("check", "Klonopin", "\udcff"), ("not valid UTF-8",), id="drug-not-utf8"),
    pytest.param(("query", "what-treats", "--endpoint", "{dead}/\udcff"), ("not valid UTF-8",), id="url-not-utf8"),
    pytest.param(("push", "--endpoint", "{dead}/\udcff"), ("not valid UTF-8",), id="push-url-not-utf8"),
    pytest.param(("export", "-f", "turtle", "-o", "{out}/a\x00.ttl"), ("NUL",), id="export-nul-name"),
    pytest.param(("viz", "--focus", "Klonopin", "-o", "{out}/a\x00.html"), ("NUL",), id="viz-nul-name"),
    pytest.param(("docs", "-o", "{out}/a\x00"), ("NUL",), id="docs-nul-name"),
    pytest.param(("query", "what-treats", "--max-rows", "99999999999999999999"), ("--max-rows",), id="max-rows-huge"),
    # bad URLs and targets
    pytest.param(("query", "what-treats", "--endpoint", "ftp://example.org/q"), ("http://",), id="endpoint-scheme"),
    pytest.param(("query", "what-treats", "--endpoint", "http://"), ("cannot reach",), id="endpoint-no-host"),
    pytest.param(("push",), ("exactly one of",), id="push-no-url"),
    pytest.param(("push", "--endpoint", "{dead}/store", "--update", "{dead}/u"), ("exactly one of",), id="push-two"),
    pytest.param(("push", "--endpoint", "file:///etc/passwd"), ("http://",), id="push-scheme"),
    pytest.param(
        ("push", "--endpoint", "{dead}/store", "--graph", "not an iri"), ("not an absolute IRI",), id="push-iri"
    ),
    pytest.param(
        ("query", "what-treats", "--endpoint", "{dead}/q", "--graph", "{files}/good.nt"), (), id="two-sources"
    ),
    # unwritable outputs: a folder where a file goes, a file where a folder goes, a missing folder
    pytest.param(("viz", "--focus", "Klonopin", "-o", "{out}"), ("it is a folder",), id="viz-into-folder"),
    pytest.param(("export", "-f", "turtle", "-o", "{out}"), ("it is a folder",), id="export-into-folder"),
    pytest.param(("export", "-f", "kgx", "-o", "{out}/earlier.txt"), ("it is a file",), id="kgx-into-file"),
    pytest.param(("export", "-f", "kgx", "-o", "{out}"), ("other files",), id="kgx-into-used-folder"),
    pytest.param(("docs", "-o", "{out}/earlier.txt"), ("it is a file",), id="docs-into-file"),
    pytest.param(("viz", "--site", "{out}/earlier.txt"), ("it is a file",), id="site-into-file"),
    pytest.param(("build", "--out", "{out}/earlier.txt"), ("earlier.txt",), id="build-into-file"),
    pytest.param(("export", "-f", "turtle", "-o", "{out}/no/g.ttl"), ("does not exist",), id="export-missing-folder"),
    pytest.param(
        ("viz", "--focus", "Klonopin", "-o", "{out}/earlier.txt/v.html"), ("does not exist",), id="viz-under-file"
    ),
]


@pytest.mark.parametrize(("argv", "fragments"), CASES)
def test_bad_usage(cli, files: Path, out: Path, endpoints: Endpoints, argv: tuple[str, ...], fragments) -> None:
    result = run_case(cli, argv, out, files=str(files), dead=endpoints.dead)
    assert_one_line_error(result, *fragments)


# --- unwritable outputs: a read-only folder -----------------------------------------------------


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may create files in. Root ignores permission bits, so as root this is
    /sys, where the kernel refuses new files to everyone."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    folder = Path("/sys")
    try:
        (folder / "drugkg-probe").touch()
    except OSError:
        yield folder
        return
    pytest.skip("no folder here refuses writes to root")


READ_ONLY_CASES = {
    "viz": ("viz", "--focus", "Klonopin", "-o", "{ro}/view.html"),
    "viz-site": ("viz", "--focus", "Klonopin", "--site", "{ro}/site"),
    "export": ("export", "-f", "turtle", "-o", "{ro}/graph.ttl"),
    "export-graphml": ("export", "-f", "graphml", "-o", "{ro}/graph.graphml"),
    "export-kgx": ("export", "-f", "kgx", "-o", "{ro}/kgx"),
    "docs": ("docs", "-o", "{ro}/docs"),
    "build": ("build", "--out", "{ro}/build"),
}


@pytest.mark.parametrize("command", list(READ_ONLY_CASES))
def test_read_only_folder(cli, read_only_dir: Path, command: str) -> None:
    before = sorted(os.listdir(read_only_dir))
    result = cli(*(fill(part, ro=read_only_dir) for part in READ_ONLY_CASES[command]))
    assert_one_line_error(result, str(read_only_dir))
    assert sorted(os.listdir(read_only_dir)) == before


# --- misbehaving endpoints ------------------------------------------------------------------------

REMOTE_COMMANDS = {
    "query-named": ("query", "what-treats", "--endpoint", "{url}/query", "--timeout", "1"),
    "query-by-name": (
        "query",
        "is-antidepressant",
        "-p",
        "drug=Klonopin",
        "--endpoint",
        "{url}/query",
        "--timeout",
        "1",
    ),
    "query-construct": ("query", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2", "--endpoint", "{url}/query", "--timeout", "1"),
    "query-ask": ("query", "ASK { ?s ?p ?o }", "--endpoint", "{url}/query", "--timeout", "1"),
    "query-user": ("query", "what-treats", "--endpoint", "{url}/query", "--timeout", "1", "--user", "someone"),
    "push-user": ("push", "--endpoint", "{url}/store", "--timeout", "1", "--user", "someone"),
    "push-graph-store": ("push", "--endpoint", "{url}/store", "--timeout", "1"),
    "push-flattened": ("push", "--endpoint", "{url}/store", "--graph", "https://example.org/g", "--timeout", "1"),
    "push-update": ("push", "--update", "{url}/update", "--timeout", "1"),
}


@pytest.mark.parametrize("command", list(REMOTE_COMMANDS))
@pytest.mark.parametrize("kind", ["dead", "slow", "failing"])
def test_unhelpful_endpoint(cli, out: Path, endpoints: Endpoints, kind: str, command: str, monkeypatch) -> None:
    monkeypatch.setenv("DRUGKG_PASSWORD", "secret")
    url = getattr(endpoints, kind)
    started = time.monotonic()
    result = run_case(cli, REMOTE_COMMANDS[command], out, url=url)
    elapsed = time.monotonic() - started
    expected = {
        "dead": ("connection refused",),
        "slow": ("within 1 s",),
        "failing": (),  # SPARQLWrapper's or urllib's words for a 500; the URL is named either way
    }[kind]
    assert_one_line_error(result, url, *expected)
    if kind == "failing":
        assert "failed while answering" in result.err or "HTTP 500" in result.err, result.err
    assert elapsed < 1.8, f"{kind}: took {elapsed:.1f} s with --timeout 1"


@pytest.mark.parametrize("command", [name for name in REMOTE_COMMANDS if name.startswith("query")])
@pytest.mark.parametrize("kind", ["html", "mislabelled", "bad-json", "no-type"])
def test_endpoint_answering_garbage(cli, out: Path, endpoints: Endpoints, kind: str, command: str, monkeypatch) -> None:
    """200 with a body that is no SPARQL result. (A push is judged by the status alone: the Graph
    Store Protocol and SPARQL Update define no response body, and servers send HTML there.)"""
    monkeypatch.setenv("DRUGKG_PASSWORD", "secret")
    result = run_case(cli, REMOTE_COMMANDS[command], out, url=endpoints.garbage[kind])
    assert_one_line_error(result)
    assert any(words in result.err for words in ("does not parse", "not SPARQL results", "not RDF")), result.err


# --- as a real process: nothing but one line on stderr ----------------------------------------------


def drugkg(*argv: str, build_dir: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if build_dir is not None:
        env["DRUGKG_BUILD_DIR"] = str(build_dir)
    return subprocess.run(
        [sys.executable, "-m", "kg", *argv], capture_output=True, text=True, timeout=timeout, env=env, check=False
    )


def test_no_traceback_reaches_stderr(files: Path, out: Path, endpoints: Endpoints, built) -> None:
    cases = [
        (("info", "Klonopin", "--graph", str(files / "bad.ttl")), "line 3"),
        (("export", "-f", "jsonld", "-o", str(out / "g.jsonld"), "--graph", str(files / "binary.jsonld")), "line 1"),
        (("query", "SELECT * WHERE { ?s ?p }"), "syntax error"),
        (("query", "DROP ALL"), "SPARQL Update is refused"),
        (("query", "what-treats", "-p", "condition=<a b>"), "not a valid IRI"),
        (("query", "what-treats", "--endpoint", endpoints.dead + "/query"), "connection refused"),
        (("query", "what-treats", "--endpoint", endpoints.garbage["bad-json"] + "/query"), "does not parse"),
        (("viz", "--focus", "Klonopin", "-o", str(out)), "it is a folder"),
        (("query", "what-treats", "-p", "condition=\udcff"), "not valid UTF-8"),  # the byte 0xff
    ]
    before = listing(out)
    for argv, fragment in cases:
        completed = drugkg(*argv, build_dir=built.out_dir)
        assert completed.returncode == 2, (argv, completed.stderr)
        assert completed.stderr.count("\n") == 1 and fragment in completed.stderr, (argv, completed.stderr)
        assert "Traceback" not in completed.stderr
    assert listing(out) == before


def test_debug_shows_the_traceback(files: Path, built) -> None:
    completed = drugkg("--debug", "info", "Klonopin", "--graph", str(files / "bad.ttl"), build_dir=built.out_dir)
    assert completed.returncode != 0
    assert "Traceback" in completed.stderr and "InputError" in completed.stderr


def test_a_good_query_leaves_stderr_empty(built) -> None:
    """The query worker is a forked process; at exit multiprocessing stops it with SIGTERM, which
    once raised drugkg's own KeyboardInterrupt in the worker and printed a traceback (2 runs in 3)."""
    for _ in range(6):
        completed = drugkg("query", "ASK { ?s ?p ?o }", build_dir=built.out_dir)
        assert (completed.returncode, completed.stdout, completed.stderr) == (0, "yes\n", "")


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (BINARY, "the query on stdin is not valid UTF-8 text"),
        (b"", "empty query on stdin"),
        (b"  \n", "empty query on stdin"),
    ],
    ids=["binary", "empty", "blank"],
)
def test_bad_query_on_stdin(built, stdin: bytes, message: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "kg", "query", "-"],
        input=stdin,
        capture_output=True,
        timeout=60,
        env={**os.environ, "DRUGKG_BUILD_DIR": str(built.out_dir)},
        check=False,
    )
    assert (completed.returncode, completed.stderr.decode()) == (2, f"drugkg query: error: {message}\n")


def test_namespace_entities_in_rdf_xml_still_load(cli, tmp_path: Path) -> None:
    """The entity check refuses expansion bombs, not the namespace entities ontology editors write."""
    path = tmp_path / "ontology.owl"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY ex "http://example.org/onto#">\n'
        '<!ENTITY rdfs "http://www.w3.org/2000/01/rdf-schema#">\n]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="&rdfs;">\n'
        '<rdf:Description rdf:about="&ex;Drug"><rdfs:label>a drug &amp; more</rdfs:label></rdf:Description>\n'
        "</rdf:RDF>\n"
    )
    result = cli("info", "a drug & more", "--graph", str(path))
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[0] == "a drug & more  (http://example.org/onto#Drug)"


def test_a_remote_jsonld_context_is_never_fetched(cli, tmp_path: Path) -> None:
    server = answering_server(200, b'{"@context": {"ex": "http://example.org/"}}', "application/ld+json")
    try:
        path = tmp_path / "remote-context.jsonld"
        url = f"http://127.0.0.1:{server.server_address[1]}/context.jsonld"
        path.write_text(f'{{"@context": "{url}", "@id": "ex:a", "ex:b": "c"}}')
        result = cli("info", "c", "--graph", str(path))
        assert_one_line_error(result, str(path), "remote contexts")
        assert server.requests == []  # type: ignore[attr-defined]
    finally:
        server.shutdown()
