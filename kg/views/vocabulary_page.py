"""An HTML page documenting the ontology: classes, properties, definitions, hierarchy, alignments.

A small renderer of our own (pyLODE 3.4.1 fails at import when installed from PyPI): one
self-contained page with inline CSS and no script, so it opens with no network. Every piece of
text from the ontology goes through :func:`html.escape`; links point only at ``#anchors`` in
the page or at ``http(s)`` IRIs of the terms themselves, never at anything the page loads.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.graph_facts import RDFS_LABEL, SKOS_PREF_LABEL, curie, least_label
from kg.loading import check_xml_depth, check_xml_entities, format_for, parse_error_message
from kg.namespaces import PREFIXES

__all__ = ["OntologyDoc", "VocabularyTerm", "read_ontology", "render_html"]

_RDF, _RDFS, _OWL, _SKOS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"], PREFIXES["skos"]
_DCTERMS = PREFIXES["dcterms"]
_CLASS_TYPES = {_OWL + "Class", _RDFS + "Class"}
_PROPERTY_KINDS = {
    _OWL + "ObjectProperty": "object property",
    _OWL + "DatatypeProperty": "datatype property",
    _OWL + "AnnotationProperty": "annotation property",
    _RDF + "Property": "property",
}
#: The label predicates, in the order of the rule of :mod:`kg.graph_facts`.
_LABELS = (RDFS_LABEL.value, SKOS_PREF_LABEL.value)
_DEFINITIONS = (_SKOS + "definition", _RDFS + "comment", _DCTERMS + "description")
#: Alignment predicates, in the order shown.
ALIGNMENTS = {
    _SKOS + "exactMatch": "exact match",
    _SKOS + "closeMatch": "close match",
    _SKOS + "broadMatch": "broad match",
    _SKOS + "narrowMatch": "narrow match",
    _SKOS + "relatedMatch": "related match",
    _OWL + "equivalentClass": "equivalent class",
    _OWL + "equivalentProperty": "equivalent property",
}
_CSS = """
body { font-family: system-ui, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 1px solid #ccc; margin-top: 2.5rem; }
section.term { border: 1px solid #ddd; border-radius: 6px; padding: 0.6rem 1rem; margin: 1rem 0; }
section.term h3 { margin: 0.2rem 0; } code { background: #f4f4f4; padding: 0 0.2rem; }
dl { display: grid; grid-template-columns: 11rem 1fr; gap: 0.2rem 1rem; } dt { font-weight: 600; color: #444; }
dd { margin: 0; } .kind { color: #666; font-size: 0.9rem; } nav ul, .tree ul { list-style: none; padding-left: 1.2rem; }
""".strip()


@dataclass
class VocabularyTerm:
    """A class or property of the ontology, as documented."""

    iri: str
    kind: str
    label: str
    definitions: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    ranges: list[str] = field(default_factory=list)
    characteristics: list[str] = field(default_factory=list)
    alignments: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class OntologyDoc:
    """What the page shows."""

    iri: str
    title: str
    definitions: list[str]
    version: str | None
    license: str | None
    classes: dict[str, VocabularyTerm]
    properties: dict[str, VocabularyTerm]
    labels: dict[str, str]


def read_ontology(path: Path) -> OntologyDoc:
    """Read an ontology file (any RDF syntax, by extension) into an :class:`OntologyDoc`."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    rdf_format = format_for(path)
    if rdf_format == ox.RdfFormat.RDF_XML:
        data = path.read_bytes()
        check_xml_entities(path, data)
        check_xml_depth(path, data)
    try:
        triples = [(q.subject, q.predicate.value, q.object) for q in ox.parse(path=str(path), format=rdf_format)]
    except SyntaxError as error:
        raise InputError(parse_error_message(path, error)) from None
    if not triples:
        raise InputError(f"{path}: the file holds no RDF statements")
    values: dict[str, dict[str, list[ox.NamedNode | ox.BlankNode | ox.Literal]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for s, p, o in triples:
        if isinstance(s, ox.NamedNode) and not isinstance(o, ox.Triple):
            values[s.value][p].append(o)

    def texts(iri: str, predicates: Iterable[str]) -> list[str]:
        return sorted({o.value for p in predicates for o in values[iri].get(p, ()) if isinstance(o, ox.Literal)})

    def iris(iri: str, predicate: str) -> list[str]:
        return sorted({o.value for o in values[iri].get(predicate, ()) if isinstance(o, ox.NamedNode)})

    def label(iri: str) -> str:
        """The label by the rule of :mod:`kg.graph_facts` (least rdfs:label, else least
        skos:prefLabel, else the CURIE)."""
        for predicate in _LABELS:
            found = least_label(texts(iri, (predicate,)))
            if found is not None:
                return found
        return curie(iri)

    labels = {iri: label(iri) for iri in values}
    classes: dict[str, VocabularyTerm] = {}
    properties: dict[str, VocabularyTerm] = {}
    for iri in sorted(values):
        types = set(iris(iri, _RDF + "type"))
        is_class = bool(types & _CLASS_TYPES)
        kinds = [_PROPERTY_KINDS[t] for t in sorted(types) if t in _PROPERTY_KINDS]
        if not is_class and not kinds:
            continue
        term = VocabularyTerm(
            iri=iri,
            kind="class" if is_class else kinds[0],
            label=labels[iri],
            definitions=texts(iri, _DEFINITIONS),
            parents=iris(iri, _RDFS + ("subClassOf" if is_class else "subPropertyOf")),
            domains=iris(iri, _RDFS + "domain"),
            ranges=iris(iri, _RDFS + "range"),
            characteristics=sorted(labels.get(t, curie(t)) for t in types - _CLASS_TYPES - set(_PROPERTY_KINDS)),
            alignments={name: iris(iri, p) for p, name in ALIGNMENTS.items() if iris(iri, p)},
        )
        (classes if is_class else properties)[iri] = term
    for terms in (classes, properties):
        for term in terms.values():
            for parent in term.parents:
                if parent in terms:
                    terms[parent].children.append(term.iri)
    ontology = next((iri for iri in sorted(values) if _OWL + "Ontology" in iris(iri, _RDF + "type")), "")
    return OntologyDoc(
        iri=ontology,
        title=labels.get(ontology, path.stem) if ontology else path.stem,
        definitions=texts(ontology, _DEFINITIONS) if ontology else [],
        version=next(iter(texts(ontology, [_OWL + "versionInfo"])), None) if ontology else None,
        license=next(iter(iris(ontology, _DCTERMS + "license")), None) if ontology else None,
        classes=classes,
        properties=properties,
        labels=labels,
    )


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def anchor(iri: str) -> str:
    """The HTML id of a term's section.

    >>> anchor("https://w3id.org/drugkg/vocab/Drug")
    'dkv-Drug'
    """
    return re.sub(r"[^A-Za-z0-9_-]", "-", curie(iri))


class _Page:
    """Renders the parts of an :class:`OntologyDoc`."""

    def __init__(self, doc: OntologyDoc) -> None:
        self.doc = doc
        self.local = {**doc.classes, **doc.properties}

    def link(self, iri: str) -> str:
        """A term: an in-page link if documented here, else its CURIE linking to its IRI."""
        if iri in self.local:
            return f'<a href="#{anchor(iri)}">{_e(self.local[iri].label)}</a>'
        text = f"<code>{_e(curie(iri))}</code>"
        if iri.startswith(("http://", "https://")):
            return f'<a href="{_e(iri)}">{text}</a>'
        return text

    def links(self, iris: Iterable[str]) -> str:
        return ", ".join(self.link(iri) for iri in iris)

    def term(self, term: VocabularyTerm) -> str:
        rows: list[tuple[str, str]] = [("IRI", f"<code>{_e(term.iri)}</code>")]
        rows += [("definition", _e(text)) for text in term.definitions]
        parent_name = "subclass of" if term.kind == "class" else "subproperty of"
        child_name = "subclasses" if term.kind == "class" else "subproperties"
        if term.parents:
            rows.append((parent_name, self.links(term.parents)))
        if term.children:
            rows.append((child_name, self.links(sorted(term.children, key=lambda i: self.local[i].label))))
        if term.characteristics:
            rows.append(("characteristics", _e(", ".join(term.characteristics))))
        if term.domains:
            rows.append(("domain", self.links(term.domains)))
        if term.ranges:
            rows.append(("range", self.links(term.ranges)))
        if term.kind == "class":
            in_domain = [p.iri for p in self.doc.properties.values() if term.iri in p.domains]
            in_range = [p.iri for p in self.doc.properties.values() if term.iri in p.ranges]
            if in_domain:
                rows.append(("properties from it", self.links(in_domain)))
            if in_range:
                rows.append(("properties to it", self.links(in_range)))
        rows += [(name, self.links(targets)) for name, targets in term.alignments.items()]
        body = "\n".join(f"<dt>{_e(name)}</dt><dd>{value}</dd>" for name, value in rows)
        kind = f'<span class="kind">{_e(term.kind)} · <code>{_e(curie(term.iri))}</code></span>'
        return (
            f'<section class="term" id="{anchor(term.iri)}">\n'
            f"<h3>{_e(term.label)} {kind}</h3>\n"
            f"<dl>\n{body}\n</dl>\n</section>"
        )

    def tree(self, terms: dict[str, VocabularyTerm]) -> str:
        """Nested lists from the roots (terms with no parent documented here)."""

        def branch(iri: str, seen: frozenset[str]) -> str:
            children = sorted((c for c in terms[iri].children if c not in seen), key=lambda c: terms[c].label)
            inner = "".join(branch(c, seen | {c}) for c in children)
            return f"<li>{self.link(iri)}{f'<ul>{inner}</ul>' if inner else ''}</li>"

        roots = sorted(
            (t for t in terms.values() if not any(p in terms for p in t.parents)), key=lambda t: t.label.lower()
        )
        return "<ul>" + "".join(branch(t.iri, frozenset({t.iri})) for t in roots) + "</ul>"

    def render(self) -> str:
        doc = self.doc
        header = [f"<h1>{_e(doc.title)}</h1>"]
        if doc.iri:
            header.append(f"<p>Ontology IRI: <code>{_e(doc.iri)}</code></p>")
        if doc.version:
            header.append(f"<p>Version: {_e(doc.version)}</p>")
        if doc.license:
            header.append(f"<p>License: {self.link(doc.license)}</p>")
        header += [f"<p>{_e(text)}</p>" for text in doc.definitions]
        namespaces = sorted(
            (prefix, ns) for prefix, ns in PREFIXES.items() if any(i.startswith(ns) for i in self.local)
        )
        prefix_rows = "".join(f"<dt>{_e(p)}:</dt><dd><code>{_e(ns)}</code></dd>" for p, ns in namespaces)
        by_label = sorted(doc.classes.values(), key=lambda t: t.label.lower())
        props = sorted(doc.properties.values(), key=lambda t: (t.kind, t.label.lower()))
        nav = (
            '<nav><h2 id="contents">Contents</h2><ul>'
            '<li><a href="#class-hierarchy">Class hierarchy</a></li>'
            '<li><a href="#property-hierarchy">Property hierarchy</a></li>'
            f'<li><a href="#classes">Classes ({len(by_label)})</a></li>'
            f'<li><a href="#properties">Properties ({len(props)})</a></li>'
            '<li><a href="#namespaces">Namespaces</a></li></ul></nav>'
        )
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(doc.title)}</title>",
            f"<style>\n{_CSS}\n</style>",
            "</head>",
            "<body>",
            *header,
            nav,
            '<h2 id="class-hierarchy">Class hierarchy</h2>',
            f'<div class="tree">{self.tree(doc.classes)}</div>',
            '<h2 id="property-hierarchy">Property hierarchy</h2>',
            f'<div class="tree">{self.tree(doc.properties)}</div>',
            '<h2 id="classes">Classes</h2>',
            *(self.term(t) for t in by_label),
            '<h2 id="properties">Properties</h2>',
            *(self.term(t) for t in props),
            '<h2 id="namespaces">Namespaces</h2>',
            f"<dl>{prefix_rows}</dl>",
            "</body>",
            "</html>",
        ]
        return "\n".join(parts) + "\n"


def render_html(doc: OntologyDoc) -> str:
    """The whole page as text."""
    return _Page(doc).render()
