"""drugkg: a knowledge graph of drugs, drug classes, their effects and the treatments they belong to.

The package builds an RDF dataset from the vocabulary (``ontology/drugkg.ttl``) and the
curated facts (``kg/data/*.trig``, one named graph per source section), reasons over it with
the named SPARQL rules of ``kg/compile/rules/``, validates it with SHACL, and answers queries
through an embedded Oxigraph store. See ``docs/architecture.md`` for the module map.

>>> from kg.namespaces import DKV
>>> str(DKV.treats)
'https://w3id.org/drugkg/vocab/treats'
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
