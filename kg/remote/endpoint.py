"""Querying a remote SPARQL 1.1 endpoint through SPARQLWrapper, with the same results as locally.

:class:`Endpoint` is the :class:`~kg.query.service.QueryService` of a remote endpoint: the same
checks, name resolution (against the endpoint's own names) and limits as the embedded store.
Parameters travel as a ``VALUES`` block opening the WHERE group, written from RDF terms (see
:func:`kg.query.text.with_values`), never as text spliced into the query. A dropped connection is
retried once, and a server's passing failure (:func:`_transient`, HTTP 502-504) twice, after
:data:`RETRY_WAITS`; a timeout or a refused connection gives a one-line :class:`EndpointError`.

The named queries read the union of drugkg's graphs as their default graph, which a store gives
only if it is set up so. So they do not rely on it: the endpoint reads the manifest ``drugkg
push`` wrote (:mod:`kg.remote.manifest`; one small query, once per :class:`Endpoint`) and asks
for that dataset through the protocol, ``default-graph-uri`` and ``named-graph-uri`` for every
pushed graph, in a POST body (hundreds of graphs would not fit a URL): the same dataset on any
store, whatever its default graph. Other query text is sent as it is, unless ``dataset="all"``
asks for the same. (Not ``FROM``/``FROM NAMED`` in the text: ``oxigraph serve
--union-default-graph`` keeps the union as the default graph despite ``FROM``, while it honours
the protocol's parameters. Virtuoso echoes each of those as a response header, more than Python's
HTTP client accepts by default, so the cap on response headers is raised for them.)
"""

from __future__ import annotations

import ast
import getpass
import http.client
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import DrugKGError, InputError
from kg.graph_facts import Term
from kg.query.library import NamedQuery, is_library_query
from kg.query.limits import DEFAULT_TIMEOUT
from kg.query.results import QueryResult
from kg.query.service import QueryOptions, QueryService
from kg.query.text import (
    construct_as_select,
    has_order_by,
    mask,
    names_dataset,
    prefix_declarations,
    reads_named_graphs,
    with_values,
)
from kg.remote.manifest import Manifest, manifests_from_rows, manifests_query

if TYPE_CHECKING:
    from kg.analysis.names import NameIndex

__all__ = [
    "DATASET_CHOICES",
    "PASSWORD_ENV",
    "Credentials",
    "Endpoint",
    "EndpointError",
    "NoDataset",
    "challenge",
    "credentials_for",
    "unauthorized_message",
]

#: Environment variable holding the password for ``--user``.
PASSWORD_ENV = "DRUGKG_PASSWORD"

