"""Options shared by several commands, defined once."""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["add_build_dir_option", "add_graph_file_option", "add_quiet_option", "open_dataset"]


def add_build_dir_option(parser: argparse.ArgumentParser) -> None:
    """``--build-dir DIR``: where the built graph lives (default: $DRUGKG_BUILD_DIR or the cache)."""
    parser.add_argument(
        "--build-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of the built graph (default: $DRUGKG_BUILD_DIR, else ~/.cache/drugkg/build)",
    )


def add_graph_file_option(parser: argparse.ArgumentParser) -> None:
    """``--graph FILE``: work on an RDF file instead of the built drugkg graph."""
    parser.add_argument(
        "--graph",
        dest="graph_file",
        type=Path,
        default=None,
        metavar="FILE",
        help="an RDF file to use instead of the built drugkg graph "
        "(.ttl, .nt, .rdf/.owl, .jsonld, .trig, .nq; by extension)",
    )
    add_build_dir_option(parser)


def add_quiet_option(parser: argparse.ArgumentParser) -> None:
    """``--quiet``: no progress or summary on stderr."""
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing but results and errors")


def open_dataset(args: argparse.Namespace):  # -> pyoxigraph.Store
    """The store a command works on: ``--graph FILE`` if given, else the built graph."""
    import pyoxigraph as ox

    from kg.build.pipeline import open_built_store
    from kg.loading import load_file

    if getattr(args, "graph_file", None) is not None:
        store = ox.Store()
        load_file(store, args.graph_file)
        return store
    return open_built_store(args.build_dir)
