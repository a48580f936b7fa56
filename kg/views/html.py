"""Drawing a :class:`kg.views.network.View` as an offline and safe HTML page.

- A page made alone (``drugkg viz -o``) is self-contained: the vis-network script (read from the
  installed pyvis package), the drawing script and the style are inlined, and a
  Content-Security-Policy forbids every remote load (scripts are allowed by hash only). A page of
  an explorer (``assets="assets/"``) instead loads the one shared copy of each script and of the
  style from the explorer's ``assets/`` folder, allowed by ``script-src 'self' file:`` (on a
  ``file:`` page Chromium lets 'self' match ``file:`` URLs; ``file:`` says so to browsers that give
  such pages an opaque origin), and still loads nothing from the network.
- Data is embedded as JSON in a non-executable ``<script type="application/json">`` block with
  ``<``, ``>``, ``&``, U+2028 and U+2029 escaped; tooltips and the facts panel are DOM elements
  filled with ``textContent`` and the heading, notes and legend are escaped with :func:`html.escape`.
- Nodes are coloured and shaped by type (:mod:`kg.views.styles`, with a legend of the types'
  names), edges labelled with their predicate, inferred edges dashed, parallel edges curved apart;
  tooltips give each fact's sources and their licences. Busy nodes have their neighbours grouped
  (:mod:`kg.views.grouping`): a group is one node until clicked.
- Views drawing more than :data:`LAYOUT_THRESHOLD` nodes (those hidden in groups aside) get a
  precomputed, seeded spring layout with physics off; smaller ones stabilise in the browser,
  then physics is switched off and the nodes are moved apart until no two labels overlap.

>>> import networkx as nx
>>> from kg.views.network import View
>>> page = render_html(View(nx.MultiDiGraph(), "nothing <here>"))
>>> "nothing &lt;here&gt;" in page and "This view is empty" in page
True
"""

from __future__ import annotations

import base64
import copy
import hashlib
import html
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from string import Template

import networkx as nx

from kg.atomic import atomic_write
from kg.paths import TEMPLATES_DIR
from kg.views.grouping import Grouping, group_view
from kg.views.network import View
from kg.views.styles import SHAPE_MARKS, UNTYPED, UNTYPED_STYLE

__all__ = [
    "ASSET_FILES",
    "LAYOUT_THRESHOLD",
    "PAGE_SCRIPTS",
    "SAFE_PAGE_NAME",
    "HtmlView",
    "Tables",
    "asset_text",
    "embed_json",
    "html_page",
    "legend_html",
    "page_slug",
    "render_html",
    "show",
    "vis_data",
    "vis_network_js",
    "vis_options",
    "write_html",
]

#: Views with more nodes than this get a precomputed layout and no physics.
LAYOUT_THRESHOLD = 300
#: Relative links between explorer pages: plain file names only.
SAFE_PAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.html$")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
#: The shared files of an explorer's ``assets/`` folder, by the name pages use for them: vis-network,
#: the style, and ``page.js``, the one file of everything else a drawn page runs (the explorer's
#: tables, then :data:`PAGE_SCRIPTS`), so that 36,000 pages name two scripts, not five.
ASSET_FILES = {"vis": "vis-network.min.js", "style": "site.css", "page": "page.js"}
#: The scripts ``page.js`` holds, in order (see :func:`asset_text`).
PAGE_SCRIPTS = ("options", "view", "site")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def page_slug(text: str) -> str:
    """A plain file-name part made of ``text`` (a CURIE): what the view script derives an
    explorer page's name from (``entity-`` + slug + ``.html``), so pages need not list it.

    >>> page_slug("dk:clonazepam"), page_slug("mesh:D002998 (x)")
    ('dk-clonazepam', 'mesh-D002998-x')
    """
    return _UNSAFE.sub("-", text).strip("-.")[:80]


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The vis-network script bundled with the installed pyvis (the newest version it ships)."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib"
    candidates = sorted(
        lib.glob("vis-*/vis-network.min.js"),
        key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.parent.name)),
    )
    if not candidates:
        raise RuntimeError(f"no vis-network.min.js in the pyvis package ({lib})")
    script = candidates[-1].read_text(encoding="utf-8")
    if re.search(r"</script|<!--", script, re.IGNORECASE):
        raise RuntimeError(f"{candidates[-1]} cannot be inlined safely: it contains '</script' or '<!--'")
    return script


@cache
def _template(name: str) -> str:
    return (TEMPLATES_DIR / name).read_text(encoding="utf-8")


