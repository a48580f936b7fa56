"""Disputed source rows (``kg/data/indications/disputed-indications.trig``): each with its reason
and source, shown wherever the row is shown, and counted by ``drugkg sources``."""

from __future__ import annotations

from kg.analysis.disputes import all_disputes, dispute_counts, disputes_about
from kg.namespaces import DK

PDB_INDICATIONS = "https://w3id.org/drugkg/source/pharmacotherapydb/1.0/indications"


def test_the_curated_disputes(full_store) -> None:
    found = {(d.drug, d.condition, d.category) for d in all_disputes(full_store)}
    assert found == {
        (str(DK["drugbank-DB01076"]), str(DK["doid-10763"]), "DM"),  # atorvastatin, hypertension
        (str(DK["drugbank-DB00906"]), str(DK["seizure-disorder"]), "NOT"),  # tiagabine, epilepsy
        (str(DK["drugbank-DB00906"]), str(DK["doid-3312"]), "SYM"),  # tiagabine, bipolar disorder
        (str(DK["drugbank-DB01224"]), str(DK["doid-10652"]), "SYM"),  # quetiapine, Alzheimer's disease
    }
    assert all(d.reason and d.source.endswith("prescribing information)") for d in all_disputes(full_store))
    assert dispute_counts(full_store) == {PDB_INDICATIONS: 4}


def test_disputes_about_a_drug_and_condition(full_store) -> None:
    """The trap: quetiapine's symptomatic row for schizophrenia is not disputed; its row for
    Alzheimer's disease is."""
    quetiapine = str(DK["drugbank-DB01224"])
    assert disputes_about(full_store, quetiapine, str(DK["doid-5419"])) == []
    (alzheimers,) = disputes_about(full_store, quetiapine, str(DK["doid-10652"]))
    assert alzheimers.line().startswith("disputed: antipsychotics carry a boxed warning")
    assert alzheimers.source.startswith("Seroquel label, boxed warning")


def test_explain_shows_the_dispute(cli_full) -> None:
    result = cli_full("explain", "atorvastatin", "treats", "hypertension")
    assert result.code == 0
    assert result.out.splitlines()[-1].startswith(
        "atorvastatin for hypertension (DM): disputed: likely a combination product's row"
    )
    denied = cli_full("explain", "tiagabine", "treats", "epilepsy")
    assert denied.code == 2
    assert "tiagabine for seizure disorder (NOT): disputed: tiagabine's FDA label approves it" in denied.err


def test_explain_of_an_undisputed_fact_has_no_dispute_line(cli_full) -> None:
    result = cli_full("explain", "quetiapine", "treats", "schizophrenia")
    assert result.code == 0 and "disputed" not in result.out


def test_sources_counts_the_disputed_rows(cli_full) -> None:
    lines = cli_full("sources").out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.endswith("(pharmacotherapydb)"))
    following = lines[start + 1 : next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))]
    assert "  disputed rows: 4" in following
    assert "disputed rows and their reasons: drugkg query disputed-rows" in lines
