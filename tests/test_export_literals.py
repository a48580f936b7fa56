"""Property-based round trips: awkward literals survive every RDF export format unchanged."""

from __future__ import annotations

import datetime
import io

import pyoxigraph as ox
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.export import writer_for
from kg.export.selection import ExportData

XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "https://example.org/roundtrip/"
FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, "turtle"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, "nt"),
    "jsonld": (ox.RdfFormat.JSON_LD, "json-ld"),
    "trig": (ox.RdfFormat.TRIG, "trig"),
    "nquads": (ox.RdfFormat.N_QUADS, "nquads"),
}
DATASET_FORMATS = {"trig", "nquads"}

#: Text that trips up writers: quotes, backslashes, line breaks, tabs, control characters,
#: escapes that look like escapes, non-Latin scripts, emoji, combining marks, empty strings.
AWKWARD = [
    "",
    '"',
    '""""',
    "'''",
    "\\",
    '\\"',
    "\\u0041",
    "\n",
    "\r\n",
    "\t",
    "\x00\x01\x1f\x7f",
    " leading and trailing ",
    "Ωμέγα",
    "клоназепам",
    "日本語のテキスト",
    "مرحبا",
    "😀🧪💊",
    "e\u0301",
    "a > b < c & d",
    "@prefix x: <y> .",
    "} GRAPH {",
]
text = st.one_of(
    st.sampled_from(AWKWARD),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.lists(st.sampled_from(AWKWARD), max_size=5).map("".join),
)
language = st.sampled_from(["en", "en-gb", "de-ch-1996", "zh-hant", "ja", "und"])
literal = st.one_of(
    text.map(ox.Literal),
    st.builds(lambda value, lang: ox.Literal(value, language=lang), text, language),
    st.integers(min_value=-(10**20), max_value=10**20).map(
        lambda n: ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))
    ),
    st.dates(min_value=datetime.date(1, 1, 1)).map(
        lambda d: ox.Literal(d.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    ),
    st.booleans().map(lambda b: ox.Literal(str(b).lower(), datatype=ox.NamedNode(XSD + "boolean"))),
    text.map(lambda value: ox.Literal(value, datatype=ox.NamedNode(EX + "datatype"))),
)
graph = st.sampled_from([ox.DefaultGraph(), ox.NamedNode(EX + "graph/a"), ox.NamedNode(EX + "graph/b")])
quads = st.lists(st.tuples(literal, graph), min_size=1, max_size=8).map(
    lambda items: [
        ox.Quad(ox.NamedNode(f"{EX}s{i % 3}"), ox.NamedNode(f"{EX}p{i % 2}"), value, g)
        for i, (value, g) in enumerate(items)
    ]
)


def _rdflib_quads(data: bytes, rdflib_format: str) -> set[tuple]:
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=rdflib_format)
    return {(s, p, o, g) for s, p, o, g in dataset.quads((None, None, None, None))}


def _triples(items) -> set[tuple]:
    return {(q[0], q[1], q[2]) for q in items}


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quads)
def test_literals_survive_every_rdf_format(items: list[ox.Quad]) -> None:
    data = ExportData.from_quads(items)
    reference = _rdflib_quads(ox.serialize(data.quads, format=ox.RdfFormat.N_QUADS), "nquads")
    for name, (ox_format, rdflib_format) in FORMATS.items():
        buffer = io.BytesIO()
        writer_for(name).write(data, buffer)  # type: ignore[attr-defined]
        exported = buffer.getvalue()
        reloaded = list(ox.parse(exported, format=ox_format))
        by_rdflib = _rdflib_quads(exported, rdflib_format)
        if name in DATASET_FORMATS:
            assert set(reloaded) == set(data.quads), name
            assert by_rdflib == reference, name
        else:
            assert {(t.subject, t.predicate, t.object) for t in reloaded} == {
                (t.subject, t.predicate, t.object) for t in data.triples
            }, name
            assert _triples(by_rdflib) == _triples(reference), name
