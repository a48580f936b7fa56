"""Accepting reviewed candidates of a draft into the user data folder that ``drugkg build`` reads.

The accepted facts of one source document go to ``DATA_DIR/<document>.trig`` (merged with what was
accepted from it before), with the document and its sections in ``dkg:sources`` and every fact
in the named graph of its section, as the curated data is laid out. Before anything is written,
the curated data, the folder's other files and the new file are built together in a temporary
folder: a draft that breaks a SHACL shape or contradicts a source's negative statement (accepting
"clonazepam treats depression") is refused in one line, and the folder is left as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.atomic import atomic_write
from kg.errors import DrugKGError, InputError
from kg.extract.draft import DKD, OA
from kg.graph_facts import OWL_NEGATIVE_PROPERTY_ASSERTION, RDF_TYPE, RDFS_LABEL, SKOS_DEFINITION, Term, curie
from kg.namespaces import DKV, GRAPH_SOURCES, PREFIXES

__all__ = ["AcceptResult", "Candidate", "accept", "candidate_rows", "read_draft"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_OWL = "http://www.w3.org/2002/07/owl#"
_DCTERMS_IS_PART_OF = ox.NamedNode("http://purl.org/dc/terms/isPartOf")
_DECLARATION = (RDF_TYPE, RDFS_LABEL, SKOS_DEFINITION)


@dataclass(frozen=True)
class Candidate:
    """One candidate of a draft: its id, annotation, document, section graph and the quads accepting it adds."""

    id: str
    annotation: ox.NamedNode
    document: str
    section: ox.NamedNode
    quads: tuple[ox.Quad, ...]


@dataclass(frozen=True)
class AcceptResult:
    """What ``accept`` wrote: the files and how many candidates went into each."""

    files: dict[Path, int]


def _value(term: Term) -> str:
    """The IRI, id or lexical form of a term (a quoted triple as N-Triples)."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def _one(store: ox.Store, subject: ox.NamedNode | ox.BlankNode, predicate: str, graph: ox.NamedNode) -> Term | None:
    values = [q.object for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None, graph)]
    return values[0] if len(values) == 1 else None


def _other_format(path: Path) -> str | None:
    """What a file given as a draft is when it is extract's JSON or an HTML page (by its name or
    its first characters), else None."""
    with open(path, "rb") as handle:
        start = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if path.suffix.lower() == ".json" or start.startswith((b"{", b"[")):
        return "a JSON file (drugkg extract's default output)"
    if path.suffix.lower() in (".html", ".htm") or start.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    return None


def read_draft(path: Path) -> tuple[ox.Store, list[Candidate]]:
    """The draft's store and its candidates; a one-line :class:`InputError` if it is not a draft."""
    from kg.loading import load_file

    if not Path(path).is_file():
        raise InputError(f"{path}: no such draft file")
    kind = _other_format(Path(path))
    if kind is not None:
        raise InputError(
            f"{path}: {kind}, not a draft; make a draft with `drugkg extract FILE --format trig -o draft.trig` "
            "(FILE: the text you extract from), then `drugkg accept draft.trig`"
        )
    store = ox.Store()
    try:
        load_file(store, Path(path), rdf_format=ox.RdfFormat.TRIG)
    except DrugKGError as error:
        raise InputError(f"{path}: not a draft ({error})") from None
    candidates = []
    for quad in store.quads_for_pattern(None, ox.NamedNode(DKD + "candidateId"), None, None):
        annotation, graph = quad.subject, quad.graph_name
        if not isinstance(annotation, ox.NamedNode) or not isinstance(graph, ox.NamedNode):
            raise InputError(f"{path}: malformed draft: a candidate id outside an annotation graph")
        cid = _value(quad.object)
        body = _one(store, annotation, OA + "hasBody", graph)
        section = _one(store, annotation, DKD + "section", graph)
        if not isinstance(body, ox.NamedNode) or not isinstance(section, ox.NamedNode):
            raise InputError(f"{path}: malformed draft: candidate {cid} has no single body and section")
        document = graph.value.removesuffix("/annotations")
        candidates.append(
            Candidate(
                cid, annotation, document, section, _candidate_quads(store, path, cid, annotation, body, section, graph)
            )
        )
    if not candidates and not any(
        True for _ in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(str(DKV.SourceDocument)), None)
    ):
        raise InputError(f"{path}: not a draft of drugkg extract (no source document, no candidates)")
    ids = [c.id for c in candidates]
    if len(set(ids)) != len(ids):
        raise InputError(f"{path}: malformed draft: a candidate id is used twice")
    return store, sorted(candidates, key=lambda c: (len(c.id), c.id))


