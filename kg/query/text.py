"""SPARQL query text: read-only checks, syntax errors with positions, and parameters as RDF terms.

Nothing here splices user text into a query: parameter values become RDF terms, written by the
engine as a ``VALUES`` block in N-Triples term syntax (:func:`with_values`), for the embedded
store and a remote endpoint alike.

>>> query_form("PREFIX dk: <https://w3id.org/drugkg/entity/> ASK { dk:clonazepam ?p ?o }")
'ask'
>>> query_form("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")
Traceback (most recent call last):
kg.errors.InputError: SPARQL Update is refused: query is read-only
>>> str(parse_term("dk:clonazepam"))
'<https://w3id.org/drugkg/entity/clonazepam>'
>>> values_clause({"name": parse_term('say "} DROP ALL')})
'VALUES (?name) { ("say \\\\"} DROP ALL") }'
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

import pyoxigraph as ox

from kg.errors import InputError
from kg.graph_facts import Term
from kg.namespaces import PREFIXES, expand_curie
from kg.query.engine import select_rows
from kg.query.limits import DEFAULT_TIMEOUT

__all__ = [
    "check_shape",
    "engine_error",
    "has_order_by",
    "has_service",
    "mask",
    "mentions_variable",
    "names_dataset",
    "parse_params",
    "parse_term",
    "prefix_declarations",
    "query_form",
    "reads_named_graphs",
    "syntax_error_message",
    "values_clause",
    "with_values",
]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_MASKED = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>'
    r"|#[^\n]*"
    r"|\\[^\n]"  # an escape in a prefixed name (dk:a\#, dk:a\'): part of the name, never a string or comment
)
#: Longest query text accepted, in characters (checked before parsing).
MAX_QUERY_CHARS = 1_000_000
#: Deepest nesting of ``{ }``, ``( )`` and ``[ ]`` accepted (the parser recurses on it).
MAX_NESTING = 128
#: Most operators accepted in one query (``||``, ``&&``, ``UNION``, path ``/`` and ``|``...): the
#: parser recurses on chains of them and its time grows faster than their number.
MAX_OPERATORS = 1_000
_OPERATOR = re.compile(
    r"\|\||&&|[|/!+*]|(?<!\^)\^(?!\^)|(?<![\w?$:\\])(?:UNION|MINUS|OPTIONAL|NOT)(?![\w:-])", re.IGNORECASE
)
_VARIABLE_TOKEN = re.compile(r"[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+")
_NAME_RUN = re.compile(r"[\w\u00B7\u0300-\u036F\u203F-\u2040.:%\\-]+")
_LEADING_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)?\.*")
_PROLOGUE = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<\s*>|BASE\s*<\s*>)\s*)*([A-Za-z]+)", re.IGNORECASE)
_ORDER_BY = re.compile(r"(?<![\w?$:])ORDER\s+BY(?![\w:-])", re.IGNORECASE)
_DECLARED_PREFIX = re.compile(r"(?<![\w?$:])PREFIX\s+([^\s:]*):", re.IGNORECASE)
_ERROR_AT = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.DOTALL)
_CONSTRUCT_WHERE = re.compile(r"CONSTRUCT\s+WHERE\s*\{", re.IGNORECASE)
_GRAPH = re.compile(r"(?<![\w?$:])GRAPH(?![\w:-])", re.IGNORECASE)
_FROM = re.compile(r"(?<![\w?$:])FROM(?![\w:-])", re.IGNORECASE)
_VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LITERAL = re.compile(r'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(<[^>]*>|\S+))?$', re.DOTALL)
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def mask(text: str) -> str:
    """``text`` with string literals, IRIs and comments blanked (same length, same line breaks).

    Keyword checks run on the masked text so that a word inside a string or comment never counts.

    >>> mask('SELECT * { ?s ?p "SERVICE" } # SERVICE')
    'SELECT * { ?s ?p "       " }          '
    """

    def blank(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith("\\"):
            return "\\_"
        inner = re.sub(r"[^\n]", " ", token[1:-1])
        return " " * len(token) if token.startswith("#") else token[0] + inner + token[-1]

    return _MASKED.sub(blank, text)


def _calls_service(masked: str) -> bool:
    """Whether masked query text holds the keyword ``SERVICE`` where the parser would read it.

    The parser reads a keyword wherever its letters start a token, even glued to what comes before
    or after (``1SERVICE``, ``SERVICE:ep``, ``SERVICE<...>``). So every run of name characters is
    checked, after any leading number: only a variable (``?service``) or a run in which SERVICE
    does not come first (``dkv:hasService``) is another word.
    """
    without_variables = _VARIABLE_TOKEN.sub(lambda match: " " * len(match.group(0)), masked)
    for run in _NAME_RUN.finditer(without_variables):
        word = run.group(0)
        if word[_LEADING_NUMBER.match(word).end() :].upper().startswith("SERVICE"):  # type: ignore[union-attr]
            return True
    return False


def has_service(text: str) -> bool:
    """Whether the query calls another endpoint (a ``SERVICE`` clause).

    >>> has_service("SELECT * { BIND(dk:a\\\\# AS ?x) SERVICE <http://h/> { } }")
    True
    >>> has_service("ASK { ?s ?p 1SERVICE:x {} }")
    True
    >>> has_service("SELECT ?service { ?service dkv:hasService 'SERVICE' } # SERVICE")
    False
    """
    return _calls_service(mask(text))


def check_shape(text: str) -> str:
    """The masked ``text``, once its size, nesting and operators are within the parser's bounds.

    A cheap scan before any parsing (strings, IRIs and comments do not count): past
    :data:`MAX_QUERY_CHARS` characters, :data:`MAX_NESTING` levels of brackets or
    :data:`MAX_OPERATORS` operators the query is refused in one line, since the parser recurses
    on them (deep enough, it overflows its stack and kills the process).

    >>> check_shape("ASK " + "{" * 200 + "}" * 200)
    Traceback (most recent call last):
    kg.errors.InputError: the query nests brackets 200 deep (the limit is 128)
    """
    if len(text) > MAX_QUERY_CHARS:
        raise InputError(f"the query is {len(text):,} characters long (the limit is {MAX_QUERY_CHARS:,})")
    masked = mask(text)
    depth = deepest = 0
    for bracket in re.finditer(r"[{}()\[\]]", masked):
        depth = depth + 1 if bracket.group(0) in "{([" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    if deepest > MAX_NESTING:
        raise InputError(f"the query nests brackets {deepest} deep (the limit is {MAX_NESTING})")
    operators = sum(1 for _ in _OPERATOR.finditer(masked))
    if operators > MAX_OPERATORS:
        raise InputError(
            f"the query holds {operators:,} operators (the limit is {MAX_OPERATORS:,}; "
            "a long list of alternatives is better written with IN (...) or VALUES)"
        )
    return masked


def has_order_by(text: str) -> bool:
    """Whether the query fixes its own row order."""
    return bool(_ORDER_BY.search(mask(text)))


def mentions_variable(text: str, name: str) -> bool:
    """Whether ``?name`` or ``$name`` occurs in the query (outside strings and comments)."""
    return bool(re.search(rf"[?$]{re.escape(name)}(?![A-Za-z0-9_])", mask(text)))


def prefix_declarations(text: str) -> str:
    """``PREFIX`` lines for every drugkg prefix the query does not declare itself."""
    declared = set(_DECLARED_PREFIX.findall(mask(text)))
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items() if name not in declared)


def engine_error(error: RuntimeError, what: str) -> InputError:
    """The one-line error for an engine refusal; an unprojected parameter gets its own hint."""
    message = " ".join(str(error).split())
    if "SELECT projection" in message:
        return InputError(f"a parameter must be a variable the query returns: {message}")
    return InputError(f"{what}: {message}")


def syntax_error_message(error: SyntaxError) -> str:
    """One line naming the position: ``syntax error at line L, column C: reason``."""
    message = str(error.msg or error).strip()
    match = _ERROR_AT.match(message)
    if match:
        line, column, reason = match.groups()
        return f"syntax error at line {line}, column {column}: {' '.join(reason.split())}"
    return f"syntax error: {' '.join(message.split())}"


#: What :func:`~kg.query.worker.check_parse` said of the texts (with their bindings) parsed last in
#: this process, oldest first; a long-running process (``drugkg serve``) keeps only so many.
_PARSED: OrderedDict[tuple[str, tuple[tuple[str, str], ...]], tuple[str, str]] = OrderedDict()
_PARSED_KEEP = 256


def query_form(
    text: str,
    *,
    allow_service: bool = False,
    bindings: Mapping[str, Term] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    trusted: bool = False,
) -> str:
    """Check that ``text`` is one read-only SPARQL query; return its form.

    The form is ``select``, ``ask`` or ``graph`` (CONSTRUCT and DESCRIBE). Raises a one-line
    :class:`InputError` for text past the bounds of :func:`check_shape`, SPARQL Update, a syntax
    error (with its position), a ``SERVICE`` clause unless ``allow_service``, or a binding of a
    variable a SELECT does not return; :class:`~kg.query.worker.QueryTimeout` when it cannot be
    parsed within ``timeout`` seconds. The text is parsed in a sandboxed process
    (:func:`kg.query.worker.check_parse`), never evaluated against data; ``trusted`` text (the
    package's own named queries, :func:`kg.query.library.is_library_query`) is parsed in this
    process. A text is parsed once per process for the same bindings. The drugkg prefixes are
    predeclared.
    """
    from kg.query.worker import check_parse

    masked = check_shape(text)
    first = _PROLOGUE.match(masked)
    if first and first.group(1).upper() in _UPDATE_KEYWORDS:
        raise InputError("SPARQL Update is refused: query is read-only")
    if not allow_service and _calls_service(masked):
        raise InputError("SERVICE (a federated call to another endpoint) is refused; pass --allow-service to permit it")
    substitutions: dict[ox.Variable, Any] = {ox.Variable(name): term for name, term in (bindings or {}).items()}
    options: dict[str, Any] = {"prefixes": PREFIXES}
    if substitutions:
        options["substitutions"] = substitutions
    key = (text, tuple(sorted((name, str(term)) for name, term in (bindings or {}).items())))
    parsed = _PARSED.get(key)
    if parsed is None:
        parsed = _PARSED[key] = check_parse(text, options, timeout, sandboxed=not trusted)
        if len(_PARSED) > _PARSED_KEEP:
            _PARSED.popitem(last=False)
    outcome, message = parsed
    if outcome == "runtime":
        raise engine_error(RuntimeError(message), "the query cannot run")
    if outcome == "syntax":
        if re.search(r"(?<![\w?$:])(INSERT|DELETE)\s*(DATA|WHERE)?\s*\{", masked, re.IGNORECASE):
            raise InputError("SPARQL Update is refused: query is read-only")
        raise InputError(syntax_error_message(SyntaxError(message)))
    keyword = first.group(1).upper() if first else ""
    if keyword == "ASK":
        return "ask"
    if keyword in ("CONSTRUCT", "DESCRIBE"):
        return "graph"
    return "select"


def _unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU":
            return chr(int(code[1:], 16))
        return _ESCAPES[code]

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[tnrbf\"'\\])", replace, text)


def _iri(text: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(text)
    except ValueError as error:
        raise InputError(f"not a valid IRI <{text}>: {error}") from None


def _named_node(text: str) -> ox.NamedNode | None:
    """An IRI written as ``<...>``, a CURIE with a known prefix, or an absolute http(s)/urn IRI."""
    if text.startswith("<") and text.endswith(">"):
        return _iri(text[1:-1])
    if re.match(r"^(https?|urn|ftp|file):", text) and not re.search(r"\s", text):
        return _iri(text)
    if re.match(r"^[A-Za-z][\w.-]*:[^\s]*$", text):
        expanded = expand_curie(text)
        if expanded is not None:
            return _iri(expanded)
    return None


def _canonical(literal: ox.Literal) -> ox.Literal:
    """A typed literal in the canonical form a SPARQL parser gives it (``"007"^^xsd:integer`` -> 7),
    so a value bound in-process equals the same value sent to an endpoint in a ``VALUES`` block.

    >>> _canonical(ox.Literal("+07", datatype=ox.NamedNode(_XSD + "integer"))).value
    '7'
    """
    if literal.datatype.value in (_XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"):
        return literal
    rows = list(select_rows(ox.Store(), f"SELECT ?v WHERE {{ }} VALUES ?v {{ {literal} }}"))
    found = rows[0]["v"] if rows else None
    return found if isinstance(found, ox.Literal) else literal


def parse_term(text: str, names: Callable[[str], str | None] | None = None) -> Term:
    """Read a parameter value as an RDF term, in this order.

    ``<IRI>``; a quoted literal ``"text"``, ``"5"^^xsd:integer`` or ``"text"@en``; a CURIE with a
    known prefix (``dk:clonazepam``) or an absolute IRI; a bare number or ``true``/``false``
    (typed as in Turtle); an entity name when ``names`` maps it to an IRI (``Klonopin``); else
    a plain string literal. The value is never parsed as SPARQL.

    >>> parse_term('"5"^^xsd:integer')
    <Literal value=5 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
    >>> parse_term("plain words")
    <Literal value=plain words datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>
    """
    stripped = text.strip()
    literal = _LITERAL.match(stripped)
    if literal:
        value, language, datatype = literal.groups()
        value = _unescape(value)
        if language:
            return ox.Literal(value, language=language)
        if datatype:
            node = _named_node(datatype)
            if node is None:
                raise InputError(f"unknown datatype {datatype} in {text!r} (use <IRI> or a known prefix such as xsd:)")
            return _canonical(ox.Literal(value, datatype=node))
        return ox.Literal(value)
    try:
        node = _named_node(stripped)
    except InputError:  # not a valid IRI, but it may be an entity's name ("<script>", "a: b")
        iri = names(stripped) if names is not None else None
        if iri is None:
            raise
        return ox.NamedNode(iri)
    if node is not None:
        return node
    if re.fullmatch(r"[+-]?\d+", stripped):
        return _canonical(ox.Literal(stripped, datatype=ox.NamedNode(_XSD + "integer")))
    if re.fullmatch(r"[+-]?\d*\.\d+", stripped):
        return _canonical(ox.Literal(stripped, datatype=ox.NamedNode(_XSD + "decimal")))
    if stripped in ("true", "false"):
        return ox.Literal(stripped, datatype=ox.NamedNode(_XSD + "boolean"))
    if names is not None and stripped:
        iri = names(stripped)
        if iri is not None:
            return ox.NamedNode(iri)
    return ox.Literal(text)


def parse_params(items: list[str] | None) -> dict[str, str]:
    """``["drug=Klonopin", "?n=5"]`` -> ``{"drug": "Klonopin", "n": "5"}``; one-line errors.

    >>> parse_params(["?drug=dk:clonazepam", "n = 5"])
    {'drug': 'dk:clonazepam', 'n': ' 5'}
    """
    params: dict[str, str] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not _VARIABLE_NAME.match(name):
            raise InputError(f"--param {item!r}: expected NAME=VALUE with NAME a SPARQL variable name")
        if name in params:
            raise InputError(f"--param {name} is given twice")
        params[name] = value
    return params


def values_clause(bindings: Mapping[str, Term]) -> str:
    """A trailing ``VALUES`` block binding each variable to one term, in N-Triples term syntax.

    The terms are serialised by pyoxigraph (escaped), so no value can end the block early.
    """
    if not bindings:
        return ""
    for name, term in bindings.items():
        if not _VARIABLE_NAME.match(name):
            raise InputError(f"not a SPARQL variable name: {name!r}")
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise InputError(f"?{name}: only IRIs and literals can be sent as parameters, not {term}")
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def _closing_brace(masked: str, opening: int) -> int | None:
    """Index of the ``}`` closing the ``{`` at ``opening`` in masked text, or None."""
    depth = 0
    for index in range(opening, len(masked)):
        depth += {"{": 1, "}": -1}.get(masked[index], 0)
        if depth == 0:
            return index
    return None


@functools.lru_cache(maxsize=256)
def _values_position(text: str, form: str) -> int | None:
    """:func:`_where_brace` of ``text`` masked (the package's fixed queries ask it again and again)."""
    return _where_brace(mask(text), form)


def _where_brace(masked: str, form: str) -> int | None:
    """Index of the ``{`` opening the outer WHERE group in masked query text, or None."""
    first = masked.find("{")
    if first < 0:
        return None
    if form != "graph" or not re.search(r"(?<![\w?$:])CONSTRUCT(?![\w:-])", masked[:first], re.IGNORECASE):
        return first
    if _CONSTRUCT_WHERE.search(masked):
        return None  # the short form: its one group is also the template, where VALUES cannot go
    closing = _closing_brace(masked, first)
    found = masked.find("{", closing + 1) if closing is not None else -1
    return found if found >= 0 else None


def with_values(text: str, bindings: Mapping[str, Term], form: str = "select") -> str:
    """``text`` with the parameters as a ``VALUES`` block opening its WHERE group.

    Inside the group the block joins before anything else, like a binding made by the engine
    locally. A trailing ``VALUES`` (after the WHERE group) should mean the same, but Virtuoso 7
    does not join it with a group holding a ``BIND``: it returns the cross product. Where no
    WHERE group can be found (``CONSTRUCT WHERE {...}``), the block goes after the query.

    >>> print(with_values("SELECT ?d WHERE { ?d ?p ?o }", {"d": ox.NamedNode("http://x/a")}))
    SELECT ?d WHERE { VALUES (?d) { (<http://x/a>) }
     ?d ?p ?o }
    >>> print(with_values("CONSTRUCT { ?d ?p '}' } { ?d ?p ?o }", {"d": ox.NamedNode("http://x/a")}, "graph"))
    CONSTRUCT { ?d ?p '}' } { VALUES (?d) { (<http://x/a>) }
     ?d ?p ?o }
    """
    if not bindings:
        return text
    block = values_clause(bindings)
    brace = _values_position(text, form)
    if brace is None:
        return f"{text}\n{block}\n"
    return f"{text[: brace + 1]} {block}\n{text[brace + 1 :]}"


def construct_as_select(text: str) -> tuple[str, str, str] | None:
    """A CONSTRUCT as the SELECT of its solutions: ``(prologue, template, select)``, or None for
    other text. Every variable of the WHERE clause is selected; the template, applied to the rows,
    gives the CONSTRUCT's triples (a SELECT can be fetched in pages where a server cuts answers).

    >>> construct_as_select("PREFIX a: <http://a/> CONSTRUCT { ?x a:p '}' } WHERE { ?x a:q ?y } LIMIT 5")
    ('PREFIX a: <http://a/> ', " ?x a:p '}' ", 'PREFIX a: <http://a/> SELECT * WHERE { ?x a:q ?y } LIMIT 5')
    >>> construct_as_select("CONSTRUCT WHERE { ?x ?p ?o }")
    ('', ' ?x ?p ?o ', 'SELECT * WHERE { ?x ?p ?o }')
    """
    masked = mask(text)
    keyword = _PROLOGUE.match(masked)
    if keyword is None or keyword.group(1).upper() != "CONSTRUCT":
        return None
    prologue, rest = text[: keyword.start(1)], text[keyword.end(1) :]
    masked_rest = masked[keyword.end(1) :]
    opening = masked_rest.find("{")
    if opening < 0:
        return None
    closing = _closing_brace(masked_rest, opening)
    if closing is None:
        return None
    if masked_rest[:opening].strip():  # CONSTRUCT WHERE { pattern }: the pattern is the template
        return prologue, rest[opening + 1 : closing], f"{prologue}SELECT *{rest}"
    return prologue, rest[opening + 1 : closing], f"{prologue}SELECT *{rest[closing + 1 :]}"


def reads_named_graphs(text: str) -> bool:
    """Whether the query matches inside named graphs (a ``GRAPH`` pattern).

    >>> reads_named_graphs("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"), reads_named_graphs('ASK { ?s ?p "GRAPH" }')
    (True, False)
    """
    return bool(_GRAPH.search(mask(text)))


def names_dataset(text: str) -> bool:
    """Whether the query names its own dataset (``FROM`` or ``FROM NAMED``).

    >>> names_dataset("SELECT * FROM <http://x/g> { ?s ?p ?o }"), names_dataset('ASK { ?s ?p "FROM" }')
    (True, False)
    """
    return bool(_FROM.search(mask(text)))
