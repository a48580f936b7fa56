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
    # the brand name once, with its source (not again as a synonym)
    article = "Article on clonazepam (Klonopin) and depression"
    assert f"  brand name -> 'Klonopin'   [The drug and its class ({article})]" in lines
    assert not any(line.startswith("  also called:") and "Klonopin" in line for line in lines)


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
    section = lines[lines.index("stated not to hold:") + 1 : lines.index("identifiers:")]
    role = "[Role in managing depression (Article on clonazepam (Klonopin) and depression)]"
    # PharmacotherapyDB, indications.tsv: DOID:8398 DB01068 osteoarthritis Clonazepam NOT
    indications = "[PharmacotherapyDB indications (indications.tsv) (PharmacotherapyDB 1.0)]"
    assert section == [
        f"  NOT member of -> antidepressant   {role}",
        f"  NOT symptomatic treatment for -> osteoarthritis   {indications}",
        f"  NOT treats -> clinical depression   {role}",
        f"  NOT treats -> osteoarthritis   {indications}",
    ]


def test_info_is_grouped_and_fits_two_screens(cli_full) -> None:
    """Trap: 185 lines of relations both ways, MeSH's upper levels and every inferred duplicate."""
    lines = cli_full("info", "Klonopin").out.splitlines()
    assert len(lines) <= 100
    headers = [line for line in lines if line and not line.startswith(" ")]
    assert headers[1:] == [
        "what it is:",
        "what it treats:",
        "effects:",
        "interactions:",
        "targets:",
        "stated not to hold:",
        "identifiers:",
        headers[-1],
    ]
    assert headers[-1].startswith("folded: 6 inferred levels of class or disease hierarchies")  # sedative-hypnotic too
    assert headers[-1].endswith("--all shows everything")
    article = "Article on clonazepam (Klonopin) and depression"
    assert f"  approved for -> panic disorder, seizure disorder   [The drug and its class ({article})]" in lines
    assert (
        "  common -> drowsiness, lethargy, unsteadiness   "  # effects by kind (kg.analysis.effects)
        f"[Side effects and safety concerns ({article})]" in lines
    )
    indications = "[PharmacotherapyDB indications (indications.tsv) (PharmacotherapyDB 1.0)]"
    assert f"  treats -> seizure disorder   {indications}" in lines
    assert "  close to: UNII:5PE9FDE8GB, ndfrt:N0000007183, ndfrt:N0000146152, vandf:4017791" in lines
    # folded: the upper MeSH levels, the inferred super-property of a side effect shown, the reverse interactions
    assert not any("Pharmacologic Actions [MeSH PA]" in line for line in lines[:-1])
    assert not any(line.startswith("  has side effect -> drowsiness") for line in lines)
    assert not any(line.startswith("  interacts with <-") for line in lines)
    assert sum(1 for line in lines if line.startswith("  has target -> ")) == 1  # each fact once


def test_info_all_folds_nothing(cli_full) -> None:
    lines = cli_full("info", "Klonopin", "--all").out.splitlines()
    assert any(line.startswith("  member of -> ") and "Pharmacologic Actions [MeSH PA]" in line for line in lines)
    assert any(line.startswith("  interacts with <- ") for line in lines)
    assert any(line.startswith("  assessed drug <- ") and "clonazepam for osteoarthritis" in line for line in lines)
    assert not any(line.startswith("folded:") for line in lines)
    assert any("  is a: " in line and "intervention" in line for line in lines)


def test_info_of_a_condition_says_what_treats_it_and_what_is_denied(cli_full) -> None:
    """A condition's treatments are the relations in; a negative statement about it shows once, under
    "stated not to hold", not as an owl:targetIndividual link; an inferred "treats" repeats nothing."""
    lines = cli_full("info", "clinical depression").out.splitlines()
    role = "[Role in managing depression (Article on clonazepam (Klonopin) and depression)]"
    assert "what it treats:" in lines  # the condition's own associated symptoms point out
    assert f"  NOT treats <- clonazepam   {role}" in lines
    assert f"  used as adjunct in <- clonazepam   {role}" in lines
    assert not any("targetIndividual" in line or "target individual" in line for line in lines)
    assert "  same as: DOID:1470, MONDO:0002009" in lines  # one node: the Disease Ontology term
    treats = [line for line in lines if line.startswith("  treats <- ") and "sub-property" in line]
    assert treats == []  # each drug already shown as a first-line treatment
    panic = cli_full("info", "panic disorder").out.splitlines()
    assert "what treats it:" in panic
    assert not any(line.startswith("  treats <- clonazepam") for line in panic)  # shown as approved for
