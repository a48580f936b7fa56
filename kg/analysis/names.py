"""Resolving what a user types (a label, synonym, brand name, CURIE, IRI or external ID) to an IRI.

User text never reaches SPARQL: the names are read once from the engine's indexes and matched in Python.
A store opened from disk (:mod:`kg.stores`) comes with a table of its names written beside it when
it was made (:func:`write_name_table`), so a command looks one name up instead of reading them all.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.graph_facts import RDFS_LABEL, SKOS_ALT_LABEL, SKOS_CLOSE_MATCH, SKOS_EXACT_MATCH, GraphFacts, curie
from kg.namespaces import DK, DKV, expand_curie

__all__ = ["NAME_TABLE", "NameIndex", "Resolved", "iris_written", "name_needle", "normalise", "write_name_table"]

#: The file of the name table beside an on-disk store.
NAME_TABLE = "names.sqlite"

#: The predicates whose values name an entity, and what kind of name each gives.
_NAME_PREDICATES = (
    (RDFS_LABEL, "label"),
    (SKOS_ALT_LABEL, "synonym"),
    (ox.NamedNode(str(DKV.brandName)), "brand name"),
    (SKOS_EXACT_MATCH, "cross-reference"),
    # an ingredient id (a UNII, an NDF-RT ingredient) is a close match: it names the entity when
    # nothing matches better
    (SKOS_CLOSE_MATCH, "close cross-reference"),
)
_XREF_KINDS = ("cross-reference", "close cross-reference")
_ENTITIES = str(DK)

#: When one name matches an entity in several ways, the first kind here is reported.
_PRIORITY = ("IRI", "label", "brand name", "synonym", "cross-reference", "close cross-reference")


def normalise(text: str) -> str:
    """Case- and space-insensitive key for a name.

    >>> normalise("  Klonopin ")
    'klonopin'
    """
    return " ".join(text.split()).casefold()  # str.split() splits on what \s matches: Unicode whitespace


@dataclass(frozen=True)
class Resolved:
    """An entity a name resolved to, and how it matched."""

    iri: str
    label: str
    matched_by: str

    @property
    def curie(self) -> str:
        return curie(self.iri)


class NameIndex:
    """All names of all entities in a store, for exact and close matching.

    Entities are shown by the labels ``facts`` gives (a :class:`~kg.graph_facts.GraphFacts` of the
    store, made here unless the caller shares its own).

    >>> from kg.compile.pipeline import open_built_store
    >>> NameIndex(open_built_store()).resolve("Klonopin").curie
    'dk:clonazepam'
    """

    def __init__(self, store: ox.Store, facts: GraphFacts | None = None) -> None:
        from kg.stores import name_table_of

        self._store = store
        self._facts = facts or GraphFacts(store)
        self._table = name_table_of(store)
        self._connection: sqlite3.Connection | None = None
        self._by_key: dict[str, dict[str, str]] = {} if self._table is not None else self.keys_in(store)

    @classmethod
    def keys_in(cls, store: ox.Store) -> dict[str, dict[str, str]]:
        """Name key (:func:`normalise`) -> entity IRI -> how the key names it, for every name in ``store``."""
        by_key: dict[str, dict[str, str]] = {}
        for iri, name, kind in cls.names_in(store):
            keys = {normalise(name)}
            if kind in _XREF_KINDS:
                short = curie(name)
                keys = {normalise(short), normalise(short.split(":", 1)[-1]), normalise(name)}
            for key in keys:
                kinds = by_key.setdefault(key, {})
                if _PRIORITY.index(kind) < _PRIORITY.index(kinds.get(iri, _PRIORITY[-1])):
                    kinds[iri] = kind
                kinds.setdefault(iri, kind)
        return by_key

    def _db(self, table: Path) -> sqlite3.Connection:
        """The name table, opened once (read-only) for all lookups of this index."""
        if self._connection is None:
            self._connection = sqlite3.connect(f"file:{table}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        return self._connection

    def _named_by(self, key: str) -> dict[str, str]:
        if self._table is None:
            return dict(self._by_key.get(key, {}))
        rows = self._db(self._table).execute("SELECT iri, kind FROM names WHERE key = ?", (key,))
        return dict(rows.fetchall())

    def _all_keys(self) -> list[str]:
        if self._table is None:
            return list(self._by_key)
        return [key for (key,) in self._db(self._table).execute("SELECT DISTINCT key FROM names")]

    @staticmethod
    def names_in(store: ox.Store) -> set[tuple[str, str, str]]:
        """(entity IRI, name, kind) for every name in any graph, read from the engine's index of
        each name predicate (a SPARQL union over the four is twice as slow on a large store)."""
        found = set()
        for predicate, kind in _NAME_PREDICATES:
            for quad in store.quads_for_pattern(None, predicate, None, None):
                if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode | ox.Literal):
                    if kind in _XREF_KINDS and quad.object.value.startswith(_ENTITIES):
                        continue  # a match between two drugkg entities names neither
                    found.add((quad.subject.value, quad.object.value, kind))
        return found

    def _known_iri(self, iri: str) -> bool:
        try:
            node = ox.NamedNode(iri)
        except ValueError:  # not a valid IRI (spaces, brackets...): it names nothing
            return False
        return next(iter(self._store.quads_for_pattern(node, None, None, None)), None) is not None

    def candidates(self, text: str) -> dict[str, str]:
        """Entities whose name, CURIE or IRI is exactly ``text`` (case-insensitive)."""
        found = self._named_by(normalise(text))
        for candidate in iris_written(text):
            if self._known_iri(candidate):
                found.setdefault(candidate, "IRI")
        better = {iri: kind for iri, kind in found.items() if kind != "close cross-reference"}
        return better or found

    def close_matches(self, text: str, limit: int = 5) -> list[str]:
        """Names similar to ``text``, for "did you mean" messages."""
        import difflib

        return difflib.get_close_matches(normalise(text), self._all_keys(), n=limit, cutoff=0.6)

    def resolve(self, text: str) -> Resolved:
        """The one entity ``text`` names; a one-line :class:`InputError` if none or several."""
        if not text.strip():
            raise InputError("empty entity name")
        found = self.candidates(text)
        if len(found) == 1:
            ((iri, kind),) = found.items()
            return Resolved(iri, self._facts.label_of(iri), kind)
        shown = repr(text.strip())
        if not found:
            close = self.close_matches(text)
            hint = f"; did you mean: {', '.join(close)}?" if close else ""
            raise InputError(f"no entity named {shown}{hint}")
        names = ", ".join(
            f"{curie(iri)} ({self._facts.label_of(iri)}, by {kind})" for iri, kind in sorted(found.items())
        )
        raise InputError(f"{shown} is ambiguous: it names {names}; give a label or CURIE instead")


def iris_written(text: str) -> set[str]:
    """The IRIs ``text`` may be written as: itself (without angle brackets) or a CURIE expanded.

    >>> sorted(iris_written("dk:sertraline"))
    ['https://w3id.org/drugkg/entity/sertraline']
    >>> iris_written("sertraline")
    set()
    """
    iri = text.strip().removeprefix("<").removesuffix(">")
    expanded = expand_curie(iri) if ":" in iri and "://" not in iri else iri
    return {candidate for candidate in (expanded, iri) if candidate and "://" in candidate}


def name_needle(text: str) -> str | None:
    """A lower-case run of ASCII letters and digits that every name matching ``text`` contains (as
    its lower-case form, or as its IRI for a cross-reference), so a store can be asked for the few
    names that may match instead of all of them; None when ``text`` has no such run of 3 or more.

    The run is the longest of the text, or the last one of a CURIE or IRI (its local id).

    >>> name_needle("  Major depressive DISORDER ")
    'depressive'
    >>> name_needle("drugbank:DB00404"), name_needle("http://identifiers.org/drugbank/DB00404")
    ('db00404', 'db00404')
    >>> name_needle("5-HT"), name_needle("β")
    (None, None)
    """
    runs = re.findall(r"[a-z0-9]+", text.lower())
    if not runs:
        return None
    run = runs[-1] if ":" in text else max(runs, key=len)
    return run if len(run) >= 3 else None


def _rows(store: ox.Store) -> Iterator[tuple[str, str, str]]:
    for key, kinds in NameIndex.keys_in(store).items():
        for iri, kind in kinds.items():
            yield key, iri, kind


def write_name_table(store: ox.Store, path: Path) -> None:
    """Write the names of ``store`` (as :class:`NameIndex` reads them) into the table file ``path``."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("CREATE TABLE names (key TEXT NOT NULL, iri TEXT NOT NULL, kind TEXT NOT NULL)")
        db.executemany("INSERT INTO names VALUES (?, ?, ?)", _rows(store))
        db.execute("CREATE INDEX names_by_key ON names (key)")
    db.close()
