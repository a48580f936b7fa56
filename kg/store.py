"""The embedded store: read-only SPARQL over an in-memory Oxigraph dataset, with a deadline.

Queries see the union of all named graphs as their default graph. Parameters are bound by the
engine (pyoxigraph ``substitutions``), never written into the query text. A query runs in a
forked worker process (the dataset is shared copy-on-write), so one that runs past its deadline
is stopped for real instead of burning a thread; the result is capped at ``max_rows``. SELECT
rows stream back as SPARQL TSV that the engine writes in the worker and reads here at the same
time, on the other core.

>>> store = ox.Store()
>>> from kg.namespaces import DK, DKG, DKV
>>> drug, member_of, klass = (ox.NamedNode(str(iri)) for iri in (DK.clonazepam, DKV.memberOf, DK.benzodiazepine))
>>> store.add(ox.Quad(drug, member_of, klass, ox.NamedNode(str(DKG.example))))
>>> dataset = Dataset(store)
>>> dataset.query("ASK { dk:clonazepam dkv:memberOf dk:benzodiazepine }").boolean
True
>>> result = dataset.query("SELECT ?drug ?class WHERE { ?drug dkv:memberOf ?class }", {"drug": "dk:clonazepam"})
>>> sorted(result.display_rows())
[('dk:clonazepam', 'dk:benzodiazepine')]
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import select
import signal
import threading
import time
from collections.abc import Callable, Mapping
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.defaults import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT
from kg.errors import DrugKGError, InputError
from kg.namespaces import INFERRED_GRAPH_PREFIX, PREFIXES
from kg.queries import NamedQuery, from_text, resolve_query
from kg.results import QueryResult
from kg.sparql import (
    Term,
    engine_error,
    has_order_by,
    mentions_variable,
    parse_term,
    query_form,
    syntax_error_message,
)

__all__ = [
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "Dataset",
    "QueryTimeout",
    "ResultTooLarge",
    "bind_parameters",
    "open_dataset",
    "run_with_deadline",
]


class QueryTimeout(DrugKGError):
    """A query ran past its deadline and was stopped."""


class ResultTooLarge(DrugKGError):
    """A result has more rows than allowed."""


def _materialise(store: ox.Store, text: str, options: dict[str, Any], max_rows: int) -> tuple:
    """Run the query and collect at most ``max_rows + 1`` rows (picklable, for the worker pipe)."""
    return _payload(store.query(text, **options), max_rows)


def _payload(result: Any, max_rows: int) -> tuple:
    """A query result as at most ``max_rows + 1`` rows (picklable, for the worker pipe)."""
    if isinstance(result, ox.QueryBoolean):
        return ("ask", bool(result))
    if isinstance(result, ox.QueryTriples):
        return ("graph", list(islice(result, max_rows + 1)))
    variables = [v.value for v in result.variables]
    if variables:  # rows cross the pipe as TSV written and read by the engine, far cheaper than pickles
        buffer = _TsvBuffer(max_rows)
        try:
            result.serialize(buffer, format=ox.QueryResultsFormat.TSV)  # type: ignore[arg-type]
        except _TooManyRows:
            return ("too-large",)
        return ("select-tsv", variables, b"".join(buffer.parts))
    rows = [() for _ in islice(result, max_rows + 1)]
    return ("select", variables, rows)


class _TooManyRows(Exception):
    """Raised from inside the engine's serialiser to stop it once the row cap is passed."""


