"""``drugkg docs -o DIR``: an HTML page documenting the ontology, readable offline."""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["PAGE_NAME", "register", "run"]

#: The one file the command writes into DIR.
PAGE_NAME = "index.html"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "docs",
        help="write an HTML page documenting the ontology",
        description="Write DIR/index.html: the ontology's classes and properties with their definitions, "
        "domains and ranges, hierarchy and alignments to other vocabularies. The page is self-contained "
        "(no script, no stylesheet or font to fetch) and is written atomically; an existing DIR is replaced "
        "only if it holds nothing but index.html.",
    )
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="DIR", help="folder to write")
    parser.add_argument(
        "--ontology",
        type=Path,
        default=None,
        metavar="FILE",
        help="the ontology file to document (default: the drugkg vocabulary, ontology/drugkg.ttl)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.atomic import atomic_directory, check_folder_target
    from kg.paths import ONTOLOGY_FILE
    from kg.views.vocabulary_page import read_ontology, render_html

    check_folder_target(args.output, {PAGE_NAME})
    page = render_html(read_ontology(args.ontology or ONTOLOGY_FILE))
    with atomic_directory(args.output, {PAGE_NAME}) as folder:
        (folder / PAGE_NAME).write_text(page, encoding="utf-8")
    print(args.output / PAGE_NAME)
    return 0
