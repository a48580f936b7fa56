"""Readable views of busy nodes: neighbours grouped by relation and type, shown as one node each.

A view with a focus (a neighbourhood, a class, the chains between two entities) is walked from
the focus outwards. Every node reached is linked to the node it was reached from by one
relation (:func:`link_of`: an asserted edge before an inferred one, then by the relation's
label), and a node's newly reached neighbours are split by that relation, its direction and
their type. When a node has more than :data:`GROUP_THRESHOLD` of them, its largest such sets
(inferred ones first) become :class:`Group` s, until at most the threshold is left to show: a
page draws a group as one node ("24 × drug", linked by "member of") and shows its members when
it is clicked. Nodes reached only through a grouped node are revealed with that group.

For a folder of pages, :func:`capped_neighbourhood` keeps at most ``cap`` neighbours per such
set in the first place (asserted links first, then by label) and counts the rest, which the page
shows as "and N more": a page stays small however many neighbours a hub has, and
:func:`without_inferred_between_neighbours` leaves out the inferred facts between two of the
focus's neighbours (each is on those neighbours' own pages): a class hierarchy's transitive
closure, inferred, would otherwise repeat on every page below it.

>>> import networkx as nx
>>> from kg.views.network import View
>>> g = nx.MultiDiGraph()
>>> g.add_node("f", label="focus", type="drug")
>>> for i in range(30):
...     g.add_node(f"c{i}", label=f"class {i:02}", type="drug class")
...     _ = g.add_edge("f", f"c{i}", key="memberOf", label="member of", inferred=False)
>>> grouping = group_view(View(g, "f", ("f",)))
>>> [(group.parent, group.predicate_label, group.type, len(group.members)) for group in grouping.groups]
[('f', 'member of', 'drug class', 30)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx

from kg.views.network import NetworkReader, View, _check_node, _induced

__all__ = [
    "GROUP_THRESHOLD",
    "MIN_GROUP",
    "SITE_MEMBER_CAP",
    "VISIBLE_LIMIT",
    "Group",
    "Grouping",
    "LinkKey",
    "capped_neighbourhood",
    "group_view",
    "link_of",
    "without_inferred_between_neighbours",
]

#: A node with more newly reached neighbours than this gets some of them grouped.
GROUP_THRESHOLD = 24
#: About the most nodes (groups counted) a view draws before a group is opened: the nodes of
#: each further hop share what is left of it, and are grouped beyond their share.
VISIBLE_LIMIT = 60
#: The fewest neighbours (of one relation, direction and type) made into a group.
MIN_GROUP = 4
#: At most this many neighbours per relation, direction and type on a page of an explorer.
SITE_MEMBER_CAP = 25

#: (parent node, relation IRI, parent is the subject, type of the neighbours); "" for a relation
#: or type when a group mixes several.
LinkKey = tuple[str, str, bool, str]


@dataclass(frozen=True)
class Link:
    """The relation that links a node to the node it was reached from."""

    predicate: str
    label: str
    outgoing: bool
    inferred: bool


def link_of(graph: nx.MultiDiGraph, parent: str, child: str) -> Link:
    """The one relation shown between ``parent`` and ``child``: asserted before inferred, then
    the least label, an edge out of the parent before one into it."""
    best: tuple[bool, str, bool, str] | None = None
    for incoming, keyed in ((False, graph._succ[parent].get(child)), (True, graph._pred[parent].get(child))):
        for key, data in (keyed or {}).items():
            candidate = (bool(data.get("inferred")), str(data.get("label", key)), incoming, str(key))
            if best is None or candidate < best:
                best = candidate
    if best is None:
        raise ValueError(f"{child} is not linked to {parent}")
    inferred, label, incoming, predicate = best
    return Link(predicate, label, not incoming, inferred)


@dataclass(frozen=True)
class Group:
    """Neighbours of one node shown as a single node until opened."""

    parent: str
    predicate: str
    predicate_label: str
    outgoing: bool
    type: str
    #: The neighbours linked to ``parent``, in the order shown.
    members: tuple[str, ...]
    #: Every member's link is inferred.
    inferred: bool
    #: Nodes reached only through the members, revealed with them.
    extra: tuple[str, ...] = ()
    #: Neighbours of this kind that the view left out (:func:`capped_neighbourhood`).
    more: int = 0

    @property
    def count(self) -> int:
        """How many neighbours the group stands for (shown or left out)."""
        return len(self.members) + self.more

    @property
    def label(self) -> str:
        """The group node's label: "24 × drug", "5 × various" (types mixed), "9 others" (relations mixed)."""
        if self.type:
            return f"{self.count} × {self.type}"
        return f"{self.count} × various" if self.predicate else f"{self.count} others"

    @property
    def key(self) -> LinkKey:
        return (self.parent, self.predicate, self.outgoing, self.type)


