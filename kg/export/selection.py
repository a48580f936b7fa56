"""What an export contains: choosing quads by content and provenance, in one canonical order.

Every writer works from an :class:`ExportData`: the selected quads with blank nodes relabelled
by RDF canonicalization (RDFC-1.0), so the same graph always gets the same labels, and sorted,
so the same graph always gives the same output whatever order it was loaded in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby

import pyoxigraph as ox

from kg.errors import InputError
from kg.graph_facts import GraphName, Term, is_inferred_graph
from kg.namespaces import GRAPH_RULES, GRAPH_SOURCES

__all__ = [
    "CONTENT_CHOICES",
    "ExportData",
    "export_data",
    "graph_key",
    "quad_key",
    "term_key",
    "triple_key",
]

#: ``all``: asserted and inferred facts; ``asserted``: without inferred graphs and rule descriptions.
CONTENT_CHOICES: tuple[str, ...] = ("all", "asserted")

_RULES = str(GRAPH_RULES)
_SOURCES = str(GRAPH_SOURCES)


def term_key(term: Term | GraphName) -> tuple[int, str, str, str]:
    """Sort key of a term: the default graph, then IRIs (by IRI), blank nodes, literals (by value).

    >>> sorted(["https://x/a-b", "https://x/a"], key=lambda iri: term_key(ox.NamedNode(iri)))
    ['https://x/a', 'https://x/a-b']
    """
    if isinstance(term, ox.NamedNode):
        return (1, term.value, "", "")
    if isinstance(term, ox.BlankNode):
        return (2, term.value, "", "")
    if isinstance(term, ox.Literal):
        return (3, term.value, term.datatype.value, term.language or "")
    if isinstance(term, ox.Triple):
        return (4, str(term), "", "")
    return (0, "", "", "")


def graph_key(graph: GraphName) -> tuple[int, str, str, str]:
    """Sort key of a graph name (the default graph sorts first)."""
    return term_key(graph)


def quad_key(quad: ox.Quad) -> tuple[tuple[int, str, str, str], ...]:
    """Sort key of a quad: graph, subject, predicate, object."""
    return (graph_key(quad.graph_name), term_key(quad.subject), term_key(quad.predicate), term_key(quad.object))


def triple_key(triple: ox.Triple) -> tuple[tuple[int, str, str, str], ...]:
    """Sort key of a triple: subject, predicate, object."""
    return (term_key(triple.subject), term_key(triple.predicate), term_key(triple.object))


def _canonical_blank_nodes(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The quads with blank nodes relabelled by RDFC-1.0 (``c14n0``, ``c14n1``...); unchanged without any."""
    has_blank = any(
        isinstance(term, ox.BlankNode) for quad in quads for term in (quad.subject, quad.object, quad.graph_name)
    )
    if not has_blank:
        return quads
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return list(dataset)


def _split_lines(chunk: bytes) -> list[bytes]:
    """The lines of an N-Triples chunk the engine wrote (each ends in `` .``), without newlines."""
    lines = chunk.split(b"\n")
    lines.pop()  # the text after the last newline: always empty
    return lines


def _sorted_unique(lines: list[bytes]) -> list[bytes]:
    """``lines`` sorted, without repeats (sorted in place first: the engine's order has long sorted runs)."""
    lines.sort()
    return [line for line, _ in groupby(lines)]


