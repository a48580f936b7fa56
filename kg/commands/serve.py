"""``drugkg serve``: a local, read-only (unless --writable) Oxigraph SPARQL server on 127.0.0.1."""

from __future__ import annotations

import argparse

from kg.commands.options import add_build_dir_option, check_timeout

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    from kg.query.limits import DEFAULT_TIMEOUT

    parser = subparsers.add_parser(
        "serve",
        help="run a local SPARQL server (Oxigraph) holding the graph",
        description="Load the built graph into a temporary Oxigraph database and serve it on "
        "127.0.0.1 (SPARQL at /query, a query page at /), with the union of all graphs as the "
        "default graph and the manifest `drugkg push` would write (so `drugkg query --endpoint` "
        "finds the dataset). Read-only unless --writable is given (which adds /update and the Graph "
        "Store at /store). The explorer of `drugkg viz --site` (overview, search, a page per entity "
        "and class) is served beside it, on the next port. Ctrl-C stops both and removes the "
        "temporary database; nothing else is ever deleted.",
    )
    parser.add_argument("--port", type=int, default=7878, metavar="N", help="TCP port (default: 7878)")
    parser.add_argument(
        "--bind",
        default="127.0.0.1",
        metavar="ADDR",
        help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 exposes the "
        "server to the network, with a warning)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--read-only",
        dest="writable",
        action="store_false",
        help="refuse updates (the default; oxigraph serve-read-only)",
    )
    mode.add_argument(
        "--writable",
        dest="writable",
        action="store_true",
        help="accept SPARQL Update and Graph Store writes (they change only the temporary copy)",
    )
    parser.set_defaults(writable=False)
    parser.add_argument(
        "--explorer-port",
        type=int,
        default=None,
        metavar="N",
        help="serve the explorer (the pages of `drugkg viz --site`) on port N (default: the next port, "
        "else any free one; 0: no explorer)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop each query after this many seconds, on the server (default: {DEFAULT_TIMEOUT:g})",
    )
    add_build_dir_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import dataclasses
    import os
    import shutil
    import sys
    import tempfile
    from pathlib import Path

    from kg.atomic import held_signals
    from kg.compile.built import BUILT_GRAPH_NAME, built_version
    from kg.errors import InputError
    from kg.remote.gate import serving_gate
    from kg.remote.manifest import DEFAULT_MANIFEST_GRAPH, NAMED_GRAPHS, Manifest, build_stamp, now
    from kg.remote.server import (
        OWNER_FILE,
        check_bindable,
        free_port,
        is_loopback,
        load_into,
        oxigraph_executable,
        remove_abandoned,
        running_server,
    )

    check_timeout(args.timeout)
    if not 0 < args.port < 65536:
        raise InputError(f"--port {args.port}: expected 1-65535")
    if args.explorer_port is not None and not 0 <= args.explorer_port < 65536:
        raise InputError(f"--explorer-port {args.explorer_port}: expected 1-65535, or 0 for no explorer")
    import ipaddress

    import pyoxigraph as ox

    bind = "127.0.0.1" if args.bind == "localhost" else args.bind
    try:
        ipaddress.ip_address(bind)
    except ValueError:
        raise InputError(f"--bind {args.bind!r}: expected an IP address, such as 127.0.0.1, ::1 or 0.0.0.0") from None
    if not is_loopback(bind):
        print(
            f"drugkg serve: warning: --bind {bind} makes the server reachable from other machines",
            file=sys.stderr,
            flush=True,
        )
    oxigraph_executable()
    from kg.stores import open_read_only

    version = built_version(args.build_dir)  # builds the graph first when it is missing or stale
    store = open_read_only(version)
    graph_file = version / BUILT_GRAPH_NAME
    graphs = tuple(sorted(graph.value for graph in store.named_graphs() if isinstance(graph, ox.NamedNode)))
    manifest = Manifest(DEFAULT_MANIFEST_GRAPH, NAMED_GRAPHS, graphs, now(), build_stamp(version))
    read_only = not args.writable
    location: Path | None = None
    try:
        with held_signals():  # made and recorded together, so always removed below
            remove_abandoned(Path(tempfile.gettempdir()), "drugkg-serve-")  # left by a server killed with -9
            location = Path(tempfile.mkdtemp(prefix="drugkg-serve-"))
            (location / OWNER_FILE).write_text(f"{os.getpid()}\n", encoding="ascii")
        database = location / "db"
        manifest_file = location / "manifest.nq"
        manifest_file.write_bytes(ox.serialize(manifest.quads(), format=ox.RdfFormat.N_QUADS) or b"")
        load_into(database, graph_file)
        load_into(database, manifest_file)
        from kg.views.site_server import serving_built_explorer

        explorer = serving_built_explorer(store, bind, args.port, args.explorer_port)
        check_bindable(bind, args.port)
        # Oxigraph on a private loopback port; the gate on the public one refuses SERVICE and queries
        # past the parser's bounds (kg.remote.gate), and forwards the rest.
        backend = free_port()
        serving = running_server(database, port=backend, read_only=read_only, timeout_s=args.timeout)
        gate = serving_gate(bind, args.port, backend, args.timeout + 30)
        with serving as private, explorer as pages, gate:
            reach = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(bind, bind)
            url = f"http://[{reach}]:{args.port}" if ":" in reach else f"http://{reach}:{args.port}"
            server = dataclasses.replace(private, url=url)
            try:  # from here on Ctrl-C is the normal way to stop, even while the banner is printed
                mode = "read-only" if read_only else "read-write"
                print(f"drugkg SPARQL server ({mode}) at {server.url}", flush=True)
                print(f"  query page:  {server.url}/", flush=True)
                print(f"  endpoint:    {server.query_url}", flush=True)
                if pages is not None:
                    print(f"  explorer:    {pages}/", flush=True)
                if not read_only:
                    print(f"  update:      {server.update_url}", flush=True)
                    print(f"  graph store: {server.store_url}", flush=True)
                print("press Ctrl-C to stop", flush=True)
                server.process.wait()
            except KeyboardInterrupt:
                print("stopping the server", flush=True)
                return 0
    finally:
        if location is not None:
            with held_signals():
                shutil.rmtree(location, ignore_errors=True)
    raise InputError("the oxigraph server stopped on its own")