def _candidate_quads(
    store: ox.Store,
    path: Path,
    cid: str,
    annotation: ox.NamedNode,
    body: ox.NamedNode,
    section: ox.NamedNode,
    annotations: ox.NamedNode,
) -> tuple[ox.Quad, ...]:
    """The quads of the section graph that accepting candidate ``cid`` adds."""
    if any(True for _ in store.quads_for_pattern(body, RDF_TYPE, OWL_NEGATIVE_PROPERTY_ASSERTION, section)):
        quads = list(store.quads_for_pattern(body, None, None, section))
        ends = [q.object for q in quads if q.predicate.value in (_OWL + "sourceIndividual", _OWL + "targetIndividual")]
    else:
        s = _one(store, body, _RDF + "subject", annotations)
        p = _one(store, body, _RDF + "predicate", annotations)
        o = _one(store, body, _RDF + "object", annotations)
        if not (
            isinstance(s, ox.NamedNode) and isinstance(p, ox.NamedNode) and isinstance(o, ox.NamedNode | ox.Literal)
        ):
            raise InputError(f"{path}: malformed draft: candidate {cid} is not a statement between two entities")
        if isinstance(o, ox.Literal) and p.value != str(DKV.brandName):  # a brand name is the one text object
            raise InputError(f"{path}: malformed draft: candidate {cid} is not a statement between two entities")
        quads = [ox.Quad(s, p, o, section)]
        if not any(True for _ in store.quads_for_pattern(s, p, o, section)):
            raise InputError(f"{path}: malformed draft: the fact of candidate {cid} is not in its section graph")
        ends = [s, o] if isinstance(o, ox.NamedNode) else [s]
        interaction = _one(store, annotation, DKD + "interaction", annotations)
        if isinstance(interaction, ox.NamedNode):  # an interaction with its outcomes
            described = list(store.quads_for_pattern(interaction, None, None, section))
            quads.extend(described)
            ends.extend(q.object for q in described if q.predicate.value == str(DKV.hasOutcome))
    for node in ends:  # a proposed entity comes with its declaration (class, label, definition)
        if isinstance(node, ox.NamedNode):
            for predicate in _DECLARATION:
                quads.extend(store.quads_for_pattern(node, predicate, None, section))
    return tuple(quads)


def _document_quads(store: ox.Store, document: str) -> list[ox.Quad]:
    sources = ox.NamedNode(str(GRAPH_SOURCES))
    doc = ox.NamedNode(document)
    quads = list(store.quads_for_pattern(doc, None, None, sources))
    for part in store.quads_for_pattern(None, _DCTERMS_IS_PART_OF, doc, sources):
        quads.extend(store.quads_for_pattern(part.subject, None, None, sources))
    return quads


#: Longest file name stem written for a document (file systems allow 255 bytes in a name).
_MAX_STEM = 100


def _file_name(document: str, unique: bool = False) -> str:
    """The data file of ``document``: its IRI's last segment, made safe as a file name; with a
    digest of the whole IRI when ``unique`` is asked or the segment is too long or unusable.

    >>> _file_name("https://w3id.org/drugkg/source/leaflet-1a2b")
    'leaflet-1a2b.trig'
    >>> len(_file_name("https://x/" + "a" * 300)) <= 255
    True
    """
    import hashlib
    import re

    stem = re.sub(r"[^A-Za-z0-9._-]", "_", document.rstrip("/").rsplit("/", 1)[-1]).lstrip(".")
    if unique or not stem or len(stem) > _MAX_STEM:
        digest = hashlib.sha256(document.encode("utf-8")).hexdigest()[:12]
        stem = f"{stem[:_MAX_STEM]}-{digest}" if stem else digest
    return stem + ".trig"


def _targets(documents: Sequence[str], data_dir: Path) -> dict[str, Path]:
    """One data file per document: documents whose names would meet in one file get a digest each."""
    plain = {document: _file_name(document) for document in documents}
    counts = Counter(plain.values())
    shared = {name for name, count in counts.items() if count > 1}
    return {
        document: data_dir / (_file_name(document, unique=True) if name in shared else name)
        for document, name in plain.items()
    }


