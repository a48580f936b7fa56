"""Mechanism phrases: how a drug acts, in the words pharmacology uses for it (issue 29).

A label or review states a mechanism as an action on a molecular target: "inhibits
voltage-sensitive sodium channels", "a weak inhibitor of the neuronal reuptake of norepinephrine and
dopamine", "partial agonist activity at D2 receptors", "binds to the alpha2-delta site", "serotonin
reuptake inhibition", "enhancement of serotonergic activity". This module finds such phrases by
their structure (an action word, then up to ten words ending at a target word, or a target then its
action noun) and names each in one canonical form, the action as a noun first ("inhibition of
voltage-sensitive sodium channels"), so that the same mechanism said as a verb or as a noun gets
one name. The extractor links a phrase to the graph's mechanism with the same content words, else
proposes a new mechanism (:meth:`kg.extract.extractor.Extractor._mechanism_mentions`).

>>> [label for _, _, label in mechanism_phrases("Lamotrigine inhibits voltage-sensitive sodium channels.")]
['inhibition of voltage-sensitive sodium channels']
>>> [label for _, _, label in mechanism_phrases("It is a selective serotonin reuptake inhibitor.")]
[]
"""

from __future__ import annotations

import re

__all__ = ["mechanism_phrases"]

#: Action words, by the stem each begins with, and the noun that names the action.
_NOUNS = (
    ("inhibit", "inhibition"),
    ("block", "blockade"),
    ("antagoni", "antagonism"),
    ("agonis", "agonism"),
    ("bind", "binding"),
    ("enhanc", "enhancement"),
    ("potentiat", "potentiation"),
    ("modulat", "modulation"),
    ("stimulat", "stimulation"),
    ("activat", "activation"),
    ("occup", "occupancy"),
)
_QUALIFIERS = (
    r"(?:(?:selective(?:ly)?|potent(?:ly)?|weak(?:ly)?|relatively|partial|full|competitive(?:ly)?"
    r"|non-?selective(?:ly)?|reversibl[ey]|irreversibl[ey])\s+)*"
)
_ACTION = (
    r"(?:inhibit(?:s|ed|ing|ion|or)?|block(?:s|ed|ing|ade)?|antagoni(?:sm|st|zes?|zing|ses?|sing)"
    r"|agonis(?:m|t)|bind(?:s|ing)?|enhanc(?:es?|ed|ing|ement)|potentiat(?:es?|ed|ing|ion)"
    r"|modulat(?:es?|ed|ing|ion)|stimulat(?:es?|ed|ing|ion)|activat(?:es?|ed|ing|ion)|occup(?:ies|y|ying|ancy))"
)
_TARGET = r"(?:(?:auto|hetero)?receptors?|re-?uptake|uptake|channels?|subunits?|transporters?|sites?)"
_TRANSMITTER = (
    r"(?:serotonin|norepinephrine|noradrenaline|dopamine|GABA|gamma-aminobutyric acid|glutamate|histamine"
    r"|acetylcholine|5-?HT)"
)
#: Words that end a clause: a phrase never runs across them.
_CLAUSE_WORD = (
    r"(?:which|that|while|thereby|thus|therefore|but|because|although|whereas|is|are|was|were|has|have"
    r"|had|may|might|can|could|does|do|it|its|their|this|these|than|resulting|leading|so)"
)
#: "... reuptake of serotonin and norepinephrine (5-HT)": the transmitters a target word is of.
_OF_TRANSMITTERS = (
    rf"(?:\s+(?:of|for)\s+(?:the\s+)?(?:neurotransmitters?\s+)?{_TRANSMITTER}"
    rf"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+or\s+){_TRANSMITTER})*(?:\s*\((?:5-?HT|NE|DA)\))?"
    rf"|\s+of\s+(?!(?:the|a|an|two|three|four|both|several|many|some|certain|other|{_CLAUSE_WORD})\b)[\w'’+-]+)?"
)
_WORD = rf"(?!{_CLAUSE_WORD}\b)[\w'’+/-]+"
#: A word inside a phrase: no second action ("... at D2 receptors and antagonist activity at ...").
_INNER = rf"(?!{_QUALIFIERS}{_ACTION}\b){_WORD}"
_ERGIC = r"(?:serotonergic|noradrenergic|dopaminergic|GABAergic|glutamatergic|adrenergic|histaminergic|cholinergic)"
_VERB_FIRST = re.compile(
    rf"\b(?P<act>{_QUALIFIERS}{_ACTION})(?:\s+(?:activity|action|effects?|properties))?"
    rf"(?P<rest>(?:\s+{_INNER}|\s*,\s*(?!and\b|or\b){_INNER}){{0,10}}\s+{_TARGET}\b{_OF_TRANSMITTERS}"
    rf"|(?:\s+(?:of|in|on))?(?:\s+the)?\s+{_ERGIC}(?:\s+and\s+{_ERGIC})?\s+(?:activity|neurotransmission|transmission|function))",
    re.IGNORECASE,
)
_NOUN_FIRST = re.compile(
    r"\b(?P<target>re-?uptake|uptake|(?:auto)?receptors?|channels?)"
    r"\s+(?P<act>inhibition|blockade|antagonism|agonism|modulation|binding|occupancy)\b",
    re.IGNORECASE,
)
#: Words that may stand before a noun-first phrase's target: transmitters, receptor subtypes (a
#: word with a digit: "D2", "5-HT2A"), and a few adjectives of place and kind.
_MODIFIER = re.compile(
    rf"{_TRANSMITTER}|[\w-]*\d[\w-]*|neuronal|presynaptic|postsynaptic|synaptic|central|peripheral"
    r"|dopamine|adrenergic|muscarinic|histamine|opioid|nicotinic|cholinergic|sodium|calcium|potassium|chloride"
    r"|voltage-(?:gated|sensitive|dependent)|alpha|beta|mu|kappa|delta",
    re.IGNORECASE,
)


