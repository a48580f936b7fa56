"""Class-level boxed warnings reach the members of their class (and no one else); label reactions and
class warnings are answerable per drug with kind, population, the class they come from and the source.

Sources: kg/data/class-effects.trig (FDA boxed warnings of whole classes) and
kg/data/mappings/effect-class-mappings.trig (the members of the classes only effects need)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.analysis.effects import Effect, effects_of
from kg.namespaces import DK, DKS, DKV

BOXED = ox.NamedNode(str(DKV.hasBoxedWarningFor))
SIDE_EFFECT = ox.NamedNode(str(DKV.hasSideEffect))
ANTIDEPRESSANT_SUICIDALITY = str(DKS["fda-class-effects/antidepressant-suicidality"])
YOUNG = "children, adolescents and young adults (under 25 years)"


def n(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(DK[name]))


def holds(store: ox.Store, s: str, p: ox.NamedNode, o: str) -> bool:
    return any(True for _ in store.quads_for_pattern(n(s), p, n(o), None))


@pytest.mark.parametrize(
    ("drug", "effect"),
    [
        ("alprazolam", "physical-dependence"),  # benzodiazepine boxed warning (FDA 2020-09-23)
        ("alprazolam", "withdrawal-reactions"),
        ("oxycodone", "respiratory-depression"),  # opioid boxed warning (FDA 2013-09-10)
        ("oxycodone", "neonatal-opioid-withdrawal-syndrome"),
        ("sertraline", "suicidality"),  # antidepressant boxed warning (FDA 2007)
        ("drugbank-DB00656", "suicidality"),  # trazodone: FDA class Serotonin Reuptake Inhibitor -> antidepressant
        ("ibuprofen", "cardiovascular-thrombotic-events"),  # NSAID boxed warning
        ("etodolac", "gastrointestinal-bleeding-ulceration-perforation"),  # etodolac
        ("drugbank-DB00537", "tendinitis-and-tendon-rupture"),  # ciprofloxacin
        ("drugbank-DB00422", "addiction"),  # methylphenidate (FDA 2023-05-11)
        ("drugbank-DB01255", "drug-abuse"),  # lisdexamfetamine, FDA class CNS Stimulant
    ],
)
def test_class_boxed_warnings_reach_members(full_store: ox.Store, drug: str, effect: str) -> None:
    assert holds(full_store, drug, BOXED, effect)
    assert holds(full_store, drug, SIDE_EFFECT, effect)


@pytest.mark.parametrize(
    ("drug", "effect", "why"),
    [
        ("clonazepam", "suicidality", "clonazepam is no antidepressant"),
        ("naloxone", "respiratory-depression", "an opioid antagonist is no opioid"),
        ("naloxone", "addiction", "an opioid antagonist is no opioid"),
        ("drugbank-DB00836", "respiratory-depression", "loperamide is outside the opioid class"),
        ("aspirin", "cardiovascular-thrombotic-events", "aspirin is outside the NSAID boxed warning"),
        ("drugbank-DB06771", "tendinitis-and-tendon-rupture", "besifloxacin is an eye drop, not systemic"),
        ("drugbank-DB06802", "gastrointestinal-bleeding-ulceration-perforation", "nepafenac is an eye drop"),
    ],
)
def test_class_boxed_warnings_stay_off_non_members(full_store: ox.Store, drug: str, effect: str, why: str) -> None:
    assert not holds(full_store, drug, BOXED, effect), why


def test_the_suicidality_warnings_are_stated_once_by_each_source(full_store: ox.Store) -> None:
    statements = {
        (q.subject.value, q.graph_name.value)
        for q in full_store.quads_for_pattern(None, ox.NamedNode(str(DKV.statedEffect)), n("suicidality"), None)
    }
    assert statements == {
        (str(DK["boxed-warning-antidepressant-suicidality"]), ANTIDEPRESSANT_SUICIDALITY),
        # the antiepileptic class warning (FDA 2008) names the same effect, as a warning, for all ages
        (str(DK["warning-antiepileptic-suicidality"]), str(DKS["fda-class-effects/antiepileptic-suicidality"])),
        # quetiapine, an antipsychotic, on its own label's boxed warning
        (str(DK["boxed-warning-quetiapine-suicidality"]), str(DKS["fda-label-quetiapine-45947f72/boxed-warning"])),
    }


def test_effects_of_sertraline_name_the_class_and_population(full_store: ox.Store) -> None:
    effects = [e for e in effects_of(full_store, str(DK.sertraline)) if e.kind == "boxed warning"]
    assert [(e.label, e.population, e.stated_on, e.source, e.inherited) for e in effects] == [
        ("suicidal thoughts and behaviours", YOUNG, str(DK.antidepressant), ANTIDEPRESSANT_SUICIDALITY, True)
    ]


def test_effects_of_clonazepam_keep_the_article_kinds(full_store: ox.Store) -> None:
    kinds = {(e.label, e.kind, e.inherited) for e in effects_of(full_store, str(DK.clonazepam))}
    assert ("drowsiness", "common", False) in kinds
    assert ("suicidal thoughts", "paradoxical", False) in kinds
    assert ("physical dependence", "boxed warning", True) in kinds
    assert not any(e.stated_on == str(DK.antidepressant) for e in effects_of(full_store, str(DK.clonazepam)))


@pytest.mark.parametrize("drug", ["clonazepam", "drugbank-DB00628"])  # Klonopin, Tranxene
def test_benzodiazepines_for_seizures_carry_the_antiepileptic_warning(full_store: ox.Store, drug: str) -> None:
    """The FDA's 2008 antiepileptic announcement names clonazepam and clorazepate: a warning (not
    boxed) on suicidality, stated on the antiepileptic class, for all ages."""
    warnings = {
        (e.kind, e.stated_on, e.population, e.inherited)
        for e in effects_of(full_store, str(DK[drug]))
        if e.label == "suicidal thoughts and behaviours"
    }
    assert warnings == {("warning", str(DK.antiepileptic), None, True)}
    assert not holds(full_store, drug, BOXED, "suicidality")


def test_effects_of_a_class(full_store: ox.Store) -> None:
    effects = effects_of(full_store, str(DK.opioid))
    assert {e.label for e in effects if e.kind == "boxed warning"} == {
        "abuse",
        "addiction",
        "misuse",
        "respiratory depression",
        "neonatal opioid withdrawal syndrome",
    }
    assert all(isinstance(e, Effect) and not e.inherited for e in effects)


def test_side_effects_query_through_the_command_line(cli_full) -> None:
    result = cli_full("query", "side-effects", "--param", "drug=dk:sertraline", "--format", "tsv")
    rows = [line.split("\t") for line in result.out.strip().splitlines()[1:]]
    assert [r[1:] for r in rows] == [
        [
            '"suicidal thoughts and behaviours"',
            '"boxed warning"',
            '"yes"',
            f"<{DK.antidepressant}>",
            f'"{YOUNG}"',
            f"<{ANTIDEPRESSANT_SUICIDALITY}>",
        ]
    ]


def test_boxed_warnings_query_for_an_effect_spares_naloxone(cli_full) -> None:
    result = cli_full("query", "boxed-warnings", "--format", "tsv")
    drugs = {line.split("\t")[1] for line in result.out.strip().splitlines()[1:]}
    assert '"oxycodone"' in drugs and '"naloxone"' not in drugs and '"loperamide"' not in drugs


def test_turtle_export_carries_the_effect_statements(cli, tmp_path) -> None:
    out = tmp_path / "drugkg.ttl"
    assert cli("export", "--format", "turtle", "-o", str(out)).code == 0
    graph = ox.Store()
    graph.load(path=str(out), format=ox.RdfFormat.TURTLE)
    statement = n("boxed-warning-antidepressant-suicidality")
    population = ox.NamedNode(str(DKV.population))
    assert [q.object.value for q in graph.quads_for_pattern(statement, population, None)] == [YOUNG]
    assert any(True for _ in graph.quads_for_pattern(n("antidepressant"), BOXED, n("suicidality")))


# Class-wide effects from FDA Drug Safety Communications and class labeling (kg/data/class-effects.trig),
# one row per (member drug, effect, kind, class it is stated on, source section); each row's source:
CFX = "fda-class-effects/"
CLASS_WIDE_EFFECTS = [
    # FDA DSC 2010-05-25 (ucm213206): PPIs, fractures of the hip, wrist and spine (Warnings and Precautions)
    ("drugbank-DB00338", "osteoporosis-related-fractures", "warning", "proton-pump-inhibitor", "ppi-fractures"),
    ("drugbank-DB05351", "osteoporosis-related-fractures", "warning", "proton-pump-inhibitor", "ppi-fractures"),
    # FDA DSC 2011-03-02 (ucm245011): PPIs, low blood magnesium with long-term use
    ("drugbank-DB00736", "hypomagnesemia", "warning", "proton-pump-inhibitor", "ppi-hypomagnesemia"),
    ("drugbank-DB01129", "hypomagnesemia", "warning", "proton-pump-inhibitor", "ppi-hypomagnesemia"),
    # FDA DSC 2015-08-28: all DPP-4 inhibitors, severe joint pain (new Warning and Precaution)
    ("drugbank-DB01261", "severe-joint-pain", "warning", "dpp4-inhibitor", "dpp4-joint-pain"),
    ("drugbank-DB06335", "severe-joint-pain", "warning", "dpp4-inhibitor", "dpp4-joint-pain"),  # saxagliptin, by name
    # FDA DSC 2015-12-04 (ucm475463): SGLT2 inhibitors, ketoacidosis and serious urinary tract infections
    ("drugbank-DB08907", "ketoacidosis", "warning", "sglt2-inhibitor", "sglt2-warnings"),
    ("drugbank-DB09038", "serious-urinary-tract-infection", "warning", "sglt2-inhibitor", "sglt2-warnings"),
    # FDA Consumer Update 2007-08-15: thiazolidinediones, boxed warning on heart failure
    (
        "drugbank-DB01132",
        "congestive-heart-failure",
        "boxed warning",
        "thiazolidinedione",
        "thiazolidinedione-heart-failure",
    ),
    (
        "drugbank-DB00412",
        "congestive-heart-failure",
        "boxed warning",
        "thiazolidinedione",
        "thiazolidinedione-heart-failure",
    ),
    # FDA MedWatch alert updated 2010-10-13 (ucm204127): bisphosphonates for osteoporosis, atypical femur fractures
    (
        "drugbank-DB00630",
        "atypical-femur-fracture",
        "warning",
        "osteoporosis-bisphosphonate",
        "bisphosphonate-atypical-femur-fractures",
    ),
    (
        "drugbank-DB00399",  # zoledronic acid (Reclast), added by name
        "atypical-femur-fracture",
        "warning",
        "osteoporosis-bisphosphonate",
        "bisphosphonate-atypical-femur-fractures",
    ),
    # FDA DSC 2018-12-20 (ucm628753): all systemic fluoroquinolones, aortic aneurysm rupture and dissection
    (
        "drugbank-DB00537",
        "aortic-aneurysm-and-dissection",
        "warning",
        "fluoroquinolone",
        "fluoroquinolone-aortic-aneurysm",
    ),
    (
        "drugbank-DB01137",
        "aortic-aneurysm-and-dissection",
        "warning",
        "fluoroquinolone",
        "fluoroquinolone-aortic-aneurysm",
    ),
    # FDA DSC 2011-06-24 (ucm259639): ESAs, revised boxed warning (death, cardiovascular reactions, stroke) in CKD
    ("drugbank-DB00016", "stroke", "boxed warning", "erythropoiesis-stimulating-agent", "esa-ckd-boxed-warning"),
    (
        "drugbank-DB00016",
        "increased-mortality",
        "boxed warning",
        "erythropoiesis-stimulating-agent",
        "esa-ckd-boxed-warning",
    ),
    # FDA Public Health Advisory 2008-12-16: all antiepileptic drugs; levetiracetam, topiramate and pregabalin by name
    ("drugbank-DB01202", "suicidality", "warning", "antiepileptic", "antiepileptic-suicidality"),
    ("drugbank-DB00273", "suicidality", "warning", "antiepileptic", "antiepileptic-suicidality"),
    ("pregabalin", "suicidality", "warning", "antiepileptic", "antiepileptic-suicidality"),
    # FDA Consumer Update 2007-10-29: PDE5 inhibitors (Viagra, Revatio, Cialis, Levitra), sudden hearing loss
    ("drugbank-DB00203", "sudden-hearing-loss", "warning", "pde5-inhibitor", "pde5-sudden-hearing-loss"),
    ("drugbank-DB00862", "sudden-hearing-loss", "warning", "pde5-inhibitor", "pde5-sudden-hearing-loss"),
    # FDA list of antidepressants with Medication Guides (updated 2007-05-02): Wellbutrin, Ludiomil, Remeron
    ("drugbank-DB01156", "suicidality", "boxed warning", "antidepressant", "antidepressant-suicidality"),
    ("drugbank-DB00934", "suicidality", "boxed warning", "antidepressant", "antidepressant-suicidality"),
    ("drugbank-DB00370", "suicidality", "boxed warning", "antidepressant", "antidepressant-suicidality"),
    # FDA MedWatch alert 2012-02-28 (ucm293670): statin class labeling, cognitive effects and raised blood sugar
    ("drugbank-DB01076", "raised-blood-sugar", "adverse reaction", "statin", "statin-cognitive-and-glycaemic-effects"),
    (
        "drugbank-DB00641",
        "cognitive-impairment",
        "adverse reaction",
        "statin",
        "statin-cognitive-and-glycaemic-effects",
    ),
    # FDA DSC 2016-12-14 (ucm532356): the listed general anaesthetic and sedation drugs, brain development
    (
        "drugbank-DB00818",
        "impaired-brain-development",
        "warning",
        "anesthetic-or-sedation-drug",
        "anesthetic-brain-development",
    ),
    (
        "drugbank-DB00312",  # pentobarbital, by name
        "impaired-brain-development",
        "warning",
        "anesthetic-or-sedation-drug",
        "anesthetic-brain-development",
    ),
    # FDA DSC 2017-12-19 (ucm589213): all GBCAs, gadolinium retention
    (
        "drugbank-DB00225",
        "gadolinium-retention",
        "warning",
        "gadolinium-based-contrast-agent",
        "gbca-gadolinium-retention",
    ),
    (
        "drugcentral-3259",  # gadoxetic acid (Eovist), a DrugCentral-only entity
        "gadolinium-retention",
        "warning",
        "gadolinium-based-contrast-agent",
        "gbca-gadolinium-retention",
    ),
    # FDA DSC 2022-03-30: injectable iodinated contrast media, thyroid in children up to 3 years
    (
        "drugbank-DB01362",
        "underactive-thyroid-after-contrast",
        "warning",
        "injectable-iodinated-contrast-medium",
        "iodinated-contrast-thyroid",
    ),
    # FDA DSC 2016-10-04 (ucm522932): HCV direct-acting antivirals, boxed warning on hepatitis B reactivation
    (
        "drugbank-DB08934",
        "hepatitis-b-virus-reactivation",
        "boxed warning",
        "hcv-direct-acting-antiviral",
        "hcv-daa-hbv-reactivation",
    ),
    (
        "drugbank-DB11575",  # grazoprevir (Zepatier)
        "hepatitis-b-virus-reactivation",
        "boxed warning",
        "hcv-direct-acting-antiviral",
        "hcv-daa-hbv-reactivation",
    ),
    # FDA DSC 2013-09-25: ofatumumab and rituximab, boxed warning on hepatitis B reactivation
    (
        "drugbank-DB00073",
        "hepatitis-b-virus-reactivation",
        "boxed warning",
        "cd20-cytolytic-antibody",
        "cd20-antibody-hbv-reactivation",
    ),
    # FDA MedWatch alert 2009-08-04 (ucm175843): TNF blockers, lymphoma and other cancers in children
    (
        "drugbank-DB00051",
        "lymphoma-and-other-malignancies",
        "boxed warning",
        "tnf-blocker",
        "tnf-blocker-pediatric-malignancy",
    ),
    # FDA MedWatch alert 2011-06-09 (ucm258529): 5-alpha reductase inhibitors, high-grade prostate cancer
    (
        "drugbank-DB01216",
        "high-grade-prostate-cancer",
        "warning",
        "five-alpha-reductase-inhibitor",
        "five-alpha-reductase-prostate-cancer",
    ),
    # FDA 2009-06-12 (ucm165489): leukotriene inhibitors, precaution on neuropsychiatric events
    (
        "drugbank-DB00744",
        "neuropsychiatric-events",
        "warning",
        "leukotriene-inhibitor",
        "leukotriene-inhibitor-neuropsychiatric-events",
    ),
    # Tolazamide label (set id 5cde1f9b...): precautions and special warning stated for all sulfonylureas
    ("drugbank-DB01067", "severe-hypoglycemia", "warning", "sulfonylurea", "sulfonylurea-hypoglycemia"),
    (
        "drugbank-DB01124",
        "increased-cardiovascular-mortality",
        "warning",
        "sulfonylurea",
        "sulfonylurea-cardiovascular-mortality",
    ),
    # FDA 2008-06-16 list of conventional antipsychotics (Thorazine, Compazine...): boxed warning in dementia
    (
        "drugbank-DB00477",
        "increased-mortality",
        "boxed warning",
        "antipsychotic",
        "antipsychotic-dementia-mortality",
    ),
    (
        "drugbank-DB00433",  # prochlorperazine (Compazine)
        "increased-mortality",
        "boxed warning",
        "antipsychotic",
        "antipsychotic-dementia-mortality",
    ),
    # FDA DSC 2014-04-23 (ucm394280): injectable corticosteroids, neurologic events after epidural injection
    (
        "drugbank-DB00959",
        "serious-neurologic-events",
        "warning",
        "injectable-corticosteroid",
        "epidural-corticosteroid-neurologic-events",
    ),
    # FDA 2009-11-13: local anaesthetics infused into a joint, chondrolysis
    ("drugbank-DB00297", "chondrolysis", "warning", "infusable-local-anesthetic", "local-anesthetic-chondrolysis"),
    # FDA DSC 2013-11-06: low molecular weight heparins, boxed warning on epidural or spinal haematoma
    (
        "drugbank-DB01225",
        "epidural-or-spinal-hematoma",
        "boxed warning",
        "low-molecular-weight-heparin",
        "lmwh-spinal-hematoma",
    ),
    # Lisinopril label boxed warning: drugs acting directly on the renin-angiotensin system; aliskiren by its class
    ("drugbank-DB09026", "fetal-toxicity", "boxed warning", "raas-acting-drug", "raas-fetal-toxicity"),
    # FDA MedWatch alert 2006-01-20 (ucm150555): Elidel and Protopic, boxed warning on a possible cancer risk
    (
        "drugbank-DB00337",
        "malignancy-skin-cancer-and-lymphoma",
        "boxed warning",
        "topical-calcineurin-inhibitor",
        "topical-calcineurin-inhibitor-malignancy",
    ),
    # FDA 2007/2008 alert: micro-bubble contrast agents (Definity, Optison), cardiopulmonary reactions
    (
        "drugbank-DB00556",
        "serious-cardiopulmonary-reactions",
        "boxed warning",
        "micro-bubble-contrast-agent",
        "micro-bubble-cardiopulmonary-reactions",
    ),
    # Serevent Diskus label boxed warning (kept on LABA-only medicines by the FDA DSC of 2017-12-20)
    (
        "drugbank-DB00938",
        "asthma-related-death",
        "boxed warning",
        "long-acting-beta2-agonist",
        "laba-asthma-related-death",
    ),
    # Yaz label boxed warning: combination oral contraceptives and smoking (serious cardiovascular events)
    (
        "drugbank-DB00977",
        "serious-cardiovascular-events",
        "boxed warning",
        "combined-hormonal-contraceptive-ingredient",
        "combined-contraceptive-smoking",
    ),
    (
        "drugbank-DB06713",  # norelgestromin, the patch
        "serious-cardiovascular-events",
        "boxed warning",
        "combined-hormonal-contraceptive-ingredient",
        "combined-contraceptive-smoking",
    ),
    # Amikacin label boxed warning: parenteral aminoglycosides, ototoxicity and nephrotoxicity
    (
        "drugbank-DB00798",
        "ototoxicity",
        "boxed warning",
        "parenteral-aminoglycoside",
        "parenteral-aminoglycoside-toxicity",
    ),
    (
        "drugbank-DB00479",
        "nephrotoxicity",
        "boxed warning",
        "parenteral-aminoglycoside",
        "parenteral-aminoglycoside-toxicity",
    ),
    # Levothyroxine label boxed warning: thyroid hormones are not for obesity or weight loss
    ("drugbank-DB00279", "thyroid-hormone-toxicity", "boxed warning", "thyroid-hormone", "thyroid-hormone-weight-loss"),
    # FDA DSC 2010-10-20: GnRH agonists for prostate cancer, diabetes and cardiovascular disease
    (
        "drugbank-DB00007",
        "diabetes-onset-or-worsening",
        "warning",
        "gnrh-agonist",
        "gnrh-agonist-diabetes-cardiovascular",
    ),
]


@pytest.mark.parametrize(("drug", "effect", "kind", "stated_on", "section"), CLASS_WIDE_EFFECTS)
def test_class_wide_effects_reach_members_with_kind_and_source(
    full_store: ox.Store, drug: str, effect: str, kind: str, stated_on: str, section: str
) -> None:
    found = {
        (e.effect, e.kind, e.stated_on, e.source, e.inherited)
        for e in effects_of(full_store, str(DK[drug]))
        if e.effect == str(DK[effect])
    }
    assert found == {(str(DK[effect]), kind, str(DK[stated_on]), str(DKS[CFX + section]), True)}
    assert holds(full_store, drug, SIDE_EFFECT, effect)
    assert holds(full_store, drug, BOXED, effect) == (kind == "boxed warning")


@pytest.mark.parametrize(
    ("drug", "effect", "why"),
    [
        ("drugbank-DB00927", "hypomagnesemia", "famotidine, a histamine-2 blocker, is outside the PPI communications"),
        ("drugbank-DB00863", "osteoporosis-related-fractures", "ranitidine, a histamine-2 blocker, is no PPI"),
        ("drugbank-DB04876", "severe-joint-pain", "vildagliptin: MeSH DPP-IV class only, not named, not US-marketed"),
        ("drugbank-DB00331", "ketoacidosis", "metformin is in SGLT2 combination products but is no SGLT2 inhibitor"),
        ("drugbank-DB00197", "congestive-heart-failure", "troglitazone, withdrawn in 2000, is outside the FDA class"),
        (
            "drugbank-DB01077",
            "atypical-femur-fracture",
            "etidronic acid is a bisphosphonate not approved for osteoporosis",
        ),
        ("drugbank-DB00282", "atypical-femur-fracture", "pamidronic acid is a bisphosphonate for cancer bone disease"),
        ("drugbank-DB01133", "atypical-femur-fracture", "tiludronic acid is a bisphosphonate for Paget's disease"),
        ("drugbank-DB06771", "aortic-aneurysm-and-dissection", "besifloxacin is an eye drop, not systemic"),
        ("drugbank-DB08894", "stroke", "peginesatide, in the FDA ESA class, came after the 2011 communication"),
        ("drugbank-DB00349", "suicidality", "clobazam's own label was not read; only the FDA class is mapped"),
        ("naloxone", "stroke", "the ESA warning reaches no drug outside the class"),
        ("drugbank-DB06237", "sudden-hearing-loss", "avanafil, in the FDA PDE5 class, is not named by the 2007 change"),
        ("drugbank-DB06267", "sudden-hearing-loss", "udenafil: MeSH class only, not marketed in the United States"),
        # the FDA antidepressant list names combinations (Symbyax, Limbitrol, Etrafon, Triavil): their partners
        ("drugbank-DB00334", "suicidality", "olanzapine is in Symbyax, with fluoxetine, but is no antidepressant"),
        ("drugbank-DB00475", "suicidality", "chlordiazepoxide is in Limbitrol, with amitriptyline"),
        ("drugbank-DB00850", "suicidality", "perphenazine is in Etrafon and Triavil, with amitriptyline"),
        ("drugbank-DB00973", "raised-blood-sugar", "ezetimibe is in Vytorin with simvastatin but is no statin"),
        ("drugbank-DB00228", "impaired-brain-development", "enflurane: FDA General Anesthetic class, not on the list"),
        ("drugbank-DB00633", "impaired-brain-development", "dexmedetomidine, a sedative not on the FDA's 2016 list"),
        ("lorazepam", "impaired-brain-development", "only lorazepam injection is listed; the entity is every form"),
        ("drugbank-DB06796", "gadolinium-retention", "mangafodipir is a paramagnetic agent built on manganese"),
        ("drugcentral-4346", "underactive-thyroid-after-contrast", "barium sulfate holds no iodine"),
        ("drugbank-DB00271", "underactive-thyroid-after-contrast", "diatrizoate is not among the listed injectables"),
        ("drugbank-DB00503", "hepatitis-b-virus-reactivation", "ritonavir boosts paritaprevir but is no HCV DAA"),
        ("drugbank-DB05521", "hepatitis-b-virus-reactivation", "telaprevir, off the market, is not on the 2016 list"),
        ("drugbank-DB08935", "hepatitis-b-virus-reactivation", "obinutuzumab is not named by the 2013 communication"),
        ("drugbank-DB00706", "high-grade-prostate-cancer", "tamsulosin is in Jalyn with dutasteride but is no 5-ARI"),
        ("drugbank-DB00912", "severe-hypoglycemia", "repaglinide, a glinide, is no sulfonylurea"),
        ("drugbank-DB01069", "increased-mortality", "promethazine is a phenothiazine antihistamine, not on the list"),
        ("drugbank-DB01013", "serious-neurologic-events", "clobetasol propionate has no injectable product"),
        ("drugbank-DB09085", "chondrolysis", "tetracaine is a local anaesthetic the 2009 notice does not name"),
        ("drugbank-DB01109", "epidural-or-spinal-hematoma", "heparin is an unfractionated heparin, not an LMWH"),
        ("drugbank-DB00421", "fetal-toxicity", "spironolactone acts on aldosterone, not directly on the RAS"),
        ("drugbank-DB00091", "malignancy-skin-cancer-and-lymphoma", "ciclosporin is not one of the two skin products"),
        ("drugcentral-4039", "serious-cardiopulmonary-reactions", "sulfur hexafluoride is not named by the alert"),
        ("drugbank-DB01001", "asthma-related-death", "salbutamol is a short-acting beta2-agonist"),
        ("drugbank-DB09082", "asthma-related-death", "vilanterol is sold only in combinations, freed of it in 2017"),
        ("drugbank-DB00666", "diabetes-onset-or-worsening", "nafarelin (Synarel) is not used for prostate cancer"),
        ("drugbank-DB00367", "serious-cardiovascular-events", "levonorgestrel is also sold alone (Plan B, Mirena)"),
        ("drugbank-DB00294", "serious-cardiovascular-events", "etonogestrel is also the implant, a progestin alone"),
        ("drugbank-DB00994", "ototoxicity", "neomycin is taken by mouth or put on the skin, not injected"),
        ("drugbank-DB01583", "thyroid-hormone-toxicity", "liotrix: its label was not read here"),
    ],
)
def test_class_wide_effects_stay_off_the_traps(full_store: ox.Store, drug: str, effect: str, why: str) -> None:
    assert not holds(full_store, drug, SIDE_EFFECT, effect), why


def test_the_fda_bisphosphonate_class_is_not_mapped_as_a_whole(full_store: ox.Store) -> None:
    """The FDA class Bisphosphonate (N0000175579) lists etidronic, pamidronic and tiludronic acid too."""
    assert holds(full_store, "drugbank-DB01077", ox.NamedNode(str(DKV.memberOf)), "ndfrt-N0000175579")
    assert not any(
        True
        for _ in full_store.quads_for_pattern(
            n("ndfrt-N0000175579"), ox.NamedNode(str(DKV.kindOf)), n("osteoporosis-bisphosphonate"), None
        )
    )


def test_the_esa_boxed_warning_names_its_patients(full_store: ox.Store) -> None:
    """FDA DSC 2011-06-24: the risks are stated for patients with CKD dosed to a haemoglobin above 11 g/dL."""
    effects = {
        (e.label, e.population)
        for e in effects_of(full_store, str(DK["drugbank-DB00016"]))
        if e.stated_on == str(DK["erythropoiesis-stimulating-agent"])
    }
    patients = "patients with chronic kidney disease dosed to a haemoglobin above 11 g/dL"
    assert effects == {
        ("increased mortality", patients),
        ("serious cardiovascular reactions", patients),
        ("stroke", patients),
    }


@pytest.mark.parametrize(
    ("drug", "why"),
    [
        ("selegiline", "the patch (Emsam) is on the FDA list; the entity also stands for the Parkinson tablets"),
        ("drugbank-DB01224", "quetiapine (Seroquel) is on the FDA list but is an antipsychotic, not a duplicate"),
    ],
)
def test_listed_drugs_that_are_kept_out_of_the_antidepressant_class(full_store: ox.Store, drug: str, why: str) -> None:
    assert not holds(full_store, drug, ox.NamedNode(str(DKV.memberOf)), "antidepressant"), why


def test_quetiapine_carries_the_suicidality_boxed_warning_on_its_own_label(full_store: ox.Store) -> None:
    """Quetiapine is no antidepressant (the class warning does not reach it), but its own label's
    boxed warning names suicidality: stated on the drug, with the patients it names."""
    assert holds(full_store, "drugbank-DB01224", BOXED, "suicidality")
    stated = {
        (q.subject, q.graph_name)
        for q in full_store.quads_for_pattern(None, ox.NamedNode(str(DKV.effectOf)), n("drugbank-DB01224"), None)
        if any(full_store.quads_for_pattern(q.subject, ox.NamedNode(str(DKV.statedEffect)), n("suicidality"), None))
    }

    def value(subject: ox.NamedNode, name: str) -> set[str]:
        return {q.object.value for q in full_store.quads_for_pattern(subject, ox.NamedNode(str(DKV[name])), None, None)}

    assert {(graph.value, *value(s, "effectKind"), *value(s, "population")) for s, graph in stated} == {
        (
            str(DKS["fda-label-quetiapine-45947f72/boxed-warning"]),
            "boxed warning",
            "children, adolescents and young adults",
        )
    }
    assert not holds(full_store, "drugbank-DB01224", ox.NamedNode(str(DKV.memberOf)), "antidepressant")


@pytest.mark.parametrize(
    ("drug", "stated_on", "population"),
    [
        (
            "drugbank-DB01236",  # sevoflurane
            "anesthetic-or-sedation-drug",
            "children under 3 years, and the unborn child of a woman in the third trimester of pregnancy, with "
            "repeated or lengthy (over 3 hours) use",
        ),
        (
            "drugbank-DB09102",
            "hcv-direct-acting-antiviral",
            "patients with a current or past hepatitis B virus infection",
        ),
        (
            "drugbank-DB00741",
            "injectable-corticosteroid",
            "patients given an injection into the epidural space of the spine (a use the FDA has not approved)",
        ),
        ("drugbank-DB00864", "topical-calcineurin-inhibitor", "patients applying the cream or ointment to the skin"),
        (
            "drugbank-DB00983",
            "long-acting-beta2-agonist",
            "patients with asthma using the long-acting beta2-agonist without an inhaled corticosteroid",
        ),
        ("drugbank-DB00005", "tnf-blocker", "children and adolescents"),
    ],
)
def test_class_warnings_keep_the_population_of_their_statement(
    full_store: ox.Store, drug: str, stated_on: str, population: str
) -> None:
    """A warning scoped by its source (age, route, co-medication) reaches members with that scope, not bare."""
    found = {e.population for e in effects_of(full_store, str(DK[drug])) if e.stated_on == str(DK[stated_on])}
    assert found == {population}
