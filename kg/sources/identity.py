"""One entity per real thing: how drugs and diseases of the sources meet, decided once for all importers.

**Drugs meet on DrugBank ids.** A DrugBank id that a curated entity matches exactly
(``dk:clonazepam skos:exactMatch drugbank:DB01068``) *is* that entity; any other DrugBank id gets
the derived IRI ``dk:drugbank-ID``. DrugCentral's identifiers are not one-to-one, so they are
resolved by these rules, in order (and never by accident):

1. A DrugBank id that ``identifiers.tsv`` gives for one DrugCentral drug belongs to that drug.
2. A DrugBank id given for several DrugCentral drugs belongs to the one whose name is the DrugBank
   name known for the id (the curated entity's label or synonyms, or PharmacotherapyDB's name),
   compared without case; else to the one drug for which it is the only DrugBank id; else to the
   parent drug that :data:`PARENT_DRUGS` names for it, checked by DrugCentral name and UNII (the
   other holders are its salts, esters or other forms); else to none (the id stays ambiguous).
3. A DrugCentral drug that owns several DrugBank ids is identified with the one whose known
   DrugBank name is its own name, else with the lowest id; its other ids are not linked to it
   (they stay free for PharmacotherapyDB, which may name them as drugs of their own).
4. A DrugCentral drug that owns no DrugBank id (it has none, or each of its ids belongs to another
   drug or is ambiguous) is imported under its DrugCentral id (``dk:drugcentral-ID``); each
   DrugBank id DrugCentral gives it is a ``skos:relatedMatch`` only (a salt, ester or other form
   of the id's drug, never the same entity), and its definition says why.

**Diseases meet on DOIDs.** A DOID that a curated entity matches exactly (``dk:panic-disorder
skos:exactMatch obo:DOID_594``) is that entity; any other gets ``dk:doid-NUMBER``.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.graph_facts import RDFS_LABEL, SKOS_ALT_LABEL, SKOS_EXACT_MATCH
from kg.namespaces import DK, PREFIXES
from kg.sources.manifest import read_manifest, verify

__all__ = [
    "ENTITY",
    "PARENT_DRUGS",
    "DrugCentralDrug",
    "Identities",
    "ParentDrug",
    "disease_iri",
    "doid_iri",
    "drug_iri",
    "drugbank_iri",
    "drugcentral_iri",
    "registry_iri",
]

#: The namespace of drugkg entities, as a string (``DK[...]`` is slow in a loop of 100,000 rows).
ENTITY = str(DK)
_DRUGBANK = PREFIXES["drugbank"]
_DOID = PREFIXES["DOID"]


def registry_iri(prefix: str, local_id: str) -> str:
    """The IRI of ``prefix:local_id`` under drugkg's prefix map (``CONVERTER.expand``, but fast).

    >>> registry_iri("CHEBI", "3756")
    'http://purl.obolibrary.org/obo/CHEBI_3756'
    """
    return PREFIXES[prefix] + local_id


def drugbank_iri(drugbank_id: str) -> str:
    """The registry IRI of a DrugBank id."""
    return _DRUGBANK + drugbank_id


def drug_iri(drugbank_id: str) -> str:
    """The derived drugkg IRI of a drug known by its DrugBank id (when no curated entity has it).

    >>> drug_iri("DB00404")
    'https://w3id.org/drugkg/entity/drugbank-DB00404'
    """
    return f"{ENTITY}drugbank-{drugbank_id}"


def drugcentral_iri(drug_id: str) -> str:
    """The derived drugkg IRI of a DrugCentral drug that owns no DrugBank id.

    >>> drugcentral_iri("5143")
    'https://w3id.org/drugkg/entity/drugcentral-5143'
    """
    return f"{ENTITY}drugcentral-{drug_id}"


def doid_iri(doid: str) -> str:
    """The OBO IRI of ``DOID:NUMBER``.

    >>> doid_iri("DOID:594")
    'http://purl.obolibrary.org/obo/DOID_594'
    """
    return _DOID + doid.removeprefix("DOID:")


def disease_iri(doid: str) -> str:
    """The derived drugkg IRI of a disease known by its DOID (when no curated entity has it).

    >>> disease_iri("DOID:0040058")
    'https://w3id.org/drugkg/entity/doid-0040058'
    """
    return f"{ENTITY}doid-{doid.removeprefix('DOID:')}"


@dataclass(frozen=True)
class DrugCentralDrug:
    """A DrugCentral drug as ``identifiers.tsv`` gives it: its id, name and DrugBank ids."""

    id: str
    name: str
    drugbank: tuple[str, ...]


@dataclass(frozen=True)
class ParentDrug:
    """The parent drug of a DrugBank id that DrugCentral gives to several drugs: the DrugCentral
    drug (id, name and UNII, all checked against ``identifiers.tsv``) that gets the id, and why."""

    drugcentral_id: str
    name: str
    unii: str
    why: str


_SALTS = "the other holders are its salts, esters or prodrugs"
#: DrugBank id -> its parent drug, decided by name and UNII for each id that rules 1 and 2 leave
#: ambiguous (``drugkg sources --unmapped`` lists the ids that stay so). DrugBank names the id
#: after the parent (``why`` says so); the forms keep their own DrugCentral entities.
PARENT_DRUGS: dict[str, ParentDrug] = {
    "DB00103": ParentDrug("5018", "agalsidase beta", "RZD65TSM9U", "agalsidase alfa is another enzyme product"),
    "DB00199": ParentDrug("1048", "erythromycin", "1014KSJ86F", _SALTS),
    "DB00200": ParentDrug("4309", "hydroxocobalamin", "Q40X8H422O", _SALTS),
    "DB00300": ParentDrug("2592", "tenofovir", "99YXE507IL", _SALTS),
    "DB00324": ParentDrug("1208", "fluorometholone", "SV0CSG527L", _SALTS),
    "DB00391": ParentDrug("2537", "sulpiride", "7MNE9M8287", "levosulpiride is one of its enantiomers"),
    "DB00415": ParentDrug("198", "ampicillin", "7C782967RD", _SALTS),
    "DB00578": ParentDrug("492", "carbenicillin", "3UX6B304L3", _SALTS),
    "DB00658": ParentDrug("4324", "sevelamer", "941N5DUU5C", _SALTS),
    "DB00743": ParentDrug("4557", "gadobenic acid", "15G12L5X8K", _SALTS),
    "DB00856": ParentDrug("613", "chlorphenesin", "I670DAL4SZ", _SALTS),
    "DB01053": ParentDrug("2082", "benzylpenicillin", "Q42T66VG0C", _SALTS),
    "DB01112": ParentDrug("565", "cefuroxime", "O1R9FJ93ED", _SALTS),
    "DB01129": ParentDrug("2350", "rabeprazole", "32828355LL", "clofezone is another drug, not a form of it"),
    "DB01326": ParentDrug("527", "cefamandole", "5CKP8C2LLI", _SALTS),
    "DB01356": ParentDrug(
        "4207",
        "lithium carbonate",
        "2BMD2GNA4V",
        "DrugBank's lithium (the ion) has no DrugCentral drug of its own: lithium carbonate, the form most "
        "products contain, carries its classes and targets; lithium citrate is its own entity",
    ),
    "DB01521": ParentDrug("3112", "clostebol", "Z7D4G976SH", _SALTS),
    "DB04573": ParentDrug("3187", "estriol", "FB33469R8E", _SALTS),
    "DB06826": ParentDrug("2793", "unoprostone", "6X4F561V3W", _SALTS),
    "DB08621": ParentDrug("2624", "thiamphenicol", "FLQ7571NPM", _SALTS),
    "DB08985": ParentDrug("1101", "etilefrine", "ZB6F8MY53V", _SALTS),
    "DB09137": ParentDrug(
        "5119", "technetium Tc 99m mebrofenin", "F2NQ468L52", "mebrofenin is the ligand before labelling"
    ),
    "DB09219": ParentDrug("4356", "bisoxatin", "7C75N0L7FP", _SALTS),
}


@dataclass
class Identities:
    """The decisions of the module docstring, for one store of curated facts."""

    #: DrugBank id -> curated entity IRI (its exact match).
    curated_drugs: dict[str, str] = field(default_factory=dict)
    #: DOID (``DOID:594``) -> curated entity IRI (its exact match).
    curated_diseases: dict[str, str] = field(default_factory=dict)
    #: DrugCentral id -> the DrugBank id it is identified with.
    drugcentral: dict[str, str] = field(default_factory=dict)
    #: DrugCentral id -> why it owns no DrugBank id (it is imported under its DrugCentral id).
    drugcentral_unmapped: dict[str, str] = field(default_factory=dict)
    #: DrugBank id -> the name of the drug it is known as, when a parent drug of :data:`PARENT_DRUGS`
    #: is not named as DrugBank names it (``Lithium`` for lithium carbonate).
    drugbank_names: dict[str, str] = field(default_factory=dict)
    #: (DrugCentral id, DrugBank id) of a DRUGBANK_ID row not used for identity -> why.
    unlinked: dict[tuple[str, str], str] = field(default_factory=dict)
    #: DrugCentral id -> name.
    drugcentral_names: dict[str, str] = field(default_factory=dict)

    def drug(self, drugbank_id: str) -> str:
        """The entity IRI of a DrugBank id: the curated entity, else the derived IRI."""
        return self.curated_drugs.get(drugbank_id) or drug_iri(drugbank_id)

    def disease(self, doid: str) -> str:
        """The entity IRI of a DOID: the curated entity, else the derived IRI."""
        return self.curated_diseases.get(doid) or disease_iri(doid)

    def drugcentral_entity(self, drug_id: str) -> str:
        """The entity of a DrugCentral drug: its DrugBank id's, else its own (``dk:drugcentral-ID``)."""
        drugbank_id = self.drugcentral.get(drug_id)
        return drugcentral_iri(drug_id) if drugbank_id is None else self.drug(drugbank_id)

    @classmethod
    def resolve(cls, store: ox.Store) -> Identities:
        """Read the curated exact matches from ``store`` and the shipped identifier files, and decide."""
        identities = cls()
        names: dict[str, set[str]] = defaultdict(set)  # DrugBank id -> known DrugBank names, casefolded
        for quad in store.quads_for_pattern(None, SKOS_EXACT_MATCH, None, None):
            subject, target = quad.subject, quad.object
            if not (isinstance(subject, ox.NamedNode) and isinstance(target, ox.NamedNode)):
                continue
            if target.value.startswith(_DRUGBANK):
                drugbank_id = target.value.removeprefix(_DRUGBANK)
                identities.curated_drugs[drugbank_id] = subject.value
                for predicate in (RDFS_LABEL, SKOS_ALT_LABEL):
                    for named in store.quads_for_pattern(subject, predicate, None, None):
                        if isinstance(named.object, ox.Literal):
                            names[drugbank_id].add(named.object.value.casefold())
            elif target.value.startswith(_DOID):
                identities.curated_diseases["DOID:" + target.value.removeprefix(_DOID)] = subject.value
        for drugbank_id, name in _pharmacotherapydb_names():
            names[drugbank_id].add(name.casefold())
        drugs = _drugcentral_drugs()
        identities.drugcentral_names = {d.id: d.name for d in drugs.values()}
        _check_parents(drugs, _drugcentral_uniis())
        for drugbank_id, parent in PARENT_DRUGS.items():
            if parent.name.casefold() not in names.get(drugbank_id, set()) and names.get(drugbank_id):
                identities.drugbank_names[drugbank_id] = min(names[drugbank_id])
        identities._resolve_drugcentral(drugs, names)
        return identities

    def _resolve_drugcentral(self, drugs: dict[str, DrugCentralDrug], names: dict[str, set[str]]) -> None:
        holders: dict[str, set[str]] = defaultdict(set)
        for drug in drugs.values():
            for drugbank_id in drug.drugbank:
                holders[drugbank_id].add(drug.id)
        owner: dict[str, str] = {}
        ambiguous: dict[str, list[str]] = {}
        for drugbank_id, ids in sorted(holders.items()):
            if len(ids) == 1:
                (owner[drugbank_id],) = ids
                continue
            by_name = sorted(i for i in ids if drugs[i].name.casefold() in names.get(drugbank_id, set()))
            sole = sorted(i for i in ids if drugs[i].drugbank == (drugbank_id,))
            if len(by_name) == 1:
                owner[drugbank_id] = by_name[0]
            elif len(sole) == 1:
                owner[drugbank_id] = sole[0]
            elif drugbank_id in PARENT_DRUGS and PARENT_DRUGS[drugbank_id].drugcentral_id in ids:
                owner[drugbank_id] = PARENT_DRUGS[drugbank_id].drugcentral_id
            else:
                ambiguous[drugbank_id] = sorted(ids, key=lambda i: drugs[i].name)
        for drug in drugs.values():
            owned = [d for d in drug.drugbank if owner.get(d) == drug.id]
            if not drug.drugbank:
                self.drugcentral_unmapped[drug.id] = "the DrugCentral drug has no DrugBank id"
                continue
            if not owned:
                self.drugcentral_unmapped[drug.id] = "; ".join(
                    _why_not_owned(d, drugs, owner, ambiguous) for d in drug.drugbank
                )
                for drugbank_id in drug.drugbank:
                    self.unlinked[(drug.id, drugbank_id)] = self.drugcentral_unmapped[drug.id]
                continue
            named = [d for d in owned if drug.name.casefold() in names.get(d, set())]
            chosen = named[0] if len(named) == 1 else min(owned)
            self.drugcentral[drug.id] = chosen
            for drugbank_id in drug.drugbank:
                if drugbank_id == chosen:
                    continue
                if drugbank_id in owned:
                    how = "its known DrugBank name" if len(named) == 1 else "the lowest of its DrugBank ids"
                    reason = (
                        f"DrugCentral drug {drug.id} ({drug.name}) has several DrugBank ids and is identified "
                        f"with {chosen} ({how}); {drugbank_id} is not linked to it"
                    )
                else:
                    reason = _why_not_owned(drugbank_id, drugs, owner, ambiguous)
                self.unlinked[(drug.id, drugbank_id)] = reason


