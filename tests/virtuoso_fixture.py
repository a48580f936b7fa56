"""A real OpenLink Virtuoso server for the tests (Debian package ``virtuoso-opensource``).

:func:`running_virtuoso` copies the packaged ``virtuoso.ini`` into a temporary folder, points
its database files at that folder, moves both ports (SQL and HTTP) to free ports on 127.0.0.1,
starts ``virtuoso-t -c INI +foreground``, waits until ``/sparql`` answers, and stops it after.
A fresh database has the administrator ``dba`` with the password ``dba``. Its packaged endpoints
behind authentication ask for Digest; :meth:`Virtuoso.add_basic_endpoints` adds two that take HTTP
Basic (``/basic/sparql`` and ``/basic/sparql-graph-crud``, through ``isql-vt``; drugkg knows a
Virtuoso Graph Store by its path's last part).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.remote.server import HOST, free_port

SYSTEM_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
PACKAGED_DB = "/var/lib/virtuoso-opensource-7/db"
DBA = ("dba", "dba")
START_SECONDS = 30.0
#: Settings every test server gets. The packaged ``MaxQueryCostEstimationTime = 400`` refuses a
#: query whose *estimated* time exceeds 400 s, and the estimate of one query varies from run to run
#: (it samples the indexes): the paged queries of a long answer were refused at times ("estimated
#: execution time 421 (sec) exceeds the limit of 400"). The tests compare answers, not estimates.
TEST_SETTINGS = {("SPARQL", "MaxQueryCostEstimationTime"): "100000"}


def virtuoso_executable() -> str | None:
    """``virtuoso-t`` on PATH, or None where the package is not installed."""
    return shutil.which("virtuoso-t")


def private_ini(
    template: str, folder: Path, sql_port: int, http_port: int, settings: Mapping[tuple[str, str], str] | None = None
) -> str:
    """The packaged configuration with its database in ``folder`` and both ports on 127.0.0.1;
    ``settings`` sets ``(section, key)`` to a value (replaced where the key is set, else added at
    the end of its section)."""
    wanted = dict(settings or {})
    lines: list[str] = []
    section = ""

    def close_section() -> None:
        for (where, key), value in list(wanted.items()):
            if where == section:
                lines.append(f"{key} = {value}")
                del wanted[(where, key)]

    for line in template.replace(PACKAGED_DB, str(folder)).splitlines():
        header = re.match(r"\s*\[([^]]+)\]", line)
        if header:
            close_section()
            section = header.group(1).strip()
        key = line.split("=", 1)[0].strip() if "=" in line and not line.lstrip().startswith(";") else ""
        if section == "Parameters" and key == "ServerPort":
            line = f"ServerPort = {HOST}:{sql_port}"
        elif section == "HTTPServer" and key == "ServerPort":
            line = f"ServerPort = {HOST}:{http_port}"
        elif section == "Parameters" and key == "DirsAllowed":
            line = f"{line.split(';', 1)[0].rstrip()}, {folder}"
        elif section == "URIQA" and key == "DefaultHost":
            line = f"DefaultHost = {HOST}:{http_port}"
        elif (section, key) in wanted:
            line = f"{key} = {wanted.pop((section, key))}"
        lines.append(line)
    close_section()
    return "\n".join(lines) + "\n"


@dataclass
class Virtuoso:
    """A started Virtuoso: its HTTP base URL, folder and process."""

    url: str
    folder: Path
    process: subprocess.Popen
    sql_port: int

    @property
    def sparql_url(self) -> str:
        """The public query endpoint (no authentication; read-only)."""
        return self.url + "/sparql"

    @property
    def sparql_auth_url(self) -> str:
        """The query and update endpoint behind Digest authentication."""
        return self.url + "/sparql-auth"

    @property
    def crud_url(self) -> str:
        """The Graph Store Protocol endpoint behind Digest authentication."""
        return self.url + "/sparql-graph-crud-auth"

    @property
    def basic_sparql_url(self) -> str:
        """The query and update endpoint taking HTTP Basic (after :meth:`add_basic_endpoints`)."""
        return self.url + "/basic/sparql"

    @property
    def basic_crud_url(self) -> str:
        """The Graph Store Protocol endpoint taking HTTP Basic (after :meth:`add_basic_endpoints`)."""
        return self.url + "/basic/sparql-graph-crud"

    def sql(self, statements: str) -> str:
        """Run SQL statements as ``dba`` through ``isql-vt`` (Debian's name for Virtuoso's isql); its output."""
        script = self.folder / "statements.sql"
        script.write_text(statements)
        done = subprocess.run(
            ["isql-vt", f"{HOST}:{self.sql_port}", *DBA, str(script)], capture_output=True, text=True, timeout=60
        )
        if done.returncode or "Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed: {done.stdout}{done.stderr}")
        return done.stdout

    def add_basic_endpoints(self) -> None:
        """Define /basic/sparql and /basic/sparql-graph-crud: the packaged endpoints with HTTP Basic.

        Virtuoso then accepts Basic credentials sent with the request (its 401 still offers Digest).
        """
        self.sql(
            "".join(
                f"DB.DBA.VHOST_DEFINE (lpath=>'{path}', ppath=>'{target}', is_dav=>1, vsp_user=>'dba', "
                f"sec=>'basic', realm=>'SPARQL', auth_fn=>'DB.DBA.HP_AUTH_SPARQL_USER', opts=>vector({options}));\n"
                for path, target, options in (
                    ("/basic/sparql", "/!sparql/", "'noinherit', 1"),
                    ("/basic/sparql-graph-crud", "/!sparql-graph-crud/", "'noinherit', 1, 'exec_as_get', 1"),
                )
            )
        )

    def log_tail(self, lines: int = 15) -> str:
        log = self.folder / "virtuoso.log"
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.is_file() else ""


def _answers(url: str) -> bool:
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    try:
        with urllib.request.urlopen(probe, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running_virtuoso(
    folder: Path, executable: str, settings: Mapping[tuple[str, str], str] | None = None
) -> Iterator[Virtuoso]:
    """Start Virtuoso on a private database in ``folder`` (``settings``: see :func:`private_ini`,
    over :data:`TEST_SETTINGS`); stop it on leaving."""
    settings = {**TEST_SETTINGS, **(settings or {})}
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(private_ini(SYSTEM_INI.read_text(), folder, sql_port, http_port, settings))
    output = (folder / "stdout.log").open("wb")
    process = subprocess.Popen(
        [executable, "-c", str(ini), "+foreground"],
        cwd=folder,
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    server = Virtuoso(f"http://{HOST}:{http_port}", folder, process, sql_port)
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _answers(server.sparql_url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Virtuoso did not start (exit {process.poll()}):\n{server.log_tail()}")
            time.sleep(0.25)
        yield server
    finally:
        _stop(process)
        output.close()
