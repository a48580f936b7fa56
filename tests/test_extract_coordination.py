"""``kg.extract.coordination`` and the extractor's reading of lists (issue 29): a list's members are
of one kind, a member the graph does not name is proposed as that kind, and what a fact says of one
member it says of all. Every sentence is invented for this test."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from extract_facts import facts

from kg.extract.coordination import list_members
from kg.extract.extractor import Extractor
from kg.extract.pairs import contexts
from kg.extract.text import Document


def _members(text: str, named: tuple[str, ...]) -> list[list[tuple[str, bool]]]:
    known = [(m.start(), m.end()) for n in named for m in re.finditer(re.escape(n), text)]
    return [[(text[s:e], k) for s, e, k in one] for one in list_members(text, 0, len(text), known)]


@pytest.mark.parametrize(
    ("text", "named", "expected"),
    [
        (
            "Do not take it with warfarin, rifampin, digoxin or phenytoin because levels change.",
            ("warfarin", "digoxin", "phenytoin"),
            [[("warfarin", True), ("rifampin", False), ("digoxin", True), ("phenytoin", True)]],
        ),
        (
            "Side effects include nausea, loss of appetite, dizziness and dry mouth in adults.",
            ("nausea", "dizziness", "dry mouth"),
            [[("nausea", True), ("loss of appetite", False), ("dizziness", True), ("dry mouth", True)]],
        ),
        # "namely" leads a list
        (
            "Strong inducers, namely carbamazepine, phenytoin and phenobarbital.",
            ("carbamazepine", "phenytoin", "phenobarbital"),
            [[("carbamazepine", True), ("phenytoin", True), ("phenobarbital", True)]],
        ),
        # a member ends before "such as": its examples are no words of its name
        (
            "Examples are warfarin and digoxin; antibiotics such as erythromycin; and methadone.",
            ("warfarin", "digoxin", "erythromycin", "methadone"),
            [[("warfarin", True), ("digoxin", True), ("antibiotics", False)]],
        ),
        # traps: clauses are no members, people are no members, one named member makes no list
        (
            "Tell your doctor if you take warfarin, if you are pregnant, or if you drink alcohol.",
            ("warfarin", "alcohol"),
            [],
        ),
        ("It is approved in children, adolescents and adults with epilepsy.", ("epilepsy",), []),
        ("Reactions were nausea, sleepiness and yawning.", ("nausea",), []),
        # traps: a word that opens a clause is no member ("since, like other X, Y can cause")
        (
            "Weight matters, since, like other atypical antipsychotics, olanzapine can cause diabetes.",
            ("atypical antipsychotics", "olanzapine"),
            [],
        ),
        # a dose or a time is no member
        (
            "After fluoxetine, wait a gap of five weeks, or halve the dose, and avoid tramadol and linezolid.",
            ("fluoxetine", "tramadol", "linezolid"),
            [],
        ),
        # a part of the body or a lone adjective keeps the list going, but is no member
        (
            "Tell your doctor if you have seizures, heart or blood vessel disease, or kidney problems.",
            ("seizures", "blood vessel disease"),
            [[("seizures", True), ("blood vessel disease", True), ("kidney problems", False)]],
        ),
        (
            "Risks of a fall are somnolence, postural hypotension and motor or sensory instability.",
            ("somnolence", "postural hypotension", "sensory instability"),
            [[("somnolence", True), ("postural hypotension", True), ("sensory instability", True)]],
        ),
        (
            "Signs of an allergy are swelling of the face, lips or throat, hives, rash and itching.",
            ("hives", "rash", "itching"),
            [[("hives", True), ("rash", True), ("itching", True)]],
        ),
    ],
)
def test_list_members(text: str, named: tuple[str, ...], expected) -> None:
    assert _members(text, named) == expected


@pytest.fixture(scope="module")
def extractor(store: ox.Store) -> Extractor:
    return Extractor(store, None, pairs=False)


def test_an_unnamed_member_is_proposed_as_its_list_s_kind(extractor: Extractor) -> None:
    text = "The most common side effects of sertraline are insomnia, sleepiness, tremor and anxiety."
    common = {o for s, p, o, _ in facts(extractor, text, "dkv:hasCommonSideEffect") if s == "dk:sertraline"}
    assert common == {"dk:insomnia", "dk:sleepiness", "dk:tremor", "dk:anxiety"}


def test_a_fact_of_one_member_is_a_fact_of_the_list(extractor: Extractor) -> None:
    from kg.extract.extractor import Fact, bounded_sentences
    from kg.extract.text import Span, sections, sentences

    text = "In trials sertraline was linked with insomnia, tremor and anxiety in adults."
    result = extractor.extract(Document("s.txt", text))
    spans = bounded_sentences(text, sentences(text))
    one = text.index("insomnia")
    seed = Fact(
        "", "dk:sertraline", "https://w3id.org/drugkg/vocab/hasSideEffect", "dk:insomnia", False, True, 0.6,
        spans[0], 0, None, (one, one + len("insomnia")), Span(one, one, ""),
    )  # fmt: skip
    made = {(seed.subject, seed.predicate, seed.object, False): seed}
    extractor._list_propagated(text, contexts(text, spans, sections(text), result.entities), made)
    assert {(f.object, f.hypothetical) for f in made.values()} == {
        ("dk:insomnia", True),
        ("dk:tremor", True),
        ("dk:anxiety", True),
    }


def test_a_class_s_examples_share_its_interaction(extractor: Extractor) -> None:
    """Each example interacts as its class does; the examples and classes of one list do not
    interact with each other."""
    text = (
        "Some medicines raise the level of lithium. These include NSAIDs such as ibuprofen and naproxen, "
        "and SSRIs such as sertraline."
    )
    found = facts(extractor, text, "dkv:interactsWith")
    assert {frozenset((s, o)) for s, _, o, _ in found} == {
        frozenset(("dk:lithium", x)) for x in ("dk:nsaid", "dk:ibuprofen", "dk:naproxen", "dk:ssri", "dk:sertraline")
    }


def test_the_examples_after_a_sentence_about_taking_another_drug_interact_with_the_main_drug(
    full_store: ox.Store,
) -> None:
    """ "... if you also take another medicine that prolongs the QT interval. Examples are A, B; C
    such as D": the main drug interacts with each; an unnamed member before "such as" is a class."""
    extractor = Extractor(full_store, None, pairs=False)  # the open datasets name these drugs
    text = (
        "Hydroxyzine guide\n\nThe risk of QT prolongation is higher if you also take another medicine that "
        "affects the heart. Examples are quinidine, sotalol and amiodarone; antibiotics such as erythromycin; "
        "and methadone.\n"
    )
    result = extractor.extract(Document("s.txt", text))
    label = {e.ref: e.label for e in result.entities}
    partners = {
        (label[f.subject], label[f.object], tuple(label[o] for o in f.outcomes))
        for f in result.facts
        if f.predicate == "dkv:interactsWith"
    }
    assert partners == {
        ("hydroxyzine", x, ("qt prolongation",))
        for x in ("quinidine", "sotalol", "amiodarone", "antibiotics", "erythromycin", "methadone")
    }
    (antibiotics,) = [e for e in result.entities if e.text == "antibiotics"]
    assert (antibiotics.iri, antibiotics.type) == (None, "dkv:DrugClass")
    # trap: a sentence before that names its own drug keeps the list that drug's ("raise the level of lithium")
    other = "Hydroxyzine guide\n\nSome medicines interact with lithium. Examples are quinidine and sotalol.\n"
    found = facts(extractor, other, "dkv:interactsWith")
    quinidine, sotalol = "dk:drugbank-DB00908", "dk:drugbank-DB00489"
    assert {frozenset((s, o)) for s, _, o, _ in found} == {
        frozenset(("dk:lithium", quinidine)),
        frozenset(("dk:lithium", sotalol)),
    }


def test_a_list_that_holds_the_subject_is_not_its_object(extractor: Extractor) -> None:
    from kg.extract.extractor import Fact, bounded_sentences
    from kg.extract.text import Span, sections, sentences

    text = "Inhibitors such as tramadol, warfarin and aspirin raise sertraline levels."
    result = extractor.extract(Document("s.txt", text))
    spans = bounded_sentences(text, sentences(text))
    s, o = text.index("tramadol"), text.index("warfarin")
    seed = Fact(
        "", "dk:tramadol", "https://w3id.org/drugkg/vocab/interactsWith", "dk:warfarin", False, False, 0.6,
        spans[0], 0, (s, s + len("tramadol")), (o, o + len("warfarin")), Span(o, o, ""),
    )  # fmt: skip
    made = {(seed.subject, seed.predicate, seed.object, False): seed}
    extractor._list_propagated(text, contexts(text, spans, sections(text), result.entities), made)
    assert list(made) == [(seed.subject, seed.predicate, seed.object, False)]
