"""Drawing a :class:`kg.views.network.View` as one self-contained, offline and safe HTML page.

- pyvis supplies the directed network's options and the vis-network script, which is read from
  the installed pyvis package and inlined: the page loads nothing, writes no ``lib/`` folder, and a
  Content-Security-Policy forbids every remote load (scripts are allowed by hash only).
- Data is embedded as JSON in a non-executable ``<script type="application/json">`` block with
  ``<``, ``>``, ``&``, U+2028 and U+2029 escaped; tooltips are DOM elements filled with
  ``textContent`` and the heading, notes and legend are escaped with :func:`html.escape`.
- Nodes are coloured and shaped by type (with a legend), edges labelled with their predicate,
  inferred edges dashed, parallel edges curved apart.
- Views larger than :data:`LAYOUT_THRESHOLD` nodes get a precomputed, seeded spring layout with
  physics off; smaller ones stabilise in the browser, then physics is switched off.

>>> import networkx as nx
>>> from kg.views.network import View
>>> page = render_html(View(nx.MultiDiGraph(), "nothing <here>"))
>>> "nothing &lt;here&gt;" in page and "This view is empty" in page
True
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

import networkx as nx

from kg.atomic import atomic_write
from kg.paths import TEMPLATES_DIR
from kg.views.network import SHAPES, UNTYPED, View

__all__ = [
    "LAYOUT_THRESHOLD",
    "HtmlView",
    "embed_json",
    "html_page",
    "render_html",
    "show",
    "vis_data",
    "vis_network_js",
    "write_html",
]

#: Views with more nodes than this get a precomputed layout and no physics.
LAYOUT_THRESHOLD = 300
#: Legend marks for vis-network's shapes.
_SHAPE_MARKS = dict(zip(SHAPES, "●◆■▲★▼⬢", strict=True))
#: Relative links between explorer pages: plain file names only.
_PAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.html$")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


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


def _template(name: str) -> str:
    return (TEMPLATES_DIR / name).read_text(encoding="utf-8")


def embed_json(value: object) -> str:
    """JSON that cannot end the ``<script>`` element it sits in, nor break a JavaScript string.

    >>> embed_json({"label": "</script><b>&"})
    '{"label": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def _layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Seeded spring layout in pixels (fewer iterations for very large views)."""
    simple = nx.Graph(graph.to_undirected(as_view=True))
    n = simple.number_of_nodes()
    iterations = 50 if n <= 500 else max(8, 30_000 // n)
    positions = nx.spring_layout(simple, seed=0, iterations=iterations)
    scale = 45 * math.sqrt(n)
    return {node: (float(x) * scale, float(y) * scale) for node, (x, y) in positions.items()}


def _options(fixed: bool) -> dict:
    """vis-network options for a directed network, from pyvis's defaults."""
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
    options["interaction"].update({"hover": True, "tooltipDelay": 150, "navigationButtons": False})
    if not fixed:
        options["physics"] = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 140, "avoidOverlap": 0.2},
            "stabilization": {"enabled": True, "iterations": 300, "fit": True},
        }
    return options


