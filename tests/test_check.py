"""``drugkg check``: warnings, their chains of asserted facts and sources, bad input, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import InputError
from kg.views.medication_check import CheckReport, check

ARTICLE_CLASS = "The drug and its class (Article on clonazepam (Klonopin) and depression)"
ARTICLE_SAFETY = "Side effects and safety concerns (Article on clonazepam (Klonopin) and depression)"
ATC_N02A = "ATC group N02A: opioids (WHO ATC/DDD Index)"
ATC_N06AB = "ATC group N06AB: selective serotonin reuptake inhibitors (WHO ATC/DDD Index)"
FDA_2016 = (
    "Safety announcement and boxed warning on opioids with benzodiazepines (FDA Drug Safety Communication "
    "(2016-08-31): serious risks and death when combining opioid pain or cough medicines with benzodiazepines)"
)
LETHAL_OUTCOMES = ("dk:coma", "dk:death", "dk:extreme-sleepiness", "dk:respiratory-depression")
HOSTILE = 'x" } ; DROP ALL ; {'

Chain = tuple[tuple[str, str, str, tuple[str, ...]], ...]


def _chain(steps) -> Chain:
    return tuple((s.subject.curie, s.predicate.curie, s.object.curie, s.sources) for s in steps)


def _interactions(report: CheckReport) -> dict[str, tuple[tuple[str, str], tuple[str, ...], str, Chain]]:
    return {
        w.interaction.curie: (
            (w.drugs[0].curie, w.drugs[1].curie),
            tuple(o.curie for o in w.outcomes),
            w.severity,
            _chain(w.chain),
        )
        for w in report.interactions
    }


def test_clonazepam_with_alcohol(store: ox.Store) -> None:
    report = check(store, ["clonazepam", "alcohol"])
    pair = ("dk:clonazepam", "dk:alcohol")
    assert _interactions(report) == {
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
                ("dk:alcohol", "dkv:memberOf", "dk:cns-depressant", (ARTICLE_SAFETY,)),
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
    }
    # Both are CNS depressants (clonazepam as stated, oxycodone through the opioids), but that
    # class is a side of the interaction already warned about, so it is no duplicate therapy.
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


def test_two_ssris_are_duplicate_therapy(store: ox.Store) -> None:
    report = check(store, ["sertraline", "fluoxetine"])
    assert report.interactions == []
    assert {(w.drug_class.curie, _chain(w.chain)) for w in report.duplicate_therapy} == {
        (
            "dk:ssri",
            (
                ("dk:sertraline", "dkv:memberOf", "dk:ssri", (ATC_N06AB,)),
                ("dk:fluoxetine", "dkv:memberOf", "dk:ssri", (ATC_N06AB,)),
            ),
        )
    }


def test_two_benzodiazepines_interact_and_are_duplicate_therapy(store: ox.Store) -> None:
    """Both are CNS depressants (an interaction) and both benzodiazepines (a duplicate)."""
    report = check(store, ["clonazepam", "diazepam"])
    assert {w.interaction.curie for w in report.interactions} == {"dk:interaction-clonazepam-cns-depressants"}
    assert [w.drug_class.curie for w in report.duplicate_therapy] == ["dk:benzodiazepine"]


def test_duplicate_therapy_names_the_most_specific_shared_class(store: ox.Store) -> None:
    # SSRI and SNRI are both kinds of antidepressant: the shared class is the antidepressants.
    assert {w.drug_class.curie for w in check(store, ["sertraline", "venlafaxine"]).duplicate_therapy} == {
        "dk:antidepressant"
    }
    # Two benzodiazepines share the benzodiazepines and, above them, the CNS depressants.
    assert {w.drug_class.curie for w in check(store, ["diazepam", "alprazolam"]).duplicate_therapy} == {
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
        ([HOSTILE], f"no entity named {HOSTILE!r}"),
        (["depression"], "'depression' names clinical depression (dk:depression), which is not a drug or substance"),
        ([], "no drug names given"),
    ],
)
def test_bad_names_are_one_line_errors(store: ox.Store, names: list[str], expected: str) -> None:
    with pytest.raises(InputError) as error:
        check(store, names)
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
        f"<http://www.w3.org/2000/01/rdf-schema#label> {json.dumps(HOSTILE)} ; "
        "<https://w3id.org/drugkg/vocab/memberOf> <https://w3id.org/drugkg/entity/benzodiazepine> . }\n"
    )
    dataset = ox.Store()
    load_file(dataset, _graph_with(tmp_path, built, extra))
    before = set(dataset)
    report = check(dataset, [HOSTILE, "oxycodone"])
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
        "https://example.org/a (twin), https://example.org/b (twin)\n"
    )


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["sertraline", "oxycodone"], 0),
        (["sertraline"], 0),
        (["clonazepam", "alcohol"], 1),
        (["sertraline", "fluoxetine"], 1),
        (["clonazepam"], 1),
        (["klonopn"], 2),
        ([HOSTILE], 2),
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
    assert lines[-1] == "5 warning(s): 3 interaction(s), 0 duplicate therapy, 2 activity(ies) to avoid"


def test_json_output(cli) -> None:
    result = cli("check", "clonazepam", "alcohol", "--format", "json")
    assert result.code == 1
    data = json.loads(result.out)
    assert set(data) == {"drugs", "interactions", "duplicate_therapy", "activities_to_avoid", "warning_count"}
    assert data["warning_count"] == 4
    assert [d["curie"] for d in data["drugs"]] == ["dk:clonazepam", "dk:alcohol"]
    assert {w["interaction"]["curie"] for w in data["interactions"]} == {
        "dk:interaction-clonazepam-alcohol",
        "dk:interaction-clonazepam-cns-depressants",
    }
    step = data["interactions"][0]["chain"][0]
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
    assert {w["interaction"]["curie"] for w in data["interactions"]} == {
        "dk:interaction-clonazepam-alcohol",
        "dk:interaction-clonazepam-cns-depressants",
    }
    assert {s for w in data["interactions"] for step in w["chain"] for s in step["sources"]} == {
        "the default graph of the input file"
    }
