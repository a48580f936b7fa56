"""Against a real Oxigraph server started for these tests: push the built graph, then every
named query must give the same rows remotely (through SPARQLWrapper) as in-process."""

from __future__ import annotations

import base64
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cli_assertions import assert_one_line_error

from kg.paths import QUERIES_DIR
from kg.remote.server import RunningServer, free_port, running_server

pytestmark = pytest.mark.server
QUERY_NAMES = sorted(path.stem for path in QUERIES_DIR.glob("*.rq"))


def start(tmp_path_factory: pytest.TempPathFactory):
    return running_server(tmp_path_factory.mktemp("oxigraph"))


@pytest.fixture(scope="module")
def pushed(server: RunningServer, store) -> RunningServer:
    """The server holding the built graph, loaded through the Graph Store Protocol."""
    from kg.remote.push import push_graph_store

    report = push_graph_store(store, server.store_url)
    assert report.triples == len(store)
    return server


@pytest.fixture(scope="module")
def local(store):
    from kg.query.local import LocalStore

    return LocalStore(store)


def remote_quads(url: str) -> int:
    from kg.remote.endpoint import Endpoint

    result = Endpoint(url).query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(result.rows[0][0].value)


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_named_query_same_rows_remotely(pushed: RunningServer, local, name: str) -> None:
    from kg.remote.endpoint import Endpoint

    remote = Endpoint(pushed.query_url, timeout=10).query(name)
    expected = local.query(name)
    assert remote.variables == expected.variables
    assert remote.display_rows() == expected.display_rows()
    assert remote.display_rows()  # every named query answers something on the built graph


def test_push_keeps_every_graph(pushed: RunningServer, store) -> None:
    assert remote_quads(pushed.query_url) == len(store)
    from kg.remote.endpoint import Endpoint

    graphs = Endpoint(pushed.query_url).query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert {row[0].value for row in graphs.rows} == {g.value for g in store.named_graphs()}


def test_cli_query_remote_matches_local(cli, pushed: RunningServer) -> None:
    for args in (
        ("what-treats",),
        ("is-antidepressant", "-p", "drug=Klonopin"),
        ("dangerous-combinations", "-f", "tsv"),
    ):
        local = cli("query", *args)
        remote = cli("query", *args, "--endpoint", pushed.query_url)
        assert (remote.code, remote.err) == (0, "")
        assert sorted(remote.out.splitlines()) == sorted(local.out.splitlines())


def test_remote_construct_ask_and_json(cli, pushed: RunningServer) -> None:
    ask = cli("query", "ASK { dk:clonazepam dkv:memberOf dk:benzodiazepine }", "--endpoint", pushed.query_url)
    assert ask.out == "yes\n"
    text = "CONSTRUCT { ?d dkv:memberOf ?c } WHERE { ?d dkv:memberOf ?c }"
    local = cli("query", text, "-f", "ntriples")
    remote = cli("query", text, "-f", "ntriples", "--endpoint", pushed.query_url)
    assert remote.out == local.out
    assert (
        cli("query", "approved-uses", "-f", "json", "--endpoint", pushed.query_url).out
        == cli("query", "approved-uses", "-f", "json").out
    )


def test_hostile_values_stay_values_remotely(cli, pushed: RunningServer) -> None:
    result = cli("query", "what-treats", "-p", 'condition="x" } } ; DROP ALL #', "--endpoint", pushed.query_url)
    assert (result.code, result.out.splitlines()[-1]) == (0, "(no rows)")
    assert remote_quads(pushed.query_url) > 0


def test_update_refused_before_sending(cli, pushed: RunningServer) -> None:
    result = cli("query", "DROP ALL", "--endpoint", pushed.query_url)
    assert_one_line_error(result, "SPARQL Update is refused")


def test_push_flattened_into_one_graph(cli, tmp_path_factory: pytest.TempPathFactory, store) -> None:
    from kg.remote.endpoint import Endpoint

    with start(tmp_path_factory) as other:
        result = cli("push", "--endpoint", other.store_url, "--graph", "https://example.org/drugkg")
        assert result.code == 0, result.err
        assert "flattened" in result.err and "<https://example.org/drugkg>" in result.err
        graphs = Endpoint(other.query_url).query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert [row[0].value for row in graphs.rows] == ["https://example.org/drugkg"]
        distinct = {(q.subject, q.predicate, q.object) for q in store}
        assert remote_quads(other.query_url) == len(distinct)


def test_push_through_sparql_update_in_chunks(cli, tmp_path_factory: pytest.TempPathFactory, store) -> None:
    with start(tmp_path_factory) as other:
        result = cli("push", "--update", other.update_url, "--chunk", "97")
        assert result.code == 0, result.err
        assert remote_quads(other.query_url) == len(store)
        # pushing again replaces the graphs rather than adding to them
        assert cli("push", "--update", other.update_url, "-q").code == 0
        assert remote_quads(other.query_url) == len(store)


def test_endpoint_that_never_answers_times_out(cli) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        started = time.monotonic()
        result = cli("query", "what-treats", "--endpoint", url, "--timeout", "1")
        assert time.monotonic() - started < 8
    assert_one_line_error(result, url)
    assert "within 1 s" in result.err or "timed out" in result.err


def test_connection_refused_is_one_line(cli) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    assert_one_line_error(cli("query", "what-treats", "--endpoint", url), "connection refused")
    assert_one_line_error(cli("push", "--endpoint", url.replace("/query", "/store")), "connection refused")


