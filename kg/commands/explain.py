"""``drugkg explain SUBJECT PREDICATE OBJECT``: why the graph holds an inferred fact."""

from __future__ import annotations

import argparse
import json

from kg.commands.options import add_graph_file_option, open_dataset

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "explain",
        help="the asserted facts and rules an inferred fact comes from",
        description="Explain a fact of the graph as a derivation tree: an asserted fact cites its source "
        "section; an inferred one names the rule that derived it and explains each premise the same way, "
        "down to asserted facts. SUBJECT and OBJECT are entity names (label, synonym, brand name, CURIE "
        "or IRI); PREDICATE is a relation's label, CURIE or IRI ('member of', dkv:memberOf), or 'a' for "
        "rdf:type. Exit 0 with the tree; 2 when a name is unknown or the graph neither holds nor derives "
        "the fact (when a source states that it does not hold, the error names that negative statement "
        "and its source). A source row about the same drug and condition that is disputed is shown with "
        "'disputed: <reason> [<source>]'.",
    )
    parser.add_argument("subject", metavar="SUBJECT")
    parser.add_argument("predicate", metavar="PREDICATE")
    parser.add_argument("object", metavar="OBJECT")
    parser.add_argument("--format", "-f", choices=("tree", "json"), default="tree", help="output format")
    add_graph_file_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import pyoxigraph as ox

    from kg.analysis.derivations import explain, format_derivation
    from kg.analysis.disputes import disputes_about
    from kg.analysis.names import NameIndex
    from kg.errors import InputError
    from kg.graph_facts import RDF_TYPE, GraphFacts
    from kg.terminal import printable

    store = open_dataset(args)
    index = NameIndex(store)
    predicate = RDF_TYPE.value if args.predicate.strip() in {"a", "rdf:type"} else index.resolve(args.predicate).iri
    subject, obj = index.resolve(args.subject).iri, index.resolve(args.object).iri
    triple = ox.Triple(ox.NamedNode(subject), ox.NamedNode(predicate), ox.NamedNode(obj))
    facts = GraphFacts(store)
    disputes = [d.line(facts) for d in disputes_about(store, subject, obj)]
    try:
        derivation = explain(store, triple)
    except InputError as error:
        if not disputes:
            raise
        raise InputError(f"{error}; " + "; ".join(disputes)) from None
    if args.format == "json":
        print(json.dumps({**derivation.to_json(facts), "disputed": disputes}, indent=2, ensure_ascii=False))
    else:
        print(format_derivation(derivation, facts))
        for line in disputes:
            print(printable(line))
    return 0
