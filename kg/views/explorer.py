"""An explorer to browse with no server: a folder of linked pages that open from files.

- ``index.html``: the overview (:mod:`kg.views.overview`) and a search over every entity's
  label, synonyms, brand names and ids (:mod:`kg.views.search`; type a few letters, get ranked
  matches, open one);
- ``type-*.html``: the entities of each type, :data:`PAGE_SIZE` to a page, with a pager;
- ``entity-*.html``: each entity's neighbourhood, its busy relations grouped
  (:mod:`kg.views.grouping`, at most :data:`~kg.views.grouping.SITE_MEMBER_CAP` neighbours per
  relation and type), with a facts panel giving each relation and fact with its sources;
- ``class-*.html``: each class (anything with narrower classes or members): the chains of
  broader classes above it, the narrower ones below (folded) and its members by source;
- ``graph.html``: the whole graph aggregated: its types with their counts and the relations
  between them (:func:`kg.views.overview.whole_graph_page`);
- ``assets/``: the one copy of each script (vis-network, the view, the search), of the style and
  of the search index that every page loads by a relative ``<script src>``.

Double-clicking a node opens its page. The folder is written atomically: the pages are written
into a fresh folder beside it that takes its place once complete.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from kg.atomic import atomic_directory, check_parent_folder
from kg.errors import InputError
from kg.namespaces import DKV
from kg.views.grouping import SITE_MEMBER_CAP, capped_neighbourhood, without_inferred_between_neighbours
from kg.views.html import ASSET_FILES, PAGE_SCRIPTS, Tables, asset_text, html_page, page_slug, render_html
from kg.views.network import DEFAULT_MAX_NODES, View, bound
from kg.views.overview import (
    WHOLE_TITLE,
    ClassTree,
    class_item_html,
    metagraph_data,
    overview_body,
    overview_notes,
    overview_of,
    overview_sections,
    whole_graph_page,
)
from kg.views.search import search_index, search_script
from kg.views.styles import SHAPE_MARKS, UNTYPED_STYLE

__all__ = [
    "ASSETS",
    "GRAPH_PAGE",
    "INDEX_PAGE",
    "PAGE_SIZE",
    "SEARCH_INDEX",
    "Explorer",
    "check_site_folder",
    "page_names",
    "write_site",
]

INDEX_PAGE = "index.html"
GRAPH_PAGE = "graph.html"
#: The folder of shared scripts, style and search index.
ASSETS = "assets"
SEARCH_INDEX = "search-index.js"
#: Entities per page of a type's list.
PAGE_SIZE = 500
#: Members listed per source on a class page.
MEMBERS_PER_SOURCE = 100
_MEMBER_OF = str(DKV.memberOf)
_PAGE_PREFIXES = ("entity-", "class-", "type-")


def page_names(network: nx.MultiDiGraph, prefix: str = "entity-", nodes: Iterable[str] | None = None) -> dict[str, str]:
    """A distinct, plain file name for each node's page (of ``nodes``, default all), from its CURIE.

    >>> g = nx.MultiDiGraph(); g.add_node("https://w3id.org/drugkg/entity/clonazepam", curie="dk:clonazepam")
    >>> page_names(g)
    {'https://w3id.org/drugkg/entity/clonazepam': 'entity-dk-clonazepam.html'}
    """
    names: dict[str, str] = {}
    taken: set[str] = {INDEX_PAGE, GRAPH_PAGE}
    for node in sorted(network if nodes is None else nodes):
        slug = page_slug(str(network.nodes[node].get("curie", node)))
        name = f"{prefix}{slug}.html"
        if not slug or name.casefold() in taken:
            name = f"{prefix}{slug}-{hashlib.sha1(node.encode()).hexdigest()[:10]}.html"
        taken.add(name.casefold())
        names[node] = name
    return names


def _type_pages(type_names: Iterable[str]) -> dict[str, str]:
    """The first page of each type's list."""
    pages: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(type_names):
        slug = page_slug(name.replace(":", "-")) or "type"
        page = f"type-{slug}.html"
        if page.casefold() in taken or re.search(r"-\d+\.html$", page):
            page = f"type-{slug}-{hashlib.sha1(name.encode()).hexdigest()[:8]}.html"
        taken.add(page.casefold())
        pages[name] = page
    return pages


