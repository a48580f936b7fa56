"""``drugkg extract``: the JSON contract, offsets, linking, negation, hypothesis and facts.

The texts in ``tests/data/extract/`` are written for these tests (see its README)."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.extract.corpus import read_corpus
from kg.extract.extractor import Extractor
from kg.extract.text import Document

DATA = Path(__file__).parent / "data" / "extract"
CORPUS = Path(__file__).parent.parent / "benchmarks" / "data" / "spl-adr-200db" / "train.jsonl.gz"


@pytest.fixture(scope="module")
def extractor(store: ox.Store) -> Extractor:
    return Extractor(store, None)


def facts_of(result) -> set[tuple[str, str, str, bool]]:
    return {(f.subject, f.predicate, f.object, f.negated) for f in result.facts}


def test_json_contract(cli, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = cli("extract", str(DATA / "lorazepam.txt"), str(DATA / "sertraline.txt"), "-o", str(out), "-q")
    assert result.code == 0, result.err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["source"] for d in data["documents"]] == [str(DATA / "lorazepam.txt"), str(DATA / "sertraline.txt")]
    for document in data["documents"]:
        text = Path(document["source"]).read_text(encoding="utf-8")
        for entity in document["entities"]:
            assert {"start", "end", "text", "type", "iri", "negated"} <= set(entity)
            assert text[entity["start"] : entity["end"]] == entity["text"]
            assert entity["type"].startswith("dkv:")
            assert entity["iri"] is None or entity["iri"].startswith("dk:")
        for fact in document["facts"]:
            assert {"subject", "predicate", "object", "negated", "confidence", "evidence"} <= set(fact)
            evidence = fact["evidence"]
            assert text[evidence["start"] : evidence["end"]] == evidence["text"]
            assert 0 < fact["confidence"] <= 1
    ids = [f["id"] for d in data["documents"] for f in d["facts"]]
    assert ids == [f"c{n}" for n in range(1, len(ids) + 1)]


def test_offsets_hold_on_label_sections(store: ox.Store) -> None:
    """text[start:end] is the mention and the evidence, on real FDA label text with the adverse-reaction model."""
    from kg.extract.adverse import AdverseReactionTagger

    extractor = Extractor(store, AdverseReactionTagger())
    sections = read_corpus(CORPUS)[:6]
    adverse_found = 0
    for section in sections:
        result = extractor.extract(Document(section.label, section.text))
        for entity in result.entities:
            assert section.text[entity.start : entity.end] == entity.text
            adverse_found += extractor.is_adverse_type(entity.type)
        for fact in result.facts:
            assert section.text[fact.evidence.start : fact.evidence.end] == fact.evidence.text
    assert adverse_found > 50


def test_facts_of_a_text(extractor: Extractor) -> None:
    text = (DATA / "lorazepam.txt").read_text(encoding="utf-8")
    found = facts_of(extractor.extract(Document("lorazepam.txt", text)))
    assert {
        ("dk:lorazepam", "dkv:memberOf", "dk:benzodiazepine", False),
        ("dk:lorazepam", "dkv:approvedFor", "dk:panic-disorder", False),
        ("dk:lorazepam", "dkv:memberOf", "dk:antidepressant", True),
        ("dk:lorazepam", "dkv:hasCommonSideEffect", "dk:drowsiness", False),
        ("dk:lorazepam", "dkv:hasCommonSideEffect", "dk:unsteadiness", False),
        ("dk:lorazepam", "dkv:hasSideEffect", "dk:memory-problems", False),
        ("dk:lorazepam", "dkv:interactsWith", "dk:alcohol", False),
        ("dk:lorazepam", "dkv:interactsWith", "dk:opioid", False),
        ("dk:lorazepam", "dkv:hasWithdrawalSymptom", "dk:tremor", False),
        ("dk:lorazepam", "dkv:hasWithdrawalSymptom", "dk:insomnia", False),
        ("dk:lorazepam", "dkv:hasWithdrawalSymptom", "dk:rebound-anxiety", False),
    } == found


@pytest.mark.parametrize(
    ("sentence", "fact", "negated", "hypothetical"),
    [
        (
            "Diazepam is not classified as an antidepressant.",
            ("dk:diazepam", "dkv:memberOf", "dk:antidepressant"),
            True,
            False,
        ),
        ("Diazepam is not an SSRI.", ("dk:diazepam", "dkv:memberOf", "dk:ssri"), True, False),
        ("Diazepam is a benzodiazepine.", ("dk:diazepam", "dkv:memberOf", "dk:benzodiazepine"), False, False),
        ("Diazepam does not treat clinical depression.", ("dk:diazepam", "dkv:treats", "dk:depression"), True, False),
        ("Diazepam may cause drowsiness.", ("dk:diazepam", "dkv:hasSideEffect", "dk:drowsiness"), False, True),
        (
            "If taken late, diazepam causes drowsiness.",
            ("dk:diazepam", "dkv:hasSideEffect", "dk:drowsiness"),
            False,
            True,
        ),
        (
            "Diazepam causes drowsiness without lethargy.",
            ("dk:diazepam", "dkv:hasSideEffect", "dk:lethargy"),
            True,
            False,
        ),
    ],
)
def test_negation_and_hypothesis(extractor: Extractor, sentence: str, fact, negated: bool, hypothetical: bool) -> None:
    result = extractor.extract(Document("s.txt", sentence))
    matching = [f for f in result.facts if (f.subject, f.predicate, f.object) == fact]
    assert [(f.negated, f.hypothetical) for f in matching] == [(negated, hypothetical)], result.facts


def test_negated_mentions(extractor: Extractor) -> None:
    result = extractor.extract(Document("s.txt", "No drowsiness was seen; lethargy was common."))
    assert {(e.text, e.negated) for e in result.entities} == {("drowsiness", True), ("lethargy", False)}
    # "with or without" denies neither; a plain "without" still denies
    result = extractor.extract(
        Document("s.txt", "It treats panic disorder with or without depression, without anxiety.")
    )
    assert {(e.text, e.negated) for e in result.entities} == {
        ("panic disorder", False),
        ("depression", False),
        ("anxiety", True),
    }


def test_mentions_linked_by_brand_name_synonym_and_id(extractor: Extractor) -> None:
    text = "Klonopin and DB01068 and SSRIs and GABA."
    result = extractor.extract(Document("s.txt", text))
    assert [(e.text, e.iri, e.type) for e in result.entities] == [
        ("Klonopin", "dk:clonazepam", "dkv:Drug"),
        ("DB01068", "dk:clonazepam", "dkv:Drug"),
        ("SSRIs", "dk:ssri", "dkv:TherapeuticClass"),
        ("GABA", "dk:gaba", "dkv:Neurotransmitter"),
    ]


def test_ambiguous_mention_lists_its_candidates(tmp_path: Path) -> None:
    from kg.compile.pipeline import compile_dataset

    store = compile_dataset()
    graph = ox.NamedNode("https://w3id.org/drugkg/graph/test")
    twin = ox.NamedNode("https://w3id.org/drugkg/entity/other-klonopin")
    store.extend(
        [
            ox.Quad(
                twin,
                ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode("https://w3id.org/drugkg/vocab/Drug"),
                graph,
            ),
            ox.Quad(twin, ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"), ox.Literal("Klonopin"), graph),
        ]
    )
    result = Extractor(store, None).extract(Document("s.txt", "Klonopin is a benzodiazepine."))
    (mention,) = [e for e in result.entities if e.text == "Klonopin"]
    assert mention.iri == "dk:clonazepam"  # a brand name beats a synonym
    assert mention.candidates == ["dk:clonazepam", "dk:other-klonopin"]
    (fact,) = [f for f in result.facts if f.predicate == "dkv:memberOf"]
    assert fact.confidence < 0.6  # an ambiguous subject lowers the confidence


def test_unknown_things_are_proposed_with_a_type(extractor: Extractor) -> None:
    result = extractor.extract(Document("s.txt", "Diazepam works by blocking the reuptake of calcium."))
    (new,) = [e for e in result.entities if e.iri is None]
    # the words as written; the name (and identifier) in the canonical form of a mechanism
    assert (new.text, new.type, new.label, new.proposed) == (
        "blocking the reuptake of calcium",
        "dkv:Mechanism",
        "blockade of the reuptake of calcium",
        "dk:blockade-of-the-reuptake-of-calcium",
    )
    assert ("dk:diazepam", "dkv:hasMechanism", "dk:blockade-of-the-reuptake-of-calcium", False) in facts_of(result)


def test_adverse_reactions_are_typed_adverse_effects(store: ox.Store) -> None:
    from kg.extract.adverse import AdverseReactionTagger

    extractor = Extractor(store, AdverseReactionTagger())
    text = "The most common adverse reactions were nausea, headache, somnolence and peripheral edema."
    result = extractor.extract(Document("s.txt", text))
    adverse = {e.text for e in result.entities if extractor.is_adverse_type(e.type)}
    assert {"nausea", "headache", "somnolence", "peripheral edema"} <= adverse
    assert all(e.type == "dkv:AdverseEffect" and e.iri is None for e in result.entities if e.text == "nausea")


def test_interaction_outcomes(extractor: Extractor) -> None:
    text = "Combining diazepam with opioids is dangerous. It can lead to coma or death."
    (fact,) = [f for f in extractor.extract(Document("s.txt", text)).facts if f.predicate == "dkv:interactsWith"]
    assert (fact.subject, fact.object, fact.outcomes) == ("dk:diazepam", "dk:opioid", ["dk:coma", "dk:death"])


def test_trig_draft(cli, tmp_path: Path) -> None:
    from kg.loading import load_file

    out = tmp_path / "draft.trig"
    text_file = tmp_path / "t.txt"
    text_file.write_text(
        "Diazepam Facts\nDiazepam is not an antidepressant. Diazepam causes drowsiness.\n", encoding="utf-8"
    )
    assert cli("extract", str(text_file), "--format", "trig", "-o", str(out), "-q").code == 0
    draft = ox.Store()
    load_file(draft, out)
    dk, dkv = "https://w3id.org/drugkg/entity/", "https://w3id.org/drugkg/vocab/"
    owl = "http://www.w3.org/2002/07/owl#"
    positive = [
        q for q in draft.quads_for_pattern(ox.NamedNode(dk + "diazepam"), ox.NamedNode(dkv + "memberOf"), None, None)
    ]
    assert positive == []  # negated: never a positive triple
    (npa,) = [
        q.subject
        for q in draft.quads_for_pattern(
            None, ox.NamedNode(owl + "assertionProperty"), ox.NamedNode(dkv + "memberOf"), None
        )
    ]
    assert {(q.predicate.value, q.object.value) for q in draft.quads_for_pattern(npa, None, None, None)} >= {
        (owl + "sourceIndividual", dk + "diazepam"),
        (owl + "targetIndividual", dk + "antidepressant"),
    }
    (side_effect,) = draft.quads_for_pattern(
        ox.NamedNode(dk + "diazepam"), ox.NamedNode(dkv + "hasSideEffect"), ox.NamedNode(dk + "drowsiness"), None
    )
    assert side_effect.graph_name.value.endswith("/section-1")
    oa = "http://www.w3.org/ns/oa#"
    starts = {int(q.object.value) for q in draft.quads_for_pattern(None, ox.NamedNode(oa + "start"), None, None)}
    exacts = {q.object.value for q in draft.quads_for_pattern(None, ox.NamedNode(oa + "exact"), None, None)}
    text = text_file.read_text(encoding="utf-8")
    assert text.index("Diazepam causes drowsiness.") in starts and "Diazepam causes drowsiness." in exacts
    labels = {
        q.object.value
        for q in draft.quads_for_pattern(ox.NamedNode(dk + "antidepressant"), None, None, None)
        if q.predicate.value.endswith("label")
    }
    assert labels == {"antidepressant"}


def test_shipped_model_records_its_inputs() -> None:
    """The adverse-reaction model names the command that fits it and the hashes of its inputs and outputs."""
    import hashlib

    from kg.extract import adverse

    manifest = json.loads((adverse.MODEL_DIR / adverse.MANIFEST_FILE).read_text(encoding="utf-8"))

    def sha256(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    assert manifest["command"] == "python -m kg.extract.adverse benchmarks/data/spl-adr-200db/train.jsonl.gz"
    assert manifest["corpus"]["sha256"] == sha256(CORPUS)
    assert manifest["params"] == adverse.PARAMS
    assert manifest["outputs"] == {adverse.MODEL_FILE: sha256(adverse.MODEL_DIR / adverse.MODEL_FILE)}
    assert not (adverse.MODEL_DIR / adverse.LEXICON_FILE).exists()  # the shipped model uses no lexicon
    code = Path(adverse.__file__).parent
    assert manifest["code"] == {name: sha256(code / name) for name in ("adverse.py", "corpus.py", "text.py")}


@pytest.mark.parametrize(
    ("text", "predicate", "expected"),
    [
        # a prohibition is advice, not a denial: the interaction is stated, not negated
        (
            "Escitalopram must not be given together with an MAOI.",
            "dkv:interactsWith",
            {("dk:escitalopram", "dk:maoi", False)},
        ),
        ("Venlafaxine is not a monoamine oxidase inhibitor.", "dkv:memberOf", {("dk:venlafaxine", "dk:maoi", True)}),
        # the class compared with is not the subject
        (
            "Like other antidepressants, venlafaxine can cause drowsiness.",
            "dkv:hasSideEffect",
            {("dk:venlafaxine", "dk:drowsiness", False)},
        ),
        # objects listed before a passive "were reported", said of the main drug
        (
            "Escitalopram is an SSRI. Drowsiness and insomnia were also reported.",
            "dkv:hasSideEffect",
            {("dk:escitalopram", "dk:drowsiness", False), ("dk:escitalopram", "dk:insomnia", False)},
        ),
        # a frequency given as a share, and a list after a parenthesis and "were"
        (
            "The adverse reactions of escitalopram (incidence of 5% or more) were drowsiness and insomnia.",
            "dkv:hasCommonSideEffect",
            {("dk:escitalopram", "dk:drowsiness", False), ("dk:escitalopram", "dk:insomnia", False)},
        ),
        (
            "The FDA approved sertraline for panic disorder.",
            "dkv:approvedFor",
            {("dk:sertraline", "dk:panic-disorder", False)},
        ),
        (
            "Stopping venlafaxine abruptly can cause drowsiness and insomnia.",
            "dkv:hasWithdrawalSymptom",
            {("dk:venlafaxine", "dk:drowsiness", False), ("dk:venlafaxine", "dk:insomnia", False)},
        ),
        (
            "When escitalopram is stopped, the dose should be reduced gradually rather than abruptly.",
            "dkv:discontinuationManagedBy",
            {("dk:escitalopram", "dk:gradual-taper", False)},
        ),
        (
            "Lithium works best when combined with psychotherapy.",
            "dkv:oftenCombinedWith",
            {("dk:lithium", "dk:psychotherapy", False)},
        ),
        # a list of members stops at the next class: no "SSRIs kind of NSAIDs", no "sertraline member of NSAIDs"
        (
            "Such drugs include NSAIDs such as ibuprofen and naproxen, and SSRIs such as sertraline.",
            "dkv:memberOf",
            {
                ("dk:ibuprofen", "dk:nsaid", False),
                ("dk:naproxen", "dk:nsaid", False),
                ("dk:sertraline", "dk:ssri", False),
            },
        ),
    ],
)
def test_relations_that_follow_the_sentence(extractor: Extractor, text: str, predicate: str, expected) -> None:
    result = extractor.extract(Document("s.txt", text))
    found = {(f.subject, f.object, f.negated) for f in result.facts if f.predicate == predicate}
    assert found == expected, result.facts
    if predicate == "dkv:memberOf":
        assert not [f for f in result.facts if f.predicate == "dkv:kindOf"]


def test_interaction_with_a_class_has_its_outcome_and_hedge(extractor: Extractor) -> None:
    text = "Taking venlafaxine with aspirin or NSAIDs may increase the risk of bleeding."
    facts = [f for f in extractor.extract(Document("s.txt", text)).facts]
    assert {(f.subject, f.predicate, f.object, tuple(f.outcomes)) for f in facts} == {
        ("dk:venlafaxine", "dkv:interactsWith", "dk:aspirin", ("dk:bleeding",)),
        ("dk:venlafaxine", "dkv:interactsWith", "dk:nsaid", ("dk:bleeding",)),
    }


def test_interactions_are_stated_of_the_main_drug(extractor: Extractor) -> None:
    text = "Venlafaxine is an SNRI. Use of an MAOI with venlafaxine can cause serotonin syndrome."
    facts = [f for f in extractor.extract(Document("s.txt", text)).facts if f.predicate == "dkv:interactsWith"]
    assert [(f.subject, f.object, f.outcomes) for f in facts] == [
        ("dk:venlafaxine", "dk:maoi", ["dk:serotonin-syndrome"])
    ]


def test_the_main_drug_is_the_one_the_title_names(extractor: Extractor) -> None:
    """A review of one drug may name a related drug more often; its title says which it is about."""
    text = (
        "Venlafaxine in practice: a short review\n\n"
        "Fluoxetine is an SSRI. Fluoxetine and sertraline are taken daily. In the first weeks it may cause insomnia."
    )
    facts = [f for f in extractor.extract(Document("s.txt", text)).facts if f.predicate == "dkv:hasSideEffect"]
    assert [(f.subject, f.object) for f in facts] == [("dk:venlafaxine", "dk:insomnia")]
    # trap: a first line that is a sentence is no title; the drug named most often is the main one
    text = (
        "Venlafaxine is an SNRI.\nFluoxetine is an SSRI. Fluoxetine is taken daily. "
        "In the first weeks it may cause insomnia."
    )
    facts = [f for f in extractor.extract(Document("s.txt", text)).facts if f.predicate == "dkv:hasSideEffect"]
    assert [(f.subject, f.object) for f in facts] == [("dk:fluoxetine", "dk:insomnia")]


def test_a_review_of_a_class_is_about_the_class_its_title_names(extractor: Extractor) -> None:
    """A title that names a class and no drug ("Benzodiazepines: a review of the class") makes the
    class the main subject: what "they" cause is the class's, not that of the member named most."""
    text = (
        "Benzodiazepines: a review of the class\n\n"
        "The class includes diazepam and lorazepam. Diazepam lasts longest, and diazepam is the oldest. "
        "They may cause drowsiness."
    )
    result = extractor.extract(Document("s.txt", text))
    assert extractor.main_drug(text, result.entities).ref == "dk:benzodiazepine"
    effects = {(f.subject, f.object) for f in result.facts if f.predicate == "dkv:hasSideEffect"}
    assert effects == {("dk:benzodiazepine", "dk:drowsiness")}
    # trap: a title that names a drug too is about the drug
    text = "Diazepam among the benzodiazepines\n\nLorazepam is shorter acting. It may cause drowsiness."
    result = extractor.extract(Document("s.txt", text))
    assert extractor.main_drug(text, result.entities).ref == "dk:diazepam"