@dataclass
class Grouping:
    """The groups of a view, and which group hides each hidden node."""

    groups: list[Group] = field(default_factory=list)

    @property
    def group_of(self) -> dict[str, int]:
        """The index of the group that reveals each hidden node."""
        return {node: i for i, group in enumerate(self.groups) for node in (*group.members, *group.extra)}


def _sort_key(graph: nx.MultiDiGraph, node: str) -> tuple[str, str]:
    return (str(graph.nodes[node].get("label", node)).casefold(), node)


def _choose_groups(
    graph: nx.MultiDiGraph,
    parent: str,
    children: Sequence[str],
    links: dict[str, Link],
    threshold: int,
    min_group: int,
    omitted: dict[LinkKey, int],
) -> list[Group]:
    """The groups among ``children`` of ``parent`` (see the module docstring)."""

    def type_of(node: str) -> str:
        return str(graph.nodes[node].get("type", ""))

    parts: dict[tuple[str, bool, str], list[str]] = defaultdict(list)
    for child in children:
        link = links[child]
        parts[(link.predicate, link.outgoing, type_of(child))].append(child)
    forced = {key for key in parts if omitted.get((parent, *key), 0)}
    if len(children) <= threshold and not forced:
        return []

    def make(key: tuple[str, bool, str], members: list[str]) -> Group:
        predicate, outgoing, kind = key
        label = links[members[0]].label if predicate else "other relations"
        return Group(
            parent,
            predicate,
            label,
            outgoing,
            kind,
            tuple(members),
            all(links[m].inferred for m in members),
            more=omitted.get((parent, *key), 0),
        )

    groups: list[Group] = []
    shown = len(children)
    order = sorted(
        parts.items(),
        key=lambda item: (item[0] not in forced, not all(links[m].inferred for m in item[1]), -len(item[1]), item[0]),
    )
    grouped: set[str] = set()
    for key, members in order:
        if key in forced or (shown > threshold and len(members) >= min_group):
            groups.append(make(key, members))
            grouped.update(members)
            shown -= len(members) - 1
    if shown > threshold:  # many small sets: by relation alone
        by_relation: dict[tuple[str, bool, str], list[str]] = defaultdict(list)
        for child in children:
            if child not in grouped:
                by_relation[(links[child].predicate, links[child].outgoing, "")].append(child)
        for key, members in sorted(by_relation.items(), key=lambda item: (-len(item[1]), item[0])):
            if shown > threshold and len(members) >= min_group:
                groups.append(make(key, members))
                grouped.update(members)
                shown -= len(members) - 1
    if shown > threshold:  # still too many: the rest in one group
        rest = [child for child in children if child not in grouped][max(0, threshold - len(groups) - 1) :]
        if len(rest) > 1:
            groups.append(make(("", True, ""), rest))
    return groups


