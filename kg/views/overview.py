"""The shape of a graph at a glance: what ``drugkg viz`` draws when no view is chosen.

Like a metagraph (Hetionet's, say): each node **type** with how many entities have it, each
**relation** between two types with how many facts link them (and how many of those are
inferred), the literal **properties** of each type, and the **hierarchies** of classes and
conditions (``kindOf``, asserted links) folded below their roots, with how many narrower classes
and members each holds. Counts are of the drawn network (:func:`kg.views.network.build_network`):
an entity counts once, under its type as every view shows it (the least-named asserted type).

Every element leads to its detail: in an explorer, a type to its list of entities and a class to
its class page; on a page of its own, the ``drugkg`` command that gives it.

>>> import pyoxigraph as ox
>>> from kg.loading import load_file
>>> from kg.paths import PACKAGE_DIR
>>> from kg.views.network import build_network
>>> store = ox.Store(); load_file(store, PACKAGE_DIR.parent / "tests" / "data" / "tiny.trig")
>>> overview = overview_of(build_network(store))
>>> [(t.name, t.count) for t in overview.types]
[('dkv:DrugClass', 2), ('dkv:ClinicalFinding', 1), ('dkv:Drug', 1), ('dkv:DrugInteraction', 1), ('dkv:Substance', 1)]
>>> [(h.type, [r.label for r in h.roots]) for h in overview.hierarchies]
[('dkv:DrugClass', ['class C'])]
"""

from __future__ import annotations

import html
import math
import re
import shlex
from collections import Counter, defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx

from kg.graph_facts import curie
from kg.namespaces import DKV
from kg.views.html import SAFE_PAGE_NAME, embed_json, html_page, vis_options
from kg.views.styles import SHAPE_MARKS, UNTYPED_STYLE

__all__ = [
    "WHOLE_TITLE",
    "ClassNode",
    "ClassTree",
    "Hierarchy",
    "Overview",
    "PropertyCount",
    "RelationCount",
    "TypeCount",
    "class_command",
    "class_item_html",
    "overview_of",
    "overview_sections",
    "render_overview",
    "whole_graph_page",
]

_KIND_OF = str(DKV.kindOf)
_MEMBER_OF = str(DKV.memberOf)
#: Roots shown per hierarchy, narrower classes shown per class, levels unfolded below a root.
MAX_ROOTS = 15
MAX_CHILDREN = 25
FOLD_DEPTH = 2
_PLAIN_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class TypeCount:
    """A node type and how many entities have it."""

    name: str
    iri: str
    count: int
    color: str
    shape: str


@dataclass(frozen=True)
class RelationCount:
    """The facts of one relation from entities of one type to entities of another."""

    subject_type: str
    predicate: str
    label: str
    object_type: str
    count: int
    inferred: int


@dataclass(frozen=True)
class PropertyCount:
    """The values of one literal property on entities of one type."""

    type: str
    label: str
    count: int


@dataclass
class ClassNode:
    """A class (or condition) in a hierarchy, with the narrower ones shown below it."""

    iri: str
    label: str
    type: str
    descendants: int
    members: int
    narrower: list[ClassNode] = field(default_factory=list)
    more_narrower: int = 0


@dataclass
class Hierarchy:
    """The hierarchies whose roots have one type: the largest roots, unfolded a few levels."""

    type: str
    roots: list[ClassNode]
    more_roots: int
    classes: int


@dataclass
class Overview:
    """The types, relations, properties and hierarchies of a network, with their counts."""

    nodes: int
    edges: int
    inferred_edges: int
    types: list[TypeCount]
    relations: list[RelationCount]
    properties: list[PropertyCount]
    hierarchies: list[Hierarchy]


def _sparql_term(iri: str) -> str:
    short = curie(iri)
    if short != iri and _PLAIN_LOCAL_NAME.match(short.split(":", 1)[1]):
        return short
    return f"<{iri}>"


def type_command(iri: str) -> str:
    """The command that lists the entities of a type."""
    return f'drugkg query "SELECT ?entity ?label WHERE {{ ?entity a {_sparql_term(iri)} ; rdfs:label ?label }}"'


