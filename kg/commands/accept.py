"""``drugkg accept DRAFT``: add reviewed candidates of an extraction draft to a user data folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.commands.options import add_quiet_option

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "accept",
        help="add reviewed candidates to a user data folder",
        description="Add the candidates of a draft written by `drugkg extract --format trig` (all of them, or "
        "those named by --only) to the user data folder, with their source document and sections; "
        "`drugkg build` then includes them. The result is built in a temporary folder first: a draft "
        "that is malformed, breaks a SHACL shape or contradicts a source's negative statement is refused "
        "and nothing changes. --show lists the draft's candidates instead.",
    )
    parser.add_argument("draft", type=Path, metavar="DRAFT")
    parser.add_argument(
        "--only", nargs="+", default=None, metavar="ID", help="accept only these candidates (c1 c7 ...)"
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="DIR",
        help="the user data folder (default: the one the default build folder reads: the folder its last "
        "`build --data` named, else $DRUGKG_DATA_DIR, else ~/.local/share/drugkg/accepted)",
    )
    parser.add_argument("--show", action="store_true", help="list the draft's candidates and accept nothing")
    add_quiet_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.compile.pipeline import current_user_data_dir
    from kg.extract.accept import accept, candidate_rows, read_draft
    from kg.extract.review import format_rows

    if args.show:
        store, candidates = read_draft(args.draft)
        rows = candidate_rows(store, candidates)
        sys.stdout.write(format_rows(rows, f"{len(rows)} candidates in {args.draft}"))
        return 0
    data_dir = args.data if args.data is not None else current_user_data_dir()
    result = accept(args.draft, args.only, data_dir)
    for path, count in result.files.items():
        if not args.quiet:
            print(f"accepted {count} candidates into {path}", file=sys.stderr)
        print(path)
    return 0
