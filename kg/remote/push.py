"""Loading the built dataset into a remote SPARQL store.

Through the SPARQL 1.1 Graph Store HTTP Protocol each named graph is sent with ``PUT
?graph=IRI`` (provenance and inferred graphs included), replacing only the graphs we send; or,
with a target graph, the union of all graphs is flattened into that one graph. Virtuoso's Graph
Store endpoints (``/sparql-graph-crud`` and ``/sparql-graph-crud-auth``) name the graph
``graph-uri`` instead, which is used for URLs ending so (see :func:`graph_parameter`). Servers
without the Graph Store Protocol get ``DROP SILENT GRAPH`` then ``INSERT DATA`` in chunks through
SPARQL Update. Terms are written by pyoxigraph in N-Triples syntax, never assembled from text.

With credentials, HTTP Basic or Digest is answered as the server's 401 challenge asks (or only
the scheme given). A 401 on the first request stops the push before anything is written.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import InputError
from kg.progress import track
from kg.remote.endpoint import Credentials, EndpointError, unauthorized_message

__all__ = ["PushReport", "graph_parameter", "push_graph_store", "push_update"]

DEFAULT_CHUNK = 2000
#: Path endings of Virtuoso's Graph Store endpoints, which take ``graph-uri=IRI``.
VIRTUOSO_GRAPH_STORE = ("/sparql-graph-crud", "/sparql-graph-crud-auth")
#: Answers from a URL that does not speak the Graph Store Protocol.
_NO_GRAPH_STORE = (404, 405, 415, 501)


@dataclass(frozen=True)
class PushReport:
    """What a push sent: how many triples into how many graphs, and how."""

    triples: int
    graphs: int
    target: str | None
    method: str

    def __str__(self) -> str:
        if self.target:
            return (
                f"flattened {self.triples} triples from {self.graphs} graphs into the one graph <{self.target}> "
                f"(replacing only that graph) via {self.method}"
            )
        return f"loaded {self.triples} triples into {self.graphs} named graphs (each replaced) via {self.method}"


def graph_parameter(endpoint: str) -> str:
    """The query parameter naming the graph: ``graph``, or Virtuoso's ``graph-uri``.

    >>> graph_parameter("http://127.0.0.1:7878/store")
    'graph'
    >>> graph_parameter("http://127.0.0.1:8890/sparql-graph-crud-auth")
    'graph-uri'
    """
    path = urllib.parse.urlsplit(endpoint).path.rstrip("/")
    return "graph-uri" if path.endswith(VIRTUOSO_GRAPH_STORE) else "graph"


def _opener(url: str, credentials: Credentials | None) -> urllib.request.OpenerDirector:
    if credentials is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, credentials.user, credentials.password)
    handlers: list[urllib.request.BaseHandler] = []
    if credentials.scheme in ("auto", "digest"):
        handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
    if credentials.scheme in ("auto", "basic"):
        handlers.append(urllib.request.HTTPBasicAuthHandler(passwords))
    return urllib.request.build_opener(*handlers)


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


def _send(opener: urllib.request.OpenerDirector, request: urllib.request.Request, target: _Target) -> None:
    where = urllib.parse.urlsplit(request.full_url)._replace(query="").geturl()
    try:
        with opener.open(request, timeout=target.timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        if error.code == 401:
            raise EndpointError(unauthorized_message(where, target.credentials)) from None
        detail = " ".join(error.read().decode("utf-8", "replace").split())[:200]
        message = f"{where}: HTTP {error.code} {error.reason}"
        if error.code == 403:
            message += ": the server refuses this user (check --user, and that the account may write)"
        elif error.code in _NO_GRAPH_STORE and target.graph_store:
            message += target.hint
        elif detail:
            message += f": {detail}"
        raise EndpointError(message) from None
    except ValueError:  # urllib's auth handlers met a scheme other than the one(s) allowed
        if target.credentials is None:
            raise
        raise EndpointError(
            f"401 from {where}: the server asks for another authentication scheme than --auth "
            f"{target.credentials.scheme} (drugkg speaks HTTP Basic and Digest)"
        ) from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise EndpointError(f"{where}: no answer within {target.timeout:g} s{target.hint}") from None
        text = "connection refused" if isinstance(reason, ConnectionRefusedError) else str(reason)
        raise EndpointError(f"{where}: cannot reach the endpoint: {text}") from None
    except TimeoutError:
        raise EndpointError(f"{where}: no answer within {target.timeout:g} s{target.hint}") from None


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


def _check_target(target: str | None) -> ox.NamedNode | None:
    if target is None:
        return None
    try:
        return ox.NamedNode(target)
    except ValueError as error:
        raise InputError(f"--graph {target!r} is not an absolute IRI: {error}") from None


_DISTINCT_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


def push_graph_store(
    store: ox.Store,
    endpoint: str,
    *,
    target: str | None = None,
    credentials: Credentials | None = None,
    timeout: float = 60.0,
    graph_param: str | None = None,
) -> PushReport:
    """PUT every named graph (or the flattened union into ``target``) to a Graph Store endpoint.

    ``graph_param`` names the graph's query parameter; by default :func:`graph_parameter` of the URL.
    """
    target_node = _check_target(target)
    opener = _opener(endpoint, credentials)
    sending = _Target(credentials, True, timeout)
    graphs = _graphs(store)
    headers = {"Content-Type": "application/n-triples"}
    parameter = graph_param or graph_parameter(endpoint)
    if target_node is not None:
        # the distinct triples of all graphs, written by the engine (a set of Python triples took
        # seconds for the graph with the open datasets)
        union = store.query(_DISTINCT_TRIPLES, use_default_graph_as_union=True)
        assert isinstance(union, ox.QueryTriples)
        body = union.serialize(format=ox.RdfFormat.N_TRIPLES) or b""
        url = _with_param(endpoint, parameter, target_node.value)
        _send(opener, urllib.request.Request(url, data=body, method="PUT", headers=headers), sending)
        return PushReport(body.count(b"\n"), len(graphs), target_node.value, "the Graph Store Protocol")
    total = 0
    for graph in track(graphs, "pushing graphs"):
        body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""  # written by the engine
        if isinstance(graph, ox.DefaultGraph):
            url = _with_param(endpoint, "default", None)
        elif isinstance(graph, ox.NamedNode):
            url = _with_param(endpoint, parameter, graph.value)
        else:
            raise InputError(f"a blank-node graph name ({graph}) cannot be addressed through the Graph Store Protocol")
        _send(opener, urllib.request.Request(url, data=body, method="PUT", headers=headers), sending)
        total += body.count(b"\n")  # one line per triple (N-Triples escapes line breaks)
    return PushReport(total, len(graphs), None, "the Graph Store Protocol")


def _chunks(triples: Iterable[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    chunk: list[ox.Triple] = []
    for triple in triples:
        chunk.append(triple)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _post_update(opener: urllib.request.OpenerDirector, url: str, update: str, target: _Target) -> None:
    body = urllib.parse.urlencode({"update": update}).encode("utf-8")
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    _send(opener, urllib.request.Request(url, data=body, method="POST", headers=headers), target)


def push_update(
    store: ox.Store,
    update_url: str,
    *,
    target: str | None = None,
    credentials: Credentials | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    timeout: float = 60.0,
) -> PushReport:
    """Replace each graph (or ``target``) through SPARQL Update: DROP SILENT, then INSERT DATA in chunks."""
    target_node = _check_target(target)
    opener = _opener(update_url, credentials)
    sending = _Target(credentials, False, timeout)
    graphs = _graphs(store)
    plan: list[tuple[ox.NamedNode | ox.DefaultGraph, Iterable[ox.Triple]]]
    if target_node is not None:
        union = store.query(_DISTINCT_TRIPLES, use_default_graph_as_union=True)
        assert isinstance(union, ox.QueryTriples)
        plan = [(target_node, union)]
    else:
        named = [g for g in graphs if not isinstance(g, ox.BlankNode)]
        if len(named) != len(graphs):
            raise InputError("a blank-node graph name cannot be addressed through SPARQL Update")
        plan = [(g, _triples(store, g)) for g in named]  # type: ignore[misc]
    total = 0
    for graph, triples in track(plan, "pushing graphs"):
        if isinstance(graph, ox.NamedNode):
            _post_update(opener, update_url, f"DROP SILENT GRAPH {graph}", sending)
        for chunk in _chunks(triples, chunk_size):
            lines = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in chunk)
            block = f"GRAPH {graph} {{\n{lines}\n}}" if isinstance(graph, ox.NamedNode) else lines
            _post_update(opener, update_url, f"INSERT DATA {{\n{block}\n}}", sending)
            total += len(chunk)
    return PushReport(total, len(graphs), target_node.value if target_node else None, "SPARQL Update")
