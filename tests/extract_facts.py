"""The facts an extractor proposes for a text, as a set of rows, for the extraction tests."""

from __future__ import annotations

from kg.extract.extractor import Extractor
from kg.extract.text import Document

Facts = set[tuple[str, str, str, bool]]


def facts(extractor: Extractor, text: str, predicate: str | None = None) -> Facts:
    """(subject, predicate, object, negated) of every fact ``extractor`` finds in ``text``, of
    ``predicate`` only when given."""
    result = extractor.extract(Document("s.txt", text))
    return {
        (f.subject, f.predicate, f.object, f.negated)
        for f in result.facts
        if predicate is None or f.predicate == predicate
    }