def vis_data(view: View, pages: dict[str, str] | None = None) -> dict:
    """The nodes, edges and options of the page, built in one pass over the view."""
    graph = view.graph
    styles = graph.graph.get("type_styles", {})
    fixed = graph.number_of_nodes() > LAYOUT_THRESHOLD
    positions = _layout(graph) if fixed and graph.number_of_nodes() else {}
    ids = {node: i for i, node in enumerate(graph)}
    focus = set(view.focus)
    nodes = []
    for node, attributes in graph.nodes(data=True):
        style = styles.get(attributes.get("type", UNTYPED), {"color": "#97c2fc", "shape": "dot"})
        item: dict = {"id": ids[node], "label": attributes.get("label", node), "shape": style["shape"]}
        item["color"] = style["color"]
        if node in focus:
            item.update(borderWidth=4, size=22, color={"background": style["color"], "border": "#000000"})
        if fixed:
            item["x"], item["y"] = positions[node]
        info = {key: attributes.get(key, []) for key in ("types", "definitions", "synonyms", "xrefs", "facts")}
        info.update(label=attributes.get("label", node), curie=attributes.get("curie", node))
        nodes.append({"vis": item, "info": info})
    edges = []
    seen_pairs: dict[frozenset, int] = {}
    for i, (subject, obj, attributes) in enumerate(graph.edges(data=True)):
        item = {"id": i, "from": ids[subject], "to": ids[obj], "label": attributes.get("label", "")}
        if attributes.get("inferred"):
            item["dashes"] = True
        pair = frozenset((subject, obj))
        rank = seen_pairs.get(pair, 0)
        seen_pairs[pair] = rank + 1
        if rank or subject == obj:
            item["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.15 * (rank + 1)}
        info = {
            "label": attributes.get("label", ""),
            "curie": attributes.get("curie", ""),
            "sources": attributes.get("sources", []),
            "inferred": bool(attributes.get("inferred")),
        }
        edges.append({"vis": item, "info": info})
    data: dict = {"nodes": nodes, "edges": edges, "options": _options(fixed), "stabilise": not fixed}
    if pages:
        data["pages"] = {str(ids[n]): page for n, page in pages.items() if n in ids and _PAGE_NAME.match(page)}
    return data


def _csp(scripts: list[str]) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'" for s in scripts
    )
    script_src = hashes or "'none'"
    return (
        f"default-src 'none'; script-src {script_src}; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def _legend(view: View) -> str:
    graph = view.graph
    styles = graph.graph.get("type_styles", {})
    types = sorted({t for _, t in graph.nodes(data="type")}, key=str)
    items = []
    for name in types:
        style = styles.get(name, {"color": "#97c2fc", "shape": "dot"})
        mark = _SHAPE_MARKS.get(style["shape"], "●")
        items.append(
            f'<li><span class="mark" style="color:{style["color"]}">{mark}</span>{html.escape(str(name))}</li>'
        )
    if graph.number_of_edges():
        items.append('<li><span class="mark">→</span>asserted fact</li>')
        items.append('<li><span class="mark">⇢</span>inferred fact (dashed)</li>')
    return f'<ul class="legend" aria-label="legend">{"".join(items)}</ul>' if items else ""


def html_page(
    title: str, body: str, scripts: list[str], *, notes: list[str], legend: str = "", navigation: str = ""
) -> str:
    """Fill the page template; ``title`` and ``notes`` are escaped here, the rest is markup."""
    tags = "\n".join(f"<script>{s}</script>" for s in scripts)
    return Template(_template("view.html")).substitute(
        csp=_csp(scripts),
        title=html.escape(title),
        heading=html.escape(title),
        style=_template("view.css"),
        navigation=navigation,
        notes="\n".join(f'<p class="note">{html.escape(note)}</p>' for note in notes if note),
        legend=legend,
        body=body,
        scripts=tags,
    )


def render_html(view: View, *, pages: dict[str, str] | None = None, navigation: str = "") -> str:
    """The whole self-contained page for ``view`` (``pages``: node IRI -> explorer page to open)."""
    notes = [view.truncation_note, *view.notes]
    if view.graph.number_of_nodes() == 0:
        body = '<p class="empty">This view is empty: the graph has no nodes to draw.</p>'
        return html_page(view.title, body, [], notes=notes, navigation=navigation)
    data = embed_json(vis_data(view, pages))
    body = (
        '<div id="graph" role="img" aria-label="network graph"></div>\n'
        f'<script type="application/json" id="drugkg-data">{data}</script>'
    )
    edges = view.graph.number_of_edges()
    notes.append(f"{view.graph.number_of_nodes()} nodes, {edges} edges. Hover for details; drag to move.")
    scripts = [vis_network_js(), _template("view.js")]
    return html_page(view.title, body, scripts, notes=notes, legend=_legend(view), navigation=navigation)


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
    height: int = 640,
) -> HtmlView:
    """The notebook entry point: a view of ``store`` (default: the built graph) shown inline.

    ``focus``, ``drug_class`` and ``explain`` take names as ``drugkg viz`` does.
    """
    from kg.build.pipeline import open_built_store
    from kg.views.network import DEFAULT_MAX_NODES, select_view

    store = open_built_store() if store is None else store
    view = select_view(
        store,
        focus=focus,
        depth=depth,
        drug_class=drug_class,
        explain=explain,
        max_nodes=DEFAULT_MAX_NODES if max_nodes is None else max_nodes,
    )
    return HtmlView(render_html(view), height)
