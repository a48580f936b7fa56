"""The explorer served over HTTP, next to ``drugkg serve``'s SPARQL endpoint.

Each page is made when it is first asked for (:meth:`kg.views.explorer.Explorer.text`) and
kept, so the server starts in the time it takes to read the graph, not to write every page. The
pages and their policy are those of ``drugkg viz --site``: they load only the explorer's own
``assets/``. Only the explorer's file names are answered (anything else is a 404, so no path
reaches the disk); only GET and HEAD; nothing is logged to the terminal.

>>> import networkx as nx, urllib.request
>>> from kg.views.explorer import Explorer
>>> with serving_explorer(Explorer(nx.MultiDiGraph()), "127.0.0.1", 0) as url:
...     urllib.request.urlopen(url + "/").status
200
"""

from __future__ import annotations

import errno
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from kg.errors import InputError
from kg.views.explorer import INDEX_PAGE, Explorer

__all__ = ["ExplorerServer", "serving_built_explorer", "serving_explorer"]

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}
#: Pages kept once made (the shared assets and the index are always kept).
_KEPT_PAGES = 2048


class ExplorerServer(ThreadingHTTPServer):
    """A threaded HTTP server answering with the pages of one :class:`Explorer`."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], explorer: Explorer) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.explorer = explorer
        self.files = frozenset(explorer.file_names())
        self._made: dict[str, bytes] = {}
        self._lock = threading.Lock()
        super().__init__(address, _Handler)

    def page(self, name: str) -> bytes | None:
        """The bytes of the file ``name``, made once (None if the explorer has no such file)."""
        if name not in self.files:
            return None
        with self._lock:
            made = self._made.get(name)
            if made is None:
                text = self.explorer.text(name)
                if text is None:
                    return None
                made = text.encode("utf-8")
                if len(self._made) >= _KEPT_PAGES:
                    self._made.clear()
                self._made[name] = made
            return made

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A broken connection is the client's business: nothing on the terminal."""


class _Handler(BaseHTTPRequestHandler):
    server: ExplorerServer
    server_version = "drugkg-explorer"
    sys_version = ""

    def _answer(self, with_body: bool) -> None:
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        name = path.lstrip("/") or INDEX_PAGE
        body = self.server.page(name)
        if body is None:
            self.send_error(HTTPStatus.NOT_FOUND, "no such page in the explorer")
            return
        self.send_response(HTTPStatus.OK)
        suffix = name[name.rfind(".") :]
        self.send_header("Content-Type", _TYPES.get(suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer(True)

    def do_HEAD(self) -> None:
        self._answer(False)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal belongs to ``drugkg serve``'s own messages."""


@contextmanager
def serving_explorer(explorer: Explorer, host: str, port: int) -> Iterator[str]:
    """Serve ``explorer`` on ``host:port`` (0: any free port) in a background thread; yields its
    base URL; stops on exit. A port already in use is a one-line :class:`InputError`."""
    try:
        server = ExplorerServer((host, port), explorer)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise InputError(f"port {port} on {host} is already in use (choose another with --explorer-port)") from None
        raise InputError(f"cannot listen on {host} port {port}: {error.strerror or error}") from None
    bound_port = server.server_address[1]
    reach = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    url = f"http://[{reach}]:{bound_port}" if ":" in reach else f"http://{reach}:{bound_port}"
    thread = threading.Thread(target=server.serve_forever, name="drugkg-explorer", daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


@contextmanager
def serving_built_explorer(store: Any, host: str, sparql_port: int, explorer_port: int | None) -> Iterator[str | None]:
    """``drugkg serve``'s explorer: the pages of ``drugkg viz --site`` for ``store``, on
    ``explorer_port``, or by default on the port after the SPARQL server's (any free port when that
    one is taken); ``explorer_port`` 0 serves none (yields None)."""
    if explorer_port == 0:
        yield None
        return
    from kg.views.network import build_network
    from kg.views.search import names_of_entities

    port = explorer_port
    if port is None:
        port = sparql_port + 1 if sparql_port < 65535 and _free(host, sparql_port + 1) else 0
    explorer = Explorer(build_network(store), names=names_of_entities(store))
    with serving_explorer(explorer, host, port) as url:
        yield url
