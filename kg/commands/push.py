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
        "vocabulary and provenance) to a SPARQL store, each named graph replaced by ours, with a "
        "manifest of what was pushed in its own graph (dkg:manifest, or --graph IRI): `drugkg query "
        "--endpoint` reads it to ask for exactly those graphs, whatever the store's default graph. "
        "--endpoint is a Graph Store Protocol URL (Oxigraph: http://HOST:PORT/store; Virtuoso: "
        "http://HOST:PORT/sparql-graph-crud-auth, which takes graph-uri=IRI). --update URL sends "
        "SPARQL Update (DROP SILENT GRAPH, then INSERT DATA in chunks) for servers without the "
        "Graph Store Protocol. --flatten puts every triple into the one --graph IRI instead (the "
        "queries that read named graphs then cannot be answered); --drop removes an earlier push.",
    )
    parser.add_argument("--endpoint", default=None, metavar="URL", help="Graph Store Protocol endpoint")
    parser.add_argument("--update", default=None, metavar="URL", help="SPARQL Update endpoint (instead of --endpoint)")
    parser.add_argument(
        "--graph",
        dest="target_graph",
        default=None,
        metavar="IRI",
        help="the graph of the push's manifest: the handle to find and drop it (default: "
        "https://w3id.org/drugkg/graph/manifest); with --flatten, the one graph of everything",
    )
    layout = parser.add_mutually_exclusive_group()
    layout.add_argument(
        "--flatten",
        action="store_true",
        help="put every triple into the one --graph IRI (no named graphs: the provenance queries are refused)",
    )
    layout.add_argument(
        "--drop",
        action="store_true",
        help="instead of pushing, remove the graphs the manifest in --graph (or the default) lists, and the manifest",
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

    from kg.compile.built import built_version
    from kg.errors import InputError
    from kg.remote.endpoint import credentials_for
    from kg.remote.manifest import build_stamp
    from kg.remote.push import DropReport, PushReport, drop_graph_store, drop_update, push_graph_store, push_update

    if bool(args.endpoint) == bool(args.update):
        raise InputError("give exactly one of --endpoint URL (Graph Store Protocol) or --update URL (SPARQL Update)")
    url = args.endpoint or args.update
    if not url.startswith(("http://", "https://")):
        raise InputError(f"{url!r}: expected an http:// or https:// URL")
    check_timeout(args.timeout)
    if args.chunk < 1:
        raise InputError("--chunk must be at least 1")
    if args.flatten and not args.target_graph:
        raise InputError("--flatten needs --graph IRI: the one graph to put everything in")
    credentials = credentials_for(args.user, args.auth)
    report: PushReport | DropReport
    if args.drop:
        if args.endpoint:
            report = drop_graph_store(url, graph=args.target_graph, credentials=credentials, timeout=args.timeout)
        else:
            report = drop_update(url, graph=args.target_graph, credentials=credentials, timeout=args.timeout)
    else:
        from kg.stores import open_read_only

        version = built_version(args.build_dir)
        store = open_read_only(version)
        stamp = build_stamp(version)
        graph, flatten = args.target_graph, args.flatten
        if args.endpoint:
            report = push_graph_store(
                store, url, graph=graph, flatten=flatten, credentials=credentials, timeout=args.timeout, stamp=stamp
            )
        else:
            report = push_update(
                store,
                url,
                graph=graph,
                flatten=flatten,
                credentials=credentials,
                chunk_size=args.chunk,
                timeout=args.timeout,
                stamp=stamp,
            )
    if not args.quiet:
        print(f"{report} to {url}" if isinstance(report, PushReport) else f"{report} at {url}", file=sys.stderr)
    return 0
