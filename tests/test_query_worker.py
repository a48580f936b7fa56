"""The query worker: one forked process per query, or one for a whole session, stopped at deadlines."""

from __future__ import annotations

import multiprocessing

import pyoxigraph as ox
import pytest

from kg.query.library import named_queries
from kg.query.local import LocalStore, QueryTimeout, ResultTooLarge

CARTESIAN = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _answers(dataset: LocalStore) -> dict[str, object]:
    answers: dict[str, object] = {}
    for query in named_queries():
        result = dataset.query(query)
        answers[query.name] = (result.form, result.variables, result.rows, result.triples, result.boolean)
    return answers


def test_a_session_gives_the_same_answers_as_one_worker_per_query(store: ox.Store) -> None:
    dataset = LocalStore(store)
    one_each = _answers(dataset)
    with dataset.session():
        assert _answers(dataset) == one_each
    assert {name for name, answer in one_each.items() if answer[2]} >= {"what-treats", "class-members"}


def test_a_session_forks_one_worker(store: ox.Store) -> None:
    dataset = LocalStore(store)
    with dataset.session():
        dataset.query("what-treats")
        worker = dataset._worker._process  # type: ignore[union-attr]
        dataset.query("class-members")
        dataset.query_text("ASK { ?s ?p ?o }")
        assert dataset._worker._process is worker and worker.is_alive()  # type: ignore[union-attr]
    assert dataset._worker is None
    worker.join(10)  # told to stop at the end of the session
    assert worker.exitcode == 0
    assert worker not in multiprocessing.active_children()


def test_a_session_goes_on_after_a_timeout_and_a_row_cap(store: ox.Store) -> None:
    dataset = LocalStore(store)
    expected = dataset.query("what-treats").rows
    with dataset.session():
        with pytest.raises(QueryTimeout):
            dataset.query_text(CARTESIAN, timeout=0.3, max_rows=10**9)
        assert dataset.query("what-treats").rows == expected  # a fresh worker
        with pytest.raises(ResultTooLarge):
            dataset.query_text(CARTESIAN, max_rows=50)
        assert dataset.query("what-treats").rows == expected  # frames still in step
        assert dataset.query_text("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3").rows != []


def test_a_session_sees_the_store_as_it_was(store: ox.Store) -> None:
    """Documented: the worker is a snapshot; changes show in the next session."""
    copy = ox.Store()
    copy.extend(store)
    dataset = LocalStore(copy)
    marker = ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p"), ox.Literal("new"))
    ask = "ASK { <https://example.org/a> ?p ?o }"
    with dataset.session():
        assert dataset.query_text(ask).boolean is False
        copy.add(marker)
        assert dataset.query_text(ask).boolean is False
    assert dataset.query_text(ask).boolean is True
