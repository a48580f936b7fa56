"""A learnt relation classifier over pairs of mentions of one sentence (issue 29).

The trigger rules of :mod:`kg.extract.relations` read wordings; this module reads the **structure
between two mentions** and learns which relation it carries. A candidate pair is a subject mention
(a drug, a drug class, a substance, a condition) and any other mention of the same sentence; when the
sentence does not name the document's main drug, the main drug is a candidate subject too (an
*implied* subject: "it", "the drug", a list under "The most common side effects were:"). A bulleted
line ("- dizziness") is read with its lead-in sentence. Each pair gets sparse string features: the
coarse types of the two mentions, their order and distance, the words between them (suffix-stripped,
other mentions replaced by their type), the words that lead the list the object stands in ("were",
"include", "such as"...) and the words after the list, punctuation between, whether another drug
stands between or closer, frequency and stopping cues of the sentence and heading, and the
ConText negation and hedge flags. A multinomial logistic regression (numpy; fitted by
``python benchmarks/train_relations.py`` on the development texts ``tune/`` and ``train/``) gives
each pair a distribution over the relations and "none".

The model ships as JSON in ``kg/extract/models/`` (feature weights, the threshold chosen by
leave-one-text-out cross-validation, and the sha256 of its training texts) and is read once, lazily.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from kg.extract.relations import COMMON_HEADING, STOPPED_BECAUSE, STOPPING
from kg.extract.text import Section, Span, is_question_line, tokens
from kg.namespaces import DKV

if TYPE_CHECKING:
    from kg.extract.extractor import Entity

__all__ = [
    "BULLET",
    "INTERACTION_TALK",
    "MAX_PAIRS_PER_DOCUMENT",
    "MAX_PAIR_MENTIONS",
    "MODEL_PATH",
    "NONE",
    "OUTCOME",
    "PairContext",
    "PairModel",
    "bullet_continuations",
    "candidate_pairs",
    "contexts",
    "cue_span",
    "features",
    "fit",
    "interaction_talk",
    "list_bounds",
    "load",
    "plausible",
    "training_digest",
]

MODEL_PATH = Path(__file__).resolve().parent / "models" / "relation-pairs.json"
NONE = "none"
#: The label of a pair (interacting drug or class, finding): the finding is the interaction's outcome.
OUTCOME = "outcome"

_COARSE = (
    ("drug", str(DKV.Drug)),
    ("class", str(DKV.DrugClass)),
    ("substance", str(DKV.Substance)),
    ("condition", str(DKV.Condition)),
    ("finding", str(DKV.ClinicalFinding)),
    ("mechanism", str(DKV.Mechanism)),
    ("therapy", str(DKV.Therapy)),
    ("procedure", str(DKV.Procedure)),
    ("activity", str(DKV.Activity)),
)
_SUBJECT_KINDS = frozenset({"drug", "class", "substance", "condition"})
#: A bulleted line ("- nausea", "2) dizziness").
BULLET = re.compile(r"^\s*(?:[-•*–·]|\d+[.)])\s+")
_BULLET_AT = re.compile(BULLET.pattern.removeprefix("^"))  # at a line's start given as the position
_FREQUENT = re.compile(
    r"\b(?:most\s+)?(?:common|commonly|frequent|frequently|most often)\b|%|\bat least twice\b"
    r"|\bat least (?:\d+|one|five|ten) (?:in|out of) (?:100|a hundred|10|ten)\b",
    re.IGNORECASE,
)

_SEPARATORS = frozenset({",", "and", "or", "(", ")", "/", "as", "well", "also", "such", "including", "like"})
_LIST_WORDS = frozenset({",", "and", "or", "(", ")", "/"})
_PRONOUN = re.compile(r"\b(?:it|its|the drug|this drug|the medicine|this medicine|this medication)\b", re.IGNORECASE)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ies", "ed", "es", "ly", "s")


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    """A word lowercased with one common suffix stripped ("reported" -> "report", "raises" -> "rais")."""
    w = word.lower()
    if any(c.isdigit() for c in w):
        return "<num>"
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


def coarse(m: Entity) -> list[str]:
    """The coarse kinds of a mention (a disease typed as an adverse effect too is both)."""
    return list(_coarse(m.classes))


@lru_cache(maxsize=4096)
def _coarse(classes: frozenset[str]) -> tuple[str, ...]:
    kinds = [name for name, cls in _COARSE if cls in classes]
    if "drug" in kinds or "class" in kinds:
        kinds = [k for k in kinds if k != "substance"]
    return tuple(kinds) or ("other",)


#: Words of a text speaking of interactions ("Interactions are what...", "combined with", "taken
#: together", "people who also take", a leaflet's question "What about other medicines?").
INTERACTION_TALK = re.compile(
    r"\b(?:interact\w*|combin\w*|together|co-?administ\w*|concomitant\w*|(?:taken|given|used) with"
    r"|also (?:take|takes|taking|using|receiv\w*))\b"
    r"|\bother\s+(?:medicines|drugs|medications)\b[^.?!\n]{0,30}\?",
    re.IGNORECASE,
)


def interaction_talk(text: str, sentence_spans: Sequence[Span], parts: Sequence[Section]) -> list[bool]:
    """For each sentence (in text order), whether its paragraph up to it (from the blank line before)
    or its section's heading speaks of interactions (:data:`INTERACTION_TALK`: "Interactions are
    what...", "7 DRUG INTERACTIONS"). One pass: each stretch of text is read once, so a long text
    without blank lines costs no more than its length.

    >>> from kg.extract.text import sections, sentences
    >>> t = "Notes\\n\\nIt interacts with warfarin. Take it at night.\\n\\nTake it with food."
    >>> interaction_talk(t, sentences(t), sections(t))
    [False, True, True, False]
    """
    from bisect import bisect_right

    part_starts = [p.start for p in parts]
    heading_talk = [bool(INTERACTION_TALK.search(text, p.start, p.start + len(p.label))) for p in parts]
    out: list[bool] = []
    paragraph, read, said, previous = 0, 0, False, 0
    for sentence in sentence_spans:
        blank = text.rfind("\n\n", previous, sentence.start)
        if blank >= 0:  # a new paragraph: what the one before said is behind it
            paragraph, read, said = blank + 1, blank + 1, False
        if not said:  # read on from a little before where the last sentence stopped (a phrase across the cut)
            said = bool(INTERACTION_TALK.search(text, max(paragraph, read - _TALK_OVERLAP), sentence.end))
        read, previous = max(read, sentence.end), sentence.start
        index = bisect_right(part_starts, sentence.start) - 1
        part = index if index >= 0 and sentence.start < parts[index].end else 0
        out.append(said or (bool(parts) and heading_talk[part]))
    return out


#: How far before the end of the text already read a phrase of :data:`INTERACTION_TALK` may start.
_TALK_OVERLAP = 32


def bullet_continuations(text: str, sentence_spans: Sequence[Span]) -> list[bool]:
    r"""For each sentence (in text order), whether it goes on after the first one of a bulleted line:
    for the rules, such a sentence ("- Severe neutropenia. You will need blood tests.") leaves the run
    of bullets under its lead-in (the classifier, which learnt its lead-ins otherwise, lost more than
    it gained by it). One pass, as :func:`interaction_talk`: a long line costs no more than its length.

    >>> from kg.extract.text import sentences
    >>> t = "It can cause:\n- Seizures. See a doctor.\n- Fainting."
    >>> bullet_continuations(t, sentences(t))
    [False, False, True, False]
    """
    out: list[bool] = []
    line, previous = 0, 0
    for sentence in sentence_spans:
        newline = text.rfind("\n", previous, sentence.start)
        if newline >= 0:
            line = newline + 1
        previous = sentence.start
        out.append(line < sentence.start and _BULLET_AT.match(text, line, sentence.start) is not None)
    return out


@dataclass
class PairContext:
    """One sentence as the classifier sees it: its mentions, heading, section and lead-in."""

    sentence: Span
    inside: list[Entity]
    section: Section
    heading: str
    lead: str
    interactions: bool = False  # the paragraph (up to the sentence) or heading speaks of interactions
    bounds: dict[int, tuple[int, int]] = field(default_factory=dict)
    words: list[tuple[int, int, str]] = field(default_factory=list)  # the sentence's tokens, stemmed
    word_starts: list[int] = field(default_factory=list)

    def sentence_text_after(self, start: int, end: int) -> str:
        """The sentence's words between two offsets of the document."""
        s = self.sentence
        return s.text[max(0, start - s.start) : max(0, end - s.start)]


