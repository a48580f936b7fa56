"""An explorer to browse with no server: an index of every entity by type, one neighbourhood page
per entity and a whole-graph page, all self-contained HTML files in one folder.

Double-clicking a node on any page opens that entity's page; every file is written atomically.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import defaultdict
from pathlib import Path

import networkx as nx

from kg.atomic import atomic_write
from kg.errors import InputError
from kg.network import DEFAULT_MAX_NODES, bound, neighbourhood, whole
from kg.viz import html_page, render_html

__all__ = ["GRAPH_PAGE", "INDEX_PAGE", "page_names", "write_site"]

INDEX_PAGE = "index.html"
GRAPH_PAGE = "graph.html"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def page_names(network: nx.MultiDiGraph) -> dict[str, str]:
    """A distinct, plain file name for each node's page, from its CURIE.

    >>> g = nx.MultiDiGraph(); g.add_node("https://w3id.org/drugkg/entity/clonazepam", curie="dk:clonazepam")
    >>> page_names(g)
    {'https://w3id.org/drugkg/entity/clonazepam': 'entity-dk-clonazepam.html'}
    """
    names: dict[str, str] = {}
    taken: set[str] = {INDEX_PAGE, GRAPH_PAGE}
    for node in sorted(network):
        slug = _UNSAFE.sub("-", str(network.nodes[node].get("curie", node))).strip("-.")[:80]
        name = f"entity-{slug}.html"
        if not slug or name.casefold() in taken:
            name = f"entity-{slug}-{hashlib.sha1(node.encode()).hexdigest()[:10]}.html"
        taken.add(name.casefold())
        names[node] = name
    return names


def _navigation() -> str:
    return f'<nav><a href="{INDEX_PAGE}">all entities</a> · <a href="{GRAPH_PAGE}">the whole graph</a></nav>'


def _index(network: nx.MultiDiGraph, names: dict[str, str]) -> str:
    by_type: dict[str, list[str]] = defaultdict(list)
    for node, kind in network.nodes(data="type"):
        by_type[str(kind)].append(node)
    sections = []
    for kind in sorted(by_type, key=str.casefold):
        items = sorted(by_type[kind], key=lambda n: (network.nodes[n]["label"].casefold(), n))
        links = "".join(
            f'<li><a href="{names[n]}">{html.escape(network.nodes[n]["label"])}</a> '
            f'<span class="tip-id">{html.escape(network.nodes[n]["curie"])}</span></li>'
            for n in items
        )
        sections.append(f"<section><h2>{html.escape(kind)} ({len(items)})</h2><ul>{links}</ul></section>")
    return "".join(sections) or '<p class="empty">The graph has no entities.</p>'


def write_site(
    network: nx.MultiDiGraph, out_dir: Path, *, depth: int = 1, max_nodes: int = DEFAULT_MAX_NODES
) -> list[Path]:
    """Write the explorer into ``out_dir`` (created if its parent exists); returns the files written."""

    out_dir = Path(out_dir)
    if not out_dir.resolve().parent.is_dir():
        raise InputError(f"cannot write {out_dir}: folder {out_dir.resolve().parent} does not exist")
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"cannot write the explorer into {out_dir}: it is a file")
    out_dir.mkdir(exist_ok=True)
    names = page_names(network)
    navigation = _navigation()
    written = []

    def write(name: str, page: str) -> None:
        with atomic_write(out_dir / name) as handle:
            handle.write(page)
        written.append(out_dir / name)

    for node, name in names.items():
        view = bound(neighbourhood(network, node, depth), max_nodes)
        write(name, render_html(view, pages=names, navigation=navigation))
    write(GRAPH_PAGE, render_html(bound(whole(network), max_nodes), pages=names, navigation=navigation))
    count = network.number_of_nodes()
    body = f'<div class="site">{_index(network, names)}</div>'
    notes = [f"{count} entities by type. Each links to its neighbourhood; double-click a node to open its page."]
    index = html_page("drugkg explorer", body, [], notes=notes, navigation=navigation)
    write(INDEX_PAGE, index)
    return written
