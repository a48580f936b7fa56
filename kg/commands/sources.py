"""``drugkg sources``: the open datasets in the graph, their licences and what each import gave."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.commands.options import add_build_dir_option

__all__ = ["register", "run"]

_UNMAPPED_HEADER = ("source", "file", "line", "part", "reason", "row")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sources",
        help="the open datasets in the graph: version, licence, attribution, facts, unmapped rows",
        description="List each imported open dataset with its version, licence, attribution, origin, "
        "the rows read, the facts written and the rows that could not be mapped. --unmapped [SOURCE] "
        "prints every row that could not be mapped (of SOURCE, or of all sources) with its reason, "
        'as TSV: source, file, line, part ("row", or "part" when only a part of a represented row '
        'could not be mapped), reason and the row itself (its cells joined by " | ").',
    )
    parser.add_argument(
        "--unmapped",
        nargs="?",
        const="all",
        default=None,
        metavar="SOURCE",
        help="print the unmapped rows and their reasons (of SOURCE: pharmacotherapydb, drugcentral, "
        "disease-ontology or mesh; default all)",
    )
    parser.add_argument(
        "--format", "-f", choices=("table", "json"), default="table", help="output format of the list (default: table)"
    )
    add_build_dir_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.unmapped is not None:
        return _print_unmapped(args.unmapped)
    import json

    from kg.compile.built import built_manifest
    from kg.sources import IMPORTERS

    sources = built_manifest(args.build_dir).get("sources", {})
    assert isinstance(sources, dict)
    if args.format == "json":
        print(json.dumps(sources, indent=2, sort_keys=True))
        return 0
    for importer in IMPORTERS:
        summary = sources.get(importer.name)
        if summary is None:
            continue
        manifest = importer.manifest
        print(f"{manifest.name} {manifest.version}  ({importer.name})")
        print(f"  licence:      {manifest.licence_name}  <{manifest.licence}>")
        print(f"  attribution:  {manifest.attribution}")
        print(f"  origin:       {manifest.source_url}")
        print(
            f"  rows read:    {summary['rows_read']:,}   facts: {summary['facts']:,}   "
            f"unmapped rows: {summary['rows_unmapped']:,}   unmapped parts of rows: {summary['parts_unmapped']:,}"
        )
        print(f"  disputed rows: {summary.get('rows_disputed', 0):,}")
    print("unmapped rows and their reasons: drugkg sources --unmapped [SOURCE]")
    print("disputed rows and their reasons: drugkg query disputed-rows")
    _print_user_data(args.build_dir)
    return 0


def _print_user_data(build_dir: Path | None) -> None:
    """The user data folder the build reads, with its accepted-fact files: the curated facts beside
    the open datasets that are the user's own."""
    from kg.compile.pipeline import last_data_dir, user_data_files
    from kg.paths import default_user_data_dir

    folder = last_data_dir(build_dir) or default_user_data_dir()
    files = len(user_data_files(folder)) if folder.is_dir() else 0
    state = "" if folder.is_dir() else " (no such folder yet)"
    print(f"user data: {folder}: {files} accepted-fact files{state}; `drugkg accept` adds to it, every build reads it")


def _print_unmapped(source: str) -> int:
    import pyoxigraph as ox

    from kg.compile.pipeline import compile_dataset
    from kg.errors import InputError
    from kg.sources import IMPORTERS, import_sources
    from kg.terminal import printable

    names = [importer.name for importer in IMPORTERS]
    if source != "all" and source not in names:
        raise InputError(f"no source named {source!r} (known: {', '.join(names)})")
    store: ox.Store = compile_dataset()
    reports = import_sources(store)
    print("\t".join(_UNMAPPED_HEADER))
    for report in reports:
        if source not in ("all", report.source):
            continue
        for row in report.unmapped:
            cells = (report.source, row.file, str(row.line), "part" if row.partial else "row", row.reason, row.row)
            print("\t".join(printable(cell.replace("\t", " | ")) for cell in cells))
    return 0