def relation_command(relation: RelationCount, type_iris: dict[str, str]) -> str:
    """The command that lists the facts of a relation between two types."""
    subject, obj = type_iris.get(relation.subject_type), type_iris.get(relation.object_type)
    typed = "".join(
        f" . ?{var} a {_sparql_term(iri)}" for var, iri in (("subject", subject), ("object", obj)) if iri is not None
    )
    return (
        f'drugkg query "SELECT ?subject ?object WHERE {{ ?subject {_sparql_term(relation.predicate)} ?object{typed} }}"'
    )


def class_command(iri: str) -> str:
    """The command that draws a class, its hierarchy and members."""
    name = curie(iri)
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name.split(":", 1)[-1]).strip("-")[:40] or "class"
    return f"drugkg viz --class {shlex.quote(name)} -o {slug}.html"


class ClassTree:
    """The hierarchy of a network: its asserted ``kindOf`` links and the ``memberOf`` links into
    each class (asserted or inferred), for the overview and the class pages."""

    def __init__(self, network: nx.MultiDiGraph) -> None:
        self.network = network
        self.children: dict[str, list[str]] = defaultdict(list)
        self.parents: dict[str, list[str]] = defaultdict(list)
        self.members: dict[str, set[str]] = defaultdict(set)
        for subject, obj, key, inferred in network.edges(keys=True, data="inferred"):
            if key == _KIND_OF and not inferred and subject != obj:
                self.children[obj].append(subject)
                self.parents[subject].append(obj)
            elif key == _MEMBER_OF:
                self.members[obj].add(subject)
        for related in (*self.children.values(), *self.parents.values()):
            related.sort(key=lambda n: (self.label_of(n).casefold(), n))

    def label_of(self, node: str) -> str:
        return str(self.network.nodes[node]["label"])

    def is_class(self, node: str) -> bool:
        """Whether ``node`` has narrower classes or members (it gets a class page)."""
        return bool(self.children.get(node) or self.members.get(node))

    def below(self, node: str) -> set[str]:
        """Every narrower class of ``node``, however deep."""
        seen: set[str] = set()
        queue = deque([node])
        while queue:
            for child in self.children.get(queue.popleft(), ()):
                if child not in seen and child != node:
                    seen.add(child)
                    queue.append(child)
        return seen

    def paths_up(self, node: str, limit: int = 12) -> list[list[str]]:
        """Chains of broader classes from a root down to ``node`` (at most ``limit``)."""
        paths: list[list[str]] = []

        def climb(current: str, trail: list[str]) -> None:
            if len(paths) >= limit:
                return
            parents = [p for p in self.parents.get(current, ()) if p not in trail]
            if not parents:
                paths.append(list(reversed(trail)))
                return
            for parent in parents:
                climb(parent, [*trail, parent])

        climb(node, [node])
        return [path for path in paths if len(path) > 1]

    def node_of(self, iri: str, depth: int = 0, fold_depth: int = FOLD_DEPTH) -> ClassNode:
        """``iri`` with its counts and the narrower classes ``fold_depth`` levels down."""
        below = self.below(iri)
        held = set(self.members.get(iri, ()))
        for narrower in below:
            held |= self.members.get(narrower, set())
        made = ClassNode(iri, self.label_of(iri), str(self.network.nodes[iri]["type"]), len(below), len(held))
        if depth < fold_depth:
            direct = self.children.get(iri, [])
            made.narrower = [self.node_of(child, depth + 1, fold_depth) for child in direct[:MAX_CHILDREN]]
            made.more_narrower = max(0, len(direct) - MAX_CHILDREN)
        return made

    def hierarchies(self) -> list[Hierarchy]:
        """The roots of each type, the largest first, unfolded :data:`FOLD_DEPTH` levels."""
        roots_by_type: dict[str, list[str]] = defaultdict(list)
        in_hierarchy: Counter[str] = Counter()
        for node in set(self.children) | set(self.parents):
            kind = str(self.network.nodes[node]["type"])
            in_hierarchy[kind] += 1
            if node in self.children and node not in self.parents:
                roots_by_type[kind].append(node)
        sizes = {root: len(self.below(root)) for roots in roots_by_type.values() for root in roots}
        found = []
        for kind, roots in roots_by_type.items():
            roots.sort(key=lambda r: (-sizes[r], self.label_of(r).casefold(), r))
            shown = [self.node_of(root) for root in roots[:MAX_ROOTS]]
            found.append(Hierarchy(kind, shown, max(0, len(roots) - MAX_ROOTS), in_hierarchy[kind]))
        found.sort(key=lambda h: (-h.classes, h.type.casefold()))
        return found


