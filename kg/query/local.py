"""The embedded store: read-only SPARQL over an in-memory Oxigraph dataset, with a deadline.

Queries see the union of all named graphs as their default graph. Parameters are bound by the
engine (pyoxigraph ``substitutions``), never written into the query text. A query runs in a
forked worker process (:mod:`kg.query.worker`; the dataset is shared copy-on-write), so one that
runs past its deadline is stopped for real instead of burning a thread; the result is capped at
``max_rows``. Inside ``with dataset.session():`` one worker answers every query, instead of one
fork per query.

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
import multiprocessing
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import DrugKGError, InputError
from kg.namespaces import INFERRED_GRAPH_PREFIX, PREFIXES
from kg.query.library import NamedQuery, from_text, resolve_query
from kg.query.limits import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT
from kg.query.results import QueryResult
from kg.query.text import (
    Term,
    engine_error,
    has_order_by,
    mentions_variable,
    parse_term,
    query_form,
    syntax_error_message,
)
from kg.query.worker import (
    QueryTimeout,
    QueryWorker,
    fork_available,
    leave_signals_to_parent,
    result_payload,
    timeout_error,
)

__all__ = [
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "LocalStore",
    "QueryTimeout",
    "ResultTooLarge",
    "bind_parameters",
    "open_dataset",
    "run_with_deadline",
]


class ResultTooLarge(DrugKGError):
    """A result has more rows than allowed."""


def _fork_context() -> Any:
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def run_with_deadline(task: Callable[[], Any], timeout: float | None) -> Any:
    """Run ``task`` and return its value; stop it after ``timeout`` seconds (``None``: no limit).

    Where ``fork`` exists the task runs in a child process that is killed at the deadline;
    elsewhere in a daemon thread that is abandoned. Errors in the task are raised again here.
    """
    if timeout is None:
        return task()
    context = _fork_context()
    if context is None:
        return _run_in_thread(task, timeout)
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        leave_signals_to_parent()
        try:
            payload: tuple = ("ok", task())
        except BaseException as error:
            payload = ("error", error)
        try:
            sender.send(payload)
        except Exception as error:  # an unpicklable value or error
            sender.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise timeout_error(timeout)
        try:
            status, value = receiver.recv()
        except EOFError:
            process.join(5)
            raise DrugKGError(f"the query worker stopped unexpectedly (exit code {process.exitcode})") from None
    except BaseException:
        process.kill()
        process.join()
        raise
    finally:
        receiver.close()
    # The worker exits on its own once it has sent its answer. Not waiting for that saves the
    # teardown of its copy-on-write memory; multiprocessing reaps it at the next start or at exit.
    if status == "error":
        raise value
    return value


def _run_in_thread(task: Callable[[], Any], timeout: float) -> Any:
    outcome: list[tuple[str, Any]] = []

    def worker() -> None:
        try:
            outcome.append(("ok", task()))
        except BaseException as error:
            outcome.append(("error", error))

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    thread.join(timeout)
    if not outcome:
        raise timeout_error(timeout)
    status, value = outcome[0]
    if status == "error":
        raise value
    return value


def bind_parameters(
    query: NamedQuery,
    params: Mapping[str, str | Term] | None,
    names: Callable[[str], str | None] | None = None,
) -> dict[str, Term]:
    """The query's defaults overridden by ``params``, each value read as an RDF term.

    Every parameter must name a variable of the query; strings are read by
    :func:`kg.query.text.parse_term` (names of entities resolved through ``names``).
    """
    raw: dict[str, str | Term] = dict(query.defaults)
    raw.update(params or {})
    bound: dict[str, Term] = {}
    for name, value in raw.items():
        if not mentions_variable(query.text, name):
            raise InputError(f"the query has no variable ?{name} to bind")
        bound[name] = parse_term(value, names) if isinstance(value, str) else value
    return bound


def _result(payload: tuple, max_rows: int, ordered: bool) -> QueryResult:
    form = payload[0]
    if form == "ask":
        return QueryResult("ask", boolean=payload[1])
    if form == "too-large":
        raise ResultTooLarge(f"the result has more than {max_rows} rows; add a LIMIT or raise --max-rows")
    size = len(payload[-1])
    if size > max_rows:
        raise ResultTooLarge(f"the result has more than {max_rows} rows; add a LIMIT or raise --max-rows")
    if form == "graph":
        return QueryResult("graph", triples=payload[1])
    return QueryResult("select", variables=payload[1], rows=payload[2], ordered=ordered)


class LocalStore:
    """Read-only SPARQL over a pyoxigraph store (default graph = union of all graphs)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._names: Any = None
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

    def resolve_name(self, text: str) -> str | None:
        """The IRI of the one entity named ``text`` (label, synonym, brand, xref), else None."""
        from kg.views.names import NameIndex

        if self._names is None:
            self._names = NameIndex(self.store)
        try:
            found = self._names.candidates(text)
        except ValueError:  # text that cannot be an IRI names nothing
            return None
        if len(found) > 1:
            self._names.resolve(text)  # raises the one-line "ambiguous" error
        return next(iter(found), None)

    def query(
        self,
        query: str | NamedQuery,
        params: Mapping[str, str | Term] | None = None,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_rows: int = DEFAULT_MAX_ROWS,
        allow_service: bool = False,
        inferred: bool = True,
    ) -> QueryResult:
        """Run a named query, a query file, SPARQL text or a :class:`NamedQuery`.

        ``params`` bind variables (strings are read as terms; see :func:`kg.query.text.parse_term`).
        With ``inferred=False`` the graphs of inferred facts are left out of the dataset.
        Raises :class:`InputError` for Update, syntax errors and unknown names,
        :class:`QueryTimeout` past ``timeout`` seconds, :class:`ResultTooLarge` past ``max_rows``.
        """
        named = query if isinstance(query, NamedQuery) else resolve_query(query)
        query_form(named.text, allow_service=allow_service)
        bindings = bind_parameters(named, params, self.resolve_name)
        options: dict[str, Any] = {"prefixes": PREFIXES}
        if inferred:
            options["use_default_graph_as_union"] = True
        else:
            asserted = [g for g in self.store.named_graphs() if not g.value.startswith(INFERRED_GRAPH_PREFIX)]
            options["default_graph"] = [ox.DefaultGraph(), *asserted]
            options["named_graphs"] = asserted
        if bindings:
            options["substitutions"] = {ox.Variable(name): term for name, term in bindings.items()}
        text = named.text
        try:
            payload = self._run(text, options, max_rows, timeout)
        except SyntaxError as error:
            raise InputError(syntax_error_message(error)) from None
        except RuntimeError as error:
            raise engine_error(error, "the query failed") from None
        except OSError as error:
            raise InputError(f"the query failed: {error}") from None
        return _result(payload, max_rows, has_order_by(text))

    def _run(self, text: str, options: dict[str, Any], max_rows: int, timeout: float | None) -> tuple:
        """The query's payload: in this process without a timeout, else in a worker."""
        if timeout is None:
            return result_payload(self.store.query(text, **options), max_rows)
        if self._worker is not None:
            return self._worker.run(text, options, max_rows=max_rows, timeout=timeout)
        if not fork_available():
            return run_with_deadline(lambda: result_payload(self.store.query(text, **options), max_rows), timeout)
        with QueryWorker(self.store) as worker:
            return worker.run(text, options, max_rows=max_rows, timeout=timeout)

    def query_text(self, text: str, **kwargs: Any) -> QueryResult:
        """Run SPARQL text (never looked up as a file or name)."""
        return self.query(from_text(text), **kwargs)


def open_dataset(graph_file: Path | None = None, build_dir: Path | None = None) -> LocalStore:
    """``graph_file`` (bulk-loaded) if given, else the built drugkg graph (built first if needed)."""
    from kg.build.pipeline import open_built_store
    from kg.loading import load_file

    if graph_file is not None:
        store = ox.Store()
        load_file(store, Path(graph_file))
        return LocalStore(store)
    return LocalStore(open_built_store(build_dir))
