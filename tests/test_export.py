"""RDF exports: deterministic bytes, round trips, content and provenance choices, bad input.

Byte-level and round-trip comparisons (rdflib's isomorphism is slow) run on the curated graph
(``curated_store``); each format is also written from the built graph with the open datasets and
read back by Oxigraph."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import rdflib.compare
from cli_assertions import assert_one_line_error
from synthetic_graphs import synth_store

from kg.export import EXPORT_FORMATS, export, writer_for
from kg.export.selection import ExportData, export_data
from kg.namespaces import DK, DKV, GRAPH_RULES, GRAPH_SOURCES, INFERRED_GRAPH_PREFIX, PREFIXES

DATA = Path(__file__).parent / "data"
RDF_FORMATS = ("turtle", "ntriples", "jsonld", "trig", "nquads")
RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "trig": "trig", "nquads": "nquads"}
OX_FORMAT = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
CLONAZEPAM, ALCOHOL = rdflib.URIRef(str(DK.clonazepam)), rdflib.URIRef(str(DK.alcohol))
INTERACTS = rdflib.URIRef(str(DKV.interactsWith))
SIDE_EFFECTS_SECTION = "https://w3id.org/drugkg/source/clonazepam-depression-article/side-effects-and-safety"


def render(store: ox.Store, format_name: str, **options) -> bytes:
    """The bytes ``format_name`` writes for ``store`` (file formats only)."""
    buffer = io.BytesIO()
    writer_for(format_name).write(export_data(store, **options), buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def shuffled(store: ox.Store, seed: int) -> ox.Store:
    """A new store with the same quads, inserted in a shuffled order."""
    quads = list(store)
    random.Random(seed).shuffle(quads)
    copy = ox.Store()
    for quad in quads:
        copy.add(quad)
    return copy


def rdflib_quads(data: bytes, format_name: str) -> set[tuple]:
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=RDFLIB_FORMAT[format_name])
    return {(s, p, o, g) for s, p, o, g in dataset.quads((None, None, None, None))}


@pytest.fixture(scope="module")
def turtle_export(curated_store: ox.Store) -> bytes:
    return render(curated_store, "turtle")


def test_every_format_has_a_writer() -> None:
    from kg.commands.export import FORMAT_HELP

    assert set(FORMAT_HELP) == set(EXPORT_FORMATS) == {*RDF_FORMATS, "graphml", "kgx"}


# --- deterministic output ----------------------------------------------------------------------


@pytest.mark.parametrize("format_name", [*RDF_FORMATS, "graphml"])
def test_same_graph_same_bytes(curated_store: ox.Store, format_name: str) -> None:
    first = render(curated_store, format_name)
    assert render(curated_store, format_name) == first
    assert render(shuffled(curated_store, 1), format_name) == first
    assert render(shuffled(curated_store, 2), format_name) == first


def test_blank_nodes_get_stable_labels(tmp_path: Path) -> None:
    source = tmp_path / "blank.ttl"
    source.write_text(
        "@prefix ex: <https://example.org/> .\n"
        'ex:a ex:p [ ex:q "x" ; ex:r [ ex:q "y" ] ] , [ ex:q "z" ] .\n'
        '[] ex:q "loose" .\n',
        encoding="utf-8",
    )
    outputs = set()
    for _ in range(3):  # every load gives the blank nodes new random labels
        loaded = ox.Store()
        loaded.load(path=str(source), format=ox.RdfFormat.TURTLE)
        outputs.add(render(shuffled(loaded, len(outputs)), "turtle"))
    assert len(outputs) == 1
    text = outputs.pop().decode()
    assert set(re.findall(r"_:(\w+)", text)) == {"c14n0", "c14n1", "c14n2", "c14n3"}
    assert rdflib.compare.isomorphic(rdflib.Graph().parse(data=text, format="turtle"), rdflib.Graph().parse(source))


def test_turtle_declares_only_used_prefixes_from_the_prefix_map(turtle_export: bytes) -> None:
    text = turtle_export.decode()
    declared = re.findall(r"^@prefix ([\w.-]+): <([^>]+)> \.$", text, flags=re.MULTILINE)
    assert declared == sorted(declared)
    body = text[text.index("\n\n") :]
    for prefix, namespace in declared:
        assert PREFIXES[prefix] == namespace
        assert re.search(rf"(?<![\w.-]){re.escape(prefix)}:", body), f"{prefix} declared but unused"
    assert {"dk", "dkv", "rdfs", "skos", "CHEBI"} <= {prefix for prefix, _ in declared}
    assert "sh" not in dict(declared)  # SHACL is not part of the built graph


def test_turtle_subjects_and_objects_are_sorted(turtle_export: bytes) -> None:
    """Subjects, predicates and objects follow the byte order of their N-Triples lines (``LC_ALL=C sort``)."""
    text = turtle_export.decode()
    subjects = [line.split(" ", 1)[0] for line in text.splitlines() if line and not line[0].isspace()]
    subjects = [s for s in subjects if s != "@prefix"]
    expanded = [s if s.startswith("<") else f"<{PREFIXES[s.split(':')[0]]}{s.split(':', 1)[1]}>" for s in subjects]
    assert expanded == sorted(expanded, key=lambda s: s.encode())
    assert len(expanded) == len(set(expanded))
    # "dk:clonazepam-augmentation" sorts before "dk:clonazepam": "-" comes before ">" in "<...clonazepam>"
    assert expanded.index(f"<{DK['clonazepam-augmentation']}>") < expanded.index(f"<{DK.clonazepam}>")
    block = text[text.index("\ndk:clonazepam a ") :].split("\n\n")[0]
    # the classes the benzodiazepine labels warn about come in order (kg/data/warning-classes.trig)
    assert "    dkv:interactsWith dk:alcohol,\n        dk:alprazolam,\n        dk:antipsychotic,\n" in block
    assert "        dk:barbiturate,\n        dk:benzodiazepine,\n        dk:cns-depressant,\n" in block
    assert block.startswith("\ndk:clonazepam a dkv:ChemicalOrDrugClass,\n        dkv:Drug,\n")


def test_ntriples_lines_are_sorted_and_unique(curated_store: ox.Store) -> None:
    lines = render(curated_store, "ntriples").decode().splitlines()
    assert lines == sorted(set(lines))


# --- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("format_name", ["ntriples", "jsonld"])
def test_triple_formats_are_isomorphic_to_the_turtle_export(
    curated_store: ox.Store, turtle_export: bytes, format_name: str
) -> None:
    turtle = rdflib.Graph().parse(data=turtle_export, format="turtle")
    other = rdflib.Graph().parse(data=render(curated_store, format_name), format=RDFLIB_FORMAT[format_name])
    assert rdflib.compare.isomorphic(turtle, other)
    assert (CLONAZEPAM, INTERACTS, ALCOHOL) in other


@pytest.mark.parametrize("format_name", ["trig", "nquads"])
def test_dataset_formats_reload_every_quad(curated_store: ox.Store, format_name: str) -> None:
    data = render(curated_store, format_name)
    assert set(ox.parse(data, format=OX_FORMAT[format_name])) == set(curated_store)
    expected = rdflib_quads(curated_store.dump(format=ox.RdfFormat.N_QUADS), "nquads")
    reloaded = rdflib_quads(data, format_name)
    assert reloaded == expected
    section = rdflib.URIRef(SIDE_EFFECTS_SECTION)
    assert (CLONAZEPAM, INTERACTS, ALCOHOL, section) in reloaded


@pytest.mark.parametrize("format_name", RDF_FORMATS)
def test_built_graph_with_the_datasets_is_written_and_read_back(store: ox.Store, format_name: str) -> None:
    reloaded = set(ox.parse(render(store, format_name), format=OX_FORMAT[format_name]))
    if format_name in ("trig", "nquads"):
        assert reloaded == set(store)
    else:
        assert {ox.Triple(q.subject, q.predicate, q.object) for q in reloaded} == {
            ox.Triple(q.subject, q.predicate, q.object) for q in store
        }


def test_turtle_of_a_graph_file_matches_the_file(cli, tmp_path: Path) -> None:
    target = tmp_path / "tiny.ttl"
    result = cli("export", "--format", "turtle", "-o", str(target), "--graph", str(DATA / "tiny.trig"))
    assert (result.code, result.err) == (0, "")
    original = rdflib.Dataset()
    original.parse(DATA / "tiny.trig", format="trig")
    union = rdflib.Graph()
    for s, p, o, _ in original.quads((None, None, None, None)):
        union.add((s, p, o))
    assert rdflib.compare.isomorphic(rdflib.Graph().parse(target, format="turtle"), union)


# --- content and provenance --------------------------------------------------------------------


def _graph_names(data: ExportData) -> set[str]:
    return {q.graph_name.value for q in data.quads if isinstance(q.graph_name, ox.NamedNode)}


def test_asserted_content_leaves_out_inferred_graphs_and_rules(curated_store: ox.Store) -> None:
    everything, asserted = export_data(curated_store), export_data(curated_store, content="asserted")
    assert any(name.startswith(INFERRED_GRAPH_PREFIX) for name in _graph_names(everything))
    assert str(GRAPH_RULES) in _graph_names(everything)
    assert not any(name.startswith(INFERRED_GRAPH_PREFIX) for name in _graph_names(asserted))
    assert str(GRAPH_RULES) not in _graph_names(asserted)
    inferred_back_edge = ox.Triple(ox.NamedNode(str(ALCOHOL)), ox.NamedNode(str(INTERACTS)), ox.NamedNode(CLONAZEPAM))
    assert inferred_back_edge in everything.triples
    assert inferred_back_edge not in asserted.triples
    stated = ox.Triple(ox.NamedNode(CLONAZEPAM), ox.NamedNode(str(INTERACTS)), ox.NamedNode(str(ALCOHOL)))
    assert stated in asserted.triples


def test_without_provenance_sources_are_left_out_and_graphs_merged(curated_store: ox.Store) -> None:
    plain = export_data(curated_store, provenance=False)
    assert str(GRAPH_SOURCES) not in _graph_names(plain)
    section = ox.NamedNode(SIDE_EFFECTS_SECTION)
    assert not any(t.subject == section for t in plain.triples)
    assert any(t.subject == section for t in export_data(curated_store).triples)
    quads = set(ox.parse(render(curated_store, "nquads", provenance=False), format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name for q in quads} == {ox.DefaultGraph()}
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in quads} == set(plain.triples)


def test_cli_content_and_provenance_options(cli, tmp_path: Path) -> None:
    target = tmp_path / "asserted.trig"
    result = cli("export", "-f", "trig", "-o", str(target), "--content", "asserted", "--no-provenance")
    assert (result.code, result.out) == (0, f"{target}\n")
    quads = set(ox.parse(path=str(target), format=ox.RdfFormat.TRIG))
    assert {q.graph_name for q in quads} == {ox.DefaultGraph()}
    back = ox.Triple(ox.NamedNode(str(ALCOHOL)), ox.NamedNode(str(INTERACTS)), ox.NamedNode(CLONAZEPAM))
    assert ox.Quad(back.subject, back.predicate, back.object, ox.DefaultGraph()) not in quads


def test_help_documents_the_defaults(cli) -> None:
    out = " ".join(cli("export", "--help").out.split())
    assert "Defaults: every fact, asserted and inferred, with provenance." in out
    for name in EXPORT_FORMATS:
        assert name in out


# --- bad input ---------------------------------------------------------------------------------


def test_unknown_format_lists_every_format(cli, tmp_path: Path) -> None:
    result = cli("export", "--format", "rdfxml", "-o", str(tmp_path / "x.rdf"))
    assert_one_line_error(result)
    assert "choose one of: turtle, ntriples, jsonld, trig, nquads, graphml, kgx" in result.err
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_from_the_api() -> None:
    from kg.errors import InputError

    with pytest.raises(InputError, match="unknown format 'docx'; choose one of: turtle"):
        export(ox.Store(), "docx", Path("unused.docx"))


@pytest.mark.parametrize("format_name", ["turtle", "graphml", "kgx"])
def test_unwritable_path_is_a_clear_error(cli, tmp_path: Path, format_name: str) -> None:
    result = cli("export", "-f", format_name, "-o", str(tmp_path / "missing" / "out"))
    assert_one_line_error(result)
    assert f"cannot write {tmp_path / 'missing' / 'out'}: folder" in result.err
    assert "does not exist" in result.err
    assert list(tmp_path.iterdir()) == []


def test_file_format_onto_a_folder_is_an_error(cli, tmp_path: Path) -> None:
    result = cli("export", "-f", "turtle", "-o", str(tmp_path))
    assert_one_line_error(result)
    assert "it is a folder" in result.err


def test_graph_file_that_does_not_parse_names_file_and_line(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e\n", encoding="utf-8")
    result = cli("export", "-f", "turtle", "-o", str(tmp_path / "out.ttl"), "--graph", str(bad))
    assert_one_line_error(result)
    assert str(bad) in result.err and "line" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl"]


def test_malformed_test_file_reports_line_5(cli, tmp_path: Path) -> None:
    result = cli("export", "-f", "nquads", "-o", str(tmp_path / "x.nq"), "--graph", str(DATA / "malformed.trig"))
    assert_one_line_error(result)
    assert "malformed.trig" in result.err and "line 5" in result.err


# --- the engine's lines (large graphs without blank nodes) ---------------------------------------


@pytest.fixture(scope="module")
def synthetic_store() -> ox.Store:
    return synth_store(5_000, seed=3)


def _lines(chunks: list[tuple[bytes, bytes]]) -> dict[bytes, list[bytes]]:
    return {name: sorted(text.splitlines()) for name, text in chunks if text}


def test_engine_lines_equal_the_canonical_lines_without_blank_nodes(synthetic_store: ox.Store) -> None:
    data = export_data(synthetic_store)
    engine = _lines(data.engine_chunks())
    assert engine == _lines(data.canonical_chunks())
    assert len(engine) == len(list(synthetic_store.named_graphs()))
    assert sum(map(len, engine.values())) == len(synthetic_store)


@pytest.mark.parametrize("format_name", RDF_FORMATS)
def test_large_graph_same_bytes_whatever_the_load_order(synthetic_store: ox.Store, format_name: str) -> None:
    first = render(synthetic_store, format_name)
    assert render(shuffled(synthetic_store, 3), format_name) == first
    reloaded = set(ox.parse(first, format=OX_FORMAT[format_name]))
    if format_name in ("trig", "nquads"):
        assert reloaded == set(synthetic_store)
    else:
        assert {ox.Triple(q.subject, q.predicate, q.object) for q in reloaded} == {
            ox.Triple(q.subject, q.predicate, q.object) for q in synthetic_store
        }


def test_a_literal_holding_an_underscore_colon_is_written_intact(tmp_path: Path) -> None:
    loaded = ox.Store()
    loaded.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p"), ox.Literal("_:x")))
    text = render(loaded, "turtle").decode()
    assert text == '\n<https://example.org/a> <https://example.org/p> "_:x" .\n'


def test_ntriples_lines_are_byte_sorted_and_unique_on_a_large_graph(synthetic_store: ox.Store) -> None:
    lines = render(shuffled(synthetic_store, 5), "ntriples").split(b"\n")
    assert lines.pop() == b""
    assert lines == sorted(set(lines))
