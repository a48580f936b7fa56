"""Synthetic drugkg graphs of any size, for benchmarks and scale tests.

The graph uses our own vocabulary and the shape of the real one: drugs that are members of drug
classes, a ``kindOf`` hierarchy of classes and of conditions, side effects and findings, drug
interactions with participants, outcomes and a severity, labels and definitions on everything
typed, the vocabulary itself in its graph, and every fact in the named graph of a source section
that the ``dkg:sources`` graph describes, exactly as in ``kg/data/*.trig``.

Output is streamed, one entity at a time, as N-Quads (``.nq``) or TriG (``.trig``), and written
atomically. The same size and seed give the same bytes; the size lands just above ``triples``.

>>> import io
>>> buffer = io.BytesIO()
>>> 0 <= write_stream(buffer, triples=MIN_TRIPLES, seed=1, trig=False) - MIN_TRIPLES < 20
True
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kg.errors import InputError

__all__ = ["MIN_TRIPLES", "SynthReport", "drug_label", "entities", "write_stream", "write_synthetic"]

#: The smallest graph the generator makes (the vocabulary alone is about 300 triples).
MIN_TRIPLES = 2000
_TRIPLES_PER_SECTION = 2000
_SECTIONS_PER_DOCUMENT = 10

_BASE = "https://w3id.org/drugkg/"
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_DEFINITION = "<http://www.w3.org/2004/02/skos/core#definition>"
_IS_PART_OF = "<http://purl.org/dc/terms/isPartOf>"
_IDENTIFIER = "<http://purl.org/dc/terms/identifier>"
_BOOLEAN = "<http://www.w3.org/2001/XMLSchema#boolean>"

_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
_SEVERITIES = ("serious", "life-threatening")
_DURATIONS = ("short-acting", "intermediate-acting", "long-acting")


@dataclass(frozen=True)
class SynthReport:
    """What the generator wrote."""

    path: Path
    triples: int
    seed: int


def _syllables(index: int) -> str:
    """A pronounceable word unique to ``index`` (two-letter syllables, so words never collide)."""
    word = []
    while True:
        index, digit = divmod(index, len(_SYLLABLES))
        word.append(_SYLLABLES[digit])
        if index == 0 and len(word) >= 2:
            return "".join(reversed(word))


def drug_label(index: int) -> str:
    """The label of synthetic drug ``index``.

    >>> drug_label(0), drug_label(71)
    ('babazine', 'bebezine')
    """
    return _syllables(index) + "zine"


def _iri(kind: str, index: int | str) -> str:
    return f"<{_BASE}entity/synth-{kind}-{index}>"


def _vocab(term: str) -> str:
    return f"<{_BASE}vocab/{term}>"


def _text(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _vocabulary_lines() -> list[str]:
    """The drugkg vocabulary as sorted N-Triples lines (it has no blank nodes)."""
    import pyoxigraph as ox

    from kg.paths import ONTOLOGY_FILE

    triples = list(ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE))
    return sorted(f"{t.subject} {t.predicate} {t.object} ." for t in triples)


class _Plan:
    """How many entities of each kind a graph of ``triples`` triples gets."""

    def __init__(self, triples: int) -> None:
        self.sections = max(1, triples // _TRIPLES_PER_SECTION)
        self.documents = max(1, -(-self.sections // _SECTIONS_PER_DOCUMENT))
        self.conditions = max(8, triples // 400)
        self.effects = max(12, triples // 250)
        self.findings = max(6, triples // 1000)
        self.transmitters = max(3, triples // 20000)
        self.mechanisms = max(4, triples // 2000)
        self.classes = max(7, triples // 300)
        self.interactions = max(3, triples // 150)


class _Writer:
    """Counts triples and writes each entity's facts to its section, as N-Quads or TriG."""

    def __init__(self, handle: IO[bytes], trig: bool, advance: Callable[[float], None]) -> None:
        self.handle = handle
        self.trig = trig
        self.count = 0
        self._advance = advance

    def block(self, graph: str, lines: list[str]) -> None:
        if self.trig:
            body = "".join(f"    {line}\n" for line in lines)
            self.handle.write(f"{graph} {{\n{body}}}\n".encode())
        else:
            self.handle.write("".join(f"{line[:-2]} {graph} .\n" for line in lines).encode())
        self.count += len(lines)
        self._advance(len(lines))