def contexts(
    text: str,
    sentence_spans: Sequence[Span],
    parts: Sequence[Section],
    mentions: Sequence[Entity],
    talk: Sequence[bool] | None = None,
) -> list[PairContext]:
    """The sentences of a document with their mentions (sorted by start), heading (the section's,
    and a question line heading the sentences after it), lead-in (the sentence before a run of
    bulleted lines) and whether the text speaks of interactions there (``talk``, from
    :func:`interaction_talk`, which is run when not given)."""
    from bisect import bisect_right

    if talk is None:
        talk = interaction_talk(text, sentence_spans, parts)
    starts = [m.start for m in mentions]
    part_starts = [p.start for p in parts]
    out: list[PairContext] = []
    lead = previous = ""
    asked = (-1, "")  # the section, and the question line heading the sentences after it
    for n, sentence in enumerate(sentence_spans):
        nearby = mentions[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]
        inside = [m for m in nearby if m.end <= sentence.end]
        index = bisect_right(part_starts, sentence.start) - 1
        section = parts[index] if index >= 0 and sentence.start < parts[index].end else parts[0]
        if section.index != asked[0]:
            asked = (section.index, "")
        if is_question_line(text, sentence):  # a leaflet's "What are the common side effects?"
            asked = (section.index, sentence.text)
        label = section.label if section.label != "Opening" else ""
        heading = " ".join(x for x in (label, asked[1]) if x)
        bullet = bool(BULLET.match(sentence.text))
        # "The common reactions are mild. They include dizziness ...": the sentence before leads in
        said_before = previous if _CONTINUED.match(sentence.text) else ""
        out.append(PairContext(sentence, inside, section, heading, lead if bullet else said_before, talk[n]))
        if not bullet:
            lead = sentence.text
        previous = sentence.text
    return out