def overview_of(network: nx.MultiDiGraph) -> Overview:
    """Count the types, relations, properties and hierarchies of ``network``."""
    styles = network.graph.get("type_styles", {})
    iris = network.graph.get("type_iris", {})
    kinds: dict[str, str] = {node: str(kind) for node, kind in network.nodes(data="type")}
    type_counts = Counter(kinds.values())
    types = [
        TypeCount(
            name,
            iris.get(name, ""),
            count,
            styles.get(name, UNTYPED_STYLE._asdict())["color"],
            styles.get(name, UNTYPED_STYLE._asdict())["shape"],
        )
        for name, count in sorted(type_counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    ]
    relation_counts: Counter[tuple[str, str, str, str]] = Counter()
    inferred_counts: Counter[tuple[str, str, str, str]] = Counter()
    inferred_edges = 0
    for subject, obj, key, data in network.edges(keys=True, data=True):
        relation = (kinds[subject], str(key), str(data.get("label", key)), kinds[obj])
        relation_counts[relation] += 1
        if data.get("inferred"):
            inferred_counts[relation] += 1
            inferred_edges += 1
    relations = [
        RelationCount(s, p, label, o, count, inferred_counts[(s, p, label, o)])
        for (s, p, label, o), count in sorted(
            relation_counts.items(),
            key=lambda item: (item[0][0].casefold(), item[0][2].casefold(), item[0][3].casefold()),
        )
    ]
    property_counts: Counter[tuple[str, str]] = Counter()
    for node, facts in network.nodes(data="facts"):
        for key, _value in {(name, value) for name, value, _ in facts or ()}:
            property_counts[(kinds[node], key)] += 1
    properties = [
        PropertyCount(kind, label, count)
        for (kind, label), count in sorted(property_counts.items(), key=lambda i: (i[0][0].casefold(), i[0][1]))
    ]
    return Overview(
        network.number_of_nodes(),
        network.number_of_edges(),
        inferred_edges,
        types,
        relations,
        properties,
        ClassTree(network).hierarchies(),
    )


def _mark(color: str, shape: str) -> str:
    return f'<span class="mark" style="color:{html.escape(color)}">{SHAPE_MARKS.get(shape, "●")}</span>'


def metagraph_data(overview: Overview, type_pages: dict[str, str] | None = None) -> dict:
    """The drawing of the overview for the view script: one node per type (sized by its count),
    one edge per pair of types the relations link (labelled with the largest relations)."""
    index = {t.name: i for i, t in enumerate(overview.types)}
    largest = max((t.count for t in overview.types), default=1)
    nodes = []
    for t in overview.types:
        lines = [["entities", f"{t.count:,}"]]
        page = (type_pages or {}).get(t.name)
        if not page:
            lines.append(["list them", type_command(t.iri)] if t.iri else ["list them", "—"])
        node: dict = {
            "label": f"{t.name} ({t.count:,})",
            "curie": curie(t.iri) if t.iri else t.name,
            "type": index[t.name],
            "size": round(10 + 22 * math.log1p(t.count) / math.log1p(largest), 1),
            "info": {"types": [], "lines": lines},
        }
        if page and SAFE_PAGE_NAME.match(page):
            node["page"] = page
        nodes.append(node)
    pairs: dict[tuple[int, int], list[RelationCount]] = defaultdict(list)
    for relation in overview.relations:
        pairs[(index[relation.subject_type], index[relation.object_type])].append(relation)
    predicates, edges = [], []
    seen: dict[frozenset, int] = {}
    for (subject, obj), relations in sorted(pairs.items()):
        relations.sort(key=lambda r: (-r.count, r.label))
        others = f" +{len(relations) - 1}" if len(relations) > 1 else ""
        predicates.append({"label": f"{relations[0].label} ({relations[0].count:,}){others}", "curie": ""})
        pair = frozenset((subject, obj))
        rank = seen.get(pair, 0)
        seen[pair] = rank + 1
        inferred = 1 if all(r.inferred == r.count for r in relations) else 0
        lines = [[r.label, f"{r.count:,} facts, {r.inferred:,} inferred"] for r in relations]
        edges.append([subject, obj, len(predicates) - 1, [], inferred, rank + (subject == obj), lines])
    return {
        "types": [{"name": t.name, "color": t.color, "shape": t.shape} for t in overview.types],
        "predicates": predicates,
        "sources": [],
        "nodes": nodes,
        "edges": edges,
        "groups": [],
        "options": _metagraph_options(),
        "stabilise": True,
    }


def _metagraph_options() -> dict:
    options = vis_options(False)
    options["physics"]["barnesHut"].update(
        {"springLength": 190, "gravitationalConstant": -4000, "centralGravity": 0.4, "avoidOverlap": 0.6}
    )
    options["edges"]["font"] = {"size": 12, "align": "middle", "strokeWidth": 3}
    options["nodes"]["font"] = {"size": 15}
    return options


def class_item_html(node: ClassNode, class_pages: dict[str, str] | None) -> str:
    """A class in a folded tree: its name (a link to its class page, else the command that draws
    it as a tooltip), its counts, and the narrower classes shown, folded."""
    page = (class_pages or {}).get(node.iri, "")
    if page and SAFE_PAGE_NAME.match(page):
        name = f'<a href="{html.escape(page)}">{html.escape(node.label)}</a>'
    else:
        name = f'<span title="{html.escape(class_command(node.iri), quote=True)}">{html.escape(node.label)}</span>'
    counts = []
    if node.descendants:
        counts.append(f"{node.descendants:,} narrower")
    if node.members:
        counts.append(f"{node.members:,} members")
    count = f' <span class="count-note">{" · ".join(counts)}</span>' if counts else ""
    if not node.narrower:
        return f"<li>{name}{count}</li>"
    inner = "".join(class_item_html(child, class_pages) for child in node.narrower)
    if node.more_narrower:
        inner += f'<li class="count-note">and {node.more_narrower:,} more</li>'
    return f"<li><details><summary>{name}{count}</summary><ul>{inner}</ul></details></li>"


def overview_sections(
    overview: Overview,
    *,
    type_iris: dict[str, str],
    type_pages: dict[str, str] | None = None,
    class_pages: dict[str, str] | None = None,
) -> str:
    """The overview's tables and folded hierarchies (markup; every text escaped)."""
    rows = []
    for t in overview.types:
        page = (type_pages or {}).get(t.name, "")
        name = html.escape(t.name)
        detail = f'<a href="{html.escape(page)}">{name}</a>' if page and SAFE_PAGE_NAME.match(page) else name
        command = "" if page else f"<td><code>{html.escape(type_command(t.iri))}</code></td>"
        rows.append(f'<tr><td>{_mark(t.color, t.shape)}{detail}</td><td class="count">{t.count:,}</td>{command}</tr>')
    head_command = "" if type_pages else "<th>to list them</th>"
    sections = [
        f'<h2 id="types">Types ({len(overview.types)})</h2><table class="types"><thead><tr><th>type</th>'
        f'<th class="count">entities</th>{head_command}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    ]
    relation_rows = "".join(
        f"<tr><td>{html.escape(r.subject_type)}</td><td>{html.escape(r.label)}</td>"
        f'<td>{html.escape(r.object_type)}</td><td class="count">{r.count:,}</td><td class="count">{r.inferred:,}</td>'
        f"<td><code>{html.escape(relation_command(r, type_iris))}</code></td></tr>"
        for r in overview.relations
    )
    sections.append(
        f'<h2 id="relations">Relations ({len(overview.relations)})</h2><table class="relations"><thead><tr>'
        '<th>from</th><th>relation</th><th>to</th><th class="count">facts</th><th class="count">inferred</th>'
        f"<th>to list them</th></tr></thead><tbody>{relation_rows}</tbody></table>"
    )
    if overview.hierarchies:
        parts = []
        for hierarchy in overview.hierarchies:
            items = "".join(class_item_html(root, class_pages) for root in hierarchy.roots)
            if hierarchy.more_roots:
                items += f'<li class="count-note">and {hierarchy.more_roots:,} more hierarchies</li>'
            parts.append(
                f"<h3>{html.escape(hierarchy.type)} ({hierarchy.classes:,} in a hierarchy)</h3>"
                f'<ul class="tree">{items}</ul>'
            )
        hint = "" if class_pages else ' <span class="count-note">(hover a name for the command that draws it)</span>'
        sections.append(f'<h2 id="hierarchies">Hierarchies{hint}</h2>{"".join(parts)}')
    if overview.properties:
        property_rows = "".join(
            f'<tr><td>{html.escape(p.type)}</td><td>{html.escape(p.label)}</td><td class="count">{p.count:,}</td></tr>'
            for p in overview.properties
        )
        sections.append(
            f'<h2 id="properties">Properties ({len(overview.properties)})</h2><table class="properties"><thead>'
            f'<tr><th>type</th><th>property</th><th class="count">values</th></tr></thead><tbody>{property_rows}'
            "</tbody></table>"
        )
    return "\n".join(sections)


def overview_body(overview: Overview, data: dict, sections: str, before: str = "") -> str:
    """The drawing of the types and relations, then the tables (``before``: markup above them)."""
    return (
        f"{before}"
        f'<h2 id="metagraph">Types and the relations between them</h2>'
        f'<div class="metagraph"><div id="graph" role="img" aria-label="types and relations"></div></div>\n'
        f'<script type="application/json" id="drugkg-data">{embed_json(data)}</script>\n{sections}'
    )


def overview_notes(overview: Overview) -> list[str]:
    """One line on the size of the graph."""
    return [
        f"{overview.nodes:,} entities of {len(overview.types)} types; {overview.edges:,} facts between them "
        f"({overview.inferred_edges:,} inferred) in {len(overview.relations)} relations between types."
    ]


WHOLE_TITLE = "the whole graph, by type"


def whole_graph_page(
    overview: Overview,
    *,
    type_pages: dict[str, str] | None = None,
    title: str = f"drugkg: {WHOLE_TITLE}",
    navigation: str = "",
    assets: str | None = None,
    notes: Sequence[str] = (),
) -> str:
    """The whole graph aggregated (``drugkg viz --all``, an explorer's ``graph.html``): one node
    per type sized and labelled by its count of entities, one arrow per pair of types labelled by
    its relations and their counts; a readable picture at any size, where every entity drawn
    would be thousands of unlabelled marks."""
    if overview.nodes == 0:
        body = '<p class="empty">This view is empty: the graph has no nodes to draw.</p>'
        return html_page(title, body, [], notes=list(notes), navigation=navigation, assets=assets)
    data = metagraph_data(overview, type_pages)
    body = (
        '<div class="graph-box"><div id="graph" role="img" aria-label="the whole graph by type"></div></div>\n'
        f'<script type="application/json" id="drugkg-data">{embed_json(data)}</script>'
    )
    opened = "Double-click a type to list its entities." if type_pages else "Hover a type or an arrow for its counts."
    return html_page(
        title,
        body,
        ["vis", "view"] if assets is None else ["vis", "view", "site"],
        notes=[*overview_notes(overview), *notes, f"Each type is one node, each arrow the facts between two. {opened}"],
        legend="",
        navigation=navigation,
        assets=assets,
        page_class="graph-page",
    )


def render_overview(
    overview: Overview,
    *,
    type_iris: dict[str, str] | None = None,
    title: str = "drugkg: overview",
    navigation: str = "",
    notes: Sequence[str] = (),
) -> str:
    """The overview as one self-contained page (the default of ``drugkg viz``)."""
    if overview.nodes == 0:
        body = '<p class="empty">This view is empty: the graph has no nodes to draw.</p>'
        return html_page(title, body, [], notes=list(notes), navigation=navigation)
    iris = type_iris if type_iris is not None else {t.name: t.iri for t in overview.types}
    sections = overview_sections(overview, type_iris=iris)
    hint = "Hover a type or a relation for its counts; each row of the tables gives the command that lists it."
    body = overview_body(overview, metagraph_data(overview), sections)
    return html_page(
        title,
        body,
        ["vis", "view"],
        notes=[*overview_notes(overview), *notes, hint],
        navigation=navigation,
        page_class="doc-page",
    )
