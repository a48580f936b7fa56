"""Loading the built dataset into a remote SPARQL store, with a manifest of what was pushed.

Through the SPARQL 1.1 Graph Store HTTP Protocol each named graph is sent with ``PUT
?graph=IRI`` (provenance and inferred graphs included), replacing only the graphs we send; then
the manifest (:mod:`kg.remote.manifest`) goes into its own graph, ``dkg:manifest`` or the
``graph`` given. With ``flatten``, every triple goes into that one graph instead, beside the
manifest. Virtuoso's Graph Store endpoints (``/sparql-graph-crud`` and
``/sparql-graph-crud-auth``) name the graph ``graph-uri`` instead, which is used for URLs ending
so (see :func:`graph_parameter`). Servers without the Graph Store Protocol get ``DROP SILENT
GRAPH`` then ``INSERT DATA`` in chunks through SPARQL Update. Terms are written by pyoxigraph in
N-Triples syntax, never assembled from text.

A push under a manifest graph replaces what an earlier push under the same manifest wrote: its
manifest is written first, marked incomplete and listing every graph the push may leave behind
(a push that fails half-way leaves that manifest, so queries say the push is incomplete rather
than answer from a mixture, and a later push or ``--drop`` finds what it wrote), and the graphs
the earlier manifest listed that this push does not send are dropped. Only graphs in drugkg's
namespace are ever dropped, whatever a manifest on the store lists. :func:`drop_graph_store` and
:func:`drop_update` remove a push: the graphs its manifest lists, then the manifest.

With credentials, HTTP Basic or Digest is answered as the server's 401 challenge asks (or only
the scheme given). A 401 on the first request stops the push before anything is written.
"""

from __future__ import annotations

import base64
import dataclasses
import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import InputError
from kg.namespaces import BASE
from kg.progress import task, track
from kg.query.limits import DEFAULT_PUSH_TIMEOUT
from kg.remote.endpoint import Credentials, EndpointError, unauthorized_message
from kg.remote.manifest import (
    DEFAULT_MANIFEST_GRAPH,
    FLATTENED,
    MANIFEST_CLASS,
    NAMED_GRAPHS,
    PUSH,
    UNKNOWN_BUILD,
    BuildStamp,
    Manifest,
    now,
)

__all__ = [
    "DropReport",
    "PushReport",
    "drop_graph_store",
    "drop_update",
    "graph_parameter",
    "push_graph_store",
    "push_update",
]

DEFAULT_CHUNK = 2000
#: Triples per request through the Graph Store Protocol (about 1 MB of N-Triples).
GRAPH_STORE_CHUNK = 10_000
#: Path endings of Virtuoso's Graph Store endpoints, which take ``graph-uri=IRI``.
VIRTUOSO_GRAPH_STORE = ("/sparql-graph-crud", "/sparql-graph-crud-auth")
#: Answers from a URL that does not speak the Graph Store Protocol.
_NO_GRAPH_STORE = (404, 405, 415, 501)
_READ_ONLY_SERVE = "drugkg serve --writable"


@dataclass(frozen=True)
class PushReport:
    """What a push sent: how many triples into how many graphs, how, and where its manifest is."""

    triples: int
    graphs: int
    target: str | None
    method: str
    manifest: str = DEFAULT_MANIFEST_GRAPH
    dropped: int = 0

    def __str__(self) -> str:
        earlier = f"; dropped {self.dropped} graphs of the earlier push there" if self.dropped else ""
        if self.target:
            return (
                f"flattened {self.triples} triples from {self.graphs} graphs into the one graph <{self.target}> "
                f"(replacing only that graph), with the manifest, via {self.method}{earlier}"
            )
        return (
            f"loaded {self.triples} triples into {self.graphs} named graphs (each replaced) via {self.method}, "
            f"with the manifest in <{self.manifest}>{earlier}"
        )


@dataclass(frozen=True)
class DropReport:
    """What a drop removed: the graphs a manifest listed (None: not known, through SPARQL Update)."""

    manifest: str
    graphs: int | None
    method: str

    def __str__(self) -> str:
        if self.graphs is None:
            return f"dropped the graphs listed by the manifest <{self.manifest}> (if any) and it via {self.method}"
        return (
            f"dropped {self.graphs} graphs listed by the manifest <{self.manifest}> and the manifest via {self.method}"
        )


