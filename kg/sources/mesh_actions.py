"""MeSH pharmacologic actions (2015, tree D27): each descriptor as a drug class of the kind "MeSH
pharmacologic action", and the tree as ``dkv:kindOf`` links (a descriptor sits at every place of
the tree it has a number for). The top of the tree (D27, "Chemical Actions and Uses") has no parent.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.graph_facts import SKOS_EXACT_MATCH
from kg.namespaces import DKV
from kg.sources.classes import CLASS_KINDS
from kg.sources.importer import ImportContext, ImportReport, SourceImporter, Writer

__all__ = ["DCTERMS_IDENTIFIER", "MeshActionsImporter"]

DCTERMS_IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")
_KIND_OF = ox.NamedNode(str(DKV.kindOf))
TREE_FILE = "tree-numbers-D27.tsv"


class MeshActionsImporter(SourceImporter):
    """``tree-numbers-D27.tsv``: descriptor, name and one tree number per row."""

    name = "mesh"
    folder = "mesh-2015-pharmacologic-actions"

    def import_into(self, store: ox.Store, context: ImportContext) -> ImportReport:
        report = self.new_report()
        writer = Writer()
        self.describe(
            writer,
            f"MeSH pharmacologic actions ({self.version})",
            "The pharmacologic action descriptors of the Medical Subject Headings (tree D27) and their hierarchy.",
            {
                TREE_FILE: (
                    "MeSH 2015 tree numbers of the pharmacologic actions (tree D27)",
                    "Each pharmacologic action descriptor with its places in the MeSH tree.",
                )
            },
        )
        graph = self.section(TREE_FILE)
        kind = CLASS_KINDS["PA"]
        rows = list(self.rows(report, TREE_FILE))
        by_number = {row["mesh_tree_number"]: row["mesh_id"] for _, row in rows}
        for line, row in rows:
            mesh_id, name, number = row["mesh_id"], row["mesh_name"], row["mesh_tree_number"]
            entity = kind.entity(mesh_id)
            self.name_entity(
                context, writer, entity, kind.label(name), graph, kind.type, kind.definition(name, mesh_id)
            )
            writer.add(entity, DCTERMS_IDENTIFIER, ox.Literal(mesh_id), graph)
            writer.add(entity, SKOS_EXACT_MATCH, kind.xref(mesh_id), graph)
            report.represented(TREE_FILE)
            if "." not in number:
                continue  # the top of the tree
            parent = number.rsplit(".", 1)[0]
            if parent in by_number:
                writer.add(entity, _KIND_OF, kind.entity(by_number[parent]), graph)
            else:
                report.unmappable(
                    TREE_FILE,
                    line,
                    f"no descriptor of the file has the parent tree number {parent}; the kind-of link is not imported",
                    row,
                    partial=True,
                )
        return self.finish(store, writer, report)
