"""The spot checks of the datasets README, through ``drugkg info`` and ``drugkg check``."""

from __future__ import annotations

import pytest


@pytest.fixture
def cli(cli_full):
    """This module checks the graph with the open datasets, as ``drugkg build`` makes it."""
    return cli_full


INDICATIONS = "[PharmacotherapyDB indications (indications.tsv) (PharmacotherapyDB 1.0)]"
CLASSES = "DrugCentral pharmacologic classes (pharm_class.tsv) (DrugCentral (data release 2016-11))"


@pytest.mark.parametrize(
    "name", ["clonazepam", "drugcentral:703", "DB01068", "UNII:5PE9FDE8GB", "mesh:D002998", "CHEBI:3756"]
)
def test_clonazepam_by_each_of_its_identifiers(cli, name: str) -> None:
    result = cli("info", name)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "clonazepam  (dk:clonazepam)"
    xrefs = [
        xref
        for line in lines
        if line.startswith(("  same as: ", "  close to: "))
        for xref in line.split(": ", 1)[1].split(", ")
    ]
    assert "  close to: UNII:5PE9FDE8GB, ndfrt:N0000007183, ndfrt:N0000146152, vandf:4017791" in lines
    assert {
        "drugcentral:703",
        "drugbank:DB01068",
        "UNII:5PE9FDE8GB",
        "mesh:D002998",
        "CHEBI:3756",
    } <= set(xrefs)


def test_clonazepam_indications_of_pharmacotherapydb(cli) -> None:
    lines = cli("info", "clonazepam").out.splitlines()
    assert f"  treats -> seizure disorder   {INDICATIONS}" in lines  # DM, DOID:1826 (epilepsy)
    # SYM rows, panic disorder among them (DOID:594)
    assert (
        "  symptomatic treatment for -> autistic disorder, bipolar disorder, multiple sclerosis, panic disorder, "
        f"Parkinson's disease, restless legs syndrome, schizophrenia   {INDICATIONS}" in lines
    )
    assert cli("info", "DOID:1826").out.splitlines()[0] == "seizure disorder  (dk:seizure-disorder)"
    assert cli("info", "DOID:594").out.splitlines()[0] == "panic disorder  (dk:panic-disorder)"


def test_fda_epc_benzodiazepine(cli) -> None:
    result = cli("info", "N0000175694", "--all")
    lines = result.out.splitlines()
    assert lines[0] == "Benzodiazepine [EPC]  (dk:ndfrt-N0000175694)"
    assert "  same as: ndfrt:N0000175694" in lines
    (members,) = [line for line in lines if line.startswith("  member of <- ") and line.endswith(f"[{CLASSES}]")]
    assert "clonazepam" in members.split(", ") and "temazepam" in members.split(", ")


def test_check_alprazolam_hydromorphone_warns(cli) -> None:
    result = cli("check", "alprazolam", "hydromorphone")
    assert result.code == 1
    lines = result.out.splitlines()
    assert "INTERACTION alprazolam + hydromorphone: life-threatening" in lines
    # hydromorphone is a curated opioid (kg/data/class-interactions.trig, from the FDA class Opioid Agonist)
    assert (
        "    2. hydromorphone -member of-> opioid   [FDA established pharmacologic class N0000175690: Opioid "
        "Agonist (DrugCentral 2016: drug pharmacologic classes (FDA established pharmacologic classes and MeSH "
        "pharmacological actions))]" in lines
    )
    # an opioid in no curated class warns through the curated mapping of its DrugCentral class
    lines = cli("check", "alprazolam", "levorphanol").out.splitlines()
    assert "INTERACTION alprazolam + levorphanol: life-threatening" in lines
    assert (
        "    3. Full Opioid Agonists [MoA] -kind of-> opioid   [Mapping: the FDA mechanism class Full Opioid "
        "Agonists is a kind of opioid (drugkg curated mappings to the open datasets)]" in lines
    )
