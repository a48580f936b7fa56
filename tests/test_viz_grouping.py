"""Busy nodes' neighbours grouped by relation and type (kg.views.grouping), and the views capped
for an explorer's pages."""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.namespaces import DK
from kg.views.grouping import (
    GROUP_THRESHOLD,
    MIN_GROUP,
    VISIBLE_LIMIT,
    capped_neighbourhood,
    group_view,
    link_of,
)
from kg.views.html import vis_data
from kg.views.network import View, build_network, neighbourhood


@pytest.fixture(scope="module")
def network(store: ox.Store) -> nx.MultiDiGraph:
    return build_network(store)


def star(sizes: dict[tuple[str, str], int], inferred: frozenset[str] = frozenset()) -> nx.MultiDiGraph:
    """A focus "f" linked to sizes[(relation, type)] neighbours of each relation and type."""
    graph = nx.MultiDiGraph()
    graph.add_node("f", label="focus", type="drug")
    for (relation, kind), count in sizes.items():
        for i in range(count):
            node = f"{relation}-{kind}-{i}"
            graph.add_node(node, label=f"{kind} {i:03}", type=kind)
            graph.add_edge("f", node, key=relation, label=relation, inferred=relation in inferred)
    return graph


def test_a_node_with_few_neighbours_is_not_grouped() -> None:
    graph = star({("treats", "condition"): GROUP_THRESHOLD})
    assert group_view(View(graph, "few", ("f",))).groups == []


def test_the_largest_sets_are_grouped_inferred_first_until_few_are_left() -> None:
    graph = star(
        {("member of", "drug class"): 30, ("interacts with", "drug"): 8, ("treats", "condition"): 3},
        inferred=frozenset({"interacts with"}),
    )
    groups = group_view(View(graph, "busy", ("f",))).groups
    assert [(g.predicate_label, g.type, len(g.members), g.inferred) for g in groups] == [
        ("interacts with", "drug", 8, True),
        ("member of", "drug class", 30, False),
    ]
    assert groups[0].label == "8 × drug" and groups[0].members == tuple(f"interacts with-drug-{i}" for i in range(8))
    shown = set(graph) - {m for g in groups for m in g.members}
    assert len(shown) - 1 + len(groups) <= GROUP_THRESHOLD


def test_many_small_sets_are_grouped_by_relation_then_together() -> None:
    sizes = {(f"relation {r}", f"type {r % 3}"): MIN_GROUP - 1 for r in range(40)}
    groups = group_view(View(star(sizes), "small sets", ("f",))).groups
    hidden = {m for g in groups for m in g.members}
    assert len(set(star(sizes)) - hidden) - 1 + len(groups) <= GROUP_THRESHOLD
    assert groups[-1].label == f"{len(groups[-1].members)} others" and groups[-1].predicate == ""


def test_a_view_without_a_focus_is_never_grouped(network: nx.MultiDiGraph) -> None:
    assert group_view(View(network, "whole")).groups == []


def test_clonazepams_neighbours_are_grouped_and_every_node_stays_in_the_data(network: nx.MultiDiGraph) -> None:
    view = neighbourhood(network, str(DK.clonazepam), 1)
    grouping = group_view(view)
    hidden = grouping.group_of
    assert grouping.groups and set(hidden) < set(view.graph)
    visible_neighbours = len(view.graph) - 1 - len(hidden)
    assert visible_neighbours + len(grouping.groups) <= GROUP_THRESHOLD
    for group in grouping.groups:
        for member in group.members:  # each member is linked to the parent as the group says ("" mixes)
            link = link_of(view.graph, group.parent, member)
            assert group.predicate in ("", link.predicate) and group.type in ("", view.graph.nodes[member]["type"])
            assert group.outgoing == link.outgoing or not group.predicate
    # the dangerous combinations stay in sight
    interactions = [n for n in view.graph if view.graph.nodes[n]["type"] == "drug interaction"]
    assert interactions and not set(interactions) & set(hidden)
    data = vis_data(view, grouping=grouping)
    assert len(data["nodes"]) == view.graph.number_of_nodes() and len(data["edges"]) == view.graph.number_of_edges()
    assert sorted(i for g in data["groups"] for i in g["members"]) == sorted(
        i for i, node in enumerate(data["nodes"]) if "group" in node
    )


def test_capped_neighbourhood_keeps_at_most_cap_per_relation_and_counts_the_rest() -> None:
    graph = star({("member of", "drug class"): 30, ("treats", "condition"): 5})
    graph.graph["type_styles"] = {}
    view = capped_neighbourhood(graph, "f", 1, cap=10)
    kept = [n for n in view.graph if n.startswith("member of")]
    assert kept == sorted(kept) and len(kept) == 10 and kept[0] == "member of-drug class-0"
    assert view.omitted_links == {("f", "member of", True, "drug class"): 20}
    assert {n for n in view.graph if n.startswith("treats")} == {f"treats-condition-{i}" for i in range(5)}
    group = next(g for g in group_view(view).groups if g.predicate == "member of")
    assert (group.more, group.count, group.label) == (20, 30, "30 × drug class")


def test_capped_neighbourhood_equals_the_neighbourhood_when_nothing_is_capped(network: nx.MultiDiGraph) -> None:
    for name in ("clonazepam", "alcohol", "benzodiazepine", "anxiety"):
        capped = capped_neighbourhood(network, str(DK[name]), 1, cap=1000)
        full = neighbourhood(network, str(DK[name]), 1)
        assert (list(capped.graph.edges(keys=True, data=True)), capped.title) == (
            list(full.graph.edges(keys=True, data=True)),
            full.title,
        )
        assert capped.omitted_links == {}


def two_hops(first: int, second: int) -> nx.MultiDiGraph:
    """A focus "f" with ``first`` classes, each with ``second`` members of its own."""
    graph = nx.MultiDiGraph()
    graph.add_node("f", label="focus", type="drug")
    for i in range(first):
        graph.add_node(f"c{i}", label=f"class {i:02}", type="drug class")
        graph.add_edge("f", f"c{i}", key="memberOf", label="member of", inferred=False)
        for j in range(second):
            graph.add_node(f"c{i}m{j}", label=f"member {i:02} {j:03}", type="drug")
            graph.add_edge(f"c{i}m{j}", f"c{i}", key="memberOf", label="member of", inferred=False)
    return graph


def drawn(view: View) -> tuple[set[str], list]:
    """The nodes drawn before any group is opened, and the groups (drawn as one node each)."""
    grouping = group_view(view)
    return set(view.graph) - set(grouping.group_of), grouping.groups


def test_the_second_hop_shares_a_budget_of_drawn_nodes() -> None:
    graph = two_hops(20, 30)  # 621 nodes within two hops
    view = View(graph, "f", ("f",))
    nodes, groups = drawn(view)
    assert {f"c{i}" for i in range(20)} | {"f"} == nodes  # the first hop drawn, each class's members grouped
    assert sorted((g.parent, g.count) for g in groups) == sorted((f"c{i}", 30) for i in range(20))
    assert len(nodes) + len(groups) <= VISIBLE_LIMIT
    hidden = {m for g in groups for m in (*g.members, *g.extra)}
    assert hidden | nodes == set(graph)  # nothing lost: every node drawn or in a group


def test_a_small_second_hop_is_drawn_whole() -> None:
    graph = two_hops(4, 5)  # 25 nodes: within the budget, nothing grouped
    nodes, groups = drawn(View(graph, "f", ("f",)))
    assert (nodes, groups) == (set(graph), [])