def _check_parents(drugs: dict[str, DrugCentralDrug], uniis: dict[str, set[str]]) -> None:
    """Every parent of :data:`PARENT_DRUGS` is the DrugCentral drug it names (name and UNII)."""
    for drugbank_id, parent in PARENT_DRUGS.items():
        drug = drugs.get(parent.drugcentral_id)
        if drug is None or drug.name != parent.name or parent.unii not in uniis.get(drug.id, set()):
            raise ValueError(f"PARENT_DRUGS[{drugbank_id!r}] does not match identifiers.tsv: {parent}")
        if drugbank_id not in drug.drugbank:
            raise ValueError(f"PARENT_DRUGS[{drugbank_id!r}]: DrugCentral gives {drug.id} no such DrugBank id")


def _why_not_owned(
    drugbank_id: str, drugs: dict[str, DrugCentralDrug], owner: dict[str, str], ambiguous: dict[str, list[str]]
) -> str:
    if drugbank_id in ambiguous:
        shown = ", ".join(f"{i} ({drugs[i].name})" for i in ambiguous[drugbank_id])
        return (
            f"DrugBank id {drugbank_id} is given for several DrugCentral drugs ({shown}) and none is known "
            "by its DrugBank name or has it as its only DrugBank id"
        )
    other = drugs[owner[drugbank_id]]
    how = f" (its parent drug: {PARENT_DRUGS[drugbank_id].why})" if drugbank_id in PARENT_DRUGS else ""
    return f"DrugBank id {drugbank_id} belongs to DrugCentral drug {other.id} ({other.name}){how}"