def _numbered(first: str, number: int) -> str:
    return first if number == 1 else first.removesuffix(".html") + f"-{number}.html"


def _navigation(search: bool = True, extra: str = "") -> str:
    """The links atop every page; ``search``: site.js adds a search box to it (``data-jump``)."""
    jump = " data-jump" if search else ""
    return (
        f'<nav{jump}><a href="{INDEX_PAGE}">overview and search</a>{extra} · '
        f'<a href="{GRAPH_PAGE}">the whole graph</a></nav>'
    )


def _is_page(name: str) -> bool:
    """Whether a file name is one an explorer writes."""
    return name in (INDEX_PAGE, GRAPH_PAGE, ASSETS) or (name.startswith(_PAGE_PREFIXES) and name.endswith(".html"))


def _link(page: str | None, text: str) -> str:
    return f'<a href="{html.escape(page)}">{html.escape(text)}</a>' if page else html.escape(text)


def _mark(style: dict[str, str]) -> str:
    return (
        f'<span class="mark" style="color:{html.escape(style["color"])}">{SHAPE_MARKS.get(style["shape"], "●")}</span>'
    )


class Explorer:
    """The pages of an explorer, each made when asked for: :func:`write_site` writes them all,
    :mod:`kg.views.site_server` serves them one request at a time.

    ``names`` (``(IRI, name, kind)``, :func:`kg.views.search.names_of_entities`) feed the search;
    without them it reads the network's synonyms, cross-references and brand names.
    """

    def __init__(
        self,
        network: nx.MultiDiGraph,
        *,
        names: Iterable[tuple[str, str, str]] | None = None,
        depth: int = 1,
        max_nodes: int = DEFAULT_MAX_NODES,
        member_cap: int = SITE_MEMBER_CAP,
        title: str = "drugkg",
    ) -> None:
        self.network = network
        self.title = title
        self.depth, self.max_nodes, self.member_cap = depth, max_nodes, member_cap
        self.names = list(names) if names is not None else None
        self.tree = ClassTree(network)
        self.tables = Tables.of(network)
        self.pages = page_names(network)
        # a class page is its entity page's twin (distinct as they are)
        self.class_pages = {
            node: "class-" + page.removeprefix("entity-")
            for node, page in self.pages.items()
            if self.tree.is_class(node)
        }
        self.by_type: dict[str, list[str]] = defaultdict(list)
        for node, kind in network.nodes(data="type"):
            self.by_type[str(kind)].append(node)
        for members in self.by_type.values():
            members.sort(key=lambda n: (str(network.nodes[n]["label"]).casefold(), n))
        self.type_pages = _type_pages(self.by_type)
        self.styles = network.graph.get("type_styles", {})
        self._entity_of = {name: node for node, name in self.pages.items()}
        self._class_of = {name: node for node, name in self.class_pages.items()}
        self._type_page_of: dict[str, tuple[str, int]] = {}
        for kind, first in self.type_pages.items():
            for n in range(1, max(1, -(-len(self.by_type[kind]) // PAGE_SIZE)) + 1):
                self._type_page_of[_numbered(first, n)] = (kind, n)

    def file_names(self) -> list[str]:
        """Every file of the explorer, relative to its folder, in the order they are written."""
        return [
            *(f"{ASSETS}/{name}" for name in (*ASSET_FILES.values(), SEARCH_INDEX)),
            INDEX_PAGE,
            *self._type_page_of,
            *self.pages.values(),
            *self.class_pages.values(),
            GRAPH_PAGE,
        ]

    def text(self, name: str) -> str | None:
        """The text of the file ``name`` (as :meth:`file_names` gives it), None if there is none."""
        if name in self._entity_of:
            return self.entity_page(self._entity_of[name])
        if name in self._class_of:
            return self.class_page(self._class_of[name])
        if name in self._type_page_of:
            return self.type_page(*self._type_page_of[name])
        if name == INDEX_PAGE:
            return self.index_page()
        if name == GRAPH_PAGE:
            return self.graph_page()
        if name == f"{ASSETS}/{ASSET_FILES['page']}":  # the tables every drawn page refers to, then its scripts
            return "\n;\n".join([self.tables.script(self.network), *(asset_text(key) for key in PAGE_SCRIPTS)])
        if name == f"{ASSETS}/{SEARCH_INDEX}":
            return search_script(search_index(self.network, self.names, self.pages, self.class_pages))
        for key, file in ASSET_FILES.items():
            if name == f"{ASSETS}/{file}":
                return asset_text(key)
        return None

    def entity_page(self, node: str) -> str:
        """The neighbourhood of ``node``, busy relations capped and grouped, with its facts panel."""
        capped = capped_neighbourhood(self.network, node, self.depth, self.member_cap)
        view = bound(self._without_inferred_ancestors(without_inferred_between_neighbours(capped)), self.max_nodes)
        return render_html(
            view,
            pages=self.pages,
            class_pages=self.class_pages,
            navigation=self.navigation(node),
            assets=f"{ASSETS}/",
            brief_hidden=True,
            tables=self.tables,
        )

    def _without_inferred_ancestors(self, view: View) -> View:
        """``view`` without the classes its focus reaches only by an inferred "kind of" or "member
        of" (the classes above its own, which the class pages' hierarchies show), with a note."""
        graph, (focus,) = view.graph, view.focus
        hierarchy = {str(DKV.kindOf), str(DKV.memberOf)}
        above = []
        for other in set(graph.successors(focus)) - {focus}:
            links = [*graph.get_edge_data(focus, other).items(), *(graph.get_edge_data(other, focus) or {}).items()]
            if other in self.class_pages and all(key in hierarchy and data.get("inferred") for key, data in links):
                above.append(other)
        if above:
            graph.remove_nodes_from(above)
            view.notes.append(f"{len(above)} classes above its own (inferred) are on the class pages' hierarchies.")
        return view

    def graph_page(self) -> str:
        """The whole graph, aggregated: its types and the relations between them, with counts."""
        return whole_graph_page(
            overview_of(self.network),
            type_pages=self.type_pages,
            title=f"{self.title}: {WHOLE_TITLE}",
            navigation=_navigation(),
            assets=f"{ASSETS}/",
        )

    def label(self, node: str) -> str:
        return str(self.network.nodes[node]["label"])

    def style(self, type_name: str) -> dict[str, str]:
        return self.styles.get(type_name, UNTYPED_STYLE._asdict())

    def navigation(self, node: str | None = None) -> str:
        extra = ""
        if node is not None:
            kind = str(self.network.nodes[node]["type"])
            extra = f" · all of type {_link(self.type_pages.get(kind), kind)}"
        return _navigation(extra=extra)

    def index_page(self) -> str:
        overview = overview_of(self.network)
        iris = self.network.graph.get("type_iris", {})
        sections = overview_sections(overview, type_iris=iris, type_pages=self.type_pages, class_pages=self.class_pages)
        search = (
            '<div class="search" role="search"><label for="search">Find an entity by its name, a brand name, '
            'a synonym or an id</label><br><input id="search" type="search" autocomplete="off" '
            'placeholder="for example clonazepam, Klonopin or DB01068" aria-controls="results"> '
            '<span id="search-status" aria-live="polite"></span><ol id="results"></ol></div>'
        )
        if overview.nodes == 0:
            body = '<p class="empty">The graph has no entities.</p>'
            scripts: list[str] = []
        else:
            body = overview_body(overview, metagraph_data(overview, self.type_pages), sections, before=search)
            scripts = ["vis", "view", "site"]
        notes = [*overview_notes(overview), "Double-click a type to list its entities."]
        return html_page(
            f"{self.title}: explorer",
            body,
            scripts,
            notes=notes,
            navigation=_navigation(search=False),
            assets=f"{ASSETS}/",
            page_class="doc-page",
            data_files=[SEARCH_INDEX] if scripts else [],
        )

    def type_page(self, kind: str, number: int) -> str:
        """Page ``number`` of the list of the entities of type ``kind``, with a pager."""
        members = self.by_type[kind]
        first = self.type_pages[kind]
        chunks = [members[i : i + PAGE_SIZE] for i in range(0, len(members), PAGE_SIZE)] or [[]]
        pager = ""
        if len(chunks) > 1:
            links = []
            for other, other_chunk in enumerate(chunks, start=1):
                span = f"{other}: {self.label(other_chunk[0])} – {self.label(other_chunk[-1])}"
                current = f'<span class="current">{html.escape(span)}</span>'
                links.append(current if other == number else _link(_numbered(first, other), span))
            pager = f'<nav class="pager" aria-label="pages">{"".join(links)}</nav>'
        items = "".join(
            f"<li>{_link(self.pages[node], self.label(node))} "
            f'<span class="tip-id">{html.escape(str(self.network.nodes[node]["curie"]))}</span>'
            + (f" · {_link(self.class_pages[node], 'class page')}" if node in self.class_pages else "")
            + "</li>"
            for node in chunks[number - 1]
        )
        of_pages = f" (page {number} of {len(chunks)})" if len(chunks) > 1 else ""
        heading = f"<h2>{_mark(self.style(kind))}{html.escape(kind)}</h2>"
        return html_page(
            f"{kind}: {len(members):,} entities{of_pages}",
            f'{heading}{pager}<ul class="entities">{items}</ul>{pager}',
            ["site"],
            notes=[],
            navigation=_navigation(),
            assets=f"{ASSETS}/",
            page_class="doc-page",
        )

    def class_page(self, node: str) -> str:
        network, tree = self.network, self.tree
        attributes = network.nodes[node]
        kind = str(attributes["type"])
        parts = [
            f"<p>{_mark(self.style(kind))}{html.escape(kind)} · "
            f'<span class="tip-id">{html.escape(str(attributes["curie"]))}</span> · '
            f"{_link(self.pages[node], 'its neighbourhood')}</p>"
        ]
        parts.extend(f"<p>{html.escape(text)}</p>" for text in attributes.get("definitions", [])[:3])
        paths = tree.paths_up(node)
        if paths:
            lines = "".join(
                "<li>"
                + " › ".join(
                    _link(self.class_pages.get(step) or self.pages[step], self.label(step))
                    if step != node
                    else f"<strong>{html.escape(self.label(step))}</strong>"
                    for step in path
                )
                + "</li>"
                for path in paths
            )
            parts.append(f"<h2>Above</h2><ul>{lines}</ul>")
        else:
            parts.append('<h2>Above</h2><p class="count-note">No broader class.</p>')
        below = tree.node_of(node)
        if below.narrower:
            items = "".join(class_item_html(child, self.class_pages) for child in below.narrower)
            if below.more_narrower:
                items += f'<li class="count-note">and {below.more_narrower:,} more</li>'
            parts.append(f'<h2>Below ({below.descendants:,} narrower)</h2><ul class="tree">{items}</ul>')
        parts.append(self._members(node))
        return html_page(
            f"{self.label(node)}: its hierarchy and members",
            "\n".join(parts),
            ["site"],
            notes=[],
            navigation=self.navigation(node),
            assets=f"{ASSETS}/",
            page_class="doc-page",
        )

    def _members(self, node: str) -> str:
        """The members of a class and of its narrower classes, by the source of each membership."""
        network, tree = self.network, self.tree
        classes = [node, *sorted(tree.below(node), key=lambda n: (self.label(n).casefold(), n))]
        rows: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        inferred_direct: dict[str, list[str]] = {}
        for klass in classes:
            for member, _, key, data in network.in_edges(klass, keys=True, data=True):
                if key != _MEMBER_OF:
                    continue
                if klass == node and data.get("inferred"):
                    inferred_direct[member] = list(data.get("sources", []))
                    continue
                for source in data.get("sources", []):
                    rows[source][member].add(klass)
        listed = {member for members in rows.values() for member in members}
        for member, sources in inferred_direct.items():
            if member not in listed:
                for source in sources:
                    rows[source][member].add(node)
        if not rows:
            return '<h2>Members</h2><p class="count-note">No members.</p>'
        licences = network.graph.get("licences", {})
        total = len({member for members in rows.values() for member in members})
        parts = [f"<h2>Members by source ({total:,})</h2>"]
        for source in sorted(rows, key=lambda s: (s.startswith("inferred"), s.casefold())):
            members = sorted(rows[source], key=lambda n: (self.label(n).casefold(), n))
            licence = f" · licence {licences[source]}" if licences.get(source) else ""
            items = []
            for member in members[:MEMBERS_PER_SOURCE]:
                via = sorted(k for k in rows[source][member] if k != node)
                through = (
                    ' <span class="count-note">via '
                    + ", ".join(_link(self.class_pages.get(k), self.label(k)) for k in via)
                    + "</span>"
                    if via
                    else ""
                )
                kind = str(network.nodes[member]["type"])
                items.append(
                    f"<li>{_mark(self.style(kind))}{_link(self.pages[member], self.label(member))}{through}</li>"
                )
            more = len(members) - MEMBERS_PER_SOURCE
            if more > 0:
                items.append(f'<li class="count-note">and {more:,} more</li>')
            parts.append(
                f"<h3>{html.escape(source)}{html.escape(licence)} ({len(members):,})</h3>"
                f'<ul class="entities">{"".join(items)}</ul>'
            )
        return "".join(parts)


def check_site_folder(out_dir: Path) -> set[str]:
    """Fail with one line unless the explorer can be written into ``out_dir`` (a new folder in a
    writable one, or an earlier explorer's); returns the names already there. Commands call it
    before the work, :func:`write_site` again before writing."""
    check_parent_folder(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"cannot write the explorer into {out_dir}: it is a file")
    earlier = set(os.listdir(out_dir)) if out_dir.is_dir() else set()
    others = sorted(name for name in earlier if not _is_page(name))
    if others:
        raise InputError(
            f"cannot write the explorer into {out_dir}: the folder holds other files ({others[0]}); "
            "choose a new folder or an earlier explorer's"
        )
    return earlier


def write_site(
    network: nx.MultiDiGraph,
    out_dir: Path,
    *,
    names: Iterable[tuple[str, str, str]] | None = None,
    depth: int = 1,
    max_nodes: int = DEFAULT_MAX_NODES,
    member_cap: int = SITE_MEMBER_CAP,
    title: str = "drugkg",
) -> list[Path]:
    """Write the explorer (:class:`Explorer`) into ``out_dir`` (created if its parent exists);
    returns the files written.

    The pages are
    written into a fresh folder beside ``out_dir`` that takes its place once complete, so an
    interrupted or failed run leaves the earlier explorer as it was, never a mix of old and new
    pages. An existing ``out_dir`` is replaced only if it holds nothing but explorer pages.
    """
    out_dir = Path(out_dir)
    earlier = check_site_folder(out_dir)
    explorer = Explorer(network, names=names, depth=depth, max_nodes=max_nodes, member_cap=member_cap, title=title)
    files = explorer.file_names()
    allowed = earlier | {name for name in files if "/" not in name} | {ASSETS}
    with atomic_directory(out_dir, allowed) as folder:
        (folder / ASSETS).mkdir()
        for name in files:  # each page written as it is made
            text = explorer.text(name)
            assert text is not None
            (folder / name).write_text(text, encoding="utf-8")
    return [out_dir / name for name in files]
