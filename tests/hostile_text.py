"""Hostile text shared by the tests: what would change a query or a page if it were spliced in.

Import the lists (``from hostile_text import SPARQL_INJECTIONS``); every test of injection or
escaping draws on these instead of keeping its own copy.
"""

from __future__ import annotations

__all__ = [
    "HOSTILE_TTL_LABELS",
    "INJECTION_NAME",
    "MARKUP_INJECTIONS",
    "SPARQL_INJECTIONS",
    "VALUES_NAMING_NOTHING",
]

#: An entity name that would end a string, a group and the query if it were spliced into SPARQL.
INJECTION_NAME = 'x" } ; DROP ALL ; {'

#: Names and ``--param`` values written to break out of a SPARQL query: each must stay one value,
#: naming nothing in the built graph, or be refused with a one-line error.
SPARQL_INJECTIONS = [
    INJECTION_NAME,
    "} DROP ALL {",
    "'; DELETE WHERE { ?s ?p ?o } #",
    'Klonopin"\nDROP ALL',
    "clonazepam\n} ; CLEAR DEFAULT",
    "<https://w3id.org/drugkg/entity/clonazepam> } ; DROP ALL ; <x>",
    "dk:clonazepam> . } INSERT DATA { <a> <b> <c> } #",
    "<http://example.org/a b>",
    "http://example.org/a b",
    "<script>alert(1)</script>",
    '{{ }} \\" \\\\ ;',
    "\\u0022) } DROP ALL #",
    '"""x""" ) } DROP ALL',
    "?drug",
    "$drug } ; DROP ALL",
    '"x"@en } ; DROP ALL ; #',
    '"1"^^<http://www.w3.org/2001/XMLSchema#integer> } DROP ALL',
]

#: ``--param`` values with quotes, braces and keywords that are read as terms naming nothing in the
#: built graph: a query bound to any of them answers no rows (and never fails).
VALUES_NAMING_NOTHING = [
    "dk:depression } UNION { ?s ?p ?o",
    '"x" } ; DROP ALL #',
    '"x" } } ; DROP ALL #',
    "depression> . ?s ?p ?o . <x",
    '") } SELECT * WHERE { ?s ?p ?o } #',
    "DELETE WHERE { ?s ?p ?o }",
]

#: The labels of the nodes of ``tests/data/hostile.ttl``, in the order of the file: markup, script
#: and quotes that a page must show as text.
HOSTILE_TTL_LABELS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "</script><script>alert(2)</script>",
    "\"]}'",
    'title with href="https://example.org/evil"',
)

#: Text that would run script, or end an embedded JSON value or script, if a page inserted it
#: unescaped: the labels above and a comment of the same file (line and paragraph separators).
MARKUP_INJECTIONS = [*HOSTILE_TTL_LABELS, "line\u2028separator\u2029and & < > <!-- <script>"]
