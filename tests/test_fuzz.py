"""Property-based tests (hypothesis): the name resolver, the --param parser, RDF round trips through
export and load, and a short fuzz of the loaders' error paths. Each gives a result or a one-line
InputError, never another exception. Example counts are modest so the file runs in seconds."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.errors import InputError

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Any text Python can hand over (surrogates cannot come from a command line or a UTF-8 file).
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
SPARQLISH = st.sampled_from(['"', "'", "<", ">", "{", "}", ";", "DROP ALL", "\n", " ", "\\", "^^", "@", ":", "?", "#"])
HOSTILE_TEXT = st.lists(st.one_of(TEXT, SPARQLISH), max_size=8).map("".join)


def one_line(error: InputError) -> None:
    message = str(error)
    assert message and "\n" not in message.strip("\n"), message


# --- the name resolver -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def names(store):
    from kg.analysis.names import NameIndex

    return NameIndex(store)


@pytest.fixture(scope="module")
def known_names(store) -> list[str]:
    rows = store.query(
        "SELECT DISTINCT ?name WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?name }",
        use_default_graph_as_union=True,
    )
    return sorted(row["name"].value for row in rows)


def check_resolution(names, text: str) -> None:
    from kg.analysis.names import Resolved

    try:
        resolved = names.resolve(text)
    except InputError as error:
        if "\n" not in text:
            one_line(error)
        return
    assert isinstance(resolved, Resolved)
    assert resolved.iri in names.candidates(text)


@FAST
@given(text=st.one_of(HOSTILE_TEXT, TEXT.map(lambda t: "dk:" + t), TEXT.map(lambda t: f"<https://{t}>")))
def test_resolver_gives_an_entity_or_an_input_error(names, text: str) -> None:
    check_resolution(names, text)


@FAST
@given(data=st.data())
def test_resolver_finds_known_names_however_they_are_written(names, known_names, data) -> None:
    name = data.draw(st.sampled_from(known_names))
    spaced = data.draw(st.sampled_from([name, name.upper(), f"  {name}  ", name.replace(" ", "   "), name.casefold()]))
    try:
        resolved = names.resolve(spaced)
    except InputError as error:
        assert "ambiguous" in str(error)  # two entities share the name
        return
    assert resolved.iri in names.candidates(name)
    noisy = data.draw(st.tuples(TEXT, TEXT).map(lambda pair: pair[0] + name + pair[1]))
    check_resolution(names, noisy)


# --- the --param parser ----------------------------------------------------------------------------------


@FAST
@given(text=st.one_of(HOSTILE_TEXT, TEXT.map(lambda t: f'"{t}"'), TEXT.map(lambda t: f"<{t}>")))
def test_parse_term_gives_a_term_or_an_input_error(text: str) -> None:
    from kg.query.text import parse_term

    try:
        term = parse_term(text, lambda name: None)
    except InputError as error:
        if "\n" not in text:
            one_line(error)
        return
    assert isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode)


@FAST
@given(value=TEXT, language=st.sampled_from([None, "en", "de-CH"]))
def test_a_literal_written_in_ntriples_syntax_reads_back_as_itself(value: str, language: str | None) -> None:
    from kg.query.text import parse_term

    literal = ox.Literal(value, language=language) if language else ox.Literal(value)
    assert parse_term(str(literal)) == literal


@FAST
@given(path=st.from_regex(r"[A-Za-z0-9._~/-]{0,30}", fullmatch=True))
def test_an_iri_in_brackets_reads_back_as_itself(path: str) -> None:
    from kg.query.text import parse_term

    iri = "https://example.org/" + path
    assert parse_term(f"<{iri}>") == ox.NamedNode(iri)


@FAST
@given(items=st.lists(HOSTILE_TEXT, max_size=5))
def test_parse_params_gives_a_mapping_or_an_input_error(items: list[str]) -> None:
    from kg.query.text import parse_params

    try:
        params = parse_params(items)
    except InputError as error:
        if not any("\n" in item for item in items):
            one_line(error)
        return
    assert len(params) == len(items)
    for name, value in params.items():
        assert any(item.partition("=")[2] == value and name in item.partition("=")[0] for item in items)


@FAST
@given(name=st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,10}", fullmatch=True), value=HOSTILE_TEXT)
def test_parse_params_keeps_the_value_verbatim(name: str, value: str) -> None:
    from kg.query.text import parse_params

    assert parse_params([f"{name}={value}"]) == {name: value}
    assert parse_params([f"?{name}={value}"]) == {name: value}


# --- RDF round trips through export and load -------------------------------------------------------------

IRI = st.from_regex(r"https://example\.org/[a-z0-9]{1,6}", fullmatch=True).map(ox.NamedNode)
LITERAL = st.one_of(
    TEXT.map(ox.Literal),
    st.tuples(TEXT, st.sampled_from(["en", "fr", "en-GB"])).map(lambda p: ox.Literal(p[0], language=p[1])),
    st.integers(-(10**12), 10**12).map(
        lambda n: ox.Literal(str(n), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    ),
)
GRAPH = st.one_of(
    st.just(ox.DefaultGraph()), st.from_regex(r"https://example\.org/g/[a-z]{1,3}", fullmatch=True).map(ox.NamedNode)
)
QUADS = st.lists(st.builds(ox.Quad, IRI, IRI, st.one_of(IRI, LITERAL), GRAPH), min_size=1, max_size=25)


@SLOW
@given(quads=QUADS, fmt=st.sampled_from(["turtle", "ntriples", "jsonld", "trig", "nquads"]))
def test_export_then_load_gives_the_same_graph(quads: list[ox.Quad], fmt: str) -> None:
    from kg.export import export
    from kg.loading import load_file

    store = ox.Store()
    store.extend(quads)
    suffix = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "trig": ".trig", "nquads": ".nq"}[fmt]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"graph{suffix}"
        export(store, fmt, path)
        loaded = ox.Store()
        load_file(loaded, path)
    if fmt in ("trig", "nquads"):
        assert set(loaded) == set(store)
    else:
        assert {(q.subject, q.predicate, q.object) for q in loaded} == {
            (q.subject, q.predicate, q.object) for q in store
        }


# --- the loaders' error paths ----------------------------------------------------------------------------

VALID = {
    ".ttl": (
        "@prefix ex: <https://example.org/> .\n"
        'ex:a ex:label "a \\"quoted\\" name"@en ; ex:next ex:b , ex:c .\n'
        "ex:b ex:count 3 ; ex:list ( 1 2 ) ; ex:blank [ ex:x ex:y ] .\n"
    ),
    ".jsonld": (
        '{"@context": {"ex": "https://example.org/"},\n'
        ' "@graph": [{"@id": "ex:a", "ex:label": {"@value": "a name", "@language": "en"},\n'
        '             "ex:next": [{"@id": "ex:b"}, {"@id": "ex:c"}]},\n'
        '            {"@id": "ex:b", "ex:count": 3}]}\n'
    ),
    ".nt": (
        '<https://example.org/a> <https://example.org/b> "c\\n" .\n'
        "<https://example.org/a> <https://example.org/b> _:x .\n"
    ),
    ".trig": (Path(__file__).parent / "data" / "tiny.trig").read_text(encoding="utf-8"),
}


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    """A valid file with a few random edits: cut, insert, duplicate or overwrite a slice."""
    suffix = draw(st.sampled_from(sorted(VALID)))
    data = bytearray(VALID[suffix].encode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 20)))
        edit = draw(st.sampled_from(["cut", "insert", "duplicate", "overwrite"]))
        noise = draw(st.one_of(st.binary(max_size=8), SPARQLISH.map(str.encode)))
        if edit == "cut":
            del data[start:end]
        elif edit == "insert":
            data[start:start] = noise
        elif edit == "duplicate":
            data[start:start] = data[start:end]
        else:
            data[start : start + len(noise)] = noise
    return suffix, bytes(data)


def parsed_quads(suffix: str, content: bytes) -> list[ox.Quad] | None:
    """The quads the engine's own parser reads from ``content``, or None if it refuses the bytes."""
    from kg.loading import FORMATS_BY_SUFFIX

    try:
        return list(ox.parse(content, format=FORMATS_BY_SUFFIX[suffix]))
    except (SyntaxError, ValueError):  # ValueError: bytes that are not UTF-8
        return None


