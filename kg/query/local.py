"""The embedded store: the :class:`~kg.query.service.QueryService` over an in-memory Oxigraph dataset.

Queries see the union of all named graphs as their default graph. Parameters are bound as a
``VALUES`` block opening the WHERE group, each term written by pyoxigraph
(:func:`kg.query.text.with_values`, as for an endpoint), never spliced into the query text. A query with a
``timeout`` runs in a forked worker process (:mod:`kg.query.worker`; the dataset is shared
copy-on-write), so one that runs past its deadline is stopped for real instead of burning a
thread (only where ``fork`` is missing does it run in a thread, abandoned at the deadline); the
result is capped at ``max_rows``. Inside ``with dataset.session():`` one worker answers every
query, instead of one fork per query. ``timeout=None`` runs the query in this process.

>>> store = ox.Store()
>>> from kg.namespaces import DK, DKG, DKV
>>> drug, member_of, klass = (ox.NamedNode(str(iri)) for iri in (DK.clonazepam, DKV.memberOf, DK.benzodiazepine))
>>> store.add(ox.Quad(drug, member_of, klass, ox.NamedNode(str(DKG.example))))
>>> dataset = LocalStore(store)
>>> dataset.query("ASK { dk:clonazepam dkv:memberOf dk:benzodiazepine }").boolean
True
>>> result = dataset.query("SELECT ?drug ?class WHERE { ?drug dkv:memberOf ?class }", {"drug": "dk:clonazepam"})
>>> sorted(result.display_rows())
[('dk:clonazepam', 'dk:benzodiazepine')]
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import InputError
from kg.graph_facts import Term, is_inferred_graph
from kg.namespaces import PREFIXES
from kg.query.library import NamedQuery
from kg.query.results import QueryResult
from kg.query.service import QueryOptions, QueryService, ResultTooLarge, too_large
from kg.query.text import engine_error, has_order_by, syntax_error_message, with_values
from kg.query.worker import QueryTimeout, QueryWorker, fork_available, result_payload, timeout_error
from kg.stores import open_store

__all__ = ["LocalStore", "QueryTimeout", "ResultTooLarge", "open_dataset", "open_store"]


def _run_in_thread(task: Callable[[], Any], timeout: float) -> Any:
    """``task()`` in a daemon thread, abandoned at the deadline (where no worker can be forked)."""
    outcome: list[tuple[str, Any]] = []

    def run() -> None:
        try:
            outcome.append(("ok", task()))
        except BaseException as error:
            outcome.append(("error", error))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    if not outcome:
        raise timeout_error(timeout)
    status, value = outcome[0]
    if status == "error":
        raise value
    return value


def _result(payload: tuple, max_rows: int, ordered: bool) -> QueryResult:
    form = payload[0]
    if form == "ask":
        return QueryResult("ask", boolean=payload[1])
    if form == "too-large":
        raise too_large(max_rows)
    if form == "graph":
        return QueryResult("graph", triples=payload[1])
    return QueryResult("select", variables=payload[1], rows=payload[2], ordered=ordered)


class LocalStore(QueryService):
    """Read-only SPARQL over a pyoxigraph store (default graph = union of all graphs)."""

    def __init__(self, store: ox.Store) -> None:
        super().__init__()
        self.store = store
        self._worker: QueryWorker | None = None

    @contextlib.contextmanager
    def session(self) -> Iterator[LocalStore]:
        """Answer the queries made inside the block with one worker process, forked once.

        That saves a fork per query (10 to 20 ms with a million triples). The worker sees the store
        as it was when it was forked: do not change the store inside the block.
        """
        if self._worker is not None or not fork_available():
            yield self
            return
        with QueryWorker(self.store) as worker:
            self._worker = worker
            try:
                yield self
            finally:
                self._worker = None

    def _name_store(self) -> ox.Store:
        return self.store

    def _answer(self, query: NamedQuery, bindings: dict[str, Term], options: QueryOptions, form: str) -> QueryResult:
        engine_options: dict[str, Any] = {"prefixes": PREFIXES}
        if options.inferred:
            engine_options["use_default_graph_as_union"] = True
        else:
            asserted = [graph for graph in self.store.named_graphs() if not is_inferred_graph(graph)]
            engine_options["default_graph"] = [ox.DefaultGraph(), *asserted]
            engine_options["named_graphs"] = asserted
        # bound as a VALUES block (as an endpoint gets them), which Oxigraph plans with: see kg.query.engine
        text = with_values(query.text, bindings, form)
        try:
            payload = self._payload(text, engine_options, options.max_rows, options.timeout)
        except SyntaxError as error:
            raise InputError(syntax_error_message(error)) from None
        except RuntimeError as error:
            raise engine_error(error, "the query failed") from None
        except OSError as error:
            raise InputError(f"the query failed: {error}") from None
        return _result(payload, options.max_rows, has_order_by(query.text))

    def _payload(self, text: str, options: dict[str, Any], max_rows: int, timeout: float | None) -> tuple:
        """The query's payload: in this process without a timeout, else in a worker."""
        if timeout is None:
            return result_payload(self.store.query(text, **options), max_rows)
        if self._worker is not None:
            return self._worker.run(text, options, max_rows=max_rows, timeout=timeout)
        if not fork_available():
            return _run_in_thread(lambda: result_payload(self.store.query(text, **options), max_rows), timeout)
        with QueryWorker(self.store) as worker:
            return worker.run(text, options, max_rows=max_rows, timeout=timeout)


def open_dataset(graph_file: Path | None = None, build_dir: Path | None = None) -> LocalStore:
    """The :class:`LocalStore` of :func:`open_store` (``graph_file``, else the built drugkg graph)."""
    return LocalStore(open_store(graph_file, build_dir))