def asset_text(name: str) -> str:
    """The text of a shared script or style (``vis``, ``options``, ``view``, ``site``, ``style``)."""
    if name == "vis":
        return vis_network_js()
    if name == "options":  # the drawing options every page of an explorer shares
        shared = {"fixed": _vis_options(True), "physics": _vis_options(False)}
        return f"window.drugkgOptions = {embed_json(shared)};\n"
    return _template({"view": "view.js", "site": "site.js", "style": "view.css"}[name])


def embed_json(value: object) -> str:
    """JSON that cannot end the ``<script>`` element it sits in, nor break a JavaScript string.

    >>> embed_json({"label": "</script><b>&"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def _layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Seeded spring layout in pixels (fewer iterations for very large views)."""
    simple = nx.Graph(graph.to_undirected(as_view=True))
    n = simple.number_of_nodes()
    iterations = 50 if n <= 500 else max(8, 30_000 // n)
    positions = nx.spring_layout(simple, seed=0, iterations=iterations)
    scale = 45 * math.sqrt(n)
    return {node: (float(x) * scale, float(y) * scale) for node, (x, y) in positions.items()}


def vis_options(fixed: bool) -> dict:
    """vis-network options for a directed network, from pyvis's defaults (a fresh copy)."""
    return copy.deepcopy(_vis_options(fixed))


@lru_cache(maxsize=2)
def _vis_options(fixed: bool) -> dict:
    from pyvis.network import Network

    net = Network(directed=True)
    net.toggle_physics(not fixed)
    net.options.interaction.hideEdgesOnDrag = fixed
    options = json.loads(net.options.to_json())
    options.pop("configure", None)
    options["edges"] = {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
        "color": {"color": "#888888", "highlight": "#333333", "hover": "#333333"},
        "font": {"size": 10, "align": "middle", "strokeWidth": 3},
        "smooth": False if fixed else {"enabled": True, "type": "continuous"},
    }
    options["nodes"] = {"font": {"size": 13}, "size": 14, "borderWidth": 1}
    options["layout"] = {"randomSeed": 7, "improvedLayout": not fixed}
    options["interaction"].update({"hover": True, "tooltipDelay": 150, "navigationButtons": False})
    if not fixed:
        options["physics"] = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 100, "avoidOverlap": 0.5},
            "stabilization": {"enabled": True, "iterations": 300, "fit": True},
        }
    return options


class _Table:
    """Distinct values in order of first use, each with its index (types, predicates, sources);
    or, given ``values`` (a table an explorer's pages share), the index of each of them."""

    def __init__(self, values: Sequence[object] | None = None) -> None:
        self.index: dict[object, int] = {value: i for i, value in enumerate(values or ())}
        self.fixed = values is not None

    def __call__(self, value: object) -> int:
        if self.fixed:
            return self.index[value]
        return self.index.setdefault(value, len(self.index))

    def values(self) -> list:
        return list(self.index)


