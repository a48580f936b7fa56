"""One query interface (:class:`kg.query.service.QueryService`) for the embedded store and a remote
endpoint: one implementation of name resolution, parameter binding and the row cap, the limits of
:mod:`kg.query.limits`, and the same answers, names and errors from both (against a real server)."""

from __future__ import annotations

import inspect

import pyoxigraph as ox
import pytest
from hostile_text import INJECTION_NAME

from kg.errors import InputError
from kg.graph_facts import RDFS_LABEL
from kg.namespaces import DK
from kg.query.limits import DEFAULT_MAX_ROWS, DEFAULT_PUSH_TIMEOUT, DEFAULT_TIMEOUT
from kg.query.local import LocalStore
from kg.query.service import QueryService, ResultTooLarge
from kg.remote.endpoint import Endpoint
from kg.remote.server import free_port

SHARED = ("query", "query_text", "resolve_name", "bind_parameters", "check_options")
ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.mark.parametrize("service", [LocalStore, Endpoint])
def test_both_services_inherit_one_implementation(service: type[QueryService]) -> None:
    assert issubclass(service, QueryService)
    for name in SHARED:
        assert name in vars(QueryService) and name not in vars(service), name  # defined once, not overridden


def test_limits_come_from_the_limits_module() -> None:
    from kg.commands.query import register
    from kg.remote.push import push_graph_store, push_update

    for method in (QueryService.query, QueryService.query_text):
        parameters = inspect.signature(method).parameters
        assert (parameters["timeout"].default, parameters["max_rows"].default) == (DEFAULT_TIMEOUT, DEFAULT_MAX_ROWS)
    assert Endpoint("http://127.0.0.1:9/query").timeout == DEFAULT_TIMEOUT
    for push in (push_graph_store, push_update):
        assert inspect.signature(push).parameters["timeout"].default == DEFAULT_PUSH_TIMEOUT
    import argparse

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["query", "what-treats"])
    assert (args.timeout, args.max_rows) == (DEFAULT_TIMEOUT, DEFAULT_MAX_ROWS)


def test_an_endpoint_refuses_no_inferred_before_any_request() -> None:
    endpoint = Endpoint(f"http://127.0.0.1:{free_port()}/query")  # nothing listens there
    with pytest.raises(InputError, match="--no-inferred works on the embedded store only"):
        endpoint.query("is-antidepressant", {"drug": "Klonopin"}, inferred=False)


def test_an_ambiguous_name_is_one_line_error() -> None:
    store = ox.Store()
    graph = ox.NamedNode("https://example.org/g")
    for entity in ("https://example.org/a", "https://example.org/b"):
        store.add(ox.Quad(ox.NamedNode(entity), RDFS_LABEL, ox.Literal("twin"), graph))
    service = LocalStore(store)
    with pytest.raises(InputError, match="'Twin' is ambiguous") as raised:
        service.resolve_name("Twin")
    assert "\n" not in str(raised.value)
    assert service.resolve_name("nobody") is None
    with pytest.raises(InputError, match="ambiguous"):
        service.query_text("SELECT ?x WHERE { ?x ?p ?o }", {"x": "twin"})


# --- the same answers locally and remotely -----------------------------------------------------------------


@pytest.fixture(scope="module")
def services(pushed, local_store) -> tuple[QueryService, QueryService]:
    return local_store, Endpoint(pushed.query_url, dataset="all")  # own text, too, on the dataset pushed


@pytest.mark.server
def test_names_resolve_alike(services: tuple[QueryService, QueryService]) -> None:
    local, remote = services
    names = ["Klonopin", "clonazepam", "  CLONAZEPAM ", "SSRI", "alcohol", "dk:sertraline", "no such drug"]
    resolved = {name: local.resolve_name(name) for name in [*names, INJECTION_NAME]}
    assert {name: remote.resolve_name(name) for name in resolved} == resolved
    assert resolved["Klonopin"] == resolved["  CLONAZEPAM "] == "https://w3id.org/drugkg/entity/clonazepam"
    assert resolved["no such drug"] is None and resolved[INJECTION_NAME] is None


@pytest.mark.server
def test_a_name_is_looked_up_not_read_with_all_names(pushed, local_store: LocalStore) -> None:
    """An endpoint asks for the few names that may match (all names run to tens of thousands, and
    to many pages where a server caps its rows); a name that matches nothing still gets the close
    matches found among all names, as locally."""
    remote = Endpoint(pushed.query_url)
    assert remote.resolve_entity("klonopin") == remote.resolve_name("dk:clonazepam") == str(DK.clonazepam)
    assert remote.resolve_entity("selective serotonin reuptake inhibitor") == str(DK.ssri)
    assert remote._names is None  # no read of every name happened
    errors = []
    for service in (remote, local_store):
        with pytest.raises(InputError) as error:
            service.resolve_entity("klonopine")
        errors.append(str(error.value))
    assert errors[0] == errors[1] and errors[0].startswith("no entity named 'klonopine'; did you mean: klonopin")


@pytest.mark.server
@pytest.mark.parametrize("timeout", [DEFAULT_TIMEOUT, None])
def test_bound_parameters_answer_alike(services: tuple[QueryService, QueryService], timeout: float | None) -> None:
    text = "SELECT ?drug ?class WHERE { ?drug dkv:memberOf ?class }"
    answers = [service.query_text(text, {"drug": "Klonopin"}, timeout=timeout).display_rows() for service in services]
    assert answers[0] == answers[1]
    assert ("dk:clonazepam", "dk:benzodiazepine") in answers[0]
    assert {drug for drug, _ in answers[0]} == {"dk:clonazepam"}
    named = [service.query("is-antidepressant", {"drug": "SSRI"}, timeout=timeout) for service in services]
    expected = {("dk:ssri", "selective serotonin reuptake inhibitor", "yes")}
    assert named[0].display_rows() == named[1].display_rows() == expected


@pytest.mark.server
def test_the_row_cap_holds_alike(services: tuple[QueryService, QueryService], store: ox.Store) -> None:
    errors = []
    for service in services:
        with pytest.raises(ResultTooLarge) as raised:
            service.query_text(ALL_QUADS, max_rows=len(store) - 1)
        errors.append(str(raised.value))
        assert len(service.query_text(ALL_QUADS, max_rows=len(store)).rows) == len(store)
    assert (
        errors[0] == errors[1] == (f"the result has more than {len(store) - 1} rows; add a LIMIT or raise --max-rows")
    )


@pytest.mark.server
def test_binding_errors_read_alike(services: tuple[QueryService, QueryService]) -> None:
    messages = []
    for service in services:
        with pytest.raises(InputError) as raised:
            service.query("what-treats", {"nosuchvar": "1"})
        messages.append(str(raised.value))
    assert messages[0] == messages[1] == "the query has no variable ?nosuchvar to bind"
