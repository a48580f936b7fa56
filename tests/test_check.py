"""``drugkg check``: warnings, their chains of asserted facts and sources, bad input, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from hostile_text import INJECTION_NAME

from kg.analysis.medication_check import ABSENCE_NOTE, CheckGraph, CheckReport, check
from kg.errors import InputError
from kg.namespaces import DK

ARTICLE_CLASS = "The drug and its class (Article on clonazepam (Klonopin) and depression)"
ARTICLE_SAFETY = "Side effects and safety concerns (Article on clonazepam (Klonopin) and depression)"
ATC_N02A = "ATC group N02A: opioids (WHO ATC/DDD Index)"
DRUGCENTRAL_CLASSES = "DrugCentral pharmacologic classes (pharm_class.tsv) (DrugCentral (data release 2016-11))"
ATC_N06AB = "ATC group N06AB: selective serotonin reuptake inhibitors (WHO ATC/DDD Index)"
FDA_2016 = (
    "Safety announcement and boxed warning on opioids with benzodiazepines (FDA Drug Safety Communication "
    "(2016-08-31): serious risks and death when combining opioid pain or cough medicines with benzodiazepines)"
)
FDA_2020 = (
    "Podcast: the risks of benzodiazepines (FDA Drug Safety Podcast: Boxed Warning updated to improve safe "
    "use of the benzodiazepine drug class)"
)
OXYCONTIN = (
    "OxyContin label, warnings and drug interactions: benzodiazepines and other CNS depressants (OXYCONTIN "
    "(oxycodone hydrochloride extended-release tablets) prescribing information)"
)
LETHAL_OUTCOMES = ("dk:coma", "dk:death", "dk:extreme-sleepiness", "dk:respiratory-depression")

Chain = tuple[tuple[str, str, str, tuple[str, ...]], ...]


def _chain(steps) -> Chain:
    return tuple((s.subject.curie, s.predicate.curie, s.object.curie, s.sources) for s in steps)


def _interactions(report: CheckReport) -> dict[str, tuple[tuple[str, str], tuple[str, ...], str, Chain]]:
    """Every path of every warning, by its interaction node."""
    return {
        p.interaction.curie: (
            (w.drugs[0].curie, w.drugs[1].curie),
            tuple(o.curie for o in p.outcomes),
            p.severity,
            _chain(p.chain),
        )
        for w in report.interactions
        for p in w.paths
    }


def test_clonazepam_with_alcohol(store: ox.Store) -> None:
    report = check(store, ["clonazepam", "alcohol"])
    pair = ("dk:clonazepam", "dk:alcohol")
    assert _interactions(report) == {
        "dk:interaction-benzodiazepines-alcohol": (
            pair,
            ("dk:death", "dk:overdose"),
            "life-threatening",
            (
                ("dk:clonazepam", "dkv:memberOf", "dk:benzodiazepine", (ARTICLE_CLASS,)),
                ("dk:benzodiazepine", "dkv:interactsWith", "dk:alcohol", (FDA_2020,)),
            ),
        ),
        "dk:interaction-clonazepam-alcohol": (
            pair,
            LETHAL_OUTCOMES,
            "life-threatening",
            (("dk:clonazepam", "dkv:interactsWith", "dk:alcohol", (ARTICLE_SAFETY,)),),
        ),
        "dk:interaction-clonazepam-cns-depressants": (
            pair,
            LETHAL_OUTCOMES,
            "life-threatening",
            (
                ("dk:alcohol", "dkv:memberOf", "dk:cns-depressant", (ARTICLE_SAFETY, FDA_2016)),
                ("dk:clonazepam", "dkv:interactsWith", "dk:cns-depressant", (ARTICLE_SAFETY,)),
            ),
        ),
    }
    assert report.duplicate_therapy == []  # alcohol is a substance, not a drug taken as therapy


def test_clonazepam_with_oxycodone(store: ox.Store) -> None:
    report = check(store, ["clonazepam", "oxycodone"])
    pair = ("dk:clonazepam", "dk:oxycodone")
    oxycodone_is_opioid = ("dk:oxycodone", "dkv:memberOf", "dk:opioid", (ATC_N02A,))
    assert _interactions(report) == {
        "dk:interaction-clonazepam-cns-depressants": (
            pair,
            LETHAL_OUTCOMES,
            "life-threatening",
            (
                oxycodone_is_opioid,
                ("dk:opioid", "dkv:kindOf", "dk:cns-depressant", (ARTICLE_SAFETY,)),
                ("dk:clonazepam", "dkv:interactsWith", "dk:cns-depressant", (ARTICLE_SAFETY,)),
            ),
        ),
        "dk:interaction-clonazepam-opioids": (
            pair,
            LETHAL_OUTCOMES,
            "life-threatening",
            (oxycodone_is_opioid, ("dk:clonazepam", "dkv:interactsWith", "dk:opioid", (ARTICLE_SAFETY,))),
        ),
        "dk:interaction-opioids-benzodiazepines": (
            pair,
            LETHAL_OUTCOMES,
            "life-threatening",
            (
                ("dk:clonazepam", "dkv:memberOf", "dk:benzodiazepine", (ARTICLE_CLASS,)),
                oxycodone_is_opioid,
                ("dk:benzodiazepine", "dkv:interactsWith", "dk:opioid", (FDA_2016,)),
            ),
        ),
        "dk:interaction-opioids-cns-depressants": (
            pair,
            LETHAL_OUTCOMES,
            "life-threatening",
            (
                ("dk:clonazepam", "dkv:memberOf", "dk:cns-depressant", (ARTICLE_SAFETY,)),
                oxycodone_is_opioid,
                ("dk:cns-depressant", "dkv:interactsWith", "dk:opioid", (FDA_2016, OXYCONTIN)),
            ),
        ),
    }
    # Both are CNS depressants (clonazepam as stated, oxycodone through the opioids), but that is
    # a broad effect class, the reason they interact: no duplicate therapy.
    assert report.duplicate_therapy == []


@pytest.mark.parametrize("benzodiazepine", ["alprazolam", "diazepam", "lorazepam", "Klonopin"])
@pytest.mark.parametrize("opioid", ["oxycodone", "morphine", "fentanyl", "codeine", "hydrocodone", "methadone"])
def test_every_benzodiazepine_with_every_opioid_gets_the_fda_warning(
    store: ox.Store, benzodiazepine: str, opioid: str
) -> None:
    report = check(store, [benzodiazepine, opioid])
    assert "dk:interaction-opioids-benzodiazepines" in _interactions(report)


def test_klonopin_resolves_to_clonazepam(store: ox.Store) -> None:
    (drug,) = check(store, ["Klonopin"]).drugs
    assert (drug.name, drug.entity.curie, drug.matched_by) == ("Klonopin", "dk:clonazepam", "brand name")


def test_the_same_drug_twice_is_one_drug(store: ox.Store) -> None:
    report = check(store, ["Klonopin", "clonazepam", "dk:clonazepam"])
    assert [d.entity.curie for d in report.drugs] == ["dk:clonazepam"]
    assert report.interactions == [] and report.duplicate_therapy == []


def test_a_single_drug_gives_no_pair_warning_but_its_activities(store: ox.Store) -> None:
    report = check(store, ["clonazepam"])
    assert report.interactions == [] and report.duplicate_therapy == []
    assert {(w.activity.curie, _chain(w.chain)) for w in report.activities_to_avoid} == {
        ("dk:driving", (("dk:clonazepam", "dkv:makesUnsafe", "dk:driving", (ARTICLE_SAFETY,)),)),
        (
            "dk:operating-heavy-machinery",
            (("dk:clonazepam", "dkv:makesUnsafe", "dk:operating-heavy-machinery", (ARTICLE_SAFETY,)),),
        ),
    }


def test_unrelated_drugs_give_no_interaction(store: ox.Store) -> None:
    report = check(store, ["sertraline", "clonazepam"])
    assert report.interactions == [] and report.duplicate_therapy == []


def test_two_ssris_are_duplicate_therapy(full_store: ox.Store) -> None:
    report = check(full_store, ["sertraline", "fluoxetine"])
    assert report.interactions == []
    assert {(w.drug_class.curie, _chain(w.chain)) for w in report.duplicate_therapy} == {
        (
            "dk:ssri",
            (
                ("dk:sertraline", "dkv:memberOf", "dk:ssri", (ATC_N06AB,)),
                ("dk:fluoxetine", "dkv:memberOf", "dk:ssri", (ATC_N06AB,)),
            ),
        ),
    }
    # The FDA established class Serotonin Reuptake Inhibitor lists them both, but also trazodone: the
    # mappings record it as a narrower match of the SSRIs only, so it makes no duplicate of its own.


def test_two_benzodiazepines_are_duplicate_therapy_not_an_interaction(curated_store: ox.Store) -> None:
    """Diazepam is a CNS depressant only as a benzodiazepine, which clonazepam is too: the article's
    "clonazepam with *other* CNS depressants" is not about it. A duplicate therapy, no "coma, death"
    (docs/medication-check.md); on the built graph the FDA class is the more specific duplicate."""
    report = check(curated_store, ["clonazepam", "diazepam"])
    assert report.interactions == []
    assert [w.drug_class.curie for w in report.duplicate_therapy] == ["dk:benzodiazepine"]


def test_one_verdict_per_pair_with_every_path_under_it(curated_store: ox.Store) -> None:
    """Four interaction nodes reach clonazepam + oxycodone: one warning, the paths under it."""
    (warning,) = check(curated_store, ["clonazepam", "oxycodone"]).interactions
    assert (warning.severity, warning.contraindicated, warning.mechanism) == ("life-threatening", False, None)
    assert {p.interaction.curie for p in warning.paths} == {
        "dk:interaction-clonazepam-cns-depressants",
        "dk:interaction-clonazepam-opioids",
        "dk:interaction-opioids-benzodiazepines",
        "dk:interaction-opioids-cns-depressants",
    }
    assert (warning.interaction, warning.chain) == (warning.paths[0].interaction, warning.paths[0].chain)
    assert {o.curie for o in warning.outcomes} == set(LETHAL_OUTCOMES)


def test_duplicate_therapy_names_the_most_specific_shared_class(curated_store: ox.Store) -> None:
    # SSRI and SNRI are both kinds of antidepressant: the shared class is the antidepressants.
    assert {w.drug_class.curie for w in check(curated_store, ["sertraline", "venlafaxine"]).duplicate_therapy} == {
        "dk:antidepressant"
    }
    # Two benzodiazepines share the benzodiazepines and, above them, the CNS depressants.
    assert {w.drug_class.curie for w in check(curated_store, ["diazepam", "alprazolam"]).duplicate_therapy} == {
        "dk:benzodiazepine"
    }


def test_warnings_are_deterministic(store: ox.Store) -> None:
    names = ["oxycodone", "Klonopin", "alcohol", "alprazolam", "sertraline", "fluoxetine"]
    assert check(store, names).to_json() == check(store, names).to_json()


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["klonopn"], "no entity named 'klonopn'; did you mean: klonopin?"),
        (
            ["oxycodone", "sertralin"],
            "no entity named 'sertralin'; did you mean: sertraline, sermorelin, eritoran, terbutaline, satraplatin?",
        ),
        ([INJECTION_NAME], f"no entity named {INJECTION_NAME!r}"),
        (["depression"], "'depression' names clinical depression (dk:depression), which is not a drug or substance"),
        ([], "no drug names given"),
    ],
)
def test_bad_names_are_one_line_errors(full_store: ox.Store, names: list[str], expected: str) -> None:
    with pytest.raises(InputError) as error:
        check(full_store, names)
    assert str(error.value) == expected


def test_every_bad_name_is_reported_at_once(store: ox.Store) -> None:
    with pytest.raises(InputError) as error:
        check(store, ["klonopn", "oxycodone", "sertralin"])
    assert "'klonopn'" in str(error.value) and "'sertralin'" in str(error.value)
    assert "\n" not in str(error.value)


def _graph_with(tmp_path: Path, built, extra: str) -> Path:
    """The built graph plus a few extra TriG lines, as a file for --graph."""
    path = tmp_path / "graph.trig"
    path.write_text(built.graph_file.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    return path


def test_names_with_sparql_syntax_are_just_names(tmp_path: Path, built) -> None:
    """A drug whose label is SPARQL syntax resolves, is checked like any other, and changes nothing."""
    from kg.loading import load_file

    extra = (
        "<https://example.org/src> { <https://example.org/hostile> a <https://w3id.org/drugkg/vocab/Drug> ; "
        f"<http://www.w3.org/2000/01/rdf-schema#label> {json.dumps(INJECTION_NAME)} ; "
        "<https://w3id.org/drugkg/vocab/memberOf> <https://w3id.org/drugkg/entity/benzodiazepine> . }\n"
    )
    dataset = ox.Store()
    load_file(dataset, _graph_with(tmp_path, built, extra))
    before = set(dataset)
    report = check(dataset, [INJECTION_NAME, "oxycodone"])
    assert set(dataset) == before
    assert report.drugs[0].entity.iri == "https://example.org/hostile"
    assert "dk:interaction-opioids-benzodiazepines" in _interactions(report)
    assert report.interactions[0].chain[0].sources == ("https://example.org/src",)


def test_ambiguous_name_lists_the_candidates(tmp_path: Path, built, cli) -> None:
    extra = (
        '<https://example.org/src> { <https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "twin" . '
        '<https://example.org/b> <http://www.w3.org/2000/01/rdf-schema#label> "twin" . }\n'
    )
    result = cli("check", "twin", "--graph", str(_graph_with(tmp_path, built, extra)))
    assert result.code == 2 and result.out == ""
    assert result.err == (
        "drugkg check: error: 'twin' is ambiguous: it names "
        "https://example.org/a (twin, by label), https://example.org/b (twin, by label); "
        "give a label or CURIE instead\n"
    )


def test_an_ambiguous_brand_name_lists_the_candidates(tmp_path: Path, built, cli) -> None:
    """Two drugs sold under one brand: the error names both and how the name matched, on one line."""
    brand = "<https://w3id.org/drugkg/vocab/brandName>"
    extra = (
        f'<https://example.org/src> {{ <https://w3id.org/drugkg/entity/sertraline> {brand} "Twinax" . '
        f'<https://w3id.org/drugkg/entity/fluoxetine> {brand} "Twinax" . }}\n'
    )
    result = cli("check", "Twinax", "oxycodone", "--graph", str(_graph_with(tmp_path, built, extra)))
    assert result.code == 2 and result.out == ""
    assert result.err == (
        "drugkg check: error: 'Twinax' is ambiguous: it names dk:fluoxetine (fluoxetine, by brand name), "
        "dk:sertraline (sertraline, by brand name); give a label or CURIE instead\n"
    )


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["naloxone", "oxycodone"], 0),
        (["sertraline", "oxycodone"], 1),
        (["sertraline"], 0),
        (["clonazepam", "alcohol"], 1),
        (["sertraline", "fluoxetine"], 1),
        (["clonazepam"], 1),
        (["klonopn"], 2),
        ([INJECTION_NAME], 2),
        ([], 2),
    ],
)
def test_exit_codes(cli, argv: list[str], code: int) -> None:
    result = cli("check", *argv)
    assert result.code == code
    if code == 2:
        assert result.err.count("\n") == 1 and "Traceback" not in result.err and result.out == ""


def test_help_documents_the_exit_codes(cli) -> None:
    result = cli("check", "--help")
    assert result.code == 0
    assert "0  no warnings" in result.out and "1  at least one warning" in result.out and "2  error" in result.out


def test_table_output(cli) -> None:
    result = cli("check", "Klonopin", "oxycodone")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == "medication list: Klonopin = clonazepam, oxycodone"
    assert "INTERACTION clonazepam + oxycodone: life-threatening" in lines
    assert f"    1. oxycodone -member of-> opioid   [{ATC_N02A}]" in lines
    assert "  also: opioids with benzodiazepines (dk:interaction-opioids-benzodiazepines): life-threatening" in lines
    assert lines[-1] == "3 warning(s): 1 interaction(s), 0 duplicate therapy, 2 activity(ies) to avoid"
    assert not any(line.startswith("NO KNOWN INTERACTION") for line in lines)


def test_json_output(cli) -> None:
    result = cli("check", "clonazepam", "alcohol", "--format", "json")
    assert result.code == 1
    data = json.loads(result.out)
    assert set(data) == {
        "drugs",
        "interactions",
        "duplicate_therapy",
        "activities_to_avoid",
        "warning_count",
        "coverage",
    }
    assert data["warning_count"] == 3  # one interaction (three paths), two activities
    assert [d["curie"] for d in data["drugs"]] == ["dk:clonazepam", "dk:alcohol"]
    (warning,) = data["interactions"]
    assert set(warning) == {
        "drugs",
        "interaction",
        "outcomes",
        "severity",
        "contraindicated",
        "chain",
        "mechanism",
        "chains",
    }
    assert warning["mechanism"] is None
    assert (warning["interaction"], warning["chain"]) == (
        warning["chains"][0]["interaction"],
        warning["chains"][0]["chain"],
    )
    assert {c["interaction"]["curie"] for c in warning["chains"]} == {
        "dk:interaction-benzodiazepines-alcohol",
        "dk:interaction-clonazepam-alcohol",
        "dk:interaction-clonazepam-cns-depressants",
    }
    assert {c["contraindicated"] for c in warning["chains"]} == {False}
    assert data["coverage"]["pairs_without_interaction"] == []
    (direct,) = (c for c in warning["chains"] if c["interaction"]["curie"] == "dk:interaction-clonazepam-alcohol")
    step = direct["chain"][0]
    assert step == {
        "subject": {
            "iri": "https://w3id.org/drugkg/entity/clonazepam",
            "curie": "dk:clonazepam",
            "label": "clonazepam",
        },
        "predicate": {
            "iri": "https://w3id.org/drugkg/vocab/interactsWith",
            "curie": "dkv:interactsWith",
            "label": "interacts with",
        },
        "object": {"iri": "https://w3id.org/drugkg/entity/alcohol", "curie": "dk:alcohol", "label": "alcohol"},
        "sources": [ARTICLE_SAFETY],
    }


def test_check_on_a_graph_file_without_named_graphs(tmp_path: Path, cli) -> None:
    flat = tmp_path / "flat.ttl"
    assert cli("export", "--format", "turtle", "-o", str(flat)).code == 0
    result = cli("check", "--graph", str(flat), "--format", "json", "clonazepam", "alcohol")
    assert result.code == 1
    data = json.loads(result.out)
    chains = [c for w in data["interactions"] for c in w["chains"]]
    assert {c["interaction"]["curie"] for c in chains} == {
        "dk:interaction-benzodiazepines-alcohol",
        "dk:interaction-clonazepam-alcohol",
        "dk:interaction-clonazepam-cns-depressants",
    }
    assert {s for c in chains for step in c["chain"] for s in step["sources"]} == {
        "the default graph of the input file"
    }


# -- duplicate therapy: therapeutic classes only ----------------------------------------------


@pytest.mark.parametrize(
    ("names", "duplicate"),
    [
        (["sertraline", "fluoxetine"], {"dk:ssri"}),
        (["alprazolam", "diazepam"], {"dk:benzodiazepine"}),
        (["oxycodone", "morphine"], {"dk:opioid"}),
        # both are also serotonergic opioids, a grouping for a warning, not a therapeutic class
        (["tramadol", "fentanyl"], {"dk:opioid"}),
        (["phenelzine", "Parnate"], {"dk:maoi"}),
        (["warfarin", "Eliquis"], {"dk:anticoagulant"}),
        (["Advil", "Aleve"], {"dk:nsaid"}),
        (["sertraline", "venlafaxine"], {"dk:antidepressant"}),
        # a benzodiazepine and an opioid share only the broad CNS depressants: they interact, no duplicate
        (["alprazolam", "oxycodone"], set()),
        (["clonazepam", "oxycodone"], set()),
        (["clonazepam", "alcohol"], set()),
        (["naloxone", "oxycodone"], set()),
    ],
)
def test_duplicate_therapy_is_reported_on_therapeutic_classes_only(
    curated_store: ox.Store, names: list[str], duplicate: set[str]
) -> None:
    """The article's graph: its therapeutic classes against its broad effect classes."""
    assert {w.drug_class.curie for w in check(curated_store, names).duplicate_therapy} == duplicate