def graph_parameter(endpoint: str) -> str:
    """The query parameter naming the graph: ``graph``, or Virtuoso's ``graph-uri``.

    >>> graph_parameter("http://127.0.0.1:7878/store")
    'graph'
    >>> graph_parameter("http://127.0.0.1:8890/sparql-graph-crud-auth")
    'graph-uri'
    """
    path = urllib.parse.urlsplit(endpoint).path.rstrip("/")
    return "graph-uri" if path.endswith(VIRTUOSO_GRAPH_STORE) else "graph"


class _Client:
    """Sends the requests of one push or drop, answering the server's authentication up front.

    urllib's own handlers send every request without credentials first and answer the 401 by
    sending it again; a server that refuses a large body before reading it (Virtuoso's Digest
    endpoints) then resets the connection while the body is still going out ("Broken pipe").
    Here the first request of a push is small (the manifest ``GET``): its 401 challenge settles
    the scheme, and every later request carries the ``Authorization`` header from the start
    (Basic; Digest with the server's nonce and a counted ``nc``). A Digest nonce the server has
    since retired (``stale``) is renewed by a small request before the next one.
    """

    def __init__(self, url: str, credentials: Credentials | None) -> None:
        self.credentials = credentials
        self._opener = urllib.request.build_opener()
        self._scheme: str | None = "basic" if credentials and credentials.scheme == "basic" else None
        self._challenge: dict[str, str] = {}
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        if credentials is not None:
            passwords.add_password(None, url, credentials.user, credentials.password)
        self._digest = urllib.request.HTTPDigestAuthHandler(passwords)

    def _authorize(self, request: urllib.request.Request) -> None:
        if self.credentials is None or self._scheme is None:
            return
        if self._scheme == "basic":
            pair = f"{self.credentials.user}:{self.credentials.password}".encode()
            header: str | None = "Basic " + base64.b64encode(pair).decode("ascii")
        else:
            answer = self._digest.get_authorization(request, self._challenge)
            header = f"Digest {answer}" if answer else None
        if header:
            request.add_unredirected_header("Authorization", header)

    def _settle(self, error: urllib.error.HTTPError) -> bool:
        """Learn the scheme (and Digest challenge) from a 401; whether the request is worth sending again."""
        assert self.credentials is not None
        allowed = ("basic", "digest") if self.credentials.scheme == "auto" else (self.credentials.scheme,)
        offered: dict[str, str] = {}
        for header in error.headers.get_all("WWW-Authenticate") or []:
            scheme, _, rest = header.strip().partition(" ")
            offered.setdefault(scheme.lower(), rest)
        usable = [scheme for scheme in ("digest", "basic") if scheme in allowed and scheme in offered]
        if not usable:
            raise ValueError("the server asks for another authentication scheme")  # see _send
        scheme = usable[0]
        challenge = urllib.request.parse_keqv_list(
            [part for part in urllib.request.parse_http_list(offered[scheme]) if part]
        )
        renewed = scheme == "digest" and (
            challenge.get("stale", "").lower() == "true" or challenge.get("nonce") != self._challenge.get("nonce")
        )
        first = self._scheme != scheme
        self._scheme, self._challenge = scheme, challenge if scheme == "digest" else {}
        return first or renewed

    def open(self, request: urllib.request.Request, timeout: float) -> Any:
        """Send ``request`` with the settled credentials; on a 401 that teaches something new, once more."""
        self._authorize(request)
        try:
            return self._opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            if error.code != 401 or self.credentials is None or not self._settle(error):
                raise
            error.close()
        self._authorize(request)
        return self._opener.open(request, timeout=timeout)

    def renew(self, url: str, timeout: float) -> None:
        """A small ``GET`` of ``url`` to renew the Digest challenge (after a request was cut off)."""
        if self._scheme != "digest":
            return
        try:
            self.open(urllib.request.Request(url, method="GET"), timeout).close()
        except urllib.error.HTTPError as error:
            error.close()
        except (urllib.error.URLError, OSError, ValueError):
            pass


def _opener(url: str, credentials: Credentials | None) -> _Client:
    return _Client(url, credentials)


