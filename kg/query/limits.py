"""Query limits and result formats, in a module that imports nothing heavy (for ``--help``)."""

from __future__ import annotations

__all__ = ["DEFAULT_MAX_ROWS", "DEFAULT_TIMEOUT", "FORMATS"]

#: Seconds a query may run by default before it is stopped.
DEFAULT_TIMEOUT = 30.0
#: Rows (or triples) a result may hold by default.
DEFAULT_MAX_ROWS = 100_000
#: Output formats of ``drugkg query``; CONSTRUCT and DESCRIBE results use turtle or ntriples.
FORMATS = ("table", "csv", "tsv", "json", "turtle", "ntriples")
