"""Reading candidates: a table for the terminal and an offline HTML review page.

The page is static HTML with inline CSS, no script and a Content-Security-Policy that forbids
every load: it opens from a file with no network. All text from the document and the graph
reaches it through :func:`html.escape` only.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pyoxigraph as ox

from kg.extract.extractor import Extraction
from kg.graph_facts import GraphFacts
from kg.namespaces import CONVERTER
from kg.terminal import printable

__all__ = ["TABLE_HEADER", "entity_labels", "format_rows", "format_table", "render_review_page"]


def entity_labels(store: ox.Store, results: Sequence[Extraction]) -> dict[str, str]:
    """CURIE -> label for every entity the results name (the graph's label, or the proposed words)."""
    facts = GraphFacts(store)
    labels: dict[str, str] = {}
    for result in results:
        for entity in result.entities:
            if entity.iri:
                labels[entity.iri] = facts.label_of(CONVERTER.expand(entity.iri) or entity.iri)
            elif entity.proposed:
                labels[entity.proposed] = entity.label
    return labels


def _clip(text: str, width: int) -> str:
    text = printable(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


TABLE_HEADER = ("id", "subject", "predicate", "object", "negated", "conf", "evidence")


def format_rows(rows: Sequence[Sequence[str]], footer: str) -> str:
    """Rows of :data:`TABLE_HEADER` as aligned columns, every cell one printable line."""
    widths = (6, 28, 24, 28, 7, 5, 70)
    cells = [[_clip(str(c), w) for c, w in zip(row, widths, strict=True)] for row in rows]
    sizes = [max(len(r[i]) for r in [list(TABLE_HEADER), *cells]) for i in range(len(TABLE_HEADER))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(TABLE_HEADER, sizes, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in sizes))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, sizes, strict=True)).rstrip() for row in cells]
    lines.append(printable(footer))
    return "\n".join(lines) + "\n"


def format_table(results: Sequence[Extraction], labels: dict[str, str]) -> str:
    """One row per candidate: id, subject, predicate, object, negated, confidence, evidence."""
    rows = [
        (
            f.id,
            labels.get(f.subject, f.subject),
            f.predicate.removeprefix("dkv:"),
            labels.get(f.object, f.object),
            "not" if f.negated else ("if" if f.hypothetical else ""),
            f"{f.confidence:.2f}",
            f"[{f.evidence.start}:{f.evidence.end}] {f.evidence.text}",
        )
        for result in results
        for f in result.facts
    ]
    return format_rows(rows, f"{len(rows)} candidates from {', '.join(r.source for r in results)}")


_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:2em;max-width:70em;color:#222}
pre.text{white-space:pre-wrap;background:#fafafa;border:1px solid #ddd;padding:1em}
mark{background:#fde68a;border-radius:3px;padding:0 1px}
mark.adverse{background:#fecaca} mark.new{outline:1px dashed #555} mark.neg{text-decoration:line-through}
table{border-collapse:collapse;margin:1em 0} td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top}
th{background:#f3f4f6;text-align:left} td.neg{color:#b91c1c;font-weight:bold} .small{color:#666;font-size:85%}
"""


def _highlighted(result: Extraction, adverse: set[tuple[int, int]]) -> str:
    out, pos = [], 0
    for e in sorted(result.entities, key=lambda e: (e.start, -e.end)):
        if e.start < pos:
            continue
        out.append(html.escape(result.text[pos : e.start]))
        classes = []
        if (e.start, e.end) in adverse:
            classes.append("adverse")
        if e.iri is None:
            classes.append("new")
        if e.negated:
            classes.append("neg")
        title = f"{e.type} {e.iri or e.proposed or ''}" + (" (negated)" if e.negated else "")
        out.append(f'<mark class="{" ".join(classes)}" title="{html.escape(title)}">{html.escape(e.text)}</mark>')
        pos = e.end
    out.append(html.escape(result.text[pos:]))
    return "".join(out)


def render_review_page(
    results: Sequence[Extraction], labels: dict[str, str], adverse_types: set[str] | None = None
) -> str:
    """The review page: for each document, its text with the mentions marked, then the candidates."""
    adverse_types = adverse_types or {"dkv:AdverseEffect", "dkv:ParadoxicalEffect"}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        "<title>drugkg extract: candidates to review</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Candidates to review</h1>",
        '<p class="small">Marked: mentions of the graph\'s entities; red: adverse reactions; dashed: proposed new '
        "entities; struck through: negated. Accept the good candidates with "
        "<code>drugkg accept DRAFT --only ID ...</code>.</p>",
    ]
    for result in results:
        adverse = {(e.start, e.end) for e in result.entities if e.type in adverse_types}
        parts.append(f"<h2>{html.escape(result.source)}</h2>")
        parts.append(
            "<table><tr><th>id</th><th>subject</th><th>predicate</th><th>object</th><th>negated</th>"
            "<th>hypothetical</th><th>confidence</th><th>evidence</th></tr>"
        )
        for f in result.facts:
            cells = [
                html.escape(f.id),
                html.escape(labels.get(f.subject, f.subject))
                + f'<br><span class="small">{html.escape(f.subject)}</span>',
                html.escape(f.predicate),
                html.escape(labels.get(f.object, f.object)) + f'<br><span class="small">{html.escape(f.object)}</span>',
                "not" if f.negated else "",
                "yes" if f.hypothetical else "",
                f"{f.confidence:.2f}",
                html.escape(f.evidence.text)
                + f'<br><span class="small">characters {f.evidence.start}–{f.evidence.end}</span>',
            ]
            negated = ' class="neg"' if f.negated else ""
            parts.append(
                "<tr>" + "".join(f"<td{negated if i == 4 else ''}>{c}</td>" for i, c in enumerate(cells)) + "</tr>"
            )
        parts.append("</table>")
        parts.append(f'<pre class="text">{_highlighted(result, adverse)}</pre>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
