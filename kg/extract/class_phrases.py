"""Class phrases: a group of drugs named by what its members do or are (issue 29).

Labels and reviews name many classes the graph has no name for: "antihypertensive drugs",
"QT-prolonging drugs", "dopamine agonists", "hormonal contraceptives", "urinary alkalinizing
agents", "carbapenem antibiotics", "sleeping pills". Such a phrase is one to three modifier words
before a head noun that names drugs as a group (``drugs``, ``agents``, ``inhibitors``,
``antibiotics``...). Words that only select or count ("other", "these", "prescription", "many")
are not part of the class and end its modifiers. The extractor links a phrase to the graph's class
with the same content words, else proposes a new class
(:meth:`kg.extract.extractor.Extractor._class_mentions`).

>>> [label for _, _, label in class_phrases("Avoid other QT-prolonging drugs and dopamine agonists.")]
['QT-prolonging drugs', 'dopamine agonists']
>>> [label for _, _, label in class_phrases("Tell your doctor about all prescription medicines.")]
[]
"""

from __future__ import annotations

import re

__all__ = ["class_phrases", "plain_head"]

#: Head nouns that name drugs as a group: plural, or singular where the noun names a kind ("a CYP3A4
#: inhibitor"); a plain head in the singular refers to one drug ("this long-acting medication").
_HEADS = (
    r"drugs|medicines|medications|agents|pills|remedies|preparations|products"
    r"|inhibitors?|inducers?|agonists?|antagonists?|blockers?|antibiotics?|contraceptives?|analgesics?"
    r"|depressants?|stimulants?|diuretics?|anticoagulants?|antiplatelets?|substrates?"
)
#: The heads that say nothing of the class but that it is one: "SSRI drugs" is the class SSRI.
_PLAIN_HEADS = frozenset(
    {"drugs", "medicines", "medications", "agents", "pills", "remedies", "preparations", "products"}
)
_WORD = r"[A-Za-z0-9][\w'’/-]*"
#: Nouns after a head that make it a modifier ("antagonist activity", "inhibitor use").
_COMPOUND = (
    r"activit(?:y|ies)|actions?|effects?|propert(?:y|ies)|use|therapy|treatment|class(?:es)?|levels?|reactions?"
    r"|interactions?|doses?|dosing|labels?|guides?|exposure|concentrations?|binding|potency|sites?"
)
_PHRASE = re.compile(rf"(?<![\w-])((?:{_WORD}\s+){{1,3}})({_HEADS})(?![\w-])(?!\s+(?:{_COMPOUND})\b)", re.IGNORECASE)
#: Words that select, count or point, and function words: none is part of a class's name.
_NOT_MODIFIERS = frozenset(
    {
        "a", "an", "the", "this", "that", "these", "those", "other", "another", "some", "many", "much", "most",
        "all", "any", "each", "every", "both", "either", "no", "few", "fewer", "more", "less", "several",
        "certain", "similar", "such", "same", "different", "various", "new", "older", "usual", "common",
        "your", "my", "our", "their", "his", "her", "its", "of", "to", "in", "on", "at", "by", "for", "with",
        "without", "from", "as", "and", "or", "nor", "but", "than", "like", "including", "especially",
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "can",
        "could", "may", "might", "will", "would", "should", "must", "not", "take", "takes", "taking", "took",
        "use", "uses", "using", "used", "give", "given", "giving", "combine", "combined", "combining", "avoid",
        "prescription", "nonprescription", "non-prescription", "over-the-counter", "otc", "herbal",
        "study", "studies", "trial", "trials", "two", "three", "four", "five", "one", "it", "they", "you",
        "we", "he", "she", "which", "who", "what", "when", "while", "if", "so", "also", "only", "even",
        "then", "there", "here", "strong", "moderate", "weak", "potent", "known", "about", "whereas",
        "although", "though", "since", "because", "unless", "until", "beyond", "after", "before", "during",
        "despite", "via", "through", "between", "among", "against", "whether", "where", "how", "however",
        "thus", "therefore", "yet", "still", "just", "particularly", "notably", "namely", "include",
        "includes", "included",
    }
)  # fmt: skip


def class_phrases(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, label) of each class phrase of ``text[start:end]``: its modifier words (the last
    one to three before the head that are not :data:`_NOT_MODIFIERS`) and its head, the label in the
    text's words with spaces collapsed. "Strong" is left out of the name ("strong CYP3A4 inhibitors"
    are of the class of CYP3A4 inhibitors)."""
    stop = len(text) if end is None else end
    out: list[tuple[int, int, str]] = []
    for match in _PHRASE.finditer(text, start, stop):
        words = list(re.finditer(_WORD, match.group(1)))
        kept: list[re.Match[str]] = []
        for word in reversed(words):
            lower = word.group().lower()
            if lower in _NOT_MODIFIERS or lower.isdigit():
                break
            kept.insert(0, word)
        if not kept:
            continue
        first = match.start(1) + kept[0].start()
        label = " ".join(text[first : match.end()].split())
        out.append((first, match.end(), label))
    return out


def plain_head(label: str) -> bool:
    """Whether a class phrase's head only says that it names drugs: such a phrase describes drugs by
    what they do or are ("QT-prolonging drugs"), while a head such as "inhibitors" names a kind.

    >>> plain_head("QT-prolonging drugs"), plain_head("dopamine agonists")
    (True, False)
    """
    words = label.split()
    return bool(words) and words[-1].lower() in _PLAIN_HEADS