#: A sentence that lists what the one before it announced: "They include ...", "These are ...".
_CONTINUED = re.compile(
    r"\s*(?:they|these|those)\s+(?:(?:may|can|could|might)\s+)?(?:include|includes|included|are|were|range from)\b",
    re.IGNORECASE,
)
#: A sentence with more mentions than this is a list the classifier leaves to the rules (the pairs
#: of one sentence grow with the square of its mentions; the development texts have at most 13).
MAX_PAIR_MENTIONS = 30
#: The most pairs the classifier scores in one document (about 0.1 ms each): the sentences after
#: are left to the rules, so the work on a long or hostile text stays bounded.
MAX_PAIRS_PER_DOCUMENT = 50_000


def candidate_pairs(text: str, ctx: PairContext, focus: Entity | None) -> list[tuple[Entity | None, Entity]]:
    """(subject, object) pairs of one sentence; subject None is the document's main drug, implied."""
    out: list[tuple[Entity | None, Entity]] = []
    if len(ctx.inside) > MAX_PAIR_MENTIONS:
        return out
    refs = {m.ref for m in ctx.inside}
    implied = focus is not None and focus.ref not in refs
    for o in ctx.inside:
        if not o.ref:
            continue
        for s in ctx.inside:
            if s is o or not s.ref or s.ref == o.ref or (s.start < o.end and o.start < s.end):
                continue
            if _SUBJECT_KINDS.intersection(coarse(s)):
                out.append((s, o))
        if implied and focus is not None and o.ref != focus.ref and _may_imply(text, ctx, o):
            out.append((None, o))
    return out


