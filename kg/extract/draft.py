"""Extraction results as files: the JSON of the command-line contract, and the TriG draft.

The draft (``--format trig``) is self-contained RDF:

- ``dkg:sources``: the new source document (a ``dkv:SourceDocument``) and its sections, as the
  curated data describes its sources;
- one named graph per section (named by the section's IRI), holding that section's candidate
  facts as ``accept`` would add them: positive ones as triples, negated ones as
  ``owl:NegativePropertyAssertion`` (never as the positive triple), and each proposed new entity
  with its class, label and definition;
- ``<document>/annotations``: one W3C Web Annotation per candidate (``oa:hasBody`` the reified
  statement or the negative assertion; ``oa:hasTarget`` the document with a
  ``oa:TextPositionSelector`` and a ``oa:TextQuoteSelector`` on the sentence), its id, confidence
  (``itsrdf:taConfidence``), negation and hypothesis; one annotation per mention (its entity,
  class and selectors); the label of every entity named; and the document's text (``nif:isString``)
  so that evidence can be checked against it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.extract.extractor import Entity, Extraction, Fact
from kg.graph_facts import OWL_NEGATIVE_PROPERTY_ASSERTION, RDF_TYPE, RDFS_LABEL, SKOS_DEFINITION
from kg.namespaces import CONVERTER, DKS, DKV, GRAPH_SOURCES, PREFIXES

__all__ = [
    "DKD",
    "OA",
    "document_iri",
    "draft_quads",
    "json_document",
    "write_json",
    "write_trig",
]

OA = "http://www.w3.org/ns/oa#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ITSRDF = "http://www.w3.org/2005/11/its/rdf#"
#: Terms of the draft itself (candidate ids, negation and hypothesis flags): never accepted into the graph.
DKD = "https://w3id.org/drugkg/draft/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_OWL = "http://www.w3.org/2002/07/owl#"
_DCTERMS = "http://purl.org/dc/terms/"
_XSD = "http://www.w3.org/2001/XMLSchema#"

DRAFT_PREFIXES = {**PREFIXES, "oa": OA, "nif": NIF, "itsrdf": ITSRDF, "dkd": DKD}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _expand(ref: str) -> ox.NamedNode:
    return _n(CONVERTER.expand(ref) or ref)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(_XSD + "nonNegativeInteger"))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_iri(extraction: Extraction) -> str:
    """The new source document's IRI: ``dks:`` + the file's name + the first digits of the text's sha256."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", Path(extraction.source).stem).strip("-").lower() or "document"
    digest = _sha256(extraction.text)[:12]
    return str(DKS[f"{name}-{digest}"])


def json_document(extraction: Extraction) -> dict[str, object]:
    """One document of the ``--format json`` output."""
    return extraction.as_json()


def write_json(extractions: Iterable[Extraction], handle: IO[str]) -> None:
    """The ``{"documents": [...]}`` JSON of the command-line contract."""
    json.dump({"documents": [json_document(e) for e in extractions]}, handle, indent=2, ensure_ascii=False)
    handle.write("\n")


def _negative_iri(doc: str, fact: Fact) -> str:
    return f"{doc}/negative/{fact.id}"


