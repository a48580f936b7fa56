"""Injection: hostile entity names and --param values reach SPARQL only as bound values.

Through info, check, explain, query --param and viz --focus, on the built graph, on a graph whose
labels are themselves hostile, and against a real Oxigraph server: every store keeps exactly the
quads it had, and each command gives a correct answer or a one-line error. (The what-treats
cases of tests/test_query_command.py and the check cases of tests/test_check.py are not repeated.)
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from hostile_text import INJECTION_NAME, SPARQL_INJECTIONS

from kg.compile.pipeline import BUILT_GRAPH_NAME, MANIFEST_NAME

IDS = [f"hostile-{i}" for i in range(len(SPARQL_INJECTIONS))]


def assert_answer_or_one_line_error(result) -> None:
    """Either a normal answer with nothing on stderr, or exit 2 with one line and no traceback."""
    if result.code == 2:
        assert result.err.count("\n") == 1 and result.err.endswith("\n"), result.err
        assert "Traceback" not in result.err and result.out == ""
    else:
        assert (result.code, result.err) in {(0, ""), (1, "")}, result.err


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in (BUILT_GRAPH_NAME, MANIFEST_NAME)
    }


# --- the built graph: no hostile name names anything ----------------------------------------------


@pytest.mark.parametrize("value", SPARQL_INJECTIONS, ids=IDS)
def test_hostile_names_change_nothing_in_the_built_graph(cli, built, tmp_path: Path, value: str) -> None:
    before = fingerprint(built.out_dir)
    for argv in (
        ("info", value),
        ("check", value, "Klonopin"),
        ("explain", value, "member of", "benzodiazepine"),
        ("explain", "Klonopin", value, "benzodiazepine"),
        ("viz", "--focus", value, "-o", str(tmp_path / "view.html")),
    ):
        result = cli(*argv)
        assert result.code == 2, (argv, result.out)
        assert_answer_or_one_line_error(result)
    assert list(tmp_path.iterdir()) == []
    for name in ("is-antidepressant", "approved-uses"):
        result = cli("query", name, "-p", f"drug={value}")
        assert_answer_or_one_line_error(result)
        if result.code == 0:
            assert result.out.splitlines()[-1] == "(no rows)", (name, result.out)
    assert fingerprint(built.out_dir) == before


@pytest.mark.parametrize("value", SPARQL_INJECTIONS, ids=IDS)
def test_hostile_values_are_bound_not_spliced(built, value: str) -> None:
    """Through the API: a value is a term; the store keeps every quad; a literal comes back verbatim."""
    from kg.errors import InputError
    from kg.loading import load_file
    from kg.query.local import LocalStore
    from kg.query.text import parse_term

    store = ox.Store()
    load_file(store, built.graph_file)
    before = set(store)
    dataset = LocalStore(store)
    try:
        term = parse_term(value, dataset.resolve_name)
    except InputError:
        term = None
    if term is None:
        with pytest.raises(InputError):
            dataset.query_text("SELECT ?value WHERE { }", params={"value": value})
    else:
        assert dataset.query_text("SELECT ?value WHERE { }", params={"value": value}).rows == [(term,)]
    for name in ("is-antidepressant", "what-treats", "class-members"):
        named_params = {"is-antidepressant": "drug", "what-treats": "condition", "class-members": "class"}
        try:
            rows = dataset.query(name, {named_params[name]: value}).rows
        except InputError:
            continue
        assert rows == [], (name, rows)
    assert set(store) == before
    literal = dataset.query_text("SELECT ?v WHERE { }", params={"v": ox.Literal(value)})
    assert literal.rows == [(ox.Literal(value),)]


# --- a graph whose own labels are hostile: the names resolve and the answers are right --------------

SCRIPT_DRUG = "<script>alert(1)</script>"
NEWLINE_CLASS = "class } ; DROP ALL\nsecond line"


@pytest.fixture(scope="module")
def hostile_graph(built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built graph plus two drugs and a class with hostile labels, in a source graph."""
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    dkv = "https://w3id.org/drugkg/vocab/"
    extra = (
        "<https://example.org/src> {\n"
        f"  <https://example.org/hostile> a <{dkv}Drug> ; {label} {json.dumps(INJECTION_NAME)} ;\n"
        f"    <{dkv}memberOf> <https://example.org/hostile-class> .\n"
        f"  <https://example.org/script> a <{dkv}Drug> ; {label} {json.dumps(SCRIPT_DRUG)} ;\n"
        f"    <{dkv}memberOf> <https://example.org/hostile-class> .\n"
        f"  <https://example.org/hostile-class> a <{dkv}DrugClass>, <{dkv}TherapeuticClass> ;\n"
        f"    {label} {json.dumps(NEWLINE_CLASS)} .\n"
        "}\n"
    )
    path = tmp_path_factory.mktemp("hostile") / "hostile.trig"
    path.write_text(built.graph_file.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    return path


def quads_of(path: Path) -> set[ox.Quad]:
    from kg.loading import load_file

    store = ox.Store()
    load_file(store, path)
    return set(store)


def test_hostile_labels_resolve_and_answer_correctly(cli, hostile_graph: Path, tmp_path: Path) -> None:
    before = hostile_graph.read_bytes()
    graph = ("--graph", str(hostile_graph))

    info = cli("info", INJECTION_NAME, *graph)
    assert (info.code, info.err) == (0, ""), info.err
    assert info.out.splitlines()[0] == f"{INJECTION_NAME}  (https://example.org/hostile)"
    # a line break inside a label is shown escaped: data cannot forge output lines
    assert "  member of -> class } ; DROP ALL\\nsecond line   [https://example.org/src]" in info.out.splitlines()

    members = cli(
        "query",
        "SELECT ?drug ?class WHERE { ?drug dkv:memberOf ?class }",
        "-p",
        f"drug={SCRIPT_DRUG}",
        "-f",
        "tsv",
        *graph,
    )
    assert (members.code, members.err) == (0, "")
    assert members.out.splitlines()[1:] == ["<https://example.org/script>\t<https://example.org/hostile-class>"]

    by_label = cli(
        "query",
        "SELECT ?x ?label WHERE { ?x rdfs:label ?label }",
        "-p",
        f"label={json.dumps(NEWLINE_CLASS)}",
        "-f",
        "tsv",
        *graph,
    )
    assert (by_label.code, by_label.err) == (0, "")
    assert by_label.out.splitlines()[1:] == ['<https://example.org/hostile-class>\t"class } ; DROP ALL\\nsecond line"']

    report = cli("check", INJECTION_NAME, SCRIPT_DRUG, "-f", "json", *graph)
    assert report.code == 1, report.err  # two drugs in one therapeutic class: duplicate therapy
    drugs = {drug["iri"] for drug in json.loads(report.out)["drugs"]}
    assert drugs == {"https://example.org/hostile", "https://example.org/script"}

    page = tmp_path / "view.html"
    view = cli("viz", "--focus", SCRIPT_DRUG, "-o", str(page), "-q", *graph)
    assert view.code == 0, view.err
    html = page.read_text(encoding="utf-8")
    assert SCRIPT_DRUG not in html and "hostile-class" in html

    assert hostile_graph.read_bytes() == before


def test_hostile_labels_leave_the_store_unchanged(hostile_graph: Path) -> None:
    from kg.analysis.medication_check import check
    from kg.analysis.names import NameIndex
    from kg.loading import load_file
    from kg.views.info import describe

    store = ox.Store()
    load_file(store, hostile_graph)
    before = set(store)
    names = NameIndex(store)
    for text in (INJECTION_NAME, SCRIPT_DRUG, NEWLINE_CLASS):
        describe(store, names.resolve(text).iri)
    check(store, [INJECTION_NAME, SCRIPT_DRUG])
    assert set(store) == before == quads_of(hostile_graph)


# --- a real server: hostile values sent as parameters change nothing there ----------------------------


def quads_on(server) -> set[tuple[str, ...]]:
    from kg.remote.endpoint import Endpoint

    every_quad = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    rows = Endpoint(server.query_url, dataset="all").query(every_quad, timeout=10).rows  # the graphs pushed
    return {tuple(str(term) for term in row) for row in rows}


@pytest.mark.server
def test_hostile_values_change_nothing_on_a_server(cli, pushed, store) -> None:
    before = quads_on(pushed)
    assert len(before) == len(store)
    for value in SPARQL_INJECTIONS:
        for name, variable in (("is-antidepressant", "drug"), ("approved-uses", "drug"), ("class-members", "class")):
            result = cli("query", name, "-p", f"{variable}={value}", "--endpoint", pushed.query_url)
            assert_answer_or_one_line_error(result)
            if result.code == 0:
                assert result.out.splitlines()[-1] == "(no rows)", (value, result.out)
    assert quads_on(pushed) == before


# --- text from the data printed on a terminal: one line per line, no control sequences ---------------


def test_control_characters_in_data_are_printed_escaped(cli, tmp_path: Path) -> None:
    graph = tmp_path / "twins.ttl"
    graph.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<https://example.org/a> rdfs:label "first\\nerror: forged" ; skos:exactMatch <https://example.org/same> ;\n'
        '    rdfs:comment "red \\u001b[31m alert\\r\\nforged line" .\n'
        '<https://example.org/b> rdfs:label "second \\u001b[2J" ; skos:exactMatch <https://example.org/same> .\n',
        encoding="utf-8",
    )
    ambiguous = cli("info", "https://example.org/same", "--graph", str(graph))
    assert ambiguous.code == 2 and ambiguous.err.count("\n") == 1, ambiguous.err
    assert "first\\nerror: forged" in ambiguous.err and "\x1b" not in ambiguous.err
    close = cli("info", "secnd \x1b[2J", "--graph", str(graph))
    assert close.code == 2 and close.err.count("\n") == 1 and "\x1b" not in close.err, close.err
    table = cli("query", "SELECT ?c WHERE { ?s rdfs:comment ?c }", "--graph", str(graph))
    assert table.code == 0
    assert table.out.splitlines()[2] == "red \\x1b[31m alert\\r\\nforged line"
    assert "\x1b" not in table.out and "\r" not in table.out
    info = cli("info", "https://example.org/a", "--graph", str(graph))
    assert info.code == 0 and "\x1b" not in info.out and "\r" not in info.out
    assert info.out.splitlines()[0] == "first\\nerror: forged  (https://example.org/a)"
