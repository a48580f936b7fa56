"""``drugkg push --endpoint URL``: load the built graph into a remote SPARQL store."""

from __future__ import annotations

import argparse
import sys

from kg.commands.options import add_build_dir_option, add_endpoint_auth_options, add_quiet_option, check_timeout
from kg.query.limits import DEFAULT_PUSH_TIMEOUT

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "push",
        help="load the graph into a remote SPARQL store",
        description="Send the built graph (asserted facts in their source graphs, inferred facts, "
        "vocabulary and provenance) to a SPARQL store. --endpoint is a Graph Store Protocol URL "
        "(Oxigraph: http://HOST:PORT/store; Virtuoso: http://HOST:PORT/sparql-graph-crud-auth, which "
        "takes graph-uri=IRI): each named graph is replaced by ours. --graph IRI "
        "flattens everything into that one graph instead (replacing only it). --update URL sends "
        "SPARQL Update (DROP SILENT GRAPH, then INSERT DATA in chunks) for servers without the "
        "Graph Store Protocol.",
    )
    parser.add_argument("--endpoint", default=None, metavar="URL", help="Graph Store Protocol endpoint")
    parser.add_argument("--update", default=None, metavar="URL", help="SPARQL Update endpoint (instead of --endpoint)")
    parser.add_argument(
        "--graph", dest="target_graph", default=None, metavar="IRI", help="flatten all graphs into this one graph"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_PUSH_TIMEOUT,
        metavar="S",
        help=f"seconds per request (default: {DEFAULT_PUSH_TIMEOUT:g})",
    )
    parser.add_argument(
        "--chunk", type=int, default=2000, metavar="N", help="triples per INSERT DATA with --update (default: 2000)"
    )
    add_endpoint_auth_options(parser)
    add_build_dir_option(parser)
    add_quiet_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.build.pipeline import open_built_store
    from kg.errors import InputError
    from kg.remote.endpoint import credentials_for
    from kg.remote.push import push_graph_store, push_update

    if bool(args.endpoint) == bool(args.update):
        raise InputError("give exactly one of --endpoint URL (Graph Store Protocol) or --update URL (SPARQL Update)")
    url = args.endpoint or args.update
    if not url.startswith(("http://", "https://")):
        raise InputError(f"{url!r}: expected an http:// or https:// URL")
    check_timeout(args.timeout)
    if args.chunk < 1:
        raise InputError("--chunk must be at least 1")
    credentials = credentials_for(args.user, args.auth)
    store = open_built_store(args.build_dir)
    if args.endpoint:
        report = push_graph_store(store, url, target=args.target_graph, credentials=credentials, timeout=args.timeout)
    else:
        report = push_update(
            store, url, target=args.target_graph, credentials=credentials, chunk_size=args.chunk, timeout=args.timeout
        )
    if not args.quiet:
        print(f"{report} to {url}", file=sys.stderr)
    return 0