@dataclass(frozen=True)
class ExportData:
    """The graphs of a store to export, and whether provenance is wanted.

    Writers read it in one of two forms. The line writers (Turtle, N-Triples, TriG, N-Quads) take
    :meth:`triple_lines` or :meth:`graph_lines`: N-Triples lines written by the engine and sorted
    as bytes, which is how a million triples export at the engine's speed. The others take
    :attr:`quads` or :attr:`triples`, pyoxigraph terms in :func:`quad_key` order. Blank nodes
    carry their canonical (RDFC-1.0) labels in both, so the same graph always gives the same bytes.
    """

    store: ox.Store
    #: The chosen graphs: the default graph first, then named graphs by their N-Triples form.
    graphs: tuple[GraphName, ...]
    provenance: bool = True

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad], provenance: bool = True) -> ExportData:
        """All of ``quads``, as if they were a store to export.

        >>> a, p = ox.NamedNode("https://x/a"), ox.NamedNode("https://x/p")
        >>> data = ExportData.from_quads([ox.Quad(a, p, ox.Literal("1"))])
        >>> data.triple_lines()
        [b'<https://x/a> <https://x/p> "1" .']
        """
        store = ox.Store()
        store.extend(quads)
        return cls(store, _graphs_of(store, lambda graph: True), provenance)

    @cached_property
    def quads(self) -> tuple[ox.Quad, ...]:
        """The quads of the chosen graphs, canonical, without duplicates, sorted by :func:`quad_key`."""
        chosen = [quad for graph in self.graphs for quad in self.store.quads_for_pattern(None, None, None, graph)]
        return tuple(sorted(set(_canonical_blank_nodes(chosen)), key=quad_key))

    @cached_property
    def triples(self) -> tuple[ox.Triple, ...]:
        """The union of all graphs, without duplicates, sorted."""
        unique = {ox.Triple(q.subject, q.predicate, q.object) for q in self.quads}
        return tuple(sorted(unique, key=triple_key))

    @property
    def dataset_quads(self) -> tuple[ox.Quad, ...]:
        """The quads for a dataset format: in their graphs with provenance, else all in the default graph."""
        if self.provenance:
            return self.quads
        return tuple(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in self.triples)

    def _chunks(self) -> list[tuple[bytes, bytes]]:
        """Per chosen graph: its name in N-Triples (empty for the default graph) and its triples as
        N-Triples: as the engine writes them, or from :attr:`quads` if there may be blank nodes."""
        chunks = self.engine_chunks()
        if any(b"_:" in name or b"_:" in text for name, text in chunks):
            return self.canonical_chunks()  # blank nodes (or a literal holding "_:"): relabel them
        return chunks

    def engine_chunks(self) -> list[tuple[bytes, bytes]]:
        """The chosen graphs' triples as N-Triples written by the engine (blank nodes keep the
        engine's labels, which are random)."""
        return [
            (
                b"" if isinstance(graph, ox.DefaultGraph) else str(graph).encode("utf-8"),
                self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b"",
            )
            for graph in self.graphs
        ]

    def canonical_chunks(self) -> list[tuple[bytes, bytes]]:
        """As :meth:`engine_chunks`, written from :attr:`quads`: blank nodes carry canonical labels."""
        by_graph: dict[bytes, list[str]] = {}
        for quad in self.quads:
            name = b"" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name).encode("utf-8")
            by_graph.setdefault(name, []).append(f"{ox.Triple(quad.subject, quad.predicate, quad.object)} .\n")
        return [(name, "".join(lines).encode("utf-8")) for name, lines in by_graph.items()]

    def triple_lines(self) -> list[bytes]:
        """The union of the chosen graphs as N-Triples lines (no newline), without duplicates, sorted."""
        chunks, lines = self._chunks(), []
        while chunks:  # each graph's text is let go once it is split
            lines += _split_lines(chunks.pop()[1])
        return _sorted_unique(lines)

    def graph_lines(self) -> Iterator[tuple[bytes, list[bytes]]]:
        """Per graph, its name in N-Triples (empty for the default graph) and its sorted lines.

        The default graph comes first, then named graphs by name. Without provenance, the union of
        all graphs is the one (default) graph.
        """
        if not self.provenance:
            yield b"", self.triple_lines()
            return
        chunks = sorted(self._chunks(), reverse=True)
        while chunks:
            name, text = chunks.pop()
            if lines := _sorted_unique(_split_lines(text)):
                yield name, lines


def _graphs_of(store: ox.Store, wanted: Callable[[GraphName], bool]) -> tuple[GraphName, ...]:
    """The default graph and the named graphs of ``store`` that ``wanted`` keeps, in export order."""
    named = sorted((g for g in store.named_graphs() if wanted(g)), key=str)
    return (ox.DefaultGraph(), *named) if wanted(ox.DefaultGraph()) else tuple(named)


def export_data(store: ox.Store, *, content: str = "all", provenance: bool = True) -> ExportData:
    """The graphs of ``store`` an export should carry.

    ``content="asserted"`` leaves out the graphs of inferred facts and the rule descriptions;
    ``provenance=False`` leaves out the descriptions of sources and rules (``dkg:sources``,
    ``dkg:rules``). Graph names are kept either way (GraphML and KGX need them to tell inferred
    facts apart); the dataset writers drop them when ``provenance`` is off.

    >>> store, a = ox.Store(), ox.NamedNode("https://x/a")
    >>> store.extend([ox.Quad(a, a, a, ox.NamedNode(g)) for g in ("https://x/g", "https://w3id.org/drugkg/inferred/r")])
    >>> [str(g) for g in export_data(store, content="asserted").graphs]
    ['DEFAULT', '<https://x/g>']
    """
    if content not in CONTENT_CHOICES:
        raise InputError(f"unknown content {content!r}; choose one of: {', '.join(CONTENT_CHOICES)}")

    def wanted(graph: GraphName) -> bool:
        name = graph.value if isinstance(graph, ox.NamedNode) else None
        if content == "asserted" and (is_inferred_graph(graph) or name == _RULES):
            return False
        return provenance or name not in (_RULES, _SOURCES)

    return ExportData(store, _graphs_of(store, wanted), provenance)
