"""``kg.extract.mechanisms``: mechanism phrases found by their structure and named in one canonical
form, and the ``hasMechanism`` facts the extractor makes of them (issue 29).

Every sentence is invented for this test; the drugs are ones the curated graph names."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from extract_facts import facts

from kg.extract.extractor import Extractor
from kg.extract.mechanisms import mechanism_phrases
from kg.extract.text import Document


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("It inhibits voltage-gated sodium channels.", ["inhibition of voltage-gated sodium channels"]),
        ("a weak inhibitor of the reuptake of dopamine", ["inhibition of the reuptake of dopamine"]),
        ("through noradrenaline reuptake inhibition", ["inhibition of noradrenaline reuptake"]),
        (
            "It blocks the reuptake of serotonin and norepinephrine.",
            ["blockade of the reuptake of serotonin and norepinephrine"],
        ),
        (
            "partial agonist activity at D2 receptors and antagonist activity at 5-HT2A receptors",
            ["partial agonism at D2 receptors", "antagonism at 5-HT2A receptors"],
        ),
        (
            "It binds to the alpha-2-delta subunit of calcium channels.",
            ["binding to the alpha-2-delta subunit of calcium channels"],
        ),
        ("It selectively enhances serotonergic activity.", ["selective enhancement of serotonergic activity"]),
        # traps: a class's name, an enzyme inhibited (an interaction), a class of inhibitors, a risk
        ("Sertraline is a selective serotonin reuptake inhibitor.", []),
        ("It is a strong inhibitor of the liver enzyme CYP2D6.", []),
        ("Do not take it with MAO inhibitors or beta blockers.", []),
        ("It increases the risk of bleeding with drugs that inhibit platelet function.", []),
    ],
)
def test_phrases_and_their_canonical_names(text: str, labels: list[str]) -> None:
    found = mechanism_phrases(text)
    assert [label for _, _, label in found] == labels
    for start, end, _ in found:  # offsets are the words in the text
        assert text[start:end] == text[start:end].strip() and end > start


@pytest.fixture(scope="module")
def extractor(store: ox.Store) -> Extractor:
    return Extractor(store, None, pairs=False)


def _mechanisms(extractor: Extractor, text: str) -> set[tuple[str, str, str, bool, bool]]:
    result = extractor.extract(Document("s.txt", text))
    labels = {m.ref: m.label for m in result.entities}
    return {
        (f.subject, labels.get(f.object, f.object), f.predicate, f.negated, f.hypothetical)
        for f in result.facts
        if f.predicate == "dkv:hasMechanism"
    }


def test_a_mechanism_is_the_drug_s_named_before_it(extractor: Extractor) -> None:
    assert _mechanisms(extractor, "Sertraline is thought to block the reuptake of serotonin into neurons.") == {
        ("dk:sertraline", "blockade of the reuptake of serotonin", "dkv:hasMechanism", False, True)
    }
    # verb and noun forms give one name
    assert _mechanisms(extractor, "Fluoxetine acts through serotonin reuptake inhibition.") == {
        ("dk:fluoxetine", "inhibition of serotonin reuptake", "dkv:hasMechanism", False, False)
    }


def test_a_pronoun_s_mechanism_is_the_main_drug_s(extractor: Extractor) -> None:
    text = "Venlafaxine treats depression. Venlafaxine is an SNRI. It inhibits the reuptake of norepinephrine."
    assert _mechanisms(extractor, text) == {
        ("dk:venlafaxine", "inhibition of the reuptake of norepinephrine", "dkv:hasMechanism", False, False)
    }


def test_no_mechanism_from_a_class_name_or_an_enzyme(extractor: Extractor) -> None:
    text = "Sertraline is a selective serotonin reuptake inhibitor. It is a weak inhibitor of the enzyme CYP2D6."
    assert _mechanisms(extractor, text) == set()


@pytest.fixture(scope="module")
def full_extractor(full_store: ox.Store) -> Extractor:
    return Extractor(full_store, None)


def test_transmitters_named_by_their_receptors_do_not_interact(full_extractor: Extractor) -> None:
    """Dopamine and serotonin of "dopamine D2 and serotonin 5-HT2A receptor antagonism" name receptors:
    "combination" or "combined" there joins no drugs taken together. Trap: dopamine as a drug taken."""
    mechanism = (
        "Olanzapine is an atypical antipsychotic. Its effect is thought to come from a combination of "
        "dopamine D2 and serotonin 5-HT2A receptor antagonism.",
        "Risperidone is an antipsychotic. Its effect may come from combined blockade of dopamine and "
        "serotonin receptors.",
    )
    for text in mechanism:
        assert facts(full_extractor, text, "dkv:interactsWith") == set()
    taken = "Olanzapine may oppose levodopa. Do not take olanzapine with levodopa or dopamine."
    assert facts(full_extractor, taken, "dkv:interactsWith") == {
        ("dk:drugbank-DB00334", "dkv:interactsWith", "dk:drugbank-DB00988", False),
        ("dk:drugbank-DB00334", "dkv:interactsWith", "dk:drugbank-DB01235", False),
    }


def test_a_transmitter_that_is_no_drug_is_no_subject(full_extractor: Extractor) -> None:
    """Serotonin (a neurotransmitter, no drug in the graph) is what a drug acts on: the risk is the
    drug's, not serotonin's."""
    text = "As with other medicines acting on serotonin reuptake, sertraline can raise the risk of bleeding."
    assert facts(full_extractor, text) == {("dk:sertraline", "dkv:hasRiskOf", "dk:bleeding", False)}
