"""Forward-chaining over the named SPARQL rules in ``kg/rules/`` until nothing new is derived.

Each rule's conclusions go into its own named graph (``INFERRED_GRAPH_PREFIX + rule name``),
so an inferred triple is never confused with an asserted one and always names its rule.

Evaluation is semi-naive: after its first run, a rule is asked only for conclusions that use at
least one triple added since it last ran (its *delta*), which is all it can newly conclude. A
rule whose body is a plain list of triple patterns and filters (every rule here) is rewritten for
that, one branch per pattern read from the delta; any other rule is run whole again, and only when
something was added. The last pass, which confirms the fixpoint, then costs next to nothing.
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
#: Delta graphs (``pending/delta/N``) hold what the Nth rule run added, while reasoning runs.
_DELTA_PREFIX = _SCRATCH_PREFIX + "delta/"
_HEADER = re.compile(r"^#\s*(Rule|Label|Definition):\s*(.+?)\s*$", re.MULTILINE)
#: One RDF term or variable of a plain triple pattern (no property paths, lists or blank nodes).
_TERM = r"(?:\?\w+|a|[A-Za-z][\w.-]*:[\w.-]*|<[^<>\s]*>|\"[^\"\\]*\")"
_TRIPLE_PATTERN = re.compile(rf"{_TERM}\s+{_TERM}\s+{_TERM}\s*\.")
_BODY = re.compile(r"\bWHERE\s*\{(.*)\}\s*\Z", re.DOTALL | re.IGNORECASE)


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

    def delta_query(self, deltas: list[ox.NamedNode], store: ox.Store) -> str | None:
        """The rule asked only for conclusions that use a triple of the ``deltas`` graphs, or None
        when its body is not a plain list of triple patterns and filters (it must run whole).

        There is one branch per body pattern and delta graph that holds a match for it (checked
        first, as an index lookup), the delta pattern first: Oxigraph cannot know how small a
        delta graph is, and otherwise starts from the whole store.

        >>> store = ox.Store()
        >>> d1, x = ox.NamedNode("https://example.org/d1"), ox.NamedNode("https://example.org/x")
        >>> store.add(ox.Quad(x, x, x, d1))
        >>> rule = Rule("r", "", "", "CONSTRUCT { ?a ?p ?c } WHERE {\\n ?a ?p ?b .\\n ?b ?p ?c .\\n}", Path("r.rq"))
        >>> print(rule.delta_query([d1], store))
        CONSTRUCT { ?a ?p ?c } WHERE {
          { GRAPH <https://example.org/d1> { ?a ?p ?b . } ?b ?p ?c . }
          UNION { GRAPH <https://example.org/d1> { ?b ?p ?c . } ?a ?p ?b . }
        }
        """
        body = _BODY.search(self.query)
        if body is None:
            return None
        patterns, filters = [], []
        for line in (line.strip() for line in body.group(1).splitlines()):
            if not line or line.startswith("#"):
                continue
            if line.upper().startswith("FILTER") and "EXISTS" not in line.upper():
                filters.append(line)
            elif _TRIPLE_PATTERN.fullmatch(line):
                patterns.append(line)
            else:
                return None
        prologue = self.query[: self.query.upper().index("CONSTRUCT")]
        branches = []
        for index, pattern in enumerate(patterns):
            for graph in deltas:
                if not store.query(f"{prologue}ASK {{ GRAPH {graph} {{ {pattern} }} }}"):
                    continue  # nothing new can match here: the branch would only cost a join
                parts = [f"GRAPH {graph} {{ {pattern} }}", *patterns[:index], *patterns[index + 1 :], *filters]
                branches.append("{ " + " ".join(parts) + " }")
        if not branches:
            return self.query[: body.start()] + "WHERE { FILTER (false) }"
        return self.query[: body.start()] + "WHERE {\n  " + "\n  UNION ".join(branches) + "\n}"


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
    graph, and one SPARQL Update moves what no graph holds yet into the rule's graph (and into a
    delta graph, for the semi-naive runs that follow). Python never sees the triples, so this
    scales with the engine (see :func:`materialise_reference` for the plain version it must
    agree with, run for run).

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
        return _fixpoint(store, load_rules() if rules is None else rules, deltas.apply, max_passes)
    finally:
        deltas.remove_all()


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
            query = rule.delta_query(unseen, store) or rule.query
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
