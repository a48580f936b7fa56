"""Options shared by several commands, defined once."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "add_build_dir_option",
    "add_endpoint_auth_options",
    "add_graph_file_option",
    "add_quiet_option",
    "check_timeout",
    "open_dataset",
]


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


def add_endpoint_auth_options(parser: argparse.ArgumentParser) -> None:
    """``--user NAME`` and ``--auth auto|basic|digest`` (password from $DRUGKG_PASSWORD)."""
    parser.add_argument(
        "--user",
        default=None,
        metavar="NAME",
        help="user name for the endpoint; the password comes from $DRUGKG_PASSWORD, else a terminal prompt",
    )
    parser.add_argument(
        "--auth",
        choices=("auto", "basic", "digest"),
        default="auto",
        help="HTTP authentication with --user: auto (the scheme the server asks for; default), basic or digest",
    )


def check_timeout(seconds: float) -> None:
    """Refuse a ``--timeout`` that is not a positive number of seconds (nan and inf included)."""
    from kg.errors import InputError

    if not 0 < seconds < 1e9:
        raise InputError("--timeout must be a positive number of seconds")


def open_dataset(args: argparse.Namespace) -> ox.Store:
    """The store a command works on: ``--graph FILE`` if given, else the built graph."""
    from kg.stores import open_store

    return open_store(getattr(args, "graph_file", None), args.build_dir)
