"""Extraction quality, measured on demand (not part of the test run).

Two evaluations::

    python benchmarks/bench_extract.py adr [--folds 5] [--variants crf,crf-nolex,lexicon]
    python benchmarks/bench_extract.py article PATH/TO/ARTICLE.txt
    python benchmarks/bench_extract.py speed [TEXT]
    python benchmarks/bench_extract.py dev [--part tune|heldout|train|unseen|both|all] [--show]

``adr``: adverse-reaction mentions of SPL-ADR-200db (``benchmarks/data/spl-adr-200db/``) scored as
TAC 2017 task 1: micro precision, recall and F1 over character spans, strict (same start and end)
and lenient (overlap), cross-validated by drug label (the sections of one label are never in the
training and the test part of one fold). Variants: ``crf-nolex`` (the shipped design: CRF on word
features), ``crf`` (CRF with the training folds' reaction lexicon as a further feature),
``crf+lexicon`` (the CRF's spans plus the lexicon matches that overlap none of them),
``lexicon`` (longest-match lookup of the training folds' reaction names, no model), ``extract``
(the whole ``drugkg extract`` pipeline with that fold's ``crf-nolex`` model: every entity typed dkv:AdverseEffect
or a subclass, against the built graph).

``dev``: the development texts of ``benchmarks/data/extraction-dev/`` (our own writing; see its
README): recall and precision of the relation facts per relation type and overall, on the ``tune``
and the ``heldout`` part separately (``train``: the texts the pair classifier learns from, with
``tune``; ``unseen``: texts by writers the classifier is not fitted on; ``all``: the four parts;
``--rules-only``: without the pair classifier); ``--show`` lists each
missed and each unexpected fact. A second
table says where recall is lost, per relation, in aggregate numbers only: of the required facts, how
many have their subject / their object recognised as a mention anywhere in the text, both, both in one
sentence (or the object in a sentence and the subject in its section heading), and how many were found.
A fact whose pair is in one sentence but not found is a relation miss; one whose mention is not found
is a mention miss. (The subject of a fact stated of "it" or "the drug" counts as recognised when the
drug is mentioned anywhere: the extractor reads such words as the text's main drug.)

``article``: runs ``drugkg extract`` on the source article (its path is an argument: the article's
text is not part of the project) and reports recall of the facts curated from it in
``kg/data/article.trig``, listing each fact found and missed, and every extracted fact for a hand check.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.extract.corpus import LabelSection, mention_spans, read_corpus

CORPUS = Path(__file__).resolve().parent / "data" / "spl-adr-200db" / "train.jsonl.gz"

Spans = list[tuple[int, int]]


def folds_by_label(corpus: list[LabelSection], folds: int) -> list[list[int]]:
    """Section indices per fold; labels dealt round-robin in sorted order."""
    labels = sorted({s.label for s in corpus})
    fold_of = {label: i % folds for i, label in enumerate(labels)}
    return [[i for i, s in enumerate(corpus) if fold_of[s.label] == f] for f in range(folds)]


def score(gold: list[Spans], predicted: list[Spans]) -> dict[str, float]:
    """Micro strict and lenient precision, recall and F1 over all sections."""
    tp_strict = n_gold = n_pred = pred_overlapping = gold_overlapped = 0
    for g, p in zip(gold, predicted, strict=True):
        gs, ps = set(g), set(p)
        n_gold += len(gs)
        n_pred += len(ps)
        tp_strict += len(gs & ps)
        pred_overlapping += sum(1 for a, b in ps if any(a < d and c < b for c, d in gs))
        gold_overlapped += sum(1 for c, d in gs if any(a < d and c < b for a, b in ps))

    def prf(tp_p: int, tp_r: int) -> tuple[float, float, float]:
        p = tp_p / n_pred if n_pred else 0.0
        r = tp_r / n_gold if n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    sp, sr, sf = prf(tp_strict, tp_strict)
    lp, lr, lf = prf(pred_overlapping, gold_overlapped)
    return {
        "gold": n_gold,
        "predicted": n_pred,
        "P": sp,
        "R": sr,
        "F1": sf,
        "lenient P": lp,
        "lenient R": lr,
        "lenient F1": lf,
    }


def _lexicon_spans(train: list[LabelSection]) -> Callable[[str], Spans]:
    from kg.extract.adverse import Lexicon
    from kg.extract.text import sentences, tokens

    lexicon = Lexicon(r for s in train for r in s.reactions)

    def predict(text: str) -> Spans:
        out: Spans = []
        for sentence in sentences(text):
            words = tokens(text, sentence.start, sentence.end)
            marks = lexicon.marks([w.text for w in words])
            for i, (word, mark) in enumerate(zip(words, marks, strict=True)):
                if mark == "B":
                    j = i
                    while j + 1 < len(words) and marks[j + 1] == "I":
                        j += 1
                    out.append((word.start, words[j].end))
        return out

    return predict


def _crf_spans(train: list[LabelSection], model_dir: Path, with_lexicon: bool) -> Callable[[str], Spans]:
    from kg.extract.adverse import AdverseReactionTagger, fit

    phrases = [r for s in train for r in s.reactions] if with_lexicon else []
    fit(((s.text, mention_spans(s)) for s in train), phrases, model_dir)
    return AdverseReactionTagger(model_dir).spans


def _union(first: Callable[[str], Spans], second: Callable[[str], Spans]) -> Callable[[str], Spans]:
    """The spans of ``first``, and those of ``second`` that overlap none of them."""

    def predict(text: str) -> Spans:
        a = first(text)
        return sorted(a + [(s, e) for s, e in second(text) if all(e <= c or d <= s for c, d in a)])

    return predict


def _extract_spans(train: list[LabelSection], model_dir: Path) -> Callable[[str], Spans]:
    from kg.compile.pipeline import open_built_store
    from kg.extract.adverse import AdverseReactionTagger, fit
    from kg.extract.extractor import Extractor
    from kg.extract.text import Document

    fit(((s.text, mention_spans(s)) for s in train), [], model_dir)  # as the shipped model: no lexicon
    extractor = Extractor(open_built_store(), AdverseReactionTagger(model_dir))

    def predict(text: str) -> Spans:
        result = extractor.extract(Document("section", text))
        return sorted({(e.start, e.end) for e in result.entities if extractor.is_adverse_type(e.type)})

    return predict


def run_adr(folds: int, variants: Sequence[str]) -> None:
    corpus = read_corpus(CORPUS)
    gold = [mention_spans(s) for s in corpus]
    print(
        f"SPL-ADR-200db training half: {len(corpus)} sections, {len({s.label for s in corpus})} labels, "
        f"{sum(map(len, gold))} mention spans; {folds}-fold cross-validation by label"
    )
    print(
        f"{'variant':<10} {'gold':>6} {'pred':>6} {'P':>6} {'R':>6} {'F1':>6}  "
        f"{'len P':>6} {'len R':>6} {'len F1':>6}  {'fit s':>6} {'tag s':>6}"
    )
    for variant in variants:
        predicted: list[Spans] = [[] for _ in corpus]
        fit_time = tag_time = 0.0
        for test in folds_by_label(corpus, folds):
            held = set(test)
            train = [s for i, s in enumerate(corpus) if i not in held]
            start = time.perf_counter()
            with tempfile.TemporaryDirectory() as model_dir:
                if variant == "lexicon":
                    predict = _lexicon_spans(train)
                elif variant == "crf+lexicon":
                    predict = _union(_crf_spans(train, Path(model_dir), with_lexicon=True), _lexicon_spans(train))
                elif variant == "extract":
                    predict = _extract_spans(train, Path(model_dir))
                else:
                    predict = _crf_spans(train, Path(model_dir), with_lexicon=variant == "crf")
                fitted = time.perf_counter()
                for i in test:
                    predicted[i] = predict(corpus[i].text)
                tag_time += time.perf_counter() - fitted
            fit_time += fitted - start
        s = score(gold, predicted)
        print(
            f"{variant:<10} {s['gold']:>6} {s['predicted']:>6} {s['P']:>6.3f} {s['R']:>6.3f} {s['F1']:>6.3f}  "
            f"{s['lenient P']:>6.3f} {s['lenient R']:>6.3f} {s['lenient F1']:>6.3f}  {fit_time:>6.1f} {tag_time:>6.1f}",
            flush=True,
        )


def run_speed(text_file: Path | None) -> None:
    """Time the whole pipeline (shipped model, built graph) on the 239 sections and on a text file."""
    from kg.compile.pipeline import open_built_store
    from kg.extract.adverse import AdverseReactionTagger
    from kg.extract.extractor import Extractor
    from kg.extract.text import Document, read_document

    start = time.perf_counter()
    store = open_built_store()
    loaded = time.perf_counter()
    extractor = Extractor(store, AdverseReactionTagger())
    ready = time.perf_counter()
    print(f"open the built graph {loaded - start:.2f} s; names, ontology and model {ready - loaded:.2f} s")
    corpus = read_corpus(CORPUS)
    start = time.perf_counter()
    mentions = facts = 0
    for section in corpus:
        result = extractor.extract(Document(section.label, section.text))
        mentions += len(result.entities)
        facts += len(result.facts)
    elapsed = time.perf_counter() - start
    chars = sum(len(s.text) for s in corpus)
    print(f"{len(corpus)} sections ({chars:,} characters): {elapsed:.1f} s, {mentions} mentions, {facts} facts")
    if text_file is not None:
        document = read_document(text_file)
        for run in ("cold", "warm"):
            start = time.perf_counter()
            result = extractor.extract(document)
            print(f"{text_file.name} ({len(document.text):,} characters, {run}): {time.perf_counter() - start:.2f} s")


ARTICLE_FACTS = Path(__file__).resolve().parent.parent / "kg" / "data" / "article.trig"
JUDGEMENTS = Path(__file__).resolve().parent / "article_judgements.tsv"

Fact = tuple[str, str, str, bool]


def curated_article_facts() -> set[Fact]:
    """The facts curated from the article: relations between entities (CURIEs), negative statements
    (negated), and each interaction's outcomes as (drug, "outcome", finding, False) per participant."""
    import pyoxigraph as ox

    from kg.graph_facts import curie
    from kg.loading import load_file

    store = ox.Store()
    load_file(store, ARTICLE_FACTS)
    dkv = "https://w3id.org/drugkg/vocab/"
    owl = "http://www.w3.org/2002/07/owl#"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    reified = {
        q.subject.value
        for q in store
        if q.predicate.value == rdf_type and q.object.value in (dkv + "DrugInteraction", dkv + "AdjunctUse")
    }
    facts: set[Fact] = set()
    for q in store:
        if q.graph_name.value.endswith("/sources") or not isinstance(q.object, ox.NamedNode):
            continue
        if not q.predicate.value.startswith(dkv) or q.subject.value in reified:
            continue
        facts.add((curie(q.subject.value), curie(q.predicate.value), curie(q.object.value), False))
    for q in store.quads_for_pattern(None, ox.NamedNode(owl + "assertionProperty"), None, None):
        node = q.subject
        (s,) = store.quads_for_pattern(node, ox.NamedNode(owl + "sourceIndividual"), None, None)
        (o,) = store.quads_for_pattern(node, ox.NamedNode(owl + "targetIndividual"), None, None)
        facts.add((curie(s.object.value), curie(q.object.value), curie(o.object.value), True))
    for interaction in reified:
        node = ox.NamedNode(interaction)
        parts = [
            curie(q.object.value) for q in store.quads_for_pattern(node, ox.NamedNode(dkv + "participant"), None, None)
        ]
        for q in store.quads_for_pattern(node, ox.NamedNode(dkv + "hasOutcome"), None, None):
            for other in parts[1:] if parts[0] == "dk:clonazepam" else parts:
                if other != "dk:clonazepam":
                    facts.add((other, "outcome", curie(q.object.value), False))
    return facts


