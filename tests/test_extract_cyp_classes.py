"""``drugkg extract``: classes named by a cytochrome P450 enzyme ("CYP2D6 inhibitors", "CYP3A4
inducers") link to FDA's classes of those names in the full graph ("Cytochrome P450 2D6 Inhibitor
[EPC]", "Cytochrome P450 3A4 Inducers [MoA]"), and their examples are members; an enzyme coordinated
with another ("CYP3A4 or CYP2D6 inhibitors such as ...") says of no example which class it is in."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.extract.extractor import Extractor
from kg.extract.text import Document

CYP2D6_INHIBITOR = "dk:ndfrt-N0000182135"  # Cytochrome P450 2D6 Inhibitor [EPC]
CYP3A4_INHIBITORS = "dk:ndfrt-N0000182141"  # Cytochrome P450 3A4 Inhibitors [MoA]
CYP3A4_INDUCERS = "dk:ndfrt-N0000185506"  # Cytochrome P450 3A4 Inducers [MoA]


@pytest.fixture(scope="module")
def extractor(full_store: ox.Store) -> Extractor:
    return Extractor(full_store, None, pairs=False)


def members(extractor: Extractor, text: str) -> set[tuple[str, str]]:
    result = extractor.extract(Document("s.txt", text))
    return {(f.subject, f.object) for f in result.facts if f.predicate == "dkv:memberOf"}


def test_cyp_classes_link_to_fdas_classes(extractor: Extractor) -> None:
    text = (
        "Sertraline guide\n\nStrong CYP2D6 inhibitors such as fluoxetine raise sertraline levels. "
        "CYP3A4 inducers such as carbamazepine lower them, and CYP3A4 inhibitors such as ketoconazole raise them."
    )
    found = members(extractor, text)
    assert {o for _, o in found} == {CYP2D6_INHIBITOR, CYP3A4_INDUCERS, CYP3A4_INHIBITORS}
    assert len(found) == 3
    # trap: the text's drug, named after the verb, is in none of them
    assert not [s for s, _ in found if s == "dk:sertraline"]


def test_an_enzyme_coordinated_with_another_gives_no_membership(extractor: Extractor) -> None:
    text = (
        "Sertraline guide\n\nCYP3A4 or CYP2D6 inhibitors such as ketoconazole and fluoxetine raise sertraline levels."
    )
    assert members(extractor, text) == set()


def test_a_class_and_its_examples_share_an_interaction(extractor: Extractor) -> None:
    """ "Strong CYP2D6 inhibitors, for example fluoxetine, raise sertraline levels": the class and the
    example each interact with sertraline, with the changed level as outcome."""
    text = "Sertraline guide\n\nStrong CYP2D6 inhibitors, for example fluoxetine, raise sertraline levels."
    result = extractor.extract(Document("s.txt", text))
    labels = {e.ref: e.label for e in result.entities}
    found = {
        (f.subject, f.object, tuple(labels[o] for o in f.outcomes))
        for f in result.facts
        if f.predicate == "dkv:interactsWith"
    }
    assert found == {
        ("dk:sertraline", "dk:fluoxetine", ("increased sertraline levels",)),
        ("dk:sertraline", CYP2D6_INHIBITOR, ("increased sertraline levels",)),
    }
