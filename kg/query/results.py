"""Query results, the same whether they came from the embedded store or a remote endpoint,
and their renderings: an aligned table, CSV, TSV, W3C SPARQL JSON, Turtle, N-Triples, pandas.

>>> import pyoxigraph as ox
>>> result = QueryResult("select", ["drug"], [(ox.NamedNode("https://w3id.org/drugkg/entity/clonazepam"),)])
>>> print(render(result, "table"))
drug
-------------
dk:clonazepam
>>> render(result, "csv").splitlines()
['drug', 'https://w3id.org/drugkg/entity/clonazepam']
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.errors import InputError
from kg.namespaces import PREFIXES
from kg.query.limits import FORMATS
from kg.terminal import printable

__all__ = ["FORMATS", "QueryResult", "display_value", "render"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_PLAIN = {_XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def display_value(term: Any) -> str:
    """A term as people read it: IRIs as CURIEs where a prefix is known, literals by their text.

    >>> display_value(ox.Literal("4", datatype=ox.NamedNode(_XSD + "integer")))
    '4'
    >>> display_value(None)
    ''
    """
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        from kg.graph_facts import curie  # the same answer as ``CONVERTER.compress``, without curies

        return curie(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _python_value(term: Any) -> Any:
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in (_XSD + "integer", _XSD + "int", _XSD + "long"):
                return int(term.value)
            if datatype in (_XSD + "decimal", _XSD + "double", _XSD + "float"):
                return float(term.value)
            if datatype == _XSD + "boolean":
                return term.value in ("true", "1")
        except ValueError:
            return term.value
        return term.value
    return display_value(term)


def _sort_key(row: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple("" if term is None else str(term) for term in row)


@dataclass
class QueryResult:
    """A SELECT table, an ASK answer or the triples of a CONSTRUCT/DESCRIBE."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    ordered: bool = False

    def stable(self) -> QueryResult:
        """The same result in a deterministic order (rows sorted unless the query has ORDER BY)."""
        rows = self.rows if self.ordered else sorted(self.rows, key=_sort_key)
        triples = sorted(self.triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        return QueryResult(self.form, self.variables, rows, self.boolean, triples, self.ordered)

    def display_rows(self) -> set[tuple[str, ...]]:
        """The rows as people read them (see :func:`display_value`), as a set."""
        return {tuple(display_value(term) for term in row) for row in self.rows}

    def to_dataframe(self, *, curies: bool = True):  # -> pandas.DataFrame
        """The rows as a pandas DataFrame (one column per variable).

        With ``curies`` IRIs become CURIEs and literals Python values; else cells hold pyoxigraph terms.
        """
        try:
            import pandas as pd
        except ImportError:
            raise ModuleNotFoundError(
                "to_dataframe needs pandas, which `pip install .` does not bring: install drugkg with its "
                "dataframe extra, pip install '.[dataframe]' (or 'drugkg[dataframe]'), or pip install pandas",
                name="pandas",
            ) from None

        if self.form != "select":
            raise InputError("only SELECT results are tables; CONSTRUCT/DESCRIBE give triples, ASK a boolean")
        rows = [[_python_value(t) for t in row] for row in self.rows] if curies else [list(r) for r in self.rows]
        return pd.DataFrame(rows, columns=self.variables)


def _table(result: QueryResult) -> str:
    header = list(result.variables)
    rows = [[printable(display_value(term)) for term in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    if not rows:
        lines.append("(no rows)")
    return "\n".join(lines)


def _csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(
            ["" if t is None else (f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value) for t in row]
        )
    return buffer.getvalue()


def _tsv(result: QueryResult) -> str:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        value: dict[str, str] = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype.value != _XSD + "string":
            value["datatype"] = term.datatype.value
        return value
    return {"type": "triple", "value": str(term)}


def _json(result: QueryResult) -> str:
    if result.form == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None} for row in result.rows
    ]
    return (
        json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}}, ensure_ascii=False) + "\n"
    )


def render(result: QueryResult, fmt: str = "table") -> str:
    """Render a result; ``fmt`` is one of :data:`FORMATS` (graph results: table means Turtle)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    result = result.stable()
    if result.form == "graph":
        if fmt in ("table", "turtle"):
            used = {k: v for k, v in PREFIXES.items() if any(v in str(t) for t in result.triples)}
            return (ox.serialize(result.triples, format=ox.RdfFormat.TURTLE, prefixes=used) or b"").decode("utf-8")
        if fmt == "ntriples":
            return (ox.serialize(result.triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
        raise InputError(f"CONSTRUCT and DESCRIBE give RDF triples: use --format turtle or ntriples, not {fmt}")
    if fmt in ("turtle", "ntriples"):
        raise InputError(f"--format {fmt} is for CONSTRUCT and DESCRIBE queries; use table, csv, tsv or json")
    if result.form == "ask":
        if fmt == "json":
            return _json(result)
        return ("yes" if result.boolean else "no") if fmt == "table" else ("true\n" if result.boolean else "false\n")
    return {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json}[fmt](result)