def draft_quads(extraction: Extraction, labels: dict[str, str]) -> list[ox.Quad]:
    """The quads of one document's draft; ``labels`` names every linked entity (CURIE -> label)."""
    doc = document_iri(extraction)
    doc_node = _n(doc)
    sources = _n(str(GRAPH_SOURCES))
    annotations = _n(f"{doc}/annotations")
    name = Path(extraction.source).name
    quads = [
        ox.Quad(doc_node, RDF_TYPE, _n(str(DKV.SourceDocument)), sources),
        ox.Quad(doc_node, RDFS_LABEL, ox.Literal(name), sources),
        ox.Quad(
            doc_node,
            SKOS_DEFINITION,
            ox.Literal(f"The text {name}, read by drugkg extract (sha256 {_sha256(extraction.text)})."),
            sources,
        ),
        ox.Quad(doc_node, _n(_DCTERMS + "identifier"), ox.Literal(name), sources),
        ox.Quad(doc_node, _n(NIF + "isString"), ox.Literal(extraction.text), annotations),
    ]
    section_nodes = {}
    for section in extraction.sections:
        node = _n(f"{doc}/section-{section.index + 1}")
        section_nodes[section.index] = node
        quads += [
            ox.Quad(node, RDF_TYPE, _n(str(DKV.SourceSection)), sources),
            ox.Quad(node, RDFS_LABEL, ox.Literal(section.label), sources),
            ox.Quad(
                node,
                SKOS_DEFINITION,
                ox.Literal(f"Characters {section.start} to {section.end} of {name}."),
                sources,
            ),
            ox.Quad(node, _n(_DCTERMS + "isPartOf"), doc_node, sources),
        ]
    proposed = {e.proposed: e for e in extraction.entities if e.proposed}
    declared: set[tuple[str, int]] = set()

    def declare(ref: str, graph: ox.NamedNode, section: int) -> None:
        entity = proposed.get(ref)
        if entity is None or (ref, section) in declared:
            return
        declared.add((ref, section))
        node = _expand(ref)
        quads.extend(
            [
                ox.Quad(node, RDF_TYPE, _expand(entity.type), graph),
                ox.Quad(node, RDFS_LABEL, ox.Literal(entity.label), graph),
                ox.Quad(node, SKOS_DEFINITION, ox.Literal(f"Proposed by drugkg extract from {name}."), graph),
            ]
        )

    for fact in extraction.facts:
        graph = section_nodes[fact.section]
        s, p = _expand(fact.subject), _expand(fact.predicate)
        o: ox.NamedNode | ox.Literal = ox.Literal(fact.object) if fact.literal else _expand(fact.object)
        annotation = _n(f"{doc}/candidate/{fact.id}")
        if fact.negated:
            body = _n(_negative_iri(doc, fact))
            text = (
                f"{labels.get(fact.subject, fact.subject)} not {fact.predicate} {labels.get(fact.object, fact.object)}"
            )
            quads += [
                ox.Quad(body, RDF_TYPE, OWL_NEGATIVE_PROPERTY_ASSERTION, graph),
                ox.Quad(body, RDFS_LABEL, ox.Literal(text), graph),
                ox.Quad(
                    body,
                    SKOS_DEFINITION,
                    ox.Literal(f"Negative statement proposed by drugkg extract from {name}."),
                    graph,
                ),
                ox.Quad(body, _n(_OWL + "sourceIndividual"), s, graph),
                ox.Quad(body, _n(_OWL + "assertionProperty"), p, graph),
                ox.Quad(body, _n(_OWL + "targetIndividual"), o, graph),
            ]
        else:
            body = _n(f"{doc}/statement/{fact.id}")
            quads += [
                ox.Quad(s, p, o, graph),
                ox.Quad(body, RDF_TYPE, _n(_RDF + "Statement"), annotations),
                ox.Quad(body, _n(_RDF + "subject"), s, annotations),
                ox.Quad(body, _n(_RDF + "predicate"), p, annotations),
                ox.Quad(body, _n(_RDF + "object"), o, annotations),
            ]
            if fact.outcomes:  # the interaction itself, as the curated data describes one
                interaction = _n(f"{doc}/interaction/{fact.id}")
                s_label, o_label = labels.get(fact.subject, fact.subject), labels.get(fact.object, fact.object)
                quads += [
                    ox.Quad(interaction, RDF_TYPE, _n(str(DKV.DrugInteraction)), graph),
                    ox.Quad(interaction, RDFS_LABEL, ox.Literal(f"{s_label} with {o_label}"), graph),
                    ox.Quad(
                        interaction,
                        SKOS_DEFINITION,
                        ox.Literal(f"Taking {s_label} with {o_label}; proposed by drugkg extract from {name}."),
                        graph,
                    ),
                    ox.Quad(interaction, _n(str(DKV.participant)), s, graph),
                    ox.Quad(interaction, _n(str(DKV.participant)), o, graph),
                    ox.Quad(interaction, _n(str(DKV.severity)), ox.Literal(fact.severity or "serious"), graph),
                    ox.Quad(annotation, _n(DKD + "interaction"), interaction, annotations),
                ]
                for outcome in fact.outcomes:
                    quads.append(ox.Quad(interaction, _n(str(DKV.hasOutcome)), _expand(outcome), graph))
        declare(fact.subject, graph, fact.section)
        if not fact.literal:
            declare(fact.object, graph, fact.section)
        for outcome in fact.outcomes:
            declare(outcome, graph, fact.section)
        quads += _annotation(
            annotation, body, doc_node, fact.evidence.start, fact.evidence.end, fact.evidence.text, annotations
        )
        quads += [
            ox.Quad(annotation, _n(DKD + "candidateId"), ox.Literal(fact.id), annotations),
            ox.Quad(annotation, _n(DKD + "section"), graph, annotations),
            ox.Quad(annotation, _n(DKD + "negated"), ox.Literal(fact.negated), annotations),
            ox.Quad(annotation, _n(DKD + "hypothetical"), ox.Literal(fact.hypothetical), annotations),
            ox.Quad(
                annotation,
                _n(ITSRDF + "taConfidence"),
                ox.Literal(str(fact.confidence), datatype=_n(_XSD + "decimal")),
                annotations,
            ),
        ]
    for n, entity in enumerate(extraction.entities, 1):
        quads += _mention(doc, doc_node, n, entity, annotations)
    for ref in sorted({e.iri for e in extraction.entities if e.iri}):
        quads.append(ox.Quad(_expand(ref), RDFS_LABEL, ox.Literal(labels.get(ref, ref)), annotations))
    return quads


