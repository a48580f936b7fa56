"""The library of named SPARQL queries in ``queries/`` and what ``drugkg query QUERY`` accepts.

Each ``queries/NAME.rq`` starts with a header of comment lines::

    # Question: What treats a condition, and is it first-line?
    # Returns: ?condition ?treatment ?treatmentLabel ?firstLine
    # Parameters: ?condition (default dk:depression)

A parameter with a default is bound to it unless the user gives another value; one without a
default (``?class (optional)``) is left free. Quality checks live in ``queries/checks/`` and
are named ``checks/NAME``.

>>> query = load_query("first-line-treatments")
>>> query.question
'Which treatments are first-line for a condition (clinical depression by default)?'
>>> query.defaults
{'condition': 'dk:depression'}
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.paths import QUALITY_CHECKS_DIR, QUERIES_DIR

__all__ = [
    "QUALITY_CHECKS_PREFIX",
    "NamedQuery",
    "is_library_query",
    "load_query",
    "named_queries",
    "quality_checks",
    "resolve_query",
]

QUALITY_CHECKS_PREFIX = "checks/"
_HEADER = re.compile(r"^#\s*(Question|Returns|Parameters):\s*(.*?)\s*$", re.MULTILINE)
_PARAMETER = re.compile(r"\?([A-Za-z_][A-Za-z0-9_]*)(?:\s*\(([^)]*)\))?")
_NAME = re.compile(r"^(checks/)?[A-Za-z0-9][\w.-]*$")


@dataclass(frozen=True)
class NamedQuery:
    """A query with its header: the question it answers, what it returns, its parameters."""

    name: str
    text: str
    question: str = ""
    returns: tuple[str, ...] = ()
    parameters: dict[str, str | None] = field(default_factory=dict)
    path: Path | None = None

    @property
    def defaults(self) -> dict[str, str]:
        """Parameters that have a default value, as written in the header."""
        return {name: value for name, value in self.parameters.items() if value is not None}


def _parameters(spec: str) -> dict[str, str | None]:
    parameters: dict[str, str | None] = {}
    for name, note in _PARAMETER.findall(spec):
        default = re.match(r"\s*default\s+(.+?)\s*$", note or "")
        parameters[name] = default.group(1) if default else None
    return parameters


def parse_query_file(path: Path, name: str | None = None) -> NamedQuery:
    """Read a ``.rq`` file and its header."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the query: {error}") from None
    return from_text(text, name or path.stem, path)


def from_text(text: str, name: str = "query", path: Path | None = None) -> NamedQuery:
    """A query from its text; the header comments, if any, give its question and parameters."""
    header: dict[str, str] = {}
    for key, value in _HEADER.findall(text):
        header.setdefault(key, value)
    returns = tuple(re.findall(r"\?([A-Za-z_][A-Za-z0-9_]*)", header.get("Returns", "")))
    return NamedQuery(
        name=name,
        text=text,
        question=header.get("Question", ""),
        returns=returns,
        parameters=_parameters(header.get("Parameters", "")),
        path=path,
    )


def named_queries(queries_dir: Path = QUERIES_DIR) -> list[NamedQuery]:
    """The competency questions, sorted by name."""
    return [parse_query_file(path) for path in sorted(queries_dir.glob("*.rq"))]


def quality_checks(checks_dir: Path = QUALITY_CHECKS_DIR) -> list[NamedQuery]:
    """The quality checks (``*-violation.rq``): each must return no rows."""
    return [
        parse_query_file(path, QUALITY_CHECKS_PREFIX + path.stem) for path in sorted(checks_dir.glob("*-violation.rq"))
    ]


def is_library_query(query: NamedQuery) -> bool:
    """Whether ``query`` is one of the named queries or quality checks of the package (read from its files).

    >>> is_library_query(load_query("what-treats")), is_library_query(from_text("ASK {}"))
    (True, False)
    """
    if query.path is None:
        return False
    folder = query.path.resolve().parent
    return folder in (QUERIES_DIR.resolve(), QUALITY_CHECKS_DIR.resolve())


def load_query(name: str) -> NamedQuery:
    """A named query (``what-treats``, ``checks/...``); unknown names list the close ones."""
    stem = name.removesuffix(".rq")
    folder, short = (
        (QUALITY_CHECKS_DIR, stem.removeprefix(QUALITY_CHECKS_PREFIX))
        if stem.startswith(QUALITY_CHECKS_PREFIX)
        else (QUERIES_DIR, stem)
    )
    path = folder / f"{short}.rq"
    if "/" not in short and path.is_file():
        return parse_query_file(path, stem)
    known = [q.name for q in named_queries()] + [q.name for q in quality_checks()]
    close = difflib.get_close_matches(stem, known, n=5, cutoff=0.5)
    hint = f"; close names: {', '.join(close)}" if close else "; `drugkg queries` lists them"
    raise InputError(f"no named query {stem!r}{hint}")


def _as_library_query(query: NamedQuery) -> NamedQuery:
    """A file holding a named query word for word (a copy of ``queries/NAME.rq``, from a checkout or
    another install) is that named query: the same name, and the same dataset on an endpoint."""
    if is_library_query(query) or query.path is None:
        return query
    for name in (query.name, QUALITY_CHECKS_PREFIX + query.name):
        try:
            library = load_query(name)
        except InputError:
            continue
        if library.text == query.text:
            return library
    return query


def _is_file(path: Path) -> bool:
    """Whether ``path`` names a file; text that cannot be a file name (too long) names none."""
    try:
        return path.is_file()
    except OSError:  # ENAMETOOLONG: a line of SPARQL text, not a path
        return False


def resolve_query(spec: str) -> NamedQuery:
    """What ``drugkg query QUERY`` means by QUERY: a file, a named query, or SPARQL text."""
    if not spec.strip():
        raise InputError("empty query")
    if "\n" not in spec and len(spec) < 4096:
        path = Path(spec).expanduser()
        if _is_file(path):
            return _as_library_query(parse_query_file(path))
        if (
            spec.endswith((".rq", ".sparql"))
            and ("/" in spec or "\\" in spec)
            and not spec.startswith(QUALITY_CHECKS_PREFIX)
        ):
            raise InputError(f"{spec}: no such file")
        if _NAME.match(spec):
            return load_query(spec)
    return from_text(spec)
