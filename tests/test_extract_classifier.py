"""``drugkg extract``: the learnt relation pair classifier (``kg/extract/pairs.py``, issue 29).

The model ships in the package and is read offline; its record names the texts it was fitted on, by
sha256. Every sentence below is invented for this test, in wordings none of the trigger rules reads
(the rules alone find nothing in them: checked first), and names only drugs and findings the curated
graph has. The traps: an effect denied stays negated or absent, an effect of another drug in the
same sentence is not given to the wrong one, and two drugs listed together do not interact with each
other. The extractor runs without the adverse-reaction model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from extract_facts import facts

from kg.extract.extractor import Extractor
from kg.extract.pairs import MODEL_PATH, NONE, PairModel, load, training_digest
from kg.extract.text import Document

DEV = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "extraction-dev"


@pytest.fixture(scope="module")
def extractor(store: ox.Store) -> Extractor:
    return Extractor(store, None)


@pytest.fixture(scope="module")
def rules(store: ox.Store) -> Extractor:
    return Extractor(store, None, pairs=False)


def test_the_model_ships_in_the_package_and_loads_offline() -> None:
    assert MODEL_PATH.parent == Path(__file__).resolve().parent.parent / "kg" / "extract" / "models"
    model = load()
    assert isinstance(model, PairModel)
    assert {NONE, "hasCommonSideEffect", "hasSideEffect", "hasWithdrawalSymptom", "interactsWith", "memberOf"} <= set(
        model.classes
    )
    assert 0.0 < model.threshold < 1.0 and 0.0 < model.threshold_implied < 1.0
    record = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert record["trained_by"] == "python benchmarks/train_relations.py"
    assert not [t for t in record["training_texts"] if t.startswith("heldout/")]


def test_the_model_record_matches_its_training_texts() -> None:
    """The recorded sha256 is that of the texts and expected facts now in tune/ and train/: a change
    to them without fitting again fails here."""
    record = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    texts = [DEV / name for name in record["training_texts"]]
    on_disk = [t for part in ("tune", "train") for t in sorted((DEV / part).glob("*.txt"))]
    assert texts == on_disk
    assert record["training_sha256"] == training_digest(texts)


def test_a_model_round_trips_through_its_json() -> None:
    model = load()
    assert model is not None
    again = PairModel.from_json(model.as_json())
    feats = ["bias", "T:drug>finding", "L1:were", "C:frequent", "inlist"]
    assert again.best(feats)[0] == model.best(feats)[0]
    assert abs(again.best(feats)[1] - model.best(feats)[1]) < 1e-3


COMMON = "Clonazepam guide\nIn the trials, the events reported by at least 5% of people given clonazepam and more often than with placebo were drowsiness, irritability and tremor."  # noqa: E501
TWO_DRUGS = "Lithium and sertraline\nLithium commonly produces tremor, and sertraline was linked with insomnia in some patients."  # noqa: E501
STOPPED = (
    "Clonazepam notes\nAfter clonazepam was stopped suddenly, some patients had irritability, insomnia and anxiety."
)
TOGETHER = "Sertraline notes\nPeople on sertraline who also take warfarin or aspirin bleed more easily."


@pytest.mark.parametrize(
    ("text", "predicate", "expected"),
    [
        # a frequency given of a long subject, the list of effects after "were"
        (
            COMMON,
            "dkv:hasCommonSideEffect",
            {
                ("dk:clonazepam", "dkv:hasCommonSideEffect", "dk:drowsiness", False),
                ("dk:clonazepam", "dkv:hasCommonSideEffect", "dk:irritability", False),
                ("dk:clonazepam", "dkv:hasCommonSideEffect", "dk:tremor", False),
            },
        ),
        # taking two drugs, said as "people on X who also take Y"
        (
            TOGETHER,
            "dkv:interactsWith",
            {
                ("dk:sertraline", "dkv:interactsWith", "dk:warfarin", False),
                ("dk:sertraline", "dkv:interactsWith", "dk:aspirin", False),
            },
        ),
    ],
)
def test_relations_in_new_wordings(extractor: Extractor, rules: Extractor, text: str, predicate: str, expected) -> None:
    assert facts(rules, text, predicate) == set()  # no rule reads these words
    assert facts(extractor, text, predicate) == expected


def test_the_classifier_can_be_left_out(rules: Extractor) -> None:
    assert facts(rules, COMMON) == set()


def test_an_effect_of_another_drug_is_not_given_to_the_wrong_one(extractor: Extractor) -> None:
    found = facts(extractor, TWO_DRUGS)
    assert not [f for f in found if (f[0], f[2]) in {("dk:lithium", "dk:insomnia"), ("dk:sertraline", "dk:tremor")}]


def test_an_effect_said_of_the_first_of_two_drugs(extractor: Extractor) -> None:
    assert ("dk:lithium", "dkv:hasCommonSideEffect", "dk:tremor", False) in facts(extractor, TWO_DRUGS)


@pytest.mark.xfail(
    reason="'linked with' is read as two drugs taken together (lithium with sertraline); sertraline's insomnia missed",
    strict=True,
)
def test_two_drugs_each_with_its_effect(extractor: Extractor) -> None:
    found = facts(
        extractor,
        TWO_DRUGS,
    )
    assert found == {
        ("dk:lithium", "dkv:hasCommonSideEffect", "dk:tremor", False),
        ("dk:sertraline", "dkv:hasSideEffect", "dk:insomnia", False),
    }


@pytest.mark.parametrize(
    "text",
    ["Diazepam is not known to cause tremor.", "Sertraline did not lead to insomnia in the long-term studies."],
)
def test_a_denied_effect_is_negated_or_absent(extractor: Extractor, text: str) -> None:
    assert not [f for f in facts(extractor, text) if not f[3]]


def test_drugs_listed_together_do_not_interact_with_each_other(extractor: Extractor) -> None:
    text = (
        "Sertraline notes\nUsing sertraline together with tramadol or with fluvoxamine may bring on serotonin syndrome."
    )
    assert facts(extractor, text, "dkv:interactsWith") == {
        ("dk:sertraline", "dkv:interactsWith", "dk:tramadol", False),
        ("dk:sertraline", "dkv:interactsWith", "dk:fluvoxamine", False),
    }


@pytest.mark.xfail(
    reason="the shipped model gives these pairs a probability under its thresholds (0.9 / 0.8, chosen by "
    "cross-validation; they were 0.6 / 0.8 when this passed)",
    strict=True,
)
def test_a_withdrawal_symptom_after_stopping(extractor: Extractor) -> None:
    found = facts(
        extractor,
        STOPPED,
    )
    assert ("dk:clonazepam", "dkv:hasWithdrawalSymptom", "dk:insomnia", False) in found


def test_a_withdrawal_symptom_needs_words_of_stopping(extractor: Extractor) -> None:
    # the same effects with no stopping are no withdrawal symptoms
    found = facts(
        extractor, "Clonazepam notes\nSome patients who take clonazepam have irritability, insomnia and anxiety."
    )
    assert not [f for f in found if f[1] == "dkv:hasWithdrawalSymptom"]


@pytest.mark.xfail(
    reason="the shipped model gives these pairs a probability under its thresholds (0.9 / 0.8, chosen by "
    "cross-validation; they were 0.6 / 0.8 when this passed)",
    strict=True,
)
def test_every_withdrawal_symptom_of_a_list(extractor: Extractor) -> None:
    found = facts(
        extractor,
        STOPPED,
    )
    assert {o for _, p, o, _ in found if p == "dkv:hasWithdrawalSymptom"} == {
        "dk:irritability",
        "dk:insomnia",
        "dk:anxiety",
    }


@pytest.mark.xfail(
    reason="a bulleted list under a lead-in stays below the threshold for the implied main drug", strict=True
)
def test_a_bulleted_list_under_its_lead_in(extractor: Extractor) -> None:
    text = "Lorazepam leaflet\nThe side effects people mention most are:\n- drowsiness\n- irritability\n- tremor\n"
    assert {o for _, p, o, _ in facts(extractor, text) if p == "dkv:hasCommonSideEffect"} == {
        "dk:drowsiness",
        "dk:irritability",
        "dk:tremor",
    }


def test_the_classifier_facts_keep_the_json_contract(extractor: Extractor) -> None:
    result = extractor.extract(Document("s.txt", TOGETHER))
    (fact, *_) = [f for f in result.facts if f.object == "dk:warfarin"]
    out = fact.as_json()
    assert set(out) >= {"id", "subject", "predicate", "object", "negated", "hypothetical", "confidence", "evidence"}
    assert TOGETHER[out["evidence"]["start"] : out["evidence"]["end"]] == out["evidence"]["text"]
    assert TOGETHER[out["trigger"]["start"] : out["trigger"]["end"]] == out["trigger"]["text"]
    assert TOGETHER[slice(*out["object_span"])] == "warfarin"
    assert 0.0 < out["confidence"] <= 0.8


def test_a_sentence_of_too_many_mentions_is_left_to_the_rules(extractor: Extractor, rules: Extractor) -> None:
    """The pairs of a sentence grow with the square of its mentions: past ``MAX_PAIR_MENTIONS`` the
    classifier leaves the sentence to the rules (a list of names, a hostile text)."""
    from kg.extract.pairs import MAX_PAIR_MENTIONS

    names = ["sertraline", "tremor", "warfarin", "insomnia", "tramadol", "irritability", "aspirin", "anxiety"]
    listed = ", ".join((names * 8)[: MAX_PAIR_MENTIONS + 1])
    text = f"Clonazepam guide\nIn trials, the findings seen most often were {listed}."
    assert len(extractor.extract(Document("s.txt", text)).entities) > MAX_PAIR_MENTIONS
    assert facts(extractor, text) == facts(rules, text)
    shorter = f"Clonazepam guide\nIn trials, the findings seen most often were {', '.join(names[1::2])}."
    assert facts(extractor, shorter) != facts(rules, shorter)  # the classifier reads a list of four


def test_the_command_takes_the_classifier_or_leaves_it_out(cli, tmp_path: Path) -> None:
    source = tmp_path / "sertraline.txt"
    source.write_text(TOGETHER, encoding="utf-8")

    def triples(*options: str) -> set[tuple[str, str, str]]:
        result = cli("extract", str(source), "--no-adverse-model", "-q", *options)
        assert result.code == 0, result.err
        (document,) = json.loads(result.out)["documents"]
        return {(f["subject"], f["predicate"], f["object"]) for f in document["facts"]}

    assert triples() == {
        ("dk:sertraline", "dkv:interactsWith", "dk:warfarin"),
        ("dk:sertraline", "dkv:interactsWith", "dk:aspirin"),
    }
    assert triples("--no-pair-model") == set()


def test_a_use_needs_words_of_treatment() -> None:
    from kg.extract.pairs import PairContext, plausible
    from kg.extract.text import Section, Span

    def ctx(sentence: str) -> PairContext:
        return PairContext(Span(0, len(sentence), sentence), [], Section(0, "Opening", 0, len(sentence)), "", "")

    linked = "Less often the drug has been linked to seizures and dysphagia."
    assert not plausible("approvedFor", linked, ctx(linked))
    assert plausible("hasSideEffect", linked, ctx(linked))
    approved = "It is approved for schizophrenia and bipolar mania."
    assert plausible("approvedFor", approved, ctx(approved))


def test_what_a_patient_has_is_no_effect() -> None:
    from kg.extract.extractor import Entity
    from kg.extract.pairs import PairContext, plausible
    from kg.extract.text import Section, Span

    def judged(sentence: str, word: str) -> bool:
        found = [
            Entity(m.start(), m.end(), m.group(), "dkv:ClinicalFinding", f"dk:{m.group()}")
            for m in re.finditer(r"diabetes|glaucoma|insomnia|nausea", sentence)
        ]
        ctx = PairContext(Span(0, len(sentence), sentence), found, Section(0, "Opening", 0, len(sentence)), "", "")
        (o,) = [m for m in found if m.text == word]
        return plausible("hasSideEffect", sentence, ctx, o)

    assert not judged("Tell your doctor if you have diabetes, glaucoma or insomnia.", "glaucoma")
    assert not judged("It is used with care in patients with a history of glaucoma.", "glaucoma")
    # traps: what the drug causes in such patients is its effect; a plain list of effects is too
    assert judged("In patients with diabetes it can cause nausea and insomnia.", "nausea")
    assert judged("Common side effects are nausea and insomnia.", "insomnia")


def test_the_classifier_knows_a_paragraph_that_speaks_of_interactions() -> None:
    from kg.extract.extractor import Entity
    from kg.extract.pairs import contexts, features
    from kg.extract.text import sections, sentences

    text = (
        "Zolpidem notes\n\n"
        "Combined with other sedatives, zolpidem deepens sedation. Warfarin levels rise.\n\n"
        "Warfarin levels rise.\n\n"
        "People on sertraline who also take warfarin bleed more easily.\n"
    )
    found = contexts(text, sentences(text), sections(text), [])
    flags = {(c.sentence.start, c.sentence.text): c.interactions for c in found}
    # the second "Warfarin levels rise." is in a paragraph of its own, which says nothing of taking drugs together
    assert sorted(flags.items()) == [
        ((0, "Zolpidem notes"), False),
        ((16, "Combined with other sedatives, zolpidem deepens sedation."), True),
        ((74, "Warfarin levels rise."), True),
        ((97, "Warfarin levels rise."), False),
        ((120, "People on sertraline who also take warfarin bleed more easily."), True),
    ]
    warfarin = Entity(74, 82, "Warfarin", "dkv:Drug", "dk:warfarin")
    spoken, plain = (c for c in found if c.sentence.text == "Warfarin levels rise.")
    assert "C:interactions" in features(text, spoken, None, warfarin)
    assert "C:interactions" not in features(text, plain, None, warfarin)


def test_a_sentence_that_lists_what_the_one_before_announced_reads_it_as_its_lead_in() -> None:
    """ "The common reactions are mild. They include dizziness ...": the sentence before is the list's
    lead-in for the classifier, as the lead-in of bulleted lines is (its rate words make the effects
    common). Trap: a sentence that does not go on from the one before has no lead-in."""
    from kg.extract.extractor import Entity
    from kg.extract.pairs import contexts, features
    from kg.extract.text import sections, sentences

    text = (
        "Phenelzine notes\n\nThe common reactions are usually mild. They include dizziness and headache. "
        "Dizziness fades.\n"
    )
    found = contexts(text, sentences(text), sections(text), [])
    leads = {c.sentence.text: c.lead for c in found}
    assert leads["They include dizziness and headache."] == "The common reactions are usually mild."
    assert leads["Dizziness fades."] == ""
    dizziness = Entity(text.index("dizziness"), text.index("dizziness") + 9, "dizziness", "dkv:ClinicalFinding", "dk:x")
    (listing,) = (c for c in found if c.sentence.text.startswith("They"))
    assert "C:frequent" in features(text, listing, None, dizziness)


def test_the_main_drug_is_implied_for_every_member_of_a_list_that_opens_the_sentence() -> None:
    from kg.extract.extractor import Entity
    from kg.extract.pairs import candidate_pairs, contexts
    from kg.extract.text import sections, sentences
    from kg.namespaces import DKV

    text = (
        "Fluvoxamine notes\n\nAspirin, NSAIDs and warfarin raise the risk of bleeding. "
        "Lithium raises warfarin levels.\n"
    )
    found = [
        Entity(m.start(), m.end(), m.group(), "dkv:Drug", f"dk:{m.group().lower()}", classes=frozenset({str(DKV.Drug)}))
        for m in re.finditer(r"Fluvoxamine|Aspirin|NSAIDs|warfarin|Lithium", text)
    ]
    focus = found[0]
    implied = {
        (c.sentence.text[:7], o.text)
        for c in contexts(text, sentences(text), sections(text), found)
        for s, o in candidate_pairs(text, c, focus)
        if s is None
    }
    # trap: a drug after another drug's verb ("Lithium raises warfarin levels") is not the main drug's
    assert implied == {("Aspirin", "Aspirin"), ("Aspirin", "NSAIDs"), ("Aspirin", "warfarin"), ("Lithium", "Lithium")}


def test_a_use_the_classifier_reads_keeps_the_condition_as_qualified(full_store: ox.Store) -> None:
    """ "indicated for: - complex partial seizures", "- simple and complex absence seizures": the condition
    with its qualifying word, as the rules read an approval, not the bare "seizures" (the open datasets
    name seizures)."""
    extractor = Extractor(full_store, None)
    text = (DEV / "unseen" / "valproate.txt").read_text(encoding="utf-8")  # "Depakote is indicated for:" and bullets
    result = extractor.extract(Document("s.txt", text))
    words = {e.ref: e.text for e in result.entities}
    approved = {words.get(f.object) for f in result.facts if f.predicate == "dkv:approvedFor"}
    assert approved == {"bipolar disorder", "migraine", "partial seizures", "absence seizures"}  # not bare "seizures"


def test_interaction_talk_in_one_pass_says_what_each_paragraph_read_again_said() -> None:
    """The one-pass reading agrees with reading each sentence's paragraph from its start, on every
    development text and on texts whose sentences run on without blank lines."""
    from bisect import bisect_right

    from reference.interaction_paragraph import speaks_of_interactions

    from kg.extract.extractor import bounded_sentences
    from kg.extract.pairs import interaction_talk
    from kg.extract.text import sections, sentences

    texts = [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*/*.txt"))]
    texts.append("Notes\n" + " ".join(f"Drug {n} is given with food." for n in range(300)))
    texts.append("DRUG INTERACTIONS\nIt is safe.\n\nStill safe.\nCombined with X, it is not.\n\nNo.")
    for text in texts:
        spans = bounded_sentences(text, sentences(text))
        parts = sections(text)
        starts = [p.start for p in parts]
        expected = []
        for s in spans:
            i = bisect_right(starts, s.start) - 1
            expected.append(speaks_of_interactions(text, s, parts[i if i >= 0 and s.start < parts[i].end else 0]))
        assert interaction_talk(text, spans, parts) == expected


def test_bullet_continuations_in_one_pass_say_what_each_line_read_again_said() -> None:
    """The one-pass reading agrees with reading each sentence's line from its start, on every
    development text and on bulleted lines of several sentences."""
    from reference.bullet_line import continues_a_bullet

    from kg.extract.extractor import bounded_sentences
    from kg.extract.pairs import bullet_continuations
    from kg.extract.text import sentences

    texts = [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*/*.txt"))]
    texts.append("It can cause:\n- Seizures. See a doctor. Now.\n- Fainting. Rest.\nNo bullet. Here.\n2) One. Two.")
    texts.append("- " + " ".join(f"Drug {n} is given with food." for n in range(300)))
    for text in texts:
        spans = bounded_sentences(text, sentences(text))
        assert bullet_continuations(text, spans) == [continues_a_bullet(text, s) for s in spans]
    assert sum(bullet_continuations(texts[-2], sentences(texts[-2]))) == 4  # the test can tell