# FDA established pharmacologic classes (DrugCentral 2016, pharm_class.tsv rows of type EPC) are
# therapeutic classes too: N0000175696 Serotonin Reuptake Inhibitor (sertraline, fluoxetine),
# N0000175694 Benzodiazepine (alprazolam, diazepam; mapped as a kind of dk:benzodiazepine, so the more
# specific shared class), N0000175690 Opioid Agonist (oxycodone, morphine, tramadol, fentanyl),
# N0000175744 Monoamine Oxidase Inhibitor (phenelzine, tranylcypromine), N0000175722 Nonsteroidal
# Anti-inflammatory Drug (ibuprofen, naproxen).
@pytest.mark.parametrize(
    ("names", "duplicate"),
    [
        # the FDA classes Serotonin Reuptake Inhibitor, Opioid Agonist and Monoamine Oxidase Inhibitor
        # are close matches only (they list trazodone, loperamide, rasagiline): the curated class says it
        (["sertraline", "fluoxetine"], {"dk:ssri"}),
        (["alprazolam", "diazepam"], {"dk:ndfrt-N0000175694"}),
        (["oxycodone", "morphine"], {"dk:opioid"}),
        (["tramadol", "fentanyl"], {"dk:opioid"}),
        (["phenelzine", "Parnate"], {"dk:maoi"}),
        (["loperamide", "oxycodone"], set()),
        (["trazodone", "sertraline"], {"dk:antidepressant"}),
        (["warfarin", "Eliquis"], {"dk:anticoagulant"}),
        (["Advil", "Aleve"], {"dk:nsaid", "dk:ndfrt-N0000175722"}),
        (["sertraline", "venlafaxine"], {"dk:antidepressant"}),
        (["alprazolam", "oxycodone"], set()),
        (["clonazepam", "oxycodone"], set()),
        (["clonazepam", "alcohol"], set()),
        (["naloxone", "oxycodone"], set()),
    ],
)
def test_duplicate_therapy_on_the_built_graph_includes_fda_established_classes(
    full_store: ox.Store, names: list[str], duplicate: set[str]
) -> None:
    assert {w.drug_class.curie for w in check(full_store, names).duplicate_therapy} == duplicate


