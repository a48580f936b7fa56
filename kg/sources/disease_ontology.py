"""The Human Disease Ontology (release 2026-08): every disease term as a condition with its label,
its parents as ``dkv:kindOf`` links, and its MeSH cross-references as ``skos:closeMatch``.

``HumanDO.tsv`` names each term's parent by *label* (labels are unique in the release), so the
parent is found through the labels of the file; a term listed once per parent has several parents.
The root ("disease", DOID:4) is not a row of the file: a top-level term's link to it cannot be
resolved and is reported as a part of its row. A ``MESHinDO.tsv`` row whose DOID is not a term of
``HumanDO.tsv`` (an obsolete or unknown id) is reported.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.graph_facts import SKOS_CLOSE_MATCH, SKOS_EXACT_MATCH
from kg.namespaces import DKV
from kg.sources.identity import doid_iri, registry_iri
from kg.sources.importer import ImportContext, ImportReport, SourceImporter, Writer

__all__ = ["DiseaseOntologyImporter"]

_CONDITION = ox.NamedNode(str(DKV.Condition))
_KIND_OF = ox.NamedNode(str(DKV.kindOf))
TERMS_FILE = "HumanDO.tsv"
MESH_FILE = "MESHinDO.tsv"


class DiseaseOntologyImporter(SourceImporter):
    """``HumanDO.tsv`` (terms and hierarchy) and ``MESHinDO.tsv`` (MeSH cross-references)."""

    name = "disease-ontology"
    folder = "disease-ontology"

    def import_into(self, store: ox.Store, context: ImportContext) -> ImportReport:
        report = self.new_report()
        writer = Writer()
        self.describe(
            writer,
            f"Human Disease Ontology (release {self.version})",
            "The Human Disease Ontology's classification of human diseases, as its DOreports tables give it.",
            {
                TERMS_FILE: (
                    "Human Disease Ontology terms and hierarchy (HumanDO.tsv)",
                    "Every disease term of the release with its label and the term it is a kind of.",
                ),
                MESH_FILE: (
                    "Human Disease Ontology MeSH cross-references (MESHinDO.tsv)",
                    "The MeSH descriptors and supplementary concepts that disease terms cross-reference.",
                ),
            },
        )
        terms = self.section(TERMS_FILE)
        rows = list(self.rows(report, TERMS_FILE, quoted=True))
        by_label = {row["label"]: row["id"] for _, row in rows}
        for line, row in rows:
            doid, label, parent = row["id"], row["label"], row["subClassOf"]
            entity = ox.NamedNode(context.identities.disease(doid))
            context.doids.add(doid)
            self.name_entity(
                context,
                writer,
                entity,
                label,
                terms,
                _CONDITION,
                f"A kind of {parent} in the Human Disease Ontology ({doid}).",
            )
            writer.add(entity, SKOS_EXACT_MATCH, ox.NamedNode(doid_iri(doid)), terms)
            report.represented(TERMS_FILE)
            if parent in by_label:
                writer.add(entity, _KIND_OF, ox.NamedNode(context.identities.disease(by_label[parent])), terms)
            else:
                report.unmappable(
                    TERMS_FILE,
                    line,
                    f"the parent {parent!r} is not a term of the file, so the kind-of link is not imported "
                    "(the term itself is)",
                    row,
                    partial=True,
                )
        mesh = self.section(MESH_FILE)
        for line, row in self.rows(report, MESH_FILE, quoted=True):
            doid = row["id"]
            if doid not in context.doids:
                report.unmappable(MESH_FILE, line, f"{doid} is not a term of {TERMS_FILE} (obsolete or unknown)", row)
                continue
            entity = ox.NamedNode(context.identities.disease(doid))
            xrefs = [x.strip() for x in row["xrefs"].split(",")]
            if not all(x.startswith("MESH:") and len(x) > len("MESH:") for x in xrefs):
                report.unmappable(MESH_FILE, line, "a cross-reference that is not a MeSH id", row)
                continue
            for xref in xrefs:
                writer.add(entity, SKOS_CLOSE_MATCH, ox.NamedNode(registry_iri("mesh", xref[5:])), mesh)
            report.represented(MESH_FILE)
        return self.finish(store, writer, report)
