"""``drugkg docs``: an offline HTML page of the ontology, with every term and all text escaped."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from kg.paths import ONTOLOGY_FILE

HOSTILE_ONTOLOGY = """\
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/hostile/> .

ex: a owl:Ontology ; rdfs:label "Hostile <b>ontology</b>" .
ex:A a owl:Class ; rdfs:label "<script>alert('A')</script>" ;
    skos:definition "Tom & Jerry say \\"hi\\" <img src=x onerror=alert(1)>" ;
    skos:exactMatch <javascript:alert(2)> .
ex:B a owl:Class ; rdfs:label "B" ; rdfs:subClassOf ex:A .
ex:p a owl:ObjectProperty ; rdfs:label "p\\" onclick=\\"alert(3)" ; rdfs:domain ex:A ; rdfs:range ex:B .
"""


class _Collector(HTMLParser):
    """Tags, ids and links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            self.attributes.add(name)
            if name == "id" and value:
                self.ids.add(value)
            if name == "href" and value:
                self.hrefs.append(value)


def parse_page(text: str) -> _Collector:
    collector = _Collector()
    collector.feed(text)
    return collector


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    from kg.cli import main

    target = tmp_path_factory.mktemp("docs") / "site"
    assert main(["docs", "-o", str(target)]) == 0
    assert [p.name for p in target.iterdir()] == ["index.html"]
    return (target / "index.html").read_text(encoding="utf-8")


def _labels(kinds: tuple[rdflib.URIRef, ...]) -> set[str]:
    graph = rdflib.Graph().parse(ONTOLOGY_FILE)
    return {str(graph.value(s, RDFS.label)) for kind in kinds for s in graph.subjects(RDF.type, kind)}


def test_page_names_every_class_and_property(page: str) -> None:
    classes = _labels((OWL.Class,))
    properties = _labels((OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty))
    assert {"drug", "drug class", "clinical finding", "procedure"} <= classes
    for label in classes | properties:
        assert f"<h3>{html.escape(label)} <span" in page, label


def test_page_shows_definitions_hierarchy_domain_range_and_alignments(page: str) -> None:
    section = page[page.index('<section class="term" id="dkv-interactsWith">') :].split("</section>")[0]
    assert '<dt>domain</dt><dd><a href="#dkv-ChemicalOrDrugClass">substance or drug class</a></dd>' in section
    assert (
        '<dt>exact match</dt><dd><a href="https://w3id.org/biolink/vocab/pharmacologically_interacts_with">'
        "<code>biolink:pharmacologically_interacts_with</code></a></dd>"
    ) in section
    assert "owl:SymmetricProperty" in section
    drug = page[page.index('<section class="term" id="dkv-Drug">') :].split("</section>")[0]
    assert '<dt>subclass of</dt><dd><a href="#dkv-Intervention">intervention</a>' in drug
    assert "A substance used as a medication to treat, relieve or prevent a health problem." in drug
    tree = page[page.index('id="class-hierarchy"') : page.index('id="property-hierarchy"')]
    assert re.search(r'href="#dkv-ClinicalFinding">clinical finding</a><ul>.*href="#dkv-Symptom">', tree)


def test_page_loads_nothing_and_links_resolve(page: str) -> None:
    parsed = parse_page(page)
    assert not parsed.tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert "src" not in parsed.attributes
    assert "@import" not in page and "url(" not in page
    for href in parsed.hrefs:
        assert href.startswith(("#", "http://", "https://")), href
        if href.startswith("#"):
            assert href[1:] in parsed.ids, href


def test_page_escapes_text(tmp_path: Path, cli) -> None:
    source = tmp_path / "hostile.ttl"
    source.write_text(HOSTILE_ONTOLOGY, encoding="utf-8")
    result = cli("docs", "-o", str(tmp_path / "out"), "--ontology", str(source))
    assert (result.code, result.err) == (0, "")
    text = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    parsed = parse_page(text)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "b" not in parsed.tags
    assert "onclick" not in parsed.attributes and "onerror" not in parsed.attributes
    assert "&lt;script&gt;alert(&#x27;A&#x27;)&lt;/script&gt;" in text
    assert "Tom &amp; Jerry say &quot;hi&quot; &lt;img src=x onerror=alert(1)&gt;" in text
    assert "<title>Hostile &lt;b&gt;ontology&lt;/b&gt;</title>" in text
    assert not any(href.startswith("javascript") for href in parsed.hrefs)
    assert "<code>javascript:alert(2)</code>" in text


def test_docs_refuses_a_folder_with_other_files(tmp_path: Path, cli) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = cli("docs", "-o", str(tmp_path))
    assert result.code == 2 and result.err.count("\n") == 1
    assert "holds other files (keep.txt)" in result.err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_docs_bad_ontology_names_file_and_line(tmp_path: Path, cli) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b\n", encoding="utf-8")
    result = cli("docs", "-o", str(tmp_path / "out"), "--ontology", str(bad))
    assert result.code == 2 and result.err.count("\n") == 1
    assert str(bad) in result.err and "line" in result.err
    assert not (tmp_path / "out").exists()
