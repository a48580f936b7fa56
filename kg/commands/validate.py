"""``drugkg validate [FILE]``: SHACL report; exit 1 on any violation. On the built graph it also
lists where the sources disagree (information, not violations)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.commands.options import add_build_dir_option

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a graph against the SHACL shapes; exit 1 on any violation",
        description="Validate FILE (default: the built drugkg graph) against ontology/shapes.ttl, "
        "with the drugkg vocabulary added so class hierarchies are known. Prints one line per "
        "violation (focus node, path, message). On the built graph, negative statements are checked "
        "per source (a source's own closure must not contradict it) and disagreements between sources "
        "are listed, one 'disagreement:' line each, without failing. Exit 0 when it conforms, 1 on "
        "violations, 2 on errors.",
    )
    parser.add_argument("file", nargs="?", type=Path, default=None, metavar="FILE", help="RDF file to validate")
    add_build_dir_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import pyoxigraph as ox

    from kg.compile.pipeline import negative_assertion_conflicts, open_built_store
    from kg.compile.validation import validate_store
    from kg.loading import load_file
    from kg.terminal import printable

    disagreements: list[str] = []
    if args.file is None:
        from kg.compile.disagreement import (
            CURATED,
            conflicts_between_sources,
            contradictions_within_sources,
            fact_graphs_by_source,
        )
        from kg.compile.shapes_engine import validate_built
        from kg.namespaces import GRAPH_RULES, GRAPH_SOURCES

        store = open_built_store(args.build_dir)
        curated = fact_graphs_by_source(store)[CURATED] | {str(GRAPH_SOURCES), str(GRAPH_RULES)}
        violations = [str(v) for v in validate_built(store, curated)] + contradictions_within_sources(store)
        disagreements = [str(conflict) for conflict in conflicts_between_sources(store)]
    else:
        store = ox.Store()
        load_file(store, args.file)
        violations = [str(v) for v in validate_store(store, with_ontology=True)]
        violations += negative_assertion_conflicts(store)
    for line in disagreements:
        print(printable(f"disagreement: {line}"))
    name = args.file or "the built graph"
    if violations:
        for line in violations:
            print(printable(line))
        print(f"{name}: {len(violations)} violations")
        return 1
    print(f"{name}: conforms")
    return 0
