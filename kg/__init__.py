"""drugkg: a knowledge graph of drugs, drug classes, their effects and the treatments they belong to.

The package builds an RDF dataset from curated facts (``kg/data/facts.trig``) and the
vocabulary (``ontology/drugkg.ttl``), validates it with SHACL, reasons over it with named
SPARQL rules, and serves it through an embedded Oxigraph store.

>>> from kg.namespaces import DKV
>>> str(DKV.treats)
'https://w3id.org/drugkg/vocab/treats'
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
