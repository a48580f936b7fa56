"""``drugkg extract``: classes named by a phrase the graph has no name for ("QT-prolonging drugs",
"dopamine agonists", "hormonal contraceptives") are mentions of a class, each with its traps (a
head that selects or counts, a head that modifies a noun, a drug that the phrase only names)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.extract.class_phrases import class_phrases
from kg.extract.extractor import Extractor
from kg.extract.text import Document


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Avoid other QT-prolonging drugs.", ["QT-prolonging drugs"]),
        ("Levodopa and dopamine agonists may lose effect.", ["dopamine agonists"]),
        (
            "Birth control pills or other hormonal contraceptives may fail.",
            ["Birth control pills", "hormonal contraceptives"],
        ),
        ("Alcohol and other centrally acting drugs add sedation.", ["centrally acting drugs"]),
        ("Lunesta and other sleep medicines add to drowsiness.", ["sleep medicines"]),
        # trap: a plain head in the singular is one drug
        ("This long-acting medication works by slowing activity in the brain.", []),
        # "strong" grades the class, it does not name it
        ("Give half the dose with a strong CYP2D6 inhibitor.", ["CYP2D6 inhibitor"]),
        # traps: words that select or count are no class
        ("Tell your doctor about all prescription medicines and other drugs.", []),
        ("It is a potent inhibitor of CYP1A2.", []),
        # traps: a head that modifies the noun after it
        ("It has 5-HT2A antagonist activity.", []),
        ("Report adverse drug reactions.", []),
        # traps: a word that opens a clause or a place is no modifier
        ("Inhibitors raise its levels, whereas CYP3A4 inducers lower them.", ["CYP3A4 inducers"]),
        ("Look beyond medicines to diet.", []),
    ],
)
def test_class_phrases(text: str, expected: list[str]) -> None:
    found = class_phrases(text)
    assert [label for _, _, label in found] == expected
    assert all(text[start:end] == label for start, end, label in found)


@pytest.fixture(scope="module")
def extractor(store: ox.Store) -> Extractor:
    return Extractor(store, None, pairs=False)


def mentions(extractor: Extractor, text: str) -> set[tuple[str, str, str]]:
    result = extractor.extract(Document("s.txt", text))
    return {(e.text, e.type, e.ref) for e in result.entities}


def test_a_class_phrase_is_a_class_mention(extractor: Extractor) -> None:
    text = "Sertraline guide\n\nAvoid QT-prolonging drugs and dopamine agonists with sertraline."
    found = mentions(extractor, text)
    assert ("QT-prolonging drugs", "dkv:DrugClass", "dk:qt-prolonging-drugs") in found
    assert ("dopamine agonists", "dkv:DrugClass", "dk:dopamine-agonists") in found
    # trap: "dopamine agonists" are not dopamine
    assert not [m for m in found if m[0] == "dopamine"]


def test_a_named_class_keeps_its_name(extractor: Extractor) -> None:
    """ "SSRI drugs" are the SSRIs the graph names (the mention covers the plain head); "NSAIDs" is a
    name of its own."""
    found = mentions(extractor, "Sertraline guide\n\nSSRI drugs and NSAIDs raise the risk of bleeding.")
    assert {(t, r) for t, _, r in found} >= {("SSRI drugs", "dk:ssri"), ("NSAIDs", "dk:nsaid")}
    assert not [m for m in found if m[0] in ("SSRI", "NSAIDs raise") or m[2] == "dk:ssri-drugs"]


def test_a_named_class_before_a_plain_head_keeps_its_examples(extractor: Extractor) -> None:
    """ "Taking it with opioid medicines, such as oxycodone or codeine, can cause coma": the class and
    each example interact with the main drug, and the examples are opioids."""
    text = (
        "Alprazolam guide\n\nTaking it with opioid medicines, such as oxycodone or codeine, can cause coma and death."
    )
    result = extractor.extract(Document("s.txt", text))
    found = {(f.subject, f.predicate, f.object) for f in result.facts}
    assert {("dk:alprazolam", "dkv:interactsWith", x) for x in ("dk:opioid", "dk:oxycodone", "dk:codeine")} <= found
    assert {(s, o) for s, p, o in found if p == "dkv:memberOf"} == {
        ("dk:oxycodone", "dk:opioid"),
        ("dk:codeine", "dk:opioid"),
    }


def test_a_class_phrases_examples_are_members(extractor: Extractor) -> None:
    text = "Lithium guide\n\nAnti-inflammatory analgesics, for example ibuprofen, raise lithium levels."
    result = extractor.extract(Document("s.txt", text))
    assert {(f.subject, f.predicate, f.object) for f in result.facts if f.predicate == "dkv:memberOf"} == {
        ("dk:ibuprofen", "dkv:memberOf", "dk:anti-inflammatory-analgesics")
    }