def _annotation(
    annotation: ox.NamedNode,
    body: ox.NamedNode,
    doc: ox.NamedNode,
    start: int,
    end: int,
    exact: str,
    graph: ox.NamedNode,
) -> list[ox.Quad]:
    target, position, quote = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()
    return [
        ox.Quad(annotation, RDF_TYPE, _n(OA + "Annotation"), graph),
        ox.Quad(annotation, _n(OA + "hasBody"), body, graph),
        ox.Quad(annotation, _n(OA + "hasTarget"), target, graph),
        ox.Quad(target, _n(OA + "hasSource"), doc, graph),
        ox.Quad(target, _n(OA + "hasSelector"), position, graph),
        ox.Quad(target, _n(OA + "hasSelector"), quote, graph),
        ox.Quad(position, RDF_TYPE, _n(OA + "TextPositionSelector"), graph),
        ox.Quad(position, _n(OA + "start"), _int(start), graph),
        ox.Quad(position, _n(OA + "end"), _int(end), graph),
        ox.Quad(quote, RDF_TYPE, _n(OA + "TextQuoteSelector"), graph),
        ox.Quad(quote, _n(OA + "exact"), ox.Literal(exact), graph),
    ]


def _mention(doc: str, doc_node: ox.NamedNode, n: int, entity: Entity, graph: ox.NamedNode) -> list[ox.Quad]:
    annotation = _n(f"{doc}/mention/{n}")
    body = _expand(entity.ref)
    quads = _annotation(annotation, body, doc_node, entity.start, entity.end, entity.text, graph)
    quads += [
        ox.Quad(annotation, _n(OA + "motivatedBy"), _n(OA + "identifying" if entity.iri else OA + "tagging"), graph),
        ox.Quad(annotation, _n(DKD + "mentionType"), _expand(entity.type), graph),
        ox.Quad(annotation, _n(DKD + "negated"), ox.Literal(entity.negated), graph),
    ]
    return quads


def write_trig(extractions: Iterable[Extraction], labels: dict[str, str], handle: IO[bytes]) -> None:
    """The draft of every document, one TriG file."""
    store = ox.Store()
    for extraction in extractions:
        store.extend(draft_quads(extraction, labels))
    store.dump(handle, format=ox.RdfFormat.TRIG, prefixes=DRAFT_PREFIXES)