def test_broad_effect_classes_are_not_therapeutic_classes(store: ox.Store) -> None:
    graph = CheckGraph(store)
    classes = ["ssri", "snri", "benzodiazepine", "opioid", "antidepressant", "maoi", "nsaid", "anticoagulant"]
    classes += ["antiplatelet", "opioid-antagonist", "cns-depressant", "serotonergic-opioid"]
    therapeutic = {name: graph.is_therapeutic_class(str(DK[name])) for name in classes}
    assert therapeutic == {name: name not in {"cns-depressant", "serotonergic-opioid"} for name in therapeutic}


def test_the_duplicate_message_names_the_class_in_a_sentence(cli_full) -> None:
    lines = cli_full("check", "Zoloft", "Prozac").out.splitlines()
    assert (
        "DUPLICATE THERAPY sertraline + fluoxetine: both are members of the class "
        "selective serotonin reuptake inhibitor"
    ) in lines
    lines = cli_full("check", "alprazolam", "diazepam").out.splitlines()
    # the FDA established class (DrugCentral 2016: both are EPC N0000175694) is a kind of benzodiazepine
    assert "DUPLICATE THERAPY alprazolam + diazepam: both are members of the class Benzodiazepine [EPC]" in lines


# -- contraindications and honest silence ----------------------------------------------------

