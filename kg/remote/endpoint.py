"""Querying a remote SPARQL 1.1 endpoint through SPARQLWrapper, with the same results as locally.

Parameters travel as a ``VALUES`` block opening the WHERE group, written from RDF terms (see
:func:`kg.query.text.with_values`), never as text spliced into the query. A dropped connection is
retried once; a timeout or a refused connection gives a one-line :class:`EndpointError`.
"""

from __future__ import annotations

import getpass
import http.client
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.errors import DrugKGError, InputError
from kg.query.library import NamedQuery, resolve_query
from kg.query.results import QueryResult
from kg.query.text import Term, has_order_by, prefix_declarations, query_form, with_values

__all__ = [
    "PASSWORD_ENV",
    "Credentials",
    "Endpoint",
    "EndpointError",
    "challenge",
    "credentials_for",
    "unauthorized_message",
]

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
        self._auth: tuple[str, str | None] | None = None

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

    def _request(self, text: str, form: str) -> tuple[bytes, str]:
        from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

        client = SPARQLWrapper(self.url)
        client.setQuery(text)
        client.setMethod(POST)
        client.setReturnFormat(TURTLE if form == "graph" else JSON)
        client.setTimeout(max(1, round(self.timeout)))
        if self.credentials:
            scheme, realm = self._scheme()
            client.setHTTPAuth(scheme.upper())
            client.setCredentials(self.credentials.user, self.credentials.password, realm=realm or "SPARQL")
        # SPARQLWrapper installs a process-wide urllib opener for Digest; put the previous one back.
        previous = getattr(urllib.request, "_opener", None)
        try:
            return self._send(client)
        finally:
            urllib.request.install_opener(previous)

    def _send(self, client: Any) -> tuple[bytes, str]:
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException, Unauthorized

        for attempt in (1, 2):
            try:
                response = client.query().response
                return response.read(), response.headers.get("Content-Type", "")
            except Unauthorized:
                raise EndpointError(unauthorized_message(self.url, self.credentials)) from None
            except _DROPPED as error:
                if attempt == 2:
                    raise EndpointError(f"{self.url}: the connection was dropped twice ({_reason(error)})") from None
            except SPARQLWrapperException as error:
                raise EndpointError(f"{self.url}: {_explain(error)}") from None
            except urllib.error.HTTPError as error:
                if error.code == 401:
                    raise EndpointError(unauthorized_message(self.url, self.credentials)) from None
                raise EndpointError(f"{self.url}: HTTP {error.code} {error.reason}") from None
            except ValueError:  # urllib's Digest handler met a challenge for a scheme it does not speak
                if self.credentials is None:
                    raise
                raise EndpointError(f"401 from {_without_query(self.url)}: {_UNKNOWN_SCHEME}") from None
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
        from kg.views.names import NameIndex

        if self._names is None:
            body, content_type = self._request(_NAMES_CONSTRUCT, "graph")
            store = ox.Store()
            try:
                store.load(body, format=_rdf_format(content_type))
            except SyntaxError as error:
                raise EndpointError(f"the endpoint's answer does not parse: {error}") from None
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
        from kg.query.local import ResultTooLarge, bind_parameters

        named = query if isinstance(query, NamedQuery) else resolve_query(query)
        query_form(named.text, allow_service=allow_service)
        bindings = bind_parameters(named, params, self.resolve_name)
        form = query_form(named.text, allow_service=allow_service, bindings=bindings)
        text = prefix_declarations(named.text) + with_values(named.text, bindings or {}, form)
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
        if isinstance(parsed, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(parsed))
        variables = [v.value for v in parsed.variables]
        rows = [tuple(solution[i] for i in range(len(variables))) for solution in parsed]
    except SyntaxError as error:
        raise EndpointError(f"the endpoint's answer does not parse: {error}") from None
    return QueryResult("select", variables=variables, rows=rows, ordered=ordered)
