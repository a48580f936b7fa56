"""Querying a remote SPARQL 1.1 endpoint through SPARQLWrapper, with the same results as locally.

Parameters travel as a trailing ``VALUES`` block written from RDF terms (see
:func:`kg.sparql.values_clause`), never as text spliced into the query. A dropped connection is
retried once; a timeout or a refused connection gives a one-line :class:`EndpointError`.
"""

from __future__ import annotations

import getpass
import http.client
import os
import sys
import urllib.error
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import DrugKGError, InputError
from kg.queries import NamedQuery, resolve_query
from kg.results import QueryResult
from kg.sparql import Term, has_order_by, prefix_declarations, query_form, values_clause

__all__ = ["PASSWORD_ENV", "Credentials", "Endpoint", "EndpointError", "credentials_for"]

#: Environment variable holding the password for ``--user``.
PASSWORD_ENV = "DRUGKG_PASSWORD"

_NAMES_CONSTRUCT = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dkv: <https://w3id.org/drugkg/vocab/>
CONSTRUCT { ?entity ?property ?name } WHERE {
  VALUES ?property { rdfs:label skos:altLabel dkv:brandName skos:exactMatch }
  ?entity ?property ?name .
}
"""
_DROPPED = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, http.client.IncompleteRead)


class EndpointError(DrugKGError):
    """The endpoint is unreachable, too slow, or answered with an error."""


@dataclass(frozen=True)
class Credentials:
    """A user name and password for HTTP Basic or Digest authentication."""

    user: str
    password: str
    scheme: str = "basic"


def credentials_for(user: str | None, scheme: str = "basic") -> Credentials | None:
    """``--user NAME``: the password from ``$DRUGKG_PASSWORD``, else a terminal prompt."""
    if not user:
        return None
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise InputError(f"--user {user}: set the password in the environment variable {PASSWORD_ENV}")
        password = getpass.getpass(f"password for {user}: ")
    return Credentials(user, password, scheme)


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
    "Unauthorized": "access denied (check --user, --auth and $" + PASSWORD_ENV + ")",
    "EndPointNotFound": "no SPARQL endpoint at this URL (Oxigraph's is http://HOST:PORT/query)",
    "EndPointInternalError": "the endpoint failed while answering",
    "URITooLong": "the request is too long for the endpoint",
}


def _explain(error: Exception) -> str:
    """One line for a SPARQLWrapper error: what happened, then the server's own words."""
    what = _EXPLANATIONS.get(type(error).__name__, "the endpoint refused the query")
    message = " ".join(str(getattr(error, "msg", "") or "").split())
    detail = message.split("Response:", 1)[1].strip()[:200] if "Response:" in message else ""
    return f"{what}: {detail}" if detail else what


class Endpoint:
    """A SPARQL query endpoint (Oxigraph: ``http://HOST:PORT/query``)."""

    def __init__(self, url: str, *, timeout: float = 30.0, credentials: Credentials | None = None) -> None:
        if not url.startswith(("http://", "https://")):
            raise InputError(f"--endpoint {url!r}: expected an http:// or https:// URL")
        self.url = url
        self.timeout = timeout
        self.credentials = credentials
        self._names: Any = None

    def _request(self, text: str, form: str) -> tuple[bytes, str]:
        from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        client = SPARQLWrapper(self.url)
        client.setQuery(text)
        client.setMethod(POST)
        client.setReturnFormat(TURTLE if form == "graph" else JSON)
        client.setTimeout(max(1, round(self.timeout)))
        if self.credentials:
            client.setHTTPAuth(self.credentials.scheme.upper())
            client.setCredentials(self.credentials.user, self.credentials.password)
        for attempt in (1, 2):
            try:
                response = client.query().response
                return response.read(), response.headers.get("Content-Type", "")
            except _DROPPED as error:
                if attempt == 2:
                    raise EndpointError(f"{self.url}: the connection was dropped twice ({_reason(error)})") from None
            except SPARQLWrapperException as error:
                raise EndpointError(f"{self.url}: {_explain(error)}") from None
            except urllib.error.HTTPError as error:
                raise EndpointError(f"{self.url}: HTTP {error.code} {error.reason}") from None
            except urllib.error.URLError as error:
                if isinstance(error.reason, _DROPPED) and attempt == 1:
                    continue
                raise EndpointError(f"{self.url}: cannot reach the endpoint: {_reason(error)}") from None
            except TimeoutError:
                raise EndpointError(f"{self.url}: no answer within {self.timeout:g} s") from None
            except OSError as error:
                raise EndpointError(f"{self.url}: {_reason(error)}") from None
        raise AssertionError("unreachable")

    def resolve_name(self, text: str) -> str | None:
        """Entity names resolved against the endpoint's own labels, synonyms and cross-references."""
        from kg.names import NameIndex

        if self._names is None:
            body, content_type = self._request(_NAMES_CONSTRUCT, "graph")
            store = ox.Store()
            store.load(body, format=_rdf_format(content_type))
            self._names = NameIndex(store)
        try:
            found = self._names.candidates(text)
        except ValueError:  # text that cannot be an IRI names nothing
            return None
        if len(found) > 1:
            self._names.resolve(text)
        return next(iter(found), None)

    def query(
        self,
        query: str | NamedQuery,
        params: Mapping[str, str | Term] | None = None,
        *,
        max_rows: int = 100_000,
        allow_service: bool = False,
    ) -> QueryResult:
        """Run a named query, file or SPARQL text on the endpoint; the same checks as locally."""
        from kg.store import ResultTooLarge, bind_parameters

        named = query if isinstance(query, NamedQuery) else resolve_query(query)
        query_form(named.text, allow_service=allow_service)
        bindings = bind_parameters(named, params, self.resolve_name)
        form = query_form(named.text, allow_service=allow_service, bindings=bindings)
        text = prefix_declarations(named.text) + named.text
        if bindings:
            text += "\n" + values_clause(bindings) + "\n"
        body, content_type = self._request(text, form)
        result = _parse(body, content_type, form, has_order_by(named.text))
        if len(result.rows) > max_rows or len(result.triples) > max_rows:
            raise ResultTooLarge(f"the result has more than {max_rows} rows; add a LIMIT or raise --max-rows")
        return result


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
    except SyntaxError as error:
        raise EndpointError(f"the endpoint's answer does not parse: {error}") from None
    if isinstance(parsed, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(parsed))
    variables = [v.value for v in parsed.variables]
    rows = [tuple(solution[i] for i in range(len(variables))) for solution in parsed]
    return QueryResult("select", variables=variables, rows=rows, ordered=ordered)