def vis_data(
    view: View,
    pages: dict[str, str] | None = None,
    *,
    grouping: Grouping | None = None,
    class_pages: dict[str, str] | None = None,
    brief_hidden: bool = False,
    panel: bool = False,
    shared: bool = False,
    tables: Tables | None = None,
) -> dict:
    """The page's data, built in one pass over the view.

    - ``types``, ``predicates`` and ``sources`` (each with its licence) are tables the nodes and
      edges refer to by index;
    - ``nodes``: label, CURIE, type, the page to open (``pages``, ``class_pages``), its group
      and the details its tooltip shows (only the types of a node hidden in a group, with
      ``brief_hidden``);
    - ``edges``: ``[from, to, predicate, [sources], inferred, parallel rank]`` (``shared``: no rank when 0);
    - ``groups`` (:func:`kg.views.grouping.group_view` unless given): parent, relation,
      direction, type, label, members, nodes revealed with them, and how many were left out.

    ``shared`` (a page of an explorer, whose every entity has its own page): only the focus
    carries its details (the others carry their facts; the rest is on their own pages), a
    node's page is given only when it is not ``entity-`` + :func:`page_slug` of its CURIE +
    ``.html`` (``site`` says so), its class page as 1 when it is that page's ``class-`` twin,
    and the drawing options are left to the explorer's shared ones. With ``tables`` (the
    :class:`Tables` of the whole network, which the pages load with ``page.js``), the page
    refers to them and carries no table of its own.
    """
    graph = view.graph
    grouping = group_view(view) if grouping is None else grouping
    group_of = grouping.group_of
    fixed = graph.number_of_nodes() - len(group_of) > LAYOUT_THRESHOLD  # what is drawn before a group opens
    positions = _layout(graph) if fixed and graph.number_of_nodes() else {}
    ids = {node: i for i, node in enumerate(graph)}
    focus = set(view.focus)
    if tables is None:
        types, predicates, sources = _Table(), _Table(), _Table()
    else:
        types, predicates, sources = _Table(tables.types), _Table(tables.predicates), _Table(tables.sources)
    pages, class_pages = pages or {}, class_pages or {}
    nodes = []
    for node, attributes in graph.nodes(data=True):
        kind = str(attributes.get("type", UNTYPED))
        item: dict = {
            "label": attributes.get("label", node),
            "curie": attributes.get("curie", node),
            "type": types(kind),
        }
        page = pages.get(node, "")
        derived = shared and page == f"entity-{page_slug(str(item['curie']))}.html"
        if SAFE_PAGE_NAME.match(page) and not derived:
            item["page"] = page
        class_page = class_pages.get(node, "")
        if SAFE_PAGE_NAME.match(class_page):
            item["class_page"] = 1 if shared and class_page == "class-" + page.removeprefix("entity-") else class_page
        if node in focus:
            item["focus"] = True
        if node in group_of:
            item["group"] = group_of[node]
        if fixed:
            item["x"], item["y"] = positions[node]
        info: dict = {}
        brief = (brief_hidden and node in group_of) or (shared and node not in focus)
        if not brief:
            info["types"] = attributes.get("types", [])
            for key in ("definitions", "synonyms", "xrefs"):
                if attributes.get(key):
                    info[key] = attributes[key]
        elif not shared:
            info["types"] = attributes.get("types", [])
        if not (brief_hidden and node in group_of):
            facts = attributes.get("facts", [])
            if shared and node not in focus:  # a neighbour's identifiers and links: on its own page
                facts = [fact for fact in facts if fact[0] not in _OWN_PAGE_FACTS]
            if facts:
                info["facts"] = [[name, value, sources(source)] for name, value, source in facts]
        if info:
            item["info"] = info
        nodes.append(item)
    edges = []
    seen_pairs: dict[frozenset, int] = {}
    for subject, obj, key, attributes in graph.edges(keys=True, data=True):
        pair = frozenset((subject, obj))
        rank = seen_pairs.get(pair, 0)
        seen_pairs[pair] = rank + 1
        predicate = predicates((attributes.get("label", key), attributes.get("curie", key)))
        found = [sources(source) for source in attributes.get("sources", [])]
        inferred = 1 if attributes.get("inferred") else 0
        edge = [ids[subject], ids[obj], predicate, found, inferred, rank + (subject == obj)]
        edges.append(edge[:5] if shared and not edge[5] else edge)  # an explorer page: no curve, no sixth value
    groups = []
    for group in grouping.groups:
        groups.append(
            {
                "parent": ids[group.parent],
                "predicate": group.predicate_label,
                "out": group.outgoing,
                "type": types(group.type) if group.type else -1,
                "label": group.label,
                "members": [ids[m] for m in group.members],
                "extra": [ids[m] for m in group.extra],
                "more": group.more,
                "inferred": group.inferred,
            }
        )
    data: dict = {} if tables is not None else _table_data(graph, types.values(), predicates.values(), sources.values())
    data |= {
        "nodes": nodes,
        "edges": edges,
        "groups": groups,
        "stabilise": not fixed,
    }
    if shared:
        data["site"] = True
    else:
        data["options"] = _vis_options(fixed)  # shared, read only
    if panel:
        data["panel"] = True
    return data


#: The facts an explorer page leaves to a neighbour's own page (its identifiers and links).
_OWN_PAGE_FACTS = frozenset({"identifier", "see also"})


def _table_data(graph: nx.MultiDiGraph, types: list, predicates: list, sources: list) -> dict:
    """The tables the nodes and edges of a page refer to, as the view script reads them."""
    styles = graph.graph.get("type_styles", {})
    licences = graph.graph.get("licences", {})
    type_table = []
    for name in types:
        style = styles.get(name, UNTYPED_STYLE._asdict())
        type_table.append({"name": name, "color": style["color"], "shape": style["shape"]})
    return {
        "types": type_table,
        "predicates": [{"label": label, "curie": curie} for label, curie in predicates],
        "sources": [{"name": name, "licence": licences.get(name, "")} for name in sources],
    }


