"""The search index of an explorer: every entity's label, synonyms, brand names and ids, for the
offline search of its index page.

The index is one script file (``assets/search-index.js``: pages opened from files cannot fetch
data, but they can load a script), holding JSON escaped as every page's data is, assigned to
``window.drugkgSearch``. The names are those :class:`kg.analysis.names.NameIndex` resolves (so the
search finds what ``drugkg info NAME`` finds), each with its kind; an entity's CURIE and the
CURIEs of its cross-references are names too, so "DB01068" and "dk:clonazepam" find clonazepam.

>>> import networkx as nx
>>> g = nx.MultiDiGraph(type_styles={})
>>> g.add_node("https://w3id.org/drugkg/entity/x", label="x", curie="dk:x", type="drug", synonyms=["Ex"])
>>> search_index(g, None, {"https://w3id.org/drugkg/entity/x": "entity-dk-x.html"})["entries"]
[['x', 'dk:x', 0, 'entity-dk-x.html', '', [[2, 'Ex']]]]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
import pyoxigraph as ox

from kg.analysis.names import NameIndex, normalise
from kg.graph_facts import curie
from kg.views.html import embed_json
from kg.views.styles import UNTYPED_STYLE

__all__ = ["KINDS", "MAX_NAMES", "names_of_entities", "search_index", "search_script"]

#: The kinds of names, as the index numbers them.
KINDS = ("label", "brand name", "synonym", "cross-reference")
#: At most this many names per entity besides its label and CURIE.
MAX_NAMES = 60


def names_of_entities(store: ox.Store) -> list[tuple[str, str, str]]:
    """``(entity IRI, name, kind)`` for every name of every entity, as :class:`NameIndex` reads
    them (cross-references given as CURIEs)."""
    found = set()
    for iri, name, kind in NameIndex.names_in(store):  # the one reading of entity names
        found.add((iri, curie(name) if kind == "cross-reference" else name, kind))
    return sorted(found)


def _names_from_network(network: nx.MultiDiGraph) -> Iterable[tuple[str, str, str]]:
    """Names read from the network's attributes, when no store is at hand."""
    for node, attributes in network.nodes(data=True):
        for synonym in attributes.get("synonyms", []):
            yield node, synonym, "synonym"
        for xref in attributes.get("xrefs", []):
            yield node, xref, "cross-reference"
        for key, value, _ in attributes.get("facts", []):
            if key in ("brand name", "dkv:brandName"):
                yield node, value, "brand name"


def search_index(
    network: nx.MultiDiGraph,
    names: Iterable[tuple[str, str, str]] | None,
    pages: dict[str, str],
    class_pages: dict[str, str] | None = None,
) -> dict:
    """Every node of ``network`` with its names: ``entries`` are ``[label, CURIE, type, page,
    class page or "", [[kind, name], ...]]`` in label order; ``types`` and ``kinds`` name the
    indexes."""
    styles = network.graph.get("type_styles", {})
    by_entity: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for iri, name, kind in names if names is not None else _names_from_network(network):
        if iri in network and kind in KINDS:
            by_entity[iri].add((kind, name))
    types: dict[str, int] = {}
    entries = []
    ordered = sorted(network.nodes(data=True), key=lambda item: (str(item[1].get("label", "")).casefold(), item[0]))
    for node, attributes in ordered:
        label, short = str(attributes.get("label", node)), str(attributes.get("curie", node))
        kind_index = types.setdefault(str(attributes.get("type", "")), len(types))
        seen = {normalise(label), normalise(short)}
        extra = []
        for kind, name in sorted(by_entity.get(node, ()), key=lambda item: (KINDS.index(item[0]), item[1])):
            key = normalise(name)
            if key and key not in seen:
                seen.add(key)
                extra.append([KINDS.index(kind), name])
        entries.append(
            [label, short, kind_index, pages.get(node, ""), (class_pages or {}).get(node, ""), extra[:MAX_NAMES]]
        )
    type_table = []
    for name in types:
        style = styles.get(name, UNTYPED_STYLE._asdict())
        type_table.append({"name": name, "color": style["color"], "shape": style["shape"]})
    return {"kinds": list(KINDS), "types": type_table, "entries": entries}


def search_script(index: dict) -> str:
    """The index as the script file pages load."""
    return f"window.drugkgSearch = {embed_json(index)};\n"