def _term(lines: list[str], iri: str, rdf_class: str, label: str, definition: str) -> None:
    lines.append(f"{iri} {_RDF_TYPE} {_vocab(rdf_class)} .")
    lines.append(f"{iri} {_LABEL} {_text(label)} .")
    lines.append(f"{iri} {_DEFINITION} {_text(definition)} .")


def _fact(lines: list[str], s: str, p: str, o: str) -> None:
    lines.append(f"{s} {_vocab(p)} {o} .")


def _generate(out: _Writer, triples: int, seed: int) -> None:
    rng = random.Random(seed)
    plan = _Plan(triples)
    out.block(f"<{_BASE}vocab>", _vocabulary_lines())

    def document(d: int) -> str:
        return f"<{_BASE}source/synthetic-{seed}-{d}>"

    def section(k: int) -> str:
        return f"<{_BASE}source/synthetic-{seed}-{k // _SECTIONS_PER_DOCUMENT}/part-{k}>"

    sources: list[str] = []
    for d in range(plan.documents):
        _term(sources, document(d), "SourceDocument", f"synthetic document {d}", f"Generated document {d}.")
        sources.append(f"{document(d)} {_IDENTIFIER} {_text(f'synthetic-{seed}-{d}')} .")
    for k in range(plan.sections):
        _term(sources, section(k), "SourceSection", f"synthetic part {k}", f"Generated part {k} of a document.")
        sources.append(f"{section(k)} {_IS_PART_OF} {document(k // _SECTIONS_PER_DOCUMENT)} .")
    out.block(f"<{_BASE}graph/sources>", sources)

    def emit(lines: list[str]) -> None:
        """One entity's facts, in the section its position in the file falls in."""
        out.block(section(min(out.count // _TRIPLES_PER_SECTION, plan.sections - 1)), lines)

    for i in range(plan.transmitters):
        lines: list[str] = []
        _term(lines, _iri("transmitter", i), "Neurotransmitter", f"{_syllables(i)}in", "A generated messenger.")
        emit(lines)
    for i in range(plan.mechanisms):
        lines = []
        _term(lines, _iri("mechanism", i), "Mechanism", f"{_syllables(i)} modulation", "A generated mechanism.")
        _fact(lines, _iri("mechanism", i), "actsOn", _iri("transmitter", rng.randrange(plan.transmitters)))
        emit(lines)
    for i in range(plan.findings):
        lines = []
        _term(lines, _iri("finding", i), "ClinicalFinding", f"{_syllables(i)} crisis", "A generated outcome.")
        if i % 3 == 0:
            lines.append(f'{_iri("finding", i)} {_vocab("lifeThreatening")} "true"^^{_BOOLEAN} .')
        emit(lines)
    for i in range(plan.effects):
        lines = []
        kind = "ParadoxicalEffect" if i % 7 == 0 else "AdverseEffect"
        _term(lines, _iri("effect", i), kind, f"{_syllables(i)} reaction", "A generated side effect.")
        emit(lines)
    for i in range(plan.conditions):
        lines = []
        _term(lines, _iri("condition", i), "Condition", f"{_syllables(i)} syndrome", "A generated condition.")
        if i % 4:  # a forest: most conditions are a kind of an earlier one
            _fact(lines, _iri("condition", i), "kindOf", _iri("condition", i - i % 4))
        for finding in sorted({rng.randrange(plan.findings) for _ in range(rng.randrange(3))}):
            _fact(lines, _iri("condition", i), "hasAssociatedSymptom", _iri("finding", finding))
        emit(lines)
    for i in range(plan.classes):  # trees of 7: a root, two children, four grandchildren
        lines = []
        klass = _iri("class", i)
        _term(lines, klass, "DrugClass", f"{_syllables(i)} agents", "A generated drug class.")
        position = i % 7
        if position:
            _fact(lines, klass, "kindOf", _iri("class", i - position + (position - 1) // 2))
        if rng.random() < 0.5:
            _fact(lines, klass, "hasSideEffect", _iri("effect", rng.randrange(plan.effects)))
        if rng.random() < 0.3:
            _fact(lines, klass, "hasMechanism", _iri("mechanism", rng.randrange(plan.mechanisms)))
        if rng.random() < 0.2:
            _fact(lines, klass, "hasRiskOf", _iri("condition", rng.randrange(plan.conditions)))
        if rng.random() < 0.1:
            _fact(lines, klass, "firstLineFor", _iri("condition", rng.randrange(plan.conditions)))
        if position >= 3 and rng.random() < 0.05:  # leaf classes only, so member pairs stay few
            other = rng.randrange(plan.classes // 7) * 7 + 3 + rng.randrange(4)
            _fact(lines, klass, "interactsWith", _iri("class", min(other, plan.classes - 1)))
        emit(lines)

    reserve = plan.interactions * 9
    drugs = 0
    while out.count < triples - reserve or drugs < 2:
        lines = []
        drug = _iri("drug", drugs)
        _term(lines, drug, "Drug", drug_label(drugs), "A generated medication.")
        if rng.random() < 0.5:
            lines.append(f"{drug} {_vocab('brandName')} {_text(_syllables(drugs).capitalize() + 'ra')} .")
        if rng.random() < 0.3:
            lines.append(f"{drug} {_vocab('durationOfAction')} {_text(rng.choice(_DURATIONS))} .")
        for member_of in sorted({rng.randrange(plan.classes) for _ in range(1 + (rng.random() < 0.2))}):
            _fact(lines, drug, "memberOf", _iri("class", member_of))
        _fact(lines, drug, "approvedFor", _iri("condition", rng.randrange(plan.conditions)))
        if rng.random() < 0.4:
            _fact(lines, drug, "treats", _iri("condition", rng.randrange(plan.conditions)))
        for effect in sorted({rng.randrange(plan.effects) for _ in range(2)}):
            _fact(lines, drug, "hasSideEffect", _iri("effect", effect))
        _fact(lines, drug, "hasCommonSideEffect", _iri("effect", rng.randrange(plan.effects)))
        if drugs and rng.random() < 0.1:
            _fact(lines, drug, "interactsWith", _iri("drug", rng.randrange(drugs)))
        emit(lines)
        drugs += 1

    interactions = 0
    while out.count < triples:
        lines = []
        node = _iri("interaction", interactions)
        one = rng.randrange(drugs)
        other = rng.randrange(drugs - 1)
        first = _iri("drug", one)
        if rng.random() < 0.3:
            second = _iri("class", rng.randrange(plan.classes))
        else:
            second = _iri("drug", other + (other >= one))
        _term(lines, node, "DrugInteraction", f"synthetic interaction {interactions}", "A generated interaction.")
        _fact(lines, node, "participant", first)
        _fact(lines, node, "participant", second)
        for finding in sorted({rng.randrange(plan.findings) for _ in range(1 + rng.randrange(3))}):
            _fact(lines, node, "hasOutcome", _iri("finding", finding))
        lines.append(f"{node} {_vocab('severity')} {_text(rng.choice(_SEVERITIES))} .")
        emit(lines)
        interactions += 1


def write_stream(handle: IO[bytes], triples: int, seed: int = 0, trig: bool = False) -> int:
    """Write a synthetic graph of about ``triples`` triples to ``handle``; returns how many."""
    from kg.progress import task

    if triples < MIN_TRIPLES:
        raise InputError(f"--triples must be at least {MIN_TRIPLES} (got {triples})")
    with task("generating", total=triples) as advance:
        writer = _Writer(handle, trig, advance)
        _generate(writer, triples, seed)
    return writer.count


def write_synthetic(path: Path, triples: int, seed: int = 0) -> SynthReport:
    """Write a synthetic graph to ``path`` (``.nq`` or ``.trig``) atomically."""
    from kg.atomic import atomic_write

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".nq", ".nquads", ".trig"):
        raise InputError(f"{path}: write the synthetic graph to a .nq or .trig file")
    if triples < MIN_TRIPLES:
        raise InputError(f"--triples must be at least {MIN_TRIPLES} (got {triples})")
    with atomic_write(path, "wb") as handle:
        count = write_stream(handle, triples, seed, trig=suffix == ".trig")
    return SynthReport(path, count, seed)


def entities(prefix: str = "drug", count: int = 3) -> Iterator[str]:
    """The IRIs of the first ``count`` synthetic entities of a kind, e.g. drugs (for benchmarks)."""
    for index in range(count):
        yield _iri(prefix, index)[1:-1]