def run_article(path: Path) -> None:
    from kg.compile.pipeline import open_built_store
    from kg.extract import extract_files

    start = time.perf_counter()
    (result,) = extract_files([path], open_built_store())
    elapsed = time.perf_counter() - start
    extracted: set[Fact] = {(f.subject, f.predicate, f.object, f.negated) for f in result.facts}
    for f in result.facts:
        if f.predicate == "dkv:interactsWith":
            extracted |= {(f.object, "outcome", o, False) for o in f.outcomes}
    curated = curated_article_facts()
    found = curated & extracted
    judged = {}
    if JUDGEMENTS.is_file():
        for line in JUDGEMENTS.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                s, p, o, neg, verdict = line.split("\t")[:5]
                judged[(s, p, o, neg == "negated")] = verdict
    print(f"article: {len(result.entities)} mentions, {len(result.facts)} candidate facts in {elapsed:.2f} s")
    print(f"recall of the curated facts: {len(found)}/{len(curated)} = {len(found) / len(curated):.3f}")
    by_kind: dict[str, list[int]] = {}
    for fact in curated:
        counts = by_kind.setdefault(fact[1], [0, 0])
        counts[0] += fact in found
        counts[1] += 1
    for predicate, (hit, total) in sorted(by_kind.items()):
        print(f"  {predicate:<30} {hit}/{total}")
    extra = sorted(extracted - curated)
    correct = sum(1 for f in extra if judged.get(f) == "correct")
    unjudged = [f for f in extra if f not in judged]
    print(
        f"precision: {len(found)} curated + {correct} hand-checked correct of {len(extracted)} extracted "
        f"= {(len(found) + correct) / max(len(extracted), 1):.3f} ({len(unjudged)} not judged yet)"
    )
    print("missed:")
    for fact in sorted(curated - found):
        print("  " + "\t".join([*fact[:3], "negated" if fact[3] else ""]))
    print("extracted, not curated (hand check in benchmarks/article_judgements.tsv):")
    for fact in extra:
        print("  " + "\t".join([*fact[:3], "negated" if fact[3] else "", judged.get(fact, "?")]))


