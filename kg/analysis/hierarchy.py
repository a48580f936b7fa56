"""A small directed graph of links between entities, for the medication check's class hierarchy.

It holds the little the check asks of a graph (nodes, edges with data, shortest paths from one
node) and gives the same shortest paths as ``networkx.single_source_shortest_path``, ties included
(breadth first, neighbours in the order their edges were added), without importing networkx: a
``drugkg check`` starts that much faster.

>>> links = Links()
>>> links.add_edge("a", "b", via="x")
>>> links.add_edge("b", "c", via="y")
>>> links.add_edge("a", "c", via="z")
>>> links.shortest_paths_from("a")
{'a': ['a'], 'b': ['a', 'b'], 'c': ['a', 'c']}
>>> links.edges["a", "b"], links.has_edge("c", "a"), "c" in links
({'via': 'x'}, False, True)
"""

from __future__ import annotations

from typing import Any

__all__ = ["Links"]


class Links:
    """Directed links between nodes (strings), each with a dict of data."""

    def __init__(self) -> None:
        self._out: dict[str, dict[str, dict[str, Any]]] = {}
        #: The data of each link, by (source, target).
        self.edges: dict[tuple[str, str], dict[str, Any]] = {}

    def __contains__(self, node: object) -> bool:
        return node in self._out

    def has_edge(self, source: str, target: str) -> bool:
        return (source, target) in self.edges

    def add_edge(self, source: str, target: str, **data: Any) -> None:
        """Add the link (or update its data), and both nodes."""
        self._out.setdefault(target, {})
        attributes = self._out.setdefault(source, {}).setdefault(target, {})
        attributes.update(data)
        self.edges[source, target] = attributes

    def shortest_paths_from(self, source: str, stop_at: frozenset[str] = frozenset()) -> dict[str, list[str]]:
        """The shortest path from ``source`` to every node it reaches, as networkx gives them; a
        path may end at a node of ``stop_at`` but not go on from it.

        >>> links = Links()
        >>> links.add_edge("a", "b")
        >>> links.add_edge("b", "c")
        >>> links.shortest_paths_from("a", stop_at=frozenset({"b"}))
        {'a': ['a'], 'b': ['a', 'b']}
        """
        paths = {source: [source]}
        level = [source]
        while level:
            following = []
            for node in level:
                if node in stop_at:
                    continue
                for target in self._out.get(node, {}):
                    if target not in paths:
                        paths[target] = [*paths[node], target]
                        following.append(target)
            level = following
        return paths