@dataclass(frozen=True)
class _Target:
    """How requests are sent, and how to explain a failure."""

    credentials: Credentials | None
    graph_store: bool
    timeout: float

    @property
    def hint(self) -> str:
        if not self.graph_store:
            return ""
        return (
            "; this URL does not speak the Graph Store Protocol (Oxigraph: /store, Virtuoso: "
            "/sparql-graph-crud-auth): give the server's SPARQL Update URL with --update instead"
        )

    @property
    def refused(self) -> str:
        """Why a 403 came back, as far as is known."""
        if self.credentials is None:
            return (
                f"the server refuses writes (read-only; for drugkg serve: {_READ_ONLY_SERVE}; "
                "or it takes writes only from a user: --user NAME)"
            )
        return "the server refuses this user (check --user, and that the account may write)"


#: Attempts at each request whose connection is dropped (a chunk cut off is sent again).
ATTEMPTS = 3
#: Seconds before the second attempt (doubled before the third).
RETRY_PAUSE = 0.5


def _dropped(error: BaseException) -> bool:
    """Whether ``error`` is a connection cut off before a whole answer came (worth sending again)."""
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, ConnectionRefusedError):
        return False  # nothing listens: sending again will not help
    return isinstance(reason, (ConnectionError, http.client.RemoteDisconnected, http.client.IncompleteRead))


def _send(
    opener: _Client,
    request: urllib.request.Request,
    target: _Target,
    *,
    absent: tuple[int, ...] = (),
) -> tuple[bytes, str] | None:
    """Send one request; its body and content type, or None for an HTTP status in ``absent``.

    A dropped connection is retried (:data:`ATTEMPTS` in all, the Digest challenge renewed first):
    every request of a push is idempotent (a ``PUT`` of a graph, a ``POST`` adding triples
    already there, without blank nodes, changes nothing, a ``DELETE``).
    """
    where = urllib.parse.urlsplit(request.full_url)._replace(query="").geturl()
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _send_once(opener, request, target, where, absent)
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            if isinstance(error, urllib.error.HTTPError) or not _dropped(error):
                raise _failure(error, where, target) from None
            if attempt == ATTEMPTS:
                raise EndpointError(
                    f"{where}: the connection broke {ATTEMPTS} times ({_reason_text(error)}); nothing more was "
                    "sent, and what was written is listed in the manifest: push again to finish, or push --drop "
                    "to remove it"
                ) from None
            time.sleep(RETRY_PAUSE * attempt)
            opener.renew(where, target.timeout)
    raise AssertionError("unreachable")


def _send_once(
    opener: _Client, request: urllib.request.Request, target: _Target, where: str, absent: tuple[int, ...]
) -> tuple[bytes, str] | None:
    try:
        with opener.open(request, timeout=target.timeout) as response:
            return response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        if error.code in absent:
            return None
        if error.code == 401:
            raise EndpointError(unauthorized_message(where, target.credentials)) from None
        detail = " ".join(error.read().decode("utf-8", "replace").split())[:200]
        message = f"{where}: HTTP {error.code} {error.reason}"
        if error.code == 403:
            message += f": {target.refused}"
        elif error.code in _NO_GRAPH_STORE and target.graph_store:
            message += target.hint
        elif detail:
            message += f": {detail}"
        raise EndpointError(message) from None
    except ValueError:  # the server asks for a scheme other than the one(s) allowed
        if target.credentials is None:
            raise
        raise EndpointError(
            f"401 from {where}: the server asks for another authentication scheme than --auth "
            f"{target.credentials.scheme} (drugkg speaks HTTP Basic and Digest)"
        ) from None


def _reason_text(error: BaseException) -> str:
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    return " ".join(str(reason).split()) or type(reason).__name__


def _failure(error: BaseException, where: str, target: _Target) -> EndpointError:
    """The one-line error for a request that got no answer."""
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, TimeoutError):
        return EndpointError(f"{where}: no answer within {target.timeout:g} s{target.hint}")
    text = "connection refused" if isinstance(reason, ConnectionRefusedError) else _reason_text(error)
    return EndpointError(f"{where}: cannot reach the endpoint: {text}")


def _ours(graph: str) -> bool:
    """Whether ``graph`` is in drugkg's namespace: the only graphs a drop ever deletes, whatever a
    manifest on the store lists."""
    return graph.startswith(BASE)


def _with_param(url: str, key: str, value: str | None) -> str:
    separator = "&" if urllib.parse.urlparse(url).query else "?"
    return url + separator + (urllib.parse.urlencode({key: value}) if value is not None else key)


def _triples(store: ox.Store, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None) -> Iterator[ox.Triple]:
    for quad in store.quads_for_pattern(None, None, None, graph):
        yield ox.Triple(quad.subject, quad.predicate, quad.object)