DEV = Path(__file__).resolve().parent / "data" / "extraction-dev"


@dataclass(frozen=True)
class Expected:
    """One line of a ``.facts.tsv`` file: names (alternatives), the property, flags and status."""

    subjects: tuple[str, ...]
    predicate: str
    objects: tuple[str, ...]
    negated: bool
    hypothetical: bool
    status: str


def read_expected(path: Path) -> list[Expected]:
    rows = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        if not line.strip() or line.startswith("#"):
            continue
        s, p, o, neg, hyp, status = line.split("\t")
        rows.append(Expected(tuple(s.split("|")), p, tuple(o.split("|")), neg == "yes", hyp == "yes", status))
    return rows


#: Words before a class's name that say how strongly its members act, not which class: "strong".
_QUALIFIER = re.compile(r"^(?:(?:strong|moderate|potent|weak|other|certain|some)\s+)+")


class _Names:
    """What an expected name may be: the entities the graph's names give it, or its words."""

    def __init__(self, extractor: Any) -> None:
        self.extractor = extractor

    def curies(self, name: str) -> set[str]:
        from kg.extract.extractor import _slug

        if re.fullmatch(r"[a-z]+:[\w-]+", name):
            return {name}
        found = {c.curie for c in self.extractor._lookup(" ".join(name.split()))}
        return found | {f"dk:{_slug(name)}"}

    def matches(self, names: tuple[str, ...], ref: str, label: str, proposed: bool, said: Iterable[str] = ()) -> bool:
        """Whether an entity (``ref``, its ``label``, proposed or not, and the words ``said`` of it in the
        text) is one of the expected ``names``: the facts files name an entity as the graph labels it or
        as the text says it ("strong CYP3A4 inhibitors" for the text's "Strong CYP3A4 inhibitors")."""
        from kg.extract.lexicon import stems

        spoken = [stems(_QUALIFIER.sub("", " ".join(w.lower().split()))) for w in said]
        for name in names:
            if ref in self.curies(name) or (label and label.lower() == name.lower()):
                return True
            if stems(_QUALIFIER.sub("", " ".join(name.lower().split()))) in [w for w in spoken if w]:
                return True  # the text's words, in any form: "operating machinery" for "operate machinery"
            if proposed:
                want, got = stems(name), stems(label)
                if want and got and (want <= got or got <= want) and len(want ^ got) <= 2 and len(want & got) >= 1:
                    return True
        return False