def group_view(
    view: View, threshold: int = GROUP_THRESHOLD, min_group: int = MIN_GROUP, budget: int = VISIBLE_LIMIT
) -> Grouping:
    """The groups of ``view`` (none for a view without a focus: the whole graph).

    Each node shown gets at most ``threshold`` new neighbours shown, and the nodes of one hop
    share what is left of ``budget`` (each at least one node: a group), so a neighbourhood of
    two hops draws about ``budget`` nodes, however many it holds.
    """
    graph = view.graph
    seeds = [node for node in view.focus if node in graph]
    if not seeds:
        return Grouping()
    groups: list[Group] = []
    hidden_in: dict[str, int] = {}
    extra: dict[int, list[str]] = defaultdict(list)
    reached = set(seeds)
    frontier = list(seeds)
    visible = len(seeds)
    while frontier:
        following: list[str] = []
        shown_parents = sum(1 for parent in frontier if parent not in hidden_in)
        share = max(1, min(threshold, (budget - visible) // max(1, shown_parents)))
        for parent in frontier:
            children = sorted(
                {n for n in (*graph.successors(parent), *graph.predecessors(parent)) if n not in reached},
                key=lambda n: _sort_key(graph, n),
            )
            if not children:
                continue
            reached.update(children)
            following.extend(children)
            if parent in hidden_in:  # reached through a grouped node: revealed with its group
                for child in children:
                    hidden_in[child] = hidden_in[parent]
                    extra[hidden_in[parent]].append(child)
                continue
            links = {child: link_of(graph, parent, child) for child in children}
            chosen = _choose_groups(graph, parent, children, links, share, min_group, view.omitted_links)
            for group in chosen:
                for member in group.members:
                    hidden_in[member] = len(groups)
                groups.append(group)
            visible += len(children) - sum(len(group.members) - 1 for group in chosen)
        frontier = following
    done = [
        Group(
            g.parent, g.predicate, g.predicate_label, g.outgoing, g.type, g.members, g.inferred, tuple(extra[i]), g.more
        )
        for i, g in enumerate(groups)
    ]
    return Grouping(done)


def capped_neighbourhood(network: nx.MultiDiGraph, focus: str, depth: int = 1, cap: int = SITE_MEMBER_CAP) -> View:
    """The neighbourhood of ``focus`` within ``depth`` hops, keeping at most ``cap`` neighbours of
    each node per relation, direction and type (asserted links first, then by label); the view's
    ``omitted_links`` counts the others."""
    reader = NetworkReader(network)
    _check_node(reader, focus)
    kept = {focus}
    omitted: dict[LinkKey, int] = {}
    frontier = [focus]
    for _ in range(depth):
        following: list[str] = []
        for parent in frontier:
            children = {n for n in reader.neighbours(parent) if n not in kept}
            parts: dict[tuple[str, bool, str], list[tuple[bool, tuple[str, str]]]] = defaultdict(list)
            for child in children:
                link = link_of(network, parent, child)
                key = (link.predicate, link.outgoing, str(network.nodes[child].get("type", "")))
                parts[key].append((link.inferred, _sort_key(network, child)))
            for key, members in parts.items():
                members.sort()
                chosen = [node for _, (_, node) in members[:cap]]
                if len(members) > cap:
                    omitted[(parent, *key)] = len(members) - cap
                kept.update(chosen)
                following.extend(chosen)
        frontier = following
    hops = "hop" if depth == 1 else "hops"
    title = f"{reader.label_of(focus)}: neighbourhood within {depth} {hops}"
    return View(_induced(network, kept), title, (focus,), omitted_links=omitted)


def without_inferred_between_neighbours(view: View) -> View:
    """``view`` without the inferred edges between two neighbours of its focus (changed in place;
    the focus's own edges, inferred or not, and the asserted edges between neighbours stay).
    Edges to nodes further out stay, so every node stays linked to the focus."""
    graph = view.graph
    near = {n for focus in view.focus if focus in graph for n in (*graph.successors(focus), *graph.predecessors(focus))}
    near -= set(view.focus)
    dropped = [
        (s, o, key)
        for s, o, key, inferred in graph.edges(keys=True, data="inferred")
        if inferred and s in near and o in near
    ]
    graph.remove_edges_from(dropped)
    return view
