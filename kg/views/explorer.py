"""An explorer to browse with no server: an index of every entity by type, one neighbourhood page
per entity and a whole-graph page, all self-contained HTML files in one folder.

Double-clicking a node on any page opens that entity's page; the folder is written atomically.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from collections import defaultdict
from pathlib import Path

import networkx as nx

from kg.atomic import atomic_directory
from kg.errors import InputError
from kg.views.html import html_page, render_html
from kg.views.network import DEFAULT_MAX_NODES, bound, neighbourhood, whole

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


def _is_page(name: str) -> bool:
    """Whether a file name is one an explorer writes."""
    return name in (INDEX_PAGE, GRAPH_PAGE) or (name.startswith("entity-") and name.endswith(".html"))


def write_site(
    network: nx.MultiDiGraph, out_dir: Path, *, depth: int = 1, max_nodes: int = DEFAULT_MAX_NODES
) -> list[Path]:
    """Write the explorer into ``out_dir`` (created if its parent exists); returns the files written.

    The pages are written into a fresh folder beside ``out_dir`` that takes its place once complete,
    so an interrupted or failed run leaves the earlier explorer as it was, never a mix of old and
    new pages. An existing ``out_dir`` is replaced only if it holds nothing but explorer pages.
    """

    out_dir = Path(out_dir)
    if not out_dir.resolve().parent.is_dir():
        raise InputError(f"cannot write {out_dir}: folder {out_dir.resolve().parent} does not exist")
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"cannot write the explorer into {out_dir}: it is a file")
    earlier = set(os.listdir(out_dir)) if out_dir.is_dir() else set()
    others = sorted(name for name in earlier if not _is_page(name))
    if others:
        raise InputError(
            f"cannot write the explorer into {out_dir}: the folder holds other files ({others[0]}); "
            "choose a new folder or an earlier explorer's"
        )
    names = page_names(network)
    navigation = _navigation()
    count = network.number_of_nodes()
    body = f'<div class="site">{_index(network, names)}</div>'
    notes = [f"{count} entities by type. Each links to its neighbourhood; double-click a node to open its page."]
    written = [*names.values(), GRAPH_PAGE, INDEX_PAGE]
    with atomic_directory(out_dir, earlier | set(written)) as folder:
        for node, name in names.items():  # each page written as it is made: pages embed the script
            view = bound(neighbourhood(network, node, depth), max_nodes)
            (folder / name).write_text(render_html(view, pages=names, navigation=navigation), encoding="utf-8")
        whole_page = render_html(bound(whole(network), max_nodes), pages=names, navigation=navigation)
        (folder / GRAPH_PAGE).write_text(whole_page, encoding="utf-8")
        index = html_page("drugkg explorer", body, [], notes=notes, navigation=navigation)
        (folder / INDEX_PAGE).write_text(index, encoding="utf-8")
    return [out_dir / name for name in written]
