"""``drugkg serve``: a local Oxigraph SPARQL server holding the built graph, on 127.0.0.1."""

from __future__ import annotations

import argparse

from kg.commands.options import add_build_dir_option

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run a local SPARQL server (Oxigraph) holding the graph",
        description="Load the built graph into a temporary Oxigraph database and serve it on "
        "127.0.0.1 (SPARQL at /query, a query page at /, Graph Store at /store), with the union "
        "of all graphs as the default graph. Ctrl-C stops it and removes the database.",
    )
    parser.add_argument("--port", type=int, default=7878, metavar="N", help="TCP port (default: 7878)")
    parser.add_argument("--read-only", action="store_true", help="refuse updates (oxigraph serve-read-only)")
    add_build_dir_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import tempfile
    from pathlib import Path

    from kg.build import BUILT_GRAPH_NAME, open_built_store
    from kg.errors import InputError
    from kg.paths import default_build_dir
    from kg.server import load_into, oxigraph_executable, running_server

    if not 0 < args.port < 65536:
        raise InputError(f"--port {args.port}: expected 1-65535")
    oxigraph_executable()
    open_built_store(args.build_dir)  # builds the graph first when it is missing or stale
    graph_file = Path(args.build_dir or default_build_dir()) / BUILT_GRAPH_NAME
    with tempfile.TemporaryDirectory(prefix="drugkg-serve-") as location:
        load_into(Path(location), graph_file)
        with running_server(Path(location), port=args.port, read_only=args.read_only) as server:
            mode = "read-only" if args.read_only else "read-write"
            print(f"drugkg SPARQL server ({mode}) at {server.url}", flush=True)
            print(f"  query page:  {server.url}/", flush=True)
            print(f"  endpoint:    {server.query_url}", flush=True)
            if not args.read_only:
                print(f"  graph store: {server.store_url}", flush=True)
            print("press Ctrl-C to stop", flush=True)
            try:
                server.process.wait()
            except KeyboardInterrupt:
                print("stopping the server", flush=True)
                return 0
    raise InputError("the oxigraph server stopped on its own")
