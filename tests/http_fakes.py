"""Local stand-ins for HTTP servers that misbehave, shared by the tests of remote endpoints.

Each listens on 127.0.0.1 and a free port, in a daemon thread of the test process:

- :func:`answering_server`: gives every request the same status, body and content type;
- :func:`basic_auth_proxy`: demands HTTP Basic authentication, then forwards to a real server;
- :class:`SilentServer`: accepts connections and never answers;
- :class:`FlakyProxy`: drops its first connections unanswered, then forwards to a real server;
- :func:`failing_proxy`: answers its first requests with given errors, then forwards to a real server;
- :func:`breaking_proxy`: lets some writes through, then closes every connection unanswered.

Stop an HTTP server with ``server.shutdown()``, the others with ``close()``.
"""

from __future__ import annotations

import base64
import contextlib
import socket
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["FlakyProxy", "SilentServer", "answering_server", "basic_auth_proxy", "breaking_proxy", "failing_proxy"]


class _QuietHandler(BaseHTTPRequestHandler):
    """A request handler that logs nothing and answers with :meth:`reply`."""

    def log_message(self, *args: object) -> None:
        pass

    def request_body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def reply(self, status: int, body: bytes, content_type: str | None, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def pass_on(self, target: str, body: bytes) -> None:
        """Send this request (its body, content type and accept headers) to ``target`` and reply with its answer."""
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
        request = urllib.request.Request(target + self.path, data=body or None, method=self.command, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, payload, content_type = response.status, response.read(), response.headers["Content-Type"]
        except urllib.error.HTTPError as error:
            status, payload, content_type = error.code, error.read(), error.headers.get("Content-Type")
        self.reply(status, payload, content_type)


def _serve(handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def answering_server(status: int, body: bytes, content_type: str) -> ThreadingHTTPServer:
    """An HTTP server giving every request the same answer; ``server.requests`` lists the paths asked."""
    requests: list[str] = []

    class Handler(_QuietHandler):
        def answer(self) -> None:
            requests.append(self.path)
            self.request_body()
            self.reply(status, body, content_type)

        do_GET = do_POST = do_PUT = answer

    server = _serve(Handler)
    server.requests = requests  # type: ignore[attr-defined]
    return server


def basic_auth_proxy(target: str, user: str, password: str) -> ThreadingHTTPServer:
    """An HTTP server that demands Basic authentication as ``user``, then forwards to ``target``."""
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    class Handler(_QuietHandler):
        def forward(self) -> None:
            if self.headers.get("Authorization") != expected:
                self.reply(401, b"", None, {"WWW-Authenticate": 'Basic realm="drugkg"'})
                return
            body = self.request_body()
            self.pass_on(target, body)

        do_GET = do_POST = do_PUT = forward

    return _serve(Handler)


def failing_proxy(target: str, failures: list[tuple[int, bytes]]) -> ThreadingHTTPServer:
    """An HTTP server answering its first requests with ``failures`` (status, body as text/plain) in
    turn, then forwarding to ``target``; ``server.requests`` counts every request."""
    requests = [0]

    class Handler(_QuietHandler):
        def forward(self) -> None:
            body = self.request_body()
            requests[0] += 1
            if requests[0] <= len(failures):
                status, words = failures[requests[0] - 1]
                self.reply(status, words, "text/plain")
                return
            self.pass_on(target, body)

        do_GET = do_POST = do_PUT = forward

    server = _serve(Handler)
    server.requests = requests  # type: ignore[attr-defined]
    return server


class _Listener:
    """A TCP listener on 127.0.0.1 that hands each connection it accepts to :meth:`handle`."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # closed
                return
            self.handle(connection)

    def handle(self, connection: socket.socket) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.listener.close()


class SilentServer(_Listener):
    """Accepts connections, reads nothing, never answers."""

    def __init__(self) -> None:
        self.held: list[socket.socket] = []
        super().__init__()

    def handle(self, connection: socket.socket) -> None:
        self.held.append(connection)

    def close(self) -> None:
        super().close()
        for connection in self.held:
            connection.close()


class FlakyProxy(_Listener):
    """A TCP proxy to a real server that drops the first ``drops`` connections without answering."""

    def __init__(self, target_port: int, drops: int) -> None:
        self.target_port, self.drops = target_port, drops
        self.connections = 0
        super().__init__()

    def handle(self, connection: socket.socket) -> None:
        self.connections += 1
        if self.connections <= self.drops:
            connection.recv(65536)
            connection.close()
            return
        upstream = socket.create_connection(("127.0.0.1", self.target_port))
        for source, sink in ((connection, upstream), (upstream, connection)):
            threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)


def breaking_proxy(target: str, writes: int) -> ThreadingHTTPServer:
    """An HTTP server forwarding to ``target`` that lets ``writes`` writes (PUT, POST, DELETE) through,
    then closes every connection without an answer: a server dying in the middle of a push."""
    passed = [0]

    class Handler(_QuietHandler):
        def forward(self) -> None:
            body = self.request_body()
            if self.command != "GET":
                passed[0] += 1
                if passed[0] > writes:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
            self.pass_on(target, body)

        do_GET = do_POST = do_PUT = do_DELETE = forward

    return _serve(Handler)
