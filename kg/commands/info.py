"""``drugkg info ENTITY``: what the graph says about an entity."""

from __future__ import annotations

import argparse

from kg.commands.options import add_graph_file_option, open_dataset

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "info",
        help="what the graph says about an entity",
        description="Show what the graph says about an entity, each fact once with its source section (or "
        "the rule that inferred it), grouped: what it is, what it treats, effects, interactions, targets, "
        "other facts, what is stated not to hold, identifiers. By default the upper levels of class "
        "hierarchies, the records that restate a fact and long lists are folded (a screen or two); --all "
        "shows every statement in and out. ENTITY is a label, synonym, brand name (Klonopin), CURIE "
        "(dk:clonazepam, CHEBI:3756), IRI or external ID.",
    )
    parser.add_argument("entity", metavar="ENTITY")
    parser.add_argument(
        "--all",
        dest="show_all",
        action="store_true",
        help="fold nothing: every statement in and out, the broader classes and every name of a long list",
    )
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
    from kg.views.info import describe, format_grouped

    store = open_dataset(args)
    facts = GraphFacts(store)
    resolved = NameIndex(store, facts).resolve(args.entity)
    description = describe(store, resolved.iri, facts)
    print(format_grouped(description, store, facts, show_all=args.show_all))
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
