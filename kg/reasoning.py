"""Forward-chaining over the named SPARQL rules in ``kg/rules/`` until nothing new is derived.

Each rule's conclusions go into its own named graph (``INFERRED_GRAPH_PREFIX + rule name``),
so an inferred triple is never confused with an asserted one and always names its rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.namespaces import INFERRED_GRAPH_PREFIX
from kg.paths import RULES_DIR

__all__ = ["ReasoningResult", "Rule", "load_rules", "materialise", "materialise_reference"]

#: Scratch graphs (``pending/NAME``: no rule file name holds a slash) hold a rule's raw output.
_SCRATCH_PREFIX = INFERRED_GRAPH_PREFIX + "pending/"
_HEADER = re.compile(r"^#\s*(Rule|Label|Definition):\s*(.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Rule:
    """One inference rule read from a ``.rq`` file."""

    name: str
    label: str
    definition: str
    query: str
    path: Path

    @property
    def graph(self) -> ox.NamedNode:
        """The named graph that holds what this rule derives."""
        return ox.NamedNode(INFERRED_GRAPH_PREFIX + self.name)


@dataclass
class ReasoningResult:
    """How many triples each rule added, and how many passes the fixpoint took."""

    passes: int = 0
    added: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.added.values())


def load_rules(rules_dir: Path = RULES_DIR) -> list[Rule]:
    """Read every rule file, sorted by name; a file without its header is an error."""
    rules = []
    for path in sorted(rules_dir.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        header = {key: value for key, value in _HEADER.findall(text)}
        missing = {"Rule", "Label", "Definition"} - header.keys()
        if missing:
            raise InputError(f"{path}: rule header lacks {', '.join(sorted(missing))}")
        if header["Rule"] != path.stem:
            raise InputError(f"{path}: header names rule {header['Rule']!r}, file is {path.stem!r}")
        rules.append(Rule(header["Rule"], header["Label"], header["Definition"], text, path))
    return rules


def materialise(store: ox.Store, rules: list[Rule] | None = None, max_passes: int = 50) -> ReasoningResult:
    """Apply ``rules`` to ``store`` until a pass adds nothing; returns what was added.

    Each rule runs inside the engine: its CONSTRUCT result goes, as N-Triples, into a scratch
    graph, and one SPARQL Update moves what no graph holds yet into the rule's graph. Python
    never sees the triples, so this scales with the engine (see :func:`materialise_reference`
    for the plain version it must agree with).

    >>> from kg.namespaces import DKV
    >>> store = ox.Store()
    >>> g = ox.NamedNode("https://example.org/facts")
    >>> a, b, c = (ox.NamedNode(f"https://example.org/{x}") for x in "abc")
    >>> kind_of = ox.NamedNode(str(DKV.kindOf))
    >>> store.extend([ox.Quad(a, kind_of, b, g), ox.Quad(b, kind_of, c, g)])
    >>> materialise(store).added["kind-of-transitive"]
    1
    """
    return _fixpoint(store, load_rules() if rules is None else rules, _apply, max_passes)


def _fixpoint(
    store: ox.Store, rules: list[Rule], apply: Callable[[ox.Store, Rule], int], max_passes: int
) -> ReasoningResult:
    """Run ``apply`` for every rule, pass after pass, until a whole pass adds nothing."""
    result = ReasoningResult(added={rule.name: 0 for rule in rules})
    for _ in range(max_passes):
        result.passes += 1
        added_this_pass = 0
        for rule in rules:
            added = apply(store, rule)
            result.added[rule.name] += added
            added_this_pass += added
        if added_this_pass == 0:
            return result
    raise InputError(f"reasoning did not reach a fixpoint in {max_passes} passes")


def _apply(store: ox.Store, rule: Rule) -> int:
    """Run one rule in the engine; returns how many new triples went into its graph."""
    scratch = ox.NamedNode(_SCRATCH_PREFIX + rule.name)
    try:
        derived = store.query(rule.query, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise InputError(f"{rule.path}: {error.msg}") from None
    if not isinstance(derived, ox.QueryTriples):
        raise InputError(f"{rule.path}: a rule must be a CONSTRUCT query")
    data = derived.serialize(format=ox.RdfFormat.N_TRIPLES)
    if not data:
        return 0
    before = _count(store, rule.graph)
    store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=scratch)
    store.update(
        f"INSERT {{ GRAPH {rule.graph} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {scratch} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {scratch}) }} "
        "FILTER NOT EXISTS { ?s ?p ?o } }"
    )
    store.remove_graph(scratch)
    return _count(store, rule.graph) - before


def _count(store: ox.Store, graph: ox.NamedNode) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    return int(next(iter(rows))[0].value)  # type: ignore[arg-type, index]


def materialise_reference(store: ox.Store, rules: list[Rule] | None = None, max_passes: int = 50) -> ReasoningResult:
    """The plain fixpoint: each rule's CONSTRUCT read into Python, each triple checked one by one.

    Slow on large graphs; kept as the definition :func:`materialise` is tested against.
    """
    return _fixpoint(store, load_rules() if rules is None else rules, _apply_reference, max_passes)


def _apply_reference(store: ox.Store, rule: Rule) -> int:
    """Run one rule through Python, checking each derived triple against every graph."""
    try:
        derived = list(store.query(rule.query, use_default_graph_as_union=True))  # type: ignore[arg-type]
    except SyntaxError as error:
        raise InputError(f"{rule.path}: {error.msg}") from None
    new = {t for t in derived if not _present(store, t)}
    store.extend(ox.Quad(t.subject, t.predicate, t.object, rule.graph) for t in new)
    return len(new)


def _present(store: ox.Store, triple: ox.Triple) -> bool:
    """Whether the triple is already in any graph of the store."""
    return next(iter(store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)), None) is not None
