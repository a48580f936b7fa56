"""``drugkg check DRUG [DRUG ...]``: interaction warnings for a medication list."""

from __future__ import annotations

import argparse
import json

from kg.commands.options import add_graph_file_option, open_dataset

__all__ = ["EXIT_NO_WARNINGS", "EXIT_WARNINGS", "register", "run"]

EXIT_NO_WARNINGS = 0
EXIT_WARNINGS = 1

_EPILOG = """\
exit status:
  0  no warnings (the report still names the sources checked: no warning is no proof of safety)
  1  at least one warning (interaction, duplicate therapy or activity to avoid)
  2  error: unknown or ambiguous name, a name that is not a drug, bad usage, unreadable --graph file

examples:
  drugkg check Klonopin oxycodone
  drugkg check Xanax alcohol --format json
  drugkg check Zoloft Nardil
  drugkg check sertraline fluoxetine
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="interaction warnings for a medication list, with the facts and sources behind each",
        description="Check a medication list. For every pair of drugs, report each known interaction "
        "stated for the drugs themselves or for any class above them (member of, kind of), with its "
        "outcomes, severity (and whether it is contraindicated) and the chain of asserted facts that "
        "yields it, each fact with its source; report duplicate therapy (two drugs in one therapeutic "
        "class, such as the SSRIs, never a broad effect class such as the CNS depressants; the most "
        "specific shared one) and activities to avoid. Pairs with no known interaction are listed with "
        "the sources the check consulted. DRUG is a label, synonym, brand name (Klonopin, Xanax), CURIE "
        "or external ID.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("drugs", nargs="+", metavar="DRUG", help="the drugs (and substances, e.g. alcohol) taken")
    parser.add_argument(
        "--format", "-f", choices=("table", "json"), default="table", help="output format (default: table)"
    )
    add_graph_file_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.analysis.medication_check import check, format_report

    report = check(open_dataset(args), args.drugs)
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        print(format_report(report))
    return EXIT_WARNINGS if report.warning_count else EXIT_NO_WARNINGS
