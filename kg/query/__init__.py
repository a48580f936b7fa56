"""Querying: SPARQL text checks, the named-query library, the local store and its worker, results.

- :mod:`kg.query.text`: read-only checks of query text, parameter terms, ``VALUES`` blocks;
- :mod:`kg.query.library`: the named competency questions of ``queries/`` and the quality checks;
- :mod:`kg.query.engine`: the package's own fixed SELECTs on an Oxigraph store, with bindings;
- :mod:`kg.query.service`: what the local store and a remote endpoint both offer;
- :mod:`kg.query.local`: the embedded store (:class:`~kg.query.local.LocalStore`) with deadlines;
- :mod:`kg.query.worker`: the forked worker process that runs a query with a deadline;
- :mod:`kg.query.results`: query results and their output formats;
- :mod:`kg.query.limits`: default limits and formats (imports nothing heavy, for ``--help``).

This package's ``__init__`` imports nothing, so ``kg.query.limits`` stays cheap.
"""
