"""The ``drugkg`` command line: parsing, shared options and error reporting.

Each command lives in ``kg/commands/NAME.py`` with ``register(subparsers)`` and ``run(args)``;
heavy libraries are imported inside ``run`` so ``drugkg --help`` starts fast. Errors are one line
on stderr with a non-zero exit; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading
from collections.abc import Sequence

from kg import __version__

__all__ = ["COMMANDS", "build_parser", "main"]

#: Command modules under ``kg.commands``, in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = (
    "build",
    "validate",
    "info",
    "query",
    "queries",
    "check",
    "explain",
    "viz",
    "export",
    "sources",
    "docs",
    "push",
    "serve",
    "synth",
    "extract",
    "accept",
)

EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full argument parser, with every command registered (or only the command ``only``: a
    command's own parsing, help and errors are the same, and the others' modules stay unimported)."""
    parser = _Parser(
        prog="drugkg",
        description="Build, validate, query, visualise and export the drugkg knowledge graph.",
    )
    parser.add_argument("--version", action="version", version=f"drugkg {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for name in COMMANDS if only is None else (only,):
        module = importlib.import_module(f"kg.commands.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``drugkg`` with ``argv``; returns the exit code."""
    from kg.errors import DrugKGError
    from kg.terminal import printable

    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command_in(arguments))
    args = parser.parse_args(arguments)
    from kg.progress import set_quiet

    set_quiet(getattr(args, "quiet", False))
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous_handler = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    try:
        _check_text_arguments(args)
        result = args.run(args)
        sys.stdout.flush()
        return int(result or 0)
    except DrugKGError as error:
        if args.debug:
            raise
        print(f"drugkg {args.command}: error: {printable(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(f"drugkg {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as error:
        if args.debug:
            raise
        message = str(error).splitlines()[0] if str(error) else ""
        print(
            f"drugkg {args.command}: internal error: {type(error).__name__}: {printable(message)} "
            "(run with --debug for the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous_handler)


def _command_in(arguments: list[str]) -> str | None:
    """The command ``arguments`` run, when it comes after only the global flags; else None (the
    full parser then reports the usage error or prints the help)."""
    for argument in arguments:
        if argument in ("--debug",):
            continue
        return argument if argument in COMMANDS else None
    return None


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C, so partial output files are removed before exit."""
    raise KeyboardInterrupt


def _check_text_arguments(args: argparse.Namespace) -> None:
    """Text arguments must be UTF-8: bytes that are not arrive as lone surrogates, which no query,
    name or URL can hold. (File names are paths, not text, and may be any bytes.)"""
    from kg.errors import InputError

    for name, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    raise InputError(f"{name.replace('_', '-')} {item!r}: not valid UTF-8 text") from None