def _graphs(store: ox.Store) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
    graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = sorted(store.named_graphs(), key=str)
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        graphs.insert(0, ox.DefaultGraph())
    return graphs


def _manifest_node(graph: str | None) -> ox.NamedNode:
    try:
        return ox.NamedNode(graph or DEFAULT_MANIFEST_GRAPH)
    except ValueError as error:
        raise InputError(f"--graph {graph!r} is not an absolute IRI: {error}") from None


def _plan(
    store: ox.Store, manifest_node: ox.NamedNode, flatten: bool, stamp: BuildStamp
) -> tuple[int, list[ox.NamedNode], Manifest]:
    """How many graphs ``store`` has, its named graphs (checked: addressable, none named like the
    manifest, nothing outside them unless flattened), and the manifest of the push."""
    graphs = _graphs(store)
    if any(isinstance(graph, ox.BlankNode) for graph in graphs):
        raise InputError("a blank-node graph name cannot be addressed on a server (Graph Store Protocol or Update)")
    named = [graph for graph in graphs if isinstance(graph, ox.NamedNode)]
    if not flatten and manifest_node in named:
        raise InputError(f"--graph <{manifest_node.value}> is a graph of the dataset itself; choose another IRI")
    if not flatten and len(named) != len(graphs):
        raise InputError("the dataset has triples outside any named graph: push it with --flatten --graph IRI")
    names = (manifest_node.value,) if flatten else tuple(graph.value for graph in named)
    manifest = Manifest(manifest_node.value, FLATTENED if flatten else NAMED_GRAPHS, names, now(), stamp)
    return len(graphs), named, manifest


def _ntriples(triples: Iterable[ox.Triple]) -> bytes:
    return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""


def _manifest_triples(manifest: Manifest) -> list[ox.Triple]:
    return [ox.Triple(quad.subject, quad.predicate, quad.object) for quad in manifest.quads()]


def _read_manifest(
    opener: _Client,
    endpoint: str,
    parameter: str,
    node: ox.NamedNode,
    target: _Target,
    *,
    lenient: bool = False,
) -> Manifest | None:
    """The manifest in graph ``node`` on a Graph Store (one ``GET``), or None if there is none.

    ``lenient``: a URL that answers the ``GET`` as no Graph Store would (400, 405, 415, 501) holds
    no manifest either (the ``PUT`` that follows says what is wrong with it).
    """
    url = _with_param(endpoint, parameter, node.value)
    headers = {"Accept": "application/n-triples, text/turtle;q=0.9"}
    absent = (400, *_NO_GRAPH_STORE) if lenient else (404,)
    answer = _send(opener, urllib.request.Request(url, method="GET", headers=headers), target, absent=absent)
    if answer is None or not answer[0].strip():
        return None
    body, content_type = answer
    media = content_type.split(";")[0].strip()
    found = ox.RdfFormat.from_media_type(media) if media else None
    try:
        quads = list(ox.parse(body, format=found or ox.RdfFormat.TURTLE))
    except SyntaxError:
        return None  # not RDF we read: no manifest of ours
    return Manifest.from_quads(node.value, quads)


def _delete_graph(opener: _Client, endpoint: str, parameter: str, graph: str, target: _Target) -> None:
    url = _with_param(endpoint, parameter, graph)
    _send(opener, urllib.request.Request(url, method="DELETE"), target, absent=(404,))


def _put(opener: _Client, url: str, body: bytes, target: _Target, *, method: str = "PUT") -> None:
    headers = {"Content-Type": "application/n-triples"}
    _send(opener, urllib.request.Request(url, data=body, method=method, headers=headers), target)


def _has_blank_nodes(triples: list[ox.Triple]) -> bool:
    return any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples)


def _put_in_chunks(
    opener: _Client,
    url: str,
    triples: list[ox.Triple],
    target: _Target,
    chunk_size: int,
    advance: Callable[[float], None],
    extra: bytes = b"",
) -> None:
    """Replace the graph at ``url`` by ``triples`` (and the N-Triples ``extra``): the first chunk of
    at most ``chunk_size`` triples with ``PUT``, each next one added with ``POST``.

    A graph with blank nodes goes whole in one ``PUT`` (a blank node's label means one node only
    within one request).
    """
    if _has_blank_nodes(triples):
        chunk_size = max(len(triples), 1)
    chunks = list(_chunks(triples, chunk_size)) or [[]]
    for index, chunk in enumerate(chunks):
        body = _ntriples(chunk) + (extra if index == len(chunks) - 1 else b"")
        _put(opener, url, body, target, method="PUT" if index == 0 else "POST")
        advance(len(chunk))


