"""What the embedded store and a remote endpoint both offer: one way to ask a query.

A :class:`QueryService` runs a named query, a query file, SPARQL text or a
:class:`~kg.query.library.NamedQuery`, read-only, with the same checks everywhere: SPARQL Update
and (unless allowed) SERVICE are refused, parameters are read as RDF terms with entity names
resolved against the service's own labels, synonyms, brands and cross-references, and the
limits come from :mod:`kg.query.limits`. :class:`kg.query.local.LocalStore` (the embedded store)
and :class:`kg.remote.endpoint.Endpoint` (a SPARQL endpoint) implement only how a checked query
with its bound parameters is answered, and where the names are read from.

>>> import pyoxigraph as ox
>>> from kg.namespaces import DK, DKG
>>> from kg.graph_facts import RDFS_LABEL
>>> from kg.query.local import LocalStore
>>> store, drug = ox.Store(), ox.NamedNode(str(DK.clonazepam))
>>> store.add(ox.Quad(drug, RDFS_LABEL, ox.Literal("clonazepam"), ox.NamedNode(str(DKG.example))))
>>> service: QueryService = LocalStore(store)
>>> service.resolve_name("Clonazepam")
'https://w3id.org/drugkg/entity/clonazepam'
>>> service.query_text("SELECT ?drug ?label WHERE { ?drug rdfs:label ?label }", {"drug": "clonazepam"}).display_rows()
{('dk:clonazepam', 'clonazepam')}
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import DrugKGError, InputError
from kg.graph_facts import Term
from kg.query.library import NamedQuery, from_text, is_library_query, resolve_query
from kg.query.limits import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT
from kg.query.results import QueryResult
from kg.query.text import mentions_variable, parse_term, query_form

if TYPE_CHECKING:
    from kg.analysis.names import NameIndex

__all__ = ["QueryOptions", "QueryService", "ResultTooLarge", "bind_parameters", "entity_parameters", "too_large"]


class ResultTooLarge(DrugKGError):
    """A result has more rows than allowed."""


def too_large(max_rows: int) -> ResultTooLarge:
    """The one-line error of a result past its row cap."""
    return ResultTooLarge(f"the result has more than {max_rows} rows; add a LIMIT or raise --max-rows")


def entity_parameters(query: NamedQuery) -> set[str]:
    """The parameters a query's header declares for entities: every declared parameter whose
    default is not a literal (``?drug (default dk:clonazepam)``, ``?class (optional)``).

    A parameter with a literal default (``?scope (default "drugs")``) stays a literal, and SPARQL
    text without a header declares none.

    >>> sorted(entity_parameters(from_text('# Parameters: ?drug (default dk:x), ?n (default 5), ?c (optional)')))
    ['c', 'drug']
    """
    return {
        name
        for name, default in query.parameters.items()
        if default is None or not isinstance(parse_term(default), ox.Literal)
    }


def bind_parameters(
    query: NamedQuery,
    params: Mapping[str, str | Term] | None,
    names: Callable[[str], str | None] | None = None,
    entities: Callable[[str], str] | None = None,
) -> dict[str, Term]:
    """The query's defaults overridden by ``params``, each value read as an RDF term.

    Every parameter must name a variable of the query; strings are read by
    :func:`kg.query.text.parse_term` (names of entities resolved through ``names``). A value the
    user gives for an entity parameter (:func:`entity_parameters`) is resolved by ``entities``
    instead, which raises a one-line error for a name that names no entity, or several.
    """
    raw: dict[str, str | Term] = dict(query.defaults)
    raw.update(params or {})
    declared = entity_parameters(query)
    literals = set(query.parameters) - declared  # declared with a literal default: never a name
    bound: dict[str, Term] = {}
    for name, value in raw.items():
        if not mentions_variable(query.text, name):
            raise InputError(f"the query has no variable ?{name} to bind")
        if not isinstance(value, str):
            bound[name] = value
        elif name in literals:
            bound[name] = parse_term(value)
        elif entities is not None and name in declared and name in (params or {}):
            try:
                bound[name] = _entity_term(value, entities)
            except InputError as error:
                raise InputError(f"?{name}: {error}") from None
        else:
            bound[name] = parse_term(value, names)
    return bound


def _entity_term(value: str, entities: Callable[[str], str]) -> Term:
    """An entity parameter's value: a quoted literal as written, an IRI or CURIE the graph's names
    know as that entity (a cross-reference such as ``CHEBI:3756`` gives the drug), an IRI or CURIE
    as written, else a name resolved strictly (``Klonopin``)."""
    term = parse_term(value)
    if value.strip().startswith('"') and isinstance(term, ox.Literal):
        return term  # the user quoted a literal on purpose
    if isinstance(term, ox.NamedNode):
        try:
            return ox.NamedNode(entities(value))
        except InputError:
            return term  # an IRI the names do not know (or know twice) is used as written
    return ox.NamedNode(entities(value))


@dataclass(frozen=True)
class QueryOptions:
    """How one query runs: its deadline in seconds (None: none), its row cap, whether it may call
    other endpoints (SERVICE), and whether it sees the inferred facts."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    allow_service: bool = False
    inferred: bool = True