def _noun(action: str) -> str:
    """The action as a noun, with its qualifiers: "selectively inhibits" -> "selective inhibition"."""
    words = action.lower().split()
    head = words[-1]
    noun = next((n for stem, n in _NOUNS if head.startswith(stem)), head)
    qualifiers = [w.removesuffix("ly") if w.endswith("ively") else w for w in words[:-1] if w in _KEPT]
    return " ".join([*qualifiers, noun])


_KEPT = frozenset({"selective", "selectively", "partial", "full", "competitive", "competitively"})


def mechanism_phrases(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """The mechanism phrases of ``text[start:end]``: (start, end, canonical label), left to right,
    not overlapping (the longer phrase kept).

    >>> mechanism_phrases("it is a weak inhibitor of the neuronal reuptake of norepinephrine and dopamine")[0][2]
    'inhibition of the neuronal reuptake of norepinephrine and dopamine'
    >>> mechanism_phrases("through serotonin reuptake inhibition")[0][2]
    'inhibition of serotonin reuptake'
    """
    stop = len(text) if end is None else end
    found: list[tuple[int, int, str]] = []
    for match in _VERB_FIRST.finditer(text, start, stop):
        rest = " ".join(match.group("rest").split())
        joined = rest if re.match(r"(?:of|at|to|on|in|with)\b", rest, re.IGNORECASE) else f"of {rest}"
        found.append((match.start(), match.end(), f"{_noun(match.group('act'))} {joined}"))
    for match in _NOUN_FIRST.finditer(text, start, stop):
        begin = match.start()
        words = list(re.finditer(r"[\w'’+-]+|,", text[start:begin]))
        modifiers: list[re.Match[str]] = []
        for word in reversed(words[-6:]):
            joins = word.group().lower() in ("and", "or", ",") and modifiers
            if not (_MODIFIER.fullmatch(word.group()) or joins):
                break
            modifiers.insert(0, word)
        while modifiers and not _MODIFIER.fullmatch(modifiers[0].group()):
            modifiers.pop(0)  # a list word is never the first
        if not modifiers:
            continue
        begin = start + modifiers[0].start()
        target = " ".join(text[begin : match.end("target")].split())
        found.append((begin, match.end(), f"{_noun(match.group('act'))} of {target}"))
    kept: list[tuple[int, int, str]] = []
    for phrase in sorted(found, key=lambda p: (-(p[1] - p[0]), p[0])):
        if not any(phrase[0] < k[1] and k[0] < phrase[1] for k in kept):
            kept.append(phrase)
    return sorted(kept)
