"""How the extractor said, one sentence at a time, whether a sentence goes on after the first one of
a bulleted line: its line read again from the line's start for each sentence (quadratic in a long
line), before :func:`kg.extract.pairs.bullet_continuations` read the text in one pass."""

from __future__ import annotations

from kg.extract.pairs import BULLET
from kg.extract.text import Span

__all__ = ["continues_a_bullet"]


def continues_a_bullet(text: str, sentence: Span) -> bool:
    """Whether the sentence's line starts with a bullet before the sentence."""
    line = text.rfind("\n", 0, sentence.start) + 1
    return line < sentence.start and BULLET.match(text[line : sentence.start]) is not None