_NAMES_SELECT = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dkv: <https://w3id.org/drugkg/vocab/>
SELECT ?entity ?property ?name WHERE {
  VALUES ?property { rdfs:label skos:altLabel dkv:brandName skos:exactMatch }
  ?entity ?property ?name .
}
"""
#: The names that contain ``?needle`` in lower case (:func:`kg.analysis.names.name_needle`), and
#: the few not written in printable ASCII (their lower case may differ from the one matched here).
_NAMES_LIKE_SELECT = _NAMES_SELECT.replace(
    "?entity ?property ?name .",
    '?entity ?property ?name .\n  FILTER(CONTAINS(LCASE(STR(?name)), ?needle) || REGEX(STR(?name), "[^ -~]"))',
)
#: Which queries an :class:`Endpoint` runs on the dataset drugkg pushed: the named queries (and
#: quality checks) only; those and any text without ``FROM`` where the store holds one drugkg
#: manifest (``auto``, what ``drugkg query`` does); every query; none (sent with the drugkg
#: prefixes and parameters, on the store's own default graph); or none and the text untouched
#: (``raw``: no prefixes, no parameters).
DATASET_CHOICES = ("named", "auto", "all", "none", "raw")
#: The response header by which Virtuoso says it cut an answer at its ``ResultSetMaxRows``.
_MAX_ROWS_HEADER = "X-SPARQL-MaxRows"
#: Where the row cap of the one store known to cut answers is set.
ROW_CAP_SETTING = "Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini"
#: The most pages fetched for one answer cut at a server's row cap.
MAX_PAGES = 1000
_DROPPED = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, http.client.IncompleteRead)


class EndpointError(DrugKGError):
    """The endpoint is unreachable, too slow, or answered with an error."""


class NoDataset(EndpointError):
    """The store holds no manifest of a drugkg push (or not the one asked for, or several)."""


class _Cut(Exception):
    """The server cut its answer at ``rows`` rows (its own cap), and said so."""

    def __init__(self, rows: int, body: bytes, content_type: str) -> None:
        super().__init__(rows)
        self.rows, self.body, self.content_type = rows, body, content_type


@dataclass(frozen=True)
class Credentials:
    """A user name and password for HTTP Basic or Digest authentication.

    ``scheme`` is ``auto`` (answer the scheme the server's 401 challenge names), ``basic`` or ``digest``.
    """

    user: str
    password: str = field(repr=False)
    scheme: str = "auto"


def credentials_for(user: str | None, scheme: str = "auto") -> Credentials | None:
    """``--user NAME``: the password from ``$DRUGKG_PASSWORD``, else a terminal prompt."""
    if not user:
        return None
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise InputError(f"--user {user}: set the password in the environment variable {PASSWORD_ENV}")
        password = getpass.getpass(f"password for {user}: ")
    return Credentials(user, password, scheme)


def _without_query(url: str) -> str:
    return urllib.parse.urlsplit(url)._replace(query="", fragment="").geturl()


def unauthorized_message(url: str, credentials: Credentials | None) -> str:
    """The one line for a 401: never the password, only where to look."""
    where = _without_query(url)
    if credentials is None:
        return f"401 from {where}: access denied; give --user NAME and the password in ${PASSWORD_ENV}"
    scheme = f" (and --auth {credentials.scheme}, or leave it out)" if credentials.scheme != "auto" else ""
    return f"401 from {where}: check --user and the password variable {PASSWORD_ENV}{scheme}"


def challenge(url: str, timeout: float = 10.0) -> tuple[str, str | None] | None:
    """The scheme (``basic``/``digest``) and realm a server's 401 answer asks for; None if it asks none.

    One unauthenticated ``GET`` of ``url``: SPARQLWrapper must be told the scheme (and, for
    Digest, the realm) before it sends a query.
    """
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=timeout) as response:
            response.read()
        return None
    except urllib.error.HTTPError as error:
        headers = error.headers.get_all("WWW-Authenticate") or [] if error.code == 401 else []
    except (urllib.error.URLError, OSError) as error:
        if isinstance(getattr(error, "reason", error), TimeoutError):  # no second wait for the query
            raise EndpointError(f"{_without_query(url)}: no answer within {timeout:g} s") from None
        return None
    for header in headers:
        scheme = header.strip().split(" ", 1)[0].lower()
        if scheme in ("basic", "digest"):
            realm = re.search(r'realm="([^"]*)"', header, re.IGNORECASE)
            return scheme, realm.group(1) if realm else None
    return None


_UNKNOWN_SCHEME = "the server asks for an authentication scheme other than HTTP Basic or Digest"


def _reason(error: BaseException) -> str:
    reason = getattr(error, "reason", None) or error
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    text = " ".join(str(reason).split())
    return text[:300] or type(error).__name__


_EXPLANATIONS = {
    "QueryBadFormed": "the endpoint rejected the query as malformed",
    "EndPointNotFound": "no SPARQL endpoint at this URL (Oxigraph's is http://HOST:PORT/query)",
    "EndPointInternalError": "the endpoint failed while answering",
    "URITooLong": "the request is too long for the endpoint",
}


def _server_words(error: Exception) -> str:
    """The body of the answer a SPARQLWrapper error carries, as text on one line ("" when empty).

    SPARQLWrapper keeps it only in its message, as the ``repr`` of the bytes after "Response:".
    """
    message = str(error.args[0]) if error.args else ""
    if "Response:" not in message:
        return ""
    written = message.split("Response:", 1)[1].strip()
    try:
        body = ast.literal_eval(written)
    except (ValueError, SyntaxError):
        body = written
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    return " ".join(text.split())


#: Server words that name a limit of the server's own, and where that limit is set.
_SERVER_LIMITS = (
    ("estimated execution time", "Virtuoso: MaxQueryCostEstimationTime in the [SPARQL] section of virtuoso.ini"),
)


def _explain(error: Exception) -> str:
    """One line for a SPARQLWrapper error: what happened, then the server's own words (cut at 200
    characters) and, for a limit of the server's own, where it is set.

    >>> from SPARQLWrapper.SPARQLExceptions import EndPointInternalError
    >>> words = b"Error: estimated execution time 421 (sec) exceeds the limit"
    >>> print(_explain(EndPointInternalError(words)))  # doctest: +NORMALIZE_WHITESPACE
    the endpoint failed while answering: Error: estimated execution time 421 (sec) exceeds the limit (its own
    limit; Virtuoso: MaxQueryCostEstimationTime in the [SPARQL] section of virtuoso.ini)
    """
    what = _EXPLANATIONS.get(type(error).__name__, "the endpoint refused the query")
    words = _server_words(error)
    detail = words[:200]
    setting = next((where for said, where in _SERVER_LIMITS if said in words.lower()), None)
    if setting:
        detail += f" (its own limit; {setting})"
    return f"{what}: {detail}" if detail else what


# A server error worth asking again: HTTP 500 with no words, or a transaction rolled back (SQLSTATE
# class 40: Virtuoso's "SR325 ... Please retry transaction" while a checkpoint runs after a load, its
# deadlock SR172); the gateway and unavailable statuses.
_ROLLED_BACK = re.compile(r"\b40\d{3}\b")
_UNAVAILABLE = (502, 503, 504)
RETRY_WAITS = (0.5, 2.0)  # seconds before the second and the third attempt


def _transient(error: Exception) -> bool:
    """Whether a SPARQLWrapper error is a server's passing failure, not an answer about the query.

    >>> from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, QueryBadFormed
    >>> _transient(EndPointInternalError(b"")), _transient(EndPointInternalError(b"Virtuoso 40009 Error SR325"))
    (True, True)
    >>> _transient(EndPointInternalError(b"Virtuoso 37000 Error SP030: syntax")), _transient(QueryBadFormed(b""))
    (False, False)
    """
    if type(error).__name__ != "EndPointInternalError":
        return False
    words = _server_words(error)
    return not words or bool(_ROLLED_BACK.search(words))


class Endpoint(QueryService):
    """A SPARQL query endpoint (Oxigraph: ``http://HOST:PORT/query``).

    ``timeout`` bounds the requests made outside a query (the authentication challenge, the
    manifest, the names read for parameters); each query has its own (see :meth:`query`).
    ``dataset`` says which queries run on the dataset drugkg pushed (:data:`DATASET_CHOICES`:
    the named queries by default); ``manifest_graph`` names the graph of its manifest, needed
    only where a store holds several. Inferred facts cannot be told apart here:
    ``inferred=False`` is refused.
    """

    separates_inferred = False

    def __init__(
        self,
        url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        credentials: Credentials | None = None,
        dataset: str = "named",
        manifest_graph: str | None = None,
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise InputError(f"--endpoint {url!r}: expected an http:// or https:// URL")
        if dataset not in DATASET_CHOICES:
            raise ValueError(f"dataset must be one of {DATASET_CHOICES}, not {dataset!r}")
        if manifest_graph is not None:
            try:
                ox.NamedNode(manifest_graph)
            except ValueError as error:
                raise InputError(f"--dataset-graph {manifest_graph!r} is not an absolute IRI: {error}") from None
        super().__init__()
        self.url = url
        self.timeout = timeout
        self.credentials = credentials
        self.dataset = dataset
        self.manifest_graph = manifest_graph
        self._auth: tuple[str, str | None] | None = None
        self._manifest: Manifest | None = None
        self._looked_up: dict[str, NameIndex] = {}  # text -> the names that may match it

    def manifest(self) -> Manifest:
        """The manifest of the dataset drugkg pushed to this store (read once).

        Raises a one-line :class:`NoDataset` when the store holds none (or not in
        ``manifest_graph``), or several and ``manifest_graph`` does not choose.
        """
        if self._manifest is None:
            body, content_type = self._request(manifests_query(self.manifest_graph), "select", self.timeout)
            found = manifests_from_rows(_parse(body, content_type, "select", False).rows)
            where = _without_query(self.url)
            if self.manifest_graph is not None and not found:
                raise NoDataset(
                    f"no drugkg manifest in the graph <{self.manifest_graph}> at {where}: "
                    "check --dataset-graph (the IRI given to push --graph)"
                )
            if not found:
                raise NoDataset(
                    f"no drugkg dataset found at {where}: push it first (drugkg push), or pass --dataset-graph IRI, "
                    "or --no-dataset to query the store's own default graph"
                )
            if len(found) > 1:
                shown = ", ".join(f"<{manifest.iri}>" for manifest in found[:5])
                more = f" and {len(found) - 5} more" if len(found) > 5 else ""
                raise NoDataset(
                    f"{len(found)} drugkg datasets at {where} ({shown}{more}): choose one with --dataset-graph IRI"
                )
            if not found[0].complete:
                raise NoDataset(
                    f"the drugkg push into <{found[0].iri}> at {where} is incomplete (it was interrupted): "
                    "push again, or remove it with push --drop"
                )
            self._manifest = found[0]
        return self._manifest

    def _dataset_for(self, query: NamedQuery) -> Manifest | None:
        """The manifest whose dataset ``query`` runs on, or None to send it as it is.

        ``auto``: a named query always runs on it; other text without ``FROM``/``FROM NAMED``
        when the store holds one manifest (or the one of ``manifest_graph``); text naming its
        own dataset, or on a store without a manifest, goes as it is.
        """
        if self.dataset == "all" or (self.dataset in ("named", "auto") and is_library_query(query)):
            return self.manifest()
        if self.dataset != "auto" or names_dataset(query.text):
            return None
        try:
            return self.manifest()
        except NoDataset as error:
            if self.manifest_graph is not None or self._has_manifests():
                raise NoDataset(f"{error}; or --raw to send the query as it is") from None
            return None

    def _has_manifests(self) -> bool:
        """Whether the store holds any drugkg manifest (read again only after :meth:`manifest` found none)."""
        body, content_type = self._request(manifests_query(), "select", self.timeout)
        return bool(manifests_from_rows(_parse(body, content_type, "select", False).rows))

    def _scheme(self) -> tuple[str, str | None]:
        """The scheme and Digest realm to use with the credentials (asked of the server once for auto)."""
        if self._auth is None:
            assert self.credentials is not None
            scheme = self.credentials.scheme
            asked = challenge(self.url, self.timeout) if scheme != "basic" else None
            if scheme == "auto":
                scheme = asked[0] if asked else "basic"  # no challenge: send Basic, the common case
            realm = asked[1] if asked and asked[0] == "digest" else None
            self._auth = (scheme, realm)
        return self._auth

    def _request(
        self, text: str, form: str, timeout: float | None, dataset: Manifest | None = None, *, may_cut: bool = False
    ) -> tuple[bytes, str]:
        """Send one query (on ``dataset``, if given, through the protocol); the body and content type.

        An answer the server cut at its row cap raises :class:`_Cut` if ``may_cut`` (the caller
        fetches it in pages), else a one-line refusal.
        """
        from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

        client = SPARQLWrapper(self.url)
        client.setQuery(text)
        client.setMethod(POST)  # url-encoded: the query and the graphs travel in the body
        if dataset is not None:
            for graph in dataset.default_graphs:
                client.addParameter("default-graph-uri", graph)
            for graph in dataset.named_graphs:
                client.addParameter("named-graph-uri", graph)
            _allow_response_headers(len(dataset.default_graphs) + len(dataset.named_graphs))
        client.setReturnFormat(TURTLE if form == "graph" else JSON)
        if timeout is not None:
            client.setTimeout(max(1, round(timeout)))
        if self.credentials:
            scheme, realm = self._scheme()
            client.setHTTPAuth(scheme.upper())
            client.setCredentials(self.credentials.user, self.credentials.password, realm=realm or "SPARQL")
        # SPARQLWrapper installs a process-wide urllib opener for Digest; put the previous one back.
        previous = getattr(urllib.request, "_opener", None)
        try:
            return self._send(client, timeout)
        except _Cut as cut:
            if may_cut:
                raise
            raise EndpointError(_refusal(self.url, cut.rows)) from None
        finally:
            urllib.request.install_opener(previous)

    def _send(self, client: Any, timeout: float | None) -> tuple[bytes, str]:
        """The answer's body and content type; :class:`_Cut` when the server says it cut the answer."""
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException, Unauthorized

        dropped = 0
        for attempt in range(len(RETRY_WAITS) + 1):
            if attempt:
                time.sleep(RETRY_WAITS[attempt - 1])
            last = attempt == len(RETRY_WAITS)
            try:
                response = client.query().response
                cut = response.headers.get(_MAX_ROWS_HEADER)
                body, content_type = response.read(), response.headers.get("Content-Type", "")
                if cut:
                    try:
                        rows = int(cut)
                    except ValueError:
                        rows = 0
                    raise _Cut(rows, body, content_type)
                return body, content_type
            except Unauthorized:
                raise EndpointError(unauthorized_message(self.url, self.credentials)) from None
            except _DROPPED as error:
                dropped += 1
                if dropped == 2 or last:
                    times = " twice" if dropped == 2 else ""
                    raise EndpointError(f"{self.url}: the connection was dropped{times} ({_reason(error)})") from None
            except http.client.HTTPException as error:  # an answer the HTTP client cannot read
                raise EndpointError(f"{self.url}: an unreadable answer: {_reason(error)}") from None
            except SPARQLWrapperException as error:
                if _transient(error) and not last:
                    continue
                raise EndpointError(f"{self.url}: {_explain(error)}") from None
            except urllib.error.HTTPError as error:
                if error.code == 401:
                    raise EndpointError(unauthorized_message(self.url, self.credentials)) from None
                if error.code in _UNAVAILABLE and not last:
                    continue
                raise EndpointError(f"{self.url}: HTTP {error.code} {error.reason}") from None
            except ValueError:  # urllib's Digest handler met a challenge for a scheme it does not speak
                if self.credentials is None:
                    raise
                raise EndpointError(f"401 from {_without_query(self.url)}: {_UNKNOWN_SCHEME}") from None
            except urllib.error.URLError as error:
                if isinstance(error.reason, _DROPPED):
                    dropped += 1
                    if dropped == 1 and not last:
                        continue
                raise EndpointError(f"{self.url}: cannot reach the endpoint: {_reason(error)}") from None
            except TimeoutError:
                waited = f"no answer within {timeout:g} s" if timeout is not None else "timed out"
                raise EndpointError(f"{self.url}: {waited}") from None
            except OSError as error:
                raise EndpointError(f"{self.url}: {_reason(error)}") from None
        raise AssertionError("unreachable")

    def _name_store(self) -> ox.Store:
        """The endpoint's labels, synonyms, brand names and cross-references, read in one SELECT (in
        pages past a server's row cap; on the dataset drugkg pushed, unless ``dataset`` is ``none`` or
        ``raw``; where the store holds none and only the named queries use it, on the store's own
        default graph)."""
        store = ox.Store()
        store.extend(self._names_where(_NAMES_SELECT, {}))
        return store

    def _names_for(self, text: str) -> NameIndex:
        """The names that may match ``text``, looked up instead of reading them all: those holding
        its :func:`~kg.analysis.names.name_needle`, then every name of the entities that match and
        of the IRIs ``text`` may be (their labels, for messages). All names where ``text`` has no
        needle, or where they were read already."""
        from kg.analysis.names import NameIndex, iris_written, name_needle

        needle = name_needle(text)
        if needle is None or self._names is not None:
            return self._name_index()
        if text not in self._looked_up:
            store = ox.Store()
            store.extend(self._names_where(_NAMES_LIKE_SELECT, {"needle": ox.Literal(needle)}))
            try:
                entities = set(NameIndex(store).candidates(text)) | iris_written(text)
            except ValueError:  # text that cannot be an IRI names nothing (as resolve_name says)
                entities = set()
            for entity in sorted(entities):
                try:
                    node = ox.NamedNode(entity)
                except ValueError:
                    continue
                store.extend(self._names_where(_NAMES_SELECT, {"entity": node}))
            self._looked_up[text] = NameIndex(store)
        return self._looked_up[text]

    def _names_where(self, select: str, bindings: dict[str, Term]) -> list[ox.Quad]:
        """The (entity, name property, name) rows of ``select`` with ``bindings``, as quads (see
        :meth:`_name_store` for the dataset they are read on)."""
        manifest: Manifest | None = None
        if self.dataset not in ("none", "raw"):
            try:
                manifest = self.manifest()
            except NoDataset:
                if self.dataset == "all":
                    raise
                manifest = None  # the query itself says so if it needs the dataset
        options = QueryOptions(self.timeout, max_rows=10**9)
        found = self._fetch(with_values(select, bindings), "select", options, manifest, False)
        return [ox.Quad(*row) for row in found.rows if all(term is not None for term in row)]

    def _answer(self, query: NamedQuery, bindings: dict[str, Term], options: QueryOptions, form: str) -> QueryResult:
        """The query with its parameters as a ``VALUES`` block (and the dataset drugkg pushed, where
        it runs on that), sent to the endpoint; with ``raw``, the text as it is."""
        if self.dataset == "raw":
            return self._fetch(query.text, form, options, None, has_order_by(query.text))
        manifest = self._dataset_for(query)
        if manifest is not None:
            if names_dataset(query.text):
                raise InputError("the query names its own dataset (FROM): leave out the option that names drugkg's")
            if not manifest.keeps_named_graphs and reads_named_graphs(query.text):
                what = query.name if is_library_query(query) else "the query"
                raise EndpointError(
                    f"{what} reads named graphs, which the flattened push in <{manifest.iri}> does not keep: "
                    "push again without --flatten to answer it"
                )
        text = prefix_declarations(query.text) + with_values(query.text, bindings, form)
        as_select = construct_as_select(text) if form == "graph" else None
        if as_select is not None:  # fetched as rows (in pages past a row cap), built here
            prologue, template, select = as_select
            return _constructed(prologue, template, self._fetch(select, "select", options, manifest, False))
        return self._fetch(text, form, options, manifest, has_order_by(query.text))

    def _fetch(
        self, text: str, form: str, options: QueryOptions, manifest: Manifest | None, ordered: bool
    ) -> QueryResult:
        """Send ``text``; an answer the server cut at its row cap is fetched again in pages."""
        try:
            body, content_type = self._request(text, form, options.timeout, manifest, may_cut=True)
        except _Cut as cut:
            return self._pages(text, form, options, manifest, ordered, cut)
        return _parse(body, content_type, form, ordered)

    def _pages(
        self, text: str, form: str, options: QueryOptions, manifest: Manifest | None, ordered: bool, cut: _Cut
    ) -> QueryResult:
        """The whole answer of a SELECT the server cut at ``cut.rows`` rows, fetched page by page in a
        stable order (the query's own ORDER BY keys, then every variable) and joined.

        Anything else is refused with the setting to change: the server's rows would be silently cut.
        """
        where = _without_query(self.url)
        refusal = _refusal(self.url, cut.rows)
        if form != "select" or cut.rows < 1:
            raise EndpointError(refusal)
        first = _parse(cut.body, cut.content_type, form, ordered)
        paged = paged_query(text, first.variables, cut.rows)
        if paged is None:
            raise EndpointError(refusal)
        rows: list[tuple[Any, ...]] = []
        for page in range(MAX_PAGES):
            try:
                body, content_type = self._request(paged(page), form, options.timeout, manifest, may_cut=True)
            except NoDataset:
                raise
            except EndpointError as error:  # e.g. Virtuoso's MaxSortedTopRows under the query's own LIMIT
                raise EndpointError(f"{refusal} (fetching it in pages failed: {error})") from None
            except _Cut as again:  # a page of exactly the cap is announced as cut: it is whole
                if again.rows < cut.rows:
                    raise EndpointError(refusal) from None
                body, content_type = again.body, again.content_type
            found = _parse(body, content_type, form, ordered)
            if found.variables != first.variables:
                raise EndpointError(f"{where}: the pages of a long answer came back with other variables")
            rows.extend(found.rows)
            if len(found.rows) < cut.rows or len(rows) > options.max_rows:
                return QueryResult("select", variables=first.variables, rows=rows, ordered=ordered)
        raise EndpointError(refusal)


_BLANK_STAND_IN = "urn:drugkg:blank:"


def _constructed(prologue: str, template: str, solutions: QueryResult) -> QueryResult:
    """The triples of a CONSTRUCT: ``template`` applied to each row of ``solutions`` by the embedded
    engine (on an empty store, the rows as ``VALUES``), as a CONSTRUCT would (a fresh blank node per
    row for each of the template's, no triple where a variable is unbound or a term misplaced).

    >>> rows = QueryResult("select", variables=["d"], rows=[(ox.NamedNode("http://x/a"),), (None,)])
    >>> [str(t) for t in _constructed("", " ?d <http://x/p> 'b' ", rows).triples]
    ['<http://x/a> <http://x/p> "b"']
    """
    blanks: dict[str, ox.BlankNode] = {}

    def written(term: Any) -> str:
        if term is None:
            return "UNDEF"
        if isinstance(term, ox.BlankNode):  # VALUES cannot hold blank nodes: an IRI stands in
            blanks[_BLANK_STAND_IN + term.value] = term
            return f"<{_BLANK_STAND_IN}{term.value}>"
        return str(term)

    def back(term: Any) -> Any:
        return blanks.get(term.value, term) if isinstance(term, ox.NamedNode) else term

    names = " ".join(f"?{name}" for name in solutions.variables)
    engine = ox.Store()
    triples: dict[ox.Triple, None] = {}
    for start in range(0, max(len(solutions.rows), 1), 5000):
        rows = solutions.rows[start : start + 5000]
        values = " ".join("(" + " ".join(written(term) for term in row) + ")" for row in rows)
        answer = engine.query(f"{prologue}CONSTRUCT {{{template}}} WHERE {{ VALUES ({names}) {{ {values} }} }}")
        assert isinstance(answer, ox.QueryTriples)
        for triple in answer:
            triples[ox.Triple(back(triple.subject), back(triple.predicate), back(triple.object))] = None
    return QueryResult("graph", triples=list(triples))


def _refusal(url: str, rows: int) -> str:
    return (
        f"{_without_query(url)}: the endpoint cut the answer at {rows} rows (its own limit; {ROW_CAP_SETTING}): "
        "raise that limit, or ask for fewer rows"
    )


def paged_query(text: str, variables: list[str], size: int) -> Callable[[int], str] | None:
    """The SELECT ``text`` as a function of the page number: the query as a subquery, sorted (its own
    ORDER BY keys that are plain variables first, then every variable of the answer), then a
    window of ``size`` rows; None for text that cannot be wrapped so.

    The sort is in a subquery of its own and the window outside it: Virtuoso refuses to sort
    for a window that ends past its ``MaxSortedTopRows``, not a whole sort.

    >>> print(paged_query("PREFIX a: <http://a/>\\nSELECT ?x ?y { ?x a:p ?y } ORDER BY DESC(?y)", ["x", "y"], 10)(2))
    PREFIX a: <http://a/>
    SELECT * WHERE { { SELECT * WHERE { { SELECT ?x ?y { ?x a:p ?y } ORDER BY DESC(?y) } } ORDER BY DESC(?y) ?x } }
    OFFSET 20 LIMIT 10
    """
    masked = mask(text)
    prologue = _PROLOGUE.match(masked)
    end = prologue.end() if prologue else 0
    body = text[end:].strip()
    if not re.match(r"SELECT(?![\w:-])", masked[end:].lstrip(), re.IGNORECASE):
        return None
    keys = [(key, re.sub(r"^.*[?]|\W+$", "", key)) for key in _order_keys(masked)]
    keys = [(key, name) for key, name in keys if name in variables]
    keys += [(f"?{name}", name) for name in variables if name not in {used for _, used in keys}]
    head = text[:end]
    order = " ".join(key for key, _ in keys)

    def page(number: int) -> str:
        return (
            f"{head}SELECT * WHERE {{ {{ SELECT * WHERE {{ {{ {body} }} }} ORDER BY {order} }} }}\n"
            f"OFFSET {number * size} LIMIT {size}"
        )

    return page


_PROLOGUE = re.compile(r"(?:\s*(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>))*\s*", re.IGNORECASE)
_ORDER_CLAUSE = re.compile(
    r"ORDER\s+BY((?:\s*(?:(?:ASC|DESC)\s*\(\s*[?$]\w+\s*\)|[?$]\w+))+)\s*(?:LIMIT|OFFSET|$)", re.IGNORECASE
)


def _order_keys(masked: str) -> list[str]:
    """The keys of the query's last ORDER BY, where each is a plain variable (``?x``, ``DESC(?x)``)."""
    found = list(_ORDER_CLAUSE.finditer(masked.rstrip()))
    if not found:
        return []
    keys = re.findall(r"(?:ASC|DESC)\s*\(\s*[?$]\w+\s*\)|[?$]\w+", found[-1].group(1), re.IGNORECASE)
    return [re.sub(r"\s+", "", key).replace("$", "?") for key in keys]


def _allow_response_headers(graphs: int) -> None:
    """Let the HTTP client read an answer echoing each of ``graphs`` graphs as a header (Virtuoso does).

    Python's ``http.client`` refuses answers with more than 100 headers (its module-level
    ``_MAXHEADERS``); the cap only ever goes up here, so concurrent requests never lower it.
    """
    needed = 100 + graphs
    if getattr(http.client, "_MAXHEADERS", needed) < needed:
        setattr(http.client, "_MAXHEADERS", needed)  # noqa: B010 (a private module setting, read at each answer)


def _rdf_format(content_type: str) -> ox.RdfFormat:
    media = content_type.split(";")[0].strip() or "text/turtle"
    found = ox.RdfFormat.from_media_type(media)
    if found is None:
        raise EndpointError(f"the endpoint answered with {media!r}, not RDF")
    return found


def _parse(body: bytes, content_type: str, form: str, ordered: bool) -> QueryResult:
    try:
        if form == "graph":
            quads = ox.parse(body, format=_rdf_format(content_type))
            return QueryResult("graph", triples=[ox.Triple(q.subject, q.predicate, q.object) for q in quads])
        media = content_type.split(";")[0].strip() or "application/sparql-results+json"
        results_format = ox.QueryResultsFormat.from_media_type(media)
        if results_format is None:
            raise EndpointError(f"the endpoint answered with {media!r}, not SPARQL results")
        parsed = ox.parse_query_results(body, format=results_format)
        if isinstance(parsed, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(parsed))
        variables = [v.value for v in parsed.variables]
        rows = [tuple(solution[i] for i in range(len(variables))) for solution in parsed]
    except SyntaxError as error:
        raise EndpointError(f"the endpoint's answer does not parse: {error}") from None
    return QueryResult("select", variables=variables, rows=rows, ordered=ordered)