def test_serve_starts_answers_and_stops_on_ctrl_c(built) -> None:
    port = free_port()
    env = {**os.environ, "DRUGKG_BUILD_DIR": str(built.out_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", str(port), "--read-only"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        first = process.stdout.readline()
        assert first.strip() == f"drugkg SPARQL server (read-only) at http://127.0.0.1:{port}"
        from kg.remote.endpoint import Endpoint

        rows = Endpoint(f"http://127.0.0.1:{port}/query", timeout=10).query("is-antidepressant").display_rows()
        assert rows == {("dk:clonazepam", "clonazepam", "no (stated)")}
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
        assert process.returncode == 0, err
        assert "stopping the server" in out
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_serve_stops_cleanly_on_ctrl_c_while_printing_its_banner(built) -> None:
    """Ctrl-C as soon as the first banner line shows (the rest still being printed) is a normal stop."""
    port = free_port()
    env = {**os.environ, "DRUGKG_BUILD_DIR": str(built.out_dir)}
    command = [sys.executable, "-m", "kg", "serve", "--port", str(port), "--read-only"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout.readline().startswith("drugkg SPARQL server (read-only) at ")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
        assert (process.returncode, out.splitlines()[-1], err) == (0, "stopping the server", "")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_serve_refuses_a_busy_port(cli) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        assert_one_line_error(cli("serve", "--port", str(busy.getsockname()[1])), "already in use")


def test_oxigraph_found(tmp_path: Path) -> None:
    from kg.remote.server import oxigraph_executable

    assert Path(oxigraph_executable()).name.startswith("oxigraph")


class _FlakyProxy:
    """A TCP proxy to a real server that drops the first ``drops`` connections without answering."""

    def __init__(self, target_port: int, drops: int) -> None:
        self.target_port, self.drops = target_port, drops
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            if self.connections <= self.drops:
                client.recv(65536)
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            for source, sink in ((client, upstream), (upstream, client)):
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

    def close(self) -> None:
        self.listener.close()


def test_one_retry_on_a_dropped_connection(cli, pushed: RunningServer) -> None:
    port = int(pushed.url.rsplit(":", 1)[1])
    proxy = _FlakyProxy(port, drops=1)
    try:
        result = cli("query", "is-antidepressant", "--endpoint", f"http://127.0.0.1:{proxy.port}/query")
        assert (result.code, result.err) == (0, "")
        assert "no (stated)" in result.out
        assert proxy.connections == 2
    finally:
        proxy.close()
    proxy = _FlakyProxy(port, drops=5)
    try:
        result = cli("query", "is-antidepressant", "--endpoint", f"http://127.0.0.1:{proxy.port}/query")
        assert_one_line_error(result, "dropped twice")
        assert proxy.connections == 2
    finally:
        proxy.close()


def _basic_auth_proxy(target: str, user: str, password: str) -> ThreadingHTTPServer:
    """A real HTTP server that demands Basic authentication, then forwards to ``target``."""
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def _forward(self) -> None:
            if self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="drugkg"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
            request = urllib.request.Request(
                target + self.path, data=body or None, method=self.command, headers=headers
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    status, payload, content_type = response.status, response.read(), response.headers["Content-Type"]
            except urllib.error.HTTPError as error:
                status, payload, content_type = error.code, error.read(), error.headers.get("Content-Type")
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = _forward

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_basic_authentication(cli, pushed: RunningServer, tmp_path_factory, monkeypatch) -> None:
    proxy = _basic_auth_proxy(pushed.url, "reader", "s3cret")
    base = f"http://127.0.0.1:{proxy.server_address[1]}"
    try:
        assert_one_line_error(cli("query", "is-antidepressant", "--endpoint", base + "/query"), "access denied")
        monkeypatch.setenv("DRUGKG_PASSWORD", "wrong")
        assert_one_line_error(cli("query", "is-antidepressant", "--endpoint", base + "/query", "--user", "reader"))
        monkeypatch.setenv("DRUGKG_PASSWORD", "s3cret")
        result = cli("query", "is-antidepressant", "--endpoint", base + "/query", "--user", "reader")
        assert (result.code, result.err) == (0, "")
        assert "no (stated)" in result.out
        with start(tmp_path_factory) as other:
            guarded = _basic_auth_proxy(other.url, "writer", "s3cret")
            url = f"http://127.0.0.1:{guarded.server_address[1]}/store"
            try:
                assert cli("push", "--endpoint", url, "--user", "writer", "-q").code == 0
                assert remote_quads(other.query_url) > 0
            finally:
                guarded.shutdown()
    finally:
        proxy.shutdown()


def test_user_without_password_is_one_line(cli, monkeypatch) -> None:
    monkeypatch.delenv("DRUGKG_PASSWORD", raising=False)
    result = cli("query", "what-treats", "--endpoint", "http://127.0.0.1:9/query", "--user", "someone")
    assert_one_line_error(result, "DRUGKG_PASSWORD")


def test_binding_a_variable_the_query_does_not_return(cli, pushed: RunningServer) -> None:
    """The same one-line error remotely as locally (a VALUES block would silently do nothing)."""
    text = "SELECT ?class WHERE { ?drug dkv:memberOf ?class }"
    local = cli("query", text, "-p", "drug=dk:clonazepam")
    remote = cli("query", text, "-p", "drug=dk:clonazepam", "--endpoint", pushed.query_url)
    assert_one_line_error(local, "a parameter must be a variable the query returns")
    assert remote.err == local.err


def test_push_to_a_url_without_the_graph_store_protocol_hints_update(cli, pushed: RunningServer) -> None:
    result = cli("push", "--endpoint", pushed.query_url)
    assert_one_line_error(result, "HTTP 404", "does not speak the Graph Store Protocol", "--update")