#: Words that put two drugs together: a combination, or one changing the other's level.
_TOGETHER = re.compile(
    r"\b(?:with|together|combin\w*|concomitant\w*|alongside|co-?administ\w*|added to|plus|interact\w*)\b"
    r"|\b(?:also|while|when) (?:tak|us|receiv|on\b)\w*|\bat the same time\b"
    r"|\b(?:rais|increas|lower|reduc|alter|decreas)\w*\b[^.;]{0,60}\b(?:levels?|concentrations?|clearance)\b",
    re.IGNORECASE,
)


#: Relations of a use, which need words of treatment or approval: a list of effects "linked to" a
#: drug is not a list of its uses.
_TREATING = frozenset({"approvedFor", "treats", "firstLineFor", "usedAsAdjunctIn", "relieves"})
_TREATMENT = re.compile(
    r"\b(?:approv\w*|indicat\w*|licens\w*|FDA|treat\w*|therap\w*|manag\w*|prescrib\w*|used (?:to|for|in|as)"
    r"|relie\w*|eas\w*|control\w*|prevent\w*|help\w*|first[- ]line|add-on|adjunct\w*|for (?:adults|children|people"
    r"|patients))\b",
    re.IGNORECASE,
)


#: What a patient has, not what a drug does: "if you have diabetes, glaucoma or heart problems".
_PATIENT_HAS = re.compile(
    r"\b(?:if you (?:have|had|ever had|have ever had|'ve had|’ve had|are|were)|(?:a )?history of"
    r"|patients with|people with|those with|who (?:have|had|has)(?: had)?|in patients who)\b"
    r"(?![^.;]*\b(?:caus\w*|side effects?|reactions?|develop\w*|get|experience\w*)\b)",
    re.IGNORECASE,
)
_EFFECTS = frozenset({"hasSideEffect", "hasCommonSideEffect", "hasRiskOf", "hasWithdrawalSymptom"})
#: A lead-in of the signs of a condition ("Signs of serotonin syndrome include:"): its bulleted lines
#: are that condition's signs, not a drug's effects (those of withdrawal are the drug's).
_SIGNS_OF = re.compile(
    r"\b(?:signs?|symptoms?)(?:\s+(?:and|or)\s+(?:signs?|symptoms?))?\s+of\s+(?:an?\s+|the\s+)?"
    r"(?!(?:withdrawal|discontinuation|stopping)\b)",
    re.IGNORECASE,
)


#: Words before a class that say something is in it: "is a", "are", "as an", "one of", "belongs to",
#: "classified as", "a type of"; without them a class at the head of a sentence ("CYP3A4 inducers
#: such as rifampin lower its levels") says nothing of the text's drug.
_MEMBERSHIP = re.compile(
    r"\b(?:is|are|was|were|as|belongs?|belonging|member|members|one|type|kind|class|group|family|classified"
    r"|classed|called|known)\b",
    re.IGNORECASE,
)


