"""Adverse-reaction mentions found by a linear-chain CRF (CRFsuite) over word features.

The shipped model (``kg/extract/models/``) is fitted on the training half of SPL-ADR-200db (public
domain FDA label text; see ``benchmarks/data/spl-adr-200db/README.md``) by one command, which also
records the hashes of its inputs in ``adverse-reactions.json``::

    python -m kg.extract.adverse benchmarks/data/spl-adr-200db/train.jsonl.gz

Features of a word: its lower-cased form, prefix and suffixes, shape, the words around it and the
pairs they make. A lexicon feature (whether a word lies in a reaction name of the training text) is
available to :func:`fit` but not used by the shipped model: in cross-validation by label it lowers
F1 from 0.835 to 0.797 (the model leans on names it has seen; docs/extraction.md). Tags are BIO; a
mention is a B word and the I words after it; a reaction marked once is marked wherever its words
recur in the document (:func:`propagate`).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.extract.text import Span, sentences, tokens

__all__ = [
    "MODEL_DIR",
    "AdverseReactionTagger",
    "Lexicon",
    "fit",
    "propagate",
    "sentence_features",
    "training_sequences",
]

MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_FILE = "adverse-reactions.crfsuite"
LEXICON_FILE = "adverse-reactions-lexicon.txt"
MANIFEST_FILE = "adverse-reactions.json"

#: CRFsuite training parameters (L-BFGS); c1 and c2 compared on one fold, within 0.01 of F1 (docs/extraction.md).
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}

_MAX_PHRASE = 8


def _shape(word: str) -> str:
    shape = re.sub(r"[A-Z]+", "A", re.sub(r"[a-z]+", "a", re.sub(r"[0-9]+", "0", word)))
    return shape[:6]


class Lexicon:
    """Reaction names as lower-cased word tuples, matched longest first."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = frozenset(t for t in (tuple(w.text.lower() for w in tokens(p)) for p in phrases) if t)

    def marks(self, words: Sequence[str]) -> list[str]:
        """B/I/O for each word: inside a lexicon phrase (longest match, left to right) or not."""
        lower = [w.lower() for w in words]
        out = ["O"] * len(words)
        i = 0
        while i < len(words):
            for n in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
                if tuple(lower[i : i + n]) in self.phrases:
                    out[i] = "B"
                    for k in range(i + 1, i + n):
                        out[k] = "I"
                    i += n
                    break
            else:
                i += 1
        return out


def sentence_features(words: Sequence[str], lexicon: Lexicon, sentence: str) -> list[list[str]]:
    """The CRF features of each word of one sentence."""
    marks = lexicon.marks(words)
    lower = [w.lower() for w in words]
    listy = "%" in sentence or sentence.count(",") >= 3
    feats: list[list[str]] = []
    for i, word in enumerate(words):
        w = lower[i]
        f = [
            "bias",
            "w=" + w,
            "p3=" + w[:3],
            "s3=" + w[-3:],
            "s4=" + w[-4:],
            "shape=" + _shape(word),
            "lex=" + marks[i],
        ]
        if word[:1].isupper():
            f.append("title")
        if word.isupper() and len(word) > 1:
            f.append("upper")
        if listy:
            f.append("listy")
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < len(words):
                f.append(f"w{d}={lower[j]}")
                f.append(f"lex{d}={marks[j]}")
            else:
                f.append(f"w{d}=<edge>")
        if i > 0:
            f.append(f"w-1|w={lower[i - 1]}|{w}")
        if i + 1 < len(words):
            f.append(f"w|w+1={w}|{lower[i + 1]}")
        feats.append(f)
    return feats


def _sentence_words(text: str) -> list[tuple[Span, list[Span]]]:
    return [(s, tokens(text, s.start, s.end)) for s in sentences(text)]


def training_sequences(
    text: str, spans: Iterable[tuple[int, int]], lexicon: Lexicon
) -> list[tuple[list[list[str]], list[str]]]:
    """(features, BIO tags) for each sentence of a text whose mentions are ``spans``."""
    starts: set[int] = set()
    inside: set[int] = set()
    for start, end in spans:
        starts.add(start)
        inside.update(range(start, end))
    out = []
    for sentence, words in _sentence_words(text):
        if not words:
            continue
        tags = ["B" if w.start in starts else ("I" if w.start in inside else "O") for w in words]
        out.append((sentence_features([w.text for w in words], lexicon, sentence.text), tags))
    return out


