"""Known pairs and the verdict ``drugkg check`` must give them, run through the command line.

Each row says what its sources state about the pair: the interactions that must be warned (and no
other), with their outcomes; a duplicate therapy; or nothing. The last column cites where the
expectation comes from (the address and section of the source, as recorded in ``kg/data``). The
traps are pairs where a careless class mapping would invent a warning: an opioid antagonist with an
opioid, an SSRI with a benzodiazepine, two drugs that share only a broad effect class.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest


@pytest.fixture
def cli(cli_full):
    """This module checks the graph with the open datasets, as ``drugkg build`` makes it."""
    return cli_full


DSC_2016_08 = "https://www.fda.gov/Drugs/DrugSafety/ucm518473.htm, safety announcement (boxed warning)"
DSC_2016_03 = "http://www.fda.gov/Drugs/DrugSafety/ucm489676.htm, safety announcement (serotonin syndrome)"
PODCAST_2016 = (
    "https://www.fda.gov/drugs/drug-safety-podcasts/fda-drug-safety-podcast-fda-warns-about-several-safety-issues-"
    "opioid-pain-medicines-requires-label (fentanyl, methadone)"
)
PODCAST_2020 = (
    "https://www.fda.gov/drugs/fda-drug-safety-podcasts/fda-requiring-boxed-warning-updated-improve-safe-use-"
    "benzodiazepine-drug-class (combined with alcohol)"
)
PRISTIQ_5_2 = "Pristiq label (openFDA desvenlafaxine succinate), warnings and precautions 5.2 serotonin syndrome"
PRISTIQ_5_4 = "Pristiq label (openFDA desvenlafaxine succinate), warnings and precautions 5.4 abnormal bleeding"
ZOLOFT_4 = "https://www.pfizerpro.com/product/zoloft/hcp, Zoloft contraindications (MAOIs)"
ZOLOFT_4_LINEZOLID = (
    "https://www.pfizerpro.com/product/zoloft/hcp, Zoloft contraindications (linezolid, IV methylene blue)"
)
OXYCONTIN = (
    "https://api.fda.gov/drug/label.json?search=openfda.brand_name%3A%22OXYCONTIN%22, warnings and drug interactions "
    "(benzodiazepines and other CNS depressants: sedative-hypnotics, anxiolytics, tranquilizers, muscle relaxants, "
    "general anesthetics, antipsychotics, other opioids, alcohol)"
)
DSC_2019_12 = (
    "https://www.fda.gov/drugs/drug-safety-and-availability/fda-warns-about-serious-breathing-problems-seizure-and-"
    "nerve-pain-medicines-gabapentin-neurontin (gabapentinoids with opioids and other CNS depressants)"
)
DSC_2011_LINEZOLID = "http://www.fda.gov/Drugs/DrugSafety/ucm276251.htm, section I (SSRIs, SNRIs with linezolid)"
DSC_2011_METHYLENE_BLUE = "FDA Drug Safety Communication 2011-07-26 on methylene blue (cited by title and date)"
RASAGILINE = "https://api.fda.gov/drug/label.json?search=openfda.generic_name%3A%22Rasagiline%22, serotonin syndrome"
LITHIUM_7 = (
    "https://api.fda.gov/drug/label.json?search=openfda.generic_name%3A%22LITHIUM+CARBONATE%22, drug interactions"
)
MAPPINGS = "kg/data/mappings/class-mappings.trig"
ATC = "https://atcddd.fhi.no/atc_ddd_index/?code="
EPC = "FDA established pharmacologic class (DrugCentral 2016 pharm_class)"
ARTICLE = "the source article, section 'Side effects and safety concerns'"

#: Document labels as the chains cite them.
DOC_DSC_2016_08 = "FDA Drug Safety Communication (2016-08-31)"
DOC_DSC_2016_03 = "FDA Drug Safety Communication (2016-03-22)"
DOC_PODCAST_2016 = "FDA Drug Safety Podcast: several safety issues with opioid pain medicines"
DOC_PODCAST_2020 = "FDA Drug Safety Podcast: Boxed Warning updated to improve safe use of the benzodiazepine drug class"
DOC_PRISTIQ = "PRISTIQ (desvenlafaxine extended-release tablets) prescribing information"
DOC_ZOLOFT = "ZOLOFT (sertraline hydrochloride) prescribing information"
DOC_ARTICLE = "Article on clonazepam (Klonopin) and depression"
DOC_OXYCONTIN = "OXYCONTIN (oxycodone hydrochloride extended-release tablets) prescribing information"
DOC_DSC_2019_12 = "FDA Drug Safety Communication (2019-12-19)"
DOC_DSC_2011_LINEZOLID = "FDA Drug Safety Communication (2011-10-20)"
DOC_DSC_2011_METHYLENE_BLUE = "FDA Drug Safety Communication (2011-07-26)"
DOC_RASAGILINE = "Rasagiline tablets (AZILECT) prescribing information"
DOC_LITHIUM = "Lithium carbonate prescribing information"

CNS_DEPRESSION = frozenset({"dk:respiratory-depression", "dk:coma", "dk:death", "dk:extreme-sleepiness"})
SEROTONIN = frozenset({"dk:serotonin-syndrome"})
BLEEDING = frozenset({"dk:bleeding"})
BREATHING = frozenset({"dk:respiratory-depression", "dk:extreme-sleepiness"})
LITHIUM_TOXICITY = frozenset({"dk:lithium-toxicity"})


@dataclass(frozen=True)
class Warned:
    """An interaction that must be warned: its outcomes, and a document its interaction step must cite."""

    outcomes: frozenset[str]
    cites: str
    contraindicated: bool = False


@dataclass(frozen=True)
class Pair:
    drugs: tuple[str, str]
    verdict: str  # "interaction", "duplicate" or "none"
    source: str
    interactions: dict[str, Warned] = field(default_factory=dict)
    #: the most specific shared therapeutic classes: curated ones and, on the built graph, the FDA
    #: established pharmacologic classes DrugCentral 2016 (pharm_class.tsv, EPC rows) lists both drugs in
    #: (except those the curated mappings record as close matches only)
    duplicates: frozenset[str] = frozenset()
    #: the verdict of the one warning: the gravest severity of its paths, contraindicated if any is
    severity: str = ""

    @property
    def id(self) -> str:
        return " + ".join(self.drugs)


def _opioid_with_benzodiazepine(a: str, b: str) -> Pair:
    return Pair(
        (a, b),
        "interaction",
        DSC_2016_08,
        {
            "dk:interaction-opioids-benzodiazepines": Warned(CNS_DEPRESSION, DOC_DSC_2016_08),
            "dk:interaction-opioids-cns-depressants": Warned(CNS_DEPRESSION, DOC_DSC_2016_08),
        },
    )


def _opioid_with_cns_depressant(a: str, b: str, source: str) -> Pair:
    return Pair(
        (a, b),
        "interaction",
        f"{OXYCONTIN}; {source}",
        {"dk:interaction-opioids-cns-depressants": Warned(CNS_DEPRESSION, DOC_OXYCONTIN)},
    )


def _gabapentinoid_with_opioid(a: str, b: str) -> Pair:
    return Pair(
        (a, b),
        "interaction",
        DSC_2019_12,
        {
            "dk:interaction-gabapentinoids-opioids": Warned(BREATHING, DOC_DSC_2019_12),
            "dk:interaction-gabapentinoids-cns-depressants": Warned(BREATHING, DOC_DSC_2019_12),
        },
    )


def _lithium(drug: str, interaction: str, source: str) -> Pair:
    return Pair(
        ("lithium", drug), "interaction", f"{LITHIUM_7}; {source}", {interaction: Warned(LITHIUM_TOXICITY, DOC_LITHIUM)}
    )


def _bleeding(a: str, b: str, interactions: dict[str, str]) -> Pair:
    return Pair((a, b), "interaction", PRISTIQ_5_4, {i: Warned(BLEEDING, DOC_PRISTIQ) for i in interactions})


PAIRS = [
    # benzodiazepines and opioids with each other, with alcohol and other CNS depressants
    _opioid_with_benzodiazepine("alprazolam", "oxycodone"),  # an interaction, not a duplicate
    _opioid_with_benzodiazepine("Xanax", "OxyContin"),
    _opioid_with_benzodiazepine("Valium", "Dilaudid"),
    Pair(
        ("alprazolam", "alcohol"),
        "interaction",
        PODCAST_2020,
        {"dk:interaction-benzodiazepines-alcohol": Warned(frozenset({"dk:overdose", "dk:death"}), DOC_PODCAST_2020)},
    ),
    Pair(
        ("oxycodone", "alcohol"),
        "interaction",
        DSC_2016_08,
        {"dk:interaction-opioids-cns-depressants": Warned(CNS_DEPRESSION, DOC_DSC_2016_08)},
    ),
    Pair(
        ("clonazepam", "alcohol"),
        "interaction",
        f"{ARTICLE}; {PODCAST_2020}",
        {
            "dk:interaction-clonazepam-alcohol": Warned(CNS_DEPRESSION, DOC_ARTICLE),
            "dk:interaction-clonazepam-cns-depressants": Warned(CNS_DEPRESSION, DOC_ARTICLE),
            "dk:interaction-benzodiazepines-alcohol": Warned(frozenset({"dk:overdose", "dk:death"}), DOC_PODCAST_2020),
        },
    ),
    # SSRIs and SNRIs with MAO inhibitors: serotonin syndrome, contraindicated
    Pair(
        ("sertraline", "phenelzine"),
        "interaction",
        f"{PRISTIQ_5_2}; {ZOLOFT_4}",
        {"dk:interaction-ssris-maois": Warned(SEROTONIN, DOC_ZOLOFT, contraindicated=True)},
    ),
    Pair(
        ("Effexor XR", "Parnate"),
        "interaction",
        PRISTIQ_5_2,
        {"dk:interaction-snris-maois": Warned(SEROTONIN, DOC_PRISTIQ, contraindicated=True)},
    ),
    # SSRIs and SNRIs with opioids: serotonin syndrome (every opioid; the serotonergic ones more so)
    Pair(
        ("sertraline", "tramadol"),
        "interaction",
        f"{DSC_2016_03}; {PRISTIQ_5_2} (tramadol named)",
        {
            "dk:interaction-ssris-opioids": Warned(SEROTONIN, DOC_DSC_2016_03),
            "dk:interaction-ssris-serotonergic-opioids": Warned(SEROTONIN, DOC_PRISTIQ),
        },
        severity="life-threatening",  # the gravest of the two paths ("serious" for every opioid)
    ),
    Pair(
        ("Cymbalta", "fentanyl"),
        "interaction",
        f"{DSC_2016_03}; {PODCAST_2016}; {PRISTIQ_5_2}",
        {
            "dk:interaction-snris-opioids": Warned(SEROTONIN, DOC_DSC_2016_03),
            "dk:interaction-snris-serotonergic-opioids": Warned(SEROTONIN, DOC_PODCAST_2016),
        },
    ),
    Pair(
        ("sertraline", "oxycodone"),
        "interaction",
        DSC_2016_03,
        {"dk:interaction-ssris-opioids": Warned(SEROTONIN, DOC_DSC_2016_03)},
    ),
    # SSRIs and SNRIs with anticoagulants, antiplatelet drugs and NSAIDs: bleeding
    _bleeding("sertraline", "warfarin", {"dk:interaction-ssris-anticoagulants"}),
    _bleeding("sertraline", "ibuprofen", {"dk:interaction-ssris-nsaids"}),
    _bleeding("Zoloft", "Advil", {"dk:interaction-ssris-nsaids"}),
    _bleeding("Paxil", "Aleve", {"dk:interaction-ssris-nsaids"}),
    _bleeding("Celexa", "Xarelto", {"dk:interaction-ssris-anticoagulants"}),
    _bleeding("Pristiq", "Eliquis", {"dk:interaction-snris-anticoagulants"}),
    _bleeding("Lexapro", "Plavix", {"dk:interaction-ssris-antiplatelets"}),
    _bleeding("fluoxetine", "aspirin", {"dk:interaction-ssris-antiplatelets", "dk:interaction-ssris-nsaids"}),
    # duplicate therapy: one therapeutic class
    Pair(("sertraline", "fluoxetine"), "duplicate", f"{ATC}N06AB", duplicates=frozenset({"dk:ssri"})),
    Pair(("Zoloft", "Prozac"), "duplicate", f"{ATC}N06AB", duplicates=frozenset({"dk:ssri"})),
    # the FDA class Benzodiazepine is mapped as a kind of dk:benzodiazepine: the more specific shared class
    Pair(("alprazolam", "diazepam"), "duplicate", f"{ATC}N05BA", duplicates=frozenset({"dk:ndfrt-N0000175694"})),
    Pair(("Nardil", "Emsam"), "duplicate", f"{EPC} N0000175744", duplicates=frozenset({"dk:maoi"})),
    # two benzodiazepines: a duplicate, not "clonazepam with other CNS depressants" (docs/medication-check.md)
    Pair(
        ("clonazepam", "diazepam"),
        "duplicate",
        f"{ATC}N05BA; {EPC} N0000175694: both benzodiazepines, a duplicate therapy only",
        duplicates=frozenset({"dk:ndfrt-N0000175694"}),
    ),
    # two opioids: the duplicate, not "opioids with other CNS depressants" through the opioids themselves
    Pair(("oxycodone", "morphine"), "duplicate", f"{ATC}N02A", duplicates=frozenset({"dk:opioid"})),
    # trazodone is no SSRI: the FDA class Serotonin Reuptake Inhibitor is a narrow match only; both are
    # antidepressants (the FDA class is mapped as a kind of antidepressant)
    Pair(
        ("trazodone", "sertraline"),
        "duplicate",
        f"{EPC} N0000175696 ({MAPPINGS}: maps:fda-epc-serotonin-reuptake-inhibitor, maps:close-classes)",
        duplicates=frozenset({"dk:antidepressant"}),
    ),
    # traps: no antagonist inherits agonist dangers; no SSRI becomes a CNS depressant
    Pair(("naloxone", "oxycodone"), "none", f"{EPC} N0000175691: an opioid antagonist, no opioid agonist"),
    Pair(("Narcan", "fentanyl"), "none", f"{EPC} N0000175691: an opioid antagonist, no opioid agonist"),
    Pair(("naltrexone", "morphine"), "none", f"{EPC} N0000175691: an opioid antagonist, no opioid agonist"),
    Pair(
        ("fluvoxamine", "clonazepam"),
        "none",
        f"{EPC} N0000175696: an SSRI; no consulted source states an SSRI-benzodiazepine interaction",
    ),
    Pair(("sertraline", "clonazepam"), "none", "no consulted source states an SSRI-benzodiazepine interaction"),
    Pair(("Ativan", "Motrin"), "none", "no consulted source states a benzodiazepine-NSAID interaction"),
    # loperamide: an opioid agonist by FDA class, but it acts in the gut, outside the opioid warnings
    Pair(
        ("loperamide", "oxycodone"),
        "none",
        f"{EPC} N0000175690 lists loperamide: a close match of the opioids only ({MAPPINGS}, maps:close-classes)",
    ),
    Pair(("naloxone", "tapentadol"), "none", f"{EPC} N0000175691: an opioid antagonist, no opioid agonist"),
    Pair(("naltrexone", "alprazolam"), "none", f"{EPC} N0000175691: no antagonist inherits the opioid warnings"),
    Pair(("lithium", "acetaminophen"), "none", "the lithium label names NSAIDs; acetaminophen is none"),
    # two gabapentinoids: a duplicate; the 2019 communication does not call them CNS depressants
    Pair(("gabapentin", "pregabalin"), "duplicate", DSC_2019_12, duplicates=frozenset({"dk:gabapentinoid"})),
    # every opioid, partial and mixed agonists included, with benzodiazepines: the 2016-08-31 boxed warning
    _opioid_with_benzodiazepine("tapentadol", "alprazolam"),  # FDA EPC N0000175690 Opioid Agonist
    _opioid_with_benzodiazepine("buprenorphine", "alprazolam"),  # FDA MoA N0000175685 Partial Opioid Agonists
    _opioid_with_benzodiazepine("nalbuphine", "diazepam"),
    _opioid_with_benzodiazepine("pentazocine", "lorazepam"),
    _opioid_with_benzodiazepine("butorphanol", "temazepam"),
    Pair(
        ("tapentadol", "sertraline"),
        "interaction",
        f"{DSC_2016_03}; {EPC} N0000175690 (tapentadol an opioid agonist)",
        {"dk:interaction-ssris-opioids": Warned(SEROTONIN, DOC_DSC_2016_03)},
        severity="serious",
    ),
    # the kinds of CNS depressant the opioid label names, filled from FDA classes
    _opioid_with_cns_depressant("phenobarbital", "oxycodone", "phenobarbital label: a barbiturate"),
    _opioid_with_cns_depressant("butalbital", "hydrocodone", f"{EPC} N0000175693 Barbiturate"),
    _opioid_with_cns_depressant("quetiapine", "oxycodone", f"{EPC} N0000175430 Atypical Antipsychotic"),
    _opioid_with_cns_depressant("haloperidol", "morphine", f"{EPC} N0000180182 Typical Antipsychotic"),
    _opioid_with_cns_depressant("zolpidem", "oxycodone", "FDA PE N0000175728 Central Nervous System Depression"),
    _opioid_with_cns_depressant("eszopiclone", "tramadol", "MeSH D006993 Hypnotics and Sedatives"),
    _opioid_with_cns_depressant(
        "cyclobenzaprine", "oxycodone", "FDA PE N0000175730 Centrally-mediated Muscle Relaxation"
    ),
    _opioid_with_cns_depressant("propofol", "fentanyl", f"{EPC} N0000175681 General Anesthetic"),
    # gabapentinoids with opioids and other CNS depressants
    _gabapentinoid_with_opioid("gabapentin", "oxycodone"),
    _gabapentinoid_with_opioid("pregabalin", "oxycodone"),
    Pair(
        ("pregabalin", "alprazolam"),
        "interaction",
        f"{DSC_2019_12} (a benzodiazepine named)",
        {"dk:interaction-gabapentinoids-cns-depressants": Warned(BREATHING, DOC_DSC_2019_12)},
    ),
    # linezolid and intravenous methylene blue with SSRIs (contraindicated) and SNRIs
    Pair(
        ("linezolid", "sertraline"),
        "interaction",
        f"{ZOLOFT_4_LINEZOLID}; {DSC_2011_LINEZOLID}",
        {
            "dk:interaction-ssris-linezolid-methylene-blue": Warned(SEROTONIN, DOC_ZOLOFT, contraindicated=True),
        },
        severity="life-threatening",
    ),
    Pair(
        ("methylene blue", "Zoloft"),
        "interaction",
        f"{ZOLOFT_4_LINEZOLID}; {DSC_2011_METHYLENE_BLUE}",
        {
            "dk:interaction-ssris-linezolid-methylene-blue": Warned(SEROTONIN, DOC_ZOLOFT, contraindicated=True),
        },
    ),
    Pair(
        ("linezolid", "venlafaxine"),
        "interaction",
        DSC_2011_LINEZOLID,
        {"dk:interaction-snris-linezolid-methylene-blue": Warned(SEROTONIN, DOC_DSC_2011_LINEZOLID)},
    ),
    # rasagiline: an MAO-B inhibitor; its label advises against SSRIs, without forbidding them
    Pair(
        ("rasagiline", "sertraline"),
        "interaction",
        f"{RASAGILINE}; {EPC} N0000175744 (an MAO inhibitor, not one for psychiatric disorders)",
        {"dk:interaction-ssris-mao-b-inhibitors": Warned(SEROTONIN, DOC_RASAGILINE)},
        severity="serious",
    ),
    # SSRIs and SNRIs with the other serotonergic drugs the Pristiq label names
    Pair(
        ("sumatriptan", "sertraline"),
        "interaction",
        f"{PRISTIQ_5_2} (triptans); {EPC} N0000175765",
        {"dk:interaction-ssris-triptans": Warned(SEROTONIN, DOC_PRISTIQ)},
    ),
    Pair(
        ("lithium", "duloxetine"),
        "interaction",
        f"{PRISTIQ_5_2} (lithium)",
        {"dk:interaction-snris-lithium": Warned(SEROTONIN, DOC_PRISTIQ)},
    ),
    # lithium with the drugs that raise its levels, each class from FDA established classes
    _lithium("ibuprofen", "dk:interaction-lithium-nsaids", f"{EPC} N0000175722"),
    _lithium("indomethacin", "dk:interaction-lithium-nsaids", f"{EPC} N0000175722"),
    _lithium("enalapril", "dk:interaction-lithium-ace-inhibitors", f"{EPC} N0000175562"),
    _lithium("losartan", "dk:interaction-lithium-angiotensin-receptor-blockers", f"{EPC} N0000175561"),
    _lithium("hydrochlorothiazide", "dk:interaction-lithium-thiazide-diuretics", f"{EPC} N0000175419"),
]


def test_the_table_covers_every_verdict_and_cites_a_source() -> None:
    assert {pair.verdict for pair in PAIRS} == {"interaction", "duplicate", "none"}
    assert all(pair.source for pair in PAIRS)
    assert len({pair.drugs for pair in PAIRS}) == len(PAIRS)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda pair: pair.id)
def test_known_pair(cli, pair: Pair) -> None:
    result = cli("check", *pair.drugs, "--format", "json")
    data = json.loads(result.out)
    assert result.code == (1 if data["warning_count"] else 0), result.err
    # one verdict per pair: every path that reaches it is a chain under one warning
    assert len(data["interactions"]) == (1 if pair.interactions else 0), data["interactions"]
    warned = {c["interaction"]["curie"]: c for w in data["interactions"] for c in w["chains"]}
    duplicates = {w["class"]["curie"] for w in data["duplicate_therapy"]}
    # exactly the interactions the sources state: none invented, none missed
    assert set(warned) == set(pair.interactions), pair.source
    for curie, expected in pair.interactions.items():
        warning = warned[curie]
        assert {o["curie"] for o in warning["outcomes"]} == expected.outcomes
        assert warning["contraindicated"] is expected.contraindicated
        assert all(step["sources"] for step in warning["chain"])  # every step of the chain cites a source
        interaction_step = warning["chain"][-1]
        assert interaction_step["predicate"]["curie"] == "dkv:interactsWith"
        assert any(expected.cites in source for source in interaction_step["sources"]), interaction_step["sources"]
    if pair.interactions:
        (verdict,) = data["interactions"]
        assert verdict["contraindicated"] is any(w.contraindicated for w in pair.interactions.values())
        assert {o["curie"] for o in verdict["outcomes"]} == set().union(
            *(w.outcomes for w in pair.interactions.values())
        )
        assert verdict["chains"][0]["interaction"] == verdict["interaction"]
        assert verdict["chains"][0]["chain"] == verdict["chain"]
        if pair.severity:
            assert verdict["severity"] == pair.severity
    assert duplicates == pair.duplicates, pair.source
    if pair.verdict == "none":
        assert data["interactions"] == [] and data["duplicate_therapy"] == []
        listed = [d["curie"] for d in data["drugs"]]
        assert [[d["curie"] for d in p] for p in data["coverage"]["pairs_without_interaction"]] == [listed]
    if pair.verdict == "duplicate":
        assert data["interactions"] == []


@pytest.mark.parametrize("pair", [p for p in PAIRS if p.verdict == "none"], ids=lambda pair: pair.id)
def test_traps_get_no_respiratory_depression_warning_in_the_table_either(cli, pair: Pair) -> None:
    lines = cli("check", *pair.drugs).out.splitlines()
    assert not any("respiratory depression" in line or line.startswith("INTERACTION ") for line in lines)
    assert f"NO KNOWN INTERACTION {' + '.join(_labels(cli, pair.drugs))}" in lines


def _labels(cli, names: tuple[str, str]) -> list[str]:
    data = json.loads(cli("check", *names, "--format", "json").out)
    return [d["label"] for d in data["drugs"]]
