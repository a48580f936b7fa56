"""Running the package's own fixed SELECT queries on an Oxigraph store, typed.

User-derived values go in only as bindings, never spliced into the text: a ``VALUES`` block opening
the WHERE group, each term written by pyoxigraph (:func:`kg.query.text.with_values`). Oxigraph plans
a query with that block from the bound terms; pyoxigraph's ``substitutions`` are applied after the
plan is made, which makes a lookup of one entity in a large store up to a hundred times slower
(``benchmarks/bench_lookup.py``).

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
    from kg.query.text import with_values

    solutions = store.query(with_values(query, bindings or {}), use_default_graph_as_union=union)
    if not isinstance(solutions, ox.QuerySolutions):
        raise TypeError("select_rows() runs SELECT queries only")
    return solutions
