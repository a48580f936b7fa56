"""Text in, candidate entities and facts out, each with the words that support it.

Mentions come from three places: the names of the graph's entities (longest match first, through
:class:`~kg.extract.lexicon.Lexicon`), the adverse-reaction model (:mod:`kg.extract.adverse`), and
trigger phrases that name something the graph does not know yet (a mechanism). A mention's
``type`` is the most specific vocabulary class of the entity it names; a mention the
adverse-reaction model marks is typed ``dkv:AdverseEffect`` (or the entity's class when that is
already below it). Facts come from :data:`kg.extract.relations.TRIGGERS`; negation and
hypothesis from :mod:`kg.extract.context`.

Identifiers are CURIEs under drugkg's prefixes (full IRIs where no prefix applies): ``iri`` is the
linked entity, or None for a proposed one, which also gets a ``proposed`` identifier (``dk:`` and
a slug of its words) that facts use.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise
from typing import Any

import pyoxigraph as ox

from kg.errors import InputError
from kg.extract.adverse import AdverseReactionTagger
from kg.extract.class_phrases import class_phrases, plain_head
from kg.extract.context import CueScope, cue_scopes, in_scope
from kg.extract.coordination import list_members
from kg.extract.lexicon import Candidate, Lexicon
from kg.extract.mechanisms import mechanism_phrases
from kg.extract.pairs import (
    BULLET,
    INTERACTION_TALK,
    MAX_PAIRS_PER_DOCUMENT,
    OUTCOME,
    PairContext,
    PairModel,
    bullet_continuations,
    candidate_pairs,
    coarse,
    contexts,
    cue_span,
    features,
    interaction_talk,
    list_bounds,
    plausible,
)
from kg.extract.pairs import load as load_pair_model
from kg.extract.relations import HEARST, REACTIONS_BY_SYSTEM, STOPPING, TRIGGERS, Trigger, side_effect_kind
from kg.extract.text import Document, Section, Span, is_question_line, sections, sentences, tokens
from kg.graph_facts import curie
from kg.namespaces import CONVERTER, DK, DKV

__all__ = [
    "MAX_MENTIONS",
    "MAX_SENTENCE_CHARS",
    "Entity",
    "Extraction",
    "Extractor",
    "Fact",
    "bounded_sentences",
    "boxed_warning_terms",
]

_MAX_NAME_WORDS = 7
_STOP = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "may",
        "of",
        "on",
        "or",
        "our",
        "she",
        "should",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "was",
        "we",
        "were",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
        "not",
        "no",
    }
)
_BREAK = frozenset(',;:.()[]{}!?"“”')
#: "it" or "this medicine" right after a trigger, then a space: the text's main drug as a subject.
#: A separator just after a trigger ("Combination with X", "Taken together with X"): the subject is unsaid.
_UNSAID_SUBJECT = re.compile(r"\s+(?:together\s+)?(with)\b", re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(r"\s+(?:it|(?:this|the) (?:drug|medication|medicine))\s+(?=\w)", re.IGNORECASE)
_ANAPHOR = re.compile(
    r"(?<![\w-])(?:it|its(?! own\b)|(?:the|this|these) (?:[\w-]+ )?(?:drug|medication|medicine|agent)s?)(?![\w-])",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"[;.]|\b(?:which|that|while|whereas|but|however|although|because|where|when)\b", re.IGNORECASE
)
_LIST_GAP = re.compile(
    r"^[\s,]*(?:(?:and|or|nor|as well as|and/or|such as|including|like|e\.g\.|especially|particularly|notably"
    r"|other|a|an|the)\b[\s,]*)*$",
    re.IGNORECASE,
)
_FILLER_WORDS = 5
#: What a combination phrase's object may be: a drug, a substance (alcohol) or a therapy.
_COMBINED = "drug, substance or therapy"
#: "X, an atypical antipsychotic, ...", "X (an SSRI)": the words between a name and the class in apposition.
_APPOSITION_OPEN = re.compile(r"\s*[,(]\s*(?:a|an|the|one of the|another)\s+(?:[\w-]+\s+){0,3}?$", re.IGNORECASE)
_APPOSITION_CLOSE = re.compile(r"\s*(?:drugs?|medicines?|medications?|agents?)?\s*(?:[,)]|$)", re.IGNORECASE)
_ASSOCIATED = re.compile(r"\bassociated with\b", re.IGNORECASE)
_ASSOCIATION = Trigger(str(DKV.hasAssociatedSymptom), r"associated with", 0.5)
#: What a condition shows, said right after its name: "serotonin syndrome, which may cause agitation,
#: ...", "DRESS typically shows fever, rash ...", "it presents with".
_CONDITION_SHOWS = re.compile(
    r"\s*,?\s*(?:(?:which|that)\s+)?(?:(?:may|can|might|could|often|usually|typically)\s+)*"
    r"(?:cause|causes|shows?(?:\s+itself\s+(?:as|with))?|presents?\s+with|begins?\s+with)\b"
)
#: "Signs of serotonin syndrome include ...", "symptoms may include ...": the findings listed after
#: it are the named (or just mentioned) condition's, not the drug's effects.
_SIGNS = re.compile(
    r"\b(?:signs?|symptoms?)(?:\s+(?:and|or)\s+(?:signs?|symptoms?))?(?P<of>\s+of\s+[^.;:]{1,80}?)?"
    r"\s*(?:(?:may|can|might|could|often|usually)\s+)?(?:include|includes|including|such as|are|:)",
    re.IGNORECASE,
)
_APPOSITION = Trigger(str(DKV.memberOf), r",", 0.6)
_MECHANISM = Trigger(str(DKV.hasMechanism), r"", 0.6)
#: A lead-in that forbids the drug under conditions its bulleted lines give ("Do not take X if you:",
#: "X is contraindicated in patients:").
_PROHIBITION_LEAD = re.compile(
    r"\b(?:do not|don[’']t|never|should not|must not|cannot)\s+(?:take|use|start|give|be given|be used)\b[^.]*"
    r"\b(?:if|when|while|with|in)\b|\bcontraindicated\b",
    re.IGNORECASE,
)
#: A bulleted line's words of taking another drug ("- take an MAOI", "- are receiving linezolid").
_TAKING = re.compile(
    r"\b(?:take|takes|taking|took|use|uses|using|used|receive|receives|receiving|received|on|starting|start"
    r"|combined with|together with|with)\b",
    re.IGNORECASE,
)
_PROHIBITED = Trigger(str(DKV.interactsWith), r"", 0.6, certain=True)
#: A lead-in that announces a list of effects on the bulleted lines after it ("... side effects are:").
_EFFECTS_LEAD = re.compile(
    r"\b(?:side effects?|adverse (?:reactions?|effects?|events?)|reactions|symptoms)\b[^.]*:\s*$", re.IGNORECASE
)
_BULLETED = Trigger(str(DKV.hasSideEffect), r"", 0.6)
#: The lead-in of bulleted indications: "X is approved for:", "Ativan is indicated for adults with:".
_INDICATION_LEAD = re.compile(r"\b(?:approved|indicated)\b[^.:]*:\s*$", re.IGNORECASE)
#: Where a bulleted indication goes on to details of its condition: "..., including agitation".
_INDICATION_DETAIL = re.compile(r"\b(?:including|such as|for example|e\.g\.|like)\b", re.IGNORECASE)
#: A bulleted indication of add-on use: "- add-on use in convulsive disorders", "given in conjunction with".
_ADD_ON_LINE = re.compile(
    r"\b(?:add-on|adjunct\w*|in conjunction with|in combination with|together with|alongside)\b", re.IGNORECASE
)
#: Words by which a bulleted indication names its condition through another: "associated with".
_QUALIFIED_BY = re.compile(r"\b(?:associated with|related to|due to|caused by|secondary to)\b", re.IGNORECASE)
#: Reactions named, words about whom or how often, then the verb before their list: "the adverse
#: reactions that occurred in at least 5% of patients given X ... were", "side effects in adults
#: treated with X included" ("reactions" and "events" alone only after a word of frequency).
_REACTION_LIST = re.compile(
    r"\b(?:side effects|adverse (?:reactions|effects|events|drug reactions)"
    r"|(?:most |more )?(?:common|frequent|frequently reported) (?:reactions|events|effects)"
    r"|(?:reactions|events) (?=(?:reported|seen|observed|occurring) most often))"
    r"(?P<mid>[^.;:]{0,200}?)\b(?P<verb>were|are|included|include|includes)\b\s*:?",
    re.IGNORECASE,
)
#: The placebo group as the one the reactions are of: "in the placebo group", "on placebo" (not one
#: compared with: "more often than in the placebo group", "as often as on placebo").
_PLACEBO_GROUP = re.compile(r"(?<!than )(?<!as )\b(?:in|on|among|for) (?:the )?placebo\b", re.IGNORECASE)
#: "with" right before a drug: a drug taken with another ("when taken with lithium").
_WITH_BEFORE = re.compile(r"\b(?:with|plus|and)\s+$", re.IGNORECASE)
#: A possessive right after a name, up to the reactions it owns: "'s most common ", "'s ".
_POSSESSIVE = re.compile(r"['’]s\s+(?:[a-z-]+\s+){0,3}$")
_REACTIONS_LISTED = Trigger(str(DKV.hasSideEffect), r"", 0.7)
_INDICATED = Trigger(str(DKV.approvedFor), r"", 0.6)
#: Properties whose objects come in lists, read as one object (:meth:`Extractor._list_propagated`).
_LISTED = frozenset(
    str(p)
    for p in (
        DKV.hasSideEffect,
        DKV.hasCommonSideEffect,
        DKV.hasWithdrawalSymptom,
        DKV.interactsWith,
        DKV.approvedFor,
        DKV.hasRiskOf,
        DKV.hasAssociatedSymptom,
    )
)
#: An aside between a list and its passive phrase: ", a rare but serious reaction,", ", some of them fatal,".
_APPOSITIVE = re.compile(
    r",\s*(?:a|an|some|often|usually|sometimes|rarely|occasionally|mostly|in (?:some|rare) cases)\b[^,;()]{0,60},\s*$",
    re.IGNORECASE,
)
#: A list whose items repeat their preposition: "with NSAIDs, with aspirin, or with warfarin".
_REPEATED_PREPOSITION = re.compile(
    r"^[\s,]*(?:(?:and|or|and/or|as well as)\s+)?(?:with|for|to)\s+(?:(?:a|an|the|other)\s+)?$", re.IGNORECASE
)
#: Where a text's words name a finding for a property whose vocabulary range (or domain) is a condition:
#: "approved for insomnia", "first-line treatment for chronic insomnia", "lithium toxicity is accompanied by".
_RANGE_READ = {str(p): str(DKV.DiseaseOrFinding) for p in (DKV.approvedFor, DKV.treats, DKV.firstLineFor)}
_DOMAIN_READ = {str(DKV.hasAssociatedSymptom): str(DKV.DiseaseOrFinding)}
#: Words that qualify a condition before its name ("bipolar depression", "chronic musculoskeletal pain",
#: "diabetic peripheral neuropathic pain", "social anxiety disorder"): adjectives by their ending.
_QUALIFIER = re.compile(
    r"(?:[a-z]+(?:ic|al|ar|ary|ive|ous|oid|ed)|chronic|severe|major|acute|rebound|postpartum|seasonal"
    r"|generalized|generalised|persistent|treatment-resistant|[a-z]+-related|[a-z]+-induced"
    r"|absence|tonic-clonic|[a-z]+-onset)"
)
#: A mention that qualifies the noun after it ("three pain conditions: ...") is no object of its own.
_MODIFIER_OF = re.compile(
    r"\s+(?:conditions?|disorders?|diseases?|syndromes?|symptoms?|problems?|medicines?|medications?|drugs?"
    r"|patients?|trials?|studies|clinics?|specialists?|relievers?|killers?|management|control)\b",
    re.IGNORECASE,
)
_NOT_QUALIFIER = frozenset({"approved", "indicated", "used", "prescribed", "treated", "licensed", "marketed", "called"})
#: Phrases of tapering a dose, and the words of the procedure they name.
_TAPERING = "gradual dose tapering"
_TAPER = re.compile(
    r"\b(?:gradual(?:ly)? (?:dose )?(?:taper\w*|reduc\w*|lower\w*|decreas\w*)(?: (?:of )?the dose| the dosage)?"
    r"|taper\w* (?:the|your|its) (?:dose|dosage)(?: (?:gradually|slowly|over \w+ (?:days|weeks)))?"
    r"|(?:reduc|lower|decreas)\w* (?:the |your |its )?(?:dose|dosage) (?:gradually|slowly|step by step)"
    r"|(?:reduced|lowered|decreased|tapered) (?:gradually|slowly))\b",
    re.IGNORECASE,
)
#: Working machines, as labels and leaflets warn of it: "operate machinery", "using hazardous machines".
_MACHINERY = re.compile(
    r"\b(?:operat(?:e|es|ed|ing)|us(?:e|es|ing)|run(?:s|ning)?|work(?:s|ing)? with)\s+"
    r"(?:(?:heavy|hazardous|dangerous|other|any|power|complex)\s+){0,2}(?:machinery|machines)\b",
    re.IGNORECASE,
)
#: Phrases naming an entity in other words (:meth:`Extractor._paraphrase_mentions`): regex, the label
#: whose content words name the graph's entity, its class, and what found the mention.
_PARAPHRASES = (
    (_TAPER, _TAPERING, str(DKV.Procedure), "tapering phrase"),
    (_MACHINERY, "operating heavy machinery", str(DKV.Activity), "machinery phrase"),
)
_CONTINUED = Trigger(str(DKV.interactsWith), r"these include", 0.6)
#: A sentence about a drug's reactions as a group, by its opening words: "The common reactions are
#: usually mild", "Most side effects fade".
_REACTIONS_LEAD = re.compile(
    r"\s*(?:the |its |their )?(?:[\w-]+ ){0,3}(?:side effects?|adverse (?:reactions?|effects?|events?)|reactions)\b",
    re.IGNORECASE,
)
_THESE_INCLUDE = re.compile(
    r"(?:These|They|Such (?:drugs|medicines|medications)|Examples)(?: (?:drugs|medicines|medications))?"
    r" (?:include|are)\b",
    re.IGNORECASE,
)
#: The sentence before says that some drugs act on a drug ("raise the level of lithium").
_ACTS_ON_DRUG = re.compile(
    r"\b(?:raise|raises|increase|increases|lower|lowers|reduce|reduces|affect|affects|interact|interacts"
    r"|inhibit|inhibits|induce|induces)\b[^.;]{0,40}\b(?:level|levels|concentration|concentrations|with|of)\b",
    re.IGNORECASE,
)
_DISCONTINUATION = Trigger(str(DKV.discontinuationManagedBy), r"stopping", 0.6)
#: "A and B raise quetiapine levels", "X increases the blood level of Y", "they lower its concentration":
#: the drugs before the verb interact with the drug whose level changes.
_LEVEL_VERB = re.compile(
    r"\b(?:raise|raises|raised|raising|increase|increases|increased|increasing|lower|lowers|lowered|lowering"
    r"|reduce|reduces|reduced|reducing|decrease|decreases|decreased|decreasing|boost|boosts|double|doubles"
    r"|change|changes|alter|alters|affect|affects)\b",
    re.IGNORECASE,
)
_LEVEL_WORDS = re.compile(
    r"\s+(?:the\s+)?(?:(?:its|their|his|her|your)\s+)?(?P<pre>[^.;,]{0,40}?)"
    r"\b(?:blood\s+|plasma\s+|serum\s+)?(?:levels?|concentrations?|exposure|amounts?(?=\s+of\s+[^.;]{1,40}?\s+in\s+"
    r"(?:the\s+|your\s+)?(?:blood|plasma)\b))\b"
    r"(?P<post>\s+(?:of|to)\s+)?",
    re.IGNORECASE,
)
#: The direction a level verb names: the outcome of the interaction is the level raised or lowered
#: ("change", "alter" and "affect" name none).
_LEVEL_UP = re.compile(r"raise|increas|boost|double", re.IGNORECASE)
_LEVEL_DOWN = re.compile(r"lower|reduc|decreas", re.IGNORECASE)
_LEVEL_NOUN = re.compile(r"\b(?P<noun>levels?|concentrations?|exposure|amounts?)\b", re.IGNORECASE)
#: A level that changes, said of the drug named before it: "exposure rises many times over",
#: "levels climb", "clearance falls", "concentrations increase roughly sixfold", "reach higher
#: concentrations", "accumulate".
_LEVEL_HEDGES = r"(?:(?:also|both|may|can|could|will|then|as well|further)\s+)*"
_LEVEL_RISES = r"rises?|rose|risen|rising|climbs?|climbed|increases?|increased|doubles?|doubled|goes up|go up|went up"
_LEVEL_FALLS = r"falls?|fell|fallen|drops?|dropped|decreases?|decreased|declines?|declined|goes down|go down|went down"
_LEVEL_CHANGES = re.compile(
    r"\b(?P<noun>levels?|concentrations?|exposure|clearance)\s+"
    + _LEVEL_HEDGES
    + r"(?:(?P<up>"
    + _LEVEL_RISES
    + r")|(?:"
    + _LEVEL_FALLS
    + r"))\b"
    r"|\breach(?:es|ed)?\s+(?:(?P<up2>higher)|lower)\s+(?:blood\s+|plasma\s+)?(?P<noun2>levels|concentrations)\b"
    r"|\b(?P<up3>accumulates?|accumulated)\b",
    re.IGNORECASE,
)
#: A level named before the drugs it is of, then its change: "levels of A and B may fall", "exposure to X
#: and its active metabolite increases".
_LEVEL_OF_CHANGES = re.compile(
    r"\b(?P<noun>levels?|concentrations?|exposure|clearance)\s+(?:of|to)\s+(?P<what>[^.;:]{1,80}?)\s+"
    + _LEVEL_HEDGES
    + r"(?:(?P<up>"
    + _LEVEL_RISES
    + r")|(?:"
    + _LEVEL_FALLS
    + r"))\b",
    re.IGNORECASE,
)
#: A bulleted line's opening before its first words: "- ", "- The ".
_BULLET_START = re.compile(r"\s*[-\u2022*]\s+(?:the\s+|its\s+|blood\s+|plasma\s+|serum\s+)*", re.IGNORECASE)
#: Words that may stand between a run of names and the level they change ("warfarin also", "both").
_NAME_RUN_FILLER = re.compile(r"\b(?:both|also|then|further|blood|plasma|serum)\b", re.IGNORECASE)
#: Words of causing or risk after which a drug's findings are, in a text about interactions, the
#: outcomes of taking it with the main drug.
_CAUSING = re.compile(r"(?i)(?:\w+ )*?(?:caus|lead|result|risk|chance|likelihood|odds)")
#: A pronoun or a drug named in general terms: in a clause with one, which drug the words speak of is unclear.
_PRONOUN_WORD = re.compile(r"\b(?:it|they|this drug|the drug|this medicine|the medicine)\b", re.IGNORECASE)
#: What may interact with the main drug: drugs, classes, substances (alcohol, grapefruit juice).
_PARTNER_KINDS = frozenset({str(DKV.ChemicalOrDrugClass), str(DKV.Substance)})
#: A drug or class said to be contraindicated with no "in" or "with" after: "MAOIs are
#: contraindicated because of ...", "- Other QT-prolonging drugs: contraindicated".
_CONTRAINDICATED = re.compile(
    r"(?:\b(?:is|are)\s+(?:also\s+)?|:\s*)contraindicated\b(?!\s+(?:in|for|during|with|when|if|while)\b)",
    re.IGNORECASE,
)
#: Words of a combination named as a whole ("Combining a tricyclic with an MAOI is contraindicated").
_COMBINATION_NAMED = re.compile(r"\b(?:combin\w*|concomitant\w*|co-?administ\w*|with|use of)\b", re.IGNORECASE)
_CONTRAINDICATION = Trigger(str(DKV.interactsWith), r"contraindicated", 0.7)
#: Words giving why: "because of", "due to", "owing to", "the risk of".
_REASON = re.compile(r"\b(?:because of|due to|owing to|risk of)\b", re.IGNORECASE)
_OF_DRUGS = re.compile(r"\s*(?:other\s+)?(?:drugs|medicines|medications)\s+(?:such as|like|including)\b", re.IGNORECASE)
_LEVELS = Trigger(str(DKV.interactsWith), r"levels", 0.7)
#: A label's interaction lead-in ("Strong CYP3A4 inhibitors, for example itraconazole:") and its bullets.
_LEAD = Trigger(str(DKV.interactsWith), r"", 0.7)
_BOXED = Trigger(str(DKV.hasBoxedWarningFor), r"WARNING", 0.9)
#: A label's boxed-warning title, "WARNING: A; B" or "BOXED WARNING: A" (capitals, as labels print it).
_BOXED_TITLE = re.compile(r"^[ \t]*(?:BOXED[ \t]+)?WARNINGS?[ \t]*:[ \t]*(?P<items>\S[^\n]*?)[ \t]*$", re.MULTILINE)
#: The next heading after a boxed warning's block: a numbered or capitalised line ("1 INDICATIONS AND USAGE").
_NEXT_HEADING = re.compile(r"^[ \t]*(?:\d+(?:\.\d+)*[ \t]+)?[A-Z][A-Z0-9 ,;:&/()'-]{3,}$", re.MULTILINE)
#: A bullet's lead term before a colon ("- Hepatotoxicity: liver failure ...").
_BULLET_LEAD = re.compile(
    r"^[ \t]*[-\u2022*][ \t]+(?P<lead>[A-Za-z][\w'-]*(?:[ \t]+[\w'-]+){0,3})[ \t]*:", re.MULTILINE
)
#: Title words that name no one warning ("LIFE-THREATENING ADVERSE REACTIONS", "SERIOUS RISKS").
_GENERIC_WARNING = re.compile(r"\b(?:adverse reactions?|risks?|see full|warnings?)\b", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[;:]|,\s*(?:so|and|but|while|whereas|because)\b|\b(?:because|since|although)\b")


def _place(fact: Fact) -> int:
    """Where an interaction stands in its sentence: its object's mention (one trigger can give the
    drugs of two clauses), else its trigger."""
    return fact.object_span[0] if fact.object_span else fact.trigger.start


def boxed_warning_terms(text: str) -> list[tuple[int, int, str]]:
    """The warnings a label's boxed warning names: each item of its title ("WARNING: INCREASED
    MORTALITY IN ELDERLY PATIENTS WITH DEMENTIA-RELATED PSYCHOSIS; SUICIDAL THOUGHTS AND BEHAVIORS")
    but a generic one ("LIFE-THREATENING ADVERSE REACTIONS"), and the lead term of each bullet of its
    block ("- Hepatotoxicity: ..."), up to the next heading: (start, end, name), the name in lower
    case where the label prints capitals.

    >>> [name for _, _, name in boxed_warning_terms("WARNING: SUICIDALITY; FALLS\\n- Pancreatitis: rare.")]
    ['suicidality', 'falls', 'Pancreatitis']
    """
    out: list[tuple[int, int, str]] = []
    for title in _BOXED_TITLE.finditer(text):
        pos = title.start("items")
        for item in title.group("items").split(";"):
            start = pos + len(item) - len(item.lstrip())
            pos += len(item) + 1
            name = item.strip()
            if name and not _GENERIC_WARNING.search(name):
                out.append((start, start + len(name), name.lower() if name.isupper() else name))
        following = _NEXT_HEADING.search(text, title.end() + 1)
        end = following.start() if following else len(text)
        for lead in _BULLET_LEAD.finditer(text, title.end(), end):
            name = lead.group("lead")
            out.append((lead.start("lead"), lead.end("lead"), name.lower() if name.isupper() else name))
    return out


def _with_outcomes(kept: Fact, other: Fact | None) -> Fact:
    """``kept``, one of two findings of the same fact, given the outcomes (and severity) of ``other``."""
    if other is not None:
        kept.outcomes.extend(o for o in other.outcomes if o not in kept.outcomes)
        kept.severity = kept.severity or other.severity
    return kept


#: Where a coordinate clause starts: what an outcome stated in one clause stays inside
#: ("because of the risk of X" still speaks of its own sentence's interaction).
_COORDINATE_CLAUSE = re.compile(r";|,\s*(?:and|but|while|whereas)\b")


def _transmitter_only(m: Entity) -> bool:
    """Whether a mention names a neurotransmitter the graph has as no drug (serotonin, not dopamine the drug)."""
    return str(DKV.Neurotransmitter) in m.classes and str(DKV.Drug) not in m.classes


def _clause_outcomes(
    text: str, sentence: Span, inside: Sequence[Entity], pairs: Sequence[tuple[Entity, Entity]]
) -> list[tuple[str, str]]:
    """The (drug, finding) outcome pairs to keep of those the classifier proposes in one sentence: a
    drug whose coordinate clause names a finding keeps those of its clause ("serotonin syndrome may
    occur when X is taken with Y, and the risk of bleeding rises when it is given with Z": Y's is
    serotonin syndrome, Z's bleeding); one whose clause names none keeps those of the clauses around
    it ("Serotonin syndrome: it has occurred with SSRIs alone, and more often when they are combined
    with triptans": the triptans' outcome).
    """
    findings = [m for m in inside if {"finding", "condition"} & set(coarse(m))]
    kept: list[tuple[str, str]] = []
    for s, o in pairs:
        a, b = _clause(text, sentence, s.start, s.end)
        alone = not any(a <= m.start and m.end <= b for m in findings)
        if (alone or a <= o.start < b) and (s.ref, o.ref) not in kept:
            kept.append((s.ref, o.ref))
    return kept


def _clause(text: str, sentence: Span, start: int, end: int) -> tuple[int, int]:
    """The bounds of the coordinate clause of ``sentence`` that holds ``text[start:end]``: from the
    clause start before it (:data:`_COORDINATE_CLAUSE`: "; ", ", and"...) to the next one after it.

    >>> t = "Y occurs when X is taken with Z, and bleeding rises when X is given with W."
    >>> a, b = _clause(t, Span(0, len(t), t), t.index("bleeding"), t.index("bleeding") + 8)
    >>> t[a:b]
    ' bleeding rises when X is given with W.'
    """
    begin = max((m.end() for m in _COORDINATE_CLAUSE.finditer(text, sentence.start, start)), default=sentence.start)
    after = _COORDINATE_CLAUSE.search(text, end, sentence.end)
    return begin, after.start() if after else sentence.end


_BRAND = Trigger(str(DKV.brandName), r"brand", 0.7)
_BRAND_PAREN = re.compile(
    r"(?:\s+(?:extended|delayed|immediate|sustained|modified)-release|\s+(?:tablets?|capsules?|hydrochloride"
    r"|fumarate|sodium|carbonate|tartrate))*\s*\(\s*(?=[A-Z])"
)
#: A brand name before its drug in parentheses, as label titles and leaflets write it: "Lunesta
#: (eszopiclone)", "ZOLOFT (sertraline hydrochloride) tablets"; the parentheses hold the drug alone,
#: with at most its salt or form.
_BRAND_BEFORE = re.compile(r"(?<![\w-])(?P<brand>[A-Z][A-Za-z][\w-]*(?:\s+(?:XR|CR|ER|SR|XL|LA|ODT))?)\s*\(\s*\Z")
_BRAND_AFTER = re.compile(r"(?:\s+(?!(?:and|or|with|plus)\b)[a-z][\w-]*){0,2}\s*\)")
_BRAND_CUE = re.compile(
    r"\b(?:sold|marketed|available)(?:\s+(?:in|on|by|since|from)\b(?:\s+[\w-]+){1,5}?)?\s+(?:under|as)"
    r"(?: (?:the|several|many))?(?: brand)?(?: names?)?"
    r"(?: including| such as)?"
    r"|\bbrand names?(?: (?:is|are|include|includes|including|such as|like))?:?"
    r"|\b(?:one|a|the) (?:[\w-]+ )?brand (?:is|was)",
    re.IGNORECASE,
)
_BRAND_NAME = re.compile(r"\b(?:[A-Z][a-z][\w-]*|[A-Z]{6,}\b)(?:\s+(?:[A-Z][\w-]*|XR|CR|ER|SR|XL|LA|ODT))*")
#: "Like other antidepressants, X ...": the class compared with is not the subject.
_COMPARED = re.compile(
    r"\b(?:like|unlike|as with|as for)\s+(?:other|the|many|most|all)?\s*(?:[\w-]+\s+){0,2}$", re.IGNORECASE
)
_HEARST_NEXT = re.compile(
    r"\s*,?\s*(?:such as|including|especially|particularly|like|e\.g\.|for example|for instance)", re.IGNORECASE
)
_PARENTHESIS = re.compile(r"\([^()]*\)")
#: "the" (or "the other") just before a class that names its members after it ("the SSRIs A and B").
_THE_BEFORE = re.compile(r"\bthe\s+(?:other\s+)?\Z", re.IGNORECASE)
#: Drugs described in general words, then listed: "other medicines that make you sleepy, such as".
_DESCRIBED_THEN_LISTED = re.compile(
    r"\s*(?:(?:with|and|or)\s+)?(?:(?:other|any|some|certain)\s+)?(?:medicines|drugs|medications|products)\b[^.;:]{0,60}?,?\s*"
    r"(?:such as|like|including|for example|e\.g\.)\s*",
    re.IGNORECASE,
)
#: A list of objects may begin further from its phrase after these ("... in adults were nausea, ...").
_LIST_START = re.compile(
    r"\b(?:were|are|was|is|include|includes|included|including|(?:treatment|management) of)\b|:", re.IGNORECASE
)


@dataclass
class Entity:
    """A mention: ``text[start:end]``, its class, the entity it names (or None) and its context."""

    start: int
    end: int
    text: str
    type: str
    iri: str | None
    negated: bool = False
    hypothetical: bool = False
    candidates: list[str] = field(default_factory=list)
    proposed: str | None = None
    found_by: str = "graph names"
    classes: frozenset[str] = frozenset()
    label: str = ""

    @property
    def ref(self) -> str:
        """How facts name this mention's entity: the linked CURIE, else the proposed one."""
        return self.iri or self.proposed or ""

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "iri": self.iri,
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "candidates": self.candidates,
            "label": self.label,
            "found_by": self.found_by,
        }
        if self.proposed:
            out["proposed"] = self.proposed
        return out


@dataclass
class Fact:
    """A candidate fact with its evidence (the sentence) and the mentions it rests on."""

    id: str
    subject: str
    predicate: str
    object: str
    negated: bool
    hypothetical: bool
    confidence: float
    evidence: Span
    section: int
    subject_span: tuple[int, int] | None
    object_span: tuple[int, int] | None
    trigger: Span
    outcomes: list[str] = field(default_factory=list)
    severity: str = ""
    literal: bool = False

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "confidence": self.confidence,
            "evidence": {"start": self.evidence.start, "end": self.evidence.end, "text": self.evidence.text},
            "section": self.section,
            "trigger": {"start": self.trigger.start, "end": self.trigger.end, "text": self.trigger.text},
            "subject_span": list(self.subject_span) if self.subject_span else None,
            "object_span": list(self.object_span) if self.object_span else None,
        }
        if self.outcomes:
            out["outcomes"] = self.outcomes
            out["severity"] = self.severity
        if self.literal:  # the object is a text (a brand name), not an entity
            out["literal"] = True
        return out


