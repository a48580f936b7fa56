"""SPARQL servers: querying a remote endpoint, pushing the graph into one, running Oxigraph locally.

- :mod:`kg.remote.endpoint`: SPARQL 1.1 Protocol queries (SPARQLWrapper), credentials and errors;
- :mod:`kg.remote.push`: loading the graph through the Graph Store Protocol or SPARQL Update;
- :mod:`kg.remote.server`: ``oxigraph serve`` started and stopped for ``drugkg serve`` and tests.
"""
