"""``what-treats`` answers the question people ask: FDA-approved, disease-modifying and symptomatic
rows, each with its kind and its source, through the disease hierarchy, drugs only unless asked.

The approved rows are those of ``kg/data/indications/approved-indications.trig`` (each an FDA label's
Indications and Usage section); the symptomatic rows are PharmacotherapyDB's ``SYM`` rows of
``indications.tsv`` for the condition and its Disease Ontology subtypes (checked against the file:
bipolar disorder DOID:3312 with DOID:14042, DOID:0060166, DOID:845; schizophrenia DOID:5419 and its
subtypes; major depressive disorder DOID:1470 with DOID:1595 and DOID:9478; panic disorder DOID:594).
"""

from __future__ import annotations

import pytest

BIPOLAR_APPROVED = {
    "lithium",  # Lithobid
    "aripiprazole",
    "cariprazine",
    "lurasidone",
    "olanzapine",
    "quetiapine",
    "risperidone",
    "valproic acid",  # divalproex sodium
}
BIPOLAR_SYMPTOMATIC = {
    *("aripiprazole", "carbamazepine", "chlorpromazine", "citalopram", "clonazepam", "clozapine", "duloxetine"),
    *("escitalopram", "gabapentin", "lamotrigine", "olanzapine", "oxcarbazepine", "paroxetine", "quetiapine"),
    *("risperidone", "tiagabine", "topiramate", "trazodone", "valproic acid", "ziprasidone"),
}
SCHIZOPHRENIA_APPROVED = {
    *("aripiprazole", "brexpiprazole", "cariprazine", "lurasidone", "olanzapine", "quetiapine", "risperidone"),
}
SCHIZOPHRENIA_SYMPTOMATIC = {
    *("lithium", "acetophenazine", "aripiprazole", "benzatropine", "carbamazepine", "chlorpromazine"),
    *("clonazepam", "clozapine", "cyproheptadine", "dimenhydrinate", "diphenhydramine", "eszopiclone"),
    *("fluoxetine", "fluphenazine", "haloperidol", "lamotrigine", "loxapine", "mesoridazine", "olanzapine"),
    *("paliperidone", "quetiapine", "risperidone", "sertraline", "thioridazine", "thiothixene", "trazodone"),
    *("trifluoperazine", "valproic acid", "ziprasidone", "zopiclone"),
}
MDD_APPROVED = {
    *("aripiprazole", "brexpiprazole", "cariprazine", "quetiapine"),  # added to an antidepressant
    *("desvenlafaxine", "duloxetine", "escitalopram", "sertraline", "venlafaxine", "vortioxetine"),
    "gepirone",  # Exxua, approved 2023
    "zuranolone",  # Zurzuvae, approved 2023, for postpartum depression (a kind of major depressive disorder)
}
MDD_SYMPTOMATIC = {
    *("amitriptyline", "aripiprazole", "citalopram", "duloxetine", "escitalopram", "fluvoxamine", "imipramine"),
    *("nefazodone", "nortriptyline", "paroxetine", "selegiline", "sertraline", "trazodone", "valproic acid"),
    "vilazodone",
}
# The article says antidepressants (and SSRIs, SNRIs) treat depression; since dk:depression is DOID:1470
# (one node per concept) their members inherit it, shown only where no source states the use.
MDD_INFERRED = {
    *("amitriptyline", "amoxapine", "citalopram", "clomipramine", "desipramine", "doxepin", "fluoxetine"),
    *("fluvoxamine", "imipramine", "levomilnacipran", "milnacipran", "nefazodone", "nortriptyline"),
    *("paroxetine", "protriptyline", "trazodone", "trimipramine"),
    # antidepressants by the FDA's 2007 list of drugs under the antidepressant boxed warning
    *("bupropion", "maprotiline", "mirtazapine"),
}
PANIC_APPROVED = {"alprazolam", "clonazepam", "sertraline", "venlafaxine"}
PANIC_SYMPTOMATIC = {
    *("alprazolam", "bupropion", "buspirone", "citalopram", "clomipramine", "clonazepam", "diazepam"),
    *("fluoxetine", "fluvoxamine", "imipramine", "isocarboxazid", "lorazepam", "maprotiline", "nortriptyline"),
    *("olanzapine", "paroxetine", "sertraline", "venlafaxine"),
}


