"""``drugkg serve`` serves the explorer beside the SPARQL endpoint: real HTTP requests to a real
``python -m kg serve``, and the served pages in a real Chromium."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_assertions import assert_one_line_error
from serve_process import spawn_serve, stop_process

from kg.remote.server import free_port

pytestmark = pytest.mark.server


@dataclass
class Served:
    process: subprocess.Popen
    banner: list[str]
    port: int

    @property
    def explorer(self) -> str | None:
        found = [line.split()[-1] for line in self.banner if line.strip().startswith("explorer:")]
        return found[0].rstrip("/") if found else None


def _bindable(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def port_with_a_free_next() -> int:
    """A free port whose next port is free too (where serve puts the explorer when it can)."""
    for _ in range(100):
        port = free_port()
        if port < 65535 and _bindable(port + 1):
            return port
    raise AssertionError("no free pair of ports on 127.0.0.1")


def start(built, tmpdir: Path, *flags: str) -> Served:
    port = port_with_a_free_next()
    process = spawn_serve(built.out_dir, tmpdir, port, *flags)
    banner = []
    while not banner or banner[-1] != "press Ctrl-C to stop":
        line = process.stdout.readline()
        if not line:
            process.kill()
            raise AssertionError(f"serve did not start: {process.communicate()[1]}")
        banner.append(line.rstrip("\n"))
    return Served(process, banner, port)


def stop(served: Served) -> tuple[int, str]:
    code, _, err = stop_process(served.process)
    return code, err


@pytest.fixture(scope="module")
def served(built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    running = start(built, tmp_path_factory.mktemp("serve-explorer"))
    yield running
    code, err = stop(running)
    assert (code, err) == (0, "")


def fetch(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


def test_the_explorer_is_served_on_the_next_port(served: Served, store) -> None:
    assert served.banner[:3] == [
        f"drugkg SPARQL server (read-only) at http://127.0.0.1:{served.port}",
        f"  query page:  http://127.0.0.1:{served.port}/",
        f"  endpoint:    http://127.0.0.1:{served.port}/query",
    ]
    assert served.explorer == f"http://127.0.0.1:{served.port + 1}"
    status, headers, body = fetch(served.explorer + "/")
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert b"<h1>drugkg: explorer</h1>" in body and b'<input id="search"' in body
    status, headers, body = fetch(served.explorer + "/entity-dk-clonazepam.html")
    assert status == 200 and b"<h1>clonazepam: neighbourhood within 1 hop</h1>" in body
    status, headers, body = fetch(served.explorer + "/assets/search-index.js")
    assert (status, headers["Content-Type"], headers["X-Content-Type-Options"]) == (
        200,
        "text/javascript; charset=utf-8",
        "nosniff",
    )
    assert b'"Klonopin"' in body and b'"drugbank:DB01068"' in body
    assert fetch(served.explorer + "/class-dk-benzodiazepine.html")[0] == 200


def test_the_explorer_answers_its_own_files_only(served: Served) -> None:
    for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets", "/nothing.html", "/assets/../index.html"):
        assert fetch(served.explorer + path)[0] == 404, path
    status, headers, body = fetch(served.explorer + "/index.html", "HEAD")
    assert (status, body) == (200, b"") and int(headers["Content-Length"]) > 1000
    assert fetch(served.explorer + "/index.html", "POST")[0] == 501
    assert fetch(served.explorer + "/index.html", "DELETE")[0] == 501


def test_no_explorer_when_asked_and_a_busy_explorer_port_is_one_line(cli, built, tmp_path: Path) -> None:
    running = start(built, tmp_path / "tmp", "--explorer-port", "0")
    try:
        assert running.explorer is None
    finally:
        assert stop(running) == (0, "")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        taken = busy.getsockname()[1]
        result = cli("serve", "--port", str(free_port()), "--explorer-port", str(taken))
    assert_one_line_error(result, "already in use (choose another with --explorer-port)")
    assert_one_line_error(cli("serve", "--explorer-port", "70000"), "--explorer-port")


@pytest.mark.browser
def test_served_explorer_in_chromium_loads_only_from_its_server(served: Served) -> None:
    chromium = Path("/usr/bin/chromium")
    if not chromium.is_file():
        pytest.skip(f"headless Chromium is not installed at {chromium}")
    from playwright.sync_api import sync_playwright

    elsewhere, errors = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"])
        try:
            context = browser.new_context()

            def route(route) -> None:
                if route.request.url.startswith(served.explorer + "/"):
                    route.continue_()
                else:
                    elsewhere.append(route.request.url)
                    route.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(served.explorer + "/")
            page.fill("#search", "Klonopin")
            page.press("#search", "Enter")
            page.wait_for_url("**/entity-dk-clonazepam.html")
            deadline = time.monotonic() + 20
            while not page.evaluate("window.drugkg !== undefined && window.drugkg.ready === true"):
                assert time.monotonic() < deadline
                time.sleep(0.05)
            assert "benzodiazepine" in page.inner_text("#panel")
        finally:
            browser.close()
    assert ([url for url in elsewhere if not url.endswith("/favicon.ico")], errors) == ([], [])
