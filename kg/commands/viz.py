"""``drugkg viz``: the graph, a neighbourhood, a class or the chains between two entities as an HTML page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.commands.options import add_graph_file_option, add_quiet_option, open_dataset

__all__ = ["register", "run"]


def _count(minimum: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, not {value}")
        return value

    return parse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "viz",
        help="draw the graph, a neighbourhood, a class or the chains between two entities as an HTML page",
        description="Write one self-contained HTML page (no network needed: the drawing library is "
        "inlined) showing the whole graph, the neighbourhood of --focus, a drug class with --class, or "
        "the shortest chains of facts between two entities with --explain. Nodes are coloured and "
        "shaped by type; each edge is a triple labelled by its predicate, dashed when inferred; "
        "tooltips show definitions, synonyms, cross-references and the source of each fact. "
        "--site DIR writes an explorer instead: an index of every entity and a page for each.",
    )
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--focus", metavar="ENTITY", help="draw the neighbourhood of ENTITY (a name, CURIE or IRI)")
    choice.add_argument("--class", dest="drug_class", metavar="CLASS", help="draw CLASS, its hierarchy and members")
    choice.add_argument(
        "--explain", nargs=2, metavar=("FROM", "TO"), help="draw the shortest chains of facts from FROM to TO"
    )
    parser.add_argument("--depth", type=_count(0), default=1, metavar="N", help="hops around --focus (default 1)")
    parser.add_argument(
        "--max-nodes",
        type=_count(1),
        default=None,
        metavar="N",
        help="draw at most N nodes, the nearest to the focus; the page says what was left out (default 1000)",
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE.html", help="the HTML file to write")
    parser.add_argument(
        "--site", type=Path, metavar="DIR", help="write an explorer (index.html and one page per entity) into DIR"
    )
    add_graph_file_option(parser)
    add_quiet_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.atomic import check_writable_parent
    from kg.errors import InputError
    from kg.terminal import printable
    from kg.views.network import DEFAULT_MAX_NODES, build_network, select_view

    if args.output is None and args.site is None:
        raise InputError("say where to write: -o FILE.html, or --site DIR")
    if args.output is not None:
        check_writable_parent(args.output)
    if args.site is not None and not args.site.resolve().parent.is_dir():
        raise InputError(f"cannot write {args.site}: folder {args.site.resolve().parent} does not exist")
    max_nodes = DEFAULT_MAX_NODES if args.max_nodes is None else args.max_nodes
    store = open_dataset(args)
    # a focus or class view reads only the nodes it shows; the others and --site need every node
    local = args.site is None and (args.focus or args.drug_class)
    network = None if local else build_network(store)
    if args.output is not None:
        from kg.views.html import write_html

        view = select_view(
            store,
            network,
            focus=args.focus,
            depth=args.depth,
            drug_class=args.drug_class,
            explain=args.explain,
            max_nodes=max_nodes,
        )
        source = args.graph_file.name if args.graph_file is not None else "drugkg"
        view.title = f"{source}: {view.title}"
        write_html(view, args.output)
        if not args.quiet:
            left = f", {len(view.omitted)} nodes left out" if view.omitted else ""
            nodes, edges = view.graph.number_of_nodes(), view.graph.number_of_edges()
            shown = f"{nodes} node{'s' * (nodes != 1)}, {edges} edge{'s' * (edges != 1)}{left}"
            print(f"wrote {args.output}: {printable(view.title)} ({shown})", file=sys.stderr)
        print(args.output)
    if args.site is not None:
        from kg.views.explorer import INDEX_PAGE, write_site

        assert network is not None
        written = write_site(network, args.site, depth=args.depth, max_nodes=max_nodes)
        if not args.quiet:
            print(f"wrote {len(written)} pages into {args.site}", file=sys.stderr)
        print(args.site / INDEX_PAGE)
    return 0
