"""``drugkg query QUERY``: run a named query, a query file or SPARQL text, locally or remotely."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from kg.commands.options import add_endpoint_auth_options, add_graph_file_option, check_timeout

if TYPE_CHECKING:
    from kg.query.library import NamedQuery
    from kg.query.service import QueryService

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    from kg.query.limits import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, FORMATS

    parser = subparsers.add_parser(
        "query",
        help="run a SPARQL query (named, from a file, or as text)",
        description="Run a read-only SPARQL query over the built graph (the union of all its named "
        "graphs), an RDF file (--graph) or a remote endpoint (--endpoint). QUERY is a file, a name "
        "from `drugkg queries`, or SPARQL text; the drugkg prefixes (dk:, dkv:, rdfs:, skos:...) are "
        "predeclared. SPARQL Update is refused. On an endpoint, named queries run on the graphs "
        "`drugkg push` wrote (named to the server from its manifest); so does your own text without "
        "FROM/FROM NAMED when the store holds a drugkg manifest (text with them is sent as written; "
        "--raw sends any text untouched).",
    )
    parser.add_argument("query", metavar="QUERY", help="a .rq file, a named query, SPARQL text, or - for stdin")
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind ?NAME to VALUE: <IRI>, a CURIE (dk:clonazepam), an entity name (Klonopin), "
        '"text", "5"^^xsd:integer, or plain text (a string); repeatable',
    )
    parser.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    parser.add_argument("--endpoint", default=None, metavar="URL", help="a SPARQL endpoint to query instead")
    dataset = parser.add_mutually_exclusive_group()
    dataset.add_argument(
        "--drugkg-dataset",
        action="store_true",
        help="with --endpoint: run your own query text on the graphs drugkg pushed too, as the named queries are "
        "(read from the manifest `drugkg push` wrote; the default where the store holds one), and refuse text "
        "with FROM and stores without a manifest",
    )
    dataset.add_argument(
        "--dataset-graph",
        default=None,
        metavar="IRI",
        help="with --endpoint: the graph of the manifest to read (the --graph IRI given to push), where the store "
        "holds several; implies --drugkg-dataset",
    )
    dataset.add_argument(
        "--no-dataset",
        action="store_true",
        help="with --endpoint: send the named queries as they are too, on the store's own default graph "
        "(for data loaded without drugkg push, on a store whose default graph is the union of its graphs)",
    )
    dataset.add_argument(
        "--raw",
        action="store_true",
        help="with --endpoint: send the query text untouched (no drugkg dataset, prefixes or parameters), "
        "on the store's own default graph",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"stop the query after S seconds (default: {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--max-rows",
        type=int,
        default=DEFAULT_MAX_ROWS,
        metavar="N",
        help=f"refuse results of more than N rows (default: {DEFAULT_MAX_ROWS})",
    )
    parser.add_argument(
        "--allow-service", action="store_true", help="permit SERVICE clauses (calls to other endpoints)"
    )
    parser.add_argument(
        "--no-inferred",
        dest="inferred",
        action="store_false",
        help="leave out the facts inferred by the rules: asserted facts, vocabulary and provenance only",
    )
    add_endpoint_auth_options(parser)
    add_graph_file_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.errors import InputError
    from kg.query.library import resolve_query
    from kg.query.results import render
    from kg.query.text import parse_params

    check_timeout(args.timeout)
    if not 1 <= args.max_rows <= 10**12:
        raise InputError("--max-rows must be between 1 and 10^12")
    if args.query == "-":
        from kg.query.library import from_text

        try:
            text = sys.stdin.read()
            text.encode("utf-8")
        except UnicodeError:
            raise InputError("the query on stdin is not valid UTF-8 text") from None
        if not text.strip():
            raise InputError("empty query on stdin")
        named = from_text(text, "stdin")
    else:
        named = resolve_query(args.query)
    params = parse_params(args.param)
    service = _service(args, named)
    result = service.query(
        named,
        params,
        timeout=args.timeout,
        max_rows=args.max_rows,
        allow_service=args.allow_service,
        inferred=args.inferred,
    )
    output = render(result, args.format)
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    return 0


def _service(args: argparse.Namespace, named: NamedQuery) -> QueryService:
    """The endpoint of ``--endpoint``, else the embedded store of ``--graph`` or the built graph."""
    from kg.errors import InputError

    if args.endpoint:
        from kg.remote.endpoint import Endpoint, credentials_for

        if args.graph_file is not None:
            raise InputError("--graph and --endpoint exclude each other")
        Endpoint.check_options(inferred=args.inferred)  # before a password is asked for
        if args.raw and args.param:
            raise InputError("--raw sends the query text untouched: it takes no --param")
        dataset = (
            "raw"
            if args.raw
            else "none"
            if args.no_dataset
            else "all"
            if args.drugkg_dataset or args.dataset_graph
            else "auto"
        )
        return Endpoint(
            args.endpoint,
            timeout=args.timeout,
            credentials=credentials_for(args.user, args.auth),
            dataset=dataset,
            manifest_graph=args.dataset_graph,
        )
    if args.drugkg_dataset or args.dataset_graph or args.no_dataset or args.raw:
        raise InputError("--drugkg-dataset, --dataset-graph, --no-dataset and --raw go with --endpoint")
    from kg.query.library import is_library_query
    from kg.query.local import open_dataset
    from kg.query.text import query_form

    query_form(  # refuse bad queries before loading
        named.text, allow_service=args.allow_service, timeout=args.timeout, trusted=is_library_query(named)
    )
    return open_dataset(args.graph_file, args.build_dir)
