"""The vocabulary: every term labelled, defined, typed; properties have domain and range;
the file is in canonical form; the closed namespace in code matches it term for term."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.namespaces import DKV, GRAPH_ONTOLOGY, PREFIXES
from kg.paths import ONTOLOGY_FILE, SHAPES_FILE

ONTOLOGY = rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
TERMS = sorted({s for t in TERM_TYPES for s in ONTOLOGY.subjects(RDF.type, t) if str(s).startswith(str(DKV))})
PROPERTIES = sorted({s for t in TERM_TYPES[1:] for s in ONTOLOGY.subjects(RDF.type, t) if str(s).startswith(str(DKV))})


def _id(term: rdflib.URIRef) -> str:
    return str(term).removeprefix(str(DKV))


def test_ontology_header_has_a_version() -> None:
    header = rdflib.URIRef(str(GRAPH_ONTOLOGY))
    assert (header, RDF.type, OWL.Ontology) in ONTOLOGY
    assert ONTOLOGY.value(header, OWL.versionInfo) is not None
    assert str(ONTOLOGY.value(header, OWL.versionIRI)).startswith("https://w3id.org/drugkg/releases/")


@pytest.mark.parametrize("term", TERMS, ids=_id)
def test_term_has_one_label_and_one_definition(term: rdflib.URIRef) -> None:
    assert len(list(ONTOLOGY.objects(term, RDFS.label))) == 1
    assert len(list(ONTOLOGY.objects(term, SKOS.definition))) == 1


@pytest.mark.parametrize("prop", PROPERTIES, ids=_id)
def test_property_has_domain_and_range(prop: rdflib.URIRef) -> None:
    assert ONTOLOGY.value(prop, RDFS.domain) is not None
    assert ONTOLOGY.value(prop, RDFS.range) is not None


def test_closed_namespace_matches_the_ontology() -> None:
    in_code = {str(DKV[name]) for name in DKV.__annotations__}
    assert in_code == {str(t) for t in TERMS}


def test_closed_namespace_rejects_typos() -> None:
    with pytest.raises(AttributeError):
        _ = DKV.treat  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("term", "predicate", "target"),
    [
        (DKV.treats, SKOS.exactMatch, "http://purl.obolibrary.org/obo/RO_0002606"),
        (DKV.treats, SKOS.closeMatch, "https://w3id.org/biolink/vocab/treats"),
        (DKV.memberOf, SKOS.exactMatch, "http://purl.obolibrary.org/obo/RO_0002350"),
        (DKV.interactsWith, SKOS.exactMatch, "https://w3id.org/biolink/vocab/pharmacologically_interacts_with"),
        (DKV.hasSideEffect, SKOS.closeMatch, "https://w3id.org/biolink/vocab/has_side_effect"),
        (DKV.Drug, SKOS.exactMatch, "https://w3id.org/biolink/vocab/Drug"),
    ],
)
def test_alignments(term: rdflib.URIRef, predicate: rdflib.URIRef, target: str) -> None:
    assert (term, predicate, rdflib.URIRef(target)) in ONTOLOGY


def test_symmetric_and_transitive_properties_are_declared() -> None:
    assert (DKV.interactsWith, RDF.type, OWL.SymmetricProperty) in ONTOLOGY
    assert (DKV.kindOf, RDF.type, OWL.TransitiveProperty) in ONTOLOGY


def test_ontology_file_is_in_canonical_form() -> None:
    """The file is exactly what rdflib writes for it: edit, then re-serialise (see README)."""
    text = ONTOLOGY_FILE.read_text(encoding="utf-8")
    assert rdflib.Graph().parse(data=text, format="turtle").serialize(format="turtle") == text


def test_prefix_map_has_no_duplicate_namespaces() -> None:
    assert len(set(PREFIXES.values())) == len(PREFIXES)


def test_every_vocabulary_class_used_by_data_has_a_shape() -> None:
    shapes = rdflib.Graph().parse(SHAPES_FILE, format="turtle")
    shaped = set(shapes.objects(None, rdflib.URIRef("http://www.w3.org/ns/shacl#targetClass")))
    classes = {t for t in TERMS if (t, RDF.type, OWL.Class) in ONTOLOGY and t != DKV.InheritedByMembers}
    assert classes - shaped == set()
