"""SPARQL servers: querying a remote endpoint, pushing the graph into one, running Oxigraph locally.

- :mod:`kg.remote.endpoint`: the :class:`~kg.query.service.QueryService` of a SPARQL 1.1 endpoint
  (SPARQLWrapper), credentials and errors;
- :mod:`kg.remote.push`: loading the graph through the Graph Store Protocol or SPARQL Update;
- :mod:`kg.remote.server`: ``oxigraph serve`` started and stopped for ``drugkg serve`` and tests.
"""