def fit(examples: Iterable[tuple[str, list[tuple[int, int]]]], lexicon_phrases: Iterable[str], out_dir: Path) -> Path:
    """Fit a model on (text, mention spans) pairs and write it to ``out_dir``, with its lexicon
    when ``lexicon_phrases`` holds any (the lexicon feature is then used)."""
    import pycrfsuite

    lexicon_list = sorted({p.lower() for p in lexicon_phrases if p.strip()})
    lexicon = Lexicon(lexicon_list)
    lexicon_file = out_dir / LEXICON_FILE
    trainer = pycrfsuite.Trainer(verbose=False)
    for text, spans in examples:
        for xseq, yseq in training_sequences(text, spans, lexicon):
            trainer.append(xseq, yseq)
    trainer.set_params(PARAMS)
    out_dir.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out_dir / MODEL_FILE))
    if lexicon_list:
        lexicon_file.write_text("\n".join(lexicon_list) + "\n", encoding="utf-8")
    else:
        lexicon_file.unlink(missing_ok=True)
    return out_dir / MODEL_FILE


@dataclass(frozen=True)
class _Loaded:
    tagger: object
    lexicon: Lexicon


class AdverseReactionTagger:
    """The fitted CRF (and its lexicon, if it was fitted with one), read from ``model_dir``
    (the shipped model by default)."""

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        import pycrfsuite

        model, lexicon = model_dir / MODEL_FILE, model_dir / LEXICON_FILE
        if not model.is_file():
            raise InputError(f"no adverse-reaction model in {model_dir} (fit one: python -m kg.extract.adverse)")
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model))
        self._lexicon = Lexicon(lexicon.read_text(encoding="utf-8").splitlines() if lexicon.is_file() else [])

    def spans(self, text: str, sentence_spans: Iterable[Span] | None = None) -> list[tuple[int, int]]:
        """The adverse-reaction mentions of ``text`` as (start, end) offsets."""
        found: list[tuple[int, int]] = []
        for sentence in sentences(text) if sentence_spans is None else sentence_spans:
            words = tokens(text, sentence.start, sentence.end)
            if not words:
                continue
            tags = self._tagger.tag(sentence_features([w.text for w in words], self._lexicon, sentence.text))
            begin: int | None = None
            end = 0
            for word, tag in zip(words, tags, strict=True):
                if tag == "B" or (tag == "I" and begin is None):
                    if begin is not None:
                        found.append((begin, end))
                    begin, end = word.start, word.end
                elif tag == "I":
                    end = word.end
                else:
                    if begin is not None:
                        found.append((begin, end))
                    begin = None
            if begin is not None:
                found.append((begin, end))
        return propagate(text, found)


def propagate(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Label consistency in one document: every other whole-word occurrence of a marked reaction is
    marked too (overlaps resolved longest first). Measured: +1 point of F1 (docs/extraction.md).

    >>> propagate("Rash and fever. No rash.", [(0, 4)])
    [(0, 4), (19, 23)]
    """
    found = set(spans)
    for name in {text[s:e].lower() for s, e in found}:
        pattern = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", re.IGNORECASE)
        found.update((m.start(), m.end()) for m in pattern.finditer(text))
    kept: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda span: (span[0] - span[1], span[0])):
        if all(end <= a or b <= start for a, b in kept):
            kept.append((start, end))
    return sorted(kept)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: Sequence[str]) -> int:
    """Fit the shipped model on a corpus file and record its inputs' hashes."""
    from kg.extract.corpus import mention_spans, read_corpus

    if len(argv) != 1:
        print("usage: python -m kg.extract.adverse CORPUS.jsonl[.gz]", file=sys.stderr)
        return 2
    corpus_path = Path(argv[0])
    corpus = read_corpus(corpus_path)
    fit(((s.text, mention_spans(s)) for s in corpus), [], MODEL_DIR)  # no lexicon feature (see above)
    manifest = {
        "command": "python -m kg.extract.adverse " + argv[0],
        "corpus": {"file": corpus_path.name, "sha256": _sha256(corpus_path), "sections": len(corpus)},
        "code": {name: _sha256(Path(__file__).parent / name) for name in ("adverse.py", "corpus.py", "text.py")},
        "params": PARAMS,
        "outputs": {MODEL_FILE: _sha256(MODEL_DIR / MODEL_FILE)},
    }
    (MODEL_DIR / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_DIR / MODEL_FILE} ({(MODEL_DIR / MODEL_FILE).stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