def plausible(label: str, text: str, ctx: PairContext, o: Entity | None = None) -> bool:
    """Whether the sentence can carry ``label`` at all: a withdrawal symptom or a tapering needs
    words of stopping (in the sentence, its heading or lead-in), an interaction words that put two
    drugs together, a use (an approval, a treatment) words of treatment or approval, a membership
    words of being or kind before the class (:data:`_MEMBERSHIP`); an effect is none when the
    object's list is what a patient has ("if you have diabetes or glaucoma") or a bulleted line under
    the signs of a condition (:data:`_SIGNS_OF`)."""
    around = f"{ctx.heading} {ctx.lead} {ctx.sentence.text}"
    if label in ("hasWithdrawalSymptom", "discontinuationManagedBy"):
        return bool(STOPPING.search(around)) and not STOPPED_BECAUSE.search(ctx.sentence.text)
    if label == "interactsWith":
        return bool(_TOGETHER.search(around))
    if label in _TREATING:
        return bool(_TREATMENT.search(around))
    if label == "memberOf" and o is not None:  # "X is an SSRI", "one of the SSRIs", "as an SSRI"
        return bool(_MEMBERSHIP.search(text, ctx.sentence.start, o.start))
    if label in _EFFECTS and _SIGNS_OF.search(ctx.lead):  # "Signs of serotonin syndrome include:" - tremor
        return False
    if label in _EFFECTS and o is not None:  # a finding a patient has is none of the drug's effects
        first, _ = list_bounds(text, ctx, o)
        return not _PATIENT_HAS.search(text, ctx.sentence.start, first)
    return True


def _may_imply(text: str, ctx: PairContext, o: Entity) -> bool:
    """Whether the main drug may be the unnamed subject of a pair with ``o``: no other drug is named
    before the list ``o`` stands in, or a pronoun ("it", "the drug") follows the last one named
    ("Aspirin, NSAIDs and other drugs that affect clotting raise the risk of bleeding": NSAIDs too)."""
    drug = str(DKV.Drug)
    first, _ = list_bounds(text, ctx, o)
    named = [m for m in ctx.inside if m.end <= first and drug in m.classes]
    if not named:
        return True
    return bool(_PRONOUN.search(ctx.sentence_text_after(named[-1].end, o.start)))


def _words(text: str, start: int, end: int, inside: Sequence[Entity], skip: Iterable[Entity] = ()) -> list[str]:
    """The stemmed words of ``text[start:end]``, each other mention there one word: its kind."""
    skipped = list(skip)
    out: list[str] = []
    pos = start
    for m in inside:
        if m.end <= start or m.start >= end or any(m is s for s in skipped):
            continue
        out += [_stem(t.text) for t in tokens(text, pos, max(pos, m.start))]
        out.append("<" + coarse(m)[0] + ">")
        pos = max(pos, m.end)
    out += [_stem(t.text) for t in tokens(text, pos, end)]
    return out


def _sentence_words(text: str, ctx: PairContext, start: int, end: int) -> list[str]:
    """:func:`_words` of a stretch of the sentence, from the sentence's tokens stemmed once (mentions
    and the sentence's ends are token boundaries, so the words are the same)."""
    if not ctx.words:
        ctx.words = [(t.start, t.end, _stem(t.text)) for t in tokens(text, ctx.sentence.start, ctx.sentence.end)]
        ctx.word_starts = [w[0] for w in ctx.words]
    words = ctx.words

    def between(a: int, b: int) -> list[str]:
        i = bisect_left(ctx.word_starts, a)
        out = []
        while i < len(words) and words[i][1] <= b:
            out.append(words[i][2])
            i += 1
        return out

    out: list[str] = []
    pos = start
    for m in ctx.inside:
        if m.end <= start or m.start >= end:
            continue
        out += between(pos, max(pos, m.start))
        out.append("<" + coarse(m)[0] + ">")
        pos = max(pos, m.end)
    out += between(pos, end)
    return out


#: A gap of list words only (",", "and", "or", "(", ")", "/"), as :func:`kg.extract.text.tokens` splits it.
_LIST_GAP = re.compile(r"\s*(?:(?:[,()/]|(?<!\w)(?:and|or)(?!\w|-\w))\s*)+", re.IGNORECASE)


