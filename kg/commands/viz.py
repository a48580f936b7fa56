"""``drugkg viz``: an overview of the graph, a neighbourhood, a class, the chains between two entities
or the whole graph as an HTML page; or an explorer of linked pages (``--site``)."""

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
        help="draw an overview of the graph, a neighbourhood, a class or the chains between two entities as "
        "an HTML page",
        description="Write one self-contained HTML page (no network needed: the drawing library is "
        "inlined). With no view chosen, an overview: the types of entities and the relations between "
        "them with their counts, and the class hierarchies folded. --focus draws the neighbourhood of "
        "an entity, --class a drug class with its hierarchy and members, --explain the shortest "
        "chains of facts between two entities, --all the whole graph by type (--all --entities: every "
        "entity, at most --max-nodes). Nodes are "
        "coloured and shaped by type; each edge is a triple labelled by its predicate, dashed when "
        "inferred; a node with many neighbours has them grouped by relation and type (click a group "
        "to show it); tooltips show definitions, synonyms, cross-references and the source and "
        "licence of each fact. --site DIR writes an explorer instead: the overview with a search over "
        "names, brand names and ids, a list of each type, and a page for each entity and class.",
    )
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--focus", metavar="ENTITY", help="draw the neighbourhood of ENTITY (a name, CURIE or IRI)")
    choice.add_argument("--class", dest="drug_class", metavar="CLASS", help="draw CLASS, its hierarchy and members")
    choice.add_argument(
        "--explain", nargs=2, metavar=("FROM", "TO"), help="draw the shortest chains of facts from FROM to TO"
    )
    choice.add_argument(
        "--all",
        dest="whole",
        action="store_true",
        help="draw the whole graph aggregated: each type one node with its count, each arrow the relations "
        "between two types with their counts (with --entities: every entity, at most --max-nodes)",
    )
    parser.add_argument(
        "--entities",
        action="store_true",
        help="with --all: draw every entity and fact (at most --max-nodes nodes) rather than the types",
    )
    parser.add_argument("--depth", type=_count(0), default=1, metavar="N", help="hops around --focus (default 1)")
    parser.add_argument(
        "--max-nodes",
        type=_count(1),
        default=None,
        metavar="N",
        help="draw at most N nodes, the nearest to the focus; the page says what was left out (default 1000; "
        "for --focus, --class, --explain, --all and the pages of --site)",
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE.html", help="the HTML file to write")
    parser.add_argument(
        "--site",
        type=Path,
        metavar="DIR",
        help="write an explorer into DIR: index.html (overview and search), a list of each type, a page "
        "for each entity and class, and the shared scripts in DIR/assets",
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
    if args.entities and not args.whole:
        raise InputError("--entities goes with --all (draw every entity rather than the types)")
    if args.output is not None:
        check_writable_parent(args.output)
    if args.site is not None:
        from kg.views.explorer import check_site_folder

        check_site_folder(args.site)
    max_nodes = DEFAULT_MAX_NODES if args.max_nodes is None else args.max_nodes
    store = open_dataset(args)
    # a focus or class view reads only the nodes it shows; the others and --site need every node
    local = args.site is None and (args.focus or args.drug_class)
    network = None if local else build_network(store)
    source = args.graph_file.name if args.graph_file is not None else "drugkg"
    chosen = args.focus or args.drug_class or args.explain or args.whole
    if args.output is not None and args.whole and not args.entities:
        from kg.atomic import atomic_write
        from kg.views.overview import WHOLE_TITLE, overview_of, whole_graph_page

        assert network is not None
        overview = overview_of(network)
        hint = "drugkg viz --all --entities draws every entity (at most --max-nodes)."
        page = whole_graph_page(overview, title=f"{source}: {WHOLE_TITLE}", notes=[hint])
        with atomic_write(args.output) as handle:
            handle.write(page)
        if not args.quiet:
            shown = f"{overview.nodes} entities of {len(overview.types)} types, {len(overview.relations)} relations"
            print(f"wrote {args.output}: {printable(source)}: {WHOLE_TITLE} ({shown})", file=sys.stderr)
        print(args.output)
    elif args.output is not None and not chosen:
        from kg.atomic import atomic_write
        from kg.views.overview import overview_of, render_overview

        assert network is not None
        overview = overview_of(network)
        page = render_overview(overview, type_iris=network.graph.get("type_iris"), title=f"{source}: overview")
        with atomic_write(args.output) as handle:
            handle.write(page)
        if not args.quiet:
            shown = f"{overview.nodes} entities of {len(overview.types)} types, {len(overview.relations)} relations"
            print(f"wrote {args.output}: {printable(source)}: overview ({shown})", file=sys.stderr)
        print(args.output)
    elif args.output is not None:
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
        from kg.views.search import names_of_entities

        assert network is not None
        written = write_site(
            network, args.site, names=names_of_entities(store), depth=args.depth, max_nodes=max_nodes, title=source
        )
        if not args.quiet:
            pages = sum(1 for path in written if path.suffix == ".html")
            print(f"wrote {pages} pages into {args.site}", file=sys.stderr)
        print(args.site / INDEX_PAGE)
    return 0