INTERACTION_SOURCES = [
    "Article on clonazepam (Klonopin) and depression",
    "FDA Drug Safety Communication (2011-07-26): serious CNS reactions possible when methylene blue is given to "
    "patients taking certain psychiatric medications",
    "FDA Drug Safety Communication (2011-10-20): updated information about the drug interaction between linezolid "
    "(Zyvox) and serotonergic psychiatric medications",
    "FDA Drug Safety Communication (2016-03-22): several safety issues with opioid pain medicines; label changes "
    "required",
    "FDA Drug Safety Communication (2016-08-31): serious risks and death when combining opioid pain or cough "
    "medicines with benzodiazepines",
    "FDA Drug Safety Communication (2019-12-19): serious breathing problems with gabapentin and pregabalin",
    "FDA Drug Safety Podcast: Boxed Warning updated to improve safe use of the benzodiazepine drug class",
    "FDA Drug Safety Podcast: several safety issues with opioid pain medicines; label changes required",
    "Lithium carbonate prescribing information",
    "OXYCONTIN (oxycodone hydrochloride extended-release tablets) prescribing information",
    "PRISTIQ (desvenlafaxine extended-release tablets) prescribing information",
    "Rasagiline tablets (AZILECT) prescribing information",
    "ZOLOFT (sertraline hydrochloride) prescribing information",
]


