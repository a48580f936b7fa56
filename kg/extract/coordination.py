"""Lists read as lists: the members of a coordinated list are things of one kind (issue 29).

A text lists side effects, drugs or conditions as "A, B, C and D". When the graph names most of
the members, a member it does not name ("sleepiness" among "weakness, infection and dizziness";
"rifampin" among "warfarin, digoxin and phenytoin") is very likely a thing of the same kind that
the graph lacks or names otherwise. This module finds the members of such lists by their
separators, so that the extractor can propose an entity of the kind the named members share
(:meth:`kg.extract.extractor.Extractor._list_mentions`).

>>> text = "The most common side effects are sleepiness, weakness, infection and dizziness."
>>> named = [(text.index(w), text.index(w) + len(w)) for w in ("weakness", "infection", "dizziness")]
>>> [[(text[s:e], known) for s, e, known in one] for one in list_members(text, 0, len(text), named)]
[[('sleepiness', False), ('weakness', True), ('infection', True), ('dizziness', True)]]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["list_members"]

#: What separates the members of a list.
_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and|or|as well as)\s+|,\s*|;\s*|\s+(?:and|or|and/or|as well as)\s+)", re.I)
#: Words after which a list starts ("... are A, B and C", "... such as A, B").
_LEAD = re.compile(
    r".*\b(?:are|were|is|was|include|includes|included|including|like|such as|especially|particularly|namely"
    r"|for example|for instance|of|with"
    r"|and|or|as|cause|causes|causing|experience|get|have|had|notice)\b\s*|.*[:(]\s*",
    re.I | re.S,
)
#: Words that end the last member ("dizziness in adults", "rash that spreads", "antibiotics such as").
_TAIL = re.compile(
    r"\s+(?:such|in|at|on|with|when|while|after|before|during|that|which|who|if|because|since|so|as|than|for|from|to|may|can"
    r"|is|are|was|were|usually|often|especially)\b.*|\s*[(:].*",
    re.I | re.S,
)
#: Words a member does not start with, dropped ("a stuffy nose" -> "stuffy nose").
_DETERMINER = re.compile(r"^(?:(?:a|an|the|other|some|any|certain|new|or|and)\s+)+", re.I)
#: A member: one to four words of letters (hyphens and apostrophes inside).
_MEMBER = re.compile(r"[A-Za-z][A-Za-z'’.-]*(?:\s+[A-Za-z][A-Za-z'’-]*){0,3}")
#: Words no member holds: verbs and function words show a clause, not a name.
_CLAUSE = frozenset(
    {
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "can",
        "could", "may", "might", "will", "would", "should", "must", "not", "no", "it", "its", "they", "their",
        "this", "that", "these", "those", "which", "who", "whom", "what", "when", "where", "while", "if", "than",
        "then", "so", "you", "your", "he", "she", "his", "her", "we", "our", "i", "me", "my", "take", "taking",
        "takes", "took", "use", "used", "using", "tell", "ask", "call", "stop", "sold", "occurred", "followed",
        "watch", "halve",
    }
)  # fmt: skip


#: Words too vague to name a thing alone ("difficulty" of "difficulty with sleep").
_VAGUE = frozenset(
    {
        "difficulty", "difficulties", "problem", "problems", "trouble", "troubles", "change", "changes", "loss",
        "feeling", "feelings", "increase", "decrease", "symptom", "symptoms", "sign", "signs", "effect", "effects",
        "reaction", "reactions", "others", "other", "more", "less", "drug", "drugs", "medicine", "medicines",
        "medication", "medications", "products", "agents",
    }
)  # fmt: skip


#: Words a member never starts with (prepositions, quantifiers: "in adults", "such").
_NOT_FIRST = frozenset(
    {
        "in", "on", "at", "of", "for", "from", "with", "without", "by", "to", "into", "such", "and", "or", "but",
        "nor", "as", "also", "both", "either", "each", "every", "all", "most", "more", "less", "many", "much",
        "few", "several", "unusual", "usual", "average", "very", "especially", "particularly", "including",
        "because", "related", "risk", "risks", "since", "like", "unlike", "although", "though", "whereas",
        "unless", "until", "despite", "whether", "beyond", "along", "via", "through", "between", "among",
        "against", "about", "over", "under", "after", "before", "during", "one", "two", "three", "four", "five",
    }
)  # fmt: skip
#: A part of the body ("swelling of the face, lips or throat") or an adjective ("motor or sensory
#: instability"): a member of one such word keeps its list going, but names nothing alone.
_NOT_ALONE = frozenset(
    {
        "face", "lips", "lip", "tongue", "throat", "mouth", "hands", "hand", "feet", "foot", "legs", "leg",
        "arms", "arm", "eyes", "eye", "head", "heart", "neck", "skin", "ankles", "fingers", "toes", "new",
        "normal", "motor", "sensory", "severe", "mild", "serious", "rare", "sudden", "high", "low",
    }
)  # fmt: skip
#: Words of dose and time ("a gap of five weeks", "halve the dose"): no member holds one.
_DOSE_OR_TIME = frozenset(
    {"dose", "doses", "dosage", "day", "days", "week", "weeks", "month", "months", "hour", "hours", "minutes"}
)
#: Who a list may be of, not what: populations are no entities a drug relates to.
_PEOPLE = frozenset(
    {
        "adult", "adults", "child", "children", "adolescent", "adolescents", "teen", "teens", "teenagers",
        "infant", "infants", "patient", "patients", "people", "person", "women", "woman", "men", "man",
        "elderly", "older", "younger", "pregnancy", "pregnant", "age", "ages", "years",
    }
)  # fmt: skip


def _trimmed(text: str, start: int, end: int, first: bool, last: bool) -> tuple[int, int] | None:
    """A segment's member: after its lead words (the first), before its tail (the last), without
    determiners; None when what is left is not one to four words of a name."""
    piece = text[start:end]
    if first:
        lead = _LEAD.match(piece)
        if lead:
            start += lead.end()
            piece = text[start:end]
    if last:
        tail = _TAIL.search(piece)
        if tail:
            end = start + tail.start()
            piece = text[start:end]
    stripped = piece.strip().rstrip(".!?")
    start += len(piece) - len(piece.lstrip())
    det = _DETERMINER.match(stripped)
    if det:
        start += det.end()
        stripped = stripped[det.end() :]
    end = start + len(stripped)
    if not stripped or not _MEMBER.fullmatch(stripped):
        return None
    words = stripped.lower().split()
    if any(w in _CLAUSE for w in words) or stripped.lower() in _VAGUE or words[0] in _NOT_FIRST:
        return None
    if any(w in _DOSE_OR_TIME for w in words):
        return None
    if any(w.endswith("ly") and len(w) > 4 for w in words):
        return None  # "heart rate rises modestly": an adverb shows a clause
    if any(w in _PEOPLE for w in words) or (stripped.isupper() and len(stripped) > 5):
        return None  # "in children and adolescents" is who, not what; a heading in capitals
    return start, end


def list_members(
    text: str, start: int, end: int, known: Sequence[tuple[int, int]]
) -> list[list[tuple[int, int, bool]]]:
    """The members of the coordinated lists of ``text[start:end]`` in which at least two members
    are ``known`` spans (a member is known when a known span lies inside it): per list, its members
    (start, end, known), for lists of three members or more. A list runs from a member after its
    lead words ("are A") through plain members to one that has words after it ("D in adults"); a
    segment that is no name (a clause) ends it."""
    cuts = [(m.start(), m.end()) for m in _SEPARATOR.finditer(text, start, end)]
    bounds = [start, *[c for cut in cuts for c in cut], end]
    segments = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    out: list[list[tuple[int, int, bool]]] = []

    def close(run: list[tuple[int, int]]) -> None:
        members = [(a, b, any(a <= s and e <= b for s, e in known)) for a, b in run]
        if len(members) >= 3 and sum(k for _, _, k in members) >= 2:
            # "heart or blood vessel disease": "heart" keeps the list going, but is no member
            out.append([(a, b, k) for a, b, k in members if k or text[a:b].lower() not in _NOT_ALONE])

    run: list[tuple[int, int]] = []
    for a, b in segments:
        if run:
            plain = _trimmed(text, a, b, first=False, last=False)
            ended = _trimmed(text, a, b, first=False, last=True)
            if plain is not None and plain == ended:
                run.append(plain)
                continue
            close([*run, ended] if ended is not None else run)
            run = []
            if ended is not None:
                continue
        opened = _trimmed(text, a, b, first=True, last=False)
        run = [opened] if opened is not None else []
    close(run)
    return out