@dataclass
class Extraction:
    """What one document yields."""

    source: str
    text: str
    sections: list[Section]
    entities: list[Entity]
    facts: list[Fact]

    def as_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "sections": [{"index": s.index, "label": s.label, "start": s.start, "end": s.end} for s in self.sections],
            "entities": [e.as_json() for e in self.entities],
            "facts": [f.as_json() for f in self.facts],
        }


#: Longest sentence, in characters: a longer run (a list of names, text without full stops) is cut
#: at a space, so the work per sentence stays bounded and extraction linear in the text's length.
MAX_SENTENCE_CHARS = 2000


def _lead_subject(lead: tuple[Span, list[Entity]], focus: Entity | None) -> Entity | None:
    """The drug a lead-in of bulleted lines names ("Do not take X if you:"), else the main drug."""
    drug = str(DKV.Drug)
    return next((m for m in lead[1] if drug in m.classes), focus)


def _same_list(text: str, ctx: PairContext, a: Entity, b: Entity) -> bool:
    """Whether two mentions stand in one coordinated list of the sentence."""
    first, last = list_bounds(text, ctx, b)
    return first <= a.start and a.end <= last


#: A sentence that says a use is not an approved one: "prescribed off-label", "neither is an
#: FDA-approved indication", "it is not approved for".
_NOT_APPROVED = re.compile(
    r"\boff[- ]label\b|\b(?:not|neither is|neither are|nor is|nor are|none (?:is|are))\s+(?:an?\s+|the\s+)?"
    r"(?:FDA[- ])?(?:approved|indicated|licensed)\b|\bunapproved\b",
    re.IGNORECASE,
)
#: Words of approval; one that no denial just before governs affirms an approval ("is approved for X,
#: but not for Y"), and the sentence's approvals are left as they are.
_APPROVED = re.compile(r"\b(?:approved|indicated|licensed)\b", re.IGNORECASE)


def _off_label_denied(facts: dict[tuple[str, str, str, bool], Fact]) -> None:
    """An approval in a sentence that denies one and affirms none is negated: "clinicians also
    prescribe it for X, but it is not an approved indication" says X is not an approved use."""
    approved = str(DKV.approvedFor)
    for key, fact in list(facts.items()):
        if fact.predicate != approved or fact.negated:
            continue
        said = fact.evidence.text
        if not _NOT_APPROVED.search(said) or any(
            not _NOT_APPROVED.search(said[: m.end()][-40:]) for m in _APPROVED.finditer(said)
        ):
            continue
        del facts[key]
        fact.negated = True
        facts.setdefault((key[0], key[1], key[2], True), fact)


def _partner_effects_as_outcomes(
    text: str, facts: dict[tuple[str, str, str, bool], Fact], focus: Entity | None, mentions: Sequence[Entity]
) -> None:
    """What a sentence says a drug risks or causes, after the main drug's interaction with that drug in
    the same sentence, is the interaction's outcome: in "- Use with an MAOI ..., because of the risk
    of serotonin syndrome" (a label's contraindication), serotonin syndrome is no risk of MAOIs alone.
    So it is in a later sentence of the same line that names the main drug too ("- MAOIs: never take
    them together. Leave 14 days after stopping an MAOI before starting X, because of the risk of ...").
    The main drug's own risks stay its own."""
    if focus is None:
        return
    interactions = [f for f in facts.values() if f.predicate == str(DKV.interactsWith) and not f.negated]
    named_in = {m.start for m in mentions if m.ref == focus.ref}
    for key, fact in list(facts.items()):
        if fact.predicate not in _OWN_EFFECTS or fact.negated or fact.subject == focus.ref:
            continue
        sentence = fact.evidence
        names_focus = any(sentence.start <= n < sentence.end for n in named_in)
        partners = [
            g
            for g in interactions
            if focus.ref in (g.subject, g.object)
            and fact.subject in (g.subject, g.object)
            and (
                (g.evidence.start == sentence.start and g.trigger.start < fact.trigger.start)
                or (
                    names_focus
                    and g.evidence.start < sentence.start
                    and "\n" not in text[g.evidence.start : sentence.start]
                )
            )
        ]
        if not partners:
            continue
        del facts[key]
        for g in partners:
            if fact.object not in g.outcomes:
                g.outcomes.append(fact.object)


#: "The risk" said again without naming it: "the risk is higher if you also take X", "X adds to this
#: risk" (not "the risk of Y", which names its own).
_RISK_AGAIN = re.compile(r"\b(?:the|this|that|such a|such) risks?\b(?!\s+(?:of|for|that|to)\b)", re.IGNORECASE)


def _risk_again_outcomes(
    text: str, facts: dict[tuple[str, str, str, bool], Fact], sentence_spans: Sequence[Span], focus: Entity | None
) -> None:
    """An interaction of the main drug stated in the clause that speaks of "the risk" again has for
    outcomes the main drug's effects said before those words, in the same sentence, else in the
    sentence before: "Citalopram can increase the risk of bleeding. Taking aspirin ... at the same
    time adds to this risk" (aspirin: bleeding); "X may raise your risk of bleeding, and the risk is
    higher if you also take warfarin". An interaction with outcomes of its own keeps them."""
    if focus is None:
        return
    starts = [s.start for s in sentence_spans]
    effects: dict[int, list[Fact]] = {}  # the main drug's own effects, by the sentence that states them
    for f in facts.values():
        if f.predicate in _OWN_EFFECTS and f.subject == focus.ref and not f.negated:
            effects.setdefault(f.evidence.start, []).append(f)
    for f in facts.values():
        if f.predicate != str(DKV.interactsWith) or f.negated or f.outcomes or f.object_span is None:
            continue
        sentence = f.evidence
        a, b = _clause(text, sentence, *f.object_span)
        again = _RISK_AGAIN.search(text, a, b)
        if again is None:
            continue
        before = [e for e in effects.get(sentence.start, []) if e.object_span and e.object_span[1] <= again.start()]
        if not before:
            n = bisect_right(starts, sentence.start) - 1
            before = effects.get(starts[n - 1], []) if n > 0 else []
        for e in before:
            if e.object not in f.outcomes:
                f.outcomes.append(e.object)


