"""``drugkg export --format FORMAT -o PATH``: write the graph for other tools."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.commands.options import add_graph_file_option, open_dataset

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    from kg.export import EXPORT_FORMATS

    parser = subparsers.add_parser(
        "export",
        help="write the graph as Turtle, N-Triples, TriG or N-Quads",
        description="Export the built graph (asserted and inferred facts, vocabulary and provenance). "
        "Turtle and N-Triples carry the union of all graphs; TriG and N-Quads keep every fact in "
        "the named graph of its source. The file is written atomically.",
    )
    parser.add_argument("--format", "-f", required=True, metavar="FORMAT", help=f"one of: {', '.join(EXPORT_FORMATS)}")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="PATH", help="file to write")
    add_graph_file_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.atomic import check_writable_parent
    from kg.export import export

    check_writable_parent(args.output)
    export(open_dataset(args), args.format, args.output)
    print(args.output)
    return 0
