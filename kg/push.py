"""Loading the built dataset into a remote SPARQL store.

Through the SPARQL 1.1 Graph Store HTTP Protocol each named graph is sent with ``PUT
?graph=IRI`` (provenance and inferred graphs included), replacing only the graphs we send; or,
with a target graph, the union of all graphs is flattened into that one graph. Servers without
the Graph Store Protocol get ``DROP SILENT GRAPH`` then ``INSERT DATA`` in chunks through SPARQL
Update. Terms are written by pyoxigraph in N-Triples syntax, never assembled from text.
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
from kg.remote import Credentials, EndpointError

__all__ = ["PushReport", "push_graph_store", "push_update"]

DEFAULT_CHUNK = 2000


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


def _opener(url: str, credentials: Credentials | None) -> urllib.request.OpenerDirector:
    if credentials is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, credentials.user, credentials.password)
    return urllib.request.build_opener(
        urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)
    )


def _send(opener: urllib.request.OpenerDirector, request: urllib.request.Request, timeout: float) -> None:
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        detail = " ".join(error.read().decode("utf-8", "replace").split())[:200]
        raise EndpointError(f"{request.full_url}: HTTP {error.code} {error.reason}: {detail}".rstrip(": ")) from None
    except urllib.error.URLError as error:
        reason = error.reason
        text = "connection refused" if isinstance(reason, ConnectionRefusedError) else str(reason)
        raise EndpointError(f"{request.full_url}: cannot reach the endpoint: {text}") from None
    except TimeoutError:
        raise EndpointError(f"{request.full_url}: no answer within {timeout:g} s") from None


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


def push_graph_store(
    store: ox.Store,
    endpoint: str,
    *,
    target: str | None = None,
    credentials: Credentials | None = None,
    timeout: float = 60.0,
) -> PushReport:
    """PUT every named graph (or the flattened union into ``target``) to a Graph Store endpoint."""
    target_node = _check_target(target)
    opener = _opener(endpoint, credentials)
    graphs = _graphs(store)
    headers = {"Content-Type": "application/n-triples"}
    if target_node is not None:
        union = sorted(set(_triples(store, None)), key=str)
        body = ox.serialize(union, format=ox.RdfFormat.N_TRIPLES)
        url = _with_param(endpoint, "graph", target_node.value)
        _send(opener, urllib.request.Request(url, data=body, method="PUT", headers=headers), timeout)
        return PushReport(len(union), len(graphs), target_node.value, "the Graph Store Protocol")
    total = 0
    for graph in track(graphs, "pushing graphs"):
        body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""  # written by the engine
        if isinstance(graph, ox.DefaultGraph):
            url = _with_param(endpoint, "default", None)
        elif isinstance(graph, ox.NamedNode):
            url = _with_param(endpoint, "graph", graph.value)
        else:
            raise InputError(f"a blank-node graph name ({graph}) cannot be addressed through the Graph Store Protocol")
        _send(opener, urllib.request.Request(url, data=body, method="PUT", headers=headers), timeout)
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


def _post_update(opener: urllib.request.OpenerDirector, url: str, update: str, timeout: float) -> None:
    body = urllib.parse.urlencode({"update": update}).encode("utf-8")
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    _send(opener, urllib.request.Request(url, data=body, method="POST", headers=headers), timeout)


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
    graphs = _graphs(store)
    plan: list[tuple[ox.NamedNode | ox.DefaultGraph, Iterable[ox.Triple]]]
    if target_node is not None:
        plan = [(target_node, sorted(set(_triples(store, None)), key=str))]
    else:
        named = [g for g in graphs if not isinstance(g, ox.BlankNode)]
        if len(named) != len(graphs):
            raise InputError("a blank-node graph name cannot be addressed through SPARQL Update")
        plan = [(g, _triples(store, g)) for g in named]  # type: ignore[misc]
    total = 0
    for graph, triples in track(plan, "pushing graphs"):
        if isinstance(graph, ox.NamedNode):
            _post_update(opener, update_url, f"DROP SILENT GRAPH {graph}", timeout)
        for chunk in _chunks(triples, chunk_size):
            lines = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in chunk)
            block = f"GRAPH {graph} {{\n{lines}\n}}" if isinstance(graph, ox.NamedNode) else lines
            _post_update(opener, update_url, f"INSERT DATA {{\n{block}\n}}", timeout)
            total += len(chunk)
    return PushReport(total, len(graphs), target_node.value if target_node else None, "SPARQL Update")