#: A heading of a label's boxed warning ("BOXED WARNING", "Boxed warning", "WARNING: SUICIDAL THOUGHTS")
#: or a sentence naming one ("Anafranil carries a boxed warning.", "The label opens with a boxed warning").
_BOXED_HEADING = re.compile(r"(?i:\bboxed\s+warning\b)|^\s*WARNING\s*:")
_BOXED_SAID = re.compile(r"\bboxed\s+warning\b", re.IGNORECASE)
#: A box said to be gone or absent: "the boxed warning ... was removed", "carries no boxed warning".
_BOXED_GONE = re.compile(
    r"\b(?:removed|withdrawn|dropped|lifted|deleted|no longer|no\s+boxed"
    r"|(?:does|do|did)\s+not\s+(?:carry|have|bear))\b",
    re.IGNORECASE,
)
#: A sentence whose box is what the sentence before said: "This is a boxed warning on the label."
_BOXED_BEFORE = re.compile(r"\s*(?:this|that|these|those|it)\s+(?:is|are|was|were)\b", re.IGNORECASE)


def _boxed_spans(
    text: str, parts: Sequence[Section], sentence_spans: Sequence[Span], effect_starts: set[int]
) -> list[tuple[int, int, bool]]:
    """Where a text states a boxed warning's content, each span with whether the box is said to be gone:
    a section headed by it; a sentence naming it that states effects itself ("carries a boxed warning
    that it raises the risk of ..."); the sentence before one that points back ("This is a boxed
    warning"); else the two sentences after one that announces it, in its paragraph ("Anafranil
    carries a boxed warning. In short-term studies, ...")."""
    spans = [(p.start, p.end, False) for p in parts if p.label != "Opening" and _BOXED_HEADING.search(p.label)]
    for n, sentence in enumerate(sentence_spans):
        if not _BOXED_SAID.search(text, sentence.start, sentence.end):
            continue
        if _BOXED_GONE.search(text, sentence.start, sentence.end):
            spans.append((sentence.start, sentence.end, True))
        elif sentence.start in effect_starts:
            spans.append((sentence.start, sentence.end, False))
        elif _BOXED_BEFORE.match(text, sentence.start) and n > 0:
            before = sentence_spans[n - 1]
            spans.append((before.start, before.end, False))
        else:
            blank = text.find("\n\n", sentence.start)
            last = sentence_spans[min(n + 2, len(sentence_spans) - 1)].end
            spans.append((sentence.start, min(last, blank) if blank != -1 else last, False))
    return spans


def _boxed_effects(
    text: str,
    facts: dict[tuple[str, str, str, bool], Fact],
    parts: Sequence[Section],
    sentence_spans: Sequence[Span],
    focus: Entity | None,
) -> None:
    """What a boxed warning says a drug may bring about is the main drug's boxed warning too (where, see
    ``_boxed_spans``). Where the text says the box was removed, what it names is a denied boxed warning
    ("The boxed warning on liver injury was removed"). The effect facts stay."""
    if focus is None:
        return
    effects = [f for f in facts.values() if f.predicate in _OWN_EFFECTS and not f.negated]
    spans = _boxed_spans(text, parts, sentence_spans, {f.evidence.start for f in effects})
    gone = [(a, b) for a, b, removed in spans if removed]
    for key, f in list(facts.items()):  # a box read in a sentence that says it is gone is denied
        boxed = f.predicate == str(DKV.hasBoxedWarningFor) and not f.negated
        if boxed and any(a <= f.evidence.start < b for a, b in gone):
            del facts[key]
            facts.setdefault((f.subject, f.predicate, f.object, True), replace(f, negated=True))
    for f in effects:
        held = [removed for a, b, removed in spans if a <= f.evidence.start < b]  # the boxes that hold it
        key = (focus.ref, str(DKV.hasBoxedWarningFor), f.object, any(held))
        if held and key not in facts:
            facts[key] = replace(
                f,
                subject=focus.ref,
                predicate=str(DKV.hasBoxedWarningFor),
                negated=any(held),
                subject_span=None,
                outcomes=[],
            )


#: What a class the graph does not have, named by a phrase of the text, may take part in: an
#: interaction and, when its head names a kind of drug ("dopamine agonists", "carbapenem antibiotics"),
#: a membership; one with a plain head ("QT-prolonging drugs", "serotonergic drugs") describes drugs
#: by what they do, and is no class to put its examples in (see ``Extractor._hearst``).
_INTERACTION_ROLES = frozenset({"interactsWith:s", "interactsWith:o"})
_CLASS_ROLES = _INTERACTION_ROLES | {"memberOf:o", "kindOf:o"}


#: Words after a trigger that say for whom, not for what: "(not) approved for use in pediatric patients".
_FOR_PEOPLE = re.compile(
    r"\s*(?:(?:for\s+)?(?:use|treatment)\s+)?(?:in|for)\s+(?:(?:\w+\s+){0,2})?"
    r"(?:pediatric|paediatric|children|child|adolescents|infants|patients|people|adults|elderly|women|pregnan\w*)\b",
    re.IGNORECASE,
)
#: What follows a transmitter named as a receptor's ligand: a subtype ("D2", "5-HT2A"), others
#: sharing the head ("and serotonin 5-HT2A"), then the receptor or what is done to it.
_RECEPTOR_AFTER = re.compile(
    r"\s+(?:[A-Z0-9][A-Za-z0-9-]{0,7}\s+)?(?:(?:,|,?\s*and|,?\s*or)\s+[a-z][\w-]*\s+(?:[A-Z0-9][A-Za-z0-9-]{0,7}\s+)?)*"
    r"(?i:receptors?|transporters?|reuptake|receptor antagonism|receptor blockade|antagonism|blockade)\b"
)


#: A relative clause's verb right before a mention: "medicines that raise " (serotonin).
_RELATIVE_VERB = re.compile(
    r"\b(?:that|which)\s+(?:also\s+|can\s+|may\s+)?"
    r"(?:rais|increas|boost|enhanc|affect|lower|reduc|decreas|deplet|block|inhibit|releas|mimic)\w*\s+$",
    re.IGNORECASE,
)


def _named_by_what_drugs_do(text: str, span: tuple[int, int] | None) -> bool:
    """Whether the mention at ``span`` is what a relative clause says other drugs act on, no drug taken:
    "serotonin" of "medicines that raise serotonin".

    >>> text = "Other medicines that raise serotonin, such as tramadol"
    >>> _named_by_what_drugs_do(text, (27, 36)), _named_by_what_drugs_do(text, (46, 54))
    (True, False)
    >>> _named_by_what_drugs_do("products that contain venlafaxine", (22, 33))
    False
    """
    return span is not None and _RELATIVE_VERB.search(text, max(0, span[0] - 40), span[0]) is not None


def _names_a_receptor(text: str, span: tuple[int, int] | None) -> bool:
    """Whether the mention at ``span`` names a receptor's ligand, not a drug taken: "dopamine" of "dopamine
    D2 and serotonin 5-HT2A receptor antagonism", "serotonin" of "serotonin reuptake".

    >>> text = "blockade of dopamine D2 and serotonin 5-HT2A receptors"
    >>> _names_a_receptor(text, (12, 20)), _names_a_receptor(text, (28, 37))
    (True, True)
    >>> _names_a_receptor("Do not take it with levodopa or dopamine.", (20, 28))
    False
    """
    return span is not None and _RECEPTOR_AFTER.match(text, span[1]) is not None


#: What a drug is said to bring about, which after its level change is the interaction's outcome.
_OWN_EFFECTS = frozenset({str(DKV.hasRiskOf), str(DKV.hasSideEffect), str(DKV.hasCommonSideEffect)})


def _level_outcomes(made: list[Fact], levels: list[Fact]) -> list[Fact]:
    """The facts of a sentence with its level changes: "inhibitors such as A may raise X levels and
    increase the risk of QT prolongation" says what taking A with X risks, not what A risks alone,
    so an effect or risk said of a drug after the level it changes is that interaction's outcome."""
    members = str(DKV.memberOf), str(DKV.kindOf)
    out: list[Fact] = []
    for f in made:
        # the class whose members change the level stands for them ("inhibitors such as A and B")
        agents = {f.subject} | {m.subject for m in made if m.predicate in members and m.object == f.subject}
        changes = [g for g in levels if g.subject in agents and g.trigger.start < f.trigger.start]
        if f.predicate in _OWN_EFFECTS and not f.negated and changes:
            for g in changes:
                if f.object not in g.outcomes:
                    g.outcomes.append(f.object)
            continue
        out.append(f)
    return [*out, *levels]


def _invented_class(m: Entity) -> bool:
    """Whether a mention is a class phrase the graph has no class for (a proposed class)."""
    return m.found_by == "class phrase" and m.iri is None


def _roles(fact: Fact, described: set[str]) -> set[str]:
    """The roles (``predicate:s`` or ``predicate:o``) that the described classes have in a fact."""
    name = fact.predicate.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    return {f"{name}:{side}" for side, ref in (("s", fact.subject), ("o", fact.object)) if ref in described}


def bounded_sentences(text: str, found: list[Span]) -> list[Span]:
    """The sentences ``found`` in ``text``, each over :data:`MAX_SENTENCE_CHARS` cut at a space.

    >>> from kg.extract.text import sentences
    >>> text = "word " * 1000
    >>> [len(s.text) for s in bounded_sentences(text, sentences(text))]
    [1999, 1994, 1004]
    """
    out: list[Span] = []
    for sentence in found:
        start, stop = sentence.start, sentence.end
        while stop - start > MAX_SENTENCE_CHARS:
            cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
            cut = cut if cut > start else start + MAX_SENTENCE_CHARS
            out.append(_stripped(text, start, cut))
            start = cut
        out.append(_stripped(text, start, stop))
    return [span for span in out if span.text]


def _stripped(text: str, start: int, stop: int) -> Span:
    piece = text[start:stop]
    first = start + len(piece) - len(piece.lstrip())
    return Span(first, first + len(piece.strip()), piece.strip())


#: Most entity mentions kept from one text: a drug label holds hundreds; each mention becomes an
#: annotation of the draft (kilobytes in memory), so this bounds what one text can cost.
MAX_MENTIONS = 50_000


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "entity"


#: American spellings and their British forms (the curated labels are British, texts often American).
_TO_BRITISH = {
    "behavior": "behaviour",
    "behaviors": "behaviours",
    "behavioral": "behavioural",
    "anemia": "anaemia",
    "edema": "oedema",
    "diarrhea": "diarrhoea",
    "hemorrhage": "haemorrhage",
    "tumor": "tumour",
    "hematoma": "haematoma",
    "leukemia": "leukaemia",
    "esophagitis": "oesophagitis",
    "color": "colour",
    "pediatric": "paediatric",
    "hyperemia": "hyperaemia",
    "hypoglycemia": "hypoglycaemia",
    "hyperglycemia": "hyperglycaemia",
    "hyponatremia": "hyponatraemia",
    "hyperkalemia": "hyperkalaemia",
    "hypokalemia": "hypokalaemia",
}
_BRITISH = re.compile(r"\b(?:" + "|".join(_TO_BRITISH) + r")\b", re.IGNORECASE)
#: The other way: a British text finds the American names the open datasets give.
_TO_AMERICAN = {b: a for a, b in _TO_BRITISH.items() if a != b}
_AMERICAN = re.compile(r"\b(?:" + "|".join(_TO_AMERICAN) + r")\b", re.IGNORECASE)


#: A document's title: its first line, of at most twelve words, not ending as a sentence does.
_TITLE = re.compile(r"\s*((?:[^\s.!?]+[ \t]+){0,11}[^\s.!?]+)[ \t]*(?:\n|$)")
#: How a drug the graph lacks, proposed from the title, was found (:meth:`Extractor._title_drug_mentions`).
_TITLE_DRUG = "title drug"
#: A title's first word that could name a drug: a letter, then five or more letters or hyphens.
_TITLE_FIRST_WORD = re.compile(r"[A-Za-z][A-Za-z-]{4,}\b")
#: What a text says of a drug right after its name: "is a", "is not approved", "(INGREZZA) is indicated".
_TITLE_DRUG_SAID = (
    r"(?:\s*\([^()\n]{1,40}\))?\s+(?:is|was)\s+(?:not\s+)?"
    r"(?:a|an|approved|indicated|used|prescribed|marketed|sold|available)\b"
)


#: "CYP2D6 inhibitors": a class of drugs named by the cytochrome P450 enzyme they act on, which FDA's
#: classes spell out ("Cytochrome P450 2D6 Inhibitor [EPC]", "Cytochrome P450 3A4 Inducers [MoA]").
_CYP_CLASS = re.compile(r"(?i)^CYP\s?(\d[A-Z]\d*)\s+(inhibitor|inducer)(s?)$")
#: "CYP3A4 or CYP2D6 inhibitors": an enzyme coordinated with the one a class name starts with.
_ELLIPTIC_ENZYME = re.compile(r"(?i)\bCYP\s?\d[A-Z]\d*\s*(?:,|/|or|and|and/or)\s*$")


def _variants(name: str) -> list[str]:
    """The name, then forms without a plural or possessive ending and gerunds of its first word
    ("panic disorders" -> "panic disorder"; "drive" -> "driving"); a CYP class by FDA's names of it
    ("CYP3A4 inhibitors" -> "cytochrome P450 3A4 inhibitors [MoA]")."""
    cyp = _CYP_CLASS.match(name)
    if cyp:
        enzyme, action = cyp.group(1).upper(), cyp.group(2).lower()
        spelled = f"cytochrome P450 {enzyme} {action}"
        return [name, spelled, f"{spelled} [EPC]", f"{spelled}s [MoA]"]
    out = [name]
    words = name.split(" ")
    last = words[-1]
    for stem in (
        last[:-3] + "y" if last.endswith("ies") else None,
        last[:-2] if last.endswith("es") else None,
        last[:-1] if last.endswith("s") and not last.endswith("ss") else None,
    ):
        if stem and len(stem) > 2:
            out.append(" ".join([*words[:-1], stem]))
    spelled = _BRITISH.sub(lambda m: _TO_BRITISH[m.group().lower()], name)  # "behaviors" -> "behaviours"
    if spelled != name:
        out.append(spelled)
    spelled = _AMERICAN.sub(lambda m: _TO_AMERICAN[m.group().lower()], name)  # "diarrhoea" -> "diarrhea"
    if spelled != name:
        out.append(spelled)
    first = words[0]
    if first.isalpha() and first.islower() and len(first) > 3 and not first.endswith("ing"):
        gerund = first[:-1] + "ing" if first.endswith("e") else first + "ing"
        out.append(" ".join([gerund, *words[1:]]))
    return out