def run_dev(part: str, show: bool, rules_only: bool = False) -> None:
    from kg.compile.pipeline import open_built_store
    from kg.extract.adverse import AdverseReactionTagger
    from kg.extract.extractor import Extractor

    extractor = Extractor(open_built_store(), AdverseReactionTagger(), pairs=not rules_only)
    names = _Names(extractor)
    parts = {"both": ["tune", "heldout"], "all": ["tune", "train", "unseen", "heldout"]}.get(part, [part])
    for name in parts:
        texts = sorted((DEV / name).glob("*.txt")) if (DEV / name).is_dir() else []
        if not texts:
            print(f"\n{name}: no texts in {DEV / name} (missing or empty): nothing to score")
            continue
        per: dict[str, list[int]] = {}  # predicate -> [required found, required, extracted right, extracted judged]
        hedged = [0, 0]
        lines: list[str] = []
        where: dict[str, list[int]] = {}  # predicate -> [required, subject, object, both, one sentence, found]
        for text_file in texts:
            score_file(extractor, names, text_file, per, hedged, where, lines, show)
        total = [sum(c[i] for c in per.values()) for i in range(4)]
        print(f"\n{name}: {len(texts)} texts ({', '.join(t.stem for t in texts)})")
        print(f"  {'relation':<30} {'recall':>14} {'precision':>14}")
        for predicate, (hit, need, right, judged) in sorted(per.items()):
            r = f"{hit}/{need} {hit / need:.2f}" if need else "-"
            p = f"{right}/{judged} {right / judged:.2f}" if judged else "-"
            print(f"  {predicate:<30} {r:>14} {p:>14}")
        r_all = total[0] / total[1] if total[1] else 0.0
        p_all = total[2] / total[3] if total[3] else 0.0
        f1 = 2 * p_all * r_all / (p_all + r_all) if p_all + r_all else 0.0
        recall, precision = f"{total[0]}/{total[1]} {r_all:.2f}", f"{total[2]}/{total[3]} {p_all:.2f}"
        print(f"  {'overall':<30} {recall:>14} {precision:>14}  F1 {f1:.2f}")
        if hedged[1]:
            print(f"  hedging agrees on {hedged[0]}/{hedged[1]} facts found")
        print("  where recall is lost (required facts; mentions recognised anywhere / in one sentence):")
        heads = ("required", "subject", "object", "both", "sentence", "found")
        print(f"  {'relation':<30} " + " ".join(f"{h:>8}" for h in heads))
        for predicate, row in sorted(where.items()):
            print(f"  {predicate:<30} " + " ".join(f"{n:>8}" for n in row))
        sums = [sum(r[i] for r in where.values()) for i in range(6)]
        print(f"  {'overall':<30} " + " ".join(f"{n:>8}" for n in sums))
        for line in lines:
            print(line)


