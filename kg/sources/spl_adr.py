"""SPL-ADR-200db (training half): adverse reactions marked by hand in 101 FDA drug labels.

Each row is one section of one label (``adverse reactions``, ``warnings and precautions`` or
``boxed warnings``). Every ``human`` reaction mention of a section becomes a
:class:`~kg.namespaces.DKV` ``EffectStatement`` of the label's drug, in the named graph of that
label section: the drug, the effect, the kind from the section (``adverse reaction``, ``warning``,
``boxed warning``), and the evidence (the mention's words as the section text has them and, when
they are contiguous, their character offsets ``start``/``end`` into it; a mention split over
several places keeps the dataset's words without offsets). Beside it stands the plain fact
``drug dkv:hasSideEffect effect`` (``dkv:hasBoxedWarningFor`` for a boxed warning), so the rules
and the queries see it like any other side effect.

- ``animal`` mentions (findings in animal studies) and ``drug_class`` mentions (a class named in
  passing) are not human adverse reactions: each is reported as an unmapped part of its row, with
  the reason, and becomes no fact.
- **One effect entity per reaction concept**: the mention's words are normalised (case,
  whitespace, a plural ``s`` when the singular is also named); a health problem of the graph with
  that label (a curated one first, else the Disease Ontology term; or, failing a label, the one
  entity with that synonym) is that entity, typed an adverse effect as well; else
  ``dk:effect-<slug>``.
- **Brand names to drugs**: the ``label`` field is a brand name. :data:`BRAND_INGREDIENTS` gives,
  for each brand of a single active ingredient, the ingredient as its label names it; it is matched
  to exactly one drug of the graph by label or synonym (DrugCentral, PharmacotherapyDB and curated
  names). Combination products, and ingredients the graph does not hold, are reported as unmapped
  rows with the reason, never guessed.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox

from kg.graph_facts import RDF_TYPE, RDFS_LABEL, SKOS_ALT_LABEL, SKOS_DEFINITION
from kg.namespaces import DKV, GRAPH_SOURCES
from kg.sources.identity import ENTITY
from kg.sources.importer import (
    DCTERMS_IS_PART_OF,
    SOURCE_DOCUMENT,
    SOURCE_SECTION,
    ImportContext,
    ImportReport,
    SourceImporter,
    Writer,
)
from kg.sources.manifest import verify

__all__ = ["BRAND_INGREDIENTS", "KINDS", "SplAdrImporter", "normalise"]

FILE = "train.jsonl"

#: Section of the label -> (kind of the effect statement, the property of the plain fact).
KINDS: dict[str, tuple[str, ox.NamedNode]] = {
    "boxed warnings": ("boxed warning", ox.NamedNode(str(DKV.hasBoxedWarningFor))),
    "warnings and precautions": ("warning", ox.NamedNode(str(DKV.hasSideEffect))),
    "adverse reactions": ("adverse reaction", ox.NamedNode(str(DKV.hasSideEffect))),
}

#: Brand -> the active ingredient its label names (``None``: a combination of several ingredients,
#: whose reactions cannot be given to one of them). Each brand is one FDA label of the dataset; the
#: ingredient is written as the graph names it (ezogabine as retigabine, its international name;
#: gadoterate meglumine as gadoteric acid; radiolabelled agents with their isotope).
BRAND_INGREDIENTS: dict[str, str | None] = {
    "ADCETRIS": "brentuximab vedotin",
    "AMPYRA": "dalfampridine",
    "AdreView": "iobenguane (123I)",
    "Afinitor": "everolimus",
    "Amyvid": "Florbetapir F-18",
    "Aptiom": "eslicarbazepine acetate",
    "Arcapta": "indacaterol",
    "BENLYSTA": "belimumab",
    "BLINCYTO": "blinatumomab",
    "BOSULIF": "bosutinib",
    "Beleodaq": "belinostat",
    "Bepreve": "bepotastine",
    "Besivance": "besifloxacin",
    "Breo": None,
    "COARTEM": None,
    "COMETRIQ": "cabozantinib",
    "Carbaglu": "carglumic acid",
    "Cerdelga": "eliglustat",
    "Choline": "choline C-11",
    "Cimzia": "certolizumab pegol",
    "Cleviprex": "clevidipine",
    "DALVANCE": "dalbavancin",
    "DOTAREM": "gadoteric acid",
    "DUREZOL": "difluprednate",
    "DaTscan": "Ioflupane I-123",
    "Dificid": "fidaxomicin",
    "Duavee": None,
    "Dysport": "abobotulinumtoxinA",
    "ELIQUIS": "apixaban",
    "EOVIST": "gadoxetate disodium",
    "ERWINAZE": "asparaginase Erwinia chrysanthemi",
    "EYLEA": "aflibercept",
    "Edarbi": "azilsartan medoxomil",
    "Entereg": "alvimopan",
    "FANAPT": "iloperidone",
    "FARXIGA": "dapagliflozin",
    "FERRIPROX": "deferiprone",
    "FULYZAQ": "crofelemer",
    "Firazyr": "icatibant",
    "GRANIX": "tbo-filgrastim",
    "Gadavist": "gadobutrol",
    "Gilenya": "fingolimod",
    "Gilotrif": "afatinib",
    "Halaven": "eribulin",
    "Horizant": "gabapentin enacarbil",
    "IMBRUVICA": "ibrutinib",
    "INLYTA": "axitinib",
    "INVOKANA": "canagliflozin",
    "Ilaris": "canakinumab",
    "Intelence": "etravirine",
    "JUBLIA": "efinaconazole",
    "Jardiance": "empagliflozin",
    "Jevtana": "cabazitaxel",
    "KYPROLIS": "carfilzomib",
    "Kalbitor": "ecallantide",
    "Kalydeco": "ivacaftor",
    "Lumizyme": "alglucosidase alfa",
    "Multaq": "dronedarone",
    "NULOJIX": "belatacept",
    "Natazia": None,
    "Nesina": "alogliptin",
    "Neuraceq": "florbetaben F18",
    "Northera": "droxidopa",
    "OTEZLA": "apremilast",
    "Onfi": "clobazam",
    "POTIGA": "retigabine",
    "PROMACTA": "eltrombopag",
    "Picato": "ingenol mebutate",
    "Pradaxa": "dabigatran etexilate",
    "Pristiq": "desvenlafaxine",
    "Prolia": "denosumab",
    "Qutenza": "capsaicin",
    "SAPHRIS": "asenapine",
    "SIMPONI": "golimumab",
    "SIRTURO": "bedaquiline",
    "Stendra": "avanafil",
    "Stribild": None,
    "TREANDA": "bendamustine",
    "Tafinlar": "dabrafenib",
    "Tanzeum": "albiglutide",
    "Tecfidera": "dimethyl fumarate",
    "Teflaro": "ceftaroline fosamil",
    "Tivicay": "dolutegravir",
    "Toviaz": "fesoterodine",
    "Trulicity": "dulaglutide",
    "Tudorza": "aclidinium bromide",
    "ULORIC": "febuxostat",
    "Ulesfia": "benzyl alcohol",
    "VICTRELIS": "boceprevir",
    "VIMIZIM": "elosulfase alfa",
    "Vizamyl": "Flutemetamol (18F)",
    "Voraxaze": "glucarpidase",
    "XIAFLEX": "collagenase clostridium histolyticum",
    "Xalkori": "crizotinib",
    "Xeomin": "incobotulinumtoxinA",
    "Xtandi": "enzalutamide",
    "YERVOY": "ipilimumab",
    "ZERBAXA": None,
    "ZYKADIA": "ceritinib",
    "Zydelig": "idelalisib",
    "Zytiga": "abiraterone acetate",
}

_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_STATEMENT = ox.NamedNode(str(DKV.EffectStatement))
_ADVERSE_EFFECT = ox.NamedNode(str(DKV.AdverseEffect))
_DRUG = ox.NamedNode(str(DKV.Drug))
_CONDITION = ox.NamedNode(str(DKV.Condition))
_DOID_ENTITY = f"{ENTITY}doid-"
_FINDINGS = tuple(
    ox.NamedNode(str(t)) for t in (DKV.ClinicalFinding, DKV.AdverseEffect, DKV.ParadoxicalEffect, DKV.Symptom)
)
_EFFECT_OF = ox.NamedNode(str(DKV.effectOf))
_STATED_EFFECT = ox.NamedNode(str(DKV.statedEffect))
_EFFECT_KIND = ox.NamedNode(str(DKV.effectKind))
_MENTION_START = ox.NamedNode(str(DKV.mentionStart))
_MENTION_END = ox.NamedNode(str(DKV.mentionEnd))
_MENTION_TEXT = ox.NamedNode(str(DKV.mentionText))
_SPACE = re.compile(r"\s+")
_SOURCES = ox.NamedNode(str(GRAPH_SOURCES))


def normalise(text: str) -> str:
    """The name of a mention: lower case, one space between words, no outer spaces or punctuation.

    >>> normalise("  Febrile   Neutropenia. ")
    'febrile neutropenia'
    """
    return _SPACE.sub(" ", text).strip(" .,;:").casefold()


def slug(name: str) -> str:
    """The IRI-safe local name of an effect (``dk:effect-<slug>``).

    >>> slug("nausea/vomiting (grade 3)")
    'nausea-vomiting-grade-3'
    """
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


class SplAdrImporter(SourceImporter):
    """``train.jsonl.gz``: one row per label section; its human reaction mentions become effect statements."""

    name = "spl-adr-200db"
    folder = "spl-adr-200db"

    def _sections(self, report: ImportReport) -> Iterator[tuple[int, dict[str, Any]]]:
        data = gzip.decompress(verify(self.manifest, FILE))
        for line, text in enumerate(data.decode("utf-8").splitlines(), 1):
            report.read(FILE)
            yield line, json.loads(text)

    def label_document(self, brand: str) -> ox.NamedNode:
        """The source document of one label of the dataset."""
        return ox.NamedNode(f"{self.document.value}/{slug(brand)}")

    def label_section(self, brand: str, section: str) -> ox.NamedNode:
        """The named graph (and source section) of one section of one label."""
        return ox.NamedNode(f"{self.document.value}/{slug(brand)}/{slug(section)}")

    def import_into(self, store: ox.Store, context: ImportContext) -> ImportReport:
        report = self.new_report()
        writer = Writer()
        self.describe(
            writer,
            f"SPL-ADR-200db {self.version} (training half)",
            "FDA drug label sections (adverse reactions, warnings and precautions, boxed warnings) of 101 "
            "labels with every adverse reaction mention marked by hand at the National Library of Medicine.",
            {FILE: ("SPL-ADR-200db label sections (train.jsonl)", "The hand-marked label sections, one per row.")},
        )
        sections = list(self._sections(report))
        drugs = self._drugs(store)
        findings = self._findings(store)
        names = self._names(sections)
        described: set[str] = set()
        named: set[str] = set()
        for line, row in sections:
            brand, section = str(row["label"]), str(row["section"])
            reason = None
            ingredient = BRAND_INGREDIENTS.get(brand, "")
            found = drugs.get(ingredient.casefold(), set()) if ingredient else set()
            if section not in KINDS:
                reason = f"unknown section {section!r}"
            elif brand not in BRAND_INGREDIENTS:
                reason = f"brand {brand!r} has no known active ingredient"
            elif ingredient is None:
                reason = f"{brand} combines several active ingredients; its reactions are not given to one of them"
            elif len(found) != 1:
                reason = f"{brand}: its ingredient {ingredient!r} names {len(found)} drugs of the graph, not one"
            if reason is not None:
                report.unmappable(FILE, line, reason, {"label": brand, "section": section})
                continue
            (drug_iri,) = found
            drug = ox.NamedNode(drug_iri)
            graph = self.label_section(brand, section)
            document = self.label_document(brand)
            if brand not in described:
                described.add(brand)
                self._describe_label(writer, document, brand, str(ingredient))
                self.add_synonym(context, writer, drug, brand, graph)
            self._describe_section(writer, graph, document, brand, section)
            kind, prop = KINDS[section]
            drug_label = context.label_of(drug.value) or ingredient
            for n, mention in enumerate(row["reactions"], 1):
                if mention["kind"] != "human":
                    what = "a finding in animal studies" if mention["kind"] == "animal" else "a drug class"
                    report.unmappable(
                        FILE,
                        line,
                        f"{brand} {section}: mention {mention['text']!r} is {what}, not a human adverse reaction",
                        {"label": brand, "section": section, "mention": str(mention["text"])},
                        partial=True,
                    )
                    continue
                name = names[normalise(mention["text"])]
                effect = self._effect(writer, context, name, findings, graph, named)
                writer.add(drug, prop, effect, graph)
                node = ox.NamedNode(f"{graph.value}/mention-{n}")
                links: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
                    (_EFFECT_OF, drug),
                    (_STATED_EFFECT, effect),
                    (_EFFECT_KIND, ox.Literal(kind)),
                ]
                if mention["start"] is None:
                    links.append((_MENTION_TEXT, ox.Literal(mention["text"])))
                else:
                    start = int(mention["start"])
                    end = start + int(mention["length"])
                    links += [
                        (_MENTION_TEXT, ox.Literal(row["text"][start:end])),
                        (_MENTION_START, ox.Literal(str(start), datatype=_XSD_INTEGER)),
                        (_MENTION_END, ox.Literal(str(end), datatype=_XSD_INTEGER)),
                    ]
                writer.record(
                    node,
                    _STATEMENT,
                    f"{drug_label}: {name} ({kind}, {brand} label)",
                    f"The {section} section of the {brand} label names {name} as a reaction to {drug_label}.",
                    links,
                    graph,
                )
            report.represented(FILE)
        return self.finish(store, writer, report)

    @staticmethod
    def _names(sections: list[tuple[int, dict[str, Any]]]) -> dict[str, str]:
        """Normalised mention -> the name of its effect: a plural ``s`` goes when the singular is also named."""
        seen = Counter(normalise(m["text"]) for _, row in sections for m in row["reactions"] if m["kind"] == "human")
        return {name: name[:-1] if name.endswith("s") and name[:-1] in seen else name for name in seen}

    @staticmethod
    def _drugs(store: ox.Store) -> dict[str, set[str]]:
        """Every name (label or synonym, case folded) of a drug of the graph -> the drugs it names."""
        typed = {q.subject for q in store.quads_for_pattern(None, RDF_TYPE, _DRUG, None)}
        names: dict[str, set[str]] = {}
        for p in (RDFS_LABEL, SKOS_ALT_LABEL):
            for quad in store.quads_for_pattern(None, p, None, None):
                if (
                    isinstance(quad.subject, ox.NamedNode)
                    and quad.subject in typed
                    and isinstance(quad.object, ox.Literal)
                ):
                    names.setdefault(quad.object.value.casefold(), set()).add(quad.subject.value)
        return names

    @staticmethod
    def _findings(store: ox.Store) -> dict[str, tuple[ox.NamedNode, bool]]:
        """Health problems already in the graph (curated, or Disease Ontology terms) by name, case folded
        -> (entity, whether it is already a clinical finding). A label wins over a synonym, a curated
        entity over a Disease Ontology term; a synonym counts only when it names one entity."""
        typed: dict[ox.NamedNode, bool] = {}
        for kind in (*_FINDINGS, _CONDITION):
            for quad in store.quads_for_pattern(None, RDF_TYPE, kind, None):
                if isinstance(quad.subject, ox.NamedNode):
                    typed[quad.subject] = typed.get(quad.subject, False) or kind != _CONDITION
        by_label: dict[str, list[ox.NamedNode]] = {}
        by_synonym: dict[str, set[ox.NamedNode]] = {}
        for entity in typed:
            for quad in store.quads_for_pattern(entity, RDFS_LABEL, None, None):
                if isinstance(quad.object, ox.Literal):
                    by_label.setdefault(quad.object.value.casefold(), []).append(entity)
            for quad in store.quads_for_pattern(entity, SKOS_ALT_LABEL, None, None):
                if isinstance(quad.object, ox.Literal):
                    by_synonym.setdefault(quad.object.value.casefold(), set()).add(entity)
        found: dict[str, tuple[ox.NamedNode, bool]] = {}
        for name, entities in by_synonym.items():
            if len(entities) == 1:
                (entity,) = entities
                found[name] = (entity, typed[entity])
        for name, candidates in by_label.items():
            entity = min(candidates, key=lambda e: (e.value.startswith(_DOID_ENTITY), e.value))
            found[name] = (entity, typed[entity])
        return found

    @staticmethod
    def _effect(
        writer: Writer,
        context: ImportContext,
        name: str,
        findings: dict[str, tuple[ox.NamedNode, bool]],
        graph: ox.NamedNode,
        named: set[str],
    ) -> ox.NamedNode:
        """The entity of the effect ``name``: the health problem of that name already in the graph
        (typed an adverse effect too, if it was only a condition), else ``dk:effect-<slug>``."""
        if name in findings:
            entity, finding = findings[name]
            if not finding and entity.value not in named:
                named.add(entity.value)
                writer.add(entity, RDF_TYPE, _ADVERSE_EFFECT, graph)
            return entity
        effect = ox.NamedNode(f"{ENTITY}effect-{slug(name)}")
        if effect.value not in named:
            named.add(effect.value)
            context.labels.setdefault(effect.value, name)
            writer.add(effect, RDF_TYPE, _ADVERSE_EFFECT, graph)
            writer.add(effect, RDFS_LABEL, ox.Literal(name), graph)
            writer.add(
                effect, SKOS_DEFINITION, ox.Literal(f"An adverse reaction named in FDA drug labels: {name}."), graph
            )
        return effect

    def _describe_label(self, writer: Writer, document: ox.NamedNode, brand: str, ingredient: str) -> None:
        for p, o in (
            (RDF_TYPE, SOURCE_DOCUMENT),
            (RDFS_LABEL, ox.Literal(f"{brand} ({ingredient}) prescribing information, as in SPL-ADR-200db")),
            (
                SKOS_DEFINITION,
                ox.Literal(f"The FDA-approved label of {brand}, whose active ingredient is {ingredient}."),
            ),
            (DCTERMS_IS_PART_OF, self.document),
        ):
            writer.add(document, p, o, _SOURCES)

    @staticmethod
    def _describe_section(
        writer: Writer, graph: ox.NamedNode, document: ox.NamedNode, brand: str, section: str
    ) -> None:
        for p, o in (
            (RDF_TYPE, SOURCE_SECTION),
            (RDFS_LABEL, ox.Literal(f"{brand} label, {section}")),
            (SKOS_DEFINITION, ox.Literal(f"The {section} section of the {brand} label, its reactions marked by hand.")),
            (DCTERMS_IS_PART_OF, document),
        ):
            writer.add(graph, p, o, _SOURCES)