def blank_nodes_renamed(quads) -> Counter:
    """Quads with every blank node written ``_:b`` (parsers name them freshly), counted; each
    distinct blank node counted once more, so a graph with merged blank nodes differs."""
    blank = ox.BlankNode("b")

    def term(value):
        if isinstance(value, ox.BlankNode):
            return blank
        if isinstance(value, ox.Triple):
            return ox.Triple(term(value.subject), term(value.predicate), term(value.object))
        return value

    quads = set(quads)
    blanks = {t for q in quads for t in (q.subject, q.object, q.graph_name) if isinstance(t, ox.BlankNode)}
    counted = Counter(ox.Quad(term(q.subject), q.predicate, term(q.object), term(q.graph_name)) for q in quads)
    counted[blank] = len(blanks)
    return counted


def load_or_input_error(suffix: str, content: bytes) -> None:
    """``load_file`` loads exactly the quads the parser reads from the file, or fails with a one-line
    InputError naming the file and adds nothing; it fails only where the parser does (or the file is empty)."""
    from kg.loading import load_file

    expected = parsed_quads(suffix, content)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(content)
        store = ox.Store()
        try:
            load_file(store, path)
        except InputError as error:
            assert str(path) in str(error)
            assert len(store) == 0  # a failed load adds nothing
            assert expected is None or not content, f"the parser reads {len(expected)} quads, load_file refused"
            return
    assert expected is not None, "load_file accepted what the parser refuses"
    assert blank_nodes_renamed(store) == blank_nodes_renamed(expected)


@SLOW
@given(case=mutated())
def test_mutated_files_load_or_fail_with_an_input_error(case: tuple[str, bytes]) -> None:
    load_or_input_error(*case)


@SLOW
@given(suffix=st.sampled_from([".ttl", ".jsonld", ".nt", ".trig", ".nq", ".rdf"]), content=st.binary(max_size=300))
def test_random_bytes_load_or_fail_with_an_input_error(suffix: str, content: bytes) -> None:
    assume(content)
    load_or_input_error(suffix, content)


@FAST
@given(text=st.from_regex(r"[+-]?0{0,3}[0-9]{1,6}", fullmatch=True))
def test_numbers_are_bound_in_canonical_form(text: str) -> None:
    """ "007" binds as 7, as it would in a VALUES block sent to an endpoint (it once bound as "007")."""
    from kg.query.text import parse_term, values_clause

    term = parse_term(text)
    assert term == ox.Literal(str(int(text)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    remote = list(ox.Store().query("SELECT ?v WHERE { }\n" + values_clause({"v": term})))
    assert remote[0]["v"] == term