def score_file(
    extractor: Any,
    names: _Names,
    text_file: Path,
    per: dict[str, list[int]],
    hedged: list[int],
    where: dict[str, list[int]],
    lines: list[str],
    show: bool = False,
) -> None:
    """Score one development text, adding to the counts: ``per`` relation [required found, required,
    extracted right, extracted judged], ``hedged`` [agreeing, found], ``where`` (see ``_Located``)."""
    from kg.extract.text import read_document

    result = extractor.extract(read_document(text_file))
    expected = read_expected(text_file.with_suffix(".facts.tsv"))
    info = {e.ref: (e.label, e.iri is None) for e in result.entities}
    said: dict[str, set[str]] = {}  # what the text calls each entity
    for m in result.entities:
        said.setdefault(m.ref, set()).add(m.text)
    located = _Located(result, names)
    got: list[tuple[str, str, str, bool, bool, str, bool]] = []
    for f in result.facts:
        literal = bool(getattr(f, "literal", False))
        got.append((f.subject, f.predicate, f.object, f.negated, f.hypothetical, f.object, literal))
        for outcome in f.outcomes:
            got.append((f.object, "outcome", outcome, False, False, outcome, False))

    def same(e: Expected, g: tuple[str, str, str, bool, bool, str, bool]) -> bool:
        s, p, o, neg, _, _, literal = g
        if p != e.predicate or neg != e.negated:
            return False
        if p == "dkv:interactsWith" and not literal:  # symmetric
            return one_way(e, s, o, literal) or one_way(e, o, s, literal)
        return one_way(e, s, o, literal)

    def one_way(e: Expected, s: str, o: str, literal: bool, info: dict[str, tuple[str, bool]] = info) -> bool:
        s_label, s_new = info.get(s, ("", True))
        if not names.matches(e.subjects, s, s_label, s_new, said.get(s, ())):
            return False
        if literal:
            return o.lower() in {x.lower() for x in e.objects}
        o_label, o_new = info.get(o, ("", True))
        return names.matches(e.objects, o, o_label, o_new, said.get(o, ()))

    matched_required: set[int] = set()
    for g in got:
        if g[1] == "dkv:actsOn":
            continue  # what a mechanism the text names acts on: not stated in the development set
        hits = [e for e in expected if same(e, g)]
        if any(e.status == "optional" for e in hits) and not any(e.status == "required" for e in hits):
            continue
        counts = per.setdefault(g[1], [0, 0, 0, 0])
        counts[3] += 1
        required = [e for e in hits if e.status == "required"]
        if required:
            counts[2] += 1
            for e in required:
                matched_required.add(id(e))
                hedged[0] += e.hypothetical == g[4]
                hedged[1] += 1
        elif show:
            lines.append(f"  extra   {text_file.name}: {' '.join(map(str, g[:4]))}")
    for e in expected:
        if e.status != "required":
            continue
        counts = per.setdefault(e.predicate, [0, 0, 0, 0])
        counts[1] += 1
        found = id(e) in matched_required
        row = where.setdefault(e.predicate, [0, 0, 0, 0, 0, 0])
        for i, flag in enumerate((True, *located.flags(e), found)):
            row[i] += flag
        if found:
            counts[0] += 1
        elif show:
            flag = " (negated)" if e.negated else ""
            lines.append(f"  missed  {text_file.name}: {e.subjects[0]} {e.predicate} {e.objects[0]}{flag}")


