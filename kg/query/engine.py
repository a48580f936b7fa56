"""Running the package's own fixed SELECT queries on an Oxigraph store, typed.

User-derived values go in only as bindings (pyoxigraph substitutions), never into the text.
A bound variable must appear in the query's projection.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("1"), ox.NamedNode("http://x/g")))
>>> [row["o"].value for row in select_rows(store, "SELECT ?s ?o WHERE { ?s ?p ?o }", {"s": ox.NamedNode("http://x/a")})]
['1']
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from kg.graph_facts import Term

__all__ = ["select_rows"]


def select_rows(
    store: ox.Store, query: str, bindings: Mapping[str, Term] | None = None, *, union: bool = True
) -> ox.QuerySolutions:
    """Run a fixed SELECT; ``union`` makes the default graph the union of all graphs."""
    substitutions: dict[ox.Variable, Term] = {ox.Variable(name): term for name, term in (bindings or {}).items()}
    solutions = store.query(query, use_default_graph_as_union=union, substitutions=substitutions or None)
    if not isinstance(solutions, ox.QuerySolutions):
        raise TypeError("select_rows() runs SELECT queries only")
    return solutions
