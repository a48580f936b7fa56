"""Relation proposals: trigger words between mentions of one sentence, in the drugkg vocabulary.

A :class:`Trigger` is a phrase ("belongs to a class of", "withdrawal symptoms include", "approved
to treat"...) and the property it proposes. Its subject is the first mention of the property's
domain before the phrase in the sentence, with the mentions listed after it ("diazepam and other
benzodiazepines"); a pronoun ("it", "the drug") before the phrase stands for the document's main
drug. Its objects are the mentions of the property's range listed after the phrase ("nausea,
dizziness and rash"), or listed before a relative "which" ("tremor or insomnia, which diazepam
can relieve"). An argument missing from the sentence is taken from the section's
heading (objects) or is the document's main drug (subjects), at a lower confidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.namespaces import DKV

__all__ = [
    "COMMON_HEADING",
    "HEARST",
    "REACTIONS_BY_SYSTEM",
    "STOPPED_BECAUSE",
    "STOPPING",
    "TRIGGERS",
    "Trigger",
    "side_effect_kind",
]

V = str(DKV)

#: The body systems by which a label groups its adverse reactions ("Gastrointestinal: nausea ...").
_BODY_SYSTEM = (
    r"(?i:anticholinergic|cardiovascular|cardiac|gastrointestinal|digestive|neurologic(?:al)?|nervous system"
    r"|central nervous system|CNS|psychiatric|neuropsychiatric|dermatologic(?:al)?|skin|allergic|hypersensitivity"
    r"|hematologic(?:al)?|blood|endocrine|metabolic|autonomic|respiratory|urinary|genitourinary|hepatic|liver"
    r"|renal|sexual|extrapyramidal|cognitive|ocular|visual|musculoskeletal)"
)
#: A body system's reactions, then the verb before their list: "Anticholinergic effects include".
_BY_SYSTEM = (
    r"\b" + _BODY_SYSTEM + r" (?:side )?(?:effects|reactions|adverse reactions|events|problems)"
    r"\s+(?:include|includes|included|range from|ranged from|ranging from)\b"
)
#: A body system's reactions named before their list: no mention of a class or a finding of their own
#: ("anticholinergic" names no drug class in "Anticholinergic effects include dry mouth").
REACTIONS_BY_SYSTEM = re.compile(_BY_SYSTEM)


@dataclass(frozen=True)
class Trigger:
    """A phrase proposing ``predicate``; ``shape`` "SO" (subject, phrase, objects), "TSO"
    (phrase, subjects, ``separator``, objects) or "HEARST" ("CLASS, especially A or B": A and B
    are members or kinds of CLASS); ``refine`` may change the property from the
    sentence and heading (or drop the proposal by returning None); ``propose`` makes a new entity
    of the words after the phrase when no mention follows; ``implicit_subject``: the phrase is
    often said of the document's main drug without naming it ("withdrawal symptoms include"),
    while other phrases take the main drug only from a pronoun in the sentence; ``before``: the
    objects are listed just before the phrase ("dry mouth and constipation were reported");
    ``subject_after``: with no subject before the phrase, the subject may follow it ("the FDA
    approved zolpidem for insomnia"); ``therapy``: a combination phrase, whose drug objects make an
    interaction and whose therapy objects (psychotherapy) a combination (``dkv:oftenCombinedWith``);
    ``certain``: the phrase's own conditional word is no hedge ("do not take X if you take Y");
    ``cue_before``: the phrase counts only after these words in its sentence (a prohibition)."""

    predicate: str
    pattern: str
    confidence: float
    shape: str = "SO"
    separator: str = ""
    refine: Callable[[str, str, str], str | None] | None = None
    propose: bool = False
    implicit_subject: bool = False
    before: bool = False
    subject_after: bool = False
    therapy: bool = False
    certain: bool = False
    cue_before: str = ""
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(r"(?<![\w-])(?:" + self.pattern + r")(?![\w-])", re.IGNORECASE))


#: Words saying that something happens on stopping a drug (withdrawal, discontinuation, tapering).
STOPPING = re.compile(
    r"\b(?:withdraw\w*|discontinu\w*|stop|stops|stopping|stopped|cessation|taper\w*|treatment ends)\b", re.IGNORECASE
)
#: Stopping for a reason: "stopped treatment because of an adverse event, most often dizziness":
#: what follows is why the drug was stopped, not what stopping it brings.
STOPPED_BECAUSE = re.compile(
    r"\b(?:stop\w*|discontinu\w*|withdr[ae]w\w*)\b[^.;]{0,60}?\b(?:because of|due to|owing to|on account of)\b",
    re.IGNORECASE,
)
#: Words giving an effect's frequency as common: "common", "frequently", "seen most often", "5% or more".
_COMMON = re.compile(
    r"(?<!less )(?<!un)\b(?:most )?(?:common|commonly|frequent|frequently)\b"
    r"|\b(?:seen|reported|observed|occurring) most often|\bmost often (?:seen|reported|observed)"
    r"|\b\d+(?:\.\d+)?\s*% or (?:more|greater|higher)|\bat least \d+(?:\.\d+)?\s*%|[≥>]\s*\d+(?:\.\d+)?\s*%"
    r"|\bat least (?:\d+|one|five|ten) (?:in|out of) (?:100|a hundred|10|ten)\b"
    r"|\b(?:more than|over|greater than) \d+(?:\.\d+)?\s*%"
    r"|\bmany (?:people|patients|users)\b",
    re.IGNORECASE,
)
#: Effects named as the others, or the less frequent ones: "Other side effects include", "Less frequent
#: effects included" (not "other common side effects").
_NOT_COMMON = re.compile(
    r"\b(?:other|less common|less frequent|infrequent|uncommon|rarer)\s+"
    r"(?:side effects|adverse (?:reactions|effects|events)|effects|reactions|events|problems)\b",
    re.IGNORECASE,
)
#: A heading about common effects alone ("What are the common side effects?", "Most common adverse
#: reactions"); "Common Side Effects and Safety Concerns" also heads serious ones, so it is none.
COMMON_HEADING = re.compile(
    r"\bwhat are (?:the |some )?(?:most |more )?common (?:side effects|adverse (?:reactions|effects|events))\b"
    r"|\bwhat (?:side effects|adverse (?:reactions|effects|events)) are (?:the )?(?:most |more )?common\b"
    r"|^\s*(?:the )?(?:most |more )?common (?:side effects|adverse (?:reactions|effects|events))\s*[:.]?\s*$",
    re.IGNORECASE,
)


def side_effect_kind(sentence: str, heading: str, match: str) -> str | None:
    """Paradoxical, withdrawal, common or plain side effect, from the words of the sentence (and a
    heading that says its effects are common)."""
    lower = sentence.lower()
    if "paradoxical" in lower:
        return V + "hasParadoxicalEffect"
    stopping = STOPPING.search(sentence) and not STOPPED_BECAUSE.search(sentence)
    if stopping and not re.search(r"\b(?:while|during) (?:taking|treatment)\b", lower):
        return V + "hasWithdrawalSymptom"
    if _NOT_COMMON.search(sentence):  # "Other side effects reported include", under a heading of common ones
        return V + "hasSideEffect"
    if _COMMON.search(sentence) or COMMON_HEADING.search(heading):
        return V + "hasCommonSideEffect"
    return V + "hasSideEffect"


def _withdrawal_only(sentence: str, heading: str, match: str) -> str | None:
    """A bare "symptom" is a withdrawal symptom only in a sentence or section about stopping a drug."""
    return V + "hasWithdrawalSymptom" if STOPPING.search(sentence + " " + heading) else None


_LIST = r"(?:include|includes|including|are|were|is|such as|like|:)?"

#: Hearst's pattern, "CLASS, especially A or B": its phrase names the class's examples.
HEARST = Trigger(
    V + "kindOf",
    r"especially|such as|including|particularly|notably|e\.g\.|for example|for instance|namely",
    0.6,
    "HEARST",
)

#: The triggers, most specific first: a phrase overlapping an earlier trigger's phrase is skipped.
TRIGGERS: tuple[Trigger, ...] = (
    Trigger(
        V + "interactsWith",
        r"combin\w*|concomitant use of|co-?administ\w* of|taking|mixing|using",
        0.7,
        "TSO",
        r"\b(?:with|and)\b",
    ),
    Trigger(V + "interactsWith", r"use of(?=[^.;]*\bwith\b)", 0.6, "TSO", r"\bwith\b"),
    Trigger(
        V + "interactsWith",
        r"(?:take|use|mix|combine)(?=\s+(?:it|this|the)\b[^.;]{0,20}\bwith\b)",
        0.6,
        "TSO",
        r"\bwith\b",
    ),
    Trigger(
        V + "interactsWith",
        r"(?:if|while|when) (?:you |they |patients )?(?:are |have been |were )?"
        r"(?:take|takes|taking|use|uses|using|receiving|on|already on)",
        0.7,
        certain=True,
        cue_before=r"\b(?:not|never|avoid)\b|n[’']t\b",
    ),
    Trigger(
        V + "hasRiskOf",
        r"risks? associated with|risks? of taking|risks? with",
        0.7,
        "TSO",
        r"\b(?:is|are|include|includes)\b",
    ),
    Trigger(
        V + "discontinuationManagedBy",
        r"discontinu\w*|stopping|withdrawing",
        0.6,
        "TSO",
        r"\b(?:requires?|needs?|calls? for|by|with)\b",
    ),
    Trigger(
        V + "hasWithdrawalSymptom",
        r"(?:withdrawal|discontinuation) (?:symptoms?|signs?|effects?|reactions?)\s*"
        + _LIST
        + r"|(?:withdrawal|discontinuation) syndrome (?:with|of|including|includes)"
        r"|withdrawal (?:can |may )?(?:cause|causes|include|includes|produce)",
        0.8,
        implicit_subject=True,
    ),
    Trigger(
        V + "approvedFor",
        r"(?:FDA[- ])?approved (?:to treat|for(?: the treatment of)?|in)|indicated (?:for|in)(?: the treatment of)?",
        0.8,
    ),
    Trigger(V + "approvedFor", r"approvals? (?:\w+ )?(?:extend|extends|include|includes|cover|covers)(?: to)?", 0.7),
    Trigger(V + "approvedFor", r"approved|indicated", 0.6, subject_after=True),
    Trigger(
        V + "interactsWith",
        r"(?:(?:given|taken|used|use|combined|treated|prescribed|started|co-?administered|mixed)(?: together)? with"
        r"|together with|in combination with|concomitant(?:ly)? with|contraindicated with)",
        0.6,
        therapy=True,
    ),
    Trigger(V + "hasBoxedWarningFor", r"boxed warnings? (?:about|for|on|regarding|of)", 0.7, implicit_subject=True),
    Trigger(
        V + "firstLineFor",
        r"first[- ]line(?: treatments?| therapy| therapies| options?| agents?)?(?: for| in)?"
        r"|first (?:class|choice|option)(?: of (?:medications?|medicines|drugs|treatments?))?"
        r"(?: prescribed| used| for)?",
        0.8,
    ),
    Trigger(
        V + "usedAsAdjunctIn",
        r"(?:an? )?(?:add-on|adjunct(?:ive)?|augmentation|augmenting) (?:treatment|therapy|medicine|medication|agent)"
        r" (?:for|of|in)(?: the treatment of)?",
        0.6,
    ),
    Trigger(
        V + "adjunctTo",
        r"adjunct(?:ive)?(?: therapy| treatment)? (?:to|with)|alongside|in addition to|add-on to|added to"
        r"|augment\w*|potentiat\w*|(?:accelerat|boost|enhanc|speed)\w*(?: up)? the (?:response|effect) (?:to|of)",
        0.6,
    ),
    Trigger(
        V + "memberOf",
        r"belongs? to (?:a|the) (?:class|group|family) of(?: drugs| medications| medicines)?(?: called| known as)?"
        r"|(?:is|are) (?:a|an) (?:member|type|kind) of|member of|classified as|classed as"
        r"|(?:is|are) (?:not |neither )?(?:a|an)|as (?:a|an)|one of the",
        0.6,
    ),
    Trigger(V + "hasParadoxicalEffect", r"paradoxical (?:effects?|reactions?)", 0.7, implicit_subject=True),
    # "Side effects of X (that at least 5 in 100 people had) include A and B": X's effects, as frequent as said
    Trigger(
        V + "hasSideEffect",
        r"(?:side|adverse) (?:effects|reactions|events) of",
        0.7,
        "TSO",
        r"\b(?:include|includes|included|were|are)\b",
        refine=side_effect_kind,
    ),
    Trigger(
        V + "hasSideEffect",
        r"(?:side|adverse) (?:effects?|reactions?|events?)\s*" + _LIST + r"|can cause|may cause|causes?|caused"
        r"|(?:commonly |often |also |can |may )?produc(?:e|es|ed)"
        # a label's reactions named by their frequency or weight alone: "Less common reactions include"
        r"|(?:(?:most |more |less )?common|frequent|infrequent|other|serious|severe|rare|reported) reactions"
        r"\s+(?:include|includes|included|are|were)\b"
        # a label's reactions by body system: "Anticholinergic effects include", "Cardiovascular reactions range from"
        r"|" + _BY_SYSTEM + r"|leads? to|leading to|results? in|induces?|provokes?|triggers?|experience|experiences"
        r"|(?:may|might|can|could) (?:also |sometimes |occasionally )?(?:get|notice)"
        r"|(?:(?:can|may|might|could) be )?followed by",
        0.6,
        refine=side_effect_kind,
        implicit_subject=True,
    ),
    Trigger(
        V + "hasSideEffect",
        r"(?:was|were|are|is|has been|have been) (?:also )?(?:reported|observed|seen|noted)|(?:also )?occurred"
        r"|(?:may|might|can|could) (?:also )?(?:occur|happen)",
        0.5,
        refine=side_effect_kind,
        implicit_subject=True,
        before=True,
    ),
    Trigger(
        V + "hasRiskOf",
        r"risks? of|at risk (?:of|for)|(?:can|may) develop"
        r"|risks(?!\s+(?:of|to|for|with|from|in|and|or|associated|are|is|include|includes|that)\b)"
        r"|(?:high|higher|low|some|a) (?:chance|likelihood|potential|possibility|liability) (?:of|for)"
        r"|(?:the|your|their) (?:chance|likelihood|odds) (?:of|for)",
        0.6,
    ),
    Trigger(
        V + "makesUnsafe",
        r"unsafe to|dangerous to|should not|do not|must not|avoid|impairs? (?:the )?ability to|impairs?|can impair",
        0.7,
        implicit_subject=True,
    ),
    Trigger(V + "managedBy", r"requires?|managed (?:by|with)|treated (?:by|with)|monitored (?:by|with)", 0.5),
    Trigger(V + "hasAssociatedSymptom", r"contends? with|accompanied by|accompan\w*", 0.5),
    Trigger(
        V + "relieves",
        r"relie(?:f|ves?) (?:of|for|from)|relieves?|eases?|alleviates?|address(?:es)?|manages?|reduces?",
        0.6,
    ),
    Trigger(
        V + "treats",
        r"treats?|treating|treatment (?:of|for)|therapy for|used (?:to treat|for|in)|effective (?:for|against|in)",
        0.6,
    ),
    Trigger(
        V + "hasMechanism",
        r"works? by|acts? by|by(?= (?:enhanc|increas|block|inhibit|slow|reduc|bind))"
        r"|(?:thought|believed|presumed|considered|known) to(?: (?:work|act) (?:by|through))?"
        r"(?= (?:block|inhibit|enhanc|increas|potentiat|antagoni|stimulat|bind|modulat|reduc))"
        r"|(?:result|results|resulting|derive|derives|stem|stems|arise|arises) from(?= \w+(?:ion|ism|ade) of\b)"
        r"|mediated (?:through|by|via)|through(?= (?:antagonism|agonism|inhibition|blockade|potentiation) of\b)",
        0.6,
        propose=True,
    ),
    Trigger(V + "actsOn", r"acts? on|affecting|targets?", 0.5),
    Trigger(V + "hasWithdrawalSymptom", r"symptoms?", 0.5, refine=_withdrawal_only, implicit_subject=True),
    HEARST,
)