class Extractor:
    """Extraction against one store (the built graph, or any graph with the drugkg vocabulary)."""

    def __init__(self, store: ox.Store, tagger: AdverseReactionTagger | None = None, pairs: bool = True) -> None:
        self.lexicon = Lexicon(store)
        self.tagger = tagger
        #: The relation pair classifier (:mod:`kg.extract.pairs`): the shipped one, read on the first
        #: extraction, unless ``pairs`` is False (the rules alone); a caller may set another.
        self.pair_model: PairModel | None = None
        self._pair_model_wanted = pairs
        self._adverse = str(DKV.AdverseEffect)
        self._finding = str(DKV.ClinicalFinding)
        self._chemical = str(DKV.ChemicalOrDrugClass)
        self._lookup = lru_cache(maxsize=200_000)(self._lookup_uncached)
        self._classes = lru_cache(maxsize=50_000)(self._classes_uncached)
        self._new_mentions: list[Entity] = []
        self._rule_mentions: dict[tuple[int, int, str], Entity] = {}
        #: per sentence start, whether the text speaks of interactions there (``interaction_talk``)
        self._talk: dict[int, bool] = {}

    def is_adverse_type(self, type_curie: str) -> bool:
        """Whether a mention type (a CURIE) is the adverse-effect class or below it."""
        return self.lexicon.ontology.is_a([CONVERTER.expand(type_curie) or type_curie], self._adverse)

    def _lookup_uncached(self, name: str) -> tuple[Candidate, ...]:
        for variant in _variants(name):
            found = self.lexicon.lookup(variant)
            if found:
                return found
        return ()

    # -- mentions -------------------------------------------------------------------------
    def _graph_mentions(self, text: str, sentence: Span) -> list[tuple[int, int, tuple[Candidate, ...]]]:
        """Longest matches, left to right, of the graph's names among the sentence's word runs
        (a name neither starts nor ends with a stop word or a number, nor spans punctuation)."""
        words = tokens(text, sentence.start, sentence.end)
        skip = [w.text in _BREAK or w.text.lower() in _STOP or not w.text[0].isalnum() for w in words]
        breaks = [w.text in _BREAK for w in words]
        found = []
        i = 0
        while i < len(words):
            if skip[i] or words[i].text.isdigit():
                i += 1
                continue
            limit = min(_MAX_NAME_WORDS, len(words) - i)
            for n in range(1, limit):
                if breaks[i + n]:
                    limit = n
                    break
            for n in range(limit, 0, -1):
                if skip[i + n - 1]:
                    continue
                start, end = words[i].start, words[i + n - 1].end
                candidates = self._lookup(" ".join(text[start:end].split()))
                if candidates:
                    found.append((start, end, candidates))
                    i += n
                    break
            else:
                i += 1
        return found

    def _classes_uncached(self, iri: str, cls: str) -> frozenset[str]:
        """Every class above any class the entity has (a disease typed as an adverse effect too is
        still a condition), so a mention fits every property whose domain or range it is in."""
        out = set(self.lexicon.ontology.ancestors(cls))
        for other in self.lexicon.classes_of(iri):
            out |= self.lexicon.ontology.ancestors(other)
        return frozenset(out)

    def _entity(self, start: int, end: int, text: str, candidates: tuple[Candidate, ...], found_by: str) -> Entity:
        best = candidates[0]
        classes = self._classes(best.iri, best.cls)
        return Entity(
            start,
            end,
            text[start:end],
            curie(best.cls),
            best.curie,
            candidates=[c.curie for c in candidates],
            found_by=found_by,
            classes=classes,
            label=best.label,
        )

    def _proposed(self, start: int, end: int, text: str, cls: str, found_by: str, label: str = "") -> Entity:
        """A new entity of class ``cls`` named by ``text[start:end]`` (or by ``label``, its canonical
        name), with an identifier no entity of the graph has."""
        label = label or re.sub(r"\s+", " ", text[start:end]).strip()
        slug = _slug(label)
        iri = str(DK[slug])
        n = 2
        named = bool(self._lookup(slug.replace("-", " ")))  # words the graph names: not the bare slug
        while named or self._exists(iri):
            named = False  # (checked once: the words stay the same whatever the suffix)
            iri = str(DK[f"{slug}-{n}"])
            n += 1
        return Entity(
            start,
            end,
            text[start:end],
            curie(cls),
            None,
            proposed=curie(iri),
            found_by=found_by,
            classes=frozenset(self.lexicon.ontology.ancestors(cls)),
            label=label,
        )

    def _by_words(self, start: int, end: int, text: str, label: str, cls: str, found_by: str) -> Entity:
        """The entity of class ``cls`` named ``label`` (said by ``text[start:end]``): the graph's entity
        with the same content words where it has one (:meth:`Lexicon.same_words`), else a proposed one."""
        known = self.lexicon.same_words(label, cls)
        if known is not None:
            return self._entity(start, end, text, (known,), found_by)
        return self._proposed(start, end, text, cls, found_by, label)

    def _exists(self, iri: str) -> bool:
        return next(iter(self.lexicon.store.quads_for_pattern(ox.NamedNode(iri), None, None, None)), None) is not None

    def _mentions(self, text: str, sentence_spans: list[Span]) -> list[Entity]:
        linked = [
            self._entity(s, e, text, c, "graph names")
            for sentence in sentence_spans
            for s, e, c in self._graph_mentions(text, sentence)
        ]
        if self.tagger is None:
            return linked
        adverse = self.tagger.spans(text, sentence_spans)
        by_span = {(m.start, m.end): m for m in linked}
        starts = [m.start for m in linked]  # linked mentions do not overlap: sorted by start and by end
        out = list(linked)
        dropped: set[int] = set()
        for start, end in adverse:
            same = by_span.get((start, end))
            if same is not None:
                same.found_by = "graph names, adverse-reaction model"
                if self._adverse not in same.classes:  # the mention is typed by its role; its entity keeps its classes
                    same.type = curie(self._adverse)
                continue
            near = linked[max(0, bisect_left(starts, start) - _MAX_NAME_WORDS) : bisect_left(starts, end)]
            inside = [m for m in near if start <= m.start and m.end <= end]
            overlapping = [m for m in near if m.start < end and start < m.end]
            if overlapping and (len(inside) != len(overlapping) or any(m.end == end for m in inside)):
                continue  # the graph's name covers the reaction's head (or crosses it): keep the link
            if len(text[start:end].split()) > 3 and any(self._chemical in m.classes for m in inside):
                continue  # "Divalproex sodium raised paliperidone peak levels" is a clause, not a reaction
            dropped.update(id(m) for m in inside)
            known = self.lexicon.same_words(text[start:end], self._finding)
            if known is not None:  # an effect the graph has, in other words ("sweating increased")
                effect = self._entity(start, end, text, (known,), "adverse-reaction model, effect words")
                if self._adverse not in effect.classes:
                    effect.type = curie(self._adverse)
                out.append(effect)
                continue
            out.append(self._proposed(start, end, text, self._adverse, "adverse-reaction model"))
        return sorted((m for m in out if id(m) not in dropped), key=lambda m: (m.start, -m.end))

    def _title_drug_mentions(self, text: str, mentions: list[Entity]) -> list[Entity]:
        """A drug the graph does not have, as the text's main subject: the title's first word, when the
        graph names nothing there nor any drug in the title, and the text then says what it is
        ("Valbenazine (INGREZZA): prescribing summary ... Valbenazine is a VMAT2 inhibitor"). Each of its
        mentions is a proposed drug.

        A title word that the text never states a copula or an approval of ("Treating insomnia") is none."""
        title = _TITLE.match(text)
        if title is None:
            return []
        first = _TITLE_FIRST_WORD.match(text, title.start(1))
        if first is None or any(
            (m.start < first.end() and first.start() < m.end) or (str(DKV.Drug) in m.classes and m.end <= title.end(1))
            for m in mentions
        ):
            return []  # the graph names the word, or the title names a drug it has ("Belsomra (suvorexant)")
        name = first.group()
        if name.lower() in _STOP or self._lookup(name):
            return []
        if not re.search(rf"\b{re.escape(name)}{_TITLE_DRUG_SAID}", text[title.end() :], re.IGNORECASE):
            return []
        out = []
        for match in re.finditer(rf"\b{re.escape(name)}\b", text, re.IGNORECASE):
            if not any(m.start < match.end() and match.start() < m.end for m in mentions):
                out.append(self._proposed(match.start(), match.end(), text, str(DKV.Drug), _TITLE_DRUG, name.lower()))
        return out

    # -- facts ----------------------------------------------------------------------------
    def extract(self, document: Document) -> Extraction:
        """The entities and candidate facts of one document."""
        text = document.text
        self._new_mentions = []
        self._rule_mentions = {}  # made by the rules for their facts alone: the pair classifier does not read them
        sentence_spans = bounded_sentences(text, sentences(text))
        parts = sections(text)
        mentions = self._mentions(text, sentence_spans)
        systems = [(x.start(), x.end()) for x in REACTIONS_BY_SYSTEM.finditer(text)]
        mentions = [m for m in mentions if not any(a <= m.start and m.end <= b for a, b in systems)]
        mentions = sorted([*mentions, *self._title_drug_mentions(text, mentions)], key=lambda m: (m.start, -m.end))
        mentions = [*mentions, *self._paraphrase_mentions(text, mentions)]
        mentions = [*mentions, *self._mechanism_mentions(text, sentence_spans, mentions)]
        mentions = self._class_mentions(text, sentence_spans, mentions)
        mentions = sorted(
            [*mentions, *self._list_mentions(text, sentence_spans, mentions)], key=lambda m: (m.start, -m.end)
        )
        if len(mentions) > MAX_MENTIONS:  # each becomes an annotation of the draft: bound the memory
            raise InputError(
                f"{document.source}: {len(mentions):,} mentions of entities, over the {MAX_MENTIONS:,} "
                "extract keeps per text (split it)"
            )
        focus = self.main_drug(text, mentions)
        mentions = self._brand_mentions(text, sentence_spans, parts[0], mentions, focus)
        facts: dict[tuple[str, str, str, bool], Fact] = {}
        previous: list[Fact] = []
        prior: tuple[Span, list[Entity]] | None = None
        lead: tuple[Span, list[Entity]] | None = None  # the sentence before a run of bulleted lines
        asked = (-1, "")  # the section, and the question line heading the sentences after it
        mention_starts = [m.start for m in mentions]
        talk = interaction_talk(text, sentence_spans, parts)
        self._talk = {s.start: said for s, said in zip(sentence_spans, talk, strict=True)}  # read by the rules
        bulleted_on = bullet_continuations(text, sentence_spans)
        continuing = {s.start for s, goes_on in zip(sentence_spans, bulleted_on, strict=True) if goes_on}
        boxed = boxed_warning_terms(text)
        part_starts = [p.start for p in parts]  # sections are in text order and do not overlap
        for sentence in sentence_spans:
            nearby = mentions[bisect_left(mention_starts, sentence.start) : bisect_left(mention_starts, sentence.end)]
            inside = [m for m in nearby if m.end <= sentence.end]
            scopes = cue_scopes(text, sentence.start, sentence.end)
            for m in inside:
                m.negated = in_scope(scopes, "negated", m.start, m.end)
                m.hypothetical = in_scope(scopes, "hypothetical", m.start, m.end)
            index = bisect_right(part_starts, sentence.start) - 1
            section = parts[index] if index >= 0 and sentence.start < parts[index].end else parts[0]
            heading = text[section.start : section.start + len(section.label)] if section.label != "Opening" else ""
            if section.index != asked[0]:
                asked = (section.index, "")
            if is_question_line(text, sentence):  # a leaflet's "How should I stop taking X?" heads what follows
                asked = (section.index, sentence.text)
            heading_end = section.start + len(heading)
            heading_mentions = (
                mentions[bisect_left(mention_starts, section.start) : bisect_left(mention_starts, heading_end)]
                if heading
                else []
            )
            context = f"{heading} {asked[1]}".strip()
            made = self._sentence_facts(
                text, sentence, inside, scopes, section, context, heading_mentions, focus, mentions, previous
            )
            made += self._continued_list(text, sentence, inside, scopes, section, prior, focus, made)
            made += self._discontinuation(text, sentence, inside, scopes, section, context, focus, made)
            made += self._brands(text, sentence, inside, section, focus)
            made += self._boxed_warnings(text, sentence, inside, scopes, section, focus, boxed)
            made += self._appositions(text, sentence, inside, scopes, section, made)
            made += self._associated(text, sentence, inside, scopes, section)
            made += self._signs(text, sentence, inside, scopes, section, prior, made)
            made += self._reaction_lists(text, sentence, inside, scopes, section, context, focus, made)
            if BULLET.match(sentence.text):
                made += self._prohibited(text, sentence, inside, scopes, section, lead, focus, made)
                made += self._bulleted_effects(text, sentence, inside, scopes, section, context, lead, focus, made)
                made += self._bulleted_indications(text, sentence, inside, scopes, section, lead, focus)
            elif sentence.start not in continuing:
                lead = (sentence, inside)
            partners = self._lead_partners(text, sentence, inside, lead, focus)
            levels = self._level_changes(text, sentence, inside, scopes, section, focus, made)
            levels += self._levels_that_change(text, sentence, inside, scopes, section, focus, made + levels, partners)
            made = self._lead_outcomes(text, sentence, inside, scopes, section, focus, partners, made)
            made = _level_outcomes(made, levels)
            made += self._contraindicated_together(text, sentence, inside, scopes, section, focus, made)
            made += self._mechanisms(text, sentence, inside, scopes, section, focus, made)
            for risk in [f for f in made if f.predicate == str(DKV.hasRiskOf) and not f.negated]:
                for f in made:  # "X may increase the risk of bleeding, especially when used with Y"
                    later = f.trigger.start > risk.trigger.start and f.subject == risk.subject
                    if f.predicate == str(DKV.interactsWith) and later and risk.object not in f.outcomes:
                        f.outcomes.append(risk.object)
                        f.severity = f.severity or "serious"
            made = self._examples_shared(made)
            self._risks_continued(text, made)
            approved = {(f.subject, f.object) for f in made if f.predicate == str(DKV.approvedFor)}
            made = [f for f in made if f.predicate != str(DKV.treats) or (f.subject, f.object) not in approved]
            for fact in made:
                key = (fact.subject, fact.predicate, fact.object, fact.negated)
                kept = facts.get(key)
                if kept is None or kept.confidence < fact.confidence:
                    facts[key] = _with_outcomes(fact, kept)
                else:
                    _with_outcomes(kept, fact)
            previous = [f for f in made if f.predicate == str(DKV.interactsWith)]
            prior = (sentence, inside)
        if self._pair_model_wanted and self.pair_model is None:
            self.pair_model = load_pair_model()
        mentions = sorted([*mentions, *self._new_mentions], key=lambda m: (m.start, -m.end))
        sentence_contexts = contexts(text, sentence_spans, parts, mentions, talk)  # read by the two steps below
        if self.pair_model is not None:
            self._pair_facts(text, sentence_contexts, focus, facts, self.pair_model)
        self._list_propagated(text, sentence_contexts, facts)
        mentions = sorted([*mentions, *self._rule_mentions.values()], key=lambda m: (m.start, -m.end))
        if focus is not None:  # interactsWith is symmetric: state it of the main drug
            for key, fact in list(facts.items()):
                if fact.predicate == str(DKV.interactsWith) and fact.object == focus.ref:
                    flipped = (fact.object, fact.predicate, fact.subject, fact.negated)
                    del facts[key]
                    fact.subject, fact.object = fact.object, fact.subject
                    fact.subject_span, fact.object_span = fact.object_span, fact.subject_span
                    facts[flipped] = _with_outcomes(facts[flipped], fact) if flipped in facts else fact
        _off_label_denied(facts)
        _partner_effects_as_outcomes(text, facts, focus, mentions)
        _risk_again_outcomes(text, facts, sentence_spans, focus)
        self._examples_shared_by_sentence(facts)
        _boxed_effects(text, facts, parts, sentence_spans, focus)
        invented = [m for m in mentions if _invented_class(m)]
        described = {m.ref for m in invented if plain_head(m.text)}
        named = {m.ref for m in invented} - described
        # a transmitter the graph has as no drug (serotonin) is said to do things only when a text says
        # how it works: it causes, risks and works by nothing a drug text states of it
        transmitters = {m.ref for m in mentions if _transmitter_only(m)}
        allowed = [
            f
            for f in facts.values()
            if _INTERACTION_ROLES.issuperset(_roles(f, described))
            and _CLASS_ROLES.issuperset(_roles(f, named))
            and not (f.subject in transmitters and f.predicate != str(DKV.interactsWith))
            and not (
                f.predicate == str(DKV.interactsWith)
                and any(
                    _names_a_receptor(text, span) or _named_by_what_drugs_do(text, span)
                    for span in (f.subject_span, f.object_span)
                )
            )
        ]
        ordered = sorted(allowed, key=lambda f: (f.evidence.start, f.trigger.start, f.subject, f.object))
        for n, fact in enumerate(ordered, 1):
            fact.id = f"c{n}"
            fact.predicate = curie(fact.predicate)
        return Extraction(document.source, text, parts, mentions, ordered)

    def _pair_facts(
        self,
        text: str,
        sentence_contexts: list[PairContext],
        focus: Entity | None,
        facts: dict[tuple[str, str, str, bool], Fact],
        model: PairModel,
    ) -> None:
        """Add the classifier's facts: pairs of mentions of one sentence the rules left unrelated,
        whose most probable relation reaches the model's threshold and is plausible there
        (:func:`kg.extract.pairs.plausible`). An ``outcome`` pair adds its finding to an interaction
        of the drug stated in the same sentence."""
        related = {(f.subject, f.object) for f in facts.values()} | {(f.object, f.subject) for f in facts.values()}
        outcomes: list[tuple[int, str, str]] = []  # (sentence start, drug, finding)
        membership = {str(DKV.memberOf), str(DKV.kindOf)}
        budget = MAX_PAIRS_PER_DOCUMENT
        for ctx in sentence_contexts:
            pairs = candidate_pairs(text, ctx, focus)
            budget -= len(pairs)
            if budget < 0:
                break
            here = [f for f in facts.values() if f.evidence.start == ctx.sentence.start]
            # what the rules said in this sentence stands: a member has its class ("NSAIDs such as
            # ibuprofen, and SSRIs such as sertraline"), a class's example gets no interaction from
            # the classifier (the rules give it its class's), and words a fact's object covers
            # ("bipolar depression") are no other object
            members = {f.subject for f in here if f.predicate in membership}
            symptoms = {f.object for f in here if f.predicate == str(DKV.hasAssociatedSymptom)}
            covered = [(f.subject, f.object_span) for f in here if f.object_span]
            found: list[tuple[Entity, Entity]] = []  # the sentence's outcome pairs
            for s, o in pairs:
                subject = s if s is not None else focus
                if subject is None or (subject.ref, o.ref) in related:
                    continue
                if any(ref == subject.ref and a < o.end and o.start < b for ref, (a, b) in covered):
                    continue
                if o.ref in symptoms:  # a condition's sign is not also the drug's effect
                    continue
                if _MODIFIER_OF.match(text, o.end):  # "two anxiety conditions": the name qualifies a noun
                    continue
                if any(  # "Unlike aspirin, X ...": what X is compared with is in no relation here
                    m is not None and _COMPARED.search(text, max(ctx.sentence.start, m.start - 40), m.start)
                    for m in (s, o)
                ):
                    continue
                label, p = model.best(features(text, ctx, s, o, focus))
                if p < (model.threshold if s is not None else model.threshold_implied):
                    continue
                if not plausible(label, text, ctx, o):
                    continue
                if label in ("memberOf", "kindOf") and subject.ref in members:
                    continue
                if label == "interactsWith" and (subject.ref in members or o.ref in members):
                    continue
                if label == "interactsWith" and s is not None and _same_list(text, ctx, s, o):
                    continue  # "inhibitors such as A, B and C raise X levels": A and B do not interact
                if label == OUTCOME:  # what taking the named drug with the main one leads to
                    if s is not None:
                        found.append((s, o))
                    continue
                predicate = str(DKV) + label
                if predicate in _RANGE_READ:  # "approved for bipolar depression": the condition as qualified
                    o = self._qualified(text, o, ctx.sentence)
                    self._rule_mentions.setdefault((o.start, o.end, o.ref), o)
                key = (subject.ref, predicate, o.ref, o.negated)
                if key in facts:
                    continue
                related |= {(subject.ref, o.ref), (o.ref, subject.ref)}
                cue = cue_span(text, ctx, o)
                inside = s is not None and ctx.sentence.start <= s.start and s.end <= ctx.sentence.end
                facts[key] = Fact(
                    "",
                    subject.ref,
                    predicate,
                    o.ref,
                    o.negated,
                    o.hypothetical,
                    round(p * 0.8, 2),
                    ctx.sentence,
                    ctx.section.index,
                    (subject.start, subject.end) if inside else None,
                    (o.start, o.end),
                    Span(cue[0], cue[1], text[cue[0] : cue[1]]),
                )
            at = ctx.sentence.start
            outcomes += [
                (at, drug, finding) for drug, finding in _clause_outcomes(text, ctx.sentence, ctx.inside, found)
            ]
        interactions = [f for f in facts.values() if f.predicate == str(DKV.interactsWith) and not f.negated]
        for at, drug, finding in outcomes:
            for f in interactions:
                if f.evidence.start == at and drug in (f.subject, f.object) and finding not in f.outcomes:
                    f.outcomes.append(finding)
                    f.severity = f.severity or "serious"

    def _list_propagated(
        self, text: str, sentence_contexts: list[PairContext], facts: dict[tuple[str, str, str, bool], Fact]
    ) -> None:
        """What a fact says of one member of a list ("were nausea, dry mouth, insomnia and tremor")
        it says of every member that fits the property's range: a list is read as one object
        (coordination), whichever of its members the rules or the classifier picked. The members
        keep the fact's negation and hedge; an interaction's outcomes go with it. A class's example
        ("NSAIDs such as ibuprofen") stays an example."""
        ontology = self.lexicon.ontology
        by_sentence: dict[int, list[Fact]] = {}
        for fact in facts.values():
            if fact.predicate in _LISTED and fact.object_span is not None:
                by_sentence.setdefault(fact.evidence.start, []).append(fact)
        if not by_sentence:
            return
        related = {(k[0], k[2]) for k in facts}
        membership = {str(DKV.memberOf), str(DKV.kindOf)}
        examples = {(f.evidence.start, f.subject) for f in facts.values() if f.predicate in membership}
        for ctx in sentence_contexts:
            for fact in by_sentence.get(ctx.sentence.start, []):
                o = next((m for m in ctx.inside if (m.start, m.end) == fact.object_span), None)
                if o is None:
                    continue
                first, last = list_bounds(text, ctx, o)
                if fact.subject_span and first <= fact.subject_span[0] < last:
                    continue  # the subject is a member too: the list is not the object
                range_ = _RANGE_READ.get(fact.predicate, ontology.range.get(fact.predicate))
                for m in ctx.inside:
                    if m is o or not m.ref or m.ref == fact.subject or not first <= m.start < m.end <= last:
                        continue
                    if m.start < o.end and o.start < m.end:  # a name inside the object ("bipolar depression")
                        continue
                    if not self._fits(m, range_) or (
                        fact.subject_span and m.start < fact.subject_span[1] and fact.subject_span[0] < m.end
                    ):
                        continue
                    key = (fact.subject, fact.predicate, m.ref, fact.negated)
                    if key in facts or (fact.subject, m.ref) in related:
                        continue
                    if (ctx.sentence.start, m.ref) in examples:  # "NSAIDs such as ibuprofen": the class's example
                        continue
                    related.add((fact.subject, m.ref))
                    facts[key] = Fact(
                        "",
                        fact.subject,
                        fact.predicate,
                        m.ref,
                        fact.negated,
                        fact.hypothetical,
                        round(fact.confidence * 0.9, 2),
                        fact.evidence,
                        fact.section,
                        fact.subject_span,
                        (m.start, m.end),
                        fact.trigger,
                        outcomes=list(fact.outcomes),
                        severity=fact.severity,
                    )

    def _continued_list(
        self,
        text: str,
        sentence: Span,
        inside: list[Entity],
        scopes: list[CueScope],
        section: Section,
        prior: tuple[Span, list[Entity]] | None,
        focus: Entity | None,
        made: list[Fact],
    ) -> list[Fact]:
        """ "Some medicines raise the level of lithium and can lead to lithium toxicity. These include
        NSAIDs such as ibuprofen, ACE inhibitors...": the drugs a "these include" sentence lists interact
        with the drug the sentence before says they act on, with that sentence's outcome; the main
        drug, when the sentence before speaks of taking another drug and names none ("your risk of
        heart rhythm problems is higher if you also take another medicine that ... Examples are")."""
        if prior is None:
            return []
        opening = _THESE_INCLUDE.match(text, sentence.start, sentence.end)
        last, before = prior
        if opening is None:
            return []
        finding = str(DKV.DiseaseOrFinding)
        if focus is not None and _REACTIONS_LEAD.match(text, last.start, last.end):
            # "The common reactions are usually mild ... They include dizziness, ...": the main drug's
            # effects, as frequent as the sentence before says; not when that sentence lists its own
            if any(finding in m.classes for m in before):
                return []
            kind = side_effect_kind(text[last.start : last.end], "", "") or str(DKV.hasSideEffect)
            t0, t1 = opening.start(), opening.end()
            return [
                self._fact(text, focus, kind, m, _CONTINUED, 0.8, t0, t1, sentence, section, scopes)
                for m in inside
                if m.start >= t1 and finding in m.classes
            ]
        drug_like = str(DKV.ChemicalOrDrugClass)
        targets = [m for m in before if str(DKV.Drug) in m.classes and m.iri]
        if _ACTS_ON_DRUG.search(text, last.start, last.end) and targets:
            target = targets[0]
        elif focus is not None and not targets and INTERACTION_TALK.search(text, last.start, last.end):
            target = focus  # "... if you also take another medicine that prolongs the QT interval. Examples are"
        else:
            return []
        cause = re.search(r"\b(?:lead|leads|leading|result|cause|causes|risk|risks)\b", text[last.start : last.end])
        # the findings after the words of causing; before the other drug, when it is unnamed ("risk of heart
        # rhythm problems is higher if you also take a medicine that prolongs the QT interval")
        talk = INTERACTION_TALK.search(text, last.start, last.end) if target is focus else None
        stop = talk.start() if talk else last.end
        outcomes = [
            m.ref
            for m in before
            if cause and last.start + cause.end() <= m.start < stop and str(DKV.ClinicalFinding) in m.classes
        ]
        members = {f.subject for f in made if f.predicate in (str(DKV.memberOf), str(DKV.kindOf))}
        out = []
        for m in inside:
            if m.start < opening.end() or drug_like not in m.classes or m.ref in members or m.ref == target.ref:
                continue
            t0, t1 = opening.start(), opening.end()
            fact = self._fact(
                text, target, str(DKV.interactsWith), m, _CONTINUED, 0.8, t0, t1, sentence, section, scopes
            )
            fact.outcomes = list(outcomes)
            fact.severity = "serious" if outcomes else ""
            out.append(fact)
        return out

    def _qualified(self, text: str, mention: Entity, sentence: Span) -> Entity:
        """A condition named with qualifying adjectives before the graph's name ("bipolar" before
        "depression"): the graph's entity for the whole phrase if it has one, else a proposed condition."""
        if mention.iri is None:
            return mention
        start = mention.start
        for _ in range(3):
            word = re.search(r"([A-Za-z][\w-]*)[ \t]+$", text[sentence.start : start])
            lower = word.group(1).lower() if word else ""
            if not _QUALIFIER.fullmatch(lower) or lower in _NOT_QUALIFIER or lower in _STOP:
                break
            assert word is not None
            start = sentence.start + word.start(1)
        if start == mention.start:
            return mention
        phrase = " ".join(text[start : mention.end].split())
        known = self._lookup(phrase)
        entity = (
            self._entity(start, mention.end, text, known, "graph names, qualified condition")
            if known
            else self._proposed(start, mention.end, text, str(DKV.Condition), "qualified condition")
        )
        entity.negated, entity.hypothetical = mention.negated, mention.hypothetical
        self._new_mentions.append(entity)
        return entity

    def _brand_mentions(
        self, text: str, sentence_spans: list[Span], section: Section, mentions: list[Entity], focus: Entity | None
    ) -> list[Entity]:
        """A brand name the text gives a drug ("Methylphenidate (Ritalin)") names that drug wherever
        else the text uses it ("Ritalin tablets are also approved for narcolepsy")."""
        starts = [m.start for m in mentions]
        brands: dict[str, tuple[Entity, set[tuple[int, int]]]] = {}
        for sentence in sentence_spans:
            inside = [
                m
                for m in mentions[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]
                if m.end <= sentence.end
            ]
            for fact in self._brands(text, sentence, inside, section, focus):
                drug = next((m for m in mentions if m.ref == fact.subject and m.iri), None)
                if drug is not None and fact.object_span is not None:
                    brands.setdefault(fact.object, (drug, set()))[1].add(fact.object_span)
        if not brands:
            return mentions
        added = []
        for name, (drug, spots) in brands.items():
            for found in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text, re.IGNORECASE):
                start, end = found.span()
                if (start, end) in spots:
                    continue
                near = mentions[max(0, bisect_left(starts, start) - _MAX_NAME_WORDS) : bisect_left(starts, end)]
                if any(m.start < end and start < m.end for m in near):
                    continue
                added.append(
                    Entity(
                        start,
                        end,
                        text[start:end],
                        drug.type,
                        drug.iri,
                        candidates=list(drug.candidates),
                        found_by="brand name given in the text",
                        classes=drug.classes,
                        label=drug.label,
                    )
                )
        return sorted([*mentions, *added], key=lambda m: (m.start, -m.end))

    def _risks_continued(self, text: str, made: list[Fact]) -> None:
        """ "X has a high chance of misuse, which can lead to addiction": what a risk leads to, in a
        relative clause after it, is a risk of the drug too, not a side effect."""
        effects = (str(DKV.hasSideEffect), str(DKV.hasCommonSideEffect))
        risks = [f for f in made if f.predicate == str(DKV.hasRiskOf) and not f.negated and f.object_span]
        for f in made:
            if f.predicate not in effects or f.negated:
                continue
            for risk in risks:
                assert risk.object_span is not None
                between = text[risk.object_span[1] : f.trigger.start]
                if (
                    risk.subject == f.subject
                    and risk.object_span[1] <= f.trigger.start
                    and re.match(r"[\s,]*(?:which|that)\b", between)
                ):
                    f.predicate = str(DKV.hasRiskOf)
                    break

    def _examples_shared(self, made: list[Fact]) -> list[Fact]:
        """ "Using X with NSAIDs such as ibuprofen increases the risk of bleeding", "strong CYP2D6
        inhibitors, for example quinidine, raise X levels": what the sentence says of a class or of its
        examples it says of each, so the class and every example named interact with X (each with the
        outcomes stated)."""
        inter = str(DKV.interactsWith)
        groups: dict[str, dict[str, tuple[int, int] | None]] = {}  # class -> its examples' spans
        spans: dict[str, tuple[int, int] | None] = {}
        for f in made:
            if (
                f.predicate in (str(DKV.memberOf), str(DKV.kindOf))
                and not f.negated
                and HEARST.regex.fullmatch(f.trigger.text)
            ):
                groups.setdefault(f.object, {})[f.subject] = f.subject_span
                spans.setdefault(f.object, f.object_span)
        if not groups:
            return made
        stated = {(f.subject, f.object) for f in made if f.predicate == inter}
        stated |= {(o, s) for s, o in stated}
        out = list(made)
        for f in [f for f in made if f.predicate == inter and not f.negated]:
            for cls, examples in groups.items():
                group = {cls: spans[cls], **examples}
                own = f.subject if f.subject in group else f.object if f.object in group else None
                partner = f.object if own == f.subject else f.subject
                if own is None or partner in group:
                    continue
                for ref, span in group.items():
                    if ref == own or (ref, partner) in stated:
                        continue
                    stated |= {(ref, partner), (partner, ref)}
                    if own == f.subject:
                        shared = replace(f, subject=ref, subject_span=span, outcomes=list(f.outcomes))
                    else:
                        shared = replace(f, object=ref, object_span=span, outcomes=list(f.outcomes))
                    out.append(shared)
        return out

    def _examples_shared_by_sentence(self, facts: dict[tuple[str, str, str, bool], Fact]) -> None:
        """:meth:`_examples_shared` over each sentence's facts once the pair classifier has added its
        own: an interaction it reads with "NSAIDs such as ibuprofen" is ibuprofen's too."""
        by_sentence: dict[int, list[Fact]] = {}
        for f in facts.values():
            by_sentence.setdefault(f.evidence.start, []).append(f)
        for made in by_sentence.values():
            for f in self._examples_shared(made)[len(made) :]:
                facts.setdefault((f.subject, f.predicate, f.object, f.negated), f)

    def _in_apposition(self, text: str, inside: list[Entity], m: Entity) -> Entity | None:
        """The mention that ``m`` (a drug class) is in apposition to ("aripiprazole, an atypical antipsychotic,")."""
        if str(DKV.DrugClass) not in m.classes or not _APPOSITION_CLOSE.match(text, m.end):
            return None
        before = [n for n in inside if n.end <= m.start]
        if not before:
            return None
        head = before[-1]
        between = text[head.end : m.start]
        if not _APPOSITION_OPEN.fullmatch(between) or str(DKV.ChemicalOrDrugClass) not in head.classes:
            return None
        return head if head.ref != m.ref else None

    def _associated(
        self, text: str, sentence: Span, inside: list[Entity], scopes: list[CueScope], section: Section
    ) -> list[Fact]:
        """ "irritability associated with autistic disorder": the condition named right after the phrase
        has the finding named right before it (a label's indication); a name further away is not read."""
        finding = str(DKV.DiseaseOrFinding)
        out = []
        for cue in _ASSOCIATED.finditer(text, sentence.start, sentence.end):
            left = [m for m in inside if m.end <= cue.start() and not text[m.end : cue.start()].strip()]
            right = [m for m in inside if m.start >= cue.end() and not text[cue.end() : m.start].strip()]
            if not left or not right or not self._fits(left[-1], finding) or not self._fits(right[0], finding):
                continue
            if left[-1].ref != right[0].ref:
                out.append(
                    self._fact(
                        text,
                        right[0],
                        str(DKV.hasAssociatedSymptom),
                        left[-1],
                        _ASSOCIATION,
                        1.0,
                        cue.start(),
                        cue.end(),
                        sentence,
                        section,
                        scopes,
                    )
                )
        return out

    def _bulleted_effects(
        self,
        text: str,
        sentence: Span,
        inside: list[Entity],
        scopes: list[CueScope],
        section: Section,
        heading: str,
        lead: tuple[Span, list[Entity]] | None,
        focus: Entity | None,
        made: list[Fact],
    ) -> list[Fact]:
        """ "The most common side effects of X are:" then "- drowsiness", "- tremor": the findings of
        each bulleted line are the effects the lead-in announces (common, on stopping, or plain, as
        its words say), of the drug it names, else of the main drug; hedged when the lead-in is ("may
        include:"). A lead-in about a condition's signs is left to that rule."""
        if lead is None or not _EFFECTS_LEAD.search(lead[0].text):
            return []
        if re.search(r"\bsigns?\b|\bsymptoms? of\b", lead[0].text, re.IGNORECASE) and not STOPPING.search(lead[0].text):
            return []
        predicate = side_effect_kind(lead[0].text, heading, "")
        if predicate is None:
            return []
        subject = _lead_subject(lead, focus)
        if subject is None:
            return []
        hedged = bool(re.search(r"\b(?:may|might|can|could)\b", lead[0].text, re.IGNORECASE))
        stated = {(f.subject, f.object) for f in made}
        finding = str(DKV.DiseaseOrFinding)
        out = []
        for m in inside:
            if not self._fits(m, finding) or m.ref == subject.ref or (subject.ref, m.ref) in stated:
                continue
            fact = self._fact(text, subject, predicate, m, _BULLETED, 1.0, m.start, m.start, sentence, section, scopes)
            fact.hypothetical = fact.hypothetical or hedged
            out.append(fact)
        return out

    def _reaction_lists(
        self,
        text: str,
        sentence: Span,
        inside: list[Entity],
        scopes: list[CueScope],
        section: Section,
        heading: str,
        focus: Entity | None,
        made: list[Fact],
    ) -> list[Fact]:
        """ "The adverse reactions that occurred in at least 5% of patients given X and twice as often as
        with placebo were A, B and C", "The most common side effects in adults treated with X included
        A", "the events reported most often by people taking X were A": the findings after the verb are
        the effects of the drug the words between name (else the main drug), as frequent as those words
        say. Not when those words name the placebo group ("adverse events in the placebo group were")
        or another drug taken with it ("side effects when taken with lithium were")."""
        out: list[Fact] = []
        listed = _REACTION_LIST.search(text, sentence.start, sentence.end)
        if listed is None:
            return out
        between = [m for m in inside if listed.start("mid") <= m.start and m.end <= listed.end("mid")]
        drugs = [m for m in between if str(DKV.Drug) in m.classes]
        if _PLACEBO_GROUP.search(listed.group("mid")):
            return out
        others = [m for m in drugs if focus is None or m.ref != focus.ref]
        if any(_WITH_BEFORE.search(text, max(sentence.start, m.start - 12), m.start) for m in others):
            return out  # another drug taken with it
        owner = [m for m in inside if m.end <= listed.start() and _POSSESSIVE.match(text, m.end, listed.start())]
        subject = drugs[0] if drugs else owner[-1] if owner else focus  # "Clomipramine's most common reactions"
        if subject is None or str(DKV.ChemicalOrDrugClass) not in subject.classes:
            return out
        kind = side_effect_kind(text[sentence.start : listed.end()], heading, "")
        if kind is None:
            return out
        stated = {(f.subject, f.object) for f in made}
        finding = str(DKV.DiseaseOrFinding)
        t0, t1 = listed.start("verb"), listed.end("verb")
        for m in inside:
            if m.start < listed.end() or not self._fits(m, finding) or (subject.ref, m.ref) in stated:
                continue
            out.append(self._fact(text, subject, kind, m, _REACTIONS_LISTED, 1.0, t0, t1, sentence, section, scopes))
        return out

    def _bulleted_indications(
        self,
        text: str,
        sentence: Span,
        inside: list[Entity],
        scopes: list[CueScope],
        section: Section,
        lead: tuple[Span, list[Entity]] | None,
        focus: Entity | None,
    ) -> list[Fact]:
        """ "X is approved for adults with:" then "- tardive dyskinesia", "- add-on use in convulsive
        disorders": the condition each bulleted line names first (and those coordinated with it) is one
        X (the drug the lead-in names, else the main drug) is approved for, denied when the lead-in is
        ("is not approved for:"); a line of add-on use is also an adjunct use, and what it is added to
        ("given in conjunction with an oral antidepressant") X's partner. What a line goes on to say of
        its condition ("chorea associated with Huntington's disease", "including agitation") is not."""
        if lead is None or not _INDICATION_LEAD.search(lead[0].text):
            return []
        subject = _lead_subject(lead, focus)
        if subject is None:
            return []
        denied = bool(re.search(r"\bnot\b", lead[0].text, re.IGNORECASE))
        stop = _INDICATION_DETAIL.search(text, sentence.start, sentence.end)
        end = stop.start() if stop else sentence.end
        finding = str(DKV.DiseaseOrFinding)
        named: list[Entity] = []
        for m in inside:
            if m.end > end or not self._fits(m, finding) or m.ref == subject.ref:
                continue
            before = text[sentence.start : m.start]
            if before.count("(") > before.count(")"):
                continue  # an aside: "a conduct disorder (impulsiveness, aggression)"
            if not named and _QUALIFIED_BY.search(before):
                break  # "chorea associated with Huntington's disease", its first words no name of the graph
            between = text[named[-1].end : m.start] if named else ""
            if named and re.fullmatch(r"\s+of\s+(?:the\s+|an?\s+)?", between):
                named[-1] = m  # "the pain of trigeminal neuralgia": the condition is the one named after "of"
                continue
            if named and not re.search(r"\b(?:and|or)\b|[,;]", between):
                break  # "seizures associated with fever": what follows qualifies the first
            named.append(m)
        add_on = _ADD_ON_LINE.search(text, sentence.start, sentence.end)
        if add_on and re.search(r"\balone or\b", text[sentence.start : sentence.end], re.IGNORECASE):
            add_on = None  # "given alone or together with an antidepressant": no add-on use said
        out = []
        for m in [self._qualified(text, m, sentence) for m in named]:  # "complex partial seizures"
            kinds = [str(DKV.approvedFor)] + ([str(DKV.usedAsAdjunctIn)] if add_on else [])
            for kind in kinds:
                fact = self._fact(text, subject, kind, m, _INDICATED, 1.0, m.start, m.start, sentence, section, scopes)
                fact.negated = fact.negated or denied
                out.append(fact)
        if add_on:
            drug_like, partner = str(DKV.ChemicalOrDrugClass), str(DKV.adjunctTo)
            t0, t1 = add_on.span()
            for m in inside:
                if m.start >= t1 and drug_like in m.classes and m.ref != subject.ref:
                    out.append(
                        self._fact(text, subject, partner, m, _INDICATED, 1.0, t0, t1, sentence, section, scopes)
                    )
        return out

    def _prohibited(
        self,
        text: str,
        sentence: Span,
        inside: list[Entity],
        scopes: list[CueScope],
        section: Section,
        lead: tuple[Span, list[Entity]] | None,
        focus: Entity | None,
        made: list[Fact],
    ) -> list[Fact]:
        """ "Do not take X if you:" then "- take an MAOI, or stopped one in the last 14 days": a drug
        the bulleted line has taken with X interacts with X (the drug the lead-in names, else the main
        drug); the line's other words (a condition, an allergy) make nothing here."""
        if lead is None or not _PROHIBITION_LEAD.search(lead[0].text):
            return []
        subject = _lead_subject(lead, focus)
        if subject is None:
            return []
        taking = _TAKING.search(text, sentence.start, sentence.end)
        if taking is None:
            return []
        drug_like = (str(DKV.ChemicalOrDrugClass), str(DKV.Substance))
        stated = {(f.subject, f.object) for f in made}
        out = []
        for m in inside:
            if m.start < taking.end() or m.ref == subject.ref or (subject.ref, m.ref) in stated:
                continue
            if not any(c in m.classes for c in drug_like):
                continue
            fact = self._fact(
                text,
                subject,
                str(DKV.interactsWith),
                m,
                _PROHIBITED,
                0.9,
                taking.start(),
                taking.end(),
                sentence,
                section,
                scopes,
            )
            out.append(fact)
        return out

    def _signs(
        self,
        text: str,
        sentence: Span,
        inside: list[Entity],
        scopes: list[CueScope],
        section: Section,
        prior: tuple[Span, list[Entity]] | None,
        made: list[Fact],
    ) -> list[Fact]:
        """ "Signs of NMS include fever and rigidity", "... can cause serotonin syndrome. Symptoms
        include agitation and fever": the findings listed after the cue are symptoms of the condition
        named in its "of" part, else of the first condition or finding of the sentence before the
        cue or of the sentence before (never withdrawal symptoms: words of stopping in either
        sentence, or a condition named by them, leave the list to their rules). The drug's own
        facts of the same findings in this sentence are dropped."""
        finding = str(DKV.DiseaseOrFinding)
        if STOPPING.search(sentence.text):
            return []
        said: list[tuple[Entity, re.Match[str], float]] = []  # (condition, cue, confidence base)
        for cue in _SIGNS.finditer(text, sentence.start, sentence.end):
            of = [m for m in inside if cue.start("of") <= m.start and m.end <= cue.end("of")] if cue.group("of") else []
            before = [m for m in inside if m.end <= cue.start()]
            earlier = prior[1] if prior and not before and not STOPPING.search(prior[0].text) else []
            named = [m for m in [*of, *before, *earlier] if self._fits(m, finding)]
            if not named or (
                cue.group("of") and not of and not re.search(r"\b(?:it|this|these|them|that)\b", cue.group("of"))
            ):
                continue
            if not STOPPING.search(named[0].label or named[0].text):  # "withdrawal symptoms. Symptoms include"
                said.append((named[0], cue, 0.9))
        for cue in _CONDITION_SHOWS.finditer(text, sentence.start, sentence.end):
            # "Serotonin syndrome, which may cause agitation, ...", "DRESS typically shows fever, rash ...":
            # the condition named right before the words
            before = [m for m in inside if m.end <= cue.start() and not text[m.end : cue.start()].strip(" ,")]
            if before and self._fits(before[-1], finding) and not STOPPING.search(before[-1].text):
                said.append((before[-1], cue, 0.8))
        out = [
            self._fact(
                text,
                condition,
                str(DKV.hasAssociatedSymptom),
                o,
                _ASSOCIATION,
                base,
                cue.start(),
                cue.end(),
                sentence,
                section,
                scopes,
            )
            for condition, cue, base in said
            for o in self._list_right(text, cue.end(), sentence.end, inside, finding)
            if o.ref != condition.ref
        ]
        if out:
            symptoms = {f.object for f in out}
            effects = {str(DKV.hasSideEffect), str(DKV.hasCommonSideEffect), str(DKV.hasRiskOf)}
            made[:] = [f for f in made if not (f.predicate in effects and f.object in symptoms)]
        return out

    def _appositions(
        self,
        text: str,
        sentence: Span,
        inside: list[Entity],
        scopes: list[CueScope],
        section: Section,
        made: list[Fact],
    ) -> list[Fact]:
        """ "Aripiprazole, an atypical antipsychotic, is ...", "sertraline (an SSRI)": membership by
        apposition; and "the tricyclic antidepressants amitriptyline, clomipramine and imipramine":
        the drugs named right after "the" and a class are its members."""
        out = []
        for m in inside:
            head = self._in_apposition(text, inside, m)
            if head is None or any(f.subject == head.ref and f.object == m.ref for f in made):
                continue
            predicate = str(DKV.kindOf) if str(DKV.DrugClass) in head.classes else str(DKV.memberOf)
            out.append(
                self._fact(text, head, predicate, m, _APPOSITION, 1.0, head.end, m.start, sentence, section, scopes)
            )
        drug, drug_class = str(DKV.Drug), str(DKV.DrugClass)
        for n, c in enumerate(inside):
            if (
                drug_class not in c.classes
                or drug in c.classes
                or not _THE_BEFORE.search(text, sentence.start, c.start)
            ):
                continue
            named: list[Entity] = []
            for m in inside[n + 1 :]:
                gap = text[named[-1].end if named else c.end : m.start]
                if drug not in m.classes or not (_LIST_GAP.fullmatch(gap) if named else gap.isspace()):
                    break
                named.append(m)
            for m in named:
                if not any(f.subject == m.ref and f.object == c.ref for f in made):
                    fact = self._fact(
                        text, m, str(DKV.memberOf), c, _APPOSITION, 1.0, c.start, c.end, sentence, section, scopes
                    )
                    out.append(fact)
        return out

    def _level_changes(
        self,
        text: str,
        sentence: Span,
        inside: list[Entity],
        scopes: list[CueScope],
        section: Section,
        focus: Entity | None,
        made: list[Fact],
    ) -> list[Fact]:
        """ "Inhibitors such as A and B raise quetiapine levels", "X increases the level of Y", "they
        raise its blood levels": the drugs of the clause before the verb interact with the drug whose
        level changes (named before "level(s)", after "level of", or "its": the drug the clause or
        sentence is about). Members named in a Hearst list stand for their class."""
        drug_like = str(DKV.ChemicalOrDrugClass)
        out: list[Fact] = []
        for verb in _LEVEL_VERB.finditer(text, sentence.start, sentence.end):
            words = _LEVEL_WORDS.match(text, verb.end(), sentence.end)
            if words is None:
                continue
            if words.group("post"):  # "the levels of lithium", "the levels of drugs such as A and B"
                examples = _OF_DRUGS.match(text, words.end(), sentence.end)
                listed_after = self._list_right(text, words.end(), sentence.end, inside, drug_like)
                if listed_after and (examples or not text[words.end() : listed_after[0].start].strip()):
                    targets = listed_after
                else:
                    targets = []
            starts = [sentence.start, *(c.end() for c in _CLAUSE_START.finditer(text, sentence.start, verb.start()))]
            begin = starts.pop()
            while starts and self._only_names(text, begin, verb.start(), inside):
                begin = starts.pop()  # ", and grapefruit juice, raise ...": a list's last member, not a clause
            if not words.group("post"):
                # "raise serum digoxin and phenytoin levels": each drug named before the word
                pre = [m for m in inside if words.start("pre") <= m.start and m.end <= words.end()]
                targets = [m for m in pre if drug_like in m.classes]
                if not targets and re.search(r"\b(?:its|their)\b", text[verb.end() : words.end()], re.IGNORECASE):
                    # "X is cleared by CYP1A2, so fluvoxamine raises its levels": the drug of a clause
                    # before (the one that raises them is not it), else the text's
                    earlier = [m for m in inside if m.end <= begin and drug_like in m.classes and m.iri]
                    target = earlier[0] if earlier else focus
                    targets = [target] if target is not None else []
            # a transmitter's level ("increasing the amount of serotonin in the brain") is how a drug
            # works, not an interaction
            targets = [m for m in targets if not _transmitter_only(m)]
            if not targets:
                continue
            agents = [
                m
                for m in inside
                if begin <= m.start
                and m.end <= verb.start()
                and drug_like in m.classes
                and m.ref not in {x.ref for x in targets}
                and not _COMPARED.search(text, max(sentence.start, m.start - 40), m.start)
            ]
            if not agents and focus is not None and _ANAPHOR.search(text, begin, verb.start()):
                agents = [focus]  # "so it can raise the levels of ..."
            lead = _BULLET_LEAD.match(text, sentence.start, verb.start()) if not agents else None
            if lead is not None:  # "- Valproate: raises plasma lorazepam concentrations"
                agents = [
                    m
                    for m in inside
                    if lead.start("lead") <= m.start and m.end <= lead.end("lead") and drug_like in m.classes
                ]
            agents = [m for m in agents if m.ref not in {x.ref for x in targets}]
            listed = {f.subject for f in made if f.predicate in (str(DKV.memberOf), str(DKV.kindOf))}
            classes = {f.object for f in made if f.predicate in (str(DKV.memberOf), str(DKV.kindOf))}
            outcome_of = {x.ref: self._level_outcome(text, verb, words, x) for x in targets}
            for m, target in ((m, x) for m in agents for x in targets):
                if m.ref in classes and listed:
                    continue  # "inhibitors such as A and B": the members interact
                fact = self._fact(
                    text,
                    m,
                    str(DKV.interactsWith),
                    target,
                    _LEVELS,
                    1.0,
                    verb.start(),
                    words.start("post") if words.group("post") else words.end(),
                    sentence,
                    section,
                    scopes,
                )
                outcome = outcome_of[target.ref]
                if outcome is not None and not fact.negated:
                    fact.outcomes.append(outcome.ref)
                    self._rule_mentions.setdefault((outcome.start, outcome.end, outcome.ref), outcome)
                out.append(fact)
        return out

    @staticmethod
    def _only_names(text: str, start: int, end: int, inside: list[Entity]) -> bool:
        """Whether ``text[start:end]`` holds mentions and nothing else but commas and "and"/"or"."""
        rest = text[start:end]
        for m in inside:
            if start <= m.start and m.end <= end:
                rest = rest.replace(text[m.start : m.end], " ", 1)
        named = any(start <= m.start and m.end <= end for m in inside)
        return named and re.fullmatch(r"[\s,]*(?:(?:and|or)\b[\s,]*)?", rest, re.IGNORECASE) is not None

    def _level_outcome(self, text: str, verb: re.Match[str], words: re.Match[str], target: Entity) -> Entity | None:
        """What a level change does, as a finding named in one form: "increased clozapine levels" for
        "raise clozapine levels" or "raises the blood levels of clozapine", "decreased lurasidone
        exposure"; None for a verb of no direction ("alter")."""
        if _LEVEL_UP.match(verb.group()):
            direction = "increased"
        elif _LEVEL_DOWN.match(verb.group()):
            direction = "decreased"
        else:
            return None
        noun = _LEVEL_NOUN.search(words.group())
        if noun is None:
            return None
        return self._changed_level(text, verb.start(), words.end(), direction, noun.group("noun"), target)

    def _changed_level(self, text: str, start: int, end: int, direction: str, noun: str, target: Entity) -> Entity:
        """The finding "DIRECTION TARGET NOUN" ("increased clozapine levels") said by ``text[start:end]``:
        the graph's finding of those words where it has one, else a proposed one."""
        word = noun.lower()
        # "the amount of X in your blood" is its level
        word = (
            "levels" if word.startswith(("level", "amount")) else "concentrations" if word.startswith("conc") else word
        )
        label = f"{direction} {target.label or target.text} {word}"
        return self._by_words(start, end, text, label, self._finding, "level change")

    def _boxed_warnings(
        self,
        text: str,
        sentence: Span,
        inside: list[Entity],
        scopes: list[CueScope],
        section: Section,
        focus: Entity | None,
        boxed: list[tuple[int, int, str]],
    ) -> list[Fact]:
        """The terms of a label's boxed warning (:func:`boxed_warning_terms`) in this sentence are boxed
        warnings of the main drug: the graph's finding or condition of those words where it has one;
        else the findings a term lists ("APLASTIC ANEMIA AND AGRANULOCYTOSIS": two); else a proposed
        finding of the whole term."""
        out: list[Fact] = []
        if focus is None:
            return out
        disease_or_finding = str(DKV.DiseaseOrFinding)
        for start, end, label in boxed:
            if not sentence.start <= start < sentence.end:
                continue
            known = self._lookup(label)
            if not known:
                same = self.lexicon.same_words(label, self._finding)
                known = (same,) if same is not None else ()
            listed = [m for m in inside if start <= m.start and m.end <= end and disease_or_finding in m.classes]
            gaps = [text[a.end : b.start] for a, b in pairwise(listed)]
            whole = bool(listed) and listed[0].start == start and listed[-1].end == end
            if known:
                terms = [self._entity(start, end, text, known, "boxed warning")]
            elif len(listed) > 1 and whole and all(_LIST_GAP.match(g) for g in gaps):
                terms = listed
            else:
                terms = [self._proposed(start, end, text, self._finding, "boxed warning", label)]
            for term in terms:
                self._rule_mentions.setdefault((term.start, term.end, term.ref), term)
                out.append(
                    self._fact(
                        text,
                        focus,
                        str(DKV.hasBoxedWarningFor),
                        term,
                        _BOXED,
                        1.0,
                        term.start,
                        term.start,
                        sentence,
                        section,
                        scopes,
                    )
                )
        return out

    def _lead_partners(
        self,
        text: str,
        sentence: Span,
        inside: list[Entity],
        lead: tuple[Span, list[Entity]] | None,
        focus: Entity | None,
    ) -> list[Entity]:
        """The drugs and classes a lead-in line of a label's interactions names, of which its bulleted
        lines speak ("Strong CYP3A4 inhibitors, for example itraconazole:" then "- Exposure to X
        increases"); none for a line that names another drug of its own, or where the text is not
        speaking of interactions."""
        if focus is None or lead is None or not BULLET.match(sentence.text) or not self._talk.get(sentence.start):
            return []
        if not text[lead[0].start : lead[0].end].rstrip().endswith(":"):
            return []
        drug_like = str(DKV.ChemicalOrDrugClass)
        if any(drug_like in m.classes and m.ref != focus.ref for m in inside):
            return []
        return [m for m in lead[1] if drug_like in m.classes and m.ref != focus.ref]

    def _lead_outcomes(
        self,
        text: str,
        sentence: Span,
        inside: list[Entity],
        scopes: list[CueScope],
        section: Section,
        focus: Entity | None,
        partners: list[Entity],
        made: list[Fact],
    ) -> list[Fact]:
        """What a bulleted line under a lead-in of interactions says the main drug risks or causes
        ("- Avoid the combination. ... with a risk of serotonin syndrome") is what taking it with the
        drugs the lead-in names leads to: their interaction's outcome, not the main drug's own effect."""
        if focus is None or not partners:
            return made
        effects = [f for f in made if f.predicate in _OWN_EFFECTS and f.subject == focus.ref and not f.negated]
        outcomes = [f.object for f in effects]
        t0, t1 = (effects[0].trigger.start, effects[0].trigger.end) if effects else (sentence.start, sentence.start)
        reason = _REASON.search(text, sentence.start, sentence.end)  # "because of the risk of serotonin syndrome"
        if reason is not None:
            finding = str(DKV.ClinicalFinding)
            outcomes += [m.ref for m in inside if m.start >= reason.end() and finding in m.classes]
            t0, t1 = (t0, t1) if effects else reason.span()
        if not outcomes:
            return made
        kept = [f for f in made if f not in effects]
        for m in partners:
            fact = self._fact(text, focus, str(DKV.interactsWith), m, _LEAD, 0.9, t0, t1, sentence, section, scopes)
            fact.negated = False  # "Avoid the combination": what it risks is said, not denied
            fact.outcomes = list(dict.fromkeys(outcomes))
            kept.append(fact)
        return kept

    def _levels_that_change(
        self,
        text: str,
        sentence: Span,
        inside: list[Entity],
        scopes: list[CueScope],
        section: Section,
        focus: Entity | None,
        made: list[Fact],
        partners: Sequence[Entity] = (),
    ) -> list[Fact]:
        """ "Tizanidine exposure rises", "thioridazine and pimozide levels climb", "theophylline
        clearance falls", "clozapine and methadone reach higher concentrations", "exposure to X
        increases", where the text speaks of its drug's interactions (:data:`INTERACTION_TALK` in the
        paragraph or heading): the main drug interacts with each drug named, the change its outcome.
        When the level is the main drug's own ("alprazolam levels rise with ketoconazole"), the other
        drugs of the clause are the agents, else the ``partners`` a lead-in names (a level that names
        no drug, "- Exposure falls", is then the main drug's)."""
        drug_like = str(DKV.ChemicalOrDrugClass)
        out: list[Fact] = []
        if focus is None:
            return out
        stated = {(f.subject, f.object) for f in made if f.predicate == str(DKV.interactsWith)}
        changes: list[tuple[re.Match[str], list[Entity]]] = []
        for change in _LEVEL_CHANGES.finditer(text, sentence.start, sentence.end):
            before = [m for m in inside if m.end <= change.start() and drug_like in m.classes and m.iri]
            targets: list[Entity] = []
            for m in reversed(before):  # the run of names just before the noun
                gap = text[m.end : targets[0].start if targets else change.start()]
                if not _LIST_GAP.match(_NAME_RUN_FILLER.sub(" ", gap)):
                    break
                targets.insert(0, m)
            if not targets and partners and _BULLET_START.fullmatch(text, sentence.start, change.start()):
                targets = [focus]  # "- Exposure falls", under a lead-in naming the drugs that lower it
            changes.append((change, targets))
        for change in _LEVEL_OF_CHANGES.finditer(text, sentence.start, sentence.end):
            # "Blood levels of cyclosporine and triazolam may fall", "Exposure to X and its metabolite increases"
            named = [m for m in inside if change.start("what") <= m.start and m.end <= change.end("what")]
            changes.append((change, [m for m in named if drug_like in m.classes and (m.iri or m.ref == focus.ref)]))
        for change, named in changes:
            targets = [m for m in named if not _transmitter_only(m)]  # "synaptic serotonin levels": no drug's
            if not targets:
                continue
            said = change.groupdict()  # the groups of either pattern
            up = bool(said["up"] or said.get("up2") or said.get("up3"))
            noun = said["noun"] or said.get("noun2") or "concentrations"  # "accumulate"
            direction = "increased" if up else "decreased"  # "clearance falls": decreased clearance, as said
            c0, c1 = _clause(text, sentence, change.start(), change.end())
            if any(t.ref == focus.ref for t in targets):
                agents = [
                    m for m in inside if c0 <= m.start < c1 and drug_like in m.classes and m not in targets and m.iri
                ] or list(partners)
            else:
                if not self._talk.get(sentence.start, False):
                    continue
                agents = [focus]
            for target in targets:
                outcome = self._changed_level(text, change.start(), change.end(), direction, noun, target)
                for agent in agents:
                    if agent.ref == target.ref or (agent.ref, target.ref) in stated:
                        continue
                    fact = self._fact(
                        text,
                        agent,
                        str(DKV.interactsWith),
                        target,
                        _LEVELS,
                        0.9,
                        change.start(),
                        change.end(),
                        sentence,
                        section,
                        scopes,
                    )
                    if fact.negated:
                        continue
                    fact.outcomes.append(outcome.ref)
                    self._rule_mentions.setdefault((outcome.start, outcome.end, outcome.ref), outcome)
                    out.append(fact)
        return out

    def _contraindicated_together(
        self,
        text: str,
        sentence: Span,
        inside: list[Entity],
        scopes: list[CueScope],
        section: Section,
        focus: Entity | None,
        made: list[Fact],
    ) -> list[Fact]:
        """ "MAOIs, including linezolid, are contraindicated because of serotonin syndrome", "- Other
        QT-prolonging drugs: contraindicated", where the text speaks of its drug's interactions
        (:data:`INTERACTION_TALK` in the paragraph or heading): the main drug interacts with each drug
        or class said to be contraindicated, and a finding given as the reason ("because of", "risk
        of") is the outcome. A clause that names the main drug before the word is about the main drug
        itself ("X is contraindicated in ..."), and one that names a combination ("combining A with
        B is contraindicated") is left to the combination's rules."""
        drug_like, finding = str(DKV.ChemicalOrDrugClass), str(DKV.DiseaseOrFinding)
        out: list[Fact] = []
        if focus is None:
            return out
        stated = {(f.subject, f.object) for f in made if f.predicate == str(DKV.interactsWith)}
        for cue in _CONTRAINDICATED.finditer(text, sentence.start, sentence.end):
            c0, c1 = _clause(text, sentence, cue.start(), cue.end())
            before = [m for m in inside if c0 <= m.start and m.end <= cue.start() and drug_like in m.classes]
            if (
                not before
                or any(m.ref == focus.ref for m in before)
                or _COMBINATION_NAMED.search(text, c0, cue.start())
            ):
                continue  # the main drug's own contraindication, or a combination's (read by the TSO rules)
            if not self._talk.get(sentence.start, False):
                continue
            reason = _REASON.search(text, cue.end(), c1)
            outcomes = [
                m.ref for m in inside if reason and reason.end() <= m.start and m.end <= c1 and finding in m.classes
            ]
            for m in before:
                if (focus.ref, m.ref) in stated or (m.ref, focus.ref) in stated:
                    continue
                fact = self._fact(
                    text,
                    focus,
                    str(DKV.interactsWith),
                    m,
                    _CONTRAINDICATION,
                    0.9,
                    cue.start(),
                    cue.end(),
                    sentence,
                    section,
                    scopes,
                )
                if fact.negated:
                    continue
                fact.outcomes.extend(o for o in outcomes if o not in fact.outcomes)
                out.append(fact)
        return out

    def _paraphrase_mentions(self, text: str, mentions: list[Entity]) -> list[Entity]:
        """Phrases that name an entity of the graph in other words (:data:`_PARAPHRASES`): dose tapering
        ("reduced gradually", "tapering the dose": the graph's tapering procedure, its label's words those
        of "gradual dose tapering", else proposed) and working machines ("operate machinery", "using
        hazardous machines": the activity "operating heavy machinery", else proposed)."""
        out: list[Entity] = []
        for regex, label, cls, found_by in _PARAPHRASES:
            known = self.lexicon.paraphrased(label, cls)
            for match in regex.finditer(text):
                start, end = match.start(), match.end()
                if any(m.start < end and start < m.end for m in [*mentions, *out]):
                    continue
                if known is not None:
                    out.append(self._entity(start, end, text, (known,), found_by))
                else:
                    out.append(self._proposed(start, end, text, cls, found_by, label))
        return out

    def _mechanism_mentions(self, text: str, sentence_spans: list[Span], mentions: list[Entity]) -> list[Entity]:
        """Phrases of a drug's action on a target (:func:`kg.extract.mechanisms.mechanism_phrases`):
        the graph's mechanism with the same content words where it has one, else a proposed
        mechanism named in the phrases' canonical form ("inhibition of serotonin reuptake"). A phrase
        that crosses a drug or class name ("selective serotonin reuptake inhibitor") is none."""
        mechanism = str(DKV.Mechanism)
        excluded = (str(DKV.Drug), str(DKV.DrugClass), mechanism)  # a substance (serotonin) may be inside
        out = []
        for sentence in sentence_spans:
            for start, end, label in mechanism_phrases(text, sentence.start, sentence.end):
                crossed = [m for m in mentions if m.start < end and start < m.end]
                if any(c in m.classes for m in crossed for c in excluded):
                    continue
                out.append(self._by_words(start, end, text, label, mechanism, "mechanism phrase"))
        return out

    def _class_mentions(self, text: str, sentence_spans: list[Span], mentions: list[Entity]) -> list[Entity]:
        """The mentions with the class phrases the graph does not name as a whole added
        (:func:`kg.extract.class_phrases.class_phrases`: "QT-prolonging drugs", "dopamine agonists"):
        each the graph's class with the same content words where it has one, else a proposed class.
        A phrase replaces the mentions inside it ("dopamine" of "dopamine agonists"), except where a
        drug or class inside is what a plain head means ("SSRI drugs", "amphetamine products"): a
        mention just before the head then covers it, so that a list after it ("opioid medicines, such
        as oxycodone") follows its words; a phrase that crosses a mention or a mechanism is none."""
        drug_like, mechanism = str(DKV.ChemicalOrDrugClass), str(DKV.Mechanism)
        ordered = sorted(mentions, key=lambda m: m.start)
        starts = [m.start for m in ordered]
        dropped: set[int] = set()
        widened: dict[int, Entity] = {}
        out = []
        for sentence in sentence_spans:
            for start, end, label in class_phrases(text, sentence.start, sentence.end):
                near = ordered[max(0, bisect_left(starts, start) - _MAX_NAME_WORDS) : bisect_left(starts, end)]
                overlapping = [m for m in near if m.start < end and start < m.end]
                inside = [
                    m for m in overlapping if start <= m.start and m.end <= end and (m.start, m.end) != (start, end)
                ]
                if len(inside) != len(overlapping) or any(mechanism in m.classes for m in inside):
                    continue  # crossed, or named as a whole already
                if plain_head(label) and any(drug_like in m.classes for m in inside):
                    last = inside[-1]
                    if len(inside) == 1 and drug_like in last.classes and not text[last.end : end].split()[:-1]:
                        widened[id(last)] = replace(last, end=end, text=text[last.start : end])  # "opioid medicines"
                    continue
                dropped.update(id(m) for m in inside)
                out.append(self._by_words(start, end, text, label, str(DKV.DrugClass), "class phrase"))
        return [*(widened.get(id(m), m) for m in mentions if id(m) not in dropped), *out]

    def _list_mentions(self, text: str, sentence_spans: list[Span], mentions: list[Entity]) -> list[Entity]:
        """The members of a coordinated list the graph does not name, when the others it names are of
        one kind (:func:`kg.extract.coordination.list_members`): "sleepiness" among "weakness,
        infection and dizziness" is a finding, "rifampin" among "warfarin, digoxin and phenytoin" a
        drug. Each is the graph's entity of that kind with the same content words where
        it has one, else a proposed one. Lists whose named members are of different kinds are left."""
        ordered = sorted(mentions, key=lambda m: m.start)
        starts = [m.start for m in ordered]
        drug, drug_class = str(DKV.Drug), str(DKV.DrugClass)
        finding, condition = str(DKV.ClinicalFinding), str(DKV.Condition)
        out = []
        for sentence in sentence_spans:
            inside = ordered[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]
            for members in list_members(text, sentence.start, sentence.end, [(m.start, m.end) for m in inside]):
                named = [m for m in inside if any(a <= m.start and m.end <= b for a, b, known in members if known)]
                if any(str(DKV.ChemicalOrDrugClass) in m.classes for m in named):
                    if not all(str(DKV.ChemicalOrDrugClass) in m.classes for m in named):
                        continue
                    drugs = sum(drug in m.classes for m in named)
                    cls = drug if drugs * 2 >= len(named) else drug_class
                elif all(str(DKV.DiseaseOrFinding) in m.classes for m in named):
                    adverse = sum(self._adverse in m.classes or self.is_adverse_type(m.type) for m in named)
                    findings = sum(finding in m.classes for m in named)
                    # a finding: whether it is an adverse reaction is for the fact to say
                    cls = finding if max(adverse, findings) * 2 >= len(named) else condition
                else:
                    continue
                for start, end, known in members:
                    if known or any(m.start < end and start < m.end for m in inside):
                        continue
                    label = " ".join(text[start:end].split())
                    kind = drug_class if cls == drug and _HEARST_NEXT.match(text, end) else cls  # "antibiotics such as"
                    out.append(self._by_words(start, end, text, label, kind, "list member"))
        return out

    def _mechanisms(
        self,
        text: str,
        sentence: Span,
        inside: list[Entity],
        scopes: list[CueScope],
        section: Section,
        focus: Entity | None,
        made: list[Fact],
    ) -> list[Fact]:
        """A mechanism phrase is the mechanism of the drug the sentence names before it (the last
        drug, else the last class), else of the text's main drug ("it inhibits ...", a section on
        how the drug works)."""
        out = []
        stated = {f.object for f in made if f.predicate == str(DKV.hasMechanism)}
        drug, drug_class = str(DKV.Drug), str(DKV.DrugClass)
        for m in inside:
            if m.found_by != "mechanism phrase" or m.ref in stated:
                continue
            before = [x for x in inside if x.end <= m.start]
            named = [x for x in before if drug in x.classes] or [x for x in before if drug_class in x.classes]
            subject = named[-1] if named else focus
            if subject is None:
                continue
            penalty = 1.0 if named else 0.8
            out.append(
                self._fact(
                    text,
                    subject,
                    str(DKV.hasMechanism),
                    m,
                    _MECHANISM,
                    penalty,
                    m.start,
                    m.start,
                    sentence,
                    section,
                    scopes,
                )
            )
        return out

    def _discontinuation(
        self,
        text: str,
        sentence: Span,
        inside: list[Entity],
        scopes: list[CueScope],
        section: Section,
        heading: str,
        focus: Entity | None,
        made: list[Fact],
    ) -> list[Fact]:
        """A procedure named in a sentence about stopping a drug manages its discontinuation: the drug
        named before the procedure, else the document's main drug."""
        predicate = str(DKV.discontinuationManagedBy)
        if not STOPPING.search(text, sentence.start, sentence.end) and not STOPPING.search(heading):
            return []
        out = []
        for m in inside:
            if str(DKV.Procedure) not in m.classes or any(f.predicate == predicate and f.object == m.ref for f in made):
                continue
            drugs = self._subjects(text, sentence, m.start, inside, str(DKV.ChemicalOrDrugClass))
            penalty = 1.0
            if not drugs:
                if focus is None:
                    continue
                drugs, penalty = [focus], 0.7
            for (
                drug
            ) in drugs:  # the procedure's words are the trigger ("rather than stopping abruptly" negates nothing)
                out.append(
                    self._fact(
                        text, drug, predicate, m, _DISCONTINUATION, penalty, m.start, m.end, sentence, section, scopes
                    )
                )
        return out

    def _brands(
        self, text: str, sentence: Span, inside: list[Entity], section: Section, focus: Entity | None
    ) -> list[Fact]:
        """Brand names: "DRUG (Brand, Brand)", "Brand (DRUG)", "sold under the brand name Brand", "brand
        names include A and B".
        A brand is a capitalised name that names no other entity; the fact's object is its text."""
        drug_class = str(DKV.Drug)
        out: list[Fact] = []
        spots: list[tuple[Entity, int, int, int, int]] = []  # drug, cue start and end, list start and end
        for m in inside:
            if drug_class not in m.classes:
                continue
            paren = _BRAND_PAREN.match(text, m.end, sentence.end)
            if paren:
                close = text.find(")", paren.end(), sentence.end)
                if close > 0:
                    spots.append((m, paren.start(), paren.end(), paren.end(), close))
            before = _BRAND_BEFORE.search(text, sentence.start, m.start)  # "Lunesta (eszopiclone)"
            if before and _BRAND_AFTER.match(text, m.end, sentence.end):
                spots.append((m, before.end("brand"), m.start, before.start("brand"), before.end("brand")))
        for cue in _BRAND_CUE.finditer(text, sentence.start, sentence.end):
            drugs = self._subjects(text, sentence, cue.start(), inside, drug_class)
            drug = drugs[0] if drugs else focus
            if drug is not None:
                stop = re.compile(r"[.;(]|\b(?:and is|which|that)\b").search(text, cue.end(), sentence.end)
                spots.append((drug, cue.start(), cue.end(), cue.end(), stop.start() if stop else sentence.end))
        for drug, cue_start, cue_end, begin, end in spots:
            for item in _BRAND_NAME.finditer(text, begin, end):
                name = item.group()
                named = [m for m in inside if m.start < item.end() and item.start() < m.end]
                if any(m.iri != drug.iri for m in named) or name.lower() in (drug.text.lower(), drug.label.lower()):
                    continue
                if name.isupper() and len(name) <= 5:  # an abbreviation (SNRI, ADHD), not a brand
                    continue
                fact = Fact(
                    "",
                    drug.ref,
                    str(DKV.brandName),
                    name,
                    False,
                    False,
                    round(_BRAND.confidence * (1.0 if drug.start >= sentence.start else 0.7), 2),
                    sentence,
                    section.index,
                    (drug.start, drug.end) if drug.start >= sentence.start else None,
                    (item.start(), item.end()),
                    Span(cue_start, cue_end, text[cue_start:cue_end]),
                    literal=True,
                )
                out.append(fact)
        return out

    def main_drug(self, text: str, mentions: list[Entity]) -> Entity | None:
        """The document's main drug: the first drug its title names ("Lisdexamfetamine in clinical
        practice", though the text then speaks mostly of amphetamines), else the first class it names
        when it names no drug ("Tricyclic antidepressants: a review of the class"), else the drug
        mentioned most often (the first on a tie). The title is a first line of at most twelve words
        that is no sentence."""
        drug = str(DKV.Drug)
        drugs = [m for m in mentions if drug in m.classes and m.iri]
        title = _TITLE.match(text)
        if title is not None:
            named = [
                m
                for m in mentions
                if drug in m.classes
                and (m.iri or m.found_by == _TITLE_DRUG)
                and title.start(1) <= m.start
                and m.end <= title.end(1)
            ]
            classes = [
                m
                for m in mentions
                if str(DKV.DrugClass) in m.classes and m.iri and title.start(1) <= m.start and m.end <= title.end(1)
            ]
            if named or classes:
                return (named or classes)[0]
        if not drugs:
            return None
        counts = Counter(m.iri for m in drugs)
        best = max(counts.values())
        return next(m for m in drugs if counts[m.iri] == best)

    def _fits(self, mention: Entity, cls: str | None) -> bool:
        if cls == _COMBINED:
            return str(DKV.Intervention) in mention.classes or str(DKV.Substance) in mention.classes
        return cls is None or cls in mention.classes

    def _sentence_facts(
        self,
        text: str,
        sentence: Span,
        inside: list[Entity],
        scopes: list[CueScope],
        section: Section,
        heading: str,
        heading_mentions: list[Entity],
        focus: Entity | None,
        mentions: list[Entity],
        previous: list[Fact],
    ) -> list[Fact]:
        ontology = self.lexicon.ontology
        used: list[tuple[int, int]] = []
        made: list[Fact] = []
        for trigger in TRIGGERS:
            for match in trigger.regex.finditer(text, sentence.start, sentence.end):
                t0, t1 = match.start(), match.end()
                if any(a < t1 and t0 < b for a, b in used) or any(m.start < t1 and t0 < m.end for m in inside):
                    continue
                if trigger.cue_before and not re.search(trigger.cue_before, text[sentence.start : t0], re.IGNORECASE):
                    continue
                predicate = (
                    trigger.refine(sentence.text, heading, match.group()) if trigger.refine else trigger.predicate
                )
                if predicate is None:
                    continue
                domain = _DOMAIN_READ.get(predicate, ontology.domain.get(predicate))
                range_ = _RANGE_READ.get(predicate, ontology.range.get(predicate))
                if trigger.shape == "HEARST":
                    pairs = self._hearst(text, t0, t1, sentence, inside)
                    if pairs:
                        used.append((t0, t1))
                    for s, p, o in pairs:
                        made.append(self._fact(text, s, p, o, trigger, 1.0, t0, t1, sentence, section, scopes))
                    continue
                if trigger.therapy:  # a drug, a substance (alcohol) or a therapy
                    range_ = _COMBINED
                if trigger.shape == "TSO":
                    found = self._tso(text, trigger, t0, t1, sentence, inside, domain, range_, focus)
                elif trigger.before:
                    found = self._before(text, t0, sentence, inside, domain, range_, focus)
                else:
                    heading_line = bool(heading) and sentence.start == section.start
                    found = self._so(
                        text,
                        trigger,
                        t0,
                        t1,
                        sentence,
                        inside,
                        domain,
                        range_,
                        focus,
                        heading_mentions,
                        heading_line,
                        scopes,
                    )
                if found is None:
                    continue
                subjects, objects, penalty = found
                if predicate == str(DKV.memberOf) and subjects and str(DKV.DrugClass) in subjects[0].classes:
                    predicate = str(DKV.kindOf)
                outcome_of = self._outcome_target(
                    text, match.group(), predicate, subjects, sentence, previous, made, t0
                )
                if trigger.before and predicate != str(DKV.hasWithdrawalSymptom):
                    # "serotonin syndrome has been reported when they are combined with triptans": the
                    # interactions of this clause (", and bleeding rises when given with aspirin" has its own)
                    c0, c1 = _clause(text, sentence, t0, t1)
                    outcome_of = [
                        f
                        for f in made
                        if f.predicate == str(DKV.interactsWith) and not f.negated and c0 <= _place(f) < c1
                    ]
                used.append((t0, t1))
                if not outcome_of and objects:
                    partnered = self._partner_outcomes(
                        text, match.group(), predicate, trigger, t0, t1, sentence, inside, section, scopes, focus
                    )
                    made += partnered
                    outcome_of = partnered
                if outcome_of:
                    for fact in outcome_of:
                        fact.outcomes.extend(o.ref for o in objects if o.ref not in fact.outcomes)
                        deadly = any(self._life_threatening(o) for o in objects) or "life-threatening" in fact.severity
                        fact.severity = "life-threatening" if deadly else "serious"
                    continue
                if predicate in _RANGE_READ:  # "approved for bipolar depression": the condition as qualified
                    objects = [self._qualified(text, o, sentence) for o in objects]
                for s in subjects:
                    for o in objects:
                        p = predicate
                        if trigger.therapy:  # a drug taken with a drug interacts; with a therapy, they are combined
                            drug_like = str(DKV.ChemicalOrDrugClass)
                            if drug_like not in o.classes and str(DKV.Substance) not in o.classes:
                                p = str(DKV.oftenCombinedWith)
                            elif drug_like not in s.classes:
                                continue
                        elif (
                            p == str(DKV.adjunctTo)
                            and match.group().lower() == "alongside"
                            and str(DKV.Therapy) in o.classes
                            and str(DKV.ChemicalOrDrugClass) in s.classes
                        ):  # a drug taken "alongside" a therapy is combined with it; neither is said to be primary
                            p = str(DKV.oftenCombinedWith)
                        if s.ref != o.ref and s.ref and o.ref:
                            made.append(self._fact(text, s, p, o, trigger, penalty, t0, t1, sentence, section, scopes))
                if predicate == str(DKV.hasMechanism):  # what a mechanism named in the text acts on
                    acts_on = str(DKV.actsOn)
                    for o in objects:
                        for m in inside:
                            inner = o.start <= m.start and m.end <= o.end and m is not o
                            if inner and o.found_by.startswith("trigger phrase") and str(DKV.Substance) in m.classes:
                                made.append(
                                    self._fact(
                                        text, o, acts_on, m, trigger, penalty * 0.9, t0, t1, sentence, section, scopes
                                    )
                                )
        return made

    def _fact(
        self,
        text: str,
        s: Entity,
        predicate: str,
        o: Entity,
        trigger: Trigger,
        penalty: float,
        t0: int,
        t1: int,
        sentence: Span,
        section: Section,
        scopes: list[CueScope],
    ) -> Fact:
        """One candidate, its negation and hypothesis read from the cue scopes around it."""
        after = s.end if s.start >= sentence.start else sentence.start
        in_sentence = sentence.start <= o.start < sentence.end

        def covered(kind: str, cue_after: int) -> bool:
            return any(
                sc.kind == kind
                and sc.cue_start >= cue_after
                and ((sc.start <= t0 < sc.end) or (in_sentence and sc.start <= o.start and o.end <= sc.end))
                for sc in scopes
            )

        negated = covered("negated", after)
        if trigger.certain:  # "do not take X if you take Y": the phrase's own "if" hedges nothing
            scopes = [sc for sc in scopes if text[sc.cue_start : sc.cue_end].lower() not in ("if", "when", "while")]
        hypothetical = covered("hypothetical", sentence.start)
        if trigger.before and re.match(r"(?:may|might|could)\b", text[t0:t1], re.IGNORECASE):
            hypothetical = True  # "falls may occur": the hedge follows its objects
        confidence = trigger.confidence * penalty
        if len(s.candidates) > 1 or len(o.candidates) > 1:
            confidence *= 0.8
        if hypothetical:
            confidence *= 0.7
        if s.iri is None or o.iri is None:
            confidence *= 0.85
        inside = sentence.start, sentence.end
        return Fact(
            "",
            s.ref,
            predicate,
            o.ref,
            negated,
            hypothetical,
            round(confidence, 2),
            sentence,
            section.index,
            (s.start, s.end) if inside[0] <= s.start and s.end <= inside[1] else None,
            (o.start, o.end) if inside[0] <= o.start and o.end <= inside[1] else None,
            Span(t0, t1, text[t0:t1]),
        )

    def _hearst(
        self, text: str, t0: int, t1: int, sentence: Span, inside: list[Entity]
    ) -> list[tuple[Entity, str, Entity]]:
        """Hearst's pattern "CLASS, especially A or B": A and B are members (substances) or kinds (classes) of CLASS."""
        before = [m for m in inside if m.end <= t0 and re.fullmatch(r"[\s,]*", text[m.end : t0])]
        if not before:
            return []
        hyper = before[-1]
        if _invented_class(hyper) and plain_head(hyper.text):
            return []  # "other serotonergic drugs such as A": a description of A, no class to put A in
        if _ELLIPTIC_ENZYME.search(text, sentence.start, hyper.start):
            return []  # "CYP3A4 or CYP2D6 inhibitors such as A and B": which class each is in is not said
        concept = "http://www.w3.org/2004/02/skos/core#Concept"
        out = []
        listed = self._list_right(text, t1, sentence.end, inside, None)
        kind = str(DKV.DrugClass)
        for n in range(1, len(listed)):  # "NSAIDs such as ibuprofen, with aspirin": aspirin is no NSAID
            gap = _PARENTHESIS.sub(" ", text[listed[n - 1].end : listed[n].start])
            # "inhibitors such as A and B raise X levels": X is no member
            if re.search(r"\b(?:with|for|to|than|unlike)\b", gap, re.IGNORECASE) or not _LIST_GAP.match(gap):
                listed = listed[:n]
                break
        for n, h in enumerate(listed):  # "NSAIDs such as ibuprofen, ACE inhibitors such as...": stop at a class
            nested = _HEARST_NEXT.match(text, h.end)  # the next class has members of its own
            if n and (kind in h.classes) != (kind in listed[0].classes) and nested:
                listed = listed[:n]
                break
        for h in listed:
            if str(DKV.DrugClass) in hyper.classes and str(DKV.DrugClass) in h.classes:
                out.append((h, str(DKV.kindOf), hyper))
            elif str(DKV.DrugClass) in hyper.classes and str(DKV.Substance) in h.classes:
                out.append((h, str(DKV.memberOf), hyper))
            elif concept in hyper.classes and concept in h.classes and str(DKV.DrugClass) not in hyper.classes:
                out.append((h, str(DKV.kindOf), hyper))
        return [(h, p, hyper) for h, p, hyper in out if h.ref != hyper.ref]

    def _life_threatening(self, mention: Entity) -> bool:
        """Whether the graph says the outcome a mention names is life-threatening."""
        if mention.iri is None:
            return False
        node = ox.NamedNode(CONVERTER.expand(mention.iri) or mention.iri)
        flag = ox.NamedNode(str(DKV.lifeThreatening))
        return any(
            isinstance(q.object, ox.Literal) and q.object.value == "true"
            for q in self.lexicon.store.quads_for_pattern(node, flag, None, None)
        )

    def _outcome_target(
        self,
        text: str,
        match: str,
        predicate: str,
        subjects: list[Entity],
        sentence: Span,
        previous: list[Fact],
        made: list[Fact],
        t0: int,
    ) -> list[Fact]:
        """The interactions that a "can lead to" phrase gives outcomes to: those of its own sentence,
        else (when it names no subject of its own) those of the sentence just before."""
        here = [f for f in made if f.predicate == str(DKV.interactsWith) and not f.negated]
        if predicate == str(DKV.hasRiskOf) and re.match(r"risk", match, re.IGNORECASE):
            # "taking X with Y increases the risk of bleeding": the interaction's outcome; "X may increase
            # the risk of bleeding, especially when used with Y": X's own risk (and the outcome made below);
            # only the interactions of the risk's own clause, not those of a clause before it
            c0, _ = _clause(text, sentence, t0, t0 + len(match))
            return [f for f in here if c0 <= _place(f) < t0]
        if predicate not in (str(DKV.hasSideEffect), str(DKV.hasCommonSideEffect), str(DKV.hasWithdrawalSymptom)):
            return []
        if not re.search(r"lead|result|cause", match, re.IGNORECASE):
            return []
        if here:  # "combining X with A risks Z, and B has caused W": W is not A's outcome
            c0, c1 = _clause(text, sentence, t0, t0 + len(match))
            return [f for f in here if c0 <= _place(f) < c1]
        if subjects and subjects[0].start >= sentence.start:
            return []
        return [f for f in previous if not f.negated]

    def _partner_outcomes(
        self,
        text: str,
        match: str,
        predicate: str,
        trigger: Trigger,
        t0: int,
        t1: int,
        sentence: Span,
        inside: list[Entity],
        section: Section,
        scopes: list[CueScope],
        focus: Entity | None,
    ) -> list[Fact]:
        """ "Tryptophan has caused severe vomiting", "aspirin and NSAIDs raise the risk of bleeding",
        where the text speaks of its drug's interactions and the clause does not name the main drug:
        the main drug interacts with each drug named before the words of causing or risk (whose
        findings become the outcomes)."""
        effects = (str(DKV.hasSideEffect), str(DKV.hasCommonSideEffect), str(DKV.hasRiskOf))
        if focus is None or predicate not in effects or not _CAUSING.match(match):
            return []
        c0, _ = _clause(text, sentence, t0, t1)
        agents = [m for m in inside if c0 <= m.start and m.end <= t0 and _PARTNER_KINDS & m.classes and m.ref]
        if not agents or any(m.ref == focus.ref for m in inside if c0 <= m.start < t1):
            return []
        if _PRONOUN_WORD.search(text, c0, t0):  # "with anticholinergic drugs they can cause": whose is "they"?
            return []
        agents = [m for m in agents if m.iri or " " in m.text or not plain_head(m.text)]  # no bare "other drugs"
        if not self._talk.get(sentence.start, False):
            return []
        out = []
        interaction = str(DKV.interactsWith)
        for agent in agents:
            fact = self._fact(text, focus, interaction, agent, trigger, 0.9, t0, t1, sentence, section, scopes)
            if not fact.negated:
                out.append(fact)
        return out

    def _aliases_dropped(self, text: str, objects: list[Entity]) -> list[Entity]:
        """A mention restated in parentheses ("serotonin and norepinephrine reuptake inhibitor (SNRI)")
        is one object: of two entities one a kind of the other, the broader one is kept."""
        out: list[Entity] = []
        for o in objects:
            prev_iri = out[-1].iri if out else None
            if prev_iri and o.iri and re.fullmatch(r"\s*\(\s*", text[out[-1].end : o.start]):
                if self._kind_of(prev_iri, o.iri):
                    out[-1] = o
                    continue
                if self._kind_of(o.iri, prev_iri):
                    continue
            out.append(o)
        return out

    def _kind_of(self, narrow: str, broad: str) -> bool:
        node = ox.NamedNode(CONVERTER.expand(narrow) or narrow)
        target = ox.NamedNode(CONVERTER.expand(broad) or broad)
        kind = ox.NamedNode(str(DKV.kindOf))
        return next(iter(self.lexicon.store.quads_for_pattern(node, kind, target, None)), None) is not None

    def _before(
        self,
        text: str,
        t0: int,
        sentence: Span,
        inside: list[Entity],
        domain: str | None,
        range_: str | None,
        focus: Entity | None,
    ) -> tuple[list[Entity], list[Entity], float] | None:
        """Objects listed just before the phrase ("dry mouth and constipation were reported"); the
        subject is a mention of the domain before them, else the document's main drug."""
        pos = t0
        aside = _APPOSITIVE.search(text, sentence.start, t0)
        if aside is not None:  # "neuroleptic malignant syndrome, a rare but fatal reaction, has been reported"
            pos = aside.start()
        left = [m for m in inside if m.end <= pos]
        run: list[Entity] = []
        for m in reversed(left):
            gap = text[m.end : pos]
            if not self._fits(m, range_) or (run and not _LIST_GAP.match(gap)) or (not run and len(gap.split()) > 1):
                break
            run.insert(0, m)
            pos = m.start
        if not run:
            return None
        subjects = self._subjects(text, sentence, run[0].start, inside, domain)
        if subjects:
            return subjects, run, 1.0
        if focus is None or not self._fits(focus, domain):
            return None
        return [focus], run, 0.6

    def _list_right(self, text: str, first: int, limit: int, inside: list[Entity], cls: str | None) -> list[Entity]:
        """The mentions of ``cls`` listed from the first one after ``first`` up to ``limit``; a
        parenthesis before the first is skipped, and a list may start after "were", "include" or ":"
        further from the phrase ("adverse reactions (at least 5%) were nausea, ...")."""
        out: list[Entity] = []
        pos = first
        for m in inside:
            if m.start < first or m.end > limit:
                continue
            gap = _PARENTHESIS.sub(" ", text[pos : m.start])
            if not self._fits(m, cls) or _MODIFIER_OF.match(text, m.end):
                if out and not _LIST_GAP.match(gap):
                    break
                continue
            if not out and _DESCRIBED_THEN_LISTED.fullmatch(gap):  # "other medicines that make you sleepy, such as"
                out.append(m)
                pos = m.end
                continue
            if _CLAUSE_BREAK.search(gap):
                break
            listed = _LIST_GAP.match(gap) or _REPEATED_PREPOSITION.match(gap)
            if out and not listed and len(re.findall(r"\w+", gap)) > 3:
                break
            if not out and len(re.findall(r"\w+", gap)) > _FILLER_WORDS:
                cues = list(_LIST_START.finditer(gap))
                cue = cues[-1] if cues else None
                if cue is None or len(re.findall(r"\w+", gap[cue.end() :])) > 3:
                    break
            out.append(m)
            pos = m.end
        return out

    def _subjects(self, text: str, sentence: Span, before: int, inside: list[Entity], cls: str | None) -> list[Entity]:
        """The first mention of ``cls`` before ``before`` in the sentence, with those listed after it."""
        pool = [
            m
            for m in inside
            if m.end <= before
            and not _COMPARED.search(text, max(sentence.start, m.start - 40), m.start)
            and self._in_apposition(text, inside, m) is None
        ]
        first = next((m for m in pool if self._fits(m, cls)), None)
        if first is None:
            return []
        out = [first]
        pos = first.end
        for m in pool:
            if m.start < pos:
                continue
            gap = text[pos : m.start]
            if self._fits(m, cls) and (_LIST_GAP.match(gap) or gap.strip() in ("(", ", (")):
                out.append(m)
                pos = m.end
            elif m.iri is not None and m.iri == first.iri:
                pos = m.end  # the same entity again ("Clonazepam, known as Klonopin")
        return out

    def _so(
        self,
        text: str,
        trigger: Trigger,
        t0: int,
        t1: int,
        sentence: Span,
        inside: list[Entity],
        domain: str | None,
        range_: str | None,
        focus: Entity | None,
        heading_mentions: list[Entity],
        heading_line: bool,
        scopes: list[CueScope],
    ) -> tuple[list[Entity], list[Entity], float] | None:
        penalty = 1.0
        subjects = self._subjects(text, sentence, t0, inside, domain)
        pronoun_between = bool(subjects) and _ANAPHOR.search(text, subjects[-1].end, t0) is not None
        if pronoun_between and len(subjects) == 1 and str(DKV.Drug) in subjects[0].classes:
            # "Mirtazapine rarely causes X, but it often causes Y": the pronoun is the sentence's own subject
            pronoun_between = bool(text[sentence.start : subjects[0].start].strip())
        fits = focus is not None and self._fits(focus, domain)
        if pronoun_between and fits and focus is not None and not any(s.iri == focus.iri for s in subjects):
            subjects = [focus]
            penalty *= 0.8
        if not subjects and trigger.subject_after:
            after = [m for m in inside if m.start >= t1]
            first = after[0] if after else None
            if first is not None and self._fits(first, domain) and len(re.findall(r"\w+", text[t1 : first.start])) <= 1:
                subjects = [first]
                t1 = first.end
        if not subjects:
            pronoun = _ANAPHOR.search(text, sentence.start, sentence.end) is not None
            if focus is None or not self._fits(focus, domain) or heading_line:
                return None
            if not (pronoun or trigger.implicit_subject):
                return None
            if _PLACEBO_GROUP.search(text, sentence.start, sentence.end):
                return None  # "Adverse events in the placebo group were ...": no drug's
            subjects = [focus]
            penalty *= 0.7 if pronoun else 0.6
        objects = self._aliases_dropped(text, self._list_right(text, t1, sentence.end, inside, range_))
        objects = [o for o in objects if o.iri is None or o.iri not in {s.iri for s in subjects}]
        if not objects:
            left = [m for m in inside if m.end <= t0 and self._fits(m, range_) and m not in subjects]
            if left and re.search(r"\b(?:which|that)\b", text[left[-1].end : t0]):
                run = [left[-1]]
                for m in reversed(left[:-1]):
                    if _LIST_GAP.match(text[m.end : run[0].start]) or len(text[m.end : run[0].start].split()) <= 2:
                        run.insert(0, m)
                    else:
                        break
                objects = run
                penalty *= 0.8
        if not objects and trigger.propose and range_:
            objects = self._propose_phrase(text, t1, sentence, range_)
            self._new_mentions.extend(objects)
            penalty *= 0.7
        if not objects and _FOR_PEOPLE.match(text, t1, sentence.end) and in_scope(scopes, "negated", t0, t1):
            return None  # "not approved for use in pediatric patients": who, not for what
        if not objects:
            objects = [m for m in heading_mentions if self._fits(m, range_)][:1]
            penalty *= 0.6
        return (subjects, objects, penalty) if objects else None

    def _tso(
        self,
        text: str,
        trigger: Trigger,
        t0: int,
        t1: int,
        sentence: Span,
        inside: list[Entity],
        domain: str | None,
        range_: str | None,
        focus: Entity | None = None,
    ) -> tuple[list[Entity], list[Entity], float] | None:
        """Subjects just after the trigger, objects after its separator ("taking X with Y"); "it" or
        "this medicine" there is the text's main drug ("taking it with opioids"), and so is the
        subject left unsaid when the separator follows the trigger and no drug is named before it
        ("Combination with an MAOI is contraindicated", "Taken with serotonergic drugs, ...")."""
        separator = re.compile(trigger.separator, re.IGNORECASE)
        pronoun = _PRONOUN_SUBJECT.match(text, t1)
        if pronoun is not None and focus is not None and separator.match(text, pronoun.end()):
            objects = self._list_right(text, pronoun.end(), sentence.end, inside, range_)
            return ([focus], objects, 0.9) if objects else None
        unsaid = _UNSAID_SUBJECT.match(text, t1)
        if unsaid is not None and focus is not None and separator.match(text, unsaid.start(1)):
            named_before = [m for m in inside if sentence.start <= m.start and m.end <= t0 and self._fits(m, domain)]
            if not named_before:
                objects = self._list_right(text, unsaid.end(1), sentence.end, inside, range_)
                return ([focus], objects, 0.8) if objects else None
        after = [m for m in inside if m.start >= t1]
        first = next((m for m in after if self._fits(m, domain)), None)
        if first is None or len(re.findall(r"\w+", text[t1 : first.start])) > 2:
            return None
        if separator.search(text[t1 : first.start]):  # "combined with X": X is the object, of an SO phrase
            return None
        subjects = [first]
        pos = first.end
        for m in after:
            if m.start < pos:
                continue
            gap = text[pos : m.start]
            if separator.search(gap):
                break
            if self._fits(m, domain) and _LIST_GAP.match(gap):
                subjects.append(m)
                pos = m.end
        sep = separator.search(text, pos, sentence.end)
        if sep is None:
            return None
        objects = self._list_right(text, sep.end(), sentence.end, inside, range_)
        return (subjects, objects, 1.0) if objects else None

    def _propose_phrase(self, text: str, start: int, sentence: Span, cls: str) -> list[Entity]:
        """A new entity named by the words after a trigger, up to the end of the clause or a place
        ("... into nerve cells", "... in the central nervous system")."""
        rest = text[start : sentence.end]
        stop = re.search(r"[,;.:()]|\b(?:to|which|while|and thus|so that|that)\b", rest)
        clause_end = start + (stop.start() if stop else len(rest))
        place = re.search(
            r"\b(?:into|within)\b|\bin (?:the|a|an|nerve|brain|neurons?|cells?)\b", text[start:clause_end]
        )
        for phrase_end in (clause_end, start + place.start()) if place else (clause_end,):
            words = tokens(text, start, phrase_end)
            if not words or len(words) > 10:
                continue
            begin, end = words[0].start, words[-1].end
            known = self.lexicon.paraphrased(text[begin:end], cls)
            if known is not None:
                return [self._entity(begin, end, text, (known,), "trigger phrase, paraphrase of a label")]
        words = tokens(text, start, start + place.start() if place else clause_end)
        if not words or len(words) > 10:
            return []
        entity = self._proposed(words[0].start, words[-1].end, text, cls, "trigger phrase")
        return [entity]
