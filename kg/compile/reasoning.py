"""Forward-chaining over the named SPARQL rules in ``kg/compile/rules/`` until nothing new is derived.

Each rule's conclusions go into its own named graph (``INFERRED_GRAPH_PREFIX + rule name``),
so an inferred triple is never confused with an asserted one and always names its rule.

Evaluation is semi-naive: after its first run, a rule is asked only for conclusions that use at
least one triple added since it last ran (its *delta*), which is all it can newly conclude. A
plain rule (:mod:`kg.compile.rule_files`: its body a list of triple patterns and filters, as every
shipped rule's is) is rewritten for that by :func:`delta_query`, one branch per pattern read from
the delta; any other rule is run whole again, and only when something was added. The last pass,
which confirms the fixpoint, then costs next to nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.compile.rule_files import Rule, load_rules
from kg.errors import InputError
from kg.namespaces import INFERRED_GRAPH_PREFIX

# Rule and load_rules are kg.compile.rule_files's, named here too for the callers that reason.
__all__ = [
    "MAX_INFERRED",
    "MAX_PASSES",
    "MAX_SECONDS",
    "ReasoningResult",
    "Rule",
    "delta_query",
    "load_rules",
    "materialise",
]

#: The reasoning budget: passes, inferred triples and seconds (the full build takes 3 passes,
#: about 90,000 triples and a few seconds); past any of them reasoning stops with one line.
MAX_PASSES = 50
MAX_INFERRED = 5_000_000
MAX_SECONDS = 600.0

#: Scratch graphs (``pending/NAME``: no rule file name holds a slash) hold a rule's raw output.
_SCRATCH_PREFIX = INFERRED_GRAPH_PREFIX + "pending/"
#: Delta graphs (``pending/delta/N``) hold what the Nth rule run added, while reasoning runs.
_DELTA_PREFIX = _SCRATCH_PREFIX + "delta/"


def delta_query(rule: Rule, deltas: list[ox.NamedNode], store: ox.Store | None = None) -> str | None:
    """``rule`` asked only for conclusions that use a triple of the ``deltas`` graphs, or None when
    the rule is not plain (it must run whole).

    There is one branch per body pattern and delta graph, the delta pattern first: Oxigraph cannot
    know how small a delta graph is, and otherwise starts from the whole store. Given the
    ``store``, a branch whose delta graph holds no match for its pattern (an index lookup) is left
    out: it could only cost a join.

    >>> from pathlib import Path
    >>> from kg.compile.rule_files import parse_rule
    >>> store = ox.Store()
    >>> d1, x = ox.NamedNode("https://example.org/d1"), ox.NamedNode("https://example.org/x")
    >>> store.add(ox.Quad(x, x, x, d1))
    >>> header = "# Rule: r\\n# Label: l\\n# Definition: d\\n"
    >>> rule = parse_rule(header + "CONSTRUCT { ?a ?p ?c } WHERE {\\n ?a ?p ?b .\\n ?b ?p ?c .\\n}", Path("r.rq"))
    >>> print(delta_query(rule, [d1], store))
    CONSTRUCT { ?a ?p ?c } WHERE {
      { GRAPH <https://example.org/d1> { ?a ?p ?b . } ?b ?p ?c . }
      UNION { GRAPH <https://example.org/d1> { ?b ?p ?c . } ?a ?p ?b . }
    }
    """
    plain = rule.plain
    if plain is None:
        return None
    patterns = [str(pattern) for pattern in plain.body]
    branches = []
    for index, pattern in enumerate(patterns):
        for graph in deltas:
            if store is not None and not store.query(f"ASK {{ GRAPH {graph} {{ {pattern} }} }}"):
                continue
            parts = [f"GRAPH {graph} {{ {pattern} }}", *patterns[:index], *patterns[index + 1 :], *plain.filters]
            branches.append("{ " + " ".join(parts) + " }")
    where = "\n  UNION ".join(branches) if branches else "FILTER (false)"
    return f"{plain.prologue}{plain.construct} WHERE {{\n  {where}\n}}"


@dataclass
class ReasoningResult:
    """How many triples each rule added, and how many passes the fixpoint took."""

    passes: int = 0
    added: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.added.values())


def materialise(
    store: ox.Store,
    rules: list[Rule] | None = None,
    max_passes: int = MAX_PASSES,
    *,
    max_inferred: int = MAX_INFERRED,
    max_seconds: float = MAX_SECONDS,
) -> ReasoningResult:
    """Apply ``rules`` to ``store`` until a pass adds nothing; returns what was added.

    Past ``max_passes`` passes, ``max_inferred`` inferred triples or ``max_seconds`` seconds it
    stops with a one-line :class:`InputError` naming the rule that ran last.

    Each rule runs inside the engine: its CONSTRUCT result goes, as N-Triples, into a scratch
    graph, and one SPARQL Update moves what no graph holds yet into the rule's graph (and into a
    delta graph, for the semi-naive runs that follow). Python never sees the triples, so this
    scales with the engine. (``tests/reference/reasoning.py`` keeps the plain version, each
    CONSTRUCT read into Python, that the tests hold it to, run for run.)

    >>> from kg.namespaces import DKV
    >>> store = ox.Store()
    >>> g = ox.NamedNode("https://example.org/facts")
    >>> a, b, c = (ox.NamedNode(f"https://example.org/{x}") for x in "abc")
    >>> kind_of = ox.NamedNode(str(DKV.kindOf))
    >>> store.extend([ox.Quad(a, kind_of, b, g), ox.Quad(b, kind_of, c, g)])
    >>> materialise(store).added["kind-of-transitive"]
    1
    """
    deltas = _Deltas(store)
    try:
        budget = _Budget(max_passes, max_inferred, time.monotonic() + max_seconds, max_seconds)
        return _fixpoint(store, load_rules() if rules is None else rules, deltas.apply, budget)
    finally:
        deltas.remove_all()


@dataclass(frozen=True)
class _Budget:
    passes: int
    inferred: int
    deadline: float
    seconds: float

    def check(self, result: ReasoningResult, rule: Rule) -> None:
        """Stop with one line once ``result`` is past the budget; ``rule`` ran last."""
        why = ""
        if result.total > self.inferred:
            why = f"over {self.inferred:,} inferred triples"
        elif time.monotonic() > self.deadline:
            why = f"over {self.seconds:g} s"
        if why:
            raise InputError(
                f"reasoning stopped: {why} after rule {rule.name} ({rule.path.name}, {result.added[rule.name]:,} "
                "triples); a data file probably redefines the vocabulary"
            )


def _fixpoint(
    store: ox.Store, rules: list[Rule], apply: Callable[[ox.Store, Rule], int], budget: _Budget
) -> ReasoningResult:
    """Run ``apply`` for every rule, pass after pass, until a whole pass adds nothing."""
    result = ReasoningResult(added={rule.name: 0 for rule in rules})
    for _ in range(budget.passes):
        result.passes += 1
        added_this_pass = 0
        for rule in rules:
            added = apply(store, rule)
            result.added[rule.name] += added
            added_this_pass += added
            budget.check(result, rule)
        if added_this_pass == 0:
            return result
    raise InputError(
        f"reasoning stopped: no fixpoint in {budget.passes} passes (a data file probably redefines the vocabulary)"
    )


class _Deltas:
    """What each rule run added (one delta graph per run that added anything), and which of
    those runs each rule has not yet seen."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.graphs: list[ox.NamedNode] = []  # in the order the runs happened
        self.runs = 0
        self.seen: dict[str, int] = {}  # rule name -> len(self.graphs) when it last ran

    def apply(self, store: ox.Store, rule: Rule) -> int:
        """Run ``rule`` on what is new to it (the whole store the first time); returns how many
        new triples went into its graph."""
        first_run = rule.name not in self.seen
        unseen = self.graphs[self.seen.get(rule.name, 0) :]
        self.seen[rule.name] = len(self.graphs)
        if first_run:
            query = rule.query
        elif not unseen:
            return 0  # nothing was added since this rule last ran: it can conclude nothing new
        else:
            query = delta_query(rule, unseen, store) or rule.query
        self.runs += 1
        delta = ox.NamedNode(f"{_DELTA_PREFIX}{self.runs}")
        added = _run_rule(store, rule, query, delta)
        if added:
            self.graphs.append(delta)
        self._forget_seen_by_all()
        return added

    def _forget_seen_by_all(self) -> None:
        """Drop the delta graphs that every rule has seen (keeps memory to about one pass)."""
        oldest_unseen = min(self.seen.values(), default=0)
        if oldest_unseen == 0:
            return
        for graph in self.graphs[:oldest_unseen]:
            self.store.remove_graph(graph)
        self.graphs = self.graphs[oldest_unseen:]
        self.seen = {name: seen - oldest_unseen for name, seen in self.seen.items()}

    def remove_all(self) -> None:
        """Remove every delta graph left (at the end, or when reasoning is interrupted)."""
        for graph in self.graphs:
            self.store.remove_graph(graph)
        self.graphs = []


def _run_rule(store: ox.Store, rule: Rule, query: str, delta: ox.NamedNode) -> int:
    """Run ``query`` (the rule, or its delta form) in the engine; put what no graph holds yet
    into the rule's graph and into ``delta``; returns how many triples that was."""
    scratch = ox.NamedNode(_SCRATCH_PREFIX + rule.name)
    try:
        derived = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise InputError(f"{rule.path}: {error.msg}") from None
    if not isinstance(derived, ox.QueryTriples):
        raise InputError(f"{rule.path}: a rule must be a CONSTRUCT query")
    data = derived.serialize(format=ox.RdfFormat.N_TRIPLES)
    if not data:
        return 0
    try:
        store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=scratch)
        store.update(
            f"INSERT {{ GRAPH {delta} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {scratch} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {scratch}) }} "
            "FILTER NOT EXISTS { ?s ?p ?o } }"
        )
    finally:
        store.remove_graph(scratch)
    added = _count(store, delta)
    if added:
        store.update(f"ADD {delta} TO {rule.graph}")
    else:
        store.remove_graph(delta)
    return added


def _count(store: ox.Store, graph: ox.NamedNode) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    return int(next(iter(rows))[0].value)  # type: ignore[arg-type, index]
