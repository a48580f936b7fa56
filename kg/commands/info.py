"""``drugkg info ENTITY``: what the graph says about an entity."""

from __future__ import annotations

import argparse

from kg.commands.options import add_graph_file_option, open_dataset

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "info",
        help="what the graph says about an entity",
        description="Show an entity's types, definition, synonyms, cross-references and every "
        "relation in and out with its source section (or the rule that inferred it). ENTITY is a "
        "label, synonym, brand name (Klonopin), CURIE (dk:clonazepam, CHEBI:3756), IRI or external ID.",
    )
    parser.add_argument("entity", metavar="ENTITY")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="add an explanations section: for each inferred relation, the rules and asserted facts it comes from",
    )
    add_graph_file_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.analysis.names import NameIndex
    from kg.graph_facts import GraphFacts
    from kg.views.info import describe, format_description

    store = open_dataset(args)
    facts = GraphFacts(store)
    resolved = NameIndex(store, facts).resolve(args.entity)
    print(format_description(describe(store, resolved.iri, facts)))
    if getattr(args, "explain", False):
        from kg.analysis.derivations import explain, format_derivation, inferred_triples_about
        from kg.graph_facts import GraphFacts

        facts = GraphFacts(store)
        triples = inferred_triples_about(store, resolved.iri)
        if triples:
            print("explanations:")
            for triple in triples:
                print(format_derivation(explain(store, triple), facts, indent="  "))
    return 0