def list_bounds(text: str, ctx: PairContext, o: Entity) -> tuple[int, int]:
    """The start and end of the list of mentions the object stands in ("nausea, dizziness and rash"),
    computed once per object of a sentence."""
    known = ctx.bounds.get(id(o))
    if known is not None:
        return known
    start, end = o.start, o.end
    others = [m for m in ctx.inside if m is not o]
    changed = True
    while changed:
        changed = False
        for m in others:
            if m.end <= start and m.start < start and _LIST_GAP.fullmatch(text, m.end, start):
                start, changed = m.start, True
            if m.start >= end and m.end > end and _LIST_GAP.fullmatch(text, end, m.start):
                end, changed = m.end, True
    ctx.bounds[id(o)] = (start, end)
    return start, end


def cue_span(text: str, ctx: PairContext, o: Entity) -> tuple[int, int]:
    """The words that lead the object's list (up to three), shown as the fact's trigger; else the object."""
    first, _ = list_bounds(text, ctx, o)
    lead = [t for t in tokens(text, ctx.sentence.start, first) if t.text.lower() not in _SEPARATORS]
    lead = [t for t in lead if not any(m.start <= t.start < m.end for m in ctx.inside)][-3:]
    if not lead:
        return o.start, o.end
    return lead[0].start, lead[-1].end


def features(text: str, ctx: PairContext, s: Entity | None, o: Entity, focus: Entity | None = None) -> list[str]:
    """The sparse features of one candidate pair (subject None: the main drug, implied; ``focus``:
    the document's main drug, whether it is one of the two)."""
    sentence = ctx.sentence
    o_kinds = coarse(o)
    s_kinds = ["implied"] if s is None else coarse(s)
    f = ["bias"]
    f += [f"T:{a}>{b}" for a in s_kinds for b in o_kinds]
    f += [f"OT:{b}" for b in o_kinds]
    first, last = list_bounds(text, ctx, o)
    lead = [w for w in _sentence_words(text, ctx, sentence.start, first) if w not in _SEPARATORS][-4:]
    for i, w in enumerate(reversed(lead), 1):
        f.append(f"L{i}:{w}")
        f.append(f"L:{w}")
        if i == 1:
            f += [f"L1T:{w}|{b}" for b in o_kinds]
    after = _sentence_words(text, ctx, last, sentence.end)[:3]
    f += [f"R:{w}" for w in after]
    if after:
        f.append(f"R1:{after[0]}")
    frequent = bool(
        _FREQUENT.search(sentence.text)
        or (ctx.lead and _FREQUENT.search(ctx.lead))
        or (ctx.heading and COMMON_HEADING.search(ctx.heading))
    )
    stopping = bool(STOPPING.search(f"{ctx.heading} {sentence.text} {ctx.lead}"))
    if first < o.start or last > o.end:
        f.append("inlist")
        f += [f"inlist|{b}|{'freq' if frequent else ''}{'stop' if stopping else ''}" for b in o_kinds]
    if lead:
        f += [f"L1C:{lead[-1]}|{'freq' if frequent else ''}{'stop' if stopping else ''}"]
    drugs_in = [m for m in ctx.inside if {"drug", "class"} & set(coarse(m))]
    if not drugs_in:
        f.append("X:no_drug")
    elif s is not None and all(m.ref == s.ref for m in drugs_in):
        f.append("X:sole_drug")
    if s is None:
        f.append("implied")
        before = [m for m in ctx.inside if m.end <= o.start and {"drug", "class"} & set(coarse(m))]
        f.append("X:drug_before" if before else "X:no_drug_before")
        if _PRONOUN.search(text, sentence.start, o.start):
            f.append("X:pronoun_before")
        f += [f"SW:{w}" for w in set(_sentence_words(text, ctx, sentence.start, o.start))]
    else:
        a, b = (s, o) if s.start < o.start else (o, s)
        f.append("O:so" if s.start < o.start else "O:os")
        # the words between the subject and the object's whole list, so that every member of a
        # list ("were nausea, dizziness and rash") is read alike, however far along it stands
        gap_start, gap_end = a.end, b.start
        if not first <= s.start < last:
            gap_start, gap_end = (s.end, first) if s.start < o.start else (last, s.start)
        between = _sentence_words(text, ctx, gap_start, gap_end)
        n = len(between)
        f.append(f"D:{0 if n < 3 else 1 if n < 6 else 2 if n < 11 else 3 if n < 21 else 4}")
        f += [f"B:{w}" for w in set(between)]
        for p in (";", ":", "("):
            if p in between:
                f.append(f"P:{p}")
        drugs = [m for m in ctx.inside if {"drug", "class"} & set(coarse(m)) and m is not s and m is not o]
        if any(a.end <= m.start and m.end <= b.start for m in drugs):
            f.append("X:drug_between")
        if any(abs(m.start - o.start) < abs(s.start - o.start) for m in drugs):
            f.append("X:drug_closer")
        main = focus.ref if focus is not None else ""
        f.append("M:s" if s.ref == main else "M:o" if o.ref == main else "M:neither")
        f += [f"MT:{'s' if s.ref == main else 'o' if o.ref == main else '-'}|{a}>{b}" for a in s_kinds for b in o_kinds]
        if first <= s.start and s.end <= last:
            f.append("X:same_list")  # "ibuprofen or naproxen": members of one list relate to a third
        f += [f"SL:{w}" for w in _sentence_words(text, ctx, sentence.start, s.start)[-2:]]
        f += [f"SR:{w}" for w in _sentence_words(text, ctx, s.end, sentence.end)[:3]]
    if ctx.interactions:
        f.append("C:interactions")
        f += [f"CI:{a}>{b}" for a in s_kinds for b in o_kinds]
    if frequent:
        f.append("C:frequent")
    if stopping:
        f.append("C:stopping")
    if ctx.heading:
        f += [f"H:{w}" for w in {_stem(t.text) for t in tokens(ctx.heading)} if w.isalpha()]
    if ctx.lead:
        f += [f"LI:{w}" for w in _words(ctx.lead, 0, len(ctx.lead), [])[-5:]]
    if o.negated:
        f.append("neg")
    if o.hypothetical:
        f.append("hyp")
    return f


