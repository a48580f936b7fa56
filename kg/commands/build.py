"""``drugkg build``: compile, validate and reason; write the built graph."""

from __future__ import annotations

import argparse
import sys

from kg.commands.options import add_quiet_option

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help="compile, validate and reason; write the built graph",
        description="Load the vocabulary, the curated facts and the open datasets, infer with the named rules to a "
        "fixpoint, check SHACL shapes and negative statements, and write DIR/drugkg.trig "
        "(every fact in the named graph of its source) with DIR/manifest.json. Nothing is "
        "written unless every step succeeds.",
    )
    parser.add_argument(
        "--out",
        type=__import__("pathlib").Path,
        default=None,
        metavar="DIR",
        help="output folder (default: $DRUGKG_BUILD_DIR, else ~/.cache/drugkg/compile)",
    )
    parser.add_argument(
        "--data",
        type=__import__("pathlib").Path,
        default=None,
        metavar="DIR",
        help="also read the accepted facts (*.trig) of this user data folder, as `drugkg accept --data DIR` "
        "wrote them (default: $DRUGKG_DATA_DIR, else ~/.local/share/drugkg/accepted when it exists)",
    )
    parser.add_argument(
        "--no-datasets",
        dest="open_datasets",
        action="store_false",
        help="leave out the open datasets: the curated facts alone (a build of a few seconds); "
        "commands that rebuild this folder keep to it",
    )
    add_quiet_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.compile.pipeline import build
    from kg.progress import busy

    with busy("building"):
        result = build(args.out, args.data, open_datasets=args.open_datasets)
    if not args.quiet:
        inferred = ", ".join(f"{name} {count}" for name, count in sorted(result.reasoning.added.items()))
        print(
            f"built {result.graph_file}: {result.quads} quads ({result.asserted} asserted, "
            f"{result.reasoning.total} inferred in {result.reasoning.passes} passes: {inferred}); SHACL conforms",
            file=sys.stderr,
        )
    print(result.graph_file)
    return 0