@dataclass(frozen=True)
class Tables:
    """The types, predicates and sources of a whole network, in one file an explorer's pages share."""

    types: tuple[str, ...]
    predicates: tuple[tuple[str, str], ...]
    sources: tuple[str, ...]

    @classmethod
    def of(cls, network: nx.MultiDiGraph) -> Tables:
        types = sorted({str(kind) for _, kind in network.nodes(data="type")} | {UNTYPED})
        predicates: set[tuple[str, str]] = set()
        sources: set[str] = set()
        for _, _, key, attributes in network.edges(keys=True, data=True):
            predicates.add((attributes.get("label", key), attributes.get("curie", key)))
            sources.update(attributes.get("sources", []))
        for _, facts in network.nodes(data="facts"):
            sources.update(source for _, _, source in facts or ())
        return cls(tuple(types), tuple(sorted(predicates)), tuple(sorted(sources)))

    def script(self, network: nx.MultiDiGraph) -> str:
        """The shared file: ``window.drugkgTables = {types, predicates, sources};``."""
        data = _table_data(network, list(self.types), list(self.predicates), list(self.sources))
        return f"window.drugkgTables = {embed_json(data)};\n"


def _csp(scripts: Sequence[str], shared: bool) -> str:
    """The page's policy: inlined scripts by hash, or the explorer's own script files."""
    if shared:
        script_src, style_src = "'self' file:", "'self' file: 'unsafe-inline'"
    else:
        hashes = " ".join(
            "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'" for s in scripts
        )
        script_src, style_src = hashes or "'none'", "'unsafe-inline'"
    return (
        f"default-src 'none'; script-src {script_src}; style-src {style_src}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def legend_html(type_names: Sequence[str], styles: dict[str, dict[str, str]], edges: bool) -> str:
    """The legend: each type's mark and name, and (with ``edges``) asserted and inferred facts."""
    items = []
    for name in type_names:
        style = styles.get(name, UNTYPED_STYLE._asdict())
        mark = SHAPE_MARKS.get(style["shape"], "●")
        items.append(
            f'<li><span class="mark" style="color:{html.escape(style["color"])}">{mark}</span>'
            f"{html.escape(str(name))}</li>"
        )
    if edges:
        items.append('<li><span class="mark">→</span>asserted fact</li>')
        items.append('<li><span class="mark">⇢</span>inferred fact (dashed)</li>')
    return f'<ul class="legend" aria-label="legend">{"".join(items)}</ul>' if items else ""


def _legend(view: View) -> str:
    graph = view.graph
    types = sorted({str(t) for _, t in graph.nodes(data="type")}, key=str.casefold)
    return legend_html(types, graph.graph.get("type_styles", {}), bool(graph.number_of_edges()))


def html_page(
    title: str,
    body: str,
    scripts: Sequence[str],
    *,
    notes: Sequence[str],
    legend: str = "",
    navigation: str = "",
    assets: str | None = None,
    page_class: str = "",
    data_files: Sequence[str] = (),
) -> str:
    """Fill the page template; ``title`` and ``notes`` are escaped here, the rest is markup.

    ``scripts`` names the shared scripts the page runs (``vis``, ``view``, ``site``, in order).
    With ``assets`` None they and the style are inlined; else the page loads, from that relative
    folder, its ``data_files`` first, then vis-network, then ``page.js`` (which holds the others:
    :data:`ASSET_FILES`).
    """
    if assets is None:
        code = [asset_text(name) for name in scripts]
        tags = "\n".join(f"<script>{s}</script>" for s in code)
        style = f"<style>\n{asset_text('style')}\n</style>"
        csp = _csp(code, shared=False)
    else:
        files = [*data_files]
        if "vis" in scripts:
            files.append(ASSET_FILES["vis"])
        if any(name in PAGE_SCRIPTS for name in scripts):
            files.append(ASSET_FILES["page"])
        tags = "\n".join(f'<script src="{html.escape(assets + name)}"></script>' for name in files)
        style = f'<link rel="stylesheet" href="{html.escape(assets + ASSET_FILES["style"])}">'
        csp = _csp([], shared=True)
    return Template(_template("view.html")).substitute(
        csp=csp,
        generator="" if assets is not None else '<meta name="generator" content="drugkg viz">\n',  # not on 36,000 pages
        title=html.escape(title),
        heading=html.escape(title),
        style=style,
        page_class=html.escape(page_class),
        navigation=navigation,
        notes="\n".join(f'<p class="note">{html.escape(note)}</p>' for note in notes if note),
        legend=legend,
        body=body,
        scripts=tags,
    )


def graph_body(data: dict) -> str:
    """The markup of a drawn view: the drawing, the facts panel when asked for, the data."""
    panel = '<aside id="panel" aria-label="facts"></aside>' if data.get("panel") else ""
    return (
        f'<div class="graph-box"><div id="graph" role="img" aria-label="network graph"></div></div>{panel}\n'
        f'<script type="application/json" id="drugkg-data">{embed_json(data)}</script>'
    )


def render_html(
    view: View,
    *,
    pages: dict[str, str] | None = None,
    class_pages: dict[str, str] | None = None,
    navigation: str = "",
    assets: str | None = None,
    grouping: Grouping | None = None,
    brief_hidden: bool = False,
    panel: bool | None = None,
    tables: Tables | None = None,
) -> str:
    """The page for ``view`` (``pages``: node IRI -> explorer page to open; ``assets``: see
    :func:`html_page`; ``tables``: the explorer's shared :class:`Tables`).
    A view with one focus gets the facts panel unless ``panel`` says no."""
    notes = [view.truncation_note, *view.notes]
    if view.graph.number_of_nodes() == 0:
        body = '<p class="empty">This view is empty: the graph has no nodes to draw.</p>'
        return html_page(view.title, body, [], notes=notes, navigation=navigation, assets=assets)
    with_panel = len(view.focus) == 1 if panel is None else panel
    shared = assets is not None
    data = vis_data(
        view,
        pages,
        grouping=grouping,
        class_pages=class_pages,
        brief_hidden=brief_hidden,
        panel=with_panel,
        shared=shared,
        tables=tables,
    )
    edges = view.graph.number_of_edges()
    grouped = f" {len(data['groups'])} groups of neighbours: click one to show them." if data["groups"] else ""
    hint = " Hover for details; drag to move." + (" Double-click a node to open its page." if pages else "")
    if shared and tables:  # an explorer page: site.js gives the hints, once for every page
        hint = ""
    notes.append(f"{view.graph.number_of_nodes()} nodes, {edges} edges.{grouped}{hint}")
    return html_page(
        view.title,
        graph_body(data),
        ["vis", "options", "view", "site"] if shared else ["vis", "view"],
        notes=notes,
        # an explorer page's legend is drawn by site.js from the shared type table
        legend='<ul class="legend" aria-label="legend"></ul>' if shared and tables else _legend(view),
        navigation=navigation,
        assets=assets,
        page_class="graph-page",
    )


def write_html(view: View, path: Path, **kwargs) -> Path:
    """Render ``view`` and write it to ``path`` atomically."""
    page = render_html(view, **kwargs)
    with atomic_write(Path(path)) as handle:
        handle.write(page)
    return Path(path)


@dataclass
class HtmlView:
    """A rendered view that notebooks show inline (a sandboxed iframe, no network)."""

    html: str
    height: int = 640

    def __repr__(self) -> str:
        return f"<HtmlView: {len(self.html):,} characters of self-contained HTML>"

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" '
            'title="drugkg graph view"></iframe>'
        )

    def save(self, path: Path) -> Path:
        """Write the page to ``path`` atomically."""
        with atomic_write(Path(path)) as handle:
            handle.write(self.html)
        return Path(path)


def show(
    store=None,
    *,
    focus: str | None = None,
    depth: int = 1,
    drug_class: str | None = None,
    explain: tuple[str, str] | None = None,
    max_nodes: int | None = None,
    overview: bool = False,
    height: int = 640,
) -> HtmlView:
    """The notebook entry point: a view of ``store`` (default: the built graph) shown inline.

    ``focus``, ``drug_class`` and ``explain`` take names as ``drugkg viz`` does; ``overview``
    shows the types and relations of the graph (``drugkg viz`` with no view chosen); with none of
    them, the whole graph (``--all``).
    """
    from kg.compile.built import open_built_store
    from kg.views.network import DEFAULT_MAX_NODES, build_network, select_view

    store = open_built_store() if store is None else store
    if overview:
        from kg.views.overview import overview_of, render_overview

        return HtmlView(render_overview(overview_of(build_network(store))), height)
    view = select_view(
        store,
        focus=focus,
        depth=depth,
        drug_class=drug_class,
        explain=explain,
        max_nodes=DEFAULT_MAX_NODES if max_nodes is None else max_nodes,
    )
    return HtmlView(render_html(view), height)
