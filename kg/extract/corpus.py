"""The SPL-ADR-200db corpus (FDA label sections with their adverse reactions marked by hand):
reading it, and the mention spans it marks.

The corpus as distributed gives each distinct reaction of a section once, at the first place its
text occurs (offsets found by a plain substring search, so "pain" can point inside "abdominal
pain"), or with no offset when the words are not contiguous. TAC 2017 scored every mention, so
:func:`mention_spans` rebuilds them: every case-insensitive, whole-word occurrence of a marked
reaction's text in its section, overlaps resolved longest first.

>>> text = "Rash. Severe rash and abdominal pain."
>>> section = LabelSection("X", "adverse reactions", text, ("rash", "pain", "abdominal pain"))
>>> [section.text[s:e] for s, e in mention_spans(section)]
['Rash', 'rash', 'abdominal pain']
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LabelSection", "mention_spans", "read_corpus"]


@dataclass(frozen=True)
class LabelSection:
    """One section of one drug label, with the distinct reaction texts marked in it."""

    label: str
    section: str
    text: str
    reactions: tuple[str, ...]


def read_corpus(path: Path) -> list[LabelSection]:
    """The sections of a corpus file (JSON lines, optionally gzipped)."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [
        LabelSection(row["label"], row["section"], row["text"], tuple(m["text"] for m in row["reactions"]))
        for row in rows
    ]


def mention_spans(section: LabelSection) -> list[tuple[int, int]]:
    """Every whole-word occurrence of the section's reaction texts, sorted; of overlapping ones
    the longest is kept (the leftmost on a tie)."""
    found: set[tuple[int, int]] = set()
    for reaction in {r.lower() for r in section.reactions if r.strip()}:
        pattern = re.compile(r"(?<![\w-])" + re.escape(reaction) + r"(?![\w-])", re.IGNORECASE)
        found.update((m.start(), m.end()) for m in pattern.finditer(section.text))
    kept: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda s: (s[0] - s[1], s[0])):
        if all(end <= a or b <= start for a, b in kept):
            kept.append((start, end))
    return sorted(kept)
