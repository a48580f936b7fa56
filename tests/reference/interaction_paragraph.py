"""How the extractor said, one sentence at a time, whether the text speaks of interactions there:
the sentence's paragraph read from its start again for each sentence (quadratic in a long text
without blank lines), before :func:`kg.extract.pairs.interaction_talk` read it in one pass."""

from __future__ import annotations

from kg.extract.pairs import INTERACTION_TALK
from kg.extract.text import Section, Span

__all__ = ["speaks_of_interactions"]


def speaks_of_interactions(text: str, sentence: Span, section: Section) -> bool:
    """Whether the sentence's paragraph (up to it) or its section's heading speaks of interactions."""
    paragraph = text.rfind("\n\n", 0, sentence.start) + 1
    heading = text[section.start : section.start + len(section.label)]
    return bool(INTERACTION_TALK.search(text, paragraph, sentence.end) or INTERACTION_TALK.search(heading))
