"""``drugkg extract FILE [FILE ...]``: candidate facts from texts, each with its evidence."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.commands.options import add_graph_file_option, add_quiet_option

__all__ = ["register", "run"]

FORMATS = ("json", "trig", "table", "html")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="candidate facts from texts, each with its evidence",
        description="Find mentions of drugs, drug classes, conditions, symptoms, adverse effects, therapies, "
        "neurotransmitters, substances and activities in UTF-8 text files, link them to the graph's entities "
        "by their names, and propose facts in the drugkg vocabulary, each with the sentence that supports it, "
        "whether it is negated or hypothetical, and a confidence. Nothing changes the graph: review the "
        "candidates and add the good ones with `drugkg accept`. Formats: json (the documented contract), "
        "trig (a draft for `accept`), table (for reading), html (a review page; needs -o).",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--format", choices=FORMATS, default="json", help="output format (default: json)")
    parser.add_argument("-o", "--output", type=Path, default=None, metavar="PATH", help="write here (default: stdout)")
    parser.add_argument(
        "--no-adverse-model",
        action="store_true",
        help="find adverse reactions by the graph's names only (skip the shipped adverse-reaction model)",
    )
    parser.add_argument(
        "--no-pair-model",
        action="store_true",
        help="propose facts by the trigger rules only (skip the shipped relation pair classifier)",
    )
    add_graph_file_option(parser)
    add_quiet_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.atomic import atomic_write, check_writable_parent
    from kg.commands.options import open_dataset
    from kg.errors import InputError
    from kg.extract import extract_files
    from kg.extract.draft import write_json, write_trig
    from kg.extract.review import entity_labels, format_table, render_review_page

    if args.output is not None:
        check_writable_parent(args.output)
    elif args.format == "html":
        raise InputError("say where to write the review page: -o FILE.html")
    store = open_dataset(args)
    results = extract_files(
        args.files, store, adverse_model=not args.no_adverse_model, pair_model=not args.no_pair_model
    )
    labels = entity_labels(store, results)
    if args.format == "trig":
        if args.output is None:
            write_trig(results, labels, sys.stdout.buffer)
        else:
            with atomic_write(args.output, "wb") as handle:
                write_trig(results, labels, handle)
    else:
        if args.format == "json":
            from io import StringIO

            buffer = StringIO()
            write_json(results, buffer)
            text = buffer.getvalue()
        elif args.format == "table":
            text = format_table(results, labels)
        else:
            text = render_review_page(results, labels)
        if args.output is None:
            sys.stdout.write(text)
        else:
            with atomic_write(args.output) as handle:
                handle.write(text)
    if not args.quiet:
        facts = sum(len(r.facts) for r in results)
        entities = sum(len(r.entities) for r in results)
        where = f" to {args.output}" if args.output else ""
        print(
            f"extracted {entities} mentions and {facts} candidate facts from {len(results)} files{where}",
            file=sys.stderr,
        )
    return 0