def test_a_contraindicated_combination_says_so(cli) -> None:
    result = cli("check", "Zoloft", "Nardil")
    assert result.code == 1
    assert "INTERACTION sertraline + phenelzine: life-threatening; contraindicated" in result.out.splitlines()
    (warning,) = json.loads(cli("check", "Zoloft", "Nardil", "--format", "json").out)["interactions"]
    assert (warning["interaction"]["curie"], warning["contraindicated"]) == ("dk:interaction-ssris-maois", True)
    (bleeding,) = json.loads(cli("check", "sertraline", "warfarin", "--format", "json").out)["interactions"]
    assert (bleeding["severity"], bleeding["contraindicated"]) == ("serious", False)


def test_no_known_interaction_says_what_was_checked_and_that_it_is_no_proof(cli) -> None:
    result = cli("check", "naloxone", "oxycodone")
    assert result.code == 0
    assert result.out.splitlines() == [
        "medication list: naloxone, oxycodone",
        "NO KNOWN INTERACTION naloxone + oxycodone",
        "interactions checked, for each drug and every class above it, against:",
        *(f"  {source}" for source in INTERACTION_SOURCES),
        ABSENCE_NOTE,
        "no warnings: the graph knows no interaction, shared therapeutic class or unsafe activity for this list",
    ]
    coverage = json.loads(cli("check", "naloxone", "oxycodone", "--format", "json").out)["coverage"]
    assert [[d["curie"] for d in pair] for pair in coverage["pairs_without_interaction"]] == [
        ["dk:naloxone", "dk:oxycodone"]
    ]
    assert coverage["interaction_sources"] == INTERACTION_SOURCES
    assert coverage["note"] == ABSENCE_NOTE


def test_pairs_without_interaction_are_listed_beside_the_warnings_of_others(store: ox.Store) -> None:
    report = check(store, ["sertraline", "warfarin", "clonazepam"])
    assert {w.interaction.curie for w in report.interactions} == {"dk:interaction-ssris-anticoagulants"}
    assert [(a.curie, b.curie) for a, b in report.pairs_without_interaction] == [
        ("dk:sertraline", "dk:clonazepam"),
        ("dk:warfarin", "dk:clonazepam"),
    ]
    assert report.interaction_sources == INTERACTION_SOURCES


def test_a_list_with_no_warning_at_all_still_names_what_was_checked(cli) -> None:
    result = cli("check", "Xanax")
    assert result.code == 0
    assert ABSENCE_NOTE in result.out.splitlines()
    assert "  PRISTIQ (desvenlafaxine extended-release tablets) prescribing information" in result.out.splitlines()
