"""The vocabulary: every term labelled, defined, typed; properties have domain and range;
the file is in canonical form; the closed namespace in code matches it term for term; the
vocabulary and the built graph keep to OWL 2 DL (one declared kind per term, no reserved
vocabulary as a class). tests/test_owl_reasoner.py loads both into an OWL reasoner."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

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
def test_alignments(term: str, predicate: rdflib.URIRef, target: str) -> None:
    assert (rdflib.URIRef(term), predicate, rdflib.URIRef(target)) in ONTOLOGY


def test_symmetric_and_transitive_properties_are_declared() -> None:
    assert (rdflib.URIRef(DKV.interactsWith), RDF.type, OWL.SymmetricProperty) in ONTOLOGY
    assert (rdflib.URIRef(DKV.kindOf), RDF.type, OWL.TransitiveProperty) in ONTOLOGY


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


# --- OWL 2 DL: what the OWL API's profile check asks of the vocabulary and of the built graph ---

RESERVED = tuple(PREFIXES[p] for p in ("rdf", "rdfs", "owl", "xsd"))
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
PROPERTY_KINDS = KINDS[1:]
#: OWL 2's built-in annotation properties, used without a declaration.
BUILT_IN_ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo, OWL.deprecated}
#: Reserved terms the vocabulary and the graph may use as predicates: axioms, headers, negative statements.
STRUCTURAL = {
    RDF.type,
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    RDFS.domain,
    RDFS.range,
    OWL.disjointWith,
    OWL.versionIRI,
    OWL.sourceIndividual,
    OWL.assertionProperty,
    OWL.targetIndividual,
}
DECLARED = {
    s: {k for k in KINDS if (s, RDF.type, k) in ONTOLOGY}
    for s in ONTOLOGY.subjects(RDF.type, None)
    if any((s, RDF.type, k) in ONTOLOGY for k in KINDS)
}


def _kind(term: rdflib.term.Node) -> rdflib.URIRef | None:
    (kind,) = DECLARED.get(term, {None})
    return kind


def test_every_declared_term_has_exactly_one_kind() -> None:
    """No IRI is both a class and a property, or two kinds of property (OWL 2 DL forbids both)."""
    assert {s: kinds for s, kinds in DECLARED.items() if len(kinds) != 1} == {}


def test_no_reserved_vocabulary_is_used_as_a_class() -> None:
    """dkv:InheritedByMembers is a class of relations, not a subclass of owl:ObjectProperty."""
    used_as_class = {
        term
        for axiom in (RDFS.subClassOf, OWL.disjointWith)
        for pair in ONTOLOGY.subject_objects(axiom)
        for term in pair
    }
    used_as_class |= {o for p in PROPERTIES if _kind(p) == OWL.ObjectProperty for o in ONTOLOGY.objects(p, RDFS.range)}
    used_as_class |= {
        o for p in PROPERTIES if _kind(p) != OWL.AnnotationProperty for o in ONTOLOGY.objects(p, RDFS.domain)
    }
    assert {c for c in used_as_class if str(c).startswith(RESERVED)} == set()
    assert all(_kind(c) == OWL.Class for c in used_as_class), sorted(c for c in used_as_class if _kind(c) != OWL.Class)


def test_sub_properties_are_of_their_parents_kind() -> None:
    for narrower, broader in ONTOLOGY.subject_objects(RDFS.subPropertyOf):
        assert _kind(narrower) == _kind(broader) and _kind(narrower) in PROPERTY_KINDS, (narrower, broader)


def test_properties_marked_inherited_by_members_are_object_properties() -> None:
    """The rules' marker is a class assertion on the property's IRI (punning, allowed in OWL 2 DL)."""
    marked = set(ONTOLOGY.subjects(RDF.type, rdflib.URIRef(DKV.InheritedByMembers)))
    assert marked and all(_kind(p) == OWL.ObjectProperty for p in marked)
    assert (rdflib.URIRef(DKV.InheritedByMembers), RDF.type, OWL.Class) in ONTOLOGY


def test_data_ranges_are_owl_datatypes() -> None:
    owl_datatypes = {XSD.string, XSD.boolean, XSD.integer, XSD.decimal, XSD.double, RDFS.Literal}
    for p in PROPERTIES:
        if _kind(p) == OWL.DatatypeProperty:
            assert ONTOLOGY.value(p, RDFS.range) in owl_datatypes, p


def test_the_built_graph_uses_each_term_as_declared(store) -> None:
    """Every predicate of the built graph is declared with one kind and used as that kind (object
    properties point at entities, datatype properties at literals); every class is declared."""
    misused = set()
    for quad in store:
        p = rdflib.URIRef(quad.predicate.value)
        if p in STRUCTURAL or p in BUILT_IN_ANNOTATIONS:
            a_class = rdflib.URIRef(quad.object.value) if p == RDF.type else None
            if a_class is not None and not str(a_class).startswith(RESERVED) and _kind(a_class) != OWL.Class:
                misused.add(("undeclared class", str(a_class)))
            continue
        kind = _kind(p)
        literal = isinstance(quad.object, ox.Literal)
        if kind is None or (kind == OWL.ObjectProperty and literal) or (kind == OWL.DatatypeProperty and not literal):
            misused.add((str(kind), str(p)))
    assert misused == set()


def test_annotation_properties_have_their_domain_checked_by_a_shape() -> None:
    """Reasoners do not use an annotation property's domain and range: the SHACL shapes check them."""
    shapes = rdflib.Graph().parse(SHAPES_FILE, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    for p in PROPERTIES:
        if _kind(p) == OWL.AnnotationProperty:
            (shape,) = shapes.subjects(sh.targetSubjectsOf, p)
            assert shapes.value(shape, sh["class"]) == ONTOLOGY.value(p, RDFS.domain)


def test_kinds_of_thing_are_disjoint() -> None:
    """Health problems, substances or drug classes, mechanisms, interactions, adjunct uses and activities
    are six kinds of thing, none of them another; an intervention is no health problem, mechanism or
    interaction (it overlaps substances: a drug is both; an adjunct use or an activity may be one)."""
    kinds = ["DiseaseOrFinding", "ChemicalOrDrugClass", "Mechanism", "DrugInteraction", "AdjunctUse", "Activity"]
    expected = {frozenset((a, b)) for i, a in enumerate(kinds) for b in kinds[i + 1 :]}
    expected |= {frozenset((k, "Intervention")) for k in ("DiseaseOrFinding", "Mechanism", "DrugInteraction")}
    stated = [frozenset((_id(a), _id(b))) for a, b in ONTOLOGY.subject_objects(OWL.disjointWith)]
    assert len(stated) == len(set(stated)) and set(stated) == expected
