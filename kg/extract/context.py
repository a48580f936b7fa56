"""Negated and hypothetical context of a mention, by ConText-style cue rules (Harkema et al. 2009).

A cue ("not", "no", "without", "if", "may"...) opens a scope running forward (or backward) through
its sentence until a termination word ("but", "however", "which", ";"...); a mention inside the
scope of a negation cue is negated, inside a hypothetical or possibility cue hypothetical. Pseudo
cues ("not only", "no longer required") are skipped. medspaCy's ConText implements the same
algorithm; it is not used because importing it (with spaCy) takes longer than a whole extraction
(see docs/extraction.md).

>>> text = "Clonazepam is not classified as an antidepressant, but it eases anxiety."
>>> scopes = cue_scopes(text, 0, len(text))
>>> [(text[s.cue_start:s.cue_end], s.kind, text[s.start:s.end]) for s in scopes]
[('not', 'negated', ' classified as an antidepressant, ')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CueScope", "cue_scopes", "in_scope"]

_NEGATION_FORWARD = (
    r"not",
    r"n[’']t",
    r"no",
    r"never",
    r"without",
    r"neither",
    r"nor",
    r"none of",
    r"absence of",
    r"free of",
    r"lack of",
    r"rather than",
    r"instead of",
    r"ruled out",
    r"denies",
    r"denied",
    r"cannot",
    r"unlikely to",
)
_NEGATION_BACKWARD = (
    r"(?:was|were|is|are|has been|have been) not (?:observed|seen|reported|found|noted|detected)",
    r"(?:was|were|is|are) (?:absent|ruled out|excluded)",
)
_HYPOTHETICAL_FORWARD = (
    r"if",
    r"whether",
    r"in case of",
    r"unless",
    r"may",
    r"might",
    r"could",
    r"possibly",
    r"possible",
    r"suggests?",
    r"potential(?:ly)?(?: for)?",
    r"(?:thought|believed|presumed|assumed|proposed) to",
)
_PSEUDO = (
    r"not only",
    r"not just",
    r"not necessarily",
    r"no longer",
    r"whether or not",
    r"with or without",  # "panic disorder, with or without agoraphobia": both, neither denied
    r"if not",
    r"no increase",
    r"not always",
    r"may not",
    # a prohibition is advice, not a denial: "do not take X with an MAOI", "must not be given with"
    r"(?:do|does|must|should|shall|can) ?not (?:be )?(?:take|taken|use|used|give|given|start|started|combine|combined"
    r"|drive|driving|operate|mix|mixed|prescribe|prescribed)",
    r"(?:do|does|must|should)n[’']t (?:take|use|give|start|combine|drive|operate|mix)",
    r"never (?:take|use|give|combine|drive|mix)",
)
_TERMINATION = (
    r"\b(?:but|however|although|though|yet|except|which|who|whereas|while|apart from|aside from)\b|[;:]"
    # a new clause with its own subject: "X is not approved for Y, and it may cause Z"
    r"|,\s*(?:and|or|so)\s+(?=(?:it|they|he|she|you|we|this|these|there)\b)"
)

_WORD = r"(?<![\w-])(?:{})(?![\w-])"
_FORWARD_NEG = re.compile(_WORD.format("|".join(_NEGATION_FORWARD)), re.IGNORECASE)
_BACKWARD_NEG = re.compile(_WORD.format("|".join(_NEGATION_BACKWARD)), re.IGNORECASE)
_FORWARD_HYP = re.compile(_WORD.format("|".join(_HYPOTHETICAL_FORWARD)), re.IGNORECASE)
_PSEUDO_CUE = re.compile(_WORD.format("|".join(_PSEUDO)), re.IGNORECASE)
_END = re.compile(_TERMINATION, re.IGNORECASE)


@dataclass(frozen=True)
class CueScope:
    """A cue and the stretch of text it governs: ``kind`` is "negated" or "hypothetical"."""

    kind: str
    cue_start: int
    cue_end: int
    start: int
    end: int


def cue_scopes(text: str, start: int, end: int) -> list[CueScope]:
    """The scopes of the cues in the sentence ``text[start:end]``."""
    pseudo = [(m.start(), m.end()) for m in _PSEUDO_CUE.finditer(text, start, end)]
    stops = [m.start() for m in _END.finditer(text, start, end)]
    found: list[CueScope] = []

    def is_pseudo(a: int, b: int) -> bool:
        return any(p <= a and b <= q for p, q in pseudo)

    for pattern, kind in ((_FORWARD_NEG, "negated"), (_FORWARD_HYP, "hypothetical")):
        for m in pattern.finditer(text, start, end):
            if is_pseudo(m.start(), m.end()):
                continue
            stop = min((s for s in stops if s >= m.end()), default=end)
            found.append(CueScope(kind, m.start(), m.end(), m.end(), stop))
    for m in _BACKWARD_NEG.finditer(text, start, end):
        begin = max((s for s in stops if s < m.start()), default=start)
        found.append(CueScope("negated", m.start(), m.end(), begin, m.start()))
    return sorted(found, key=lambda s: (s.cue_start, s.kind))


def in_scope(scopes: list[CueScope], kind: str, start: int, end: int, after: int = -1) -> bool:
    """Whether the text ``start:end`` lies in a scope of ``kind`` whose cue begins after ``after``."""
    return any(s.kind == kind and s.cue_start > after and s.start <= start and end <= s.end for s in scopes)
