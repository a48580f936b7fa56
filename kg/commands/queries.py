"""``drugkg queries``: list the named queries with the question each answers."""

from __future__ import annotations

import argparse

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "queries",
        help="list the named queries and their questions",
        description="List the competency questions in queries/ (run one with `drugkg query NAME`), "
        "with their parameters; --checks adds the quality checks that must return no rows.",
    )
    parser.add_argument("--checks", action="store_true", help="also list the quality checks (checks/NAME)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.query.library import named_queries, quality_checks

    queries = named_queries() + (quality_checks() if args.checks else [])
    width = max(len(q.name) for q in queries)
    for query in queries:
        params = ", ".join(
            f"?{name}={default}" if default else f"?{name}" for name, default in query.parameters.items()
        )
        suffix = f"  [{params}]" if params else ""
        print(f"{query.name.ljust(width)}  {query.question}{suffix}")
    return 0
