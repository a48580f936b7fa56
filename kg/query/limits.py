"""Limits of queries and requests, and result formats, defined once in a module that imports nothing
heavy (for ``--help``); the embedded store, remote endpoints, push and the commands read them here."""

from __future__ import annotations

__all__ = ["DEFAULT_MAX_ROWS", "DEFAULT_PUSH_TIMEOUT", "DEFAULT_TIMEOUT", "FORMATS"]

#: Seconds a query may run by default before it is stopped.
DEFAULT_TIMEOUT = 30.0
#: Seconds each request of a push may take by default.
DEFAULT_PUSH_TIMEOUT = 60.0
#: Rows (or triples) a result may hold by default.
DEFAULT_MAX_ROWS = 100_000
#: Output formats of ``drugkg query``; CONSTRUCT and DESCRIBE results use turtle or ntriples.
FORMATS = ("table", "csv", "tsv", "json", "turtle", "ntriples")