def push_graph_store(
    store: ox.Store,
    endpoint: str,
    *,
    graph: str | None = None,
    flatten: bool = False,
    credentials: Credentials | None = None,
    timeout: float = DEFAULT_PUSH_TIMEOUT,
    graph_param: str | None = None,
    stamp: BuildStamp = UNKNOWN_BUILD,
    chunk_size: int = GRAPH_STORE_CHUNK,
) -> PushReport:
    """PUT every named graph, then the manifest into ``graph`` (default ``dkg:manifest``); with
    ``flatten``, PUT every triple and the manifest into the one ``graph``.

    ``graph_param`` names the graph's query parameter; by default :func:`graph_parameter` of the URL.
    A graph of more than ``chunk_size`` triples is sent in chunks (the first ``PUT``, the next ``POST``).
    """
    if flatten and not graph:
        raise InputError("--flatten needs --graph IRI: the one graph to put everything in")
    node = _manifest_node(graph)
    count, named, manifest = _plan(store, node, flatten, stamp)
    opener = _opener(endpoint, credentials)
    sending = _Target(credentials, True, timeout)
    parameter = graph_param or graph_parameter(endpoint)
    earlier = _read_manifest(opener, endpoint, parameter, node, sending, lenient=True)  # a 401 stops here
    if not flatten:  # first the manifest, marked incomplete, of everything this push may leave behind
        every = tuple(sorted(set(manifest.graphs) | set(_stale(earlier, manifest))))
        pending = dataclasses.replace(manifest, graphs=every, complete=False)
        _put(opener, _with_param(endpoint, parameter, node.value), _ntriples(_manifest_triples(pending)), sending)
    manifest_lines = _ntriples(_manifest_triples(manifest))
    if flatten:
        plan = [(node, sorted(set(_triples(store, None)), key=str))]
    else:
        plan = [(name, list(_triples(store, name))) for name in named]
    total = sum(len(triples) for _, triples in plan)
    with task("pushing triples", total=total) as advance:
        for name, triples in plan:
            url, extra = _with_param(endpoint, parameter, name.value), manifest_lines if flatten else b""
            _put_in_chunks(opener, url, triples, sending, chunk_size, advance, extra)
    stale = _stale(earlier, manifest)
    for old in stale:
        _delete_graph(opener, endpoint, parameter, old, sending)
    if not flatten:
        _put(opener, _with_param(endpoint, parameter, node.value), manifest_lines, sending)
    target = node.value if flatten else None
    return PushReport(total, count, target, "the Graph Store Protocol", node.value, len(stale))


def _stale(earlier: Manifest | None, manifest: Manifest) -> list[str]:
    """The graphs an earlier push under the same manifest listed that this one does not send."""
    if earlier is None:
        return []
    return sorted(name for name in set(earlier.graphs) - set(manifest.graphs) - {manifest.iri} if _ours(name))


def drop_graph_store(
    endpoint: str,
    *,
    graph: str | None = None,
    credentials: Credentials | None = None,
    timeout: float = DEFAULT_PUSH_TIMEOUT,
    graph_param: str | None = None,
) -> DropReport:
    """Remove what a push wrote: every graph its manifest in ``graph`` lists, then the manifest."""
    node = _manifest_node(graph)
    opener = _opener(endpoint, credentials)
    sending = _Target(credentials, True, timeout)
    parameter = graph_param or graph_parameter(endpoint)
    manifest = _read_manifest(opener, endpoint, parameter, node, sending)
    if manifest is None:
        raise InputError(f"no drugkg manifest in the graph <{node.value}> at {endpoint}: nothing dropped")
    listed = [name for name in manifest.graphs if name != node.value and _ours(name)]
    for name in track(listed, "dropping graphs"):
        _delete_graph(opener, endpoint, parameter, name, sending)
    _delete_graph(opener, endpoint, parameter, node.value, sending)
    return DropReport(node.value, len(listed), "the Graph Store Protocol")


