"""SHACL validation of a dataset against ``ontology/shapes.ttl``, reported as a readable list."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.namespaces import CONVERTER, PREFIXES
from kg.paths import ONTOLOGY_FILE, SHAPES_FILE

if TYPE_CHECKING:
    import rdflib

__all__ = ["Violation", "union_graph", "validate_store"]


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: the node at fault, the property path, and what is wrong."""

    focus: str
    path: str
    message: str
    severity: str = "Violation"

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"{self.focus}{path}: {self.message}"


def union_graph(store: ox.Store) -> rdflib.Graph:
    """All triples of all graphs of ``store`` as one rdflib Graph (what pySHACL validates)."""
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def _short(term: object) -> str:
    text = str(term)
    return CONVERTER.compress(text, passthrough=True) if text else ""


def validate_store(
    store: ox.Store,
    shapes_file: Path = SHAPES_FILE,
    with_ontology: bool = False,
    focus_nodes: list[str] | None = None,
) -> list[Violation]:
    """Validate the union of all graphs in ``store``; returns the violations, sorted.

    ``with_ontology`` adds the drugkg vocabulary to the data, for graphs that do not carry it
    (so ``sh:class`` sees the class hierarchy). ``focus_nodes`` limits the check to those nodes.
    """
    import pyshacl
    import rdflib
    from rdflib.namespace import SH

    data = union_graph(store)
    if with_ontology:
        data.parse(ONTOLOGY_FILE, format="turtle")
    shapes = rdflib.Graph().parse(shapes_file, format="turtle")
    focus: list[str | rdflib.URIRef] | None = None if focus_nodes is None else [rdflib.URIRef(n) for n in focus_nodes]
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True, focus_nodes=focus)
    if conforms:
        return []
    violations = set()
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        violations.add(
            Violation(
                focus=_short(report.value(result, SH.focusNode)),
                path=_short(report.value(result, SH.resultPath) or ""),
                message=str(report.value(result, SH.resultMessage) or "constraint not met"),
                severity=_short(severity).split("#")[-1].removeprefix("sh:"),
            )
        )
    return sorted(violations)
