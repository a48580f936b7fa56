"""The kinds of imported drug class, and how a class of each kind is named: its IRI derived from its
source id, its label with the kind in brackets (as FDA labeling writes "Benzodiazepine [EPC]"), so
the same name in two kinds stays two classes and never collides with a curated class's name. An FDA
established pharmacologic class also gets its plain name as a synonym ("mood stabilizer"), unless
that is already a name of another entity (the curated "benzodiazepine").

>>> kind = CLASS_KINDS["EPC"]
>>> kind.entity("N0000175694").value, kind.label("Benzodiazepine"), kind.xref("N0000175694").value
('https://w3id.org/drugkg/entity/ndfrt-N0000175694', 'Benzodiazepine [EPC]', 'http://purl.bioontology.org/ontology/NDFRT/N0000175694')
>>> CLASS_KINDS["has role"].entity("CHEBI:35474").value
'https://w3id.org/drugkg/entity/chebi-35474'
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.namespaces import DKV
from kg.sources.identity import ENTITY, registry_iri

__all__ = ["CLASS_KINDS", "ClassKind"]


@dataclass(frozen=True)
class ClassKind:
    """One kind of class: its vocabulary class, the tag its labels carry and its id registry."""

    type: ox.NamedNode
    tag: str
    #: The bioregistry prefix of the class ids (``ndfrt``, ``mesh``, ``CHEBI``).
    prefix: str
    #: What the kind is, in words, for generated definitions.
    description: str

    def local_id(self, source_id: str) -> str:
        return source_id.split(":", 1)[-1]

    def entity(self, source_id: str) -> ox.NamedNode:
        """The derived drugkg IRI of the class (``dk:ndfrt-N…``, ``dk:mesh-D…``, ``dk:chebi-…``)."""
        return ox.NamedNode(f"{ENTITY}{self.prefix.lower()}-{self.local_id(source_id)}")

    def xref(self, source_id: str) -> ox.NamedNode:
        """The class in its own registry."""
        return ox.NamedNode(registry_iri(self.prefix, self.local_id(source_id)))

    def label(self, name: str) -> str:
        return f"{name} [{self.tag}]"

    def plain_name(self, name: str) -> str | None:
        """The name people use for a class of this kind, when it has one: an FDA established
        pharmacologic class's name lower-cased ("mood stabilizer"); None for the other kinds, whose
        names are mechanisms, effects or structures (or, in MeSH, plurals of a use).

        >>> CLASS_KINDS["EPC"].plain_name("Atypical Antipsychotic"), CLASS_KINDS["MoA"].plain_name("GABA A Agonists")
        ('atypical antipsychotic', None)
        """
        return name.lower() if self.tag == "EPC" else None

    def definition(self, name: str, source_id: str) -> str:
        return f"The {self.description} {name!r} ({source_id}), as a group of the drugs it applies to."


#: DrugCentral's ``TYPE`` column -> the kind of class.
CLASS_KINDS: dict[str, ClassKind] = {
    "EPC": ClassKind(
        ox.NamedNode(str(DKV.FdaEstablishedPharmacologicClass)), "EPC", "ndfrt", "FDA established pharmacologic class"
    ),
    "MoA": ClassKind(ox.NamedNode(str(DKV.FdaMechanismOfActionClass)), "MoA", "ndfrt", "FDA mechanism of action class"),
    "PE": ClassKind(ox.NamedNode(str(DKV.FdaPhysiologicEffectClass)), "PE", "ndfrt", "FDA physiologic effect class"),
    "Chemical/Ingredient": ClassKind(
        ox.NamedNode(str(DKV.FdaChemicalStructureClass)),
        "Chemical/Ingredient",
        "ndfrt",
        "FDA chemical structure class",
    ),
    "PA": ClassKind(ox.NamedNode(str(DKV.MeshPharmacologicAction)), "MeSH PA", "mesh", "MeSH pharmacologic action"),
    "has role": ClassKind(ox.NamedNode(str(DKV.ChebiRole)), "ChEBI role", "CHEBI", "ChEBI role"),
}
