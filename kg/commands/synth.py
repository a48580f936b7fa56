"""``drugkg synth --triples N -o FILE``: write a synthetic drugkg graph for benchmarks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.commands.options import add_quiet_option

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "synth",
        help="write a synthetic graph of N triples in the drugkg vocabulary (for benchmarks)",
        description="Write a synthetic graph in the drugkg vocabulary: drugs in drug classes, a class "
        "hierarchy, conditions, side effects and drug interactions, each fact in the named graph of a "
        "generated source section, and the vocabulary itself. The same --triples and --seed give the "
        "same bytes. FILE is .nq (N-Quads) or .trig (TriG); it is written atomically.",
    )
    parser.add_argument("--triples", "-n", type=int, required=True, metavar="N", help="about how many triples")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="a .nq or .trig file")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default: 0)")
    add_quiet_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.synth import write_synthetic

    report = write_synthetic(args.output, args.triples, args.seed)
    if not args.quiet:
        print(f"wrote {report.triples} triples (seed {report.seed}) to {report.path}", file=sys.stderr)
    print(report.path)
    return 0
