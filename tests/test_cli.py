"""The command line: the contract's commands, one-line errors, no tracebacks, atomic output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import rdflib.compare
from cli_assertions import assert_one_line_error
from hostile_text import INJECTION_NAME

DATA = Path(__file__).parent / "data"


def test_info_resolves_the_brand_name(cli) -> None:
    result = cli("info", "Klonopin")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "clonazepam  (dk:clonazepam)"
    assert (
        "  member of -> benzodiazepine   [The drug and its class (Article on clonazepam (Klonopin) and depression)]"
        in lines
    )
    assert "  synonyms: Klonopin" in lines


@pytest.mark.parametrize("name", ["dk:clonazepam", "CHEBI:3756", "DB01068", "clonazepam", "CLONAZEPAM"])
def test_info_resolves_curies_and_external_ids(cli, name: str) -> None:
    assert cli("info", name).out.splitlines()[0] == "clonazepam  (dk:clonazepam)"


def test_info_unknown_name_suggests_close_matches(cli) -> None:
    result = cli("info", "klonopn")
    assert_one_line_error(result)
    assert "did you mean: klonopin" in result.err


def test_info_on_a_graph_file(cli) -> None:
    result = cli("info", "Alphazol", "--graph", str(DATA / "tiny.trig"))
    assert result.code == 0
    assert result.out.splitlines()[0] == "drug A  (https://example.org/tiny/drugA)"


def test_validate_built_graph_conforms(cli_full) -> None:
    """It conforms, and lists no disagreement: a symptomatic (SYM) judgement is no denial of an
    approval (quetiapine for schizophrenia, clonazepam for panic disorder)."""
    result = cli_full("validate")
    assert (result.code, result.out) == (0, "the built graph: conforms\n")


def test_validate_the_curated_graph_alone(cli) -> None:
    """Without the open datasets, no other source disagrees with the article."""
    assert (cli("validate").code, cli("validate").out) == (0, "the built graph: conforms\n")


def test_validate_reports_violations_readably(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix dkv: <https://w3id.org/drugkg/vocab/> .\n"
        "<https://example.org/x> a dkv:Drug ; dkv:treats <https://example.org/y> .\n",
        encoding="utf-8",
    )
    result = cli("validate", str(bad))
    assert result.code == 1
    lines = set(result.out.splitlines())
    assert "https://example.org/x dkv:memberOf: a drug belongs to at least one drug class" in lines
    assert "https://example.org/x rdfs:label: needs exactly one rdfs:label (a plain string)" in lines
    assert "https://example.org/x dkv:treats: Value does not have class dkv:DiseaseOrFinding" in lines


@pytest.mark.parametrize(
    ("content", "expected"),
    [("", "the file is empty"), ("@prefix x: <http://x/> .\n\nx:a x:b", "line 3"), ("\x00\x01\x02", "line 1")],
)
def test_validate_bad_files_give_one_line(cli, tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text(content, encoding="utf-8")
    result = cli("validate", str(path))
    assert_one_line_error(result)
    assert str(path) in result.err and expected in result.err


def test_export_turtle_is_read_by_an_independent_parser(cli, curated_store, tmp_path: Path) -> None:
    """rdflib reads the Turtle back as the same graph (on the curated graph: rdflib's isomorphism
    check would take half a minute on the graph with the open datasets)."""
    from kg.compile.validation import union_graph

    source, target = tmp_path / "curated.nq", tmp_path / "drugkg.ttl"
    curated_store.dump(output=str(source), format=ox.RdfFormat.N_QUADS)
    result = cli("export", "--format", "turtle", "-o", str(target), "--graph", str(source))
    assert result.code == 0
    exported = rdflib.Graph().parse(target, format="turtle")
    assert rdflib.compare.isomorphic(exported, union_graph(curated_store))
    clonazepam = rdflib.URIRef("https://w3id.org/drugkg/entity/clonazepam")
    assert (
        clonazepam,
        rdflib.URIRef("https://w3id.org/drugkg/vocab/brandName"),
        rdflib.Literal("Klonopin"),
    ) in exported


def test_export_into_missing_folder_fails_cleanly(cli, tmp_path: Path) -> None:
    result = cli("export", "--format", "turtle", "-o", str(tmp_path / "missing" / "x.ttl"))
    assert_one_line_error(result)
    assert not (tmp_path / "missing").exists()


def test_export_unknown_format_lists_formats(cli, tmp_path: Path) -> None:
    result = cli("export", "--format", "docx", "-o", str(tmp_path / "x.docx"))
    assert_one_line_error(result)
    assert "turtle" in result.err and "nquads" in result.err
    assert list(tmp_path.iterdir()) == []


def test_build_command_writes_graph(cli, tmp_path: Path) -> None:
    result = cli("build", "--out", str(tmp_path / "b"), "--quiet")
    assert (result.code, result.out, result.err) == (0, f"{tmp_path / 'b' / 'drugkg.trig'}\n", "")


def test_usage_error_is_one_line(cli) -> None:
    result = cli("info")
    assert result.code == 2
    assert "Traceback" not in result.err


def test_python_dash_m_kg_runs(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert completed.returncode == 0
    for command in ("build", "validate", "info", "export"):
        assert command in completed.stdout


@pytest.mark.parametrize("name", ["http://x y", "<http://bad iri>", "dk:no such", INJECTION_NAME, "\n"])
def test_info_invalid_iris_and_hostile_names_are_clean_errors(cli, name: str) -> None:
    result = cli("info", name)
    assert_one_line_error(result)
    assert result.code == 2


def test_info_shows_what_is_stated_not_to_hold(cli_full) -> None:
    lines = cli_full("info", "Klonopin").out.splitlines()
    section = lines[lines.index("stated not to hold:") + 1 :]
    role = "[Role in managing depression (Article on clonazepam (Klonopin) and depression)]"
    # PharmacotherapyDB, indications.tsv: DOID:8398 DB01068 osteoarthritis Clonazepam NOT
    indications = "[PharmacotherapyDB indications (indications.tsv) (PharmacotherapyDB 1.0)]"
    assert section == [
        f"  NOT member of -> antidepressant   {role}",
        f"  NOT symptomatic treatment for -> osteoarthritis   {indications}",
        f"  NOT treats -> clinical depression   {role}",
        f"  NOT treats -> osteoarthritis   {indications}",
    ]
