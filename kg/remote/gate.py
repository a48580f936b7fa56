"""The front door of ``drugkg serve``: an HTTP server that checks each SPARQL request before Oxigraph
sees it.

``oxigraph serve`` has no option to turn ``SERVICE`` off, and a deeply nested query overflows its
parser's stack and kills it. So Oxigraph listens on a private loopback port, and this gate, on the
public one, refuses (HTTP 400, one line of text) any query or update past the bounds of
:func:`kg.query.text.check_shape` or calling ``SERVICE``; everything else it forwards unchanged and
streams the answer back (nothing is held whole in memory).
"""

from __future__ import annotations

import http.client
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kg.errors import InputError

__all__ = ["refusal", "serving_gate"]

_FORWARDED_HEADERS = ("content-type", "accept", "authorization", "content-length")
#: Largest request body read, in bytes (a query over the size bound is refused anyway).
_MAX_BODY = 64 * 1024 * 1024


def refusal(text: str) -> str | None:
    """Why SPARQL ``text`` (a query or an update) may not reach the server, or None."""
    from kg.query.text import _calls_service, check_shape

    try:
        masked = check_shape(text)
    except InputError as error:
        return str(error)
    if _calls_service(masked):
        return "SERVICE (a federated call to another endpoint) is refused by drugkg serve"
    return None


def _sparql_texts(handler: BaseHTTPRequestHandler, body: bytes) -> list[str]:
    """The query and update texts a request carries (URL parameters, form body or raw body)."""
    split = urllib.parse.urlsplit(handler.path)
    texts = [
        value
        for key, values in urllib.parse.parse_qs(split.query).items()
        if key in ("query", "update")
        for value in values
    ]
    media = (handler.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    text = body.decode("utf-8", "replace")
    if media == "application/x-www-form-urlencoded":
        texts += [v for k, vs in urllib.parse.parse_qs(text).items() if k in ("query", "update") for v in vs]
    elif media in ("application/sparql-query", "application/sparql-update"):
        texts.append(text)
    return texts


def _handler(backend_port: int, timeout: float) -> type[BaseHTTPRequestHandler]:
    class Gate(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            """Quiet: Oxigraph logs nothing either."""

        def _refuse(self, status: int, message: str) -> None:
            payload = (message + "\n").encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        def forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > _MAX_BODY:
                self._refuse(413, f"the request body is over {_MAX_BODY:,} bytes")
                self.close_connection = True
                return
            body = self.rfile.read(length) if length else b""
            for text in _sparql_texts(self, body):
                why = refusal(text)
                if why is not None:
                    self._refuse(400, why)
                    return
            headers = {k: v for k, v in self.headers.items() if k.lower() in _FORWARDED_HEADERS}
            backend = http.client.HTTPConnection("127.0.0.1", backend_port, timeout=timeout)
            try:
                backend.request(self.command, self.path, body=body or None, headers=headers)
                answer = backend.getresponse()
            except (OSError, http.client.HTTPException) as error:
                backend.close()
                self._refuse(502, f"the SPARQL server did not answer: {error}")
                return
            try:
                self._relay(answer)
            except (OSError, http.client.HTTPException):
                self.close_connection = True  # the client left, or the server broke off: nothing to say
            finally:
                backend.close()

        def _relay(self, answer: http.client.HTTPResponse) -> None:
            """Stream the server's answer to the client as it comes (chunked unless its length is known)."""
            self.send_response(answer.status, answer.reason)
            length = answer.getheader("Content-Length")
            for name, value in answer.getheaders():
                if name.lower() not in ("transfer-encoding", "connection", "content-length", "server", "date"):
                    self.send_header(name, value)
            chunked = length is None and self.command != "HEAD" and answer.status not in (204, 304)
            if length is not None:
                self.send_header("Content-Length", length)
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
            elif length is None:
                self.send_header("Content-Length", "0")
            self.end_headers()
            if self.command == "HEAD":
                return
            while block := answer.read1(1 << 16):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = forward

    return Gate


@contextmanager
def serving_gate(host: str, port: int, backend_port: int, timeout: float) -> Iterator[ThreadingHTTPServer]:
    """The gate on ``host:port`` in front of the server on ``127.0.0.1:backend_port``, while the block runs."""
    family_host = host.strip("[]")
    server_class = ThreadingHTTPServer
    if ":" in family_host:
        import socket

        class V6Server(ThreadingHTTPServer):
            address_family = socket.AF_INET6

        server_class = V6Server
    try:
        gate = server_class((family_host, port), _handler(backend_port, timeout))
    except OSError as error:
        raise InputError(f"cannot listen on {host} port {port}: {error.strerror or error}") from None
    gate.daemon_threads = True
    thread = threading.Thread(target=gate.serve_forever, daemon=True)
    thread.start()
    try:
        yield gate
    finally:
        gate.shutdown()
        gate.server_close()