def _chunks(triples: Iterable[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    chunk: list[ox.Triple] = []
    for triple in triples:
        chunk.append(triple)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _post_update(opener: _Client, url: str, update: str, target: _Target) -> None:
    body = urllib.parse.urlencode({"update": update}).encode("utf-8")
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    _send(opener, urllib.request.Request(url, data=body, method="POST", headers=headers), target)


def _drop_listed(node: ox.NamedNode, keep: Iterable[str]) -> str:
    """SPARQL Update emptying every graph the manifest in ``node`` lists, but those in ``keep``."""
    kept = ", ".join(str(ox.NamedNode(name)) for name in keep)
    keep_filter = f"\n  FILTER (?g NOT IN ({kept}))" if kept else ""
    ours = ox.Literal(BASE)
    return (
        "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE {\n"
        f"  GRAPH {node} {{ {node} a {MANIFEST_CLASS} ; <{PUSH}graph> ?g }}{keep_filter}\n"
        f"  FILTER (isIRI(?g) && STRSTARTS(STR(?g), {ours}))\n"
        "  GRAPH ?g { ?s ?p ?o }\n"
        "}"
    )


def _drop_manifest(node: ox.NamedNode) -> str:
    """SPARQL Update emptying the graph ``node`` if it holds a manifest (never another graph)."""
    return (
        f"DELETE {{ GRAPH {node} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {node} {{ {node} a {MANIFEST_CLASS} . ?s ?p ?o }} }}"
    )


def _insert_data(graph: ox.NamedNode, triples: list[ox.Triple]) -> str:
    lines = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    return f"INSERT DATA {{\nGRAPH {graph} {{\n{lines}\n}}\n}}"


def push_update(
    store: ox.Store,
    update_url: str,
    *,
    graph: str | None = None,
    flatten: bool = False,
    credentials: Credentials | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    timeout: float = DEFAULT_PUSH_TIMEOUT,
    stamp: BuildStamp = UNKNOWN_BUILD,
) -> PushReport:
    """Replace each graph through SPARQL Update (DROP SILENT, then INSERT DATA in chunks), then the
    manifest; with ``flatten``, every triple and the manifest into the one ``graph``.

    The first request drops what an earlier push under the same manifest listed and this one does
    not send, and the earlier manifest.
    """
    if flatten and not graph:
        raise InputError("--flatten needs --graph IRI: the one graph to put everything in")
    node = _manifest_node(graph)
    count, named, manifest = _plan(store, node, flatten, stamp)
    opener = _opener(update_url, credentials)
    sending = _Target(credentials, False, timeout)
    first = f"{_drop_listed(node, manifest.graphs)} ;\n{_drop_manifest(node)}"
    if not flatten:  # and the manifest, marked incomplete, of what this push writes
        pending = dataclasses.replace(manifest, complete=False)
        first += " ;\n" + _insert_data(node, _manifest_triples(pending))
    _post_update(opener, update_url, first, sending)  # a 401 stops here, before any write
    plan: list[tuple[ox.NamedNode, Iterable[ox.Triple]]]
    if flatten:
        plan = [(node, sorted(set(_triples(store, None)), key=str))]
    else:
        plan = [(name, _triples(store, name)) for name in named]
    total = 0
    for name, triples in track(plan, "pushing graphs"):
        _post_update(opener, update_url, f"DROP SILENT GRAPH {name}", sending)
        for chunk in _chunks(triples, chunk_size):
            _post_update(opener, update_url, _insert_data(name, chunk), sending)
            total += len(chunk)
    final = _insert_data(node, _manifest_triples(manifest))
    _post_update(opener, update_url, final if flatten else f"{_drop_manifest(node)} ;\n{final}", sending)
    target = node.value if flatten else None
    return PushReport(total, count, target, "SPARQL Update", node.value)


def drop_update(
    update_url: str,
    *,
    graph: str | None = None,
    credentials: Credentials | None = None,
    timeout: float = DEFAULT_PUSH_TIMEOUT,
) -> DropReport:
    """Remove what a push wrote through SPARQL Update: every graph its manifest lists, then the manifest.

    One request, evaluated by the server; it cannot tell whether there was a manifest.
    """
    node = _manifest_node(graph)
    opener = _opener(update_url, credentials)
    update = f"{_drop_listed(node, ())} ;\n{_drop_manifest(node)}"
    _post_update(opener, update_url, update, _Target(credentials, False, timeout))
    return DropReport(node.value, None, "SPARQL Update")