def accept(draft: Path, only: Sequence[str] | None, data_dir: Path) -> AcceptResult:
    """Add the candidates of ``draft`` (all, or those in ``only``) to ``data_dir``; nothing is
    written unless a trial build accepts the result (with the open datasets, unless the default
    build folder was built without them)."""
    from kg.compile.pipeline import build, built_with_open_datasets, user_data_files
    from kg.loading import load_file

    store, candidates = read_draft(draft)
    known = {c.id for c in candidates}
    if only:
        unknown = [i for i in only if i not in known]
        if unknown:
            raise InputError(f"{draft}: no candidate {unknown[0]} in this draft (it has {len(known)}: c1 ...)")
        wanted = set(only)
        chosen = [c for c in candidates if c.id in wanted]
    else:
        chosen = candidates
    if not chosen:
        raise InputError(f"{draft}: the draft holds no candidates to accept")
    if data_dir.exists() and not data_dir.is_dir():
        raise InputError(f"--data {data_dir}: is a file, not a folder")
    from kg.paths import PACKAGE_DIR

    if data_dir.resolve().is_relative_to(PACKAGE_DIR):
        raise InputError(
            f"--data {data_dir}: accepted facts go to a user data folder, never into the installed package"
        )
    by_document: dict[str, list[Candidate]] = {}
    for c in chosen:
        by_document.setdefault(c.document, []).append(c)
    outputs: dict[Path, ox.Store] = {}
    targets = _targets(list(by_document), data_dir)
    for document, picked in by_document.items():
        target = targets[document]
        merged = ox.Store()
        if target.is_file():
            load_file(merged, target, rdf_format=ox.RdfFormat.TRIG)
        merged.extend(_document_quads(store, document))
        for c in picked:
            merged.extend(c.quads)
        outputs[target] = merged
    with tempfile.TemporaryDirectory(prefix="drugkg-accept-") as tmp:
        trial = Path(tmp) / "data"
        trial.mkdir()
        for existing in user_data_files(data_dir) if data_dir.is_dir() else []:
            shutil.copy(existing, trial / existing.name)
        for target, merged in outputs.items():
            with open(trial / target.name, "wb") as handle:
                merged.dump(handle, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
        try:
            build(Path(tmp) / "build", trial, open_datasets=built_with_open_datasets())
        except DrugKGError as error:
            raise InputError(f"{draft}: not accepted, the graph would break: {error}") from None
    data_dir.mkdir(parents=True, exist_ok=True)
    for target, merged in outputs.items():
        with atomic_write(target, "wb") as handle:
            merged.dump(handle, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    return AcceptResult({targets[document]: len(picked) for document, picked in by_document.items()})


def candidate_rows(store: ox.Store, candidates: Sequence[Candidate]) -> list[tuple[str, ...]]:
    """The review table's rows for a draft's candidates (labels and evidence read from the draft)."""

    def label(node: Term) -> str:
        names = (
            sorted(_value(q.object) for q in store.quads_for_pattern(node, RDFS_LABEL, None, None))
            if isinstance(node, ox.NamedNode)
            else []
        )
        return names[0] if names else curie(_value(node))

    rows: list[tuple[str, ...]] = []
    for c in candidates:
        graph = ox.NamedNode(c.document + "/annotations")
        confidence = _one(store, c.annotation, "http://www.w3.org/2005/11/its/rdf#taConfidence", graph)
        negated = _one(store, c.annotation, DKD + "negated", graph)
        target = _one(store, c.annotation, OA + "hasTarget", graph)
        evidence = ""
        if isinstance(target, ox.BlankNode):
            for selector in store.quads_for_pattern(target, ox.NamedNode(OA + "hasSelector"), None, graph):
                quote = (
                    _one(store, selector.object, OA + "exact", graph)
                    if isinstance(selector.object, ox.BlankNode)
                    else None
                )
                if quote is not None:
                    evidence = _value(quote)
        first = c.quads[0]
        if first.predicate == RDF_TYPE:  # a negative statement: read its parts
            parts = {q.predicate.value: q.object for q in c.quads if q.subject == first.subject}
            s, p, o = (
                parts[_OWL + "sourceIndividual"],
                parts[_OWL + "assertionProperty"],
                parts[_OWL + "targetIndividual"],
            )
        else:
            s, p, o = first.subject, first.predicate, first.object
        rows.append(
            (
                c.id,
                label(s),
                curie(_value(p)).removeprefix("dkv:"),
                label(o),
                "not" if negated is not None and _value(negated) == "true" else "",
                _value(confidence) if confidence is not None else "",
                evidence,
            )
        )
    return rows
