"""``drugkg sources``: each open dataset with version, licence, attribution, facts and unmapped rows;
``--unmapped`` lists the rows and their reasons."""

from __future__ import annotations

import json

import pytest
from cli_assertions import assert_one_line_error


@pytest.fixture
def cli(cli_full):
    """This module checks the graph with the open datasets, as ``drugkg build`` makes it."""
    return cli_full


def test_sources_lists_each_dataset(cli) -> None:
    result = cli("sources")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[-3:-1] == [
        "unmapped rows and their reasons: drugkg sources --unmapped [SOURCE]",
        "disputed rows and their reasons: drugkg query disputed-rows",
    ]
    assert [line for line in lines if not line.startswith(" ")][:-3] == [
        "Human Disease Ontology 2026-08  (disease-ontology)",
        "MeSH pharmacologic actions (tree D27) 2015  (mesh)",
        "DrugCentral 2016-11  (drugcentral)",
        "PharmacotherapyDB 1.0  (pharmacotherapydb)",
        "SPL-ADR-200db (training half) 2018  (spl-adr-200db)",
    ]
    assert "  licence:      CC BY 4.0  <https://creativecommons.org/licenses/by/4.0/>" in lines
    assert any(line.startswith("  attribution:  Ursu O et al., DrugCentral") for line in lines)
    assert any(
        line.startswith("  rows read:    81,016   facts: ") and "unmapped rows: 24,224" in line for line in lines
    )
    assert lines[-1].startswith("user data: ") and "accepted-fact files" in lines[-1]


def test_sources_as_json(cli) -> None:
    data = json.loads(cli("sources", "--format", "json").out)
    assert data["pharmacotherapydb"]["rows_read"] == 2086
    assert data["pharmacotherapydb"]["rows_unmapped"] == 0
    assert data["disease-ontology"]["licence"] == "https://creativecommons.org/publicdomain/zero/1.0/"


def test_unmapped_rows_with_their_reasons(cli) -> None:
    result = cli("sources", "--unmapped", "disease-ontology")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "source\tfile\tline\tpart\treason\trow"
    assert len(lines) == 1 + 11 + 8
    assert all(line.split("\t")[0] == "disease-ontology" and len(line.split("\t")) == 6 for line in lines[1:])
    assert sum(line.split("\t")[3] == "part" for line in lines[1:]) == 8
    assert cli("sources", "--unmapped", "pharmacotherapydb").out.splitlines() == [lines[0]]


def test_unknown_source_is_an_error(cli) -> None:
    result = cli("sources", "--unmapped", "sider")
    assert_one_line_error(result)
    assert "no source named 'sider'" in result.err
