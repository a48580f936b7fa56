"""``drugkg query`` and the Python query API: forms, formats, parameters bound as values,
read-only refusal, syntax errors with positions, timeouts and result bounds."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest
import rdflib
from cli_assertions import assert_one_line_error
from hostile_text import VALUES_NAMING_NOTHING

from kg.errors import InputError

DATA = Path(__file__).parent / "data"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_named_query_as_table(cli) -> None:
    result = cli("query", "is-antidepressant")
    assert result.code == 0
    assert result.out.splitlines() == [
        "drug           drugLabel   answer",
        "-------------  ----------  -----------",
        "dk:clonazepam  clonazepam  no (stated)",
    ]


def test_query_file_and_text_give_the_same_rows(cli, tmp_path: Path) -> None:
    text = "SELECT ?class WHERE { dk:clonazepam dkv:memberOf ?class }"
    path = tmp_path / "classes.rq"
    path.write_text(text, encoding="utf-8")
    from_text, from_file = cli("query", text, "-f", "csv"), cli("query", str(path), "-f", "csv")
    assert from_text.out == from_file.out
    rows = list(csv.reader(io.StringIO(from_text.out)))
    assert rows[0] == ["class"]
    assert {r[0] for r in rows[1:]} == {
        "https://w3id.org/drugkg/entity/benzodiazepine",
        "https://w3id.org/drugkg/entity/cns-depressant",
        "https://w3id.org/drugkg/entity/sedative-hypnotic",  # benzodiazepines are a kind of it (inferred)
    }


def test_one_line_of_sparql_longer_than_a_file_name_is_a_query(cli) -> None:
    """Trap: a line of text over 255 bytes was tried as a file name ("File name too long")."""
    text = (
        "SELECT ?class WHERE { dk:clonazepam dkv:memberOf ?class "
        + " ".join(f"FILTER (STRLEN(STR(?class)) > {n})" for n in range(12))
        + " }"
    )
    assert "\n" not in text and len(text.encode()) > 255
    result = cli("query", text, "-f", "csv")
    assert result.code == 0, result.err
    assert set(result.out.splitlines()[1:]) == {
        "https://w3id.org/drugkg/entity/benzodiazepine",
        "https://w3id.org/drugkg/entity/cns-depressant",
        "https://w3id.org/drugkg/entity/sedative-hypnotic",  # benzodiazepines are a kind of it (inferred)
    }


def test_json_is_w3c_sparql_results(cli) -> None:
    result = cli("query", "approved-uses", "--format", "json")
    document = json.loads(result.out)
    assert document["head"]["vars"] == ["drug", "condition", "conditionLabel"]
    bindings = document["results"]["bindings"]
    assert {b["conditionLabel"]["value"] for b in bindings} == {"seizure disorder", "panic disorder"}
    assert bindings[0]["drug"] == {"type": "uri", "value": "https://w3id.org/drugkg/entity/clonazepam"}


def test_json_typed_literal_and_ask(cli) -> None:
    document = json.loads(cli("query", "adjunct-use", "-f", "json").out)
    assert document["results"]["bindings"][0]["minWeeks"] == {
        "type": "literal",
        "value": "2",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }
    ask = cli("query", "ASK { dk:clonazepam dkv:memberOf dk:antidepressant }", "-f", "json")
    assert json.loads(ask.out) == {"head": {}, "boolean": False}
    assert cli("query", "ASK { dk:clonazepam dkv:memberOf dk:benzodiazepine }").out == "yes\n"


def test_tsv_uses_ntriples_terms(cli) -> None:
    lines = cli("query", "activities-to-avoid", "-f", "tsv").out.splitlines()
    assert lines[0] == "?drug\t?activity\t?activityLabel"
    assert '<https://w3id.org/drugkg/entity/clonazepam>\t<https://w3id.org/drugkg/entity/driving>\t"driving"' in lines


def test_construct_and_describe_give_turtle(cli) -> None:
    result = cli(
        "query",
        "CONSTRUCT { ?d dkv:memberOf ?c } WHERE { ?d dkv:memberOf ?c FILTER (?d IN (dk:clonazepam, dk:alcohol)) }",
    )
    graph = rdflib.Graph().parse(data=result.out, format="turtle")
    member_of = rdflib.URIRef("https://w3id.org/drugkg/vocab/memberOf")
    entity = rdflib.Namespace("https://w3id.org/drugkg/entity/")
    assert set(graph) == {
        (entity.clonazepam, member_of, entity.benzodiazepine),
        (entity.clonazepam, member_of, entity["cns-depressant"]),
        (entity.clonazepam, member_of, entity["sedative-hypnotic"]),  # benzodiazepine is a kind of it
        (entity.alcohol, member_of, entity["cns-depressant"]),
    }
    described = rdflib.Graph().parse(data=cli("query", "DESCRIBE dk:gaba", "-f", "ntriples").out, format="nt")
    assert (entity.gaba, rdflib.SKOS.altLabel, rdflib.Literal("GABA")) in described
    assert_one_line_error(cli("query", "DESCRIBE dk:gaba", "-f", "csv"), "turtle")


def test_param_accepts_names_curies_iris_and_literals(cli) -> None:
    for value in ("Klonopin", "dk:clonazepam", "<https://w3id.org/drugkg/entity/clonazepam>", "DB01068"):
        result = cli("query", "approved-uses", "--param", f"drug={value}", "-f", "csv")
        assert result.code == 0, result.err
        assert len(result.out.splitlines()) == 3, value
    typed = cli("query", "SELECT ?n ?a WHERE { ?a dkv:responseWindowMinWeeks ?n }", "-p", 'n="2"^^xsd:integer')
    assert "dk:clonazepam-augmentation" in typed.out
    untyped = cli("query", "SELECT ?n ?a WHERE { ?a dkv:responseWindowMinWeeks ?n }", "-p", 'n="2"')
    assert "(no rows)" in untyped.out


@pytest.mark.parametrize("value", VALUES_NAMING_NOTHING)
def test_hostile_param_values_stay_values(cli, value: str) -> None:
    """Quotes, braces and keywords in a value never change what the query does."""
    result = cli("query", "what-treats", "--param", f"condition={value}")
    if value.startswith('"'):  # a quoted literal is bound as the literal the user wrote
        assert (result.code, result.err, result.out.splitlines()[-1]) == (0, "", "(no rows)")
    else:  # an entity parameter: a value naming no entity is refused, never run
        assert result.code == 2
        assert_one_line_error(result, "?condition: no entity named")
    text = cli("query", "SELECT ?condition WHERE { ?t dkv:treats ?condition }", "--param", f"condition={value}")
    assert (text.code, text.err) == (0, "")  # SPARQL text declares no entity parameter: a literal
    assert text.out.splitlines()[-1] == "(no rows)"


def test_update_is_refused(cli) -> None:
    for text in (
        "INSERT DATA { dk:a dkv:treats dk:b }",
        "PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }",
        "DROP ALL",
        "LOAD <http://example.org/x.ttl>",
        "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ):
        assert_one_line_error(cli("query", text), "SPARQL Update is refused: query is read-only")


def test_syntax_error_names_the_position(cli) -> None:
    result = cli("query", "SELECT ?s WHERE {\n  ?s ?p\n}")
    assert_one_line_error(result, "syntax error at line 3, column ")


def test_unknown_named_query_lists_close_names(cli) -> None:
    result = cli("query", "what-treat")
    assert_one_line_error(result, "no named query 'what-treat'", "what-treats")


def test_service_is_refused_unless_allowed(cli) -> None:
    result = cli("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert_one_line_error(result, "SERVICE", "--allow-service")


def test_a_long_query_is_stopped(cli) -> None:
    started = time.monotonic()
    result = cli("query", HEAVY, "--timeout", "0.5")
    assert time.monotonic() - started < 10
    assert_one_line_error(result, "ran longer than 0.5 s and was stopped")


def test_result_size_is_bounded(cli) -> None:
    assert_one_line_error(cli("query", "SELECT * WHERE { ?s ?p ?o }", "--max-rows", "10"), "more than 10 rows")


def test_param_errors(cli) -> None:
    assert_one_line_error(cli("query", "what-treats", "-p", "nothing"), "NAME=VALUE")
    assert_one_line_error(cli("query", "what-treats", "-p", "drug=dk:clonazepam"), "no variable ?drug")
    assert_one_line_error(cli("query", "what-treats", "-p", "condition=<not an iri>"), "not a valid IRI")


def test_query_on_a_graph_file(cli) -> None:
    result = cli("query", "class-members", "--graph", str(DATA / "tiny.trig"), "-f", "csv")
    rows = list(csv.reader(io.StringIO(result.out)))
    assert ["https://example.org/tiny/classC", "class C", "https://example.org/tiny/classB", "class B"] in [
        r[:4] for r in rows
    ]


def test_dataframe_for_notebooks(local_store) -> None:
    frame = local_store.query("adjunct-use").to_dataframe()
    assert list(frame.columns) == [
        "drug",
        "adjunctUse",
        "primaryTreatmentLabel",
        "indicationLabel",
        "minWeeks",
        "maxWeeks",
        "duration",
    ]
    assert set(frame["indicationLabel"]) == {"treatment-resistant depression", "protracted depression"}
    assert set(frame["minWeeks"]) == {2} and set(frame["maxWeeks"]) == {4}


def test_api_timeout_and_update_raise(local_store) -> None:
    from kg.query.worker import QueryTimeout

    with pytest.raises(QueryTimeout):
        local_store.query_text(HEAVY, timeout=0.3)
    with pytest.raises(InputError, match="read-only"):
        local_store.query_text("CLEAR ALL")
    assert local_store.query_text("ASK { ?s ?p ?o }", timeout=None).boolean is True


def test_no_inferred_leaves_out_the_rules_conclusions(cli) -> None:
    """Only two treatments of depression (both classes, shown with ?scope "all") are stated with
    treats itself, four more as first-line treatments; the rest (every drug) are inferred."""
    result = cli("query", "what-treats", "--no-inferred", "-p", "scope=all", "-f", "csv")
    rows = list(csv.reader(io.StringIO(result.out)))
    kinds = {(row[1].rsplit("/", 1)[-1], row[4]) for row in rows[1:]}
    assert kinds == {
        ("antidepressant", "treats"),
        ("pharmacotherapy", "treats"),
        *((first, "first-line treatment for") for first in ("cbt", "psychotherapy", "ssri", "snri")),
    }
    sources = cli("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "--no-inferred", "-f", "csv")
    assert sources.code == 0
    assert not [line for line in sources.out.splitlines() if "/inferred/" in line]
    assert_one_line_error(cli("query", "what-treats", "--no-inferred", "--endpoint", "http://127.0.0.1:9/q"))


def test_query_from_stdin(cli, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("ASK { dk:clonazepam dkv:memberOf dk:benzodiazepine }"))
    assert cli("query", "-").out == "yes\n"