def _tsv(folder: str, name: str, quoted: bool) -> csv.DictReader:
    manifest = read_manifest(folder)
    data = verify(manifest, name)
    if manifest.entry(name).file.endswith(".gz"):
        data = gzip.decompress(data)
    return csv.DictReader(
        io.StringIO(data.decode("utf-8"), newline=""),
        delimiter="\t",
        quoting=csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE,
    )


def _pharmacotherapydb_names() -> list[tuple[str, str]]:
    """(DrugBank id, name) of every PharmacotherapyDB drug."""
    return [(row["drugbank_id"], row["drug"]) for row in _tsv("pharmacotherapydb", "drugs.tsv", quoted=False)]


def _drugcentral_uniis() -> dict[str, set[str]]:
    """DrugCentral id -> its UNIIs."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in _tsv("drugcentral-2016", "identifiers.tsv", quoted=True):
        if row["ID_TYPE"] == "UNII":
            found[row["DRUG_ID"]].add(row["IDENTIFIER"])
    return found


def _drugcentral_drugs() -> dict[str, DrugCentralDrug]:
    """Every DrugCentral drug of ``identifiers.tsv`` with its DrugBank ids (in file order)."""
    found: dict[str, tuple[str, list[str]]] = {}
    for row in _tsv("drugcentral-2016", "identifiers.tsv", quoted=True):
        _, drugbank = found.setdefault(row["DRUG_ID"], (row["DRUG_NAME"], []))
        if row["ID_TYPE"] == "DRUGBANK_ID" and row["IDENTIFIER"] not in drugbank:
            drugbank.append(row["IDENTIFIER"])
    return {i: DrugCentralDrug(i, name, tuple(ids)) for i, (name, ids) in found.items()}