def test_a_long_first_line_is_no_title(extractor: Extractor) -> None:
    """A first line of many words (a paragraph with no line break) is read as text, not a title (its
    reading stays linear: a title of up to twelve words is split into words one way only)."""
    text = "Venlafaxine and " + "fluoxetine then " * 2000 + "end\nFluoxetine is an SSRI."
    result = extractor.extract(Document("s.txt", text))
    assert extractor.main_drug(text, result.entities).ref == "dk:fluoxetine"


def test_brand_names_are_text_objects(extractor: Extractor) -> None:
    text = "Fluoxetine is sold under the brand names Sarafem and Rapiflux. Duloxetine (Drizalma Sprinkle) is an SNRI."
    facts = [f for f in extractor.extract(Document("s.txt", text)).facts if f.predicate == "dkv:brandName"]
    assert {(f.subject, f.object, f.literal) for f in facts} == {
        ("dk:fluoxetine", "Sarafem", True),
        ("dk:fluoxetine", "Rapiflux", True),
        ("dk:duloxetine", "Drizalma Sprinkle", True),
    }
    assert all(f.as_json()["literal"] is True for f in facts)
    # an abbreviation in parentheses is no brand
    assert not [
        f
        for f in extractor.extract(Document("s.txt", "Venlafaxine (SNRI) eases anxiety.")).facts
        if f.predicate == "dkv:brandName"
    ]