class _TsvBuffer:
    """Collects SPARQL TSV results (a header line, then one line per row) up to ``max_rows`` rows."""

    def __init__(self, max_rows: int) -> None:
        self.parts: list[bytes] = []
        self.lines = 0
        self.max_lines = max_rows + 1

    def write(self, data: bytes) -> int:
        chunk = bytes(data)
        self.parts.append(chunk)
        self.lines += chunk.count(b"\n")
        if self.lines > self.max_lines:
            raise _TooManyRows
        return len(chunk)

    def flush(self) -> None:
        """Nothing to flush: the bytes are kept in memory."""


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
        # The parent owns Ctrl-C and stops this worker itself; SIGTERM (sent by multiprocessing at
        # the parent's exit) ends it quietly instead of raising the parent's KeyboardInterrupt here.
        with contextlib.suppress(ValueError):  # only a main thread may set handlers
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
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
            raise QueryTimeout(
                f"the query ran longer than {timeout:g} s and was stopped (raise --timeout or narrow it)"
            )
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
        raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped (raise --timeout or narrow it)")
    status, value = outcome[0]
    if status == "error":
        raise value
    return value


class _DeadlineReader(io.RawIOBase):
    """The read end of the worker's pipe; past the deadline it reads as empty and says so."""

    def __init__(self, fd: int, deadline: float) -> None:
        self.fd, self.deadline = fd, deadline
        self.timed_out = self.interrupted = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        # Ctrl-C (or SIGTERM) must not be lost inside the engine's parser: noted, and raised after
        remaining = self.deadline - time.monotonic()
        try:
            ready = remaining > 0 and select.select([self.fd], [], [], remaining)[0]
        except KeyboardInterrupt:
            self.interrupted = True
            return 0
        if not ready:
            self.timed_out = True
            return 0
        data = os.read(self.fd, len(buffer))
        buffer[: len(data)] = data
        return len(data)


class _PipeWriter:
    """The worker's side: TSV bytes into the pipe, stopping once more than ``max_rows`` rows went."""

    def __init__(self, fd: int, max_rows: int) -> None:
        self.fd, self.lines, self.max_lines = fd, 0, max_rows + 1

    def write(self, data: bytes) -> int:
        chunk = memoryview(data)
        self.lines += bytes(chunk).count(b"\n")
        if self.lines > self.max_lines:
            raise _TooManyRows
        while chunk:
            chunk = chunk[os.write(self.fd, chunk) :]
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: every write goes straight into the pipe."""


def _timeout_error(timeout: float) -> QueryTimeout:
    return QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped (raise --timeout or narrow it)")


def _query_in_worker(store: ox.Store, text: str, options: dict[str, Any], max_rows: int, timeout: float) -> tuple:
    """The payload of :func:`_materialise`, from a forked worker killed at the deadline; SELECT rows
    arrive as ``("select-rows", variables, rows)``, parsed while the worker still writes them."""
    context = _fork_context()
    if context is None:
        return run_with_deadline(lambda: _materialise(store, text, options, max_rows), timeout)
    deadline = time.monotonic() + timeout
    control, control_sender = context.Pipe(duplex=False)
    data_fd, data_sender = os.pipe()

    def child() -> None:
        with contextlib.suppress(ValueError):  # see run_with_deadline
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.close(data_fd)
        try:
            result = store.query(text, **options)
            if isinstance(result, ox.QuerySolutions) and result.variables:
                control_sender.send(("select-stream", [v.value for v in result.variables]))
                try:
                    result.serialize(_PipeWriter(data_sender, max_rows), format=ox.QueryResultsFormat.TSV)  # type: ignore[arg-type]
                    end: tuple = ("done",)
                except _TooManyRows:
                    end = ("too-large",)
            else:
                end = ("ok", _payload(result, max_rows))
        except BaseException as error:
            end = ("error", error)
        os.close(data_sender)  # the parent's reading ends here
        try:
            control_sender.send(end)
        except Exception as error:  # an unpicklable value or error
            control_sender.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))

    process = context.Process(target=child, daemon=True)
    process.start()
    control_sender.close()
    os.close(data_sender)
    reader = _DeadlineReader(data_fd, deadline)

    def next_message() -> tuple:
        if not control.poll(max(deadline - time.monotonic(), 0)):
            raise _timeout_error(timeout)
        try:
            return control.recv()
        except EOFError:
            process.join(5)
            raise DrugKGError(f"the query worker stopped unexpectedly (exit code {process.exitcode})") from None

    try:
        message = next_message()
        rows: list[tuple] = []
        if message[0] == "select-stream":
            variables = message[1]
            with contextlib.suppress(SyntaxError, OSError, ValueError):  # a cut stream: the worker says why next
                solutions = ox.parse_query_results(io.BufferedReader(reader), format=ox.QueryResultsFormat.TSV)
                rows = [tuple(solution) for solution in solutions]  # type: ignore[union-attr]
            if reader.interrupted:
                raise KeyboardInterrupt
            if reader.timed_out:
                raise _timeout_error(timeout)
            message = next_message()
            if message[0] == "done":
                return ("select-rows", variables, rows)
        if message[0] == "error":
            raise message[1]
        return message[1] if message[0] == "ok" else message
    except BaseException:
        process.kill()
        process.join()
        raise
    finally:
        control.close()
        os.close(data_fd)
    # The worker exits on its own once it has sent its answer (see run_with_deadline).


def bind_parameters(
    query: NamedQuery,
    params: Mapping[str, str | Term] | None,
    names: Callable[[str], str | None] | None = None,
) -> dict[str, Term]:
    """The query's defaults overridden by ``params``, each value read as an RDF term.

    Every parameter must name a variable of the query; strings are read by
    :func:`kg.sparql.parse_term` (names of entities resolved through ``names``).
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
    if form == "select-rows":
        if len(payload[2]) > max_rows:
            raise ResultTooLarge(f"the result has more than {max_rows} rows; add a LIMIT or raise --max-rows")
        return QueryResult("select", variables=payload[1], rows=payload[2], ordered=ordered)
    if form == "select-tsv":
        solutions = ox.parse_query_results(payload[2], format=ox.QueryResultsFormat.TSV)
        rows = [tuple(solution) for solution in solutions]  # type: ignore[union-attr]
        return QueryResult("select", variables=payload[1], rows=rows, ordered=ordered)
    size = len(payload[-1])
    if size > max_rows:
        raise ResultTooLarge(f"the result has more than {max_rows} rows; add a LIMIT or raise --max-rows")
    if form == "graph":
        return QueryResult("graph", triples=payload[1])
    return QueryResult("select", variables=payload[1], rows=payload[2], ordered=ordered)


