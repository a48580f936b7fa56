"""What user data (``build --data DIR``, ``drugkg accept``) may hold: facts, never the graph's own
structure.

A user data file may add facts in its own section graphs and describe its sources in ``dkg:sources``.
It may not change the vocabulary (a triple about a ``dkv:``, ``owl:``, ``rdf:`` or ``rdfs:`` term, a
class or property axiom, a property characteristic), write into drugkg's own graphs (the vocabulary,
the rules, inferred graphs, the push manifest) or into a dataset's graphs (which would make its
facts look like the dataset's), or put anything but source descriptions into ``dkg:sources``.
Each refusal is one line naming the file and the offending graph or triple.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.graph_facts import OWL_NEGATIVE_PROPERTY_ASSERTION, RDF_TYPE, RDFS_LABEL, SKOS_DEFINITION
from kg.namespaces import DKS, DKV, GRAPH_ONTOLOGY, GRAPH_RULES, GRAPH_SOURCES, INFERRED_GRAPH_PREFIX, PUSH
from kg.terminal import printable

__all__ = ["check_user_file", "structure_problem"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_DCTERMS = "http://purl.org/dc/terms/"
#: Terms whose meaning the vocabulary and the standards fix: no user triple may be about them.
VOCABULARY_NAMESPACES = (str(DKV._NS), _RDF, _RDFS, _OWL)
#: Predicates that state axioms (class and property hierarchies and characteristics).
_AXIOMS = {_RDFS + name for name in ("subClassOf", "subPropertyOf", "domain", "range")} | {
    _OWL + name
    for name in (
        "equivalentClass",
        "equivalentProperty",
        "inverseOf",
        "propertyChainAxiom",
        "sameAs",
        "disjointWith",
        "unionOf",
        "intersectionOf",
        "hasKey",
    )
}
#: Types a source description in ``dkg:sources`` may give.
_SOURCE_TYPES = {str(DKV.SourceDocument), str(DKV.SourceSection)}
_DESCRIPTIONS = {RDFS_LABEL.value, SKOS_DEFINITION.value, _RDFS + "comment", _RDFS + "seeAlso"}


def _reserved_graph(iri: str) -> str | None:
    """What kind of drugkg graph ``iri`` names, or None when user facts may go there."""
    from kg.sources import IMPORTERS

    if iri in (str(GRAPH_ONTOLOGY), str(GRAPH_RULES)):
        return "a graph of drugkg's own (vocabulary or rules)"
    if iri.startswith(INFERRED_GRAPH_PREFIX):
        return "a graph of inferred facts"
    if iri.startswith(PUSH):
        return "a push manifest graph"
    for importer in IMPORTERS:
        release = importer.document.value
        dataset = release.rsplit("/", 1)[0] + "/" if release.startswith(str(DKS)) else release + "/"
        if iri == release or iri.startswith(dataset):
            return f"a graph of the {importer.name} dataset"
    return None


def _in_vocabulary(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> bool:
    return isinstance(term, ox.NamedNode) and (
        term.value == str(GRAPH_ONTOLOGY) or term.value.startswith(VOCABULARY_NAMESPACES)
    )


def structure_problem(quad: ox.Quad) -> str | None:
    """Why ``quad`` may not come from user data, or None when it is a fact it may add."""
    graph = quad.graph_name
    if isinstance(graph, ox.NamedNode):
        reserved = _reserved_graph(graph.value)
        if reserved is not None:
            return f"writes into graph <{graph.value}>, {reserved}"
    if _in_vocabulary(quad.subject):
        return "changes the vocabulary (a triple about a vocabulary term)"
    predicate = quad.predicate.value
    if predicate in _AXIOMS:
        return "states a class or property axiom"
    if predicate == RDF_TYPE.value and _in_vocabulary(quad.object):
        allowed = {OWL_NEGATIVE_PROPERTY_ASSERTION.value, _OWL + "NamedIndividual"}
        if quad.object.value not in allowed and not quad.object.value.startswith(str(DKV._NS)):  # type: ignore[union-attr]
            return "declares a class or property (a property characteristic)"
    if isinstance(graph, ox.NamedNode) and graph.value == str(GRAPH_SOURCES):
        describes = predicate in _DESCRIPTIONS or predicate.startswith(_DCTERMS)
        if not describes and not (predicate == RDF_TYPE.value and quad.object.value in _SOURCE_TYPES):  # type: ignore[union-attr]
            return f"puts a fact into <{graph.value}>, which holds only source descriptions"
    return None


def check_user_file(path: Path) -> None:
    """Refuse, in one line, a user data file holding anything :func:`structure_problem` names."""
    from kg.loading import load_file

    store = ox.Store()
    load_file(store, path)
    for quad in store.quads_for_pattern(None, None, None, None):
        problem = structure_problem(quad)
        if problem is not None:
            triple = printable(f"{quad.subject} {quad.predicate} {quad.object}")
            shown = triple if len(triple) <= 300 else triple[:300] + "..."
            raise InputError(f"{path}: refused, it {problem}: {shown}")