class _Located:
    """Where an expected fact's names are recognised as mentions of one extraction."""

    def __init__(self, result: Any, names: _Names) -> None:
        from kg.extract.extractor import bounded_sentences
        from kg.extract.text import sections, sentences

        self.result, self.names = result, names
        focus = names.extractor.main_drug(result.text, result.entities)
        self.focus = focus.ref if focus is not None else ""
        text = result.text
        self.sentences = [(s.start, s.end) for s in bounded_sentences(text, sentences(text))]
        self.sections = [
            (p.start, p.end, p.start + len(p.label) if p.label != "Opening" else p.start) for p in sections(text)
        ]

    def _spans(self, wanted: tuple[str, ...], literal: bool) -> list[tuple[int, int]]:
        out = []
        if literal:  # a brand name: its words in the text
            for w in wanted:
                out += [(x.start(), x.end()) for x in re.finditer(rf"\b{re.escape(w)}\b", self.result.text)]
            return out
        for m in self.result.entities:
            if self.names.matches(wanted, m.ref, m.label, m.iri is None, (m.text,)):
                out.append((m.start, m.end))
        return out

    def _sentence(self, at: int) -> int:
        return next((i for i, (a, b) in enumerate(self.sentences) if a <= at < b), -1)

    def _heading_of(self, at: int) -> tuple[int, int] | None:
        for start, end, heading_end in self.sections:
            if start <= at < end:
                return (start, heading_end)
        return None

    def flags(self, e: Expected) -> tuple[bool, bool, bool, bool]:
        """Subject recognised, object recognised, both, both in one sentence (or the subject in the
        heading, or the subject the text's main drug, which "it" and "the drug" stand for)."""
        subjects = self._spans(e.subjects, False)
        objects = self._spans(e.objects, e.predicate == "dkv:brandName")
        both = bool(subjects and objects)
        main = bool(self.focus) and self.names.matches(e.subjects, self.focus, "", False)
        same = both and main and any(self._sentence(o[0]) >= 0 for o in objects)  # "it", "the drug"
        for o in objects:
            sentence = self._sentence(o[0])
            heading = self._heading_of(o[0])
            for s in subjects:
                if self._sentence(s[0]) == sentence or (heading and heading[0] <= s[0] < heading[1]):
                    same = True
        return bool(subjects), bool(objects), both, same


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    adr = sub.add_parser("adr")
    adr.add_argument("--folds", type=int, default=5)
    adr.add_argument("--variants", default="lexicon,crf-nolex,crf,extract")
    article = sub.add_parser("article")
    article.add_argument("path", type=Path)
    speed = sub.add_parser("speed")
    speed.add_argument("path", type=Path, nargs="?")
    dev = sub.add_parser("dev")
    dev.add_argument("--part", choices=("tune", "heldout", "train", "unseen", "both", "all"), default="both")
    dev.add_argument("--show", action="store_true", help="list each missed and each unexpected fact")
    dev.add_argument("--rules-only", action="store_true", help="without the relation pair classifier")
    args = parser.parse_args(argv)
    if args.what == "adr":
        run_adr(args.folds, args.variants.split(","))
    elif args.what == "dev":
        run_dev(args.part, args.show, args.rules_only)
    elif args.what == "speed":
        run_speed(args.path)
    else:
        run_article(args.path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
