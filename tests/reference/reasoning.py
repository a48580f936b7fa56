"""The plain fixpoint that :func:`kg.compile.reasoning.materialise` must agree with, run for run.

Each rule's CONSTRUCT is read into Python and each derived triple checked against every graph,
one by one; every rule runs whole on every pass (no semi-naive deltas). Slow on large graphs,
obviously right on small ones. ``benchmarks/bench_scale.py`` times it against ``materialise``.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.compile.reasoning import ReasoningResult
from kg.compile.rule_files import Rule, load_rules
from kg.errors import InputError

__all__ = ["materialise_reference"]


def materialise_reference(store: ox.Store, rules: list[Rule] | None = None, max_passes: int = 50) -> ReasoningResult:
    """Apply ``rules`` to ``store`` pass after pass until a whole pass adds nothing."""
    rules = load_rules() if rules is None else rules
    result = ReasoningResult(added={rule.name: 0 for rule in rules})
    for _ in range(max_passes):
        result.passes += 1
        added_this_pass = 0
        for rule in rules:
            added = _apply_reference(store, rule)
            result.added[rule.name] += added
            added_this_pass += added
        if added_this_pass == 0:
            return result
    raise InputError(f"reasoning did not reach a fixpoint in {max_passes} passes")


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
