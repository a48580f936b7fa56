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
        "wrote them, and remember it: later builds of the same build folder read it too until --data names "
        "another (default: the remembered folder, else $DRUGKG_DATA_DIR, else ~/.local/share/drugkg/accepted "
        "when it exists)",
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
    from kg.compile.pipeline import build, last_data_dir, user_data_files
    from kg.paths import default_user_data_dir
    from kg.progress import busy

    last = last_data_dir(args.out)
    if args.data is None and last is not None and last != default_user_data_dir().resolve() and not last.is_dir():
        print(f"warning: {last}, the user data folder the last build read, is gone: not read", file=sys.stderr)
    with busy("building"):
        result = build(args.out, args.data, open_datasets=args.open_datasets)
    if not args.quiet and result.user_data_dir is not None:
        files = len(user_data_files(result.user_data_dir)) if result.user_data_dir.is_dir() else 0
        how = " (remembered from the last build; --data DIR reads another)" if result.remembered else ""
        print(f"user data: {result.user_data_dir}: {files} accepted-fact files{how}", file=sys.stderr)
    if not args.quiet:
        inferred = ", ".join(f"{name} {count}" for name, count in sorted(result.reasoning.added.items()))
        print(
            f"built {result.graph_file}: {result.quads} quads ({result.asserted} asserted, "
            f"{result.reasoning.total} inferred in {result.reasoning.passes} passes: {inferred}); SHACL conforms",
            file=sys.stderr,
        )
    print(result.graph_file)
    return 0
