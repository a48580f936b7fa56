"""Disputed source rows: the records (PharmacotherapyDB indication judgements) that a curated
:class:`~kg.namespaces.DKV` ``Dispute`` casts doubt on, with the reason and the source that gives it.

The disputes are curated in ``kg/data/indications/disputed-indications.trig``. Every place that
shows a disputed fact shows the dispute: the named queries ``what-treats``, ``indications`` and
``not-indications`` (a ``?disputed`` column), ``drugkg explain`` (a ``disputed:`` line), ``drugkg
sources`` (the count, from the build's manifest) and, through :func:`disputes_about`, ``info``.

A dispute is curated, so it is there with or without the open datasets (the record it disputes, and
so its drug, condition and category, only with them: ``disputes_about`` needs a build with datasets):

>>> import pyoxigraph as ox
>>> from kg.loading import load_file
>>> from kg.paths import DATA_DIR
>>> store = ox.Store()  # the curated disputes alone (the built graph has them with the open datasets)
>>> load_file(store, DATA_DIR / "indications" / "disputed-indications.trig")
>>> [d.reason for d in all_disputes(store) if d.record.endswith("/indication-DB00906-doid-1826")]
["tiagabine's FDA label approves it as an add-on treatment of partial-onset seizures, a form of epilepsy"]
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.graph_facts import GraphFacts
from kg.namespaces import DKV
from kg.query.engine import select_rows

__all__ = ["Dispute", "all_disputes", "dispute_counts", "disputes_about"]

_DISPUTES = f"""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?dispute ?record ?reason ?section ?drug ?condition ?category ?recordGraph WHERE {{
  GRAPH ?section {{ ?dispute a <{DKV.Dispute}> ; <{DKV.disputes}> ?record ; skos:definition ?reason }}
  OPTIONAL {{
    GRAPH ?recordGraph {{
      ?record <{DKV.assessedDrug}> ?drug ; <{DKV.assessedCondition}> ?condition ; <{DKV.indicationCategory}> ?category
    }}
  }}
}}
"""


@dataclass(frozen=True, order=True)
class Dispute:
    """One dispute of one record: the drug, condition and category the record judges (empty when
    the record is not in the graph), the reason, and the source section that gives it."""

    drug: str
    condition: str
    category: str
    reason: str
    source: str
    record: str
    iri: str

    def line(self, facts: GraphFacts | None = None) -> str:
        """``disputed: <reason> [<source>]``; with ``facts``, the judgement it disputes first."""
        what = ""
        if facts is not None and self.drug:
            what = f"{facts.label_of(self.drug)} for {facts.label_of(self.condition)} ({self.category}): "
        return f"{what}disputed: {self.reason} [{self.source}]"


def all_disputes(store: ox.Store) -> list[Dispute]:
    """Every dispute in the graph (a few dozen at most: read at once, filtered in Python)."""
    facts = GraphFacts(store)
    found = set()
    for row in select_rows(store, _DISPUTES):
        drug, condition, category = row["drug"], row["condition"], row["category"]
        found.add(
            Dispute(
                drug.value if drug is not None else "",
                condition.value if condition is not None else "",
                category.value if category is not None else "",
                row["reason"].value,
                facts.source_of(row["section"].value),
                row["record"].value,
                row["dispute"].value,
            )
        )
    return sorted(found)


def disputes_about(store: ox.Store, drug: str, condition: str | None = None) -> list[Dispute]:
    """The disputes of the records that judge ``drug`` (for ``condition``, when given)."""
    return [d for d in all_disputes(store) if d.drug == drug and condition in (None, d.condition)]


def dispute_counts(store: ox.Store) -> dict[str, int]:
    """How many records of each source's graphs are disputed, by the IRI of the records' graph
    (records not in the graph are counted under ``""``)."""
    records: dict[str, set[str]] = {}
    for dispute in all_disputes(store):
        graph = next(
            (
                quad.graph_name.value
                for quad in store.quads_for_pattern(ox.NamedNode(dispute.record), None, None, None)
                if isinstance(quad.graph_name, ox.NamedNode)
            ),
            "",
        )
        records.setdefault(graph, set()).add(dispute.record)
    return {graph: len(disputed) for graph, disputed in records.items()}
