"""Run in the KGX environment (``pip install '.[kgx]'``; its python is ``$DRUGKG_KGX_PYTHON``), not
collected by pytest: kgx and biolink-model pin old numpy and friends, so they live in their own venv.

``python tests/kgx_environment.py biolink`` prints, as JSON, the biolink-model package's folder and
the is_a parents of its classes and slots; ``python tests/kgx_environment.py validate FOLDER
PREFIXES_JSON`` runs ``kgx validate`` (the function the command runs) offline on a KGX TSV folder,
with Biolink's prefix map plus the given prefixes, and prints its error report as JSON.

kgx and bmt fetch Biolink's schema, predicate map and JSON-LD context from the network, the schema
already when ``kgx`` is imported. Here bmt's Toolkit reads the biolink-model package's schema (the
predicate map is only used to map other vocabularies' predicates: none is given) and kgx's JSON-LD
context is the package's prefix map; any connection attempt beyond this machine fails.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def biolink_model_folder() -> Path:
    import biolink_model  # a namespace package: its files, no module code

    return Path(next(iter(biolink_model.__path__)))


def biolink() -> dict[str, Any]:
    import yaml

    schema = yaml.safe_load((biolink_model_folder() / "schema" / "biolink_model.yaml").read_text())
    return {
        "folder": str(biolink_model_folder()),
        "classes": {name: (body or {}).get("is_a") for name, body in schema["classes"].items()},
        "slots": {name: (body or {}).get("is_a") for name, body in schema["slots"].items()},
    }


@contextlib.contextmanager
def offline() -> Iterator[None]:
    """Refuse any connection or name lookup beyond this machine for the duration."""

    def local(host: object) -> bool:
        try:
            return ipaddress.ip_address(str(host)).is_loopback
        except ValueError:
            return host == "localhost"

    def connect(self: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if not local(host):
            raise OSError(f"kgx tried to reach {address!r}")
        return real_connect(self, address)

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> Any:
        if not local(host):
            raise OSError(f"kgx tried to look up {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo
    socket.socket.connect, socket.getaddrinfo = connect, getaddrinfo  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        socket.socket.connect, socket.getaddrinfo = real_connect, real_getaddrinfo  # type: ignore[method-assign]


def validate(folder: Path, prefixes: dict[str, str]) -> dict[str, Any]:
    import bmt

    schema = biolink_model_folder() / "schema" / "biolink_model.yaml"
    prefix_map = json.loads((biolink_model_folder() / "prefixmaps" / "biolink-model-prefix-map.json").read_text())

    class LocalToolkit(bmt.Toolkit):  # type: ignore[misc]
        def __init__(self, schema: str = str(schema), predicate_map: dict | None = None, **kwargs: Any) -> None:
            super().__init__(schema, predicate_map or {"predicate mappings": []}, **kwargs)

    bmt.Toolkit = LocalToolkit
    with offline():
        import kgx.config
        import kgx.utils.kgx_utils
        from kgx.cli.cli_utils import validate as kgx_validate
    kgx.utils.kgx_utils._default_toolkit = kgx.utils.kgx_utils.tk
    version = kgx.utils.kgx_utils.tk.get_model_version()
    if version != "4.4.6":
        raise SystemExit(f"the KGX environment has Biolink model {version}, not 4.4.6")
    kgx.config.jsonld_context_map["biolink"] = {**prefix_map, **prefixes}
    report = folder.parent / f"{folder.name}-report.json"
    with offline():
        errors = kgx_validate([str(folder / "nodes.tsv"), str(folder / "edges.tsv")], "tsv", None, str(report), None)
    return dict(errors)


if __name__ == "__main__":
    result = biolink() if sys.argv[1:2] == ["biolink"] else validate(Path(sys.argv[2]), json.loads(sys.argv[3]))
    sys.stdout.write(json.dumps(result) + "\n")
