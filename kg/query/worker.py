"""A forked worker process that runs SPARQL queries against a store, and that can be stopped.

The worker is forked from the process holding the store, so it shares the dataset copy-on-write
and needs nothing loaded. A query past its deadline, or interrupted with Ctrl-C, is stopped for
real by killing the worker (a fresh one is forked for the next query). SELECT rows stream back
as SPARQL TSV: the engine writes them in the worker while the engine here reads them, each on
its own core. The TSV goes through a pipe in length-prefixed frames, one query after another.

One worker can answer many queries (:meth:`QueryWorker.run`), which saves a fork per query (a
fork costs about 10 to 20 ms once the store holds a million triples); it then sees the store as
it was when it was forked, so it must be closed (and a new one made) if the store changes.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("https://x/a"), ox.NamedNode("https://x/p"), ox.Literal("1")))
>>> with QueryWorker(store) as worker:
...     worker.run("SELECT ?o WHERE { ?s ?p ?o }", {}, max_rows=10, timeout=10)
('select', ['o'], [(<Literal value=1 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>,)])
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import select as io_select
import signal
import struct
import time
from itertools import islice
from typing import Any

import pyoxigraph as ox

from kg.errors import DrugKGError

__all__ = [
    "QueryTimeout",
    "QueryWorker",
    "check_parse",
    "fork_available",
    "leave_signals_to_parent",
    "result_payload",
    "timeout_error",
]

_FRAME = struct.Struct(">I")  # the length of the frame that follows; 0 ends a query's rows


class QueryTimeout(DrugKGError):
    """A query ran past its deadline and was stopped."""


def timeout_error(timeout: float) -> QueryTimeout:
    """The one-line error of a query stopped at its deadline."""
    return QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped (raise --timeout or narrow it)")


def leave_signals_to_parent() -> None:
    """In a forked worker: the parent owns Ctrl-C and stops the worker itself; SIGTERM (sent by
    multiprocessing at the parent's exit) ends it quietly instead of raising KeyboardInterrupt."""
    with contextlib.suppress(ValueError):  # only a main thread may set handlers
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def fork_available() -> bool:
    """Whether this platform can fork (everywhere but Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def result_payload(result: Any, max_rows: int) -> tuple:
    """A query result as a picklable payload holding at most ``max_rows + 1`` rows."""
    if isinstance(result, ox.QueryBoolean):
        return ("ask", bool(result))
    if isinstance(result, ox.QueryTriples):
        return ("graph", list(islice(result, max_rows + 1)))
    variables = [v.value for v in result.variables]
    return ("select", variables, [tuple(row) for row in islice(result, max_rows + 1)])


def _sandboxed_parse(connection: Any, text: str, options: dict[str, Any]) -> None:
    """In the forked checker: no new file or socket can be opened (``RLIMIT_NOFILE`` 0), so even
    a ``SERVICE`` the engine starts on the empty store cannot reach the network."""
    import resource

    leave_signals_to_parent()
    resource.setrlimit(resource.RLIMIT_NOFILE, (0, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
    try:
        ox.Store().query(text, **options)
        answer: tuple = ("ok", "")
    except SyntaxError as error:
        answer = ("syntax", str(error.msg or error))
    except RuntimeError as error:
        answer = ("runtime", str(error))
    except BaseException:  # an evaluation error on the empty store: the text parsed
        answer = ("ok", "")
    connection.send(answer)


def check_parse(
    text: str, options: dict[str, Any], timeout: float | None, *, sandboxed: bool = True
) -> tuple[str, str]:
    """Parse ``text`` (with the engine ``options``) away from this process: ``("ok", "")``,
    ``("syntax", message)`` or ``("runtime", message)``.

    Parsing runs in a forked process that is killed past ``timeout`` seconds (raising
    :class:`QueryTimeout`) and that can open no file or socket, so nothing it evaluates on its
    empty store reaches the network; a crash of the parser ends only that process. Where
    ``fork`` is missing, or the text is the package's own (``sandboxed=False``), it is parsed here.
    """
    if not sandboxed or not fork_available():
        try:
            ox.Store().query(text, **options)
        except SyntaxError as error:
            return ("syntax", str(error.msg or error))
        except RuntimeError as error:
            return ("runtime", str(error))
        except OSError:
            pass
        return ("ok", "")
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_sandboxed_parse, args=(sender, text, options), daemon=True)
    try:
        process.start()
        sender.close()
        if not receiver.poll(timeout):
            raise QueryTimeout(
                f"the query could not be parsed within {timeout:g} s and was stopped (shorten it or raise --timeout)"
            )
        try:
            answer: tuple[str, str] = receiver.recv()
        except EOFError:
            process.join(5)
            raise DrugKGError(f"the query parser stopped unexpectedly (exit code {process.exitcode})") from None
        return answer
    finally:
        if process.is_alive():
            process.kill()
        with contextlib.suppress(AssertionError):  # not started
            process.join()
        receiver.close()


class _TooManyRows(Exception):
    """Raised from inside the engine's serialiser to stop it once the row cap is passed."""


class _FrameWriter:
    """The worker's side: TSV into the pipe as frames, stopping once more than ``max_rows`` rows went."""

    def __init__(self, fd: int, max_rows: int) -> None:
        self.fd, self.lines, self.max_lines = fd, 0, max_rows + 1  # the header is a line too

    def write(self, data: bytes) -> int:
        chunk = bytes(data)  # the engine may hand over a memoryview
        self.lines += chunk.count(b"\n")
        if self.lines > self.max_lines:
            raise _TooManyRows
        _write_all(self.fd, _FRAME.pack(len(chunk)) + chunk)
        return len(chunk)

    def flush(self) -> None:
        """Nothing to flush: every write goes straight into the pipe."""


def _readable_within(fd: int, seconds: float) -> bool:
    """Whether ``fd`` has bytes (or its end) to read within ``seconds`` (stdlib :mod:`select`)."""
    return bool(io_select.select([fd], [], [], seconds)[0])


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class _FrameReader(io.RawIOBase):
    """The parent's side: one query's TSV out of the frames, until the end frame or the deadline.

    Past the deadline, or on Ctrl-C, it reads as empty and records why: an exception raised here
    would surface from inside the engine's parser as some other error.
    """

    def __init__(self, fd: int, deadline: float) -> None:
        self.fd, self.deadline = fd, deadline
        self.left_in_frame, self.ended = 0, False
        self.timed_out = self.interrupted = False

    def readable(self) -> bool:
        return True

    def _read(self, size: int) -> bytes:
        remaining = self.deadline - time.monotonic()
        try:
            ready = remaining > 0 and _readable_within(self.fd, remaining)
        except KeyboardInterrupt:
            self.interrupted = True
            return b""
        if not ready:
            self.timed_out = True
            return b""
        return os.read(self.fd, size)

    def _read_exactly(self, size: int) -> bytes | None:
        data = b""
        while len(data) < size:
            chunk = self._read(size - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    def readinto(self, buffer: Any) -> int:
        if self.ended:
            return 0
        if not self.left_in_frame:
            header = self._read_exactly(_FRAME.size)
            if header is None:
                return 0
            self.left_in_frame = _FRAME.unpack(header)[0]
            if not self.left_in_frame:
                self.ended = True
                return 0
        data = self._read(min(len(buffer), self.left_in_frame))
        self.left_in_frame -= len(data)
        buffer[: len(data)] = data
        return len(data)


class QueryWorker:
    """A forked process that runs queries on ``store`` (see the module docstring).

    Use it as a context manager, or call :meth:`close`; :meth:`run` forks it when needed.
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._process: Any = None
        self._control: Any = None
        self._rows_fd = -1

    def __enter__(self) -> QueryWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        control, worker_control = context.Pipe(duplex=True)
        rows_fd, worker_rows_fd = os.pipe()
        store = self.store

        def serve() -> None:
            leave_signals_to_parent()
            control.close()
            os.close(rows_fd)
            while True:
                try:
                    request = worker_control.recv()
                except EOFError:
                    return
                if request is None:
                    return
                _answer(store, worker_control, worker_rows_fd, *request)

        process = context.Process(target=serve, daemon=True)
        process.start()
        worker_control.close()
        os.close(worker_rows_fd)
        self._process, self._control, self._rows_fd = process, control, rows_fd

    def run(self, text: str, options: dict[str, Any], *, max_rows: int, timeout: float) -> tuple:
        """The payload of one query (as :func:`result_payload`); raises :class:`QueryTimeout` past
        ``timeout`` seconds, and the engine's error if the query fails."""
        if self._process is None:
            self._start()
        deadline = time.monotonic() + timeout
        try:
            self._control.send((text, options, max_rows))
            message = self._next_message(deadline, timeout)
            if message[0] == "select-stream":
                reader = _FrameReader(self._rows_fd, deadline)
                rows: list[tuple] = []
                with contextlib.suppress(SyntaxError, OSError, ValueError):  # a cut stream: the worker says why
                    solutions = ox.parse_query_results(io.BufferedReader(reader), format=ox.QueryResultsFormat.TSV)
                    rows = [tuple(solution) for solution in solutions]  # type: ignore[union-attr]
                while not (reader.ended or reader.timed_out or reader.interrupted):
                    reader.read(1 << 16)  # the parser stopped early (a cut stream): skip to the end frame
                if reader.interrupted:
                    raise KeyboardInterrupt
                if reader.timed_out:
                    raise timeout_error(timeout)
                done = self._next_message(deadline, timeout)
                message = ("select", message[1], rows) if done[0] == "done" else done
        except BaseException:
            self._kill()
            raise
        if message[0] == "error":
            raise message[1]
        return message[1] if message[0] == "ok" else message

    def _next_message(self, deadline: float, timeout: float) -> tuple:
        if not self._control.poll(max(deadline - time.monotonic(), 0)):
            raise timeout_error(timeout)
        try:
            return self._control.recv()  # type: ignore[no-any-return]
        except EOFError:
            self._process.join(5)
            raise DrugKGError(f"the query worker stopped unexpectedly (exit code {self._process.exitcode})") from None

    def _kill(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
        self._forget()

    def close(self) -> None:
        """Let the worker go: it exits once told to. Not waiting for it saves the teardown of its
        copy-on-write memory; multiprocessing reaps it at the next start or at exit."""
        if self._process is not None:
            with contextlib.suppress(OSError):
                self._control.send(None)
        self._forget()

    def _forget(self) -> None:
        if self._control is not None:
            self._control.close()
            os.close(self._rows_fd)
        self._process, self._control, self._rows_fd = None, None, -1


def _answer(store: ox.Store, control: Any, rows_fd: int, text: str, options: dict[str, Any], max_rows: int) -> None:
    """In the worker: run one query and send its answer (SELECT rows as TSV frames)."""
    streaming = False
    try:
        result = store.query(text, **options)
        if isinstance(result, ox.QuerySolutions) and result.variables:
            control.send(("select-stream", [v.value for v in result.variables]))
            streaming = True
            writer = _FrameWriter(rows_fd, max_rows)
            try:
                result.serialize(writer, format=ox.QueryResultsFormat.TSV)  # type: ignore[arg-type]
                end: tuple = ("done",)
            except _TooManyRows:
                end = ("too-large",)
        else:
            end = ("ok", result_payload(result, max_rows))
    except BaseException as error:
        end = ("error", error)
    if streaming:
        _write_all(rows_fd, _FRAME.pack(0))
    try:
        control.send(end)
    except Exception as error:  # an unpicklable value or error
        control.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
