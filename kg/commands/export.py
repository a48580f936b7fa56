"""``drugkg export --format FORMAT -o PATH``: write the graph for other tools."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from kg.commands.options import add_graph_file_option, add_quiet_option, open_dataset

__all__ = ["FORMAT_HELP", "register", "run"]

#: Format name -> what it writes (kept here so ``--help`` needs no heavy import).
FORMAT_HELP: dict[str, str] = {
    "turtle": "Turtle, all graphs as one, sorted and byte-stable",
    "ntriples": "N-Triples, all graphs as one, sorted lines",
    "jsonld": "JSON-LD (expanded), all graphs as one",
    "trig": "TriG, each fact in the named graph of its source",
    "nquads": "N-Quads, each fact in the named graph of its source",
    "graphml": "GraphML for Gephi/Cytoscape: entities and relations",
    "kgx": "KGX/Biolink TSV: PATH is a folder getting nodes.tsv and edges.tsv",
}

_DESCRIPTION = textwrap.fill(
    "Export the built graph (or --graph FILE) for other tools. Defaults: every fact, asserted and "
    "inferred, with provenance. For Turtle, N-Triples and JSON-LD, provenance means the descriptions "
    "of the source documents and sections are included; TriG and N-Quads also keep each fact in the "
    "named graph of its source section (or of the rule that inferred it); GraphML edges name their "
    "source sections and KGX edges list them under publications. Output is written atomically: a "
    "failed export leaves no partial output and an existing file or folder unchanged.",
    width=80,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    formats = "\n".join(f"  {name:<9} {text}" for name, text in FORMAT_HELP.items())
    parser = subparsers.add_parser(
        "export",
        help="write the graph as Turtle, N-Triples, JSON-LD, TriG, N-Quads, GraphML or KGX",
        description=_DESCRIPTION,
        epilog=f"formats:\n{formats}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--format", "-f", required=True, metavar="FORMAT", help=f"one of: {', '.join(FORMAT_HELP)} (see below)"
    )
    parser.add_argument(
        "-o", "--output", required=True, type=Path, metavar="PATH", help="file to write (a folder for kgx)"
    )
    parser.add_argument(
        "--content",
        choices=("all", "asserted"),
        default="all",
        help="all: asserted and inferred facts (default); asserted: leave out the inferred graphs "
        "and the rule descriptions",
    )
    parser.add_argument(
        "--no-provenance",
        dest="provenance",
        action="store_false",
        help="leave out the descriptions of sources and rules, and put every fact in one graph "
        "(default: provenance included)",
    )
    add_graph_file_option(parser)
    add_quiet_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.export import export, writer_for
    from kg.progress import busy

    writer_for(args.format).check_target(args.output)
    store = open_dataset(args)
    with busy(f"exporting {args.format}"):
        export(store, args.format, args.output, content=args.content, provenance=args.provenance)
    print(args.output)
    return 0