def test_effects_link_to_the_graphs_effects(extractor: Extractor) -> None:
    """A reaction in other words or another spelling links to the effect the graph has."""
    from kg.namespaces import DKV

    known = extractor.lexicon.same_words("problems with memory", str(DKV.ClinicalFinding))
    assert known is not None and known.curie == "dk:memory-problems"
    assert extractor.lexicon.same_words("memory", str(DKV.ClinicalFinding)) is None
    result = extractor.extract(Document("s.txt", "Escitalopram raised the risk of suicidal thoughts and behaviors."))
    assert [(e.text, e.iri) for e in result.entities if e.iri == "dk:suicidality"] == [
        ("suicidal thoughts and behaviors", "dk:suicidality")
    ]


def test_a_reaction_span_that_holds_a_clause_of_drugs_keeps_their_names(store: ox.Store) -> None:
    """The adverse-reaction model marks "Warfarin sodium raised lithium peak levels" as one
    reaction; a span of more than three words holding drug names is a clause about them, so the
    names stay linked and the level change is read."""
    from kg.extract.adverse import AdverseReactionTagger
    from kg.extract.text import sentences

    tagger = AdverseReactionTagger()
    text = "Warfarin sodium raised lithium peak levels and overall exposure by about 50%."
    assert [text[a:b] for a, b in tagger.spans(text, sentences(text))] == [
        "Warfarin sodium raised lithium peak levels"
    ]  # the model's reading, which the extractor overrules
    result = Extractor(store, tagger).extract(Document("s.txt", text))
    assert {e.text for e in result.entities if e.iri} >= {"Warfarin", "lithium"}
    assert {(f.subject, f.object) for f in result.facts if f.predicate == "dkv:interactsWith"} == {
        ("dk:warfarin", "dk:lithium")
    }