class QueryService(abc.ABC):
    """A read-only SPARQL service: the embedded store or a remote endpoint (see the module docstring).

    Queries see the union of all named graphs as their default graph.
    """

    #: Whether the service can leave the graphs of inferred facts out (``inferred=False``).
    separates_inferred: bool = True

    def __init__(self) -> None:
        self._names: NameIndex | None = None

    @abc.abstractmethod
    def _name_store(self) -> ox.Store:
        """A store holding the names of the service's entities (read once, for :meth:`resolve_name`)."""

    @abc.abstractmethod
    def _answer(self, query: NamedQuery, bindings: dict[str, Term], options: QueryOptions, form: str) -> QueryResult:
        """Answer a query already checked, of the :func:`~kg.query.text.query_form` ``form``, with its
        parameters bound (at most ``max_rows + 1`` rows)."""

    @classmethod
    def check_options(cls, *, inferred: bool = True) -> None:
        """Refuse options this kind of service cannot honour (before anything is read or sent)."""
        if not inferred and not cls.separates_inferred:
            raise InputError("--no-inferred works on the embedded store only, not with --endpoint")

    def resolve_name(self, text: str) -> str | None:
        """The IRI of the one entity named ``text`` (label, synonym, brand, xref), else None.

        Raises :class:`InputError` (one line) when the name is ambiguous.
        """
        names = self._names_for(text)
        try:
            found = names.candidates(text)
        except ValueError:  # text that cannot be an IRI names nothing
            return None
        if len(found) > 1:
            names.resolve(text)  # raises the one-line "ambiguous" error
        return next(iter(found), None)

    def resolve_entity(self, text: str) -> str:
        """The IRI of the one entity ``text`` names (label, synonym, brand, CURIE, IRI, external id),
        as ``info`` and ``check`` resolve it; a one-line :class:`InputError` with close matches for an
        unknown name, or with the candidates for an ambiguous one."""
        names = self._names_for(text)
        try:
            found = names.candidates(text)
        except ValueError:
            found = {}
        if not found:  # the close matches of a name nobody has are found among all names
            names = self._name_index()
        return names.resolve(text).iri

    def _names_for(self, text: str) -> NameIndex:
        """The names that may match ``text``: all names (read once), unless the service can look
        the few that may match up (:meth:`kg.remote.endpoint.Endpoint._names_for`)."""
        return self._name_index()

    def _name_index(self) -> NameIndex:
        from kg.analysis.names import NameIndex

        if self._names is None:
            self._names = NameIndex(self._name_store())
        return self._names

    def bind_parameters(self, query: NamedQuery, params: Mapping[str, str | Term] | None) -> dict[str, Term]:
        """:func:`bind_parameters` with entity names resolved against this service: strictly for
        the entity parameters a named query declares, leniently (else a literal) for the others."""
        return bind_parameters(query, params, self.resolve_name, self.resolve_entity)

    def query(
        self,
        query: str | NamedQuery,
        params: Mapping[str, str | Term] | None = None,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_rows: int = DEFAULT_MAX_ROWS,
        allow_service: bool = False,
        inferred: bool = True,
    ) -> QueryResult:
        """Run a named query, a query file, SPARQL text or a :class:`NamedQuery`.

        ``params`` bind variables (strings are read as terms; see :func:`kg.query.text.parse_term`).
        With ``inferred=False`` the graphs of inferred facts are left out of the dataset. ``timeout``
        is in seconds (None: no limit). Raises :class:`InputError` for Update, syntax errors and
        unknown names, :class:`~kg.query.worker.QueryTimeout` (locally) or
        :class:`~kg.remote.endpoint.EndpointError` (remotely) past ``timeout``, and
        :class:`ResultTooLarge` past ``max_rows``.
        """
        self.check_options(inferred=inferred)
        named = query if isinstance(query, NamedQuery) else resolve_query(query)
        trusted = is_library_query(named)
        form = query_form(named.text, allow_service=allow_service, timeout=timeout, trusted=trusted)  # before names
        bindings = self.bind_parameters(named, params)
        if bindings:  # each parameter must be a variable the query returns (a VALUES block would not say)
            query_form(named.text, allow_service=allow_service, bindings=bindings, timeout=timeout, trusted=trusted)
        result = self._answer(named, bindings, QueryOptions(timeout, max_rows, allow_service, inferred), form)
        if len(result.rows) > max_rows or len(result.triples) > max_rows:
            raise too_large(max_rows)
        return result

    def query_text(
        self,
        text: str,
        params: Mapping[str, str | Term] | None = None,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_rows: int = DEFAULT_MAX_ROWS,
        allow_service: bool = False,
        inferred: bool = True,
    ) -> QueryResult:
        """Run SPARQL text (never looked up as a file or name), as :meth:`query` does."""
        return self.query(
            from_text(text),
            params,
            timeout=timeout,
            max_rows=max_rows,
            allow_service=allow_service,
            inferred=inferred,
        )
