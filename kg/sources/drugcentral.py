"""DrugCentral (data release 2016-11): drugs with their identifiers in other registries, their
pharmacologic classes of six kinds and their protein targets with the action type.

A DrugCentral drug is imported as the entity of the DrugBank id it is identified with, else under its
own DrugCentral id (see :mod:`kg.sources.identity`); a DrugBank id DrugCentral gives it that is not its
identity is a ``skos:relatedMatch`` (a salt, ester or other form of that id's drug).
Identifiers go in as ``skos:exactMatch`` under bioregistry prefixes, except:

- identifiers of licensed or commercial terminologies (SNOMED CT, UMLS, RxNorm under the UMLS
  licence, First Databank, Multum, Medi-Span, Micromedex, KEGG, CAS) are not imported (reported);
- an identifier DrugCentral gives for several of the imported drugs, or that another entity
  already matches exactly (a curated one), is only a ``skos:closeMatch`` of each (it cannot be the
  exact match of two entities);
- ingredient identifiers (UNII, NDF-RT, VA National Drug File) are ``skos:closeMatch``: they name the
  ingredient of the products, often a salt (norepinephrine's UNII is its bitartrate's), and the file
  does not say which; an NDF-RT ingredient is also a "[Chemical/Ingredient]" class of its own;
- a drug with two or more ids of one registry (two ChEMBL ids, two PDB components) has each as a
  ``skos:closeMatch`` only (it cannot be exactly two entries of one registry).

Each class is its own entity, derived from its source id, typed with its kind; a class name that
exists in two kinds is two classes. Each target row becomes a ``dkv:hasTarget`` link and a
``dkv:TargetAction`` node that keeps the action type, the target protein(s) and the reference.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from kg.graph_facts import SKOS_ALT_LABEL, SKOS_CLOSE_MATCH, SKOS_EXACT_MATCH
from kg.namespaces import DKV
from kg.sources.classes import CLASS_KINDS
from kg.sources.identity import ENTITY, registry_iri
from kg.sources.importer import DCTERMS_CITATION, ImportContext, ImportReport, SourceImporter, Writer
from kg.sources.mesh_actions import DCTERMS_IDENTIFIER

__all__ = ["EXCLUDED_REGISTRIES", "INGREDIENT_ID_TYPES", "REGISTRY_PREFIXES", "DrugCentralImporter"]

CLASSES_FILE = "pharm_class.tsv"
TARGETS_FILE = "drug_target.tsv"
IDENTIFIERS_FILE = "identifiers.tsv"

#: ``ID_TYPE`` of ``identifiers.tsv`` -> bioregistry prefix (see ``kg.namespaces.PREFIXES``).
REGISTRY_PREFIXES: dict[str, str] = {
    "DRUGBANK_ID": "drugbank",
    "ChEMBL_ID": "chembl.compound",
    "UNII": "UNII",
    "PUBCHEM_CID": "pubchem.compound",
    "CHEBI": "CHEBI",
    "MESH_DESCRIPTOR_UI": "mesh",
    "MESH_SUPPLEMENTAL_RECORD_UI": "mesh",
    "IUPHAR_LIGAND_ID": "iuphar.ligand",
    "PDB_CHEM_ID": "pdb-ccd",
    "INN_ID": "inn",
    "NDFRT": "ndfrt",
    "NUI": "ndfrt",
    "VANDF": "vandf",
}
#: ``ID_TYPE`` of ingredient terminologies, whose ids may name a salt: ``skos:closeMatch`` only.
INGREDIENT_ID_TYPES = frozenset({"UNII", "NDFRT", "NUI", "VANDF"})
#: ``ID_TYPE`` -> why its identifiers are not imported.
EXCLUDED_REGISTRIES: dict[str, str] = {
    "SNOMEDCT_US": "SNOMED CT identifier: a licensed terminology (UMLS licence agreement), not imported",
    "UMLSCUI": "UMLS concept identifier: under the UMLS licence agreement, not imported",
    "RXNORM": "RxNorm identifier: bioregistry lists it under the UMLS licence agreement, not imported",
    "NDDF": "First Databank (FDB MedKnowledge) identifier: a commercial drug database, not imported",
    "MMSL": "Multum MediSource Lexicon identifier: a commercial drug database, not imported",
    "MDDB": "Medi-Span Master Drug Data Base identifier: a commercial drug database, not imported",
    "MMX": "Micromedex RED BOOK identifier: a commercial drug database, not imported",
    "KEGG_DRUG": "KEGG DRUG identifier: KEGG restricts reuse to non-commercial use, not imported",
    "SECONDARY_CAS_RN": "CAS Registry Number: CAS's registry is not openly licensed, not imported",
    "VUID": "VA unique identifier (VUID): no bioregistry prefix, not imported",
}

_DRUG = ox.NamedNode(str(DKV.Drug))
_TARGET = ox.NamedNode(str(DKV.Target))
_TARGET_ACTION = ox.NamedNode(str(DKV.TargetAction))
_MEMBER_OF = ox.NamedNode(str(DKV.memberOf))
_HAS_TARGET = ox.NamedNode(str(DKV.hasTarget))
_ACTION_AGENT = ox.NamedNode(str(DKV.actionAgent))
_ACTION_TARGET = ox.NamedNode(str(DKV.actionTarget))
_ACTION_TYPE = ox.NamedNode(str(DKV.actionType))
_GENE_SYMBOL = ox.NamedNode(str(DKV.geneSymbol))
_RELATED_MATCH = ox.NamedNode("http://www.w3.org/2004/02/skos/core#relatedMatch")
_SEE_ALSO = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")


def _xref(prefix: str, identifier: str) -> ox.NamedNode | None:
    """The registry IRI of an identifier, or None when it cannot be one (empty, spaces...)."""
    local = identifier.split(":", 1)[1] if prefix == "CHEBI" and identifier.startswith("CHEBI:") else identifier
    if not local or any(c.isspace() for c in local):
        return None
    try:
        return ox.NamedNode(registry_iri(prefix, local))
    except ValueError:
        return None


def _local(entity: ox.NamedNode) -> str:
    return entity.value.removeprefix(ENTITY)


class DrugCentralImporter(SourceImporter):
    """``identifiers.tsv``, ``pharm_class.tsv`` and ``drug_target.tsv`` (``idtype.tsv`` names the
    registries; the importer's tables above say what becomes of each)."""

    name = "drugcentral"
    folder = "drugcentral-2016"

    def import_into(self, store: ox.Store, context: ImportContext) -> ImportReport:
        report = self.new_report()
        writer = Writer()
        self._entities: dict[str, ox.NamedNode | None] = {}
        self.describe(
            writer,
            f"DrugCentral (data release {self.version})",
            "DrugCentral's drug compendium: drugs, their identifiers in other registries, pharmacologic classes "
            "and targets.",
            {
                IDENTIFIERS_FILE: (
                    "DrugCentral drug identifiers (identifiers.tsv)",
                    "Each drug's identifiers in other registries, such as DrugBank, ChEBI, UNII and MeSH.",
                ),
                CLASSES_FILE: (
                    "DrugCentral pharmacologic classes (pharm_class.tsv)",
                    "Each drug's classes: FDA established pharmacologic classes, mechanisms of action, physiologic "
                    "effects and chemical structures, MeSH pharmacologic actions and ChEBI roles.",
                ),
                TARGETS_FILE: (
                    "DrugCentral drug targets (drug_target.tsv)",
                    "Each drug's protein targets with how it acts on them, and the reference for it.",
                ),
            },
        )
        self._identifiers(context, writer, report)
        self._classes(context, writer, report)
        self._targets(context, writer, report)
        return self.finish(store, writer, report)

    def _drug(self, context: ImportContext, drug_id: str) -> ox.NamedNode | None:
        """The entity of a DrugCentral drug, or None when ``identifiers.tsv`` does not list it."""
        if drug_id not in self._entities:
            known = drug_id in context.identities.drugcentral_names
            self._entities[drug_id] = ox.NamedNode(context.identities.drugcentral_entity(drug_id)) if known else None
        return self._entities[drug_id]

    def _why_not(self, context: ImportContext, drug_id: str) -> str:
        return f"DrugCentral drug {drug_id} is not in {IDENTIFIERS_FILE}"

    @staticmethod
    def _definition(context: ImportContext, drug_id: str) -> str:
        drugbank_id = context.identities.drugcentral.get(drug_id)
        if drugbank_id is not None:
            return f"A drug of DrugCentral ({drug_id}), known in DrugBank as {drugbank_id}."
        why = context.identities.drugcentral_unmapped[drug_id]
        return f"A drug of DrugCentral ({drug_id}), imported under its DrugCentral id: {why}."

    def _identifiers(self, context: ImportContext, writer: Writer, report: ImportReport) -> None:
        graph = self.section(IDENTIFIERS_FILE)
        rows = list(self.rows(report, IDENTIFIERS_FILE, quoted=True))
        holders: dict[tuple[str, str], set[str]] = defaultdict(set)
        owned: dict[tuple[str, str], set[str]] = defaultdict(set)  # (entity, prefix) -> its ids
        for _, row in rows:
            entity = self._drug(context, row["DRUG_ID"])
            if entity is not None and row["ID_TYPE"] in REGISTRY_PREFIXES:
                prefix = REGISTRY_PREFIXES[row["ID_TYPE"]]
                holders[(prefix, row["IDENTIFIER"])].add(entity.value)
                owned[(entity.value, prefix)].add(row["IDENTIFIER"])
        # an id that an entity already matches exactly (a curated one) is only close to another
        taken: dict[str, set[str]] = defaultdict(set)
        for quad in context.store.quads_for_pattern(None, SKOS_EXACT_MATCH, None, None):
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
                taken[quad.object.value].add(quad.subject.value)
        named: set[str] = set()
        for line, row in rows:
            drug_id, id_type, identifier = row["DRUG_ID"], row["ID_TYPE"], row["IDENTIFIER"]
            entity = self._drug(context, drug_id)
            if entity is None:
                report.unmappable(IDENTIFIERS_FILE, line, self._why_not(context, drug_id), row)
                continue
            if drug_id not in named:
                named.add(drug_id)
                drugbank_id = context.identities.drugcentral.get(drug_id, "")
                name = context.identities.drugbank_names.get(drugbank_id, row["DRUG_NAME"])
                self.name_entity(context, writer, entity, name, graph, _DRUG, self._definition(context, drug_id))
                if name != row["DRUG_NAME"]:
                    self.add_synonym(context, writer, entity, row["DRUG_NAME"], graph)
                writer.add(entity, SKOS_EXACT_MATCH, ox.NamedNode(registry_iri("drugcentral", drug_id)), graph)
            if id_type in EXCLUDED_REGISTRIES:
                report.unmappable(IDENTIFIERS_FILE, line, EXCLUDED_REGISTRIES[id_type], row)
                continue
            if id_type not in REGISTRY_PREFIXES:
                report.unmappable(IDENTIFIERS_FILE, line, f"unknown identifier type {id_type!r}", row)
                continue
            if id_type == "DRUGBANK_ID" and (drug_id, identifier) in context.identities.unlinked:
                # represented as a related match; its identity stays elsewhere (or ambiguous): reported
                writer.add(entity, _RELATED_MATCH, ox.NamedNode(registry_iri("drugbank", identifier)), graph)
                report.represented(IDENTIFIERS_FILE)
                reason = context.identities.unlinked[(drug_id, identifier)]
                report.unmappable(IDENTIFIERS_FILE, line, f"{reason}: a skos:relatedMatch only", row, partial=True)
                continue
            prefix = REGISTRY_PREFIXES[id_type]
            xref = _xref(prefix, identifier)
            if xref is None:
                report.unmappable(IDENTIFIERS_FILE, line, f"{identifier!r} is not a valid {prefix} identifier", row)
                continue
            close = id_type != "DRUGBANK_ID" and (
                id_type in INGREDIENT_ID_TYPES
                or len(holders[(prefix, identifier)]) > 1
                or len(owned[(entity.value, prefix)]) > 1
                or bool(taken.get(xref.value, set()) - {entity.value})
            )
            writer.add(entity, SKOS_CLOSE_MATCH if close else SKOS_EXACT_MATCH, xref, graph)
            report.represented(IDENTIFIERS_FILE)

    def _classes(self, context: ImportContext, writer: Writer, report: ImportReport) -> None:
        graph = self.section(CLASSES_FILE)
        # the names already given: a class's plain name must not make another entity's name ambiguous
        taken = {label.casefold() for label in context.labels.values()}
        for quad in context.store.quads_for_pattern(None, SKOS_ALT_LABEL, None, None):
            if isinstance(quad.object, ox.Literal):
                taken.add(quad.object.value.casefold())
        plain_names: dict[str, str] = {}
        for line, row in self.rows(report, CLASSES_FILE):
            entity = self._drug(context, row["DRUG_ID"])
            if entity is None:
                report.unmappable(CLASSES_FILE, line, self._why_not(context, row["DRUG_ID"]), row)
                continue
            kind = CLASS_KINDS.get(row["TYPE"])
            source_id, name = row["CLASS_SOURCE_ID"], row["CLASS"]
            if kind is None or not source_id or not name:
                report.unmappable(CLASSES_FILE, line, f"unknown class type {row['TYPE']!r} or no class id", row)
                continue
            drug_class = kind.entity(source_id)
            self.name_entity(
                context, writer, drug_class, kind.label(name), graph, kind.type, kind.definition(name, source_id)
            )
            plain = kind.plain_name(name)
            if (
                plain is not None
                and plain.casefold() not in taken
                and plain_names.setdefault(plain.casefold(), drug_class.value) == drug_class.value
            ):
                writer.add(drug_class, SKOS_ALT_LABEL, ox.Literal(plain), graph)
            writer.add(drug_class, DCTERMS_IDENTIFIER, ox.Literal(source_id), graph)
            writer.add(drug_class, SKOS_EXACT_MATCH, kind.xref(source_id), graph)
            writer.add(entity, _MEMBER_OF, drug_class, graph)
            report.represented(CLASSES_FILE)

    def _targets(self, context: ImportContext, writer: Writer, report: ImportReport) -> None:
        graph = self.section(TARGETS_FILE)
        for line, row in self.rows(report, TARGETS_FILE):
            entity = self._drug(context, row["DRUG_ID"])
            if entity is None:
                report.unmappable(TARGETS_FILE, line, self._why_not(context, row["DRUG_ID"]), row)
                continue
            accessions = [a for a in row["UNIPROT"].split("|") if a]
            action = row["ACTION_TYPE"].strip().lower()
            if not accessions or not action or not all(_xref("uniprot", a) for a in accessions):
                report.unmappable(TARGETS_FILE, line, "no valid UniProt accession or no action type", row)
                continue
            target = ox.NamedNode(f"{ENTITY}uniprot-{'-'.join(accessions)}")
            family = row["TARGET_FAMILY"].strip().lower() or "protein"
            made_of = (
                f"the protein {accessions[0]}"
                if len(accessions) == 1
                else f"a complex of the proteins {', '.join(accessions)}"
            )
            self.name_entity(
                context,
                writer,
                target,
                row["TARGET_NAME"],
                graph,
                _TARGET,
                f"A drug target ({family}) of DrugCentral: {made_of}.",
            )
            for accession in accessions:
                xref = _xref("uniprot", accession)
                assert xref is not None
                writer.add(target, SKOS_EXACT_MATCH if len(accessions) == 1 else _RELATED_MATCH, xref, graph)
            for symbol in (s for s in row["GENE"].split("|") if s):
                writer.add(target, _GENE_SYMBOL, ox.Literal(symbol), graph)
            writer.add(entity, _HAS_TARGET, target, graph)
            drug_label = context.label_of(entity.value) or row["DRUG_NAME"]
            node = ox.NamedNode(f"{ENTITY}target-action-{_local(entity)}-{_local(target)}")
            article = "an" if action[0] in "aeiou" else "a"
            writer.record(
                node,
                _TARGET_ACTION,
                f"{drug_label}: {action} of {row['TARGET_NAME']}",
                f"DrugCentral lists {drug_label} as {article} {action} of {row['TARGET_NAME']} "
                f"(source: {row['SOURCE'].lower() or 'not given'}).",
                [(_ACTION_AGENT, entity), (_ACTION_TARGET, target), (_ACTION_TYPE, ox.Literal(action))],
                graph,
            )
            reference = row["REFERENCE"].strip()
            if reference.startswith(("http://", "https://")) and not any(c.isspace() for c in reference):
                writer.add(node, _SEE_ALSO, ox.NamedNode(reference), graph)
            elif reference:
                writer.add(node, DCTERMS_CITATION, ox.Literal(reference), graph)
            report.represented(TARGETS_FILE)
