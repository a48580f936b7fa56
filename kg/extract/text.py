"""Reading a text file for extraction, and cutting it into sections, sentences and tokens.

Every piece keeps its character offsets into the file's decoded text, so ``text[start:end]`` is
always the piece itself (the invariant the extraction's JSON and TriG rely on).

>>> doc = Document("x.txt", "Clonazepam is a benzodiazepine. It calms.\\nSide Effects\\nDrowsiness is common.")
>>> [doc.text[s.start:s.end] for s in sentences(doc.text)]
['Clonazepam is a benzodiazepine.', 'It calms.', 'Side Effects', 'Drowsiness is common.']
>>> [(s.label, s.start) for s in sections(doc.text)]
[('Opening', 0), ('Side Effects', 42)]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError

__all__ = [
    "MAX_TEXT_BYTES",
    "Document",
    "Section",
    "Span",
    "is_question_line",
    "read_document",
    "sections",
    "sentences",
    "tokens",
]

#: The largest file ``extract`` reads (10 MB): about 2,000 pages of text, far above a drug label
#: (the longest of SPL-ADR-200db's sections is 48 KB) and small enough to stay within memory and time.
MAX_TEXT_BYTES = 10_000_000

#: Share of control characters (other than tab, newlines and form feed) above which a file is binary.
_MAX_CONTROL_SHARE = 0.05


@dataclass(frozen=True)
class Span:
    """A piece of the text: ``text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Section:
    """A part of a document under one heading (the first part is "Opening")."""

    index: int
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """A text to extract from: its source (the path as given) and its decoded text."""

    source: str
    text: str


def read_document(path: Path) -> Document:
    """The decoded text of ``path``; a one-line :class:`InputError` for a folder, a missing, huge,
    binary or non-UTF-8 file. (An empty file is a document with no text, not an error.)"""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a text file")
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise InputError(f"{path}: {size:,} bytes is more than the {MAX_TEXT_BYTES:,} bytes extract reads")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_TEXT_BYTES:  # a device or a file that grew while we looked
        raise InputError(f"{path}: more than the {MAX_TEXT_BYTES:,} bytes extract reads")
    if b"\x00" in data:
        raise InputError(f"{path}: a binary file (it holds NUL bytes), not UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {error.start} cannot be decoded)") from None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    if text and controls / len(text) > _MAX_CONTROL_SHARE:
        raise InputError(f"{path}: a binary file ({controls} control characters), not text")
    return Document(str(path), text)


_TOKEN = re.compile(r"\w+(?:-\w+)*|[^\w\s]")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]*[A-Z0-9])")
#: Abbreviations a sentence does not end at, each a whole word ("St. John's wort", not "at least.").
_ABBREVIATION = re.compile(r"(?<![\w.])(?:e\.g|i\.e|vs|Dr|Mr|Mrs|Ms|St|etc|approx|No|Fig|al)\.$")
_LINE = re.compile(r"[^\n\r]+")


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Words (letters, digits, inner hyphens) and single punctuation marks of ``text[start:end]``.

    >>> [t.text for t in tokens("Clonazepam’s long-acting effect.")]
    ['Clonazepam', '’', 's', 'long-acting', 'effect', '.']
    """
    end = len(text) if end is None else end
    return [Span(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def sentences(text: str) -> list[Span]:
    """Sentences: each line is cut after ``.``, ``!`` or ``?`` before a capital or digit (common
    abbreviations excepted); surrounding spaces are left out."""
    found: list[Span] = []
    for line in _LINE.finditer(text):
        begin = line.start()
        cuts = [m for m in _SENTENCE_END.finditer(text, line.start(), line.end())]
        pieces: list[tuple[int, int]] = []
        for cut in cuts:
            before = text[max(begin, cut.start() - 8) : cut.start()]
            if _ABBREVIATION.search(before):
                continue
            pieces.append((begin, cut.start()))
            begin = cut.end()
        pieces.append((begin, line.end()))
        for start, stop in pieces:
            piece = text[start:stop]
            stripped = piece.strip()
            if stripped:
                first = start + (len(piece) - len(piece.lstrip()))
                found.append(Span(first, first + len(stripped), stripped))
    return found


_HEADING_WORDS = 12


def _is_heading(line: str) -> bool:
    """A short line without a sentence's end, in title case, capitals or numbered ("6.1 ...")."""
    stripped = line.strip()
    words = stripped.split()
    if not words or len(words) > _HEADING_WORDS or len(stripped) > 100 or stripped[-1] in ".,;:!?":
        return False
    if stripped[0] in "*-•·–—>":  # a bullet point
        return False
    letters = [w for w in words if w[:1].isalpha()]
    if not letters:
        return False
    if re.match(r"^\d+(\.\d+)*\s", stripped) or stripped.isupper():
        return True
    small = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "vs"}
    return all(w[:1].isupper() or w.lower() in small for w in letters)


def sections(text: str) -> list[Section]:
    """The document cut at its heading lines; the part before the first heading is "Opening"."""
    headings = [m for m in _LINE.finditer(text) if _is_heading(m.group())]
    found: list[Section] = []
    starts = [(h.start() + len(h.group()) - len(h.group().lstrip()), h.group().strip()) for h in headings]
    if not starts or text[: starts[0][0]].strip():
        starts.insert(0, (0, "Opening"))
    for index, (start, label) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        found.append(Section(index, label, start, end))
    return found


def is_question_line(text: str, sentence: Span) -> bool:
    """A short question alone on its line ("What are the possible side effects?"): a leaflet's heading."""
    alone = text[sentence.end : sentence.end + 1] in ("", "\n", "\r") and (
        sentence.start == 0 or text[sentence.start - 1] in "\n\r"
    )
    return alone and sentence.text.endswith("?") and len(sentence.text.split()) <= 12