class PairModel:
    """Multinomial logistic regression over string features; ``threshold`` is the least probability
    that a pair is related (one minus that of "none") at which it becomes a candidate fact
    (``threshold_implied`` for a pair whose subject is the unnamed main drug)."""

    def __init__(
        self,
        classes: list[str],
        bias: np.ndarray,
        weights: dict[str, np.ndarray],
        threshold: float,
        meta: dict[str, Any],
        allowed: dict[str, set[str]] | None = None,
    ) -> None:
        self.classes = classes
        self.bias = bias
        self.weights = weights
        self.threshold = threshold
        #: the threshold of a pair whose subject is the main drug, unnamed in the sentence
        self.threshold_implied = float(meta.pop("threshold_implied", threshold))
        self.meta = meta
        #: per relation, the pairs of kinds ("T:drug>finding") it was seen with in training: no other
        self.allowed = allowed or {}

    def probabilities(self, feats: Sequence[str]) -> np.ndarray:
        z = self.bias.copy()
        for name in feats:
            w = self.weights.get(name)
            if w is not None:
                z += w
        z -= z.max()
        e = np.exp(z)
        return e / e.sum()

    def best(self, feats: Sequence[str]) -> tuple[str, float]:
        """The most probable relation other than "none", and the probability that the pair is
        related at all (one minus that of "none")."""
        p = self.probabilities(feats)
        none = self.classes.index(NONE)
        kinds = {x for x in feats if x.startswith("T:")}
        order = [k for k in np.argsort(-p) if k != none and kinds & self.allowed.get(self.classes[k], kinds)]
        if not order:
            return NONE, 0.0
        return self.classes[order[0]], float(1.0 - p[none])

    def as_json(self) -> dict[str, Any]:
        weights = {}
        for name, w in sorted(self.weights.items()):
            kept = {self.classes[k]: round(float(v), 4) for k, v in enumerate(w) if abs(v) >= 0.005}
            if kept:
                weights[name] = kept
        return {
            "format": "drugkg relation-pair classifier 1",
            "classes": self.classes,
            "bias": [round(float(v), 4) for v in self.bias],
            "threshold": self.threshold,
            "threshold_implied": self.threshold_implied,
            **self.meta,
            "allowed": {c: sorted(v) for c, v in sorted(self.allowed.items())},
            "weights": weights,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PairModel:
        classes = list(data["classes"])
        index = {c: k for k, c in enumerate(classes)}
        weights = {}
        for name, kept in data["weights"].items():
            w = np.zeros(len(classes))
            for c, v in kept.items():
                w[index[c]] = v
            weights[name] = w
        fixed = {"format", "classes", "bias", "threshold", "weights", "allowed"}  # threshold_implied: in meta
        meta = {k: v for k, v in data.items() if k not in fixed}
        allowed = {c: set(v) for c, v in data.get("allowed", {}).items()}
        return cls(classes, np.array(data["bias"], dtype=float), weights, float(data["threshold"]), meta, allowed)


def training_digest(texts: Sequence[Path]) -> str:
    """The sha256 of training texts and their expected facts (folder/name, then bytes, of each
    ``NAME.txt`` and ``NAME.facts.tsv`` in the order given), recorded in the model."""
    import hashlib

    h = hashlib.sha256()
    for text in texts:
        for path in (text, text.with_suffix(".facts.tsv")):
            h.update(f"{path.parent.name}/{path.name}\n".encode())
            h.update(path.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=4)
def load(path: Path = MODEL_PATH) -> PairModel | None:
    """The shipped model (None when the file is missing), read once."""
    if not path.is_file():
        return None
    return PairModel.from_json(json.loads(path.read_text(encoding="utf-8")))


def fit(
    examples: Sequence[Sequence[str]],
    targets: Sequence[dict[str, float]],
    l2: float = 1.0,
    min_count: int = 2,
    threshold: float = 0.5,
    meta: dict[str, Any] | None = None,
) -> PairModel:
    """Fit the regression on feature lists and target distributions (soft labels: a pair several
    expected facts match shares its weight among their relations), L2-penalised, by L-BFGS."""
    from collections import Counter

    from scipy import sparse
    from scipy.optimize import minimize

    counts = Counter(name for feats in examples for name in set(feats))
    names = sorted(n for n, c in counts.items() if c >= min_count and n != "bias")
    index = {n: i for i, n in enumerate(names)}
    classes = sorted({c for t in targets for c in t} | {NONE})
    cindex = {c: k for k, c in enumerate(classes)}
    rows, cols = [], []
    for i, feats in enumerate(examples):
        for n in set(feats):
            j = index.get(n)
            if j is not None:
                rows.append(i)
                cols.append(j)
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(examples), len(names)))
    t = np.zeros((len(examples), len(classes)))
    for i, target in enumerate(targets):
        for c, v in target.items():
            t[i, cindex[c]] = v
    d, k = len(names), len(classes)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[: d * k].reshape(d, k)
        b = theta[d * k :]
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        value = -(t * logp).sum() + 0.5 * l2 * (w * w).sum()
        g = np.exp(logp) - t
        grad_w = x.T @ g + l2 * w
        return float(value), np.concatenate([np.asarray(grad_w).ravel(), g.sum(axis=0)])

    result = minimize(loss, np.zeros(d * k + k), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    w = result.x[: d * k].reshape(d, k)
    bias = result.x[d * k :]
    weights = {n: w[i] for n, i in index.items() if np.abs(w[i]).max() >= 0.005}
    allowed: dict[str, set[str]] = {}
    for feats, target in zip(examples, targets, strict=True):
        for c, v in target.items():
            if c != NONE and v >= 0.5:
                allowed.setdefault(c, set()).update(x for x in feats if x.startswith("T:"))
    return PairModel(classes, bias, weights, threshold, dict(meta or {}), allowed)