def _by_kind(local_store, condition: str, **params: str) -> dict[str, set[str]]:
    rows = local_store.query("what-treats", {"condition": condition, **params}).display_rows()
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row[4], set()).add(row[2])
    return found


@pytest.mark.parametrize(
    ("condition", "approved", "symptomatic", "inferred"),
    [
        ("bipolar disorder", BIPOLAR_APPROVED, BIPOLAR_SYMPTOMATIC, set()),
        ("schizophrenia", SCHIZOPHRENIA_APPROVED, SCHIZOPHRENIA_SYMPTOMATIC, set()),
        ("major depressive disorder", MDD_APPROVED, MDD_SYMPTOMATIC, MDD_INFERRED),
        ("panic disorder", PANIC_APPROVED, PANIC_SYMPTOMATIC, set()),
    ],
)
def test_the_four_questions_get_complete_answers(full_local_store, condition, approved, symptomatic, inferred) -> None:
    expected = {"approved": approved, "symptomatic": symptomatic}
    if inferred:
        expected["treats (inferred)"] = inferred
    assert _by_kind(full_local_store, condition) == expected


def test_a_disease_includes_its_subtypes(full_local_store) -> None:
    """Cariprazine's label names bipolar I disorder; asking for bipolar disorder finds it, with the
    subtype in ?statedFor. The trap: asking for the subtype does not bring back the parent's rows."""
    rows = full_local_store.query("what-treats", {"condition": "bipolar disorder"}).display_rows()
    cariprazine = {(row[4], row[6], row[7]) for row in rows if row[2] == "cariprazine"}
    assert cariprazine == {("approved", "bipolar I disorder", "dks:fda-label/vraylar-indications")}
    narrower = _by_kind(full_local_store, "bipolar I disorder")
    assert "lithium" not in narrower.get("approved", set())  # Lithobid names bipolar disorder, not its subtype


def test_every_row_says_its_kind_and_source(full_local_store) -> None:
    rows = full_local_store.query("what-treats", {"condition": "bipolar disorder"}).display_rows()
    lithium = {(row[4], row[7], row[8]) for row in rows if row[2] == "lithium"}
    assert lithium == {("approved", "dks:fda-label/lithobid-indications", "")}
    tiagabine = {(row[4], row[8]) for row in rows if row[2] == "tiagabine"}
    assert tiagabine == {
        (
            "symptomatic",
            "disputed: not an approved use: tiagabine's label warns that people without epilepsy who took it "
            "for unapproved uses had new seizures",
        )
    }


def test_not_an_indication_is_no_treatment(full_local_store) -> None:
    """Tiagabine is judged not an indication for epilepsy (disputed): not-indications lists it,
    what-treats does not."""
    treating = {row[2] for row in full_local_store.query("what-treats", {"condition": "epilepsy"}).display_rows()}
    assert "tiagabine" not in treating
    not_indicated = full_local_store.query("not-indications", {"condition": "epilepsy"}).display_rows()
    assert {(row[2], row[6].startswith("disputed: ")) for row in not_indicated if row[2] == "tiagabine"} == {
        ("tiagabine", True)
    }


def test_drugs_only_unless_all_is_asked(local_store) -> None:
    """The curated graph: classes and therapies treat depression too, shown only with ?scope "all"."""
    drugs = {row[1] for row in local_store.query("what-treats").display_rows()}
    everything = {row[1] for row in local_store.query("what-treats", {"scope": "all"}).display_rows()}
    assert everything - drugs == {
        *("dk:antidepressant", "dk:ssri", "dk:snri", "dk:psychotherapy", "dk:cbt", "dk:pharmacotherapy"),
    }
    assert "dk:sertraline" in drugs


@pytest.fixture
def local_store(curated_store):
    from kg.query.local import LocalStore

    return LocalStore(curated_store)