class Dataset:
    """Read-only SPARQL over a pyoxigraph store (default graph = union of all graphs)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._names: Any = None

    def resolve_name(self, text: str) -> str | None:
        """The IRI of the one entity named ``text`` (label, synonym, brand, xref), else None."""
        from kg.names import NameIndex

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

        ``params`` bind variables (strings are read as terms; see :func:`kg.sparql.parse_term`).
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
        store, text = self.store, named.text
        try:
            if timeout is None:
                payload = _materialise(store, text, options, max_rows)
            else:
                payload = _query_in_worker(store, text, options, max_rows, timeout)
        except SyntaxError as error:
            raise InputError(syntax_error_message(error)) from None
        except RuntimeError as error:
            raise engine_error(error, "the query failed") from None
        except OSError as error:
            raise InputError(f"the query failed: {error}") from None
        return _result(payload, max_rows, has_order_by(text))

    def query_text(self, text: str, **kwargs: Any) -> QueryResult:
        """Run SPARQL text (never looked up as a file or name)."""
        return self.query(from_text(text), **kwargs)


def open_dataset(graph_file: Path | None = None, build_dir: Path | None = None) -> Dataset:
    """``graph_file`` (bulk-loaded) if given, else the built drugkg graph (built first if needed)."""
    from kg.build import open_built_store
    from kg.loading import load_file

    if graph_file is not None:
        store = ox.Store()
        load_file(store, Path(graph_file))
        return Dataset(store)
    return Dataset(open_built_store(build_dir))
